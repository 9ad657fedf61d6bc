/* test_parse_hostile2.c: the hostile-input classes that test_parse_hostile.c, test_ocds.c and
 * test_decp.c leave out, every input generated here: quadratic entity blow-up, parameter-
 * entity XXE, billion laughs / external DTD / UTF-16 DTD in DECP XML, deep object nesting
 * in OCDS and DECP JSON, lone surrogate escapes, blanks-only DECP, and a segmenter fed with
 * pathological text (one 4 MiB line, 100k numbered items, NUL-free control bytes).
 * Each must give the documented status with a message naming the file, never crash (run
 * under ASan/UBSan too). Not for: real-corpus coverage, timing. */
#include "vg_test_util.h"
#include "vg_decp.h"
#include "vg_notice.h"
#include "vg_ocds.h"
#include "vg_segment.h"

typedef int (*s_parse_fn)(const char *, size_t, const char *, vg_doc_t *, vg_err_t *);

/* Parses with fn; on success also segments and checks the clause invariants. */
static int s_rc(s_parse_fn fn, const char *buf, size_t len, vg_err_t *err) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "hostile2"), VG_OK);
  memset(err, 0, sizeof *err);
  int rc = fn(buf, len, "hostile2.in", d, err);
  if (rc == VG_OK) {
    vg_err_t e2;
    assert_int_equal(vg_segment_doc(d, &e2), VG_OK);
    vg_test_check_clauses(d);
  } else {
    assert_true(vg_status_is_doc(rc));
    assert_non_null(strstr(err->msg, "hostile2.in"));
  }
  vg_doc_destroy(&d);
  return rc;
}

static void s_expect(s_parse_fn fn, const char *buf, int status) {
  vg_err_t err;
  int rc = s_rc(fn, buf, strlen(buf), &err);
  if (rc != status)
    fprintf(stderr, "got %s (%s) for: %.100s\n", vg_status_name(rc), err.msg, buf);
  assert_int_equal(rc, status);
}

/* "<!DOCTYPE r [<!ENTITY a "x...x">]><root>&a;&a;...</root>": one 64 KiB entity used 64k
 * times (4 GiB if expanded) — no nesting, so entity-depth limits do not catch it. */
static char *s_quadratic(const char *root, size_t *len) {
  const size_t ent = 65536, refs = 65536;
  size_t cap = ent + refs * 3 + 256;
  char *b = malloc(cap);
  assert_non_null(b);
  size_t n = (size_t)snprintf(b, cap, "<?xml version=\"1.0\"?><!DOCTYPE %s [<!ENTITY a \"", root);
  memset(b + n, 'x', ent);
  n += ent;
  n += (size_t)snprintf(b + n, cap - n, "\">]><%s>", root);
  for (size_t i = 0; i < refs; i++) memcpy(b + n, "&a;", 3), n += 3;
  n += (size_t)snprintf(b + n, cap - n, "</%s>", root);
  *len = n;
  return b;
}

static void test_quadratic_blowup(void **state) {
  (void)state;
  size_t n;
  vg_err_t err;
  char *b = s_quadratic("TED_EXPORT", &n);
  assert_int_equal(s_rc(vg_notice_parse, b, n, &err), VG_E_FORBIDDEN);
  assert_non_null(strstr(err.msg, "refused"));
  free(b);
  b = s_quadratic("marches", &n);
  assert_int_equal(s_rc(vg_decp_parse, b, n, &err), VG_E_FORBIDDEN);
  free(b);
  /* the same attack with the declaration hidden from a byte scan: UTF-16LE */
  b = s_quadratic("marches", &n);
  const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>";
  size_t dl = strlen(decl), skip = strlen("<?xml version=\"1.0\"?>"), o = 2;
  char *u16 = calloc(2 * (n + dl) + 2, 1);
  assert_non_null(u16);
  u16[0] = (char)0xFF, u16[1] = (char)0xFE;
  for (size_t i = 0; i < dl; i++) u16[o] = decl[i], o += 2;
  for (size_t i = skip; i < n; i++) u16[o] = b[i], o += 2;
  int rc = s_rc(vg_notice_parse, u16, o, &err);
  assert_true(rc == VG_E_FORBIDDEN);
  rc = s_rc(vg_decp_parse, u16, o, &err);
  assert_true(rc == VG_E_FORBIDDEN || rc == VG_E_ENCODING || rc == VG_E_INPUT);
  free(u16);
  free(b);
}

