/* vg_rules_eval.c: the evaluation driver: for each rule (in id order) decide applicability,
 * run its checks through the generic evaluators, and write one flag record into the document.
 *
 * For: vg_rules_eval() and the helpers the evaluators share (document field access,
 * threshold resolution, inputs, explanation templates).
 * Not for: the logic of a given evaluator kind (vg_check_field.c, vg_check_text.c). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_hash.h"
#include "vg_rules_int.h"

/* --- shared helpers --- */

void vg__reason(vg__res_t *res, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(res->reason, sizeof res->reason, fmt, ap);
  va_end(ap);
}

static json_t *s_str_or_null(const char *s) { return (s && *s) ? json_string(s) : NULL; }

json_t *vg__field_get(const vg_doc_t *doc, const char *name) {
  static const struct {
    const char *name;
    size_t off;
  } members[] = {
      {"notice_id", offsetof(vg_doc_t, notice_id)},
      {"procedure_id", offsetof(vg_doc_t, procedure_id)},
      {"notice_type", offsetof(vg_doc_t, notice_type)},
      {"notice_subtype", offsetof(vg_doc_t, notice_subtype)},
      {"lang", offsetof(vg_doc_t, lang)},
      {"title", offsetof(vg_doc_t, title)},
      {"buyer", offsetof(vg_doc_t, buyer)},
      {"buyer_kind", offsetof(vg_doc_t, buyer_kind)},
      {"country", offsetof(vg_doc_t, country)},
      {"procedure", offsetof(vg_doc_t, procedure)},
      {"contract_nature", offsetof(vg_doc_t, contract_nature)},
      {"dispatch_date", offsetof(vg_doc_t, dispatch_date)},
      {"deadline", offsetof(vg_doc_t, deadline)},
      {"currency", offsetof(vg_doc_t, currency)},
      {"format", offsetof(vg_doc_t, format)},
  };
  for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
    if (!strcmp(name, members[i].name))
      return s_str_or_null(*(char *const *)((const char *)doc + members[i].off));
  if (!strcmp(name, "value")) return doc->has_value ? json_real(doc->value) : NULL;
  if (!strcmp(name, "cpv")) return doc->cpv.n ? json_string(doc->cpv.v[0]) : NULL;
  /* what kind of source the document is: a notice or data record says what it says in fields
   * and short texts; a tender dossier is where clauses must be written out in full. Rules key
   * "say nothing" outcomes on this rather than on every format name. */
  if (!strcmp(name, "source_kind") && doc->format) {
    static const char *const notices[] = {"eforms", "ted", "ocds", "decp"};
    static const char *const dossiers[] = {"pdf", "docx", "odt", "html", "text"};
    for (size_t i = 0; i < sizeof notices / sizeof *notices; i++)
      if (!strcmp(doc->format, notices[i])) return json_string("notice");
    for (size_t i = 0; i < sizeof dossiers / sizeof *dossiers; i++)
      if (!strcmp(doc->format, dossiers[i])) return json_string("dossier");
    return NULL;
  }
  /* derived counts: absent when the document lists no lots / no CPV code */
  if (!strcmp(name, "lot_count")) return doc->nlots ? json_integer((json_int_t)doc->nlots) : NULL;
  if (!strcmp(name, "cpv_count")) return doc->cpv.n ? json_integer((json_int_t)doc->cpv.n) : NULL;
  if (!strcmp(name, "cpv_divisions")) {
    /* distinct CPV divisions (first two digits) over every code of the document */
    size_t nd = 0;
    for (size_t i = 0; i < doc->cpv.n; i++) {
      const char *c = doc->cpv.v[i];
      int seen = strlen(c) < 2;
      for (size_t k = 0; k < i && !seen; k++)
        seen = strlen(doc->cpv.v[k]) >= 2 && !strncmp(doc->cpv.v[k], c, 2);
      nd += !seen;
    }
    return nd ? json_integer((json_int_t)nd) : NULL;
  }
  json_t *v = doc->fields ? json_object_get(doc->fields, name) : NULL;
  if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v))) return NULL;
  return json_incref(v);
}

