/* test_vg_xap_flags.c: tests of flag documents, reviews, versions, dossier links and page
 * cursors of the Xapian shim (vg_xap.h), on real databases in temp directories.
 * For: the contract A additions of vg_xap.h and docs/index-schema.md (schema 2), and as a
 * usage example of vg_xap_writer_review / vg_xap_get_flag / cursors.
 * Run one group with `test_vg_xap_flags <name>` (ctest: xapian.<name>).
 * Not for: the older search features (test_vg_xap.c) or performance (bench/). */
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
  char ids[2048];
} fx_t;

/* ---- fixture documents ---- */

static vg_doc_t *s_doc(const char *id, const char *lang, const char *buyer, const char *country,
                       const char *pub, const char *deadline, const char *cpv, const char *text) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  vg_doc_set(&d->id, id);
  vg_doc_set(&d->format, "eforms");
  vg_doc_set(&d->lang, lang);
  vg_doc_set(&d->title, id);
  vg_doc_set(&d->buyer, buyer);
  vg_doc_set(&d->country, country);
  vg_doc_set(&d->procedure, "open");
  vg_doc_set(&d->notice_type, "cn-standard");
  vg_doc_set(&d->notice_subtype, "16");
  vg_doc_set(&d->dispatch_date, pub);
  vg_doc_set(&d->deadline, deadline);
  if (cpv) vg_strv_push(&d->cpv, cpv);
  assert_true(vg_doc_add_section(d, "description", lang, NULL, text, strlen(text)) == 0);
  return d;
}

static void s_clause(vg_doc_t *d, const char *needle, const char *label) {
  const char *p = strstr(d->text, needle);
  assert_non_null(p);
  size_t start = (size_t)(p - d->text);
  vg_clause_t *c = vg_doc_add_clause(d, 0, start, start + strlen(needle));
  assert_non_null(c);
  vg_doc_set(&c->label, label);
}

static void s_flag(vg_doc_t *d, const char *fid, const char *rule, vg_outcome_t oc,
                   const char *sev, const char *clause_id, const char *excerpt,
                   const char *expl, const char *expl_en) {
  vg_flag_t *f = vg_doc_add_flag(d);
  assert_non_null(f);
  vg_doc_set(&f->id, fid);
  vg_doc_set(&f->rule_id, rule);
  vg_doc_set(&f->rule_version, "1.0.0");
  f->outcome = oc;
  vg_doc_set(&f->severity, sev);
  vg_doc_set(&f->legal_basis, "CCP R2152-7");
  vg_doc_set(&f->clause_id, clause_id);
  vg_doc_set(&f->excerpt, excerpt);
  vg_doc_set(&f->explanation, expl);
  vg_doc_set(&f->explanation_en, expl_en);
  f->page = 2;
}

static vg_doc_t *s_docA(void) {
  vg_doc_t *d = s_doc("docA", "fr", "Mairie de Sète", "FR", "2021-03-01", "2021-04-15",
                      "45233140-2",
                      "Le marché est attribué au prix le plus bas. Les pénalités sont fixées.");
  s_clause(d, "Le marché est attribué au prix le plus bas.", "award_criteria");
  s_clause(d, "Les pénalités sont fixées.", "penalties");
  s_flag(d, "fA1", "R05-lowest-price", VG_OUTCOME_FLAG, "medium", "docA/c1",
         "attribué au prix le plus bas", "Le prix est le seul critère.",
         "Price is the only criterion.");
  s_flag(d, "fA2", "R12-short-deadline", VG_OUTCOME_FLAG, "high", NULL, NULL,
         "Délai de réception trop court.", "Submission period too short.");
  s_flag(d, "fA3", "R01-short-period", VG_OUTCOME_NO_FLAG, NULL, NULL, NULL, NULL, NULL);
  json_t *c = json_pack("{ss,ss}", "name", "DCE.zip", "sha256",
                        "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789");
  if (!d->fields) d->fields = json_object();
  json_object_set_new(d->fields, "container", c);
  return d;
}

static vg_doc_t *s_docB(void) {
  vg_doc_t *d = s_doc("docB", "en", "NHS Trust Leeds", "IE", "2021-06-10", "2021-07-20",
                      "33192000-2", "Liquidated damages apply for late delivery.");
  s_clause(d, "Liquidated damages apply for late delivery.", "penalties");
  s_flag(d, "fB1", "R12-short-deadline", VG_OUTCOME_FLAG, "high", NULL, NULL, NULL,
         "Submission period of 12 days.");
  s_flag(d, "fB2", "R20-damages", VG_OUTCOME_FLAG, "low", "docB/c1", "Liquidated damages",
         NULL, "Damages without a cap.");
  vg_doc_set(&d->format, "pdf"); /* a dossier file */
  return d;
}

