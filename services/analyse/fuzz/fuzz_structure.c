/* fuzz_structure.c: libFuzzer entry point for the dossier structure segmenter: any bytes ->
 * valid UTF-8 text (bad bytes and NULs become '?', a form feed starts a new "page:N"
 * section, like a PDF page) -> vg_structure_segment. Aborts when a clause breaks the
 * contract of vg_structure.h: bounds inside the text, start < end, ordered and
 * non-overlapping, UTF-8 boundaries, trimmed, section holding the start, bounded strings.
 * Not for: the normal build (clang + VIGIE_FUZZ, or the gcc replay driver). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_structure.h"

#define S_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the valid UTF-8 sequence at s[i], 0 when invalid (strict: no overlong forms,
 * no surrogates, nothing past U+10FFFF). */
static size_t s_utf8(const uint8_t *s, size_t i, size_t n) {
  uint8_t c = s[i];
  if (c < 0x80) return c ? 1 : 0;
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (size_t k = 2; k < len; k++)
    if ((s[i + k] & 0xC0) != 0x80) return 0;
  return len;
}

static void s_fail(const char *what, size_t i) {
  fprintf(stderr, "fuzz_structure: clause %zu: %s\n", i, what);
  abort();
}

static int s_blank(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > S_MAX_INPUT) return 0;
  char *t = malloc(size + 1);
  vg_doc_t *d = vg_doc_new();
  if (!t || !d || vg_doc_set(&d->id, "fuzz") != VG_OK) goto out;
  size_t n = 0, page = 0, from = 0;
  for (size_t i = 0; i < size;) {
    size_t k = s_utf8(data, i, size);
    if (k == 0) {
      t[n++] = '?';
      i++;
      continue;
    }
    memcpy(t + n, data + i, k);
    n += k;
    i += k;
  }
  for (size_t i = 0; i <= n; i++) {
    if (i < n && t[i] != '\f') continue;
    char field[32];
    snprintf(field, sizeof field, "page:%zu", ++page);
    if (vg_doc_add_section(d, field, NULL, NULL, t + from, i - from) < 0) goto out;
    from = i + 1;
  }
  vg_err_t err;
  if (vg_structure_segment(d, &err) != VG_OK) goto out;
  size_t prev_end = 0;
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    const unsigned char *x = (const unsigned char *)d->text;
    if (c->start >= c->end || c->end > d->text_len) s_fail("bounds", i);
    if (c->start < prev_end) s_fail("overlap or order", i);
    prev_end = c->end;
    if ((x[c->start] & 0xC0) == 0x80 || (c->end < d->text_len && (x[c->end] & 0xC0) == 0x80))
      s_fail("not on a UTF-8 boundary", i);
    if (s_blank(x[c->start]) || s_blank(x[c->end - 1])) s_fail("not trimmed", i);
    if (c->section >= d->nsections) s_fail("section index", i);
    const vg_section_t *s = &d->sections[c->section];
    if (c->start < s->start || c->start >= s->end) s_fail("start outside its section", i);
    if (c->number && strlen(c->number) >= 64) s_fail("number too long", i);
    if (c->heading && strlen(c->heading) > VG_STRUCT_MAX_DEPTH * (VG_STRUCT_MAX_TITLE + 3))
      s_fail("heading too long", i);
  }
  if (d->nclauses > VG_SEG_MAX_CLAUSES) s_fail("too many clauses", d->nclauses);
out:
  vg_doc_destroy(&d);
  free(t);
  return 0;
}
