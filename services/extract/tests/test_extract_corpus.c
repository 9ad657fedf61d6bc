/* test_extract_corpus.c: every real PDF of the shared corpora (EU standard forms, CUAD
 * sample contracts, read in place) extracts with VG_OK, one section per page with text
 * (except known blank pages), and the page counts listed in corpus_pages.inc.
 * argv[1] = ${VIGIE_CORPORA}. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vg_dossier.h"
#include "vg_file.h"

static const char *s_root;

typedef struct {
  const char *file;
  size_t pages;
  size_t blank; /* the page known to hold no text, 0 for none */
} s_expect_t;

/* Page counts read from each file's page tree (/Count of the root /Pages). */
static const s_expect_t s_pages[] = {
#include "corpus_pages.inc"
    {NULL, 0, 0}};

static const s_expect_t *s_expected(const char *file) {
  for (size_t i = 0; s_pages[i].file; i++)
    if (!strcmp(s_pages[i].file, file)) return &s_pages[i];
  return NULL;
}

static size_t s_dir(const char *sub) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/%s", s_root, sub);
  DIR *d = opendir(dir);
  assert_non_null(d);
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t l = strlen(de->d_name);
    if (l < 4 || strcasecmp(de->d_name + l - 4, ".pdf")) continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    char *buf = NULL;
    size_t len;
    vg_err_t err = {{0}};
    assert_int_equal(vg_file_read(path, VG_DOSSIER_MAX_INPUT, &buf, &len, &err), VG_OK);
    vg_doc_t *doc = vg_doc_new();
    int st = vg_dossier_extract(buf, len, de->d_name, doc, &err);
    if (st) fprintf(stderr, "%s: %s\n", de->d_name, err.msg);
    assert_int_equal(st, VG_OK);
    assert_string_equal(doc->format, "pdf");
    const s_expect_t *want = s_expected(de->d_name);
    fprintf(stderr, "%s: %zu pages, %zu bytes of text\n", de->d_name, doc->nsections,
            doc->text_len);
    assert_non_null(want); /* every corpus file is listed */
    assert_int_equal(doc->nsections, want->pages);
    for (size_t i = 0; i < doc->nsections; i++) {
      char field[32];
      snprintf(field, sizeof field, "page:%zu", i + 1);
      assert_string_equal(doc->sections[i].field, field);
      /* every page has text, except a known blank one */
      if (i + 1 == want->blank)
        assert_int_equal(doc->sections[i].end, doc->sections[i].start);
      else
        assert_true(doc->sections[i].end > doc->sections[i].start);
      assert_int_equal(vg_dossier_page_of(doc, doc->sections[i].start), (int)(i + 1));
    }
    vg_doc_destroy(&doc);
    free(buf);
    n++;
  }
  closedir(d);
  return n;
}

static void test_ocp(void **st) {
  (void)st;
  assert_int_equal(s_dir("ocp-european-union-support/standard_forms_pdf_en"), 5);
}

static void test_cuad(void **st) {
  (void)st;
  assert_int_equal(s_dir("cuad/pdf_sample"), 10);
}

int main(int argc, char **argv) {
  s_root = argc > 1 ? argv[1] : "../shared/corpora";
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_ocp), cmocka_unit_test(test_cuad)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
