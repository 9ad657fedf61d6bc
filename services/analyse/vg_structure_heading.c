/* vg_structure_heading.c: what one line of a dossier is (see vg_structure_int.h): a heading
 * of some numbering style, a table-of-contents title or entry (dot leaders + page number),
 * a page footer, or body text. Works on one trimmed line of UTF-8 at a time, looking only
 * at the line itself; the context (ToC runs, footers at page edges, "i)" after "h)") is the
 * driver's business (vg_structure.c).
 * Not for: building clauses, or numbering schemes beyond those listed in vg_structure.h. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vg_structure_int.h"

#define S_MAX_CAPS_LINE 100   /* bytes: longer lines in capitals are body text */
#define S_MAX_FOOTER_LINE 80  /* bytes: a footer is short */

static int s_digit(const char *s, size_t i, size_t n) {
  return i < n && isdigit((unsigned char)s[i]);
}

/* 1 when the code point at s[i] is an upper-case letter: ASCII, Latin-1 (À..Þ but ×),
 * Latin Extended-A (even code points), Greek, Cyrillic. */
static int s_upper(const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c >= 'A' && c <= 'Z') return 1;
  if (c < 0xC0 || i + 1 >= n) return 0;
  unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;
  return (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F);
}

static int s_lower(const char *s, size_t i, size_t n) {
  unsigned char c = (unsigned char)s[i];
  if (c >= 'a' && c <= 'z') return 1;
  if (c < 0xC0 || i + 1 >= n) return 0;
  unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
  if (cp >= 0xDF && cp <= 0xFF) return cp != 0xF7;
  if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 1;
  return (cp >= 0x3B1 && cp <= 0x3C9) || (cp >= 0x430 && cp <= 0x44F);
}

/* Length of the UTF-8 sequence led by c (1 for stray bytes). */
static size_t s_cplen(unsigned char c) {
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static size_t s_spaces(const char *s, size_t i, size_t n) {
  while (i < n && s[i] == ' ') i++;
  return i;
}

/* 1 when s[i] starts an en or em dash (U+2013, U+2014). */
static int s_dash(const char *s, size_t i, size_t n) {
  return i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
         ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94);
}

/* After a number: optional blanks, then one separator (- – — : .) and blanks. Returns the
 * offset after them; *had says whether a separator was there. */
static size_t s_sep(const char *s, size_t i, size_t n, int *had) {
  size_t k = s_spaces(s, i, n);
  *had = 0;
  if (k < n && (s[k] == '-' || s[k] == ':' || s[k] == '.' || s[k] == ')')) {
    k++;
    *had = 1;
  } else if (s_dash(s, k, n)) {
    k += 3;
    *had = 1;
  }
  if (*had && k < n && s[k] != ' ') return i; /* "5-1", "5.a": not a separator */
  return s_spaces(s, k, n);
}

/* Offset of the first letter or digit of a title at s[i] (skips quotes « " “ '). */
static size_t s_title_letter(const char *s, size_t i, size_t n) {
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\'' || c == '(' || c == ' ') i++;
    else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) i += 2; /* « */
    else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x98)) i += 3;
    else break;
  }
  return i;
}

static int s_title_upper(const char *s, size_t i, size_t n) {
  i = s_title_letter(s, i, n);
  return i < n && s_upper(s, i, n);
}

/* Digits at s[i], at most max of them and not followed by another digit; returns how many
 * (0 when none or too many) and their value. */
static size_t s_num(const char *s, size_t i, size_t n, size_t max, int *val) {
  size_t k = 0;
  int v = 0;
  while (i + k < n && k < max && isdigit((unsigned char)s[i + k])) v = v * 10 + (s[i + k++] - '0');
  if (s_digit(s, i + k, n)) return 0;
  *val = v;
  return k;
}

/* Dotted number "5", "5.2", "5.2.1" at s[i]: first component 1-3 digits, next ones 1-2
 * digits without a leading zero (so "12.03.2025" and "1.500" are not numbers). Returns its
 * length, 0 when none. */
