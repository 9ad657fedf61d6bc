/* vg_indexer.c: batch-committing single Xapian writer (see vg_indexer.h). */
#include "vg_indexer.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "vg_doc.h"
#include "vg_indexer_review.h"
#include "vg_wire.h"
#include "vg_xap.h"

struct vg_indexer {
  vg_indexer_config_t cfg;
  vg_xap_writer_t *w;
  void *in, *acks;
  void *review;             /* ROUTER for REVIEW actions, or NULL */
  json_t *pending;          /* array of {"job","clauses","flags"[, "error"]} since last commit */
  long long first_pending_ms;
};

static long long s_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

vg_indexer_t *vg_indexer_new(void *zctx, const vg_indexer_config_t *cfg, vg_err_t *err) {
  vg_indexer_t *ix = calloc(1, sizeof *ix);
  if (!ix) return NULL;
  ix->cfg = *cfg;
  ix->pending = json_array();
  ix->w = vg_xap_writer_open(cfg->db_path, err);
  if (!ix->w || !ix->pending) goto fail;
  /* reviews logged but not applied before a crash are applied before anything is served */
  if (cfg->audit_path && cfg->audit_path[0] && vg__indexer_replay(ix->w, cfg->audit_path, cfg->log, err))
    goto fail;
  ix->in = zmq_socket(zctx, ZMQ_PULL);
  ix->acks = zmq_socket(zctx, ZMQ_PUSH);
  if (!ix->in || !ix->acks) goto fail;
  int linger = 2000, hwm = 1000;
  zmq_setsockopt(ix->in, ZMQ_RCVHWM, &hwm, sizeof hwm);
  zmq_setsockopt(ix->acks, ZMQ_LINGER, &linger, sizeof linger);
  if (zmq_bind(ix->in, cfg->index_endpoint) != 0) {
    vg_err_set(err, VG_E_IO, "cannot bind '%s': %s", cfg->index_endpoint, zmq_strerror(zmq_errno()));
    goto fail;
  }
  if (zmq_connect(ix->acks, cfg->acks_endpoint) != 0) {
    vg_err_set(err, VG_E_IO, "cannot connect '%s': %s", cfg->acks_endpoint, zmq_strerror(zmq_errno()));
    goto fail;
  }
  if (cfg->review_endpoint && cfg->review_endpoint[0]) {
    if (!cfg->audit_path || !cfg->audit_path[0]) {
      vg_err_set(err, VG_E_CONFIG, "a review endpoint needs an audit log path");
      goto fail;
    }
    ix->review = zmq_socket(zctx, ZMQ_ROUTER);
    int zero = 0;
    if (!ix->review) goto fail;
    zmq_setsockopt(ix->review, ZMQ_LINGER, &zero, sizeof zero);
    if (zmq_bind(ix->review, cfg->review_endpoint) != 0) {
      vg_err_set(err, VG_E_IO, "cannot bind '%s': %s", cfg->review_endpoint, zmq_strerror(zmq_errno()));
      goto fail;
    }
  }
  return ix;
fail:
  vg_indexer_destroy(&ix);
  return NULL;
}

void vg_indexer_destroy(vg_indexer_t **pix) {
  if (!pix || !*pix) return;
  vg_indexer_t *ix = *pix;
  if (ix->in) zmq_close(ix->in);
  if (ix->acks) zmq_close(ix->acks);
  if (ix->review) zmq_close(ix->review);
  vg_xap_writer_close(&ix->w);
  json_decref(ix->pending);
  free(ix);
  *pix = NULL;
}

/* Commits, then reports the committed jobs. A failed commit is service-level: the pending
 * jobs are not acknowledged, so vigie-ingest sends them again after a restart. */
static int s_commit(vg_indexer_t *ix, vg_err_t *err) {
  if (json_array_size(ix->pending) == 0) return VG_OK;
  int rc = vg_xap_writer_commit(ix->w, err);
  if (rc) return rc;
  char *body = json_dumps(ix->pending, JSON_COMPACT);
  if (!body) return vg_err_set(err, VG_E_NOMEM, "cannot encode COMMITTED");
  vg_frame_t fr = {body, strlen(body)};
  /* Blocking send: if vigie-ingest is down the ack waits in the socket; if it is lost the
   * broker's commit timeout re-sends the job and the re-index is idempotent. */
  rc = vg_wire_send(ix->acks, NULL, 0, VG_CMD_COMMITTED, &fr, 1, 0);
  free(body);
  vg_log(ix->cfg.log, VG_LOG_INFO, NULL, "committed %zu documents", json_array_size(ix->pending));
  json_array_clear(ix->pending);
  return rc == VG_OK ? VG_OK : vg_err_set(err, rc, "cannot send COMMITTED");
}

