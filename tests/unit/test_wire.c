/* test_wire.c: the VG1 codec over real ZeroMQ sockets (ipc:// in a temp dir). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zmq.h>

#include "vg_config.h"
#include "vg_wire.h"

typedef struct {
  char dir[64];
  void *ctx, *router, *dealer;
} s_fix_t;

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgwireXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  char ep[256];
  snprintf(ep, sizeof ep, "ipc://%s/t.sock", f->dir);
  f->ctx = zmq_ctx_new();
  f->router = zmq_socket(f->ctx, ZMQ_ROUTER);
  f->dealer = zmq_socket(f->ctx, ZMQ_DEALER);
  int linger = 0;
  zmq_setsockopt(f->router, ZMQ_LINGER, &linger, sizeof linger);
  zmq_setsockopt(f->dealer, ZMQ_LINGER, &linger, sizeof linger);
  assert_int_equal(zmq_bind(f->router, ep), 0);
  assert_int_equal(zmq_connect(f->dealer, ep), 0);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  zmq_close(f->router);
  zmq_close(f->dealer);
  zmq_ctx_term(f->ctx);
  char sock[128];
  snprintf(sock, sizeof sock, "%s/t.sock", f->dir);
  unlink(sock);
  rmdir(f->dir);
  free(f);
  return 0;
}

static void test_round_trip_every_frame(void **state) {
  s_fix_t *f = *state;
  const char bin[5] = {0, 1, 2, 0, 3}; /* binary content survives */
  vg_frame_t body[3] = {{"batch-1", 7}, {"a.xml", 5}, {bin, sizeof bin}};
  assert_int_equal(vg_wire_send(f->dealer, NULL, 0, VG_CMD_SUBMIT, body, 3, 0), VG_OK);
  vg_msg_t m;
  vg_err_t err = {{0}};
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_OK);
  assert_int_equal(m.cmd, VG_CMD_SUBMIT);
  assert_true(m.route_len > 0);
  assert_int_equal(m.nbody, 3);
  assert_memory_equal(m.body[2].data, bin, sizeof bin);
  char *name = vg_msg_strdup(&m, 1);
  assert_string_equal(name, "a.xml");
  free(name);
  /* reply through the routing id */
  assert_int_equal(vg_wire_send_str(f->router, m.route, m.route_len, VG_CMD_ACCEPTED, 0, 3, "id",
                                    "a.xml", "queued"),
                   VG_OK);
  vg_msg_close(&m);
  vg_msg_close(&m); /* idempotent */
  vg_msg_t r;
  assert_int_equal(vg_wire_recv(f->dealer, 0, &r, 0, &err), VG_OK);
  assert_int_equal(r.cmd, VG_CMD_ACCEPTED);
  assert_int_equal(r.route_len, 0);
  vg_msg_close(&r);
}

static void test_wrong_frame_count_refused_at_send(void **state) {
  s_fix_t *f = *state;
  vg_frame_t one = {"x", 1};
  assert_int_equal(vg_wire_send(f->dealer, NULL, 0, VG_CMD_JOB, &one, 1, 0), VG_E_PROTOCOL);
  assert_int_equal(vg_wire_send(f->dealer, NULL, 0, VG_CMD_NONE, NULL, 0, 0), VG_E_PROTOCOL);
}

/* Raw frames that break the protocol must be dropped with a reason, and the socket must keep
 * working for the next good message. */
static void test_malformed_messages_are_dropped(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  vg_msg_t m;
  zmq_send(f->dealer, "XX1", 3, ZMQ_SNDMORE);
  zmq_send(f->dealer, "READY", 5, 0);
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_E_PROTOCOL);
  assert_non_null(strstr(err.msg, "header"));
  zmq_send(f->dealer, "VG1", 3, ZMQ_SNDMORE);
  zmq_send(f->dealer, "EXPLODE", 7, 0);
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_E_PROTOCOL);
  assert_non_null(strstr(err.msg, "unknown command"));
  zmq_send(f->dealer, "VG1", 3, ZMQ_SNDMORE);
  zmq_send(f->dealer, "DONE", 4, 0); /* DONE needs one body frame */
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_E_PROTOCOL);
  for (int i = 0; i < 20; i++) zmq_send(f->dealer, "VG1", 3, ZMQ_SNDMORE); /* too many frames */
  zmq_send(f->dealer, "END", 3, 0);
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_E_PROTOCOL);
  zmq_send(f->dealer, "", 0, 0); /* empty */
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_E_PROTOCOL);
  assert_int_equal(vg_wire_send_str(f->dealer, NULL, 0, VG_CMD_READY, 0, 1, "w1"), VG_OK);
  assert_int_equal(vg_wire_recv(f->router, 1, &m, 0, &err), VG_OK);
  assert_int_equal(m.cmd, VG_CMD_READY);
  vg_msg_close(&m);
  assert_int_equal(vg_wire_recv(f->router, 1, &m, ZMQ_DONTWAIT, &err), VG_E_TIMEOUT);
}

static void test_endpoints_from_data_dir(void **state) {
  (void)state;
  vg_paths_t p;
  vg_err_t err = {{0}};
  assert_int_equal(vg_paths_init(&p, "/srv/vigie", &err), VG_OK);
  assert_string_equal(p.workers_ep, "ipc:///srv/vigie/run/workers.sock");
  assert_string_equal(p.index_dir, "/srv/vigie/index");
  char longdir[200];
  memset(longdir, 'a', sizeof longdir - 1);
  longdir[0] = '/';
  longdir[sizeof longdir - 1] = '\0';
  assert_int_equal(vg_paths_init(&p, longdir, &err), VG_E_CONFIG);
  char out[VG_PATH_MAX];
  assert_int_equal(vg_paths_data_dir(out, sizeof out, NULL, NULL, NULL, "/home/u"), VG_OK);
  assert_string_equal(out, "/home/u/.local/share/vigie");
  assert_int_equal(vg_paths_data_dir(out, sizeof out, "/x", "/y", NULL, "/home/u"), VG_OK);
  assert_string_equal(out, "/x");
  long v;
  assert_int_equal(vg_parse_long("12", 0, 100, &v), VG_OK);
  assert_int_equal(v, 12);
  assert_int_equal(vg_parse_long("12x", 0, 100, &v), VG_E_CONFIG);
  assert_int_equal(vg_parse_long("101", 0, 100, &v), VG_E_CONFIG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_round_trip_every_frame, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_wrong_frame_count_refused_at_send, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_malformed_messages_are_dropped, s_setup, s_teardown),
      cmocka_unit_test(test_endpoints_from_data_dir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
