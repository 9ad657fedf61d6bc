/* vg_api_routes.c: the route table of vigie-api, dispatch with roles, and the read handlers.
 *
 * For: mapping (method, decoded path) to a handler after checking the role the route needs
 * (auth.c), the search parameters shared by search, flags and export (validated against the
 * named limits), and the search, document, clause, rules, health and version handlers.
 * Not for: HTTP plumbing (server.c), response encoding (reply.c), files (static.c), flags and
 * reviews (flags.c), exports (export.c), tokens and audit (admin.c), metrics (metrics.c). */
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

const char *vg__api_arg(vg__api_req_t *rq, const char *name) {
  const char *v = MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
  return v && *v ? v : NULL;
}

/* 1 when every byte of v is in the set (lower-case letters, digits and the extra chars). */
static int s_chars(const char *v, const char *extra, size_t max) {
  size_t n = strlen(v);
  if (n == 0 || n > max) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = v[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (extra && strchr(extra, c)))) return 0;
  }
  return 1;
}

static int s_bad(vg__api_req_t *rq, enum MHD_Result *r, const char *code, const char *msg) {
  *r = vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, code, msg, -1);
  return -1;
}

int vg__api_search_params(vg__api_req_t *rq, int default_kind, size_t default_limit,
                          size_t max_limit, size_t window, vg__api_search_t *sp,
                          enum MHD_Result *r) {
  char msg[160];
  memset(sp, 0, sizeof *sp);
  const char *q = vg__api_arg(rq, "q");
  if (!q) q = ""; /* no query: everything of the kind */
  size_t qlen = strlen(q);
  if (qlen > VG_API_MAX_QUERY_BYTES) {
    snprintf(msg, sizeof msg, "query is %zu bytes; the limit is %d", qlen, VG_API_MAX_QUERY_BYTES);
    return s_bad(rq, r, "query_too_long", msg);
  }
  if (!vg__api_utf8_ok(q, qlen)) return s_bad(rq, r, "bad_query", "query is not valid UTF-8");
  sp->user_q = q;
  sp->xq.q = q;
  const char *kind = vg__api_arg(rq, "kind");
  sp->xq.kind = default_kind;
  if (kind) {
    if (!strcmp(kind, "notices")) sp->xq.kind = VG_XAP_KIND_NOTICES;
    else if (!strcmp(kind, "clauses")) sp->xq.kind = VG_XAP_KIND_CLAUSES;
    else if (!strcmp(kind, "flags")) sp->xq.kind = VG_XAP_KIND_FLAGS;
    else return s_bad(rq, r, "bad_parameter", "kind must be notices, clauses or flags");
  }
  size_t offset, limit;
  if (s_param_size(rq, "offset", 0, &offset) || s_param_size(rq, "limit", default_limit, &limit))
    return s_bad(rq, r, "bad_parameter", "offset and limit must be non-negative integers");
  if (limit > max_limit) {
    snprintf(msg, sizeof msg, "limit must be at most %zu", max_limit);
    return s_bad(rq, r, "bad_parameter", msg);
  }
  if (offset + limit > window) {
    snprintf(msg, sizeof msg, "offset + limit must be at most %zu (refine the query, or page with "
             "cursor)", window);
    return s_bad(rq, r, "result_window", msg);
  }
  sp->xq.offset = offset;
  sp->xq.limit = limit;
  int facets = s_param_bool(rq, "facets", 0);
  if (facets < 0) return s_bad(rq, r, "bad_parameter", "facets must be 0 or 1");
  sp->xq.want_facets = facets;
  const char *sort = vg__api_arg(rq, "sort");
  if (sort && !s_chars(sort, "-_", 32))
    return s_bad(rq, r, "bad_parameter", "sort must be a sort key such as relevance, published, "
                                         "deadline, value, flags, severity (leading - reverses)");
  sp->xq.sort = sort;
  const char *lang = vg__api_arg(rq, "lang");
  if (lang && !(s_chars(lang, NULL, 3) && strlen(lang) >= 2 && !strpbrk(lang, "0123456789")))
    return s_bad(rq, r, "bad_parameter", "lang must be an ISO 639-1 code such as fr or en");
  sp->xq.lang = lang;
  const char *cursor = vg__api_arg(rq, "cursor");
  if (cursor) {
    size_t n = strlen(cursor);
    int ok = n <= VG_API_MAX_CURSOR;
    for (size_t i = 0; ok && i < n; i++) ok = cursor[i] > 0x20 && cursor[i] < 0x7f;
    if (!ok) return s_bad(rq, r, "bad_parameter", "cursor must be the next_cursor of a previous page");
    sp->xq.cursor = cursor;
  }
  const char *versions = vg__api_arg(rq, "versions");
  if (versions) {
    if (!strcmp(versions, "all")) sp->xq.all_versions = 1;
    else if (strcmp(versions, "latest") != 0)
      return s_bad(rq, r, "bad_parameter", "versions must be latest or all");
  }
  return 0;
}

