/* vg_api_server.c: the libmicrohttpd daemon of vigie-api and its per-thread resources.
 *
 * For: starting/stopping the daemon with connection limits and timeouts, the access
 * handler (request body read up to its cap, then routing, then metrics), and one Xapian
 * reader and one token store handle per MHD pool thread, kept in a pthread key owned by the
 * server object (Xapian objects and SQLite handles are not shared between threads).
 * Not for: what each endpoint answers (routes.c and the handler files). */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <zmq.h>

#include "vg_api_internal.h"

struct vg_api_server {
  vg_api_config_t cfg;
  struct MHD_Daemon *mhd;
  pthread_key_t key;    /* -> vg__api_tls_t of the calling pool thread */
  int key_ok;
  char *ui_root;        /* realpath of cfg.ui_dir, or NULL */
  vg_log_t log;
  unsigned port;
  void *zctx;           /* ZeroMQ context for review calls and broker STATUS */
  vg__api_metrics_t *metrics;
  atomic_uint_fast64_t writes; /* reviews/notes committed through this server (read-your-writes) */
};

/* What each pool thread keeps between requests. */
typedef struct {
  vg_xap_reader_t *reader;
  uint64_t last_ms;     /* last open attempt or reopen */
  uint64_t writes;      /* the server's write count at the last reopen */
  char why[sizeof(vg_err_t)]; /* last open/reopen failure (logged once per change) */
  vg_tokens_t *tokens;  /* token store handle of this thread */
  uint64_t tokens_ms;   /* last failed open of the token store */
} vg__api_tls_t;

/* Per-request state between MHD's calls for the same request. */
typedef struct {
  char *body;           /* body bytes so far (NUL-terminated), capped at VG_API_MAX_BODY */
  size_t len;
  int too_big;
  int route;            /* for metrics: the route answered */
  unsigned status;
  struct timespec t0;   /* first call: the request headers have arrived */
} vg__api_conn_t;

static uint64_t s_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void s_tls_free(void *p) {
  vg__api_tls_t *t = p;
  if (!t) return;
  vg_xap_reader_close(&t->reader);
  vg_tokens_close(&t->tokens);
  free(t);
}

static vg__api_tls_t *s_tls(vg_api_server_t *s, vg_err_t *err) {
  vg__api_tls_t *t = pthread_getspecific(s->key);
  if (!t) {
    t = calloc(1, sizeof *t);
    if (!t || pthread_setspecific(s->key, t) != 0) {
      free(t);
      vg_err_set(err, VG_E_NOMEM, "cannot allocate the thread state");
      return NULL;
    }
  }
  return t;
}

void vg_api_config_defaults(vg_api_config_t *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->bind = "127.0.0.1";
  cfg->port = 8080;
  cfg->ui_dir = VIGIE_DEFAULT_UI;
  cfg->threads = 4;
  cfg->conn_limit = 256;
  cfg->conn_timeout = 30;
  cfg->reopen_ms = 200;
  cfg->review_timeout_ms = 5000;
  cfg->broker_timeout_ms = 250;
}

vg_tokens_t *vg__api_tokens(vg__api_req_t *rq, vg_err_t *err) {
  vg_api_server_t *s = rq->srv;
  if (!s->cfg.tokens_path || !*s->cfg.tokens_path) {
    vg_err_set(err, VG_E_CONFIG, "no token store is configured (start vigie-api with --data)");
    return NULL;
  }
  vg__api_tls_t *t = s_tls(s, err);
  if (!t) return NULL;
  if (t->tokens) return t->tokens;
  uint64_t now = s_now_ms();
  /* a store that cannot be opened is retried at most every reopen period, not per request */
  if (t->tokens_ms && now - t->tokens_ms < s->cfg.reopen_ms) {
    vg_err_set(err, VG_E_BACKEND, "the token store cannot be opened");
    return NULL;
  }
  vg_err_t e = {{0}};
  if (vg_tokens_open(s->cfg.tokens_path, &t->tokens, &e) != VG_OK) {
    t->tokens = NULL;
    t->tokens_ms = now;
    vg_log(&s->log, VG_LOG_WARN, NULL, "cannot open the token store: %s", e.msg);
    vg_err_set(err, VG_E_BACKEND, "the token store cannot be opened");
    return NULL;
  }
  return t->tokens;
}

void vg__api_wrote(vg__api_req_t *rq) { atomic_fetch_add(&rq->srv->writes, 1); }

void *vg__api_zctx(vg__api_req_t *rq) { return rq->srv->zctx; }

vg__api_metrics_t *vg__api_metrics(vg__api_req_t *rq) { return rq->srv->metrics; }

