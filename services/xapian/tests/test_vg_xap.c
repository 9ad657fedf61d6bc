/* test_vg_xap.c: tests of the Xapian shim (vg_xap.h) on real databases in temp directories.
 * For: the contract of vg_xap.h and the schema of docs/index-schema.md, and as a usage
 * example. Run one group with `test_vg_xap <name>` (ctest: xapian.<name>).
 * Not for: performance (see bench/vg_xap_bench.c). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_xap.h"

typedef struct {
  char dir[64];
  char db[96];
  char ids[512];
} fx_t;

/* ---- fixture documents ---- */

static void s_clause(vg_doc_t *d, size_t sec, const char *needle, const char *label) {
  const vg_section_t *s = &d->sections[sec];
  const char *p = strstr(d->text + s->start, needle);
  assert_non_null(p);
  size_t start = (size_t)(p - d->text);
  vg_clause_t *c = vg_doc_add_clause(d, sec, start, start + strlen(needle));
  assert_non_null(c);
  assert_int_equal(vg_doc_set(&c->label, label), VG_OK);
  c->prob = 0.9;
}

static void s_flag(vg_doc_t *d, const char *rule, vg_outcome_t oc, const char *sev,
                   const char *clause_id) {
  vg_flag_t *f = vg_doc_add_flag(d);
  assert_non_null(f);
  char id[64];
  snprintf(id, sizeof id, "f-%s-%s", d->id, rule);
  vg_doc_set(&f->id, id);
  vg_doc_set(&f->rule_id, rule);
  vg_doc_set(&f->rule_version, "1.0.0");
  f->outcome = oc;
  vg_doc_set(&f->severity, sev);
  vg_doc_set(&f->explanation_en, "explained");
  vg_doc_set(&f->clause_id, clause_id);
}

static void s_meta(vg_doc_t *d, const char *id, const char *lang, const char *title,
                   const char *buyer, const char *country, const char *proc, const char *sub,
                   const char *pub, const char *deadline, double value, const char *cpv1,
                   const char *cpv2) {
  vg_doc_set(&d->id, id);
  vg_doc_set(&d->format, "eforms");
  vg_doc_set(&d->lang, lang);
  vg_doc_set(&d->title, title);
  vg_doc_set(&d->buyer, buyer);
  vg_doc_set(&d->country, country);
  vg_doc_set(&d->procedure, proc);
  vg_doc_set(&d->notice_type, "cn-standard");
  vg_doc_set(&d->notice_subtype, sub);
  vg_doc_set(&d->dispatch_date, pub);
  vg_doc_set(&d->deadline, deadline);
  vg_doc_set(&d->currency, "EUR");
  d->value = value;
  d->has_value = 1;
  vg_strv_push(&d->cpv, cpv1);
  if (cpv2) vg_strv_push(&d->cpv, cpv2);
}

/* nclauses_fr1: how many clauses docfr1 gets (3, or fewer to test re-puts) */
static vg_doc_t *s_docfr1(size_t nclauses) {
  vg_doc_t *d = vg_doc_new();
  s_meta(d, "docfr1", "fr", "Travaux de voirie à Sète", "Mairie de Sète", "FR", "open", "16",
         "2021-03-01", "2021-04-15", 250000, "45233140-2", "71000000");
  vg_doc_set(&d->notice_id, "2021/S 050-123456");
  const char *s0 = "Les pénalités de retard sont fixées à 1/1000 du montant par jour. "
                   "Le délai d'exécution est de six mois.";
  const char *s1 = "Le marché est attribué au prix le plus bas. Aucune variante n'est admise.";
  assert_true(vg_doc_add_section(d, "description", "fr", NULL, s0, strlen(s0)) == 0);
  assert_true(vg_doc_add_section(d, "BT-24", "fr", NULL, s1, strlen(s1)) == 1);
  s_clause(d, 0, "Les pénalités de retard sont fixées à 1/1000 du montant par jour.",
           "penalties");
  if (nclauses > 1) s_clause(d, 0, "Le délai d'exécution est de six mois.", "duration");
  if (nclauses > 2) s_clause(d, 1, "Le marché est attribué au prix le plus bas.", "award_criteria");
  s_flag(d, "R05-lowest-price", VG_OUTCOME_FLAG, "medium", nclauses > 2 ? "docfr1/c3" : NULL);
  s_flag(d, "R01-short-period", VG_OUTCOME_NO_FLAG, NULL, NULL);
  return d;
}