int vg__threshold(const vg__ctx_t *ctx, const json_t *spec, double *out, const char **why) {
  if (json_is_string(spec)) {
    const json_t *t = json_object_get(ctx->rule->thresholds, json_string_value(spec));
    if (!t) {
      *why = "the threshold is not defined in the rule";
      return 0;
    }
    spec = t;
  }
  if (json_is_number(spec)) {
    *out = json_number_value(spec);
    return 1;
  }
  if (json_is_object(spec)) {
    /* "by" names one document field, or an array of fields whose values are joined with '|'
     * ("FR|open"); a component may be replaced by '*' in the map ("*|open"), tried after the
     * exact key, the first components being generalised last. */
    const json_t *by = json_object_get(spec, "by"), *map = json_object_get(spec, "map");
    const json_t *v = NULL;
    if (json_is_string(by)) {
      json_t *key = vg__field_get(ctx->doc, json_string_value(by));
      if (key && json_is_string(key)) v = json_object_get(map, json_string_value(key));
      json_decref(key);
    } else if (json_is_array(by) && json_array_size(by) <= 4) {
      size_t nb = json_array_size(by);
      char vals[4][128];
      for (size_t i = 0; i < nb; i++) {
        json_t *kv = vg__field_get(ctx->doc, json_string_value(json_array_get(by, i)) ?
                                                 json_string_value(json_array_get(by, i)) : "");
        snprintf(vals[i], sizeof vals[i], "%s", json_is_string(kv) ? json_string_value(kv) : "");
        json_decref(kv);
      }
      /* mask bit i set = component i replaced by '*'; masks in increasing order try the exact
       * key first, then generalise the first components before the later ones */
      for (unsigned mask = 0; mask < (1u << nb) && !v; mask++) {
        char key[4 * 130] = "";
        size_t kl = 0;
        int skip = 0;
        for (size_t i = 0; i < nb; i++) {
          const char *c = (mask >> i) & 1u ? "*" : vals[i];
          if (!*c) skip = 1; /* unknown value: only a '*' can stand for it */
          int w = snprintf(key + kl, sizeof key - kl, "%s%s", i ? "|" : "", c);
          if (w > 0 && (size_t)w < sizeof key - kl) kl += (size_t)w;
        }
        if (!skip) v = json_object_get(map, key);
      }
    }
    if (!v) v = json_object_get(spec, "default");
    if (json_is_number(v)) {
      *out = json_number_value(v);
      return 1;
    }
    *why = "no threshold is defined for this document's category";
    return 0;
  }
  *why = "the threshold is malformed";
  return 0;
}

void vg__input_field(vg__res_t *res, const char *name, json_t *value_stolen) {
  json_array_append_new(res->inputs,
                        json_pack("{s:s, s:o, s:{s:s}}", "name", name, "value",
                                  value_stolen ? value_stolen : json_null(), "source", "field",
                                  name));
}

void vg__input_span(vg__res_t *res, const char *name, json_t *value_stolen,
                    const vg__unit_t *u, size_t start, size_t end) {
  json_t *src = json_pack("{s:I, s:I}", "start", (json_int_t)start, "end", (json_int_t)end);
  if (src) {
    if (u->clause_id)
      json_object_set_new(src, "clause", json_string(u->clause_id));
    else
      json_object_set_new(src, "field", json_string(u->field ? u->field : "text"));
  }
  json_array_append_new(res->inputs, json_pack("{s:s, s:o, s:o}", "name", name, "value",
                                               value_stolen ? value_stolen : json_null(),
                                               "source", src ? src : json_null()));
}

int vg__re_search(const vg__relist_t *rl, const char *text, size_t start, size_t end,
                  size_t *ms, size_t *me) {
  if (!rl->n || end <= start) return 0;
  /* regexec needs a NUL-terminated string: copy the window (bounded by the clause) */
  char *buf = malloc(end - start + 1);
  if (!buf) return 0;
  memcpy(buf, text + start, end - start);
  buf[end - start] = '\0';
  int found = 0;
  size_t best_s = 0, best_e = 0;
  for (size_t i = 0; i < rl->n; i++) {
    regmatch_t m;
    if (regexec(&rl->re[i], buf, 1, &m, 0) == 0 && m.rm_so >= 0 &&
        (!found || (size_t)m.rm_so < best_s)) {
      /* earliest match over all patterns, so results do not depend on pattern order */
      found = 1;
      best_s = (size_t)m.rm_so;
      best_e = (size_t)m.rm_eo;
    }
  }
  free(buf);
  if (found) {
    *ms = start + best_s;
    *me = start + best_e;
  }
  return found;
}

