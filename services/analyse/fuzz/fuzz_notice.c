/* fuzz_notice.c: libFuzzer entry point: any bytes -> vg_notice_parse -> vg_segment_doc,
 * then the document contract of tests/fuzz/vg_fuzz_check.h (valid UTF-8 text, sections and
 * clauses in bounds, JSON round trip). Nothing may crash, leak, hang or break the contract.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc to
 * replay tests/fuzz/regressions/fuzz_notice in ctest. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_fuzz_check.h"
#include "vg_notice.h"
#include "vg_segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vg_doc_t *d = vg_doc_new();
  if (!d) return 0;
  vg_err_t err;
  memset(&err, 0, sizeof err);
  int st = vg_doc_set(&d->id, "fuzz");
  if (!st) st = vg_notice_parse((const char *)data, size, "fuzz.xml", d, &err);
  if (!st) {
    if (vg_segment_doc(d, &err) != VG_OK) vg_fuzz_fail("vg_segment_doc failed", 0, 0);
    vg_fuzz_check_doc(d);
  } else if (!err.msg[0]) {
    vg_fuzz_fail("failure without a message", (size_t)-st, 0);
  } else if (!vg_status_is_doc(st)) {
    vg_fuzz_fail("service-level status for a bad document", (size_t)-st, 0);
  }
  vg_doc_destroy(&d);
  return 0;
}
