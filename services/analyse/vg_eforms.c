/* vg_eforms.c: procedure-level metadata and free-text sections of an eForms (UBL 2.3) notice.
 *
 * For: every eForms root type. Elements are matched by local name so that notices written
 * against older or newer SDK versions (namespaces and minor moves) still parse.
 * Not for: lots and per-lot fields (vg_eforms_lot.c), the XML safety checks (vg_notice.c).
 * Field names of sections are "BT-xx-Procedure" / "BT-xx-Lot" / "BT-xx-LotsGroup" /
 * "BT-xx-Part" when the business term is known, else "eForms:<Parent>/<Element>-<scope>". */
#include <stdlib.h>
#include <string.h>

#include "vg_parse_int.h"

#define S_EXT "UBLExtensions/UBLExtension/ExtensionContent/EformsExtension"

/* Sets *slot from text t (steals t). */
static int s_take(char **slot, char *t) {
  if (!t) return VG_OK;
  int rc = *slot ? VG_OK : vg_doc_set(slot, t);
  free(t);
  return rc;
}

/* Finds the efac:Company of organisation id; NULL when absent. */
static const xmlNode *s_company(const xmlNode *root, const char *id) {
  const xmlNode *orgs = vg__path(root, S_EXT "/Organizations");
  for (const xmlNode *o = vg__child(orgs, "Organization"); o && id; o = vg__next(o, "Organization")) {
    const xmlNode *co = vg__child(o, "Company");
    char *cid = vg__ptext(co, "PartyIdentification/ID");
    int eq = cid && strcmp(cid, id) == 0;
    free(cid);
    if (eq) return co;
  }
  return NULL;
}

static int s_buyer(const xmlNode *root, vg_doc_t *doc) {
  const xmlNode *cp = vg__child(root, "ContractingParty");
  int rc = VG_OK;
  for (const xmlNode *t = vg__child(cp, "ContractingPartyType"); t && !doc->buyer_kind;
       t = vg__next(t, "ContractingPartyType")) {
    const xmlNode *code = vg__child(t, "PartyTypeCode");
    char *ln = vg__attr(code, "listName");
    if (!ln || strcmp(ln, "buyer-legal-type") == 0) rc = s_take(&doc->buyer_kind, vg__text(code));
    free(ln);
  }
  char *id = vg__ptext(cp, "Party/PartyIdentification/ID");
  const xmlNode *co = s_company(root, id);
  free(id);
  if (rc == VG_OK && co) rc = s_take(&doc->buyer, vg__text_lang(vg__child(co, "PartyName"), "Name", doc->lang));
  if (rc == VG_OK && co) {
    char *c3 = vg__ptext(co, "PostalAddress/Country/IdentificationCode");
    rc = vg_doc_set(&doc->country, vg__country2(c3));
    free(c3);
  }
  if (rc == VG_OK && !doc->country) {
    char *c3 = vg__ptext(root, "ProcurementProject/RealizedLocation/Address/Country/IdentificationCode");
    rc = vg_doc_set(&doc->country, vg__country2(c3));
    free(c3);
  }
  return rc;
}

/* Procedure-level ProcessJustification: accelerated procedure and direct award. */
static int s_justifications(const xmlNode *tp, vg_doc_t *doc) {
  int rc = VG_OK;
  for (const xmlNode *j = vg__child(tp, "ProcessJustification"); j && rc == VG_OK;
       j = vg__next(j, "ProcessJustification")) {
    const xmlNode *code = vg__child(j, "ProcessReasonCode");
    char *ln = vg__attr(code, "listName");
    char *v = vg__text(code);
    char *why = vg__text_lang(j, "ProcessReason", doc->lang);
    if (ln && v && strcmp(ln, "accelerated-procedure") == 0) {
      rc = vg__field(doc, "accelerated", json_boolean(strcmp(v, "true") == 0));
      if (rc == VG_OK && why) rc = vg__field(doc, "accelerated_justification", json_string(why));
    } else if (ln && v && strcmp(ln, "direct-award-justification") == 0) {
      rc = vg__field(doc, "direct_award_code", json_string(v));
      if (rc == VG_OK && why) rc = vg__field(doc, "procedure_justification", json_string(why));
    }
    free(ln), free(v), free(why);
  }
  return rc;
}

