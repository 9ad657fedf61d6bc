/* fuzz_notice.c: libFuzzer entry point: any bytes -> vg_notice_parse -> vg_segment_doc ->
 * vg_doc_to_json. Checks that nothing crashes, leaks or breaks the clause invariants.
 * Not for: the normal build (clang + VIGIE_FUZZ only). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "vg_notice.h"
#include "vg_segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vg_doc_t *d = vg_doc_new();
  if (!d) return 0;
  vg_err_t err;
  if (vg_doc_set(&d->id, "fuzz") == VG_OK &&
      vg_notice_parse((const char *)data, size, "fuzz.xml", d, &err) == VG_OK &&
      vg_segment_doc(d, &err) == VG_OK) {
    for (size_t i = 0; i < d->nclauses; i++) {
      const vg_clause_t *c = &d->clauses[i];
      const vg_section_t *s = &d->sections[c->section];
      if (c->start >= c->end || c->start < s->start || c->end > s->end) abort();
    }
    json_t *j = vg_doc_to_json(d);
    json_decref(j);
  }
  vg_doc_destroy(&d);
  return 0;
}
