/* test_parse_spot.c: exact values extracted from chosen real notices, checked against what
 * a reader sees in the XML (values read by hand from the files named below).
 * Usage: test_parse_spot <VIGIE_CORPORA>. Not for: corpus-wide coverage (test_parse_corpus). */
#include <math.h>

#include "vg_test_util.h"
#include "vg_notice.h"
#include "vg_segment.h"

static const char *s_corpora;

static vg_doc_t *s_load(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", s_corpora, rel);
  size_t len = 0;
  char *buf = vg_test_read(path, &len);
  assert_non_null(buf);
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "spot"), VG_OK);
  vg_err_t err = {{0}};
  assert_int_equal(vg_notice_parse(buf, len, rel, d, &err), VG_OK);
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  free(buf);
  return d;
}

#define EF "eforms-sdk/examples/notices/"
#define TED "ted-xml-data-converter/development-notices/ted-xml/"

static json_t *s_f(const vg_doc_t *d, const char *k) { return json_object_get(d->fields, k); }

static long s_find_section(const vg_doc_t *d, const char *field, const char *lang) {
  for (size_t i = 0; i < d->nsections; i++)
    if (strcmp(d->sections[i].field, field) == 0 && d->sections[i].lang &&
        strcmp(d->sections[i].lang, lang) == 0)
      return (long)i;
  return -1;
}

static void test_ted_cz(void **state) {
  (void)state;
  vg_doc_t *d = s_load(TED "21-363062-001-EXP.xml");
  assert_string_equal(d->format, "ted");
  assert_string_equal(d->notice_id, "2021/S 133-352444");
  assert_string_equal(d->country, "CZ");
  assert_string_equal(d->lang, "cs");
  assert_string_equal(d->cpv.v[0], "45000000");
  assert_int_equal(d->cpv.n, 2);
  assert_string_equal(d->cpv.v[1], "42500000");
  assert_true(d->has_value);
  assert_true(fabs(d->value - 60730111.73) < 0.005);
  assert_string_equal(d->currency, "CZK");
  assert_string_equal(d->dispatch_date, "2021-07-08");
  assert_string_equal(d->deadline, "2021-08-11");
  assert_string_equal(d->deadline_time, "10:00");
  assert_string_equal(d->procedure, "open");
  assert_string_equal(d->contract_nature, "works");
  assert_string_equal(d->notice_subtype, "F02");
  assert_string_equal(d->title, "FN Motol - centrální zdroj chladu pro objekt A - VZT a chlazení");
  assert_string_equal(d->buyer, "Fakultní nemocnice v Motole");
  assert_int_equal(d->nlots, 1);
  assert_string_equal(json_string_value(s_f(d, "published_date")), "2021-07-13");
  assert_string_equal(json_string_value(s_f(d, "opening_date")), "2021-08-11");
  assert_true(json_is_true(s_f(d, "electronic_submission")));
  assert_true(json_is_false(s_f(d, "options")));
  assert_string_equal(json_string_value(s_f(d, "duration_end_date")), "2021-11-30");
  /* REVIEW_PROCEDURE: 8 P elements kept as 8 paragraphs */
  long s = s_find_section(d, "TED:REVIEW_PROCEDURE", "cs");
  assert_true(s >= 0);
  const vg_section_t *sec = &d->sections[s];
  size_t nl = 0;
  for (size_t i = sec->start; i < sec->end; i++) nl += d->text[i] == '\n';
  assert_int_equal(nl, 7);
  assert_memory_equal(d->text + sec->start, "Podmínkou pro podání", strlen("Podmínkou pro podání"));
  vg_doc_destroy(&d);
}

static void test_ted_translations(void **state) {
  (void)state;
  vg_doc_t *d = s_load(TED "18-168448-001-EXP.xml");
  assert_string_equal(d->lang, "en");
  assert_string_equal(d->country, "FI");
  assert_string_equal(d->title, "Public sale of ECHA Service Car (BMW Active Hybrid 5 Sedan)");
  assert_string_equal(d->deadline, "2018-05-28");
  assert_string_equal(d->deadline_time, "12:00");
  assert_string_equal(d->contract_nature, "supplies");
  /* original first, then the 23 translations, each in its own language */
  assert_string_equal(d->sections[0].lang, "en");
  assert_true(s_find_section(d, "TED:SHORT_DESCR", "en") >= 0);
  assert_true(s_find_section(d, "TED:SHORT_DESCR", "fr") >= 0);
  assert_true(s_find_section(d, "TED:SHORT_DESCR", "hr") >= 0);
  vg_doc_destroy(&d);
}

