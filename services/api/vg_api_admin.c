/* vg_api_admin.c: token management and the audit log over HTTP.
 *
 * For: GET/POST /api/v1/tokens and DELETE /api/v1/tokens/{id} (admin: the new token is in
 * the POST answer only, once; every create/revoke is appended to the audit log with the
 * admin's identity) and GET /api/v1/audit?after=SEQ&limit=N (reviewer or admin).
 * Not for: role checks (routes.c) or the token store and the log themselves (vg_tokens,
 * vg_audit in services/common). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_internal.h"
#include "vg_audit.h"

#define VG__API_AUDIT_DEFAULT 100
#define VG__API_AUDIT_MAX 1000

static json_t *s_who(const vg__api_req_t *rq) {
  return json_pack("{s:s, s:s, s:s}", "name", rq->who.name, "role", vg_role_str(rq->who.role), "token",
                   rq->who.id);
}

/* The token store or NULL with a 503 queued. */
static vg_tokens_t *s_store(vg__api_req_t *rq, enum MHD_Result *r) {
  vg_err_t err = {{0}};
  vg_tokens_t *t = vg__api_tokens(rq, &err);
  if (!t) *r = vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", err.msg, -1);
  return t;
}

static int s_audit_configured(const vg__api_req_t *rq) {
  return rq->cfg->audit_path && *rq->cfg->audit_path;
}

enum MHD_Result vg__api_tokens_list(vg__api_req_t *rq) {
  enum MHD_Result r = MHD_NO;
  vg_tokens_t *t = s_store(rq, &r);
  if (!t) return r;
  json_t *list = NULL;
  vg_err_t err = {{0}};
  int st = vg_tokens_list(t, &list, &err);
  if (st != VG_OK) return vg__api_reply_status(rq, st, &err);
  return vg__api_reply_json(rq, MHD_HTTP_OK, json_pack("{s:o}", "tokens", list));
}

enum MHD_Result vg__api_tokens_create(vg__api_req_t *rq) {
  enum MHD_Result r = MHD_NO;
  json_error_t je;
  json_t *body = rq->body ? json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &je) : NULL;
  const char *name = json_string_value(json_object_get(body, "name"));
  const char *role_s = json_string_value(json_object_get(body, "role"));
  vg_role_t role = VG_ROLE_NONE;
  if (!json_is_object(body) || json_object_size(body) != 2 || !name || !role_s ||
      vg_role_parse(role_s, &role) != VG_OK) {
    json_decref(body);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body",
                               "the body must be {\"name\": \"...\", \"role\": \"reader|reviewer|admin\"}", -1);
  }
  if (!s_audit_configured(rq)) {
    json_decref(body);
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                               "no audit log is configured: token actions must be recorded", -1);
  }
  vg_tokens_t *t = s_store(rq, &r);
  if (!t) {
    json_decref(body);
    return r;
  }
  char token[VG_TOKEN_MAX];
  vg_token_info_t info;
  vg_err_t err = {{0}};
  int st = vg_tokens_create(t, name, role, token, &info, &err);
  json_decref(body);
  if (st != VG_OK) {
    memset(token, 0, sizeof token);
    return st == VG_E_INPUT ? vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_body", err.msg, -1)
                            : vg__api_reply_status(rq, st, &err);
  }
  json_t *entry = json_pack("{s:s, s:s, s:s, s:s, s:o}", "action", "token.create", "token_id", info.id,
                            "name", info.name, "role", vg_role_str(info.role), "who", s_who(rq));
  st = vg_audit_append(rq->cfg->audit_path, entry, &err);
  if (st != VG_OK) {
    /* an unrecorded token must not stay usable */
    vg_err_t e2 = {{0}};
    vg_tokens_revoke(t, info.id, &e2);
    memset(token, 0, sizeof token);
    json_decref(entry);
    vg_log(rq->log, VG_LOG_ERROR, NULL, "token.create '%s' undone: cannot append to the audit log: %s",
           info.id, err.msg);
    return vg__api_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "audit_error",
                               "the audit log cannot be written; no token was created", -1);
  }
  vg_log(rq->log, VG_LOG_INFO, NULL, "token.create id=%s name='%s' role=%s by token=%s name='%s'", info.id,
         info.name, vg_role_str(info.role), rq->who.id, rq->who.name);
  json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:O}", "token", token, "id", info.id, "name", info.name,
                          "role", vg_role_str(info.role), "audit", entry);
  memset(token, 0, sizeof token);
  json_decref(entry);
  return vg__api_reply_json(rq, MHD_HTTP_CREATED, out);
}

