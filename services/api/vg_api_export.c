/* vg_api_export.c: GET /api/v1/export?format=csv|json&<search parameters>.
 *
 * For: downloading up to VG_API_MAX_EXPORT hits of a search (notices, clauses or flags; a
 * flags export takes the filters of GET /api/v1/flags) as
 * a file: CSV with a header row, RFC 4180 quoting (CRLF line ends, fields with a comma, quote
 * or line break in double quotes, quotes doubled) and a formula-injection guard (a text cell
 * starting with = + - @ TAB or CR gets a leading '), or JSON ({"kind","query","total",
 * "count","hits"}), both with Content-Disposition: attachment.
 * Not for: the search itself (routes.c parameters, the shim) or streaming bigger sets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_api_internal.h"

/* One CSV column: header and the path of the value in a hit ("doc.title"). */
typedef struct {
  const char *header;
  const char *path;
} s_col_t;

static const s_col_t s_notice_cols[] = {
    {"id", "id"}, {"notice_id", "notice_id"}, {"title", "title"}, {"buyer", "buyer"},
    {"country", "country"}, {"cpv", "cpv"}, {"notice_type", "notice_type"},
    {"procedure", "procedure"}, {"value", "value"}, {"currency", "currency"},
    {"dispatch_date", "dispatch_date"}, {"deadline", "deadline"}, {"lang", "lang"},
    {"flags", "flags.rule_id"}, {"score", "score"}, {NULL, NULL}};
static const s_col_t s_clause_cols[] = {
    {"id", "id"}, {"doc", "doc"}, {"label", "label"}, {"prob", "prob"}, {"low_conf", "low_conf"},
    {"number", "number"}, {"heading", "heading"}, {"start", "start"}, {"end", "end"},
    {"page", "page"}, {"text", "text"}, {"score", "score"}, {NULL, NULL}};
static const s_col_t s_flag_cols[] = {
    {"id", "id"}, {"rule_id", "rule_id"}, {"rule_version", "rule_version"},
    {"severity", "severity"}, {"review_status", "review.status"}, {"review_reason", "review.reason"},
    {"doc_id", "doc.id"}, {"notice_id", "doc.notice_id"}, {"title", "doc.title"},
    {"buyer", "doc.buyer"}, {"country", "doc.country"}, {"dispatch_date", "doc.dispatch_date"},
    {"clause_id", "clause_id"}, {"excerpt", "excerpt"}, {"legal_basis", "legal_basis"},
    {"explanation", "explanation"}, {"score", "score"}, {NULL, NULL}};

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} s_buf_t;

static void s_put(s_buf_t *b, const char *s, size_t n) {
  if (b->oom) return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *nb = realloc(b->buf, cap);
    if (!nb) {
      b->oom = 1;
      return;
    }
    b->buf = nb;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
}

/* One text cell, guarded and quoted as needed. */
static void s_cell_text(s_buf_t *b, const char *s) {
  int guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
  int quote = guard || strpbrk(s, ",\"\r\n") != NULL;
  if (quote) s_put(b, "\"", 1);
  if (guard) s_put(b, "'", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"') s_put(b, "\"\"", 2);
    else s_put(b, p, 1);
  }
  if (quote) s_put(b, "\"", 1);
}

/* Appends the text form of v (scalars; arrays joined by spaces) to a temporary buffer. */
static void s_scalar(s_buf_t *t, const json_t *v) {
  char num[64];
  int n = 0;
  switch (json_typeof(v)) {
    case JSON_STRING: s_put(t, json_string_value(v), json_string_length(v)); return;
    case JSON_INTEGER: n = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)); break;
    case JSON_REAL: n = snprintf(num, sizeof num, "%.15g", json_real_value(v)); break;
    case JSON_TRUE: n = snprintf(num, sizeof num, "true"); break;
    case JSON_FALSE: n = snprintf(num, sizeof num, "false"); break;
    default: return;
  }
  if (n > 0) s_put(t, num, (size_t)n);
}

/* The value at path ("a.b"; over an array, the key of each element) as text into t. */
static void s_value(s_buf_t *t, const json_t *hit, const char *path) {
  const char *dot = strchr(path, '.');
  char key[64];
  size_t kn = dot ? (size_t)(dot - path) : strlen(path);
  if (kn >= sizeof key) return;
  memcpy(key, path, kn);
  key[kn] = '\0';
  const json_t *v = json_object_get(hit, key);
  if (!v) return;
  if (json_is_array(v)) {
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e) {
      if (i) s_put(t, " ", 1);
      if (dot) s_value(t, e, dot + 1);
      else s_scalar(t, e);
    }
    return;
  }
  if (dot) s_value(t, v, dot + 1);
  else s_scalar(t, v);
}

