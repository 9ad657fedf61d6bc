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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vg_fuzz_parse_check(vg_notice_parse, data, size, "fuzz.xml", NULL);
  return 0;
}