static void test_parameter_entity_xxe(void **state) {
  (void)state;
  const char *pe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM "
                   "\"file:///etc/passwd\"> %p;]><TED_EXPORT/>";
  s_expect(vg_notice_parse, pe, VG_E_FORBIDDEN);
  const char *pe2 = "<?xml version=\"1.0\"?><!DOCTYPE marches [<!ENTITY % p SYSTEM "
                    "\"http://example.invalid/x.dtd\"> %p;]><marches/>";
  s_expect(vg_decp_parse, pe2, VG_E_FORBIDDEN);
  /* entity declared without a DOCTYPE around it (not well-formed, still refused or rejected) */
  vg_err_t err;
  const char *bare = "<!ENTITY x SYSTEM \"file:///etc/passwd\"><marches>&x;</marches>";
  int rc = s_rc(vg_decp_parse, bare, strlen(bare), &err);
  assert_true(rc == VG_E_FORBIDDEN || rc == VG_E_INPUT);
  assert_null(strstr(err.msg, "root:"));
}

static void test_decp_dtds(void **state) {
  (void)state;
  s_expect(vg_decp_parse,
           "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
           "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
           "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
           "<marches><marche><objet>&lol3;</objet></marche></marches>",
           VG_E_FORBIDDEN);
  s_expect(vg_decp_parse,
           "<?xml version=\"1.0\"?>\n<!DOCTYPE marches SYSTEM \"http://example.invalid/decp.dtd\">"
           "<marches><marche><id>1</id></marche></marches>",
           VG_E_FORBIDDEN);
  s_expect(vg_decp_parse,
           "<!DOCTYPE marches PUBLIC \"-//x//y\" \"decp.dtd\"><marches><marche><id>1</id></marche></marches>",
           VG_E_FORBIDDEN);
  /* UTF-16 with BOM: the byte pre-scan cannot see the DOCTYPE, the parser must */
  const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE marches [<!ENTITY e \"x\">]>"
                      "<marches><marche><id>&e;</id></marche></marches>";
  size_t n = strlen(ascii);
  char *u16 = calloc(2 * n + 2, 1);
  assert_non_null(u16);
  u16[0] = (char)0xFF, u16[1] = (char)0xFE;
  for (size_t i = 0; i < n; i++) u16[2 + 2 * i] = ascii[i];
  vg_err_t err;
  /* vg_decp_parse sniffs a leading 0xFF as JSON, so UTF-16 XML is refused as a whole
   * (VG_E_ENCODING); either way the DTD never takes effect */
  int rc = s_rc(vg_decp_parse, u16, 2 * n + 2, &err);
  assert_true(rc == VG_E_FORBIDDEN || rc == VG_E_ENCODING);
  free(u16);
}

/* depth levels of {"a": ... } around a value, for OCDS/DECP JSON. */
static char *s_deep_objects(size_t depth, const char *inner, size_t *len) {
  size_t cap = depth * 6 + strlen(inner) + 1, n = 0;
  char *b = malloc(cap);
  assert_non_null(b);
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "{\"a\":", 5), n += 5;
  memcpy(b + n, inner, strlen(inner)), n += strlen(inner);
  for (size_t i = 0; i < depth; i++) b[n++] = '}';
  *len = n;
  return b;
}

static void test_json_deep_objects(void **state) {
  (void)state;
  size_t n;
  vg_err_t err;
  char *b = s_deep_objects(100000, "1", &n);
  assert_int_equal(s_rc(vg_ocds_parse, b, n, &err), VG_E_INPUT);
  assert_non_null(strstr(err.msg, "nested too deeply"));
  assert_int_equal(s_rc(vg_decp_parse, b, n, &err), VG_E_INPUT);
  free(b);
  /* deep but within jansson's limit, inside a real release: parsed, nothing crashes */
  b = s_deep_objects(1000, "1", &n);
  size_t cap = n + 256;
  char *rel = malloc(cap);
  assert_non_null(rel);
  int w = snprintf(rel, cap, "{\"ocid\":\"ocds-x-1\",\"id\":\"1\",\"tender\":{\"title\":\"T\",\"x\":%.*s}}",
                   (int)n, b);
  assert_true(w > 0 && (size_t)w < cap);
  assert_int_equal(s_rc(vg_ocds_parse, rel, (size_t)w, &err), VG_OK);
  free(rel);
  free(b);
}