static vg_doc_t *s_docC(void) {
  return s_doc("docC", "fr", "Région Occitanie", "FR", "2022-01-05", "2022-02-01", "45210000-2",
               "Construction d'un bâtiment scolaire.");
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
  snprintf(fx->dir, sizeof fx->dir, "/tmp/vgxapfXXXXXX");
  if (!mkdtemp(fx->dir)) return -1;
  snprintf(fx->db, sizeof fx->db, "%s/main", fx->dir);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  if (!w) return -1;
  s_put(w, s_docA());
  s_put(w, s_docB());
  s_put(w, s_docC());
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

static json_t *s_search(vg_xap_reader_t *r, const vg_xap_query_t *q) {
  json_t *out = NULL;
  vg_err_t err = {{0}};
  int st = vg_xap_search(r, q, &out, &err);
  if (st) fprintf(stderr, "query '%s': %s\n", q->q ? q->q : "", err.msg);
  assert_int_equal(st, VG_OK);
  return out;
}

/* Runs q (kind, all_versions) and returns the hit ids sorted and comma-joined (fx->ids). */
static const char *s_ids_q(fx_t *fx, vg_xap_reader_t *r, const char *q, int kind, int all) {
  vg_xap_query_t query = {.q = q, .limit = 100, .kind = kind, .all_versions = all};
  json_t *out = s_search(r, &query);
  json_t *hits = json_object_get(out, "hits");
  size_t n = json_array_size(hits);
  const char *v[100];
  assert_true(n < 100);
  for (size_t i = 0; i < n; i++)
    v[i] = json_string_value(json_object_get(json_array_get(hits, i), "id"));
  for (size_t i = 1; i < n; i++)
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
  assert_null(json_object_get(out, "next_cursor")); /* everything fits one page */
  json_decref(out);
  return fx->ids;
}

static const char *s_flags(fx_t *fx, vg_xap_reader_t *r, const char *q) {
  return s_ids_q(fx, r, q, VG_XAP_KIND_FLAGS, 0);
}

static json_int_t s_facet(const json_t *out, const char *facet, const char *key) {
  return json_integer_value(json_object_get(json_object_get(json_object_get(out, "facets"), facet), key));
}

static const char *s_str(const json_t *o, const char *k) {
  return json_string_value(json_object_get(o, k));
}

/* A review entry as the audit log writes it. */
static json_t *s_review(long long seq, const char *fid, const char *status, const char *reason) {
  return json_pack("{sI,ss,s{ss,ss,ss},ss,ss,ss,ss,ss}", "seq", (json_int_t)seq, "at",
                   "2026-11-29T09:00:00Z", "who", "name", "alice", "role", "reviewer", "token",
                   "tok1", "action", "flag.review", "flag_id", fid, "doc_id", "docA", "status",
                   status, "reason", reason);
}

static int s_apply(vg_xap_writer_t *w, json_t *entry) {
  vg_err_t err = {{0}};
  int st = vg_xap_writer_review(w, entry, &err);
  json_decref(entry);
  return st;
}

/* ---- tests ---- */

static void t_flags(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_flags(fx, r, ""), "fA1,fA2,fB1,fB2"); /* FLAG outcomes only */
  assert_string_equal(s_flags(fx, r, "rule:R12-short-deadline"), "fA2,fB1");
  assert_string_equal(s_flags(fx, r, "flag:r05-lowest-price"), "fA1");
  assert_string_equal(s_flags(fx, r, "rule:R01-short-period"), "");
  assert_string_equal(s_flags(fx, r, "severity:high"), "fA2,fB1");
  assert_string_equal(s_flags(fx, r, "severity:LOW"), "fB2");
  assert_string_equal(s_flags(fx, r, "status:open"), "fA1,fA2,fB1,fB2");
  assert_string_equal(s_flags(fx, r, "buyer:\"Mairie de Sète\""), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "buyer:\"MAIRIE DE SÈTE\""), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "buyer:nhs"), "fB1,fB2");
  assert_string_equal(s_flags(fx, r, "buyer:sete"), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "-buyer:nhs"), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "country:ie"), "fB1,fB2");
  assert_string_equal(s_flags(fx, r, "cpv:45"), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "published:20210601.."), "fB1,fB2");
  assert_string_equal(s_flags(fx, r, "deadline:20210101..20210430"), "fA1,fA2");
  assert_string_equal(s_flags(fx, r, "prix"), "fA1");             /* excerpt / explanation */
  assert_string_equal(s_flags(fx, r, "criterion"), "fA1");        /* explanation_en */
  assert_string_equal(s_flags(fx, r, "damages"), "fB2");
  assert_string_equal(s_flags(fx, r, "submission severity:high country:fr"), "fA2");
  assert_string_equal(s_flags(fx, r, "lang:en"), "fB1,fB2");
  /* hit shape and facets */
  vg_xap_query_t q = {.q = "", .limit = 10, .kind = VG_XAP_KIND_FLAGS, .want_facets = 1,
                      .sort = "severity"};
  json_t *out = s_search(r, &q);
  json_t *hits = json_object_get(out, "hits");
  assert_int_equal(json_array_size(hits), 4);
  assert_string_equal(s_str(json_array_get(hits, 0), "severity"), "high");
  assert_string_equal(s_str(json_array_get(hits, 1), "severity"), "high");
  assert_string_equal(s_str(json_array_get(hits, 2), "severity"), "medium");
  json_t *h = json_array_get(hits, 2);
  assert_string_equal(s_str(h, "id"), "fA1");
  assert_string_equal(s_str(h, "rule_id"), "R05-lowest-price");
  assert_string_equal(s_str(h, "rule_version"), "1.0.0");
  assert_string_equal(s_str(h, "legal_basis"), "CCP R2152-7");
  assert_string_equal(s_str(h, "explanation_en"), "Price is the only criterion.");
  assert_string_equal(s_str(h, "clause_id"), "docA/c1");
  assert_string_equal(s_str(h, "excerpt"), "attribué au prix le plus bas");
  assert_int_equal(json_integer_value(json_object_get(h, "page")), 2);
  assert_non_null(json_object_get(h, "score"));
  json_t *doc = json_object_get(h, "doc");
  assert_string_equal(s_str(doc, "id"), "docA");
  assert_string_equal(s_str(doc, "buyer"), "Mairie de Sète");
  assert_string_equal(s_str(doc, "dispatch_date"), "2021-03-01");
  assert_string_equal(s_str(json_object_get(h, "review"), "status"), "open");
  assert_int_equal(s_facet(out, "rule", "R12-short-deadline"), 2);
  assert_int_equal(s_facet(out, "rule", "R05-lowest-price"), 1);
  assert_int_equal(s_facet(out, "severity", "high"), 2);
  assert_int_equal(s_facet(out, "severity", "low"), 1);
  assert_int_equal(s_facet(out, "status", "open"), 4);
  assert_int_equal(s_facet(out, "country", "FR"), 2);
  assert_int_equal(s_facet(out, "buyer", "NHS Trust Leeds"), 2);
  assert_null(json_object_get(json_object_get(out, "facets"), "label"));
  json_decref(out);
  q.sort = "-severity";
  out = s_search(r, &q);
  assert_string_equal(s_str(json_array_get(json_object_get(out, "hits"), 0), "id"), "fB2");
  json_decref(out);
  q.sort = "published";
  out = s_search(r, &q);
  assert_string_equal(s_str(json_object_get(json_array_get(json_object_get(out, "hits"), 0), "doc"), "id"), "docB");
  json_decref(out);
  /* a notice sort that means nothing for flags, and severity for notices */
  vg_err_t err = {{0}};
  q.sort = "value";
  assert_int_equal(vg_xap_search(r, &q, &out, &err), VG_E_QUERY);
  vg_xap_query_t nq = {.q = "", .limit = 10, .sort = "severity"};
  assert_int_equal(vg_xap_search(r, &nq, &out, &err), VG_E_QUERY);
  /* notices and clauses carry the statuses of their flags; the new fields work everywhere */
  assert_string_equal(s_ids_q(fx, r, "status:open", VG_XAP_KIND_NOTICES, 0), "docA,docB");
  assert_string_equal(s_ids_q(fx, r, "status:open", VG_XAP_KIND_CLAUSES, 0), "docA/c1,docB/c1");
  assert_string_equal(s_ids_q(fx, r, "rule:R20-damages", VG_XAP_KIND_NOTICES, 0), "docB");
  assert_string_equal(s_ids_q(fx, r, "buyer:\"région occitanie\"", VG_XAP_KIND_NOTICES, 0), "docC");
  assert_string_equal(s_ids_q(fx, r, "buyer:\"Région Occitanie\"", VG_XAP_KIND_CLAUSES, 0), "");
  assert_string_equal(s_ids_q(fx, r, "buyer:\"NHS Trust Leeds\"", VG_XAP_KIND_CLAUSES, 0), "docB/c1");
  nq.sort = NULL;
  nq.want_facets = 1;
  out = s_search(r, &nq);
  assert_int_equal(s_facet(out, "status", "open"), 2);
  json_decref(out);
  size_t n = 0;
  assert_int_equal(vg_xap_count_flags(r, &n, &err), VG_OK);
  assert_int_equal(n, 4);
  /* one flag with its whole justification */
  json_t *f = NULL;
  assert_int_equal(vg_xap_get_flag(r, "fA1", &f, &err), VG_OK);
  assert_string_equal(s_str(f, "outcome"), "flag");
  assert_string_equal(s_str(json_object_get(f, "evidence"), "clause_id"), "docA/c1");
  assert_string_equal(s_str(json_object_get(f, "evidence"), "doc"), "docA");
  assert_true(json_is_null(json_object_get(json_object_get(f, "doc"), "notice_id")));
  assert_string_equal(s_str(json_object_get(f, "doc"), "title"), "docA");
  assert_string_equal(s_str(json_object_get(f, "review"), "status"), "open");
  assert_int_equal(json_array_size(json_object_get(f, "history")), 0);
  json_decref(f);
  assert_int_equal(vg_xap_get_flag(r, "nope", &f, &err), VG_E_NOTFOUND);
  assert_null(f);
  assert_int_equal(vg_xap_get_flag(r, "docA", &f, &err), VG_E_NOTFOUND); /* a notice */
  assert_int_equal(vg_xap_get_clause(r, "fA1", &f, &err), VG_E_NOTFOUND);  /* not a clause */
  assert_int_equal(vg_xap_get_doc(r, "fA1", &f, &err), VG_E_NOTFOUND);     /* not a notice */
  vg_xap_reader_close(&r);
}