void vg__api_search_params_free(vg__api_search_t *sp) {
  free(sp->qbuf);
  sp->qbuf = NULL;
}

int vg__api_search_run(vg__api_req_t *rq, vg__api_search_t *sp, json_t **out, enum MHD_Result *r) {
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  if (!rd) {
    *r = s_unavailable(rq, &err);
    return VG_E_BACKEND;
  }
  int st = vg_xap_search(rd, &sp->xq, out, &err);
  if (st != VG_OK) *r = vg__api_reply_status_shift(rq, st, &err, sp->q_shift);
  return st;
}

static const char *s_kind_name(int kind) {
  return kind == VG_XAP_KIND_CLAUSES ? "clauses" : kind == VG_XAP_KIND_FLAGS ? "flags" : "notices";
}

static enum MHD_Result s_search(vg__api_req_t *rq) {
  vg__api_search_t sp;
  enum MHD_Result r = MHD_NO;
  if (vg__api_search_params(rq, VG_XAP_KIND_NOTICES, 10, VG_API_MAX_LIMIT, VG_API_MAX_WINDOW, &sp, &r))
    return r;
  json_t *out = NULL;
  if (vg__api_search_run(rq, &sp, &out, &r) == VG_OK) {
    json_object_set_new(out, "query", json_string(sp.user_q));
    json_object_set_new(out, "kind", json_string(s_kind_name(sp.xq.kind)));
    r = vg__api_reply_json(rq, MHD_HTTP_OK, out);
  }
  vg__api_search_params_free(&sp);
  return r;
}

int vg__api_id_ok(const char *id) {
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
  if (!vg__api_id_ok(id)) return s_bad_id(rq);
  enum MHD_Result r = MHD_NO;
  json_t *doc = s_get_doc(rq, id, &r);
  return doc ? vg__api_reply_json(rq, MHD_HTTP_OK, doc) : r;
}