static void test_json_bad_escapes(void **state) {
  (void)state;
  /* a lone surrogate escape is not a code point: refused like raw invalid UTF-8 */
  vg_err_t err;
  const char *lone = "{\"ocid\":\"ocds-\\ud800\",\"id\":\"1\"}";
  int rc = s_rc(vg_ocds_parse, lone, strlen(lone), &err);
  assert_true(rc == VG_E_ENCODING || rc == VG_E_INPUT);
  const char *lone2 = "{\"marches\":[{\"id\":\"\\udfff\"}]}";
  rc = s_rc(vg_decp_parse, lone2, strlen(lone2), &err);
  assert_true(rc == VG_E_ENCODING || rc == VG_E_INPUT);
  /* overlong encoding of '/' and a CESU-8 surrogate pair in raw bytes */
  s_expect(vg_ocds_parse, "{\"ocid\":\"a\xC0\xAF\",\"id\":\"1\"}", VG_E_ENCODING);
  s_expect(vg_decp_parse, "{\"marches\":[{\"id\":\"\xED\xA0\xBD\xED\xB8\x80\"}]}", VG_E_ENCODING);
  s_expect(vg_decp_parse, "<marches><marche><objet>a\xC0\xAF</objet></marche></marches>",
           VG_E_ENCODING);
}

static void test_decp_blank_and_junk(void **state) {
  (void)state;
  s_expect(vg_decp_parse, " \n\t\r\n ", VG_E_EMPTY);
  vg_err_t err;
  /* a UTF-8 byte-order mark alone is an empty file; before JSON it is skipped */
  int bom = s_rc(vg_ocds_parse, "\xEF\xBB\xBF", 3, &err);
  assert_int_equal(bom, VG_E_EMPTY);
  const char *ocds_bom = "\xEF\xBB\xBF{\"ocid\":\"ocds-x-1\",\"id\":\"1\",\"date\":\"2024-01-01T00:00:00Z\","
                         "\"tag\":[\"tender\"],\"tender\":{\"title\":\"Cleaning of the town hall\"}}";
  assert_int_equal(s_rc(vg_ocds_parse, ocds_bom, strlen(ocds_bom), &err), VG_OK);
  const char *decp_bom = "\xEF\xBB\xBF{\"marches\":[{\"id\":\"2024-001\",\"objet\":\"Nettoyage\"}]}";
  assert_int_equal(s_rc(vg_decp_parse, decp_bom, strlen(decp_bom), &err), VG_OK);
  const char bin[] = {0x00, 0x01, (char)0xFF, 0x7F, '{', 0x00, '<'};
  int rc = s_rc(vg_decp_parse, bin, sizeof bin, &err);
  assert_true(rc != VG_OK && err.msg[0]);
  rc = s_rc(vg_ocds_parse, bin, sizeof bin, &err);
  assert_true(rc != VG_OK && err.msg[0]);
}

/* The segmenter on text no parser would normally produce: one long line without any
 * break, a flood of numbered items, control bytes and lone combining marks. */
static void test_segment_pathological(void **state) {
  (void)state;
  vg_err_t err;
  size_t n = 4u << 20;
  char *t = malloc(n);
  assert_non_null(t);
  static const char pat[] = "abc. e.g. 2.5 n\xC2\xB0 "; /* whole copies only: no cut code point */
  const size_t plen = sizeof pat - 1, whole = n - n % plen;
  for (size_t i = 0; i < whole; i++) t[i] = pat[i % plen];
  vg_doc_t *d = vg_doc_new();
  assert_int_equal(vg_doc_set(&d->id, "seg"), VG_OK);
  assert_true(vg_doc_add_section(d, "body", "fr", NULL, t, whole) >= 0);
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  assert_true(d->nclauses > 0);
  vg_doc_destroy(&d);
  /* 100k numbered items on one line: clause count capped, flagged as truncated */
  size_t m = 0;
  for (size_t i = 0; i < 100000 && m + 32 < n; i++)
    m += (size_t)snprintf(t + m, n - m, "%zu. abc ", i + 1);
  d = vg_doc_new();
  assert_int_equal(vg_doc_set(&d->id, "seg"), VG_OK);
  assert_true(vg_doc_add_section(d, "body", NULL, NULL, t, m) >= 0);
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  assert_true(d->nclauses <= VG_SEG_MAX_CLAUSES);
  vg_doc_destroy(&d);
  /* control bytes and combining marks only */
  const char odd[] = "\x01\x02\x1b[0m \xCC\x81\xCC\x81\xCC\x81 \x7f\n\n\n.\n1.\n";
  d = vg_doc_new();
  assert_int_equal(vg_doc_set(&d->id, "seg"), VG_OK);
  assert_true(vg_doc_add_section(d, "body", NULL, NULL, odd, sizeof odd - 1) >= 0);
  assert_true(vg_doc_add_section(d, "empty", NULL, NULL, "", 0) >= 0);
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  vg_doc_destroy(&d);
  free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quadratic_blowup),   cmocka_unit_test(test_parameter_entity_xxe),
      cmocka_unit_test(test_decp_dtds),          cmocka_unit_test(test_json_deep_objects),
      cmocka_unit_test(test_json_bad_escapes),   cmocka_unit_test(test_decp_blank_and_junk),
      cmocka_unit_test(test_segment_pathological),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
