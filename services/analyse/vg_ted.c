/* vg_ted.c: metadata, lots, fields and free-text sections of a TED R2.0.8 / R2.0.9
 * TED_EXPORT notice (namespace-agnostic: elements are matched by local name).
 *
 * For: CODED_DATA_SECTION (identity, dates, codes) and FORM_SECTION (the form in its
 * original language plus translations, each with LG and CATEGORY attributes).
 * Not for: the XML safety checks (vg_notice.c). Every element holding P children becomes
 * one section named "TED:<ELEMENT>", P elements joined by "\n"; the original form and each
 * translation are kept, each with its own lang. TRANSLATION_SECTION (title translations of
 * a few words) is not turned into sections.
 * Procedure key (doc->procedure_id): "ted:" + the earliest OJ number the notice refers to
 * (coded REF_NOTICE, the form's NOTICE_NUMBER_OJ: the original notice of an F14/F20 change,
 * the previous publication of an award), else "ted:" + its own NO_DOC_OJS. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vg_parse_int.h"

static int s_take(char **slot, char *t) {
  if (!t) return VG_OK;
  int rc = *slot ? VG_OK : vg_doc_set(slot, t);
  free(t);
  return rc;
}

/* Text of an element made of P paragraphs: each P normalised, joined by "\n". */
static char *s_ptext(const xmlNode *n) {
  if (!n) return NULL;
  if (!vg__child(n, "P")) return vg__text(n);
  vg__buf_t b = {0};
  for (const xmlNode *p = vg__child(n, "P"); p; p = vg__next(p, "P")) {
    char *t = vg__text(p);
    if (t) {
      if (b.n) vg__buf_raw(&b, "\n", 1);
      vg__buf_raw(&b, t, strlen(t));
    }
    free(t);
  }
  if (b.err || !b.n) {
    vg__buf_free(&b);
    return NULL;
  }
  return b.p;
}

/* Lower-cased copy of an element name, for codes such as "d_technical". */
static void s_lower(const char *in, char *out, size_t cap) {
  size_t i = 0;
  for (; in[i] && i + 1 < cap; i++) out[i] = (char)tolower((unsigned char)in[i]);
  out[i] = '\0';
}

static const xmlNode *s_original_form(const xmlNode *fs) {
  const xmlNode *first = vg__child(fs, NULL);
  for (const xmlNode *f = first; f; f = vg__next(f, NULL)) {
    char *cat = vg__attr(f, "CATEGORY");
    int orig = cat && strcmp(cat, "ORIGINAL") == 0;
    free(cat);
    if (orig) return f;
  }
  return first;
}

/* PT_* element of the form (or PR_PROC text) -> eForms procedure type code. */
static const char *s_procedure(const xmlNode *proc, const char *pr_text) {
  static const char *const map[][2] = {
      {"PT_OPEN", "open"},
      {"PT_RESTRICTED", "restricted"},
      {"PT_COMPETITIVE_NEGOTIATION", "neg-w-call"},
      {"PT_NEGOTIATED_WITH_PRIOR_CALL", "neg-w-call"},
      {"PT_INVOLVING_NEGOTIATION", "neg-w-call"},
      {"PT_NEGOTIATED", "neg-w-call"},
      {"PT_COMPETITIVE_DIALOGUE", "comp-dial"},
      {"PT_INNOVATION_PARTNERSHIP", "innovation"},
      {"PT_AWARD_CONTRACT_WITHOUT_CALL", "neg-wo-call"},
      {"PT_AWARD_CONTRACT_WITHOUT_PUBLICATION", "neg-wo-call"},
      {"PT_NEGOTIATED_WITHOUT_PUBLICATION", "neg-wo-call"},
      {"PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION", "oth-single"},
  };
  for (const xmlNode *c = vg__child(proc, NULL); c; c = vg__next(c, NULL))
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
      if (vg__is(c, map[i][0])) return map[i][1];
  if (!pr_text) return NULL;
  static const char *const text[][2] = {
      {"Negotiated without", "neg-wo-call"},
      {"without prior publication", "neg-wo-call"},
      {"without a prior call", "neg-wo-call"},
      {"Open", "open"},
      {"restricted", "restricted"},
      {"Restricted", "restricted"},
      {"Competitive dialogue", "comp-dial"},
      {"Innovation partnership", "innovation"},
      {"negotiation", "neg-w-call"},
      {"Negotiated", "neg-w-call"},
  };
  for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
    if (strstr(pr_text, text[i][0])) return text[i][1];
  return NULL;
}

