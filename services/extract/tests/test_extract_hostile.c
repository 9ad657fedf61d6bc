/* test_extract_hostile.c: hostile and broken dossier files get the right status and never
 * crash: zip bomb, path traversal, DTD, non-zip DOCX, truncated/encrypted PDF, empty and
 * binary input, invalid UTF-8. argv[1] = tests/fixtures/dossiers. */
#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "vg_dossier.h"
#include "vg_file.h"

static const char *s_dir;

static int s_extract_file(const char *name, vg_err_t *err) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", s_dir, name);
  char *buf = NULL;
  size_t len;
  assert_int_equal(vg_file_read(path, 1u << 20, &buf, &len, err), VG_OK);
  vg_doc_t *d = vg_doc_new();
  int st = vg_dossier_extract(buf, len, name, d, err);
  vg_doc_destroy(&d);
  free(buf);
  return st;
}

static int s_extract_mem(const void *buf, size_t len, const char *name, vg_err_t *err) {
  vg_doc_t *d = vg_doc_new();
  int st = vg_dossier_extract(buf, len, name, d, err);
  vg_doc_destroy(&d);
  return st;
}

/* Builds a zip in memory: entries names[i] with data[i] (NULL data = `zeros` zero bytes). */
static char *s_zip(const char *const *names, const char *const *data, size_t n, size_t zeros,
                   size_t *outlen) {
  size_t cap = 8u << 20;
  char *out = malloc(cap);
  assert_non_null(out);
  struct archive *a = archive_write_new();
  assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
  assert_int_equal(archive_write_open_memory(a, out, cap, outlen), ARCHIVE_OK);
  static char chunk[1 << 20]; /* zeros, read-only use */
  for (size_t i = 0; i < n; i++) {
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, names[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    size_t sz = data[i] ? strlen(data[i]) : zeros;
    archive_entry_set_size(e, (la_int64_t)sz);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    if (data[i]) {
      assert_int_equal(archive_write_data(a, data[i], sz), (la_ssize_t)sz);
    } else {
      for (size_t done = 0; done < sz; done += sizeof chunk)
        assert_int_equal(archive_write_data(a, chunk, sizeof chunk), (la_ssize_t)sizeof chunk);
    }
    archive_entry_free(e);
  }
  assert_int_equal(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  return out;
}

#define S_DOCXML                                                                  \
  "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/" \
  "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p>"  \
  "</w:body></w:document>"

static void test_zip_bomb(void **st) {
  (void)st;
  /* 1 GiB of zeros deflates to about 1 MiB; the reader must stop at its 64 MiB cap */
  const char *names[] = {"word/document.xml"};
  const char *data[] = {NULL};
  size_t len;
  char *zip = s_zip(names, data, 1, (size_t)1 << 30, &len);
  assert_true(len < (4u << 20));
  vg_err_t err;
  assert_int_equal(s_extract_mem(zip, len, "bomb.docx", &err), VG_E_TOO_BIG);
  free(zip);
}

static void test_zip_entries(void **st) {
  (void)st;
  vg_err_t err;
  size_t len;
  /* a sane one first, so that the failures below are about one thing only */
  const char *n0[] = {"word/document.xml"};
  const char *d0[] = {S_DOCXML};
  char *zip = s_zip(n0, d0, 1, 0, &len);
  vg_doc_t *d = vg_doc_new();
  assert_int_equal(vg_dossier_extract(zip, len, "ok.docx", d, &err), VG_OK);
  assert_string_equal(d->text, "Bonjour");
  assert_string_equal(d->format, "docx");
  vg_doc_destroy(&d);
  free(zip);

  const char *bad[] = {"/etc/passwd", "word/../../evil", "..\\evil", "C:/evil"};
  for (size_t i = 0; i < 4; i++) {
    const char *n[] = {"word/document.xml", bad[i]};
    const char *dd[] = {S_DOCXML, "x"};
    zip = s_zip(n, dd, 2, 0, &len);
    assert_int_equal(s_extract_mem(zip, len, "t.docx", &err), VG_E_FORBIDDEN);
    free(zip);
  }
  /* a zip that is neither DOCX nor ODT */
  const char *n2[] = {"mimetype", "content.xml"};
  const char *d2[] = {"application/vnd.oasis.opendocument.spreadsheet", "<a/>"};
  zip = s_zip(n2, d2, 2, 0, &len);
  assert_int_equal(s_extract_mem(zip, len, "s.ods", &err), VG_E_UNSUPPORTED);
  free(zip);
  /* DTD in the main part (XXE / billion laughs vector) */
  const char *d3[] = {"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]><w>&x;</w>"};
  zip = s_zip(n0, d3, 1, 0, &len);
  assert_int_equal(s_extract_mem(zip, len, "x.docx", &err), VG_E_FORBIDDEN);
  free(zip);
  /* malformed XML */
  const char *d4[] = {"<w:document xmlns:w=\"u\"><w:body>"};
  zip = s_zip(n0, d4, 1, 0, &len);
  assert_int_equal(s_extract_mem(zip, len, "m.docx", &err), VG_E_INPUT);
  free(zip);
  /* too many entries */
  static const char *many_n[VG_DOSSIER_MAX_ENTRIES + 2];
  static const char *many_d[VG_DOSSIER_MAX_ENTRIES + 2];
  static char names[VG_DOSSIER_MAX_ENTRIES + 2][16];
  for (size_t i = 0; i < VG_DOSSIER_MAX_ENTRIES + 2; i++) {
    snprintf(names[i], sizeof names[i], "f%zu", i);
    many_n[i] = names[i];
    many_d[i] = "";
  }
  zip = s_zip(many_n, many_d, VG_DOSSIER_MAX_ENTRIES + 2, 0, &len);
  assert_int_equal(s_extract_mem(zip, len, "many.docx", &err), VG_E_TOO_BIG);
  free(zip);
}

static void test_fixtures(void **st) {
  (void)st;
  vg_err_t err;
  assert_int_equal(s_extract_file("hostile_traversal.docx", &err), VG_E_FORBIDDEN);
  assert_int_equal(s_extract_file("hostile_notzip.docx", &err), VG_E_INPUT);
  assert_int_equal(s_extract_file("hostile_truncated.pdf", &err), VG_E_INPUT);
  assert_int_equal(s_extract_file("hostile_encrypted.pdf", &err), VG_E_UNSUPPORTED);
  assert_non_null(strstr(err.msg, "encrypted PDF"));
}

static void test_broken_magic(void **st) {
  (void)st;
  vg_err_t err;
  assert_int_equal(s_extract_mem("PK\x03\x04 garbage that is no zip", 28, "g.docx", &err),
                   VG_E_INPUT);
  assert_int_equal(s_extract_mem("%PDF-1.4\n garbage", 17, "g.pdf", &err), VG_E_INPUT);
  /* every prefix of a real DOCX fails cleanly (or succeeds), never crashes */
  char path[1024];
  snprintf(path, sizeof path, "%s/fr_ccap.docx", s_dir);
  char *buf = NULL;
  size_t len;
  assert_int_equal(vg_file_read(path, 1u << 20, &buf, &len, &err), VG_OK);
  for (size_t cut = 1; cut < len; cut += 7) {
    int r = s_extract_mem(buf, cut, "cut.docx", &err);
    assert_true(r == VG_OK || vg_status_is_doc(r));
  }
  free(buf);
}

static void test_empty_and_binary(void **st) {
  (void)st;
  vg_err_t err;
  assert_int_equal(s_extract_mem("", 0, "e.txt", &err), VG_E_EMPTY);
  assert_int_equal(s_extract_mem(NULL, 0, "e.txt", &err), VG_E_EMPTY);
  assert_int_equal(s_extract_mem(" \r\n\t\n", 5, "w.txt", &err), VG_E_EMPTY);
  assert_int_equal(s_extract_mem("\xEF\xBB\xBF", 3, "bom.txt", &err), VG_E_EMPTY);
  assert_int_equal(s_extract_mem("<html><body><script>x</script></body></html>", 44, "e.html",
                                 &err),
                   VG_E_EMPTY);
  assert_int_equal(s_extract_mem("ab\0cd", 5, "b.bin", &err), VG_E_UNSUPPORTED);
}

static void test_too_big(void **st) {
  (void)st;
  vg_err_t err;
  /* input over the limit: refused before any byte is read (pages are never touched) */
  size_t big = (size_t)VG_DOSSIER_MAX_INPUT + 1;
  void *m = mmap(NULL, big, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(m != MAP_FAILED);
  assert_int_equal(s_extract_mem(m, big, "big.txt", &err), VG_E_TOO_BIG);
  munmap(m, big);
  /* text over the output limit */
  size_t n = (size_t)VG_DOSSIER_MAX_TEXT + (1u << 20);
  char *t = malloc(n);
  assert_non_null(t);
  for (size_t i = 0; i < n; i++) t[i] = (i % 64 == 63) ? '\n' : 'a';
  assert_int_equal(s_extract_mem(t, n, "long.txt", &err), VG_E_TOO_BIG);
  free(t);
}

static void test_invalid_utf8(void **st) {
  (void)st;
  vg_err_t err;
  vg_doc_t *d = vg_doc_new();
  /* overlong '/', a lone continuation byte, a surrogate: not UTF-8 -> Windows-1252 */
  const char in[] = "a\xC0\xAF b\x80 c\xED\xA0\x80";
  assert_int_equal(vg_dossier_extract(in, sizeof in - 1, "u.txt", d, &err), VG_OK);
  assert_string_equal(d->text, "aÀ¯ b€ cí\u00A0€"); /* 0xA0 is a no-break space */
  assert_string_equal(d->format, "text");
  vg_doc_destroy(&d);
  /* undefined 0x81 becomes U+FFFD */
  d = vg_doc_new();
  assert_int_equal(vg_dossier_extract("x\x81y", 3, "u.txt", d, &err), VG_OK);
  assert_string_equal(d->text, "x\xEF\xBF\xBDy");
  vg_doc_destroy(&d);
}

int main(int argc, char **argv) {
  s_dir = argc > 1 ? argv[1] : "tests/fixtures/dossiers";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_zip_bomb),      cmocka_unit_test(test_zip_entries),
      cmocka_unit_test(test_fixtures),      cmocka_unit_test(test_broken_magic),
      cmocka_unit_test(test_empty_and_binary), cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_too_big),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
