/* vg_eforms.c: procedure-level metadata and free-text sections of an eForms (UBL 2.3) notice.
 *
 * For: every eForms root type. Identity, dates, buyer, procedure type, contract nature, CPV
 * codes, values, change references and the names of multilingual texts come from the
 * business-term map (vg_bt_map.h: the SDK's XPaths in eforms-fields.tsv, with the paths of
 * older SDKs kept as alternatives), so a new SDK is a table change, not a code change.
 * Not for: lots, groups and per-lot fields (vg_eforms_lot.c), the XML safety checks
 * (vg_notice.c). Field names of sections are the SDK field id ("BT-24-Lot", "BT-21-Procedure")
 * when the map knows the element, else "eForms:<Parent>/<Element>-<scope>". */
#include <stdlib.h>
#include <string.h>

#include <libxml/xpath.h>

#include "vg_bt_map.h"
#include "vg_parse_int.h"

/* Sets *slot from text t (steals t). */
static int s_take(char **slot, char *t) {
  if (!t) return VG_OK;
  int rc = *slot ? VG_OK : vg_doc_set(slot, t);
  free(t);
  return rc;
}

/* Sets doc->fields[key] to text t (steals t). */
static int s_ftake(vg_doc_t *doc, const char *key, char *t) {
  int rc = t ? vg__field(doc, key, json_string(t)) : VG_OK;
  free(t);
  return rc;
}

static int s_date(vg__bt_eval_t *e, const char *target, char **slot, vg_doc_t *doc,
                  const char *key) {
  char d[11];
  char *t = vg__bt_text(e, target, NULL);
  int rc = VG_OK;
  if (vg__date(t, d)) rc = slot ? vg_doc_set(slot, d) : vg__field(doc, key, json_string(d));
  free(t);
  return rc;
}

/* Amount of target and the currency of currency_target (both from the document). */
static int s_amount(vg__bt_eval_t *e, const char *target, const char *cur_target, double *v,
                    char **cur) {
  char *t = vg__bt_text(e, target, NULL);
  int ok = vg__num(t, v);
  free(t);
  if (ok) *cur = vg__bt_text(e, cur_target, NULL);
  return ok;
}

