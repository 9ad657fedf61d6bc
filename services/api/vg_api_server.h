/* vg_api_server.h: the vigie HTTP/JSON API server (libmicrohttpd over the Xapian reader).
 *
 * For: serving search, documents, clauses, flags, reviews, exports, tokens, the audit log,
 * metrics, health and the static UI to browsers and API clients (docs/api.md,
 * docs/openapi.yaml), with bearer-token roles (reader < reviewer < admin).
 * Not for: parsing argv or the environment (main.c does that into vg_api_config_t), writing
 * the index (review actions go to the indexer over review_ep), or analysis.
 *
 * Threading: MHD runs a pool of threads; each pool thread opens its own Xapian reader on
 * first use (Xapian objects are not thread-safe) and reopens it at most every reopen_ms to
 * see new commits. When the database does not exist yet, requests that need it get a 503
 * until it appears. */
#ifndef VG_API_SERVER_H
#define VG_API_SERVER_H

#include <signal.h>
#include <stddef.h>

#include <jansson.h>

#include "vg_status.h"

/* Hard limits, named (STYLE: every buffer fed by input has a cap). */
#define VG_API_MAX_SHARDS 16          /* --db given at most this many times */
#define VG_API_MAX_QUERY_BYTES 2000   /* q longer than this -> 400 */
#define VG_API_MAX_LIMIT 100          /* hits per page */
#define VG_API_MAX_WINDOW 10000       /* offset + limit */
#define VG_API_MAX_BODY 65536         /* request body bytes (POST endpoints take JSON) */
#define VG_API_MAX_EXPORT 10000       /* rows of one export */
#define VG_API_MAX_CURSOR 1024        /* bytes of a paging cursor */
#define VG_API_MAX_UI_FILE (8u << 20) /* largest static file served */

typedef struct {
  const char *db_paths[VG_API_MAX_SHARDS]; /* borrowed; Xapian databases searched as one */
  size_t ndb;
  const char *bind;      /* IPv4 or IPv6 literal, e.g. "127.0.0.1" */
  unsigned port;         /* 0 = pick a free port (see vg_api_server_port) */
  const char *ui_dir;    /* static UI root (index.html, app.js, style.css) */
  unsigned threads;      /* MHD pool threads, >= 1 */
  unsigned conn_limit;   /* concurrent connections */
  unsigned conn_timeout; /* idle connection timeout, seconds */
  unsigned reopen_ms;    /* reopen readers at most this often */
  int verbose;           /* 1: one access log line per request */
  const json_t *catalogue; /* borrowed: the rule catalogue (vg_catalogue_to_json), or NULL */
  /* access control and the write path (all borrowed strings; NULL/"" = not configured) */
  int auth_reads;        /* 1: reads need a reader (or higher) token; 0: reads are open */
  const char *tokens_path;  /* token store (vg_tokens); without it every token is refused */
  const char *audit_path;   /* audit log (vg_audit) read by /api/v1/audit, token actions */
  const char *review_ep;    /* indexer review ROUTER (vg_review_call) */
  const char *broker_ep;    /* ingest clients ROUTER: STATUS for /metrics (optional) */
  unsigned review_timeout_ms; /* wait for the indexer at most this long (then 503) */
  unsigned broker_timeout_ms; /* /metrics waits for the broker at most this long */
  const char *cors_origin;  /* non-NULL: CORS headers for this origin, OPTIONS preflight */
} vg_api_config_t;

/* Fills cfg with defaults (no database, 127.0.0.1:8080, 4 threads...). */
void vg_api_config_defaults(vg_api_config_t *cfg);

typedef struct vg_api_server vg_api_server_t;

/* Validates cfg and starts listening (threads start serving at once). cfg's strings must
 * outlive the server. Returns NULL and fills err (VG_E_CONFIG, VG_E_IO) on failure. */
vg_api_server_t *vg_api_server_new(const vg_api_config_t *cfg, vg_err_t *err);
/* The port actually bound (useful with port 0). */
unsigned vg_api_server_port(const vg_api_server_t *s);
/* Blocks until one of the signals in stop (which the caller has blocked in every thread,
 * i.e. before vg_api_server_new) is delivered. Returns the signal number. */
int vg_api_server_run(vg_api_server_t *s, const sigset_t *stop);
/* Stops the daemon (joins its threads, closes their readers) and frees. Idempotent. */
void vg_api_server_destroy(vg_api_server_t **ps);

/* The route table: a new array [{"method","path"}] of every endpoint the server answers
 * (path templates as in docs/openapi.yaml, e.g. "/api/v1/flags/{id}/review"). Used by
 * `vigie-api --routes` and the OpenAPI check. */
json_t *vg_api_routes(void);

#endif
