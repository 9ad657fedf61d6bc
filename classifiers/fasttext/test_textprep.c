/* test_textprep.c: ft.textprep — unit tests and usage examples of vg_textprep(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vg_textprep.h"

static void s_expect(const char *in, const char *want) {
  char *out = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  assert_int_equal(vg_textprep(in, strlen(in), &out, &len, &err), VG_OK);
  assert_string_equal(out, want);
  assert_int_equal(len, strlen(want));
  free(out);
}

static void t_french(void **state) {
  (void)state;
  s_expect("Pénalités de RETARD : l’offre", "pénalités de retard : l ' offre");
  s_expect("ÉLÉMENTS À FOURNIR", "éléments à fournir");
  s_expect("Garantie à première demande (5 %)", "garantie à première demande ( 0 % )");
}

static void t_ligatures_and_compat(void **state) {
  (void)state;
  s_expect("\xEF\xAC\x81nancement", "financement"); /* U+FB01 ﬁ */
  s_expect("Œuvre", "œuvre");                      /* œ is a letter, kept, case-folded */
  s_expect("Stra\xC3\x9F" "e", "strasse");         /* ß folds to ss */
  s_expect("\xEF\xBC\xA1\xEF\xBC\xA2", "ab");      /* full-width ＡＢ */
}

static void t_digits_space_punct(void **state) {
  (void)state;
  s_expect("article L.2192-10 du 1er avril 2019", "article l . 0 - 0 du 0er avril 0");
  s_expect("  a\tb\n\nc\r\nd  ", "a b c d");
  s_expect("1 000,50 EUR HT", "0 0 , 0 eur ht");
  s_expect("x\xE2\x80\x8By", "xy"); /* zero-width space is ignorable */
  s_expect("", "");
  s_expect("  \n ", "");
}

static void t_invalid_utf8(void **state) {
  (void)state;
  const char *bad[] = {"abc\xC3", "\xFF", "a\xC0\xAF", "\xED\xA0\x80" /* surrogate */};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *out = (char *)1;
    vg_err_t err = {{0}};
    assert_int_equal(vg_textprep(bad[i], strlen(bad[i]), &out, NULL, &err), VG_E_ENCODING);
    assert_null(out);
    assert_true(strlen(err.msg) > 0);
  }
}

static void t_bounded(void **state) {
  (void)state;
  size_t n = VG_TEXTPREP_MAX_IN * 2;
  char *big = malloc(n);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++) big[i] = (i % 7 == 6) ? ',' : 'a';
  char *out = NULL;
  size_t len = 0;
  assert_int_equal(vg_textprep(big, n, &out, &len, NULL), VG_OK);
  assert_true(len <= VG_TEXTPREP_MAX_OUT);
  assert_true(len > 0);
  assert_int_equal(strlen(out), len);
  assert_true(out[len - 1] != ' ');
  /* cut on a token boundary: the output ends with a complete "aaaaaa" or "," token */
  assert_true(out[len - 1] == ',' || (len >= 6 && memcmp(out + len - 6, "aaaaaa", 6) == 0));
  free(out);
  free(big);
}

static void t_nul_bytes(void **state) {
  (void)state;
  char *out = NULL;
  assert_int_equal(vg_textprep("a\0b", 3, &out, NULL, NULL), VG_OK);
  assert_string_equal(out, "ab");
  free(out);
  assert_int_equal(vg_textprep(NULL, 3, &out, NULL, NULL), VG_E_INPUT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(t_french),         cmocka_unit_test(t_ligatures_and_compat),
      cmocka_unit_test(t_digits_space_punct), cmocka_unit_test(t_invalid_utf8),
      cmocka_unit_test(t_bounded),        cmocka_unit_test(t_nul_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
