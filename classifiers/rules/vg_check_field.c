/* vg_check_field.c: the generic evaluators over structured document fields.
 *
 * For: date_period_min, date_diff_compare, field_compare, field_companion_missing, field_in,
 * field_array_pattern and field_array_missing_key (docs/rules.md), and the "when" preconditions
 * shared by every kind that takes them. Each one reads its parameters from the rule file.
 * Not for: text scanning (vg_check_text.c) or writing the flag record (vg_rules_eval.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_rules_int.h"

/* Days since 1970-01-01 of "YYYY-MM-DD..." (civil calendar); 0 on a malformed date. */
static int s_days(const char *s, long *out) {
  if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return 0;
  long y = 0, m = 0, d = 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) continue;
    if (s[i] < '0' || s[i] > '9') return 0;
  }
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  /* Howard Hinnant's days_from_civil */
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out = era * 146097 + doe - 719468;
  return 1;
}

static int s_cmp(const char *op, double a, double b) {
  if (!strcmp(op, "gt")) return a > b;
  if (!strcmp(op, "ge")) return a >= b;
  if (!strcmp(op, "lt")) return a < b;
  if (!strcmp(op, "le")) return a <= b;
  if (!strcmp(op, "eq")) return a == b;
  return a != b;
}

static const char *s_op_text(const char *op) {
  if (!strcmp(op, "gt")) return ">";
  if (!strcmp(op, "ge")) return ">=";
  if (!strcmp(op, "lt")) return "<";
  if (!strcmp(op, "le")) return "<=";
  if (!strcmp(op, "eq")) return "==";
  return "!=";
}

int vg__when(const vg__ctx_t *ctx, const json_t *cfg, vg__res_t *res) {
  size_t i;
  const json_t *w;
  json_array_foreach(json_object_get(cfg, "when"), i, w) {
    const char *f = json_string_value(json_object_get(w, "field"));
    if (!f) continue;
    json_t *v = vg__field_get(ctx->doc, f);
    if (!v) {
      vg__reason(res, "field '%s' is absent", f);
      return VG_OUTCOME_MISSING_DATA;
    }
    const json_t *eqv = json_object_get(w, "equals");
    const char *op = json_string_value(json_object_get(w, "op"));
    int ok;
    if (eqv) {
      ok = json_equal(v, eqv);
    } else if (op) {
      double t;
      const char *why = "";
      if (!json_is_number(v)) {
        vg__reason(res, "field '%s' is not a number", f);
        json_decref(v);
        return VG_OUTCOME_MISSING_DATA;
      }
      if (!vg__threshold(ctx, json_object_get(w, "value"), &t, &why)) {
        vg__reason(res, "precondition on '%s': %s", f, why);
        json_decref(v);
        return VG_OUTCOME_NOT_APPLICABLE;
      }
      ok = s_cmp(op, json_number_value(v), t);
      if (!ok) {
        vg__reason(res, "precondition %s %s %g does not hold (%g)", f, s_op_text(op), t,
                   json_number_value(v));
        json_decref(v);
        return VG_OUTCOME_NOT_APPLICABLE;
      }
    } else {
      ok = !json_is_false(v);
    }
    if (!ok) {
      vg__reason(res, "precondition '%s' does not hold", f);
      json_decref(v);
      return VG_OUTCOME_NOT_APPLICABLE;
    }
    vg__input_field(res, f, v);
  }
  return -1;
}

int vg__section_in(const json_t *prefixes, const char *field) {
  size_t i;
  const json_t *e;
  if (!field) return 0;
  json_array_foreach(prefixes, i, e) {
    const char *p = json_string_value(e);
    if (p && *p && !strncmp(field, p, strlen(p))) return 1;
  }
  return 0;
}

static const char *s_cfg_str(const json_t *cfg, const char *k) {
  return json_string_value(json_object_get(cfg, k));
}

