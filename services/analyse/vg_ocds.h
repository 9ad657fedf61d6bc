/* vg_ocds.h: turns an Open Contracting Data Standard (OCDS 1.0 / 1.1) JSON file into a vg_doc_t.
 *
 * For: release packages, record packages (compiledRelease preferred) and single releases.
 * The latest release (by date; a record's compiledRelease wins) gives the metadata; the free
 * text of every embedded release becomes sections (identical texts kept once).
 * Not for: segmentation, rules, fetching linked releases (URLs are never followed).
 *
 * Safety: input bounded by VG_OCDS_MAX_BYTES; jansson refuses invalid UTF-8, NUL bytes and
 * nesting deeper than its JSON_PARSER_MAX_DEPTH (2048). */
#ifndef VG_OCDS_H
#define VG_OCDS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <jansson.h>
#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

/* Largest OCDS / DECP JSON file accepted, in bytes. */
#define VG_OCDS_MAX_BYTES ((size_t)32 * 1024 * 1024)

/* Parses buf[0..len) (name only used in messages; may be NULL) and fills doc, whose id and
 * source the caller has set. Sets doc->format = "ocds". Returns VG_OK or:
 *   VG_E_EMPTY, VG_E_TOO_BIG (> VG_OCDS_MAX_BYTES), VG_E_ENCODING (invalid UTF-8),
 *   VG_E_INPUT (not JSON: message holds line and column; or nested too deeply),
 *   VG_E_UNSUPPORTED (valid JSON but no release: schema, codelist...), VG_E_NOMEM. */
int vg_ocds_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc, vg_err_t *err);

/* Internal, shared with vg_decp.c: the bounded JSON front door (size, blanks, jansson error
 * mapping as above). Returns VG_OK and a new reference in *out. */
int vg__json_load(const char *buf, size_t len, const char *name, json_t **out, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