vg_xap_reader_t *vg__api_reader(vg__api_req_t *rq, vg_err_t *err) {
  vg_api_server_t *s = rq->srv;
  vg__api_tls_t *t = s_tls(s, err);
  if (!t) return NULL;
  uint64_t now = s_now_ms();
  if (t->reader) {
    /* a write committed through this server since our last reopen: reopen now, so that the
     * reviewer who just confirmed a flag reads it back confirmed whatever thread serves him */
    uint64_t writes = atomic_load(&s->writes);
    if (now - t->last_ms >= s->cfg.reopen_ms || writes != t->writes) {
      vg_err_t e = {{0}};
      t->last_ms = now;
      t->writes = writes;
      /* a failed reopen keeps serving the revision we have: stale beats down. Logged once
       * per distinct failure, not every reopen period. */
      if (vg_xap_reader_reopen(t->reader, &e) != VG_OK) {
        if (strcmp(t->why, e.msg) != 0) {
          snprintf(t->why, sizeof t->why, "%s", e.msg);
          vg_log(&s->log, VG_LOG_WARN, NULL, "cannot reopen the index: %s", e.msg);
        }
      } else {
        t->why[0] = '\0';
      }
    }
    return t->reader;
  }
  /* not open yet (database missing?): retry at most every reopen_ms, else repeat why */
  if (t->last_ms == 0 || now - t->last_ms >= s->cfg.reopen_ms) {
    vg_err_t e = {{0}};
    t->last_ms = now;
    t->reader = vg_xap_reader_open(s->cfg.db_paths, s->cfg.ndb, &e);
    if (t->reader) {
      if (t->why[0]) vg_log(&s->log, VG_LOG_INFO, NULL, "index now open");
      t->why[0] = '\0';
      return t->reader;
    }
    /* the detail names server paths: it goes to the log (once per change), not to clients */
    if (strcmp(t->why, e.msg) != 0) {
      snprintf(t->why, sizeof t->why, "%s", e.msg);
      vg_log(&s->log, VG_LOG_WARN, NULL, "index not available: %s", e.msg);
    }
  }
  vg_err_set(err, VG_E_BACKEND,
             "the search index is not available yet (the indexer creates it); retry shortly");
  return NULL;
}

static enum MHD_Result s_too_big(vg__api_req_t *rq, vg__api_conn_t *c) {
  c->too_big = 1;
  char msg[96];
  snprintf(msg, sizeof msg, "request body over the limit of %d bytes", VG_API_MAX_BODY);
  enum MHD_Result r = vg__api_reply_error(rq, MHD_HTTP_CONTENT_TOO_LARGE, "too_large", msg, -1);
  c->status = rq->status;
  return r;
}

static enum MHD_Result s_access(void *cls, struct MHD_Connection *conn, const char *url,
                                const char *method, const char *version, const char *upload,
                                size_t *upload_size, void **req_cls) {
  (void)version;
  vg_api_server_t *s = cls;
  vg__api_req_t rq = {.conn = conn, .srv = s, .cfg = &s->cfg, .ui_root = s->ui_root, .log = &s->log};
  vg__api_conn_t *c = *req_cls;
  if (!c) {
    /* first call: headers only. Refuse a declared oversized body before reading it. */
    c = calloc(1, sizeof *c);
    if (!c) return MHD_NO;
    *req_cls = c;
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    c->route = vg__api_route_of(url);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
      char *end = NULL;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || end == cl || n > VG_API_MAX_BODY) return s_too_big(&rq, c);
    }
    return MHD_YES;
  }
  if (*upload_size) {
    size_t n = *upload_size;
    *upload_size = 0;
    if (c->too_big) return MHD_YES; /* answered already: drain */
    if (c->len + n > VG_API_MAX_BODY) {
      free(c->body);
      c->body = NULL;
      return s_too_big(&rq, c);
    }
    char *nb = realloc(c->body, c->len + n + 1);
    if (!nb) return MHD_NO;
    memcpy(nb + c->len, upload, n);
    c->len += n;
    nb[c->len] = '\0';
    c->body = nb;
    return MHD_YES;
  }
  if (c->too_big) return MHD_YES; /* answered already */
  rq.body = c->body;
  rq.body_len = c->len;
  enum MHD_Result r = vg__api_route(&rq, method, url);
  c->route = rq.route;
  c->status = rq.status;
  /* the path and the caller's token id/name, never the token itself */
  if (s->cfg.verbose)
    vg_log(&s->log, VG_LOG_INFO, NULL, "%s '%s' %u token=%s name='%s'", method, url, rq.status,
           rq.authed ? rq.who.id : "-", rq.authed ? rq.who.name : "");
  return r;
}

static void s_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                        enum MHD_RequestTerminationCode code) {
  (void)conn;
  (void)code;
  vg_api_server_t *s = cls;
  vg__api_conn_t *c = *req_cls;
  if (!c) return;
  if (c->status) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double dt = (double)(t1.tv_sec - c->t0.tv_sec) + (double)(t1.tv_nsec - c->t0.tv_nsec) / 1e9;
    vg__api_metrics_record(s->metrics, c->route, c->status, dt);
  }
  free(c->body);
  free(c);
  *req_cls = NULL;
}

/* MHD's own diagnostics go through our logger (one line each). */
static void s_mhd_log(void *cls, const char *fmt, va_list ap) {
  vg_api_server_t *s = cls;
  char line[512];
  vsnprintf(line, sizeof line, fmt, ap);
  vg_log(&s->log, VG_LOG_WARN, NULL, "libmicrohttpd: %s", line);
}

