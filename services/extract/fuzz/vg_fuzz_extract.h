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

/* What a successful extraction must give before segmentation: a format, sections, pages in
 * range. */
static inline void vg_fuzz_extract_after(const vg_doc_t *d) {
  if (!d->format) vg_fuzz_fail("no format set", 0, 0);
  if (!d->nsections) vg_fuzz_fail("VG_OK without a section", 0, 0);
  for (size_t i = 0; i < d->nsections; i++) {
    int page = vg_dossier_page_of(d, d->sections[i].start);
    if (page < 0 || page > VG_DOSSIER_MAX_PAGES) vg_fuzz_fail("page out of range", i, 0);
  }
}

static inline void vg_fuzz_extract(const uint8_t *data, size_t size, const char *name) {
  vg_fuzz_parse_check(vg_dossier_extract, data, size, name, vg_fuzz_extract_after);
}

#endif
