/* vg_check_text.c: the generic evaluators over clause text.
 *
 * For: text_pattern, text_missing_companion, text_number_compare, text_amount_ratio and
 * text_required (docs/rules.md). They scan the document's clauses (or its sections when it has no clauses)
 * with the regexes and gazetteers of the rule file and the shared extractor (vg_extract.h);
 * evidence spans are byte offsets into doc->text.
 * Not for: structured fields (vg_check_field.c) or writing the flag record. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_extract.h"
#include "vg_rules_int.h"

#define S_MAX_VALUES 64 /* values extracted from one window */

static const char *s_cfg_str(const json_t *cfg, const char *k) {
  return json_string_value(json_object_get(cfg, k));
}

static size_t s_cfg_size(const json_t *cfg, const char *k, size_t dflt) {
  const json_t *v = json_object_get(cfg, k);
  return json_is_integer(v) && json_integer_value(v) >= 0 ? (size_t)json_integer_value(v) : dflt;
}

/* Outcome when the text never states what the check looks for: "absent" is an outcome name,
 * or {"by": field, "map": {value: outcome}, "default": outcome} (e.g. by "format": a notice
 * may leave to the dossier what a dossier must state). */
static vg_outcome_t s_absent(const vg__ctx_t *ctx, const vg__check_t *ck, vg_outcome_t dflt) {
  const json_t *a = json_object_get(ck->cfg, "absent");
  if (json_is_object(a)) {
    const char *by = json_string_value(json_object_get(a, "by"));
    json_t *key = by ? vg__field_get(ctx->doc, by) : NULL;
    const json_t *o = json_is_string(key) ? json_object_get(json_object_get(a, "map"),
                                                            json_string_value(key)) : NULL;
    json_decref(key);
    if (!o) o = json_object_get(a, "default");
    a = o;
  }
  vg_outcome_t out;
  return json_is_string(a) && vg_outcome_parse(json_string_value(a), &out) == VG_OK ? out : dflt;
}

static json_t *s_span_str(const vg_doc_t *d, size_t s, size_t e) {
  return json_stringn(d->text + s, e - s);
}

static int s_no_text(const vg__ctx_t *ctx, vg__res_t *res) {
  if (ctx->nunits) return 0;
  vg__reason(res, "the document has no text");
  res->outcome = VG_OUTCOME_MISSING_DATA;
  return 1;
}

static void s_set_evidence(vg__res_t *res, const vg__unit_t *u, size_t s, size_t e) {
  res->unit = u;
  res->start = s;
  res->end = e;
}

/* --- text_pattern --- */

static int s_text_pattern(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  if (s_no_text(ctx, res)) return VG_OK;
  const char *text = ctx->doc->text;
  int excused = 0;
  for (size_t i = 0; i < ctx->nunits; i++) {
    const vg__unit_t *u = &ctx->units[i];
    size_t ms, me;
    if (ck->context.n && !vg__re_search(&ck->context, text, u->start, u->end, &ms, &me))
      continue;
    if (!vg__re_search(&ck->patterns, text, u->start, u->end, &ms, &me)) continue;
    size_t xs, xe;
    if (vg__re_search(&ck->unless, text, u->start, u->end, &xs, &xe)) {
      excused++;
      continue;
    }
    json_object_set_new(res->vars, "match", s_span_str(ctx->doc, ms, me));
    vg__input_span(res, "match", s_span_str(ctx->doc, ms, me), u, ms, me);
    s_set_evidence(res, u, ms, me);
    res->outcome = VG_OUTCOME_FLAG;
    return VG_OK;
  }
  if (excused) {
    vg__reason(res, "pattern found in %d clause(s), each with a justifying statement", excused);
    res->outcome = VG_OUTCOME_NO_FLAG;
  } else {
    vg__reason(res, "no clause matches the rule's patterns");
    res->outcome = s_absent(ctx, ck, VG_OUTCOME_NO_FLAG);
  }
  return VG_OK;
}

/* --- text_missing_companion --- */

