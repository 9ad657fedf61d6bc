/* vg_xap_bench.c: measures indexing (docs/s) and search (queries/s) of the Xapian shim on
 * deterministic synthetic notices. A measuring tool, not a test: it asserts nothing.
 * Usage: vg_xap_bench [ndocs=2000] [dir=/tmp]  (creates and removes <dir>/vgxapbench-XXXXXX).
 * Not for: realistic relevance (the vocabulary is random). */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vg_xap.h"

static const char *FR[] = {"les", "pénalités", "de", "retard", "sont", "fixées", "marché", "travaux",
                           "délai", "exécution", "prix", "critères", "sous-traitance", "garantie",
                           "avance", "résiliation", "révision", "lot", "candidat", "offre",
                           "conformité", "sécurité", "chantier", "réception", "bâtiment", "voirie",
                           "entretien", "fourniture", "prestations", "mémoire", "technique",
                           "capacité", "financière", "références", "assurance", "cautionnement"};
static const char *EN[] = {"the", "penalties", "for", "late", "delivery", "contract", "works",
                           "period", "price", "award", "criteria", "subcontracting", "guarantee",
                           "payment", "termination", "review", "lot", "tenderer", "offer",
                           "compliance", "safety", "site", "acceptance", "building", "road",
                           "maintenance", "supply", "services", "technical", "capacity",
                           "financial", "references", "insurance", "bond", "liability"};
static const char *LABELS[] = {"penalties", "duration", "award_criteria", "payment", "guarantee",
                               "subcontracting", "termination", "scope"};
static const char *CPV[] = {"45233140-2", "45210000-2", "71000000-8", "33192000-2", "90910000-9",
                            "72000000-5", "34110000-1", "15800000-6"};
static const char *COUNTRY[] = {"FR", "BE", "DE", "IE", "ES", "IT"};
static const char *PROC[] = {"open", "restricted", "neg-w-call", "comp-dial"};

static uint64_t s_rng = 88172645463325252ULL;
static unsigned s_rand(unsigned n) {
  s_rng ^= s_rng << 13;
  s_rng ^= s_rng >> 7;
  s_rng ^= s_rng << 17;
  return (unsigned)(s_rng % n);
}

/* n random words of the language into buf (NUL-terminated), capped at cap. */
static size_t s_words(char *buf, size_t cap, int fr, unsigned n) {
  size_t len = 0;
  for (unsigned i = 0; i < n; i++) {
    const char *w = fr ? FR[s_rand(sizeof FR / sizeof *FR)] : EN[s_rand(sizeof EN / sizeof *EN)];
    int k = snprintf(buf + len, cap - len, "%s%s", w, (i + 1) % 12 == 0 ? ". " : " ");
    if (k < 0 || (size_t)k >= cap - len) break;
    len += (size_t)k;
  }
  return len;
}