static int s_on_analysed(vg_indexer_t *ix, vg_msg_t *m, vg_err_t *err) {
  char *job = vg_msg_strdup(m, 0);
  if (!job) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  json_error_t jerr;
  vg_err_t derr = {{0}};
  json_t *j = json_loadb(m->body[1].data, m->body[1].len, 0, &jerr);
  vg_doc_t *doc = j ? vg_doc_from_json(j, &derr) : NULL;
  json_decref(j);
  json_t *entry = NULL;
  int rc = VG_OK;
  if (!doc) {
    /* A malformed message is logged and dropped; the job is dead-lettered, not retried. */
    vg_log(ix->cfg.log, VG_LOG_WARN, job, "malformed ANALYSED body: %s", j ? derr.msg : jerr.text);
    entry = json_pack("{s:s, s:s}", "job", job, "error", "analysed document could not be decoded");
  } else if ((rc = vg_xap_writer_put(ix->w, doc, &derr)) != VG_OK) {
    if (vg_status_is_doc(rc)) {
      vg_log(ix->cfg.log, VG_LOG_WARN, job, "cannot index: %s", derr.msg);
      entry = json_pack("{s:s, s:s}", "job", job, "error", derr.msg);
      rc = VG_OK;
    } else {
      vg_err_set(err, rc, "cannot index '%s': %s", job, derr.msg);
    }
  } else {
    entry = json_pack("{s:s, s:s, s:I, s:I}", "job", job, "doc", doc->id ? doc->id : "", "clauses",
                      (json_int_t)doc->nclauses, "flags", (json_int_t)vg_doc_count_flags(doc));
  }
  if (entry) {
    if (json_array_size(ix->pending) == 0) ix->first_pending_ms = s_now_ms();
    json_array_append_new(ix->pending, entry);
  }
  vg_doc_destroy(&doc);
  free(job);
  return rc;
}

/* Answers the queued REVIEWs (at most VG__REVIEWS_PER_TURN, so that a stream of reviews
 * cannot starve document batches). Each first commits the pending document batch (so that the
 * review commit holds no unacknowledged documents and targets indexed just before are
 * found), then appends, applies and commits the review. */
#define VG__REVIEWS_PER_TURN 64
static int s_on_reviews(vg_indexer_t *ix, vg_err_t *err) {
  for (int turn = 0; turn < VG__REVIEWS_PER_TURN; turn++) {
    vg_msg_t m;
    vg_err_t merr = {{0}};
    int r = vg_wire_recv(ix->review, 1, &m, ZMQ_DONTWAIT, &merr);
    if (r == VG_E_TIMEOUT) return VG_OK;
    if (r == VG_E_PROTOCOL) {
      vg_log(ix->cfg.log, VG_LOG_WARN, NULL, "review message dropped: %s", merr.msg);
      continue;
    }
    if (r != VG_OK) return vg_err_set(err, r, "%s", merr.msg);
    if (m.cmd != VG_CMD_REVIEW) {
      vg_log(ix->cfg.log, VG_LOG_WARN, NULL, "unexpected '%s' on the review socket; dropped",
             vg_cmd_str(m.cmd));
      vg_msg_close(&m);
      continue;
    }
    if ((r = s_commit(ix, err)) != VG_OK) {
      vg_wire_send_str(ix->review, m.route, m.route_len, VG_CMD_REVIEWED, ZMQ_DONTWAIT, 2,
                       vg_status_name(VG_E_BACKEND), "{\"error\":\"index commit failed\"}");
      vg_msg_close(&m);
      return r;
    }
    json_error_t jerr;
    json_t *action = json_loadb(m.body[0].data, m.body[0].len, JSON_REJECT_DUPLICATES, &jerr);
    json_t *reply = NULL;
    int fatal = 0, st;
    if (!action) {
      st = VG_E_INPUT;
      reply = json_pack("{s:s}", "error", "review action is not valid JSON");
    } else {
      st = vg__indexer_review(ix->w, ix->cfg.audit_path, ix->cfg.log, action, &reply, &fatal);
    }
    json_decref(action);
    char *body = reply ? json_dumps(reply, JSON_COMPACT) : NULL;
    json_decref(reply);
    /* the peer may be gone (it timed out): a ROUTER drops the reply silently */
    vg_wire_send_str(ix->review, m.route, m.route_len, VG_CMD_REVIEWED, ZMQ_DONTWAIT, 2,
                     vg_status_name(st), body ? body : "{\"error\":\"out of memory\"}");
    free(body);
    vg_msg_close(&m);
    if (fatal) return vg_err_set(err, VG_E_BACKEND, "a review could not be applied; restart replays it");
  }
  return VG_OK;
}

