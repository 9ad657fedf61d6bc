/* test_parse_corpus.c: every procurement document of the shared corpora parses with 0
 * failures, segments and serialises, and carries what each format states (ids, dates,
 * buyer, CPV codes, lots); prints coverage counts of the metadata and doc->fields keys.
 *
 * Selection rule (every notice-like XML / JSON file; nothing else in the corpora is one):
 *   eforms-sdk/examples/            all *.xml (92 SDK example notices)      -> vg_notice_parse
 *   ted-rdf-conversion-pipeline/    all *.xml (15 eForms notices, older SDKs)-> vg_notice_parse
 *   ted-xml-data-converter/         all *.xml (72 TED R2.0.9 notices)      -> vg_notice_parse
 *   ocds-sample-data/               all *.json (189 OCDS packages)          -> vg_ocds_parse
 *   decp/format-commande-publique/exemples/  all *.xml, *.json (7 files)    -> vg_decp_parse
 * Left out: eforms-sdk fields/, schemas/, notice-types/, codelists/ (SDK metadata), the DECP
 * schemas next to exemples/, ocp-european-union-support (PDF forms only), cpv/ and cuad/
 * (no procurement notices), README / LICENSE / SOURCE / INDEX files.
 * Usage: test_parse_corpus <VIGIE_CORPORA>. Not for: exact values (test_parse_spot.c). */
#include <dirent.h>
#include <sys/stat.h>

#include "vg_test_util.h"
#include "vg_decp.h"
#include "vg_notice.h"
#include "vg_ocds.h"
#include "vg_segment.h"

#define MAX_FILES 1024

static const char *s_corpora;

typedef struct {
  char *v[MAX_FILES];
  size_t n;
} s_list_t;

static int s_ends(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n > k && strcmp(s + n - k, suffix) == 0;
}

static void s_collect(s_list_t *l, const char *dir, const char *ext) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) s_collect(l, p, ext);
    else if (s_ends(e->d_name, ext) && l->n < MAX_FILES) l->v[l->n++] = strdup(p);
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

typedef struct {
  size_t n, title, buyer, country, dispatch, nature, deadline, value, cpv, procedure, lots,
      procedure_id, sections, clauses;
} s_cov_t;

/* Parses one file with the parser of its folder; checks segmentation and serialisation. */
static vg_doc_t *s_parse(const char *path, int fmt, const char **buf_out, size_t *len_out) {
  size_t len = 0;
  char *buf = vg_test_read(path, &len);
  assert_non_null(buf);
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "corpus"), VG_OK);
  vg_err_t err = {{0}};
  int rc = fmt == 'o'   ? vg_ocds_parse(buf, len, path, d, &err)
           : fmt == 'd' ? vg_decp_parse(buf, len, path, d, &err)
                        : vg_notice_parse(buf, len, path, d, &err);
  if (rc != VG_OK) fprintf(stderr, "FAIL %s: %s\n", path, err.msg);
  assert_int_equal(rc, VG_OK);
  assert_non_null(d->format);
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  json_t *j = vg_doc_to_json(d);
  assert_non_null(j); /* also proves every string is valid UTF-8 */
  vg_doc_t *back = vg_doc_from_json(j, &err);
  assert_non_null(back);
  assert_int_equal(back->nclauses, d->nclauses);
  vg_doc_destroy(&back);
  json_decref(j);
  *buf_out = buf;
  *len_out = len;
  return d;
}

static void s_count(s_cov_t *c, const vg_doc_t *d) {
  c->n++;
  c->title += d->title != NULL;
  c->buyer += d->buyer != NULL;
  c->country += d->country != NULL;
  c->dispatch += d->dispatch_date != NULL;
  c->nature += d->contract_nature != NULL;
  c->deadline += d->deadline != NULL;
  c->value += d->has_value;
  c->cpv += d->cpv.n > 0;
  c->procedure += d->procedure != NULL;
  c->lots += d->nlots > 0;
  c->procedure_id += d->procedure_id != NULL;
  c->sections += d->nsections;
  c->clauses += d->nclauses;
}

static void s_print(const char *what, const s_cov_t *c) {
  printf("%s=%zu title=%zu buyer=%zu country=%zu dispatch=%zu nature=%zu deadline=%zu "
         "value=%zu cpv=%zu procedure=%zu lots=%zu procedure_id=%zu sections=%zu clauses=%zu\n",
         what, c->n, c->title, c->buyer, c->country, c->dispatch, c->nature, c->deadline,
         c->value, c->cpv, c->procedure, c->lots, c->procedure_id, c->sections, c->clauses);
}