static int s_project(const xmlNode *root, vg_doc_t *doc) {
  const xmlNode *pp = vg__child(root, "ProcurementProject");
  int rc = s_take(&doc->title, vg__text_lang(pp, "Name", doc->lang));
  if (rc == VG_OK) {
    char *nat = vg__ptext(pp, "ProcurementTypeCode");
    if (nat && (!strcmp(nat, "works") || !strcmp(nat, "supplies") || !strcmp(nat, "services")))
      rc = vg_doc_set(&doc->contract_nature, nat);
    free(nat);
  }
  if (rc == VG_OK) {
    char *c = vg__ptext(pp, "MainCommodityClassification/ItemClassificationCode");
    rc = vg__cpv(&doc->cpv, c);
    free(c);
  }
  for (const xmlNode *a = vg__child(pp, "AdditionalCommodityClassification"); a && rc == VG_OK;
       a = vg__next(a, "AdditionalCommodityClassification")) {
    char *c = vg__ptext(a, "ItemClassificationCode");
    rc = vg__cpv(&doc->cpv, c);
    free(c);
  }
  const xmlNode *amt = vg__path(pp, "RequestedTenderTotal/EstimatedOverallContractAmount");
  char *v = vg__text(amt);
  if (rc == VG_OK && vg__num(v, &doc->value)) {
    doc->has_value = 1;
    char *cur = vg__attr(amt, "currencyID");
    rc = vg_doc_set(&doc->currency, cur);
    free(cur);
  }
  free(v);
  return rc;
}

int vg__eforms_parse(const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  (void)err;
  char d[11];
  int rc = s_take(&doc->notice_id, vg__ptext(root, "ID"));
  if (rc == VG_OK) rc = s_take(&doc->procedure_id, vg__ptext(root, "ContractFolderID"));
  if (rc == VG_OK) rc = s_take(&doc->notice_type, vg__ptext(root, "NoticeTypeCode"));
  if (rc == VG_OK)
    rc = s_take(&doc->notice_subtype, vg__ptext(root, S_EXT "/NoticeSubType/SubTypeCode"));
  char *l3 = vg__ptext(root, "NoticeLanguageCode");
  if (rc == VG_OK) rc = vg_doc_set(&doc->lang, vg__lang2(l3));
  free(l3);
  char *issue = vg__ptext(root, "IssueDate");
  if (rc == VG_OK && vg__date(issue, d)) rc = vg_doc_set(&doc->dispatch_date, d);
  free(issue);
  char *pub = vg__ptext(root, S_EXT "/Publication/PublicationDate");
  if (rc == VG_OK && vg__date(pub, d)) rc = vg__field(doc, "published_date", json_string(d));
  free(pub);
  char *ver = vg__ptext(root, "VersionID");
  if (rc == VG_OK && ver) rc = vg__field(doc, "notice_version", json_string(ver));
  free(ver);
  const xmlNode *tp = vg__child(root, "TenderingProcess");
  if (rc == VG_OK) rc = s_take(&doc->procedure, vg__ptext(tp, "ProcedureCode"));
  if (rc == VG_OK) rc = s_buyer(root, doc);
  if (rc == VG_OK) rc = s_justifications(tp, doc);
  if (rc == VG_OK) rc = s_project(root, doc);
  /* BT-161: total value of the awarded contracts (result notices) */
  const xmlNode *tot = vg__path(root, S_EXT "/NoticeResult/TotalAmount");
  char *tv = vg__text(tot);
  double total;
  if (rc == VG_OK && vg__num(tv, &total)) {
    char *cur = vg__attr(tot, "currencyID");
    rc = vg__field(doc, "awarded_value", json_real(total));
    if (rc == VG_OK && cur) rc = vg__field(doc, "awarded_currency", json_string(cur));
    free(cur);
  }
  free(tv);
  if (rc == VG_OK) rc = vg__eforms_lots(root, doc, err);
  if (rc == VG_OK) rc = vg__eforms_texts(root, doc, err);
  return rc;
}

/* ---- free-text sections ---------------------------------------------------------- */

