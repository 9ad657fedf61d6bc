/* test_journal.c: the durable job journal of vigie-ingest (real SQLite files). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <sqlite3.h>

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
  assert_int_equal(vg_journal_submit(j, "b1", "id1", "a.xml", "AAA", 3, NULL, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 1);
  assert_int_equal(st, VG_JOB_QUEUED);
  /* same content again (same id), other batch: known, not fresh */
  assert_int_equal(vg_journal_submit(j, "b2", "id1", "copy.xml", "AAA", 3, NULL, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 0);
  assert_int_equal(vg_journal_submit(j, "b1", "id2", "b.xml", "BBBB", 4, NULL, 0, &st, &fresh, &err), VG_OK);
  char *name;
  void *content;
  size_t len;
  assert_int_equal(vg_journal_load(j, "id2", &name, &content, &len, NULL, &err), VG_OK);
  assert_string_equal(name, "b.xml");
  assert_int_equal(len, 4);
  assert_memory_equal(content, "BBBB", 4);
  free(name);
  free(content);
  assert_int_equal(vg_journal_load(j, "nope", &name, &content, &len, NULL, &err), VG_E_NOTFOUND);
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
  assert_int_equal(vg_journal_load(j, "id1", &name, &content, &len, NULL, &err), VG_OK);
  assert_int_equal(len, 0);
  free(name);
  free(content);
  /* an indexed job resubmitted without force stays indexed; with force it is queued again */
  assert_int_equal(vg_journal_submit(j, "b3", "id1", "a.xml", "AAA", 3, NULL, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(st, VG_JOB_INDEXED);
  assert_int_equal(fresh, 0);
  assert_int_equal(vg_journal_submit(j, "b3", "id1", "a.xml", "AAA", 3, NULL, 1, &st, &fresh, &err), VG_OK);
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
  vg_journal_submit(j, "b", "q1", "1.xml", "1", 1, NULL, 0, &st, &fresh, &err);
  vg_journal_submit(j, "b", "q2", "2.xml", "2", 1, NULL, 0, &st, &fresh, &err);
  vg_journal_submit(j, "b", "q3", "3.xml", "3", 1, NULL, 0, &st, &fresh, &err);
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

/* The container link travels with the job: stored at submission, loaded for dispatch, kept
 * in the dead-letter record; a resubmission of the same content keeps the first link. */
static void test_meta_stored_loaded_and_dead_lettered(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  vg_journal_t *j = vg_journal_open(f->db, f->dead, &err);
  assert_non_null(j);
  const char *meta = "{\"container\":{\"kind\":\"zip\",\"member\":\"CCAP.pdf\",\"name\":\"DCE.zip\"}}";
  vg_job_state_t st;
  int fresh;
  assert_int_equal(vg_journal_submit(j, "b", "m1", "DCE.zip!CCAP.pdf", "PDF", 3, meta, 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 1);
  assert_int_equal(vg_journal_submit(j, "b", "m1", "other.zip!x.pdf", "PDF", 3, "{\"x\":1}", 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(fresh, 0);
  assert_int_equal(vg_journal_submit(j, "b", "m2", "plain.xml", "XML", 3, "", 0, &st, &fresh, &err), VG_OK);
  char *name, *m;
  void *content;
  size_t len;
  assert_int_equal(vg_journal_load(j, "m1", &name, &content, &len, &m, &err), VG_OK);
  assert_string_equal(name, "DCE.zip!CCAP.pdf");
  assert_non_null(m);
  assert_string_equal(m, meta);
  free(name);
  free(content);
  free(m);
  assert_int_equal(vg_journal_load(j, "m2", &name, &content, &len, &m, &err), VG_OK);
  assert_null(m);
  free(name);
  free(content);
  assert_int_equal(vg_journal_failed(j, "m1", "VG_E_INPUT", "unreadable", &err), VG_OK);
  vg_journal_close(&j);
  FILE *d = fopen(f->dead, "r");
  assert_non_null(d);
  char line[1024] = "";
  assert_non_null(fgets(line, sizeof line, d));
  fclose(d);
  assert_non_null(strstr(line, "\"meta\":{\"container\":{"));
  assert_non_null(strstr(line, "\"member\":\"CCAP.pdf\""));
}

/* A journal written by the previous release (no meta column) opens, keeps its jobs and
 * takes meta from then on. */
static void test_old_journal_is_migrated(void **state) {
  s_fix_t *f = *state;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db,
                                "CREATE TABLE jobs(id TEXT PRIMARY KEY, name TEXT NOT NULL, state TEXT NOT NULL,"
                                " attempts INTEGER DEFAULT 0, status TEXT, reason TEXT, clauses INTEGER DEFAULT 0,"
                                " flags INTEGER DEFAULT 0, content BLOB, submitted REAL, updated REAL);"
                                "CREATE TABLE batch_jobs(batch TEXT NOT NULL, job TEXT NOT NULL, name TEXT NOT NULL,"
                                " PRIMARY KEY(batch, job));"
                                "INSERT INTO jobs(id, name, state, content, submitted) VALUES('old', 'old.xml', 'queued', x'41', 1);",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  vg_err_t err = {{0}};
  vg_journal_t *j = vg_journal_open(f->db, NULL, &err);
  assert_non_null(j);
  char ids[256] = "";
  assert_int_equal(vg_journal_pending(j, s_collect, ids, &err), VG_OK);
  assert_string_equal(ids, "old,");
  char *name, *m;
  void *content;
  size_t len;
  assert_int_equal(vg_journal_load(j, "old", &name, &content, &len, &m, &err), VG_OK);
  assert_int_equal(len, 1);
  assert_null(m);
  free(name);
  free(content);
  vg_job_state_t st;
  int fresh;
  assert_int_equal(vg_journal_submit(j, "b", "new", "p.tar.gz!n.xml", "N", 1, "{\"container\":{}}", 0, &st, &fresh, &err), VG_OK);
  assert_int_equal(vg_journal_load(j, "new", &name, &content, &len, &m, &err), VG_OK);
  assert_string_equal(m, "{\"container\":{}}");
  free(name);
  free(content);
  free(m);
  vg_journal_close(&j);
  /* opening again does not try to add the column twice */
  j = vg_journal_open(f->db, NULL, &err);
  assert_non_null(j);
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
      cmocka_unit_test_setup_teardown(test_meta_stored_loaded_and_dead_lettered, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_old_journal_is_migrated, s_setup, s_teardown),
      cmocka_unit_test(test_unwritable_path_is_an_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
