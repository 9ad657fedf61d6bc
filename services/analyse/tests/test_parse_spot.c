/* test_parse_spot.c: exact values extracted from chosen real notices, checked against what
 * a reader sees in the files (values read by hand from the files named below): eForms CN,
 * CAN, PIN and change notices, TED F02 / F03 / F14, OCDS release and record packages, DECP
 * XML and JSON: buyer, main CPV, one lot and its value, dispatch date, deadline, procedure key.
 * Usage: test_parse_spot <VIGIE_CORPORA>. Not for: corpus-wide coverage (test_parse_corpus). */
#include <math.h>

#include "vg_test_util.h"
#include "vg_decp.h"
#include "vg_notice.h"
#include "vg_ocds.h"
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
  /* the file gives the procedure title and the lot description in 24 languages (BUL ... SWE):
   * each language is its own section, once, with its own lang */
  const char *langs[] = {"bg", "cs", "da", "de", "el", "en", "et", "fi", "fr", "ga", "hr", "hu",
                         "it", "lv", "lt", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "es", "sv"};
  static const char *const fields[] = {"BT-21-Procedure", "BT-24-Lot"};
  for (size_t f = 0; f < 2; f++) {
    size_t n = 0;
    for (size_t i = 0; i < d->nsections; i++) n += strcmp(d->sections[i].field, fields[f]) == 0;
    assert_int_equal(n, 24);
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
      assert_true(s_find_section(d, fields[f], langs[i]) >= 0);
  }
  long fr = s_find_section(d, "BT-21-Procedure", "fr");
  const char *want = "Fourniture de services informatiques liés aux systèmes informatiques OP "
                     "(EUR-Lex, N-Lex, Search Layer, etc.)";
  assert_int_equal(d->sections[fr].end - d->sections[fr].start, strlen(want));
  assert_memory_equal(d->text + d->sections[fr].start, want, strlen(want));
  assert_string_equal(d->sections[s_find_section(d, "BT-24-Lot", "de")].lot, "LOT-0000");
  vg_doc_destroy(&d);
}


/* ---- one table across formats: values copied from the files ---- */

#define OTHER "ted-rdf-conversion-pipeline/eforms_other/"
#define NONE NAN

typedef struct {
  const char *file, *fmt;          /* fmt: "notice" | "ocds" | "decp" */
  const char *notice_id, *procedure_id, *buyer, *cpv0;
  size_t nlots;
  const char *lot_id;              /* checked on lots[0] when nlots > 0 */
  double lot_value;                /* NONE: the lot states no value */
  const char *lot_cur, *dispatch, *deadline, *deadline_time;
  double value;                    /* procedure-level estimated value, NONE when absent */
  const char *cur;
} s_spot_t;

