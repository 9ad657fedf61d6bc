/* vg_segment.h: cuts the sections of a document into clauses.
 *
 * For: any vg_doc_t whose sections are filled (notices today, dossier files later).
 * Clauses are cut at paragraph breaks, before numbered items ("1.", "2.1", "a)",
 * "Article 5 -", "ARTICLE 5.2") and, in paragraphs longer than VG_SEG_LONG_PARA bytes,
 * at sentence ends (never after abbreviations such as "Art.", "e.g.", "n°", nor inside
 * decimals such as "2.5"). Every clause is trimmed of blanks, lies inside its section,
 * and holds at least VG_SEG_MIN_LETTERS letters; clause->number is set when the clause
 * starts with a clause number.
 * Not for: classification (labels are set later) or text extraction. */
#ifndef VG_SEGMENT_H
#define VG_SEGMENT_H

#ifdef __cplusplus
extern "C" {
#endif

#include "vg_doc.h"
#include "vg_status.h"

#define VG_SEG_MAX_CLAUSES 20000 /* per document; further text is left unsegmented */
#define VG_SEG_LONG_PARA 200     /* bytes: longer paragraphs are also cut at sentence ends */
#define VG_SEG_MIN_LETTERS 3     /* shorter clauses (in letters) are dropped */

/* Appends clauses for every section of doc (existing clauses are kept). Returns VG_OK,
 * or VG_E_NOMEM. When VG_SEG_MAX_CLAUSES is reached, stops, sets
 * doc->processing["clauses_truncated"] = true and still returns VG_OK. */
int vg_segment_doc(vg_doc_t *doc, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