/* --- applicability --- */

static int s_in_list(const json_t *a, const char *v, int prefix) {
  size_t i;
  const json_t *e;
  json_array_foreach(a, i, e) {
    const char *s = json_string_value(e);
    if (s && (prefix ? !strncmp(v, s, strlen(s)) : !strcmp(v, s))) return 1;
  }
  return 0;
}

/* Returns the outcome to record when the rule does not apply (NOT_APPLICABLE or MISSING_DATA),
 * or -1 when it applies. */
static int s_applies(const vg__ctx_t *ctx, vg__res_t *res) {
  const vg_doc_t *d = ctx->doc;
  const json_t *a = ctx->rule->applies_to;
  static const struct {
    const char *key, *field;
    int prefix, exclude;
  } lists[] = {{"formats", "format", 0, 0},         {"countries", "country", 0, 0},
               {"notice_types", "notice_type", 1, 0}, {"procedures", "procedure", 0, 0},
               {"procedures_exclude", "procedure", 0, 1}, {"buyer_kinds", "buyer_kind", 0, 0},
               {"contract_natures", "contract_nature", 0, 0}};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
    const json_t *l = json_object_get(a, lists[i].key);
    if (!json_is_array(l)) continue;
    json_t *v = vg__field_get(d, lists[i].field);
    const char *s = json_string_value(v);
    if (!s) {
      json_decref(v);
      if (lists[i].exclude) continue;
      vg__reason(res, "field '%s' is unknown; it decides whether the rule applies",
                 lists[i].field);
      return VG_OUTCOME_MISSING_DATA;
    }
    int in = s_in_list(l, s, lists[i].prefix);
    if (in == lists[i].exclude) {
      vg__reason(res, "rule does not apply to %s '%s'", lists[i].field, s);
      json_decref(v);
      return VG_OUTCOME_NOT_APPLICABLE;
    }
    json_decref(v);
  }
  const json_t *inc = json_object_get(a, "cpv_include"), *exc = json_object_get(a, "cpv_exclude");
  if ((inc || exc) && d->cpv.n) {
    if (json_is_array(inc) && !s_in_list(inc, d->cpv.v[0], 1)) {
      vg__reason(res, "main CPV '%s' is outside the rule's CPV scope", d->cpv.v[0]);
      return VG_OUTCOME_NOT_APPLICABLE;
    }
    if (json_is_array(exc) && s_in_list(exc, d->cpv.v[0], 1)) {
      vg__reason(res, "main CPV '%s' is excluded from the rule", d->cpv.v[0]);
      return VG_OUTCOME_NOT_APPLICABLE;
    }
  }
  const json_t *mv = json_object_get(a, "min_value");
  if (json_is_number(mv)) {
    if (!d->has_value) {
      vg__reason(res, "estimated value unknown; the rule applies above %.0f",
                 json_number_value(mv));
      return VG_OUTCOME_MISSING_DATA;
    }
    if (d->value < json_number_value(mv)) {
      vg__reason(res, "estimated value %.0f is below the rule's scope (%.0f)", d->value,
                 json_number_value(mv));
      return VG_OUTCOME_NOT_APPLICABLE;
    }
  }
  /* validity window, judged on the dispatch date when known */
  if (d->dispatch_date && strlen(d->dispatch_date) >= 10) {
    const vg__rule_t *r = ctx->rule;
    if ((r->valid_from[0] && strncmp(d->dispatch_date, r->valid_from, 10) < 0) ||
        (r->valid_to[0] && strncmp(d->dispatch_date, r->valid_to, 10) > 0)) {
      vg__reason(res, "dispatch date %.10s is outside the rule's validity", d->dispatch_date);
      return VG_OUTCOME_NOT_APPLICABLE;
    }
  }
  return -1;
}

/* --- explanation templates: "{name}" replaced by res->vars[name] --- */