/* {"doc": id, "flags": [outcome == flag], "not_fired": [the other outcomes, with reason]} */
static enum MHD_Result s_flags(vg__api_req_t *rq, const char *id) {
  if (!vg__api_id_ok(id)) return s_bad_id(rq);
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
  if (!vg__api_id_ok(id)) return s_bad_id(rq);
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

/* The route table: what the server answers, for dispatch, Allow headers, /api/v1/ and
 * `vigie-api --routes` (compared with docs/openapi.yaml by tests/openapi). */
static const struct {
  int route;
  const char *method;
  const char *path;
} s_table[] = {
    {VG__R_UI_INDEX, "GET", "/"},
    {VG__R_UI_FILE, "GET", "/ui/{file}"},
    {VG__R_HEALTH, "GET", "/healthz"},
    {VG__R_METRICS, "GET", "/metrics"},
    {VG__R_VERSION, "GET", "/api/v1/"},
    {VG__R_SEARCH, "GET", "/api/v1/search"},
    {VG__R_DOC, "GET", "/api/v1/documents/{id}"},
    {VG__R_DOC_FLAGS, "GET", "/api/v1/documents/{id}/flags"},
    {VG__R_CLAUSE, "GET", "/api/v1/clauses/{id}"},
    {VG__R_CLAUSE_NOTES, "POST", "/api/v1/clauses/{id}/notes"},
    {VG__R_FLAGS, "GET", "/api/v1/flags"},
    {VG__R_FLAG, "GET", "/api/v1/flags/{id}"},
    {VG__R_FLAG_REVIEW, "POST", "/api/v1/flags/{id}/review"},
    {VG__R_RULES, "GET", "/api/v1/rules"},
    {VG__R_RULES_STATS, "GET", "/api/v1/rules/stats"},
    {VG__R_EXPORT, "GET", "/api/v1/export"},
    {VG__R_TOKENS, "GET", "/api/v1/tokens"},
    {VG__R_TOKENS, "POST", "/api/v1/tokens"},
    {VG__R_TOKEN, "DELETE", "/api/v1/tokens/{id}"},
    {VG__R_AUDIT, "GET", "/api/v1/audit"},
};
#define VG__API_NROUTES (sizeof s_table / sizeof *s_table)

static const char *const s_names[VG__R_COUNT] = {
    [VG__R_NONE] = "other", [VG__R_UI_INDEX] = "ui", [VG__R_UI_FILE] = "ui_file",
    [VG__R_HEALTH] = "healthz", [VG__R_METRICS] = "metrics", [VG__R_VERSION] = "version",
    [VG__R_SEARCH] = "search", [VG__R_DOC] = "document", [VG__R_DOC_FLAGS] = "document_flags",
    [VG__R_CLAUSE] = "clause", [VG__R_CLAUSE_NOTES] = "clause_notes", [VG__R_FLAGS] = "flags",
    [VG__R_FLAG] = "flag", [VG__R_FLAG_REVIEW] = "flag_review", [VG__R_RULES] = "rules",
    [VG__R_RULES_STATS] = "rules_stats", [VG__R_EXPORT] = "export", [VG__R_TOKENS] = "tokens",
    [VG__R_TOKEN] = "token", [VG__R_AUDIT] = "audit",
};

const char *vg__api_route_name(int route) {
  return route > VG__R_NONE && route < VG__R_COUNT && s_names[route] ? s_names[route] : "other";
}

json_t *vg_api_routes(void) {
  json_t *a = json_array();
  for (size_t i = 0; i < VG__API_NROUTES; i++)
    json_array_append_new(a, json_pack("{s:s, s:s}", "method", s_table[i].method, "path", s_table[i].path));
  return a;
}

static enum MHD_Result s_version(vg__api_req_t *rq) {
  json_t *eps = json_array();
  for (size_t i = 0; i < VG__API_NROUTES; i++) {
    char line[96];
    snprintf(line, sizeof line, "%s %s", s_table[i].method, s_table[i].path);
    json_array_append_new(eps, json_string(line));
  }
  json_t *o = json_pack(
      "{s:s, s:s, s:s, s:o, s:{s:i, s:i, s:i, s:i, s:i}, s:{s:b, s:b}}", "name", "vigie", "api", "v1",
      "version", VIGIE_VERSION, "endpoints", eps, "limits", "max_limit", VG_API_MAX_LIMIT,
      "max_window", VG_API_MAX_WINDOW, "max_query_bytes", VG_API_MAX_QUERY_BYTES, "max_body_bytes",
      VG_API_MAX_BODY, "max_export_rows", VG_API_MAX_EXPORT, "auth", "reads_need_token",
      rq->cfg->auth_reads, "cors", rq->cfg->cors_origin != NULL);
  return vg__api_reply_json(rq, MHD_HTTP_OK, o);
}

/* GET /api/v1/rules: the catalogue as loaded (rules with legal bases, thresholds...). */
static enum MHD_Result s_rules(vg__api_req_t *rq) {
  if (!rq->cfg->catalogue)
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "no_catalogue",
                               "the rule catalogue could not be loaded", -1);
  return vg__api_reply_json(rq, MHD_HTTP_OK, json_deep_copy(rq->cfg->catalogue));
}