static vg_doc_t *s_docen1(void) {
  vg_doc_t *d = vg_doc_new();
  s_meta(d, "docen1", "en", "Supply of hospital beds", "NHS Trust Leeds", "IE", "restricted",
         "17", "2021-06-10", "2021-07-20", 80000, "33192000-2", NULL);
  const char *s0 = "Liquidated damages and penalties apply for late delivery. "
                   "The contract lasts twelve months.";
  assert_true(vg_doc_add_section(d, "description", "en", NULL, s0, strlen(s0)) == 0);
  s_clause(d, 0, "Liquidated damages and penalties apply for late delivery.", "penalties");
  s_clause(d, 0, "The contract lasts twelve months.", "duration");
  s_flag(d, "R12-short-deadline", VG_OUTCOME_FLAG, "high", NULL);
  return d;
}

static vg_doc_t *s_docfr2(void) {
  vg_doc_t *d = vg_doc_new();
  s_meta(d, "docfr2", "fr", "Construction d'un bâtiment scolaire", "Région Occitanie", "FR",
         "neg-w-call", "16", "2022-01-05", "2022-02-01", 1500000, "45210000-2", NULL);
  const char *s0 = "Construction d'un bâtiment scolaire. Les pénalités sont plafonnées.";
  assert_true(vg_doc_add_section(d, "description", "fr", NULL, s0, strlen(s0)) == 0);
  s_clause(d, 0, "Construction d'un bâtiment scolaire.", "scope");
  s_clause(d, 0, "Les pénalités sont plafonnées.", "penalties");
  return d;
}

static void s_put(vg_xap_writer_t *w, vg_doc_t *d) {
  vg_err_t err = {{0}};
  int st = vg_xap_writer_put(w, d, &err);
  if (st) fprintf(stderr, "put: %s\n", err.msg);
  assert_int_equal(st, VG_OK);
  vg_doc_destroy(&d);
}

static void s_commit(vg_xap_writer_t *w) {
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_writer_commit(w, &err), VG_OK);
}

static int s_rm(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(p);
}

static int setup(void **state) {
  fx_t *fx = calloc(1, sizeof *fx);
  if (!fx) return -1;
  snprintf(fx->dir, sizeof fx->dir, "/tmp/vgxapXXXXXX");
  if (!mkdtemp(fx->dir)) return -1;
  snprintf(fx->db, sizeof fx->db, "%s/main", fx->dir);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  if (!w) return -1;
  s_put(w, s_docfr1(3));
  s_put(w, s_docen1());
  s_put(w, s_docfr2());
  s_commit(w);
  vg_xap_writer_close(&w);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fx_t *fx = *state;
  nftw(fx->dir, s_rm, 16, FTW_DEPTH | FTW_PHYS);
  free(fx);
  return 0;
}

static vg_xap_reader_t *s_reader(const fx_t *fx) {
  const char *paths[] = {fx->db};
  vg_err_t err = {{0}};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  assert_non_null(r);
  return r;
}

