/* test_bt_map.c: the eForms business-term table built into the parser agrees with the SDK:
 * every row's id exists in the fields.json of VIGIE_CORPORA and its XPath is the one published
 * there (mismatches are all listed, so a new SDK shows what moved); legacy rows name a real
 * field with a path the SDK no longer publishes and still match older real notices; every
 * XPath compiles; malformed tables are refused.
 * Usage: test_bt_map <VIGIE_CORPORA>. Not for: parser output (test_parse_spot.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "vg_bt_map.h"

static const char *s_corpora = "../shared/corpora";

static vg_bt_map_t *s_builtin(void) {
  size_t len = 0;
  const char *t = vg_bt_map_builtin(&len);
  assert_true(len > 0);
  vg_err_t err = {{0}};
  vg_bt_map_t *m = vg_bt_map_new(t, len, &err);
  if (!m) fprintf(stderr, "%s\n", err.msg);
  assert_non_null(m);
  return m;
}

/* id -> xpathAbsolute of every field and node of the SDK. */
static json_t *s_sdk(char *version, size_t cap) {
  char path[1024];
  snprintf(path, sizeof path, "%s/eforms-sdk/fields/fields.json", s_corpora);
  json_error_t je;
  json_t *j = json_load_file(path, 0, &je);
  if (!j) fprintf(stderr, "%s: %s\n", path, je.text);
  assert_non_null(j);
  const char *v = json_string_value(json_object_get(j, "sdkVersion"));
  assert_non_null(v);
  if (strncmp(v, "eforms-sdk-", 11) == 0) v += 11;
  snprintf(version, cap, "%s", v);
  json_t *map = json_object();
  static const char *const lists[] = {"fields", "xmlStructure"};
  for (size_t l = 0; l < 2; l++) {
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(j, lists[l]), i, f) {
      json_object_set(map, json_string_value(json_object_get(f, "id")),
                      json_object_get(f, "xpathAbsolute"));
    }
  }
  json_decref(j);
  return map;
}

static void test_rows_match_sdk(void **state) {
  (void)state;
  char version[64];
  json_t *sdk = s_sdk(version, sizeof version);
  vg_bt_map_t *m = s_builtin();
  size_t n = vg_bt_map_size(m), bad = 0, legacy = 0, nodes = 0, texts = 0;
  assert_true(n > 150);
  for (size_t i = 0; i < n; i++) {
    const vg_bt_row_t *r = vg_bt_map_row(m, i);
    if (!r->compiled) {
      fprintf(stderr, "row %s: XPath does not compile: %s\n", r->id, r->eval);
      bad++;
    }
    const char *pub = json_string_value(json_object_get(sdk, r->id));
    if (!pub) {
      fprintf(stderr, "row %s: no such field or node in SDK %s\n", r->id, version);
      bad++;
      continue;
    }
    if (strncmp(r->sdk, "legacy:", 7) == 0) {
      legacy++;
      if (strcmp(pub, r->xpath) == 0) {
        fprintf(stderr, "row %s: legacy path is the published one again\n", r->id);
        bad++;
      }
      continue;
    }
    nodes += strcmp(r->target, "@node") == 0;
    texts += strcmp(r->target, "text") == 0;
    if (strcmp(r->sdk, version) != 0) {
      fprintf(stderr, "row %s: taken from SDK %s, corpora hold SDK %s\n", r->id, r->sdk, version);
      bad++;
    }
    if (strcmp(pub, r->xpath) != 0) {
      fprintf(stderr, "row %s: XPath moved\n  table: %s\n  SDK:   %s\n", r->id, r->xpath, pub);
      bad++;
    }
  }
  printf("rows=%zu nodes=%zu texts=%zu legacy=%zu sdk=%s mismatches=%zu\n", n, nodes, texts,
         legacy, version, bad);
  assert_int_equal(bad, 0);
  assert_true(legacy >= 1);
  assert_int_equal(nodes, 6);
  vg_bt_map_destroy(&m);
  json_decref(sdk);
}

static xmlDocPtr s_doc(const char *rel) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", s_corpora, rel);
  xmlDocPtr d = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  assert_non_null(d);
  return d;
}

/* The 2022 copy of change-cn_24_open_dates (older SDK) writes efbc:ChangedSectionIdentifier
 * directly under efac:Change; the SDK 1.15.1 example nests it in efac:ChangedSection. Both
 * give the changed sections through the one target. */
static void test_legacy_path(void **state) {
  (void)state;
  vg_bt_map_t *m = s_builtin();
  static const char *const files[] = {
      "ted-rdf-conversion-pipeline/eforms_other/mapping_suite_processor__mappings__package_"
      "eforms__test_data__cn_sample_2022_10__change-cn_24_open_dates.xml",
      "eforms-sdk/examples/notices/change-cn_24_open_dates.xml"};
  for (size_t f = 0; f < 2; f++) {
    xmlDocPtr d = s_doc(files[f]);
    vg__bt_eval_t *e = vg__bt_eval_new(m, d);
    assert_non_null(e);
    xmlXPathObjectPtr ch = vg__bt_scope(e, "changes");
    assert_non_null(ch);
    xmlXPathObjectPtr o = vg__bt_nodes(e, "changed_section", ch->nodesetval->nodeTab[0]);
    assert_non_null(o);
    assert_true(o->nodesetval->nodeNr >= 1);
    char *t = vg__bt_text(e, "changed_section", ch->nodesetval->nodeTab[0]);
    assert_string_equal(t, "LOT-0000");
    free(t);
    /* which row answered: the legacy one for the old notice only */
    const xmlNode *n = o->nodesetval->nodeTab[0];
    assert_string_equal((const char *)n->parent->name, f == 0 ? "Change" : "ChangedSection");
    xmlXPathFreeObject(o);
    xmlXPathFreeObject(ch);
    t = vg__bt_text(e, "changes_notice", NULL);
    assert_null(t); /* a "changes" field is relative to the changes node */
    vg__bt_eval_destroy(&e);
    xmlFreeDoc(d);
  }
  vg_bt_map_destroy(&m);
}

