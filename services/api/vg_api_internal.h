/* vg_api_internal.h: what the files of vigie-api share among themselves (vg__ names).
 *
 * For: server.c (daemon, per-thread readers), routes.c (routing and handlers),
 * reply.c (JSON bodies and errors), static.c (UI files).
 * Not for: any other service; the public face is vg_api_server.h. */
#ifndef VG_API_INTERNAL_H
#define VG_API_INTERNAL_H

#include <jansson.h>
#include <microhttpd.h>

#include "vg_api_server.h"
#include "vg_log.h"
#include "vg_xap.h"

/* One request being answered. Borrowed pointers, valid during the handler call. */
typedef struct {
  struct MHD_Connection *conn;
  vg_api_server_t *srv;
  const vg_api_config_t *cfg;
  const char *ui_root;  /* canonical (realpath) UI directory, or NULL when unusable */
  const vg_log_t *log;
  unsigned status;      /* set by the reply helpers, for the access log */
} vg__api_req_t;

/* This thread's reader, opened or reopened as needed (at most every cfg->reopen_ms).
 * NULL when the database cannot be opened yet (err says why). Borrowed: owned by the
 * thread, closed when the thread exits. */
vg_xap_reader_t *vg__api_reader(vg__api_req_t *rq, vg_err_t *err);

/* Routes one complete request (method and decoded path) and queues the response. */
enum MHD_Result vg__api_route(vg__api_req_t *rq, const char *method, const char *url);

/* ---- replies (reply.c): each queues exactly one response ---- */
/* Sends body (stolen; may be NULL -> 500) as application/json with the given status. */
enum MHD_Result vg__api_reply_json(vg__api_req_t *rq, unsigned status, json_t *body);
/* Sends {"error":{"status","code","message"[,"position"]}}; position < 0 is left out. */
enum MHD_Result vg__api_reply_error(vg__api_req_t *rq, unsigned status, const char *code,
                                    const char *message, long position);
/* Maps a vg status (+ detail) from the reader to an HTTP error. */
enum MHD_Result vg__api_reply_status(vg__api_req_t *rq, int st, const vg_err_t *err);
/* 1 when s (len bytes) is valid UTF-8 without NUL bytes. */
int vg__api_utf8_ok(const char *s, size_t len);

/* ---- static UI (static.c) ---- */
/* Serves ui_root/rel (rel has no leading '/'); refuses traversal, non-regular files,
 * files over VG_API_MAX_UI_FILE; 404 when absent. */
enum MHD_Result vg__api_serve_file(vg__api_req_t *rq, const char *rel);

#endif
