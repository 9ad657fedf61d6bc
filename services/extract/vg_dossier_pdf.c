/* vg_dossier_pdf.c: PDF reader over poppler-glib: one section per page ("page:N").
 * Not for: scanned pages (no OCR: an image-only page gives an empty section), forms,
 * annotations. Note on stderr: poppler-glib 22.12 exports no error-callback hook, so
 * nothing is installed here (no global state touched); measured, it printed nothing for
 * the truncated and encrypted fixtures nor for the 15 corpus PDFs. Should a damaged file
 * make poppler's core print, the lines go to the process's stderr. */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "vg_dossier.h"
#include "vg_dossier_int.h"

int vg__extract_pdf(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err) {
  GBytes *bytes = g_bytes_new_static(buf, len); /* buf outlives the document below */
  GError *gerr = NULL;
  PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
  g_bytes_unref(bytes);
  if (!pd) {
    int st = VG_E_INPUT;
    const char *why = "damaged or truncated PDF";
    if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED) {
      st = VG_E_UNSUPPORTED;
      why = "encrypted PDF";
    }
    st = vg_err_set(err, st, "cannot read '%s': %s (%s)", name, why,
                    gerr && gerr->message ? gerr->message : "no detail");
    if (gerr) g_error_free(gerr);
    return st;
  }
  int st = VG_OK;
  int npages = poppler_document_get_n_pages(pd);
  if (npages <= 0) {
    st = vg_err_set(err, VG_E_EMPTY, "'%s' has no page", name);
  } else if (npages > VG_DOSSIER_MAX_PAGES) {
    st = vg_err_set(err, VG_E_TOO_BIG, "'%s' has %d pages (limit %d)", name, npages,
                    VG_DOSSIER_MAX_PAGES);
  }
  vg__lines_t l;
  vg__lines_init(&l, VG_DOSSIER_MAX_TEXT);
  size_t total = 0;
  for (int i = 0; i < npages && !st; i++) {
    PopplerPage *page = poppler_document_get_page(pd, i);
    char *text = page ? poppler_page_get_text(page) : NULL;
    if (text) {
      vg__lines_text(&l, text, strlen(text));
      g_free(text);
    }
    if (page) g_object_unref(page);
    /* the text limit holds for the whole document, not per page */
    if (!l.st && l.n > VG_DOSSIER_MAX_TEXT - total) l.st = VG_E_TOO_BIG;
    total += l.n;
    char field[32];
    snprintf(field, sizeof field, "page:%d", i + 1);
    st = vg__lines_flush(&l, doc, field);
    if (st)
      st = vg_err_set(err, st, "cannot read '%s' page %d: %s", name, i + 1,
                      vg_status_str(st));
  }
  vg__lines_free(&l);
  g_object_unref(pd);
  if (!st) st = vg_doc_set(&doc->format, "pdf");
  return st;
}
