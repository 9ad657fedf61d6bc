/* vg_indexer_review.c: validate -> check target -> append audit entry -> apply -> commit (see
 * vg_indexer_review.h and docs/audit.md).
 *
 * The order matters: only valid actions on existing targets reach the log, and the log is
 * written before the index so that a crash between the two is repaired by the replay at the
 * next start (the log is the source of truth; the index's review state is derived). */
#include "vg_indexer_review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_audit.h"
#include "vg_review.h"

#define S_ID_MAX 256   /* bytes of a flag or clause id */
#define S_NAME_MAX 128 /* bytes of who.name */

static const char *const s_statuses[] = {"open", "confirmed", "dismissed", "contested"};

/* A required string member of 1..max bytes with something other than white space; multiline:
 * tabs and line breaks allowed. */
static const char *s_text(const json_t *o, const char *key, size_t max, int multiline, char *why,
                          size_t whylen) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v)) {
    snprintf(why, whylen, "\"%s\" is required (a string)", key);
    return NULL;
  }
  const char *s = json_string_value(v);
  size_t n = json_string_length(v);
  if (n == 0 || n > max || strspn(s, " \t\r\n") == n) {
    snprintf(why, whylen, "\"%s\" must be 1..%zu bytes of text", key, max);
    return NULL;
  }
  /* no control characters (tab and line breaks allowed in free text): keeps the audit
   * log's canonical form reproducible outside jansson (docs/audit.md) */
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) || c == 0x7f) {
      snprintf(why, whylen, "\"%s\" contains a control character", key);
      return NULL;
    }
  }
  return s;
}

/* Builds the entry to log from a validated action: only known fields are copied. */
static int s_validate(const json_t *a, json_t **entry, int *kind, const char **target, char *why,
                      size_t whylen) {
  *entry = NULL;
  if (!json_is_object(a)) return snprintf(why, whylen, "review action must be a JSON object"), VG_E_INPUT;
  const char *act = json_string_value(json_object_get(a, "action"));
  json_t *who = json_object_get(a, "who");
  if (!act || (strcmp(act, "flag.review") && strcmp(act, "clause.note")))
    return snprintf(why, whylen, "\"action\" must be \"flag.review\" or \"clause.note\""), VG_E_INPUT;
  if (!json_is_object(who)) return snprintf(why, whylen, "\"who\" is required (an object)"), VG_E_INPUT;
  const char *name = s_text(who, "name", S_NAME_MAX, 0, why, whylen);
  if (!name) return VG_E_INPUT;
  const char *role = json_string_value(json_object_get(who, "role"));
  if (!role || (strcmp(role, "reviewer") && strcmp(role, "admin")))
    return snprintf(why, whylen, "who.role must be \"reviewer\" or \"admin\""), VG_E_DENIED;
  json_t *tok = json_object_get(who, "token");
  if (tok && !s_text(who, "token", 23, 0, why, whylen)) return VG_E_INPUT;
  json_t *w = json_pack("{s:s, s:s}", "name", name, "role", role);
  if (tok) json_object_set(w, "token", tok);
  int rc = VG_E_INPUT;
  if (!strcmp(act, "flag.review")) {
    const char *id = s_text(a, "flag_id", S_ID_MAX, 0, why, whylen), *status = NULL, *reason = NULL;
    if (id) status = json_string_value(json_object_get(a, "status"));
    int known = 0;
    for (size_t i = 0; status && i < sizeof s_statuses / sizeof *s_statuses; i++)
      known |= !strcmp(status, s_statuses[i]);
    if (id && !known) snprintf(why, whylen, "\"status\" must be open, confirmed, dismissed or contested");
    if (id && known) reason = s_text(a, "reason", VG_REVIEW_TEXT_MAX, 1, why, whylen);
    if (reason) {
      *entry = json_pack("{s:s, s:s, s:s, s:s, s:O}", "action", act, "flag_id", id, "status", status,
                         "reason", reason, "who", w);
      *kind = VG_XAP_KIND_FLAGS;
      *target = id;
      rc = *entry ? VG_OK : VG_E_NOMEM;
    }
  } else {
    const char *id = s_text(a, "clause_id", S_ID_MAX, 0, why, whylen), *note = NULL;
    if (id) note = s_text(a, "note", VG_REVIEW_TEXT_MAX, 1, why, whylen);
    if (note) {
      *entry = json_pack("{s:s, s:s, s:s, s:O}", "action", act, "clause_id", id, "note", note, "who", w);
      *kind = VG_XAP_KIND_CLAUSES;
      *target = id;
      rc = *entry ? VG_OK : VG_E_NOMEM;
    }
  }
  json_decref(w);
  return rc;
}

static json_t *s_error(const char *why) { return json_pack("{s:s}", "error", why); }

