/* test_ocds.c: vg_ocds_parse() on every OCDS JSON file of the ocds-sample-data corpus, spot
 * checks of values read by hand from four files, and hostile inputs.
 * Not for: DECP (test_decp.c). Argument 1: the corpora directory (VIGIE_CORPORA). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vg_file.h"
#include "vg_ocds.h"

static const char *s_corpora = "../shared/corpora";

static vg_doc_t *s_parse_file(const char *rel, int want) {
  char path[1024];
  snprintf(path, sizeof path, "%s/ocds-sample-data/%s", s_corpora, rel);
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  assert_int_equal(vg_file_read(path, VG_OCDS_MAX_BYTES, &buf, &len, &err), VG_OK);
  vg_doc_t *doc = vg_doc_new();
  assert_non_null(doc);
  int rc = vg_ocds_parse(buf, len, rel, doc, &err);
  if (rc != want) fprintf(stderr, "%s: %s\n", rel, err.msg);
  assert_int_equal(rc, want);
  free(buf);
  return doc;
}

/* Walks dir recursively; counts .json files and how many parse with VG_OK. */
/* Presence counters printed by test_corpus (measured figures, not asserted). */
typedef struct {
  int buyer, country, date, cpv, title, value, deadline, procedure, nature;
} s_seen_t;
static s_seen_t s_seen;

static void s_walk(const char *dir, int *n, int *ok) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (stat(p, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode)) {
      s_walk(p, n, ok);
      continue;
    }
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0) continue;
    char *buf = NULL;
    size_t len = 0;
    vg_err_t err = {{0}};
    assert_int_equal(vg_file_read(p, VG_OCDS_MAX_BYTES, &buf, &len, &err), VG_OK);
    vg_doc_t *doc = vg_doc_new();
    int rc = vg_ocds_parse(buf, len, p, doc, &err);
    (*n)++;
    if (rc == VG_OK && doc->notice_id && doc->procedure_id && doc->nsections > 0) (*ok)++;
    else fprintf(stderr, "FAIL %s: %s\n", p, err.msg);
    s_seen.buyer += doc->buyer != NULL;
    s_seen.country += doc->country != NULL;
    s_seen.date += doc->dispatch_date != NULL;
    s_seen.cpv += doc->cpv.n > 0;
    s_seen.title += doc->title != NULL;
    s_seen.value += doc->has_value;
    s_seen.deadline += doc->deadline != NULL;
    s_seen.procedure += doc->procedure != NULL;
    s_seen.nature += doc->contract_nature != NULL;
    /* the document must serialise */
    json_t *j = vg_doc_to_json(doc);
    assert_non_null(j);
    json_decref(j);
    vg_doc_destroy(&doc);
    free(buf);
  }
  closedir(d);
}

static void test_corpus(void **state) {
  (void)state;
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/ocds-sample-data", s_corpora);
  int n = 0, ok = 0;
  s_walk(dir, &n, &ok);
  /* 180 UK Contracts Finder releases + 7 fictional release packages + 2 record packages;
   * every .json file of this corpus is OCDS data (no schema or codelist is shipped). */
  assert_int_equal(n, 189);
  assert_int_equal(ok, 189);
  printf("ocds presence over %d files: buyer %d country %d dispatch_date %d cpv %d title %d "
         "value %d deadline %d procedure %d contract_nature %d\n",
         n, s_seen.buyer, s_seen.country, s_seen.date, s_seen.cpv, s_seen.title, s_seen.value,
         s_seen.deadline, s_seen.procedure, s_seen.nature);
}

