/* vg_cli_ingest.c: `vigie ingest PATH...` — sends files to the running stack, waits until
 * each is indexed or failed, and prints a summary (documents, clauses, flags, failures).
 * Not for: analysis (the stack does it). Resumable: documents already indexed are not
 * analysed again (their id is their content hash) unless --force. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "vg_cli.h"
#include "vg_cli_walk.h"
#include "vg_file.h"
#include "vg_wire.h"

#define VG_INGEST_WINDOW 32            /* submissions in flight */
#define VG_INGEST_REPLY_TIMEOUT_MS 30000
#define VG_INGEST_POLL_MS 200

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Names travel in JSON: replace bytes that are not valid UTF-8 with '?'. */
static void s_utf8_sanitise(char *s) {
  unsigned char *p = (unsigned char *)s;
  while (*p) {
    int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    int ok = n > 0;
    for (int i = 1; ok && i < n; i++) ok = (p[i] & 0xC0) == 0x80;
    if (!ok) {
      *p++ = '?';
      continue;
    }
    p += n;
  }
}

/* Waits for one reply to a SUBMIT. Returns 1 accepted, 0 rejected, -1 no answer. */
static int s_reply(void *sock, long *rejected) {
  zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
  if (zmq_poll(&it, 1, VG_INGEST_REPLY_TIMEOUT_MS) <= 0) return -1;
  vg_msg_t m;
  vg_err_t err = {{0}};
  if (vg_wire_recv(sock, 0, &m, 0, &err) != VG_OK) return -1;
  int rc = 1;
  if (m.cmd == VG_CMD_REJECTED) {
    char *name = vg_msg_strdup(&m, 0), *why = vg_msg_strdup(&m, 1);
    fprintf(stderr, "vigie: rejected '%s': %s\n", name ? name : "?", why ? why : "?");
    free(name);
    free(why);
    (*rejected)++;
    rc = 0;
  }
  vg_msg_close(&m);
  return rc;
}

static json_t *s_status(void *sock, const char *batch) {
  if (vg_wire_send_str(sock, NULL, 0, VG_CMD_STATUS, 0, 1, batch) != VG_OK) return NULL;
  zmq_pollitem_t it = {sock, 0, ZMQ_POLLIN, 0};
  if (zmq_poll(&it, 1, VG_INGEST_REPLY_TIMEOUT_MS) <= 0) return NULL;
  vg_msg_t m;
  if (vg_wire_recv(sock, 0, &m, 0, NULL) != VG_OK) return NULL;
  json_t *j = m.cmd == VG_CMD_STATUS ? json_loadb(m.body[0].data, m.body[0].len, 0, NULL) : NULL;
  vg_msg_close(&m);
  return j;
}

static json_int_t s_int(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }

int vg_cli_ingest(vg_cli_t *cli) {
  int force = 0;
  vg_walk_t w = {0};
  for (int i = 0; i < cli->argc; i++) {
    if (!strcmp(cli->argv[i], "--force")) force = 1;
    else if (cli->argv[i][0] == '-' && cli->argv[i][1]) {
      fprintf(stderr, "usage: vigie ingest [--data DIR] [--force] PATH...\n");
      vg_walk_free(&w);
      return 2;
    } else vg_walk_add(&w, cli->argv[i]);
  }
  if (w.nfiles == 0 && w.nskipped == 0) {
    fprintf(stderr, "usage: vigie ingest [--data DIR] [--force] PATH...\n");
    return 2;
  }
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  char batch[64];
  snprintf(batch, sizeof batch, "%ld-%02x%02x%02x%02x%02x%02x%02x%02x", (long)time(NULL), rnd[0],
           rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
  void *ctx = zmq_ctx_new();
  void *sock = zmq_socket(ctx, ZMQ_DEALER);
  int linger = 0;
  zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
  if (zmq_connect(sock, cli->paths.clients_ep) != 0) {
    fprintf(stderr, "vigie: cannot connect '%s'\n", cli->paths.clients_ep);
    zmq_close(sock);
    zmq_ctx_term(ctx);
    vg_walk_free(&w);
    return 1;
  }
  double t0 = s_now();
  long inflight = 0, rejected = 0, local_failed = 0, sent = 0;
  size_t bytes = 0;
  int rc = 0;
  for (size_t i = 0; i < w.nfiles && rc == 0; i++) {
    char *buf = NULL;
    size_t len = 0;
    vg_err_t err = {{0}};
    if (vg_file_read(w.files[i], VG_WIRE_MAX_MSG / 2, &buf, &len, &err) != VG_OK) {
      fprintf(stderr, "vigie: failed '%s': %s\n", w.files[i], err.msg);
      local_failed++;
      continue;
    }
    char name[4096];
    snprintf(name, sizeof name, "%s", w.files[i]);
    s_utf8_sanitise(name);
    vg_frame_t fr[4] = {{batch, strlen(batch)}, {name, strlen(name)}, {buf, len}, {"force", 5}};
    int src = vg_wire_send(sock, NULL, 0, VG_CMD_SUBMIT, fr, force ? 4 : 3, 0);
    free(buf);
    if (src != VG_OK) {
      fprintf(stderr, "vigie: cannot send '%s'\n", w.files[i]);
      rc = 1;
      break;
    }
    bytes += len;
    sent++;
    if (++inflight >= VG_INGEST_WINDOW) {
      if (s_reply(sock, &rejected) < 0) rc = 1;
      inflight--;
    }
  }
  while (rc == 0 && inflight > 0) {
    if (s_reply(sock, &rejected) < 0) rc = 1;
    inflight--;
  }
  if (rc) {
    fprintf(stderr, "vigie: no answer from vigie-ingest at %s; is the stack running (vigie up --data %s)?\n",
            cli->paths.clients_ep, cli->paths.data_dir);
    zmq_close(sock);
    zmq_ctx_term(ctx);
    vg_walk_free(&w);
    return 1;
  }
  json_t *st = NULL;
  double last_line = 0, warned = 0;
  for (;;) {
    json_decref(st);
    st = s_status(sock, batch);
    if (!st) {
      fprintf(stderr, "vigie: lost contact with vigie-ingest\n");
      rc = 1;
      break;
    }
    json_int_t total = s_int(st, "total"), done = s_int(st, "indexed"), failed = s_int(st, "failed");
    double el = s_now() - t0;
    double rate = el > 0 ? (double)(done + failed) / el : 0;
    double eta = rate > 0 ? (double)(total - done - failed) / rate : 0;
    if (cli->tty) {
      printf("\r%lld/%lld indexed, %lld failed, %.1f docs/s, ETA %.0f s   ", (long long)done,
             (long long)total, (long long)failed, rate, eta);
      fflush(stdout);
    } else if (el - last_line >= 5) {
      printf("progress: %lld/%lld indexed, %lld failed, %.1f docs/s\n", (long long)done,
             (long long)total, (long long)failed, rate);
      fflush(stdout);
      last_line = el;
    }
    if (s_int(st, "pending") == 0) break;
    if (s_int(st, "workers") == 0 && el - warned >= 10) {
      fprintf(stderr, "vigie: no analysis worker is connected to vigie-ingest; waiting (see the "
                      "`vigie up` log)\n");
      warned = el;
    }
    zmq_poll(NULL, 0, VG_INGEST_POLL_MS);
  }
  if (cli->tty) printf("\n");
  if (st) {
    double el = s_now() - t0;
    json_int_t failed = s_int(st, "failed") + local_failed + rejected;
    printf("documents: %lld indexed, %lld failed, %zu skipped (%ld sent, %.1f MB in %.2f s)\n",
           (long long)s_int(st, "indexed"), (long long)failed, w.nskipped, sent, bytes / 1e6, el);
    printf("clauses: %lld\nflags: %lld\n", (long long)s_int(st, "clauses"), (long long)s_int(st, "flags"));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(st, "failures"), i, f) {
      printf("failed: %s: %s (%s)\n", json_string_value(json_object_get(f, "name")),
             json_string_value(json_object_get(f, "reason")), json_string_value(json_object_get(f, "status")));
    }
    for (size_t k = 0; k < w.nskipped; k++) printf("skipped: %s\n", w.skipped[k]);
    if (failed > 0) rc = 3;
    json_decref(st);
  }
  zmq_close(sock);
  zmq_ctx_term(ctx);
  vg_walk_free(&w);
  return rc;
}
