/* test_extract_hostile2.c: the hostile-input classes test_extract_hostile.c leaves out, every
 * input generated here: XXE / billion laughs / quadratic blow-up / external DTD in DOCX and
 * ODT parts and in HTML, deep nesting (DOCX XML, HTML), an ODT zip bomb, harmless names
 * that merely contain "..", invalid UTF-8 in DOCX and HTML, every prefix of a PDF, a PDF
 * with a broken xref, an ODT that is not a zip, empty parts and empty archives.
 * Each must give the documented status (vg_dossier.h), never crash, and when it succeeds
 * hold valid UTF-8 text. argv[1] = tests/fixtures/dossiers. Not for: timing. */
#include <archive.h>
#include <archive_entry.h>
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

/* Strict UTF-8 check of a NUL-terminated string. */
static int s_utf8_ok(const unsigned char *s) {
  while (*s) {
    unsigned c = *s;
    size_t n;
    unsigned min, cp;
    if (c < 0x80) { s++; continue; }
    if (c >= 0xC2 && c <= 0xDF) n = 1, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) n = 2, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) n = 3, min = 0x10000, cp = c & 0x07;
    else return 0;
    for (size_t k = 1; k <= n; k++) {
      if ((s[k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    s += n + 1;
  }
  return 1;
}

/* Extracts; on success checks the text is valid UTF-8 and copies up to `keep` bytes of it
 * into out (may be NULL). Every failure must be a document-level status with a message. */
static int s_extract(const void *buf, size_t len, const char *name, char *out, size_t keep,
                     vg_err_t *err) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  memset(err, 0, sizeof *err);
  int st = vg_dossier_extract(buf, len, name, d, err);
  if (st == VG_OK) {
    assert_non_null(d->text);
    assert_true(s_utf8_ok((const unsigned char *)d->text));
    if (out) snprintf(out, keep, "%s", d->text);
  } else {
    assert_true(vg_status_is_doc(st));
    assert_true(err->msg[0] != '\0');
  }
  vg_doc_destroy(&d);
  return st;
}

/* Builds a zip in memory with entries names[i] = data[i] (lens[i] bytes; data NULL = that
 * many zero bytes). */
static char *s_zip(const char *const *names, const char *const *data, const size_t *lens,
                   size_t n, size_t *outlen) {
  size_t cap = 16u << 20;
  char *out = malloc(cap);
  assert_non_null(out);
  struct archive *a = archive_write_new();
  assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
  assert_int_equal(archive_write_open_memory(a, out, cap, outlen), ARCHIVE_OK);
  char *zeros = calloc(1, 1u << 20);
  assert_non_null(zeros);
  for (size_t i = 0; i < n; i++) {
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, names[i]);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)lens[i]);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    if (data[i]) {
      if (lens[i]) assert_int_equal(archive_write_data(a, data[i], lens[i]), (la_ssize_t)lens[i]);
    } else {
      for (size_t done = 0; done < lens[i]; done += 1u << 20) {
        size_t k = lens[i] - done < (1u << 20) ? lens[i] - done : (1u << 20);
        assert_int_equal(archive_write_data(a, zeros, k), (la_ssize_t)k);
      }
    }
    archive_entry_free(e);
  }
  assert_int_equal(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
  free(zeros);
  return out;
}

#define S_W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define S_ODT_MIME "application/vnd.oasis.opendocument.text"
#define S_ODT_NS                                                         \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""

/* One-part DOCX (or ODT with its mimetype) around xml. */
static int s_docx(const char *xml, size_t xlen, int odt, char *out, size_t keep, vg_err_t *err) {
  const char *n_docx[] = {"word/document.xml"}, *n_odt[] = {"mimetype", "content.xml"};
  const char *d_docx[] = {xml}, *d_odt[] = {S_ODT_MIME, xml};
  size_t l_docx[] = {xlen}, l_odt[] = {strlen(S_ODT_MIME), xlen};
  size_t len;
  char *zip = odt ? s_zip(n_odt, d_odt, l_odt, 2, &len) : s_zip(n_docx, d_docx, l_docx, 1, &len);
  int st = s_extract(zip, len, odt ? "h.odt" : "h.docx", out, keep, err);
  free(zip);
  return st;
}

