/* vg_api_flags.c: the flag endpoints of vigie-api and the two review writes.
 *
 * For: GET /api/v1/flags (a flags-kind search built from filter parameters: every value is
 * validated against its allowed set or character class, free text is split into words, so
 * no parameter can change the query's structure), GET /api/v1/flags/{id} (justification and
 * review history), POST /api/v1/flags/{id}/review and POST /api/v1/clauses/{id}/notes (sent
 * to the indexer with vg_review_call: the indexer is the one writer of the index and of the
 * review entries of the audit log).
 * Not for: role checks (routes.c does them before calling in) or the search itself (shim). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_internal.h"
#include "vg_review.h"

#define VG__API_MAX_FILTER 4096   /* bytes of the filter part added to the user's q */
#define VG__API_MAX_VALUES 16     /* comma-separated values of one filter parameter */

static const char *const s_statuses[] = {"open", "confirmed", "dismissed", "contested", NULL};
static const char *const s_severities[] = {"low", "medium", "high", NULL};

/* A bounded string builder for the composed query. */
typedef struct {
  char *buf;
  size_t len, cap;
  int over;
} s_sb_t;

static void s_add(s_sb_t *b, const char *s, size_t n) {
  if (b->over || b->len + n + 1 > b->cap) {
    b->over = 1;
    return;
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
}
static void s_adds(s_sb_t *b, const char *s) { s_add(b, s, strlen(s)); }

static int s_in(const char *v, const char *const *set) {
  for (size_t i = 0; set[i]; i++)
    if (!strcmp(v, set[i])) return 1;
  return 0;
}

/* Character classes of filter values. */
static int s_rule_ok(const char *v, size_t n) {
  if (n == 0 || n > 100) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = v[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return 0;
  }
  return 1;
}
static int s_country_ok(const char *v, size_t n) {
  return n == 2 && ((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z') && ((v[1] | 0x20) >= 'a' && (v[1] | 0x20) <= 'z');
}
static int s_cpv_ok(const char *v, size_t n) {
  if (n < 2 || n > 8) return 0;
  for (size_t i = 0; i < n; i++)
    if (v[i] < '0' || v[i] > '9') return 0;
  return 1;
}
static int s_date_ok(const char *v) {
  static const char shape[] = "dddd-dd-dd";
  if (strlen(v) != sizeof shape - 1) return 0;
  for (size_t i = 0; i < sizeof shape - 1; i++)
    if (shape[i] == 'd' ? (v[i] < '0' || v[i] > '9') : v[i] != '-') return 0;
  return 1;
}

/* Adds " prefix:value" for each comma-separated value of parameter name (values of one
 * boolean prefix are ORed by the query parser). Returns 0, or -1 with msg filled. */
static int s_filter(vg__api_req_t *rq, s_sb_t *b, const char *name, const char *prefix,
                    const char *const *set, int (*ok)(const char *, size_t), char *msg, size_t cap) {
  const char *v = vg__api_arg(rq, name);
  if (!v) return 0;
  size_t count = 0;
  for (const char *p = v;; count++) {
    const char *comma = strchr(p, ',');
    size_t n = comma ? (size_t)(comma - p) : strlen(p);
    char one[128];
    int good = n > 0 && n < sizeof one && count < VG__API_MAX_VALUES;
    if (good) {
      memcpy(one, p, n);
      one[n] = '\0';
      good = set ? s_in(one, set) : ok(one, n);
    }
    if (!good) {
      if (set)
        snprintf(msg, cap, "%s must be one or more (comma-separated) of %s%s%s%s%s%s%s", name, set[0],
                 set[1] ? ", " : "", set[1] ? set[1] : "", set[2] ? ", " : "", set[2] ? set[2] : "",
                 set[2] && set[3] ? ", " : "", set[2] && set[3] ? set[3] : "");
      else
        snprintf(msg, cap, "%s has a value outside its allowed characters or length", name);
      return -1;
    }
    s_adds(b, " ");
    s_adds(b, prefix);
    s_adds(b, one);
    if (!comma) break;
    p = comma + 1;
  }
  return 0;
}

/* buyer: one quoted value (the shim's buyer: matches the whole name, any case, or all of
 * its words). Inside the quotes a '"' is written '""' (Xapian's escape for quoted boolean
 * values), so quotes, brackets or operators in a buyer name never reach the parser as
 * syntax; control characters are refused. */
static int s_buyer(vg__api_req_t *rq, s_sb_t *b, char *msg, size_t cap) {
  const char *v = vg__api_arg(rq, "buyer");
  if (!v) return 0;
  size_t n = strlen(v);
  int ok = n <= 256 && vg__api_utf8_ok(v, n);
  for (size_t i = 0; ok && i < n; i++) ok = (unsigned char)v[i] >= 0x20 && v[i] != 0x7f;
  if (!ok) {
    snprintf(msg, cap, "buyer must be at most 256 bytes of UTF-8 text without control characters");
    return -1;
  }
  s_adds(b, " buyer:\"");
  for (size_t i = 0; i < n; i++) s_add(b, v[i] == '"' ? "\"\"" : v + i, v[i] == '"' ? 2 : 1);
  s_adds(b, "\"");
  return 0;
}

static int s_dates(vg__api_req_t *rq, s_sb_t *b, char *msg, size_t cap) {
  const char *from = vg__api_arg(rq, "from"), *to = vg__api_arg(rq, "to");
  if (!from && !to) return 0;
  if ((from && !s_date_ok(from)) || (to && !s_date_ok(to))) {
    snprintf(msg, cap, "from and to must be dates YYYY-MM-DD (publication date range)");
    return -1;
  }
  if (from && to && strcmp(from, to) > 0) {
    snprintf(msg, cap, "from is after to");
    return -1;
  }
  s_adds(b, " published:");
  if (from) s_adds(b, from);
  s_adds(b, "..");
  if (to) s_adds(b, to);
  return 0;
}

int vg__api_flags_query(vg__api_req_t *rq, vg__api_search_t *sp, enum MHD_Result *r) {
  size_t ql = strlen(sp->user_q);
  s_sb_t b = {.cap = ql + VG__API_MAX_FILTER};
  b.buf = malloc(b.cap);
  if (!b.buf) {
    *r = vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", "out of memory", -1);
    return -1;
  }
  b.buf[0] = '\0';
  /* the user's q is bracketed so that its OR/NOT cannot reach the filters */
  if (ql) {
    s_adds(&b, "(");
    s_add(&b, sp->user_q, ql);
    s_adds(&b, ")");
    sp->q_shift = 1;
  }
  char msg[200] = "";
  int bad = s_filter(rq, &b, "rule", "rule:", NULL, s_rule_ok, msg, sizeof msg) ||
            s_filter(rq, &b, "status", "status:", s_statuses, NULL, msg, sizeof msg) ||
            s_filter(rq, &b, "severity", "severity:", s_severities, NULL, msg, sizeof msg) ||
            s_filter(rq, &b, "country", "country:", NULL, s_country_ok, msg, sizeof msg) ||
            s_filter(rq, &b, "cpv", "cpv:", NULL, s_cpv_ok, msg, sizeof msg) ||
            s_buyer(rq, &b, msg, sizeof msg) || s_dates(rq, &b, msg, sizeof msg);
  if (!bad && b.over) {
    bad = 1;
    snprintf(msg, sizeof msg, "the filters are too long");
  }
  if (bad) {
    free(b.buf);
    *r = vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter", msg, -1);
    return -1;
  }
  free(sp->qbuf);
  sp->qbuf = b.buf;
  sp->xq.q = b.buf[0] == ' ' ? b.buf + 1 : b.buf;
  return 0;
}

enum MHD_Result vg__api_flags_list(vg__api_req_t *rq) {
  vg__api_search_t sp;
  enum MHD_Result r = MHD_NO;
  if (vg__api_search_params(rq, VG_XAP_KIND_FLAGS, 20, VG_API_MAX_LIMIT, VG_API_MAX_WINDOW, &sp, &r))
    return r;
  if (sp.xq.kind != VG_XAP_KIND_FLAGS)
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter", "kind is always flags here", -1);
  if (vg__api_flags_query(rq, &sp, &r)) return r;
  json_t *out = NULL;
  if (vg__api_search_run(rq, &sp, &out, &r) == VG_OK) {
    json_object_set_new(out, "query", json_string(sp.user_q));
    json_object_set_new(out, "kind", json_string("flags"));
    r = vg__api_reply_json(rq, MHD_HTTP_OK, out);
  }
  vg__api_search_params_free(&sp);
  return r;
}

/* Fetches a flag (kind = 0) or a clause (kind = 1); queues the error and returns NULL. */
static json_t *s_fetch(vg__api_req_t *rq, int kind, const char *id, enum MHD_Result *r) {
  if (!vg__api_id_ok(id)) {
    *r = vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such id", -1);
    return NULL;
  }
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (!rd) {
    *r = vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "index_unavailable", err.msg, -1);
    return NULL;
  }
  json_t *o = NULL;
  int st = kind ? vg_xap_get_clause(rd, id, &o, &err) : vg_xap_get_flag(rd, id, &o, &err);
  if (st != VG_OK) {
    if (st == VG_E_NOTFOUND)
      vg_err_set(&err, st, "no %s with id '%s'", kind ? "clause" : "flag", id);
    *r = vg__api_reply_status(rq, st, &err);
    return NULL;
  }
  return o;
}

enum MHD_Result vg__api_flag_get(vg__api_req_t *rq, const char *id) {
  enum MHD_Result r = MHD_NO;
  json_t *f = s_fetch(rq, 0, id, &r);
  return f ? vg__api_reply_json(rq, MHD_HTTP_OK, f) : r;
}

/* Parses the JSON body: an object whose keys are all in keys[] and whose values are strings.
 * Returns it (new reference) or NULL with the 400 queued. */
static json_t *s_body(vg__api_req_t *rq, const char *const *keys, enum MHD_Result *r) {
  json_error_t je;
  json_t *o = rq->body ? json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
  char msg[200];
  if (!o || !json_is_object(o)) {
    snprintf(msg, sizeof msg, "the body must be a JSON object%s%s", o ? "" : ": ", o ? "" : rq->body ? je.text : "none sent");
    json_decref(o);
    *r = vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body", msg, -1);
    return NULL;
  }
  const char *k;
  json_t *v;
  json_object_foreach(o, k, v) {
    int known = 0;
    for (size_t i = 0; keys[i]; i++) known |= !strcmp(k, keys[i]);
    if (!known || !json_is_string(v)) {
      snprintf(msg, sizeof msg, "unexpected field '%.60s' (or not a string)", k);
      json_decref(o);
      *r = vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body", msg, -1);
      return NULL;
    }
  }
  return o;
}

/* The mandatory free text of a review or note: 1..VG_REVIEW_TEXT_MAX bytes, not blank. */
static int s_text_ok(const char *t) {
  size_t n = t ? strlen(t) : 0;
  if (n == 0 || n > VG_REVIEW_TEXT_MAX) return 0;
  for (size_t i = 0; i < n; i++)
    if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r') return 1;
  return 0;
}

/* Sends action to the indexer and answers with the audit entry or the mapped failure. */
static enum MHD_Result s_call(vg__api_req_t *rq, json_t *action, const char *what, const char *id) {
  if (!rq->cfg->review_ep || !*rq->cfg->review_ep) {
    json_decref(action);
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "indexer_unavailable",
                               "no review endpoint is configured (start vigie-api with --data)", -1);
  }
  json_object_set_new(action, "who", json_pack("{s:s, s:s, s:s}", "name", rq->who.name, "role",
                                               vg_role_str(rq->who.role), "token", rq->who.id));
  json_t *res = NULL;
  vg_err_t err = {{0}};
  int st = vg_review_call(vg__api_zctx(rq), rq->cfg->review_ep, action, (int)rq->cfg->review_timeout_ms,
                          &res, &err);
  json_decref(action);
  vg_log(rq->log, st == VG_OK ? VG_LOG_INFO : VG_LOG_WARN, NULL, "%s '%s' by token=%s name='%s': %s%s%s",
         what, id, rq->who.id, rq->who.name, vg_status_name(st), st == VG_OK ? "" : ": ", st == VG_OK ? "" : err.msg);
  if (st == VG_OK) {
    vg__api_wrote(rq); /* the indexer committed before answering */
    return vg__api_reply_json(rq, MHD_HTTP_OK, res ? res : json_object());
  }
  json_decref(res);
  const char *msg = err.msg[0] ? err.msg : vg_status_str(st);
  switch (st) {
    case VG_E_INPUT: return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body", msg, -1);
    case VG_E_NOTFOUND: return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", msg, -1);
    case VG_E_TIMEOUT:
      return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "indexer_unavailable",
                                 "the indexer did not answer; the review was not recorded", -1);
    default: return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "indexer_unavailable", msg, -1);
  }
}

