/* vg_dossier_int.h: private to services/extract: the bounded line builder shared by
 * the format readers, and the per-format entry points. Not for use outside this folder. */
#ifndef VG_DOSSIER_INT_H
#define VG_DOSSIER_INT_H

#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

/* Growable UTF-8 text: white space collapsed, one paragraph per line, no empty line. */
typedef struct {
  char *p;
  size_t n, cap;
  size_t limit;    /* hard cap on n (VG_E_TOO_BIG past it) */
  size_t line;     /* offset where the current line starts */
  int pend;        /* a space is pending before the next character */
  int st;          /* first error, sticky */
} vg__lines_t;

void vg__lines_init(vg__lines_t *l, size_t limit);
void vg__lines_free(vg__lines_t *l);
/* Appends UTF-8 text (must be valid): white space collapses, control bytes dropped,
 * '\n' ends the line. */
void vg__lines_text(vg__lines_t *l, const char *s, size_t len);
/* Ends the current line (no-op when it is empty). */
void vg__lines_end(vg__lines_t *l);
/* Ends the current line and appends l as a section; returns VG_OK or a status. */
int vg__lines_flush(vg__lines_t *l, vg_doc_t *doc, const char *field);

/* Decodes bytes that are not valid UTF-8 as Windows-1252 into l. */
void vg__lines_cp1252(vg__lines_t *l, const char *s, size_t len);

int vg__extract_pdf(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err);
int vg__extract_zip(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err);
int vg__extract_html(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                     vg_err_t *err);

#endif
