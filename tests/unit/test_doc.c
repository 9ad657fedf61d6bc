/* test_doc.c: the document model and its JSON form (services/common/vg_doc*). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vg_doc.h"

static vg_doc_t *s_sample(void) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  vg_doc_set(&d->id, "abc123");
  vg_doc_set(&d->title, "Travaux de rénovation");
  vg_doc_set(&d->lang, "fr");
  vg_doc_set(&d->deadline, "2024-05-01");
  d->value = 125000.5;
  d->has_value = 1;
  vg_doc_set(&d->currency, "EUR");
  vg_strv_push(&d->cpv, "45000000");
  vg_lot_t *l = vg_doc_add_lot(d, "LOT-0001");
  vg_doc_set(&l->title, "Lot 1");
  vg_strv_push(&l->cpv, "45210000");
  json_object_set_new(d->fields, "electronic_submission", json_true());
  const char *t1 = "Article 1 - Objet. Le marché porte sur des travaux.";
  const char *t2 = "Pénalités : 1/1000 par jour de retard.";
  long s1 = vg_doc_add_section(d, "description", "fr", NULL, t1, strlen(t1));
  long s2 = vg_doc_add_section(d, "conditions", "fr", "LOT-0001", t2, strlen(t2));
  assert_int_equal(s1, 0);
  assert_int_equal(s2, 1);
  vg_clause_t *c = vg_doc_add_clause(d, 1, d->sections[1].start, d->sections[1].end);
  vg_doc_set(&c->label, "penalties");
  c->prob = 0.87;
  vg_flag_t *f = vg_doc_add_flag(d);
  f->outcome = VG_OUTCOME_FLAG;
  vg_doc_set(&f->id, "f1");
  vg_doc_set(&f->rule_id, "R35");
  vg_doc_set(&f->rule_version, "1.0.0");
  vg_doc_set(&f->clause_id, c->id);
  f->start = c->start;
  f->end = c->end;
  vg_doc_set(&f->excerpt, "Pénalités");
  f->inputs = json_pack("[{s:s, s:f}]", "name", "rate", "value", 0.001);
  f->thresholds = json_pack("{s:f}", "max_rate", 0.001);
  vg_flag_t *g = vg_doc_add_flag(d);
  g->outcome = VG_OUTCOME_MISSING_DATA;
  vg_doc_set(&g->rule_id, "R01");
  vg_doc_set(&g->reason, "no deadline");
  return d;
}

static void test_sections_are_separated_and_offsets_exact(void **state) {
  (void)state;
  vg_doc_t *d = s_sample();
  assert_int_equal(d->sections[0].start, 0);
  assert_int_equal(d->sections[1].start, d->sections[0].end + 2);
  assert_memory_equal(d->text + d->sections[1].start, "Pénalités", strlen("Pénalités"));
  assert_int_equal(d->text_len, strlen(d->text));
  assert_string_equal(d->clauses[0].id, "abc123/c1");
  assert_int_equal(vg_doc_count_flags(d), 1);
  vg_doc_destroy(&d);
  assert_null(d);
  vg_doc_destroy(&d); /* idempotent */
}

static void test_json_round_trip_is_lossless(void **state) {
  (void)state;
  vg_doc_t *d = s_sample();
  json_t *j = vg_doc_to_json(d);
  assert_non_null(j);
  char *a = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
  vg_err_t err = {{0}};
  vg_doc_t *d2 = vg_doc_from_json(j, &err);
  assert_non_null(d2);
  json_t *j2 = vg_doc_to_json(d2);
  char *b = json_dumps(j2, JSON_SORT_KEYS | JSON_COMPACT);
  assert_string_equal(a, b);
  assert_int_equal(d2->nsections, 2);
  assert_int_equal(d2->nclauses, 1);
  assert_int_equal(d2->flags[1].outcome, VG_OUTCOME_MISSING_DATA);
  free(a);
  free(b);
  json_decref(j);
  json_decref(j2);
  vg_doc_destroy(&d);
  vg_doc_destroy(&d2);
}

static void test_bad_json_is_rejected_with_reason(void **state) {
  (void)state;
  vg_err_t err = {{0}};
  json_t *j = json_pack("{s:s, s:[{s:i, s:i}]}", "text", "short", "clauses", "start", 2, "end", 99);
  assert_null(vg_doc_from_json(j, &err));
  assert_true(strlen(err.msg) > 0);
  json_decref(j);
  json_t *k = json_string("not an object");
  assert_null(vg_doc_from_json(k, &err));
  json_decref(k);
  json_t *o = json_pack("{s:i}", "title", 5); /* wrong type */
  assert_null(vg_doc_from_json(o, &err));
  json_decref(o);
}

static void test_invalid_utf8_fails_serialisation_not_process(void **state) {
  (void)state;
  vg_doc_t *d = vg_doc_new();
  vg_doc_set(&d->title, "bad \xff\xfe title");
  assert_null(vg_doc_to_json(d));
  vg_doc_destroy(&d);
}

static void test_outcome_names(void **state) {
  (void)state;
  vg_outcome_t o;
  assert_int_equal(vg_outcome_parse("not_applicable", &o), VG_OK);
  assert_int_equal(o, VG_OUTCOME_NOT_APPLICABLE);
  assert_int_equal(vg_outcome_parse("maybe", &o), VG_E_INPUT);
  assert_string_equal(vg_status_name(VG_E_FORBIDDEN), "VG_E_FORBIDDEN");
  assert_true(vg_status_is_doc(VG_E_INPUT));
  assert_false(vg_status_is_doc(VG_E_BACKEND));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sections_are_separated_and_offsets_exact),
      cmocka_unit_test(test_json_round_trip_is_lossless),
      cmocka_unit_test(test_bad_json_is_rejected_with_reason),
      cmocka_unit_test(test_invalid_utf8_fails_serialisation_not_process),
      cmocka_unit_test(test_outcome_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
