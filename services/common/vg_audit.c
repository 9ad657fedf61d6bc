/* vg_audit.c: append-only, hash-chained JSONL audit log with a head file (see vg_audit.h
 * and docs/audit.md).
 *
 * For: appending entries under an exclusive flock and verifying the whole chain.
 * Not for: deciding what an entry means (the indexer, api and cli build the entries). */
#define _GNU_SOURCE /* getline, flock */
#include "vg_audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vg_file.h"
#include "vg_hash.h"

#define S_ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define S_DUMP_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)
#define S_LOAD_FLAGS JSON_REJECT_DUPLICATES
#define S_HEAD_MAX 4096

int vg_audit_head_path(const char *path, char *out, size_t outlen) {
  size_t n = strlen(path);
  const char *ext = ".jsonl";
  size_t el = strlen(ext);
  int r;
  if (n > el && !strcmp(path + n - el, ext))
    r = snprintf(out, outlen, "%.*s.head", (int)(n - el), path);
  else
    r = snprintf(out, outlen, "%s.head", path);
  return r < 0 || (size_t)r >= outlen ? VG_E_CONFIG : VG_OK;
}

/* The hash of an entry: sha256 hex of its canonical form without "hash". */
static int s_entry_hash(const json_t *entry, char out[VG_SHA256_HEX]) {
  json_t *c = json_deep_copy(entry);
  if (!c) return VG_E_NOMEM;
  json_object_del(c, "hash");
  char *s = json_dumps(c, S_DUMP_FLAGS);
  json_decref(c);
  if (!s) return VG_E_NOMEM;
  vg_sha256_hex(s, strlen(s), out);
  free(s);
  return VG_OK;
}

