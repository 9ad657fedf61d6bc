/* api_fixture_db.c: builds a small real Xapian database for the vigie-api tests.
 *
 * For: `api_fixture_db DIR` writes three hand-built analysed notices (clauses, labels,
 * flags with full justification, non-flags with reasons) through vg_xap_writer_put and
 * prints a JSON manifest of what it wrote (ids, titles, clause ids, flag ids) on stdout.
 * `api_fixture_db DIR extra` adds a fourth notice to an existing database instead (to test
 * that a running server sees new commits).
 * Not for: realistic corpora (those come from the pipeline tests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_doc.h"
#include "vg_hash.h"
#include "vg_xap.h"

/* Adds a section, then one clause per entry of parts (each a substring of text). */
static int s_section(vg_doc_t *d, const char *field, const char *lang, const char *text,
                     const char *const *parts, const char *const *labels, const double *probs,
                     size_t nparts) {
  long si = vg_doc_add_section(d, field, lang, NULL, text, strlen(text));
  if (si < 0) return -1;
  for (size_t i = 0; i < nparts; i++) {
    const char *p = strstr(d->text + d->sections[si].start, parts[i]);
    if (!p) return -1;
    size_t st = (size_t)(p - d->text);
    vg_clause_t *c = vg_doc_add_clause(d, (size_t)si, st, st + strlen(parts[i]));
    if (!c || vg_doc_set(&c->label, labels[i])) return -1;
    c->prob = probs[i];
    c->low_conf = probs[i] < 0.5;
  }
  return 0;
}

/* Adds a rule outcome; for a FLAG the evidence is needle inside clause ci (0-based). */
static vg_flag_t *s_flag(vg_doc_t *d, const char *rule, vg_outcome_t oc, const char *sev,
                         size_t ci, const char *needle) {
  vg_flag_t *f = vg_doc_add_flag(d);
  if (!f) return NULL;
  char key[256], id[VG_SHA256_HEX];
  snprintf(key, sizeof key, "%s|%s|%zu", d->id, rule, ci);
  vg_sha256_hex(key, strlen(key), id);
  id[16] = '\0';
  vg_doc_set(&f->id, id);
  vg_doc_set(&f->rule_id, rule);
  vg_doc_set(&f->rule_version, "1.0.0");
  f->outcome = oc;
  if (oc != VG_OUTCOME_FLAG) {
    vg_doc_set(&f->reason, oc == VG_OUTCOME_MISSING_DATA ? "the notice gives no estimated value"
                                                          : "the condition is not met");
    return f;
  }
  vg_doc_set(&f->severity, sev);
  const vg_clause_t *c = &d->clauses[ci];
  const char *p = strstr(d->text + c->start, needle);
  if (!p) return NULL;
  f->start = (size_t)(p - d->text);
  f->end = f->start + strlen(needle);
  vg_doc_set(&f->clause_id, c->id);
  char *ex = strndup(p, strlen(needle));
  vg_doc_set(&f->excerpt, ex);
  free(ex);
  return f;
}

static vg_doc_t *s_doc(const char *seed, const char *title, const char *buyer, const char *lang) {
  vg_doc_t *d = vg_doc_new();
  char id[VG_SHA256_HEX];
  vg_sha256_hex(seed, strlen(seed), id);
  vg_doc_set(&d->id, id);
  vg_doc_set(&d->source, seed);
  vg_doc_set(&d->format, "eforms");
  vg_doc_set(&d->notice_type, "cn-standard");
  vg_doc_set(&d->lang, lang);
  vg_doc_set(&d->title, title);
  vg_doc_set(&d->buyer, buyer);
  vg_doc_set(&d->country, "FR");
  vg_doc_set(&d->procedure, "open");
  vg_doc_set(&d->currency, "EUR");
  return d;
}

