/* vg_ocds.c: OCDS JSON (release package, record package, single release) -> vg_doc_t, and
 * the bounded JSON front door shared with vg_decp.c.
 * Not for: DECP (vg_decp.c), XML notices (vg_notice.c), following linked releases. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vg_ocds.h"
#include "vg_parse_int.h"

/* Most releases kept from one file (text sections); the rest are ignored. */
#define S_MAX_RELEASES 1000

int vg__json_load(const char *buf, size_t len, const char *name, json_t **out, vg_err_t *err) {
  const char *nm = name ? name : "json";
  *out = NULL;
  if (!buf || len == 0) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': empty input", nm);
  if (len > VG_OCDS_MAX_BYTES)
    return vg_err_set(err, VG_E_TOO_BIG, "cannot parse '%s': %zu bytes, over the %zu-byte limit",
                      nm, len, VG_OCDS_MAX_BYTES);
  /* a UTF-8 byte-order mark (some publishers write one; jansson does not skip it) */
  size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
  size_t i = bom;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')) i++;
  if (i == len) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': only blanks", nm);
  json_error_t je;
  json_t *j = json_loadb(buf + bom, len - bom, 0, &je);
  if (!j) {
    enum json_error_code c = json_error_code(&je);
    int st = c == json_error_invalid_utf8 || c == json_error_null_character ? VG_E_ENCODING
             : c == json_error_out_of_memory                                 ? VG_E_NOMEM
                                                                             : VG_E_INPUT;
    const char *why = c == json_error_stack_overflow ? "nested too deeply (limit 2048 levels)"
                                                      : je.text;
    return vg_err_set(err, st, "cannot parse '%s': line %d column %d: %s", nm, je.line,
                      je.column, why);
  }
  *out = j;
  return VG_OK;
}

/* ---- small accessors ---- */

static const char *s_str(const json_t *o, const char *key) {
  const char *s = json_string_value(json_object_get(o, key));
  return s && *s ? s : NULL;
}

static const json_t *s_obj(const json_t *o, const char *key) {
  const json_t *v = json_object_get(o, key);
  return json_is_object(v) ? v : NULL;
}

static int s_num(const json_t *v, double *out) {
  if (json_is_number(v)) {
    *out = json_number_value(v);
    return 1;
  }
  return json_is_string(v) && vg__num(json_string_value(v), out);
}

/* OCDS "id" fields may be strings or integers. */
static void s_id(const json_t *v, char out[64]) {
  out[0] = '\0';
  if (json_is_string(v)) {
    size_t n = strlen(json_string_value(v));
    if (n > 63) n = 63;
    memcpy(out, json_string_value(v), n);
    out[n] = '\0';
  } else if (json_is_integer(v)) {
    snprintf(out, 64, "%lld", (long long)json_integer_value(v));
  }
}

/* Adds normalised text as a section unless an identical text is already in the document. */
static int s_text(vg_doc_t *doc, const char *field, const char *lang, const char *lot,
                  const char *s) {
  if (!s || !*s) return VG_OK;
  vg__buf_t b = {0};
  vg__buf_norm(&b, s);
  if (b.err) {
    vg__buf_free(&b);
    return VG_E_NOMEM;
  }
  int rc = VG_OK;
  int dup = b.n == 0;
  for (size_t i = 0; !dup && i < doc->nsections; i++) {
    const vg_section_t *sc = &doc->sections[i];
    dup = sc->end - sc->start == b.n && memcmp(doc->text + sc->start, b.p, b.n) == 0;
  }
  if (!dup) {
    long r = vg_doc_add_section(doc, field, lang, lot, b.p, b.n);
    if (r < 0) rc = (int)r;
  }
  vg__buf_free(&b);
  return rc;
}

