/* vg_broker.c: dispatcher of vigie-ingest (see vg_broker.h, docs/wire-protocol.md). */
#include "vg_broker.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "vg_hash.h"
#include "vg_journal.h"
#include "vg_wire.h"

#define VG_BROKER_MAX_WORKERS 256
#define VG_BROKER_NAME_MAX 64
#define VG_BROKER_META_MAX (64 * 1024) /* bytes of a SUBMIT meta frame */

typedef struct {
  unsigned char route[VG_WIRE_MAX_ROUTE];
  size_t route_len;
  char name[VG_BROKER_NAME_MAX];
  char job[VG_SHA256_HEX];   /* "" when idle */
  long long last_seen_ms;
} s_worker_t;

typedef struct {
  char id[VG_SHA256_HEX];
  long long deadline_ms;
} s_waiting_t;

/* A FIFO of job ids. */
typedef struct {
  char (*v)[VG_SHA256_HEX];
  size_t head, n, cap;
} s_queue_t;

struct vg_broker {
  vg_broker_config_t cfg;
  void *clients, *workers, *acks;
  vg_journal_t *journal;
  s_worker_t w[VG_BROKER_MAX_WORKERS];
  size_t nw;
  s_queue_t queue;
  s_waiting_t *waiting;      /* analysed, waiting for the indexer's commit */
  size_t nwaiting, waiting_cap;
  long long next_heartbeat_ms;
};

static long long s_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int s_queue_push(s_queue_t *q, const char *id) {
  if (q->head + q->n == q->cap) {
    if (q->head > 0) { /* compact before growing */
      memmove(q->v, q->v + q->head, q->n * sizeof *q->v);
      q->head = 0;
    }
    if (q->n == q->cap) {
      size_t nc = q->cap ? q->cap * 2 : 256;
      void *p = realloc(q->v, nc * sizeof *q->v);
      if (!p) return VG_E_NOMEM;
      q->v = p;
      q->cap = nc;
    }
  }
  snprintf(q->v[q->head + q->n], VG_SHA256_HEX, "%s", id);
  q->n++;
  return VG_OK;
}

static int s_queue_pop(s_queue_t *q, char out[VG_SHA256_HEX]) {
  if (q->n == 0) return 0;
  memcpy(out, q->v[q->head], VG_SHA256_HEX);
  q->head++;
  q->n--;
  if (q->n == 0) q->head = 0;
  return 1;
}

static void s_requeue_cb(void *arg, const char *id) {
  vg_broker_t *b = arg;
  s_queue_push(&b->queue, id);
}

static void *s_socket(void *ctx, int type, const char *endpoint, vg_err_t *err) {
  void *s = zmq_socket(ctx, type);
  if (!s) return NULL;
  int linger = 1000, one = 1;
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  if (type == ZMQ_ROUTER) zmq_setsockopt(s, ZMQ_ROUTER_MANDATORY, &one, sizeof one);
  if (zmq_bind(s, endpoint) != 0) {
    vg_err_set(err, VG_E_IO, "cannot bind '%s': %s", endpoint, zmq_strerror(zmq_errno()));
    zmq_close(s);
    return NULL;
  }
  return s;
}

vg_broker_t *vg_broker_new(void *zctx, const vg_broker_config_t *cfg, vg_err_t *err) {
  vg_broker_t *b = calloc(1, sizeof *b);
  if (!b) return NULL;
  b->cfg = *cfg;
  b->journal = vg_journal_open(cfg->journal_path, cfg->dead_letter_path, err);
  if (!b->journal ||
      !(b->clients = s_socket(zctx, ZMQ_ROUTER, cfg->clients_endpoint, err)) ||
      !(b->workers = s_socket(zctx, ZMQ_ROUTER, cfg->workers_endpoint, err)) ||
      !(b->acks = s_socket(zctx, ZMQ_PULL, cfg->acks_endpoint, err))) {
    vg_broker_destroy(&b);
    return NULL;
  }
  /* Recovery: everything not indexed or failed is queued again (at-least-once). */
  if (vg_journal_pending(b->journal, s_requeue_cb, b, err)) {
    vg_broker_destroy(&b);
    return NULL;
  }
  if (b->queue.n)
    vg_log(cfg->log, VG_LOG_INFO, NULL, "recovered %zu unfinished jobs from the journal", b->queue.n);
  return b;
}

