/* vg_review.c: one REVIEW -> REVIEWED round trip to vigie-indexer (see vg_review.h).
 *
 * For: a fresh DEALER socket per call (no stale replies, no REQ state machine to reset after
 * a timeout), linger 0 so that an unanswered request never blocks the caller's exit.
 * Not for: retries (a review is not idempotent: the caller decides). */
#include "vg_review.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "vg_wire.h"

/* Maps a status name from the wire back to its code; VG_E_PROTOCOL when unknown. */
static int s_status_from_name(const char *name, size_t len) {
#define VG__STATUS_MATCH(n, v, d, t)                                   \
  if (len == sizeof #n - 1 && !memcmp(name, #n, len)) return n;
  VG_STATUS_LIST(VG__STATUS_MATCH)
#undef VG__STATUS_MATCH
  return VG_E_PROTOCOL;
}

int vg_review_call(void *zctx, const char *endpoint, const json_t *action, int timeout_ms,
                   json_t **result, vg_err_t *err) {
  if (result) *result = NULL;
  if (!json_is_object(action)) return vg_err_set(err, VG_E_INPUT, "review action must be an object");
  char *body = json_dumps(action, JSON_COMPACT);
  if (!body) return VG_E_NOMEM;
  void *s = zmq_socket(zctx, ZMQ_DEALER);
  if (!s) {
    free(body);
    return vg_err_set(err, VG_E_IO, "cannot create a socket: %s", zmq_strerror(zmq_errno()));
  }
  int linger = 0, rc;
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  zmq_setsockopt(s, ZMQ_SNDTIMEO, &timeout_ms, sizeof timeout_ms);
  if (zmq_connect(s, endpoint) != 0) {
    rc = vg_err_set(err, VG_E_CONFIG, "cannot connect '%s': %s", endpoint, zmq_strerror(zmq_errno()));
    goto done;
  }
  vg_frame_t fr = {body, strlen(body)};
  if ((rc = vg_wire_send(s, NULL, 0, VG_CMD_REVIEW, &fr, 1, 0)) != VG_OK) {
    rc = vg_err_set(err, VG_E_TIMEOUT, "indexer at '%s' not reachable", endpoint);
    goto done;
  }
  zmq_pollitem_t it = {s, 0, ZMQ_POLLIN, 0};
  int pr;
  while ((pr = zmq_poll(&it, 1, timeout_ms)) < 0 && zmq_errno() == EINTR) {
  }
  if (pr <= 0) {
    rc = vg_err_set(err, VG_E_TIMEOUT, "indexer at '%s' did not answer within %d ms", endpoint,
                    timeout_ms);
    goto done;
  }
  vg_msg_t m;
  vg_err_t merr = {{0}};
  if ((rc = vg_wire_recv(s, 0, &m, ZMQ_DONTWAIT, &merr)) != VG_OK) {
    rc = vg_err_set(err, VG_E_PROTOCOL, "bad reply from the indexer: %s", merr.msg);
    goto done;
  }
  if (m.cmd != VG_CMD_REVIEWED) {
    rc = vg_err_set(err, VG_E_PROTOCOL, "unexpected '%s' from the indexer", vg_cmd_str(m.cmd));
  } else {
    json_error_t je;
    json_t *res = json_loadb(m.body[1].data, m.body[1].len, 0, &je);
    rc = s_status_from_name(m.body[0].data, m.body[0].len);
    if (!json_is_object(res)) {
      rc = vg_err_set(err, VG_E_PROTOCOL, "reply body is not a JSON object");
    } else if (rc != VG_OK) {
      const char *why = json_string_value(json_object_get(res, "error"));
      vg_err_set(err, rc, "%s", why ? why : vg_status_str(rc));
    }
    if (rc != VG_E_PROTOCOL && result) *result = json_incref(res);
    json_decref(res);
  }
  vg_msg_close(&m);
done:
  zmq_close(s);
  free(body);
  return rc;
}