/* "en-GB" / "en" -> "en" in out[3]; NULL when absent. */
static const char *s_lang(const json_t *rel, char out[3]) {
  const char *l = s_str(rel, "language");
  if (!l || !isalpha((unsigned char)l[0]) || !isalpha((unsigned char)l[1])) return NULL;
  out[0] = (char)tolower((unsigned char)l[0]);
  out[1] = (char)tolower((unsigned char)l[1]);
  out[2] = '\0';
  return out;
}

/* Country name as written in OCDS addresses -> ISO alpha-2 (small table, else alpha-2/3). */
static const char *s_country(const char *name) {
  static const char *const t[][2] = {
      {"united kingdom", "GB"}, {"england", "GB"},  {"scotland", "GB"}, {"wales", "GB"},
      {"northern ireland", "GB"}, {"great britain", "GB"}, {"france", "FR"},
      {"germany", "DE"},       {"spain", "ES"},    {"italy", "IT"},    {"ireland", "IE"},
      {"belgium", "BE"},       {"netherlands", "NL"}, {"portugal", "PT"}, {"poland", "PL"},
      {"ukraine", "UA"},       {"mexico", "MX"},   {"colombia", "CO"}, {"paraguay", "PY"},
      {"united states", "US"}, {"canada", "CA"}};
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcasecmp(name, t[i][0]) == 0) return t[i][1];
  return vg__country2(name);
}

/* eForms procurement-procedure-type for OCDS tender.procurementMethod (docs/document-model.md). */
static const char *s_procedure(const char *m) {
  if (!m) return NULL;
  if (strcmp(m, "open") == 0) return "open";
  if (strcmp(m, "selective") == 0) return "restricted";
  if (strcmp(m, "limited") == 0 || strcmp(m, "direct") == 0) return "neg-wo-call";
  return NULL;
}

static const char *s_nature(const char *c) {
  if (!c) return NULL;
  if (strcmp(c, "goods") == 0) return "supplies";
  if (strcmp(c, "works") == 0) return "works";
  if (strcmp(c, "services") == 0) return "services";
  return NULL;
}

/* ---- collecting releases ---- */

typedef struct {
  const json_t *v[S_MAX_RELEASES];
  size_t n;
  const json_t *main; /* compiledRelease or latest-dated release */
} s_rels_t;

static int s_is_release(const json_t *r) {
  return json_is_object(r) && json_is_string(json_object_get(r, "ocid")) &&
         (json_object_get(r, "id") || json_object_get(r, "tag") || json_object_get(r, "tender"));
}

static void s_add(s_rels_t *rs, const json_t *r) {
  if (!s_is_release(r) || rs->n >= S_MAX_RELEASES) return;
  rs->v[rs->n++] = r;
}

static const json_t *s_latest(const s_rels_t *rs) {
  const json_t *best = NULL;
  const char *bd = NULL;
  for (size_t i = 0; i < rs->n; i++) {
    const char *d = s_str(rs->v[i], "date");
    if (!best || (d && (!bd || strcmp(d, bd) >= 0))) {
      best = rs->v[i];
      if (d) bd = d;
    }
  }
  return best;
}

static void s_collect(const json_t *root, s_rels_t *rs) {
  const json_t *arr = json_object_get(root, "releases");
  const json_t *recs = json_object_get(root, "records");
  const json_t *compiled = NULL;
  size_t i;
  const json_t *x;
  if (json_is_array(recs)) {
    json_array_foreach(recs, i, x) {
      const json_t *c = s_obj(x, "compiledRelease");
      if (c && s_is_release(c)) {
        const char *d = s_str(c, "date"), *cd = compiled ? s_str(compiled, "date") : NULL;
        if (!compiled || (d && (!cd || strcmp(d, cd) >= 0))) compiled = c;
      }
      const json_t *rr = json_object_get(x, "releases");
      size_t k;
      const json_t *y;
      if (json_is_array(rr)) json_array_foreach(rr, k, y) s_add(rs, y);
      if (c) s_add(rs, c);
    }
  } else if (json_is_array(arr)) {
    json_array_foreach(arr, i, x) s_add(rs, x);
  } else {
    s_add(rs, root);
  }
  rs->main = compiled ? compiled : s_latest(rs);
}

