/* vg_eforms_lot.c: lots of an eForms notice and the per-lot values of doc->fields
 * (submission deadline, electronic submission, framework, duration, candidates, award
 * criteria, options, renewals, guarantee...).
 * Not for: procedure-level metadata or free text (vg_eforms.c).
 * Per-lot keys hold the first lot's value; "lots_<key>" holds [{"lot","value"}...]. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vg_parse_int.h"

typedef struct {
  vg_doc_t *doc;
  const char *lot;
  int competition; /* notice of the "competition" family: absent references mean "none" */
  char req_date[11], req_time[6]; /* first participation-request deadline, as a fallback */
} s_ctx_t;

static int s_int(s_ctx_t *x, const char *key, const xmlNode *n) {
  char *t = vg__text(n);
  double v;
  int rc = VG_OK;
  if (vg__num(t, &v) && v >= 0 && v < 1e9)
    rc = vg__lot_field(x->doc, key, x->lot, json_integer((json_int_t)v));
  free(t);
  return rc;
}

static int s_bool(s_ctx_t *x, const char *key, int v) {
  return vg__lot_field(x->doc, key, x->lot, json_boolean(v));
}

/* Child of parent named local whose listName is list (or any when list absent). */
static const xmlNode *s_listed(const xmlNode *parent, const char *local, const char *list) {
  return vg__child_attr(parent, local, "listName", list);
}

static int s_deadline(s_ctx_t *x, const xmlNode *tp) {
  char d[11], t[6];
  const xmlNode *p = vg__child(tp, "TenderSubmissionDeadlinePeriod");
  char *ds = vg__ptext(p, "EndDate"), *ts = vg__ptext(p, "EndTime");
  int rc = VG_OK;
  if (vg__date(ds, d) && !x->doc->deadline) {
    rc = vg_doc_set(&x->doc->deadline, d);
    if (rc == VG_OK) rc = vg__field(x->doc, "deadline_kind", json_string("tenders"));
    if (rc == VG_OK && vg__time(ts, t)) rc = vg_doc_set(&x->doc->deadline_time, t);
  }
  free(ds), free(ts);
  p = vg__child(tp, "ParticipationRequestReceptionPeriod");
  ds = vg__ptext(p, "EndDate"), ts = vg__ptext(p, "EndTime");
  if (!x->req_date[0] && vg__date(ds, d)) {
    memcpy(x->req_date, d, sizeof d);
    if (vg__time(ts, t)) memcpy(x->req_time, t, sizeof t);
  }
  free(ds), free(ts);
  return rc;
}

static int s_process(s_ctx_t *x, const xmlNode *tp) {
  int rc = s_deadline(x, tp);
  char d[11];
  const xmlNode *sm = s_listed(tp, "SubmissionMethodCode", "esubmission");
  char *v = vg__text(sm);
  if (rc == VG_OK && v) rc = s_bool(x, "electronic_submission", strcmp(v, "not-allowed") != 0);
  free(v);
  for (const xmlNode *cs = vg__child(tp, "ContractingSystem"); cs && rc == VG_OK;
       cs = vg__next(cs, "ContractingSystem")) {
    const xmlNode *code = s_listed(cs, "ContractingSystemTypeCode", "framework-agreement");
    v = vg__text(code);
    if (v) rc = s_bool(x, "framework", strcmp(v, "none") != 0);
    free(v);
  }
  if (rc == VG_OK)
    rc = s_int(x, "framework_max_participants", vg__path(tp, "FrameworkAgreement/MaximumOperatorQuantity"));
  v = vg__text_lang(vg__child(tp, "FrameworkAgreement"), "Justification", x->doc->lang);
  if (rc == VG_OK && v) rc = vg__lot_field(x->doc, "framework_justification", x->lot, json_string(v));
  free(v);
  v = vg__ptext(tp, "CandidateReductionConstraintIndicator");
  if (rc == VG_OK && v) rc = s_bool(x, "candidate_reduction", strcmp(v, "true") == 0);
  free(v);
  const xmlNode *sl = vg__child(tp, "EconomicOperatorShortList");
  if (rc == VG_OK) rc = s_int(x, "min_candidates", vg__child(sl, "MinimumQuantity"));
  if (rc == VG_OK) rc = s_int(x, "max_candidates", vg__child(sl, "MaximumQuantity"));
  v = vg__ptext(tp, "OpenTenderEvent/OccurrenceDate");
  if (rc == VG_OK && vg__date(v, d)) rc = vg__lot_field(x->doc, "opening_date", x->lot, json_string(d));
  free(v);
  v = vg__ptext(tp, "NoticeDocumentReference/ID");
  if (rc == VG_OK && (v || x->competition)) rc = s_bool(x, "pin_reference", v != NULL);
  free(v);
  return rc;
}

