/* test_decp.c: vg_decp_parse() on every DECP example (XML 2.0.2, JSON 2.0.3) of the
 * format-commande-publique corpus, spot checks, and hostile inputs.
 * Not for: OCDS (test_ocds.c). Argument 1: the corpora directory (VIGIE_CORPORA). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_decp.h"
#include "vg_file.h"
#include "vg_ocds.h"

static const char *s_corpora = "../shared/corpora";

/* Data files only: exemples/ holds the examples; the schemas (schema_decp_v2.0.3.json,
 * schema_decp_v2.0.2.xsd) and README/LICENSE are not contract data. */
static const char *const s_examples[] = {
    "exemples/xml/Marche.xml",
    "exemples/xml/Contrat-concession.xml",
    "exemples/xml/Contrat-concession-modification.xml",
    "exemples/json/marches_concessions.json",
    "exemples/json/marches_avec_modifications.json",
    "exemples/json/concessions.json",
    "exemples/json/concessions_avec_modifications.json",
};

static vg_doc_t *s_parse(const char *rel, int want) {
  char path[1024];
  snprintf(path, sizeof path, "%s/decp/format-commande-publique/%s", s_corpora, rel);
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  assert_int_equal(vg_file_read(path, VG_OCDS_MAX_BYTES, &buf, &len, &err), VG_OK);
  vg_doc_t *doc = vg_doc_new();
  assert_non_null(doc);
  int rc = vg_decp_parse(buf, len, rel, doc, &err);
  if (rc != want) fprintf(stderr, "%s: %s\n", rel, err.msg);
  assert_int_equal(rc, want);
  free(buf);
  json_t *j = vg_doc_to_json(doc);
  assert_non_null(j);
  json_decref(j);
  return doc;
}

static long s_int(const vg_doc_t *doc, const char *key) {
  return (long)json_integer_value(json_object_get(doc->fields, key));
}

static void test_corpus(void **state) {
  (void)state;
  size_t n = sizeof s_examples / sizeof s_examples[0];
  assert_int_equal(n, 7);
  for (size_t i = 0; i < n; i++) {
    vg_doc_t *doc = s_parse(s_examples[i], VG_OK);
    assert_string_equal(doc->format, "decp");
    assert_non_null(doc->notice_id);
    assert_non_null(doc->dispatch_date);
    assert_true(doc->has_value);
    assert_true(doc->nsections == 1);
    assert_true(s_int(doc, "contracts_count") >= 1);
    vg_doc_destroy(&doc);
  }
  /* the JSON schema is valid JSON but no contract data */
  vg_doc_t *doc = s_parse("schema_decp_v2.0.3.json", VG_E_UNSUPPORTED);
  vg_doc_destroy(&doc);
}

static void test_spot_marche_xml(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse("exemples/xml/Marche.xml", VG_OK);
  assert_string_equal(doc->notice_id, "TEST2022");
  assert_string_equal(doc->procedure_id, "decp:21750001630040/TEST2022");
  assert_string_equal(doc->notice_type, "Marché");
  assert_string_equal(json_string_value(json_object_get(doc->fields, "buyer_id")),
                      "21750001630040");
  assert_string_equal(doc->procedure, "open");
  assert_string_equal(json_string_value(json_object_get(doc->fields, "procedure_label")),
                      "Appel d'offres ouvert");
  assert_int_equal(doc->cpv.n, 1);
  assert_string_equal(doc->cpv.v[0], "45000000");
  assert_string_equal(doc->contract_nature, "works");
  assert_true(doc->value == 575000.0);
  assert_string_equal(doc->currency, "EUR");
  assert_string_equal(doc->dispatch_date, "2024-05-15");
  assert_true(json_number_value(json_object_get(doc->fields, "duration_months")) == 48.0);
  assert_string_equal(json_string_value(json_object_get(doc->fields, "place_code")), "75000");
  assert_int_equal(s_int(doc, "contracts_count"), 2);
  assert_int_equal(s_int(doc, "tenders_received"), 4);
  assert_true(json_is_true(json_object_get(doc->fields, "framework")));
  assert_true(json_is_true(json_object_get(doc->fields, "innovative")));
  json_t *sup = json_object_get(doc->fields, "suppliers");
  assert_int_equal(json_array_size(sup), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(sup, 0), "id")),
                      "55204599900869");
  assert_int_equal(json_array_size(json_object_get(doc->fields, "social_considerations")), 2);
  assert_string_equal(doc->text, "envoi pour Json test");
  assert_string_equal(doc->sections[0].lang, "fr");
  vg_doc_destroy(&doc);
}

