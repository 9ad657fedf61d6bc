/* rules_fixture.c: test document builder and flag invariant checks (see rules_fixture.h). */
#include "rules_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *s_parse(const char *s) {
  json_error_t e;
  json_t *j = json_loads(s, 0, &e);
  if (!j) {
    fprintf(stderr, "bad fixture json '%s': %s\n", s, e.text);
    abort();
  }
  return j;
}

vg_doc_t *fx_doc(const char *id, const char *meta, const char *fields, const char *const *texts,
                 const char *lot) {
  vg_doc_t *d = vg_doc_new();
  if (!d) abort();
  vg_doc_set(&d->id, id);
  json_t *m = s_parse(meta ? meta : "{}");
  static const struct {
    const char *k;
    size_t off;
  } mem[] = {{"procedure", offsetof(vg_doc_t, procedure)},
             {"dispatch_date", offsetof(vg_doc_t, dispatch_date)},
             {"deadline", offsetof(vg_doc_t, deadline)},
             {"lang", offsetof(vg_doc_t, lang)},
             {"currency", offsetof(vg_doc_t, currency)},
             {"notice_type", offsetof(vg_doc_t, notice_type)},
             {"buyer_kind", offsetof(vg_doc_t, buyer_kind)},
             {"country", offsetof(vg_doc_t, country)},
             {"contract_nature", offsetof(vg_doc_t, contract_nature)},
             {"format", offsetof(vg_doc_t, format)}};
  for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++) {
    const char *v = json_string_value(json_object_get(m, mem[i].k));
    if (v) vg_doc_set((char **)((char *)d + mem[i].off), v);
  }
  if (json_is_number(json_object_get(m, "value"))) {
    d->value = json_number_value(json_object_get(m, "value"));
    d->has_value = 1;
  }
  if (json_string_value(json_object_get(m, "cpv")))
    vg_strv_push(&d->cpv, json_string_value(json_object_get(m, "cpv")));
  size_t i;
  json_t *l;
  json_array_foreach(json_object_get(m, "cpv"), i, l) vg_strv_push(&d->cpv, json_string_value(l));
  char section[64];
  snprintf(section, sizeof section, "%s", json_string_value(json_object_get(m, "section")) ?
           json_string_value(json_object_get(m, "section")) : "description");
  json_array_foreach(json_object_get(m, "lots"), i, l) {
    vg_lot_t *lt = vg_doc_add_lot(d, json_string_value(json_object_get(l, "id")));
    if (json_is_number(json_object_get(l, "value"))) {
      lt->value = json_number_value(json_object_get(l, "value"));
      lt->has_value = 1;
      vg_doc_set(&lt->currency, "EUR");
    }
  }
  json_decref(m);
  m = NULL;
  if (fields) {
    json_decref(d->fields);
    d->fields = s_parse(fields);
  } else if (!d->fields) {
    d->fields = json_object();
  }
  for (size_t k = 0; texts && texts[k]; k++) {
    long s = vg_doc_add_section(d, section, d->lang ? d->lang : "fr", lot, texts[k],
                                strlen(texts[k]));
    if (s < 0) abort();
    vg_clause_t *c = vg_doc_add_clause(d, (size_t)s, d->sections[s].start, d->sections[s].end);
    if (!c) abort();
    c->page = (int)k + 1;
  }
  return d;
}

const vg_flag_t *fx_flag(const vg_doc_t *d, const char *rule) {
  size_t n = strlen(rule);
  for (size_t i = 0; i < d->nflags; i++)
    if (d->flags[i].rule_id && !strncmp(d->flags[i].rule_id, rule, n) &&
        d->flags[i].rule_id[n] == '-')
      return &d->flags[i];
  return NULL;
}

int fx_check_invariants(const vg_doc_t *d, size_t nrules) {
  int bad = 0;
  if (d->nflags != nrules) {
    fprintf(stderr, "%s: %zu flags for %zu rules\n", d->id, d->nflags, nrules);
    bad++;
  }
  for (size_t i = 0; i < d->nflags; i++) {
    const vg_flag_t *f = &d->flags[i];
    if (i && strcmp(d->flags[i - 1].rule_id, f->rule_id) >= 0) {
      fprintf(stderr, "%s: flags not in rule order at %zu\n", d->id, i);
      bad++;
    }
    if (!f->id || strlen(f->id) != 64 || !f->rule_version || !f->severity || !f->legal_basis) {
      fprintf(stderr, "%s/%s: missing id/version/severity/basis\n", d->id, f->rule_id);
      bad++;
    }
    if (f->outcome != VG_OUTCOME_FLAG) {
      if (!f->reason || !*f->reason) {
        fprintf(stderr, "%s/%s: non-flag without reason\n", d->id, f->rule_id);
        bad++;
      }
      continue;
    }
    if (!f->explanation || !f->explanation_en || strchr(f->explanation, '{') ||
        strchr(f->explanation_en, '{') || !json_is_array(f->inputs) ||
        !json_array_size(f->inputs) || !json_is_object(f->thresholds)) {
      fprintf(stderr, "%s/%s: incomplete flag (explanation '%s')\n", d->id, f->rule_id,
              f->explanation ? f->explanation : "(null)");
      bad++;
    }
    if (f->end > f->start || f->excerpt) {
      if (f->end > d->text_len || f->start > f->end || !f->excerpt ||
          strlen(f->excerpt) != f->end - f->start ||
          memcmp(f->excerpt, d->text + f->start, f->end - f->start)) {
        fprintf(stderr, "%s/%s: excerpt does not match text[%zu:%zu]\n", d->id, f->rule_id,
                f->start, f->end);
        bad++;
      }
      if (!f->clause_id && !f->field) {
        fprintf(stderr, "%s/%s: span without clause or field\n", d->id, f->rule_id);
        bad++;
      }
    } else if (!f->field) {
      fprintf(stderr, "%s/%s: flag with neither span nor field\n", d->id, f->rule_id);
      bad++;
    }
  }
  return bad;
}
