/* vg_extract.c: hand-written scanner for amounts, percentages, durations and fractions.
 *
 * For: vg_extract() (see vg_extract.h). Not for: dates, or deciding what a value means.
 * Why hand-written rather than regex.h: the number grammar (three number formats, spaces,
 * no-break spaces, multipliers, word numbers in two languages) is easier to get exactly right
 * and to bound as a small state machine, and it gives byte spans without copying. */
#include "vg_extract.h"

#include <string.h>

/* --- character helpers (ASCII only; UTF-8 bytes >= 0x80 are never letters here) --- */

static int s_digit(char c) { return c >= '0' && c <= '9'; }
static int s_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char s_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }
/* A byte that continues a word: ASCII letter or any UTF-8 byte (accented letters). */
static int s_wordc(char c) { return s_alpha(c) || ((unsigned char)c >= 0x80); }

/* Length of a space at s+i: ' ', tab, NBSP (C2 A0), narrow NBSP (E2 80 AF), thin space
 * (E2 80 89); 0 if none. */
static size_t s_space(const char *s, size_t len, size_t i) {
  if (i >= len) return 0;
  if (s[i] == ' ' || s[i] == '\t') return 1;
  if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) return 2;
  if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89))
    return 3;
  return 0;
}

static size_t s_skip_spaces(const char *s, size_t len, size_t i) {
  size_t k;
  while ((k = s_space(s, len, i)) > 0) i += k;
  return i;
}

/* Case-insensitive (ASCII) match of word w at s+i; when whole, the next byte must not
 * continue a word. Returns the length matched or 0. */
static size_t s_word(const char *s, size_t len, size_t i, const char *w, int whole) {
  size_t n = strlen(w);
  if (i + n > len) return 0;
  for (size_t k = 0; k < n; k++)
    if (s_lower(s[i + k]) != w[k]) return 0;
  if (whole && i + n < len && s_wordc(s[i + n])) return 0;
  return n;
}

/* Tries each word of a NULL-terminated list; returns the first match length, and its index. */
static size_t s_words(const char *s, size_t len, size_t i, const char *const *ws, int whole,
                      size_t *which) {
  for (size_t k = 0; ws[k]; k++) {
    size_t n = s_word(s, len, i, ws[k], whole);
    if (n) {
      if (which) *which = k;
      return n;
    }
  }
  return 0;
}

static size_t s_count_digits(const char *s, size_t len, size_t i) {
  size_t n = 0;
  while (i + n < len && s_digit(s[i + n])) n++;
  return n;
}

/* Parses a number at s+i in any of the usual formats: "1 500 000", "1.500.000,00",
 * "2,000,000.50", "2,5", "0.125". Sets *out; returns the end offset (i when no number). */
static size_t s_number(const char *s, size_t len, size_t i, double *out) {
  size_t n = s_count_digits(s, len, i);
  if (!n) return i;
  double v = 0;
  size_t j = i;
  for (; j < i + n; j++) v = v * 10 + (s[j] - '0');
  int int_zero = (n == 1 && s[i] == '0');
  char tsep = 0; /* thousands separator once seen: ' ' (any space), '.', ',' or '\'' */
  for (;;) {
    size_t sl = s_space(s, len, j);
    char kind = sl ? ' ' : 0;
    if (!sl && j < len && (s[j] == '.' || s[j] == ',' || s[j] == '\'')) {
      sl = 1;
      kind = s[j];
    }
    if (!sl || n > 3 || int_zero || (tsep && kind != tsep)) break;
    size_t g = s_count_digits(s, len, j + sl);
    if (g != 3) break;
    /* "1,500" followed by ".5" or ",5" is still grouping; a lone "2,500" with no earlier
     * group is read as thousands too (English), except "0,500" handled by int_zero. */
    tsep = kind;
    for (size_t k = j + sl; k < j + sl + 3; k++) v = v * 10 + (s[k] - '0');
    j += sl + 3;
  }
  if (j + 1 < len && (s[j] == '.' || s[j] == ',') && s[j] != tsep && s_digit(s[j + 1])) {
    double scale = 0.1;
    j++;
    while (j < len && s_digit(s[j])) {
      v += (s[j] - '0') * scale;
      scale /= 10;
      j++;
    }
  }
  *out = v;
  return j;
}

/* --- word numbers (1..99), French and English --- */

typedef struct {
  const char *w;
  int v;
} s_numword_t;

