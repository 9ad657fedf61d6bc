/* vg_decp.c: French DECP essential data (XML 2.0.2 / JSON 2.0.3) -> vg_doc_t.
 * XML is parsed safely (NONET, DOCTYPE refused) and turned into the same JSON shape as the
 * JSON format, so one mapping serves both.
 * Not for: OCDS (vg_ocds.c), splitting multi-contract files (vg_split.c cuts them into one
 * file per contract before submission; given a multi-contract file anyway, the first contract
 * is kept). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "vg_decp.h"
#include "vg_ocds.h"
#include "vg_parse_int.h"

/* ---- XML front door ---- */

/* Safe read (vg__xml_read), then the same JSON shape as the JSON format (vg__xml_json). */
static int s_xml_load(const char *buf, size_t len, const char *nm, json_t **out, vg_err_t *err) {
  if (len > VG_OCDS_MAX_BYTES)
    return vg_err_set(err, VG_E_TOO_BIG, "cannot parse '%s': %zu bytes, over the %zu-byte limit",
                      nm, len, VG_OCDS_MAX_BYTES);
  xmlDocPtr x = NULL;
  int rc = vg__xml_read(buf, len, nm, &x, err);
  const xmlNode *root = rc == VG_OK ? xmlDocGetRootElement(x) : NULL;
  if (rc == VG_OK && !root) rc = vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': no root", nm);
  if (rc == VG_OK) {
    json_t *body = vg__xml_json(root);
    json_t *w = json_object();
    if (!body || !w || json_object_set_new(w, vg__name(root), body)) {
      json_decref(w);
      rc = vg_err_set(err, VG_E_NOMEM, "cannot parse '%s': out of memory", nm);
    } else {
      *out = w;
    }
  }
  xmlFreeDoc(x);
  return rc;
}

/* ---- mapping ---- */

static const char *s_str(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s && *s ? s : NULL;
}

static int s_num(const json_t *v, double *out) {
  if (json_is_number(v)) {
    *out = json_number_value(v);
    return 1;
  }
  return json_is_string(v) && vg__num(json_string_value(v), out);
}

/* Appends every contract under key (array or single object) to list. */
static void s_take(json_t *list, const json_t *v) {
  size_t i;
  json_t *x;
  if (json_is_array(v)) {
    json_array_foreach(v, i, x) if (json_is_object(x)) json_array_append(list, x);
  } else if (json_is_object(v)) {
    json_array_append(list, (json_t *)v);
  }
}

/* Collects every value of key found anywhere under v (depth-first) into list. */
static void s_find(json_t *list, const json_t *v, const char *key, int depth) {
  if (depth > 32) return;
  size_t i;
  const char *k;
  json_t *x;
  if (json_is_object(v)) {
    json_object_foreach((json_t *)v, k, x) {
      if (strcmp(k, key) == 0) {
        if (json_is_array(x)) {
          size_t j;
          json_t *y;
          json_array_foreach(x, j, y) json_array_append(list, y);
        } else {
          json_array_append(list, x);
        }
      } else {
        s_find(list, x, key, depth + 1);
      }
    }
  } else if (json_is_array(v)) {
    json_array_foreach(v, i, x) s_find(list, x, key, depth + 1);
  }
}

/* String values of key anywhere under o, as a new JSON array (NULL when none). */
static json_t *s_strings(const json_t *o, const char *key) {
  json_t *all = json_array(), *out = json_array();
  size_t i;
  json_t *x;
  s_find(all, o, key, 0);
  json_array_foreach(all, i, x) if (json_is_string(x)) json_array_append(out, x);
  json_decref(all);
  if (out && json_array_size(out) == 0) {
    json_decref(out);
    out = NULL;
  }
  return out;
}