static int s_wordb(const char *t, size_t i, size_t lo, size_t hi) {
  if (i <= lo || i >= hi) return 1;
  char a = t[i - 1], b = t[i];
  int wa = ((a | 32) >= 'a' && (a | 32) <= 'z') || (a >= '0' && a <= '9') || (unsigned char)a >= 0x80;
  int wb = ((b | 32) >= 'a' && (b | 32) <= 'z') || (b >= '0' && b <= '9') || (unsigned char)b >= 0x80;
  return !(wa && wb);
}

/* Earliest trigger (gazetteer entry as a whole word, case-sensitive, longest at a position; or
 * pattern) in [p, end). */
static int s_next_trigger(const vg_doc_t *d, const vg__check_t *ck, size_t p, size_t end,
                          size_t *ts, size_t *te) {
  int found = 0;
  for (size_t q = p; q < end && !found && ck->gazetteer.n; q++) {
    unsigned char c = (unsigned char)d->text[q];
    size_t lo = ck->gz_idx[c], hi = ck->gz_idx[c + 1];
    if (lo == hi || !s_wordb(d->text, q, p, end)) continue;
    for (size_t g = lo; g < hi; g++) {
      const char *w = ck->gazetteer.v[g];
      size_t wl = strlen(w);
      if (q + wl > end || memcmp(d->text + q, w, wl) || !s_wordb(d->text, q + wl, p, end))
        continue;
      if (!found || q + wl > *te) {
        *ts = q;
        *te = q + wl;
        found = 1;
      }
    }
  }
  size_t ms, me;
  /* a pattern match must start before the gazetteer hit to win; leave room for its length */
  size_t re_end = (found && *ts + 256 < end) ? *ts + 256 : end;
  if (vg__re_search(&ck->patterns, d->text, p, re_end, &ms, &me) && me > ms &&
      (!found || ms < *ts)) {
    *ts = ms;
    *te = me;
    found = 1;
  }
  return found;
}

static int s_text_companion(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  if (s_no_text(ctx, res)) return VG_OK;
  const vg_doc_t *d = ctx->doc;
  size_t wb = s_cfg_size(ck->cfg, "window_before", 40);
  size_t wa = s_cfg_size(ck->cfg, "window_after", 120);
  json_object_set_new(res->thresholds, "window_before", json_integer((json_int_t)wb));
  json_object_set_new(res->thresholds, "window_after", json_integer((json_int_t)wa));
  size_t with_companion = 0;
  for (size_t i = 0; i < ctx->nunits; i++) {
    const vg__unit_t *u = &ctx->units[i];
    size_t p = u->start, ts = 0, te = 0;
    while (p < u->end && s_next_trigger(d, ck, p, u->end, &ts, &te)) {
      size_t lo = ts > u->start + wb ? ts - wb : u->start;
      size_t hi = te + wa < u->end ? te + wa : u->end;
      size_t cs, ce, xs, xe;
      if (vg__re_search(&ck->companion, d->text, lo, hi, &cs, &ce) ||
          vg__re_search(&ck->unless, d->text, lo, hi, &xs, &xe)) {
        with_companion++;
        p = te;
        continue;
      }
      json_object_set_new(res->vars, "match", s_span_str(d, ts, te));
      vg__input_span(res, "match", s_span_str(d, ts, te), u, ts, te);
      s_set_evidence(res, u, ts, te);
      res->outcome = VG_OUTCOME_FLAG;
      return VG_OK;
    }
  }
  if (with_companion)
    vg__reason(res, "%zu mention(s) found, each with its required companion wording",
               with_companion);
  else
    vg__reason(res, "no mention found");
  res->outcome = with_companion ? VG_OUTCOME_NO_FLAG : s_absent(ctx, ck, VG_OUTCOME_NO_FLAG);
  return VG_OK;
}

/* --- values near a context match --- */

