/* vg_worker.h: the transport loop of a vigie-analyse worker (Paranoid Pirate worker).
 *
 * For: announcing itself to vigie-ingest (READY), taking one job at a time, running the
 * analyser, pushing the analysed document to the indexer (ANALYSED) and then telling the
 * broker (DONE / FAILED), with heartbeats both ways and reconnection with back-off when the
 * broker goes silent.
 * Not for: the analysis itself (vg_analyser). */
#ifndef VG_WORKER_H
#define VG_WORKER_H

#include "vg_analyser.h"
#include "vg_log.h"
#include "vg_status.h"

typedef struct {
  const char *name;             /* stable worker name ("analyse-1"): a restart reuses it */
  const char *broker_endpoint;  /* vigie-ingest workers ROUTER */
  const char *index_endpoint;   /* vigie-indexer PULL */
  int heartbeat_ms;
  int liveness;                 /* silent heartbeats before reconnecting */
  const vg_log_t *log;
} vg_worker_config_t;

/* Runs until stop_fd is readable. The analyser is borrowed. VG_OK on a requested stop. */
int vg_worker_run(void *zctx, const vg_worker_config_t *cfg, vg_analyser_t *an, int stop_fd,
                  vg_err_t *err);

#endif
