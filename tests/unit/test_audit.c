/* test_audit.c: the hash-chained audit log on real files in a temp dir: appends, every kind of
 * tampering that vg_audit_verify must name, the interrupted-append window, and two processes
 * appending at once. */
#define _GNU_SOURCE /* strndup */
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

#include "vg_audit.h"
#include "vg_file.h"
#include "vg_hash.h"

#define S_MAXLINES 16

typedef struct {
  char dir[64];
  char log[128];
  char head[128];
} s_fix_t;

static json_t *s_review(int i) {
  char flag[32], reason[64];
  snprintf(flag, sizeof flag, "flag-%d", i);
  snprintf(reason, sizeof reason, "reason number %d, with é and \"quotes\"", i);
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "action", "flag.review", "flag_id",
                   flag, "doc_id", "doc-1", "status", "confirmed", "reason", reason, "who", "name",
                   "alice", "role", "reviewer", "token", "abcdef012345");
}

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgauditXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->log, sizeof f->log, "%s/audit.jsonl", f->dir);
  assert_int_equal(vg_audit_head_path(f->log, f->head, sizeof f->head), VG_OK);
  for (int i = 1; i <= 5; i++) {
    json_t *e = s_review(i);
    vg_err_t err = {{0}};
    assert_int_equal(vg_audit_append(f->log, e, &err), VG_OK);
    assert_int_equal(json_integer_value(json_object_get(e, "seq")), i);
    assert_non_null(json_object_get(e, "hash"));
    assert_non_null(json_object_get(e, "at"));
    json_decref(e);
  }
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  unlink(f->log);
  unlink(f->head);
  rmdir(f->dir);
  free(f);
  return 0;
}

/* The log as lines (each keeps its '\n'). */
static size_t s_lines(const char *path, char *lines[S_MAXLINES]) {
  char *buf;
  size_t len, n = 0;
  assert_int_equal(vg_file_read(path, 1 << 20, &buf, &len, NULL), VG_OK);
  for (char *p = buf; *p && n < S_MAXLINES;) {
    char *nl = strchr(p, '\n');
    size_t l = nl ? (size_t)(nl - p) + 1 : strlen(p);
    lines[n++] = strndup(p, l);
    p += l;
  }
  free(buf);
  return n;
}

static void s_write_lines(const char *path, char *lines[], size_t n) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  for (size_t i = 0; i < n; i++) fputs(lines[i], fp);
  fclose(fp);
}

static void s_free_lines(char *lines[], size_t n) {
  for (size_t i = 0; i < n; i++) free(lines[i]);
}

/* Verifies and checks that the first broken entry is (line, seq) with a reason containing why. */
static void s_expect_broken(const char *log, long long line, long long seq, const char *why) {
  json_t *rep = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_verify(log, &rep, &err), VG_E_INPUT);
  assert_non_null(rep);
  assert_false(json_is_true(json_object_get(rep, "ok")));
  json_t *fb = json_object_get(rep, "first_broken");
  const char *reason = json_string_value(json_object_get(fb, "reason"));
  if (json_integer_value(json_object_get(fb, "line")) != line ||
      json_integer_value(json_object_get(fb, "seq")) != seq || !strstr(reason, why)) {
    char *s = json_dumps(rep, 0);
    print_error("expected line %lld seq %lld '%s', got %s\n", line, seq, why, s);
    free(s);
    fail();
  }
  assert_non_null(strstr(err.msg, "broken at line"));
  json_decref(rep);
}

static void test_intact(void **state) {
  s_fix_t *f = *state;
  json_t *rep = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_verify(f->log, &rep, &err), VG_OK);
  assert_true(json_is_true(json_object_get(rep, "ok")));
  assert_int_equal(json_integer_value(json_object_get(rep, "entries")), 5);
  /* the head named by verify is the hash of the last entry, and the chain links */
  json_t *all = NULL;
  assert_int_equal(vg_audit_read(f->log, 0, &all, &err), VG_OK);
  assert_int_equal(json_array_size(all), 5);
  assert_string_equal(json_string_value(json_object_get(rep, "head")),
                      json_string_value(json_object_get(json_array_get(all, 4), "hash")));
  assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "prev")),
                      "0000000000000000000000000000000000000000000000000000000000000000");
  for (size_t i = 1; i < 5; i++)
    assert_string_equal(json_string_value(json_object_get(json_array_get(all, i), "prev")),
                        json_string_value(json_object_get(json_array_get(all, i - 1), "hash")));
  /* the content survives (UTF-8, quotes) */
  assert_string_equal(json_string_value(json_object_get(json_array_get(all, 0), "reason")),
                      "reason number 1, with é and \"quotes\"");
  json_decref(all);
  assert_int_equal(vg_audit_read(f->log, 3, &all, &err), VG_OK);
  assert_int_equal(json_array_size(all), 2);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(all, 0), "seq")), 4);
  json_decref(all);
  json_decref(rep);
}