static int s_date_period_min(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  const char *from = s_cfg_str(ck->cfg, "from"), *to = s_cfg_str(ck->cfg, "to");
  json_t *fv = vg__field_get(ctx->doc, from), *tv = vg__field_get(ctx->doc, to);
  long a, b;
  int ok = json_is_string(fv) && json_is_string(tv) && s_days(json_string_value(fv), &a) &&
           s_days(json_string_value(tv), &b);
  if (!ok) {
    vg__reason(res, "'%s' or '%s' is absent or not a date", from, to);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(fv);
    json_decref(tv);
    return VG_OK;
  }
  vg__input_field(res, from, fv);
  vg__input_field(res, to, tv);
  long days = b - a;
  if (days < 0) {
    vg__reason(res, "'%s' precedes '%s' (inconsistent data)", to, from);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    return VG_OK;
  }
  double base;
  const char *why = "";
  if (!vg__threshold(ctx, json_object_get(ck->cfg, "min"), &base, &why)) {
    vg__reason(res, "%s", why);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    return VG_OK;
  }
  json_t *proc = vg__field_get(ctx->doc, "procedure");
  if (proc) vg__input_field(res, "procedure", json_incref(proc));
  /* reductions: each true boolean field may lower the minimum; an absent one leaves doubt */
  double min = base, doubt_min = base;
  const char *doubt = NULL, *applied = NULL;
  size_t i;
  const json_t *r;
  json_array_foreach(json_object_get(ck->cfg, "reductions"), i, r) {
    const char *f = s_cfg_str(r, "field");
    double rmin;
    const char *w2;
    if (!f || !vg__threshold(ctx, json_object_get(r, "min"), &rmin, &w2)) continue;
    json_t *v = vg__field_get(ctx->doc, f);
    if (!v) {
      if (rmin < doubt_min) {
        doubt_min = rmin;
        doubt = f;
      }
      continue;
    }
    vg__input_field(res, f, json_incref(v));
    if (json_is_true(v) && rmin < min) {
      min = rmin;
      applied = f;
    }
    json_decref(v);
  }
  json_object_set_new(res->vars, "days", json_integer(days));
  json_object_set_new(res->vars, "min", json_real(min));
  json_object_set_new(res->vars, "base_min", json_real(base));
  json_object_set_new(res->vars, "procedure", proc ? json_incref(proc) : json_string("?"));
  json_object_set_new(res->vars, "reduction", json_string(applied ? applied : "none"));
  json_object_set_new(res->vars, "from", json_string(from));
  json_object_set_new(res->vars, "to", json_string(to));
  json_object_set_new(res->thresholds, "min_days", json_real(min));
  json_decref(proc);
  res->field = to;
  if (days >= min) {
    vg__reason(res, "%ld days between %s and %s, not below the minimum of %.0f", days, from, to,
               min);
    res->outcome = VG_OUTCOME_NO_FLAG;
  } else if (doubt && days >= doubt_min) {
    vg__reason(res, "%ld days is below %.0f but '%s' is unknown and could lower the minimum to "
               "%.0f", days, min, doubt, doubt_min);
    res->outcome = VG_OUTCOME_MISSING_DATA;
  } else {
    res->outcome = VG_OUTCOME_FLAG;
  }
  return VG_OK;
}

static int s_field_compare(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  int w = vg__when(ctx, ck->cfg, res);
  if (w >= 0) {
    res->outcome = (vg_outcome_t)w;
    return VG_OK;
  }
  const char *f = s_cfg_str(ck->cfg, "field"), *op = s_cfg_str(ck->cfg, "op");
  json_t *v = vg__field_get(ctx->doc, f);
  if (!json_is_number(v)) {
    vg__reason(res, "field '%s' is %s", f, v ? "not a number" : "absent");
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(v);
    return VG_OK;
  }
  double x = json_number_value(v), t;
  const char *why = "";
  if (!vg__threshold(ctx, json_object_get(ck->cfg, "value"), &t, &why)) {
    vg__reason(res, "%s", why);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    json_decref(v);
    return VG_OK;
  }
  vg__input_field(res, f, v);
  const json_t *tn = json_object_get(ck->cfg, "value");
  json_object_set_new(res->thresholds, json_is_string(tn) ? json_string_value(tn) : f,
                      json_real(t));
  json_object_set_new(res->vars, "value", json_real(x));
  json_object_set_new(res->vars, "threshold", json_real(t));
  json_t *proc = vg__field_get(ctx->doc, "procedure");
  json_object_set_new(res->vars, "procedure", proc ? proc : json_string("?"));
  res->field = f;
  if (!s_cmp(op, x, t)) {
    vg__reason(res, "%s = %g, not %s %g", f, x, s_op_text(op), t);
    res->outcome = VG_OUTCOME_NO_FLAG;
    return VG_OK;
  }
  const char *uf = s_cfg_str(ck->cfg, "unless_field");
  json_t *u = uf ? vg__field_get(ctx->doc, uf) : NULL;
  if (u) {
    vg__reason(res, "%s = %g %s %g, but '%s' gives a justification", f, x, s_op_text(op), t, uf);
    res->outcome = VG_OUTCOME_NO_FLAG;
    json_decref(u);
    return VG_OK;
  }
  res->outcome = VG_OUTCOME_FLAG;
  return VG_OK;
}