static const char *s_procedure(const char *p) {
  static const char *const t[][2] = {
      {"Appel d'offres ouvert", "open"},
      {"Appel d'offres restreint", "restricted"},
      {"Procédure avec négociation", "neg-w-call"},
      {"Procédure négociée avec mise en concurrence préalable", "neg-w-call"},
      {"Marché passé sans publicité ni mise en concurrence préalable", "neg-wo-call"},
      {"Marché négocié sans publicité ni mise en concurrence préalable", "neg-wo-call"},
      {"Procédure négociée sans publicité ni mise en concurrence préalable", "neg-wo-call"},
      {"Dialogue compétitif", "comp-dial"}};
  if (!p) return NULL;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp(p, t[i][0]) == 0) return t[i][1];
  return NULL;
}

/* works/supplies/services: concession nature text, else the CPV division (45 works; 01-44
 * and 48 supplies; others services). */
static const char *s_nature(const char *nature, const char *cpv) {
  if (nature && strstr(nature, "travaux")) return "works";
  if (nature && strstr(nature, "service")) return "services";
  if (!cpv || !isdigit((unsigned char)cpv[0]) || !isdigit((unsigned char)cpv[1])) return NULL;
  int div = (cpv[0] - '0') * 10 + (cpv[1] - '0');
  if (div == 45) return "works";
  if (div <= 44 || div == 48) return "supplies";
  return "services";
}

static int s_set_str(vg_doc_t *doc, const char *key, const char *s) {
  return s ? vg__field(doc, key, json_string(s)) : VG_OK;
}

static int s_set_num(vg_doc_t *doc, const char *key, const json_t *v, int integer) {
  double d;
  if (!s_num(v, &d)) return VG_OK;
  return vg__field(doc, key, integer ? json_integer((json_int_t)d) : json_real(d));
}

