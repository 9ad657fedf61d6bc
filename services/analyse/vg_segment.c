/* vg_segment.c: rule-based clause segmentation of document sections (see vg_segment.h).
 * Works on bytes of UTF-8 text; cut points are only ever placed on ASCII characters, so
 * every clause boundary is a code point boundary.
 * Not for: language-specific parsing beyond a short abbreviation list. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "vg_segment.h"

static int s_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Length of a blank at t[i..n): ASCII blank (1) or U+00A0 (2), else 0. */
static size_t s_blank(const char *t, size_t i, size_t n) {
  if (i < n && s_space((unsigned char)t[i])) return 1;
  if (i + 1 < n && (unsigned char)t[i] == 0xC2 && (unsigned char)t[i + 1] == 0xA0) return 2;
  return 0;
}

/* Abbreviations after which a period does not end a sentence (compared case-insensitively). */
static const char *const s_abbrev[] = {
    "art", "arts", "e.g", "i.e", "n", "no", "nr", "nos", "etc", "cf", "p", "pp", "al", "alin",
    "m", "mm", "mr", "mrs", "ms", "mme", "mlle", "dr", "st", "ste", "env", "min", "max", "approx",
    "incl", "réf", "ref", "vol", "chap", "sect", "fig", "ex", "ht", "ttc", "inc", "ltd", "co",
    "corp", "dept", "tel", "tél", "vs", "viz", "ca", "sq", "par", "ann", "annexe", "cl", "resp",
    "z.b", "bzw", "ggf", "gem", "abs", "nº", "n°", "op", "cit", "ibid", "jr", "sr", "ed", "eds",
    /* legal references in other EU languages: "odst. 2", "písm. a)", "Abs. 3", "lit. b" */
    "odst", "písm", "čl", "zák", "sb", "tj", "ziff", "lit", "vgl", "pkt", "ust", "poz", "tzn",
    "zb", "str", "ods", "bod", "par", "nt", "sz", "bek", "pt", "pts", "para", "paras", "sec",
};

/* 1 when the word ending at t[j-1] (the char before the period at j) is an abbreviation. */
static int s_is_abbrev(const char *t, size_t lo, size_t j) {
  /* the word is the run of letters and inner periods before j ("e.g", "Art"), so that
   * "l'Art." or "(cf." still find their abbreviation */
  size_t k = j;
  while (k > lo) {
    unsigned char c = (unsigned char)t[k - 1];
    if (k - lo >= 3 && c == 0x99 && (unsigned char)t[k - 2] == 0x80 && (unsigned char)t[k - 3] == 0xE2)
      break; /* U+2019 apostrophe */
    if (!(isalpha(c) || c == '.' || c >= 0x80)) break;
    k--;
  }
  size_t len = j - k;
  if (len == 0) return 0;
  if (len == 1 && isalpha((unsigned char)t[k])) return 1; /* initials: "J. Smith" */
  for (size_t i = 0; i < sizeof s_abbrev / sizeof s_abbrev[0]; i++)
    if (strlen(s_abbrev[i]) == len && strncasecmp(t + k, s_abbrev[i], len) == 0) return 1;
  return 0;
}

/* 1 when the code point at t[i] may open a sentence: upper-case letter (ASCII, Latin-1,
 * Latin Extended-A upper forms, Greek, Cyrillic), digit, quote or bracket. */
static int s_opener(const char *t, size_t i, size_t n) {
  unsigned char c = (unsigned char)t[i];
  /* digits are not openers: "odst. 2", "p. 12"; numbered items are handled separately */
  if (isupper(c) || c == '"' || c == '(' || c == '[' || c == '\'') return 1;
  if (c < 0xC0 || i + 1 >= n) return c == 0xE2; /* U+2000.. quotes and dashes */
  unsigned cp = ((c & 0x1Fu) << 6) | ((unsigned char)t[i + 1] & 0x3Fu);
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return 1;
  if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;
  if (cp >= 0x391 && cp <= 0x3A9) return 1;
  if (cp >= 0x400 && cp <= 0x42F) return 1;
  return 0;
}

