/* fuzz_docx.c: libFuzzer entry point for the DOCX/ODT reader: zip bytes (they must start
 * with the local-header magic "PK\3\4", else the input is ignored) -> vg_dossier_extract
 * (libarchive + xmlReader) -> vg_segment_doc -> the contract of tests/fuzz/vg_fuzz_check.h.
 * Seeds are stored (uncompressed) zips so that mutations reach the XML.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_fuzz_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4 || memcmp(data, "PK\x03\x04", 4)) return 0;
  vg_fuzz_extract(data, size, (size & 1) ? "fuzz.odt" : "fuzz.docx");
  return 0;
}
