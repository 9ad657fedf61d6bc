/* vg_xap_bench_search.c: measures vg_xap_search throughput (queries/s, one thread) on an
 * existing database, per class of query. A measuring tool, not a test: it asserts nothing.
 *
 * Usage: vg_xap_bench_search [-n rounds] DB
 * DB: e.g. the database that `vg_xap_bench_corpus -k 1` keeps (the shared notices). Each class
 * runs its queries once to warm up, then `rounds` times (default 20), timed (wall and CPU).
 * Classes (limit 10, as an API page):
 *   fr-words, en-words   free words on notices (snippets included), default AND
 *   phrases              quoted phrases on notices
 *   filters              prefix filters (country:, cpv:, procedure:, label:, ranges), some + words
 *   facets               the fr/en words again with every facet counted (exact totals)
 *   clauses              clause kind, the peer's 20 queries (peer_search.py), AND
 *   clauses-or           the same with OR between the words (the peer's semantics)
 *   clauses-or-en        the same, query language given as English (one stemmer, like the
 *                        peer, instead of one parse per language present)
 *   flags                flag kind: rule:/severity:/status:/buyer words + free text
 *   sorted-cursor        published order, first page then the next one through its cursor
 * Not for: indexing cost (vg_xap_bench_corpus) or HTTP (the api). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vg_xap.h"

static const char *const FR[] = {"pénalités retard", "sous-traitance", "garantie", "délai paiement",
                                 "critères attribution", "accord-cadre", "chiffre affaires",
                                 "travaux", "marché public", "prix"};
static const char *const EN[] = {"penalty", "subcontracting", "insurance liability",
                                 "payment days", "award criteria", "framework agreement",
                                 "turnover", "software", "services", "brand"};
static const char *const PHRASES[] = {"\"prix le plus bas\"", "\"framework agreement\"",
                                      "\"accord-cadre\"", "\"award criteria\"",
                                      "\"chiffre d'affaires\"", "\"technical specifications\""};
static const char *const FILTERS[] = {"country:fr",        "cpv:45",
                                      "cpv:72 software",   "procedure:open",
                                      "label:penalties",   "country:de cpv:33",
                                      "published:2019-01-01..2020-12-31",
                                      "deadline:20200101..", "value:100000..",
                                      "type:cn-standard -country:fr", "flag:R05-lowest-price",
                                      "lang:en services"};
/* the peer's default queries (peer_search.py DEFAULT_QUERIES), CPV lines as cpv: filters */
static const char *const PEER[] = {"pénalités de retard", "penalty", "subcontracting",
                                   "sous-traitance", "garantie", "insurance liability",
                                   "delai de paiement", "payment days",
                                   "award criteria price quality", "critères d'attribution",
                                   "framework agreement", "accord-cadre", "turnover",
                                   "chiffre d'affaires", "works cpv:45", "software cpv:72",
                                   "services cpv:79", "lot", "équivalent", "brand"};
static const char *const FLAGS[] = {"",       "rule:R05-lowest-price", "severity:high",
                                    "status:open", "price", "penalties severity:low",
                                    "country:fr", "cpv:45 rule:R12-short-deadline"};

#define N(a) (sizeof(a) / sizeof *(a))
#define MAXQ 32

typedef struct {
  const char *name;
  const char *q[MAXQ];
  size_t n;
  int kind, facets, cursor;
  const char *sort, *lang;
} s_class_t;

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_add(s_class_t *c, const char *const *q, size_t n) {
  for (size_t i = 0; i < n && c->n < MAXQ; i++) c->q[c->n++] = q[i];
}

/* Runs one query (and, for cursor classes, its second page). Returns hits seen, -1 on error. */
static long s_run(vg_xap_reader_t *r, const s_class_t *c, const char *q) {
  vg_xap_query_t query = {.q = q, .limit = 10, .kind = c->kind, .want_facets = c->facets,
                          .sort = c->sort, .lang = c->lang};
  json_t *out = NULL;
  vg_err_t err = {{0}};
  if (vg_xap_search(r, &query, &out, &err)) {
    fprintf(stderr, "query '%s': %s\n", q, err.msg);
    return -1;
  }
  long hits = (long)json_array_size(json_object_get(out, "hits"));
  const char *next = json_string_value(json_object_get(out, "next_cursor"));
  if (c->cursor && next) {
    char *cur = strdup(next);
    json_decref(out);
    out = NULL;
    query.cursor = cur;
    if (vg_xap_search(r, &query, &out, &err)) {
      fprintf(stderr, "query '%s' (page 2): %s\n", q, err.msg);
      free(cur);
      return -1;
    }
    free(cur);
    hits += (long)json_array_size(json_object_get(out, "hits"));
  }
  json_decref(out);
  return hits;
}