/* ---- one release ---- */

/* The buyer organisation: release.buyer (1.0 full object; 1.1 reference to parties),
 * else the first party whose roles hold "buyer". */
static const json_t *s_buyer(const json_t *rel) {
  const json_t *b = s_obj(rel, "buyer");
  const json_t *parties = json_object_get(rel, "parties");
  size_t i;
  const json_t *p;
  const char *bid = b ? s_str(b, "id") : NULL;
  if (bid && json_is_array(parties)) {
    json_array_foreach(parties, i, p) {
      const char *pid = s_str(p, "id");
      if (pid && strcmp(pid, bid) == 0) return p;
    }
  }
  if (b && s_str(b, "name")) return b;
  if (json_is_array(parties)) {
    json_array_foreach(parties, i, p) {
      const json_t *roles = json_object_get(p, "roles");
      size_t k;
      const json_t *r;
      if (json_is_array(roles))
        json_array_foreach(roles, k, r) {
          if (json_is_string(r) && strcmp(json_string_value(r), "buyer") == 0) return p;
        }
    }
  }
  return b;
}

/* Writes the YYYY-MM-DD of an ISO 8601 date-time to *slot and, when tslot, its HH:MM. */
static int s_dated(char **slot, const char *iso, char **tslot) {
  char d[11], t[6];
  if (!iso || !vg__date(iso, d)) return VG_OK;
  int rc = vg_doc_set(slot, d);
  const char *T = strchr(iso, 'T');
  if (rc == VG_OK && tslot && T && vg__time(T + 1, t)) rc = vg_doc_set(tslot, t);
  return rc;
}

static int s_value(const json_t *v, double *amount, const char **cur) {
  const json_t *val = json_is_object(v) ? v : NULL;
  if (!val || !s_num(json_object_get(val, "amount"), amount)) return 0;
  *cur = s_str(val, "currency");
  return 1;
}

/* Metadata from the main release; tender from trel (the main release, or the latest one
 * stating a tender when the main release is a later stage without it). */
static int s_meta(const json_t *rel, const json_t *trel, vg_doc_t *doc) {
  int rc = VG_OK;
  char l[3];
  const json_t *tender = s_obj(trel, "tender");
  const json_t *tag = json_object_get(rel, "tag");
  const char *tag0 = json_is_array(tag) ? json_string_value(json_array_get(tag, 0))
                                        : json_string_value(tag);
  const json_t *buyer = s_buyer(rel);
  const char *cname = buyer ? s_str(s_obj(buyer, "address"), "countryName") : NULL;
  if (rc == VG_OK) rc = vg_doc_set(&doc->notice_id, s_str(rel, "id") ? s_str(rel, "id")
                                                                     : s_str(rel, "ocid"));
  if (rc == VG_OK) rc = vg_doc_set(&doc->procedure_id, s_str(rel, "ocid"));
  if (rc == VG_OK) rc = vg_doc_set(&doc->notice_type, tag0);
  if (rc == VG_OK) rc = vg_doc_set(&doc->lang, s_lang(rel, l));
  if (rc == VG_OK) rc = vg_doc_set(&doc->buyer, buyer ? s_str(buyer, "name") : NULL);
  if (rc == VG_OK) rc = vg_doc_set(&doc->country, s_country(cname));
  if (rc == VG_OK) rc = s_dated(&doc->dispatch_date, s_str(rel, "date"), NULL);
  if (rc == VG_OK && json_is_array(tag)) rc = vg__field(doc, "ocds_tags", json_deep_copy(tag));
  if (rc != VG_OK || !tender) return rc;

  const char *title = s_str(tender, "title");
  rc = vg_doc_set(&doc->title, title);
  const char *pm = s_str(tender, "procurementMethod");
  if (rc == VG_OK) rc = vg_doc_set(&doc->procedure, s_procedure(pm));
  if (rc == VG_OK && pm) rc = vg__field(doc, "procurement_method", json_string(pm));
  const char *pmd = s_str(tender, "procurementMethodDetails");
  if (rc == VG_OK && pmd) rc = vg__field(doc, "procurement_method_details", json_string(pmd));
  if (rc == VG_OK) rc = vg_doc_set(&doc->contract_nature,
                                   s_nature(s_str(tender, "mainProcurementCategory")));
  const char *ts = s_str(tender, "status");
  if (rc == VG_OK && ts) rc = vg__field(doc, "tender_status", json_string(ts));
  if (rc == VG_OK)
    rc = s_dated(&doc->deadline, s_str(s_obj(tender, "tenderPeriod"), "endDate"),
                 &doc->deadline_time);
  const json_t *cp = s_obj(tender, "contractPeriod");
  char d[11];
  if (rc == VG_OK && vg__date(s_str(cp, "startDate"), d))
    rc = vg__field(doc, "duration_start_date", json_string(d));
  if (rc == VG_OK && vg__date(s_str(cp, "endDate"), d))
    rc = vg__field(doc, "duration_end_date", json_string(d));
  double a, nt;
  const char *cur = NULL;
  if (rc == VG_OK && s_value(json_object_get(tender, "value"), &a, &cur)) {
    doc->value = a;
    doc->has_value = 1;
    rc = vg_doc_set(&doc->currency, cur);
  }
  if (rc == VG_OK && s_num(json_object_get(tender, "numberOfTenderers"), &nt))
    rc = vg__field(doc, "tenders_received", json_integer((json_int_t)nt));
  return rc;
}