/* Buyer: the organisation (company) the contracting party refers to. */
static int s_buyer(vg__bt_eval_t *e, vg_doc_t *doc) {
  int rc = s_take(&doc->buyer_kind, vg__bt_text(e, "buyer_kind", NULL));
  char *ref = vg__bt_text(e, "buyer_ref", NULL);
  xmlXPathObjectPtr cos = ref ? vg__bt_scope(e, "company") : NULL;
  for (int i = 0; cos && rc == VG_OK && i < cos->nodesetval->nodeNr && !doc->buyer; i++) {
    const xmlNode *co = cos->nodesetval->nodeTab[i];
    char *id = vg__bt_text(e, "org_id", co);
    if (id && strcmp(id, ref) == 0) {
      rc = s_take(&doc->buyer, vg__bt_text_lang(e, "org_name", co, doc->lang));
      char *c3 = vg__bt_text(e, "org_country", co);
      if (rc == VG_OK) rc = vg_doc_set(&doc->country, vg__country2(c3));
      free(c3);
    }
    free(id);
  }
  xmlXPathFreeObject(cos);
  free(ref);
  if (rc == VG_OK && !doc->country) {
    char *c3 = vg__bt_text(e, "place_country", NULL);
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

static int s_nature(char **slot, char *nat) {
  int rc = VG_OK;
  if (nat && (!strcmp(nat, "works") || !strcmp(nat, "supplies") || !strcmp(nat, "services")))
    rc = *slot ? VG_OK : vg_doc_set(slot, nat);
  free(nat);
  return rc;
}


static int s_project(vg__bt_eval_t *e, vg_doc_t *doc) {
  int rc = s_take(&doc->title, vg__bt_text_lang(e, "title", NULL, doc->lang));
  if (rc == VG_OK) rc = s_nature(&doc->contract_nature, vg__bt_text(e, "contract_nature", NULL));
  if (rc == VG_OK) rc = vg__bt_cpvs(e, "cpv_main", NULL, &doc->cpv);
  if (rc == VG_OK) rc = vg__bt_cpvs(e, "cpv_additional", NULL, &doc->cpv);
  char *cur = NULL;
  if (rc == VG_OK && s_amount(e, "value", "currency", &doc->value, &cur)) {
    doc->has_value = 1;
    rc = vg_doc_set(&doc->currency, cur);
  }
  free(cur);
  cur = NULL;
  double total;
  /* BT-161: total value of the awarded contracts (result notices) */
  if (rc == VG_OK && s_amount(e, "awarded_value", "awarded_currency", &total, &cur)) {
    rc = vg__field(doc, "awarded_value", json_real(total));
    if (rc == VG_OK && cur) rc = vg__field(doc, "awarded_currency", json_string(cur));
  }
  free(cur);
  return rc;
}

/* Change notices: the notice they change (BT-758) and the sections changed (BT-13716). */
static int s_changes(vg__bt_eval_t *e, vg_doc_t *doc) {
  xmlXPathObjectPtr ch = vg__bt_scope(e, "changes");
  if (!ch) return VG_OK;
  const xmlNode *n = ch->nodesetval->nodeTab[0];
  int rc = s_ftake(doc, "changes_notice", vg__bt_text(e, "changes_notice", n));
  xmlXPathObjectPtr secs = vg__bt_nodes(e, "changed_section", n);
  json_t *arr = secs ? json_array() : NULL;
  for (int i = 0; arr && i < secs->nodesetval->nodeNr; i++) {
    char *t = vg__text(secs->nodesetval->nodeTab[i]);
    int dup = 0;
    size_t k;
    json_t *x;
    json_array_foreach(arr, k, x) dup |= t && strcmp(json_string_value(x), t) == 0;
    if (t && !dup) json_array_append_new(arr, json_string(t));
    free(t);
  }
  if (rc == VG_OK && arr) rc = vg__field(doc, "changed_sections", json_incref(arr));
  json_decref(arr);
  xmlXPathFreeObject(secs);
  xmlXPathFreeObject(ch);
  return rc;
}

static int s_texts(vg__bt_eval_t *e, const xmlNode *root, vg_doc_t *doc);

static int s_parse(vg__bt_eval_t *e, const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  int rc = s_take(&doc->notice_id, vg__bt_text(e, "notice_id", NULL));
  if (rc == VG_OK) rc = s_take(&doc->procedure_id, vg__bt_text(e, "procedure_id", NULL));
  if (rc == VG_OK) rc = s_take(&doc->notice_type, vg__bt_text(e, "notice_type", NULL));
  if (rc == VG_OK) rc = s_take(&doc->notice_subtype, vg__bt_text(e, "notice_subtype", NULL));
  char *l3 = vg__bt_text(e, "lang", NULL);
  if (rc == VG_OK) rc = vg_doc_set(&doc->lang, vg__lang2(l3));
  free(l3);
  if (rc == VG_OK) rc = s_date(e, "dispatch_date", &doc->dispatch_date, doc, NULL);
  if (rc == VG_OK) rc = s_date(e, "published_date", NULL, doc, "published_date");
  char *ver = vg__bt_text(e, "version", NULL);
  if (rc == VG_OK && ver) rc = vg__field(doc, "version", json_string(ver));
  if (rc == VG_OK && ver) rc = vg__field(doc, "notice_version", json_string(ver));
  free(ver);
  if (rc == VG_OK) rc = s_take(&doc->procedure, vg__bt_text(e, "procedure", NULL));
  if (rc == VG_OK) rc = s_buyer(e, doc);
  if (rc == VG_OK) rc = s_justifications(vg__child(root, "TenderingProcess"), doc);
  if (rc == VG_OK) rc = s_project(e, doc);
  if (rc == VG_OK) rc = s_changes(e, doc);
  if (rc == VG_OK) rc = vg__eforms_lots(e, doc, err);
  if (rc == VG_OK) rc = s_texts(e, root, doc);
  return rc;
}

int vg__eforms_parse(const xmlNode *root, vg_doc_t *doc, vg_err_t *err) {
  const vg_bt_map_t *m = vg__bt_builtin_map();
  vg__bt_eval_t *e = m ? vg__bt_eval_new(m, root->doc) : NULL;
  if (!e) return VG_E_NOMEM;
  int rc = s_parse(e, root, doc, err);
  vg__bt_eval_destroy(&e);
  return rc;
}

/* ---- free-text sections ---------------------------------------------------------- */

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

/* The SDK field id of the element's business term (vg__bt_text_name) in the document
 * model's "BT-<n>-<scope>" form (a one-letter part qualifier is dropped: "BT-67(b)-Procedure"
 * names "BT-67-Procedure"; "BT-196(BT-760)-LotResult" stays), else a name built from the
 * element and its parent. */
static void s_field_name(vg__bt_eval_t *e, const xmlNode *n, const char *scope, char *out,
                         size_t cap) {
  const char *id = vg__bt_text_name(e, n);
  if (id) {
    const char *q = strchr(id, '(');
    if (q && q[1] && q[2] == ')' && q[1] >= 'a' && q[1] <= 'z')
      snprintf(out, cap, "%.*s%s", (int)(q - id), id, q + 3);
    else
      snprintf(out, cap, "%s", id);
    return;
  }
  snprintf(out, cap, "eForms:%s/%s-%s", vg__name(n->parent), vg__name(n), scope);
}

typedef struct {
  vg__bt_eval_t *e;
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
      int other = scheme && (!strcmp(scheme, "LotsGroup") || !strcmp(scheme, "Part"));
      sub.scope = other ? scheme : "Lot";
      s_walk(&sub, c);
      w->rc = sub.rc;
      free(id), free(scheme);
      continue;
    }
    char *lid = vg__attr(c, "languageID");
    if (lid) {
      char *t = vg__text(c);
      char field[128];
      s_field_name(w->e, c, w->scope, field, sizeof field);
      const char *l2 = vg__lang2(lid);
      w->rc = vg__section(w->doc, field, l2 ? l2 : w->doc->lang, w->lot, t);
      free(t);
      free(lid);
      continue;
    }
    s_walk(w, c);
  }
}

static int s_texts(vg__bt_eval_t *e, const xmlNode *root, vg_doc_t *doc) {
  s_walk_t w = {e, doc, NULL, "Procedure", VG_OK};
  s_walk(&w, root);
  return w.rc;
}