/* GET /api/v1/rules/stats?warn_share=0.3: each rule's hit rate over the indexed notices (all versions). */
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
  /* every analysed notice counts, superseded versions too: each was judged by the rules */
  vg_xap_query_t q = {.q = "", .offset = 0, .limit = 1, .want_facets = 1, .all_versions = 1};
  json_t *res = NULL;
  int st = vg_xap_search(rd, &q, &res, &err);
  if (st != VG_OK) return vg__api_reply_status(rq, st, &err);
  json_t *out = vg_rule_stats(rq->cfg->catalogue, json_object_get(json_object_get(res, "facets"), "rule"),
                              (size_t)json_integer_value(json_object_get(res, "total")), warn);
  json_decref(res);
  return vg__api_reply_json(rq, MHD_HTTP_OK, out);
}

/* Strips suffix from buf (a copy of the path rest) when present and non-empty before it. */
static int s_suffix(char *buf, const char *suffix) {
  size_t m = strlen(buf), k = strlen(suffix);
  if (m > k && !strcmp(buf + m - k, suffix)) {
    buf[m - k] = '\0';
    return 1;
  }
  return 0;
}

/* Finds the route for path; *arg points into a copy (buf) for the id or file part. */
static int s_match(const char *path, char *buf, size_t cap, const char **arg) {
  static const char docs[] = "/api/v1/documents/", cls[] = "/api/v1/clauses/", ui[] = "/ui/",
                    flags[] = "/api/v1/flags/", toks[] = "/api/v1/tokens/";
  *arg = NULL;
  if (!strcmp(path, "/") || !strcmp(path, "/index.html")) return VG__R_UI_INDEX;
  if (!strcmp(path, "/healthz")) return VG__R_HEALTH;
  if (!strcmp(path, "/metrics")) return VG__R_METRICS;
  if (!strcmp(path, "/api/v1") || !strcmp(path, "/api/v1/")) return VG__R_VERSION;
  if (!strcmp(path, "/api/v1/search")) return VG__R_SEARCH;
  if (!strcmp(path, "/api/v1/rules")) return VG__R_RULES;
  if (!strcmp(path, "/api/v1/rules/stats")) return VG__R_RULES_STATS;
  if (!strcmp(path, "/api/v1/flags")) return VG__R_FLAGS;
  if (!strcmp(path, "/api/v1/export")) return VG__R_EXPORT;
  if (!strcmp(path, "/api/v1/tokens")) return VG__R_TOKENS;
  if (!strcmp(path, "/api/v1/audit")) return VG__R_AUDIT;
  size_t n = strlen(path);
  if (n >= cap) return VG__R_NONE;
  if (!strncmp(path, ui, sizeof ui - 1)) {
    *arg = path + sizeof ui - 1;
    return VG__R_UI_FILE;
  }
  static const struct {
    const char *prefix;
    size_t len;
    int plain, sub;
    const char *suffix;
  } rest[] = {
      /* clause ids hold a '/' ("<doc>/c3"): the whole rest of the path is the id, whether the
       * client sent the '/' as is or as %2F (MHD has decoded the path already) */
      {cls, sizeof cls - 1, VG__R_CLAUSE, VG__R_CLAUSE_NOTES, "/notes"},
      {docs, sizeof docs - 1, VG__R_DOC, VG__R_DOC_FLAGS, "/flags"},
      {flags, sizeof flags - 1, VG__R_FLAG, VG__R_FLAG_REVIEW, "/review"},
      {toks, sizeof toks - 1, VG__R_TOKEN, VG__R_NONE, NULL},
  };
  for (size_t i = 0; i < sizeof rest / sizeof *rest; i++) {
    if (strncmp(path, rest[i].prefix, rest[i].len) != 0) continue;
    memcpy(buf, path + rest[i].len, n - rest[i].len + 1);
    *arg = buf;
    if (rest[i].suffix && s_suffix(buf, rest[i].suffix)) return rest[i].sub;
    return rest[i].plain;
  }
  return VG__R_NONE;
}