static void s_fmt_value(const json_t *v, char *out, size_t n) {
  if (json_is_string(v)) {
    snprintf(out, n, "%s", json_string_value(v));
  } else if (json_is_integer(v)) {
    snprintf(out, n, "%lld", (long long)json_integer_value(v));
  } else if (json_is_real(v)) {
    double d = json_real_value(v);
    if (d == floor(d) && fabs(d) < 1e15)
      snprintf(out, n, "%.0f", d);
    else if (fabs(d) < 0.01)
      snprintf(out, n, "%.4g", d);
    else
      snprintf(out, n, "%.2f", d);
  } else if (json_is_boolean(v)) {
    snprintf(out, n, "%s", json_is_true(v) ? "true" : "false");
  } else {
    snprintf(out, n, "?");
  }
}

#define S_EXPLAIN_MAX 2048

static char *s_fill(const char *tpl, const json_t *vars) {
  char *out = malloc(S_EXPLAIN_MAX);
  if (!out) return NULL;
  size_t o = 0;
  for (const char *p = tpl; *p && o + 1 < S_EXPLAIN_MAX;) {
    const char *close = (*p == '{') ? strchr(p, '}') : NULL;
    if (close && close - p < 64) {
      char key[64], val[512];
      memcpy(key, p + 1, (size_t)(close - p - 1));
      key[close - p - 1] = '\0';
      s_fmt_value(json_object_get(vars, key), val, sizeof val);
      for (const char *q = val; *q && o + 1 < S_EXPLAIN_MAX; q++) out[o++] = *q;
      p = close + 1;
    } else {
      out[o++] = *p++;
    }
  }
  out[o] = '\0';
  return out;
}

/* --- the driver --- */

static int s_dupstr(char **slot, const char *s) { return vg_doc_set(slot, s); }

static int s_write_flag(const vg__ctx_t *ctx, vg__res_t *res, vg_doc_t *doc) {
  const vg__rule_t *r = ctx->rule;
  vg_flag_t *f = vg_doc_add_flag(doc);
  if (!f) return VG_E_NOMEM;
  f->outcome = res->outcome;
  size_t start = res->unit ? res->start : 0, end = res->unit ? res->end : 0;
  char key[512], hex[VG_SHA256_HEX];
  int kl = snprintf(key, sizeof key, "%s|%s|%zu|%zu", doc->id ? doc->id : "", r->id, start, end);
  vg_sha256_hex(key, (size_t)kl < sizeof key ? (size_t)kl : sizeof key - 1, hex);
  if (s_dupstr(&f->id, hex) || s_dupstr(&f->rule_id, r->rule_id) ||
      s_dupstr(&f->rule_version, r->version) || s_dupstr(&f->severity, r->severity) ||
      s_dupstr(&f->legal_basis, r->legal_basis))
    return VG_E_NOMEM;
  if (res->outcome != VG_OUTCOME_FLAG) return s_dupstr(&f->reason, res->reason);
  f->inputs = json_incref(res->inputs);
  f->thresholds = json_incref(res->thresholds);
  const json_t *ex = (res->check && res->check->explanation) ? res->check->explanation
                                                             : r->explanation;
  int fr = doc->lang && !strcmp(doc->lang, "fr");
  char *en = s_fill(json_string_value(json_object_get(ex, "en")), res->vars);
  char *loc = s_fill(json_string_value(json_object_get(ex, fr ? "fr" : "en")), res->vars);
  int st = (en && loc) ? VG_OK : VG_E_NOMEM;
  if (!st) st = s_dupstr(&f->explanation, loc) || s_dupstr(&f->explanation_en, en);
  free(en);
  free(loc);
  if (st) return VG_E_NOMEM;
  if (res->unit) {
    f->start = start;
    f->end = end;
    f->page = res->unit->page;
    if (s_dupstr(&f->clause_id, res->unit->clause_id) ||
        (!res->unit->clause_id && s_dupstr(&f->field, res->unit->field)))
      return VG_E_NOMEM;
    f->excerpt = malloc(end - start + 1);
    if (!f->excerpt) return VG_E_NOMEM;
    memcpy(f->excerpt, doc->text + start, end - start);
    f->excerpt[end - start] = '\0';
  } else if (res->field && s_dupstr(&f->field, res->field)) {
    return VG_E_NOMEM;
  }
  return VG_OK;
}

static void s_res_reset(vg__res_t *res) {
  json_decref(res->vars);
  json_decref(res->inputs);
  json_decref(res->thresholds);
  memset(res, 0, sizeof *res);
}