static int s_coded(const xmlNode *root, vg_doc_t *doc) {
  const xmlNode *cd = vg__child(root, "CODED_DATA_SECTION");
  const xmlNode *nd = vg__child(cd, "NOTICE_DATA");
  const xmlNode *cf = vg__child(cd, "CODIF_DATA");
  char d[11], t[6];
  int rc = s_take(&doc->notice_id, vg__ptext(nd, "NO_DOC_OJS"));
  char *lg = vg__ptext(nd, "LG_ORIG");
  if (rc == VG_OK) rc = vg_doc_set(&doc->lang, vg__lang2(lg));
  free(lg);
  char *c = vg__attr(vg__child(nd, "ISO_COUNTRY"), "VALUE");
  if (rc == VG_OK) rc = vg_doc_set(&doc->country, vg__country2(c));
  free(c);
  for (const xmlNode *v = vg__path(nd, "VALUES/VALUE"); v && rc == VG_OK && !doc->has_value;
       v = vg__next(v, "VALUE")) {
    char *type = vg__attr(v, "TYPE");
    char *num = vg__text(v);
    if (type && strcmp(type, "ESTIMATED_TOTAL") == 0 && vg__num(num, &doc->value)) {
      doc->has_value = 1;
      char *cur = vg__attr(v, "CURRENCY");
      rc = vg_doc_set(&doc->currency, cur);
      free(cur);
    }
    free(type), free(num);
  }
  const xmlNode *tot = vg__child_attr(vg__child(nd, "VALUES"), "VALUE", "TYPE", "PROCUREMENT_TOTAL");
  char *tv = vg__text(tot);
  double total;
  if (rc == VG_OK && vg__num(tv, &total)) {
    char *cur = vg__attr(tot, "CURRENCY");
    rc = vg__field(doc, "awarded_value", json_real(total));
    if (rc == VG_OK && cur) rc = vg__field(doc, "awarded_currency", json_string(cur));
    free(cur);
  }
  free(tv);
  char *s = vg__ptext(cf, "DS_DATE_DISPATCH");
  if (rc == VG_OK && vg__date(s, d)) rc = vg_doc_set(&doc->dispatch_date, d);
  free(s);
  s = vg__ptext(cf, "DT_DATE_FOR_SUBMISSION");
  if (rc == VG_OK && vg__date(s, d)) {
    rc = vg_doc_set(&doc->deadline, d);
    if (rc == VG_OK && vg__time(s, t)) rc = vg_doc_set(&doc->deadline_time, t);
  }
  free(s);
  s = vg__ptext(cd, "REF_OJS/DATE_PUB");
  if (rc == VG_OK && vg__date(s, d)) rc = vg__field(doc, "published_date", json_string(d));
  free(s);
  if (rc == VG_OK) rc = s_take(&doc->notice_type, vg__ptext(cf, "TD_DOCUMENT_TYPE"));
  if (rc == VG_OK) rc = s_take(&doc->buyer_kind, vg__ptext(cf, "AA_AUTHORITY_TYPE"));
  s = vg__ptext(cf, "NC_CONTRACT_NATURE");
  if (s && rc == VG_OK) {
    const char *nat = strstr(s, "Works") ? "works" : strstr(s, "Supplies") ? "supplies"
                      : strstr(s, "Services") ? "services" : NULL;
    rc = vg_doc_set(&doc->contract_nature, nat);
  }
  free(s);
  s = vg__ptext(cf, "PR_PROC");
  if (s && rc == VG_OK && strstr(s, "ccelerated")) rc = vg__field(doc, "accelerated", json_true());
  if (s && rc == VG_OK) rc = vg_doc_set(&doc->procedure, s_procedure(NULL, s));
  free(s);
  s = vg__attr(root, "VERSION");
  if (s && rc == VG_OK) rc = vg__field(doc, "notice_version", json_string(s));
  free(s);
  return rc;
}

typedef struct {
  vg_doc_t *doc;
  const char *lot;
} s_ctx_t;

