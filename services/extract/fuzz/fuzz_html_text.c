/* fuzz_html_text.c: libFuzzer entry point for the HTML reader (libxml2 HTML parser) and the
 * plain-text reader (UTF-8, else Windows-1252): any bytes except PDF and zip magic (those
 * have their own targets) -> vg_dossier_extract -> vg_segment_doc -> the contract of
 * tests/fuzz/vg_fuzz_check.h. The name alternates between ".txt" and ".docx" so that the
 * "named .docx but not a zip" refusal is exercised too.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_fuzz_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 5 && !memcmp(data, "%PDF-", 5)) return 0;
  if (size >= 4 && !memcmp(data, "PK\x03\x04", 4)) return 0;
  vg_fuzz_extract(data, size, (size % 16 == 15) ? "fuzz.docx" : "fuzz.txt");
  return 0;
}
