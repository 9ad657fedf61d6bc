/* vg_api_reply.c: JSON responses and the one error shape of vigie-api.
 *
 * For: turning a jansson value, a text body or a status into a queued MHD response with the
 * right headers (Content-Type, no-store, nosniff, CORS when configured, WWW-Authenticate on
 * 401, Allow on 405).
 * Not for: routing (routes.c) or static files (static.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_internal.h"

#define VG__API_CORS_METHODS "GET, HEAD, POST, DELETE, OPTIONS"

void vg__api_common_headers(vg__api_req_t *rq, struct MHD_Response *resp) {
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  if (rq->cfg->cors_origin) {
    /* one configured origin, never a reflection of the request's Origin */
    MHD_add_response_header(resp, "Access-Control-Allow-Origin", rq->cfg->cors_origin);
    MHD_add_response_header(resp, "Vary", "Origin");
  }
}

static enum MHD_Result s_queue(vg__api_req_t *rq, unsigned status, struct MHD_Response *resp) {
  vg__api_common_headers(rq, resp);
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
    MHD_add_response_header(resp, "Allow", rq->allow ? rq->allow : "GET, HEAD");
  if (status == MHD_HTTP_SERVICE_UNAVAILABLE) MHD_add_response_header(resp, "Retry-After", "1");
  if (status == MHD_HTTP_UNAUTHORIZED)
    MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"vigie\"");
  rq->status = status;
  enum MHD_Result r = MHD_queue_response(rq->conn, status, resp);
  MHD_destroy_response(resp);
  return r;
}

enum MHD_Result vg__api_reply_text(vg__api_req_t *rq, unsigned status, const char *ctype,
                                   char *text, size_t len, const char *disposition) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(text);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  if (disposition) MHD_add_response_header(resp, "Content-Disposition", disposition);
  return s_queue(rq, status, resp);
}

enum MHD_Result vg__api_reply_preflight(vg__api_req_t *rq) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, "Access-Control-Allow-Methods", VG__API_CORS_METHODS);
  MHD_add_response_header(resp, "Access-Control-Allow-Headers", "Authorization, Content-Type");
  MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
  return s_queue(rq, MHD_HTTP_NO_CONTENT, resp);
}

enum MHD_Result vg__api_reply_json(vg__api_req_t *rq, unsigned status, json_t *body) {
  /* JSON_COMPACT keeps responses small; UTF-8 is sent as is (Content-Type says so). */
  char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
  json_decref(body);
  if (!text) {
    static const char fallback[] =
        "{\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"cannot encode response\"}}";
    status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    size_t n = sizeof fallback - 1;
    text = malloc(n + 1);
    if (!text) return MHD_NO;
    memcpy(text, fallback, n + 1);
  }
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(text);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
  return s_queue(rq, status, resp);
}

enum MHD_Result vg__api_reply_error(vg__api_req_t *rq, unsigned status, const char *code,
                                    const char *message, long position) {
  json_t *e = json_object();
  json_object_set_new(e, "status", json_integer(status));
  json_object_set_new(e, "code", json_string(code));
  /* message may carry bytes from the client or the backend: never let it break the body */
  json_t *m = message ? json_string(message) : NULL;
  json_object_set_new(e, "message", m ? m : json_string("(message not valid UTF-8)"));
  if (position >= 0) json_object_set_new(e, "position", json_integer(position));
  json_t *o = json_object();
  json_object_set_new(o, "error", e);
  return vg__api_reply_json(rq, status, o);
}

/* Xapian's QueryParserError has no position field; when the shim's detail names one
 * ("... position N ..." or "... at N ...") we pass it on, otherwise none. */
static long s_position(const char *msg) {
  const char *keys[] = {"position ", "at offset "};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    const char *p = strstr(msg, keys[k]);
    if (!p) continue;
    p += strlen(keys[k]);
    char *end = NULL;
    long v = strtol(p, &end, 10);
    if (end != p && v >= 0) return v;
  }
  return -1;
}

enum MHD_Result vg__api_reply_status(vg__api_req_t *rq, int st, const vg_err_t *err) {
  return vg__api_reply_status_shift(rq, st, err, 0);
}

enum MHD_Result vg__api_reply_status_shift(vg__api_req_t *rq, int st, const vg_err_t *err,
                                           size_t shift) {
  const char *msg = (err && err->msg[0]) ? err->msg : vg_status_str(st);
  long pos;
  switch (st) {
    case VG_E_QUERY:
      /* positions count from the start of the user's q, not of the composed query */
      pos = s_position(msg);
      if (pos >= 0) pos = pos >= (long)shift ? pos - (long)shift : 0;
      return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_query", msg, pos);
    case VG_E_INPUT:
    case VG_E_TOO_BIG:
    case VG_E_ENCODING:
      return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_request", msg, -1);
    case VG_E_NOTFOUND:
      return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", msg, -1);
    case VG_E_AUTH:
      return vg__api_reply_error(rq, MHD_HTTP_UNAUTHORIZED, "unauthorized", msg, -1);
    case VG_E_DENIED:
      return vg__api_reply_error(rq, MHD_HTTP_FORBIDDEN, "forbidden", msg, -1);
    case VG_E_NOMEM:
    case VG_E_LOCKED:
    case VG_E_TIMEOUT:
      return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", msg, -1);
    case VG_E_BACKEND:
    case VG_E_IO:
      vg_log(rq->log, VG_LOG_WARN, NULL, "backend error: %s", msg);
      return vg__api_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "backend_error", msg, -1);
    default:
      vg_log(rq->log, VG_LOG_ERROR, NULL, "internal error %s: %s", vg_status_name(st), msg);
      return vg__api_reply_error(rq, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal", msg, -1);
  }
}

int vg__api_utf8_ok(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s, *e = p + len;
  while (p < e) {
    unsigned c = *p;
    size_t n;
    unsigned min;
    if (c == 0) return 0;
    if (c < 0x80) { p++; continue; }
    if ((c & 0xE0) == 0xC0) { n = 1; min = 0x80; c &= 0x1F; }
    else if ((c & 0xF0) == 0xE0) { n = 2; min = 0x800; c &= 0x0F; }
    else if ((c & 0xF8) == 0xF0) { n = 3; min = 0x10000; c &= 0x07; }
    else return 0;
    if ((size_t)(e - p) <= n) return 0;
    for (size_t i = 1; i <= n; i++) {
      if ((p[i] & 0xC0) != 0x80) return 0;
      c = (c << 6) | (p[i] & 0x3F);
    }
    /* overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8 */
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    p += n + 1;
  }
  return 1;
}
