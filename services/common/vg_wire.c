/* vg_wire.c: frame-level codec for vigie messages (see vg_wire.h, docs/wire-protocol.md). */
#include "vg_wire.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

static const struct {
  const char *name;
  size_t min, max;
} s_cmds[VG_CMD__COUNT] = {
    [VG_CMD_NONE] = {"NONE", 0, 0},
#define VG__CMD_TAB(c, mn, mx) [VG_CMD_##c] = {#c, mn, mx},
    VG_WIRE_COMMANDS(VG__CMD_TAB)
#undef VG__CMD_TAB
};

const char *vg_cmd_str(vg_cmd_t c) {
  if ((int)c < 0 || c >= VG_CMD__COUNT) return "NONE";
  return s_cmds[c].name;
}

static vg_cmd_t s_cmd_lookup(const void *data, size_t len) {
  for (int c = 1; c < VG_CMD__COUNT; c++)
    if (strlen(s_cmds[c].name) == len && memcmp(s_cmds[c].name, data, len) == 0) return (vg_cmd_t)c;
  return VG_CMD_NONE;
}

static int s_send_frame(void *sock, const void *data, size_t len, int more, int flags) {
  int f = flags | (more ? ZMQ_SNDMORE : 0);
  if (zmq_send(sock, data, len, f) < 0) return errno == EAGAIN ? VG_E_TIMEOUT : VG_E_IO;
  return VG_OK;
}

int vg_wire_send(void *sock, const void *route, size_t route_len, vg_cmd_t cmd,
                 const vg_frame_t *body, size_t nbody, int flags) {
  if (cmd <= VG_CMD_NONE || cmd >= VG_CMD__COUNT) return VG_E_PROTOCOL;
  if (nbody < s_cmds[cmd].min || nbody > s_cmds[cmd].max) return VG_E_PROTOCOL;
  int st;
  if (route && route_len) {
    /* Only the first frame may fail with EAGAIN; later frames of a started message
     * are queued atomically by libzmq. */
    if ((st = s_send_frame(sock, route, route_len, 1, flags)) != VG_OK) return st;
  }
  if ((st = s_send_frame(sock, VG_WIRE_VERSION, 3, 1, flags)) != VG_OK) return st;
  const char *name = s_cmds[cmd].name;
  if ((st = s_send_frame(sock, name, strlen(name), nbody > 0, flags)) != VG_OK) return st;
  for (size_t i = 0; i < nbody; i++)
    if ((st = s_send_frame(sock, body[i].data, body[i].len, i + 1 < nbody, flags)) != VG_OK)
      return st;
  return VG_OK;
}

int vg_wire_send_str(void *sock, const void *route, size_t route_len, vg_cmd_t cmd, int flags,
                     size_t nbody, ...) {
  vg_frame_t fr[VG_WIRE_MAX_FRAMES];
  if (nbody > VG_WIRE_MAX_FRAMES) return VG_E_PROTOCOL;
  va_list ap;
  va_start(ap, nbody);
  for (size_t i = 0; i < nbody; i++) {
    const char *s = va_arg(ap, const char *);
    fr[i].data = s ? s : "";
    fr[i].len = s ? strlen(s) : 0;
  }
  va_end(ap);
  return vg_wire_send(sock, route, route_len, cmd, fr, nbody, flags);
}

void vg_msg_close(vg_msg_t *msg) {
  if (!msg) return;
  zmq_msg_t *z = msg->zmsgs_;
  for (size_t i = 0; i < msg->nz_; i++) zmq_msg_close(&z[i]);
  free(z);
  msg->zmsgs_ = NULL;
  msg->nz_ = 0;
  msg->nbody = 0;
  msg->cmd = VG_CMD_NONE;
}

/* Receives the rest of a multipart message and throws it away. */
static void s_drain(void *sock) {
  int more = 1;
  size_t sz = sizeof more;
  while (zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &sz) == 0 && more) {
    zmq_msg_t m;
    zmq_msg_init(&m);
    int rc = zmq_msg_recv(&m, sock, 0);
    zmq_msg_close(&m);
    if (rc < 0) break;
  }
}