int vg_indexer_run(vg_indexer_t *ix, int stop_fd, vg_err_t *err) {
  zmq_pollitem_t items[3] = {{ix->in, 0, ZMQ_POLLIN, 0}, {NULL, stop_fd, ZMQ_POLLIN, 0},
                             {ix->review, 0, ZMQ_POLLIN, 0}};
  /* Tell the broker we (re)started, so that jobs lost with a previous instance are re-sent at
   * once. Queued by ZeroMQ until the broker is reachable. */
  vg_wire_send_str(ix->acks, NULL, 0, VG_CMD_HELLO, ZMQ_DONTWAIT, 1, ix->cfg.db_path);
  /* keep the review socket last: with no stop fd it moves into the stop slot */
  int nitems = stop_fd >= 0 ? 2 : 1;
  int review_slot = -1;
  if (ix->review) {
    review_slot = nitems;
    items[nitems++] = (zmq_pollitem_t){ix->review, 0, ZMQ_POLLIN, 0};
  }
  for (;;) {
    long timeout = 250;
    if (json_array_size(ix->pending)) {
      long long left = ix->first_pending_ms + ix->cfg.batch_ms - s_now_ms();
      timeout = left < 0 ? 0 : left;
    }
    int rc = zmq_poll(items, nitems, timeout);
    if (rc < 0 && zmq_errno() != EINTR)
      return vg_err_set(err, VG_E_IO, "poll failed: %s", zmq_strerror(zmq_errno()));
    if (stop_fd >= 0 && (items[1].revents & ZMQ_POLLIN)) return s_commit(ix, err);
    /* Take what is queued, but never hold a batch longer than batch_ms: acks (and the
     * client's progress) depend on commits. */
    while (rc > 0 && json_array_size(ix->pending) < ix->cfg.batch_docs &&
           (json_array_size(ix->pending) == 0 ||
            s_now_ms() - ix->first_pending_ms < ix->cfg.batch_ms)) {
      vg_msg_t m;
      vg_err_t merr = {{0}};
      int r = vg_wire_recv(ix->in, 0, &m, ZMQ_DONTWAIT, &merr);
      if (r == VG_E_TIMEOUT) break;
      if (r == VG_E_PROTOCOL) {
        vg_log(ix->cfg.log, VG_LOG_WARN, NULL, "message dropped: %s", merr.msg);
        continue;
      }
      if (r != VG_OK) return vg_err_set(err, r, "%s", merr.msg);
      if (m.cmd == VG_CMD_ANALYSED) r = s_on_analysed(ix, &m, err);
      else vg_log(ix->cfg.log, VG_LOG_WARN, NULL, "unexpected '%s'; dropped", vg_cmd_str(m.cmd));
      vg_msg_close(&m);
      if (r != VG_OK) return r;
    }
    if (review_slot >= 0 && rc > 0 && (items[review_slot].revents & ZMQ_POLLIN) &&
        (rc = s_on_reviews(ix, err)) != VG_OK)
      return rc;
    if (json_array_size(ix->pending) &&
        (json_array_size(ix->pending) >= ix->cfg.batch_docs ||
         s_now_ms() - ix->first_pending_ms >= ix->cfg.batch_ms)) {
      if ((rc = s_commit(ix, err)) != VG_OK) return rc;
    }
  }
}