static char *s_csv(const json_t *hits, const s_col_t *cols, size_t *len) {
  s_buf_t b = {0}, t = {0};
  for (size_t c = 0; cols[c].header; c++) {
    if (c) s_put(&b, ",", 1);
    s_put(&b, cols[c].header, strlen(cols[c].header));
  }
  s_put(&b, "\r\n", 2);
  size_t i;
  const json_t *h;
  json_array_foreach(hits, i, h) {
    for (size_t c = 0; cols[c].header; c++) {
      if (c) s_put(&b, ",", 1);
      t.len = 0;
      s_put(&t, "", 0);
      s_value(&t, h, cols[c].path);
      if (t.oom) b.oom = 1;
      /* numbers are written as they are: the guard is for text (a negative value is data) */
      const json_t *raw = strchr(cols[c].path, '.') ? NULL : json_object_get(h, cols[c].path);
      if (raw && json_is_number(raw)) s_put(&b, t.buf ? t.buf : "", t.len);
      else s_cell_text(&b, t.buf ? t.buf : "");
    }
    s_put(&b, "\r\n", 2);
  }
  free(t.buf);
  if (b.oom) {
    free(b.buf);
    return NULL;
  }
  *len = b.len;
  return b.buf;
}

enum MHD_Result vg__api_export(vg__api_req_t *rq) {
  const char *format = vg__api_arg(rq, "format");
  if (!format) format = "csv";
  int csv = !strcmp(format, "csv");
  if (!csv && strcmp(format, "json") != 0)
    return vg__api_reply_error(rq, MHD_HTTP_BAD_REQUEST, "bad_parameter", "format must be csv or json", -1);
  vg__api_search_t sp;
  enum MHD_Result r = MHD_NO;
  if (vg__api_search_params(rq, VG_XAP_KIND_NOTICES, 1000, VG_API_MAX_EXPORT, VG_API_MAX_EXPORT, &sp, &r))
    return r;
  sp.xq.want_facets = 0;
  /* flags exports take the filters of GET /api/v1/flags too */
  if (sp.xq.kind == VG_XAP_KIND_FLAGS && vg__api_flags_query(rq, &sp, &r)) {
    vg__api_search_params_free(&sp);
    return r;
  }
  json_t *res = NULL;
  if (vg__api_search_run(rq, &sp, &res, &r) != VG_OK) {
    vg__api_search_params_free(&sp);
    return r;
  }
  const char *kind = sp.xq.kind == VG_XAP_KIND_CLAUSES ? "clauses" : sp.xq.kind == VG_XAP_KIND_FLAGS ? "flags" : "notices";
  const s_col_t *cols = sp.xq.kind == VG_XAP_KIND_CLAUSES ? s_clause_cols
                        : sp.xq.kind == VG_XAP_KIND_FLAGS ? s_flag_cols : s_notice_cols;
  json_t *hits = json_object_get(res, "hits");
  char disp[96];
  snprintf(disp, sizeof disp, "attachment; filename=\"vigie-%s.%s\"", kind, csv ? "csv" : "json");
  if (csv) {
    size_t len = 0;
    char *text = s_csv(hits, cols, &len);
    json_decref(res);
    vg__api_search_params_free(&sp);
    if (!text) return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", "out of memory", -1);
    return vg__api_reply_text(rq, MHD_HTTP_OK, "text/csv; charset=utf-8; header=present", text, len, disp);
  }
  json_t *out = json_pack("{s:s, s:s, s:O, s:I, s:O}", "kind", kind, "query", sp.user_q, "total",
                          json_object_get(res, "total"), "count", (json_int_t)json_array_size(hits),
                          "hits", hits);
  if (out && json_object_get(res, "next_cursor"))
    json_object_set(out, "next_cursor", json_object_get(res, "next_cursor"));
  json_decref(res);
  vg__api_search_params_free(&sp);
  char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
  json_decref(out);
  if (!text) return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", "out of memory", -1);
  return vg__api_reply_text(rq, MHD_HTTP_OK, "application/json; charset=utf-8", text, strlen(text), disp);
}
