/* api_fixture_db.c: builds a small real Xapian database for the vigie-api tests.
 *
 * For: `api_fixture_db DIR` writes three hand-built analysed notices (clauses, labels,
 * flags with full justification, non-flags with reasons) through vg_xap_writer_put and
 * prints a JSON manifest of what it wrote (ids, titles, clause ids, flag ids) on stdout.
 * `api_fixture_db DIR extra` adds a fourth notice to an existing database instead (to test
 * that a running server sees new commits).
 * `api_fixture_db DIR versions` writes two versions of one procedure (same procedure_id,
 * the later dispatch date is the latest), each with a flag, and a dossier (container) link.
 * `api_fixture_db DIR review FLAG_ID STATUS REASON` applies one review entry directly with
 * vg_xap_writer_review (what the indexer does after appending it to the audit log).
 * `api_fixture_db TOKENS_PATH tokens` creates a reader, a reviewer and an admin token in a
 * real token store and prints {"reader":{"token","id"},...}.
 * Not for: realistic corpora (those come from the pipeline tests). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_doc.h"
#include "vg_hash.h"
#include "vg_tokens.h"
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
  vg_doc_t *d = s_doc("fixture-extra.xml", "Fourniture de mobilier scolaire",
                      "=Région \"Bretagne\", nord", "fr");
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

/* Two versions of one procedure: a contract notice and its later corrigendum. */
static vg_doc_t *s_doc_version(int second) {
  vg_doc_t *d = s_doc(second ? "fixture-voirie-v2.xml" : "fixture-voirie-v1.xml",
                      "Entretien de la voirie communale", "Commune d'Échirolles \"Centre\"", "fr");
  vg_doc_set(&d->notice_id, second ? "00000002-2026" : "00000001-2026");
  vg_doc_set(&d->procedure_id, "proc-voirie-2026");
  vg_doc_set(&d->dispatch_date, second ? "2026-10-15" : "2026-10-01");
  vg_doc_set(&d->deadline, "2026-10-20");
  vg_strv_push(&d->cpv, "45233141");
  json_object_set_new(d->fields, "container", json_pack("{s:s, s:s, s:s, s:s}", "name", "DCE.zip", "sha256",
                        "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12", "kind", "zip",
                        "member", "RC.pdf"));
  const char *text = second ? "Les offres sont reçues dans un délai de 12 jours (version rectifiée)."
                            : "Les offres sont reçues dans un délai de 8 jours.";
  const char *parts[] = {text};
  const char *labels[] = {"submission_deadline"};
  const double probs[] = {0.8};
  vg_doc_add_section(d, "title", "fr", NULL, d->title, strlen(d->title));
  if (s_section(d, "description", "fr", text, parts, labels, probs, 1)) return NULL;
  vg_flag_t *f = s_flag(d, "R01-short-submission-period", VG_OUTCOME_FLAG, "high", 0,
                        second ? "un délai de 12 jours" : "un délai de 8 jours");
  if (!f) return NULL;
  vg_doc_set(&f->legal_basis, "CCP R2161-2");
  vg_doc_set(&f->explanation, "Délai de réception des offres trop court.");
  vg_doc_set(&f->explanation_en, "Submission period too short.");
  f->inputs = json_array();
  f->thresholds = json_object();
  return d;
}

static int s_tokens(const char *path) {
  vg_err_t err = {{0}};
  vg_tokens_t *t = NULL;
  if (vg_tokens_open(path, &t, &err) != VG_OK) {
    fprintf(stderr, "api_fixture_db: token store '%s': %s\n", path, err.msg);
    return 1;
  }
  static const struct {
    const char *name;
    vg_role_t role;
  } who[] = {{"rita reader", VG_ROLE_READER}, {"rene reviewer", VG_ROLE_REVIEWER}, {"ada admin", VG_ROLE_ADMIN}};
  json_t *out = json_object();
  int rc = 0;
  for (size_t i = 0; i < sizeof who / sizeof *who; i++) {
    char tok[VG_TOKEN_MAX];
    vg_token_info_t info;
    if (vg_tokens_create(t, who[i].name, who[i].role, tok, &info, &err) != VG_OK) {
      fprintf(stderr, "api_fixture_db: token '%s': %s\n", who[i].name, err.msg);
      rc = 1;
      break;
    }
    json_object_set_new(out, vg_role_str(who[i].role),
                        json_pack("{s:s, s:s, s:s}", "token", tok, "id", info.id, "name", info.name));
  }
  vg_tokens_close(&t);
  if (rc == 0) {
    char *txt = json_dumps(out, JSON_COMPACT);
    puts(txt ? txt : "{}");
    free(txt);
  }
  json_decref(out);
  return rc;
}

static int s_review(const char *dir, const char *flag, const char *status, const char *reason) {
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(dir, &err);
  if (!w) {
    fprintf(stderr, "api_fixture_db: cannot open '%s': %s\n", dir, err.msg);
    return 1;
  }
  long long seq = 0;
  int rc = vg_xap_writer_last_seq(w, &seq, &err);
  json_t *e = json_pack("{s:I, s:s, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s}", "seq", (json_int_t)(seq + 1),
                        "at", "2026-11-29T09:00:00Z", "who", "name", "fixture", "role", "reviewer",
                        "token", "000000000000", "action", "flag.review", "flag_id", flag, "status",
                        status, "reason", reason);
  if (rc == VG_OK) rc = vg_xap_writer_review(w, e, &err);
  if (rc == VG_OK) rc = vg_xap_writer_commit(w, &err);
  if (rc != VG_OK) fprintf(stderr, "api_fixture_db: review: %s\n", err.msg);
  json_decref(e);
  vg_xap_writer_close(&w);
  return rc == VG_OK ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[2], "tokens") == 0) return s_tokens(argv[1]);
  if (argc == 6 && strcmp(argv[2], "review") == 0) return s_review(argv[1], argv[3], argv[4], argv[5]);
  int extra = argc == 3 && strcmp(argv[2], "extra") == 0;
  int versions = argc == 3 && strcmp(argv[2], "versions") == 0;
  if (argc != 2 && !extra && !versions) {
    fprintf(stderr, "usage: api_fixture_db DIR [extra|versions] | DIR review FLAG STATUS REASON | "
                    "TOKENS tokens\n");
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
  } else if (versions) {
    docs[0] = s_doc_version(0);
    docs[1] = s_doc_version(1);
  } else {
    docs[0] = s_doc_works();
    docs[1] = s_doc_laptops();
    docs[2] = s_doc_cleaning();
  }
  size_t ndocs = extra ? 1 : versions ? 2 : 3;
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
