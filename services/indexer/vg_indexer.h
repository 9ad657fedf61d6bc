/* vg_indexer.h: the single writer of one Xapian database.
 *
 * For: receiving ANALYSED documents from workers, storing them through the Xapian shim,
 * committing in batches (count or age), and only then telling vigie-ingest which jobs
 * the commit holds (COMMITTED) so that they are acknowledged after they are durable.
 * Also the one process that applies reviews (REVIEW -> audit log -> index -> REVIEWED),
 * serialised with the document batches, and that replays unapplied audit entries at start.
 * Not for: analysis or search. */
#ifndef VG_INDEXER_H
#define VG_INDEXER_H

#include <stddef.h>

#include "vg_log.h"
#include "vg_status.h"

typedef struct {
  const char *db_path;          /* Xapian database directory */
  const char *index_endpoint;   /* PULL bound for ANALYSED messages */
  const char *acks_endpoint;    /* PUSH connected to vigie-ingest */
  size_t batch_docs;            /* commit after this many documents... */
  int batch_ms;                 /* ...or when the oldest pending one is this old */
  const char *review_endpoint;  /* ROUTER bound for REVIEW actions (NULL or "": no reviews) */
  const char *audit_path;       /* the audit log reviews are recorded in (DATA/audit.jsonl) */
  const vg_log_t *log;
} vg_indexer_config_t;

typedef struct vg_indexer vg_indexer_t;

/* Opens the database (the writer lock), replays the audit entries it has not applied yet,
 * and opens the sockets. NULL + err (VG_E_LOCKED when another writer holds the database). */
vg_indexer_t *vg_indexer_new(void *zctx, const vg_indexer_config_t *cfg, vg_err_t *err);
/* Runs until stop_fd is readable (pending work is committed first) or a service-level error
 * (backend failure: the process should exit and be restarted; nothing acked is lost). */
int vg_indexer_run(vg_indexer_t *ix, int stop_fd, vg_err_t *err);
void vg_indexer_destroy(vg_indexer_t **pix);

#endif