static const s_spot_t s_spots[] = {
    /* eForms CN, real notice (Estonia, 2023), SDK 1.x of 2023 */
    {OTHER "notice_normalisation__2023-OJS153-00486429.xml", "notice",
     "e41f364c-9fba-4353-aedd-09790dcf9e9c", "22cb6d21-6f04-4962-9535-d421fa12ec1e",
     "Riigi Infosüsteemi Amet", "72200000", 1, "LOT-0000", 20000000.00, "EUR", "2023-08-08",
     "2023-09-12", "13:00", 20000000.00, "EUR"},
    /* eForms CN in 24 languages: buyer name in the notice language (ENG) */
    {EF "cn_24_multilingual.xml", "notice", "55aae64f-88a8-44a5-b2fb-8228e97fe6ee",
     "46c9ce89-5986-40d9-992f-e1a2469a48f8", "Publications Office of the European Union",
     "72230000", 1, "LOT-0000", 4500000, "EUR", "2019-11-21", "2020-02-03", "13:00", 4500000,
     "EUR"},
    /* eForms CN of an older SDK with a group of lots (GLO-0001 is not a lot) */
    {OTHER "mapping_suite_processor__mappings__package_eforms__test_data__cn_sample_2022_10__"
           "cn_24_maximal.xml",
     "notice", "14549263-b47b-4e59-96a1-2d0d13e19343", "aff2863e-b4cc-4e91-baba-b3b85f709117",
     "Financial Adinistration for ...", "79710000", 2, "LOT-0001", 9999999.99, "EUR",
     "2023-03-23", "2023-05-22", "20:59", 9999999.99, "EUR"},
    /* eForms CAN: no deadline, no lot value */
    {EF "can_25_ENG.xml", "notice", "359f3b87-c2ec-4c6a-b279-58c843551e7c",
     "18d27a53-0109-4f93-9231-6659d931bce0", "NI Water and its subsidiaries", "72260000", 1,
     "LOT-0000", NONE, NULL, "2020-04-10", NULL, NULL, NONE, NULL},
    /* eForms PIN only: a part, no ContractFolderID */
    {EF "pin-only_24.xml", "notice", "f252f386-55ac-4fa8-9be4-9f950b9904c8", NULL,
     "PartyName1234", "72000000", 1, "PAR-0000", NONE, NULL, "2020-05-05", NULL, NULL, 100000,
     "EUR"},
    /* eForms change notice */
    {EF "change-cn_24_open_dates.xml", "notice", "71397268-6c47-4f2f-8ab0-f41a26138f81",
     "31f258b6-5eb2-4875-8997-affa3cdce27c", "Renfrewshire Council", "71630000", 1, "LOT-0000",
     NONE, NULL, "2020-04-17", "2020-06-12", "12:00", 500000, "EUR"},
    /* TED F02 (Czech) */
    {TED "21-363062-001-EXP.xml", "notice", "2021/S 133-352444", "ted:2021/S 133-352444",
     "Fakultní nemocnice v Motole", "45000000", 1, "1", 60730111.73, "CZK", "2021-07-08",
     "2021-08-11", "10:00", 60730111.73, "CZK"},
    /* TED F03 (Spanish): the award refers to the contract notice 2019/S 237-581525 */
    {TED "20-157543-001-EXP.xml", "notice", "2020/S 064-153579", "ted:2019/S 237-581525",
     "Secretario General del Departamento de la Vicepresidencia y de Economía y Hacienda de la "
     "Generalidad de Cataluña",
     "79212000", 3, "1", NONE, NULL, "2020-03-30", NULL, NULL, NONE, NULL},
    /* TED F14 corrigendum of 2022/S 098-267307 */
    {TED "23-119901-001-EXP.xml", "notice", "2023/S 041-121869", "ted:2022/S 098-267307",
     "Infraestruturas de Portugal, S. A.", "45221121", 0, NULL, NONE, NULL, "2023-02-22",
     "2023-03-03", "17:00", NONE, NULL},
    /* OCDS release package (UK Contracts Finder, 2014) */
    {"ocds-sample-data/real-examples/uk-contracts-finder/sample/ocds-b5fd17-2c391a7a-adc8-11e6-"
     "9901-0019b9f3037b-bath-swce-9fdjpf.json",
     "ocds", NULL, "ocds-b5fd17-2c391a7a-adc8-11e6-9901-0019b9f3037b",
     "Bath and North East Somerset Council", "85000000", 0, NULL, NONE, NULL, "2014-12-17",
     "2021-03-31", "00:00", NONE, NULL},
    /* OCDS release package, tender stage (fictional 1.1 example) */
    {"ocds-sample-data/fictional-example/1.1/ocds-213czf-000-00001-02-tender.json", "ocds",
     "ocds-213czf-000-00001-02-tender", "ocds-213czf-000-00001", "London Borough of Barnet",
     "45233130", 0, NULL, NONE, NULL, "2010-03-15", "2010-04-01", "18:00", 1100000, "GBP"},
    /* OCDS record package: the compiled release */
    {"ocds-sample-data/fictional-example/1.1/record/ocds-213czf-000-00001.json", "ocds",
     "ocds-213czf-000-00001-2011-01-10T09:30:00Z", "ocds-213czf-000-00001",
     "London Borough of Barnet", "45233130", 0, NULL, NONE, NULL, "2011-01-10", "2010-04-08",
     "18:00", 1100000, "GBP"},
    /* DECP XML 2.0.2 and JSON 2.0.3: buyers are SIRET numbers only, no name */
    {"decp/format-commande-publique/exemples/xml/Marche.xml", "decp", "TEST2022",
     "decp:21750001630040/TEST2022", NULL, "45000000", 0, NULL, NONE, NULL, "2024-05-15", NULL,
     NULL, 575000, "EUR"},
    {"decp/format-commande-publique/exemples/json/marches_avec_modifications.json", "decp",
     "TEST2022", "decp:21750001630066/TEST2022", NULL, "45000000", 0, NULL, NONE, NULL,
     "2024-05-15", NULL, NULL, 575000, "EUR"},
};

static void s_str_eq(const char *got, const char *want, const char *what, const char *file) {
  if (!want && !got) return;
  if (!want || !got || strcmp(got, want) != 0) {
    fprintf(stderr, "%s: %s: got '%s', want '%s'\n", file, what, got ? got : "(null)",
            want ? want : "(null)");
    fail();
  }
}