static double s_months(double n, const char *unit) {
  if (!unit || strcmp(unit, "MONTH") == 0) return n;
  if (strcmp(unit, "YEAR") == 0) return n * 12;
  if (strcmp(unit, "WEEK") == 0) return round(n * 7 * 12 / 365.0 * 100) / 100;
  if (strcmp(unit, "DAY") == 0) return round(n * 12 / 365.0 * 100) / 100;
  return -1;
}

static int s_project(s_ctx_t *x, const xmlNode *pp, vg_lot_t *lot) {
  int rc = VG_OK;
  char d[11];
  const xmlNode *pd = vg__child(pp, "PlannedPeriod");
  const xmlNode *dm = vg__child(pd, "DurationMeasure");
  char *v = vg__text(dm);
  double n;
  if (vg__num(v, &n)) {
    char *unit = vg__attr(dm, "unitCode");
    double m = s_months(n, unit);
    if (m >= 0) rc = vg__lot_field(x->doc, "duration_months", x->lot, json_real(m));
    free(unit);
  }
  free(v);
  v = vg__ptext(pd, "StartDate");
  if (rc == VG_OK && vg__date(v, d)) rc = vg__lot_field(x->doc, "duration_start_date", x->lot, json_string(d));
  free(v);
  v = vg__ptext(pd, "EndDate");
  if (rc == VG_OK && vg__date(v, d)) rc = vg__lot_field(x->doc, "duration_end_date", x->lot, json_string(d));
  free(v);
  const xmlNode *ext = vg__child(pp, "ContractExtension");
  if (rc == VG_OK) rc = s_int(x, "renewals_max", vg__child(ext, "MaximumNumberNumeric"));
  if (rc == VG_OK && vg__child(ext, "OptionsDescription")) rc = s_bool(x, "options", 1);
  /* renewal: a maximum number of renewals or a described renewal period */
  const xmlNode *mx = vg__child(ext, "MaximumNumberNumeric");
  char *rd = vg__text_lang(vg__path(ext, "Renewal/Period"), "Description", x->doc->lang);
  if (rc == VG_OK && (mx || rd)) {
    char *mv = vg__text(mx);
    rc = s_bool(x, "renewal", rd != NULL || (mv && strcmp(mv, "0") != 0));
    free(mv);
  }
  if (rc == VG_OK && rd) rc = vg__lot_field(x->doc, "renewal_description", x->lot, json_string(rd));
  free(rd);
  if (!lot) return rc;
  /* lot identity: title, value, cpv */
  char *t = vg__text_lang(pp, "Name", x->doc->lang);
  if (rc == VG_OK && t) rc = vg_doc_set(&lot->title, t);
  free(t);
  const xmlNode *amt = vg__path(pp, "RequestedTenderTotal/EstimatedOverallContractAmount");
  v = vg__text(amt);
  if (rc == VG_OK && vg__num(v, &lot->value)) {
    lot->has_value = 1;
    char *cur = vg__attr(amt, "currencyID");
    rc = vg_doc_set(&lot->currency, cur);
    free(cur);
  }
  free(v);
  v = vg__ptext(pp, "MainCommodityClassification/ItemClassificationCode");
  if (rc == VG_OK) rc = vg__cpv(&lot->cpv, v);
  free(v);
  for (const xmlNode *a = vg__child(pp, "AdditionalCommodityClassification"); a && rc == VG_OK;
       a = vg__next(a, "AdditionalCommodityClassification")) {
    v = vg__ptext(a, "ItemClassificationCode");
    rc = vg__cpv(&lot->cpv, v);
    free(v);
  }
  v = vg__ptext(pp, "ProcurementTypeCode");
  if (rc == VG_OK && v && !x->doc->contract_nature &&
      (!strcmp(v, "works") || !strcmp(v, "supplies") || !strcmp(v, "services")))
    rc = vg_doc_set(&x->doc->contract_nature, v);
  free(v);
  return rc;
}

