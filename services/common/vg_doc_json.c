/* vg_doc_json.c: the document model <-> JSON (the shape in docs/document-model.md).
 * Absent strings are written as JSON null and read back as NULL. */
#include <stdlib.h>
#include <string.h>

#include "vg_doc.h"

static json_t *s_str(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *s_strv(const vg_strv_t *sv) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < sv->n; i++) json_array_append_new(a, json_string(sv->v[i]));
  return a;
}

/* json_string() returns NULL on invalid UTF-8; json_object_set_new(NULL) then fails, and we
 * detect that as a serialisation failure instead of silently dropping a field. */
static int s_set(json_t *o, const char *k, json_t *v) { return v ? json_object_set_new(o, k, v) : -1; }

json_t *vg_flag_to_json(const vg_doc_t *doc, const vg_flag_t *f) {
  json_t *o = json_object();
  json_t *ev = json_object();
  int bad = !o || !ev;
  bad |= s_set(o, "id", s_str(f->id));
  bad |= s_set(o, "rule_id", s_str(f->rule_id));
  bad |= s_set(o, "rule_version", s_str(f->rule_version));
  bad |= s_set(o, "model_id", s_str(f->model_id));
  bad |= s_set(o, "model_sha256", s_str(f->model_sha256));
  bad |= s_set(o, "outcome", json_string(vg_outcome_str(f->outcome)));
  bad |= s_set(o, "severity", s_str(f->severity));
  bad |= s_set(o, "legal_basis", s_str(f->legal_basis));
  bad |= s_set(o, "reason", s_str(f->reason));
  bad |= s_set(o, "explanation", s_str(f->explanation));
  bad |= s_set(o, "explanation_en", s_str(f->explanation_en));
  bad |= s_set(o, "inputs", f->inputs ? json_incref(f->inputs) : json_array());
  bad |= s_set(o, "thresholds", f->thresholds ? json_incref(f->thresholds) : json_object());
  bad |= s_set(ev, "doc", s_str(doc ? doc->id : NULL));
  bad |= s_set(ev, "clause_id", s_str(f->clause_id));
  bad |= s_set(ev, "field", s_str(f->field));
  bad |= s_set(ev, "start", json_integer((json_int_t)f->start));
  bad |= s_set(ev, "end", json_integer((json_int_t)f->end));
  bad |= s_set(ev, "page", json_integer(f->page));
  bad |= s_set(ev, "excerpt", s_str(f->excerpt));
  bad |= s_set(o, "evidence", ev);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *vg_clause_to_json(const vg_doc_t *doc, const vg_clause_t *c) {
  json_t *o = json_object();
  if (!o) return NULL;
  int bad = 0;
  bad |= s_set(o, "id", s_str(c->id));
  bad |= s_set(o, "doc", s_str(doc->id));
  bad |= s_set(o, "section", json_integer((json_int_t)c->section));
  bad |= s_set(o, "start", json_integer((json_int_t)c->start));
  bad |= s_set(o, "end", json_integer((json_int_t)c->end));
  bad |= s_set(o, "page", json_integer(c->page));
  bad |= s_set(o, "number", s_str(c->number));
  bad |= s_set(o, "heading", s_str(c->heading));
  bad |= s_set(o, "label", s_str(c->label));
  bad |= s_set(o, "prob", json_real(c->prob));
  bad |= s_set(o, "low_conf", json_boolean(c->low_conf));
  if (c->end <= doc->text_len && c->start <= c->end)
    bad |= s_set(o, "text", json_stringn(doc->text + c->start, c->end - c->start));
  json_t *fl = json_array();
  for (size_t i = 0; fl && i < doc->nflags; i++) {
    const vg_flag_t *f = &doc->flags[i];
    if (f->outcome == VG_OUTCOME_FLAG && f->clause_id && c->id && strcmp(f->clause_id, c->id) == 0)
      json_array_append_new(fl, s_str(f->id));
  }
  bad |= s_set(o, "flags", fl);
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *vg_doc_to_json(const vg_doc_t *d) {
  json_t *o = json_object();
  if (!o) return NULL;
  int bad = 0;
  struct { const char *k; const char *v; } strs[] = {
      {"id", d->id}, {"source", d->source}, {"format", d->format}, {"notice_id", d->notice_id},
      {"procedure_id", d->procedure_id}, {"notice_type", d->notice_type},
      {"notice_subtype", d->notice_subtype}, {"lang", d->lang}, {"title", d->title},
      {"buyer", d->buyer}, {"buyer_kind", d->buyer_kind}, {"country", d->country},
      {"procedure", d->procedure}, {"contract_nature", d->contract_nature},
      {"dispatch_date", d->dispatch_date}, {"deadline", d->deadline},
      {"deadline_time", d->deadline_time}, {"currency", d->currency}};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) bad |= s_set(o, strs[i].k, s_str(strs[i].v));
  bad |= s_set(o, "value", d->has_value ? json_real(d->value) : json_null());
  bad |= s_set(o, "cpv", s_strv(&d->cpv));
  json_t *lots = json_array();
  for (size_t i = 0; lots && i < d->nlots; i++) {
    const vg_lot_t *l = &d->lots[i];
    json_t *lo = json_object();
    bad |= s_set(lo, "id", s_str(l->id));
    bad |= s_set(lo, "title", s_str(l->title));
    bad |= s_set(lo, "value", l->has_value ? json_real(l->value) : json_null());
    bad |= s_set(lo, "currency", s_str(l->currency));
    bad |= s_set(lo, "cpv", s_strv(&l->cpv));
    bad |= json_array_append_new(lots, lo);
  }
  bad |= s_set(o, "lots", lots);
  bad |= s_set(o, "fields", d->fields ? json_incref(d->fields) : json_object());
  bad |= s_set(o, "text", json_stringn(d->text ? d->text : "", d->text_len));
  json_t *secs = json_array();
  for (size_t i = 0; secs && i < d->nsections; i++) {
    const vg_section_t *s = &d->sections[i];
    json_t *so = json_object();
    bad |= s_set(so, "field", s_str(s->field));
    bad |= s_set(so, "lang", s_str(s->lang));
    bad |= s_set(so, "lot", s_str(s->lot));
    bad |= s_set(so, "start", json_integer((json_int_t)s->start));
    bad |= s_set(so, "end", json_integer((json_int_t)s->end));
    bad |= json_array_append_new(secs, so);
  }
  bad |= s_set(o, "sections", secs);
  json_t *cls = json_array();
  for (size_t i = 0; cls && i < d->nclauses; i++) {
    json_t *c = vg_clause_to_json(d, &d->clauses[i]);
    if (c) json_object_del(c, "text"); /* the text is in "text" already: no copy per clause */
    bad |= c ? json_array_append_new(cls, c) : -1;
  }
  bad |= s_set(o, "clauses", cls);
  json_t *fls = json_array();
  for (size_t i = 0; fls && i < d->nflags; i++) {
    json_t *f = vg_flag_to_json(d, &d->flags[i]);
    bad |= f ? json_array_append_new(fls, f) : -1;
  }
  bad |= s_set(o, "flags", fls);
  bad |= s_set(o, "processing", d->processing ? json_incref(d->processing) : json_object());
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* ---- decoding ---- */

static int s_get_str(const json_t *o, const char *k, char **slot) {
  const json_t *v = json_object_get(o, k);
  if (!v || json_is_null(v)) return VG_OK;
  if (!json_is_string(v)) return VG_E_INPUT;
  return vg_doc_set(slot, json_string_value(v));
}

static int s_get_size(const json_t *o, const char *k, size_t *out) {
  const json_t *v = json_object_get(o, k);
  if (!v) return VG_OK;
  if (!json_is_integer(v) || json_integer_value(v) < 0) return VG_E_INPUT;
  *out = (size_t)json_integer_value(v);
  return VG_OK;
}

static int s_get_strv(const json_t *o, const char *k, vg_strv_t *sv) {
  const json_t *a = json_object_get(o, k);
  if (!a) return VG_OK;
  if (!json_is_array(a)) return VG_E_INPUT;
  size_t i;
  const json_t *v;
  json_array_foreach(a, i, v) {
    if (!json_is_string(v) || vg_strv_push(sv, json_string_value(v))) return VG_E_INPUT;
  }
  return VG_OK;
}

static int s_get_num(const json_t *o, const char *k, double *out, int *has) {
  const json_t *v = json_object_get(o, k);
  if (!v || json_is_null(v)) return VG_OK;
  if (!json_is_number(v)) return VG_E_INPUT;
  *out = json_number_value(v);
  *has = 1;
  return VG_OK;
}

static int s_flag_from_json(const json_t *fo, vg_flag_t *f) {
  int bad = !json_is_object(fo);
  if (bad) return VG_E_INPUT;
  bad |= s_get_str(fo, "id", &f->id);
  bad |= s_get_str(fo, "rule_id", &f->rule_id);
  bad |= s_get_str(fo, "rule_version", &f->rule_version);
  bad |= s_get_str(fo, "model_id", &f->model_id);
  bad |= s_get_str(fo, "model_sha256", &f->model_sha256);
  bad |= s_get_str(fo, "severity", &f->severity);
  bad |= s_get_str(fo, "legal_basis", &f->legal_basis);
  bad |= s_get_str(fo, "reason", &f->reason);
  bad |= s_get_str(fo, "explanation", &f->explanation);
  bad |= s_get_str(fo, "explanation_en", &f->explanation_en);
  const json_t *oc = json_object_get(fo, "outcome");
  bad |= vg_outcome_parse(json_string_value(oc), &f->outcome);
  json_t *in = json_object_get(fo, "inputs"), *th = json_object_get(fo, "thresholds");
  f->inputs = json_is_array(in) ? json_deep_copy(in) : json_array();
  f->thresholds = json_is_object(th) ? json_deep_copy(th) : json_object();
  const json_t *ev = json_object_get(fo, "evidence");
  if (json_is_object(ev)) {
    bad |= s_get_str(ev, "clause_id", &f->clause_id);
    bad |= s_get_str(ev, "field", &f->field);
    bad |= s_get_size(ev, "start", &f->start);
    bad |= s_get_size(ev, "end", &f->end);
    bad |= s_get_str(ev, "excerpt", &f->excerpt);
    const json_t *pg = json_object_get(ev, "page");
    if (json_is_integer(pg)) f->page = (int)json_integer_value(pg);
  }
  return bad ? VG_E_INPUT : VG_OK;
}

vg_doc_t *vg_doc_from_json(const json_t *j, vg_err_t *err) {
  if (!json_is_object(j)) {
    vg_err_set(err, VG_E_INPUT, "document is not a JSON object");
    return NULL;
  }
  vg_doc_t *d = vg_doc_new();
  if (!d) return NULL;
  int bad = 0;
  struct { const char *k; char **slot; } strs[] = {
      {"id", &d->id}, {"source", &d->source}, {"format", &d->format},
      {"notice_id", &d->notice_id}, {"procedure_id", &d->procedure_id},
      {"notice_type", &d->notice_type}, {"notice_subtype", &d->notice_subtype},
      {"lang", &d->lang}, {"title", &d->title}, {"buyer", &d->buyer},
      {"buyer_kind", &d->buyer_kind}, {"country", &d->country}, {"procedure", &d->procedure},
      {"contract_nature", &d->contract_nature}, {"dispatch_date", &d->dispatch_date},
      {"deadline", &d->deadline}, {"deadline_time", &d->deadline_time},
      {"currency", &d->currency}};
  for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) bad |= s_get_str(j, strs[i].k, strs[i].slot);
  bad |= s_get_num(j, "value", &d->value, &d->has_value);
  bad |= s_get_strv(j, "cpv", &d->cpv);
  const json_t *t = json_object_get(j, "text");
  if (json_is_string(t)) {
    free(d->text);
    d->text_len = json_string_length(t);
    d->text = malloc(d->text_len + 1);
    if (!d->text) bad = 1;
    else {
      memcpy(d->text, json_string_value(t), d->text_len);
      d->text[d->text_len] = '\0';
    }
  }
  const json_t *f = json_object_get(j, "fields");
  if (json_is_object(f)) {
    json_decref(d->fields);
    d->fields = json_deep_copy(f);
  }
  const json_t *p = json_object_get(j, "processing");
  if (json_is_object(p)) {
    json_decref(d->processing);
    d->processing = json_deep_copy(p);
  }
  size_t i;
  const json_t *v;
  json_array_foreach(json_object_get(j, "lots"), i, v) {
    const char *id = json_string_value(json_object_get(v, "id"));
    vg_lot_t *l = vg_doc_add_lot(d, id);
    if (!l) { bad = 1; break; }
    bad |= s_get_str(v, "title", &l->title);
    bad |= s_get_str(v, "currency", &l->currency);
    bad |= s_get_num(v, "value", &l->value, &l->has_value);
    bad |= s_get_strv(v, "cpv", &l->cpv);
  }
  json_array_foreach(json_object_get(j, "sections"), i, v) {
    if (!json_is_object(v)) { bad = 1; break; }
    size_t s = 0, e = 0;
    bad |= s_get_size(v, "start", &s);
    bad |= s_get_size(v, "end", &e);
    if (e < s || e > d->text_len) { bad = 1; break; }
    /* sections are re-attached to the existing text, not appended */
    if (d->nsections == d->sections_cap) {
      size_t nc = d->sections_cap ? d->sections_cap * 2 : 8;
      vg_section_t *ns = realloc(d->sections, nc * sizeof *ns);
      if (!ns) { bad = 1; break; }
      d->sections = ns;
      d->sections_cap = nc;
    }
    vg_section_t *sec = &d->sections[d->nsections++];
    memset(sec, 0, sizeof *sec);
    sec->start = s;
    sec->end = e;
    bad |= s_get_str(v, "field", &sec->field);
    bad |= s_get_str(v, "lang", &sec->lang);
    bad |= s_get_str(v, "lot", &sec->lot);
  }
  json_array_foreach(json_object_get(j, "clauses"), i, v) {
    size_t sec = 0, s = 0, e = 0;
    bad |= s_get_size(v, "section", &sec) | s_get_size(v, "start", &s) | s_get_size(v, "end", &e);
    if (e < s || e > d->text_len) { bad = 1; break; }
    vg_clause_t *c = vg_doc_add_clause(d, sec, s, e);
    if (!c) { bad = 1; break; }
    bad |= s_get_str(v, "id", &c->id);
    bad |= s_get_str(v, "number", &c->number);
    bad |= s_get_str(v, "heading", &c->heading);
    bad |= s_get_str(v, "label", &c->label);
    int has = 0;
    bad |= s_get_num(v, "prob", &c->prob, &has);
    c->low_conf = json_is_true(json_object_get(v, "low_conf"));
    const json_t *pg = json_object_get(v, "page");
    if (json_is_integer(pg)) c->page = (int)json_integer_value(pg);
  }
  json_array_foreach(json_object_get(j, "flags"), i, v) {
    vg_flag_t *fl = vg_doc_add_flag(d);
    if (!fl || s_flag_from_json(v, fl)) { bad = 1; break; }
  }
  if (bad) {
    vg_err_set(err, VG_E_INPUT, "document JSON does not match the model");
    vg_doc_destroy(&d);
  }
  return d;
}