static void test_edited_field(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  char *p = strstr(l[2], "confirmed");
  assert_non_null(p);
  memcpy(p, "dismissed", 9);
  s_write_lines(f->log, l, n);
  s_free_lines(l, n);
  s_expect_broken(f->log, 3, 3, "hash does not match");
}

/* An editor who also recomputes the edited entry's hash breaks the next link instead. */
static void test_edited_and_rehashed(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  json_t *e = json_loads(l[2], 0, NULL);
  json_object_set_new(e, "status", json_string("dismissed"));
  json_object_del(e, "hash");
  char *canon = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
  char h[65];
  vg_sha256_hex(canon, strlen(canon), h);
  free(canon);
  json_object_set_new(e, "hash", json_string(h));
  free(l[2]);
  char *line = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(e);
  size_t ll = strlen(line);
  l[2] = malloc(ll + 2);
  memcpy(l[2], line, ll);
  memcpy(l[2] + ll, "\n", 2);
  free(line);
  s_write_lines(f->log, l, n);
  s_free_lines(l, n);
  s_expect_broken(f->log, 4, 4, "\"prev\" does not match");
}

static void test_not_canonical(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  /* same JSON value, other bytes */
  char *nl = malloc(strlen(l[1]) + 2);
  nl[0] = ' ';
  memcpy(nl + 1, l[1], strlen(l[1]) + 1);
  free(l[1]);
  l[1] = nl;
  s_write_lines(f->log, l, n);
  s_free_lines(l, n);
  s_expect_broken(f->log, 2, 2, "canonical");
}

static void test_deleted_middle(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  free(l[2]);
  memmove(&l[2], &l[3], (n - 3) * sizeof *l);
  s_write_lines(f->log, l, n - 1);
  s_free_lines(l, n - 1);
  s_expect_broken(f->log, 3, 4, "seq 4 where 3 was expected");
}

static void test_deleted_last(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  s_write_lines(f->log, l, n - 1);
  s_free_lines(l, n);
  s_expect_broken(f->log, 5, 5, "missing at the end");
  /* and a broken log is never extended */
  json_t *e = s_review(6);
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_E_INPUT);
  json_decref(e);
}

static void test_swapped(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  char *t = l[1];
  l[1] = l[2];
  l[2] = t;
  s_write_lines(f->log, l, n);
  s_free_lines(l, n);
  s_expect_broken(f->log, 2, 3, "seq 3 where 2 was expected");
}

/* A forged entry that chains correctly after entry 2 (seq 3, right prev, right hash) still
 * collides with the genuine entry 3 that follows it. */
static void test_inserted(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  json_t *prev = json_loads(l[1], 0, NULL);
  json_t *forged = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:O}", "action", "flag.review", "flag_id",
                             "flag-x", "status", "dismissed", "reason", "forged", "seq", (json_int_t)3,
                             "at", "2026-11-29T09:00:00Z", "prev", json_object_get(prev, "hash"));
  json_decref(prev);
  char *canon = json_dumps(forged, JSON_COMPACT | JSON_SORT_KEYS);
  char h[65];
  vg_sha256_hex(canon, strlen(canon), h);
  free(canon);
  json_object_set_new(forged, "hash", json_string(h));
  char *line = json_dumps(forged, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(forged);
  size_t ll = strlen(line);
  char *fl = malloc(ll + 2);
  memcpy(fl, line, ll);
  memcpy(fl + ll, "\n", 2);
  free(line);
  memmove(&l[3], &l[2], (n - 2) * sizeof *l);
  l[2] = fl;
  s_write_lines(f->log, l, n + 1);
  s_free_lines(l, n + 1);
  s_expect_broken(f->log, 4, 3, "seq 3 where 4 was expected");
}

static void test_truncated_last_line(void **state) {
  s_fix_t *f = *state;
  char *l[S_MAXLINES];
  size_t n = s_lines(f->log, l);
  l[n - 1][strlen(l[n - 1]) / 2] = '\0';
  s_write_lines(f->log, l, n);
  s_free_lines(l, n);
  s_expect_broken(f->log, 5, 5, "truncated");
  json_t *e = s_review(6);
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_E_INPUT);
  assert_non_null(strstr(err.msg, "torn"));
  json_decref(e);
}

