/* vg_doc.c: construction and destruction of the document model (see vg_doc.h).
 * JSON conversion lives in vg_doc_json.c. */
#include "vg_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *s_dup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

/* Grows *arr (of elem-size bytes) so that it holds at least n+1 elements. */
static int s_grow(void **arr, size_t *cap, size_t n, size_t elem) {
  if (n < *cap) return VG_OK;
  size_t nc = *cap ? *cap * 2 : 8;
  void *p = realloc(*arr, nc * elem);
  if (!p) return VG_E_NOMEM;
  memset((char *)p + *cap * elem, 0, (nc - *cap) * elem);
  *arr = p;
  *cap = nc;
  return VG_OK;
}

int vg_strv_push(vg_strv_t *sv, const char *s) {
  if (s_grow((void **)&sv->v, &sv->cap, sv->n, sizeof *sv->v)) return VG_E_NOMEM;
  if (!(sv->v[sv->n] = s_dup(s ? s : ""))) return VG_E_NOMEM;
  sv->n++;
  return VG_OK;
}

int vg_strv_has(const vg_strv_t *sv, const char *s) {
  for (size_t i = 0; i < sv->n; i++)
    if (strcmp(sv->v[i], s) == 0) return 1;
  return 0;
}

void vg_strv_clear(vg_strv_t *sv) {
  for (size_t i = 0; i < sv->n; i++) free(sv->v[i]);
  free(sv->v);
  memset(sv, 0, sizeof *sv);
}

const char *vg_outcome_str(vg_outcome_t o) {
  switch (o) {
    case VG_OUTCOME_FLAG: return "flag";
    case VG_OUTCOME_NO_FLAG: return "no_flag";
    case VG_OUTCOME_MISSING_DATA: return "missing_data";
    case VG_OUTCOME_NOT_APPLICABLE: return "not_applicable";
  }
  return "no_flag";
}

int vg_outcome_parse(const char *s, vg_outcome_t *out) {
  for (int o = VG_OUTCOME_FLAG; o <= VG_OUTCOME_NOT_APPLICABLE; o++)
    if (s && strcmp(s, vg_outcome_str((vg_outcome_t)o)) == 0) {
      *out = (vg_outcome_t)o;
      return VG_OK;
    }
  return VG_E_INPUT;
}

vg_doc_t *vg_doc_new(void) {
  vg_doc_t *d = calloc(1, sizeof *d);
  if (!d) return NULL;
  d->fields = json_object();
  d->processing = json_object();
  d->text = calloc(1, 1);
  if (!d->fields || !d->processing || !d->text) vg_doc_destroy(&d);
  return d;
}

static void s_flag_free(vg_flag_t *f) {
  char **strs[] = {&f->id, &f->rule_id, &f->rule_version, &f->model_id, &f->model_sha256,
                   &f->severity, &f->legal_basis, &f->reason, &f->explanation,
                   &f->explanation_en, &f->clause_id, &f->field, &f->excerpt};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) free(*strs[i]);
  json_decref(f->inputs);
  json_decref(f->thresholds);
}

void vg_doc_destroy(vg_doc_t **pdoc) {
  if (!pdoc || !*pdoc) return;
  vg_doc_t *d = *pdoc;
  char **strs[] = {&d->id, &d->source, &d->format, &d->notice_id, &d->procedure_id,
                   &d->notice_type, &d->notice_subtype, &d->lang, &d->title, &d->buyer,
                   &d->buyer_kind, &d->country, &d->procedure, &d->contract_nature,
                   &d->dispatch_date, &d->deadline, &d->deadline_time, &d->currency, &d->text};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) free(*strs[i]);
  vg_strv_clear(&d->cpv);
  for (size_t i = 0; i < d->nlots; i++) {
    free(d->lots[i].id);
    free(d->lots[i].title);
    free(d->lots[i].currency);
    vg_strv_clear(&d->lots[i].cpv);
  }
  free(d->lots);
  for (size_t i = 0; i < d->nsections; i++) {
    free(d->sections[i].field);
    free(d->sections[i].lang);
    free(d->sections[i].lot);
  }
  free(d->sections);
  for (size_t i = 0; i < d->nclauses; i++) {
    free(d->clauses[i].id);
    free(d->clauses[i].number);
    free(d->clauses[i].heading);
    free(d->clauses[i].label);
  }
  free(d->clauses);
  for (size_t i = 0; i < d->nflags; i++) s_flag_free(&d->flags[i]);
  free(d->flags);
  json_decref(d->fields);
  json_decref(d->processing);
  free(d);
  *pdoc = NULL;
}

int vg_doc_set(char **slot, const char *s) {
  char *c = NULL;
  if (s && !(c = s_dup(s))) return VG_E_NOMEM;
  free(*slot);
  *slot = c;
  return VG_OK;
}

long vg_doc_add_section(vg_doc_t *doc, const char *field, const char *lang, const char *lot,
                        const char *text, size_t len) {
  if (s_grow((void **)&doc->sections, &doc->sections_cap, doc->nsections, sizeof *doc->sections))
    return VG_E_NOMEM;
  size_t sep = doc->text_len ? 2 : 0;
  char *t = realloc(doc->text, doc->text_len + sep + len + 1);
  if (!t) return VG_E_NOMEM;
  doc->text = t;
  if (sep) memcpy(t + doc->text_len, "\n\n", 2);
  memcpy(t + doc->text_len + sep, text, len);
  vg_section_t *s = &doc->sections[doc->nsections];
  memset(s, 0, sizeof *s);
  s->start = doc->text_len + sep;
  s->end = s->start + len;
  doc->text_len = s->end;
  t[doc->text_len] = '\0';
  if (vg_doc_set(&s->field, field) || vg_doc_set(&s->lang, lang) || vg_doc_set(&s->lot, lot))
    return VG_E_NOMEM;
  return (long)doc->nsections++;
}

vg_lot_t *vg_doc_add_lot(vg_doc_t *doc, const char *id) {
  if (s_grow((void **)&doc->lots, &doc->lots_cap, doc->nlots, sizeof *doc->lots)) return NULL;
  vg_lot_t *l = &doc->lots[doc->nlots];
  memset(l, 0, sizeof *l);
  if (vg_doc_set(&l->id, id)) return NULL;
  doc->nlots++;
  return l;
}

vg_clause_t *vg_doc_add_clause(vg_doc_t *doc, size_t section, size_t start, size_t end) {
  if (s_grow((void **)&doc->clauses, &doc->clauses_cap, doc->nclauses, sizeof *doc->clauses))
    return NULL;
  vg_clause_t *c = &doc->clauses[doc->nclauses];
  memset(c, 0, sizeof *c);
  char id[160];
  snprintf(id, sizeof id, "%s/c%zu", doc->id ? doc->id : "doc", doc->nclauses + 1);
  if (vg_doc_set(&c->id, id)) return NULL;
  c->section = section;
  c->start = start;
  c->end = end;
  doc->nclauses++;
  return c;
}

vg_flag_t *vg_doc_add_flag(vg_doc_t *doc) {
  if (s_grow((void **)&doc->flags, &doc->flags_cap, doc->nflags, sizeof *doc->flags)) return NULL;
  vg_flag_t *f = &doc->flags[doc->nflags++];
  memset(f, 0, sizeof *f);
  f->outcome = VG_OUTCOME_NO_FLAG;
  return f;
}

size_t vg_doc_count_flags(const vg_doc_t *doc) {
  size_t n = 0;
  for (size_t i = 0; i < doc->nflags; i++) n += doc->flags[i].outcome == VG_OUTCOME_FLAG;
  return n;
}