static size_t s_dotted(const char *s, size_t i, size_t n, int *depth, int *val) {
  size_t k = s_num(s, i, n, 3, val);
  if (!k) return 0;
  k += i;
  *depth = 1;
  while (k + 1 < n && s[k] == '.' && s_digit(s, k + 1, n)) {
    int v;
    size_t e = s_num(s, k + 1, n, 2, &v);
    if (!e || (e == 2 && s[k + 1] == '0') || *depth >= 6) return 0;
    k += 1 + e;
    *val = v;
    ++*depth;
  }
  return k - i;
}

/* Roman numeral of I, V, X (upper when upper, else lower) worth 1..39; returns its length
 * and value, 0 when none or not canonical ("IIII", "VX"). */
static size_t s_roman(const char *s, size_t i, size_t n, int upper, int *val) {
  static const char *const forms[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
  size_t k = i;
  int v = 0;
  while (k < n && k - i < 3 && (s[k] == (upper ? 'X' : 'x'))) {
    v += 10;
    k++;
  }
  size_t best = 0;
  int bv = 0;
  for (int u = 9; u >= 1; u--) {
    size_t fl = strlen(forms[u]);
    if (fl <= best || k + fl > n) continue;
    size_t j = 0;
    while (j < fl && (upper ? tolower((unsigned char)s[k + j]) : s[k + j]) == forms[u][j]) j++;
    if (j == fl && (!upper || isupper((unsigned char)s[k]))) {
      best = fl;
      bv = u;
    }
  }
  k += best;
  v += bv;
  if (k == i || v == 0 || (k < n && isalnum((unsigned char)s[k]))) return 0;
  *val = v;
  return k - i;
}

typedef struct {
  const char *word;
  vg__sh_style_t style;
} s_kw_t;

static const s_kw_t s_kws[] = {
    {"Article", VG__SH_ARTICLE},  {"ARTICLE", VG__SH_ARTICLE},   {"Art.", VG__SH_ARTICLE},
    {"ART.", VG__SH_ARTICLE},     {"Section", VG__SH_SECTION},   {"SECTION", VG__SH_SECTION},
    {"Chapitre", VG__SH_CHAPTER}, {"CHAPITRE", VG__SH_CHAPTER},  {"Chapter", VG__SH_CHAPTER},
    {"CHAPTER", VG__SH_CHAPTER},  {"Part", VG__SH_PART},         {"PART", VG__SH_PART},
    {"Partie", VG__SH_PART},      {"PARTIE", VG__SH_PART},       {"Titre", VG__SH_PART},
    {"TITRE", VG__SH_PART},       {"Annexe", VG__SH_PART},       {"ANNEXE", VG__SH_PART},
    {"Annex", VG__SH_PART},       {"ANNEX", VG__SH_PART},        {"Appendix", VG__SH_PART},
    {"APPENDIX", VG__SH_PART},    {"Schedule", VG__SH_PART},     {"SCHEDULE", VG__SH_PART},
    {"Exhibit", VG__SH_PART},     {"EXHIBIT", VG__SH_PART},
};
#define S_MAX_CAPS_WORDS 10 /* a longer line in capitals is a shouted sentence */

/* "Article 5 -", "ARTICLE 5.2", "Art. 3 –", "Section L", "Part II", "Chapitre 1er". A legal
 * reference ("Article L2192-10", "Art. R2151-2") or a sentence ("Section 2 of the...",
 * "Article 5 du CCAP") is not a heading: the number must be followed by the end of the
 * line, a separator, or a capitalised title. */
static int s_keyword(const char *s, size_t n, vg__sline_t *o) {
  for (size_t w = 0; w < sizeof s_kws / sizeof s_kws[0]; w++) {
    size_t wl = strlen(s_kws[w].word);
    if (n <= wl || strncmp(s, s_kws[w].word, wl) != 0 || s[wl] != ' ') continue;
    size_t i = s_spaces(s, wl, n), k;
    int depth = 1, val = 0;
    if ((k = s_dotted(s, i, n, &depth, &val)) != 0) {
      k += i;
      if (k + 1 < n && s[k] == 'e' && s[k + 1] == 'r') k += 2; /* "Article 1er" */
    } else if ((k = s_roman(s, i, n, 1, &val)) != 0) {
      k += i;
    } else if (i < n && isupper((unsigned char)s[i]) && !(i + 1 < n && isalnum((unsigned char)s[i + 1]))) {
      k = i + 1; /* "Section L", "Annexe A" */
      val = s[i] - 'A' + 1;
    } else {
      return 0;
    }
    if (k < n && s[k] != ' ' && s[k] != '.' && s[k] != ':' && s[k] != '-' && s[k] != ')' &&
        !s_dash(s, k, n))
      return 0;
    int had;
    size_t t = s_sep(s, k, n, &had);
    if (t == k && k < n) { /* "5-1", "5.a" */
      if (s[k] != ' ') return 0;
    }
    if (t < n && !had) {
      size_t l = s_title_letter(s, t, n);
      if (l >= n || !(s_upper(s, l, n) || s_digit(s, l, n))) return 0;
    }
    /* "Exhibit 10.33" (an SEC filing label), "Annexe 1.2": parts have simple numbers */
    if (depth > 1 && (s_kws[w].style == VG__SH_PART || s_kws[w].style == VG__SH_CHAPTER))
      return 0;
    o->style = s_kws[w].style;
    o->depth = depth;
    o->value = val;
    o->num_len = k;
    o->title = t;
    return 1;
  }
  return 0;
}

/* "5. Title", "5.2 Title", "5.2.1 - Title", "3) Title": the title must start with a
 * capital, so "5.2 ci-dessus", "2.5 %" and "1 500,00 €" are not headings. A single
 * component needs a terminator or separator ("5." "5)" "5 -"). */
static int s_decimal(const char *s, size_t n, vg__sline_t *o) {
  int depth, val;
  size_t k = s_dotted(s, 0, n, &depth, &val);
  if (!k) {
    /* EU standard forms and notices: "II.1)", "II.1.1) Title" (roman, then digits) */
    size_t r = s_roman(s, 0, n, 1, &val);
    if (!r || r + 1 >= n || s[r] != '.' || !s_digit(s, r + 1, n)) return 0;
    k = s_dotted(s, r + 1, n, &depth, &val);
    if (!k) return 0;
    k += r + 1;
    depth++;
  }
  size_t num = k;
  int term = 0;
  if (k < n && (s[k] == '.' || s[k] == ')')) {
    k++;
    term = 1;
  }
  if (k >= n || s[k] != ' ') return 0;
  int had;
  size_t t = s_sep(s, k, n, &had);
  if (!term && !had && depth == 1) return 0;
  if (!s_title_upper(s, t, n)) return 0;
  o->style = VG__SH_DECIMAL;
  o->depth = depth;
  o->value = val;
  o->num_len = num;
  o->title = t;
  return 1;
}

/* "I. Scope", "II - Prix", "IV) Title" (never "I will" nor "I am"). */
static int s_roman_upper(const char *s, size_t n, vg__sline_t *o) {
  int val;
  size_t k = s_roman(s, 0, n, 1, &val);
  if (!k) return 0;
  int had;
  size_t t = s_sep(s, k, n, &had);
  if (!had || t == k || !s_title_upper(s, t, n)) return 0;
  o->style = VG__SH_ROMAN;
  o->depth = 1;
  o->value = val;
  o->num_len = k;
  o->title = t;
  return 1;
}

/* "a) text", "b. text", "(c) text", "ii) text": lettered and lower-roman list items. */
static int s_letter(const char *s, size_t n, vg__sline_t *o) {
  size_t i = s[0] == '(' ? 1 : 0, k = i;
  while (k < n && k - i < 6 && s[k] >= 'a' && s[k] <= 'z') k++;
  if (k == i || k >= n) return 0;
  if (i ? s[k] != ')' : (s[k] != ')' && s[k] != '.')) return 0;
  size_t t = k + 1;
  if (t >= n || s[t] != ' ') return 0;
  t = s_spaces(s, t, n);
  size_t l = s_title_letter(s, t, n);
  if (l >= n || !(s_upper(s, l, n) || s_lower(s, l, n))) return 0;
  int val = 0;
  if (k - i > 1) {
    if (s_roman(s, i, k, 0, &val) != k - i) return 0;
    o->style = VG__SH_ROMANLOW;
  } else {
    int rv;
    /* "i)", "v)", "x)": lower roman unless the driver sees the letter sequence */
    o->style = s_roman(s, i, k, 0, &rv) ? VG__SH_ROMANLOW : VG__SH_ALPHA;
    val = o->style == VG__SH_ROMANLOW ? rv : s[i] - 'a' + 1;
  }
  o->depth = 1;
  o->value = val;
  o->num_len = k + 1;
  o->title = t;
  return 1;
}

/* A short line in capitals, no lower-case letter, at least 4 letters, few digits, not
 * ending like a sentence part (',' ';'). */
static int s_caps(const char *s, size_t n, vg__sline_t *o) {
  if (n > S_MAX_CAPS_LINE || s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == '.') return 0;
  size_t first = s_title_letter(s, 0, n);
  if (first >= n || !s_upper(s, first, n)) return 0;
  int up = 0, dig = 0, words = 1;
  for (size_t i = 0; i < n; i += s_cplen((unsigned char)s[i])) {
    if (s_lower(s, i, n)) return 0;
    if (s[i] == ' ' && i > 0 && (s[i - 1] == '.' || ++words > S_MAX_CAPS_WORDS)) return 0;
    up += s_upper(s, i, n);
    dig += s_digit(s, i, n);
  }
  if (up < 4 || dig > 4) return 0;
  o->style = VG__SH_CAPS;
  o->depth = 1;
  o->num_len = 0;
  o->title = 0;
  return 1;
}

/* Case-insensitive equality for ASCII and Latin-1 letters (È == è). */
static int s_fold_eq(const char *a, size_t n, const char *b) {
  size_t i = 0, j = 0, bl = strlen(b);
  while (i < n && j < bl) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[j];
    if (x == 0xC3 && y == 0xC3 && i + 1 < n && j + 1 < bl) {
      unsigned char x2 = (unsigned char)a[i + 1] | 0x20, y2 = (unsigned char)b[j + 1] | 0x20;
      if (x2 != y2) return 0;
      i += 2;
      j += 2;
      continue;
    }
    if (tolower(x) != tolower(y)) return 0;
    i++;
    j++;
  }
  return i == n && j == bl;
}