static int s_set_bool(vg_doc_t *doc, const char *key, const json_t *v) {
  if (json_is_boolean(v)) return vg__field(doc, key, json_boolean(json_is_true(v)));
  const char *s = json_string_value(v);
  if (!s) return VG_OK;
  if (strcmp(s, "oui") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
    return vg__field(doc, key, json_true());
  if (strcmp(s, "non") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
    return vg__field(doc, key, json_false());
  return VG_OK;
}

/* Strings named item inside c's container (e.g. "techniques" / "technique"). */
static int s_set_list(vg_doc_t *doc, const char *key, const json_t *c, const char *cont,
                      const char *item) {
  json_t *l = s_strings(json_object_get(c, cont), item);
  return l ? vg__field(doc, key, l) : VG_OK;
}

/* Titulaires / concessionnaires as [{"id","id_type"}]. */
static int s_parties(vg_doc_t *doc, const json_t *c, const char *item) {
  json_t *all = json_array(), *out = json_array();
  size_t i;
  json_t *x;
  if (!all || !out) {
    json_decref(all);
    json_decref(out);
    return VG_E_NOMEM;
  }
  s_find(all, json_object_get(c, item[0] == 't' ? "titulaires" : "concessionnaires"), item, 0);
  json_array_foreach(all, i, x) {
    const char *id = s_str(x, "id");
    if (!id) continue;
    json_t *p = json_pack("{s:s}", "id", id);
    if (p && s_str(x, "typeIdentifiant"))
      json_object_set_new(p, "id_type", json_string(s_str(x, "typeIdentifiant")));
    if (p) json_array_append_new(out, p);
  }
  json_decref(all);
  if (json_array_size(out) == 0) {
    json_decref(out);
    return VG_OK;
  }
  return vg__field(doc, "suppliers", out);
}

static int s_map(const json_t *c, const char *kind, size_t count, vg_doc_t *doc) {
  int concession = strcmp(kind, "contrat-concession") == 0;
  const json_t *buyer = json_object_get(c, concession ? "autoriteConcedante" : "acheteur");
  const char *nature = s_str(c, "nature"), *proc = s_str(c, "procedure");
  const char *cpv = s_str(c, "codeCPV");
  const char *objet = s_str(c, "objet");
  char d[11];
  double v;
  int rc = vg_doc_set(&doc->format, "decp");
  char idt[64] = "";
  const json_t *idv = json_object_get(c, "id");
  if (json_is_integer(idv)) snprintf(idt, sizeof idt, "%lld", (long long)json_integer_value(idv));
  if (rc == VG_OK) rc = vg_doc_set(&doc->notice_id, idt[0] ? idt : s_str(c, "id"));
  /* procedure key: contract ids are unique per buyer only */
  const char *bid = s_str(buyer, "id"), *cid = idt[0] ? idt : s_str(c, "id");
  if (rc == VG_OK && cid) {
    char key[512];
    snprintf(key, sizeof key, "decp:%s%s%s", bid ? bid : "", bid ? "/" : "", cid);
    rc = vg_doc_set(&doc->procedure_id, key);
  }
  if (rc == VG_OK) rc = vg_doc_set(&doc->notice_type, nature);
  if (rc == VG_OK) rc = vg_doc_set(&doc->lang, "fr");
  if (rc == VG_OK) rc = vg_doc_set(&doc->country, "FR");
  if (rc == VG_OK) rc = vg_doc_set(&doc->title, objet);
  if (rc == VG_OK) rc = vg_doc_set(&doc->buyer, s_str(buyer, "nom"));
  if (rc == VG_OK) rc = vg_doc_set(&doc->procedure, s_procedure(proc));
  if (rc == VG_OK)
    rc = vg_doc_set(&doc->contract_nature, s_nature(concession ? nature : NULL, cpv));
  if (rc == VG_OK && cpv) rc = vg__cpv(&doc->cpv, cpv);
  if (rc == VG_OK &&
      vg__date(s_str(c, concession ? "dateSignature" : "dateNotification"), d))
    rc = vg_doc_set(&doc->dispatch_date, d);
  if (rc == VG_OK && s_num(json_object_get(c, concession ? "valeurGlobale" : "montant"), &v)) {
    doc->value = v;
    doc->has_value = 1;
    rc = vg_doc_set(&doc->currency, "EUR");
  }
  if (rc == VG_OK) rc = s_set_str(doc, "decp_kind", kind);
  if (rc == VG_OK) rc = vg__field(doc, "contracts_count", json_integer((json_int_t)count));
  if (rc == VG_OK) rc = s_set_str(doc, "buyer_id", s_str(buyer, "id"));
  if (rc == VG_OK) rc = s_set_str(doc, "procedure_label", proc);
  if (rc == VG_OK) rc = s_set_num(doc, "duration_months", json_object_get(c, "dureeMois"), 0);
  if (rc == VG_OK && vg__date(s_str(c, "datePublicationDonnees"), d))
    rc = vg__field(doc, "published_date", json_string(d));
  if (rc == VG_OK && vg__date(s_str(c, "dateDebutExecution"), d))
    rc = vg__field(doc, "duration_start_date", json_string(d));
  const json_t *lieu = json_object_get(c, "lieuExecution");
  if (rc == VG_OK) rc = s_set_str(doc, "place_code", s_str(lieu, "code"));
  if (rc == VG_OK) rc = s_set_str(doc, "place_code_type", s_str(lieu, "typeCode"));
  if (rc == VG_OK) rc = s_parties(doc, c, concession ? "concessionnaire" : "titulaire");
  if (rc == VG_OK) rc = s_set_num(doc, "tenders_received", json_object_get(c, "offresRecues"), 1);
  if (rc == VG_OK) rc = s_set_str(doc, "price_form", s_str(c, "formePrix"));
  if (rc == VG_OK) rc = s_set_str(doc, "ccag", s_str(c, "ccag"));
  if (rc == VG_OK) rc = s_set_str(doc, "framework_id", s_str(c, "idAccordCadre"));
  if (rc == VG_OK) rc = s_set_bool(doc, "innovative", json_object_get(c, "marcheInnovant"));
  if (rc == VG_OK) rc = s_set_bool(doc, "advance_paid", json_object_get(c, "attributionAvance"));
  if (rc == VG_OK) rc = s_set_num(doc, "advance_rate", json_object_get(c, "tauxAvance"), 0);
  if (rc == VG_OK)
    rc = s_set_bool(doc, "subcontracting_declared", json_object_get(c, "sousTraitanceDeclaree"));
  if (rc == VG_OK) rc = s_set_str(doc, "operator_grouping", s_str(c, "typeGroupementOperateurs"));
  if (rc == VG_OK)
    rc = s_set_num(doc, "public_subsidy", json_object_get(c, "montantSubventionPublique"), 0);
  if (rc == VG_OK) rc = s_set_list(doc, "techniques", c, "techniques", "technique");
  if (rc == VG_OK)
    rc = s_set_list(doc, "execution_modes", c, "modalitesExecution", "modaliteExecution");
  if (rc == VG_OK) rc = s_set_list(doc, "price_types", c, "typesPrix", "typePrix");
  if (rc == VG_OK)
    rc = s_set_list(doc, "social_considerations", c, "considerationsSociales",
                    "considerationSociale");
  if (rc == VG_OK)
    rc = s_set_list(doc, "environmental_considerations", c, "considerationsEnvironnementales",
                    "considerationEnvironnementale");
  json_t *tech = rc == VG_OK ? s_strings(json_object_get(c, "techniques"), "technique") : NULL;
  size_t i;
  json_t *x;
  int fw = 0;
  json_array_foreach(tech, i, x) fw |= strcmp(json_string_value(x), "Accord-cadre") == 0;
  json_decref(tech);
  if (rc == VG_OK && fw) rc = vg__field(doc, "framework", json_true());
  json_t *mods = json_array();
  if (!mods) return VG_E_NOMEM;
  s_find(mods, json_object_get(c, "modifications"), "modification", 0);
  if (rc == VG_OK && json_array_size(mods))
    rc = vg__field(doc, "modifications_count", json_integer((json_int_t)json_array_size(mods)));
  json_decref(mods);
  if (rc == VG_OK && objet) {
    vg__buf_t b = {0};
    vg__buf_norm(&b, objet);
    if (b.err) rc = VG_E_NOMEM;
    else if (b.n && vg_doc_add_section(doc, "decp:objet", "fr", NULL, b.p, b.n) < 0)
      rc = VG_E_NOMEM;
    vg__buf_free(&b);
  }
  return rc;
}

int vg_decp_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc, vg_err_t *err) {
  const char *nm = name ? name : "decp";
  if (!buf || len == 0) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': empty input", nm);
  size_t i = 0;
  while (i < len && i < 4096 && isspace((unsigned char)buf[i])) i++;
  if (i == len) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': only blanks", nm);
  /* UTF-8 BOM then '<' means XML; anything else goes to the JSON parser. */
  size_t j = i;
  if (len - j >= 3 && memcmp(buf + j, "\xEF\xBB\xBF", 3) == 0) j += 3;
  json_t *root = NULL;
  int rc = j < len && buf[j] == '<' ? s_xml_load(buf, len, nm, &root, err)
                         : vg__json_load(buf, len, nm, &root, err);
  if (rc != VG_OK) return rc;
  json_t *list = json_array();
  if (!list) {
    json_decref(root);
    return vg_err_set(err, VG_E_NOMEM, "cannot parse '%s': out of memory", nm);
  }
  const json_t *m = json_object_get(root, "marches");
  const char *kind = "marche";
  if (json_is_array(m)) {
    s_take(list, m);
  } else if (json_is_object(m)) {
    s_take(list, json_object_get(m, "marche"));
    size_t nmarche = json_array_size(list);
    s_take(list, json_object_get(m, "contrat-concession"));
    if (nmarche == 0) kind = "contrat-concession";
  }
  if (json_array_size(list) == 0) {
    rc = vg_err_set(err, VG_E_UNSUPPORTED,
                    "cannot parse '%s': no DECP contract ('marches' with 'marche' or "
                    "'contrat-concession')", nm);
  } else {
    const json_t *first = json_array_get(list, 0);
    if (json_object_get(first, "autoriteConcedante")) kind = "contrat-concession";
    rc = s_map(first, kind, json_array_size(list), doc);
    if (rc == VG_E_NOMEM) vg_err_set(err, rc, "cannot parse '%s': out of memory", nm);
  }
  json_decref(list);
  json_decref(root);
  return rc;
}
