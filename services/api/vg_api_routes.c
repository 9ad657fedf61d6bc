/* vg_api_routes.c: the routes of vigie-api and their handlers.
 *
 * For: mapping (method, decoded path) to a handler, validating parameters against the named
 * limits, calling the Xapian reader and shaping the JSON answer (docs/api.md).
 * Not for: HTTP plumbing (server.c), response encoding (reply.c) or files (static.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_internal.h"
#include "vg_rule_stats.h"

#define VG__API_MAX_ID 512 /* longest document or clause id accepted in a path */

/* Parses a decimal parameter; absent -> def. 0 on success, -1 when not a plain number. */
static int s_param_size(vg__api_req_t *rq, const char *name, size_t def, size_t *out) {
  const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
  if (!v || !*v) {
    *out = def;
    return 0;
  }
  size_t n = 0, len = strlen(v);
  if (len > 9) return -1; /* keeps the value far from overflow; the caps are far lower */
  for (size_t i = 0; i < len; i++) {
    if (v[i] < '0' || v[i] > '9') return -1;
    n = n * 10 + (size_t)(v[i] - '0');
  }
  *out = n;
  return 0;
}

/* Parses a boolean parameter ("1/0/true/false/yes/no"); -1 on anything else. */
static int s_param_bool(vg__api_req_t *rq, const char *name, int def) {
  const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
  if (!v || !*v) return def;
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) return 1;
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) return 0;
  return -1;
}

static enum MHD_Result s_unavailable(vg__api_req_t *rq, const vg_err_t *err) {
  return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "index_unavailable", err->msg, -1);
}

static enum MHD_Result s_search(vg__api_req_t *rq) {
  char msg[160];
  const char *q = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "q");
  if (!q) q = ""; /* no query: every notice */
  size_t qlen = strlen(q);
  if (qlen > VG_API_MAX_QUERY_BYTES) {
    snprintf(msg, sizeof msg, "query is %zu bytes; the limit is %d", qlen, VG_API_MAX_QUERY_BYTES);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "query_too_long", msg, -1);
  }
  if (!vg__api_utf8_ok(q, qlen))
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_query", "query is not valid UTF-8", -1);
  size_t offset, limit;
  if (s_param_size(rq, "offset", 0, &offset) || s_param_size(rq, "limit", 10, &limit))
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                               "offset and limit must be non-negative integers", -1);
  if (limit > VG_API_MAX_LIMIT) {
    snprintf(msg, sizeof msg, "limit must be at most %d", VG_API_MAX_LIMIT);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter", msg, -1);
  }
  if (offset + limit > VG_API_MAX_WINDOW) {
    snprintf(msg, sizeof msg, "offset + limit must be at most %d (refine the query instead)",
             VG_API_MAX_WINDOW);
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "result_window", msg, -1);
  }
  int facets = s_param_bool(rq, "facets", 0);
  if (facets < 0)
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter", "facets must be 0 or 1", -1);
  vg_err_t err = {{0}};
  vg_xap_reader_t *r = vg__api_reader(rq, &err);
  if (!r) return s_unavailable(rq, &err);
  vg_xap_query_t xq = {.q = q, .offset = offset, .limit = limit, .want_facets = facets};
  json_t *out = NULL;
  int st = vg_xap_search(r, &xq, &out, &err);
  if (st != VG_OK) return vg__api_reply_status(rq, st, &err);
  json_object_set_new(out, "query", json_string(q));
  return vg__api_reply_json(rq, MHD_HTTP_OK, out);
}

static int s_id_ok(const char *id) {
  size_t n = strlen(id);
  return n > 0 && n <= VG__API_MAX_ID && vg__api_utf8_ok(id, n);
}

static enum MHD_Result s_bad_id(vg__api_req_t *rq) {
  return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such id", -1);
}

/* Fetches a document; on failure queues the error and returns NULL with *r set. */
static json_t *s_get_doc(vg__api_req_t *rq, const char *id, enum MHD_Result *r) {
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (!rd) {
    *r = s_unavailable(rq, &err);
    return NULL;
  }
  json_t *doc = NULL;
  int st = vg_xap_get_doc(rd, id, &doc, &err);
  if (st != VG_OK) {
    if (st == VG_E_NOTFOUND && !err.msg[0]) vg_err_set(&err, st, "no document with id '%s'", id);
    *r = vg__api_reply_status(rq, st, &err);
    return NULL;
  }
  return doc;
}

