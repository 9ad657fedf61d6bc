/* vg_eforms_lot.c: lots, parts and groups of lots of an eForms notice and the per-lot values
 * of doc->fields (submission deadline, electronic submission, framework, duration, candidates,
 * award criteria, options, renewals, guarantee...).
 * Lot nodes and their identity (id, title, value, currency, CPV, nature, deadlines) come from
 * the business-term map (vg_bt_map.h); the other per-lot fields are still read by element name
 * under each lot node. Groups of lots (BT-137-LotsGroup, BT-330/BT-1375) go to
 * fields.lot_groups = [{"id","title","value","currency","lots":[lot ids]}].
 * Not for: procedure-level metadata or free text (vg_eforms.c).
 * Per-lot keys hold the first lot's value; "lots_<key>" holds [{"lot","value"}...]. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "vg_bt_map.h"
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

static int s_process(s_ctx_t *x, const xmlNode *tp) {
  int rc = VG_OK;
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

static int s_project(s_ctx_t *x, const xmlNode *pp) {
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

/* Deadlines of one lot: the first lot with a tender deadline gives doc->deadline; the first
 * participation-request deadline is kept as a fallback (restricted procedures). */
static int s_deadline(s_ctx_t *x, vg__bt_eval_t *e, const xmlNode *ln) {
  char d[11], t[6];
  char *ds = vg__bt_text(e, "lot_deadline_date", ln), *ts = vg__bt_text(e, "lot_deadline_time", ln);
  int rc = VG_OK;
  if (vg__date(ds, d) && !x->doc->deadline) {
    rc = vg_doc_set(&x->doc->deadline, d);
    if (rc == VG_OK) rc = vg__field(x->doc, "deadline_kind", json_string("tenders"));
    if (rc == VG_OK && vg__time(ts, t)) rc = vg_doc_set(&x->doc->deadline_time, t);
  }
  free(ds), free(ts);
  ds = vg__bt_text(e, "lot_requests_date", ln), ts = vg__bt_text(e, "lot_requests_time", ln);
  if (!x->req_date[0] && vg__date(ds, d)) {
    memcpy(x->req_date, d, sizeof d);
    if (vg__time(ts, t)) memcpy(x->req_time, t, sizeof t);
  }
  free(ds), free(ts);
  return rc;
}


/* Identity of a lot, part or group: title (document language first), value, currency, CPV. */
static int s_identity(vg__bt_eval_t *e, const xmlNode *ln, const char *lang, char **title,
                      double *value, int *has_value, char **currency, vg_strv_t *cpv) {
  int rc = VG_OK;
  char *t = vg__bt_text_lang(e, "lot_title", ln, lang);
  if (t) rc = vg_doc_set(title, t);
  free(t);
  t = vg__bt_text(e, "lot_value", ln);
  if (rc == VG_OK && vg__num(t, value)) {
    *has_value = 1;
    char *cur = vg__bt_text(e, "lot_currency", ln);
    rc = vg_doc_set(currency, cur);
    free(cur);
  }
  free(t);
  if (rc == VG_OK && cpv) rc = vg__bt_cpvs(e, "lot_cpv_main", ln, cpv);
  if (rc == VG_OK && cpv) rc = vg__bt_cpvs(e, "lot_cpv_additional", ln, cpv);
  return rc;
}

/* One lot or part: lot record, identity, then the per-lot fields. */
static int s_lot(s_ctx_t *x, vg__bt_eval_t *e, const xmlNode *ln) {
  vg_doc_t *doc = x->doc;
  char *id = vg__bt_text(e, "lot_id", ln);
  vg_lot_t *lot = vg_doc_add_lot(doc, id ? id : "");
  int rc = lot ? VG_OK : VG_E_NOMEM;
  if (rc == VG_OK)
    rc = s_identity(e, ln, doc->lang, &lot->title, &lot->value, &lot->has_value, &lot->currency,
                    &lot->cpv);
  char *nat = vg__bt_text(e, "lot_nature", ln);
  if (rc == VG_OK && nat && !doc->contract_nature &&
      (!strcmp(nat, "works") || !strcmp(nat, "supplies") || !strcmp(nat, "services")))
    rc = vg_doc_set(&doc->contract_nature, nat);
  free(nat);
  x->lot = id;
  if (rc == VG_OK) rc = s_deadline(x, e, ln);
  if (rc == VG_OK) rc = s_process(x, vg__child(ln, "TenderingProcess"));
  if (rc == VG_OK) rc = s_project(x, vg__child(ln, "ProcurementProject"));
  if (rc == VG_OK) rc = s_terms(x, vg__child(ln, "TenderingTerms"));
  for (size_t i = 0; lot && rc == VG_OK && i < lot->cpv.n; i++) rc = vg__cpv(&doc->cpv, lot->cpv.v[i]);
  if (rc == VG_OK && lot && !doc->title && lot->title) rc = vg_doc_set(&doc->title, lot->title);
  x->lot = NULL;
  free(id);
  return rc;
}