static const s_numword_t S_NUMWORDS[] = {
    {"dix-sept", 17}, {"dix-huit", 18}, {"dix-neuf", 19}, {"quatre-vingt", 80},
    {"soixante", 60}, {"cinquante", 50}, {"quarante", 40}, {"trente", 30}, {"vingt", 20},
    {"seize", 16}, {"quinze", 15}, {"quatorze", 14}, {"treize", 13}, {"douze", 12},
    {"onze", 11}, {"dix", 10}, {"neuf", 9}, {"huit", 8}, {"sept", 7}, {"six", 6},
    {"cinq", 5}, {"quatre", 4}, {"trois", 3}, {"deux", 2}, {"une", 1}, {"un", 1},
    {"ninety", 90}, {"eighty", 80}, {"seventy", 70}, {"sixty", 60}, {"fifty", 50},
    {"forty", 40}, {"thirty", 30}, {"twenty", 20}, {"nineteen", 19}, {"eighteen", 18},
    {"seventeen", 17}, {"sixteen", 16}, {"fifteen", 15}, {"fourteen", 14},
    {"thirteen", 13}, {"twelve", 12}, {"eleven", 11}, {"ten", 10}, {"nine", 9},
    {"eight", 8}, {"seven", 7}, {"six", 6}, {"five", 5}, {"four", 4}, {"three", 3},
    {"two", 2}, {"one", 1}, {NULL, 0}};

/* Parses "quarante-cinq", "trente et un", "twenty-one", "cinq" at s+i (i at a word start).
 * Returns the end offset, or i when no number word is there. */
static size_t s_numword(const char *s, size_t len, size_t i, double *out) {
  int total = 0, any = 0;
  size_t j = i;
  for (int parts = 0; parts < 3; parts++) {
    int got = 0;
    for (size_t k = 0; S_NUMWORDS[k].w; k++) {
      size_t n = s_word(s, len, j, S_NUMWORDS[k].w, 0);
      /* the word must end here or continue with '-' / "s" (quatre-vingts) */
      if (n && (j + n >= len || !s_wordc(s[j + n]) || (s[j + n] == 's' &&
                (j + n + 1 >= len || !s_wordc(s[j + n + 1]))))) {
        if (j + n < len && s[j + n] == 's') n++;
        total += S_NUMWORDS[k].v;
        j += n;
        got = any = 1;
        break;
      }
    }
    if (!got) break;
    if (j < len && s[j] == '-' && j + 1 < len && s_alpha(s[j + 1])) {
      j++;
      continue;
    }
    size_t e = s_word(s, len, j, " et ", 0);
    if (e && j + e < len && s_alpha(s[j + e])) {
      j += e;
      continue;
    }
    break;
  }
  if (!any) return i;
  if (j > i && s[j - 1] == '-') j--;
  *out = total;
  return j;
}

/* --- units --- */

static const char *const S_MULT[] = {"milliards", "milliard", "billions", "billion", "bn",
                                     "millions", "million", "mio", "k", NULL};
static const double S_MULT_V[] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e6, 1e6, 1e6, 1e3};

static const char *const S_CUR_AFTER[] = {"\xe2\x82\xac", "eur", "euros", "euro", "\xc2\xa3",
                                          "gbp", "pounds", "$", "usd", "dollars", NULL};
static const char *const S_CUR_AFTER_U[] = {"EUR", "EUR", "EUR", "EUR", "GBP",
                                            "GBP", "GBP", "USD", "USD", "USD"};
static const char *const S_CUR_BEFORE[] = {"\xe2\x82\xac", "eur", "\xc2\xa3", "gbp", "$", "usd",
                                           NULL};
static const char *const S_CUR_BEFORE_U[] = {"EUR", "EUR", "GBP", "GBP", "USD", "USD"};

static const char *const S_PCT[] = {"%", "pour cent", "pourcent", "pour-cent", "per cent",
                                    "percent", NULL};

static const char *const S_DUR[] = {"jours", "jour", "j", "days", "day", "semaines", "semaine",
                                    "weeks", "week", "mois", "months", "month", "ann\xc3\xa9" "es",
                                    "ann\xc3\xa9" "e", "ans", "an", "years", "year",
                                    "exercices", "exercice", "financial years", "bilans", NULL};
static const char *const S_DUR_U[] = {"day", "day", "day", "day", "day", "week", "week",
                                      "week", "week", "month", "month", "month", "year",
                                      "year", "year", "year", "year", "year", "year", "year",
                                      "year", "year"};

/* Words allowed between a count and its unit: "3 derniers exercices", "5 last years". */
static const char *const S_DUR_ADJ[] = {"derniers", "derni\xc3\xa8res", "last", "previous",
                                        "pleins", "pleines", "full", "consecutive", NULL};

