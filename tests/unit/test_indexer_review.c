/* test_indexer_review.c: the indexer's review path on a real Xapian database and a real audit
 * log in a temp dir: validation, target checks, log-then-apply, and the replay at start of
 * entries that were logged but never applied (a crash between the log and the commit). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "vg_audit.h"
#include "vg_doc.h"
#include "vg_file.h"
#include "vg_hash.h"
#include "vg_indexer_review.h"
#include "vg_xap.h"

typedef struct {
  char dir[64], db[128], log[128];
  char doc_id[VG_SHA256_HEX], flag_id[32], clause_id[128];
  vg_xap_writer_t *w;
  vg_log_t lg;
} s_fix_t;

/* One notice with one clause and one FLAG outcome whose evidence is in that clause. */
static vg_doc_t *s_doc(s_fix_t *f) {
  vg_doc_t *d = vg_doc_new();
  vg_sha256_hex("review-fixture", 14, f->doc_id);
  vg_doc_set(&d->id, f->doc_id);
  vg_doc_set(&d->source, "review-fixture.xml");
  vg_doc_set(&d->format, "eforms");
  vg_doc_set(&d->lang, "fr");
  vg_doc_set(&d->title, "Fournitures de bureau");
  vg_doc_set(&d->country, "FR");
  vg_doc_set(&d->dispatch_date, "2026-11-20");
  const char *text = "Les offres sont reçues dans un délai de 10 jours.";
  long si = vg_doc_add_section(d, "description", "fr", NULL, text, strlen(text));
  assert_true(si >= 0);
  vg_clause_t *c = vg_doc_add_clause(d, (size_t)si, d->sections[si].start,
                                     d->sections[si].start + strlen(text));
  assert_non_null(c);
  vg_doc_set(&c->label, "submission_deadline");
  c->prob = 0.9;
  snprintf(f->clause_id, sizeof f->clause_id, "%s", c->id);
  vg_flag_t *fl = vg_doc_add_flag(d);
  snprintf(f->flag_id, sizeof f->flag_id, "%.16s", f->doc_id + 8);
  vg_doc_set(&fl->id, f->flag_id);
  vg_doc_set(&fl->rule_id, "R01-short-submission-period");
  vg_doc_set(&fl->rule_version, "1.0.0");
  fl->outcome = VG_OUTCOME_FLAG;
  vg_doc_set(&fl->severity, "high");
  vg_doc_set(&fl->explanation, "Délai trop court.");
  vg_doc_set(&fl->explanation_en, "Period too short.");
  vg_doc_set(&fl->legal_basis, "CCP R2161-2");
  const char *needle = strstr(d->text, "un délai de 10 jours");
  fl->start = (size_t)(needle - d->text);
  fl->end = fl->start + strlen("un délai de 10 jours");
  vg_doc_set(&fl->clause_id, f->clause_id);
  vg_doc_set(&fl->excerpt, "un délai de 10 jours");
  fl->inputs = json_pack("[{s:s, s:i}]", "name", "submission_days", "value", 10);
  fl->thresholds = json_pack("{s:i}", "min_days_open", 35);
  return d;
}

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgixrXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/index", f->dir);
  snprintf(f->log, sizeof f->log, "%s/audit.jsonl", f->dir);
  f->lg = (vg_log_t){"test", VG_LOG_ERROR};
  vg_err_t err = {{0}};
  f->w = vg_xap_writer_open(f->db, &err);
  assert_non_null(f->w);
  vg_doc_t *d = s_doc(f);
  assert_int_equal(vg_xap_writer_put(f->w, d, &err), VG_OK);
  assert_int_equal(vg_xap_writer_commit(f->w, &err), VG_OK);
  vg_doc_destroy(&d);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  vg_xap_writer_close(&f->w);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  assert_int_equal(system(cmd), 0);
  free(f);
  return 0;
}

static json_t *s_action(const s_fix_t *f, const char *status, const char *reason) {
  json_t *a = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "action", "flag.review", "flag_id",
                        f->flag_id, "status", status, "who", "name", "alice", "role", "reviewer",
                        "token", "0123456789ab");
  if (reason) json_object_set_new(a, "reason", json_string(reason));
  return a;
}

static const char *s_review_status(const s_fix_t *f, json_t **keep) {
  const char *paths[1] = {f->db};
  vg_err_t err = {{0}};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  assert_non_null(r);
  assert_int_equal(vg_xap_get_flag(r, f->flag_id, keep, &err), VG_OK);
  vg_xap_reader_close(&r);
  return json_string_value(json_object_get(json_object_get(*keep, "review"), "status"));
}

static long long s_last_seq(s_fix_t *f) {
  long long seq = -1;
  assert_int_equal(vg_xap_writer_last_seq(f->w, &seq, NULL), VG_OK);
  return seq;
}

