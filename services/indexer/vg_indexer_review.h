/* vg_indexer_review.h: the review half of vigie-indexer (private to services/indexer).
 *
 * For: turning one REVIEW action into an audit entry applied to the index, and replaying
 * audit entries the index has not applied yet (after a crash) before serving.
 * Not for: sockets or document batches (vg_indexer.c owns both and serialises reviews with
 * batches: it commits the pending batch before calling vg__indexer_review). */
#ifndef VG_INDEXER_REVIEW_H
#define VG_INDEXER_REVIEW_H

#include <jansson.h>

#include "vg_log.h"
#include "vg_status.h"
#include "vg_xap.h"

/* Validates action (shape in vg_review.h), checks its target exists, appends the audit entry
 * to audit_path, applies it with vg_xap_writer_review() and commits. Returns the status to
 * send back; *reply = the audit entry (VG_OK) or {"error": "..."} (new reference). *fatal = 1
 * when the index may be inconsistent with the log (apply or commit failed on the backend):
 * the caller replies, then stops so that a restart replays the log. */
int vg__indexer_review(vg_xap_writer_t *w, const char *audit_path, const vg_log_t *log,
                       const json_t *action, json_t **reply, int *fatal);

/* Applies every flag.review / clause.note entry of audit_path with seq greater than the
 * index's last applied seq, then commits. Entries whose target is not in the index are
 * skipped with a warning; a broken log (vg_audit_verify) is not replayed (error logged).
 * VG_OK, or VG_E_BACKEND / VG_E_NOMEM (service-level) with err set. */
int vg__indexer_replay(vg_xap_writer_t *w, const char *audit_path, const vg_log_t *log,
                       vg_err_t *err);

#endif
