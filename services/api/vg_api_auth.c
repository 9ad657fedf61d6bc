/* vg_api_auth.c: bearer tokens and roles for vigie-api.
 *
 * For: reading `Authorization: Bearer <token>`, checking it with the token store
 * (vg_tokens_check on this thread's handle) and comparing the token's role with what the
 * route needs (reader < reviewer < admin). 401 for a missing, malformed, unknown or revoked
 * token (with WWW-Authenticate), 403 for a role too low.
 * Not for: deciding which route needs which role (routes.c says it per route) or managing
 * tokens (admin.c). The token itself is never logged nor echoed: only its id and name. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vg_api_internal.h"

vg_role_t vg__api_read_role(const vg__api_req_t *rq) {
  return rq->cfg->auth_reads ? VG_ROLE_READER : VG_ROLE_NONE;
}

/* The token after "Bearer " (scheme case-insensitive, spaces skipped), or NULL when the
 * header is not a bearer credential of printable ASCII within VG_TOKEN_MAX. */
static const char *s_bearer(const char *h) {
  if (strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t')) return NULL;
  const char *t = h + 6;
  while (*t == ' ' || *t == '\t') t++;
  size_t n = strlen(t);
  while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
  if (n == 0 || n >= VG_TOKEN_MAX) return NULL;
  for (size_t i = 0; i < n; i++)
    if (t[i] <= 0x20 || t[i] >= 0x7f) return NULL;
  return t;
}

int vg__api_auth(vg__api_req_t *rq, vg_role_t need, enum MHD_Result *r) {
  const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  char msg[160];
  if (!h || !*h) {
    if (need == VG_ROLE_NONE) return 0;
    snprintf(msg, sizeof msg, "this endpoint needs a bearer token with the role %s or higher",
             vg_role_str(need));
    *r = vg__api_reply_error(rq, MHD_HTTP_UNAUTHORIZED, "unauthorized", msg, -1);
    return -1;
  }
  vg_err_t err = {{0}};
  vg_tokens_t *ts = vg__api_tokens(rq, &err);
  if (!ts) {
    /* open reads stay open even without a token store: the header is ignored */
    if (need == VG_ROLE_NONE) return 0;
    *r = vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", err.msg, -1);
    return -1;
  }
  const char *tok = s_bearer(h);
  char copy[VG_TOKEN_MAX];
  if (tok) {
    size_t n = strlen(tok);
    while (n > 0 && (tok[n - 1] == ' ' || tok[n - 1] == '\t')) n--;
    memcpy(copy, tok, n);
    copy[n] = '\0';
  }
  int st = tok ? vg_tokens_check(ts, copy, &rq->who, &err) : VG_E_AUTH;
  memset(copy, 0, sizeof copy);
  if (st == VG_E_AUTH) {
    *r = vg__api_reply_error(rq, MHD_HTTP_UNAUTHORIZED, "unauthorized",
                             tok ? "unknown or revoked token"
                                 : "the Authorization header must be 'Bearer <token>'", -1);
    return -1;
  }
  if (st != VG_OK) {
    vg_log(rq->log, VG_LOG_WARN, NULL, "cannot check a token: %s", err.msg);
    *r = vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                             "the token store is not usable right now", -1);
    return -1;
  }
  rq->authed = 1;
  if (rq->who.role < need) {
    snprintf(msg, sizeof msg, "the role %s may not do this; it needs %s or higher",
             vg_role_str(rq->who.role), vg_role_str(need));
    vg_log(rq->log, VG_LOG_INFO, NULL, "refused: token=%s name='%s' role=%s needs %s", rq->who.id,
           rq->who.name, vg_role_str(rq->who.role), vg_role_str(need));
    *r = vg__api_reply_error(rq, MHD_HTTP_FORBIDDEN, "forbidden", msg, -1);
    return -1;
  }
  return 0;
}