static int s_field_companion(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  const char *f = s_cfg_str(ck->cfg, "field"), *c = s_cfg_str(ck->cfg, "companion");
  json_t *v = vg__field_get(ctx->doc, f);
  if (!v) {
    vg__reason(res, "field '%s' is absent", f);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    return VG_OK;
  }
  if (!json_is_true(v)) {
    vg__reason(res, "'%s' is not set", f);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    json_decref(v);
    return VG_OK;
  }
  vg__input_field(res, f, v);
  json_t *cv = vg__field_get(ctx->doc, c);
  const json_t *ml = json_object_get(ck->cfg, "min_length");
  size_t len = json_is_string(cv) ? strlen(json_string_value(cv)) : 0;
  size_t need = json_is_integer(ml) ? (size_t)json_integer_value(ml) : 1;
  json_object_set_new(res->thresholds, "min_length", json_integer((json_int_t)need));
  json_object_set_new(res->vars, "length", json_integer((json_int_t)len));
  json_object_set_new(res->vars, "companion", json_string(c));
  res->field = c;
  if (len >= need) {
    vg__reason(res, "'%s' is set and '%s' gives %zu characters of justification", f, c, len);
    vg__input_field(res, c, cv);
    res->outcome = VG_OUTCOME_NO_FLAG;
    return VG_OK;
  }
  vg__input_field(res, c, cv);
  res->outcome = VG_OUTCOME_FLAG;
  return VG_OK;
}

static int s_field_in(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  const char *f = s_cfg_str(ck->cfg, "field"), *c = s_cfg_str(ck->cfg, "companion");
  json_t *v = vg__field_get(ctx->doc, f);
  if (!json_is_string(v)) {
    vg__reason(res, "field '%s' is absent", f);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(v);
    return VG_OK;
  }
  int in = 0;
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(ck->cfg, "values"), i, e) in |= json_equal(e, v);
  json_object_set_new(res->vars, "value", json_incref(v));
  vg__input_field(res, f, v);
  res->field = f;
  if (!in) {
    vg__reason(res, "%s '%s' is not one of the flagged values", f, json_string_value(v));
    res->outcome = VG_OUTCOME_NO_FLAG;
    return VG_OK;
  }
  if (c) {
    json_t *cv = vg__field_get(ctx->doc, c);
    json_object_set_new(res->vars, "companion", cv ? json_incref(cv) : json_string("-"));
    vg__input_field(res, c, cv);
  }
  res->outcome = VG_OUTCOME_FLAG;
  return VG_OK;
}

static int s_field_array_pattern(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  const char *f = s_cfg_str(ck->cfg, "field"), *key = s_cfg_str(ck->cfg, "key");
  json_t *v = vg__field_get(ctx->doc, f);
  if (!json_is_array(v) || !json_array_size(v)) {
    vg__reason(res, "field '%s' is absent", f);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(v);
    return VG_OK;
  }
  res->field = f;
  size_t i;
  const json_t *e;
  json_array_foreach(v, i, e) {
    const char *s = json_string_value(json_object_get(e, key ? key : "name"));
    size_t ms, me;
    if (s && vg__re_search(&ck->patterns, s, 0, strlen(s), &ms, &me)) {
      json_object_set_new(res->vars, "match", json_string(s));
      char name[128];
      snprintf(name, sizeof name, "%s[%zu].%s", f, i, key ? key : "name");
      vg__input_field(res, name, json_string(s));
      /* the input names the exact array element; keep the field name in the source */
      json_t *last = json_array_get(res->inputs, json_array_size(res->inputs) - 1);
      json_object_set_new(json_object_get(last, "source"), "field", json_string(f));
      res->outcome = VG_OUTCOME_FLAG;
      json_decref(v);
      return VG_OK;
    }
  }
  vg__reason(res, "no entry of '%s' matches", f);
  res->outcome = VG_OUTCOME_NO_FLAG;
  json_decref(v);
  return VG_OK;
}

static int s_date_diff(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  const char *from = s_cfg_str(ck->cfg, "from"), *to = s_cfg_str(ck->cfg, "to");
  const char *op = s_cfg_str(ck->cfg, "op");
  json_t *fv = vg__field_get(ctx->doc, from), *tv = vg__field_get(ctx->doc, to);
  long a, b;
  if (!(json_is_string(fv) && json_is_string(tv) && s_days(json_string_value(fv), &a) &&
        s_days(json_string_value(tv), &b))) {
    vg__reason(res, "'%s' or '%s' is absent or not a date", from, to);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(fv);
    json_decref(tv);
    return VG_OK;
  }
  double t = 0;
  const char *why = "";
  if (json_object_get(ck->cfg, "value") &&
      !vg__threshold(ctx, json_object_get(ck->cfg, "value"), &t, &why)) {
    vg__reason(res, "%s", why);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    json_decref(fv);
    json_decref(tv);
    return VG_OK;
  }
  json_object_set_new(res->vars, "from_date", json_incref(fv));
  json_object_set_new(res->vars, "to_date", json_incref(tv));
  vg__input_field(res, from, fv);
  vg__input_field(res, to, tv);
  long days = b - a;
  json_object_set_new(res->vars, "days", json_integer(days));
  json_object_set_new(res->vars, "threshold", json_real(t));
  json_object_set_new(res->thresholds, "days", json_real(t));
  res->field = to;
  if (!s_cmp(op, (double)days, t)) {
    vg__reason(res, "%s - %s = %ld days, not %s %g", to, from, days, s_op_text(op), t);
    res->outcome = VG_OUTCOME_NO_FLAG;
    return VG_OK;
  }
  res->outcome = VG_OUTCOME_FLAG;
  return VG_OK;
}