static void test_spot_bristol(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse_file(
      "real-examples/uk-contracts-finder/sample/"
      "ocds-b5fd17-36b327a6-adc8-11e6-9901-0019b9f3037b-2015-s-7-7290.json", VG_OK);
  assert_string_equal(doc->format, "ocds");
  assert_string_equal(doc->procedure_id, "ocds-b5fd17-36b327a6-adc8-11e6-9901-0019b9f3037b");
  assert_string_equal(doc->notice_id,
                      "ocds-b5fd17-36b327a6-adc8-11e6-9901-0019b9f3037b-2015-s-7-7290");
  assert_string_equal(doc->notice_type, "tender");
  assert_string_equal(doc->buyer, "Bristol City Council");
  assert_string_equal(doc->country, "GB");
  assert_string_equal(doc->lang, "en");
  assert_string_equal(doc->dispatch_date, "2015-02-10");
  assert_string_equal(doc->title, "United Kingdom-Bristol: Urban development construction work");
  assert_null(doc->procedure);  /* procurementMethod is null */
  assert_false(doc->has_value); /* amount is null */
  assert_true(doc->cpv.n >= 3);
  assert_string_equal(doc->cpv.v[0], "45211360");
  assert_string_equal(doc->cpv.v[1], "45111291");
  assert_string_equal(doc->cpv.v[2], "45211100");
  assert_non_null(strstr(doc->text, "former Dunmail Primary School"));
  vg_doc_destroy(&doc);
}

static void test_spot_redbridge(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse_file(
      "real-examples/uk-contracts-finder/sample/"
      "ocds-b5fd17-2c7ca862-adc8-11e6-9901-0019b9f3037b-redbr-9qrr-xb8ecx.json", VG_OK);
  assert_string_equal(doc->buyer, "London Borough of Redbridge");
  assert_string_equal(doc->dispatch_date, "2014-12-17");
  assert_int_equal(doc->cpv.n, 1);
  assert_string_equal(doc->cpv.v[0], "85000000");
  vg_doc_destroy(&doc);
}

static void test_spot_release_package(void **state) {
  (void)state;
  /* six releases: the latest (implementation, 2011-01-10) gives the metadata */
  vg_doc_t *doc = s_parse_file("fictional-example/1.1/ocds-213czf-000-00001.json", VG_OK);
  assert_string_equal(doc->notice_id, "ocds-213czf-000-00001-06-implementation");
  assert_string_equal(doc->notice_type, "implementation");
  assert_string_equal(doc->dispatch_date, "2011-01-10");
  assert_int_equal(json_integer_value(json_object_get(doc->fields, "releases_count")), 6);
  vg_doc_destroy(&doc);
}

static void test_spot_record(void **state) {
  (void)state;
  vg_doc_t *doc = s_parse_file("fictional-example/1.1/record/ocds-213czf-000-00001.json", VG_OK);
  assert_string_equal(doc->notice_id, "ocds-213czf-000-00001-2011-01-10T09:30:00Z");
  assert_string_equal(doc->notice_type, "compiled");
  assert_string_equal(doc->procedure_id, "ocds-213czf-000-00001");
  assert_string_equal(doc->buyer, "London Borough of Barnet");
  assert_string_equal(doc->country, "GB"); /* parties[].address.countryName "United Kingdom" */
  assert_string_equal(doc->procedure, "open");
  assert_string_equal(doc->contract_nature, "works");
  assert_true(doc->has_value);
  assert_true(doc->value == 1100000.0);
  assert_string_equal(doc->currency, "GBP");
  assert_string_equal(doc->deadline, "2010-04-08");
  assert_string_equal(doc->deadline_time, "18:00");
  assert_string_equal(doc->cpv.v[0], "45233130");
  json_t *av = json_object_get(doc->fields, "awarded_value");
  assert_non_null(av);
  assert_true(json_number_value(av) == 11000000.0);
  assert_string_equal(json_string_value(json_object_get(doc->fields, "awarded_currency")), "GBP");
  vg_doc_destroy(&doc);
}

static int s_rc(const char *buf, size_t len, char *msg, size_t msgsz) {
  vg_doc_t *doc = vg_doc_new();
  vg_err_t err = {{0}};
  int rc = vg_ocds_parse(buf, len, "hostile", doc, &err);
  if (msg) snprintf(msg, msgsz, "%s", err.msg);
  vg_doc_destroy(&doc);
  return rc;
}

