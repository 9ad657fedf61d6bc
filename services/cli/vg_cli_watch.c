/* vg_cli_watch.c: `vigie watch DIR` — a drop folder. Submits what DIR (and its subfolders)
 * already hold, then every file that arrives (written and closed, or moved in; subfolders
 * created later are watched too), and prints one line per outcome: "indexed: ...",
 * "failed: NAME: REASON (STATUS)", "duplicate: ..." or "skipped: ...". Runs until SIGINT or
 * SIGTERM. Files go through the same path as `vigie ingest` (TED packages and zip dossiers
 * are expanded), one batch per file.
 * Not for: moving or deleting what it read (the folder is left as it is), polling folders
 * on file systems without inotify (NFS...). */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "vg_cli.h"
#include "vg_cli_submit.h"
#include "vg_cli_walk.h"
#include "vg_signal.h"

#define VG_WATCH_MAX_DIRS 4096
#define VG_WATCH_MAX_DEPTH 32
#define VG_WATCH_STATUS_MS 300          /* how often pending files are asked about */
#define VG_WATCH_STATUS_PER_TICK 64     /* at most this many of them each time */
#define VG_WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE)

typedef struct {
  char batch[64];
  char *path;
  long fresh;                      /* submissions that were new work */
} s_pending_t;

typedef struct {
  int ino;
  int *wd;                         /* watch descriptor -> dirs[i] */
  char **dirs;
  size_t ndirs;
  s_pending_t *pending;
  size_t npending, pending_cap;
  vg_submit_t *sub;
  long files;                      /* files handled */
} s_watch_t;

static void s_skipped(vg_walk_t *w) {
  for (size_t i = 0; i < w->nskipped; i++) printf("skipped: %s\n", w->skipped[i]);
  fflush(stdout);
}

/* Submits one file as its own batch and remembers it until the broker says it is done.
 * VG_OK, or VG_E_TIMEOUT when the broker does not answer. */
static int s_handle(s_watch_t *x, const char *path) {
  vg_walk_t skips = {0};
  if (!vg_walk_supported(path)) {
    vg_walk_skip(&skips, path, "format not read yet");
    s_skipped(&skips);
    vg_walk_free(&skips);
    return VG_OK;
  }
  if (x->npending == x->pending_cap) {
    size_t nc = x->pending_cap ? x->pending_cap * 2 : 16;
    void *p = realloc(x->pending, nc * sizeof *x->pending);
    if (!p) return VG_E_NOMEM;
    x->pending = p;
    x->pending_cap = nc;
  }
  s_pending_t *pe = &x->pending[x->npending];
  vg_submit_new_batch_id(pe->batch, sizeof pe->batch);
  vg_submit_set_batch(x->sub, pe->batch);
  long sent0 = vg_submit_counts(x->sub)->sent, fresh0 = vg_submit_counts(x->sub)->fresh;
  int rc = vg_submit_path(x->sub, path, &skips);
  if (rc == VG_OK) rc = vg_submit_drain(x->sub);
  s_skipped(&skips);
  vg_walk_free(&skips);
  x->files++;
  if (rc != VG_OK || vg_submit_counts(x->sub)->sent == sent0) return rc;
  if (!(pe->path = strdup(path))) return VG_E_NOMEM;
  pe->fresh = vg_submit_counts(x->sub)->fresh - fresh0;
  x->npending++;
  return VG_OK;
}

/* Prints the outcome of the files whose batch has nothing pending any more. */
static int s_check_pending(s_watch_t *x) {
  /* The oldest files first, a bounded number per tick: a folder of thousands of files must not
   * turn into thousands of STATUS requests every tick. Arrival order is kept. */
  for (size_t i = 0, asked = 0; i < x->npending && asked < VG_WATCH_STATUS_PER_TICK; asked++) {
    s_pending_t *pe = &x->pending[i];
    json_t *st = vg_submit_status(x->sub, pe->batch);
    if (!st) return VG_E_TIMEOUT;
    json_int_t indexed = json_integer_value(json_object_get(st, "indexed"));
    json_int_t failed = json_integer_value(json_object_get(st, "failed"));
    if (json_integer_value(json_object_get(st, "pending")) > 0) {
      json_decref(st);
      i++;
      continue;
    }
    if (pe->fresh == 0) {
      printf("duplicate: %s (already known: %lld indexed, %lld failed)\n", pe->path,
             (long long)indexed, (long long)failed);
    } else {
      size_t k;
      json_t *f;
      json_array_foreach(json_object_get(st, "failures"), k, f)
        printf("failed: %s: %s (%s)\n", json_string_value(json_object_get(f, "name")),
               json_string_value(json_object_get(f, "reason")),
               json_string_value(json_object_get(f, "status")));
      if (indexed > 0)
        printf("indexed: %s (%lld document%s, %lld clauses, %lld flags)\n", pe->path,
               (long long)indexed, indexed == 1 ? "" : "s",
               (long long)json_integer_value(json_object_get(st, "clauses")),
               (long long)json_integer_value(json_object_get(st, "flags")));
    }
    fflush(stdout);
    json_decref(st);
    free(pe->path);
    memmove(pe, pe + 1, (--x->npending - i) * sizeof *pe);
  }
  return VG_OK;
}