static void test_spot_marche_json(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse("exemples/json/marches_avec_modifications.json", VG_OK);
  assert_string_equal(doc->notice_id, "TEST2022");
  assert_string_equal(json_string_value(json_object_get(doc->fields, "buyer_id")),
                      "21750001630066");
  assert_true(doc->value == 575000.0);
  assert_string_equal(doc->dispatch_date, "2024-05-15");
  assert_string_equal(doc->title, "envoi pour Json test 1");
  assert_int_equal(s_int(doc, "contracts_count"), 2);
  assert_true(s_int(doc, "modifications_count") >= 1);
  vg_doc_destroy(&doc);
}

static void test_spot_concession_xml(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse("exemples/xml/Contrat-concession.xml", VG_OK);
  assert_string_equal(doc->notice_id, "0612202306122023");
  assert_string_equal(doc->procedure_id, "decp:12345678901234/0612202306122023");
  assert_string_equal(json_string_value(json_object_get(doc->fields, "decp_kind")),
                      "contrat-concession");
  assert_string_equal(json_string_value(json_object_get(doc->fields, "buyer_id")),
                      "12345678901234");
  assert_string_equal(doc->contract_nature, "works");
  assert_null(doc->procedure); /* "Procédure négociée ouverte" has no eForms code */
  assert_string_equal(json_string_value(json_object_get(doc->fields, "procedure_label")),
                      "Procédure négociée ouverte");
  assert_true(doc->value == 10.3);
  assert_string_equal(doc->dispatch_date, "2024-04-02");
  assert_int_equal(s_int(doc, "contracts_count"), 2);
  vg_doc_destroy(&doc);
}

static int s_rc(const char *buf, size_t len) {
  vg_doc_t *doc = vg_doc_new();
  vg_err_t err = {{0}};
  int rc = vg_decp_parse(buf, len, "hostile", doc, &err);
  vg_doc_destroy(&doc);
  return rc;
}

static void test_hostile(void **state) {
  (void)state;
  const char *dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE marches [<!ENTITY x SYSTEM "
                    "\"file:///etc/passwd\">]>\n<marches><marche><id>&x;</id></marche></marches>";
  assert_int_equal(s_rc(dtd, strlen(dtd)), VG_E_FORBIDDEN);
  const char *trunc = "<marches><marche><id>1</id>";
  assert_int_equal(s_rc(trunc, strlen(trunc)), VG_E_INPUT);
  const char *badx = "<marches><marche><objet>\xC3\x28</objet></marche></marches>";
  assert_int_equal(s_rc(badx, strlen(badx)), VG_E_ENCODING);
  const char *tj = "{\"marches\": {\"marche\": [{\"id\": \"1\"";
  assert_int_equal(s_rc(tj, strlen(tj)), VG_E_INPUT);
  const char *bj = "{\"marches\": [{\"id\": \"\xFF\"}]}";
  assert_int_equal(s_rc(bj, strlen(bj)), VG_E_ENCODING);
  assert_int_equal(s_rc("", 0), VG_E_EMPTY);
  assert_int_equal(s_rc("{}", 2), VG_E_UNSUPPORTED);
  assert_int_equal(s_rc("<other/>", 8), VG_E_UNSUPPORTED);
  size_t depth = 10000;
  char *deep = malloc(2 * depth + 1);
  assert_non_null(deep);
  memset(deep, '[', depth);
  memset(deep + depth, ']', depth);
  deep[2 * depth] = '\0';
  assert_int_equal(s_rc(deep, 2 * depth), VG_E_INPUT);
  free(deep);
  /* 10k-deep XML: libxml2's depth limit (256 without XML_PARSE_HUGE) */
  char *dx = malloc(depth * 7 + 1);
  assert_non_null(dx);
  size_t o = 0;
  for (size_t i = 0; i < depth; i++) memcpy(dx + o, "<a>", 3), o += 3;
  for (size_t i = 0; i < depth; i++) memcpy(dx + o, "</a>", 4), o += 4;
  assert_int_equal(s_rc(dx, o), VG_E_INPUT);
  free(dx);
  size_t big = VG_OCDS_MAX_BYTES + 1;
  char *huge = malloc(big);
  assert_non_null(huge);
  memset(huge, ' ', big);
  huge[0] = '<';
  assert_int_equal(s_rc(huge, big), VG_E_TOO_BIG);
  huge[0] = '{';
  assert_int_equal(s_rc(huge, big), VG_E_TOO_BIG);
  free(huge);
}

int main(int argc, char **argv) {
  if (argc > 1) s_corpora = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corpus),           cmocka_unit_test(test_spot_marche_xml),
      cmocka_unit_test(test_spot_marche_json), cmocka_unit_test(test_spot_concession_xml),
      cmocka_unit_test(test_hostile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
