/* vg_structure.h: cuts the text of a tender dossier (CCAP, RC, RFP...) into the clauses its
 * authors numbered: "ARTICLE 5", "Article 5 -", "Art. 3 –", "5.2.1 Title", "Section 2",
 * "Part II", "Chapitre III", "TITRE I", "II - Title", lettered items "a)" "b.", and short
 * all-capitals lines (headings without a number).
 *
 * For: vg_doc_t filled by vg_dossier_extract() (one paragraph per line; PDF: one section
 * per page). Every numbered unit is one clause: its own heading line plus its body up to the
 * next heading of ANY level (so a parent's clause holds only its own text, not its
 * children's); clause->heading is the path of headings from the top ("Article 11 - Prix >
 * 11.2 Pénalités de retard"), each element the heading line as written (white space
 * collapsed, dot leaders dropped, at most VG_STRUCT_MAX_TITLE bytes); lettered items use
 * their number alone as path element ("a)"). Text before the first heading (preamble) is
 * a clause with heading and number NULL. A table of contents (a run of lines ending in dot
 * leaders and a page number, or a run of headings without bodies repeated later, optionally
 * under a "Sommaire"/"Table des matières"/"Contents" line) becomes ONE clause with heading
 * "Table des matières" (French text) or "Contents" (otherwise) and number NULL; its lines
 * never open clauses. References in text ("l'article L2192-10", "Art. R2151-2", "voir 5.2
 * ci-dessus"), amounts, dates, decimals and page footers ("Page 3/12", "- 3 -") never open
 * a clause; footers stay inside a clause when they fall inside it, and are trimmed off its
 * end otherwise. Bodies longer than VG_STRUCT_LONG_BODY bytes are cut further at line
 * breaks; the pieces keep the number and heading path.
 * Not for: notices (vg_segment.h), classification, page numbers (the caller sets
 * clause->page with vg_dossier_page_of()). */
#ifndef VG_STRUCTURE_H
#define VG_STRUCTURE_H

#ifdef __cplusplus
extern "C" {
#endif

#include "vg_doc.h"
#include "vg_segment.h"
#include "vg_status.h"

#define VG_STRUCT_LONG_BODY 4096 /* bytes: longer clauses are cut at line breaks */
#define VG_STRUCT_MAX_TITLE 120  /* bytes of one heading-path element */
#define VG_STRUCT_MAX_DEPTH 16   /* heading levels kept; deeper headings nest at the last */
#define VG_STRUCT_MAX_LINES 1000000 /* non-blank lines looked at (about 90 bytes of working
                                       memory each); text past them is left unsegmented */

/* Appends clauses covering doc->text (existing clauses are kept). Each clause: start/end
 * exact byte offsets into doc->text, trimmed of blanks, on UTF-8 boundaries, ordered and
 * non-overlapping; clause->section = the section holding its start (a clause may run over
 * several page sections); number/heading as described above (copies owned by doc). Clauses
 * with fewer than VG_SEG_MIN_LETTERS letters are dropped. At most VG_SEG_MAX_CLAUSES in the
 * document and VG_STRUCT_MAX_LINES lines looked at: past either, stops, sets
 * doc->processing["clauses_truncated"] = true and still returns VG_OK. A document without
 * sections gets no clause. Returns VG_OK or VG_E_NOMEM (err, may be NULL, says why; the
 * clauses appended so far stay). */
int vg_structure_segment(vg_doc_t *doc, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