static const char *const S_ORD[] = {"\xc3\xa8me", "i\xc3\xa8me", "eme", "ieme", "e", "th", NULL};

/* Currency word after an amount (+ "d'euros"/"de euros"). Returns the end or j. */
static size_t s_cur_after(const char *s, size_t len, size_t j, const char **unit) {
  size_t k = s_skip_spaces(s, len, j), n, w;
  /* "d'euros", "d’euros" (U+2019), "de euros" */
  size_t d = s_word(s, len, k, "d'", 0);
  if (!d) d = s_word(s, len, k, "d\xe2\x80\x99", 0);
  if (!d) d = s_word(s, len, k, "de ", 0);
  n = s_words(s, len, k + d, S_CUR_AFTER, 1, &w);
  if (!n && !d) {
    /* symbols need no word end: "250k€", "100€HT" */
    n = s_words(s, len, k, S_CUR_AFTER, 0, &w);
    if (n && s_alpha(S_CUR_AFTER[w][0])) n = 0;
  }
  if (!n) return j;
  *unit = S_CUR_AFTER_U[w];
  return k + d + n;
}

static void s_emit(vg_xval_t *out, size_t *cnt, size_t max, vg_xkind_t kind, double v,
                   const char *unit, size_t start, size_t end) {
  if (*cnt >= max) return;
  vg_xval_t *x = &out[(*cnt)++];
  x->kind = kind;
  x->value = v;
  size_t ul = strlen(unit);
  if (ul >= sizeof x->unit) ul = sizeof x->unit - 1;
  memcpy(x->unit, unit, ul);
  x->unit[ul] = '\0';
  x->start = start;
  x->end = end;
}

/* Interprets what follows a number ending at j (value v, starting at start). Emits at most
 * one value; returns the end offset consumed (> j) or j when nothing matched. */
static size_t s_after_number(const char *s, size_t len, unsigned kinds, double v,
                             size_t start, size_t j, const char *pre_unit, vg_xval_t *out,
                             size_t *cnt, size_t max) {
  size_t k = s_skip_spaces(s, len, j), n, w;
  double mult = 1;
  size_t mend = j;
  n = s_words(s, len, k, S_MULT, 1, &w);
  if (!n && k == j && k < len && (s[k] == 'k' || s[k] == 'K' || s[k] == 'M')) {
    /* "250k€", "2M€": a glued k/M only when a currency follows */
    const char *u = NULL;
    if (s_cur_after(s, len, k + 1, &u) > k + 1 || pre_unit) {
      n = 1;
      w = (s[k] == 'M') ? 5 : 8;
    }
  }
  if (n) {
    mult = S_MULT_V[w];
    mend = k + n;
  }
  if (kinds & VG_XK_AMOUNT) {
    const char *unit = pre_unit;
    size_t e = s_cur_after(s, len, mend, &unit);
    if (pre_unit || e > mend) {
      s_emit(out, cnt, max, VG_XK_AMOUNT, v * mult, unit, start, pre_unit ? mend : e);
      return pre_unit ? mend : e;
    }
  }
  if (mult != 1) return j;
  if ((kinds & VG_XK_PERCENT) && (n = s_words(s, len, k, S_PCT, 0, &w)) > 0 &&
      (w == 0 || k + n >= len || !s_wordc(s[k + n]))) {
    s_emit(out, cnt, max, VG_XK_PERCENT, v, "%", start, k + n);
    return k + n;
  }
  size_t adj = s_words(s, len, k, S_DUR_ADJ, 1, NULL);
  if ((kinds & VG_XK_DURATION) && adj) {
    size_t k2 = s_skip_spaces(s, len, k + adj);
    if (k2 > k + adj && (n = s_words(s, len, k2, S_DUR, 1, &w)) > 0) {
      s_emit(out, cnt, max, VG_XK_DURATION, v, S_DUR_U[w], start, k2 + n);
      return k2 + n;
    }
  }
  if ((kinds & VG_XK_DURATION) && (n = s_words(s, len, k, S_DUR, 1, &w)) > 0) {
    s_emit(out, cnt, max, VG_XK_DURATION, v, S_DUR_U[w], start, k + n);
    return k + n;
  }
  return j;
}