static void test_apply_and_refuse(void **state) {
  s_fix_t *f = *state;
  json_t *reply = NULL, *a = s_action(f, "confirmed", "Délai de 10 jours.");
  int fatal = 1;
  assert_int_equal(vg__indexer_review(f->w, f->log, &f->lg, a, &reply, &fatal), VG_OK);
  assert_false(fatal);
  assert_int_equal(json_integer_value(json_object_get(reply, "seq")), 1);
  assert_string_equal(json_string_value(json_object_get(reply, "doc_id")), f->doc_id);
  assert_string_equal(json_string_value(json_object_get(json_object_get(reply, "who"), "token")),
                      "0123456789ab");
  json_decref(reply);
  json_decref(a);
  assert_int_equal(s_last_seq(f), 1);
  json_t *flag = NULL;
  assert_string_equal(s_review_status(f, &flag), "confirmed");
  json_decref(flag);

  struct {
    json_t *a;
    int want;
  } bad[] = {
      {s_action(f, "confirmed", NULL), VG_E_INPUT},
      {s_action(f, "confirmed", ""), VG_E_INPUT},
      {s_action(f, "confirmed", "bell\a"), VG_E_INPUT},
      {s_action(f, "closed", "r"), VG_E_INPUT},
      {json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "action", "flag.review", "flag_id", f->flag_id,
                 "status", "dismissed", "reason", "r", "who", "name", "eve", "role", "reader"), VG_E_DENIED},
      {json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "action", "flag.review", "flag_id", "nope",
                 "status", "dismissed", "reason", "r", "who", "name", "bob", "role", "admin"), VG_E_NOTFOUND},
      {json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "action", "clause.note", "clause_id", "nope", "note",
                 "n", "who", "name", "bob", "role", "admin"), VG_E_NOTFOUND},
      {json_pack("[]"), VG_E_INPUT},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int st = vg__indexer_review(f->w, f->log, &f->lg, bad[i].a, &reply, &fatal);
    if (st != bad[i].want) print_error("case %zu: %s\n", i, vg_status_name(st));
    assert_int_equal(st, bad[i].want);
    assert_true(json_is_string(json_object_get(reply, "error")));
    json_decref(reply);
    json_decref(bad[i].a);
  }
  /* nothing refused reached the log */
  json_t *all = NULL;
  assert_int_equal(vg_audit_read(f->log, 0, &all, NULL), VG_OK);
  assert_int_equal(json_array_size(all), 1);
  json_decref(all);

  a = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "action", "clause.note", "clause_id", f->clause_id,
                "note", "Voir l'article 4.\nEt l'annexe.", "who", "name", "bob", "role", "admin");
  assert_int_equal(vg__indexer_review(f->w, f->log, &f->lg, a, &reply, &fatal), VG_OK);
  assert_string_equal(json_string_value(json_object_get(reply, "doc_id")), f->doc_id);
  json_decref(reply);
  json_decref(a);
  assert_int_equal(s_last_seq(f), 2);
  assert_int_equal(vg_audit_verify(f->log, NULL, NULL), VG_OK);
}

/* Logged, then the indexer died before applying: the next start applies it, once. */
static void test_replay(void **state) {
  s_fix_t *f = *state;
  json_t *reply = NULL, *a = s_action(f, "confirmed", "first");
  int fatal = 0;
  assert_int_equal(vg__indexer_review(f->w, f->log, &f->lg, a, &reply, &fatal), VG_OK);
  json_decref(reply);
  json_decref(a);
  json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "action", "flag.review", "flag_id",
                        f->flag_id, "doc_id", f->doc_id, "status", "dismissed", "reason", "logged only",
                        "who", "name", "alice", "role", "reviewer");
  assert_int_equal(vg_audit_append(f->log, e, NULL), VG_OK);
  json_decref(e);
  e = json_pack("{s:s, s:s, s:{s:s, s:s}}", "action", "token.revoke", "token_id", "0123456789ab", "who",
                "name", "cli:root", "role", "admin");
  assert_int_equal(vg_audit_append(f->log, e, NULL), VG_OK);
  json_decref(e);
  vg_xap_writer_close(&f->w);
  vg_err_t err = {{0}};
  f->w = vg_xap_writer_open(f->db, &err);
  assert_non_null(f->w);
  assert_int_equal(s_last_seq(f), 1);
  assert_int_equal(vg__indexer_replay(f->w, f->log, &f->lg, &err), VG_OK);
  assert_int_equal(s_last_seq(f), 2);
  json_t *flag = NULL;
  assert_string_equal(s_review_status(f, &flag), "dismissed");
  assert_int_equal(json_array_size(json_object_get(flag, "history")), 2);
  json_decref(flag);
  /* a second start has nothing to do */
  assert_int_equal(vg__indexer_replay(f->w, f->log, &f->lg, &err), VG_OK);
  assert_string_equal(s_review_status(f, &flag), "dismissed");
  assert_int_equal(json_array_size(json_object_get(flag, "history")), 2);
  json_decref(flag);
}

/* A tampered log is not replayed: the index keeps what it had. */
static void test_no_replay_from_broken_log(void **state) {
  s_fix_t *f = *state;
  json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "action", "flag.review", "flag_id",
                        f->flag_id, "doc_id", f->doc_id, "status", "contested", "reason", "genuine",
                        "who", "name", "alice", "role", "reviewer");
  assert_int_equal(vg_audit_append(f->log, e, NULL), VG_OK);
  json_decref(e);
  char *buf;
  size_t len;
  assert_int_equal(vg_file_read(f->log, 1 << 20, &buf, &len, NULL), VG_OK);
  char *p = strstr(buf, "contested");
  memcpy(p, "confirmed", 9);
  FILE *fp = fopen(f->log, "wb");
  fwrite(buf, 1, len, fp);
  fclose(fp);
  free(buf);
  vg_err_t err = {{0}};
  assert_int_equal(vg__indexer_replay(f->w, f->log, &f->lg, &err), VG_OK);
  assert_int_equal(s_last_seq(f), 0);
  json_t *flag = NULL;
  assert_string_equal(s_review_status(f, &flag), "open");
  json_decref(flag);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_apply_and_refuse, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_replay, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_no_replay_from_broken_log, s_setup, s_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
