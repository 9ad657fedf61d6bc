/* vg_xap_bench_corpus.c: measures the indexer (vg_xap_writer_put + commit) on real notices.
 * A measuring tool, not a test: it asserts nothing.
 *
 * Usage: vg_xap_bench_corpus [-r repeat] [-d tmpdir] [-k 1] PATH...  (files, or folders searched
 * for *.xml). Every notice is parsed (vg_notice_parse) and segmented (vg_segment_doc) into
 * memory first; clauses get a deterministic label (no classifier here) and every third
 * notice one FLAG outcome, so that labels and flags are indexed as in production. Then only
 * the put + commit loop into a fresh database (<tmpdir>/vgxapcorpus-XXXXXX, removed after)
 * is timed, wall and CPU; -k 1 keeps the database (its path is printed). -r N loads and puts the whole set N times under distinct ids.
 * Not for: measuring parsing, classification or rules (see docs/benchmarks.md). */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vg_file.h"
#include "vg_notice.h"
#include "vg_segment.h"
#include "vg_xap.h"

#define MAX_FILES 4096

static const char *LABELS[] = {"penalties", "duration", "award_criteria", "payment",
                               "guarantee", "subcontracting", "termination", "scope"};

typedef struct {
  char *paths[MAX_FILES];
  size_t n;
} s_list_t;

static s_list_t *s_list; /* nftw has no user pointer: set only while nftw runs in main */

static int s_collect(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)ftw;
  size_t len = strlen(p);
  if (flag == FTW_F && len > 4 && strcmp(p + len - 4, ".xml") == 0 && s_list->n < MAX_FILES)
    s_list->paths[s_list->n++] = strdup(p);
  return 0;
}

static int s_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
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

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses and segments one file into a new document (NULL when the parser refuses it). */
static vg_doc_t *s_load(const char *path, size_t idx, size_t *bytes) {
  char *buf = NULL, id[64];
  size_t len = 0;
  vg_err_t err = {{0}};
  if (vg_file_read(path, VG_NOTICE_MAX_BYTES, &buf, &len, &err)) return NULL;
  vg_doc_t *d = vg_doc_new();
  snprintf(id, sizeof id, "corpus%05zu", idx);
  vg_doc_set(&d->id, id);
  vg_doc_set(&d->source, path);
  int st = vg_notice_parse(buf, len, path, d, &err);
  free(buf);
  if (st == VG_OK) st = vg_segment_doc(d, &err);
  if (st != VG_OK) {
    fprintf(stderr, "skip %s: %s\n", path, err.msg);
    vg_doc_destroy(&d);
    return NULL;
  }
  *bytes += len;
  for (size_t i = 0; i < d->nclauses; i++)
    vg_doc_set(&d->clauses[i].label, LABELS[(idx + i) % (sizeof LABELS / sizeof *LABELS)]);
  if (idx % 3 == 0) {
    /* flag ids must differ from document and clause ids (they are unique terms too) */
    static const char *const rules[][3] = {
        {"R05-lowest-price", "medium", "The award is on price alone."},
        {"R12-short-deadline", "high", "The submission period is shorter than the minimum."},
        {"R20-uncapped-penalties", "low", "Late penalties have no cap."}};
    const char *const *rule = rules[(idx / 3) % 3];
    char fid[80];
    snprintf(fid, sizeof fid, "%s-f1", id);
    vg_flag_t *f = vg_doc_add_flag(d);
    vg_doc_set(&f->id, fid);
    vg_doc_set(&f->rule_id, rule[0]);
    vg_doc_set(&f->rule_version, "1.0.0");
    f->outcome = VG_OUTCOME_FLAG;
    vg_doc_set(&f->severity, rule[1]);
    vg_doc_set(&f->explanation_en, rule[2]);
    if (d->nclauses) { /* evidence: the first clause, cut to 200 bytes */
      const vg_clause_t *c = &d->clauses[0];
      size_t len = c->end - c->start < 200 ? c->end - c->start : 200;
      while (len > 0 && len < c->end - c->start &&
             ((unsigned char)d->text[c->start + len] & 0xC0) == 0x80)
        len--;
      char *ex = strndup(d->text + c->start, len);
      vg_doc_set(&f->excerpt, ex);
      free(ex);
      vg_doc_set(&f->clause_id, c->id);
      f->start = c->start;
      f->end = c->start + len;
    }
  }
  return d;
}

