/* test_parse_hostile.c: hostile and broken inputs written by the test itself (XXE, billion
 * laughs, DTDs, deep nesting, truncation, binary junk, empty, oversize, invalid UTF-8)
 * must each fail with the right status and a clear message, and never crash (run it under
 * ASan/UBSan too). Also checks minimal valid notices of both formats as a control.
 * Not for: real-corpus coverage. */
#include "vg_test_util.h"
#include "vg_notice.h"
#include "vg_segment.h"

static int s_parse(const char *buf, size_t len, vg_err_t *err) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "hostile"), VG_OK);
  memset(err, 0, sizeof *err);
  int rc = vg_notice_parse(buf, len, "hostile.xml", d, err);
  if (rc == VG_OK) {
    vg_err_t e2;
    assert_int_equal(vg_segment_doc(d, &e2), VG_OK);
    vg_test_check_clauses(d);
  }
  vg_doc_destroy(&d);
  return rc;
}

static void s_expect(const char *xml, int status, const char *needle) {
  vg_err_t err;
  int rc = s_parse(xml, strlen(xml), &err);
  if (rc != status) fprintf(stderr, "got %s (%s) for: %.80s\n", vg_status_name(rc), err.msg, xml);
  assert_int_equal(rc, status);
  if (needle) {
    if (!strstr(err.msg, needle)) fprintf(stderr, "message: %s\n", err.msg);
    assert_non_null(strstr(err.msg, needle));
  }
  assert_non_null(strstr(err.msg, "hostile.xml"));
}

static void test_xxe(void **state) {
  (void)state;
  s_expect("<?xml version=\"1.0\"?>\n<!DOCTYPE ContractNotice [\n"
           "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
           "<ContractNotice><ID>&xxe;</ID></ContractNotice>",
           VG_E_FORBIDDEN, "DOCTYPE");
}

static void test_billion_laughs(void **state) {
  (void)state;
  s_expect("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
           "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
           "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
           "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">]>"
           "<TED_EXPORT>&lol4;</TED_EXPORT>",
           VG_E_FORBIDDEN, "refused");
}

static void test_dtds(void **state) {
  (void)state;
  s_expect("<?xml version=\"1.0\"?><!DOCTYPE TED_EXPORT [<!ELEMENT TED_EXPORT ANY>]><TED_EXPORT/>",
           VG_E_FORBIDDEN, "DOCTYPE");
  s_expect("<?xml version=\"1.0\"?>\n\n<!DOCTYPE TED_EXPORT SYSTEM \"http://example.invalid/t.dtd\">"
           "<TED_EXPORT/>",
           VG_E_FORBIDDEN, "line 3");
  s_expect("<!DOCTYPE TED_EXPORT PUBLIC \"-//x//y\" \"t.dtd\"><TED_EXPORT/>", VG_E_FORBIDDEN, NULL);
  /* UTF-16: the byte pre-scan cannot see it; the SAX hook must */
  const char *ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>";
  size_t n = strlen(ascii);
  char *u16 = calloc(2 * n + 2, 1);
  assert_non_null(u16);
  u16[0] = (char)0xFF, u16[1] = (char)0xFE;
  for (size_t i = 0; i < n; i++) u16[2 + 2 * i] = ascii[i];
  vg_err_t err;
  assert_int_equal(s_parse(u16, 2 * n + 2, &err), VG_E_FORBIDDEN);
  assert_non_null(strstr(err.msg, "DOCTYPE"));
  free(u16);
}

static void test_deep_nesting(void **state) {
  (void)state;
  const size_t depth = 100000;
  size_t cap = depth * 7 + 64, n = 0;
  char *b = malloc(cap);
  assert_non_null(b);
  n += (size_t)snprintf(b, cap, "<TED_EXPORT>");
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "<a>", 3), n += 3;
  for (size_t i = 0; i < depth; i++) memcpy(b + n, "</a>", 4), n += 4;
  n += (size_t)snprintf(b + n, cap - n, "</TED_EXPORT>");
  vg_err_t err;
  assert_int_equal(s_parse(b, n, &err), VG_E_INPUT);
  assert_non_null(strstr(err.msg, "nested too deeply"));
  free(b);
}

static void test_truncated_and_junk(void **state) {
  (void)state;
  s_expect("<?xml version=\"1.0\"?><TED_EXPORT><CODED_DATA_SECTION><NOTICE_DATA>", VG_E_INPUT,
           "line 1");
  s_expect("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", VG_E_INPUT, NULL);
  const char bin[] = {0x00, 0x01, (char)0xFF, 0x7F, 0x12, 0x00, 0x42};
  vg_err_t err;
  int rc = s_parse(bin, sizeof bin, &err);
  assert_true(rc == VG_E_INPUT || rc == VG_E_ENCODING);
  assert_true(strlen(err.msg) > 0);
  s_expect("<html><body>hello</body></html>", VG_E_INPUT, "unknown root element 'html'");
  s_expect("<ContractNotice><ID>&undefined;</ID></ContractNotice>", VG_E_INPUT, "undefined");
}