static void s_check_reviewed(fx_t *fx, vg_xap_reader_t *r) {
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_flags(fx, r, "status:dismissed"), "fA1");
  assert_string_equal(s_flags(fx, r, "status:open"), "fA2,fB1,fB2");
  assert_string_equal(s_flags(fx, r, "status:confirmed"), "");
  assert_string_equal(s_ids_q(fx, r, "status:dismissed", VG_XAP_KIND_NOTICES, 0), "docA");
  assert_string_equal(s_ids_q(fx, r, "status:open", VG_XAP_KIND_NOTICES, 0), "docA,docB");
  assert_string_equal(s_ids_q(fx, r, "status:dismissed", VG_XAP_KIND_CLAUSES, 0), "docA/c1");
  assert_string_equal(s_ids_q(fx, r, "status:open", VG_XAP_KIND_CLAUSES, 0), "docB/c1");
  vg_xap_query_t q = {.q = "", .limit = 10, .kind = VG_XAP_KIND_FLAGS, .want_facets = 1};
  json_t *out = s_search(r, &q);
  assert_int_equal(s_facet(out, "status", "dismissed"), 1);
  assert_int_equal(s_facet(out, "status", "open"), 3);
  json_decref(out);
  q.q = "status:dismissed";
  out = s_search(r, &q);
  json_t *rv = json_object_get(json_array_get(json_object_get(out, "hits"), 0), "review");
  assert_string_equal(s_str(rv, "status"), "dismissed");
  assert_string_equal(s_str(rv, "reason"), "second look");
  json_decref(out);
  json_t *f = NULL;
  assert_int_equal(vg_xap_get_flag(r, "fA1", &f, &err), VG_OK);
  rv = json_object_get(f, "review");
  assert_string_equal(s_str(rv, "status"), "dismissed");
  assert_string_equal(s_str(rv, "who"), "alice");
  assert_string_equal(s_str(rv, "role"), "reviewer");
  assert_string_equal(s_str(rv, "at"), "2026-11-29T09:00:00Z");
  assert_int_equal(json_integer_value(json_object_get(rv, "seq")), 2);
  json_t *hist = json_object_get(f, "history");
  assert_int_equal(json_array_size(hist), 2); /* oldest first */
  assert_string_equal(s_str(json_array_get(hist, 0), "status"), "confirmed");
  assert_string_equal(s_str(json_array_get(hist, 0), "reason"), "first look");
  assert_int_equal(json_integer_value(json_object_get(json_array_get(hist, 0), "seq")), 1);
  assert_string_equal(s_str(json_array_get(hist, 1), "status"), "dismissed");
  char *dump = json_dumps(f, 0);
  assert_null(strstr(dump, "tok1")); /* the token id is not kept */
  free(dump);
  json_decref(f);
  /* the document shows each flag's review and each clause's notes */
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "docA", &d, &err), VG_OK);
  size_t i;
  json_t *x;
  int seen = 0;
  json_array_foreach(json_object_get(d, "flags"), i, x) {
    const char *id = s_str(x, "id");
    if (strcmp(id, "fA1") == 0) {
      assert_string_equal(s_str(json_object_get(x, "review"), "status"), "dismissed");
      seen++;
    } else if (strcmp(id, "fA2") == 0) {
      assert_string_equal(s_str(json_object_get(x, "review"), "status"), "open");
      seen++;
    } else {
      assert_null(json_object_get(x, "review")); /* not a FLAG outcome */
    }
  }
  assert_int_equal(seen, 2);
  json_t *c1 = json_array_get(json_object_get(d, "clauses"), 0);
  json_t *notes = json_object_get(c1, "notes");
  assert_int_equal(json_array_size(notes), 1);
  assert_string_equal(s_str(json_array_get(notes, 0), "note"), "check the weighting");
  assert_string_equal(s_str(json_array_get(notes, 0), "who"), "bob");
  assert_null(json_object_get(json_array_get(json_object_get(d, "clauses"), 1), "notes"));
  json_decref(d);
  assert_int_equal(vg_xap_get_clause(r, "docA/c1", &d, &err), VG_OK);
  assert_int_equal(json_array_size(json_object_get(d, "notes")), 1);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(d, "notes"), 0), "seq")), 3);
  json_decref(d);
}

