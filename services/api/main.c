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
#include "vg_config.h"
#include "vg_log.h"
#include "vg_rules.h"

static const char s_usage[] =
    "usage: vigie-api [--data DIR | --db PATH...] [--port N] [--bind ADDR] [--ui DIR]\n"
    "                 [--threads N] [--auth-reads] [--cors-origin ORIGIN] [--verbose]\n"
    "  --data DIR     data directory; the index is DIR/index         (VIGIE_DATA)\n"
    "  --db PATH      a Xapian database; repeat for shards (wins over --data)\n"
    "  --port N       TCP port, 0 = any free port (default 8080)      (VIGIE_API_PORT)\n"
    "  --bind ADDR    IPv4/IPv6 literal (default 127.0.0.1)           (VIGIE_API_BIND)\n"
    "  --ui DIR       static UI directory                             (VIGIE_UI_DIR)\n"
    "  --catalogue DIR rule catalogue served at /api/v1/rules         (VIGIE_CATALOGUE)\n"
    "  --threads N    server threads (default 4)                      (VIGIE_API_THREADS)\n"
    "  --auth-reads   reads need a reader token too (default: open)   (VIGIE_AUTH_READS=1)\n"
    "  --cors-origin O  CORS headers for this one origin (default none) (VIGIE_CORS_ORIGIN)\n"
    "  --tokens PATH  token store (default DIR/tokens.sqlite)         (VIGIE_TOKENS)\n"
    "  --audit PATH   audit log (default DIR/audit.jsonl)             (VIGIE_AUDIT)\n"
    "  --review-ep EP indexer review socket (default ipc://DIR/run/review.sock) (VIGIE_REVIEW_EP)\n"
    "  --broker-ep EP ingest client socket for /metrics (default ipc://DIR/run/clients.sock)\n"
    "                 (VIGIE_INGEST_CLIENTS)\n"
    "  --review-timeout MS  wait for the indexer at most MS ms (default 5000)\n"
    "  --routes       print the route table (JSON) and exit\n"
    "  --verbose      one log line per request (token id and name, never the token)\n";

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
  if ((env = getenv("VIGIE_AUTH_READS")) && *env) {
    if (strcmp(env, "1") && strcmp(env, "0")) {
      fprintf(stderr, "vigie-api: VIGIE_AUTH_READS must be 0 or 1\n");
      return 2;
    }
    cfg.auth_reads = !strcmp(env, "1");
  }
  if ((env = getenv("VIGIE_CORS_ORIGIN")) && *env) cfg.cors_origin = env;
  const char *tokens = getenv("VIGIE_TOKENS"), *audit = getenv("VIGIE_AUDIT"),
             *review_ep = getenv("VIGIE_REVIEW_EP"), *broker_ep = getenv("VIGIE_INGEST_CLIENTS");
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
    } else if (!strcmp(a, "--auth-reads")) {
      cfg.auth_reads = 1;
      continue;
    } else if (!strcmp(a, "--routes")) {
      json_t *routes = vg_api_routes();
      char *txt = json_dumps(routes, JSON_INDENT(1));
      json_decref(routes);
      if (txt) puts(txt);
      free(txt);
      return txt ? 0 : 1;
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
    } else if (!strcmp(a, "--cors-origin")) {
      cfg.cors_origin = v;
    } else if (!strcmp(a, "--tokens")) {
      tokens = v;
    } else if (!strcmp(a, "--audit")) {
      audit = v;
    } else if (!strcmp(a, "--review-ep")) {
      review_ep = v;
    } else if (!strcmp(a, "--broker-ep")) {
      broker_ep = v;
    } else if (!strcmp(a, "--review-timeout")) {
      bad = s_uint(v, 600000, &cfg.review_timeout_ms) || cfg.review_timeout_ms == 0;
    } else {
      bad = 1;
    }
    if (bad) {
      fprintf(stderr, "vigie-api: bad argument '%s'\n%s", a, s_usage);
      return 2;
    }
    i++;
  }
  /* the data directory also locates the token store, the audit log and the sockets */
  vg_paths_t paths; /* lent to the server, which main outlives */
  vg_err_t perr = {{0}};
  if (data && *data) {
    if (vg_paths_resolve(&paths, data, NULL, NULL, NULL, &perr) != VG_OK) {
      fprintf(stderr, "vigie-api: %s\n", perr.msg);
      return 2;
    }
    cfg.tokens_path = paths.tokens_path;
    cfg.audit_path = paths.audit_path;
    cfg.review_ep = paths.review_ep;
    cfg.broker_ep = paths.clients_ep;
  }
  if (tokens && *tokens) cfg.tokens_path = tokens;
  if (audit && *audit) cfg.audit_path = audit;
  if (review_ep && *review_ep) cfg.review_ep = review_ep;
  if (broker_ep && *broker_ep) cfg.broker_ep = broker_ep;
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
  vg_log(&log, VG_LOG_INFO, NULL, "serving '%s'%s, ui '%s', %u threads, reads %s, cors %s, tokens '%s'",
         cfg.db_paths[0], cfg.ndb > 1 ? " and more shards" : "", cfg.ui_dir ? cfg.ui_dir : "",
         cfg.threads, cfg.auth_reads ? "need a token" : "open",
         cfg.cors_origin ? cfg.cors_origin : "off", cfg.tokens_path ? cfg.tokens_path : "(none)");
  int sig = vg_api_server_run(srv, &stop);
  vg_log(&log, VG_LOG_INFO, NULL, "stopping on signal %d", sig);
  vg_api_server_destroy(&srv);
  json_decref(catalogue);
  return 0;
}