static void test_modified_head(void **state) {
  s_fix_t *f = *state;
  char *buf;
  size_t len;
  assert_int_equal(vg_file_read(f->head, 4096, &buf, &len, NULL), VG_OK);
  char *h = strstr(buf, "\"hash\":\"");
  assert_non_null(h);
  h[8] = h[8] == 'a' ? 'b' : 'a';
  assert_int_equal(vg_file_write_atomic(f->head, buf, len), VG_OK);
  free(buf);
  s_expect_broken(f->log, 5, 5, "head file's hash differs");
  unlink(f->head);
  s_expect_broken(f->log, 5, 5, "head file is missing");
}

/* An append interrupted after the log fsync but before the head rename: verify reports the
 * lag; the next append accepts it (the extra entry chains onto the head) and heals the head. */
static void test_interrupted_append(void **state) {
  s_fix_t *f = *state;
  char *old;
  size_t len;
  assert_int_equal(vg_file_read(f->head, 4096, &old, &len, NULL), VG_OK);
  json_t *e = s_review(6);
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_OK);
  json_decref(e);
  assert_int_equal(vg_file_write_atomic(f->head, old, len), VG_OK);
  free(old);
  s_expect_broken(f->log, 6, 6, "head file records seq 5");
  e = s_review(7);
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_OK);
  assert_int_equal(json_integer_value(json_object_get(e, "seq")), 7);
  json_decref(e);
  assert_int_equal(vg_audit_verify(f->log, NULL, &err), VG_OK);
}

static void test_missing_log(void **state) {
  s_fix_t *f = *state;
  char other[160];
  snprintf(other, sizeof other, "%s/none.jsonl", f->dir);
  vg_err_t err = {{0}};
  json_t *rep = NULL;
  assert_int_equal(vg_audit_verify(other, &rep, &err), VG_E_NOTFOUND);
  assert_null(rep);
  json_t *all = NULL;
  assert_int_equal(vg_audit_read(other, 0, &all, &err), VG_OK);
  assert_int_equal(json_array_size(all), 0);
  json_decref(all);
  /* the whole log deleted, its head left behind */
  unlink(f->log);
  s_expect_broken(f->log, 1, 1, "log is missing");
}

static void test_bad_entry(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  json_t *e = json_pack("{s:s}", "flag_id", "x");
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_E_INPUT);
  json_decref(e);
  e = json_array();
  assert_int_equal(vg_audit_append(f->log, e, &err), VG_E_INPUT);
  json_decref(e);
  assert_int_equal(vg_audit_verify(f->log, NULL, &err), VG_OK);
}

/* Two processes append 200 entries each at the same time: one intact chain, seqs 1..400. */
static void test_two_processes(void **state) {
  s_fix_t *f = *state;
  unlink(f->log);
  unlink(f->head);
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    kids[k] = fork();
    assert_true(kids[k] >= 0);
    if (kids[k] == 0) {
      for (int i = 0; i < 200; i++) {
        json_t *e = json_pack("{s:s, s:s, s:{s:s, s:s}, s:i}", "action", "token.revoke", "token_id",
                              k ? "bbbbbbbbbbbb" : "aaaaaaaaaaaa", "who", "name", k ? "p1" : "p0",
                              "role", "admin", "i", i);
        vg_err_t err = {{0}};
        if (vg_audit_append(f->log, e, &err) != VG_OK) {
          fprintf(stderr, "child %d: %s\n", k, err.msg);
          _exit(1);
        }
        json_decref(e);
      }
      _exit(0);
    }
  }
  for (int k = 0; k < 2; k++) {
    int st = 0;
    assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  }
  json_t *rep = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_audit_verify(f->log, &rep, &err), VG_OK);
  assert_int_equal(json_integer_value(json_object_get(rep, "entries")), 400);
  json_decref(rep);
  json_t *all = NULL;
  assert_int_equal(vg_audit_read(f->log, 0, &all, &err), VG_OK);
  assert_int_equal(json_array_size(all), 400);
  int next[2] = {0, 0};
  for (size_t i = 0; i < 400; i++) {
    json_t *e = json_array_get(all, i);
    assert_int_equal(json_integer_value(json_object_get(e, "seq")), (long long)i + 1);
    int k = !strcmp(json_string_value(json_object_get(json_object_get(e, "who"), "name")), "p1");
    /* each process's entries appear in its own order */
    assert_int_equal(json_integer_value(json_object_get(e, "i")), next[k]);
    next[k]++;
  }
  assert_int_equal(next[0], 200);
  assert_int_equal(next[1], 200);
  json_decref(all);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_intact, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_edited_field, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_edited_and_rehashed, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_not_canonical, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_deleted_middle, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_deleted_last, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_swapped, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_inserted, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_truncated_last_line, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_modified_head, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_interrupted_append, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_missing_log, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_bad_entry, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_two_processes, s_setup, s_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