static int s_res_init(vg__res_t *res) {
  memset(res, 0, sizeof *res);
  res->vars = json_object();
  res->inputs = json_array();
  res->thresholds = json_object();
  return (res->vars && res->inputs && res->thresholds) ? VG_OK : VG_E_NOMEM;
}

/* Runs the rule's checks; the combined outcome is the best-ranked one (FLAG first). Reasons of
 * non-flags are joined so that "why not?" covers every check. */
static int s_eval_rule(const vg__ctx_t *ctx, vg__res_t *best) {
  const vg__rule_t *r = ctx->rule;
  char reasons[sizeof best->reason] = "";
  size_t rl = 0;
  int have = 0;
  for (size_t i = 0; i < r->nchecks; i++) {
    vg__res_t res;
    if (s_res_init(&res)) {
      s_res_reset(&res);
      return VG_E_NOMEM;
    }
    res.check = &r->checks[i];
    res.outcome = VG_OUTCOME_NO_FLAG;
    int text = r->checks[i].kind >= VG__K_TEXT_PATTERN;
    int st = text ? vg__check_text(ctx, &r->checks[i], &res)
                  : vg__check_field(ctx, &r->checks[i], &res);
    if (st) {
      s_res_reset(&res);
      return st;
    }
    if (res.outcome != VG_OUTCOME_FLAG && res.reason[0]) {
      int w = snprintf(reasons + rl, sizeof reasons - rl, "%s%s", rl ? "; " : "", res.reason);
      if (w > 0) rl = (size_t)w < sizeof reasons - rl ? rl + (size_t)w : sizeof reasons - 1;
    }
    if (!have || res.outcome < best->outcome /* enum order: FLAG, NO_FLAG, MISSING, N/A */) {
      if (have) s_res_reset(best);
      *best = res;
      have = 1;
    } else {
      s_res_reset(&res);
    }
    if (best->outcome == VG_OUTCOME_FLAG) return VG_OK;
  }
  memcpy(best->reason, reasons, sizeof best->reason);
  return VG_OK;
}

/* Text units: the clauses, or the sections when the document has not been segmented. */
static vg__unit_t *s_units(const vg_doc_t *doc, size_t *n) {
  size_t cnt = doc->nclauses ? doc->nclauses : doc->nsections;
  *n = 0;
  vg__unit_t *u = calloc(cnt ? cnt : 1, sizeof *u);
  if (!u) return NULL;
  for (size_t i = 0; i < cnt; i++) {
    size_t sec;
    if (doc->nclauses) {
      const vg_clause_t *c = &doc->clauses[i];
      if (c->end > doc->text_len || c->start > c->end) continue; /* defensive: bad offsets */
      u[*n].clause_id = c->id;
      u[*n].start = c->start;
      u[*n].end = c->end;
      u[*n].page = c->page;
      sec = c->section;
    } else {
      sec = i;
      u[*n].start = doc->sections[i].start;
      u[*n].end = doc->sections[i].end;
    }
    if (sec < doc->nsections) {
      u[*n].field = doc->sections[sec].field;
      u[*n].lot = doc->sections[sec].lot;
      u[*n].lang = doc->sections[sec].lang;
    }
    (*n)++;
  }
  return u;
}

int vg_rules_eval(const vg_catalogue_t *cat, vg_doc_t *doc, vg_err_t *err) {
  vg__ctx_t ctx = {.doc = doc};
  vg__unit_t *units = s_units(doc, &ctx.nunits);
  if (!units) return vg_err_set(err, VG_E_NOMEM, "out of memory evaluating rules");
  ctx.units = units;
  int st = VG_OK;
  for (size_t i = 0; i < cat->nrules && st == VG_OK; i++) {
    ctx.rule = &cat->rules[i];
    vg__res_t res;
    if (s_res_init(&res)) {
      s_res_reset(&res);
      st = VG_E_NOMEM;
      break;
    }
    int na = s_applies(&ctx, &res);
    if (na >= 0) {
      res.outcome = (vg_outcome_t)na;
    } else {
      s_res_reset(&res);
      st = s_eval_rule(&ctx, &res);
    }
    if (st == VG_OK) st = s_write_flag(&ctx, &res, doc);
    s_res_reset(&res);
  }
  free(units);
  if (st) return vg_err_set(err, st, "cannot evaluate rules on '%s': %s",
                            doc->id ? doc->id : "?", vg_status_str(st));
  return VG_OK;
}
