/* vg_api_metrics.c: GET /metrics, Prometheus text exposition format 0.0.4.
 *
 * For: counting answered requests by route and status code and their latency (a histogram
 * per route), kept in the server's metrics object under a mutex; and, at scrape time, the
 * index counts (vigie_documents, vigie_clauses, vigie_flags) from this thread's reader and
 * the broker's STATUS over broker_ep (short timeout; left out when the broker is down).
 * Not for: logging (server.c) or any per-user data (labels are route names and codes only). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "vg_api_internal.h"
#include "vg_wire.h"

#define VG__API_MAX_CODES 16 /* distinct status codes counted per route */

static const double s_bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define VG__API_NB (sizeof s_bounds / sizeof *s_bounds)

typedef struct {
  unsigned code[VG__API_MAX_CODES];
  unsigned long long count[VG__API_MAX_CODES];
  size_t ncodes;
  unsigned long long bucket[VG__API_NB]; /* non-cumulative; cumulated when rendered */
  unsigned long long total;
  double sum;
} s_route_stats_t;

struct vg__api_metrics {
  pthread_mutex_t mu;
  s_route_stats_t r[VG__R_COUNT];
};

vg__api_metrics_t *vg__api_metrics_new(void) {
  vg__api_metrics_t *m = calloc(1, sizeof *m);
  if (m && pthread_mutex_init(&m->mu, NULL) != 0) {
    free(m);
    return NULL;
  }
  return m;
}

void vg__api_metrics_destroy(vg__api_metrics_t **pm) {
  if (!pm || !*pm) return;
  pthread_mutex_destroy(&(*pm)->mu);
  free(*pm);
  *pm = NULL;
}

void vg__api_metrics_record(vg__api_metrics_t *m, int route, unsigned status, double seconds) {
  if (!m) return;
  if (route < 0 || route >= VG__R_COUNT) route = VG__R_NONE;
  pthread_mutex_lock(&m->mu);
  s_route_stats_t *s = &m->r[route];
  size_t i = 0;
  while (i < s->ncodes && s->code[i] != status) i++;
  if (i == s->ncodes && s->ncodes < VG__API_MAX_CODES) s->code[s->ncodes++] = status;
  if (i < s->ncodes) s->count[i]++;
  size_t b = 0;
  while (b < VG__API_NB && seconds > s_bounds[b]) b++;
  if (b < VG__API_NB) s->bucket[b]++;
  s->total++;
  s->sum += seconds;
  pthread_mutex_unlock(&m->mu);
}

typedef struct {
  char *buf;
  size_t len, cap;
  int oom;
} s_out_t;

static void s_printf(s_out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_printf(s_out_t *o, const char *fmt, ...) {
  if (o->oom) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
      o->oom = 1;
      return;
    }
    if ((size_t)n < o->cap - o->len) {
      o->len += (size_t)n;
      return;
    }
    size_t cap = o->cap * 2 + (size_t)n;
    char *nb = realloc(o->buf, cap);
    if (!nb) {
      o->oom = 1;
      return;
    }
    o->buf = nb;
    o->cap = cap;
  }
}