/* The direct walk of simple paths selects exactly what libxml2's XPath engine selects, for
 * every row, from the document or from every node of the row's scope, on real notices of
 * several SDK versions. */
static void test_walk_equals_xpath(void **state) {
  (void)state;
  static const char *const files[] = {
      "eforms-sdk/examples/notices/cn_24_maximal.xml",
      "eforms-sdk/examples/notices/cn_24_multilingual.xml",
      "eforms-sdk/examples/notices/can_24_maximal.xml",
      "eforms-sdk/examples/notices/pin-only_24_maximal.xml",
      "eforms-sdk/examples/notices/change-cn_24_open_dates.xml",
      "ted-rdf-conversion-pipeline/eforms_other/notice_normalisation__2023-OJS153-00486429.xml",
      "ted-rdf-conversion-pipeline/eforms_other/mapping_suite_processor__mappings__package_"
      "eforms__test_data__cn_sample_2022_10__cn_24_maximal.xml"};
  vg_bt_map_t *m = s_builtin();
  size_t walked = 0, compared = 0, nonempty = 0;
  for (size_t i = 0; i < vg_bt_map_size(m); i++) walked += vg__bt_row_walked(m, i) != 0;
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    xmlDocPtr d = s_doc(files[f]);
    vg__bt_eval_t *e = vg__bt_eval_new(m, d);
    assert_non_null(e);
    for (size_t i = 0; i < vg_bt_map_size(m); i++) {
      const vg_bt_row_t *r = vg_bt_map_row(m, i);
      int scoped = strcmp(r->target, "@node") != 0 && strcmp(r->scope, "notice") != 0 &&
                   strcmp(r->scope, "text") != 0;
      xmlXPathObjectPtr from = scoped ? vg__bt_scope(e, r->scope) : NULL;
      int nfrom = scoped ? (from ? from->nodesetval->nodeNr : 0) : 1;
      for (int k = 0; k < nfrom; k++) {
        const xmlNode *n = scoped ? from->nodesetval->nodeTab[k] : NULL;
        xmlXPathObjectPtr a = vg__bt_row_nodes(e, i, n, 0), b = vg__bt_row_nodes(e, i, n, 1);
        int na = a ? a->nodesetval->nodeNr : 0, nb = b ? b->nodesetval->nodeNr : 0;
        if (na != nb) fprintf(stderr, "%s: row %s: %d vs %d nodes\n", files[f], r->id, na, nb);
        assert_int_equal(na, nb);
        for (int j = 0; j < na; j++)
          assert_ptr_equal(a->nodesetval->nodeTab[j], b->nodesetval->nodeTab[j]);
        compared++;
        nonempty += na > 0;
        xmlXPathFreeObject(a);
        xmlXPathFreeObject(b);
      }
      xmlXPathFreeObject(from);
    }
    vg__bt_eval_destroy(&e);
    xmlFreeDoc(d);
  }
  printf("walked rows=%zu of %zu; evaluations compared=%zu (non-empty %zu)\n", walked,
         vg_bt_map_size(m), compared, nonempty);
  assert_true(walked > 150);
  assert_true(nonempty > 300);
  vg_bt_map_destroy(&m);
}

static void test_bad_tables(void **state) {
  (void)state;
  static const char *const bad[] = {
      "BT-1\ttitle\tnotice\t1.0\n",                                      /* 4 columns */
      "BT-1\ttitle\tnowhere\t1.0\t/*/cbc:Name\n",                         /* unknown scope */
      "BT-1\tlot_id\tlot\t1.0\t/*/cac:ProcurementProjectLot/cbc:ID\n",    /* no @node row */
      "ND-Lot\t@node\tlot\t1.0\t/*/cac:Lot\nBT-1\tlot_id\tlot\t1.0\t/*/cac:Other/cbc:ID\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    vg_err_t err = {{0}};
    vg_bt_map_t *m = vg_bt_map_new(bad[i], strlen(bad[i]), &err);
    assert_null(m);
    assert_true(err.msg[0] != '\0');
  }
  /* XPath 2.0 sequence comparison rewritten; an XPath that cannot compile is only marked */
  const char *ok = "# comment\nBT-9\ttext\ttext\t1.0\t/*/a[not(b/text()=('x','y'))]/c\n"
                   "BT-8\ttext\ttext\t1.0\t/*/a[[\n";
  vg_err_t err = {{0}};
  vg_bt_map_t *m = vg_bt_map_new(ok, strlen(ok), &err);
  assert_non_null(m);
  assert_int_equal(vg_bt_map_size(m), 2);
  assert_string_equal(vg_bt_map_row(m, 0)->eval, "/*/a[not((b/text()='x' or b/text()='y'))]/c");
  assert_true(vg_bt_map_row(m, 0)->compiled);
  assert_false(vg_bt_map_row(m, 1)->compiled);
  vg_bt_map_destroy(&m);
}

int main(int argc, char **argv) {
  if (argc > 1) s_corpora = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rows_match_sdk),
      cmocka_unit_test(test_legacy_path),
      cmocka_unit_test(test_walk_equals_xpath),
      cmocka_unit_test(test_bad_tables),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
