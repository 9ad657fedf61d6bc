/* test_extract.c: unit tests of vg_extract() on French and English expressions.
 * For: ctest entry rules.extract. Each case gives the text, the kind mask, and the first
 * expected value, unit and exact span text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vg_extract.h"

typedef struct {
  const char *text;
  unsigned kinds;
  double value;
  const char *unit;
  const char *span; /* exact text of the expected span */
} case_t;

static const case_t CASES[] = {
    {"un chiffre d'affaires de 1 500 000 \xe2\x82\xac minimum", VG_XK_ALL, 1500000, "EUR",
     "1 500 000 \xe2\x82\xac"},
    {"CA annuel : 1.500.000,00 EUR HT", VG_XK_ALL, 1500000, "EUR", "1.500.000,00 EUR"},
    {"a turnover of EUR 2,000,000 per year", VG_XK_ALL, 2000000, "EUR", "EUR 2,000,000"},
    {"au moins 2 millions d'euros", VG_XK_ALL, 2000000, "EUR", "2 millions d'euros"},
    {"au moins 2,5 millions d\xe2\x80\x99" "euros", VG_XK_ALL, 2500000, "EUR",
     "2,5 millions d\xe2\x80\x99" "euros"},
    {"minimum turnover \xc2\xa3" "250k", VG_XK_ALL, 250000, "GBP", "\xc2\xa3" "250k"},
    {"montant de 300 000 euros HT", VG_XK_ALL, 300000, "EUR", "300 000 euros"},
    {"montant de 300\xc2\xa0" "000\xc2\xa0\xe2\x82\xac", VG_XK_ALL, 300000, "EUR",
     "300\xc2\xa0" "000\xc2\xa0\xe2\x82\xac"},
    {"USD 1.5 million", VG_XK_ALL, 1500000, "USD", "USD 1.5 million"},
    {"retenue de garantie de 5 %", VG_XK_ALL, 5, "%", "5 %"},
    {"retenue de 7,5% du montant", VG_XK_ALL, 7.5, "%", "7,5%"},
    {"une avance de cinq pour cent", VG_XK_ALL, 5, "%", "cinq pour cent"},
    {"an advance of 10 percent", VG_XK_ALL, 10, "%", "10 percent"},
    {"paiement sous 30 jours", VG_XK_ALL, 30, "day", "30 jours"},
    {"payment within 45 days of invoice", VG_XK_ALL, 45, "day", "45 days"},
    {"dans un d\xc3\xa9lai de quarante-cinq (45) jours", VG_XK_ALL, 45, "day",
     "quarante-cinq (45) jours"},
    {"d\xc3\xa9lai de soixante jours", VG_XK_ALL, 60, "day", "soixante jours"},
    {"les 3 ans", VG_XK_ALL, 3, "year", "3 ans"},
    {"les cinq derni\xc3\xa8res ann\xc3\xa9" "es", VG_XK_DURATION, 5, "year",
     "cinq derni\xc3\xa8res ann\xc3\xa9" "es"},
    {"des quatre derniers exercices", VG_XK_ALL, 4, "year", "quatre derniers exercices"},
    {"for the last 5 financial years", VG_XK_ALL, 5, "year", "5 financial years"},
    {"sur 5 ann\xc3\xa9" "es", VG_XK_ALL, 5, "year", "5 ann\xc3\xa9" "es"},
    {"une dur\xc3\xa9" "e de 36 mois", VG_XK_ALL, 36, "month", "36 mois"},
    {"for 6 years", VG_XK_ALL, 6, "year", "6 years"},
    {"p\xc3\xa9nalit\xc3\xa9 de 1/1000e par jour", VG_XK_ALL, 0.001, "ratio", "1/1000e"},
    {"p\xc3\xa9nalit\xc3\xa9 de 1/500\xc3\xa8me du montant", VG_XK_ALL, 0.002, "ratio",
     "1/500\xc3\xa8me"},
    {"1/3 000 per day", VG_XK_ALL, 1.0 / 3000, "ratio", "1/3 000"},
    {"Article 5.2 sans montant", VG_XK_ALL, 0, NULL, NULL},
    {"Lot 3 et 2024", VG_XK_ALL, 0, NULL, NULL},
    {"trente jours", VG_XK_AMOUNT, 0, NULL, NULL},
    {"un march\xc3\xa9 de 12 mois", VG_XK_PERCENT, 0, NULL, NULL},
};

int main(void) {
  int fails = 0;
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const case_t *c = &CASES[i];
    vg_xval_t v[8];
    size_t n = vg_extract(c->text, strlen(c->text), c->kinds, v, 8);
    if (!c->unit) {
      if (n) {
        fprintf(stderr, "case %zu '%s': expected nothing, got %g %s\n", i, c->text, v[0].value,
                v[0].unit);
        fails++;
      }
      continue;
    }
    if (!n) {
      fprintf(stderr, "case %zu '%s': nothing found\n", i, c->text);
      fails++;
      continue;
    }
    size_t sl = strlen(c->span);
    int span_ok = v[0].end - v[0].start == sl && !memcmp(c->text + v[0].start, c->span, sl);
    if (fabs(v[0].value - c->value) > 1e-9 * (1 + fabs(c->value)) ||
        strcmp(v[0].unit, c->unit) || !span_ok) {
      fprintf(stderr, "case %zu '%s': got %g %s span '%.*s'\n", i, c->text, v[0].value,
              v[0].unit, (int)(v[0].end - v[0].start), c->text + v[0].start);
      fails++;
    }
  }
  /* several values in one text, in order, and conversions */
  const char *t = "paiement \xc3\xa0 30 jours, retenue 5 %, CA 1 000 000 \xe2\x82\xac sur 3 ans";
  vg_xval_t v[8];
  size_t n = vg_extract(t, strlen(t), VG_XK_ALL, v, 8);
  if (n != 4 || v[0].kind != VG_XK_DURATION || v[1].kind != VG_XK_PERCENT ||
      v[2].kind != VG_XK_AMOUNT || v[3].kind != VG_XK_DURATION || vg_xval_years(&v[3]) != 3 ||
      vg_xval_days(&v[0]) != 30) {
    fprintf(stderr, "multi: n=%zu\n", n);
    fails++;
  }
  /* max bound respected */
  if (vg_extract(t, strlen(t), VG_XK_ALL, v, 2) != 2) fails++;
  /* robustness: pseudo-random bytes biased towards digits, separators and unit letters; every
   * span must lie inside the buffer, be non-empty and values must come in text order */
  static const char alphabet[] = "0123456789 ,.'/%()-kKMjoursdaymiEURe\xc2\xa0\xe2\x82\xac\xa3";
  unsigned long long seed = 0x9e3779b97f4a7c15ULL;
  char buf[257];
  for (int round = 0; round < 20000; round++) {
    size_t len = (size_t)(round % 256) + 1;
    for (size_t i = 0; i < len; i++) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      buf[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
    }
    vg_xval_t out[16];
    size_t got = vg_extract(buf, len, VG_XK_ALL, out, 16);
    for (size_t i = 0; i < got; i++)
      if (out[i].start >= out[i].end || out[i].end > len ||
          (i && out[i].start < out[i - 1].end)) {
        fprintf(stderr, "random round %d: bad span [%zu,%zu) of %zu\n", round, out[i].start,
                out[i].end, len);
        fails++;
        break;
      }
  }
  if (fails) fprintf(stderr, "%d failure(s)\n", fails);
  return fails ? 1 : 0;
}