static void s_now_rfc3339(char out[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads the head file: *seq = -1 when absent. VG_OK, VG_E_INPUT (unparsable), VG_E_IO. */
static int s_read_head(const char *head_path, long long *seq, char hash[VG_SHA256_HEX],
                       vg_err_t *err) {
  *seq = -1;
  hash[0] = '\0';
  char *buf = NULL;
  size_t len = 0;
  struct stat st;
  if (stat(head_path, &st) != 0) {
    if (errno == ENOENT) return VG_OK;
    return vg_err_set(err, VG_E_IO, "cannot stat '%s': %s", head_path, strerror(errno));
  }
  int rc = vg_file_read(head_path, S_HEAD_MAX, &buf, &len, err);
  if (rc) return rc == VG_E_TOO_BIG ? vg_err_set(err, VG_E_INPUT, "head file too big") : rc;
  json_error_t je;
  json_t *j = json_loadb(buf, len, 0, &je);
  free(buf);
  json_t *js = json_object_get(j, "seq"), *jh = json_object_get(j, "hash");
  if (!json_is_integer(js) || !json_is_string(jh) || json_string_length(jh) != 64) {
    json_decref(j);
    return vg_err_set(err, VG_E_INPUT, "head file '%s' does not parse", head_path);
  }
  *seq = json_integer_value(js);
  snprintf(hash, VG_SHA256_HEX, "%s", json_string_value(jh));
  json_decref(j);
  return VG_OK;
}

static int s_write_head(const char *head_path, long long seq, const char *hash, vg_err_t *err) {
  char buf[160];
  int n = snprintf(buf, sizeof buf, "{\"seq\":%lld,\"hash\":\"%s\"}\n", seq, hash);
  if (vg_file_write_atomic(head_path, buf, (size_t)n) != VG_OK)
    return vg_err_set(err, VG_E_IO, "cannot write '%s'", head_path);
  /* make the rename itself durable */
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", head_path);
  char *slash = strrchr(dir, '/');
  if (slash) {
    if (slash == dir) slash[1] = '\0';
    else *slash = '\0';
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
  }
  return VG_OK;
}

/* Reads the last line of the open log (fd, size bytes): *last = parsed entry or NULL when the
 * log is empty. VG_E_INPUT when the tail is torn or unparsable. */
static int s_read_last(int fd, off_t size, json_t **last, vg_err_t *err) {
  *last = NULL;
  if (size == 0) return VG_OK;
  size_t want = size > (off_t)(VG_AUDIT_LINE_MAX + 2) ? VG_AUDIT_LINE_MAX + 2 : (size_t)size;
  char *buf = malloc(want + 1);
  if (!buf) return VG_E_NOMEM;
  size_t got = 0;
  while (got < want) {
    ssize_t r = pread(fd, buf + got, want - got, size - (off_t)want + (off_t)got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      free(buf);
      return vg_err_set(err, VG_E_IO, "cannot read the audit log tail");
    }
    got += (size_t)r;
  }
  buf[want] = '\0';
  if (buf[want - 1] != '\n') {
    free(buf);
    return vg_err_set(err, VG_E_INPUT, "audit log ends with a torn line; run 'vigie audit verify'");
  }
  buf[want - 1] = '\0';
  char *start = strrchr(buf, '\n');
  start = start ? start + 1 : buf;
  if (start == buf && (off_t)want < size) {
    free(buf);
    return vg_err_set(err, VG_E_INPUT, "last audit entry over %d bytes", VG_AUDIT_LINE_MAX);
  }
  json_error_t je;
  *last = json_loads(start, S_LOAD_FLAGS, &je);
  free(buf);
  if (!json_is_object(*last) || !json_is_integer(json_object_get(*last, "seq")) ||
      !json_is_string(json_object_get(*last, "hash"))) {
    json_decref(*last);
    *last = NULL;
    return vg_err_set(err, VG_E_INPUT, "last audit entry does not parse; run 'vigie audit verify'");
  }
  return VG_OK;
}

static int s_write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Under the lock: chains entry after the last line, writes it, fsyncs, updates the head. */
static int s_append_locked(int fd, const char *head_path, json_t *entry, vg_err_t *err) {
  struct stat st;
  if (fstat(fd, &st) != 0) return vg_err_set(err, VG_E_IO, "cannot stat the audit log");
  json_t *last = NULL;
  int rc = s_read_last(fd, st.st_size, &last, err);
  if (rc) return rc;
  long long last_seq = last ? json_integer_value(json_object_get(last, "seq")) : 0;
  char last_hash[VG_SHA256_HEX];
  snprintf(last_hash, sizeof last_hash, "%s",
           last ? json_string_value(json_object_get(last, "hash")) : S_ZERO_HASH);
  const char *last_prev = last ? json_string_value(json_object_get(last, "prev")) : NULL;
  long long head_seq;
  char head_hash[VG_SHA256_HEX];
  rc = s_read_head(head_path, &head_seq, head_hash, err);
  if (rc) {
    json_decref(last);
    return rc;
  }
  if (head_seq < 0) {
    head_seq = 0;
    snprintf(head_hash, sizeof head_hash, "%s", S_ZERO_HASH);
  }
  /* The head equals the last entry, or lags it by exactly one entry chained onto it (an
   * append interrupted between the log fsync and the head rename). Anything else means the
   * log was altered: never extend it. */
  int in_step = head_seq == last_seq && !strcmp(head_hash, last_hash);
  int lag_one = last && head_seq == last_seq - 1 && last_prev && !strcmp(head_hash, last_prev);
  json_decref(last);
  if (!in_step && !lag_one)
    return vg_err_set(err, VG_E_INPUT,
                      "audit log and head file disagree (log ends at seq %lld, head says %lld); "
                      "run 'vigie audit verify'", last_seq, head_seq);
  json_object_del(entry, "hash");
  if (json_object_set_new(entry, "seq", json_integer(last_seq + 1)) ||
      json_object_set_new(entry, "prev", json_string(last_hash)))
    return VG_E_NOMEM;
  if (!json_is_string(json_object_get(entry, "at"))) {
    char at[32];
    s_now_rfc3339(at);
    if (json_object_set_new(entry, "at", json_string(at))) return VG_E_NOMEM;
  }
  char hash[VG_SHA256_HEX];
  if ((rc = s_entry_hash(entry, hash)) != VG_OK) return rc;
  if (json_object_set_new(entry, "hash", json_string(hash))) return VG_E_NOMEM;
  char *line = json_dumps(entry, S_DUMP_FLAGS);
  if (!line) return VG_E_NOMEM;
  size_t n = strlen(line);
  if (n > VG_AUDIT_LINE_MAX) {
    free(line);
    return vg_err_set(err, VG_E_INPUT, "audit entry over %d bytes", VG_AUDIT_LINE_MAX);
  }
  line[n] = '\n'; /* replaces the NUL; written with its length */
  int wr = s_write_all(fd, line, n + 1);
  free(line);
  if (wr != 0 || fsync(fd) != 0) {
    int e = errno;
    /* never leave a torn line behind */
    if (ftruncate(fd, st.st_size) == 0) fsync(fd);
    return vg_err_set(err, VG_E_IO, "cannot append to the audit log: %s", strerror(e));
  }
  return s_write_head(head_path, last_seq + 1, hash, err);
}

int vg_audit_append(const char *path, json_t *entry, vg_err_t *err) {
  if (!json_is_object(entry) || !json_is_string(json_object_get(entry, "action")))
    return vg_err_set(err, VG_E_INPUT, "audit entry must be an object with an \"action\"");
  char head_path[4096];
  if (vg_audit_head_path(path, head_path, sizeof head_path))
    return vg_err_set(err, VG_E_CONFIG, "audit path too long");
  int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return vg_err_set(err, VG_E_IO, "cannot open '%s': %s", path, strerror(errno));
  int rc;
  while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
  }
  if (rc != 0) {
    close(fd);
    return vg_err_set(err, VG_E_IO, "cannot lock '%s': %s", path, strerror(errno));
  }
  rc = s_append_locked(fd, head_path, entry, err);
  flock(fd, LOCK_UN);
  close(fd);
  return rc;
}

/* ---------- verification ---------- */

static int s_broken(json_t **report, long long entries, long long line, long long seq,
                    const char *reason, vg_err_t *err) {
  if (report) {
    *report = json_pack("{s:b, s:I, s:{s:I, s:o, s:s}}", "ok", 0, "entries", (json_int_t)entries,
                        "first_broken", "line", (json_int_t)line, "seq",
                        seq > 0 ? json_integer(seq) : json_null(), "reason", reason);
  }
  return vg_err_set(err, VG_E_INPUT, "audit log broken at line %lld (seq %lld): %s", line, seq,
                    reason);
}

/* Checks one line (without its newline) against the expected seq and prev. On success
 * *hash_out is its hash. Fills why on failure and returns the seq it claims (or 0). */
static int s_check_line(const char *line, size_t len, long long expect_seq, const char *prev,
                        char hash_out[VG_SHA256_HEX], long long *claimed, char *why,
                        size_t whylen) {
  *claimed = 0;
  json_error_t je;
  json_t *e = json_loadb(line, len, S_LOAD_FLAGS, &je);
  if (!json_is_object(e)) {
    snprintf(why, whylen, "line does not parse as a JSON object: %s", e ? "not an object" : je.text);
    json_decref(e);
    return -1;
  }
  json_t *js = json_object_get(e, "seq"), *jp = json_object_get(e, "prev"),
         *jh = json_object_get(e, "hash");
  int ok = 0;
  if (!json_is_integer(js)) {
    snprintf(why, whylen, "entry has no integer \"seq\"");
  } else if ((*claimed = json_integer_value(js)) != expect_seq) {
    snprintf(why, whylen, "seq %lld where %lld was expected (entry deleted, inserted or moved)",
             *claimed, expect_seq);
  } else if (!json_is_string(jp) || strcmp(json_string_value(jp), prev)) {
    snprintf(why, whylen, "\"prev\" does not match the hash of the previous entry");
  } else if (!json_is_string(jh) || json_string_length(jh) != 64) {
    snprintf(why, whylen, "entry has no \"hash\"");
  } else if (!json_is_string(json_object_get(e, "action"))) {
    snprintf(why, whylen, "entry has no \"action\"");
  } else {
    char h[VG_SHA256_HEX];
    char *canon = json_dumps(e, S_DUMP_FLAGS);
    if (s_entry_hash(e, h) != VG_OK || !canon) {
      snprintf(why, whylen, "out of memory");
    } else if (strcmp(h, json_string_value(jh))) {
      snprintf(why, whylen, "hash does not match the entry's content (entry edited)");
    } else if (strlen(canon) != len || memcmp(canon, line, len)) {
      /* same content, other bytes: still an edit of the file */
      snprintf(why, whylen, "line is not in canonical form (entry edited)");
    } else {
      snprintf(hash_out, VG_SHA256_HEX, "%s", h);
      ok = 1;
    }
    free(canon);
  }
  json_decref(e);
  return ok ? 0 : -1;
}

int vg_audit_verify(const char *path, json_t **report, vg_err_t *err) {
  if (report) *report = NULL;
  char head_path[4096];
  if (vg_audit_head_path(path, head_path, sizeof head_path))
    return vg_err_set(err, VG_E_CONFIG, "audit path too long");
  FILE *f = fopen(path, "rb");
  if (!f && errno != ENOENT)
    return vg_err_set(err, VG_E_IO, "cannot open '%s': %s", path, strerror(errno));
  /* a shared lock: never read an append half-way */
  if (f) {
    while (flock(fileno(f), LOCK_SH) != 0 && errno == EINTR) {
    }
  }
  long long head_seq;
  char head_hash[VG_SHA256_HEX];
  vg_err_t herr = {{0}};
  int hrc = s_read_head(head_path, &head_seq, head_hash, &herr);
  if (hrc == VG_E_IO) {
    if (f) fclose(f);
    return vg_err_set(err, hrc, "%s", herr.msg);
  }
  if (!f) {
    if (hrc == VG_OK && head_seq < 0) return vg_err_set(err, VG_E_NOTFOUND, "no audit log at '%s'", path);
    return s_broken(report, 0, 1, 1, "the log is missing but the head file exists", err);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long long lineno = 0, seq = 0;
  char prev[VG_SHA256_HEX] = S_ZERO_HASH;
  int rc = VG_OK;
  while ((n = getline(&line, &cap, f)) > 0) {
    lineno++;
    char why[256];
    long long claimed = 0;
    if (line[n - 1] != '\n') {
      rc = s_broken(report, seq, lineno, seq + 1, "last line is truncated (no newline)", err);
      break;
    }
    if (n - 1 > VG_AUDIT_LINE_MAX) {
      rc = s_broken(report, seq, lineno, seq + 1, "line over the size limit", err);
      break;
    }
    char h[VG_SHA256_HEX];
    if (s_check_line(line, (size_t)n - 1, seq + 1, prev, h, &claimed, why, sizeof why)) {
      rc = s_broken(report, seq, lineno, claimed ? claimed : seq + 1, why, err);
      break;
    }
    seq++;
    memcpy(prev, h, sizeof prev);
  }
  int ioerr = ferror(f);
  free(line);
  fclose(f);
  if (rc) return rc;
  if (ioerr) return vg_err_set(err, VG_E_IO, "cannot read '%s'", path);
  char why[320];
  if (hrc != VG_OK) {
    return s_broken(report, seq, lineno, seq, "head file does not parse", err);
  } else if (head_seq < 0) {
    if (seq > 0) return s_broken(report, seq, lineno, seq, "head file is missing", err);
  } else if (head_seq > seq) {
    snprintf(why, sizeof why, "entries %lld..%lld are missing at the end (the head file records seq %lld)",
             seq + 1, head_seq, head_seq);
    return s_broken(report, seq, lineno + 1, seq + 1, why, err);
  } else if (head_seq < seq) {
    snprintf(why, sizeof why, "the head file records seq %lld but the log goes on to seq %lld "
             "(entry appended without the head, or an interrupted append)", head_seq, seq);
    return s_broken(report, seq, head_seq + 1, head_seq + 1, why, err);
  } else if (strcmp(head_hash, seq ? prev : S_ZERO_HASH)) {
    return s_broken(report, seq, lineno, seq,
                    "the head file's hash differs from the last entry's (head or chain rewritten)", err);
  }
  if (report) *report = json_pack("{s:b, s:I, s:I, s:s}", "ok", 1, "entries", (json_int_t)seq, "seq",
                                  (json_int_t)seq, "head", prev);
  return VG_OK;
}

int vg_audit_read(const char *path, long long after_seq, json_t **entries, vg_err_t *err) {
  *entries = json_array();
  if (!*entries) return VG_E_NOMEM;
  FILE *f = fopen(path, "rb");
  if (!f) {
    if (errno == ENOENT) return VG_OK;
    json_decref(*entries);
    *entries = NULL;
    return vg_err_set(err, VG_E_IO, "cannot open '%s': %s", path, strerror(errno));
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long long lineno = 0;
  int rc = VG_OK;
  while ((n = getline(&line, &cap, f)) > 0) {
    lineno++;
    json_error_t je;
    json_t *e = n - 1 <= VG_AUDIT_LINE_MAX ? json_loadb(line, (size_t)n, 0, &je) : NULL;
    json_t *js = json_object_get(e, "seq");
    if (!json_is_object(e) || !json_is_integer(js)) {
      json_decref(e);
      rc = vg_err_set(err, VG_E_INPUT, "audit log line %lld does not parse", lineno);
      break;
    }
    if (json_integer_value(js) > after_seq) json_array_append_new(*entries, e);
    else json_decref(e);
  }
  int ioerr = ferror(f);
  free(line);
  fclose(f);
  if (!rc && ioerr) rc = vg_err_set(err, VG_E_IO, "cannot read '%s'", path);
  if (rc) {
    json_decref(*entries);
    *entries = NULL;
  }
  return rc;
}