static int s_lf(s_ctx_t *x, const char *key, json_t *v) { return vg__lot_field(x->doc, key, x->lot, v); }

static int s_int(s_ctx_t *x, const char *key, const xmlNode *n) {
  char *t = vg__text(n);
  double v;
  int rc = VG_OK;
  if (vg__num(t, &v) && v >= 0 && v < 1e9) rc = s_lf(x, key, json_integer((json_int_t)v));
  free(t);
  return rc;
}

static json_t *s_criteria(const xmlNode *ac) {
  json_t *arr = json_array();
  static const char *const kinds[][2] = {{"AC_QUALITY", "quality"}, {"AC_COST", "cost"}, {"AC_PRICE", "price"}};
  for (size_t k = 0; arr && k < 3; k++)
    for (const xmlNode *c = vg__child(ac, kinds[k][0]); c; c = vg__next(c, kinds[k][0])) {
      char *name = vg__ptext(c, "AC_CRITERION");
      char *w = vg__ptext(c, "AC_WEIGHTING");
      double wv;
      json_t *weight = vg__num(w, &wv) ? json_real(wv) : w ? json_string(w) : json_null();
      json_t *o = json_pack("{s:s,s:s?,s:o}", "type", kinds[k][1], "name", name, "weight", weight);
      free(name), free(w);
      if (!o || json_array_append_new(arr, o)) {
        json_decref(arr);
        return NULL;
      }
    }
  return arr;
}

/* One OBJECT_DESCR: lot record and per-lot fields. */
static int s_object(s_ctx_t *x, const xmlNode *od) {
  vg_doc_t *doc = x->doc;
  char d[11];
  vg_lot_t *lot = vg_doc_add_lot(doc, x->lot ? x->lot : "");
  if (!lot) return VG_E_NOMEM;
  char *t = s_ptext(vg__child(od, "TITLE"));
  int rc = t ? vg_doc_set(&lot->title, t) : VG_OK;
  free(t);
  const xmlNode *vo = vg__child(od, "VAL_OBJECT");
  char *v = vg__text(vo);
  if (rc == VG_OK && vg__num(v, &lot->value)) {
    lot->has_value = 1;
    char *cur = vg__attr(vo, "CURRENCY");
    rc = vg_doc_set(&lot->currency, cur);
    free(cur);
  }
  free(v);
  static const char *const cpvs[] = {"CPV_MAIN", "CPV_ADDITIONAL"};
  for (size_t k = 0; k < 2; k++)
    for (const xmlNode *c = vg__child(od, cpvs[k]); c && rc == VG_OK; c = vg__next(c, cpvs[k])) {
      char *code = vg__attr(vg__child(c, "CPV_CODE"), "CODE");
      rc = vg__cpv(&lot->cpv, code);
      if (rc == VG_OK) rc = vg__cpv(&doc->cpv, code);
      free(code);
    }
  const xmlNode *dur = vg__child(od, "DURATION");
  v = vg__text(dur);
  double n;
  if (rc == VG_OK && vg__num(v, &n)) {
    char *type = vg__attr(dur, "TYPE");
    double m = type && strcmp(type, "DAY") == 0 ? (double)(long)(n * 12 / 365.0 * 100 + 0.5) / 100
               : type && strcmp(type, "YEAR") == 0 ? n * 12 : n;
    rc = s_lf(x, "duration_months", json_real(m));
    free(type);
  }
  free(v);
  v = vg__ptext(od, "DATE_START");
  if (rc == VG_OK && vg__date(v, d)) rc = s_lf(x, "duration_start_date", json_string(d));
  free(v);
  v = s_ptext(vg__child(od, "RENEWAL_DESCR"));
  if (rc == VG_OK && v) rc = s_lf(x, "renewal_description", json_string(v));
  free(v);
  v = vg__ptext(od, "DATE_END");
  if (rc == VG_OK && vg__date(v, d)) rc = s_lf(x, "duration_end_date", json_string(d));
  free(v);
  /* limits when given, else the envisaged number stands for both */
  const xmlNode *env = vg__child(od, "NB_ENVISAGED_CANDIDATE");
  const xmlNode *lo = vg__child(od, "NB_MIN_LIMIT_CANDIDATE"), *hi = vg__child(od, "NB_MAX_LIMIT_CANDIDATE");
  if (rc == VG_OK) rc = s_int(x, "min_candidates", lo ? lo : env);
  if (rc == VG_OK) rc = s_int(x, "max_candidates", hi ? hi : env);
  if (rc == VG_OK && vg__child(od, "RENEWAL")) rc = s_lf(x, "renewal", json_true());
  if (rc == VG_OK && vg__child(od, "NO_RENEWAL")) {
    rc = s_lf(x, "renewal", json_false());
    if (rc == VG_OK) rc = s_lf(x, "renewals_max", json_integer(0));
  }
  if (rc == VG_OK && vg__child(od, "OPTIONS")) rc = s_lf(x, "options", json_true());
  if (rc == VG_OK && vg__child(od, "NO_OPTIONS")) rc = s_lf(x, "options", json_false());
  const xmlNode *ac = vg__child(od, "AC");
  if (rc == VG_OK && ac && vg__child(ac, NULL)) rc = s_lf(x, "award_criteria", s_criteria(ac));
  return rc;
}

