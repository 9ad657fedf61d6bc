/* test_parse_corpus.c: every real notice of the shared corpora (eForms SDK examples and
 * TED R2.0.9 development notices) parses, segments and serialises; prints coverage counts
 * of the extracted metadata and doc->fields keys.
 * Usage: test_parse_corpus <VIGIE_CORPORA>. Not for: exact values (test_parse_spot.c). */
#include <dirent.h>
#include <sys/stat.h>

#include "vg_test_util.h"
#include "vg_notice.h"
#include "vg_segment.h"

#define MAX_FILES 512

static const char *s_corpora;

typedef struct {
  char *v[MAX_FILES];
  size_t n;
} s_list_t;

static void s_collect(s_list_t *l, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    size_t nl = strlen(e->d_name);
    if (S_ISDIR(st.st_mode)) s_collect(l, p);
    else if (nl > 4 && strcmp(e->d_name + nl - 4, ".xml") == 0 && l->n < MAX_FILES)
      l->v[l->n++] = strdup(p);
  }
  closedir(d);
}

static int s_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const s_keys[] = {
    "electronic_submission", "accelerated", "accelerated_justification", "framework",
    "framework_max_participants", "duration_months", "duration_end_date", "min_candidates",
    "max_candidates", "opening_date", "pin_reference", "award_criteria", "renewals_max",
    "renewal", "options", "guarantee_required", "procedure_justification", "direct_award_code",
    "published_date", "notice_version", "deadline_kind", "duration_start_date",
    "framework_justification", "candidate_reduction", "renewal_description", "awarded_value",
    "awarded_currency"};
#define NKEYS (sizeof s_keys / sizeof s_keys[0])

static void test_corpus(void **state) {
  (void)state;
  s_list_t ef = {0}, ted = {0};
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/eforms-sdk/examples", s_corpora);
  s_collect(&ef, dir);
  snprintf(dir, sizeof dir, "%s/ted-xml-data-converter", s_corpora);
  s_collect(&ted, dir);
  assert_int_equal(ef.n, 92);
  assert_int_equal(ted.n, 72);
  s_list_t all = ef;
  for (size_t i = 0; i < ted.n; i++) all.v[all.n++] = ted.v[i];
  qsort(all.v, all.n, sizeof all.v[0], s_cmp);

  size_t ok = 0, complete = 0, n_deadline = 0, n_value = 0, n_cpv = 0, n_proc = 0, n_title = 0,
         n_buyer = 0, n_country = 0, n_dispatch = 0, n_nature = 0, n_lots = 0, sections = 0,
         clauses = 0, keys[NKEYS] = {0};
  for (size_t i = 0; i < all.n; i++) {
    size_t len = 0;
    char *buf = vg_test_read(all.v[i], &len);
    assert_non_null(buf);
    vg_doc_t *d = vg_doc_new();
    assert_non_null(d);
    assert_int_equal(vg_doc_set(&d->id, "corpus"), VG_OK);
    vg_err_t err = {{0}};
    int rc = vg_notice_parse(buf, len, all.v[i], d, &err);
    if (rc != VG_OK) fprintf(stderr, "%s: %s\n", all.v[i], err.msg);
    assert_int_equal(rc, VG_OK);
    ok++;
    assert_non_null(d->format);
    const char *base = strrchr(all.v[i], '/') + 1;
    if (d->notice_id && d->lang && d->nsections > 0) {
      complete++;
    } else {
      /* only the SDK's deliberately empty/invalid examples may lack them */
      fprintf(stderr, "incomplete (expected for INVALID_*): %s\n", base);
      assert_int_equal(strncmp(base, "INVALID_", 8), 0);
    }
    assert_int_equal(vg_segment_doc(d, &err), VG_OK);
    vg_test_check_clauses(d);
    json_t *j = vg_doc_to_json(d);
    assert_non_null(j); /* also proves every string is valid UTF-8 */
    vg_doc_t *back = vg_doc_from_json(j, &err);
    assert_non_null(back);
    assert_int_equal(back->nclauses, d->nclauses);
    vg_doc_destroy(&back);
    json_decref(j);
    n_deadline += d->deadline != NULL;
    n_value += d->has_value;
    n_cpv += d->cpv.n > 0;
    n_proc += d->procedure != NULL;
    n_title += d->title != NULL;
    n_buyer += d->buyer != NULL;
    n_country += d->country != NULL;
    n_dispatch += d->dispatch_date != NULL;
    n_nature += d->contract_nature != NULL;
    n_lots += d->nlots > 0;
    sections += d->nsections;
    clauses += d->nclauses;
    for (size_t k = 0; k < NKEYS; k++) keys[k] += json_object_get(d->fields, s_keys[k]) != NULL;
    vg_doc_destroy(&d);
    free(buf);
  }
  assert_int_equal(ok, 164);
  assert_int_equal(complete, 164 - 10); /* 10 INVALID_* SDK examples are empty shells */
  printf("notices=%zu complete=%zu title=%zu buyer=%zu country=%zu dispatch=%zu nature=%zu "
         "deadline=%zu value=%zu cpv=%zu procedure=%zu lots=%zu sections=%zu clauses=%zu\n",
         ok, complete, n_title, n_buyer, n_country, n_dispatch, n_nature, n_deadline, n_value,
         n_cpv, n_proc, n_lots, sections, clauses);
  for (size_t k = 0; k < NKEYS; k++) printf("fields.%s=%zu\n", s_keys[k], keys[k]);
  for (size_t i = 0; i < all.n; i++) free(all.v[i]);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s VIGIE_CORPORA\n", argv[0]);
    return 2;
  }
  s_corpora = argv[1];
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
