/* vg_split.h: cuts a multi-part data file into standalone parts, one per contract / procedure.
 *
 * For: the ingest client, before submission: a DECP file (XML 2.0.2 or JSON 2.0.3) holding
 * several contracts gives one DECP document per contract; an OCDS release package whose
 * releases carry several distinct ocids gives one release package per ocid (a record package
 * with several ocids likewise gives one record package per ocid). Each part is a complete file
 * of the same format as the input, so the usual parser (vg_decp_parse / vg_ocds_parse) reads
 * it as a one-contract / one-procedure document.
 * Not for: notices (eForms, TED), dossiers, files with a single part: those are "not
 * splittable" (VG_E_NOTFOUND) and are submitted as they are. Not for parsing contents either.
 *
 * Parts: DECP contracts are grouped by (buyer id, contract id); byte-for-byte equal repeats of
 * a contract are dropped, differing entries with the same key (versions) stay together in one
 * part. XML parts are re-serialised by libxml2 (UTF-8); JSON parts by jansson (compact, keys
 * in input order, reals printed with 17 significant digits so every amount reads back as the
 * same double). OCDS parts keep the package metadata (uri, publisher, license...).
 *
 * Safety and limits: input bounded by VG_OCDS_MAX_BYTES, at most VG_SPLIT_MAX_PARTS parts;
 * XML read with XML_PARSE_NONET and any DOCTYPE / entity declaration refused; JSON limits as
 * in vg_ocds.h. */
#ifndef VG_SPLIT_H
#define VG_SPLIT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_status.h"

/* Most parts one file may be cut into. */
#define VG_SPLIT_MAX_PARTS 100000

/* Called once per part. key: the contract id (DECP; "<buyer id>/<contract id>" when the same
 * contract id is used by several buyers of the file) or the ocid (OCDS). part[0..part_len)
 * is a complete file (not NUL-terminated). Both are borrowed, valid during the call only.
 * Return VG_OK to go on; any other value stops the split and vg_split() returns it. */
typedef int (*vg_split_cb)(void *ud, const char *key, const char *part, size_t part_len);

/* Splits buf[0..len) (name only used in messages; may be NULL). Returns:
 *   VG_OK            cb was called once per part (2 or more parts);
 *   VG_E_NOTFOUND    not splittable: one part only, not DECP/OCDS, or not readable as such
 *                    (submit as is; the analyser reports any parse error). cb never called;
 *   VG_E_TOO_BIG     more than VG_SPLIT_MAX_PARTS parts (cb never called);
 *   VG_E_NOMEM       out of memory; or cb's own non-VG_OK status.
 * err (may be NULL) says why for every non-VG_OK status. */
int vg_split(const char *buf, size_t len, const char *name, vg_split_cb cb, void *ud,
             vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