static enum MHD_Result s_document(vg__api_req_t *rq, const char *id) {
  if (!s_id_ok(id)) return s_bad_id(rq);
  enum MHD_Result r = MHD_NO;
  json_t *doc = s_get_doc(rq, id, &r);
  return doc ? vg__api_reply_json(rq, MHD_HTTP_OK, doc) : r;
}

/* {"doc": id, "flags": [outcome == flag], "not_fired": [the other outcomes, with reason]} */
static enum MHD_Result s_flags(vg__api_req_t *rq, const char *id) {
  if (!s_id_ok(id)) return s_bad_id(rq);
  enum MHD_Result r = MHD_NO;
  json_t *doc = s_get_doc(rq, id, &r);
  if (!doc) return r;
  json_t *fired = json_array(), *other = json_array(), *o = json_object();
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(doc, "flags"), i, f) {
    const char *oc = json_string_value(json_object_get(f, "outcome"));
    json_array_append(oc && !strcmp(oc, "flag") ? fired : other, f);
  }
  json_object_set_new(o, "doc", json_incref(json_object_get(doc, "id")));
  json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(fired)));
  json_object_set_new(o, "flags", fired);
  json_object_set_new(o, "not_fired", other);
  json_decref(doc);
  return vg__api_reply_json(rq, MHD_HTTP_OK, o);
}

static enum MHD_Result s_clause(vg__api_req_t *rq, const char *id) {
  if (!s_id_ok(id)) return s_bad_id(rq);
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (!rd) return s_unavailable(rq, &err);
  json_t *c = NULL;
  int st = vg_xap_get_clause(rd, id, &c, &err);
  if (st != VG_OK) {
    if (st == VG_E_NOTFOUND && !err.msg[0]) vg_err_set(&err, st, "no clause with id '%s'", id);
    return vg__api_reply_status(rq, st, &err);
  }
  return vg__api_reply_json(rq, MHD_HTTP_OK, c);
}

static enum MHD_Result s_health(vg__api_req_t *rq) {
  vg_err_t err = {{0}};
  json_t *o = json_object();
  json_object_set_new(o, "status", json_string("ok"));
  json_object_set_new(o, "version", json_string(VIGIE_VERSION));
  size_t n = 0, c = 0;
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (rd && vg_xap_counts(rd, &n, &c, &err) == VG_OK) {
    json_object_set_new(o, "index", json_string("ready"));
  } else {
    /* the process is healthy; the index is missing (indexer not started) or failing */
    json_object_set_new(o, "index", json_string(rd ? "error" : "missing"));
    json_object_set_new(o, "message", json_string(err.msg));
  }
  json_object_set_new(o, "notices", json_integer((json_int_t)n));
  json_object_set_new(o, "clauses", json_integer((json_int_t)c));
  return vg__api_reply_json(rq, MHD_HTTP_OK, o);
}

static enum MHD_Result s_version(vg__api_req_t *rq) {
  json_t *o = json_pack(
      "{s:s, s:s, s:s, s:[s,s,s,s,s,s,s], s:{s:i, s:i, s:i}}", "name", "vigie", "api", "v1",
      "version", VIGIE_VERSION, "endpoints", "GET /api/v1/search?q=&offset=&limit=&facets=",
      "GET /api/v1/documents/{id}", "GET /api/v1/documents/{id}/flags",
      "GET /api/v1/clauses/{id}", "GET /api/v1/rules", "GET /api/v1/rules/stats?warn_share=",
      "GET /healthz", "limits", "max_limit", VG_API_MAX_LIMIT,
      "max_window", VG_API_MAX_WINDOW, "max_query_bytes", VG_API_MAX_QUERY_BYTES);
  return vg__api_reply_json(rq, MHD_HTTP_OK, o);
}

/* GET /api/v1/rules: the catalogue as loaded (rules with legal bases, thresholds...). */
static enum MHD_Result s_rules(vg__api_req_t *rq) {
  if (!rq->cfg->catalogue)
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "no_catalogue",
                               "the rule catalogue could not be loaded", -1);
  return vg__api_reply_json(rq, MHD_HTTP_OK, json_deep_copy(rq->cfg->catalogue));
}