static vg_doc_t *s_doc_works(void) {
  vg_doc_t *d = s_doc("fixture-works.xml", "Travaux de rénovation énergétique du collège Jean Moulin",
                      "Département de l'Isère", "fr");
  vg_doc_set(&d->notice_id, "00001234-2026");
  vg_doc_set(&d->contract_nature, "works");
  vg_doc_set(&d->dispatch_date, "2026-11-20");
  vg_doc_set(&d->deadline, "2026-11-30");
  vg_doc_set(&d->deadline_time, "12:00");
  d->value = 1200000;
  d->has_value = 1;
  vg_strv_push(&d->cpv, "45000000");
  vg_strv_push(&d->cpv, "45453000");
  const char *text =
      "Article 1 - Objet. Rénovation énergétique du collège Jean Moulin, isolation et chauffage.\n"
      "Article 5 - Pénalités de retard. Une pénalité de 1/100 du montant du marché par jour de "
      "retard sera appliquée sans plafond.\n"
      "Article 6 - Délai de réception des offres. Les offres sont reçues dans un délai de 10 jours.";
  const char *parts[] = {
      "Article 1 - Objet. Rénovation énergétique du collège Jean Moulin, isolation et chauffage.",
      "Article 5 - Pénalités de retard. Une pénalité de 1/100 du montant du marché par jour de "
      "retard sera appliquée sans plafond.",
      "Article 6 - Délai de réception des offres. Les offres sont reçues dans un délai de 10 jours."};
  const char *labels[] = {"object", "penalties", "submission_deadline"};
  const double probs[] = {0.91, 0.87, 0.42};
  vg_doc_add_section(d, "title", "fr", NULL, d->title, strlen(d->title));
  if (s_section(d, "description", "fr", text, parts, labels, probs, 3)) return NULL;
  d->clauses[1].number = strdup("5");
  d->clauses[1].heading = strdup("Article 5 > Pénalités de retard");
  vg_flag_t *f = s_flag(d, "R01-short-submission-period", VG_OUTCOME_FLAG, "high", 2,
                        "un délai de 10 jours");
  if (!f) return NULL;
  vg_doc_set(&f->legal_basis, "CCP R2161-2");
  vg_doc_set(&f->explanation, "Le délai de réception des offres (10 jours) est inférieur au minimum "
                              "de 35 jours d'une procédure ouverte.");
  vg_doc_set(&f->explanation_en, "The submission period (10 days) is below the 35-day minimum "
                                 "of an open procedure.");
  f->inputs = json_pack("[{s:s, s:i, s:{s:s, s:i, s:i}}]", "name", "submission_days", "value", 10,
                        "source", "clause", d->clauses[2].id, "start", (int)f->start, "end",
                        (int)f->end);
  f->thresholds = json_pack("{s:i}", "min_days_open", 35);
  f = s_flag(d, "R07-uncapped-penalties", VG_OUTCOME_FLAG, "medium", 1, "sans plafond");
  if (!f) return NULL;
  vg_doc_set(&f->legal_basis, "CCAG-Travaux art. 19.2");
  vg_doc_set(&f->explanation, "Les pénalités de retard ne sont pas plafonnées.");
  vg_doc_set(&f->explanation_en, "Late-delivery penalties are not capped.");
  f->inputs = json_pack("[{s:s, s:b}]", "name", "penalty_cap_present", "value", 0);
  f->thresholds = json_object();
  if (!s_flag(d, "R12-missing-award-criteria", VG_OUTCOME_NO_FLAG, NULL, 0, NULL)) return NULL;
  if (!s_flag(d, "R20-value-splitting", VG_OUTCOME_MISSING_DATA, NULL, 0, NULL)) return NULL;
  return d;
}

static vg_doc_t *s_doc_laptops(void) {
  vg_doc_t *d = s_doc("fixture-laptops.xml", "Supply of laptops for the city hall", "Ville de Lyon", "en");
  vg_doc_set(&d->notice_id, "00005678-2026");
  vg_doc_set(&d->contract_nature, "supplies");
  vg_doc_set(&d->deadline, "2027-01-15");
  vg_strv_push(&d->cpv, "30213100");
  const char *text = "The contractor shall deliver 300 laptops within 60 days of the order.";
  const char *parts[] = {text};
  const char *labels[] = {"delivery"};
  const double probs[] = {0.95};
  vg_doc_add_section(d, "title", "en", NULL, d->title, strlen(d->title));
  if (s_section(d, "description", "en", text, parts, labels, probs, 1)) return NULL;
  if (!s_flag(d, "R01-short-submission-period", VG_OUTCOME_NO_FLAG, NULL, 0, NULL)) return NULL;
  return d;
}

