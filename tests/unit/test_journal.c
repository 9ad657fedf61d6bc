/* test_journal.c: the durable job journal of vigie-ingest (real SQLite files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vg_journal.h"

typedef struct {
  char dir[64], db[128], dead[128];
} s_fix_t;

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgjournalXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/j.sqlite", f->dir);
  snprintf(f->dead, sizeof f->dead, "%s/dead.jsonl", f->dir);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  assert_int_equal(system(cmd), 0);
  free(f);
  return 0;
}

static void s_collect(void *arg, const char *id) {
  char *buf = arg;
  size_t n = strlen(buf);
  snprintf(buf + n, 256 - n, "%s,", id);
}

static void test_submit_dedup_and_states(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  vg_journal_t *j = vg_journal_open(f->db, f->dead, &err);
  assert_non_null(j);
  vg_job_state_t st;
  int fresh;
  assert_int_equal(vg_journal_submit(j, "b1", "id1", "a.xml", "AAA", 3, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 1);
  assert_int_equal(st, VG_JOB_QUEUED);
  /* same content again (same id), other batch: known, not fresh */
  assert_int_equal(vg_journal_submit(j, "b2", "id1", "copy.xml", "AAA", 3, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 0);
  assert_int_equal(vg_journal_submit(j, "b1", "id2", "b.xml", "BBBB", 4, 0, &st, &fresh, &err), VG_OK);
  char *name;
  void *content;
  size_t len;
  assert_int_equal(vg_journal_load(j, "id2", &name, &content, &len, &err), VG_OK);
  assert_string_equal(name, "b.xml");
  assert_int_equal(len, 4);
  assert_memory_equal(content, "BBBB", 4);
  free(name);
  free(content);
  assert_int_equal(vg_journal_load(j, "nope", &name, &content, &len, &err), VG_E_NOTFOUND);
  assert_int_equal(vg_journal_set_state(j, "id1", VG_JOB_DISPATCHED, &err), VG_OK);
  assert_int_equal(vg_journal_set_state(j, "id1", VG_JOB_DISPATCHED, &err), VG_OK);
  long attempts;
  vg_journal_attempts(j, "id1", &attempts);
  assert_int_equal(attempts, 2);
  assert_int_equal(vg_journal_indexed(j, "id1", 12, 3, &err), VG_OK);
  vg_job_state_t now;
  assert_int_equal(vg_journal_state(j, "id1", &now), VG_OK);
  assert_int_equal(now, VG_JOB_INDEXED);
  assert_int_equal(vg_journal_state(j, "nope", &now), VG_E_NOTFOUND);
  assert_int_equal(vg_journal_failed(j, "id2", "VG_E_INPUT", "cannot parse 'b.xml': truncated", &err), VG_OK);
  json_t *s = vg_journal_batch_status(j, "b1", &err);
  assert_non_null(s);
  assert_int_equal(json_integer_value(json_object_get(s, "total")), 2);
  assert_int_equal(json_integer_value(json_object_get(s, "indexed")), 1);
  assert_int_equal(json_integer_value(json_object_get(s, "failed")), 1);
  assert_int_equal(json_integer_value(json_object_get(s, "pending")), 0);
  assert_int_equal(json_integer_value(json_object_get(s, "clauses")), 12);
  assert_int_equal(json_integer_value(json_object_get(s, "flags")), 3);
  json_t *fl = json_array_get(json_object_get(s, "failures"), 0);
  assert_string_equal(json_string_value(json_object_get(fl, "name")), "b.xml");
  json_decref(s);
  /* indexed content is dropped from the journal */
  assert_int_equal(vg_journal_load(j, "id1", &name, &content, &len, &err), VG_OK);
  assert_int_equal(len, 0);
  free(name);
  free(content);
  /* an indexed job resubmitted without force stays indexed; with force it is queued again */
  assert_int_equal(vg_journal_submit(j, "b3", "id1", "a.xml", "AAA", 3, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(st, VG_JOB_INDEXED);
  assert_int_equal(fresh, 0);
  assert_int_equal(vg_journal_submit(j, "b3", "id1", "a.xml", "AAA", 3, 1, &st, &fresh, &err), VG_OK);
  assert_int_equal(st, VG_JOB_QUEUED);
  assert_int_equal(fresh, 1);
  vg_journal_close(&j);
  assert_null(j);
  /* the dead-letter record names the file and the reason */
  FILE *d = fopen(f->dead, "r");
  assert_non_null(d);
  char line[1024] = "";
  assert_non_null(fgets(line, sizeof line, d));
  fclose(d);
  assert_non_null(strstr(line, "\"name\":\"b.xml\""));
  assert_non_null(strstr(line, "truncated"));
}

static void test_unfinished_jobs_survive_reopen(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  vg_journal_t *j = vg_journal_open(f->db, NULL, &err);
  vg_job_state_t st;
  int fresh;
  vg_journal_submit(j, "b", "q1", "1.xml", "1", 1, 0, &st, &fresh, &err);
  vg_journal_submit(j, "b", "q2", "2.xml", "2", 1, 0, &st, &fresh, &err);
  vg_journal_submit(j, "b", "q3", "3.xml", "3", 1, 0, &st, &fresh, &err);
  vg_journal_set_state(j, "q2", VG_JOB_ANALYSED, &err);
  vg_journal_indexed(j, "q3", 1, 0, &err);
  vg_journal_close(&j);
  j = vg_journal_open(f->db, NULL, &err);
  assert_non_null(j);
  char ids[256] = "";
  assert_int_equal(vg_journal_pending(j, s_collect, ids, &err), VG_OK);
  assert_string_equal(ids, "q1,q2,");
  vg_journal_close(&j);
}

static void test_unwritable_path_is_an_error(void **state) {
  (void)state;
  vg_err_t err = {{0}};
  assert_null(vg_journal_open("/nonexistent/dir/j.sqlite", NULL, &err));
  assert_non_null(strstr(err.msg, "journal"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_submit_dedup_and_states, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_unfinished_jobs_survive_reopen, s_setup, s_teardown),
      cmocka_unit_test(test_unwritable_path_is_an_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
