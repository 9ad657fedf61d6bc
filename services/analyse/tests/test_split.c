/* test_split.c: vg_split() on the real DECP and OCDS files of the corpora: parts count equals
 * the distinct contracts / ocids, every part parses with vg_decp_parse / vg_ocds_parse to a
 * document carrying that part's id; multi-part XML and OCDS packages are assembled in memory
 * from real files (the corpora hold none); notices and hostile inputs are not split.
 * Not for: parser field values (test_decp.c, test_ocds.c). Argument 1: VIGIE_CORPORA. */
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
#include "vg_split.h"

static const char *s_corpora = "../shared/corpora";

#define DECP "decp/format-commande-publique/exemples/"
#define UKCF "ocds-sample-data/real-examples/uk-contracts-finder/sample/"

typedef struct {
  int ocds;          /* parse parts with vg_ocds_parse, else vg_decp_parse */
  int xml;           /* parts must be XML */
  size_t n;
  char keys[16][128];
  char ids[16][128]; /* notice_id (DECP) / procedure_id (OCDS) of each parsed part */
  int stop_after;    /* return VG_E_IO after this many parts (0: never) */
} s_seen_t;

static int s_cb(void *ud, const char *key, const char *part, size_t len) {
  s_seen_t *s = ud;
  assert_true(s->n < 16);
  snprintf(s->keys[s->n], sizeof s->keys[0], "%s", key);
  assert_true(len > 0);
  assert_int_equal(part[0], s->xml ? '<' : '{');
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  vg_err_t err = {{0}};
  int rc = s->ocds ? vg_ocds_parse(part, len, key, d, &err)
                   : vg_decp_parse(part, len, key, d, &err);
  if (rc != VG_OK) fprintf(stderr, "part %s: %s\n", key, err.msg);
  assert_int_equal(rc, VG_OK);
  const char *id = s->ocds ? d->procedure_id : d->notice_id;
  assert_non_null(id);
  snprintf(s->ids[s->n], sizeof s->ids[0], "%s", id);
  if (!s->ocds) /* each part is one contract */
    assert_int_equal(json_integer_value(json_object_get(d->fields, "contracts_count")), 1);
  vg_doc_destroy(&d);
  s->n++;
  return s->stop_after && (int)s->n >= s->stop_after ? VG_E_IO : VG_OK;
}

static char *s_read(const char *rel, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", s_corpora, rel);
  char *buf = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_file_read(path, VG_OCDS_MAX_BYTES, &buf, len, &err), VG_OK);
  return buf;
}

static int s_split_file(const char *rel, s_seen_t *seen) {
  size_t len = 0;
  char *buf = s_read(rel, &len);
  vg_err_t err = {{0}};
  int rc = vg_split(buf, len, rel, s_cb, seen, &err);
  if (rc != VG_OK) assert_true(err.msg[0] != '\0');
  free(buf);
  return rc;
}

/* Contracts of the JSON examples, read from the files (id of each "marche" /
 * "contrat-concession" entry, in file order: marchés first as the parser reads them). */
static void test_decp_json(void **state) {
  (void)state;
  static const struct {
    const char *file;
    size_t n;
    const char *ids[4];
  } t[] = {
      {"json/concessions.json", 2, {"0612202306122024", "0612202306122023"}},
      {"json/concessions_avec_modifications.json", 2, {"0612202306122024", "0612202306122023"}},
      {"json/marches_avec_modifications.json", 2, {"TEST2022", "TEST2022Bis"}},
      {"json/marches_concessions.json", 4,
       {"TEST2022", "TEST2022Bis", "0612202306122024", "0612202306122023"}},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    char rel[256];
    snprintf(rel, sizeof rel, DECP "%s", t[i].file);
    s_seen_t seen = {0};
    assert_int_equal(s_split_file(rel, &seen), VG_OK);
    assert_int_equal(seen.n, t[i].n);
    for (size_t k = 0; k < t[i].n; k++) {
      assert_string_equal(seen.keys[k], t[i].ids[k]);
      assert_string_equal(seen.ids[k], t[i].ids[k]);
    }
  }
}