static int s_form(const xmlNode *form, vg_doc_t *doc) {
  char d[11], t[6];
  int rc = VG_OK;
  if (!doc->lang) {
    char *lg = vg__attr(form, "LG");
    rc = vg_doc_set(&doc->lang, vg__lang2(lg));
    free(lg);
  }
  char *f = vg__attr(form, "FORM");
  if (rc == VG_OK) rc = vg_doc_set(&doc->notice_subtype, f ? f : vg__name(form));
  free(f);
  const xmlNode *oc = vg__child(form, "OBJECT_CONTRACT");
  if (rc == VG_OK) rc = s_take(&doc->title, s_ptext(vg__child(oc, "TITLE")));
  /* R2.0.8 forms nest these deeper (FD_CONTRACT/.../TITLE_CONTRACT, ORGANISATION/OFFICIALNAME) */
  if (rc == VG_OK && !doc->title) rc = s_take(&doc->title, s_ptext(vg__desc(form, "TITLE_CONTRACT")));
  if (rc == VG_OK && !doc->title) rc = s_take(&doc->title, s_ptext(vg__desc(form, "TITLE")));
  const xmlNode *cb = vg__child(form, "CONTRACTING_BODY");
  if (rc == VG_OK) rc = s_take(&doc->buyer, vg__ptext(cb, "ADDRESS_CONTRACTING_BODY/OFFICIALNAME"));
  if (rc == VG_OK && !doc->buyer) rc = s_take(&doc->buyer, vg__text(vg__desc(form, "OFFICIALNAME")));
  char *code = vg__attr(vg__path(oc, "CPV_MAIN/CPV_CODE"), "CODE");
  if (rc == VG_OK) rc = vg__cpv(&doc->cpv, code);
  free(code);
  const xmlNode *ve = vg__child(oc, "VAL_ESTIMATED_TOTAL");
  char *v = vg__text(ve);
  if (rc == VG_OK && !doc->has_value && vg__num(v, &doc->value)) {
    doc->has_value = 1;
    char *cur = vg__attr(ve, "CURRENCY");
    rc = vg_doc_set(&doc->currency, cur);
    free(cur);
  }
  free(v);
  const xmlNode *pr = vg__child(form, "PROCEDURE");
  const char *ptype = s_procedure(pr, NULL);
  if (rc == VG_OK && ptype) rc = vg_doc_set(&doc->procedure, ptype);
  if (rc == VG_OK && !doc->deadline) {
    char *ds = vg__ptext(pr, "DATE_RECEIPT_TENDERS"), *ts = vg__ptext(pr, "TIME_RECEIPT_TENDERS");
    if (vg__date(ds, d)) {
      rc = vg_doc_set(&doc->deadline, d);
      if (rc == VG_OK && vg__time(ts, t)) rc = vg_doc_set(&doc->deadline_time, t);
    }
    free(ds), free(ts);
  }
  if (rc == VG_OK && !doc->dispatch_date) {
    char *ds = vg__ptext(form, "COMPLEMENTARY_INFO/DATE_DISPATCH_NOTICE");
    if (vg__date(ds, d)) rc = vg_doc_set(&doc->dispatch_date, d);
    free(ds);
  }
  /* procedure-level fields; "competition" forms (with a tender deadline) state absence */
  int comp = vg__child(pr, "DATE_RECEIPT_TENDERS") != NULL;
  if (rc == VG_OK && (vg__child(cb, "URL_PARTICIPATION") || vg__child(cb, "ADDRESS_PARTICIPATION") ||
                      vg__child(cb, "ADDRESS_PARTICIPATION_IDEM")))
    rc = vg__field(doc, "electronic_submission", json_boolean(vg__child(cb, "URL_PARTICIPATION") != NULL));
  const xmlNode *acc = vg__desc(pr, "ACCELERATED_PROC");
  if (rc == VG_OK && (acc || comp)) rc = vg__field(doc, "accelerated", json_boolean(acc != NULL));
  char *why = s_ptext(acc);
  if (rc == VG_OK && why) rc = vg__field(doc, "accelerated_justification", json_string(why));
  free(why);
  const xmlNode *fw = vg__child(pr, "FRAMEWORK");
  if (rc == VG_OK && (fw || comp)) rc = vg__field(doc, "framework", json_boolean(fw != NULL));
  s_ctx_t x = {doc, NULL};
  if (rc == VG_OK) rc = s_int(&x, "framework_max_participants", vg__child(fw, "NB_PARTICIPANTS"));
  if (rc == VG_OK && vg__child(fw, "SINGLE_OPERATOR"))
    rc = vg__field(doc, "framework_max_participants", json_integer(1));
  why = s_ptext(vg__child(fw, "JUSTIFICATION"));
  if (rc == VG_OK && why) rc = vg__field(doc, "framework_justification", json_string(why));
  free(why);
  const xmlNode *nn = vg__child(pr, "NOTICE_NUMBER_OJ");
  if (rc == VG_OK && comp) rc = vg__field(doc, "pin_reference", json_boolean(nn != NULL));
  v = vg__ptext(pr, "OPENING_CONDITION/DATE_OPENING_TENDERS");
  if (rc == VG_OK && vg__date(v, d)) rc = vg__field(doc, "opening_date", json_string(d));
  free(v);
  const xmlNode *dj = vg__desc(pr, "D_JUSTIFICATION");
  why = s_ptext(dj);
  if (rc == VG_OK && why) rc = vg__field(doc, "procedure_justification", json_string(why));
  free(why);
  const xmlNode *da = vg__child(vg__desc(pr, "D_ACCORDANCE_ARTICLE"), NULL);
  if (!da) da = vg__desc(pr, "D_OUTSIDE_SCOPE");
  if (rc == VG_OK && da) {
    char low[64];
    s_lower(vg__name(da), low, sizeof low);
    rc = vg__field(doc, "direct_award_code", json_string(low));
  }
  const xmlNode *g = vg__desc(form, "DEPOSIT_GUARANTEE_REQUIRED");
  if (rc == VG_OK && g) rc = vg__field(doc, "guarantee_required", json_true());
  for (const xmlNode *od = vg__child(oc, "OBJECT_DESCR"); od && rc == VG_OK; od = vg__next(od, "OBJECT_DESCR")) {
    char *id = vg__ptext(od, "LOT_NO");
    if (!id) id = vg__attr(od, "ITEM");
    x.lot = id;
    rc = s_object(&x, od);
    free(id);
  }
  return rc;
}