vg_api_server_t *vg_api_server_new(const vg_api_config_t *cfg, vg_err_t *err) {
  if (cfg->ndb == 0 || cfg->ndb > VG_API_MAX_SHARDS) {
    vg_err_set(err, VG_E_CONFIG, "need 1 to %d databases, got %zu", VG_API_MAX_SHARDS, cfg->ndb);
    return NULL;
  }
  if (cfg->threads == 0 || cfg->threads > 256 || cfg->port > 65535 || cfg->conn_limit == 0) {
    vg_err_set(err, VG_E_CONFIG, "threads must be 1..256, port 0..65535, connection limit > 0");
    return NULL;
  }
  if (cfg->auth_reads && (!cfg->tokens_path || !*cfg->tokens_path)) {
    vg_err_set(err, VG_E_CONFIG, "reads need tokens (--auth-reads) but no token store is configured "
                                 "(give --data DIR or --tokens PATH)");
    return NULL;
  }
  if (cfg->cors_origin && (!*cfg->cors_origin || strpbrk(cfg->cors_origin, "\r\n, "))) {
    vg_err_set(err, VG_E_CONFIG, "--cors-origin must be one origin like https://app.example.org");
    return NULL;
  }
  struct sockaddr_in6 a6;
  struct sockaddr_in a4;
  memset(&a6, 0, sizeof a6);
  memset(&a4, 0, sizeof a4);
  const struct sockaddr *addr;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  if (inet_pton(AF_INET, cfg->bind, &a4.sin_addr) == 1) {
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)cfg->port);
    addr = (const struct sockaddr *)&a4;
  } else if (inet_pton(AF_INET6, cfg->bind, &a6.sin6_addr) == 1) {
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)cfg->port);
    addr = (const struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    vg_err_set(err, VG_E_CONFIG, "bind address '%s' is not an IPv4 or IPv6 literal", cfg->bind);
    return NULL;
  }
  vg_api_server_t *s = calloc(1, sizeof *s);
  if (s) atomic_init(&s->writes, 0);
  if (!s) {
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  s->cfg = *cfg;
  s->log.svc = "api";
  s->log.min = VG_LOG_INFO;
  s->zctx = zmq_ctx_new();
  s->metrics = vg__api_metrics_new();
  if (!s->zctx || !s->metrics) {
    vg_err_set(err, VG_E_NOMEM, "cannot create the messaging context or the metrics");
    vg_api_server_destroy(&s);
    return NULL;
  }
  if (pthread_key_create(&s->key, s_tls_free) != 0) {
    vg_err_set(err, VG_E_INTERNAL, "cannot create the thread key");
    vg_api_server_destroy(&s);
    return NULL;
  }
  s->key_ok = 1;
  s->ui_root = cfg->ui_dir ? realpath(cfg->ui_dir, NULL) : NULL;
  if (!s->ui_root)
    vg_log(&s->log, VG_LOG_WARN, NULL, "ui directory '%s' unusable: the UI will answer 404",
           cfg->ui_dir ? cfg->ui_dir : "(none)");
  /* a pool of size 1 draws a warning from MHD: the internal thread alone does the same */
  unsigned pool = cfg->threads > 1 ? cfg->threads : 0;
  s->mhd = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, s_access, s,
                            MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, s, /* first, or MHD warns */
                            MHD_OPTION_SOCK_ADDR, addr,
                            MHD_OPTION_THREAD_POOL_SIZE, pool,
                            MHD_OPTION_CONNECTION_LIMIT, cfg->conn_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, cfg->conn_timeout,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                            MHD_OPTION_NOTIFY_COMPLETED, s_completed, s,
                            MHD_OPTION_END);
  if (!s->mhd) {
    vg_err_set(err, VG_E_IO, "cannot listen on %s:%u (address in use or not permitted?)",
               cfg->bind, cfg->port);
    vg_api_server_destroy(&s);
    return NULL;
  }
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
  s->port = di ? di->port : cfg->port;
  return s;
}

unsigned vg_api_server_port(const vg_api_server_t *s) { return s->port; }

int vg_api_server_run(vg_api_server_t *s, const sigset_t *stop) {
  (void)s;
  int sig = 0;
  while (sigwait(stop, &sig) != 0) {
  }
  return sig;
}

void vg_api_server_destroy(vg_api_server_t **ps) {
  vg_api_server_t *s = ps ? *ps : NULL;
  if (!s) return;
  /* joining the pool threads runs the key destructor, closing each thread's reader */
  if (s->mhd) MHD_stop_daemon(s->mhd);
  if (s->key_ok) pthread_key_delete(s->key);
  /* review calls close their sockets (linger 0) before returning: term does not block */
  if (s->zctx) zmq_ctx_term(s->zctx);
  vg__api_metrics_destroy(&s->metrics);
  free(s->ui_root);
  free(s);
  *ps = NULL;
}