static void test_empty_and_big(void **state) {
  (void)state;
  vg_err_t err;
  assert_int_equal(s_parse("", 0, &err), VG_E_EMPTY);
  assert_non_null(strstr(err.msg, "empty"));
  assert_int_equal(s_parse(NULL, 0, &err), VG_E_EMPTY);
  s_expect(" \n\t\r\n ", VG_E_EMPTY, "blanks");
  size_t n = VG_NOTICE_MAX_BYTES + 1;
  char *big = malloc(n);
  assert_non_null(big);
  memset(big, ' ', n);
  memcpy(big, "<TED_EXPORT>", 12);
  assert_int_equal(s_parse(big, n, &err), VG_E_TOO_BIG);
  assert_non_null(strstr(err.msg, "limit"));
  free(big);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  s_expect("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TED_EXPORT><P>caf\xC3\x28 \xFF\xFE</P></TED_EXPORT>",
           VG_E_ENCODING, "line 2");
}

/* A minimal notice of each format parses; every truncation of it fails cleanly. */
static const char s_eforms[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<ContractNotice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2\" "
    "xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" "
    "xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\">\n"
    "<cbc:ID>n-1</cbc:ID><cbc:IssueDate>2024-01-02+01:00</cbc:IssueDate>"
    "<cbc:NoticeLanguageCode>FRA</cbc:NoticeLanguageCode>\n"
    "<cac:TenderingProcess><cbc:ProcedureCode>open</cbc:ProcedureCode></cac:TenderingProcess>\n"
    "<cac:ProcurementProject><cbc:Name languageID=\"FRA\">Travaux  de\n   voirie</cbc:Name>"
    "<cbc:Description languageID=\"FRA\">1. Objet : voirie. 2. Durée : 12 mois.</cbc:Description>"
    "<cbc:Description languageID=\"ENG\">Road works.</cbc:Description></cac:ProcurementProject>\n"
    "<cac:ProcurementProjectLot><cbc:ID schemeName=\"Lot\">LOT-0001</cbc:ID>"
    "<cac:TenderingProcess><cac:TenderSubmissionDeadlinePeriod><cbc:EndDate>2024-02-01+01:00</cbc:EndDate>"
    "<cbc:EndTime>12:00:00+01:00</cbc:EndTime></cac:TenderSubmissionDeadlinePeriod></cac:TenderingProcess>"
    "<cac:ProcurementProject><cac:PlannedPeriod><cbc:DurationMeasure unitCode=\"YEAR\">2</cbc:DurationMeasure>"
    "</cac:PlannedPeriod></cac:ProcurementProject></cac:ProcurementProjectLot>\n"
    "</ContractNotice>\n";

static const char s_ted[] =
    "<TED_EXPORT VERSION=\"R2.0.8\"><CODED_DATA_SECTION><NOTICE_DATA><NO_DOC_OJS>2019/S 001-000001</NO_DOC_OJS>"
    "<LG_ORIG>DE</LG_ORIG><ISO_COUNTRY VALUE=\"DE\"/></NOTICE_DATA></CODED_DATA_SECTION>"
    "<FORM_SECTION><CONTRACT CATEGORY=\"ORIGINAL\" LG=\"DE\"><TITLE><P>Bau</P></TITLE>"
    "<SHORT_DESCR><P>Erste   Zeile.</P><P>Zweite Zeile.</P></SHORT_DESCR></CONTRACT></FORM_SECTION></TED_EXPORT>";

static void test_minimal_controls(void **state) {
  (void)state;
  vg_doc_t *d = vg_doc_new();
  vg_err_t err = {{0}};
  assert_int_equal(vg_notice_parse(s_eforms, strlen(s_eforms), "min.xml", d, &err), VG_OK);
  assert_string_equal(d->format, "eforms");
  assert_string_equal(d->lang, "fr");
  assert_string_equal(d->title, "Travaux de voirie");
  assert_string_equal(d->deadline, "2024-02-01");
  assert_string_equal(d->deadline_time, "12:00");
  assert_string_equal(d->dispatch_date, "2024-01-02");
  assert_int_equal(json_integer_value(json_object_get(d->fields, "duration_months")), 0);
  assert_true(json_real_value(json_object_get(d->fields, "duration_months")) == 24.0);
  assert_int_equal(d->nsections, 3);
  assert_string_equal(d->sections[2].lang, "en");
  assert_string_equal(d->sections[1].field, "BT-24-Procedure");
  vg_doc_destroy(&d);
  d = vg_doc_new();
  assert_int_equal(vg_notice_parse(s_ted, strlen(s_ted), "min-ted.xml", d, &err), VG_OK);
  assert_string_equal(d->format, "ted");
  assert_string_equal(d->lang, "de");
  assert_string_equal(d->title, "Bau");
  assert_int_equal(d->nsections, 2);
  assert_string_equal(d->text + d->sections[1].start, "Erste Zeile.\nZweite Zeile.");
  vg_doc_destroy(&d);
}

static void test_every_truncation(void **state) {
  (void)state;
  const char *docs[] = {s_eforms, s_ted};
  for (size_t k = 0; k < 2; k++) {
    size_t n = strlen(docs[k]);
    for (size_t cut = 0; cut < n; cut++) {
      vg_err_t err;
      int rc = s_parse(docs[k], cut, &err);
      /* the eForms sample ends in "\n": only the full closing tag can succeed */
      if (rc == VG_OK) assert_true(cut >= n - 1 - (k == 0));
      else assert_true(vg_status_is_doc(rc) && err.msg[0]);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_xxe),           cmocka_unit_test(test_billion_laughs),
      cmocka_unit_test(test_dtds),          cmocka_unit_test(test_deep_nesting),
      cmocka_unit_test(test_truncated_and_junk), cmocka_unit_test(test_empty_and_big),
      cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_minimal_controls),
      cmocka_unit_test(test_every_truncation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
