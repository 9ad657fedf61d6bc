/* fuzz_segment.c: libFuzzer entry point for the clause segmenter: arbitrary bytes become a
 * document of UTF-8 sections (byte 0x1E separates sections; NUL and bytes that are not part
 * of valid UTF-8 are replaced by '?', because doc->text is valid UTF-8 by contract), then
 * vg_segment_doc and the contract of tests/fuzz/vg_fuzz_check.h.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vg_fuzz_check.h"
#include "vg_segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Copies data into a valid UTF-8 buffer of the same length. */
static char *s_utf8(const uint8_t *data, size_t size) {
  char *t = malloc(size + 1);
  if (!t) return NULL;
  memcpy(t, data, size);
  t[size] = '\0';
  size_t i = 0;
  while (i < size) {
    size_t bad = vg_fuzz_utf8_bad((const unsigned char *)t + i, size - i);
    if (bad == size - i) break;
    t[i + bad] = '?';
    i += bad + 1;
  }
  for (size_t k = 0; k < size; k++)
    if (!t[k]) t[k] = '?';
  return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const langs[] = {"fr", "en", "de", NULL};
  char *t = s_utf8(data, size);
  vg_doc_t *d = t ? vg_doc_new() : NULL;
  if (!d || vg_doc_set(&d->id, "fuzz") != VG_OK) {
    vg_doc_destroy(&d);
    free(t);
    return 0;
  }
  size_t start = 0, n = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i < size && t[i] != '\x1e') continue;
    if (vg_doc_add_section(d, "body", langs[n++ % 4], NULL, t + start, i - start) < 0) break;
    start = i + 1;
  }
  vg_err_t err;
  if (vg_segment_doc(d, &err) != VG_OK) vg_fuzz_fail("vg_segment_doc failed", 0, 0);
  vg_fuzz_check_doc(d);
  vg_doc_destroy(&d);
  free(t);
  return 0;
}
