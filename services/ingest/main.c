/* vigie-ingest: the broker process. Takes documents from `vigie ingest` clients, keeps them
 * in the durable journal, hands them to vigie-analyse workers and marks them done when the
 * indexer has committed them. argv/env -> config -> new -> run -> destroy.
 *
 *   vigie-ingest [--data DIR] [--clients EP] [--workers EP] [--acks EP] [--max-doc-mb N]
 * Environment: VIGIE_DATA, VIGIE_INGEST_CLIENTS, VIGIE_INGEST_WORKERS, VIGIE_INGEST_ACKS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "vg_broker.h"
#include "vg_config.h"
#include "vg_file.h"
#include "vg_signal.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie-ingest [--data DIR] [--clients EP] [--workers EP] [--acks EP] [--max-doc-mb N]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *data = NULL, *clients = getenv("VIGIE_INGEST_CLIENTS"),
             *workers = getenv("VIGIE_INGEST_WORKERS"), *acks = getenv("VIGIE_INGEST_ACKS");
  long max_mb = 64;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return s_usage();
    if (!strcmp(a, "--data")) data = v;
    else if (!strcmp(a, "--clients")) clients = v;
    else if (!strcmp(a, "--workers")) workers = v;
    else if (!strcmp(a, "--acks")) acks = v;
    else if (!strcmp(a, "--max-doc-mb")) { if (vg_parse_long(v, 1, 1024, &max_mb)) return s_usage(); }
    else return s_usage();
    i++;
  }
  vg_log_t log = {"ingest", VG_LOG_INFO};
  vg_paths_t p;
  vg_err_t err = {{0}};
  if (vg_paths_resolve(&p, data, getenv("VIGIE_DATA"), getenv("XDG_DATA_HOME"), getenv("HOME"), &err)) {
    vg_log(&log, VG_LOG_ERROR, NULL, "bad data directory: %s", err.msg);
    return 1;
  }
  vg_paths_override(p.clients_ep, clients);
  vg_paths_override(p.workers_ep, workers);
  vg_paths_override(p.acks_ep, acks);
  if (vg_mkdirs(p.run_dir)) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot create '%s'", p.run_dir);
    return 1;
  }
  int stop_fd = vg_signal_stop_fd();
  void *ctx = zmq_ctx_new();
  vg_broker_config_t cfg = {
      .clients_endpoint = p.clients_ep, .workers_endpoint = p.workers_ep, .acks_endpoint = p.acks_ep,
      .journal_path = p.journal_path, .dead_letter_path = p.dead_letter_path,
      .max_doc_bytes = (size_t)max_mb * 1024 * 1024, .heartbeat_ms = 1000, .liveness = 3,
      .job_timeout_ms = 120000, .commit_timeout_ms = 60000, .max_attempts = 3, .log = &log};
  vg_broker_t *b = vg_broker_new(ctx, &cfg, &err);
  if (!b) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot start: %s", err.msg);
    zmq_ctx_term(ctx);
    return 1;
  }
  vg_log(&log, VG_LOG_INFO, NULL, "listening clients=%s workers=%s acks=%s", p.clients_ep,
         p.workers_ep, p.acks_ep);
  int rc = vg_broker_run(b, stop_fd, &err);
  if (rc) vg_log(&log, VG_LOG_ERROR, NULL, "stopped on error: %s", err.msg);
  else vg_log(&log, VG_LOG_INFO, NULL, "stopped");
  vg_broker_destroy(&b);
  zmq_ctx_term(ctx);
  close(stop_fd);
  return rc ? 1 : 0;
}
