/* vg_fuzz_check.h: the oracle shared by every fuzz target: what a document produced from
 * any input must satisfy (the vg_doc.h contract), checked with abort() so that libFuzzer and
 * the fuzz_replay driver report it as a crash with a stack.
 *
 * For: fuzz targets under services/analyse/fuzz and services/extract/fuzz (header-only, all
 * functions static inline, no state).
 * Not for: production code or cmocka tests (they have vg_test_util.h). */
#ifndef VG_FUZZ_CHECK_H
#define VG_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_doc.h"
#include "vg_segment.h"

/* Prints why and aborts: the fuzzer keeps the input as a crash reproducer. */
static inline void vg_fuzz_fail(const char *what, size_t a, size_t b) {
  fprintf(stderr, "fuzz oracle: %s (%zu, %zu)\n", what, a, b);
  abort();
}

/* Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF); returns the
 * offset of the first bad byte, or len when all is valid. */
static inline size_t vg_fuzz_utf8_bad(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    unsigned min, cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (len - i <= n) return i;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return len;
}

static inline int vg_fuzz_blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Text, sections and clauses of d obey vg_doc.h: text valid UTF-8 without NUL, sections
 * inside the text, clauses non-empty, trimmed, on code-point boundaries, inside their
 * section, in order, with distinct ids; the whole document serialises to JSON and back. */
static inline void vg_fuzz_check_doc(const vg_doc_t *d) {
  const unsigned char *t = (const unsigned char *)d->text;
  if (d->text_len && !t) vg_fuzz_fail("text_len without text", d->text_len, 0);
  if (t) {
    if (t[d->text_len] != '\0') vg_fuzz_fail("text not NUL-terminated", d->text_len, 0);
    if (memchr(t, '\0', d->text_len))
      vg_fuzz_fail("NUL inside text", (size_t)((const unsigned char *)memchr(t, '\0', d->text_len) - t),
                   d->text_len);
    size_t bad = vg_fuzz_utf8_bad(t, d->text_len);
    if (bad != d->text_len) vg_fuzz_fail("text is not valid UTF-8 at byte", bad, d->text_len);
  }
  for (size_t i = 0; i < d->nsections; i++) {
    const vg_section_t *s = &d->sections[i];
    if (s->start > s->end || s->end > d->text_len) vg_fuzz_fail("section out of text", s->start, s->end);
    if (i && s->start < d->sections[i - 1].end)
      vg_fuzz_fail("sections overlap", d->sections[i - 1].end, s->start);
  }
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    if (c->section >= d->nsections) vg_fuzz_fail("clause section index", c->section, d->nsections);
    const vg_section_t *s = &d->sections[c->section];
    if (c->start >= c->end) vg_fuzz_fail("empty clause", c->start, c->end);
    if (c->start < s->start || c->end > s->end) vg_fuzz_fail("clause outside its section", c->start, c->end);
    if (vg_fuzz_blank(t[c->start]) || vg_fuzz_blank(t[c->end - 1]))
      vg_fuzz_fail("clause not trimmed", c->start, c->end);
    if ((t[c->start] & 0xC0) == 0x80 || (c->end < d->text_len && (t[c->end] & 0xC0) == 0x80))
      vg_fuzz_fail("clause cuts a code point", c->start, c->end);
    if (!c->id) vg_fuzz_fail("clause without id", i, 0);
    if (i && c->section == d->clauses[i - 1].section && c->start < d->clauses[i - 1].end)
      vg_fuzz_fail("clauses overlap", d->clauses[i - 1].end, c->start);
    if (i && !strcmp(c->id, d->clauses[i - 1].id)) vg_fuzz_fail("duplicate clause id", i, 0);
  }
  json_t *j = vg_doc_to_json(d);
  if (!j) vg_fuzz_fail("vg_doc_to_json failed on a parsed document", d->nsections, d->nclauses);
  vg_err_t err;
  vg_doc_t *back = vg_doc_from_json(j, &err);
  json_decref(j);
  if (!back) {
    fprintf(stderr, "fuzz oracle: vg_doc_from_json: %s\n", err.msg);
    vg_fuzz_fail("JSON round trip failed", d->nsections, d->nclauses);
  }
  if (back->text_len != d->text_len || back->nclauses != d->nclauses)
    vg_fuzz_fail("JSON round trip changed the document", back->text_len, back->nclauses);
  vg_doc_destroy(&back);
}

/* The harness of every parser target: parses data with parse under name; on success runs
 * after (may be NULL: the format's own checks), segments and checks the document; a failure
 * must carry a message and a document-level status. */
typedef int (*vg_fuzz_parse_fn)(const char *, size_t, const char *, vg_doc_t *, vg_err_t *);
static inline void vg_fuzz_parse_check(vg_fuzz_parse_fn parse, const uint8_t *data, size_t size,
                                       const char *name, void (*after)(const vg_doc_t *)) {
  vg_doc_t *d = vg_doc_new();
  if (!d) return;
  vg_err_t err;
  memset(&err, 0, sizeof err);
  int st = vg_doc_set(&d->id, "fuzz");
  if (!st) st = parse((const char *)data, size, name, d, &err);
  if (!st) {
    if (after) after(d);
    if (vg_segment_doc(d, &err) != VG_OK) vg_fuzz_fail("vg_segment_doc failed", 0, 0);
    vg_fuzz_check_doc(d);
  } else if (!err.msg[0]) {
    vg_fuzz_fail("failure without a message", (size_t)-st, 0);
  } else if (!vg_status_is_doc(st)) {
    vg_fuzz_fail("service-level status for a bad document", (size_t)-st, 0);
  }
  vg_doc_destroy(&d);
}

#endif