static unsigned s_kind_mask(const char *k) {
  if (!k) return 0;
  if (!strcmp(k, "amount")) return VG_XK_AMOUNT;
  if (!strcmp(k, "percent")) return VG_XK_PERCENT;
  if (!strcmp(k, "duration")) return VG_XK_DURATION;
  if (!strcmp(k, "fraction")) return VG_XK_FRACTION;
  return 0;
}

static double s_convert(const vg_xval_t *v, const char *conv) {
  if (!conv) return v->value;
  if (!strcmp(conv, "days")) return vg_xval_days(v);
  if (!strcmp(conv, "months")) return vg_xval_months(v);
  if (!strcmp(conv, "years")) return vg_xval_years(v);
  return v->value;
}

/* Finds the value of the wanted kinds nearest to the context match [cs,ce) within the window.
 * Returns 1 and fills *out (document offsets) when one is found. All kinds are extracted so
 * that, e.g., "15 %" is not mistaken for a day count, then filtered. */
static int s_nearest(const vg_doc_t *d, unsigned mask, size_t lo, size_t hi, size_t cs,
                     size_t ce, vg_xval_t *out) {
  vg_xval_t v[S_MAX_VALUES];
  size_t n = vg_extract(d->text + lo, hi - lo, VG_XK_ALL, v, S_MAX_VALUES);
  int found = 0;
  size_t best = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(v[i].kind & mask)) continue;
    size_t vs = lo + v[i].start, ve = lo + v[i].end;
    if (vs < ce && ve > cs) continue; /* inside the context words themselves */
    size_t dist = vs >= ce ? vs - ce : cs - ve;
    if (vs >= ce) dist /= 2; /* prefer values after the context ("délai de 45 jours") */
    if (!found || dist < best) {
      *out = v[i];
      out->start = vs;
      out->end = ve;
      best = dist;
      found = 1;
    }
  }
  return found;
}

static int s_cmp(const char *op, double a, double b) {
  if (!strcmp(op, "gt")) return a > b;
  if (!strcmp(op, "ge")) return a >= b;
  if (!strcmp(op, "lt")) return a < b;
  if (!strcmp(op, "le")) return a <= b;
  if (!strcmp(op, "eq")) return fabs(a - b) < 1e-12;
  return fabs(a - b) >= 1e-12;
}

static int s_text_number(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  if (s_no_text(ctx, res)) return VG_OK;
  const vg_doc_t *d = ctx->doc;
  const char *op = s_cfg_str(ck->cfg, "op") ? s_cfg_str(ck->cfg, "op") : "gt";
  const char *conv = s_cfg_str(ck->cfg, "convert");
  unsigned mask = s_kind_mask(s_cfg_str(ck->cfg, "extract"));
  double t;
  const char *why = "";
  if (!vg__threshold(ctx, json_object_get(ck->cfg, "value"), &t, &why)) {
    vg__reason(res, "%s", why);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    return VG_OK;
  }
  const json_t *tn = json_object_get(ck->cfg, "value");
  json_object_set_new(res->thresholds, json_is_string(tn) ? json_string_value(tn) : "value",
                      json_real(t));
  size_t wb = s_cfg_size(ck->cfg, "window_before", 0);
  size_t wa = s_cfg_size(ck->cfg, "window_after", 150);
  int seen = 0;
  double seen_v = 0;
  for (size_t i = 0; i < ctx->nunits; i++) {
    const vg__unit_t *u = &ctx->units[i];
    size_t p = u->start, cs, ce;
    while (p < u->end && vg__re_search(&ck->context, d->text, p, u->end, &cs, &ce)) {
      p = ce > cs ? ce : cs + 1;
      size_t lo = cs > u->start + wb ? cs - wb : u->start;
      size_t hi = ce + wa < u->end ? ce + wa : u->end;
      size_t xs, xe;
      if (ck->near.n && !vg__re_search(&ck->near, d->text, lo, hi, &xs, &xe)) continue;
      if (vg__re_search(&ck->unless, d->text, lo, hi, &xs, &xe)) continue;
      vg_xval_t v;
      if (!s_nearest(d, mask, lo, hi, cs, ce, &v)) continue;
      double x = s_convert(&v, conv);
      if (!s_cmp(op, x, t)) {
        if (!seen) seen_v = x;
        seen++;
        continue;
      }
      size_t es = cs < v.start ? cs : v.start, ee = ce > v.end ? ce : v.end;
      json_object_set_new(res->vars, "value", json_real(x));
      json_object_set_new(res->vars, "threshold", json_real(t));
      json_object_set_new(res->vars, "unit", json_string(v.unit));
      json_object_set_new(res->vars, "match", s_span_str(d, v.start, v.end));
      json_object_set_new(res->vars, "context", s_span_str(d, cs, ce));
      vg__input_span(res, "context", s_span_str(d, cs, ce), u, cs, ce);
      vg__input_span(res, "value", json_real(x), u, v.start, v.end);
      s_set_evidence(res, u, es, ee);
      res->outcome = VG_OUTCOME_FLAG;
      return VG_OK;
    }
  }
  if (seen) {
    vg__reason(res, "%d stated value(s) found, none beyond the threshold %g (first: %g)", seen, t,
               seen_v);
    res->outcome = VG_OUTCOME_NO_FLAG;
  } else {
    vg__reason(res, "no clause states the value this rule checks");
    res->outcome = s_absent(ctx, ck, VG_OUTCOME_MISSING_DATA);
  }
  return VG_OK;
}

