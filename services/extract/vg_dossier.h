/* vg_dossier.h: turns the bytes of one tender-dossier file (PDF, DOCX, ODT, HTML, plain
 * text) into the text and sections of a vg_doc_t.
 *
 * For: format detection by content, bounded text extraction, UTF-8 output with one
 * paragraph per line, page bookkeeping for PDF.
 * Not for: language detection (sections get lang NULL), segmentation into clauses,
 * OCR of scanned pages, legacy .doc/.rtf. */
#ifndef VG_DOSSIER_H
#define VG_DOSSIER_H

#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

/* Named limits (bytes unless said otherwise). */
#define VG_DOSSIER_MAX_INPUT   (128u * 1024u * 1024u) /* source file size */
#define VG_DOSSIER_MAX_TEXT    (32u * 1024u * 1024u)  /* extracted UTF-8 text */
#define VG_DOSSIER_MAX_UNZIP   (64u * 1024u * 1024u)  /* total bytes inflated from a zip */
#define VG_DOSSIER_MAX_ENTRIES 4096u                  /* zip entries looked at */
#define VG_DOSSIER_MAX_PAGES   10000                  /* PDF pages */

/* Extracts buf[0,len) into doc: sets doc->format ("pdf", "docx", "odt", "html", "text")
 * and appends sections (lang NULL): one per page for PDF (field "page:N", N from 1), one
 * field "body" otherwise. Inside a section paragraphs are separated by "\n", other runs
 * of white space are collapsed to one space. name (may be NULL) is only used in messages
 * and to reject a ".docx"/".odt" that is not a zip. doc->source/id are not touched.
 * Returns VG_OK; VG_E_EMPTY (no text), VG_E_TOO_BIG (over a limit), VG_E_INPUT (corrupt),
 * VG_E_UNSUPPORTED (encrypted PDF, zip that is neither DOCX nor ODT), VG_E_FORBIDDEN
 * (zip path traversal, DTD in the XML), VG_E_NOMEM; err (may be NULL) gets the detail.
 * On failure doc may hold a partial text: discard it. */
int vg_dossier_extract(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                       vg_err_t *err);

/* Returns the 1-based page holding byte offset of doc->text, for documents extracted
 * from a PDF (sections "page:N"); an offset in the separator between two pages counts
 * for the next page. Returns 0 when the document has no page sections. */
int vg_dossier_page_of(const vg_doc_t *doc, size_t offset);

#endif