static size_t s_digits(const char *t, size_t i, size_t n, size_t max) {
  size_t k = 0;
  while (i + k < n && k < max && isdigit((unsigned char)t[i + k])) k++;
  return i + k < n && isdigit((unsigned char)t[i + k]) ? 0 : k;
}

/* 1 when the text after a clause number starts like a heading or sentence (not "2.5 %"). */
static int s_after_number(const char *t, size_t k, size_t n) {
  while (k < n && t[k] == ' ') k++;
  if (k >= n) return 0;
  unsigned char c = (unsigned char)t[k];
  return isalpha(c) || c >= 0xC0 || c == '"' || c == '(' || c == '\'' || c == 0xE2 || c == '-';
}

/* Recognises a clause number at t[i..n). Returns its length in bytes (0 when none) and
 * writes the number as written (without trailing "." or ")") into num. strict (used inside
 * a paragraph) requires a terminated number ("1.", "2)") or an article heading. */
static size_t s_number(const char *t, size_t i, size_t n, char *num, size_t cap, int strict) {
  size_t k = i, wend;
  static const char *const words[] = {"Article ", "ARTICLE ", "Art. ", "Artikel ", "Articolo ",
                                      "Artículo ", "Artigo "};
  for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
    size_t wl = strlen(words[w]);
    if (n - i > wl && strncmp(t + i, words[w], wl) == 0) {
      k = i + wl;
      while (k < n && t[k] == ' ') k++;
      if (k < n && (t[k] == 'L' || t[k] == 'R' || t[k] == 'D') && k + 1 < n && isdigit((unsigned char)t[k + 1])) k++;
      size_t d = s_digits(t, k, n, 6);
      if (!d) return 0;
      k += d;
      while (k + 1 < n && (t[k] == '.' || t[k] == '-') && isdigit((unsigned char)t[k + 1])) {
        k++;
        k += s_digits(t, k, n, 6);
      }
      wend = k;
      while (k < n && t[k] == ' ') k++;
      if (k < n && (t[k] == '-' || t[k] == ':' || t[k] == '.' || t[k] == ')')) k++;
      else if (k + 2 < n && (unsigned char)t[k] == 0xE2 && (unsigned char)t[k + 1] == 0x80) k += 3;
      if (k < n && !s_space((unsigned char)t[k]) && k > wend) return 0;
      snprintf(num, cap, "%.*s", (int)(wend - i), t + i);
      return k - i;
    }
  }
  size_t d = s_digits(t, i, n, 3);
  if (d) {
    k = i + d;
    int levels = 1;
    while (k + 1 < n && t[k] == '.' && isdigit((unsigned char)t[k + 1])) {
      size_t e = s_digits(t, k + 1, n, 3);
      if (!e) return 0;
      k += 1 + e;
      levels++;
    }
    wend = k;
    if (k < n && (t[k] == '.' || t[k] == ')')) k++;
    else if (levels < 2 || strict) return 0;
    if (k >= n || !s_space((unsigned char)t[k]) || !s_after_number(t, k, n)) return 0;
    snprintf(num, cap, "%.*s", (int)(wend - i), t + i);
    return k - i;
  }
  /* a) b) ... and i) ii) iv) */
  k = i;
  while (k < n && k - i < 4 && t[k] >= 'a' && t[k] <= 'z') k++;
  if (k == i || k >= n || t[k] != ')' || k + 1 >= n || !s_space((unsigned char)t[k + 1]) ||
      !s_after_number(t, k + 1, n))
    return 0;
  if (k - i > 1 && strspn(t + i, "ivx") < k - i) return 0;
  snprintf(num, cap, "%.*s", (int)(k - i), t + i);
  return k + 1 - i;
}

typedef struct {
  vg_doc_t *doc;
  size_t section;
  int full; /* cap reached */
} s_seg_t;

static int s_letters(const char *t, size_t a, size_t b) {
  int n = 0;
  for (size_t i = a; i < b && n < VG_SEG_MIN_LETTERS; i++) {
    unsigned char c = (unsigned char)t[i];
    if (isalpha(c) || c >= 0xC0) n++;
  }
  return n;
}