int vg__indexer_review(vg_xap_writer_t *w, const char *audit_path, const vg_log_t *log,
                       const json_t *action, json_t **reply, int *fatal) {
  *fatal = 0;
  *reply = NULL;
  char why[1024] = "";
  json_t *entry = NULL;
  int kind = 0;
  const char *target = NULL;
  int rc = s_validate(action, &entry, &kind, &target, why, sizeof why);
  if (rc != VG_OK) {
    *reply = s_error(why);
    return rc;
  }
  char *doc_id = NULL;
  vg_err_t err = {{0}};
  char tcopy[S_ID_MAX + 1];
  snprintf(tcopy, sizeof tcopy, "%s", target);
  if ((rc = vg_xap_writer_target(w, kind, tcopy, &doc_id, &err)) != VG_OK) {
    if (rc == VG_E_NOTFOUND)
      snprintf(why, sizeof why, "no %s '%s' in the index", kind == VG_XAP_KIND_FLAGS ? "flag" : "clause",
               tcopy);
    else
      snprintf(why, sizeof why, "cannot look '%s' up: %s", tcopy, err.msg);
    *reply = s_error(why);
    json_decref(entry);
    return rc;
  }
  if (doc_id) json_object_set_new(entry, "doc_id", json_string(doc_id));
  free(doc_id);
  if ((rc = vg_audit_append(audit_path, entry, &err)) != VG_OK) {
    /* nothing changed: the index is untouched and the log refused the entry */
    vg_log(log, VG_LOG_ERROR, NULL, "review not recorded: %s", err.msg);
    snprintf(why, sizeof why, "cannot write the audit log: %s", err.msg);
    *reply = s_error(why);
    json_decref(entry);
    return rc == VG_E_INPUT ? VG_E_BACKEND : rc;
  }
  long long seq = json_integer_value(json_object_get(entry, "seq"));
  if ((rc = vg_xap_writer_review(w, entry, &err)) != VG_OK ||
      (rc = vg_xap_writer_commit(w, &err)) != VG_OK) {
    /* logged but not applied: a restart replays it */
    vg_log(log, VG_LOG_ERROR, NULL, "audit seq %lld recorded but not applied: %s", seq, err.msg);
    snprintf(why, sizeof why, "recorded as audit seq %lld but not applied yet: %s", seq, err.msg);
    *reply = s_error(why);
    *fatal = !vg_status_is_doc(rc) && rc != VG_E_NOTFOUND;
    json_decref(entry);
    return vg_status_is_doc(rc) || rc == VG_E_NOTFOUND ? rc : VG_E_BACKEND;
  }
  vg_log(log, VG_LOG_INFO, NULL, "review applied: seq=%lld action=%s target='%s'", seq,
         json_string_value(json_object_get(entry, "action")), tcopy);
  *reply = entry;
  return VG_OK;
}

int vg__indexer_replay(vg_xap_writer_t *w, const char *audit_path, const vg_log_t *log,
                       vg_err_t *err) {
  long long last = 0;
  int rc = vg_xap_writer_last_seq(w, &last, err);
  if (rc) return rc;
  json_t *entries = NULL;
  vg_err_t rerr = {{0}};
  if ((rc = vg_audit_read(audit_path, last, &entries, &rerr)) != VG_OK) {
    vg_log(log, VG_LOG_ERROR, NULL, "audit log unreadable, nothing replayed: %s", rerr.msg);
    return rc == VG_E_IO ? vg_err_set(err, rc, "%s", rerr.msg) : VG_OK;
  }
  size_t todo = 0, applied = 0, idx;
  json_t *e;
  json_array_foreach(entries, idx, e) {
    const char *act = json_string_value(json_object_get(e, "action"));
    todo += act && (!strcmp(act, "flag.review") || !strcmp(act, "clause.note"));
  }
  if (todo && vg_audit_verify(audit_path, NULL, &rerr) != VG_OK) {
    /* never derive index state from an altered log */
    vg_log(log, VG_LOG_ERROR, NULL, "not replaying %zu review(s): %s", todo, rerr.msg);
    todo = 0;
  }
  json_array_foreach(entries, idx, e) {
    if (!todo) break;
    const char *act = json_string_value(json_object_get(e, "action"));
    if (!act || (strcmp(act, "flag.review") && strcmp(act, "clause.note"))) continue;
    long long seq = json_integer_value(json_object_get(e, "seq"));
    vg_err_t aerr = {{0}};
    int r = vg_xap_writer_review(w, e, &aerr);
    if (r == VG_OK) {
      applied++;
    } else if (r == VG_E_NOTFOUND || vg_status_is_doc(r)) {
      vg_log(log, VG_LOG_WARN, NULL, "audit seq %lld not replayed: %s", seq, aerr.msg);
    } else {
      json_decref(entries);
      return vg_err_set(err, r, "cannot replay audit seq %lld: %s", seq, aerr.msg);
    }
  }
  json_decref(entries);
  if (applied) {
    if ((rc = vg_xap_writer_commit(w, err)) != VG_OK) return rc;
    vg_log(log, VG_LOG_INFO, NULL, "replayed %zu review(s) from the audit log after seq %lld", applied,
           last);
  }
  return VG_OK;
}
