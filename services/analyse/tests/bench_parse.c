/* bench_parse.c: parsing speed of the notice parser over every eForms / TED XML file under
 * the given folders (files read into memory first; parse only, no segmentation).
 * Usage: bench_parse ROUNDS DIR... Prints docs/s and MiB/s. A measuring tool, not a test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vg_file.h"
#include "vg_notice.h"

#define S_MAX_FILES 1024

typedef struct {
  char *buf[S_MAX_FILES];
  size_t len[S_MAX_FILES];
  size_t n, bytes;
} s_set_t;

static void s_collect(s_set_t *s, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    size_t nl = strlen(e->d_name);
    if (S_ISDIR(st.st_mode)) {
      s_collect(s, p);
    } else if (nl > 4 && strcmp(e->d_name + nl - 4, ".xml") == 0 && s->n < S_MAX_FILES) {
      vg_err_t err = {{0}};
      if (vg_file_read(p, VG_NOTICE_MAX_BYTES, &s->buf[s->n], &s->len[s->n], &err) == VG_OK) {
        s->bytes += s->len[s->n];
        s->n++;
      }
    }
  }
  closedir(d);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s ROUNDS DIR...\n", argv[0]);
    return 2;
  }
  long rounds = strtol(argv[1], NULL, 10);
  if (rounds < 1) rounds = 1;
  s_set_t *s = calloc(1, sizeof *s);
  if (!s) return 1;
  for (int i = 2; i < argc; i++) s_collect(s, argv[i]);
  struct timespec t0, t1;
  size_t ok = 0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long r = 0; r < rounds; r++)
    for (size_t i = 0; i < s->n; i++) {
      vg_doc_t *d = vg_doc_new();
      if (!d) return 1;
      ok += vg_notice_parse(s->buf[i], s->len[i], "bench", d, NULL) == VG_OK;
      vg_doc_destroy(&d);
    }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  double docs = (double)s->n * (double)rounds;
  printf("files=%zu rounds=%ld ok=%zu seconds=%.3f docs_per_s=%.0f mib_per_s=%.1f\n", s->n,
         rounds, ok, sec, docs / sec, (double)s->bytes * (double)rounds / sec / 1048576.0);
  for (size_t i = 0; i < s->n; i++) free(s->buf[i]);
  free(s);
  return 0;
}