static void t_review(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  assert_non_null(w);
  /* targets are checked before an audit entry is written */
  char *doc_id = NULL;
  assert_int_equal(vg_xap_writer_target(w, VG_XAP_KIND_FLAGS, "fA1", &doc_id, &err), VG_OK);
  assert_string_equal(doc_id, "docA");
  free(doc_id);
  assert_int_equal(vg_xap_writer_target(w, VG_XAP_KIND_CLAUSES, "docB/c1", &doc_id, &err), VG_OK);
  assert_string_equal(doc_id, "docB");
  free(doc_id);
  assert_int_equal(vg_xap_writer_target(w, VG_XAP_KIND_FLAGS, "fA3", &doc_id, &err), VG_E_NOTFOUND);
  assert_null(doc_id);
  assert_int_equal(vg_xap_writer_target(w, VG_XAP_KIND_FLAGS, "docA/c1", NULL, &err), VG_E_NOTFOUND);
  assert_int_equal(vg_xap_writer_target(w, VG_XAP_KIND_NOTICES, "docA", NULL, &err), VG_E_INPUT);
  /* two reviews of one flag, one note */
  assert_int_equal(s_apply(w, s_review(1, "fA1", "confirmed", "first look")), VG_OK);
  assert_int_equal(s_apply(w, s_review(2, "fA1", "dismissed", "second look")), VG_OK);
  json_t *note = json_pack("{sI,ss,s{ss,ss},ss,ss,ss,ss}", "seq", (json_int_t)3, "at",
                           "2026-11-29T09:05:00Z", "who", "name", "bob", "role", "reviewer",
                           "action", "clause.note", "clause_id", "docA/c1", "doc_id", "docA",
                           "note", "check the weighting");
  assert_int_equal(s_apply(w, note), VG_OK);
  /* refused entries change nothing */
  assert_int_equal(s_apply(w, s_review(4, "nope", "confirmed", "x")), VG_E_NOTFOUND);
  assert_int_equal(s_apply(w, s_review(4, "fA3", "confirmed", "x")), VG_E_NOTFOUND);
  assert_int_equal(s_apply(w, s_review(4, "fA2", "maybe", "x")), VG_E_INPUT);
  assert_int_equal(s_apply(w, json_pack("{ss,ss,ss}", "action", "flag.review", "flag_id", "fA2",
                                        "status", "confirmed")), VG_E_INPUT); /* no seq */
  assert_int_equal(s_apply(w, json_pack("{sI,ss}", "seq", (json_int_t)4, "action", "token.create")),
                   VG_E_INPUT);
  assert_int_equal(s_apply(w, json_pack("{sI,ss,ss,ss}", "seq", (json_int_t)4, "action",
                                        "clause.note", "clause_id", "docZ/c1", "note", "x")),
                   VG_E_NOTFOUND);
  long long seq = -1;
  assert_int_equal(vg_xap_writer_last_seq(w, &seq, &err), VG_OK);
  assert_int_equal(seq, 3);
  s_commit(w);
  s_check_reviewed(fx, r);
  /* a re-analysis (same document, same flag ids) keeps the reviews */
  s_put(w, s_docA());
  s_commit(w);
  s_check_reviewed(fx, r);
  /* a replayed entry is ignored */
  assert_int_equal(s_apply(w, s_review(2, "fA1", "dismissed", "second look")), VG_OK);
  assert_int_equal(s_apply(w, s_review(1, "fA1", "open", "replayed")), VG_OK);
  s_commit(w);
  s_check_reviewed(fx, r);
  /* a review back to open: the notice keeps only open */
  assert_int_equal(s_apply(w, s_review(5, "fA1", "open", "reopened")), VG_OK);
  s_commit(w);
  vg_xap_writer_close(&w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "status:dismissed", VG_XAP_KIND_NOTICES, 0), "");
  assert_string_equal(s_ids_q(fx, r, "status:dismissed", VG_XAP_KIND_CLAUSES, 0), "");
  assert_string_equal(s_flags(fx, r, "status:open"), "fA1,fA2,fB1,fB2");
  json_t *f = NULL;
  assert_int_equal(vg_xap_get_flag(r, "fA1", &f, &err), VG_OK);
  assert_int_equal(json_array_size(json_object_get(f, "history")), 3);
  json_decref(f);
  vg_xap_reader_close(&r);
}