enum MHD_Result vg__api_tokens_revoke(vg__api_req_t *rq, const char *id) {
  enum MHD_Result r = MHD_NO;
  if (!vg__api_id_ok(id) || strlen(id) >= sizeof rq->who.id)
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such token", -1);
  if (!s_audit_configured(rq))
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                               "no audit log is configured: token actions must be recorded", -1);
  vg_tokens_t *t = s_store(rq, &r);
  if (!t) return r;
  vg_err_t err = {{0}};
  int st = vg_tokens_revoke(t, id, &err);
  if (st == VG_E_NOTFOUND)
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no active token with this id", -1);
  if (st != VG_OK) return vg__api_reply_status(rq, st, &err);
  json_t *entry = json_pack("{s:s, s:s, s:o}", "action", "token.revoke", "token_id", id, "who", s_who(rq));
  st = vg_audit_append(rq->cfg->audit_path, entry, &err);
  if (st != VG_OK) {
    /* the revocation stands (safer than undoing it); the failure is loud */
    json_decref(entry);
    vg_log(rq->log, VG_LOG_ERROR, NULL, "token.revoke '%s' done but not in the audit log: %s", id, err.msg);
    return vg__api_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "audit_error",
                               "the token is revoked but the audit log cannot be written", -1);
  }
  vg_log(rq->log, VG_LOG_INFO, NULL, "token.revoke id=%s by token=%s name='%s'", id, rq->who.id, rq->who.name);
  return vg__api_reply_json(rq, MHD_HTTP_OK, json_pack("{s:s, s:b, s:o}", "id", id, "revoked", 1, "audit", entry));
}

/* Strict decimal (no sign, no spaces), <= max. */
static int s_num(const char *v, long long max, long long *out) {
  if (!v) return 0;
  size_t n = strlen(v);
  if (n == 0 || n > 18) return -1;
  long long x = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    x = x * 10 + (v[i] - '0');
  }
  if (x > max) return -1;
  *out = x;
  return 0;
}

enum MHD_Result vg__api_audit(vg__api_req_t *rq) {
  long long after = 0, limit = VG__API_AUDIT_DEFAULT;
  if (s_num(vg__api_arg(rq, "after"), (long long)1 << 60, &after) ||
      s_num(vg__api_arg(rq, "limit"), VG__API_AUDIT_MAX, &limit) || limit == 0)
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                               "after must be a sequence number and limit 1..1000", -1);
  if (!s_audit_configured(rq))
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                               "no audit log is configured (start vigie-api with --data)", -1);
  json_t *all = NULL;
  vg_err_t err = {{0}};
  int st = vg_audit_read(rq->cfg->audit_path, after, &all, &err);
  if (st != VG_OK) {
    vg_log(rq->log, VG_LOG_ERROR, NULL, "cannot read the audit log: %s", err.msg);
    return vg__api_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "audit_error",
                               "the audit log cannot be read (run `vigie audit verify`)", -1);
  }
  size_t n = json_array_size(all);
  json_t *page = json_array();
  for (size_t i = 0; i < n && i < (size_t)limit; i++) json_array_append(page, json_array_get(all, i));
  json_t *out = json_pack("{s:o, s:b}", "entries", page, "more", n > (size_t)limit);
  json_t *last = json_array_get(page, json_array_size(page) - 1);
  json_object_set_new(out, "next_after",
                      last ? json_incref(json_object_get(last, "seq")) : json_integer((json_int_t)after));
  json_decref(all);
  return vg__api_reply_json(rq, MHD_HTTP_OK, out);
}
