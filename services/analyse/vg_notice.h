/* vg_notice.h: turns one procurement notice (XML bytes) into a vg_doc_t.
 *
 * For: EU eForms UBL notices (every root type: ContractNotice, PriorInformationNotice,
 * ContractAwardNotice, BusinessRegistrationInformationNotice...) and TED R2.0.8/R2.0.9
 * TED_EXPORT notices: metadata, lots, doc->fields and the free-text sections.
 * Not for: segmentation into clauses (vg_segment.h), classification or rules.
 *
 * Safety: the parser never resolves entities, never loads a DTD or touches the network,
 * and refuses any document that carries a DOCTYPE / DTD / entity declaration. Input is
 * bounded by VG_NOTICE_MAX_BYTES; nesting by libxml2's limit (256 levels). */
#ifndef VG_NOTICE_H
#define VG_NOTICE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

/* Largest notice accepted, in bytes (the biggest real eForms notice seen is ~2 MiB). */
#define VG_NOTICE_MAX_BYTES ((size_t)32 * 1024 * 1024)

/* Parses buf[0..len) (name is only used in messages; may be NULL) and fills doc, whose id
 * and source the caller has set. Sets doc->format to "eforms" or "ted".
 * Returns VG_OK, or a document-level status with err (may be NULL) explaining why:
 *   VG_E_EMPTY      no bytes / only blanks;
 *   VG_E_TOO_BIG    more than VG_NOTICE_MAX_BYTES;
 *   VG_E_FORBIDDEN  DOCTYPE, DTD or entity declaration present;
 *   VG_E_ENCODING   bytes invalid for the declared encoding;
 *   VG_E_INPUT      not well-formed XML (truncated, too deep...) or unknown root element;
 *   VG_E_NOMEM      (service-level) allocation failure.
 * On failure doc may hold partial data; callers dead-letter it. */
int vg_notice_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