void vg_broker_destroy(vg_broker_t **pb) {
  if (!pb || !*pb) return;
  vg_broker_t *b = *pb;
  if (b->clients) zmq_close(b->clients);
  if (b->workers) zmq_close(b->workers);
  if (b->acks) zmq_close(b->acks);
  vg_journal_close(&b->journal);
  free(b->queue.v);
  free(b->waiting);
  free(b);
  *pb = NULL;
}

/* ---------- clients ---------- */

/* A client-side refusal (an archive member over a limit, a path escaping the archive...):
 * meta {"refused": "<reason>", "status": "VG_E_..."} with empty content. It gets a job of its
 * own, failed at once with a dead-letter record, so the batch summary and the dead-letter file
 * show it like any other failure. Its id hashes the name and meta (the content is empty for
 * every refusal), so refusing the same member again is a no-op like any resubmission. */
static const char *s_refusal(const json_t *meta, const char **status) {
  const char *why = json_string_value(json_object_get(meta, "refused"));
  const char *st = json_string_value(json_object_get(meta, "status"));
  *status = st && strncmp(st, "VG_E_", 5) == 0 && strlen(st) < 32 ? st : vg_status_name(VG_E_INPUT);
  return why && why[0] ? why : NULL;
}

static void s_on_submit(vg_broker_t *b, vg_msg_t *m) {
  char *batch = vg_msg_strdup(m, 0), *name = vg_msg_strdup(m, 1);
  const vg_frame_t *content = &m->body[2];
  char id[VG_SHA256_HEX];
  vg_err_t err = {{0}};
  json_t *mj = NULL;
  char *meta = NULL;
  const char *refused = NULL, *refused_status = NULL;
  if (!batch || !name) goto out;
  /* flags frame: "force" or "" (SUBMIT has 4 or 5 frames when it is present). */
  int force = m->nbody >= 4 && m->body[3].len == 5 && memcmp(m->body[3].data, "force", 5) == 0;
  if (m->nbody == 5 && m->body[4].len > 0) {
    const char *bad = NULL;
    if (m->body[4].len <= VG_BROKER_META_MAX)
      mj = json_loadb(m->body[4].data, m->body[4].len, JSON_REJECT_DUPLICATES, NULL);
    if (m->body[4].len > VG_BROKER_META_MAX) bad = "meta JSON over the size limit";
    else if (!json_is_object(mj)) bad = "meta is not a JSON object"; /* macro: no call inside */
    else if (!(meta = json_dumps(mj, JSON_COMPACT | JSON_SORT_KEYS)))
      bad = "out of memory";
    if (bad) {
      vg_log(b->cfg.log, VG_LOG_WARN, NULL, "rejected '%s': %s", name, bad);
      vg_wire_send_str(b->clients, m->route, m->route_len, VG_CMD_REJECTED, ZMQ_DONTWAIT, 2, name, bad);
      goto out;
    }
    refused = s_refusal(mj, &refused_status);
  }
  if (refused) {
    size_t nl = strlen(name), ml = strlen(meta);
    char *key = malloc(nl + ml + 9);
    if (!key) goto out;
    memcpy(key, "refused", 8); /* with its NUL: "refused\0<name>\0<meta>" */
    memcpy(key + 8, name, nl + 1);
    memcpy(key + 9 + nl, meta, ml);
    vg_sha256_hex(key, nl + ml + 9, id);
    free(key);
  } else {
    vg_sha256_hex(content->data, content->len, id);
  }
  vg_job_state_t st;
  int fresh = 0;
  if (vg_journal_submit(b->journal, batch, id, name, refused ? "" : content->data,
                        refused ? 0 : content->len, meta, force, &st, &fresh, &err)) {
    vg_log(b->cfg.log, VG_LOG_ERROR, id, "cannot journal '%s': %s", name, err.msg);
    vg_wire_send_str(b->clients, m->route, m->route_len, VG_CMD_REJECTED, ZMQ_DONTWAIT, 2, name,
                     "journal write failed");
    goto out;
  }
  if (fresh) {
    if (refused) {
      vg_journal_failed(b->journal, id, refused_status, refused, NULL);
      st = VG_JOB_FAILED;
      vg_log(b->cfg.log, VG_LOG_WARN, id, "refused by the client '%s': %s", name, refused);
    } else if (content->len > b->cfg.max_doc_bytes) {
      char why[128];
      snprintf(why, sizeof why, "%zu bytes, over the %zu-byte limit", content->len,
               b->cfg.max_doc_bytes);
      vg_journal_failed(b->journal, id, vg_status_name(VG_E_TOO_BIG), why, NULL);
      st = VG_JOB_FAILED;
      vg_log(b->cfg.log, VG_LOG_WARN, id, "rejected '%s': %s", name, why);
    } else {
      s_queue_push(&b->queue, id);
    }
  }
  vg_wire_send_str(b->clients, m->route, m->route_len, VG_CMD_ACCEPTED, ZMQ_DONTWAIT, 3, id, name,
                   vg_job_state_str(st));
out:
  json_decref(mj);
  free(meta);
  free(batch);
  free(name);
}