static void t_lastseq(void **state) {
  fx_t *fx = *state;
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  long long seq = -1;
  assert_int_equal(vg_xap_writer_last_seq(w, &seq, &err), VG_OK);
  assert_int_equal(seq, 0);
  assert_int_equal(s_apply(w, s_review(7, "fB1", "confirmed", "ok")), VG_OK);
  assert_int_equal(vg_xap_writer_last_seq(w, &seq, &err), VG_OK);
  assert_int_equal(seq, 7); /* pending counts */
  vg_xap_writer_close(&w);  /* not committed: discarded */
  w = vg_xap_writer_open(fx->db, &err);
  assert_int_equal(vg_xap_writer_last_seq(w, &seq, &err), VG_OK);
  assert_int_equal(seq, 0);
  assert_int_equal(s_apply(w, s_review(7, "fB1", "confirmed", "ok")), VG_OK);
  assert_int_equal(s_apply(w, s_review(9, "fB2", "contested", "hm")), VG_OK);
  s_commit(w);
  vg_xap_writer_close(&w);
  w = vg_xap_writer_open(fx->db, &err);
  assert_int_equal(vg_xap_writer_last_seq(w, &seq, &err), VG_OK);
  assert_int_equal(seq, 9);
  vg_xap_writer_close(&w);
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_flags(fx, r, "status:contested OR status:confirmed"), "fB1,fB2");
  vg_xap_reader_close(&r);
}

