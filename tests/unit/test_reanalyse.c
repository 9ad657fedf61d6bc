/* test_reanalyse.c: analysing the same document with the same model and rules yields a
 * byte-identical record, except the processing timestamps and the worker name.
 *
 *   test_reanalyse MODEL CATALOGUE DIR...   (every *.xml below each DIR)
 * Two analysers with different worker names analyse every file; the JSON of each document,
 * keys sorted, with processing.worker and processing.stages[].at/ms removed, must be equal. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vg_analyser.h"
#include "vg_file.h"

typedef struct {
  vg_analyser_t *a, *b;
  size_t files, fails;
} s_run_t;

static char *s_canonical(vg_doc_t *d) {
  json_t *shared = vg_doc_to_json(d);
  json_t *j = shared ? json_deep_copy(shared) : NULL; /* the dump shares d->processing */
  json_decref(shared);
  if (!j) return NULL;
  json_t *pr = json_object_get(j, "processing");
  json_object_del(pr, "worker");
  size_t i;
  json_t *st;
  json_array_foreach(json_object_get(pr, "stages"), i, st) {
    json_object_del(st, "at");
    json_object_del(st, "ms");
  }
  char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(j);
  return s;
}

static void s_file(s_run_t *r, const char *path) {
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err = {{0}};
  if (vg_file_read(path, 64u << 20, &buf, &len, &err)) {
    fprintf(stderr, "FAIL %s: %s\n", path, err.msg);
    r->fails++;
    return;
  }
  vg_doc_t *d1 = NULL, *d2 = NULL;
  int rc1 = vg_analyser_run(r->a, path, NULL, buf, len, &d1, &err);
  int rc2 = vg_analyser_run(r->b, path, NULL, buf, len, &d2, &err);
  free(buf);
  r->files++;
  if (rc1 != VG_OK || rc2 != VG_OK) {
    fprintf(stderr, "FAIL %s: analysis failed (%d, %d): %s\n", path, rc1, rc2, err.msg);
    r->fails++;
  } else {
    const char *w1 = json_string_value(json_object_get(d1->processing, "worker"));
    int worker_ok = w1 && strcmp(w1, "worker-a") == 0;
    char *s1 = s_canonical(d1), *s2 = s_canonical(d2);
    if (!s1 || !s2 || strcmp(s1, s2) != 0 || !worker_ok) {
      fprintf(stderr, "FAIL %s: records differ beyond timestamps and worker\n", path);
      r->fails++;
    }
    free(s1);
    free(s2);
  }
  vg_doc_destroy(&d1);
  vg_doc_destroy(&d2);
}

static void s_walk(s_run_t *r, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "FAIL cannot open '%s'\n", dir);
    r->fails++;
    return;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    size_t n = strlen(e->d_name);
    if (S_ISDIR(st.st_mode)) s_walk(r, p);
    else if (n > 4 && strcmp(e->d_name + n - 4, ".xml") == 0) s_file(r, p);
  }
  closedir(d);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: test_reanalyse MODEL CATALOGUE DIR...\n");
    return 2;
  }
  vg_err_t err = {{0}};
  vg_analyser_config_t ca = {argv[1], -1, argv[2], "worker-a"}, cb = {argv[1], -1, argv[2], "worker-b"};
  s_run_t r = {vg_analyser_new(&ca, &err), NULL, 0, 0};
  if (r.a) r.b = vg_analyser_new(&cb, &err);
  if (!r.a || !r.b) {
    fprintf(stderr, "FAIL cannot load model or catalogue: %s\n", err.msg);
    vg_analyser_destroy(&r.a);
    return 1;
  }
  for (int i = 3; i < argc; i++) s_walk(&r, argv[i]);
  vg_analyser_destroy(&r.a);
  vg_analyser_destroy(&r.b);
  printf("%zu passed, %zu failed\n", r.files - r.fails, r.fails);
  return r.fails || r.files == 0 ? 1 : 0;
}
