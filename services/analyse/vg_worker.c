/* vg_worker.c: Paranoid Pirate worker loop (see vg_worker.h, docs/wire-protocol.md). */
#include "vg_worker.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "vg_wire.h"

#define VG_WORKER_BACKOFF_MAX_MS 8000

static long long s_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *s_connect(void *ctx, int type, const char *ep) {
  void *s = zmq_socket(ctx, type);
  if (!s) return NULL;
  int linger = type == ZMQ_PUSH ? 5000 : 0, one = 1;
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  /* PUSH: block until the indexer is connected rather than queue into a pipe that may never
   * connect. DEALER: queue READY until the broker is there (IMMEDIATE would drop it). */
  if (type == ZMQ_PUSH) zmq_setsockopt(s, ZMQ_IMMEDIATE, &one, sizeof one);
  if (zmq_connect(s, ep) != 0) {
    zmq_close(s);
    return NULL;
  }
  return s;
}

/* Handles one JOB: analyse, push to the indexer, then report to the broker. */
static int s_job(const vg_worker_config_t *cfg, vg_analyser_t *an, void *broker, void *indexer,
                 vg_msg_t *m) {
  char *id = vg_msg_strdup(m, 0), *name = vg_msg_strdup(m, 1);
  if (!id || !name) {
    free(id);
    free(name);
    return VG_E_NOMEM;
  }
  vg_doc_t *doc = NULL;
  vg_err_t err = {{0}};
  json_t *meta = NULL;
  if (m->nbody == 4 && m->body[3].len > 0) /* bad meta is ignored: the document still counts */
    meta = json_loadb(m->body[3].data, m->body[3].len, JSON_REJECT_DUPLICATES, NULL);
  int rc = vg_analyser_run(an, name, meta, m->body[2].data, m->body[2].len, &doc, &err);
  json_decref(meta);
  if (rc != VG_OK) {
    if (!vg_status_is_doc(rc) && rc != VG_E_NOMEM) {
      vg_log(cfg->log, VG_LOG_ERROR, id, "analysis of '%s' failed: %s", name, err.msg);
    } else {
      vg_log(cfg->log, VG_LOG_WARN, id, "cannot analyse '%s': %s", name, err.msg);
    }
    /* Document-level failures are dead-lettered; a service-level one is reported too, so the
     * broker does not wait for a commit that will never come. */
    rc = vg_wire_send_str(broker, NULL, 0, VG_CMD_FAILED, 0, 3, id, vg_status_name(rc),
                          err.msg[0] ? err.msg : vg_status_str(rc));
    free(id);
    free(name);
    return rc;
  }
  json_t *j = vg_doc_to_json(doc);
  char *body = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!body) {
    rc = vg_wire_send_str(broker, NULL, 0, VG_CMD_FAILED, 0, 3, id, vg_status_name(VG_E_ENCODING),
                          "analysed document cannot be encoded as JSON");
  } else {
    vg_frame_t fr[2] = {{id, strlen(id)}, {body, strlen(body)}};
    rc = vg_wire_send(indexer, NULL, 0, VG_CMD_ANALYSED, fr, 2, 0);
    if (rc == VG_OK) rc = vg_wire_send_str(broker, NULL, 0, VG_CMD_DONE, 0, 1, id);
    vg_log(cfg->log, VG_LOG_DEBUG, id, "analysed '%s': %zu clauses, %zu flags", name, doc->nclauses,
           vg_doc_count_flags(doc));
  }
  free(body);
  vg_doc_destroy(&doc);
  free(id);
  free(name);
  return rc;
}

int vg_worker_run(void *ctx, const vg_worker_config_t *cfg, vg_analyser_t *an, int stop_fd,
                  vg_err_t *err) {
  void *indexer = s_connect(ctx, ZMQ_PUSH, cfg->index_endpoint);
  if (!indexer) return vg_err_set(err, VG_E_IO, "cannot connect '%s'", cfg->index_endpoint);
  int backoff = cfg->heartbeat_ms;
  for (;;) { /* one iteration per broker connection */
    void *broker = s_connect(ctx, ZMQ_DEALER, cfg->broker_endpoint);
    if (!broker) {
      zmq_close(indexer);
      return vg_err_set(err, VG_E_IO, "cannot connect '%s'", cfg->broker_endpoint);
    }
    vg_wire_send_str(broker, NULL, 0, VG_CMD_READY, ZMQ_DONTWAIT, 1, cfg->name);
    int liveness = cfg->liveness;
    long long next_hb = s_now_ms() + cfg->heartbeat_ms;
    zmq_pollitem_t items[2] = {{broker, 0, ZMQ_POLLIN, 0}, {NULL, stop_fd, ZMQ_POLLIN, 0}};
    int nitems = stop_fd >= 0 ? 2 : 1;
    int reconnect = 0;
    while (!reconnect) {
      int rc = zmq_poll(items, nitems, cfg->heartbeat_ms);
      if (rc < 0 && zmq_errno() != EINTR) {
        zmq_close(broker);
        zmq_close(indexer);
        return vg_err_set(err, VG_E_IO, "poll failed: %s", zmq_strerror(zmq_errno()));
      }
      if (nitems == 2 && (items[1].revents & ZMQ_POLLIN)) {
        zmq_close(broker);
        zmq_close(indexer);
        return VG_OK;
      }
      if (items[0].revents & ZMQ_POLLIN) {
        vg_msg_t m;
        vg_err_t merr = {{0}};
        int r = vg_wire_recv(broker, 0, &m, ZMQ_DONTWAIT, &merr);
        if (r == VG_OK) {
          liveness = cfg->liveness;
          backoff = cfg->heartbeat_ms;
          if (m.cmd == VG_CMD_JOB) {
            r = s_job(cfg, an, broker, indexer, &m);
            next_hb = s_now_ms() + cfg->heartbeat_ms;
          } else if (m.cmd == VG_CMD_HEARTBEAT) {
            /* A heartbeat from a broker that does not know us (it restarted): announce again. */
          } else {
            vg_log(cfg->log, VG_LOG_WARN, NULL, "unexpected '%s' from the broker; dropped",
                   vg_cmd_str(m.cmd));
          }
          vg_msg_close(&m);
          if (r == VG_E_NOMEM) {
            zmq_close(broker);
            zmq_close(indexer);
            return vg_err_set(err, r, "out of memory");
          }
        } else if (r == VG_E_PROTOCOL) {
          vg_log(cfg->log, VG_LOG_WARN, NULL, "broker message dropped: %s", merr.msg);
        }
      } else if (--liveness <= 0) {
        vg_log(cfg->log, VG_LOG_WARN, NULL, "broker silent; reconnecting in %d ms", backoff);
        reconnect = 1;
      }
      if (s_now_ms() >= next_hb) {
        vg_wire_send(broker, NULL, 0, VG_CMD_HEARTBEAT, NULL, 0, ZMQ_DONTWAIT);
        next_hb = s_now_ms() + cfg->heartbeat_ms;
      }
    }
    zmq_close(broker);
    /* Back off, but keep watching for a stop request. */
    zmq_pollitem_t st = {NULL, stop_fd, ZMQ_POLLIN, 0};
    if (stop_fd >= 0 && zmq_poll(&st, 1, backoff) > 0) {
      zmq_close(indexer);
      return VG_OK;
    }
    if (backoff < VG_WORKER_BACKOFF_MAX_MS) backoff *= 2;
  }
}