/* {parent local name, element local name, business term}; first match wins. */
static const char *const s_terms[][3] = {
    {"ProcurementProject", "Name", "BT-21"},
    {"ProcurementProject", "Description", "BT-24"},
    {"ProcurementProject", "Note", "BT-300"},
    {"RealizedLocation", "Description", "BT-728"},
    {"ContractExtension", "OptionsDescription", "BT-54"},
    {"Period", "Description", "BT-57"},
    {"SubordinateAwardingCriterion", "Name", "BT-734"},
    {"SubordinateAwardingCriterion", "Description", "BT-540"},
    {"AwardingCriterion", "Description", "BT-733"},
    {"SelectionCriteria", "Description", "BT-750"},
    {"SpecificTendererRequirement", "Description", "BT-67"},
    {"ContractExecutionRequirement", "Description", "BT-70"},
    {"PresentationPeriod", "Description", "BT-99"},
    {"RequiredFinancialGuarantee", "Description", "BT-75"},
    {"PaymentTerms", "Note", "BT-77"},
    {"SecurityClearanceTerm", "Description", "BT-732"},
    {"AuctionTerms", "Description", "BT-122"},
    {"ProcurementAdditionalType", "ProcurementType", "BT-777"},
    {"EconomicOperatorShortList", "LimitationDescription", "BT-40"},
    {"TendererQualificationRequest", "CompanyLegalForm", "BT-761"},
    {"TendererQualificationRequest", "Description", "BT-79"},
    {"Funding", "Description", "BT-6140"},
    {"ProcurementProjectLot", "Note", "BT-300"},
    {"Change", "ChangeDescription", "BT-141"},
    {"ChangeReason", "ReasonDescription", "BT-762"},
    {"NoticeDocumentReference", "DocumentDescription", "BT-125"},
    {"OccurenceLocation", "Description", "BT-133"},
    {"OpenTenderEvent", "Description", "BT-134"},
    {"TenderingProcess", "Description", "BT-88"},
    {"ProcessJustification", "Description", "BT-745"},
    {"PlannedPeriod", "Description", "BT-781"},
    {"Prize", "Description", "BT-45"},
    {"AwardingCriterion", "CalculationExpression", "BT-543"},
    {"SettledContract", "Title", "BT-721"},
    {"ConcessionRevenue", "ValueDescription", "BT-163"},
    {"AppealInformation", "Title", "BT-788"},
    {"AppealInformation", "Description", "BT-789"},
    {"AppealInformation", "WithdrawnAppealReasons", "BT-798"},
    {"MeasureException", "ExceptionDescription", "BT-688"},
    {"AggregatedAmounts", "PaidAmountDescription", "BT-780"},
    {"SubcontractingTerm", "TermDescription", "BT-554"},
    {"FieldsPrivacy", "ReasonDescription", "BT-196"},
    {"FrameworkAgreement", "Justification", "BT-109"},
    {"Asset", "AssetDescription", "OPP-021"},
    {"Asset", "AssetSignificance", "OPP-022"},
    {"Asset", "AssetPredominance", "OPP-023"},
};

/* Subtrees that hold names and addresses rather than procurement text. */
static int s_skip(const xmlNode *n) {
  static const char *const skip[] = {"Organizations", "PostalAddress", "Address", "Contact",
                                     "PartyName", "Attachment", "Country"};
  const char *nm = vg__name(n);
  size_t len = strlen(nm);
  if (len >= 5 && strcmp(nm + len - 5, "Party") == 0) return 1;
  for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
    if (strcmp(nm, skip[i]) == 0) return 1;
  return 0;
}

static void s_field_name(const xmlNode *n, const char *scope, char *out, size_t cap) {
  const char *parent = vg__name(n->parent);
  const char *el = vg__name(n);
  if (strcmp(el, "ProcessReason") == 0) {
    /* the business term depends on the sibling reason code's list */
    char *ln = vg__attr(vg__child(n->parent, "ProcessReasonCode"), "listName");
    const char *bt = ln && strcmp(ln, "accelerated-procedure") == 0 ? "BT-1351"
                     : ln && strcmp(ln, "direct-award-justification") == 0 ? "BT-135"
                                                                            : "BT-1351";
    snprintf(out, cap, "%s-%s", bt, scope);
    free(ln);
    return;
  }
  for (size_t i = 0; i < sizeof s_terms / sizeof s_terms[0]; i++)
    if (strcmp(parent, s_terms[i][0]) == 0 && strcmp(el, s_terms[i][1]) == 0) {
      snprintf(out, cap, "%s-%s", s_terms[i][2], scope);
      return;
    }
  snprintf(out, cap, "eForms:%s/%s-%s", parent, el, scope);
}

typedef struct {
  vg_doc_t *doc;
  const char *lot;   /* current lot id or NULL */
  const char *scope; /* "Procedure", "Lot", "LotsGroup", "Part" */
  int rc;
} s_walk_t;

static void s_walk(s_walk_t *w, const xmlNode *n) {
  for (const xmlNode *c = n->children; c && w->rc == VG_OK; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || s_skip(c)) continue;
    if (vg__is(c, "ProcurementProjectLot")) {
      const xmlNode *idn = vg__child(c, "ID");
      char *id = vg__text(idn);
      char *scheme = vg__attr(idn, "schemeName");
      s_walk_t sub = *w;
      sub.lot = id;
      sub.scope = scheme && (!strcmp(scheme, "LotsGroup") || !strcmp(scheme, "Part")) ? scheme : "Lot";
      s_walk(&sub, c);
      w->rc = sub.rc;
      free(id), free(scheme);
      continue;
    }
    char *lid = vg__attr(c, "languageID");
    if (lid) {
      char *t = vg__text(c);
      char field[128];
      s_field_name(c, w->scope, field, sizeof field);
      const char *l2 = vg__lang2(lid);
      w->rc = vg__section(w->doc, field, l2 ? l2 : w->doc->lang, w->lot, t);
      free(t);
      free(lid);
      continue;
    }
    s_walk(w, c);
  }
}

int vg__eforms_texts(const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  (void)err;
  s_walk_t w = {doc, NULL, "Procedure", VG_OK};
  s_walk(&w, root);
  return w.rc;
}