/* Flags an array of objects (>= min_items of them, counting only the elements whose
 * `where.key` is one of `where.values` when `where` is given) where some element lacks `key`
 * (absent or null), e.g. award criteria without a weight. A non-empty text unit of one of the
 * `unless_sections` (section field prefixes) excuses the missing key (it states the method). */
static int s_field_array_missing_key(const vg__ctx_t *ctx, const vg__check_t *ck,
                                     vg__res_t *res) {
  const char *f = s_cfg_str(ck->cfg, "field"), *key = s_cfg_str(ck->cfg, "key");
  const char *label = s_cfg_str(ck->cfg, "label") ? s_cfg_str(ck->cfg, "label") : "name";
  const json_t *mi = json_object_get(ck->cfg, "min_items");
  const json_t *where = json_object_get(ck->cfg, "where");
  const char *wkey = json_string_value(json_object_get(where, "key"));
  const json_t *wvals = json_object_get(where, "values");
  size_t min_items = json_is_integer(mi) ? (size_t)json_integer_value(mi) : 1;
  json_t *v = vg__field_get(ctx->doc, f);
  if (!json_is_array(v) || !json_array_size(v)) {
    vg__reason(res, "field '%s' is absent", f);
    res->outcome = VG_OUTCOME_MISSING_DATA;
    json_decref(v);
    return VG_OK;
  }
  res->field = f;
  size_t total = json_array_size(v), n = 0, missing = 0, first = 0;
  json_object_set_new(res->thresholds, "min_items", json_integer((json_int_t)min_items));
  for (size_t i = 0; i < total; i++) {
    const json_t *el = json_array_get(v, i);
    if (wkey) {
      const json_t *wv = json_object_get(el, wkey), *e;
      size_t k;
      int in = 0;
      json_array_foreach(wvals, k, e) in |= wv && json_equal(e, wv);
      if (!in) continue;
    }
    n++;
    json_t *kv = json_object_get(el, key);
    if (!kv || json_is_null(kv)) {
      if (!missing) first = i;
      missing++;
    }
  }
  if (n < min_items) {
    vg__reason(res, "'%s' has %zu element(s)%s, fewer than %zu", f, n,
               wkey ? " of the kinds the rule looks at" : "", min_items);
    res->outcome = VG_OUTCOME_NOT_APPLICABLE;
    json_decref(v);
    return VG_OK;
  }
  if (!missing) {
    vg__reason(res, "every element of '%s' has a '%s'", f, key);
    res->outcome = VG_OUTCOME_NO_FLAG;
    json_decref(v);
    return VG_OK;
  }
  const json_t *us = json_object_get(ck->cfg, "unless_sections");
  for (size_t i = 0; us && i < ctx->nunits; i++)
    if (ctx->units[i].end > ctx->units[i].start && vg__section_in(us, ctx->units[i].field)) {
      vg__reason(res, "%zu element(s) of '%s' lack '%s', but section '%s' describes them",
                 missing, f, key, ctx->units[i].field);
      res->outcome = VG_OUTCOME_NO_FLAG;
      json_decref(v);
      return VG_OK;
    }
  const char *name = json_string_value(json_object_get(json_array_get(v, first), label));
  json_object_set_new(res->vars, "count", json_integer((json_int_t)n));
  json_object_set_new(res->vars, "missing", json_integer((json_int_t)missing));
  json_object_set_new(res->vars, "name", json_string(name ? name : "-"));
  vg__input_field(res, f, v);
  res->outcome = VG_OUTCOME_FLAG;
  return VG_OK;
}

int vg__check_field(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res) {
  switch (ck->kind) {
    case VG__K_DATE_PERIOD_MIN: return s_date_period_min(ctx, ck, res);
    case VG__K_FIELD_COMPARE: return s_field_compare(ctx, ck, res);
    case VG__K_FIELD_COMPANION: return s_field_companion(ctx, ck, res);
    case VG__K_FIELD_IN: return s_field_in(ctx, ck, res);
    case VG__K_FIELD_ARRAY_PATTERN: return s_field_array_pattern(ctx, ck, res);
    case VG__K_DATE_DIFF: return s_date_diff(ctx, ck, res);
    case VG__K_FIELD_ARRAY_MISSING_KEY: return s_field_array_missing_key(ctx, ck, res);
    default: return VG_E_INTERNAL;
  }
}