static void s_num_eq(int has, double got, double want, const char *what, const char *file) {
  if (isnan(want) && !has) return;
  if (isnan(want) || !has || fabs(got - want) > 0.005) {
    fprintf(stderr, "%s: %s: got %s%.2f, want %.2f\n", file, what, has ? "" : "none ", got, want);
    fail();
  }
}

static void test_spot_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof s_spots / sizeof s_spots[0]; i++) {
    const s_spot_t *t = &s_spots[i];
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", s_corpora, t->file);
    size_t len = 0;
    char *buf = vg_test_read(path, &len);
    assert_non_null(buf);
    vg_doc_t *d = vg_doc_new();
    assert_non_null(d);
    vg_err_t err = {{0}};
    int rc = strcmp(t->fmt, "ocds") == 0   ? vg_ocds_parse(buf, len, t->file, d, &err)
             : strcmp(t->fmt, "decp") == 0 ? vg_decp_parse(buf, len, t->file, d, &err)
                                           : vg_notice_parse(buf, len, t->file, d, &err);
    if (rc != VG_OK) fprintf(stderr, "%s: %s\n", t->file, err.msg);
    assert_int_equal(rc, VG_OK);
    if (t->notice_id) s_str_eq(d->notice_id, t->notice_id, "notice_id", t->file);
    s_str_eq(d->procedure_id, t->procedure_id, "procedure_id", t->file);
    s_str_eq(d->buyer, t->buyer, "buyer", t->file);
    s_str_eq(d->cpv.n ? d->cpv.v[0] : NULL, t->cpv0, "main CPV", t->file);
    s_str_eq(d->dispatch_date, t->dispatch, "dispatch date", t->file);
    s_str_eq(d->deadline, t->deadline, "deadline", t->file);
    s_str_eq(d->deadline_time, t->deadline_time, "deadline time", t->file);
    s_num_eq(d->has_value, d->value, t->value, "value", t->file);
    if (d->has_value) s_str_eq(d->currency, t->cur, "currency", t->file);
    if (d->nlots != t->nlots) fprintf(stderr, "%s: %zu lots\n", t->file, d->nlots);
    assert_int_equal(d->nlots, t->nlots);
    if (t->nlots) {
      s_str_eq(d->lots[0].id, t->lot_id, "lot id", t->file);
      s_num_eq(d->lots[0].has_value, d->lots[0].value, t->lot_value, "lot value", t->file);
      if (d->lots[0].has_value) s_str_eq(d->lots[0].currency, t->lot_cur, "lot currency", t->file);
    }
    vg_doc_destroy(&d);
    free(buf);
  }
}

/* Change notices and versions: eForms BT-758 / BT-13716 / BT-757, TED F14 original. */
static void test_versions(void **state) {
  (void)state;
  vg_doc_t *d = s_load(EF "change-cn_24_open_dates.xml");
  assert_string_equal(json_string_value(s_f(d, "version")), "01");
  assert_string_equal(json_string_value(s_f(d, "changes_notice")),
                      "c4c415ee-ac08-4465-8fa6-57568cf69462-01");
  json_t *cs = s_f(d, "changed_sections");
  assert_int_equal(json_array_size(cs), 1);
  assert_string_equal(json_string_value(json_array_get(cs, 0)), "LOT-0000");
  assert_true(s_find_section(d, "BT-141-notice", "en") >= 0); /* change description */
  vg_doc_destroy(&d);
  /* the same change notice written against an older SDK (ChangedSectionIdentifier directly
   * under efac:Change) */
  d = s_load(OTHER "mapping_suite_processor__mappings__package_eforms__test_data__"
                   "cn_sample_2022_10__change-cn_24_open_dates.xml");
  assert_string_equal(json_string_value(s_f(d, "changes_notice")),
                      "c4c415ee-ac08-4465-8fa6-57568cf69462-01");
  assert_string_equal(json_string_value(json_array_get(s_f(d, "changed_sections"), 0)),
                      "LOT-0000");
  vg_doc_destroy(&d);
  d = s_load(TED "23-119901-001-EXP.xml");
  assert_string_equal(d->notice_subtype, "F14");
  assert_string_equal(json_string_value(s_f(d, "changes_notice")), "2022/S 098-267307");
  vg_doc_destroy(&d);
  /* a TED notice referring to nothing is its own procedure */
  d = s_load(TED "18-168448-001-EXP.xml");
  assert_string_equal(d->procedure_id, "ted:2018/S 080-178087");
  assert_null(s_f(d, "changes_notice"));
  vg_doc_destroy(&d);
}