static void s_http(s_out_t *o, vg__api_metrics_t *m) {
  s_route_stats_t snap[VG__R_COUNT];
  pthread_mutex_lock(&m->mu);
  memcpy(snap, m->r, sizeof snap);
  pthread_mutex_unlock(&m->mu);
  s_printf(o, "# HELP vigie_http_requests_total HTTP requests answered, by route and status code.\n"
              "# TYPE vigie_http_requests_total counter\n");
  for (int r = 0; r < VG__R_COUNT; r++)
    for (size_t i = 0; i < snap[r].ncodes; i++)
      s_printf(o, "vigie_http_requests_total{route=\"%s\",code=\"%u\"} %llu\n", vg__api_route_name(r),
               snap[r].code[i], snap[r].count[i]);
  s_printf(o, "# HELP vigie_http_request_duration_seconds Time from request headers to the end of the answer.\n"
              "# TYPE vigie_http_request_duration_seconds histogram\n");
  for (int r = 0; r < VG__R_COUNT; r++) {
    if (!snap[r].total) continue;
    const char *name = vg__api_route_name(r);
    unsigned long long cum = 0;
    for (size_t b = 0; b < VG__API_NB; b++) {
      cum += snap[r].bucket[b];
      s_printf(o, "vigie_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", name,
               s_bounds[b], cum);
    }
    s_printf(o, "vigie_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", name,
             snap[r].total);
    s_printf(o, "vigie_http_request_duration_seconds_sum{route=\"%s\"} %.9f\n", name, snap[r].sum);
    s_printf(o, "vigie_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name, snap[r].total);
  }
}

/* vigie_documents, vigie_clauses, vigie_flags; vigie_index_up 0 when the index is not open. */
static void s_index(s_out_t *o, vg__api_req_t *rq) {
  vg_err_t err = {{0}};
  vg_xap_reader_t *rd = vg__api_reader(rq, &err);
  size_t n = 0, c = 0, f = 0;
  int up = rd && vg_xap_counts(rd, &n, &c, &err) == VG_OK;
  /* every flag document, superseded versions included: the size of the flag index */
  int have_flags = up && vg_xap_count_flags(rd, &f, &err) == VG_OK;
  s_printf(o, "# HELP vigie_index_up 1 when the search index is open.\n# TYPE vigie_index_up gauge\n"
              "vigie_index_up %d\n", up);
  if (up) {
    s_printf(o, "# HELP vigie_documents Notices in the index.\n# TYPE vigie_documents gauge\n"
                "vigie_documents %zu\n", n);
    s_printf(o, "# HELP vigie_clauses Clauses in the index.\n# TYPE vigie_clauses gauge\n"
                "vigie_clauses %zu\n", c);
    if (have_flags)
      s_printf(o, "# HELP vigie_flags Flag outcomes in the index.\n# TYPE vigie_flags gauge\n"
                  "vigie_flags %zu\n", f);
  }
}

/* Asks the broker for its STATUS (a summary of the empty batch name, which carries the
 * connected workers and, when the broker gives it, "queue": {state: jobs}). NULL on no
 * answer within the timeout. */
static json_t *s_broker(vg__api_req_t *rq) {
  const char *ep = rq->cfg->broker_ep;
  if (!ep || !*ep) return NULL;
  void *sock = zmq_socket(vg__api_zctx(rq), ZMQ_DEALER);
  if (!sock) return NULL;
  int linger = 0;
  zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
  json_t *j = NULL;
  if (zmq_connect(sock, ep) == 0 &&
      vg_wire_send_str(sock, NULL, 0, VG_CMD_STATUS, ZMQ_DONTWAIT, 1, "") == VG_OK) {
    zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
    vg_msg_t m;
    if (zmq_poll(&it, 1, (long)rq->cfg->broker_timeout_ms) > 0 && vg_wire_recv(sock, 0, &m, 0, NULL) == VG_OK) {
      if (m.cmd == VG_CMD_STATUS && m.nbody >= 1) j = json_loadb(m.body[0].data, m.body[0].len, 0, NULL);
      vg_msg_close(&m);
    }
  }
  zmq_close(sock);
  return j;
}

static void s_queue(s_out_t *o, vg__api_req_t *rq) {
  if (!rq->cfg->broker_ep || !*rq->cfg->broker_ep) return;
  json_t *st = s_broker(rq);
  s_printf(o, "# HELP vigie_broker_up 1 when vigie-ingest answered STATUS.\n# TYPE vigie_broker_up gauge\n"
              "vigie_broker_up %d\n", st != NULL);
  if (!st) return;
  json_t *w = json_object_get(st, "workers");
  if (json_is_integer(w))
    s_printf(o, "# HELP vigie_queue_workers Analysis workers connected to the broker.\n"
                "# TYPE vigie_queue_workers gauge\nvigie_queue_workers %lld\n", (long long)json_integer_value(w));
  json_t *q = json_object_get(st, "queue");
  if (json_is_object(q) && json_object_size(q)) {
    s_printf(o, "# HELP vigie_queue_jobs Jobs in the broker's journal by state.\n# TYPE vigie_queue_jobs gauge\n");
    const char *k;
    json_t *v;
    json_object_foreach(q, k, v) {
      int ok = json_is_integer(v) && strlen(k) < 32;
      for (const char *p = k; ok && *p; p++) ok = (*p >= 'a' && *p <= 'z') || *p == '_';
      if (ok) s_printf(o, "vigie_queue_jobs{state=\"%s\"} %lld\n", k, (long long)json_integer_value(v));
    }
  }
  json_decref(st);
}

enum MHD_Result vg__api_metrics_reply(vg__api_req_t *rq) {
  s_out_t o = {.cap = 8192};
  o.buf = malloc(o.cap);
  if (!o.buf) return MHD_NO;
  o.buf[0] = '\0';
  s_http(&o, vg__api_metrics(rq));
  s_index(&o, rq);
  s_queue(&o, rq);
  if (o.oom) {
    free(o.buf);
    return vg__api_reply_error(rq, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable", "out of memory", -1);
  }
  return vg__api_reply_text(rq, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", o.buf, o.len, NULL);
}