/* Runs q and returns the hit ids sorted and comma-joined (in fx->ids). */
static const char *s_ids_kind(fx_t *fx, vg_xap_reader_t *r, const char *q, int kind) {
  vg_xap_query_t query = {.q = q, .limit = 50, .kind = kind};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  int st = vg_xap_search(r, &query, &out, &err);
  if (st) fprintf(stderr, "query '%s': %s\n", q, err.msg);
  assert_int_equal(st, VG_OK);
  json_t *hits = json_object_get(out, "hits");
  size_t n = json_array_size(hits);
  const char *v[64];
  assert_true(n < 64);
  for (size_t i = 0; i < n; i++) v[i] = json_string_value(json_object_get(json_array_get(hits, i), "id"));
  for (size_t i = 1; i < n; i++) /* insertion sort: tiny */
    for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
      const char *t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  fx->ids[0] = '\0';
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += (size_t)snprintf(fx->ids + len, sizeof fx->ids - len, "%s%s", i ? "," : "", v[i]);
  assert_int_equal(json_integer_value(json_object_get(out, "total")), (json_int_t)n);
  json_decref(out);
  return fx->ids;
}

static const char *s_ids(fx_t *fx, vg_xap_reader_t *r, const char *q) {
  return s_ids_kind(fx, r, q, VG_XAP_KIND_NOTICES);
}

/* ---- tests ---- */

static void t_stemming(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids(fx, r, "pénalité"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "pénalités"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "penalty"), "docen1");
  assert_string_equal(s_ids(fx, r, "lasting"), "docen1");
  assert_string_equal(s_ids(fx, r, "pénalités retard"), "docfr1"); /* AND by default */
  assert_string_equal(s_ids(fx, r, "pénalités OR penalties"), "docen1,docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "\"prix le plus bas\""), "docfr1");
  assert_string_equal(s_ids(fx, r, "plafon*"), "docfr2");
  /* a query language restricts stemming to it */
  vg_xap_query_t q = {.q = "penalty", .limit = 10, .lang = "fr"};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  assert_int_equal(json_array_size(json_object_get(out, "hits")), 0);
  json_decref(out);
  vg_xap_reader_close(&r);
  vg_xap_reader_close(&r); /* idempotent */
}

static void t_folding(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids(fx, r, "penalites"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "penalite"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "batiment"), "docfr2");
  assert_string_equal(s_ids(fx, r, "title:sete"), "docfr1");
  assert_string_equal(s_ids(fx, r, "buyer:Sète"), "docfr1");
  assert_string_equal(s_ids(fx, r, "\"delai d'execution\""), "docfr1");
  /* stored data keeps the accents */
  vg_err_t err = {{0}};
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "docfr1", &d, &err), VG_OK);
  assert_non_null(strstr(json_string_value(json_object_get(d, "title")), "Sète"));
  json_decref(d);
  vg_xap_reader_close(&r);
}

static void t_prefixes(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids(fx, r, "country:fr"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "country:IE"), "docen1");
  assert_string_equal(s_ids(fx, r, "country:fr country:ie"), "docen1,docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "NOT country:fr"), "docen1");
  assert_string_equal(s_ids(fx, r, "-country:fr"), "docen1");
  assert_string_equal(s_ids(fx, r, "label:penalties -country:ie"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "label:penalties -cpv:4521"), "docen1,docfr1");
  assert_string_equal(s_ids(fx, r, "\"plus-bas\" -retard"), "");
  assert_string_equal(s_ids(fx, r, "type:cn-standard"), "docen1,docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "type:17"), "docen1");
  assert_string_equal(s_ids(fx, r, "procedure:restricted"), "docen1");
  assert_string_equal(s_ids(fx, r, "procedure:neg-w-call"), "docfr2");
  assert_string_equal(s_ids(fx, r, "label:penalties"), "docen1,docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "label:award_criteria"), "docfr1");
  assert_string_equal(s_ids(fx, r, "flag:R05-lowest-price"), "docfr1");
  assert_string_equal(s_ids(fx, r, "flag:r12-short-deadline"), "docen1");
  assert_string_equal(s_ids(fx, r, "flag:R01-short-period"), ""); /* NO_FLAG is no flag */
  assert_string_equal(s_ids(fx, r, "lang:en"), "docen1");
  assert_string_equal(s_ids(fx, r, "id:docfr2"), "docfr2");
  assert_string_equal(s_ids(fx, r, "notice:\"2021/S 050-123456\""), "docfr1");
  assert_string_equal(s_ids(fx, r, "title:voirie"), "docfr1");
  assert_string_equal(s_ids(fx, r, "buyer:nhs"), "docen1");
  assert_string_equal(s_ids(fx, r, "pénalités country:fr procedure:open"), "docfr1");
  assert_string_equal(s_ids(fx, r, ""), "docen1,docfr1,docfr2");
  /* a hit carries snippets (matching clauses) and FLAG outcomes only */
  vg_xap_query_t q = {.q = "pénalités", .limit = 10};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  size_t i;
  json_t *h;
  int seen = 0;
  json_array_foreach(json_object_get(out, "hits"), i, h) {
    if (strcmp(json_string_value(json_object_get(h, "id")), "docfr1") != 0) continue;
    seen = 1;
    json_t *sn = json_object_get(h, "snippets");
    assert_true(json_array_size(sn) >= 1);
    json_t *s0 = json_array_get(sn, 0);
    assert_string_equal(json_string_value(json_object_get(s0, "clause_id")), "docfr1/c1");
    assert_string_equal(json_string_value(json_object_get(s0, "label")), "penalties");
    assert_non_null(strstr(json_string_value(json_object_get(s0, "highlight")), "<mark>"));
    assert_non_null(strstr(json_string_value(json_object_get(s0, "text")), "pénalités"));
    json_t *fl = json_object_get(h, "flags");
    assert_int_equal(json_array_size(fl), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fl, 0), "rule_id")),
                        "R05-lowest-price");
    assert_string_equal(json_string_value(json_object_get(h, "country")), "FR");
  }
  assert_true(seen);
  json_decref(out);
  vg_xap_reader_close(&r);
}

