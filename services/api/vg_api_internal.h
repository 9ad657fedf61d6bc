/* vg_api_internal.h: what the files of vigie-api share among themselves (vg__ names).
 *
 * For: server.c (daemon, per-thread readers and token stores, request bodies, metrics hook),
 * routes.c (route table, dispatch, search and document handlers), auth.c (bearer tokens and
 * roles), flags.c (flag list, flag, review and note writes), export.c (CSV/JSON exports),
 * admin.c (tokens and audit endpoints), metrics.c (Prometheus counters), reply.c (JSON
 * bodies, errors, common headers), static.c (UI files).
 * Not for: any other service; the public face is vg_api_server.h. */
#ifndef VG_API_INTERNAL_H
#define VG_API_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>

#include "vg_api_server.h"
#include "vg_log.h"
#include "vg_tokens.h"
#include "vg_xap.h"

/* Routes, for dispatch and for the metrics' route label (vg__api_route_name). */
typedef enum {
  VG__R_NONE = 0, VG__R_UI_INDEX, VG__R_UI_FILE, VG__R_HEALTH, VG__R_METRICS, VG__R_VERSION,
  VG__R_SEARCH, VG__R_DOC, VG__R_DOC_FLAGS, VG__R_CLAUSE, VG__R_CLAUSE_NOTES, VG__R_FLAGS,
  VG__R_FLAG, VG__R_FLAG_REVIEW, VG__R_RULES, VG__R_RULES_STATS, VG__R_EXPORT, VG__R_TOKENS,
  VG__R_TOKEN, VG__R_AUDIT, VG__R_COUNT
} vg__api_route_t;

/* One request being answered. Borrowed pointers, valid during the handler call. */
typedef struct {
  struct MHD_Connection *conn;
  vg_api_server_t *srv;
  const vg_api_config_t *cfg;
  const char *ui_root;  /* canonical (realpath) UI directory, or NULL when unusable */
  const vg_log_t *log;
  const char *body;     /* request body, NUL-terminated (NULL when none) */
  size_t body_len;
  const char *allow;    /* methods of the matched route, for 405 answers */
  int route;            /* vg__api_route_t, set by vg__api_route */
  unsigned status;      /* set by the reply helpers, for the access log and metrics */
  int authed;           /* 1: who holds the caller's verified token */
  vg_token_info_t who;
} vg__api_req_t;

/* ---- server.c: per-thread resources ---- */
/* This thread's reader, opened or reopened as needed (at most every cfg->reopen_ms).
 * NULL when the database cannot be opened yet (err says why). Borrowed: owned by the
 * thread, closed when the thread exits. */
vg_xap_reader_t *vg__api_reader(vg__api_req_t *rq, vg_err_t *err);
/* This thread's token store (opened on first use), or NULL when none is configured or it
 * cannot be opened (err says why). Borrowed, like the reader. */
vg_tokens_t *vg__api_tokens(vg__api_req_t *rq, vg_err_t *err);
/* Records that a write (review, note) was committed by the indexer: every thread's reader
 * reopens before its next read (read-your-writes across the pool). */
void vg__api_wrote(vg__api_req_t *rq);
/* The server's ZeroMQ context (thread-safe; sockets are made per call). */
void *vg__api_zctx(vg__api_req_t *rq);
/* The server's metrics (metrics.c). */
struct vg__api_metrics *vg__api_metrics(vg__api_req_t *rq);

/* ---- routes.c ---- */
/* Routes one complete request (method and decoded path) and queues the response. */
enum MHD_Result vg__api_route(vg__api_req_t *rq, const char *method, const char *url);
/* The route of a path (for metrics of requests refused before routing). */
int vg__api_route_of(const char *url);
/* Stable lower-case route label ("search", "flag_review", ..., "other"). */
const char *vg__api_route_name(int route);

/* Search parameters shared by search, flags and export. q points either into the request
 * (borrowed) or into qbuf (owned: free with vg__api_search_params_free). */
typedef struct {
  vg_xap_query_t xq;
  char *qbuf;
  const char *user_q;   /* the q parameter as sent ("" when absent), for echoing back */
  size_t q_shift;       /* bytes before user_q inside xq.q (error positions are shifted) */
} vg__api_search_t;
/* Reads q, kind, sort, offset, limit, cursor, facets, lang, versions. max_limit caps limit;
 * the result window (offset + limit) is capped at window. On a bad parameter queues a 400
 * and returns -1 with *r set; 0 on success. */
int vg__api_search_params(vg__api_req_t *rq, int default_kind, size_t default_limit,
                          size_t max_limit, size_t window, vg__api_search_t *sp,
                          enum MHD_Result *r);
void vg__api_search_params_free(vg__api_search_t *sp);
/* Runs sp on this thread's reader. VG_OK (*out set) or a status, the error reply queued
 * and *r set (query errors: 400 with the position inside the user's q). */