static void s_on_status(vg_broker_t *b, vg_msg_t *m) {
  char *batch = vg_msg_strdup(m, 0);
  json_t *js = batch ? vg_journal_batch_status(b->journal, batch, NULL) : NULL;
  /* Let the client tell "slow" from "no worker to do it". */
  if (js) json_object_set_new(js, "workers", json_integer((json_int_t)b->nw));
  /* the whole journal by state: queue depths for monitoring (/metrics) */
  json_t *q = js ? vg_journal_queue(b->journal, NULL) : NULL;
  if (q) json_object_set_new(js, "queue", q);
  char *txt = js ? json_dumps(js, JSON_COMPACT) : NULL;
  vg_wire_send_str(b->clients, m->route, m->route_len, VG_CMD_STATUS, ZMQ_DONTWAIT, 1,
                   txt ? txt : "{}");
  free(txt);
  json_decref(js);
  free(batch);
}

/* ---------- workers ---------- */

static s_worker_t *s_worker_find(vg_broker_t *b, const vg_msg_t *m) {
  for (size_t i = 0; i < b->nw; i++)
    if (b->w[i].route_len == m->route_len && memcmp(b->w[i].route, m->route, m->route_len) == 0)
      return &b->w[i];
  return NULL;
}

/* The worker died or vanished: its job goes back to the head of the work. */
static void s_worker_drop(vg_broker_t *b, size_t i, const char *why) {
  s_worker_t *w = &b->w[i];
  if (w->job[0]) {
    vg_log(b->cfg.log, VG_LOG_WARN, w->job, "worker '%s' %s; job queued again", w->name, why);
    vg_journal_set_state(b->journal, w->job, VG_JOB_QUEUED, NULL);
    s_queue_push(&b->queue, w->job);
  } else {
    vg_log(b->cfg.log, VG_LOG_INFO, NULL, "worker '%s' %s", w->name, why);
  }
  b->w[i] = b->w[--b->nw];
}

static void s_on_ready(vg_broker_t *b, vg_msg_t *m) {
  char *name = m->cmd == VG_CMD_READY ? vg_msg_strdup(m, 0) : NULL;
  /* A restarted worker announces itself under the same name: its predecessor is dead. */
  for (size_t i = 0; name && i < b->nw; i++)
    if (strcmp(b->w[i].name, name) == 0 &&
        (b->w[i].route_len != m->route_len || memcmp(b->w[i].route, m->route, m->route_len))) {
      s_worker_drop(b, i, "was replaced by a new instance");
      break;
    }
  s_worker_t *w = s_worker_find(b, m);
  if (!w) {
    if (b->nw == VG_BROKER_MAX_WORKERS) {
      vg_log(b->cfg.log, VG_LOG_WARN, NULL, "too many workers; ignoring '%s'", name ? name : "?");
      free(name);
      return;
    }
    w = &b->w[b->nw++];
    memset(w, 0, sizeof *w);
    memcpy(w->route, m->route, m->route_len);
    w->route_len = m->route_len;
    vg_log(b->cfg.log, VG_LOG_INFO, NULL, "worker '%s' ready", name ? name : "?");
  }
  if (w->job[0]) { /* announced again while holding a job: that job died with its run */
    vg_journal_set_state(b->journal, w->job, VG_JOB_QUEUED, NULL);
    s_queue_push(&b->queue, w->job);
  }
  if (name || !w->name[0]) snprintf(w->name, sizeof w->name, "%s", name ? name : "unnamed");
  w->job[0] = '\0';
  w->last_seen_ms = s_now_ms();
  free(name);
}

