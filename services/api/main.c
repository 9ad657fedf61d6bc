/* main.c: vigie-api entry point.
 *
 * For: argv and VIGIE_* environment -> vg_api_config_t (flags win over the environment),
 * signal setup, then new -> run -> destroy. The only place that exits.
 * Not for: any HTTP or index logic (vg_api_server.c, vg_api_routes.c). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_server.h"
#include "vg_rules.h"
#include "vg_log.h"

static const char s_usage[] =
    "usage: vigie-api [--data DIR | --db PATH...] [--port N] [--bind ADDR] [--ui DIR]\n"
    "                 [--threads N] [--verbose]\n"
    "  --data DIR     data directory; the index is DIR/index         (VIGIE_DATA)\n"
    "  --db PATH      a Xapian database; repeat for shards (wins over --data)\n"
    "  --port N       TCP port, 0 = any free port (default 8080)      (VIGIE_API_PORT)\n"
    "  --bind ADDR    IPv4/IPv6 literal (default 127.0.0.1)           (VIGIE_API_BIND)\n"
    "  --ui DIR       static UI directory                             (VIGIE_UI_DIR)\n"
    "  --catalogue DIR rule catalogue served at /api/v1/rules         (VIGIE_CATALOGUE)\n"
    "  --threads N    server threads (default 4)                      (VIGIE_API_THREADS)\n"
    "  --verbose      one log line per request\n";

/* Strict unsigned parse (no atoi): whole string, base 10, <= max. */
static int s_uint(const char *s, unsigned max, unsigned *out) {
  if (!s || !*s) return -1;
  char *end = NULL;
  errno = 0;
  unsigned long v = strtoul(s, &end, 10);
  if (errno || *end || v > max || s[0] == '-') return -1;
  *out = (unsigned)v;
  return 0;
}

int main(int argc, char **argv) {
  vg_log_t log = {"api", VG_LOG_INFO};
  vg_api_config_t cfg;
  vg_api_config_defaults(&cfg);
  const char *data = getenv("VIGIE_DATA");
  const char *env, *catalogue_dir = VIGIE_DEFAULT_CATALOGUE;
  if ((env = getenv("VIGIE_CATALOGUE")) && *env) catalogue_dir = env;
  if ((env = getenv("VIGIE_API_BIND")) && *env) cfg.bind = env;
  if ((env = getenv("VIGIE_UI_DIR")) && *env) cfg.ui_dir = env;
  if ((env = getenv("VIGIE_API_PORT")) && *env && s_uint(env, 65535, &cfg.port)) {
    fprintf(stderr, "vigie-api: VIGIE_API_PORT '%s' is not a port number\n", env);
    return 2;
  }
  if ((env = getenv("VIGIE_API_THREADS")) && *env && s_uint(env, 256, &cfg.threads)) {
    fprintf(stderr, "vigie-api: VIGIE_API_THREADS '%s' is not a thread count\n", env);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    int bad = 0;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(s_usage, stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("vigie-api %s\n", VIGIE_VERSION);
      return 0;
    } else if (!strcmp(a, "--verbose")) {
      cfg.verbose = 1;
      continue;
    } else if (!v) {
      bad = 1;
    } else if (!strcmp(a, "--data")) {
      data = v;
    } else if (!strcmp(a, "--db")) {
      if (cfg.ndb == VG_API_MAX_SHARDS) {
        fprintf(stderr, "vigie-api: at most %d --db\n", VG_API_MAX_SHARDS);
        return 2;
      }
      cfg.db_paths[cfg.ndb++] = v;
    } else if (!strcmp(a, "--port")) {
      bad = s_uint(v, 65535, &cfg.port);
    } else if (!strcmp(a, "--bind")) {
      cfg.bind = v;
    } else if (!strcmp(a, "--ui")) {
      cfg.ui_dir = v;
    } else if (!strcmp(a, "--catalogue")) {
      catalogue_dir = v;
    } else if (!strcmp(a, "--threads")) {
      bad = s_uint(v, 256, &cfg.threads) || cfg.threads == 0;
    } else {
      bad = 1;
    }
    if (bad) {
      fprintf(stderr, "vigie-api: bad argument '%s'\n%s", a, s_usage);
      return 2;
    }
    i++;
  }
  char index_path[PATH_MAX];
  if (cfg.ndb == 0) {
    if (!data || !*data) {
      fprintf(stderr, "vigie-api: no database: give --data DIR (or VIGIE_DATA) or --db PATH\n");
      return 2;
    }
    int n = snprintf(index_path, sizeof index_path, "%s/index", data);
    if (n < 0 || (size_t)n >= sizeof index_path) {
      fprintf(stderr, "vigie-api: data path too long\n");
      return 2;
    }
    cfg.db_paths[cfg.ndb++] = index_path;
  }

  /* Block the stop signals before any thread exists so that every MHD thread inherits the
   * mask and only sigwait() in vg_api_server_run() receives them. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  vg_err_t err = {{0}};
  /* The catalogue is served as data (GET /api/v1/rules); without it search still works. */
  vg_catalogue_t *cat = vg_catalogue_load(catalogue_dir, &err);
  json_t *catalogue = cat ? vg_catalogue_to_json(cat) : NULL;
  vg_catalogue_destroy(&cat);
  if (!catalogue) vg_log(&log, VG_LOG_WARN, NULL, "no rule catalogue: %s", err.msg);
  cfg.catalogue = catalogue;
  vg_api_server_t *srv = vg_api_server_new(&cfg, &err);
  if (!srv) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot start: %s", err.msg);
    json_decref(catalogue);
    return 1;
  }
  const char *shown = cfg.bind;
  printf("vigie-api listening on http://%s%s%s:%u\n", strchr(shown, ':') ? "[" : "", shown,
         strchr(shown, ':') ? "]" : "", vg_api_server_port(srv));
  fflush(stdout);
  vg_log(&log, VG_LOG_INFO, NULL, "serving '%s'%s, ui '%s', %u threads", cfg.db_paths[0],
         cfg.ndb > 1 ? " and more shards" : "", cfg.ui_dir ? cfg.ui_dir : "", cfg.threads);
  int sig = vg_api_server_run(srv, &stop);
  vg_log(&log, VG_LOG_INFO, NULL, "stopping on signal %d", sig);
  vg_api_server_destroy(&srv);
  json_decref(catalogue);
  return 0;
}
