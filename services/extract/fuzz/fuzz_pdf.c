/* fuzz_pdf.c: libFuzzer entry point for the PDF reader: bytes starting with "%PDF-" (others
 * are ignored) -> vg_dossier_extract (poppler-glib) -> page lookup, vg_segment_doc and the
 * contract of tests/fuzz/vg_fuzz_check.h. poppler itself is not instrumented: coverage
 * feedback comes from our code only, ASan still sees poppler's heap through its interceptors.
 * Not for: the normal build (clang + VIGIE_FUZZ only); fuzz_replay links it under gcc. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_fuzz_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 5 || memcmp(data, "%PDF-", 5)) return 0;
  vg_fuzz_extract(data, size, "fuzz.pdf");
  return 0;
}