static void s_waiting_add(vg_broker_t *b, const char *id) {
  if (b->nwaiting == b->waiting_cap) {
    size_t nc = b->waiting_cap ? b->waiting_cap * 2 : 64;
    void *p = realloc(b->waiting, nc * sizeof *b->waiting);
    if (!p) return; /* the commit timeout will not apply; the job still completes on COMMITTED */
    b->waiting = p;
    b->waiting_cap = nc;
  }
  snprintf(b->waiting[b->nwaiting].id, VG_SHA256_HEX, "%s", id);
  b->waiting[b->nwaiting].deadline_ms = s_now_ms() + b->cfg.commit_timeout_ms;
  b->nwaiting++;
}

static void s_waiting_remove(vg_broker_t *b, const char *id) {
  for (size_t i = 0; i < b->nwaiting; i++)
    if (strcmp(b->waiting[i].id, id) == 0) {
      b->waiting[i] = b->waiting[--b->nwaiting];
      return;
    }
}

static void s_on_worker_msg(vg_broker_t *b, vg_msg_t *m) {
  if (m->cmd == VG_CMD_READY) {
    s_on_ready(b, m);
    return;
  }
  s_worker_t *w = s_worker_find(b, m);
  if (!w && m->cmd == VG_CMD_HEARTBEAT) {
    /* An unknown peer that heartbeats is an idle worker that connected before this broker
     * (re)started: take it as ready. A busy worker does not heartbeat. */
    s_on_ready(b, m);
    return;
  }
  if (w) {
    w->last_seen_ms = s_now_ms();
  }
  char *id = (m->cmd == VG_CMD_DONE || m->cmd == VG_CMD_FAILED) ? vg_msg_strdup(m, 0) : NULL;
  if (m->cmd == VG_CMD_DONE && id) {
    vg_journal_set_state(b->journal, id, VG_JOB_ANALYSED, NULL);
    s_waiting_add(b, id);
  } else if (m->cmd == VG_CMD_FAILED && id) {
    char *status = vg_msg_strdup(m, 1), *reason = vg_msg_strdup(m, 2);
    vg_job_state_t state;
    if (vg_journal_state(b->journal, id, &state) == VG_OK && state != VG_JOB_INDEXED)
      vg_journal_failed(b->journal, id, status, reason, NULL);
    vg_log(b->cfg.log, VG_LOG_WARN, id, "dead-lettered: %s (%s)", reason ? reason : "?",
           status ? status : "?");
    free(status);
    free(reason);
  } else if (m->cmd != VG_CMD_HEARTBEAT) {
    vg_log(b->cfg.log, VG_LOG_WARN, NULL, "unexpected '%s' from a worker; dropped", vg_cmd_str(m->cmd));
  }
  if (w && id && strcmp(w->job, id) == 0) w->job[0] = '\0';
  free(id);
}

/* ---------- indexer acks ---------- */

static void s_on_committed(vg_broker_t *b, vg_msg_t *m) {
  json_error_t jerr;
  json_t *arr = json_loadb(m->body[0].data, m->body[0].len, 0, &jerr);
  if (!json_is_array(arr)) {
    vg_log(b->cfg.log, VG_LOG_WARN, NULL, "malformed COMMITTED body dropped: %s", jerr.text);
    json_decref(arr);
    return;
  }
  vg_journal_begin(b->journal);
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) {
    const char *id = json_string_value(json_object_get(e, "job"));
    if (!id) continue;
    const char *error = json_string_value(json_object_get(e, "error"));
    if (error)
      vg_journal_failed(b->journal, id, "VG_E_INPUT", error, NULL);
    else
      vg_journal_indexed(b->journal, id, (long)json_integer_value(json_object_get(e, "clauses")),
                         (long)json_integer_value(json_object_get(e, "flags")), NULL);
    s_waiting_remove(b, id);
  }
  vg_journal_commit(b->journal);
  json_decref(arr);
}