static int s_emit(s_seg_t *s, size_t a, size_t b) {
  const char *t = s->doc->text;
  size_t k;
  while (a < b && (k = s_blank(t, a, b)) > 0) a += k;
  for (;;) { /* trailing ASCII blanks and U+00A0, in any mix */
    if (b > a && s_space((unsigned char)t[b - 1])) b--;
    else if (b >= a + 2 && (unsigned char)t[b - 2] == 0xC2 && (unsigned char)t[b - 1] == 0xA0) b -= 2;
    else break;
  }
  if (b <= a || s_letters(t, a, b) < VG_SEG_MIN_LETTERS) return VG_OK;
  if (s->doc->nclauses >= VG_SEG_MAX_CLAUSES) {
    s->full = 1;
    return VG_OK;
  }
  vg_clause_t *c = vg_doc_add_clause(s->doc, s->section, a, b);
  if (!c) return VG_E_NOMEM;
  char num[64];
  if (s_number(t, a, b, num, sizeof num, 0) && vg_doc_set(&c->number, num)) return VG_E_NOMEM;
  return VG_OK;
}

/* Cuts one paragraph [a, b) (no newline inside). */
static int s_paragraph(s_seg_t *s, size_t a, size_t b) {
  const char *t = s->doc->text;
  int longp = b - a > VG_SEG_LONG_PARA;
  size_t from = a;
  char num[64];
  for (size_t i = a + 1; i < b; i++) {
    if (!s_space((unsigned char)t[i - 1]) || s_space((unsigned char)t[i])) continue;
    /* i starts a word after a blank; j is the last non-blank before it */
    size_t j = i - 1;
    while (j > from && s_space((unsigned char)t[j])) j--;
    if (j <= from) continue;
    /* a closing quote or bracket after the end mark: 'said "no." Then', '(see 2.) The' */
    size_t close = 0;
    if (t[j] == '"' || t[j] == ')' || t[j] == '\'') close = 1;
    else if (j >= 1 && (unsigned char)t[j - 1] == 0xC2 && (unsigned char)t[j] == 0xBB) close = 2; /* » */
    else if (j >= 2 && (unsigned char)t[j - 2] == 0xE2 && (unsigned char)t[j - 1] == 0x80 &&
             ((unsigned char)t[j] == 0x9D || (unsigned char)t[j] == 0x99)) close = 3; /* ” ’ */
    if (close && j >= from + close) {
      size_t k = j - close;
      /* French typography puts a (no-break) space before »: "autorisées. »" */
      while (close == 2 && k > from && (t[k] == ' ' || (unsigned char)t[k] == 0xA0 || (unsigned char)t[k] == 0xC2)) k--;
      if (t[k] == '.' || t[k] == '!' || t[k] == '?') j = k;
    }
    char p = t[j];
    int cut = 0;
    if ((p == ';' || p == ':' || (p == '.' && !s_is_abbrev(t, from, j))) &&
        s_number(t, i, b, num, sizeof num, 1))
      cut = 1;
    else if (longp && (p == '!' || p == '?')) cut = s_opener(t, i, b);
    else if (longp && p == '.' && s_opener(t, i, b) && !s_is_abbrev(t, from, j)) cut = 1;
    if (cut) {
      int rc = s_emit(s, from, i);
      if (rc) return rc;
      from = i;
    }
  }
  return s_emit(s, from, b);
}

int vg_segment_doc(vg_doc_t *doc, vg_err_t *err) {
  s_seg_t s = {doc, 0, 0};
  for (size_t si = 0; si < doc->nsections && !s.full; si++) {
    const vg_section_t *sec = &doc->sections[si];
    if (sec->end > doc->text_len || sec->start > sec->end)
      return vg_err_set(err, VG_E_INTERNAL, "section %zu out of the document text", si);
    s.section = si;
    size_t a = sec->start;
    for (size_t i = sec->start; i <= sec->end && !s.full; i++) {
      if (i == sec->end || doc->text[i] == '\n') {
        int rc = s_paragraph(&s, a, i);
        if (rc) return vg_err_set(err, rc, "cannot segment document: out of memory");
        a = i + 1;
      }
    }
  }
  if (s.full && json_object_set_new(doc->processing, "clauses_truncated", json_true()))
    return vg_err_set(err, VG_E_NOMEM, "cannot segment document: out of memory");
  return VG_OK;
}