/* Watches dir and its subfolders (new ones are added as they appear). */
static void s_watch_tree(s_watch_t *x, const char *dir, int depth) {
  if (depth > VG_WATCH_MAX_DEPTH || x->ndirs == VG_WATCH_MAX_DIRS) return;
  int wd = inotify_add_watch(x->ino, dir, VG_WATCH_MASK | IN_ONLYDIR);
  if (wd < 0) {
    fprintf(stderr, "vigie: cannot watch '%s': %s\n", dir, strerror(errno));
    return;
  }
  size_t i = 0;
  while (i < x->ndirs && x->wd[i] != wd) i++;
  if (i == x->ndirs) { /* a folder seen twice keeps its first descriptor */
    char *copy = strdup(dir);
    if (!copy) return;
    x->wd[x->ndirs] = wd;
    x->dirs[x->ndirs++] = copy;
  }
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char child[4096];
    struct stat sb;
    if (snprintf(child, sizeof child, "%s/%s", dir, e->d_name) < (int)sizeof child &&
        stat(child, &sb) == 0 && S_ISDIR(sb.st_mode))
      s_watch_tree(x, child, depth + 1);
  }
  closedir(d);
}

/* Submits the files under dir (the initial content, or a folder moved or created inside). */
static int s_scan(s_watch_t *x, const char *dir) {
  vg_walk_t w = {0};
  vg_walk_add(&w, dir);
  s_skipped(&w);
  int rc = VG_OK;
  for (size_t i = 0; i < w.nfiles && rc == VG_OK; i++) rc = s_handle(x, w.files[i]);
  vg_walk_free(&w);
  return rc;
}

static int s_events(s_watch_t *x) {
  char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
  for (;;) {
    ssize_t n = read(x->ino, buf, sizeof buf);
    if (n <= 0) return VG_OK; /* EAGAIN: drained */
    for (char *p = buf; p < buf + n;) {
      const struct inotify_event *ev = (const struct inotify_event *)p;
      p += sizeof *ev + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) { /* events were lost: look at everything again (cheap) */
        int rc = x->ndirs ? s_scan(x, x->dirs[0]) : VG_OK;
        if (rc != VG_OK) return rc;
        continue;
      }
      if (!ev->len || ev->name[0] == '.') continue; /* hidden files, partial downloads */
      const char *dir = NULL;
      for (size_t i = 0; i < x->ndirs && !dir; i++)
        if (x->wd[i] == ev->wd) dir = x->dirs[i];
      if (!dir) continue;
      char path[4096];
      if (snprintf(path, sizeof path, "%s/%s", dir, ev->name) >= (int)sizeof path) continue;
      int rc = VG_OK;
      if (ev->mask & IN_ISDIR) {
        if (ev->mask & (IN_CREATE | IN_MOVED_TO)) {
          s_watch_tree(x, path, 1);
          rc = s_scan(x, path); /* files written before its watch was in place */
        }
      } else if (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) {
        rc = s_handle(x, path);
      }
      if (rc != VG_OK) return rc;
    }
  }
}

int vg_cli_watch(vg_cli_t *cli) {
  const char *dir = NULL;
  int force = 0, split = 1;
  for (int i = 0; i < cli->argc; i++) {
    if (!strcmp(cli->argv[i], "--force")) force = 1;
    else if (!strcmp(cli->argv[i], "--no-split")) split = 0;
    else if (cli->argv[i][0] != '-' && !dir) dir = cli->argv[i];
    else dir = NULL, i = cli->argc;
  }
  if (!dir) {
    fprintf(stderr, "usage: vigie watch [--data DIR] [--force] [--no-split] FOLDER\n");
    return 2;
  }
  s_watch_t x = {.ino = -1};
  int stop_fd = vg_signal_stop_fd();
  void *ctx = zmq_ctx_new();
  vg_err_t err = {{0}};
  int rc = 1;
  x.wd = calloc(VG_WATCH_MAX_DIRS, sizeof *x.wd);
  x.dirs = calloc(VG_WATCH_MAX_DIRS, sizeof *x.dirs);
  if (stop_fd < 0 || !x.wd || !x.dirs || (x.ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
    fprintf(stderr, "vigie: cannot set up the watch: %s\n", strerror(errno));
    goto out;
  }
  if (!(x.sub = vg_submit_new(ctx, cli->paths.clients_ep, force, split, &err))) {
    fprintf(stderr, "vigie: %s\n", err.msg);
    goto out;
  }
  /* Watch first, then submit what is there: a file arriving in between is seen twice at
   * worst, and the second time is a cheap duplicate. */
  s_watch_tree(&x, dir, 0);
  if (x.ndirs == 0) goto out;
  printf("watching %s (%zu folder%s; Ctrl-C stops)\n", dir, x.ndirs, x.ndirs == 1 ? "" : "s");
  fflush(stdout);
  int st = s_scan(&x, dir);
  zmq_pollitem_t items[2] = {{NULL, x.ino, ZMQ_POLLIN, 0}, {NULL, stop_fd, ZMQ_POLLIN, 0}};
  while (st == VG_OK) {
    if (zmq_poll(items, 2, x.npending ? VG_WATCH_STATUS_MS : -1) < 0 && zmq_errno() != EINTR) break;
    if (items[1].revents & ZMQ_POLLIN) {
      rc = 0;
      break;
    }
    if (items[0].revents & ZMQ_POLLIN) st = s_events(&x);
    if (st == VG_OK) st = s_check_pending(&x);
  }
  if (st != VG_OK)
    fprintf(stderr, "vigie: no answer from vigie-ingest at %s; is the stack running?\n",
            cli->paths.clients_ep);
  fprintf(stderr, "vigie: watch stopped (%ld files handled, %zu still pending)\n", x.files, x.npending);
out:
  for (size_t i = 0; i < x.npending; i++) free(x.pending[i].path);
  free(x.pending);
  for (size_t i = 0; i < x.ndirs; i++) free(x.dirs[i]);
  free(x.dirs);
  free(x.wd);
  if (x.ino >= 0) close(x.ino);
  vg_submit_destroy(&x.sub);
  zmq_ctx_term(ctx);
  if (stop_fd >= 0) close(stop_fd);
  return rc;
}