/* The three XML examples each repeat one contract twice, byte for byte: one part only. */
static void test_decp_xml_repeats(void **state) {
  (void)state;
  static const char *const f[] = {"xml/Marche.xml", "xml/Contrat-concession.xml",
                                  "xml/Contrat-concession-modification.xml"};
  for (size_t i = 0; i < 3; i++) {
    char rel[256];
    snprintf(rel, sizeof rel, DECP "%s", f[i]);
    s_seen_t seen = {.xml = 1};
    assert_int_equal(s_split_file(rel, &seen), VG_E_NOTFOUND);
    assert_int_equal(seen.n, 0);
  }
}

/* Body of a DECP XML file without its <marches> root tags. */
static char *s_body(const char *rel) {
  size_t len = 0;
  char *buf = s_read(rel, &len);
  assert_non_null(buf);
  const char *a = strstr(buf, "<marches>"), *b = strstr(buf, "</marches>");
  if (!a || !b || b < a) {
    free(buf);
    fail_msg("no <marches> root in %s", rel);
  }
  /* offsets, not pointers, past this point (gcc -O3 cannot see that buf is still alive) */
  size_t from = (size_t)(a - buf) + strlen("<marches>"), to = (size_t)(b - buf);
  char *out = strndup(buf + from, to - from);
  free(buf);
  return out;
}

static void test_decp_xml_assembled(void **state) {
  (void)state;
  char *m = s_body(DECP "xml/Marche.xml");
  char *c = s_body(DECP "xml/Contrat-concession.xml");
  size_t n = strlen(m) + strlen(c) + 64;
  char *all = malloc(n);
  assert_non_null(all);
  snprintf(all, n, "<marches>%s%s</marches>", m, c);
  s_seen_t seen = {.xml = 1};
  vg_err_t err = {{0}};
  assert_int_equal(vg_split(all, strlen(all), "assembled.xml", s_cb, &seen, &err), VG_OK);
  assert_int_equal(seen.n, 2);
  assert_string_equal(seen.keys[0], "TEST2022");
  assert_string_equal(seen.ids[0], "TEST2022");
  assert_string_equal(seen.keys[1], "0612202306122023");
  assert_string_equal(seen.ids[1], "0612202306122023");
  /* the callback's status stops the split */
  s_seen_t stop = {.xml = 1, .stop_after = 1};
  assert_int_equal(vg_split(all, strlen(all), "assembled.xml", s_cb, &stop, &err), VG_E_IO);
  assert_int_equal(stop.n, 1);
  free(m), free(c), free(all);
}

/* Every OCDS file of the corpora holds one ocid: none is split. */
static void test_ocds_single(void **state) {
  (void)state;
  static const char *const f[] = {
      "ocds-sample-data/fictional-example/1.1/ocds-213czf-000-00001-02-tender.json",
      "ocds-sample-data/fictional-example/1.1/record/ocds-213czf-000-00001.json",
      UKCF "ocds-b5fd17-2c3698c7-adc8-11e6-9901-0019b9f3037b-gcc-qtle-9hdehl.json"};
  for (size_t i = 0; i < 3; i++) {
    s_seen_t seen = {.ocds = 1};
    assert_int_equal(s_split_file(f[i], &seen), VG_E_NOTFOUND);
    assert_int_equal(seen.n, 0);
  }
}

/* A release package made of the releases of three real files (three ocids) plus a second
 * release of the first ocid: three parts, the first holding two releases. */
