/* test_extract_formats.c: every dossier format of the fixtures extracts exactly the text
 * of its .txt source (after white-space normalisation), with pages for PDF.
 * argv[1] = tests/fixtures/dossiers. Not for hostile input (test_extract_hostile.c). */
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

static const char *s_dir;

static char *s_read(const char *name, size_t *len) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", s_dir, name);
  char *buf = NULL;
  vg_err_t err;
  assert_int_equal(vg_file_read(path, 1u << 20, &buf, len, &err), VG_OK);
  return buf;
}

/* Collapses every run of white space (newlines included) to one space, trims. */
static char *s_norm(const char *s, size_t len) {
  char *o = malloc(len + 1);
  assert_non_null(o);
  size_t n = 0;
  int sp = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      sp = n > 0;
      continue;
    }
    if (sp) o[n++] = ' ';
    sp = 0;
    o[n++] = c;
  }
  o[n] = '\0';
  return o;
}

/* Extracts fixture `file`, checks its format and that its text equals `expect` (.txt). */
static vg_doc_t *s_check(const char *file, const char *format, const char *expect) {
  size_t len, elen;
  char *buf = s_read(file, &len);
  char *exp = s_read(expect, &elen);
  vg_doc_t *doc = vg_doc_new();
  assert_non_null(doc);
  vg_err_t err = {{0}};
  int st = vg_dossier_extract(buf, len, file, doc, &err);
  if (st) fprintf(stderr, "%s: %s\n", file, err.msg);
  assert_int_equal(st, VG_OK);
  assert_string_equal(doc->format, format);
  assert_true(doc->nsections >= 1);
  for (size_t i = 0; i < doc->nsections; i++) assert_null(doc->sections[i].lang);
  char *a = s_norm(doc->text, doc->text_len), *b = s_norm(exp, elen);
  if (strcmp(a, b)) fprintf(stderr, "%s got:\n%s\nwant:\n%s\n", file, a, b);
  assert_string_equal(a, b);
  /* paragraphs are lines: no line starts or ends with a space, no empty line in a section */
  const vg_section_t *s0 = &doc->sections[0];
  for (size_t i = s0->start; i + 1 < s0->end; i++) {
    if (doc->text[i] == '\n') {
      assert_true(doc->text[i + 1] != '\n' && doc->text[i + 1] != ' ');
      assert_true(i == 0 || doc->text[i - 1] != ' ');
    }
  }
  free(a);
  free(b);
  free(buf);
  free(exp);
  return doc;
}

static void test_text(void **st) {
  (void)st;
  vg_doc_t *d = s_check("fr_ccap.txt", "text", "fr_ccap.txt");
  assert_int_equal(d->nsections, 1);
  assert_string_equal(d->sections[0].field, "body");
  assert_int_equal(vg_dossier_page_of(d, 0), 0);
  vg_doc_destroy(&d);
  d = s_check("en_rfp.txt", "text", "en_rfp.txt");
  vg_doc_destroy(&d);
}

static void test_latin1(void **st) {
  (void)st;
  vg_doc_t *d = s_check("fr_ccap.latin1.txt", "text", "fr_ccap.txt");
  assert_non_null(strstr(d->text, "Pénalités de retard"));
  assert_null(strchr(d->text, '\r'));
  vg_doc_destroy(&d);
}

static void test_docx(void **st) {
  (void)st;
  vg_doc_t *d = s_check("fr_ccap.docx", "docx", "fr_ccap.txt");
  /* runs are cut every 7 characters: words must come out whole */
  assert_non_null(strstr(d->text, "\nArticle 4 - Pénalités de retard\n"));
  /* table: one cell per line */
  assert_non_null(strstr(d->text, "\nLot\nDésignation\nMontant estimé\n1\n"));
  vg_doc_destroy(&d);
  d = s_check("en_rfp.docx", "docx", "en_rfp.txt");
  assert_non_null(strstr(d->text, "\nSection 4 - Liquidated Damages\n"));
  vg_doc_destroy(&d);
}