static json_t *s_criterion(const xmlNode *sc, const char *lang) {
  char *type = vg__ptext(sc, "AwardingCriterionTypeCode");
  char *name = vg__text_lang(sc, "Name", lang);
  json_t *weight = json_null();
  const xmlNode *ext = vg__path(sc, "UBLExtensions/UBLExtension/ExtensionContent/EformsExtension");
  for (const xmlNode *p = vg__child(ext, "AwardCriterionParameter"); p;
       p = vg__next(p, "AwardCriterionParameter")) {
    char *num = vg__ptext(p, "ParameterNumeric");
    const xmlNode *pc = vg__child(p, "ParameterCode");
    char *ln = vg__attr(pc, "listName");
    double w;
    if (ln && strcmp(ln, "number-weight") == 0 && vg__num(num, &w)) {
      json_decref(weight);
      weight = json_real(w);
    }
    free(num), free(ln);
  }
  json_t *o = json_pack("{s:s?,s:s?,s:o}", "type", type, "name", name, "weight", weight);
  free(type), free(name);
  return o;
}

static int s_terms(s_ctx_t *x, const xmlNode *tt) {
  int rc = VG_OK;
  const xmlNode *ac = vg__path(tt, "AwardingTerms/AwardingCriterion");
  if (vg__child(ac, "SubordinateAwardingCriterion")) {
    json_t *arr = json_array();
    for (const xmlNode *sc = vg__child(ac, "SubordinateAwardingCriterion"); sc && arr;
         sc = vg__next(sc, "SubordinateAwardingCriterion"))
      if (json_array_append_new(arr, s_criterion(sc, x->doc->lang))) {
        json_decref(arr);
        arr = NULL;
      }
    rc = vg__lot_field(x->doc, "award_criteria", x->lot, arr);
  }
  const xmlNode *g = vg__path(tt, "RequiredFinancialGuarantee/GuaranteeTypeCode");
  char *v = vg__text(g);
  if (rc == VG_OK && v) rc = s_bool(x, "guarantee_required", strcmp(v, "true") == 0);
  free(v);
  return rc;
}

/* When the procedure carries no estimated value, use the sum of the lots' values if every
 * lot has one in the same currency. */
static int s_sum_lots(vg_doc_t *doc) {
  if (doc->has_value || doc->nlots == 0) return VG_OK;
  double sum = 0;
  for (size_t i = 0; i < doc->nlots; i++) {
    const vg_lot_t *l = &doc->lots[i];
    if (!l->has_value || !l->currency || strcmp(l->currency, doc->lots[0].currency ? doc->lots[0].currency : "") != 0)
      return VG_OK;
    sum += l->value;
  }
  doc->value = sum;
  doc->has_value = 1;
  return vg_doc_set(&doc->currency, doc->lots[0].currency);
}

int vg__eforms_lots(const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  (void)err;
  s_ctx_t x = {.doc = doc};
  char *ln = vg__attr(vg__child(root, "NoticeTypeCode"), "listName");
  x.competition = ln && strcmp(ln, "competition") == 0;
  free(ln);
  int rc = VG_OK;
  /* pass 0: lots and parts (they give the first-lot values); pass 1: groups of lots */
  for (int pass = 0; pass < 2; pass++)
  for (const xmlNode *pl = vg__child(root, "ProcurementProjectLot"); pl && rc == VG_OK;
       pl = vg__next(pl, "ProcurementProjectLot")) {
    const xmlNode *idn = vg__child(pl, "ID");
    char *scheme = vg__attr(idn, "schemeName");
    int group = scheme && strcmp(scheme, "LotsGroup") == 0;
    free(scheme);
    if (group != pass) continue;
    char *id = vg__text(idn);
    vg_lot_t *lot = NULL;
    if (!group) {
      lot = vg_doc_add_lot(doc, id ? id : "");
      if (!lot) rc = VG_E_NOMEM;
    }
    x.lot = id;
    if (rc == VG_OK) rc = s_process(&x, vg__child(pl, "TenderingProcess"));
    if (rc == VG_OK) rc = s_project(&x, vg__child(pl, "ProcurementProject"), lot);
    if (rc == VG_OK) rc = s_terms(&x, vg__child(pl, "TenderingTerms"));
    for (size_t i = 0; lot && rc == VG_OK && i < lot->cpv.n; i++) rc = vg__cpv(&doc->cpv, lot->cpv.v[i]);
    if (rc == VG_OK && lot && !doc->title && lot->title) rc = vg_doc_set(&doc->title, lot->title);
    x.lot = NULL;
    free(id);
  }
  if (rc == VG_OK && !doc->deadline && x.req_date[0]) {
    rc = vg_doc_set(&doc->deadline, x.req_date);
    if (rc == VG_OK) rc = vg__field(doc, "deadline_kind", json_string("requests"));
    if (rc == VG_OK && x.req_time[0]) rc = vg_doc_set(&doc->deadline_time, x.req_time);
  }
  if (rc == VG_OK) rc = s_sum_lots(doc);
  return rc;
}