static void test_ocds_assembled(void **state) {
  (void)state;
  static const char *const f[] = {
      UKCF "ocds-b5fd17-2c3698c7-adc8-11e6-9901-0019b9f3037b-gcc-qtle-9hdehl.json",
      UKCF "ocds-b5fd17-2c391a7a-adc8-11e6-9901-0019b9f3037b-bath-swce-9fdjpf.json",
      UKCF "ocds-b5fd17-2c3aae9c-adc8-11e6-9901-0019b9f3037b-sougl-swce-9cch6u.json"};
  json_t *pkg = NULL, *rels = NULL;
  const char *ocids[3];
  for (size_t i = 0; i < 3; i++) {
    size_t len = 0;
    char *buf = s_read(f[i], &len);
    json_t *j = json_loadb(buf, len, 0, NULL);
    assert_non_null(j);
    free(buf);
    json_t *r = json_array_get(json_object_get(j, "releases"), 0);
    ocids[i] = json_string_value(json_object_get(r, "ocid"));
    if (!pkg) {
      pkg = j;
      rels = json_object_get(pkg, "releases");
      json_t *again = json_deep_copy(r);
      json_object_set_new(again, "id", json_string("second-release"));
      json_array_append_new(rels, again);
    } else {
      json_array_append(rels, r);
      json_decref(j); /* r stays alive: rels holds a reference */
    }
  }
  char *txt = json_dumps(pkg, JSON_COMPACT);
  assert_non_null(txt);
  s_seen_t seen = {.ocds = 1};
  vg_err_t err = {{0}};
  assert_int_equal(vg_split(txt, strlen(txt), "package.json", s_cb, &seen, &err), VG_OK);
  assert_int_equal(seen.n, 3);
  for (size_t i = 0; i < 3; i++) {
    assert_string_equal(seen.keys[i], ocids[i]);
    assert_string_equal(seen.ids[i], ocids[i]);
  }
  free(txt);
  json_decref(pkg);
}

static int s_never(void *ud, const char *key, const char *part, size_t len) {
  (void)ud, (void)key, (void)part, (void)len;
  fail_msg("callback called for an unsplittable input");
  return VG_OK;
}

static void test_not_splittable(void **state) {
  (void)state;
  vg_err_t err = {{0}};
  size_t len = 0;
  char *n = s_read("eforms-sdk/examples/notices/cn_24_cumbria.xml", &len);
  assert_int_equal(vg_split(n, len, "notice", s_never, NULL, &err), VG_E_NOTFOUND);
  free(n);
  const char *in[] = {"", "   ", "%PDF-1.7", "{\"marches\": {\"marche\": [{\"id\": \"1\"}]}}",
                      "{\"marches\": {\"marche\": [{\"id\": \"1\"}, {\"id\": \"1\"}]}}",
                      "<!DOCTYPE marches><marches><marche><id>1</id></marche>"
                      "<marche><id>2</id></marche></marches>",
                      "<marches><marche><id>1</id></marche><marche>", "{\"marches\": [",
                      "{\"releases\": [{\"ocid\": \"a\"}, {\"id\": \"no ocid\"}]}", "[1, 2]"};
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
    err.msg[0] = '\0';
    assert_int_equal(vg_split(in[i], strlen(in[i]), "hostile", s_never, NULL, &err), VG_E_NOTFOUND);
    assert_true(err.msg[0] != '\0');
  }
  /* the array form and integer ids split too */
  const char *arr = "{\"marches\": [{\"id\": 7, \"acheteur\": {\"id\": \"A\"}},"
                    " {\"id\": 7, \"acheteur\": {\"id\": \"B\"}}]}";
  s_seen_t seen = {0};
  assert_int_equal(vg_split(arr, strlen(arr), "arr", s_cb, &seen, &err), VG_OK);
  assert_int_equal(seen.n, 2);
  assert_string_equal(seen.keys[0], "A/7"); /* same id, two buyers: key names the buyer */
  assert_string_equal(seen.keys[1], "B/7");
}

int main(int argc, char **argv) {
  if (argc > 1) s_corpora = argv[1];
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decp_json),     cmocka_unit_test(test_decp_xml_repeats),
      cmocka_unit_test(test_decp_xml_assembled), cmocka_unit_test(test_ocds_single),
      cmocka_unit_test(test_ocds_assembled), cmocka_unit_test(test_not_splittable),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
