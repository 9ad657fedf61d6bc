/* vigie-indexer: the one writer of a Xapian database. argv/env -> config -> new -> run.
 *
 *   vigie-indexer [--data DIR] [--db PATH] [--listen EP] [--acks EP] [--batch N] [--batch-ms MS]
 *                 [--review EP|none] [--audit PATH]
 * Environment: VIGIE_DATA, VIGIE_INDEXER_LISTEN, VIGIE_INGEST_ACKS, VIGIE_INDEXER_REVIEW.
 * --review: the ROUTER for review actions (default ipc://DATA/run/review.sock; "none": no
 * reviews). --audit: the audit log (default DATA/audit.jsonl).
 * Several indexers (one per shard) run with distinct --db and --listen (and --review). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "vg_config.h"
#include "vg_file.h"
#include "vg_indexer.h"
#include "vg_signal.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie-indexer [--data DIR] [--db PATH] [--listen EP] [--acks EP] [--batch N] "
          "[--batch-ms MS] [--review EP|none] [--audit PATH]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *data = NULL, *db = NULL, *listen = getenv("VIGIE_INDEXER_LISTEN"),
             *acks = getenv("VIGIE_INGEST_ACKS"), *review = getenv("VIGIE_INDEXER_REVIEW"),
             *audit = NULL;
  long batch = 500, batch_ms = 300;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return s_usage();
    if (!strcmp(a, "--data")) data = v;
    else if (!strcmp(a, "--db")) db = v;
    else if (!strcmp(a, "--listen")) listen = v;
    else if (!strcmp(a, "--acks")) acks = v;
    else if (!strcmp(a, "--review")) review = v;
    else if (!strcmp(a, "--audit")) audit = v;
    else if (!strcmp(a, "--batch")) { if (vg_parse_long(v, 1, 100000, &batch)) return s_usage(); }
    else if (!strcmp(a, "--batch-ms")) { if (vg_parse_long(v, 1, 600000, &batch_ms)) return s_usage(); }
    else return s_usage();
    i++;
  }
  vg_log_t log = {"indexer", VG_LOG_INFO};
  vg_paths_t p;
  vg_err_t err = {{0}};
  if (vg_paths_resolve(&p, data, getenv("VIGIE_DATA"), getenv("XDG_DATA_HOME"), getenv("HOME"), &err)) {
    vg_log(&log, VG_LOG_ERROR, NULL, "bad data directory: %s", err.msg);
    return 1;
  }
  vg_paths_override(p.index_ep, listen);
  vg_paths_override(p.acks_ep, acks);
  if (db) snprintf(p.index_dir, sizeof p.index_dir, "%s", db);
  if (audit) snprintf(p.audit_path, sizeof p.audit_path, "%s", audit);
  int reviews = !(review && !strcmp(review, "none"));
  if (reviews) vg_paths_override(p.review_ep, review);
  if (vg_mkdirs(p.run_dir)) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot create '%s'", p.run_dir);
    return 1;
  }
  int stop_fd = vg_signal_stop_fd();
  void *ctx = zmq_ctx_new();
  vg_indexer_config_t cfg = {.db_path = p.index_dir, .index_endpoint = p.index_ep,
                             .acks_endpoint = p.acks_ep, .batch_docs = (size_t)batch,
                             .batch_ms = (int)batch_ms, .log = &log,
                             .review_endpoint = reviews ? p.review_ep : NULL,
                             .audit_path = p.audit_path};
  vg_indexer_t *ix = vg_indexer_new(ctx, &cfg, &err);
  if (!ix) {
    vg_log(&log, VG_LOG_ERROR, NULL, "cannot start: %s", err.msg);
    zmq_ctx_term(ctx);
    return 1;
  }
  vg_log(&log, VG_LOG_INFO, NULL, "writing '%s', listening %s, reviews %s", p.index_dir, p.index_ep,
         reviews ? p.review_ep : "off");
  int rc = vg_indexer_run(ix, stop_fd, &err);
  if (rc) vg_log(&log, VG_LOG_ERROR, NULL, "stopped on error: %s", err.msg);
  else vg_log(&log, VG_LOG_INFO, NULL, "stopped");
  vg_indexer_destroy(&ix);
  zmq_ctx_term(ctx);
  close(stop_fd);
  return rc ? 1 : 0;
}