/* --- text_amount_ratio --- */

/* Estimated value for a unit: its lot's value when known, else the procedure's. */
static int s_estimate(const vg_doc_t *d, const vg__unit_t *u, double *v, const char **cur,
                      const char **lot) {
  if (u->lot)
    for (size_t i = 0; i < d->nlots; i++)
      if (d->lots[i].id && !strcmp(d->lots[i].id, u->lot) && d->lots[i].has_value) {
        *v = d->lots[i].value;
        *cur = d->lots[i].currency ? d->lots[i].currency : d->currency;
        *lot = u->lot;
        return 1;
      }
  if (!d->has_value) return 0;
  *v = d->value;
  *cur = d->currency;
  *lot = NULL;
  return 1;
}

static int s_text_amount_ratio(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  if (s_no_text(ctx, res)) return VG_OK;
  const vg_doc_t *d = ctx->doc;
  double ratio;
  const char *why = "";
  if (!vg__threshold(ctx, json_object_get(ck->cfg, "ratio"), &ratio, &why)) {
    vg__reason(res, "%s", why);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    return VG_OK;
  }
  const json_t *rn = json_object_get(ck->cfg, "ratio");
  json_object_set_new(res->thresholds, json_is_string(rn) ? json_string_value(rn) : "ratio",
                      json_real(ratio));
  size_t wb = s_cfg_size(ck->cfg, "window_before", 0);
  size_t wa = s_cfg_size(ck->cfg, "window_after", 200);
  int seen = 0, no_estimate = 0, other_currency = 0;
  for (size_t i = 0; i < ctx->nunits; i++) {
    const vg__unit_t *u = &ctx->units[i];
    size_t p = u->start, cs, ce, xs, xe;
    if (vg__re_search(&ck->unless, d->text, u->start, u->end, &xs, &xe)) continue;
    while (p < u->end && vg__re_search(&ck->context, d->text, p, u->end, &cs, &ce)) {
      p = ce > cs ? ce : cs + 1;
      size_t lo = cs > u->start + wb ? cs - wb : u->start;
      size_t hi = ce + wa < u->end ? ce + wa : u->end;
      vg_xval_t v;
      if (!s_nearest(d, VG_XK_AMOUNT, lo, hi, cs, ce, &v)) continue;
      double est;
      const char *cur = NULL, *lot = NULL;
      if (!s_estimate(d, u, &est, &cur, &lot) || est <= 0) {
        no_estimate++;
        continue;
      }
      if (cur && strcmp(cur, v.unit)) {
        other_currency++;
        continue;
      }
      seen++;
      if (v.value <= ratio * est) continue;
      json_object_set_new(res->vars, "amount", json_real(v.value));
      json_object_set_new(res->vars, "currency", json_string(v.unit));
      json_object_set_new(res->vars, "estimate", json_real(est));
      json_object_set_new(res->vars, "ratio", json_real(ratio));
      json_object_set_new(res->vars, "limit", json_real(ratio * est));
      json_object_set_new(res->vars, "multiple", json_real(v.value / est));
      json_object_set_new(res->vars, "match", s_span_str(d, v.start, v.end));
      json_object_set_new(res->vars, "scope", json_string(lot ? lot : "-"));
      vg__input_span(res, "amount", json_real(v.value), u, v.start, v.end);
      vg__input_field(res, lot ? "lot.value" : "value", json_real(est));
      if (lot)
        json_object_set_new(json_object_get(json_array_get(res->inputs, 1), "source"), "lot",
                            json_string(lot));
      size_t es = cs < v.start ? cs : v.start, ee = ce > v.end ? ce : v.end;
      s_set_evidence(res, u, es, ee);
      res->outcome = VG_OUTCOME_FLAG;
      return VG_OK;
    }
  }
  if (seen) {
    vg__reason(res, "%d stated amount(s), none above %g x the estimated value", seen, ratio);
    res->outcome = VG_OUTCOME_NO_FLAG;
  } else if (no_estimate || other_currency) {
    vg__reason(res, "an amount is stated but the estimated value is %s",
               no_estimate ? "unknown" : "in another currency");
    res->outcome = VG_OUTCOME_MISSING_DATA;
  } else {
    vg__reason(res, "no clause states such an amount");
    res->outcome = s_absent(ctx, ck, VG_OUTCOME_NO_FLAG);
  }
  return VG_OK;
}

