/* test_samples.c: the bundled sample notices (corpora/samples) analysed end to end give exactly
 * the values and flags written for them in tests/fixtures/samples-expected.json (kept out of
 * corpora/samples so that ingesting that folder ingests notices only).
 *
 *   test_samples MODEL CATALOGUE SAMPLES_DIR EXPECTED_JSON
 * For every sample: each listed document value, lot and field equals the analysed one, and the
 * set of rules that fire (outcome "flag") is exactly the expected set — no more, no fewer. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_analyser.h"
#include "vg_file.h"

static int s_fails;

static void s_fail(const char *file, const char *what, const json_t *want, const json_t *got) {
  char *w = want ? json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
  char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
  fprintf(stderr, "FAIL %s: %s: expected %s, got %s\n", file, what, w ? w : "(none)", g ? g : "(none)");
  free(w);
  free(g);
  s_fails++;
}

/* Numbers compare by value (300000 == 300000.0); everything else structurally. */
static int s_same(const json_t *a, const json_t *b) {
  if (json_is_number(a) && json_is_number(b)) return fabs(json_number_value(a) - json_number_value(b)) < 1e-6;
  if (json_is_array(a) && json_is_array(b)) {
    if (json_array_size(a) != json_array_size(b)) return 0;
    for (size_t i = 0; i < json_array_size(a); i++)
      if (!s_same(json_array_get(a, i), json_array_get(b, i))) return 0;
    return 1;
  }
  if (json_is_object(a) && json_is_object(b)) { /* every expected key present and equal */
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)a, k, v) {
      if (!s_same(v, json_object_get(b, k))) return 0;
    }
    return 1;
  }
  return json_equal((json_t *)a, (json_t *)b);
}

static void s_check_object(const char *file, const char *what, const json_t *want, const json_t *got) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)want, k, v) {
    const json_t *g = json_object_get(got, k);
    if (!s_same(v, g)) {
      char label[128];
      snprintf(label, sizeof label, "%s.%s", what, k);
      s_fail(file, label, v, g);
    }
  }
}

static void s_sample(vg_analyser_t *an, const char *dir, const char *file, const json_t *exp) {
  char path[4096], *buf = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (vg_file_read(path, 1u << 24, &buf, &len, &err)) {
    fprintf(stderr, "FAIL %s: %s\n", file, err.msg);
    s_fails++;
    return;
  }
  vg_doc_t *doc = NULL;
  int rc = vg_analyser_run(an, file, NULL, buf, len, &doc, &err);
  free(buf);
  if (rc != VG_OK) {
    fprintf(stderr, "FAIL %s: %s\n", file, err.msg);
    s_fails++;
    return;
  }
  json_t *j = vg_doc_to_json(doc);
  s_check_object(file, "doc", json_object_get(exp, "doc"), j);
  s_check_object(file, "fields", json_object_get(exp, "fields"), json_object_get(j, "fields"));
  const json_t *lots = json_object_get(exp, "lots");
  if (lots && !s_same(lots, json_object_get(j, "lots"))) s_fail(file, "lots", lots, json_object_get(j, "lots"));
  /* fired rules, by catalogue id ("R01" of "R01-submission-period-below-minimum") */
  json_t *fired = json_array();
  for (size_t i = 0; i < doc->nflags; i++) {
    const vg_flag_t *f = &doc->flags[i];
    if (f->outcome != VG_OUTCOME_FLAG || !f->rule_id) continue;
    const char *dash = strchr(f->rule_id, '-');
    json_array_append_new(fired, json_stringn(f->rule_id, dash ? (size_t)(dash - f->rule_id) : strlen(f->rule_id)));
  }
  const json_t *want = json_object_get(exp, "flags");
  int same = json_array_size(want) == json_array_size(fired);
  for (size_t i = 0; same && i < json_array_size(want); i++) {
    int found = 0;
    for (size_t k = 0; k < json_array_size(fired); k++)
      found |= json_equal(json_array_get(want, i), json_array_get(fired, k));
    same = found;
  }
  if (!same) s_fail(file, "rules fired", want, fired);
  json_decref(fired);
  json_decref(j);
  vg_doc_destroy(&doc);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: test_samples MODEL CATALOGUE SAMPLES_DIR EXPECTED_JSON\n");
    return 2;
  }
  const char *path = argv[4];
  json_error_t jerr;
  json_t *exp = json_load_file(path, 0, &jerr);
  vg_err_t err = {{0}};
  vg_analyser_config_t cfg = {argv[1], -1, argv[2], "test"};
  vg_analyser_t *an = vg_analyser_new(&cfg, &err);
  if (!exp || !an) {
    fprintf(stderr, "FAIL cannot load %s: %s %s\n", path, jerr.text, err.msg);
    json_decref(exp);
    vg_analyser_destroy(&an);
    return 1;
  }
  const char *file;
  json_t *e;
  size_t n = 0;
  json_object_foreach(json_object_get(exp, "samples"), file, e) {
    s_sample(an, argv[3], file, e);
    n++;
  }
  vg_analyser_destroy(&an);
  json_decref(exp);
  printf("%zu samples checked, %d mismatches\n", n, s_fails);
  return s_fails || n == 0 ? 1 : 0;
}
