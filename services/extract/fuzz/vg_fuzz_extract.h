/* vg_fuzz_extract.h: the common body of the dossier fuzz targets: vg_dossier_extract on
 * the input under a given name, then (on success) the page lookup, vg_segment_doc and the
 * document contract of tests/fuzz/vg_fuzz_check.h. Header-only, used by fuzz_docx.c,
 * fuzz_pdf.c and fuzz_html_text.c. Not for: production code. */
#ifndef VG_FUZZ_EXTRACT_H
#define VG_FUZZ_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vg_dossier.h"
#include "vg_fuzz_check.h"
#include "vg_segment.h"

static inline void vg_fuzz_extract(const uint8_t *data, size_t size, const char *name) {
  vg_doc_t *d = vg_doc_new();
  if (!d) return;
  vg_err_t err;
  memset(&err, 0, sizeof err);
  if (vg_doc_set(&d->id, "fuzz") != VG_OK) {
    vg_doc_destroy(&d);
    return;
  }
  int st = vg_dossier_extract((const char *)data, size, name, d, &err);
  if (st == VG_OK) {
    if (!d->format) vg_fuzz_fail("no format set", 0, 0);
    if (!d->nsections) vg_fuzz_fail("VG_OK without a section", 0, 0);
    for (size_t i = 0; i < d->nsections; i++) {
      int page = vg_dossier_page_of(d, d->sections[i].start);
      if (page < 0 || page > VG_DOSSIER_MAX_PAGES) vg_fuzz_fail("page out of range", i, 0);
    }
    if (vg_segment_doc(d, &err) != VG_OK) vg_fuzz_fail("vg_segment_doc failed", 0, 0);
    vg_fuzz_check_doc(d);
  } else if (!err.msg[0]) {
    vg_fuzz_fail("failure without a message", (size_t)-st, 0);
  } else if (!vg_status_is_doc(st)) {
    vg_fuzz_fail("service-level status for a bad document", (size_t)-st, 0);
  }
  vg_doc_destroy(&d);
}

#endif