/* Copy of an XML text without namespace declarations or prefixes (what some producers emit). */
static char *s_strip_ns(const char *in) {
  static const char *const pfx[] = {"cbc", "cac", "ext", "efext", "efac", "efbc", "xsi"};
  size_t n = strlen(in);
  char *out = malloc(n + 1);
  assert_non_null(out);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    if (strncmp(in + i, " xmlns", 6) == 0) { /* drop the declaration and its quoted value */
      const char *q = strchr(in + i, '"');
      assert_non_null(q);
      q = strchr(q + 1, '"');
      assert_non_null(q);
      i = (size_t)(q - in) + 1;
      continue;
    }
    int cut = 0;
    for (size_t k = 0; k < sizeof pfx / sizeof pfx[0] && !cut; k++) {
      size_t pl = strlen(pfx[k]);
      const char *at = in + i + 1 + (in[i + 1] == '/');
      if ((in[i] == '<' || in[i] == ' ') && strncmp(at, pfx[k], pl) == 0 && at[pl] == ':') {
        size_t keep = (size_t)(at - (in + i));
        memcpy(out + o, in + i, keep);
        o += keep;
        i = (size_t)(at - in) + pl + 1;
        cut = 1;
      }
    }
    if (!cut) out[o++] = in[i++];
  }
  out[o] = '\0';
  return out;
}

/* A notice written without namespaces gives the same values through the map. */
static void test_no_namespace(void **state) {
  (void)state;
  static const char *const files[] = {EF "change-cn_24_open_dates.xml",
                                      OTHER "notice_normalisation__2023-OJS153-00486429.xml"};
  for (size_t f = 0; f < 2; f++) {
    vg_doc_t *a = s_load(files[f]);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", s_corpora, files[f]);
    size_t len = 0;
    char *buf = vg_test_read(path, &len);
    char *bare = s_strip_ns(buf);
    assert_null(strstr(bare, "xmlns"));
    assert_null(strstr(bare, "<cbc:"));
    vg_doc_t *b = vg_doc_new();
    vg_err_t err = {{0}};
    assert_int_equal(vg_notice_parse(bare, strlen(bare), "bare", b, &err), VG_OK);
    assert_string_equal(b->format, "eforms");
    assert_non_null(b->notice_id);
    assert_non_null(b->buyer);
    assert_true(b->nlots > 0 && b->cpv.n > 0);
    assert_string_equal(b->notice_id, a->notice_id);
    assert_string_equal(b->procedure_id, a->procedure_id);
    assert_string_equal(b->buyer, a->buyer);
    assert_string_equal(b->title, a->title);
    assert_string_equal(b->dispatch_date, a->dispatch_date);
    assert_string_equal(b->deadline, a->deadline);
    assert_int_equal(b->cpv.n, a->cpv.n);
    assert_string_equal(b->cpv.v[0], a->cpv.v[0]);
    assert_int_equal(b->nlots, a->nlots);
    assert_string_equal(b->lots[0].id, a->lots[0].id);
    assert_int_equal(b->has_value, a->has_value);
    assert_int_equal(b->nsections, a->nsections);
    assert_true(s_find_section(b, "BT-21-Procedure", a->lang) >= 0);
    vg_doc_destroy(&b);
    vg_doc_destroy(&a);
    free(bare);
    free(buf);
  }
}

/* Groups of lots: BT-137-LotsGroup with its title and value, lots from BT-330 / BT-1375. */
static void test_lot_groups(void **state) {
  (void)state;
  vg_doc_t *d = s_load(OTHER "mapping_suite_processor__mappings__package_eforms__test_data__"
                             "cn_sample_2022_10__cn_24_maximal.xml");
  json_t *g = s_f(d, "lot_groups");
  assert_int_equal(json_array_size(g), 1);
  json_t *g0 = json_array_get(g, 0);
  assert_string_equal(json_string_value(json_object_get(g0, "id")), "GLO-0001");
  assert_string_equal(json_string_value(json_object_get(g0, "title")), "Title of Group of Lots 1");
  assert_true(fabs(json_number_value(json_object_get(g0, "value")) - 9999999.99) < 0.005);
  json_t *lots = json_object_get(g0, "lots");
  assert_int_equal(json_array_size(lots), 2);
  assert_string_equal(json_string_value(json_array_get(lots, 0)), "LOT-0001");
  assert_string_equal(json_string_value(json_array_get(lots, 1)), "LOT-0002");
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
      cmocka_unit_test(test_eforms_multilingual), cmocka_unit_test(test_spot_table),
      cmocka_unit_test(test_versions),        cmocka_unit_test(test_lot_groups),
      cmocka_unit_test(test_no_namespace),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