/* Sections: every element holding P paragraphs, lot taken from the enclosing OBJECT_DESCR
 * or AWARD_CONTRACT (LOT_NO, else ITEM). */
static int s_texts(vg_doc_t *doc, const xmlNode *n, const char *lang, const char *lot) {
  int rc = VG_OK;
  for (const xmlNode *c = vg__child(n, NULL); c && rc == VG_OK; c = vg__next(c, NULL)) {
    if (vg__child(c, "P")) {
      char field[96];
      snprintf(field, sizeof field, "TED:%s", vg__name(c));
      char *t = s_ptext(c);
      rc = vg__section(doc, field, lang, lot, t);
      free(t);
    } else if (vg__is(c, "OBJECT_DESCR") || vg__is(c, "AWARD_CONTRACT")) {
      char *id = vg__ptext(c, "LOT_NO");
      if (!id) id = vg__attr(c, "ITEM");
      rc = s_texts(doc, c, lang, id);
      free(id);
    } else {
      rc = s_texts(doc, c, lang, lot);
    }
  }
  return rc;
}

/* Keeps in ref[] the earliest (OJ numbers sort by year, issue, number) non-empty candidate. */
static void s_ref(char ref[64], const xmlNode *n) {
  char *t = vg__text(n);
  if (t && strlen(t) < 64 && (!ref[0] || strcmp(t, ref) < 0)) memcpy(ref, t, strlen(t) + 1);
  free(t);
}