static int s_toc_title(const char *s, size_t n, int *fr) {
  static const char *const fr_t[] = {"sommaire", "table des matières", "table des matieres"};
  static const char *const en_t[] = {"contents", "table of contents"};
  while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' ')) n--;
  for (size_t i = 0; i < sizeof fr_t / sizeof fr_t[0]; i++)
    if (s_fold_eq(s, n, fr_t[i])) return *fr = 1;
  for (size_t i = 0; i < sizeof en_t / sizeof en_t[0]; i++)
    if (s_fold_eq(s, n, en_t[i])) return (*fr = 0) + 1;
  return 0;
}

/* "Page 3", "Page 3/12", "page 3 sur 12", "Page 3 of 12", possibly after a short prefix
 * ("CCAP - Page 3/12"); "3/12" alone. */
static int s_footer(const char *s, size_t n) {
  if (n > S_MAX_FOOTER_LINE) return 0;
  size_t i = 0;
  int v;
  for (size_t p = n; p-- > 0;) {
    if (p + 5 <= n && strncasecmp(s + p, "page", 4) == 0 &&
        (p == 0 || s[p - 1] == ' ' || s[p - 1] == '-' || s[p - 1] == '|')) {
      i = s_spaces(s, p + 4, n);
      if (i == p + 4) return 0;
      break;
    }
  }
  size_t k = s_num(s, i, n, 4, &v);
  if (!k) return 0;
  k = s_spaces(s, i + k, n);
  if (k == n) return i > 0; /* "Page 3" (not "3": that is a bare number) */
  if (s[k] == '/') k++;
  else if (k + 3 <= n && strncasecmp(s + k, "sur", 3) == 0) k += 3;
  else if (k + 2 <= n && (strncasecmp(s + k, "of", 2) == 0 || strncasecmp(s + k, "de", 2) == 0)) k += 2;
  else return 0;
  k = s_spaces(s, k, n);
  size_t m = s_num(s, k, n, 4, &v);
  return m && k + m == n;
}