/* Lots of group gid from the procedure's lot distribution (BT-330 / BT-1375). */
static json_t *s_group_lots(vg__bt_eval_t *e, const char *gid) {
  json_t *arr = json_array();
  xmlXPathObjectPtr comp = vg__bt_scope(e, "composition");
  for (int i = 0; arr && comp && i < comp->nodesetval->nodeNr; i++) {
    const xmlNode *c = comp->nodesetval->nodeTab[i];
    char *g = vg__bt_text(e, "group_id", c);
    xmlXPathObjectPtr lots = g && strcmp(g, gid) == 0 ? vg__bt_nodes(e, "group_lot", c) : NULL;
    for (int k = 0; lots && k < lots->nodesetval->nodeNr; k++) {
      char *l = vg__text(lots->nodesetval->nodeTab[k]);
      if (l) json_array_append_new(arr, json_string(l));
      free(l);
    }
    xmlXPathFreeObject(lots);
    free(g);
  }
  xmlXPathFreeObject(comp);
  return arr;
}

/* fields.lot_groups and, as before, the per-lot fields of each group keyed by its id. */
static int s_groups(s_ctx_t *x, vg__bt_eval_t *e) {
  xmlXPathObjectPtr gs = vg__bt_scope(e, "group");
  if (!gs) return VG_OK;
  json_t *arr = json_array();
  int rc = arr ? VG_OK : VG_E_NOMEM;
  for (int i = 0; rc == VG_OK && i < gs->nodesetval->nodeNr; i++) {
    const xmlNode *gn = gs->nodesetval->nodeTab[i];
    char *id = vg__bt_text(e, "lot_id", gn), *title = NULL, *cur = NULL;
    double value = 0;
    int has_value = 0;
    rc = s_identity(e, gn, x->doc->lang, &title, &value, &has_value, &cur, NULL);
    json_t *g = json_pack("{s:s?,s:s?,s:o,s:s?,s:o}", "id", id, "title", title, "value",
                          has_value ? json_real(value) : json_null(), "currency", cur, "lots",
                          s_group_lots(e, id ? id : ""));
    if (rc == VG_OK && (!g || json_array_append_new(arr, g))) rc = VG_E_NOMEM;
    x->lot = id;
    if (rc == VG_OK) rc = s_process(x, vg__child(gn, "TenderingProcess"));
    if (rc == VG_OK) rc = s_project(x, vg__child(gn, "ProcurementProject"));
    if (rc == VG_OK) rc = s_terms(x, vg__child(gn, "TenderingTerms"));
    x->lot = NULL;
    free(id), free(title), free(cur);
  }
  if (rc == VG_OK) rc = vg__field(x->doc, "lot_groups", json_incref(arr));
  json_decref(arr);
  xmlXPathFreeObject(gs);
  return rc;
}

int vg__eforms_lots(struct vg__bt_eval *e, vg_doc_t *doc, vg_err_t *err) {
  (void)err;
  s_ctx_t x = {.doc = doc};
  char *fam = vg__bt_text(e, "notice_family", NULL);
  x.competition = fam && strcmp(fam, "competition") == 0;
  free(fam);
  int rc = VG_OK;
  /* lots, then parts (they give the first-lot values), then groups of lots */
  static const char *const scopes[] = {"lot", "part"};
  for (size_t s = 0; s < 2 && rc == VG_OK; s++) {
    xmlXPathObjectPtr ls = vg__bt_scope(e, scopes[s]);
    for (int i = 0; ls && rc == VG_OK && i < ls->nodesetval->nodeNr; i++)
      rc = s_lot(&x, e, ls->nodesetval->nodeTab[i]);
    xmlXPathFreeObject(ls);
  }
  if (rc == VG_OK) rc = s_groups(&x, e);
  if (rc == VG_OK && !doc->deadline && x.req_date[0]) {
    rc = vg_doc_set(&doc->deadline, x.req_date);
    if (rc == VG_OK) rc = vg__field(doc, "deadline_kind", json_string("requests"));
    if (rc == VG_OK && x.req_time[0]) rc = vg_doc_set(&doc->deadline_time, x.req_time);
  }
  if (rc == VG_OK) rc = s_sum_lots(doc);
  return rc;
}
