/* vg_analyser_lang.h: the analyser's language step: fills the language of a document and of
 * its sections when the source does not declare it (dossiers, DECP, some OCDS releases).
 *
 * For: calling vg_lang (libexttextcat) on undeclared text and recording what was decided in
 * doc->processing["language"] (detector, result, confidence, which sections), so that the
 * stemming the index applies can be traced back.
 * Not for: the detection itself (classifiers/lang) or stemming (services/xapian). */
#ifndef VG_ANALYSER_LANG_H
#define VG_ANALYSER_LANG_H

#include "vg_doc.h"
#include "vg_lang.h"

/* Sections of at least VG_LANG_MIN_LETTERS letters without a language get their own
 * detection; when doc->lang is unset, it and the shorter sections get the detection over the
 * whole text (when it is set, shorter sections stay NULL: the index uses doc->lang).
 * Declared languages are never changed. Returns VG_OK or VG_E_NOMEM; undecided text keeps
 * lang NULL (the index then does not stem it). */
int vg_analyser_detect_lang(vg_lang_t *l, vg_doc_t *doc);

#endif