/* --- text_required: a statement the document must contain --- */

static int s_in_strs(const json_t *a, const char *v) {
  size_t i;
  const json_t *e;
  json_array_foreach(a, i, e) if (json_string_value(e) && !strcmp(json_string_value(e), v)) return 1;
  return 0;
}

/* The evidence span of a whole unit, at most 300 bytes, cut back to a UTF-8 boundary. */
static size_t s_unit_head(const vg_doc_t *d, const vg__unit_t *u) {
  size_t e = u->end - u->start > 300 ? u->start + 300 : u->end;
  while (e < u->end && e > u->start && ((unsigned char)d->text[e] & 0xC0) == 0x80) e--;
  return e;
}

static int s_text_required(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  int w = vg__when(ctx, ck->cfg, res);
  if (w >= 0) {
    res->outcome = (vg_outcome_t)w;
    return VG_OK;
  }
  const vg_doc_t *d = ctx->doc;
  /* a structured field that carries the statement */
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(ck->cfg, "present_fields"), i, e) {
    json_t *v = json_string_value(e) ? vg__field_get(d, json_string_value(e)) : NULL;
    if (v && !json_is_false(v)) {
      vg__reason(res, "field '%s' states it", json_string_value(e));
      json_decref(v);
      res->outcome = VG_OUTCOME_NO_FLAG;
      return VG_OK;
    }
    json_decref(v);
  }
  if (s_no_text(ctx, res)) return VG_OK;
  /* "langs": the languages the patterns are written for; text in other languages is not read,
   * and a document in another language cannot be judged on the absence of a statement */
  const json_t *langs = json_object_get(ck->cfg, "langs");
  int doc_lang_ok = !langs || (d->lang && s_in_strs(langs, d->lang));
  const json_t *scope = json_object_get(ck->cfg, "sections");
  const json_t *present = json_object_get(ck->cfg, "present_sections");
  size_t min_len = s_cfg_size(ck->cfg, "min_length", 1);
  const vg__unit_t *first = NULL, *trig = NULL, *def = NULL;
  size_t nscope = 0, ts = 0, te = 0;
  for (i = 0; i < ctx->nunits; i++) {
    const vg__unit_t *u = &ctx->units[i];
    size_t ms, me;
    if (present && u->end - u->start >= min_len && vg__section_in(present, u->field)) {
      vg__reason(res, "section '%s' states it", u->field);
      res->outcome = VG_OUTCOME_NO_FLAG;
      return VG_OK;
    }
    if (scope && !vg__section_in(scope, u->field)) continue;
    if (langs && !(u->lang ? s_in_strs(langs, u->lang) : doc_lang_ok)) continue;
    nscope++;
    if (!first) first = u;
    if (vg__re_search(&ck->patterns, d->text, u->start, u->end, &ms, &me)) {
      vg__reason(res, "the document states it: '%.*s'", (int)(me - ms > 80 ? 80 : me - ms),
                 d->text + ms);
      res->outcome = VG_OUTCOME_NO_FLAG;
      return VG_OK;
    }
    if (!trig && vg__re_search(&ck->triggers, d->text, u->start, u->end, &ms, &me)) {
      trig = u;
      ts = ms;
      te = me;
    }
    if (!def && vg__re_search(&ck->defer, d->text, u->start, u->end, &ms, &me)) def = u;
  }
  const char *ef = s_cfg_str(ck->cfg, "evidence_field");
  json_t *ev = ef ? vg__field_get(d, ef) : NULL;
  json_object_set_new(res->vars, "value", ev ? ev : json_string("-"));
  json_object_set_new(res->vars, "match", json_string("-"));
  json_object_set_new(res->vars, "units", json_integer((json_int_t)nscope));
  json_object_set_new(res->vars, "scope", json_string(first && first->field ? first->field
                                                                             : "text"));
  if (trig) {
    if (ef) vg__input_field(res, ef, vg__field_get(d, ef));
    json_object_set_new(res->vars, "match", s_span_str(d, ts, te));
    vg__input_span(res, "match", s_span_str(d, ts, te), trig, ts, te);
    s_set_evidence(res, trig, ts, te);
    res->outcome = VG_OUTCOME_FLAG;
    return VG_OK;
  }
  if (!nscope) {
    vg__reason(res, "the document has no text of the kind where this is stated");
    res->outcome = VG_OUTCOME_MISSING_DATA;
    return VG_OK;
  }
  if (!doc_lang_ok) {
    vg__reason(res, "not stated in the %zu text unit(s) the rule can read; the document's "
               "language '%s' is not one its patterns are written for", nscope,
               d->lang ? d->lang : "?");
    res->outcome = VG_OUTCOME_MISSING_DATA;
    return VG_OK;
  }
  if (def) {
    vg__reason(res, "not stated here; the text refers to other documents ('%s')",
               def->field ? def->field : "text");
    res->outcome = VG_OUTCOME_MISSING_DATA;
    return VG_OK;
  }
  vg__reason(res, "not stated in %zu text unit(s) of the document", nscope);
  res->outcome = s_absent(ctx, ck, VG_OUTCOME_MISSING_DATA);
  if (res->outcome != VG_OUTCOME_FLAG) return VG_OK;
  if (ef) {
    vg__input_field(res, ef, vg__field_get(d, ef));
    res->field = ef;
  } else {
    size_t he = s_unit_head(d, first);
    vg__input_span(res, "scope", s_span_str(d, first->start, he), first, first->start, he);
    s_set_evidence(res, first, first->start, he);
  }
  return VG_OK;
}

int vg__check_text(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  switch (ck->kind) {
    case VG__K_TEXT_PATTERN: return s_text_pattern(ctx, ck, res);
    case VG__K_TEXT_COMPANION: return s_text_companion(ctx, ck, res);
    case VG__K_TEXT_NUMBER: return s_text_number(ctx, ck, res);
    case VG__K_TEXT_AMOUNT_RATIO: return s_text_amount_ratio(ctx, ck, res);
    case VG__K_TEXT_REQUIRED: return s_text_required(ctx, ck, res);
    default: return VG_E_INTERNAL;
  }
}