int vg__api_route_of(const char *url) {
  char buf[VG__API_MAX_ID + 64];
  const char *arg;
  return s_match(url, buf, sizeof buf, &arg);
}

/* The role a (route, method) needs; -1 when the method is not served on the route. Also
 * sets rq->allow. */
static int s_need(vg__api_req_t *rq, int rt, const char *method) {
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
  int post = !strcmp(method, "POST"), del = !strcmp(method, "DELETE");
  vg_role_t read = vg__api_read_role(rq);
  switch (rt) {
    case VG__R_UI_INDEX: case VG__R_UI_FILE: case VG__R_HEALTH: case VG__R_VERSION:
      rq->allow = "GET, HEAD";
      return get ? (int)VG_ROLE_NONE : -1;
    case VG__R_CLAUSE_NOTES: case VG__R_FLAG_REVIEW:
      rq->allow = "POST";
      return post ? (int)VG_ROLE_REVIEWER : -1;
    case VG__R_TOKENS:
      rq->allow = "GET, HEAD, POST";
      return get || post ? (int)VG_ROLE_ADMIN : -1;
    case VG__R_TOKEN:
      rq->allow = "DELETE";
      return del ? (int)VG_ROLE_ADMIN : -1;
    case VG__R_AUDIT:
      rq->allow = "GET, HEAD";
      return get ? (int)VG_ROLE_REVIEWER : -1;
    default:
      rq->allow = "GET, HEAD";
      return get ? (int)read : -1;
  }
}

enum MHD_Result vg__api_route(vg__api_req_t *rq, const char *method, const char *url) {
  char buf[VG__API_MAX_ID + 64];
  const char *arg = NULL;
  int rt = s_match(url, buf, sizeof buf, &arg);
  rq->route = rt;
  if (rt == VG__R_NONE) return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such route", -1);
  int need = s_need(rq, rt, method);
  if (rq->cfg->cors_origin && !strcmp(method, "OPTIONS")) return vg__api_reply_preflight(rq);
  if (need < 0) {
    char msg[96];
    snprintf(msg, sizeof msg, "this route answers %s only", rq->allow);
    return vg__api_reply_error(rq, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed", msg, -1);
  }
  enum MHD_Result r = MHD_NO;
  if (vg__api_auth(rq, (vg_role_t)need, &r)) return r;
  int post = !strcmp(method, "POST");
  switch ((vg__api_route_t)rt) {
    case VG__R_UI_INDEX: return vg__api_serve_file(rq, "index.html");
    case VG__R_UI_FILE: return vg__api_serve_file(rq, arg);
    case VG__R_HEALTH: return s_health(rq);
    case VG__R_METRICS: return vg__api_metrics_reply(rq);
    case VG__R_VERSION: return s_version(rq);
    case VG__R_SEARCH: return s_search(rq);
    case VG__R_DOC: return s_document(rq, arg);
    case VG__R_DOC_FLAGS: return s_flags(rq, arg);
    case VG__R_CLAUSE: return s_clause(rq, arg);
    case VG__R_CLAUSE_NOTES: return vg__api_clause_note(rq, arg);
    case VG__R_FLAGS: return vg__api_flags_list(rq);
    case VG__R_FLAG: return vg__api_flag_get(rq, arg);
    case VG__R_FLAG_REVIEW: return vg__api_flag_review(rq, arg);
    case VG__R_RULES: return s_rules(rq);
    case VG__R_RULES_STATS: return s_rules_stats(rq);
    case VG__R_EXPORT: return vg__api_export(rq);
    case VG__R_TOKENS: return post ? vg__api_tokens_create(rq) : vg__api_tokens_list(rq);
    case VG__R_TOKEN: return vg__api_tokens_revoke(rq, arg);
    case VG__R_AUDIT: return vg__api_audit(rq);
    case VG__R_NONE: case VG__R_COUNT: break;
  }
  return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such route", -1);
}