/* A version of procedure PROC-1: one clause, one flag. */
static vg_doc_t *s_version(const char *id, const char *pub) {
  vg_doc_t *d = s_doc(id, "en", "City of Cork", "IE", pub, "2021-12-01", "45000000",
                      "Roadworks on the quay. Penalties apply.");
  vg_doc_set(&d->procedure_id, "PROC-1");
  vg_doc_set(&d->notice_id, id);
  s_clause(d, "Penalties apply.", "penalties");
  char fid[32], cid[32];
  snprintf(fid, sizeof fid, "f-%s", id);
  snprintf(cid, sizeof cid, "%s/c1", id);
  s_flag(d, fid, "R30-roadworks", VG_OUTCOME_FLAG, "low", cid, "Penalties apply.", NULL,
         "Penalties.");
  return d;
}

static void t_versions(void **state) {
  fx_t *fx = *state;
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  /* out of order: the newest first, then the two older ones in one batch */
  s_put(w, s_version("v3", "2021-03-10"));
  s_commit(w);
  s_put(w, s_version("v1", "2021-01-10"));
  s_put(w, s_version("v2", "2021-02-10"));
  s_commit(w);
  vg_xap_reader_t *r = s_reader(fx);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v3");
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 1), "v1,v2,v3");
  assert_string_equal(s_ids_q(fx, r, "roadworks", 0, 0), "v3");
  assert_string_equal(s_ids_q(fx, r, "penalties country:ie", VG_XAP_KIND_CLAUSES, 0), "v3/c1");
  assert_string_equal(s_ids_q(fx, r, "penalties country:ie", VG_XAP_KIND_CLAUSES, 1),
                      "v1/c1,v2/c1,v3/c1");
  assert_string_equal(s_flags(fx, r, "rule:R30-roadworks"), "f-v3");
  assert_string_equal(s_ids_q(fx, r, "rule:R30-roadworks", VG_XAP_KIND_FLAGS, 1), "f-v1,f-v2,f-v3");
  assert_string_equal(s_ids_q(fx, r, "version:superseded", 0, 1), "v1,v2");
  assert_string_equal(s_ids_q(fx, r, "version:latest", 0, 0), "docA,docB,docC,v3");
  assert_string_equal(s_ids_q(fx, r, "version:superseded", VG_XAP_KIND_FLAGS, 1), "f-v1,f-v2");
  assert_string_equal(s_ids_q(fx, r, "", 0, 0), "docA,docB,docC,v3"); /* own keys */
  assert_string_equal(s_ids_q(fx, r, "id:v1", 0, 0), "v1"); /* a lookup, not a listing */
  assert_string_equal(s_ids_q(fx, r, "id:v1 OR id:v3", 0, 0), "v1,v3");
  /* get_doc: latest and the versions, oldest first */
  json_t *d = NULL;
  assert_int_equal(vg_xap_get_doc(r, "v1", &d, &err), VG_OK);
  assert_true(json_is_false(json_object_get(d, "latest")));
  json_t *vs = json_object_get(d, "versions");
  assert_int_equal(json_array_size(vs), 3);
  const char *order[] = {"v1", "v2", "v3"};
  for (size_t i = 0; i < 3; i++) {
    json_t *v = json_array_get(vs, i);
    assert_string_equal(s_str(v, "id"), order[i]);
    assert_string_equal(s_str(v, "notice_id"), order[i]);
    assert_string_equal(s_str(v, "notice_type"), "cn-standard");
    assert_string_equal(s_str(v, "notice_subtype"), "16");
    assert_non_null(s_str(v, "dispatch_date"));
    assert_int_equal(json_is_true(json_object_get(v, "latest")), i == 2);
  }
  json_decref(d);
  assert_int_equal(vg_xap_get_doc(r, "v3", &d, &err), VG_OK);
  assert_true(json_is_true(json_object_get(d, "latest")));
  json_decref(d);
  assert_int_equal(vg_xap_get_doc(r, "docC", &d, &err), VG_OK); /* alone: itself */
  assert_true(json_is_true(json_object_get(d, "latest")));
  assert_int_equal(json_array_size(json_object_get(d, "versions")), 1);
  json_decref(d);
  /* same date as the latest: the one put last wins */
  s_put(w, s_version("v3b", "2021-03-10"));
  s_commit(w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v3b");
  /* deleting the latest re-elects the next one, clauses and flags included */
  assert_int_equal(vg_xap_writer_delete(w, "v3b", &err), VG_OK);
  s_commit(w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v3");
  assert_int_equal(vg_xap_writer_delete(w, "v3", &err), VG_OK);
  s_commit(w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v2");
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", VG_XAP_KIND_CLAUSES, 0), "v2/c1");
  assert_string_equal(s_flags(fx, r, "procedure_id:PROC-1"), "f-v2");
  assert_int_equal(vg_xap_get_doc(r, "v1", &d, &err), VG_OK);
  assert_int_equal(json_array_size(json_object_get(d, "versions")), 2);
  json_decref(d);
  /* a re-put that dates a version later moves the mark; one that leaves the procedure
   * hands it back */
  s_put(w, s_version("v1", "2021-05-01"));
  s_commit(w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v1");
  vg_doc_t *moved = s_version("v1", "2021-05-01");
  vg_doc_set(&moved->procedure_id, "PROC-2");
  s_put(w, moved);
  s_commit(w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1", 0, 0), "v2");
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-2", 0, 0), "v1");
  assert_string_equal(s_ids_q(fx, r, "procedure_id:PROC-1 OR procedure_id:PROC-2", 0, 1), "v1,v2");
  vg_xap_writer_close(&w);
  vg_xap_reader_close(&r);
}

static void t_dossier(void **state) {
  fx_t *fx = *state;
  vg_xap_reader_t *r = s_reader(fx);
  const char *q = "dossier:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
  assert_string_equal(s_ids_q(fx, r, q, 0, 0), "docA");
  assert_string_equal(s_ids_q(fx, r, q, VG_XAP_KIND_CLAUSES, 0), "docA/c1,docA/c2");
  assert_string_equal(s_ids_q(fx, r, q, VG_XAP_KIND_FLAGS, 0), "fA1,fA2");
  assert_string_equal(s_ids_q(fx, r, "dossier:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", 0, 0), "docA");
  assert_string_equal(s_ids_q(fx, r, "dossier:0000", 0, 0), "");
  /* format: tells dossier files from notices, for every kind */
  assert_string_equal(s_ids_q(fx, r, "format:pdf", 0, 0), "docB");
  assert_string_equal(s_ids_q(fx, r, "format:PDF", VG_XAP_KIND_CLAUSES, 0), "docB/c1");
  assert_string_equal(s_ids_q(fx, r, "format:eforms AND dossier:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", 0, 0), "docA");
  assert_string_equal(s_ids_q(fx, r, "NOT format:eforms", VG_XAP_KIND_FLAGS, 0), "fB1,fB2");
  json_t *d = NULL;
  vg_err_t err = {{0}};
  assert_int_equal(vg_xap_get_doc(r, "docA", &d, &err), VG_OK);
  assert_string_equal(s_str(json_object_get(json_object_get(d, "fields"), "container"), "name"),
                      "DCE.zip");
  json_decref(d);
  vg_xap_reader_close(&r);
}

/* One page; *next = its next_cursor (caller frees) or NULL on the last page. Appends the hit
 * ids to ids[*n]. */
static void s_page(vg_xap_reader_t *r, const vg_xap_query_t *q, char ids[][16], size_t *n,
                   char **next, json_int_t total) {
  json_t *out = s_search(r, q);
  json_t *h;
  size_t i;
  json_array_foreach(json_object_get(out, "hits"), i, h) {
    assert_true(*n < 64);
    snprintf(ids[(*n)++], 16, "%s", s_str(h, "id"));
  }
  if (total >= 0) assert_int_equal(json_integer_value(json_object_get(out, "total")), total);
  const char *c = s_str(out, "next_cursor");
  *next = c ? strdup(c) : NULL;
  json_decref(out);
}

static int s_count(char ids[][16], size_t n, const char *id) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += strcmp(ids[i], id) == 0;
  return k;
}

/* Walks q page by page (from q.cursor) until the last one; returns the number of pages. */
static size_t s_walk(vg_xap_reader_t *r, vg_xap_query_t q, char ids[][16], size_t *n,
                     json_int_t total) {
  char *cur = q.cursor ? strdup(q.cursor) : NULL;
  size_t pages = 0;
  do {
    q.cursor = cur;
    char *next = NULL;
    s_page(r, &q, ids, n, &next, total);
    free(cur);
    cur = next;
    pages++;
    assert_true(pages < 40);
  } while (cur);
  return pages;
}

static void s_many(fx_t *fx) {
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  for (int i = 0; i < 25; i++) {
    char id[16], pub[16], text[256];
    snprintf(id, sizeof id, "n%02d", i);
    snprintf(pub, sizeof pub, "2021-01-%02d", 1 + i / 3); /* ties in threes */
    size_t len = (size_t)snprintf(text, sizeof text, "alpha");
    for (int k = 0; k < i % 5; k++) len += (size_t)snprintf(text + len, sizeof text - len, " alpha beta");
    s_put(w, s_doc(id, "en", "Town", "IE", pub, "2021-02-01", NULL, text));
  }
  s_commit(w);
  vg_xap_writer_close(&w);
}

static void t_cursor(void **state) {
  fx_t *fx = *state;
  s_many(fx);
  vg_xap_reader_t *r = s_reader(fx);
  char ids[64][16];
  size_t n = 0;
  /* sorted: every hit once, in order */
  vg_xap_query_t q = {.q = "alpha", .limit = 4, .sort = "published", .want_facets = 1};
  assert_int_equal(s_walk(r, q, ids, &n, 25), 7);
  assert_int_equal(n, 25);
  for (int i = 0; i < 25; i++) {
    char id[16];
    snprintf(id, sizeof id, "n%02d", i);
    assert_int_equal(s_count(ids, n, id), 1);
  }
  for (size_t i = 1; i < n; i++) { /* newest first (date = id / 3), ties by id */
    long a = strtol(ids[i - 1] + 1, NULL, 10) / 3, b = strtol(ids[i] + 1, NULL, 10) / 3;
    assert_true(a > b || (a == b && strcmp(ids[i - 1], ids[i]) < 0));
  }
  /* relevance: offsets, every hit once */
  n = 0;
  q.sort = NULL;
  assert_int_equal(s_walk(r, q, ids, &n, 25), 7);
  assert_int_equal(n, 25);
  for (int i = 0; i < 25; i++) {
    char id[16];
    snprintf(id, sizeof id, "n%02d", i);
    assert_int_equal(s_count(ids, n, id), 1);
  }
  /* a page that ends exactly at the last hit has no cursor */
  n = 0;
  q.limit = 25;
  assert_int_equal(s_walk(r, q, ids, &n, 25), 1);
  /* documents added between two sorted pages neither repeat nor push hits out */
  n = 0;
  q.limit = 4;
  q.sort = "published";
  q.want_facets = 1; /* exact totals (else Xapian estimates them) */
  char *c1 = NULL, *c2 = NULL;
  s_page(r, &q, ids, &n, &c1, -1);
  q.cursor = c1;
  s_page(r, &q, ids, &n, &c2, -1);
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(fx->db, &err);
  s_put(w, s_doc("z-top", "en", "Town", "IE", "2021-12-31", NULL, NULL, "alpha")); /* before */
  s_put(w, s_doc("z-end", "en", "Town", "IE", "2020-01-01", NULL, NULL, "alpha")); /* after */
  s_put(w, s_doc("n00", "en", "Town", "IE", "2021-01-01", NULL, NULL, "alpha")); /* re-put */
  s_commit(w);
  vg_xap_writer_close(&w);
  assert_int_equal(vg_xap_reader_reopen(r, &err), VG_OK);
  q.cursor = c2;
  char *cur = NULL;
  s_page(r, &q, ids, &n, &cur, 27);
  assert_non_null(cur);
  q.cursor = cur;
  assert_true(s_walk(r, q, ids, &n, 27) >= 1);
  free(cur);
  assert_int_equal(n, 26);
  for (int i = 0; i < 25; i++) {
    char id[16];
    snprintf(id, sizeof id, "n%02d", i);
    assert_int_equal(s_count(ids, n, id), 1);
  }
  assert_int_equal(s_count(ids, n, "z-end"), 1);
  assert_int_equal(s_count(ids, n, "z-top"), 0);
  /* a cursor belongs to its query */
  json_t *out = NULL;
  vg_xap_query_t o = q;
  o.cursor = c2;
  o.sort = "deadline";
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
  assert_true(strlen(err.msg) > 0);
  o.sort = "published";
  o.q = "beta";
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
  o.q = q.q;
  o.all_versions = 1;
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
  o.all_versions = 0;
  o.kind = VG_XAP_KIND_CLAUSES;
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
  o.kind = 0;
  o.lang = "en";
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
  o.lang = NULL;
  const char *bad[] = {"!!!", "e30", "eyJ2IjoxfQ", "a", "////"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    o.cursor = bad[i];
    assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_E_QUERY);
    assert_null(out);
  }
  o.cursor = c2; /* the same query again still works */
  assert_int_equal(vg_xap_search(r, &o, &out, &err), VG_OK);
  json_decref(out);
  free(c1);
  free(c2);
  /* flags page one by one, sorted by severity */
  n = 0;
  vg_xap_query_t fq = {.q = "", .limit = 1, .kind = VG_XAP_KIND_FLAGS, .sort = "severity"};
  assert_int_equal(s_walk(r, fq, ids, &n, 4), 4);
  assert_int_equal(n, 4);
  assert_string_equal(ids[3], "fB2");
  assert_int_equal(s_count(ids, n, "fA1") + s_count(ids, n, "fA2") + s_count(ids, n, "fB1"), 3);
  vg_xap_reader_close(&r);
}

int main(int argc, char **argv) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(t_flags, setup, teardown),
      cmocka_unit_test_setup_teardown(t_review, setup, teardown),
      cmocka_unit_test_setup_teardown(t_lastseq, setup, teardown),
      cmocka_unit_test_setup_teardown(t_versions, setup, teardown),
      cmocka_unit_test_setup_teardown(t_dossier, setup, teardown),
      cmocka_unit_test_setup_teardown(t_cursor, setup, teardown),
  };
  if (argc > 1) {
    static char filter[64];
    snprintf(filter, sizeof filter, "t_%s", argv[1]);
    cmocka_set_test_filter(filter);
  }
  return cmocka_run_group_tests_name("xapian-flags", tests, NULL, NULL);
}