/* CPV of items (scheme CPV, in classification or additionalClassifications). */
static int s_item_cpv(const json_t *item, vg_strv_t *sv) {
  int rc = VG_OK;
  const json_t *c = s_obj(item, "classification");
  const char *sch = c ? s_str(c, "scheme") : NULL;
  if (sch && strcasecmp(sch, "CPV") == 0) rc = vg__cpv(sv, s_str(c, "id"));
  const json_t *ad = json_object_get(item, "additionalClassifications");
  size_t i;
  const json_t *x;
  if (json_is_array(ad))
    json_array_foreach(ad, i, x) {
      sch = s_str(x, "scheme");
      if (rc == VG_OK && sch && strcasecmp(sch, "CPV") == 0) rc = vg__cpv(sv, s_str(x, "id"));
    }
  return rc;
}

/* CPV of the items of every award or contract of rel. */
static int s_block_cpv(const json_t *rel, const char *block, vg_strv_t *sv) {
  size_t i, k;
  const json_t *x, *it;
  int rc = VG_OK;
  json_array_foreach(json_object_get(rel, block), i, x) {
    json_array_foreach(json_object_get(x, "items"), k, it) {
      if (rc == VG_OK) rc = s_item_cpv(it, sv);
    }
  }
  return rc;
}

static int s_lots(const json_t *rel, const json_t *trel, vg_doc_t *doc) {
  const json_t *tender = s_obj(trel, "tender");
  const json_t *lots = json_object_get(tender, "lots");
  const json_t *items = json_object_get(tender, "items");
  size_t i, k;
  const json_t *x, *it;
  int rc = VG_OK;
  if (json_is_array(items))
    json_array_foreach(items, k, it) if (rc == VG_OK) rc = s_item_cpv(it, &doc->cpv);
  if (rc == VG_OK) rc = s_block_cpv(rel, "awards", &doc->cpv);
  if (rc == VG_OK) rc = s_block_cpv(rel, "contracts", &doc->cpv);
  if (!json_is_array(lots)) return rc;
  json_array_foreach(lots, i, x) {
    char id[64];
    s_id(json_object_get(x, "id"), id);
    if (rc != VG_OK || !id[0]) continue;
    vg_lot_t *lot = vg_doc_add_lot(doc, id);
    if (!lot) return VG_E_NOMEM;
    double a;
    const char *cur = NULL;
    rc = vg_doc_set(&lot->title, s_str(x, "title"));
    if (rc == VG_OK && s_value(json_object_get(x, "value"), &a, &cur)) {
      lot->value = a;
      lot->has_value = 1;
      rc = vg_doc_set(&lot->currency, cur);
    }
    if (json_is_array(items))
      json_array_foreach(items, k, it) {
        char rl[64];
        s_id(json_object_get(it, "relatedLot"), rl);
        if (rc == VG_OK && strcmp(rl, id) == 0) rc = s_item_cpv(it, &lot->cpv);
      }
  }
  return rc;
}