static vg_doc_t *s_doc(unsigned i) {
  vg_doc_t *d = vg_doc_new();
  int fr = s_rand(10) < 6;
  char id[64], buf[4096], date[16];
  snprintf(id, sizeof id, "bench%06u", i);
  vg_doc_set(&d->id, id);
  vg_doc_set(&d->lang, fr ? "fr" : "en");
  s_words(buf, 200, fr, 6);
  vg_doc_set(&d->title, buf);
  snprintf(buf, sizeof buf, "Buyer %u", s_rand(300));
  vg_doc_set(&d->buyer, buf);
  vg_doc_set(&d->country, COUNTRY[s_rand(6)]);
  vg_doc_set(&d->procedure, PROC[s_rand(4)]);
  vg_doc_set(&d->notice_type, "cn-standard");
  snprintf(date, sizeof date, "20%02u-%02u-%02u", 20 + s_rand(5), 1 + s_rand(12), 1 + s_rand(28));
  vg_doc_set(&d->dispatch_date, date);
  vg_doc_set(&d->deadline, date);
  d->value = 1000.0 * (1 + s_rand(5000));
  d->has_value = 1;
  vg_strv_push(&d->cpv, CPV[s_rand(8)]);
  for (int s = 0; s < 3; s++) {
    size_t len = s_words(buf, sizeof buf, fr, 40 + s_rand(40));
    long sec = vg_doc_add_section(d, "description", fr ? "fr" : "en", NULL, buf, len);
    if (sec < 0) continue;
    /* two clauses per section: its halves, cut on a space */
    size_t st = d->sections[sec].start, en = d->sections[sec].end, mid = st + (en - st) / 2;
    while (mid < en && d->text[mid] != ' ') mid++;
    vg_clause_t *c = vg_doc_add_clause(d, (size_t)sec, st, mid);
    if (c) vg_doc_set(&c->label, LABELS[s_rand(8)]);
    c = vg_doc_add_clause(d, (size_t)sec, mid, en);
    if (c) vg_doc_set(&c->label, LABELS[s_rand(8)]);
  }
  if (s_rand(3) == 0) {
    vg_flag_t *f = vg_doc_add_flag(d);
    vg_doc_set(&f->id, id);
    vg_doc_set(&f->rule_id, "R05-lowest-price");
    vg_doc_set(&f->rule_version, "1.0.0");
    f->outcome = VG_OUTCOME_FLAG;
    vg_doc_set(&f->severity, "medium");
  }
  return d;
}

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long s_bytes;
static int s_du(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)p, (void)ftw;
  if (flag == FTW_F) s_bytes += (long long)sb->st_size;
  return 0;
}
static int s_rm(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(p);
}

int main(int argc, char **argv) {
  unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 2000;
  char dir[256];
  snprintf(dir, sizeof dir, "%s/vgxapbench-XXXXXX", argc > 2 ? argv[2] : "/tmp");
  if (!n || !mkdtemp(dir)) return 2;
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(dir, &err);
  if (!w) {
    fprintf(stderr, "open: %s\n", err.msg);
    return 1;
  }
  double t0 = s_now(), gen = 0;
  clock_t c0 = clock(); /* CPU time too: wall time is noisy on a shared machine */
  size_t clauses = 0;
  for (unsigned i = 0; i < n; i++) {
    double g = s_now();
    vg_doc_t *d = s_doc(i);
    gen += s_now() - g;
    clauses += d->nclauses;
    if (vg_xap_writer_put(w, d, &err)) fprintf(stderr, "put: %s\n", err.msg);
    vg_doc_destroy(&d);
    if ((i + 1) % 500 == 0 && vg_xap_writer_commit(w, &err)) fprintf(stderr, "commit: %s\n", err.msg);
  }
  vg_xap_writer_commit(w, &err);
  double t = s_now() - t0 - gen;
  double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
  vg_xap_writer_close(&w);
  nftw(dir, s_du, 16, FTW_PHYS);
  printf("indexed %u notices (%zu clauses) in %.2f s wall (generation excluded): %.0f notices/s, "
         "%.0f xapian docs/s; %.2f s CPU (generation included): %.0f notices/s; db %.1f MB\n",
         n, clauses, t, n / t, (n + clauses) / t, cpu, n / cpu, (double)s_bytes / 1e6);
  const char *paths[] = {dir};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  const char *qs[] = {"pénalités", "penalties late", "marché country:fr", "cpv:45 garantie",
                      "deadline:20220101..20231231 offre", "label:penalties", "\"prix critères\"",
                      "penalites OR retard"};
  for (int facets = 0; facets < 2; facets++) {
    unsigned nq = 400;
    double q0 = s_now();
    for (unsigned i = 0; i < nq; i++) {
      vg_xap_query_t q = {.q = qs[i % 8], .limit = 10, .want_facets = facets};
      json_t *out = NULL;
      if (vg_xap_search(r, &q, &out, &err)) fprintf(stderr, "search: %s\n", err.msg);
      json_decref(out);
    }
    double qt = s_now() - q0;
    printf("search (10 hits, 3 snippets each%s): %.0f queries/s\n", facets ? ", exact facets" : "",
           nq / qt);
  }
  vg_xap_reader_close(&r);
  nftw(dir, s_rm, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}