static void test_hostile(void **state) {
  (void)state;
  char msg[512];
  const char *trunc = "{\"releases\": [{\"ocid\": \"ocds-x\",\n \"id\": \"1\", \"tender\": {";
  assert_int_equal(s_rc(trunc, strlen(trunc), msg, sizeof msg), VG_E_INPUT);
  assert_non_null(strstr(msg, "line 2 column"));
  const char *badutf = "{\"ocid\": \"ocds-\xC3\x28\", \"id\": \"1\"}";
  assert_int_equal(s_rc(badutf, strlen(badutf), NULL, 0), VG_E_ENCODING);
  const char nul[] = "{\"ocid\": \"a\\u0000b\", \"id\": \"1\"}"; /* escaped NUL */
  assert_int_equal(s_rc(nul, sizeof nul - 1, NULL, 0), VG_E_ENCODING);
  assert_int_equal(s_rc("", 0, NULL, 0), VG_E_EMPTY);
  assert_int_equal(s_rc(" \n\t ", 4, NULL, 0), VG_E_EMPTY);
  assert_int_equal(s_rc("[1, 2]", 6, NULL, 0), VG_E_UNSUPPORTED);
  assert_int_equal(s_rc("{\"$schema\": \"x\"}", 16, NULL, 0), VG_E_UNSUPPORTED);
  /* 10k-deep nesting */
  size_t depth = 10000;
  char *deep = malloc(2 * depth + 1);
  assert_non_null(deep);
  memset(deep, '[', depth);
  memset(deep + depth, ']', depth);
  deep[2 * depth] = '\0';
  assert_int_equal(s_rc(deep, 2 * depth, msg, sizeof msg), VG_E_INPUT);
  assert_non_null(strstr(msg, "nested too deeply"));
  free(deep);
  /* over the limit: refused before parsing (buffer contents irrelevant) */
  size_t big = VG_OCDS_MAX_BYTES + 1;
  char *huge = calloc(1, big);
  assert_non_null(huge);
  memset(huge, ' ', big);
  assert_int_equal(s_rc(huge, big, NULL, 0), VG_E_TOO_BIG);
  free(huge);
  /* a minimal single release is accepted */
  const char *one = "{\"ocid\":\"ocds-abc-1\",\"id\":\"r1\",\"date\":\"2020-01-02T03:04:05Z\","
                    "\"tag\":[\"tender\"],\"tender\":{\"title\":\"T\",\"procurementMethod\":"
                    "\"selective\",\"mainProcurementCategory\":\"goods\",\"lots\":[{\"id\":1,"
                    "\"title\":\"Lot one\"}],\"items\":[{\"relatedLot\":1,\"classification\":"
                    "{\"scheme\":\"CPV\",\"id\":\"30200000-1\"}}]}}";
  vg_doc_t *doc = vg_doc_new();
  vg_err_t err = {{0}};
  assert_int_equal(vg_ocds_parse(one, strlen(one), "one", doc, &err), VG_OK);
  assert_string_equal(doc->procedure, "restricted");
  assert_string_equal(doc->contract_nature, "supplies");
  assert_int_equal(doc->nlots, 1);
  assert_string_equal(doc->lots[0].id, "1");
  assert_int_equal(doc->lots[0].cpv.n, 1);
  assert_string_equal(doc->lots[0].cpv.v[0], "30200000");
  vg_doc_destroy(&doc);
}

int main(int argc, char **argv) {
  if (argc > 1) s_corpora = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_corpus),          cmocka_unit_test(test_spot_bristol),
      cmocka_unit_test(test_spot_redbridge),  cmocka_unit_test(test_spot_release_package),
      cmocka_unit_test(test_spot_record),     cmocka_unit_test(test_hostile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