enum MHD_Result vg__api_flag_review(vg__api_req_t *rq, const char *id) {
  static const char *const keys[] = {"status", "reason", NULL};
  enum MHD_Result r = MHD_NO;
  json_t *body = s_body(rq, keys, &r);
  if (!body) return r;
  const char *status = json_string_value(json_object_get(body, "status"));
  const char *reason = json_string_value(json_object_get(body, "reason"));
  const char *bad = !status || !s_in(status, s_statuses)
                        ? "status must be one of open, confirmed, dismissed, contested"
                    : !s_text_ok(reason) ? "reason is mandatory: 1 to 2000 bytes, not blank"
                    : !vg__api_utf8_ok(reason, strlen(reason)) ? "reason is not valid UTF-8" : NULL;
  if (bad) {
    json_decref(body);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body", bad, -1);
  }
  /* an unknown flag is a 404 even while the indexer is down */
  json_t *flag = s_fetch(rq, 0, id, &r);
  if (!flag) {
    json_decref(body);
    return r;
  }
  json_decref(flag);
  json_t *action = json_pack("{s:s, s:s, s:O, s:O}", "action", "flag.review", "flag_id", id, "status",
                             json_object_get(body, "status"), "reason", json_object_get(body, "reason"));
  json_decref(body);
  return s_call(rq, action, "flag.review", id);
}

enum MHD_Result vg__api_clause_note(vg__api_req_t *rq, const char *id) {
  static const char *const keys[] = {"note", NULL};
  enum MHD_Result r = MHD_NO;
  json_t *body = s_body(rq, keys, &r);
  if (!body) return r;
  const char *note = json_string_value(json_object_get(body, "note"));
  if (!s_text_ok(note)) {
    json_decref(body);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body",
                               "note is mandatory: 1 to 2000 bytes, not blank", -1);
  }
  json_t *clause = s_fetch(rq, 1, id, &r);
  if (!clause) {
    json_decref(body);
    return r;
  }
  json_decref(clause);
  json_t *action = json_pack("{s:s, s:s, s:O}", "action", "clause.note", "clause_id", id, "note",
                             json_object_get(body, "note"));
  json_decref(body);
  return s_call(rq, action, "clause.note", id);
}