/* What every eForms / TED notice must yield, given what its file holds. */
static void s_check_notice(const char *path, const char *buf, const vg_doc_t *d) {
  const char *base = strrchr(path, '/') + 1;
  /* the SDK's deliberately empty / invalid examples may lack anything */
  if (strncmp(base, "INVALID_", 8) == 0) return;
  assert_non_null(d->notice_id);
  assert_non_null(d->lang);
  assert_non_null(d->dispatch_date);
  assert_true(d->nsections > 0);
  for (size_t i = 0; i < d->nlots; i++) assert_non_null(d->lots[i].id);
  if (strcmp(d->format, "ted") == 0) {
    assert_non_null(d->buyer);
    assert_non_null(d->title);
    assert_true(d->cpv.n > 0);
    assert_non_null(d->procedure_id);
    assert_int_equal(strncmp(d->procedure_id, "ted:", 4), 0);
    if (strstr(buf, "<OBJECT_DESCR")) assert_true(d->nlots > 0);
    return;
  }
  if (strstr(buf, "ContractFolderID>")) assert_non_null(d->procedure_id);
  if (strstr(buf, "<efbc:ChangedNoticeIdentifier>"))
    assert_non_null(json_object_get(d->fields, "changes_notice"));
  /* business registration notices (X01, X02) have no buyer, object or lots */
  if (strncmp(d->notice_type ? d->notice_type : "", "brin-", 5) == 0) return;
  if (!d->buyer || !d->title || !d->country || d->cpv.n == 0)
    fprintf(stderr, "incomplete: %s\n", base);
  assert_non_null(d->buyer);
  assert_non_null(d->title);
  assert_non_null(d->country);
  assert_true(d->cpv.n > 0);
  if (strstr(buf, "schemeName=\"Lot\">LOT-") || strstr(buf, "schemeName=\"Part\">PAR-"))
    assert_true(d->nlots > 0 || strcmp(d->notice_type, "pin-buyer") == 0);
}

static void test_notices(void **state) {
  (void)state;
  s_list_t ef = {0}, old = {0}, ted = {0};
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/eforms-sdk/examples", s_corpora);
  s_collect(&ef, dir, ".xml");
  snprintf(dir, sizeof dir, "%s/ted-rdf-conversion-pipeline", s_corpora);
  s_collect(&old, dir, ".xml");
  snprintf(dir, sizeof dir, "%s/ted-xml-data-converter", s_corpora);
  s_collect(&ted, dir, ".xml");
  assert_int_equal(ef.n, 92);
  assert_int_equal(old.n, 15);
  assert_int_equal(ted.n, 72);
  s_list_t all = ef;
  for (size_t i = 0; i < old.n; i++) all.v[all.n++] = old.v[i];
  for (size_t i = 0; i < ted.n; i++) all.v[all.n++] = ted.v[i];
  qsort(all.v, all.n, sizeof all.v[0], s_cmp);

  s_cov_t ce = {0}, ct = {0};
  size_t keys[NKEYS] = {0};
  for (size_t i = 0; i < all.n; i++) {
    const char *buf = NULL;
    size_t len = 0;
    vg_doc_t *d = s_parse(all.v[i], 'n', &buf, &len);
    s_check_notice(all.v[i], buf, d);
    s_count(strcmp(d->format, "ted") == 0 ? &ct : &ce, d);
    for (size_t k = 0; k < NKEYS; k++) keys[k] += json_object_get(d->fields, s_keys[k]) != NULL;
    vg_doc_destroy(&d);
    free((char *)buf);
  }
  assert_int_equal(ce.n + ct.n, 179);
  s_print("eforms", &ce);
  s_print("ted", &ct);
  for (size_t k = 0; k < NKEYS; k++) printf("fields.%s=%zu\n", s_keys[k], keys[k]);
  for (size_t i = 0; i < all.n; i++) free(all.v[i]);
}

static void test_data_formats(void **state) {
  (void)state;
  s_list_t oc = {0}, dj = {0}, dx = {0};
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/ocds-sample-data", s_corpora);
  s_collect(&oc, dir, ".json");
  snprintf(dir, sizeof dir, "%s/decp/format-commande-publique/exemples", s_corpora);
  s_collect(&dj, dir, ".json");
  s_collect(&dx, dir, ".xml");
  assert_int_equal(oc.n, 189);
  assert_int_equal(dj.n + dx.n, 7);
  s_cov_t co = {0}, cd = {0};
  for (size_t i = 0; i < oc.n; i++) {
    const char *buf = NULL;
    size_t len = 0;
    vg_doc_t *d = s_parse(oc.v[i], 'o', &buf, &len);
    assert_non_null(d->notice_id);
    assert_non_null(d->procedure_id); /* the ocid */
    assert_non_null(d->dispatch_date);
    if (strstr(buf, "\"scheme\": \"CPV\"") || strstr(buf, "\"scheme\":\"CPV\""))
      assert_true(d->cpv.n > 0);
    s_count(&co, d);
    vg_doc_destroy(&d);
    free((char *)buf);
    free(oc.v[i]);
  }
  for (size_t i = 0; i < dj.n + dx.n; i++) {
    const char *path = i < dj.n ? dj.v[i] : dx.v[i - dj.n];
    const char *buf = NULL;
    size_t len = 0;
    vg_doc_t *d = s_parse(path, 'd', &buf, &len);
    assert_non_null(d->notice_id);
    assert_non_null(d->procedure_id);
    assert_int_equal(strncmp(d->procedure_id, "decp:", 5), 0);
    assert_non_null(d->dispatch_date);
    assert_true(d->has_value);
    if (strstr(buf, "codeCPV")) assert_true(d->cpv.n > 0); /* concessions state none */
    s_count(&cd, d);
    vg_doc_destroy(&d);
    free((char *)buf);
    free((char *)path);
  }
  s_print("ocds", &co);
  s_print("decp", &cd);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s VIGIE_CORPORA\n", argv[0]);
    return 2;
  }
  s_corpora = argv[1];
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_notices),
                                     cmocka_unit_test(test_data_formats)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