static vg_doc_t *s_doc_extra(void) {
  vg_doc_t *d = s_doc("fixture-extra.xml", "Fourniture de mobilier scolaire", "Région Bretagne", "fr");
  vg_strv_push(&d->cpv, "39160000");
  const char *text = "Livraison des tables et chaises avant la rentrée.";
  const char *parts[] = {text};
  const char *labels[] = {"delivery"};
  const double probs[] = {0.66};
  if (s_section(d, "description", "fr", text, parts, labels, probs, 1)) return NULL;
  return d;
}

static vg_doc_t *s_doc_cleaning(void) {
  vg_doc_t *d = s_doc("fixture-cleaning.xml", "Services de nettoyage des locaux administratifs",
                      "Ville de Grenoble", "fr");
  vg_doc_set(&d->contract_nature, "services");
  vg_doc_set(&d->deadline, "2027-02-01");
  vg_strv_push(&d->cpv, "90910000");
  const char *text = "Le marché est attribué sans publicité ni mise en concurrence préalables.";
  const char *parts[] = {text};
  const char *labels[] = {"procedure"};
  const double probs[] = {0.77};
  vg_doc_add_section(d, "title", "fr", NULL, d->title, strlen(d->title));
  if (s_section(d, "description", "fr", text, parts, labels, probs, 1)) return NULL;
  vg_flag_t *f = s_flag(d, "R03-no-competition", VG_OUTCOME_FLAG, "low", 0,
                        "sans publicité ni mise en concurrence");
  if (!f) return NULL;
  vg_doc_set(&f->legal_basis, "CCP R2122-1");
  vg_doc_set(&f->explanation, "Marché passé sans publicité ni mise en concurrence.");
  vg_doc_set(&f->explanation_en, "Contract awarded without publication or competition.");
  f->inputs = json_pack("[{s:s, s:s}]", "name", "procedure", "value", "neg-wo-call");
  f->thresholds = json_object();
  return d;
}

int main(int argc, char **argv) {
  int extra = argc == 3 && strcmp(argv[2], "extra") == 0;
  if (argc != 2 && !extra) {
    fprintf(stderr, "usage: api_fixture_db DIR [extra]\n");
    return 2;
  }
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(argv[1], &err);
  if (!w) {
    fprintf(stderr, "api_fixture_db: cannot open '%s': %s\n", argv[1], err.msg);
    return 1;
  }
  vg_doc_t *docs[3] = {NULL, NULL, NULL};
  if (extra) {
    docs[0] = s_doc_extra();
  } else {
    docs[0] = s_doc_works();
    docs[1] = s_doc_laptops();
    docs[2] = s_doc_cleaning();
  }
  size_t ndocs = extra ? 1 : 3;
  json_t *man = json_array();
  int rc = 0;
  for (size_t i = 0; i < ndocs; i++) {
    vg_doc_t *d = docs[i];
    if (!d || vg_xap_writer_put(w, d, &err) != VG_OK) {
      fprintf(stderr, "api_fixture_db: document %zu: %s\n", i, d ? err.msg : "cannot build");
      rc = 1;
      continue;
    }
    json_t *cl = json_array(), *fl = json_array();
    for (size_t k = 0; k < d->nclauses; k++) json_array_append_new(cl, json_string(d->clauses[k].id));
    for (size_t k = 0; k < d->nflags; k++)
      if (d->flags[k].outcome == VG_OUTCOME_FLAG) json_array_append_new(fl, json_string(d->flags[k].id));
    json_array_append_new(man, json_pack("{s:s, s:s, s:o, s:o, s:i}", "id", d->id, "title", d->title,
                                         "clauses", cl, "flags", fl, "outcomes", (int)d->nflags));
  }
  if (rc == 0 && vg_xap_writer_commit(w, &err) != VG_OK) {
    fprintf(stderr, "api_fixture_db: commit: %s\n", err.msg);
    rc = 1;
  }
  vg_xap_writer_close(&w);
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) vg_doc_destroy(&docs[i]);
  if (rc == 0) {
    char *s = json_dumps(man, JSON_COMPACT);
    puts(s ? s : "[]");
    free(s);
  }
  json_decref(man);
  return rc;
}