int vg__api_search_run(vg__api_req_t *rq, vg__api_search_t *sp, json_t **out, enum MHD_Result *r);
/* Parameter helpers: value of a GET argument (NULL when absent or empty). */
const char *vg__api_arg(vg__api_req_t *rq, const char *name);
/* 1 when id is a plausible document/clause/flag id (1..512 bytes of UTF-8, no NUL). */
int vg__api_id_ok(const char *id);

/* ---- auth.c ---- */
/* Checks the caller's bearer token against need. A presented token is always verified
 * (a bad one is a 401 even where no role is needed). On success returns 0 and fills
 * rq->who/rq->authed (when a token was given); otherwise queues 401 (missing/unknown
 * token, with WWW-Authenticate), 403 (role too low) or 503 (token store unusable) and
 * returns -1 with *r set. */
int vg__api_auth(vg__api_req_t *rq, vg_role_t need, enum MHD_Result *r);
/* The role reads need under this configuration (NONE, or READER with --auth-reads). */
vg_role_t vg__api_read_role(const vg__api_req_t *rq);

/* ---- handlers in their own files ---- */
enum MHD_Result vg__api_flags_list(vg__api_req_t *rq);                       /* flags.c */
/* Adds the flag filters of the request (rule, status, severity, buyer, country, cpv, from,
 * to) to sp's query (kind flags). 0, or -1 with the 400 queued and *r set. */
int vg__api_flags_query(vg__api_req_t *rq, vg__api_search_t *sp, enum MHD_Result *r);
enum MHD_Result vg__api_flag_get(vg__api_req_t *rq, const char *id);
enum MHD_Result vg__api_flag_review(vg__api_req_t *rq, const char *id);
enum MHD_Result vg__api_clause_note(vg__api_req_t *rq, const char *id);
enum MHD_Result vg__api_export(vg__api_req_t *rq);                           /* export.c */
enum MHD_Result vg__api_tokens_list(vg__api_req_t *rq);                      /* admin.c */
enum MHD_Result vg__api_tokens_create(vg__api_req_t *rq);
enum MHD_Result vg__api_tokens_revoke(vg__api_req_t *rq, const char *id);
enum MHD_Result vg__api_audit(vg__api_req_t *rq);
enum MHD_Result vg__api_metrics_reply(vg__api_req_t *rq);                    /* metrics.c */

/* ---- metrics.c ---- */
typedef struct vg__api_metrics vg__api_metrics_t;
vg__api_metrics_t *vg__api_metrics_new(void);
void vg__api_metrics_destroy(vg__api_metrics_t **pm);
/* Counts one answered request (thread-safe). */
void vg__api_metrics_record(vg__api_metrics_t *m, int route, unsigned status, double seconds);

/* ---- replies (reply.c): each queues exactly one response ---- */
/* Sends body (stolen; may be NULL -> 500) as application/json with the given status. */
enum MHD_Result vg__api_reply_json(vg__api_req_t *rq, unsigned status, json_t *body);
/* Sends {"error":{"status","code","message"[,"position"]}}; position < 0 is left out. */
enum MHD_Result vg__api_reply_error(vg__api_req_t *rq, unsigned status, const char *code,
                                    const char *message, long position);
/* Maps a vg status (+ detail) from the reader to an HTTP error. */
enum MHD_Result vg__api_reply_status(vg__api_req_t *rq, int st, const vg_err_t *err);
/* The same with a position shift for query errors (user q inside a composed query). */
enum MHD_Result vg__api_reply_status_shift(vg__api_req_t *rq, int st, const vg_err_t *err,
                                           size_t shift);
/* Sends len bytes of text (stolen, malloc'ed) with ctype; disposition (may be NULL) becomes
 * a Content-Disposition header. */
enum MHD_Result vg__api_reply_text(vg__api_req_t *rq, unsigned status, const char *ctype,
                                   char *text, size_t len, const char *disposition);
/* Adds the headers every answer carries (nosniff, CORS when configured). */
void vg__api_common_headers(vg__api_req_t *rq, struct MHD_Response *resp);
/* Answers an OPTIONS preflight (204 with the CORS headers). */
enum MHD_Result vg__api_reply_preflight(vg__api_req_t *rq);
/* 1 when s (len bytes) is valid UTF-8 without NUL bytes. */
int vg__api_utf8_ok(const char *s, size_t len);

/* ---- static UI (static.c) ---- */
/* Serves ui_root/rel (rel has no leading '/'); refuses traversal, non-regular files,
 * files over VG_API_MAX_UI_FILE; 404 when absent. */
enum MHD_Result vg__api_serve_file(vg__api_req_t *rq, const char *rel);

#endif
