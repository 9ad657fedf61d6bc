/* test_corpus.c: runs the whole catalogue on every real notice of the given directories
 * (parsed by vg_parse and segmented), checks the flag invariants (one outcome per rule, evidence
 * offsets valid, excerpt == text span) and prints per-rule outcome counts.
 * For: ctest entry rules.corpus. It asserts that evaluation runs cleanly, not what fires.
 * Usage: vg_rules_test_corpus <catalogue dir> <dir>... (directories are read recursively). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "rules_fixture.h"
#include "vg_file.h"
#include "vg_notice.h"
#include "vg_rules.h"
#include "vg_segment.h"

#define MAX_RULES 256
#define MAX_DEPTH 8

typedef struct {
  const vg_catalogue_t *cat;
  char *rule[MAX_RULES];
  size_t count[MAX_RULES][4];
  size_t nrules, docs, parse_failed, eval_failed, bad;
  double eval_seconds; /* time spent in vg_rules_eval only (reported, never asserted) */
  size_t text_bytes;
} run_t;

static void s_one(run_t *r, const char *path) {
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  if (vg_file_read(path, VG_NOTICE_MAX_BYTES, &buf, &len, &err) != VG_OK) {
    r->parse_failed++;
    return;
  }
  vg_doc_t *d = vg_doc_new();
  vg_doc_set(&d->id, path);
  vg_doc_set(&d->source, path);
  if (vg_notice_parse(buf, len, path, d, &err) != VG_OK || vg_segment_doc(d, &err) != VG_OK) {
    r->parse_failed++;
    free(buf);
    vg_doc_destroy(&d);
    return;
  }
  free(buf);
  size_t before = d->nflags;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = vg_rules_eval(r->cat, d, &err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  r->eval_seconds += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  r->text_bytes += d->text_len;
  if (rc != VG_OK) {
    fprintf(stderr, "eval failed on '%s': %s\n", path, err.msg);
    r->eval_failed++;
  } else if (before == 0) {
    r->docs++;
    if (fx_check_invariants(d, vg_catalogue_count(r->cat))) {
      fprintf(stderr, "invariants broken on '%s'\n", path);
      r->bad++;
    }
    for (size_t i = 0; i < d->nflags && i < MAX_RULES; i++) {
      if (!r->rule[i]) r->rule[i] = strdup(d->flags[i].rule_id);
      if (i >= r->nrules) r->nrules = i + 1;
      r->count[i][d->flags[i].outcome]++;
      if (d->flags[i].outcome == VG_OUTCOME_FLAG && getenv("VG_RULES_SHOW"))
        printf("  %s %s: %s\n", d->flags[i].rule_id, path, d->flags[i].explanation_en);
    }
  }
  vg_doc_destroy(&d);
}

static int s_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void s_walk(run_t *r, const char *dir, int depth) {
  if (depth > MAX_DEPTH) return;
  DIR *dp = opendir(dir);
  if (!dp) return;
  vg_strv_t names = {0};
  struct dirent *e;
  while ((e = readdir(dp)) != NULL)
    if (e->d_name[0] != '.') vg_strv_push(&names, e->d_name);
  closedir(dp);
  if (names.n) qsort(names.v, names.n, sizeof *names.v, s_cmp);
  for (size_t i = 0; i < names.n; i++) {
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, names.v[i]);
    struct stat st;
    if (stat(p, &st)) continue;
    size_t n = strlen(p);
    if (S_ISDIR(st.st_mode))
      s_walk(r, p, depth + 1);
    else if (n > 4 && !strcmp(p + n - 4, ".xml"))
      s_one(r, p);
  }
  vg_strv_clear(&names);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <catalogue dir> <notice dir>...\n", argv[0]);
    return 2;
  }
  vg_err_t err = {{0}};
  vg_catalogue_t *cat = vg_catalogue_load(argv[1], &err);
  if (!cat) {
    fprintf(stderr, "cannot load catalogue: %s\n", err.msg);
    return 1;
  }
  run_t *r = calloc(1, sizeof *r);
  if (!r) return 1;
  r->cat = cat;
  for (int i = 2; i < argc; i++) s_walk(r, argv[i], 0);
  printf("catalogue %s %s: %zu notices evaluated, %zu not parsed\n", vg_catalogue_version(cat),
         vg_catalogue_sha256(cat), r->docs, r->parse_failed);
  printf("rule evaluation: %.1f ms for %zu bytes of text\n", r->eval_seconds * 1e3,
         r->text_bytes);
  printf("%-44s %6s %8s %8s %8s\n", "rule", "flag", "no_flag", "missing", "n/a");
  for (size_t i = 0; i < r->nrules; i++) {
    printf("%-44s %6zu %8zu %8zu %8zu\n", r->rule[i], r->count[i][0], r->count[i][1],
           r->count[i][2], r->count[i][3]);
    free(r->rule[i]);
  }
  int fail = r->eval_failed || r->bad || r->docs == 0;
  free(r);
  vg_catalogue_destroy(&cat);
  return fail;
}