static int s_docx_str(const char *xml, int odt, vg_err_t *err) {
  return s_docx(xml, strlen(xml), odt, NULL, 0, err);
}

static void test_zip_xml_entities(void **st) {
  (void)st;
  vg_err_t err;
  for (int odt = 0; odt < 2; odt++) {
    const char *root = odt ? "<office:document-content " S_ODT_NS "><x>" : "<w:document " S_W "><x>";
    const char *end = odt ? "</office:document-content>" : "</w:document>";
    char xml[2048];
    /* billion laughs */
    snprintf(xml, sizeof xml,
             "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY l \"lol\">"
             "<!ENTITY l2 \"&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;\"><!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;"
             "&l2;&l2;&l2;&l2;&l2;\">]>%s&l3;</x>%s", root, end);
    /* refused by the byte scan for a DTD before libxml2 reads the part: never expanded */
    assert_int_equal(s_docx_str(xml, odt, &err), VG_E_FORBIDDEN);
    /* external DTD and parameter-entity XXE */
    snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM \"http://example.invalid/d.dtd\">%s</x>%s", root, end);
    assert_int_equal(s_docx_str(xml, odt, &err), VG_E_FORBIDDEN);
    snprintf(xml, sizeof xml, "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY %% p SYSTEM \"file:///etc/passwd\"> %%p;]>%s</x>%s", root, end);
    assert_int_equal(s_docx_str(xml, odt, &err), VG_E_FORBIDDEN);
  }
  /* quadratic blow-up: one 64 KiB entity referenced 64k times (4 GiB if expanded) */
  const size_t ent = 65536, refs = 65536;
  size_t cap = ent + 3 * refs + 512, n = 0;
  char *q = malloc(cap);
  assert_non_null(q);
  n += (size_t)snprintf(q, cap, "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY a \"");
  memset(q + n, 'x', ent), n += ent;
  n += (size_t)snprintf(q + n, cap - n, "\">]><w:document " S_W "><w:body><w:p><w:r><w:t>");
  for (size_t i = 0; i < refs; i++) memcpy(q + n, "&a;", 3), n += 3;
  n += (size_t)snprintf(q + n, cap - n, "</w:t></w:r></w:p></w:body></w:document>");
  assert_int_equal(s_docx(q, n, 0, NULL, 0, &err), VG_E_FORBIDDEN);
  free(q);
}

static void test_html_entities(void **st) {
  (void)st;
  vg_err_t err;
  char out[4096];
  /* the HTML parser never loads the external subset nor expands internal-subset entities */
  const char *xxe = "<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    "<html><body><p>a &x; b</p></body></html>";
  int rc = s_extract(xxe, strlen(xxe), "x.html", out, sizeof out, &err);
  assert_true(rc == VG_OK || vg_status_is_doc(rc));
  if (rc == VG_OK) assert_null(strstr(out, "root:"));
  const char *lol = "<!DOCTYPE html [<!ENTITY l \"lol\"><!ENTITY l2 \"&l;&l;&l;&l;&l;&l;&l;&l;\">"
                    "<!ENTITY l3 \"&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;\"><!ENTITY l4 \"&l3;&l3;&l3;&l3;"
                    "&l3;&l3;&l3;&l3;\">]><html><body>&l4;&l4;&l4;&l4;</body></html>";
  rc = s_extract(lol, strlen(lol), "l.html", out, sizeof out, &err);
  assert_true(rc == VG_OK || vg_status_is_doc(rc));
  if (rc == VG_OK) assert_true(strlen(out) < 600); /* 4 x 512 "lol" were it expanded */
  const char *ext = "<!DOCTYPE html SYSTEM \"http://example.invalid/h.dtd\"><html><body>ok</body></html>";
  assert_int_equal(s_extract(ext, strlen(ext), "e.html", out, sizeof out, &err), VG_OK);
  assert_string_equal(out, "ok");
}