static void t_ranges(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids(fx, r, "deadline:20210101..20211231"), "docen1,docfr1");
  assert_string_equal(s_ids(fx, r, "deadline:20220101.."), "docfr2");
  assert_string_equal(s_ids(fx, r, "published:20210601..20220131"), "docen1,docfr2");
  assert_string_equal(s_ids(fx, r, "published:2021-01-01..2021-03-31"), "docfr1");
  assert_string_equal(s_ids(fx, r, "value:100000..500000"), "docfr1");
  assert_string_equal(s_ids(fx, r, "value:..100000"), "docen1");
  assert_string_equal(s_ids(fx, r, "flags:1.."), "docen1,docfr1");
  assert_string_equal(s_ids(fx, r, "pénalités value:1000000.."), "docfr2");
  /* sorting by value, largest first */
  vg_xap_query_t q = {.q = "", .limit = 10, .sort = "value"};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  json_t *hits = json_object_get(out, "hits");
  assert_string_equal(json_string_value(json_object_get(json_array_get(hits, 0), "id")), "docfr2");
  assert_string_equal(json_string_value(json_object_get(json_array_get(hits, 2), "id")), "docen1");
  json_decref(out);
  vg_xap_reader_close(&r);
}

static void t_cpv(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids(fx, r, "cpv:45"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:45000000"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:452"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:4521"), "docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:45210000-2"), "docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:4523"), "docfr1");
  assert_string_equal(s_ids(fx, r, "cpv:45233140"), "docfr1");
  assert_string_equal(s_ids(fx, r, "cpv:71"), "docfr1");
  assert_string_equal(s_ids(fx, r, "cpv:33"), "docen1");
  assert_string_equal(s_ids(fx, r, "cpv:4521 OR cpv:33"), "docen1,docfr2");
  vg_xap_reader_close(&r);
}

static void t_facets(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  vg_xap_query_t q = {.q = "", .limit = 1, .want_facets = 1};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  assert_int_equal(json_integer_value(json_object_get(out, "total")), 3);
  json_t *f = json_object_get(out, "facets");
#define FACET(name, key) json_integer_value(json_object_get(json_object_get(f, name), key))
  assert_int_equal(FACET("country", "FR"), 2);
  assert_int_equal(FACET("country", "IE"), 1);
  assert_int_equal(FACET("cpv_division", "45"), 2);
  assert_int_equal(FACET("cpv_division", "71"), 1);
  assert_int_equal(FACET("cpv_division", "33"), 1);
  assert_int_equal(FACET("label", "penalties"), 3);
  assert_int_equal(FACET("label", "scope"), 1);
  assert_int_equal(FACET("rule", "R05-lowest-price"), 1);
  assert_int_equal(FACET("rule", "R12-short-deadline"), 1);
  assert_null(json_object_get(json_object_get(f, "rule"), "R01-short-period"));
  assert_int_equal(FACET("procedure", "open"), 1);
  assert_int_equal(FACET("buyer", "Mairie de Sète"), 1);
  assert_int_equal(FACET("lang", "fr"), 2);
  assert_int_equal(FACET("notice_type", "cn-standard"), 3);
  json_decref(out);
  /* facets follow the query */
  q.q = "country:fr";
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  f = json_object_get(out, "facets");
  assert_int_equal(FACET("cpv_division", "45"), 2);
  assert_null(json_object_get(json_object_get(f, "cpv_division"), "33"));
#undef FACET
  json_decref(out);
  vg_xap_reader_close(&r);
}

static void s_counts(vg_xap_reader_t *r, size_t en, size_t ec) {
  size_t n = 0, c = 0;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_int_equal(vg_xap_counts(r, &n, &c, &err), VG_OK);
  assert_int_equal(n, en);
  assert_int_equal(c, ec);
}

static void t_idempotent(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  s_counts(r, 3, 7);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  assert_non_null(w);
  s_put(w, s_docfr1(3)); /* twice in one batch, then once more after a commit */
  s_put(w, s_docfr1(3));
  s_commit(w);
  s_put(w, s_docfr1(3));
  s_commit(w);
  s_counts(r, 3, 7);
  /* a new document put twice in one batch (its id terms exist only as pending changes) */
  vg_doc_t *nd = s_docfr1(3);
  vg_doc_set(&nd->id, "docnew");
  for (size_t i = 0; i < nd->nclauses; i++) {
    char cid[32];
    snprintf(cid, sizeof cid, "docnew/c%zu", i + 1);
    vg_doc_set(&nd->clauses[i].id, cid);
  }
  assert_int_equal(vg_xap_writer_put(w, nd, &err), VG_OK);
  assert_int_equal(vg_xap_writer_put(w, nd, &err), VG_OK);
  vg_doc_destroy(&nd);
  s_commit(w);
  s_counts(r, 4, 10);
  assert_int_equal(vg_xap_writer_delete(w, "docnew", &err), VG_OK);
  s_commit(w);
  s_counts(r, 3, 7);
  assert_string_equal(s_ids(fx, r, "pénalités"), "docfr1,docfr2");
  /* a re-put with fewer clauses leaves no orphan */
  s_put(w, s_docfr1(1));
  s_commit(w);
  s_counts(r, 3, 5);
  json_t *c = NULL;
  assert_int_equal(vg_xap_get_clause(r, "docfr1/c2", &c, &err), VG_E_NOTFOUND);
  assert_string_equal(s_ids_kind(fx, r, "label:duration", VG_XAP_KIND_CLAUSES), "docen1/c2");
  assert_string_equal(s_ids(fx, r, "label:award_criteria"), "");
  /* delete removes the notice and its clauses */
  assert_int_equal(vg_xap_writer_delete(w, "docfr2", &err), VG_OK);
  s_commit(w);
  s_counts(r, 2, 3);
  /* a document with a clause outside its text is refused, nothing written */
  vg_doc_t *bad = s_docen1();
  vg_doc_set(&bad->id, "bad");
  bad->clauses[0].end = bad->text_len + 5;
  assert_int_equal(vg_xap_writer_put(w, bad, &err), VG_E_INPUT);
  assert_true(strlen(err.msg) > 0);
  vg_doc_destroy(&bad);
  /* no id; text that is not UTF-8: refused as document-level errors */
  bad = s_docen1();
  vg_doc_set(&bad->id, NULL);
  assert_int_equal(vg_xap_writer_put(w, bad, &err), VG_E_INPUT);
  vg_doc_set(&bad->id, "bad2");
  bad->text[3] = (char)0xff;
  assert_int_equal(vg_xap_writer_put(w, bad, &err), VG_E_INPUT);
  assert_true(vg_status_is_doc(VG_E_INPUT));
  vg_doc_destroy(&bad);
  s_commit(w);
  s_counts(r, 2, 3);
  vg_xap_writer_close(&w);
  vg_xap_reader_close(&r);
}

static void t_get(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  vg_err_t err = {{0}};
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "docfr1", &d, &err), VG_OK);
  const char *text = json_string_value(json_object_get(d, "text"));
  json_t *cls = json_object_get(d, "clauses");
  assert_int_equal(json_array_size(cls), 3);
  size_t i;
  json_t *c;
  json_array_foreach(cls, i, c) {
    size_t s = (size_t)json_integer_value(json_object_get(c, "start"));
    size_t e = (size_t)json_integer_value(json_object_get(c, "end"));
    const char *ct = json_string_value(json_object_get(c, "text"));
    assert_non_null(ct);
    assert_int_equal(strlen(ct), e - s);
    assert_memory_equal(ct, text + s, e - s);
  }
  assert_int_equal(json_array_size(json_object_get(d, "flags")), 2); /* every outcome kept */
  json_decref(d);
  assert_int_equal(vg_xap_get_doc(r, "nope", &d, &err), VG_E_NOTFOUND);
  assert_null(d);
  assert_int_equal(vg_xap_get_doc(r, "docfr1/c1", &d, &err), VG_E_NOTFOUND); /* a clause */
  assert_int_equal(vg_xap_get_clause(r, "docen1/c1", &c, &err), VG_OK);
  assert_string_equal(json_string_value(json_object_get(c, "text")),
                      "Liquidated damages and penalties apply for late delivery.");
  assert_string_equal(json_string_value(json_object_get(c, "label")), "penalties");
  assert_string_equal(json_string_value(json_object_get(c, "doc")), "docen1");
  json_decref(c);
  assert_int_equal(vg_xap_get_clause(r, "docen1", &c, &err), VG_E_NOTFOUND); /* a notice */
  vg_xap_reader_close(&r);
}