size_t vg_extract(const char *s, size_t len, unsigned kinds, vg_xval_t *out, size_t max) {
  size_t cnt = 0, i = 0;
  while (i < len && cnt < max) {
    char prev = i ? s[i - 1] : ' ';
    size_t n, w;
    /* currency before the number: "EUR 2,000,000", "£250k", "€ 1.5 million" */
    if ((kinds & VG_XK_AMOUNT) && !s_wordc(prev) && !s_digit(prev) &&
        (n = s_words(s, len, i, S_CUR_BEFORE, 0, &w)) > 0 &&
        !(s_alpha(S_CUR_BEFORE[w][0]) && i + n < len && s_wordc(s[i + n]))) {
      size_t k = s_skip_spaces(s, len, i + n);
      double v;
      size_t e = s_number(s, len, k, &v);
      if (e > k) {
        size_t end = s_after_number(s, len, VG_XK_AMOUNT, v, i, e, S_CUR_BEFORE_U[w], out,
                                    &cnt, max);
        i = end > e ? end : e;
        continue;
      }
    }
    if (s_digit(s[i]) && !s_digit(prev) && !s_alpha(prev) && prev != '.' && prev != ',') {
      double v;
      size_t e = s_number(s, len, i, &v);
      /* fraction "1/1000e", "1/1 000ème", "1/3000" */
      if (e < len && s[e] == '/' && e + 1 < len && s_digit(s[e + 1])) {
        double d;
        size_t e2 = s_number(s, len, e + 1, &d);
        size_t o = s_words(s, len, e2, S_ORD, 0, NULL);
        if (o && e2 + o < len && s_wordc(s[e2 + o])) o = 0;
        if ((kinds & VG_XK_FRACTION) && d > 0) s_emit(out, &cnt, max, VG_XK_FRACTION, v / d,
                                                      "ratio", i, e2 + o);
        i = e2 + o;
        continue;
      }
      size_t start = i;
      size_t after = e;
      /* "quarante-cinq (45) jours": number in brackets after a number word */
      if (prev == '(' && e < len && s[e] == ')') {
        after = e + 1;
        size_t b = i - 1;
        while (b > 0 && s_space(s, len, b - 1) == 1) b--;
        size_t ws = b;
        /* look back at most 48 bytes: the longest number words ("quatre-vingt-dix-neuf") fit */
        while (ws > 0 && b - ws < 48 &&
               (s_wordc(s[ws - 1]) || s[ws - 1] == '-' || s[ws - 1] == ' '))
          ws--;
        while (ws < b && !s_wordc(s[ws])) ws++;
        /* keep the longest tail of the preceding words that reads as a number word */
        for (size_t t = ws; t < b; t++) {
          double wv;
          if (t > 0 && s_wordc(s[t - 1])) continue;
          size_t we = s_numword(s, len, t, &wv);
          if (we > t && s_skip_spaces(s, len, we) == i - 1 && wv == v) {
            start = t;
            break;
          }
        }
        if (start == i) start = i - 1; /* at least the opening bracket */
      }
      size_t end = s_after_number(s, len, kinds, v, start, after, NULL, out, &cnt, max);
      i = end > e ? end : e;
      continue;
    }
    if (s_alpha(s[i]) && !s_wordc(prev)) {
      double v;
      size_t e = s_numword(s, len, i, &v);
      if (e > i && (e >= len || !s_wordc(s[e]))) {
        size_t end = s_after_number(s, len, kinds & (VG_XK_PERCENT | VG_XK_DURATION), v, i, e,
                                    NULL, out, &cnt, max);
        if (end > e) {
          i = end;
          continue;
        }
      }
      while (i < len && s_wordc(s[i])) i++;
      continue;
    }
    i++;
  }
  return cnt;
}

double vg_xval_days(const vg_xval_t *v) {
  if (v->kind != VG_XK_DURATION) return -1;
  if (!strcmp(v->unit, "day")) return v->value;
  if (!strcmp(v->unit, "week")) return v->value * 7;
  if (!strcmp(v->unit, "month")) return v->value * 30;
  return v->value * 365;
}

double vg_xval_years(const vg_xval_t *v) {
  if (v->kind != VG_XK_DURATION) return -1;
  if (!strcmp(v->unit, "day")) return v->value / 365;
  if (!strcmp(v->unit, "week")) return v->value / 52;
  if (!strcmp(v->unit, "month")) return v->value / 12;
  return v->value;
}

double vg_xval_months(const vg_xval_t *v) {
  if (v->kind != VG_XK_DURATION) return -1;
  if (!strcmp(v->unit, "day")) return v->value / 30;
  if (!strcmp(v->unit, "week")) return v->value / 4.345;
  if (!strcmp(v->unit, "month")) return v->value;
  return v->value * 12;
}
