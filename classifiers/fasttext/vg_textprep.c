/* vg_textprep.c: the text preparation shared by fastText training and prediction.
 * For: the steps documented in vg_textprep.h, nothing else (no tokens other than punctuation
 * splitting, no stemming, no stop words: fastText's own n-grams do the rest). */
#include "vg_textprep.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct {
  char *buf;
  size_t len;
  size_t tok_end; /* length at the end of the last complete token, for cutting */
  int full;       /* set once a token did not fit: stop appending */
} s_out_t;

/* Appends one code point to out unless it would pass VG_TEXTPREP_MAX_OUT. */
static void s_put_cp(s_out_t *o, utf8proc_int32_t cp) {
  utf8proc_uint8_t tmp[4];
  if (o->full) return;
  utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);
  if (n <= 0) return;
  if (o->len + (size_t)n > VG_TEXTPREP_MAX_OUT) {
    o->full = 1;
    o->len = o->tok_end; /* drop the partial token */
    return;
  }
  memcpy(o->buf + o->len, tmp, (size_t)n);
  o->len += (size_t)n;
}

/* Ends the current token (if any) with a single separating space. */
static void s_space(s_out_t *o) {
  if (o->full || o->len == 0 || o->buf[o->len - 1] == ' ') return;
  o->tok_end = o->len;
  if (o->len + 1 > VG_TEXTPREP_MAX_OUT) {
    o->full = 1;
    return;
  }
  o->buf[o->len++] = ' ';
}

/* Returns the length of the longest prefix of s[0..len) that is at most max bytes and ends on a
 * code point boundary (s is valid UTF-8). */
static size_t s_cut(const char *s, size_t len, size_t max) {
  if (len <= max) return len;
  size_t n = max;
  while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  return n;
}

int vg_textprep(const char *text, size_t len, char **out, size_t *out_len, vg_err_t *err) {
  *out = NULL;
  if (out_len) *out_len = 0;
  if (text == NULL && len > 0) return vg_err_set(err, VG_E_INPUT, "textprep: NULL text");
  if (len > (size_t)PTRDIFF_MAX) return vg_err_set(err, VG_E_TOO_BIG, "textprep: input too large");

  /* 1. validate the whole input, not just the part we use */
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
  for (size_t i = 0; i < len;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0 || cp < 0)
      return vg_err_set(err, VG_E_ENCODING, "textprep: invalid utf-8 at byte %zu", i);
    i += (size_t)n;
  }
  size_t use = s_cut(text, len, VG_TEXTPREP_MAX_IN);

  /* 3. NFKC + case fold + strip ignorables; control characters become spaces/are removed */
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t mlen = 0;
  if (use > 0) {
    mlen = utf8proc_map(p, (utf8proc_ssize_t)use, &mapped,
                        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                            UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
    if (mlen < 0) {
      if (mlen == UTF8PROC_ERROR_NOMEM) return vg_err_set(err, VG_E_NOMEM, "textprep: out of memory");
      return vg_err_set(err, VG_E_ENCODING, "textprep: %s", utf8proc_errmsg(mlen));
    }
  }

  s_out_t o = {.buf = malloc(VG_TEXTPREP_MAX_OUT + 1), .len = 0, .tok_end = 0, .full = 0};
  if (o.buf == NULL) {
    free(mapped);
    return vg_err_set(err, VG_E_NOMEM, "textprep: out of memory");
  }

  int in_digits = 0;
  for (utf8proc_ssize_t i = 0; i < mlen && !o.full;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate(mapped + i, mlen - i, &cp);
    if (n <= 0) break; /* cannot happen: utf8proc_map output is valid */
    i += n;
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) cp = '\'';
    utf8proc_category_t cat = utf8proc_category(cp);
    switch (cat) {
      case UTF8PROC_CATEGORY_ND:
        /* 6. a digit run (inside or outside a word) becomes one placeholder */
        if (!in_digits) {
          for (const char *d = VG_TEXTPREP_DIGIT; *d; d++) s_put_cp(&o, (unsigned char)*d);
        }
        in_digits = 1;
        continue;
      case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
      case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
      case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
      case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
        /* 5. punctuation and symbols are tokens of their own */
        s_space(&o);
        s_put_cp(&o, cp);
        s_space(&o);
        break;
      case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
      case UTF8PROC_CATEGORY_CC:
        s_space(&o);
        break;
      case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS: case UTF8PROC_CATEGORY_CN:
        break; /* format/unassigned code points carry no meaning for classification */
      default:
        s_put_cp(&o, cp); /* letters, marks, other numbers, private use */
        break;
    }
    in_digits = 0;
  }
  free(mapped);
  if (!o.full) o.tok_end = o.len;
  o.len = o.tok_end;
  while (o.len > 0 && o.buf[o.len - 1] == ' ') o.len--;
  o.buf[o.len] = '\0';
  *out = o.buf;
  if (out_len) *out_len = o.len;
  return VG_OK;
}