static void t_shards(void **state) {
  fx_t *fx = *state;
  char a[128], b[128];
  snprintf(a, sizeof a, "%s/shardA", fx->dir);
  snprintf(b, sizeof b, "%s/shardB", fx->dir);
  vg_err_t err = {{0}};
  vg_xap_writer_t *wa = vg_xap_writer_open(a, &err), *wb = vg_xap_writer_open(b, &err);
  assert_non_null(wa);
  assert_non_null(wb);
  s_put(wa, s_docfr1(3));
  s_put(wb, s_docen1());
  s_put(wb, s_docfr2());
  s_commit(wa);
  s_commit(wb);
  vg_xap_writer_close(&wa);
  vg_xap_writer_close(&wb);
  const char *paths[] = {a, b};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 2, &err);
  assert_non_null(r);
  s_counts(r, 3, 7);
  assert_string_equal(s_ids(fx, r, "pénalités"), "docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "penalties OR pénalités"), "docen1,docfr1,docfr2");
  assert_string_equal(s_ids(fx, r, "cpv:45"), "docfr1,docfr2");
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "docen1", &d, &err), VG_OK);
  json_decref(d);
  vg_xap_query_t q = {.q = "", .limit = 10, .want_facets = 1};
  json_t *out = NULL;
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_OK);
  json_t *country = json_object_get(json_object_get(out, "facets"), "country");
  assert_int_equal(json_integer_value(json_object_get(country, "FR")), 2);
  /* snippets come from the shard holding the clauses */
  json_t *h;
  size_t i;
  json_array_foreach(json_object_get(out, "hits"), i, h)
    assert_true(json_array_size(json_object_get(h, "snippets")) >= 1);
  json_decref(out);
  vg_xap_reader_close(&r);
  const char *missing[] = {a, "/nonexistent/vigie-db"};
  assert_int_equal(vg_xap_reader_open_st(missing, 2, &r, &err), VG_E_NOTFOUND);
  assert_null(r);
}

