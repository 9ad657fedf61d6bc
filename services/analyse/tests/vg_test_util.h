/* vg_test_util.h: helpers for the analyse tests: whole-file reads and the clause
 * invariants every segmented document must satisfy.
 * Not for: production code. */
#ifndef VG_TEST_UTIL_H
#define VG_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vg_doc.h"

/* Reads a whole file; returns a malloc'd buffer (NUL-terminated) or NULL. */
static inline char *vg_test_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = NULL;
  size_t n = 0, cap = 0, r;
  char chunk[65536];
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n + r + 1 > cap) {
      cap = (n + r + 1) * 2;
      char *nb = realloc(b, cap);
      if (!nb) break;
      b = nb;
    }
    memcpy(b + n, chunk, r);
    n += r;
  }
  fclose(f);
  if (!b) b = calloc(1, 1);
  else b[n] = '\0';
  *len = n;
  return b;
}

static inline int vg_test_blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Every clause lies inside its section, is non-empty and trimmed, ids are unique. */
static inline void vg_test_check_clauses(const vg_doc_t *d) {
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    assert_true(c->section < d->nsections);
    const vg_section_t *s = &d->sections[c->section];
    assert_true(c->start < c->end);
    assert_true(c->start >= s->start);
    assert_true(c->end <= s->end);
    assert_false(vg_test_blank((unsigned char)d->text[c->start]));
    assert_false(vg_test_blank((unsigned char)d->text[c->end - 1]));
    /* boundaries on UTF-8 code points */
    assert_true(((unsigned char)d->text[c->start] & 0xC0) != 0x80);
    assert_true(c->end == d->text_len || ((unsigned char)d->text[c->end] & 0xC0) != 0x80);
    if (i) assert_true(strcmp(c->id, d->clauses[i - 1].id) != 0);
  }
  for (size_t i = 0; i < d->nsections; i++) {
    assert_true(d->sections[i].start <= d->sections[i].end);
    assert_true(d->sections[i].end <= d->text_len);
  }
}

#endif