int main(int argc, char **argv) {
  unsigned repeat = 1;
  int keep = 0;
  const char *tmp = "/tmp";
  static s_list_t list;
  int a = 1;
  for (; a < argc && argv[a][0] == '-'; a += 2) {
    if (a + 1 >= argc) return 2;
    if (strcmp(argv[a], "-r") == 0) repeat = (unsigned)strtoul(argv[a + 1], NULL, 10);
    else if (strcmp(argv[a], "-d") == 0) tmp = argv[a + 1];
    else if (strcmp(argv[a], "-k") == 0) keep = strcmp(argv[a + 1], "0") != 0;
    else return 2;
  }
  if (a >= argc || repeat == 0) {
    fprintf(stderr, "usage: vg_xap_bench_corpus [-r repeat] [-d tmpdir] [-k 1] PATH...\n");
    return 2;
  }
  s_list = &list;
  for (; a < argc; a++) nftw(argv[a], s_collect, 16, FTW_PHYS);
  s_list = NULL;
  qsort(list.paths, list.n, sizeof *list.paths, s_cmp);

  vg_doc_t **docs = calloc(list.n * repeat + 1, sizeof *docs);
  size_t ndocs = 0, nclauses = 0, nsections = 0, bytes = 0;
  for (size_t i = 0; docs && i < list.n * repeat; i++) {
    vg_doc_t *d = s_load(list.paths[i % list.n], i, &bytes);
    if (!d) continue;
    docs[ndocs++] = d;
    nclauses += d->nclauses;
    nsections += d->nsections;
  }

  char dir[256];
  snprintf(dir, sizeof dir, "%s/vgxapcorpus-XXXXXX", tmp);
  if (!ndocs || !mkdtemp(dir)) return 2;
  vg_err_t err = {{0}};
  vg_xap_writer_t *w = vg_xap_writer_open(dir, &err);
  if (!w) {
    fprintf(stderr, "open: %s\n", err.msg);
    return 1;
  }
  double t0 = s_now();
  clock_t c0 = clock(); /* CPU time too: wall time is noisy on a shared machine */
  int fails = 0;
  for (size_t i = 0; i < ndocs; i++)
    if (vg_xap_writer_put(w, docs[i], &err)) {
      fprintf(stderr, "put %s: %s\n", docs[i]->id, err.msg);
      fails++;
    }
  if (vg_xap_writer_commit(w, &err)) {
    fprintf(stderr, "commit: %s\n", err.msg);
    fails++;
  }
  double t = s_now() - t0;
  double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
  vg_xap_writer_close(&w);
  nftw(dir, s_du, 16, FTW_PHYS);
  size_t n = ndocs, nx = ndocs + nclauses + (ndocs + 2) / 3; /* + one flag doc every third */
  printf("corpus: %zu notices (%zu sections, %zu clauses, %.1f MB xml; input x%u), %d failed\n",
         ndocs, nsections, nclauses, (double)bytes / 1e6, repeat, fails);
  printf("index (put+commit): %.2f s wall, %.2f s CPU: %.1f notices/s, %.0f xapian docs/s "
         "(wall); %.1f notices/s (CPU); db %.1f MB\n",
         t, cpu, n / t, nx / t, n / cpu, (double)s_bytes / 1e6);
  if (keep)
    printf("database kept: %s\n", dir);
  else
    nftw(dir, s_rm, 16, FTW_DEPTH | FTW_PHYS);
  for (size_t i = 0; i < ndocs; i++) vg_doc_destroy(&docs[i]);
  free(docs);
  for (size_t i = 0; i < list.n; i++) free(list.paths[i]);
  return fails ? 1 : 0;
}