/* "3" (returns 1), "- 3 -", "– 3 –" (returns 2) */
static int s_bare_number(const char *s, size_t n) {
  size_t i = 0;
  int v;
  if (s[0] == '-') i = s_spaces(s, 1, n);
  else if (s_dash(s, 0, n)) i = s_spaces(s, 3, n);
  size_t k = s_num(s, i, n, 4, &v);
  if (!k) return 0;
  k = s_spaces(s, i + k, n);
  if (k == n) return i == 0;
  if (i == 0) return 0;
  if (s[k] == '-') k++;
  else if (s_dash(s, k, n)) k += 3;
  else return 0;
  return k == n ? 2 : 0;
}

/* Strips dot leaders and a page number off the end ("Objet ........ 3", "Objet … 3");
 * returns the new length, or n when there are none (at least three dots needed). */
static size_t s_leaders(const char *s, size_t n) {
  size_t k = n;
  while (k > 0 && isdigit((unsigned char)s[k - 1]) && n - k < 4) k--;
  if (k == n || (k > 0 && isdigit((unsigned char)s[k - 1]))) return n;
  int dots = 0;
  for (;;) {
    if (k > 0 && (s[k - 1] == '.' || s[k - 1] == ' ' || s[k - 1] == '_')) {
      dots += s[k - 1] != ' ';
      k--;
    } else if (k >= 3 && (unsigned char)s[k - 3] == 0xE2 && (unsigned char)s[k - 2] == 0x80 &&
               (unsigned char)s[k - 1] == 0xA6) {
      dots += 3;
      k -= 3;
    } else {
      break;
    }
  }
  if (dots < 3) return n;
  while (k > 0 && s[k - 1] == ' ') k--;
  return k;
}

