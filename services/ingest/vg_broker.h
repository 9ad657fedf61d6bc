/* vg_broker.h: the dispatcher of vigie-ingest.
 *
 * For: taking documents from clients (SUBMIT), keeping them in the journal, handing them to
 * analysis workers one credit at a time with heartbeats (the zguide's Paranoid Pirate
 * shape), and marking them done only when the indexer reports the Xapian commit that
 * holds them (COMMITTED). Jobs whose worker died, or that were analysed but never
 * committed within a deadline, are queued again; the indexer's replace-by-id makes the
 * redelivery harmless.
 * Not for: parsing or indexing (workers and indexer do that), socket addresses policy
 * (given in the config). */
#ifndef VG_BROKER_H
#define VG_BROKER_H

#include <stddef.h>

#include "vg_log.h"
#include "vg_status.h"

typedef struct {
  const char *clients_endpoint;  /* ROUTER bound for `vigie ingest` clients */
  const char *workers_endpoint;  /* ROUTER bound for vigie-analyse workers */
  const char *acks_endpoint;     /* PULL bound for indexer COMMITTED messages */
  const char *journal_path;      /* SQLite journal */
  const char *dead_letter_path;  /* JSON lines of failed documents */
  size_t max_doc_bytes;          /* documents above this are rejected (dead-lettered) */
  int heartbeat_ms;              /* worker heartbeat interval */
  int liveness;                  /* missed heartbeats before an idle worker is dropped */
  int job_timeout_ms;            /* a busy worker silent this long is presumed dead */
  int commit_timeout_ms;         /* analysed but not committed this long -> queued again */
  int max_attempts;              /* dispatches before a job is dead-lettered as a poison pill */
  const vg_log_t *log;
} vg_broker_config_t;

typedef struct vg_broker vg_broker_t;

/* Binds the sockets, opens the journal and re-queues every unfinished job. NULL + err. */
vg_broker_t *vg_broker_new(void *zctx, const vg_broker_config_t *cfg, vg_err_t *err);
/* Runs until stop_fd becomes readable (a signalfd for SIGTERM/SIGINT, or any fd; -1 for
 * none) or a service-level error occurs. Returns VG_OK on a requested stop. */
int vg_broker_run(vg_broker_t *b, int stop_fd, vg_err_t *err);
void vg_broker_destroy(vg_broker_t **pb);

#endif