static void test_eforms_cumbria(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "cn_24_cumbria.xml");
  assert_string_equal(d->format, "eforms");
  assert_string_equal(d->notice_type, "cn-standard");
  assert_string_equal(d->notice_subtype, "16");
  assert_string_equal(d->title, "School Payroll and HR Admin Services");
  assert_string_equal(d->buyer, "Cumbria County Council");
  assert_string_equal(d->country, "GB");
  assert_string_equal(d->lang, "en");
  assert_string_equal(d->procedure, "open");
  assert_string_equal(d->dispatch_date, "2020-04-09");
  assert_string_equal(d->deadline, "2020-05-11");
  assert_string_equal(d->deadline_time, "10:00");
  assert_int_equal(d->nlots, 1);
  assert_string_equal(d->cpv.v[0], "79000000");
  assert_true(d->has_value);
  assert_true(fabs(d->value - 1230000) < 0.005);
  assert_string_equal(d->currency, "EUR");
  assert_true(json_is_true(s_f(d, "framework")));
  assert_int_equal(json_integer_value(s_f(d, "framework_max_participants")), 10);
  assert_true(json_is_true(s_f(d, "electronic_submission")));
  assert_string_equal(json_string_value(s_f(d, "opening_date")), "2020-05-11");
  assert_true(s_find_section(d, "BT-24-Procedure", "en") >= 0);
  vg_doc_destroy(&d);
}

static void test_eforms_fra_restricted(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "cn_81_FRA.xml");
  assert_string_equal(d->lang, "fr");
  assert_string_equal(d->country, "FR");
  assert_string_equal(d->procedure, "restricted");
  assert_string_equal(d->buyer, "Commissariat à l'énergie atomique et aux énergies alternatives");
  assert_memory_equal(d->title, "Assistance à maîtrise d’œuvre", strlen("Assistance à maîtrise d’œuvre"));
  /* restricted procedure: the only deadline is the one for requests to participate */
  assert_string_equal(d->deadline, "2020-09-14");
  assert_string_equal(d->deadline_time, "16:00");
  assert_string_equal(json_string_value(s_f(d, "deadline_kind")), "requests");
  assert_string_equal(d->cpv.v[0], "71336000");
  assert_int_equal(d->nlots, 1);
  assert_true(json_is_true(s_f(d, "options")));
  vg_doc_destroy(&d);
}

static void test_eforms_can(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "can_25_ENG.xml");
  assert_string_equal(d->notice_type, "can-standard");
  assert_string_equal(d->notice_subtype, "30");
  assert_string_equal(d->title, "Making Tax Digital for VAT (MTDfV)");
  assert_string_equal(d->buyer, "NI Water and its subsidiaries");
  assert_null(d->deadline);
  assert_string_equal(d->cpv.v[0], "72260000");
  assert_int_equal(d->nlots, 1);
  json_t *ac = s_f(d, "award_criteria");
  assert_int_equal(json_array_size(ac), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ac, 0), "type")), "quality");
  assert_true(fabs(json_real_value(json_object_get(json_array_get(ac, 0), "weight")) - 75) < 1e-9);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ac, 1), "name")), "Price");
  vg_doc_destroy(&d);
}

static void test_eforms_veat_and_lots(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "veat_25.xml");
  assert_string_equal(d->notice_type, "veat");
  assert_string_equal(d->procedure, "neg-wo-call");
  assert_string_equal(d->contract_nature, "supplies");
  assert_string_equal(d->cpv.v[0], "31214000");
  assert_string_equal(json_string_value(s_f(d, "direct_award_code")), "exclusive");
  assert_non_null(strstr(json_string_value(s_f(d, "procedure_justification")), "intellectual property"));
  vg_doc_destroy(&d);

  d = s_load(EF "cn_24_maximal_100_lots.xml");
  assert_int_equal(d->nlots, 100);
  assert_string_equal(d->lots[0].id, "LOT-0001");
  assert_string_equal(d->lots[99].id, "LOT-0100");
  assert_true(json_is_true(s_f(d, "accelerated")));
  assert_int_equal(json_array_size(s_f(d, "lots_electronic_submission")), 100);
  vg_doc_destroy(&d);

  d = s_load(EF "pin-only_24.xml");
  assert_string_equal(d->notice_type, "pin-only");
  assert_string_equal(d->country, "DE");
  assert_true(d->has_value);
  assert_true(fabs(d->value - 100000) < 0.005);
  assert_null(d->procedure);
  vg_doc_destroy(&d);
}

static void test_eforms_multilingual(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "cn_24_multilingual.xml");
  /* every language of the procedure title is its own section */
  const char *langs[] = {"bg", "de", "en", "fr", "ga", "sv"};
  for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
    assert_true(s_find_section(d, "BT-21-Procedure", langs[i]) >= 0);
  vg_doc_destroy(&d);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s VIGIE_CORPORA\n", argv[0]);
    return 2;
  }
  s_corpora = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ted_cz),          cmocka_unit_test(test_ted_translations),
      cmocka_unit_test(test_eforms_cumbria),  cmocka_unit_test(test_eforms_fra_restricted),
      cmocka_unit_test(test_eforms_can),      cmocka_unit_test(test_eforms_veat_and_lots),
      cmocka_unit_test(test_eforms_multilingual),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
