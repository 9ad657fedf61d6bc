/* test_review_client.c: vg_review_call against a peer that answers like vigie-indexer (a
 * forked process with a ROUTER), and against nobody (timeout). The indexer's own review path
 * is exercised end to end by integration.review. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <zmq.h>

#include "vg_review.h"
#include "vg_wire.h"

/* Child: answers n REVIEW messages: the first with VG_OK and the action echoed back, the
 * next with VG_E_NOTFOUND. */
static void s_peer(const char *ep, int n) {
  void *ctx = zmq_ctx_new();
  void *r = zmq_socket(ctx, ZMQ_ROUTER);
  if (zmq_bind(r, ep) != 0) _exit(3);
  for (int i = 0; i < n; i++) {
    vg_msg_t m;
    if (vg_wire_recv(r, 1, &m, 0, NULL) != VG_OK || m.cmd != VG_CMD_REVIEW) _exit(4);
    char *body = vg_msg_strdup(&m, 0);
    if (i == 0)
      vg_wire_send_str(r, m.route, m.route_len, VG_CMD_REVIEWED, 0, 2, "VG_OK", body);
    else
      vg_wire_send_str(r, m.route, m.route_len, VG_CMD_REVIEWED, 0, 2, "VG_E_NOTFOUND",
                       "{\"error\":\"no flag 'x'\"}");
    free(body);
    vg_msg_close(&m);
  }
  int linger = 1000;
  zmq_setsockopt(r, ZMQ_LINGER, &linger, sizeof linger);
  zmq_close(r);
  zmq_ctx_term(ctx);
  _exit(0);
}

static void test_round_trip(void **state) {
  (void)state;
  char dir[] = "/tmp/vgrevXXXXXX", ep[128];
  assert_non_null(mkdtemp(dir));
  snprintf(ep, sizeof ep, "ipc://%s/review.sock", dir);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) s_peer(ep, 2);
  void *ctx = zmq_ctx_new();
  json_t *action = json_pack("{s:s, s:s, s:s, s:s}", "action", "flag.review", "flag_id", "f1",
                             "status", "confirmed", "reason", "because");
  json_t *res = NULL;
  vg_err_t err = {{0}};
  /* generous: the peer may still be starting (ZeroMQ connects in the background) */
  assert_int_equal(vg_review_call(ctx, ep, action, 20000, &res, &err), VG_OK);
  assert_true(json_equal(res, action));
  json_decref(res);
  assert_int_equal(vg_review_call(ctx, ep, action, 20000, &res, &err), VG_E_NOTFOUND);
  assert_string_equal(json_string_value(json_object_get(res, "error")), "no flag 'x'");
  assert_string_equal(err.msg, "no flag 'x'");
  json_decref(res);
  int st = 0;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  /* nobody listens any more: a timeout, and the context still terminates (linger 0) */
  assert_int_equal(vg_review_call(ctx, ep, action, 200, &res, &err), VG_E_TIMEOUT);
  assert_null(res);
  assert_int_equal(vg_review_call(ctx, ep, json_array_get(action, 0), 200, &res, &err), VG_E_INPUT);
  json_decref(action);
  zmq_ctx_term(ctx);
  char sock[160];
  snprintf(sock, sizeof sock, "%s/review.sock", dir);
  unlink(sock);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trip)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