/* "a b c" -> "a OR b OR c" (words only; filters keep their place). */
static void s_or(const char *in, char *out, size_t cap) {
  size_t len = 0;
  out[0] = '\0';
  for (const char *p = in; *p;) {
    while (*p == ' ') p++;
    size_t n = strcspn(p, " ");
    if (!n) break;
    int filter = memchr(p, ':', n) != NULL;
    len += (size_t)snprintf(out + len, cap > len ? cap - len : 0, "%s%.*s",
                            len ? (filter ? " " : " OR ") : "", (int)n, p);
    p += n;
  }
}

int main(int argc, char **argv) {
  unsigned rounds = 20;
  int a = 1;
  if (a + 1 < argc && strcmp(argv[a], "-n") == 0) {
    rounds = (unsigned)strtoul(argv[a + 1], NULL, 10);
    a += 2;
  }
  if (a >= argc || rounds == 0) {
    fprintf(stderr, "usage: vg_xap_bench_search [-n rounds] DB\n");
    return 2;
  }
  const char *paths[] = {argv[a]};
  vg_err_t err = {{0}};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  if (!r) {
    fprintf(stderr, "open: %s\n", err.msg);
    return 1;
  }
  size_t notices = 0, clauses = 0, flags = 0;
  vg_xap_counts(r, &notices, &clauses, &err);
  vg_xap_count_flags(r, &flags, &err);
  printf("database: %zu notices, %zu clauses, %zu flags\n", notices, clauses, flags);

  static char ors[N(PEER)][512];
  const char *peer_or[N(PEER)];
  for (size_t i = 0; i < N(PEER); i++) {
    s_or(PEER[i], ors[i], sizeof ors[i]);
    peer_or[i] = ors[i];
  }
  s_class_t classes[10];
  memset(classes, 0, sizeof classes);
  classes[0].name = "fr-words";
  s_add(&classes[0], FR, N(FR));
  classes[1].name = "en-words";
  s_add(&classes[1], EN, N(EN));
  classes[2].name = "phrases";
  s_add(&classes[2], PHRASES, N(PHRASES));
  classes[3].name = "filters";
  s_add(&classes[3], FILTERS, N(FILTERS));
  classes[4].name = "facets";
  s_add(&classes[4], FR, N(FR));
  s_add(&classes[4], EN, N(EN));
  classes[4].facets = 1;
  classes[5].name = "clauses";
  s_add(&classes[5], PEER, N(PEER));
  classes[5].kind = VG_XAP_KIND_CLAUSES;
  classes[6].name = "clauses-or";
  s_add(&classes[6], peer_or, N(PEER));
  classes[6].kind = VG_XAP_KIND_CLAUSES;
  classes[7].name = "flags";
  s_add(&classes[7], FLAGS, N(FLAGS));
  classes[7].kind = VG_XAP_KIND_FLAGS;
  classes[8].name = "sorted-cursor";
  s_add(&classes[8], FR, 5);
  s_add(&classes[8], EN, 5);
  classes[8].sort = "published";
  classes[8].cursor = 1;
  classes[9].name = "clauses-or-en";
  s_add(&classes[9], peer_or, N(PEER));
  classes[9].kind = VG_XAP_KIND_CLAUSES;
  classes[9].lang = "en";

  int fails = 0;
  for (size_t k = 0; k < N(classes); k++) {
    const s_class_t *c = &classes[k];
    long hits = 0;
    for (size_t i = 0; i < c->n; i++) /* warm-up, and the hit count */
      hits += s_run(r, c, c->q[i]);
    double t0 = s_now();
    clock_t c0 = clock();
    for (unsigned round = 0; round < rounds; round++)
      for (size_t i = 0; i < c->n; i++)
        if (s_run(r, c, c->q[i]) < 0) fails++;
    double t = s_now() - t0, cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    size_t nq = c->n * rounds;
    printf("vigie %-13s %7.0f queries/s wall %7.0f queries/s CPU (%zu queries x %u, %ld hits "
           "per round)\n",
           c->name, (double)nq / t, (double)nq / cpu, c->n, rounds, hits);
  }
  vg_xap_reader_close(&r);
  return fails ? 1 : 0;
}
