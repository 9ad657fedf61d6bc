/* vigie-analyse: one analysis worker. argv/env -> config -> analyser + worker loop.
 *
 *   vigie-analyse [--data DIR] [--name NAME] [--broker EP] [--indexer EP]
 *                 [--model PATH] [--catalogue DIR] [--low-confidence P]
 * Environment: VIGIE_DATA, VIGIE_INGEST_WORKERS, VIGIE_INDEXER_LISTEN, VIGIE_MODEL,
 * VIGIE_CATALOGUE. Run as many as there are cores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "vg_config.h"
#include "vg_signal.h"
#include "vg_worker.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie-analyse [--data DIR] [--name NAME] [--broker EP] [--indexer EP] "
          "[--model PATH] [--catalogue DIR] [--low-confidence P]\n");
  return 2;
}

static const char *s_env_or(const char *name, const char *dflt) {
  const char *v = getenv(name);
  return v && *v ? v : dflt;
}

int main(int argc, char **argv) {
  const char *data = NULL, *broker = getenv("VIGIE_INGEST_WORKERS"),
             *indexer = getenv("VIGIE_INDEXER_LISTEN");
  const char *model = s_env_or("VIGIE_MODEL", VIGIE_DEFAULT_MODELS "/clause.ftz");
  const char *catalogue = s_env_or("VIGIE_CATALOGUE", VIGIE_DEFAULT_CATALOGUE);
  /* Default name: unique per host and process (containers all run as pid 1). */
  char host[64] = "local", defname[96];
  gethostname(host, sizeof host - 1);
  snprintf(defname, sizeof defname, "analyse-%s-%ld", host, (long)getpid());
  const char *name = defname;
  double low = -1; /* from the model card */
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return s_usage();
    if (!strcmp(a, "--data")) data = v;
    else if (!strcmp(a, "--name")) name = v;
    else if (!strcmp(a, "--broker")) broker = v;
    else if (!strcmp(a, "--indexer")) indexer = v;
    else if (!strcmp(a, "--model")) model = v;
    else if (!strcmp(a, "--catalogue")) catalogue = v;
    else if (!strcmp(a, "--low-confidence")) {
      char *end = NULL;
      low = strtod(v, &end);
      if (!end || *end || low < 0 || low > 1) return s_usage();
    } else return s_usage();
    i++;
  }
  vg_log_t log = {"analyse", VG_LOG_INFO};
  vg_paths_t p;
  vg_err_t err = {{0}};
  if (vg_paths_resolve(&p, data, getenv("VIGIE_DATA"), getenv("XDG_DATA_HOME"), getenv("HOME"), &err)) {
    vg_log(&log, VG_LOG_ERROR, NULL, "bad data directory: %s", err.msg);
    return 1;
  }
  vg_paths_override(p.workers_ep, broker);
  vg_paths_override(p.index_ep, indexer);
  vg_analyser_config_t acfg = {.model_path = model, .low_confidence = low,
                               .catalogue_dir = catalogue, .worker = name};
  vg_analyser_t *an = vg_analyser_new(&acfg, &err);
  if (!an) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot start: %s", err.msg);
    return 1;
  }
  vg_log(&log, VG_LOG_INFO, NULL, "worker '%s' model=%s catalogue=%s broker=%s indexer=%s", name,
         model, catalogue, p.workers_ep, p.index_ep);
  int stop_fd = vg_signal_stop_fd();
  void *ctx = zmq_ctx_new();
  vg_worker_config_t wcfg = {.name = name, .broker_endpoint = p.workers_ep,
                             .index_endpoint = p.index_ep, .heartbeat_ms = 1000, .liveness = 3,
                             .log = &log};
  int rc = vg_worker_run(ctx, &wcfg, an, stop_fd, &err);
  if (rc) vg_log(&log, VG_LOG_ERROR, NULL, "stopped on error: %s", err.msg);
  vg_analyser_destroy(&an);
  zmq_ctx_term(ctx);
  close(stop_fd);
  return rc ? 1 : 0;
}
