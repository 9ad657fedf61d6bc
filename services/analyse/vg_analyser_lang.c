/* vg_analyser_lang.c: language of undeclared text (see vg_analyser_lang.h). */
#include "vg_analyser_lang.h"

#include <jansson.h>
#include <string.h>

/* Detects text[0,len); on success copies the code into *slot and returns 1, else 0. */
static int s_detect(vg_lang_t *l, const char *text, size_t len, char code[3], double *conf) {
  vg_err_t e = {{0}};
  return vg_lang_detect(l, text, len, code, conf, &e) == VG_OK;
}

int vg_analyser_detect_lang(vg_lang_t *l, vg_doc_t *doc) {
  if (!l || !doc->text || doc->text_len == 0) return VG_OK;
  size_t undeclared = 0;
  for (size_t i = 0; i < doc->nsections; i++) undeclared += doc->sections[i].lang == NULL;
  if (doc->lang && undeclared == 0) return VG_OK;
  json_t *rec = json_pack("{s:s, s:o}", "detector", "libexttextcat", "sections", json_array());
  if (!rec) return VG_E_NOMEM;
  json_t *secs = json_object_get(rec, "sections");
  /* whole-text guess, only when the document declares no language: it becomes the
   * document's language and the fallback for short sections (with a declared language, short
   * undeclared sections stay NULL and the index stems them with the document's) */
  char whole[3] = "";
  double wconf = 0;
  int have_whole = !doc->lang && s_detect(l, doc->text, doc->text_len, whole, &wconf);
  if (have_whole) {
    json_object_set_new(rec, "document", json_string(whole));
    json_object_set_new(rec, "confidence", json_real(wconf));
    if (vg_doc_set(&doc->lang, whole)) goto nomem;
    json_object_set_new(rec, "set_document_lang", json_true());
  }
  for (size_t i = 0; i < doc->nsections; i++) {
    vg_section_t *s = &doc->sections[i];
    if (s->lang) continue;
    char code[3] = "";
    double conf = 0;
    const char *how = "own text";
    if (!s_detect(l, doc->text + s->start, s->end - s->start, code, &conf)) {
      if (!have_whole) continue;
      memcpy(code, whole, sizeof code);
      conf = wconf;
      how = "whole document";
    }
    if (vg_doc_set(&s->lang, code)) goto nomem;
    /* the first 50 decisions are listed: a PDF of 300 pages would make a long record */
    if (json_array_size(secs) < 50)
      json_array_append_new(secs, json_pack("{s:I, s:s, s:s, s:f}", "section", (json_int_t)i,
                                            "lang", code, "from", how, "confidence", conf));
  }
  json_object_set_new(doc->processing, "language", rec);
  return VG_OK;
nomem:
  json_decref(rec);
  return VG_E_NOMEM;
}
