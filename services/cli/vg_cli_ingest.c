/* vg_cli_ingest.c: `vigie ingest PATH...` — sends files, folders, TED packages and zip dossiers
 * to the running stack, waits until each document is indexed or failed, shows progress
 * (count, rate, ETA) and prints a summary (documents, clauses, flags, failures grouped by
 * reason, skipped files).
 * Not for: analysis (the stack does it), container reading (vg_cli_archive), the wire
 * (vg_cli_submit). Resumable: documents already indexed are not analysed again (their id is
 * their content hash) unless --force. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "vg_cli.h"
#include "vg_cli_submit.h"
#include "vg_cli_walk.h"

#define VG_INGEST_POLL_MS 200
#define VG_INGEST_PLAIN_EVERY_S 5   /* progress line interval when stdout is not a terminal */
#define VG_INGEST_NO_WORKER_WARN_S 10

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static json_int_t s_int(json_t *j, const char *k) { return json_integer_value(json_object_get(j, k)); }
static const char *s_str(json_t *j, const char *k) {
  const char *s = json_string_value(json_object_get(j, k));
  return s ? s : "";
}

/* The description of a status name ("VG_E_TOO_BIG" -> "input over a size limit"). */
static const char *s_status_text(const char *name) {
  for (int st = 0; st >= -64; st--)
    if (strcmp(vg_status_name(st), name) == 0) return vg_status_str(st);
  return "other";
}

static int s_by_status_then_name(const void *a, const void *b) {
  json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  int c = strcmp(s_str(x, "status"), s_str(y, "status"));
  return c ? c : strcmp(s_str(x, "name"), s_str(y, "name"));
}

/* "failures by reason:" with a count per status, then one "failed: NAME: REASON (STATUS)"
 * line per failure, grouped by status. */
static void s_print_failures(json_t *failures) {
  size_t n = json_array_size(failures);
  if (n == 0) return;
  json_t **v = malloc(n * sizeof *v);
  if (!v) return;
  for (size_t i = 0; i < n; i++) v[i] = json_array_get(failures, i);
  qsort(v, n, sizeof *v, s_by_status_then_name);
  printf("failures by reason:\n");
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && strcmp(s_str(v[j], "status"), s_str(v[i], "status")) == 0) j++;
    printf("  %zu %s (%s)\n", j - i, s_str(v[i], "status"), s_status_text(s_str(v[i], "status")));
    i = j;
  }
  for (size_t i = 0; i < n; i++)
    printf("failed: %s: %s (%s)\n", s_str(v[i], "name"), s_str(v[i], "reason"), s_str(v[i], "status"));
  free(v);
}

static void s_progress(const vg_cli_t *cli, json_t *st, double el, double *last_line) {
  json_int_t total = s_int(st, "total"), done = s_int(st, "indexed"), failed = s_int(st, "failed");
  double rate = el > 0 ? (double)(done + failed) / el : 0;
  double eta = rate > 0 ? (double)(total - done - failed) / rate : 0;
  if (cli->tty) {
    printf("\r%lld/%lld done: %lld indexed, %lld failed, %.1f docs/s, ETA %.0f s   ",
           (long long)(done + failed), (long long)total, (long long)done, (long long)failed, rate, eta);
    fflush(stdout);
  } else if (el - *last_line >= VG_INGEST_PLAIN_EVERY_S) {
    printf("progress: %lld/%lld done, %lld indexed, %lld failed, %.1f docs/s, ETA %.0f s\n",
           (long long)(done + failed), (long long)total, (long long)done, (long long)failed, rate, eta);
    fflush(stdout);
    *last_line = el;
  }
}

static int s_usage(void) {
  fprintf(stderr, "usage: vigie ingest [--data DIR] [--force] [--no-split] PATH...\n"
                  "  PATH: files, folders, TED packages (.tar.gz .tgz .tar .tar.xz), zip dossiers\n"
                  "  --no-split: send multi-contract DECP / multi-ocid OCDS files whole\n");
  return 2;
}

int vg_cli_ingest(vg_cli_t *cli) {
  int force = 0, split = 1;
  vg_walk_t w = {0};
  for (int i = 0; i < cli->argc; i++) {
    if (!strcmp(cli->argv[i], "--force")) force = 1;
    else if (!strcmp(cli->argv[i], "--no-split")) split = 0;
    else if (cli->argv[i][0] == '-' && cli->argv[i][1]) {
      vg_walk_free(&w);
      return s_usage();
    } else vg_walk_add(&w, cli->argv[i]);
  }
  if (w.nfiles == 0 && w.nskipped == 0) return s_usage();
  char batch[64];
  vg_submit_new_batch_id(batch, sizeof batch);
  void *ctx = zmq_ctx_new();
  vg_err_t err = {{0}};
  vg_submit_t *sub = vg_submit_new(ctx, cli->paths.clients_ep, force, split, &err);
  if (!sub) {
    fprintf(stderr, "vigie: %s\n", err.msg);
    zmq_ctx_term(ctx);
    vg_walk_free(&w);
    return 1;
  }
  vg_submit_set_batch(sub, batch);
  double t0 = s_now();
  int rc = 0;
  for (size_t i = 0; i < w.nfiles && rc == 0; i++)
    if (vg_submit_path(sub, w.files[i], &w) != VG_OK) rc = 1;
  if (rc == 0 && vg_submit_drain(sub) != VG_OK) rc = 1;
  if (rc) {
    fprintf(stderr, "vigie: no answer from vigie-ingest at %s; is the stack running (vigie up --data %s)?\n",
            cli->paths.clients_ep, cli->paths.data_dir);
    vg_submit_destroy(&sub);
    zmq_ctx_term(ctx);
    vg_walk_free(&w);
    return 1;
  }
  json_t *st = NULL;
  double last_line = 0, warned = 0;
  for (;;) {
    json_decref(st);
    if (!(st = vg_submit_status(sub, batch))) {
      fprintf(stderr, "vigie: lost contact with vigie-ingest\n");
      rc = 1;
      break;
    }
    double el = s_now() - t0;
    s_progress(cli, st, el, &last_line);
    if (s_int(st, "pending") == 0) break;
    if (s_int(st, "workers") == 0 && el - warned >= VG_INGEST_NO_WORKER_WARN_S) {
      fprintf(stderr, "vigie: no analysis worker is connected to vigie-ingest; waiting (see the "
                      "`vigie up` log)\n");
      warned = el;
    }
    zmq_poll(NULL, 0, VG_INGEST_POLL_MS);
  }
  if (cli->tty) printf("\n");
  if (st) {
    const vg_submit_counts_t *n = vg_submit_counts(sub);
    double el = s_now() - t0;
    json_int_t failed = s_int(st, "failed") + n->rejected;
    printf("documents: %lld indexed, %lld failed, %zu skipped (%ld sent, %ld new, %ld already known, "
           "%.1f MB in %.2f s)\n",
           (long long)s_int(st, "indexed"), (long long)failed, w.nskipped, n->sent, n->fresh, n->known,
           n->bytes / 1e6, el);
    printf("clauses: %lld\nflags: %lld\n", (long long)s_int(st, "clauses"), (long long)s_int(st, "flags"));
    s_print_failures(json_object_get(st, "failures"));
    for (size_t k = 0; k < w.nskipped; k++) printf("skipped: %s\n", w.skipped[k]);
    if (failed > 0) rc = 3;
    json_decref(st);
  }
  vg_submit_destroy(&sub);
  zmq_ctx_term(ctx);
  vg_walk_free(&w);
  return rc;
}
