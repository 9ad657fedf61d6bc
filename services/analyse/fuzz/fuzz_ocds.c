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
#include "vg_segment.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef int (*s_parse_fn)(const char *, size_t, const char *, vg_doc_t *, vg_err_t *);

static void s_one(s_parse_fn parse, const uint8_t *data, size_t size) {
  vg_doc_t *d = vg_doc_new();
  if (!d) return;
  vg_err_t err;
  memset(&err, 0, sizeof err);
  int st = vg_doc_set(&d->id, "fuzz");
  if (!st) st = parse((const char *)data, size, "fuzz.json", d, &err);
  if (!st) {
    if (vg_segment_doc(d, &err) != VG_OK) vg_fuzz_fail("vg_segment_doc failed", 0, 0);
    vg_fuzz_check_doc(d);
  } else if (!err.msg[0]) {
    vg_fuzz_fail("failure without a message", (size_t)-st, 0);
  } else if (!vg_status_is_doc(st)) {
    vg_fuzz_fail("service-level status for a bad document", (size_t)-st, 0);
  }
  vg_doc_destroy(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  s_one(vg_ocds_parse, data, size);
  s_one(vg_decp_parse, data, size);
  return 0;
}
