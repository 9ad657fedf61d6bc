/* vg_journal.h: the durable job journal of vigie-ingest (SQLite, WAL).
 *
 * For: remembering every submitted document (content included) and its state until the
 * indexer has committed it, so that nothing is lost when any process dies: on restart,
 * every job not yet indexed or failed is queued again. Also batches (what one
 * `vigie ingest` run submitted) and dead-letter records.
 * Not for: scheduling (vg_broker) or the wire (vg_wire).
 *
 * States: queued -> dispatched -> analysed -> indexed, or -> failed (dead letter).
 * A job's id is its document id (sha256 of the content), so a resubmission is a no-op.
 * Journals created before the `meta` column existed are migrated on open (ALTER TABLE). */
#ifndef VG_JOURNAL_H
#define VG_JOURNAL_H

#include <jansson.h>
#include <stddef.h>

#include "vg_status.h"

typedef struct vg_journal vg_journal_t;

typedef enum {
  VG_JOB_QUEUED = 0,
  VG_JOB_DISPATCHED,
  VG_JOB_ANALYSED,
  VG_JOB_INDEXED,
  VG_JOB_FAILED
} vg_job_state_t;

const char *vg_job_state_str(vg_job_state_t s);

/* Opens or creates the journal at path. dead_letter_path: JSON-lines file where failed
 * jobs are appended (may be NULL). Returns NULL + err on failure. */
vg_journal_t *vg_journal_open(const char *path, const char *dead_letter_path, vg_err_t *err);
void vg_journal_close(vg_journal_t **pj);

/* Records a submission of content under job id within batch. meta: the submission's meta
 * JSON text (container link; docs/wire-protocol.md), NULL or "" for none; stored with the
 * job and handed to the worker with it. When the job is already known its content and meta
 * are not stored again (the first submission's container link stays); *state receives the
 * job's current state and *fresh is 1 when the job was (re)queued by this call (the caller
 * queues it in memory). force: re-queue an already indexed or failed job (content and meta
 * replaced). VG_OK or VG_E_IO. */
int vg_journal_submit(vg_journal_t *j, const char *batch, const char *id, const char *name,
                      const void *content, size_t len, const char *meta, int force,
                      vg_job_state_t *state, int *fresh, vg_err_t *err);

/* Loads a job's name, content and meta (caller frees all three; *meta is NULL when the job
 * has none; meta may be NULL when not wanted). VG_OK, VG_E_NOTFOUND, VG_E_IO, VG_E_NOMEM. */
int vg_journal_load(vg_journal_t *j, const char *id, char **name, void **content, size_t *len,
                    char **meta, vg_err_t *err);

/* Moves a job to a state. For VG_JOB_DISPATCHED the attempt counter is incremented. */
int vg_journal_set_state(vg_journal_t *j, const char *id, vg_job_state_t st, vg_err_t *err);
/* Marks a job indexed with its clause and flag counts, and drops its stored content. */
int vg_journal_indexed(vg_journal_t *j, const char *id, long clauses, long flags, vg_err_t *err);
/* Marks a job failed, keeps the reason, appends a dead-letter record (with "meta" when the
 * job has one). */
int vg_journal_failed(vg_journal_t *j, const char *id, const char *status, const char *reason,
                      vg_err_t *err);
/* The job's current state. VG_OK, VG_E_NOTFOUND, VG_E_IO. */
int vg_journal_state(vg_journal_t *j, const char *id, vg_job_state_t *state);
/* Number of times the job was dispatched. */
int vg_journal_attempts(vg_journal_t *j, const char *id, long *attempts);

/* Calls fn for every job that is not indexed and not failed (the recovery set), oldest
 * first. Used at start-up to re-queue. */
int vg_journal_pending(vg_journal_t *j, void (*fn)(void *arg, const char *id), void *arg,
                       vg_err_t *err);

/* Batch summary: {"batch","total","indexed","failed","pending","clauses","flags",
 * "failures":[{"name","status","reason"}]} (new reference) or NULL. */
json_t *vg_journal_batch_status(vg_journal_t *j, const char *batch, vg_err_t *err);

/* Whole-journal counts by state: {"queued":n,"dispatched":n,"analysed":n,"indexed":n,
 * "failed":n} (every state present, 0 when none; new reference) or NULL. */
json_t *vg_journal_queue(vg_journal_t *j, vg_err_t *err);

/* Groups several journal writes into one transaction (performance). */
int vg_journal_begin(vg_journal_t *j);
int vg_journal_commit(vg_journal_t *j);

#endif