void vg__struct_line(const char *s, size_t n, vg__sline_t *o) {
  memset(o, 0, sizeof *o);
  o->len = n;
  o->depth = 1;
  if (n == 0) {
    o->kind = VG__SL_BLANK;
    return;
  }
  if (s_footer(s, n)) {
    o->kind = VG__SL_FOOTER;
    return;
  }
  int bare = s_bare_number(s, n);
  if (bare) {
    o->kind = bare == 2 ? VG__SL_FOOTER : VG__SL_NUMBER;
    return;
  }
  if (s_toc_title(s, n, &o->toc_fr)) {
    o->kind = VG__SL_TOC_TITLE;
    return;
  }
  size_t m = s_leaders(s, n);
  if (m < n) {
    o->leaders = 1;
    o->len = n = m;
    if (n == 0) return;
  }
  if (s_keyword(s, n, o) || s_decimal(s, n, o) || s_roman_upper(s, n, o) || s_letter(s, n, o) ||
      s_caps(s, n, o))
    o->kind = VG__SL_HEADING;
}

int vg__struct_rank(vg__sh_style_t style, int depth) {
  if (depth > 9) depth = 9;
  switch (style) {
  case VG__SH_PART: return 10;
  case VG__SH_CHAPTER: return 20;
  case VG__SH_SECTION: return 30;
  case VG__SH_ARTICLE: return 40 + depth;
  case VG__SH_DECIMAL: return 50 + depth;
  case VG__SH_ALPHA: return 100;
  case VG__SH_ROMANLOW: return 110;
  default: return 0;
  }
}