/* Awards of the main release: awarded value (sum over awards not unsuccessful/cancelled,
 * when they share one currency) and supplier names. */
static int s_awards(const json_t *rel, vg_doc_t *doc) {
  const json_t *aw = json_object_get(rel, "awards");
  if (!json_is_array(aw) || json_array_size(aw) == 0) return VG_OK;
  json_t *sup = json_array();
  if (!sup) return VG_E_NOMEM;
  double sum = 0;
  const char *cur = NULL;
  int n = 0, mixed = 0;
  size_t i, k;
  const json_t *x, *s;
  json_array_foreach(aw, i, x) {
    const char *st = s_str(x, "status");
    if (st && (strcmp(st, "unsuccessful") == 0 || strcmp(st, "cancelled") == 0)) continue;
    double a;
    const char *c = NULL;
    if (s_value(json_object_get(x, "value"), &a, &c)) {
      if (n && ((c == NULL) != (cur == NULL) || (c && cur && strcmp(c, cur) != 0))) mixed = 1;
      cur = c;
      sum += a;
      n++;
    }
    const json_t *ss = json_object_get(x, "suppliers");
    if (json_is_array(ss))
      json_array_foreach(ss, k, s) {
        const char *nm = s_str(s, "name");
        if (nm) json_array_append_new(sup, json_string(nm));
      }
  }
  int rc = VG_OK;
  if (n && !mixed) {
    rc = vg__field(doc, "awarded_value", json_real(sum));
    if (rc == VG_OK && cur) rc = vg__field(doc, "awarded_currency", json_string(cur));
  }
  json_int_t naw = (json_int_t)json_array_size(aw);
  if (rc == VG_OK) rc = vg__field(doc, "awards_count", json_integer(naw));
  if (rc == VG_OK && json_array_size(sup)) rc = vg__field(doc, "suppliers", json_incref(sup));
  json_decref(sup);
  return rc;
}