/* An indexer (re)started: whatever was analysed but not yet committed may have died with the
 * previous instance's socket buffers. Queue it again now rather than after commit_timeout;
 * re-indexing by id is idempotent. */
static void s_on_indexer_hello(vg_broker_t *b, vg_msg_t *m) {
  char *name = vg_msg_strdup(m, 0);
  if (b->nwaiting)
    vg_log(b->cfg.log, VG_LOG_INFO, NULL, "indexer '%s' started; %zu uncommitted jobs queued again",
           name ? name : "?", b->nwaiting);
  for (size_t i = 0; i < b->nwaiting; i++) {
    vg_journal_set_state(b->journal, b->waiting[i].id, VG_JOB_QUEUED, NULL);
    s_queue_push(&b->queue, b->waiting[i].id);
  }
  b->nwaiting = 0;
  free(name);
}

/* ---------- scheduling ---------- */

static void s_dispatch(vg_broker_t *b) {
  for (size_t i = 0; i < b->nw && b->queue.n; i++) {
    s_worker_t *w = &b->w[i];
    if (w->job[0]) continue;
    char id[VG_SHA256_HEX];
    while (s_queue_pop(&b->queue, id)) {
      /* A job can be queued again (worker or indexer presumed dead) and then completed by the
       * late answer of its earlier run: never dispatch what is already done. */
      vg_job_state_t state;
      if (vg_journal_state(b->journal, id, &state) != VG_OK || state == VG_JOB_INDEXED ||
          state == VG_JOB_FAILED)
        continue;
      long attempts = 0;
      vg_journal_attempts(b->journal, id, &attempts);
      if (attempts >= b->cfg.max_attempts) {
        char why[96];
        snprintf(why, sizeof why, "analysis did not complete after %ld attempts", attempts);
        vg_journal_failed(b->journal, id, vg_status_name(VG_E_INTERNAL), why, NULL);
        vg_log(b->cfg.log, VG_LOG_WARN, id, "dead-lettered: %s", why);
        continue;
      }
      char *name = NULL, *meta = NULL;
      void *content = NULL;
      size_t len = 0;
      if (vg_journal_load(b->journal, id, &name, &content, &len, &meta, NULL)) continue;
      vg_frame_t fr[4] = {{id, strlen(id)}, {name, strlen(name)}, {content, len},
                          {meta, meta ? strlen(meta) : 0}};
      int rc = vg_wire_send(b->workers, w->route, w->route_len, VG_CMD_JOB, fr, meta ? 4 : 3,
                            ZMQ_DONTWAIT);
      free(name);
      free(meta);
      free(content);
      if (rc != VG_OK) {
        /* Worker unreachable: put the job back and forget the worker. */
        s_queue_push(&b->queue, id);
        s_worker_drop(b, i, "is unreachable");
        i--;
        break;
      }
      vg_journal_set_state(b->journal, id, VG_JOB_DISPATCHED, NULL);
      snprintf(w->job, sizeof w->job, "%s", id);
      break;
    }
  }
}

static void s_housekeeping(vg_broker_t *b) {
  long long now = s_now_ms();
  if (now >= b->next_heartbeat_ms) {
    for (size_t i = 0; i < b->nw; i++)
      vg_wire_send(b->workers, b->w[i].route, b->w[i].route_len, VG_CMD_HEARTBEAT, NULL, 0,
                   ZMQ_DONTWAIT);
    b->next_heartbeat_ms = now + b->cfg.heartbeat_ms;
  }
  for (size_t i = 0; i < b->nw;) {
    s_worker_t *w = &b->w[i];
    long long limit = w->job[0] ? b->cfg.job_timeout_ms : (long long)b->cfg.heartbeat_ms * b->cfg.liveness;
    if (now - w->last_seen_ms > limit)
      s_worker_drop(b, i, w->job[0] ? "timed out on its job" : "stopped sending heartbeats");
    else
      i++;
  }
  for (size_t i = 0; i < b->nwaiting;) {
    if (now > b->waiting[i].deadline_ms) {
      vg_log(b->cfg.log, VG_LOG_WARN, b->waiting[i].id, "no commit from the indexer in time; queued again");
      vg_journal_set_state(b->journal, b->waiting[i].id, VG_JOB_QUEUED, NULL);
      s_queue_push(&b->queue, b->waiting[i].id);
      b->waiting[i] = b->waiting[--b->nwaiting];
    } else {
      i++;
    }
  }
}