static void test_odt(void **st) {
  (void)st;
  vg_doc_t *d = s_check("fr_ccap.odt", "odt", "fr_ccap.txt");
  assert_non_null(strstr(d->text, "\nArticle 6 - Résiliation\n"));
  assert_non_null(strstr(d->text, "\nNettoyage courant\n"));
  vg_doc_destroy(&d);
  d = s_check("en_rfp.odt", "odt", "en_rfp.txt");
  vg_doc_destroy(&d);
}

static void test_html(void **st) {
  (void)st;
  vg_doc_t *d = s_check("fr_ccap.html", "html", "fr_ccap.txt");
  assert_null(strstr(d->text, "hidden"));  /* script skipped */
  assert_null(strstr(d->text, "color"));   /* style skipped */
  assert_non_null(strstr(d->text, "« conforme »"));
  vg_doc_destroy(&d);
  d = s_check("en_rfp.html", "html", "en_rfp.txt");
  vg_doc_destroy(&d);
}

static void test_pdf(void **st) {
  (void)st;
  const char *names[] = {"fr_ccap", "en_rfp"};
  for (size_t k = 0; k < 2; k++) {
    char pdf[64], txt[64];
    snprintf(pdf, sizeof pdf, "%s.pdf", names[k]);
    snprintf(txt, sizeof txt, "%s.txt", names[k]);
    vg_doc_t *d = s_check(pdf, "pdf", txt);
    assert_int_equal(d->nsections, 2);
    assert_string_equal(d->sections[0].field, "page:1");
    assert_string_equal(d->sections[1].field, "page:2");
    /* make_fixtures.py PAGE_SPLIT: page 1 = first half of the lines */
    size_t elen;
    char *exp = s_read(txt, &elen);
    size_t nlines = 0;
    for (size_t i = 0; i < elen; i++) nlines += exp[i] == '\n';
    size_t half = (nlines + 1) / 2, i = 0;
    for (size_t l = 0; l < half; l++) i = (size_t)(strchr(exp + i, '\n') - exp) + 1;
    char *p1 = s_norm(exp, i), *p2 = s_norm(exp + i, elen - i);
    const vg_section_t *s = d->sections;
    char *g1 = s_norm(d->text + s[0].start, s[0].end - s[0].start);
    char *g2 = s_norm(d->text + s[1].start, s[1].end - s[1].start);
    assert_string_equal(g1, p1);
    assert_string_equal(g2, p2);
    assert_int_equal(vg_dossier_page_of(d, 0), 1);
    assert_int_equal(vg_dossier_page_of(d, s[0].end - 1), 1);
    assert_int_equal(vg_dossier_page_of(d, s[0].end), 2); /* separator -> next page */
    assert_int_equal(vg_dossier_page_of(d, s[1].start), 2);
    assert_int_equal(vg_dossier_page_of(d, d->text_len), 2);
    free(p1); free(p2); free(g1); free(g2); free(exp);
    vg_doc_destroy(&d);
  }
}

static void test_cp1252_bom_crlf(void **st) {
  (void)st;
  vg_doc_t *d = vg_doc_new();
  vg_err_t err;
  /* 0x80 is the euro sign in Windows-1252, 0x92 a right quote, 0xE9 e-acute */
  const char in[] = "Montant : 500 \x80 HT\r\nl\x92\xE9t\xE9\r\n\r\n  fin  ";
  assert_int_equal(vg_dossier_extract(in, sizeof in - 1, "x.txt", d, &err), VG_OK);
  assert_string_equal(d->text, "Montant : 500 € HT\nl’été\nfin");
  vg_doc_destroy(&d);
  d = vg_doc_new();
  const char bom[] = "\xEF\xBB\xBFPrix fermes\r\net définitifs";
  assert_int_equal(vg_dossier_extract(bom, sizeof bom - 1, "y.txt", d, &err), VG_OK);
  assert_string_equal(d->text, "Prix fermes\net définitifs");
  vg_doc_destroy(&d);
}

int main(int argc, char **argv) {
  s_dir = argc > 1 ? argv[1] : "tests/fixtures/dossiers";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text), cmocka_unit_test(test_latin1), cmocka_unit_test(test_docx),
      cmocka_unit_test(test_odt),  cmocka_unit_test(test_html),   cmocka_unit_test(test_pdf),
      cmocka_unit_test(test_cp1252_bom_crlf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