/* Reviews and notes live in each shard's metadata: a reader over several shards finds them
 * in whichever shard holds the document. */
static void t_shardreview(void **state) {
  fx_t *fx = *state;
  char a[128], b[128];
  snprintf(a, sizeof a, "%s/shardA", fx->dir);
  snprintf(b, sizeof b, "%s/shardB", fx->dir);
  vg_err_t err = {{0}};
  vg_xap_writer_t *wa = vg_xap_writer_open(a, &err), *wb = vg_xap_writer_open(b, &err);
  s_put(wa, s_docfr1(3));
  s_put(wb, s_docen1());
  json_t *e = json_pack("{sI,ss,s{ss,ss},ss,ss,ss,ss}", "seq", (json_int_t)1, "at",
                        "2026-11-29T09:00:00Z", "who", "name", "carol", "role", "reviewer",
                        "action", "flag.review", "flag_id", "f-docen1-R12-short-deadline",
                        "status", "confirmed", "reason", "12 days");
  assert_int_equal(vg_xap_writer_review(wb, e, &err), VG_OK);
  json_decref(e);
  e = json_pack("{sI,ss,s{ss,ss},ss,ss,ss}", "seq", (json_int_t)2, "at", "2026-11-29T09:01:00Z",
                "who", "name", "carol", "role", "reviewer", "action", "clause.note",
                "clause_id", "docen1/c1", "note", "see annex");
  assert_int_equal(vg_xap_writer_review(wb, e, &err), VG_OK);
  json_decref(e);
  s_commit(wa);
  s_commit(wb);
  vg_xap_writer_close(&wa);
  vg_xap_writer_close(&wb);
  const char *paths[] = {a, b};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 2, &err);
  assert_non_null(r);
  assert_string_equal(s_ids_kind(fx, r, "status:confirmed", VG_XAP_KIND_FLAGS),
                      "f-docen1-R12-short-deadline");
  assert_string_equal(s_ids_kind(fx, r, "status:open", VG_XAP_KIND_FLAGS),
                      "f-docfr1-R05-lowest-price");
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "docen1", &d, &err), VG_OK);
  json_t *f = json_array_get(json_object_get(d, "flags"), 0);
  assert_string_equal(json_string_value(json_object_get(json_object_get(f, "review"), "status")),
                      "confirmed");
  json_t *notes = json_object_get(json_array_get(json_object_get(d, "clauses"), 0), "notes");
  assert_int_equal(json_array_size(notes), 1);
  json_decref(d);
  assert_int_equal(vg_xap_get_clause(r, "docen1/c1", &d, &err), VG_OK);
  assert_int_equal(json_array_size(json_object_get(d, "notes")), 1);
  json_decref(d);
  vg_xap_reader_close(&r);
}

