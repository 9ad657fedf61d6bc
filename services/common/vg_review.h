/* vg_review.h: client side of the indexer's review socket (REVIEW -> REVIEWED).
 *
 * For: the api (and tests) sending one review action to vigie-indexer, which is the only
 * process allowed to change the index, and getting back the audit entry it wrote.
 * Not for: validating roles (the caller checks the token first) or writing the audit log
 * (the indexer does, so that log order equals apply order). */
#ifndef VG_REVIEW_H
#define VG_REVIEW_H

#include <jansson.h>

#include "vg_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VG_REVIEW_TEXT_MAX 2000 /* bytes of a reason or a note */

/* Sends action to the indexer ROUTER at endpoint on a fresh DEALER socket (linger 0) and
 * waits at most timeout_ms for the reply. The caller keeps ownership of action.
 * action: {"action":"flag.review","flag_id","status":"confirmed|dismissed|contested|open",
 *          "reason","who":{"name","role","token"}} or
 *         {"action":"clause.note","clause_id","note","who"}.
 * The indexer validates (reason/note mandatory, 1..2000 bytes, status known, target exists),
 * appends the audit entry, applies it with vg_xap_writer_review(), commits, and replies.
 * Returns the indexer's status: VG_OK (*result = the audit entry written, new reference),
 * VG_E_INPUT (bad action; control characters other than tab/line breaks are refused),
 * VG_E_DENIED (who.role not reviewer/admin), VG_E_NOTFOUND (no such flag/clause), with *result =
 * {"error":"..."} and err set on failure; VG_E_TIMEOUT (indexer not answering, *result
 * NULL), VG_E_PROTOCOL (bad reply), VG_E_BACKEND (indexer failure). result may be NULL. */
int vg_review_call(void *zctx, const char *endpoint, const json_t *action, int timeout_ms,
                   json_t **result, vg_err_t *err);

#ifdef __cplusplus
}
#endif
#endif