static void test_deep_nesting(void **st) {
  (void)st;
  vg_err_t err;
  const size_t depth = 100000;
  size_t cap = depth * 12 + 512, n = 0;
  char *b = malloc(cap);
  assert_non_null(b);
  /* DOCX: libxml2's depth limit (256 without XML_PARSE_HUGE) refuses it */
  n += (size_t)snprintf(b, cap, "<w:document " S_W "><w:body>");
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "<w:p>", 5), n += 5;
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "</w:p>", 6), n += 6;
  n += (size_t)snprintf(b + n, cap - n, "</w:body></w:document>");
  assert_int_equal(s_docx(b, n, 0, NULL, 0, &err), VG_E_INPUT);
  /* HTML: the recovering parser caps the depth itself; the tree walk is iterative */
  n = (size_t)snprintf(b, cap, "<html><body>");
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "<div><b>", 8), n += 8;
  memcpy(b + n, "deep", 4), n += 4;
  int rc = s_extract(b, n, "deep.html", NULL, 0, &err);
  assert_true(rc == VG_OK || vg_status_is_doc(rc));
  free(b);
}

static void test_odt_bomb(void **st) {
  (void)st;
  /* 80 MiB of zeros in content.xml deflate to ~80 KiB; the 64 MiB unzip cap stops it */
  const char *names[] = {"mimetype", "content.xml"};
  const char *data[] = {S_ODT_MIME, NULL};
  size_t lens[] = {strlen(S_ODT_MIME), 80u << 20};
  size_t len;
  char *zip = s_zip(names, data, lens, 2, &len);
  assert_true(len < (1u << 20));
  vg_err_t err;
  assert_int_equal(s_extract(zip, len, "bomb.odt", NULL, 0, &err), VG_E_TOO_BIG);
  assert_non_null(strstr(err.msg, "limit"));
  free(zip);
}

static void test_zip_names(void **st) {
  (void)st;
  vg_err_t err;
  const char *doc = "<w:document " S_W "><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>";
  /* names that contain ".." without climbing out are fine */
  const char *ok[] = {"media/..hidden", "a..b/c", "word/x..", "...", "docProps/.."};
  for (size_t i = 0; i < 5; i++) {
    const char *names[] = {"word/document.xml", ok[i]};
    const char *data[] = {doc, "x"};
    size_t lens[] = {strlen(doc), 1};
    size_t len;
    char *zip = s_zip(names, data, lens, 2, &len);
    int rc = s_extract(zip, len, "n.docx", NULL, 0, &err);
    free(zip);
    /* "docProps/.." climbs back to the root, not out of it, but is refused like any ".." */
    if (i < 4) assert_int_equal(rc, VG_OK);
    else assert_int_equal(rc, VG_E_FORBIDDEN);
  }
  /* traversal hidden in the main part's own name, and a Windows drive-relative name */
  const char *bad[] = {"word/../../document.xml", "\\\\server\\share\\x", "c:evil"};
  for (size_t i = 0; i < 3; i++) {
    const char *names[] = {bad[i], "word/document.xml"};
    const char *data[] = {"x", doc};
    size_t lens[] = {1, strlen(doc)};
    size_t len;
    char *zip = s_zip(names, data, lens, 2, &len);
    assert_int_equal(s_extract(zip, len, "t.docx", NULL, 0, &err), VG_E_FORBIDDEN);
    free(zip);
  }
}

static void test_invalid_utf8(void **st) {
  (void)st;
  vg_err_t err;
  char out[256];
  /* DOCX parts must be well-formed XML: bad UTF-8 is a malformed part */
  const char *bad = "<w:document " S_W "><w:body><w:p><w:r><w:t>caf\xC3\x28 \xFF</w:t></w:r></w:p></w:body></w:document>";
  assert_int_equal(s_docx_str(bad, 0, &err), VG_E_INPUT);
  /* a declared single-byte encoding is converted to UTF-8 */
  const char *latin = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><w:document " S_W "><w:body><w:p>"
                      "<w:r><w:t>caf\xE9</w:t></w:r></w:p></w:body></w:document>";
  assert_int_equal(s_docx(latin, strlen(latin), 0, out, sizeof out, &err), VG_OK);
  assert_string_equal(out, "caf\xC3\xA9");
  /* HTML recovers: whatever comes out is valid UTF-8 (checked in s_extract) */
  const char *h = "<html><body><p>caf\xC3\x28 \xFF\xFE \xED\xA0\x80 ok</p></body></html>";
  int rc = s_extract(h, strlen(h), "u.html", out, sizeof out, &err);
  assert_true(rc == VG_OK || vg_status_is_doc(rc));
}