static void t_locked(void **state) {
  fx_t *fx = *state;
  vg_err_t err = {{0}};
  vg_xap_writer_t *w1 = NULL, *w2 = NULL;
  assert_int_equal(vg_xap_writer_open_st(fx->db, &w1, &err), VG_OK);
  assert_int_equal(vg_xap_writer_open_st(fx->db, &w2, &err), VG_E_LOCKED);
  assert_null(w2);
  assert_null(vg_xap_writer_open(fx->db, &err));
  assert_true(strlen(err.msg) > 0);
  vg_xap_writer_close(&w1);
  assert_int_equal(vg_xap_writer_open_st(fx->db, &w2, &err), VG_OK); /* lock released */
  vg_xap_writer_close(&w2);
}

static void t_reopen(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  vg_doc_t *d = s_docen1();
  vg_doc_set(&d->id, "docen2");
  vg_xap_writer_put(w, d, &err);
  vg_doc_destroy(&d);
  s_commit(w);
  assert_string_equal(s_ids(fx, r, "id:docen2"), ""); /* old revision until reopen */
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids(fx, r, "id:docen2"), "docen2");
  /* close without commit discards pending puts */
  d = s_docen1();
  vg_doc_set(&d->id, "docen3");
  s_put(w, d);
  vg_xap_writer_close(&w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids(fx, r, "id:docen3"), "");
  vg_xap_reader_close(&r);
}