/* GET /api/v1/rules/stats?warn_share=0.3: each rule's hit rate over the indexed notices. */
static enum MHD_Result s_rules_stats(vg__api_req_t *rq) {
  if (!rq->cfg->catalogue) return s_rules(rq);
  double warn = VG_RULE_STATS_DEFAULT_WARN;
  const char *w = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, "warn_share");
  if (w) {
    char *end = NULL;
    warn = strtod(w, &end);
    if (!end || *end || !(warn >= 0 && warn <= 1))
      return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter",
                                 "warn_share must be a number between 0 and 1", -1);
  }
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (!rd) return s_unavailable(rq, &err);
  vg_xap_query_t q = {.q = "", .offset = 0, .limit = 1, .want_facets = 1};
  json_t *res = NULL;
  int st = vg_xap_search(rd, &q, &res, &err);
  if (st != VG_OK) return vg__api_reply_status(rq, st, &err);
  json_t *out = vg_rule_stats(rq->cfg->catalogue, json_object_get(json_object_get(res, "facets"), "rule"),
                              (size_t)json_integer_value(json_object_get(res, "total")), warn);
  json_decref(res);
  return vg__api_reply_json(rq, MHD_HTTP_OK, out);
}

typedef enum { R_NONE, R_UI_INDEX, R_UI_FILE, R_HEALTH, R_VERSION, R_SEARCH, R_DOC, R_FLAGS, R_CLAUSE,
               R_RULES, R_RULES_STATS } s_route_t;

/* Finds the route for path; *arg points into a copy (buf) for the id or file part. */
static s_route_t s_match(const char *path, char *buf, size_t cap, const char **arg) {
  static const char docs[] = "/api/v1/documents/", cls[] = "/api/v1/clauses/", ui[] = "/ui/";
  *arg = NULL;
  if (!strcmp(path, "/") || !strcmp(path, "/index.html")) return R_UI_INDEX;
  if (!strcmp(path, "/healthz")) return R_HEALTH;
  if (!strcmp(path, "/api/v1") || !strcmp(path, "/api/v1/")) return R_VERSION;
  if (!strcmp(path, "/api/v1/search")) return R_SEARCH;
  if (!strcmp(path, "/api/v1/rules")) return R_RULES;
  if (!strcmp(path, "/api/v1/rules/stats")) return R_RULES_STATS;
  size_t n = strlen(path);
  if (n >= cap) return R_NONE;
  if (!strncmp(path, ui, sizeof ui - 1)) {
    *arg = path + sizeof ui - 1;
    return R_UI_FILE;
  }
  if (!strncmp(path, cls, sizeof cls - 1)) {
    /* clause ids hold a '/' ("<doc>/c3"): the whole rest of the path is the id, whether
     * the client sent the '/' as is or as %2F (MHD has decoded the path already) */
    *arg = path + sizeof cls - 1;
    return R_CLAUSE;
  }
  if (!strncmp(path, docs, sizeof docs - 1)) {
    memcpy(buf, path + sizeof docs - 1, n - (sizeof docs - 1) + 1);
    size_t m = strlen(buf);
    *arg = buf;
    if (m > 6 && !strcmp(buf + m - 6, "/flags")) {
      buf[m - 6] = '\0';
      return R_FLAGS;
    }
    return R_DOC;
  }
  return R_NONE;
}

enum MHD_Result vg__api_route(vg__api_req_t *rq, const char *method, const char *url) {
  char buf[VG__API_MAX_ID + 64];
  const char *arg = NULL;
  s_route_t rt = s_match(url, buf, sizeof buf, &arg);
  if (rt == R_NONE) return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such route", -1);
  /* HEAD is answered like GET; MHD leaves the body out */
  if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
    return vg__api_reply_error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
                               "only GET and HEAD are supported", -1);
  switch (rt) {
    case R_UI_INDEX: return vg__api_serve_file(rq, "index.html");
    case R_UI_FILE: return vg__api_serve_file(rq, arg);
    case R_HEALTH: return s_health(rq);
    case R_VERSION: return s_version(rq);
    case R_SEARCH: return s_search(rq);
    case R_DOC: return s_document(rq, arg);
    case R_FLAGS: return s_flags(rq, arg);
    case R_CLAUSE: return s_clause(rq, arg);
    case R_RULES: return s_rules(rq);
    case R_RULES_STATS: return s_rules_stats(rq);
    case R_NONE: break;
  }
  return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such route", -1);
}
