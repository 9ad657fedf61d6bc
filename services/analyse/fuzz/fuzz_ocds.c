/* fuzz_ocds.c: libFuzzer entry point for the open-data parsers: the same bytes go through
 * vg_ocds_parse (OCDS JSON) and vg_decp_parse (DECP JSON or XML), each successful result
 * through vg_segment_doc and the contract of tests/fuzz/vg_fuzz_check.h.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_decp.h"
#include "vg_fuzz_check.h"
#include "vg_ocds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vg_fuzz_parse_check(vg_ocds_parse, data, size, "fuzz.json", NULL);
  vg_fuzz_parse_check(vg_decp_parse, data, size, "fuzz.json", NULL);
  return 0;
}