int vg_broker_run(vg_broker_t *b, int stop_fd, vg_err_t *err) {
  zmq_pollitem_t items[4] = {
      {b->clients, 0, ZMQ_POLLIN, 0},
      {b->workers, 0, ZMQ_POLLIN, 0},
      {b->acks, 0, ZMQ_POLLIN, 0},
      {NULL, stop_fd, ZMQ_POLLIN, 0},
  };
  int nitems = stop_fd >= 0 ? 4 : 3;
  b->next_heartbeat_ms = s_now_ms() + b->cfg.heartbeat_ms;
  for (;;) {
    int rc = zmq_poll(items, nitems, 250);
    if (rc < 0) {
      if (zmq_errno() == EINTR) continue;
      return vg_err_set(err, VG_E_IO, "poll failed: %s", zmq_strerror(zmq_errno()));
    }
    if (nitems == 4 && (items[3].revents & ZMQ_POLLIN)) return VG_OK;
    vg_err_t merr;
    vg_msg_t m;
    /* Drain each socket in bounded bursts so no peer starves the others. */
    for (int k = 0; k < 64 && (items[0].revents & ZMQ_POLLIN); k++) {
      int r = vg_wire_recv(b->clients, 1, &m, ZMQ_DONTWAIT, &merr);
      if (r == VG_E_TIMEOUT) break;
      if (r == VG_E_PROTOCOL) { vg_log(b->cfg.log, VG_LOG_WARN, NULL, "client message dropped: %s", merr.msg); continue; }
      if (r != VG_OK) return vg_err_set(err, r, "%s", merr.msg);
      vg_journal_begin(b->journal);
      if (m.cmd == VG_CMD_SUBMIT) s_on_submit(b, &m);
      else if (m.cmd == VG_CMD_STATUS) s_on_status(b, &m);
      else vg_log(b->cfg.log, VG_LOG_WARN, NULL, "unexpected '%s' from a client; dropped", vg_cmd_str(m.cmd));
      vg_msg_close(&m);
    }
    vg_journal_commit(b->journal);
    for (int k = 0; k < 64 && (items[1].revents & ZMQ_POLLIN); k++) {
      int r = vg_wire_recv(b->workers, 1, &m, ZMQ_DONTWAIT, &merr);
      if (r == VG_E_TIMEOUT) break;
      if (r == VG_E_PROTOCOL) { vg_log(b->cfg.log, VG_LOG_WARN, NULL, "worker message dropped: %s", merr.msg); continue; }
      if (r != VG_OK) return vg_err_set(err, r, "%s", merr.msg);
      s_on_worker_msg(b, &m);
      vg_msg_close(&m);
    }
    for (int k = 0; k < 64 && (items[2].revents & ZMQ_POLLIN); k++) {
      int r = vg_wire_recv(b->acks, 0, &m, ZMQ_DONTWAIT, &merr);
      if (r == VG_E_TIMEOUT) break;
      if (r == VG_E_PROTOCOL) { vg_log(b->cfg.log, VG_LOG_WARN, NULL, "ack dropped: %s", merr.msg); continue; }
      if (r != VG_OK) return vg_err_set(err, r, "%s", merr.msg);
      if (m.cmd == VG_CMD_COMMITTED) s_on_committed(b, &m);
      else if (m.cmd == VG_CMD_HELLO) s_on_indexer_hello(b, &m);
      else vg_log(b->cfg.log, VG_LOG_WARN, NULL, "unexpected '%s' on the ack socket; dropped", vg_cmd_str(m.cmd));
      vg_msg_close(&m);
    }
    s_housekeeping(b);
    s_dispatch(b);
  }
}
