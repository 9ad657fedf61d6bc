/* vg_cli_submit.c: SUBMIT/STATUS client of `vigie ingest` and `vigie watch` (see
 * vg_cli_submit.h). Not for: progress display, file discovery. */
#include "vg_cli_submit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zmq.h>

#include "vg_cli_archive.h"
#include "vg_file.h"
#include "vg_hash.h"
#include "vg_split.h"
#include "vg_wire.h"

#define VG_SUBMIT_WINDOW 32            /* submissions in flight */
#define VG_SUBMIT_REPLY_TIMEOUT_MS 30000
#define VG_SUBMIT_BATCH_MAX 64

struct vg_submit {
  void *sock;
  int force;
  int split;                 /* cut multi-contract DECP / multi-ocid OCDS files into parts */
  char batch[VG_SUBMIT_BATCH_MAX];
  long inflight;
  vg_submit_counts_t n;
};

vg_submit_t *vg_submit_new(void *zctx, const char *endpoint, int force, int split, vg_err_t *err) {
  vg_submit_t *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->force = force;
  s->split = split;
  int linger = 0;
  if (!(s->sock = zmq_socket(zctx, ZMQ_DEALER)) ||
      zmq_setsockopt(s->sock, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
      zmq_connect(s->sock, endpoint) != 0) {
    vg_err_set(err, VG_E_IO, "cannot connect '%s': %s", endpoint, zmq_strerror(zmq_errno()));
    vg_submit_destroy(&s);
    return NULL;
  }
  return s;
}

void vg_submit_destroy(vg_submit_t **ps) {
  if (!ps || !*ps) return;
  if ((*ps)->sock) zmq_close((*ps)->sock);
  free(*ps);
  *ps = NULL;
}

void vg_submit_set_batch(vg_submit_t *s, const char *batch) {
  snprintf(s->batch, sizeof s->batch, "%s", batch);
}

void vg_submit_new_batch_id(char *out, size_t outlen) {
  unsigned char rnd[8];
  randombytes_buf(rnd, sizeof rnd);
  snprintf(out, outlen, "%ld-%02x%02x%02x%02x%02x%02x%02x%02x", (long)time(NULL), rnd[0], rnd[1],
           rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
}

const vg_submit_counts_t *vg_submit_counts(const vg_submit_t *s) { return &s->n; }

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

/* "a" or "a!b" as a new sanitised string (NULL on allocation failure). */
static char *s_name(const char *path, const char *member) {
  size_t n = strlen(path) + (member ? strlen(member) + 1 : 0) + 1;
  char *s = malloc(n);
  if (!s) return NULL;
  if (member) snprintf(s, n, "%s!%s", path, member);
  else snprintf(s, n, "%s", path);
  s_utf8_sanitise(s);
  return s;
}

/* Waits for one answer. VG_OK or VG_E_TIMEOUT. */
static int s_reply(vg_submit_t *s) {
  zmq_pollitem_t it = {s->sock, 0, ZMQ_POLLIN, 0};
  if (zmq_poll(&it, 1, VG_SUBMIT_REPLY_TIMEOUT_MS) <= 0) return VG_E_TIMEOUT;
  vg_msg_t m;
  vg_err_t err = {{0}};
  if (vg_wire_recv(s->sock, 0, &m, 0, &err) != VG_OK) return VG_E_TIMEOUT;
  s->inflight--;
  if (m.cmd == VG_CMD_REJECTED) {
    char *name = vg_msg_strdup(&m, 0), *why = vg_msg_strdup(&m, 1);
    fprintf(stderr, "vigie: rejected '%s': %s\n", name ? name : "?", why ? why : "?");
    free(name);
    free(why);
    s->n.rejected++;
  } else if (m.cmd == VG_CMD_ACCEPTED) {
    if (m.body[2].len == 6 && memcmp(m.body[2].data, "queued", 6) == 0) s->n.fresh++;
    else s->n.known++;
  }
  vg_msg_close(&m);
  return VG_OK;
}

int vg_submit_drain(vg_submit_t *s) {
  while (s->inflight > 0)
    if (s_reply(s) != VG_OK) return VG_E_TIMEOUT;
  return VG_OK;
}

/* One SUBMIT (meta may be NULL), keeping at most VG_SUBMIT_WINDOW answers outstanding. */
static int s_send(vg_submit_t *s, const char *name, const void *data, size_t len, const json_t *meta) {
  char *mtxt = meta ? json_dumps(meta, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  if (meta && !mtxt) return VG_E_NOMEM;
  vg_frame_t fr[5] = {{s->batch, strlen(s->batch)}, {name, strlen(name)}, {data, len},
                      {s->force ? "force" : "", s->force ? 5 : 0}, {mtxt, mtxt ? strlen(mtxt) : 0}};
  int rc = vg_wire_send(s->sock, NULL, 0, VG_CMD_SUBMIT, fr, mtxt ? 5 : s->force ? 4 : 3, 0);
  free(mtxt);
  if (rc != VG_OK) return VG_E_IO;
  s->n.sent++;
  s->n.bytes += len;
  if (++s->inflight >= VG_SUBMIT_WINDOW) return s_reply(s);
  return VG_OK;
}

/* A refusal decided here: the broker journals it as failed with its dead-letter record.
 * container: the container link (borrowed) or NULL. */
static int s_refuse(vg_submit_t *s, const char *name, int status, const char *why, json_t *container) {
  json_t *meta = json_pack("{s:s, s:s}", "refused", why, "status", vg_status_name(status));
  if (!meta) return VG_E_NOMEM;
  if (container) json_object_set(meta, "container", container);
  s->n.refused++;
  int rc = s_send(s, name, "", 0, meta);
  json_decref(meta);
  return rc;
}

typedef struct {
  vg_submit_t *s;
  vg_walk_t *w;
  const char *path;
  const char *sha;
  vg_archive_kind_t kind;
} s_arch_t;

static int s_on_member(void *arg, const vg_member_t *m) {
  s_arch_t *x = arg;
  char *name = s_name(x->path, m->member);
  if (!name) return VG_E_NOMEM;
  if (m->kind == VG_MEMBER_SKIPPED) {
    vg_walk_skip(x->w, name, m->reason);
    free(name);
    return VG_OK;
  }
  char *member = s_name(m->member, NULL), *archive = s_name(x->path, NULL);
  json_t *c = member && archive
                  ? json_pack("{s:s, s:s, s:s, s:s}", "name", archive, "sha256", x->sha, "kind",
                              vg_archive_kind_str(x->kind), "member", member)
                  : NULL;
  int rc = VG_E_NOMEM;
  if (c && m->kind == VG_MEMBER_REFUSED) {
    rc = s_refuse(x->s, name, m->status, m->reason, c);
  } else if (c) {
    json_t *meta = json_pack("{s:O}", "container", c);
    rc = meta ? s_send(x->s, name, m->data, m->len, meta) : VG_E_NOMEM;
    json_decref(meta);
  }
  json_decref(c);
  free(member);
  free(archive);
  free(name);
  return rc;
}

typedef struct {
  vg_submit_t *s;
  const char *path;
  const char *sha;
} s_split_t;

/* One part of a split file: "<file>#<key>", container kind "split". */
static int s_on_part(void *ud, const char *key, const char *part, size_t len) {
  s_split_t *x = ud;
  size_t n = strlen(x->path) + strlen(key) + 2;
  char *name = malloc(n), *k = s_name(key, NULL), *file = s_name(x->path, NULL);
  int rc = VG_E_NOMEM;
  if (name && k && file) {
    snprintf(name, n, "%s#%s", x->path, key);
    s_utf8_sanitise(name);
    json_t *meta = json_pack("{s:{s:s, s:s, s:s, s:s}}", "container", "name", file, "sha256", x->sha,
                             "kind", "split", "member", k);
    rc = meta ? s_send(x->s, name, part, len, meta) : VG_E_NOMEM;
    json_decref(meta);
  }
  free(name);
  free(k);
  free(file);
  return rc;
}

static int s_splittable(const char *path) {
  size_t n = strlen(path);
  return (n >= 5 && strcasecmp(path + n - 5, ".json") == 0) || (n >= 4 && strcasecmp(path + n - 4, ".xml") == 0);
}

static int s_submit_file(vg_submit_t *s, const char *path) {
  char *buf = NULL, *name = s_name(path, NULL);
  size_t len = 0;
  vg_err_t err = {{0}};
  if (!name) return VG_E_NOMEM;
  int rc = vg_file_read(path, VG_WIRE_MAX_MSG / 2, &buf, &len, &err);
  if (rc != VG_OK) {
    rc = s_refuse(s, name, rc, err.msg[0] ? err.msg : vg_status_str(rc), NULL);
  } else {
    int sr = VG_E_NOTFOUND;
    if (s->split && s_splittable(path)) {
      /* A file of several contracts / procedures becomes one document per part; anything
       * else (one part, a notice, unreadable, too many parts) goes whole to the analyser,
       * which reports its own errors. */
      char sha[VG_SHA256_HEX];
      vg_sha256_hex(buf, len, sha);
      s_split_t x = {s, path, sha};
      long sent0 = s->n.sent;
      sr = vg_split(buf, len, name, s_on_part, &x, NULL);
      if (sr != VG_OK && s->n.sent != sent0) rc = sr; /* stopped by our own send: service-level */
    }
    if (sr != VG_OK && rc == VG_OK) rc = s_send(s, name, buf, len, NULL);
  }
  free(buf);
  free(name);
  return rc;
}

int vg_submit_path(vg_submit_t *s, const char *path, vg_walk_t *w) {
  vg_archive_kind_t kind = vg_archive_kind_of(path);
  vg_err_t err = {{0}};
  int is_doc = 0;
  if (kind == VG_ARCHIVE_ZIP && vg_archive_is_document(path, &is_doc, &err) == VG_OK && is_doc)
    kind = VG_ARCHIVE_NONE; /* a DOCX/ODT under a .zip name: one document */
  if (kind == VG_ARCHIVE_NONE) return s_submit_file(s, path);
  char sha[VG_SHA256_HEX];
  char *name = s_name(path, NULL);
  if (!name) return VG_E_NOMEM;
  int rc;
  if (vg_sha256_file_hex(path, sha) != VG_OK) {
    rc = s_refuse(s, name, VG_E_IO, "cannot read the archive", NULL);
  } else {
    s_arch_t x = {s, w, path, sha, kind};
    int ar = vg_archive_each(path, kind, &(vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT, s_on_member,
                             &x, &err);
    rc = VG_OK;
    if (ar == VG_E_INPUT || ar == VG_E_TOO_BIG) {
      json_t *c = json_pack("{s:s, s:s, s:s}", "name", name, "sha256", sha, "kind",
                            vg_archive_kind_str(kind));
      rc = c ? s_refuse(s, name, ar, err.msg, c) : VG_E_NOMEM;
      json_decref(c);
    } else if (ar != VG_OK) {
      rc = ar; /* the broker stopped answering */
    }
  }
  free(name);
  return rc;
}

json_t *vg_submit_status(vg_submit_t *s, const char *batch) {
  if (vg_wire_send_str(s->sock, NULL, 0, VG_CMD_STATUS, 0, 1, batch) != VG_OK) return NULL;
  zmq_pollitem_t it = {s->sock, 0, ZMQ_POLLIN, 0};
  if (zmq_poll(&it, 1, VG_SUBMIT_REPLY_TIMEOUT_MS) <= 0) return NULL;
  vg_msg_t m;
  if (vg_wire_recv(s->sock, 0, &m, 0, NULL) != VG_OK) return NULL;
  json_t *j = m.cmd == VG_CMD_STATUS ? json_loadb(m.body[0].data, m.body[0].len, 0, NULL) : NULL;
  vg_msg_close(&m);
  return j;
}
