/* vg_audit.h: the append-only, hash-chained audit log of human actions (reviews, notes,
 * token management).
 *
 * For: recording who did what and when, in a form that lets anyone detect later edits,
 * deletions, insertions or reordering (vg_audit_verify, `vigie audit verify`).
 * Not for: application logs (vg_log.h) or storing review state (the Xapian shim keeps the
 * current state; this log is the evidence it was derived from). See docs/audit.md.
 *
 * Audit log: DATA/audit.jsonl, one JSON object per line, append-only, hash-chained:
 * {"seq":1,"at":"2026-11-29T09:00:00Z","who":{"name":"alice","role":"reviewer","token":"<token id>"},
 *  "action":"flag.review","flag_id":"...","doc_id":"...","status":"confirmed","reason":"...",
 *  "prev":"<hash of entry seq-1, 64 zeros for seq 1>",
 *  "hash":"<sha256 hex of the entry without "hash", canonical compact JSON with sorted keys>"}
 * Canonical form: json_dumps(entry minus "hash", JSON_COMPACT | JSON_SORT_KEYS): UTF-8 as is,
 * keys sorted, no white space (Python: json.dumps(e, sort_keys=True, separators=(',', ':'),
 * ensure_ascii=False) gives the same bytes for entries without control characters, which the
 * writers refuse). The line on disk is that same serialisation with "hash", and verify requires
 * it byte for byte.
 * Actions: flag.review {flag_id, doc_id, status, reason}, clause.note {clause_id, doc_id,
 * note}, token.create {token_id, name, role}, token.revoke {token_id}.
 * A head file DATA/audit.head (path + ".head" with a trailing ".jsonl" removed) holds
 * {"seq":N,"hash":"..."} of the last entry, so deleting the last entries is detected too.
 * Appends take an exclusive flock on the log, so the indexer, the api and the cli may append
 * concurrently (threads too: each call opens its own file description). */
#ifndef VG_AUDIT_H
#define VG_AUDIT_H

#include <jansson.h>

#include "vg_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VG_AUDIT_LINE_MAX (64 * 1024) /* one entry's serialised size cap */

/* Appends entry to the log at path (created if absent). Fills in (overwriting) "seq",
 * "prev", "hash" and, when absent, "at" (UTC, RFC 3339 seconds) on the caller's object, so
 * that after VG_OK the caller holds exactly the entry written. The caller keeps ownership.
 * Durable on return: the log is fsync'ed, then the head file is atomically replaced.
 * VG_OK; VG_E_INPUT (entry not an object, no "action", or over VG_AUDIT_LINE_MAX);
 * VG_E_IO; VG_E_INPUT too when the existing last line cannot be parsed (a broken log is
 * never extended: run vg_audit_verify). */
int vg_audit_append(const char *path, json_t *entry, vg_err_t *err);

/* Checks the whole chain: every line parses, seq is contiguous from 1, prev equals the
 * previous hash, hash recomputes, and the last entry equals the head file.
 * *report (new reference, may be NULL to not ask) = {"ok":true,"entries":N,"head":"<hash>",
 * "seq":N} or {"ok":false,"entries":N,"first_broken":{"line":L,"seq":S,"reason":"..."}}
 * (seq is null when the line does not parse). VG_OK when intact; VG_E_INPUT when broken;
 * VG_E_NOTFOUND when there is no log (an empty log with no head is intact, 0 entries);
 * VG_E_IO. */
int vg_audit_verify(const char *path, json_t **report, vg_err_t *err);

/* Reads the entries with seq > after_seq into *entries (new JSON array, oldest first). Does
 * not verify the chain. VG_OK (empty array when no log); VG_E_INPUT on an unparsable line;
 * VG_E_IO. */
int vg_audit_read(const char *path, long long after_seq, json_t **entries, vg_err_t *err);

/* Writes the head file path for log path into out (outlen bytes). VG_OK or VG_E_CONFIG. */
int vg_audit_head_path(const char *path, char *out, size_t outlen);

#ifdef __cplusplus
}
#endif
#endif