/* Free text of one release: tender, lots, items, documents, awards, contracts. */
static int s_texts(const json_t *rel, vg_doc_t *doc) {
  char l[3];
  const char *lang = s_lang(rel, l);
  const json_t *tender = s_obj(rel, "tender");
  static const char *const tkeys[] = {"title", "description", "eligibilityCriteria",
                                      "awardCriteriaDetails", "submissionMethodDetails",
                                      "procurementMethodRationale", "procurementMethodDetails"};
  char field[96];
  int rc = VG_OK;
  size_t i, k;
  const json_t *x, *y;
  for (size_t t = 0; tender && rc == VG_OK && t < sizeof tkeys / sizeof tkeys[0]; t++) {
    snprintf(field, sizeof field, "ocds:tender/%s", tkeys[t]);
    rc = s_text(doc, field, lang, NULL, s_str(tender, tkeys[t]));
  }
  json_array_foreach(json_object_get(tender, "lots"), i, x) {
    char id[64];
    s_id(json_object_get(x, "id"), id);
    if (rc == VG_OK) rc = s_text(doc, "ocds:lot/title", lang, id[0] ? id : NULL, s_str(x, "title"));
    if (rc == VG_OK)
      rc = s_text(doc, "ocds:lot/description", lang, id[0] ? id : NULL, s_str(x, "description"));
  }
  json_array_foreach(json_object_get(tender, "items"), i, x) {
    char id[64];
    s_id(json_object_get(x, "relatedLot"), id);
    if (rc == VG_OK)
      rc = s_text(doc, "ocds:item/description", lang, id[0] ? id : NULL, s_str(x, "description"));
  }
  json_array_foreach(json_object_get(tender, "documents"), i, x) {
    if (rc == VG_OK) rc = s_text(doc, "ocds:tender/documents/description", lang, NULL,
                                 s_str(x, "description"));
  }
  static const char *const blocks[] = {"awards", "contracts"};
  for (size_t b = 0; b < 2; b++) {
    json_array_foreach(json_object_get(rel, blocks[b]), i, x) {
      snprintf(field, sizeof field, "ocds:%s/title", blocks[b]);
      if (rc == VG_OK) rc = s_text(doc, field, lang, NULL, s_str(x, "title"));
      snprintf(field, sizeof field, "ocds:%s/description", blocks[b]);
      if (rc == VG_OK) rc = s_text(doc, field, lang, NULL, s_str(x, "description"));
      snprintf(field, sizeof field, "ocds:%s/documents/description", blocks[b]);
      json_array_foreach(json_object_get(x, "documents"), k, y) {
        if (rc == VG_OK) rc = s_text(doc, field, lang, NULL, s_str(y, "description"));
      }
    }
  }
  return rc;
}

int vg_ocds_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc, vg_err_t *err) {
  const char *nm = name ? name : "ocds";
  json_t *root = NULL;
  int rc = vg__json_load(buf, len, nm, &root, err);
  if (rc != VG_OK) return rc;
  s_rels_t *rs = calloc(1, sizeof *rs);
  if (!rs) {
    json_decref(root);
    return vg_err_set(err, VG_E_NOMEM, "cannot parse '%s': out of memory", nm);
  }
  if (json_is_object(root)) s_collect(root, rs);
  if (!rs->main) {
    rc = vg_err_set(err, VG_E_UNSUPPORTED,
                    "cannot parse '%s': no OCDS release (no 'releases', 'records' or 'ocid')", nm);
  } else {
    /* the tender: the main release's, else the latest-dated release stating one */
    const json_t *trel = s_obj(rs->main, "tender") ? rs->main : NULL;
    const char *td = NULL;
    for (size_t i = 0; !s_obj(rs->main, "tender") && i < rs->n; i++) {
      const char *d = s_str(rs->v[i], "date");
      if (s_obj(rs->v[i], "tender") && (!trel || (d && (!td || strcmp(d, td) >= 0)))) {
        trel = rs->v[i];
        td = d;
      }
    }
    if (!trel) trel = rs->main;
    rc = vg_doc_set(&doc->format, "ocds");
    if (rc == VG_OK) rc = s_meta(rs->main, trel, doc);
    if (rc == VG_OK) rc = s_lots(rs->main, trel, doc);
    if (rc == VG_OK) rc = s_awards(rs->main, doc);
    if (rc == VG_OK) rc = s_texts(rs->main, doc);
    for (size_t i = 0; rc == VG_OK && i < rs->n; i++)
      if (rs->v[i] != rs->main) rc = s_texts(rs->v[i], doc);
    if (rc == VG_OK) rc = vg__field(doc, "releases_count", json_integer((json_int_t)rs->n));
    if (rc == VG_OK && !doc->title && doc->nsections) {
      const vg_section_t *s = &doc->sections[0];
      char *t = malloc(s->end - s->start + 1);
      if (t) {
        memcpy(t, doc->text + s->start, s->end - s->start);
        t[s->end - s->start] = '\0';
      }
      rc = t ? vg_doc_set(&doc->title, t) : VG_E_NOMEM;
      free(t);
    }
    if (rc == VG_E_NOMEM) vg_err_set(err, rc, "cannot parse '%s': out of memory", nm);
  }
  free(rs);
  json_decref(root);
  return rc;
}