int vg_wire_recv(void *sock, int routed, vg_msg_t *msg, int flags, vg_err_t *err) {
  memset(msg, 0, sizeof *msg);
  const size_t maxz = VG_WIRE_MAX_FRAMES + 3;
  zmq_msg_t *z = calloc(maxz, sizeof *z);
  if (!z) return VG_E_NOMEM;
  msg->zmsgs_ = z;
  size_t total = 0;
  for (;;) {
    if (msg->nz_ == maxz) {
      s_drain(sock);
      vg_msg_close(msg);
      return vg_err_set(err, VG_E_PROTOCOL, "too many frames");
    }
    zmq_msg_init(&z[msg->nz_]);
    int rc = zmq_msg_recv(&z[msg->nz_], sock, msg->nz_ == 0 ? flags : 0);
    if (rc < 0) {
      int e = errno;
      zmq_msg_close(&z[msg->nz_]);
      vg_msg_close(msg);
      if (e == EAGAIN) return VG_E_TIMEOUT;
      return vg_err_set(err, VG_E_IO, "receive failed: %s", zmq_strerror(e));
    }
    total += (size_t)rc;
    msg->nz_++;
    if (!zmq_msg_more(&z[msg->nz_ - 1])) break;
  }
  size_t i = 0;
  if (routed) {
    size_t rl = zmq_msg_size(&z[0]);
    if (rl == 0 || rl > VG_WIRE_MAX_ROUTE) {
      vg_msg_close(msg);
      return vg_err_set(err, VG_E_PROTOCOL, "bad routing id");
    }
    memcpy(msg->route, zmq_msg_data(&z[0]), rl);
    msg->route_len = rl;
    i = 1;
  }
  if (total > VG_WIRE_MAX_MSG) {
    vg_msg_close(msg);
    return vg_err_set(err, VG_E_PROTOCOL, "message over %u bytes", VG_WIRE_MAX_MSG);
  }
  if (msg->nz_ < i + 2 || zmq_msg_size(&z[i]) != 3 || memcmp(zmq_msg_data(&z[i]), VG_WIRE_VERSION, 3)) {
    vg_msg_close(msg);
    return vg_err_set(err, VG_E_PROTOCOL, "missing '%s' header", VG_WIRE_VERSION);
  }
  vg_cmd_t cmd = s_cmd_lookup(zmq_msg_data(&z[i + 1]), zmq_msg_size(&z[i + 1]));
  if (cmd == VG_CMD_NONE) {
    vg_msg_close(msg);
    return vg_err_set(err, VG_E_PROTOCOL, "unknown command");
  }
  size_t nbody = msg->nz_ - i - 2;
  if (nbody < s_cmds[cmd].min || nbody > s_cmds[cmd].max) {
    vg_msg_close(msg);
    return vg_err_set(err, VG_E_PROTOCOL, "'%s' with %zu body frames", s_cmds[cmd].name, nbody);
  }
  msg->cmd = cmd;
  msg->nbody = nbody;
  for (size_t k = 0; k < nbody; k++) {
    msg->body[k].data = zmq_msg_data(&z[i + 2 + k]);
    msg->body[k].len = zmq_msg_size(&z[i + 2 + k]);
  }
  return VG_OK;
}

char *vg_msg_strdup(const vg_msg_t *msg, size_t i) {
  if (!msg || i >= msg->nbody) return NULL;
  char *s = malloc(msg->body[i].len + 1);
  if (!s) return NULL;
  memcpy(s, msg->body[i].data, msg->body[i].len);
  s[msg->body[i].len] = '\0';
  return s;
}

int vg_wire_ipc_endpoint(char *out, size_t outlen, const char *data_dir, const char *name) {
  int n = snprintf(out, outlen, "ipc://%s/run/%s.sock", data_dir, name);
  /* Unix socket paths are limited to ~107 bytes (sun_path). */
  if (n < 0 || (size_t)n >= outlen || (size_t)n - 6 > 100) return VG_E_CONFIG;
  return VG_OK;
}