static void t_badquery(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  /* bad cpv: values wherever Xapian sees a field (after any non-word character too) */
  const char *bad[] = {"cpv:abc",  "pénalités cpv:4", "value:abc..xyz", "&cpv:4",
                       "!cpv:AND", "&cpv:AND",        "(cpv:4 OR cpv:45)",
                       "cpv:45 cpv:\"4\"",          "NOT cpv:x",      "penalites,cpv:9"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    vg_xap_query_t q = {.q = bad[i], .limit = 10};
    json_t *out = NULL;
    vg_err_t err = {{0}};
    int st = vg_xap_search(r, &q, &out, &err);
    if (st != VG_E_QUERY) fprintf(stderr, "'%s' -> %d %s\n", bad[i], st, err.msg);
    assert_int_equal(st, VG_E_QUERY);
    assert_null(out);
    assert_true(strlen(err.msg) > 0);
  }
  vg_xap_query_t q = {.q = "x", .limit = 10, .sort = "colour"};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_E_QUERY);
  /* odd but parseable input never crashes */
  const char *odd[] = {"((( AND", "\"unterminated", "NOT", "*", "title:", "a..b", "\xff\xfe",
                       "x/cpv:abc", "cpv:", "cpv:\"\"", "é&cpv:x"};
  for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
    vg_xap_query_t o = {.q = odd[i], .limit = 10};
    int st = vg_xap_search(r, &o, &out, &err);
    assert_true(st == VG_OK || st == VG_E_QUERY);
    json_decref(out);
    out = NULL;
  }
  vg_xap_reader_close(&r);
}

static void t_kinds(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids_kind(fx, r, "pénalités", VG_XAP_KIND_CLAUSES), "docfr1/c1,docfr2/c2");
  assert_string_equal(s_ids_kind(fx, r, "label:penalties country:ie", VG_XAP_KIND_CLAUSES),
                      "docen1/c1");
  assert_string_equal(s_ids_kind(fx, r, "doc:docfr2", VG_XAP_KIND_CLAUSES), "docfr2/c1,docfr2/c2");
  assert_string_equal(s_ids_kind(fx, r, "kind:notice", VG_XAP_KIND_CLAUSES), "");
  vg_xap_reader_close(&r);
}

int main(int argc, char **argv) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(t_stemming, setup, teardown),
      cmocka_unit_test_setup_teardown(t_folding, setup, teardown),
      cmocka_unit_test_setup_teardown(t_prefixes, setup, teardown),
      cmocka_unit_test_setup_teardown(t_ranges, setup, teardown),
      cmocka_unit_test_setup_teardown(t_cpv, setup, teardown),
      cmocka_unit_test_setup_teardown(t_facets, setup, teardown),
      cmocka_unit_test_setup_teardown(t_idempotent, setup, teardown),
      cmocka_unit_test_setup_teardown(t_get, setup, teardown),
      cmocka_unit_test_setup_teardown(t_shards, setup, teardown),
      cmocka_unit_test_setup_teardown(t_shardreview, setup, teardown),
      cmocka_unit_test_setup_teardown(t_locked, setup, teardown),
      cmocka_unit_test_setup_teardown(t_reopen, setup, teardown),
      cmocka_unit_test_setup_teardown(t_badquery, setup, teardown),
      cmocka_unit_test_setup_teardown(t_kinds, setup, teardown),
  };
  if (argc > 1) {
    static char filter[64];
    snprintf(filter, sizeof filter, "t_%s", argv[1]);
    cmocka_set_test_filter(filter);
  }
  return cmocka_run_group_tests_name("xapian", tests, NULL, NULL);
}