/* Procedure key, and for change / corrigendum forms the notice they change. */
static int s_versions(const xmlNode *root, const xmlNode *form, vg_doc_t *doc) {
  char ref[64] = "", changed[64] = "", key[80];
  const xmlNode *nd = vg__path(root, "CODED_DATA_SECTION/NOTICE_DATA");
  for (const xmlNode *r = vg__child(nd, "REF_NOTICE"); r; r = vg__next(r, "REF_NOTICE"))
    for (const xmlNode *n = vg__child(r, "NO_DOC_OJS"); n; n = vg__next(n, "NO_DOC_OJS")) s_ref(ref, n);
  s_ref(ref, vg__path(form, "PROCEDURE/NOTICE_NUMBER_OJ"));
  s_ref(ref, vg__path(form, "COMPLEMENTARY_INFO/NOTICE_NUMBER_OJ"));
  s_ref(changed, vg__path(form, "COMPLEMENTARY_INFO/NOTICE_NUMBER_OJ"));
  const char *f = doc->notice_subtype ? doc->notice_subtype : "";
  int change = strcmp(f, "F14") == 0 || strcmp(f, "F20") == 0 ||
               strncmp(vg__name(form), "F14", 3) == 0 || strncmp(vg__name(form), "F20", 3) == 0;
  if (change && !changed[0]) memcpy(changed, ref, sizeof ref);
  int rc = VG_OK;
  if (change && changed[0]) rc = vg__field(doc, "changes_notice", json_string(changed));
  const char *base = ref[0] ? ref : doc->notice_id;
  if (rc == VG_OK && base) {
    snprintf(key, sizeof key, "ted:%s", base);
    rc = vg_doc_set(&doc->procedure_id, key);
  }
  return rc;
}

int vg__ted_parse(const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  (void)err;
  int rc = s_coded(root, doc);
  const xmlNode *fs = vg__child(root, "FORM_SECTION");
  const xmlNode *orig = s_original_form(fs);
  if (rc == VG_OK && orig) rc = s_form(orig, doc);
  if (rc == VG_OK) rc = s_versions(root, orig, doc);
  /* fall back on the coded data for what the form did not give */
  const xmlNode *nd = vg__path(root, "CODED_DATA_SECTION/NOTICE_DATA");
  for (const xmlNode *c = vg__child(nd, "ORIGINAL_CPV"); c && rc == VG_OK; c = vg__next(c, "ORIGINAL_CPV")) {
    char *code = vg__attr(c, "CODE");
    rc = vg__cpv(&doc->cpv, code);
    free(code);
  }
  const xmlNode *ts = vg__child(root, "TRANSLATION_SECTION");
  if (rc == VG_OK && !doc->buyer) rc = s_take(&doc->buyer, vg__ptext(ts, "ML_AA_NAMES/AA_NAME"));
  if (rc == VG_OK && !doc->title) {
    for (const xmlNode *m = vg__path(ts, "ML_TITLES/ML_TI_DOC"); m && !doc->title && rc == VG_OK;
         m = vg__next(m, "ML_TI_DOC")) {
      char *lg = vg__attr(m, "LG");
      const char *l2 = vg__lang2(lg);
      if (l2 && doc->lang && strcmp(l2, doc->lang) == 0) rc = s_take(&doc->title, s_ptext(vg__child(m, "TI_TEXT")));
      free(lg);
    }
  }
  /* original form first, then translations */
  if (rc == VG_OK && orig) rc = s_texts(doc, orig, doc->lang, NULL);
  for (const xmlNode *f = vg__child(fs, NULL); f && rc == VG_OK; f = vg__next(f, NULL)) {
    if (f == orig) continue;
    char *lg = vg__attr(f, "LG");
    rc = s_texts(doc, f, vg__lang2(lg), NULL);
    free(lg);
  }
  return rc;
}