static void test_pdf_prefixes(void **st) {
  (void)st;
  char path[1024];
  snprintf(path, sizeof path, "%s/fr_ccap.pdf", s_dir);
  char *buf = NULL;
  size_t len;
  vg_err_t err;
  assert_int_equal(vg_file_read(path, 1u << 20, &buf, &len, &err), VG_OK);
  size_t ok = 0;
  for (size_t cut = 5; cut <= len; cut += 11) {
    int rc = s_extract(buf, cut, "cut.pdf", NULL, 0, &err);
    ok += rc == VG_OK;
  }
  assert_int_equal(s_extract(buf, len, "whole.pdf", NULL, 0, &err), VG_OK);
  /* a broken xref: poppler rebuilds it from the objects, or it is refused cleanly */
  char *x = malloc(len);
  assert_non_null(x);
  memcpy(x, buf, len);
  char *sx = NULL;
  for (size_t i = len; i-- > 9;)
    if (!memcmp(x + i - 9, "startxref", 9)) { sx = x + i; break; }
  assert_non_null(sx);
  for (char *p = sx; p < x + len && *p != '%'; p++)
    if (*p >= '0' && *p <= '9') *p = '9';
  int rc = s_extract(x, len, "xref.pdf", NULL, 0, &err);
  assert_true(rc == VG_OK || vg_status_is_doc(rc));
  free(x);
  free(buf);
  (void)ok;
  /* header only, header + EOF marker */
  assert_int_equal(s_extract("%PDF-", 5, "h.pdf", NULL, 0, &err), VG_E_INPUT);
  assert_int_equal(s_extract("%PDF-1.7\n%%EOF\n", 15, "h.pdf", NULL, 0, &err), VG_E_INPUT);
}

static void test_not_zip_and_empty(void **st) {
  (void)st;
  vg_err_t err;
  assert_int_equal(s_extract("just text", 9, "t.odt", NULL, 0, &err), VG_E_INPUT);
  assert_non_null(strstr(err.msg, "not a zip"));
  assert_int_equal(s_extract("PK\x03\x04", 4, "t.docx", NULL, 0, &err), VG_E_INPUT);
  assert_int_equal(s_extract("", 0, "t.docx", NULL, 0, &err), VG_E_EMPTY);
  assert_int_equal(s_extract("", 0, "t.pdf", NULL, 0, &err), VG_E_EMPTY);
  size_t len;
  /* an archive without entries is only an end-of-central-directory record */
  char *zip = s_zip(NULL, NULL, NULL, 0, &len);
  int rc = s_extract(zip, len, "empty.docx", NULL, 0, &err);
  assert_true(rc == VG_E_INPUT || rc == VG_E_UNSUPPORTED);
  free(zip);
  /* an empty main part, a part with no text, a mimetype alone */
  assert_int_equal(s_docx("", 0, 0, NULL, 0, &err), VG_E_INPUT);
  assert_int_equal(s_docx_str("<w:document " S_W "><w:body/></w:document>", 0, &err), VG_E_EMPTY);
  assert_int_equal(s_docx("", 0, 1, NULL, 0, &err), VG_E_INPUT);
  const char *names[] = {"mimetype"};
  const char *data[] = {S_ODT_MIME};
  size_t lens[] = {strlen(S_ODT_MIME)};
  zip = s_zip(names, data, lens, 1, &len);
  assert_int_equal(s_extract(zip, len, "m.odt", NULL, 0, &err), VG_E_UNSUPPORTED);
  free(zip);
  /* an empty HTML document */
  assert_int_equal(s_extract("<html></html>", 13, "e.html", NULL, 0, &err), VG_E_EMPTY);
}

int main(int argc, char **argv) {
  s_dir = argc > 1 ? argv[1] : "tests/fixtures/dossiers";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_zip_xml_entities), cmocka_unit_test(test_html_entities),
      cmocka_unit_test(test_deep_nesting),     cmocka_unit_test(test_odt_bomb),
      cmocka_unit_test(test_zip_names),        cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_pdf_prefixes),     cmocka_unit_test(test_not_zip_and_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
