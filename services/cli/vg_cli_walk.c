/* vg_cli_walk.c: file discovery for `vigie ingest` (see vg_cli_walk.h). */
#include "vg_cli_walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "vg_cli_archive.h"

#define VG_WALK_MAX_DEPTH 32

/* Formats read today, by file extension: XML notices (eForms, TED, DECP), JSON (OCDS, DECP),
 * tender dossiers (PDF, DOCX, ODT, HTML; text when named) and containers (TED packages as
 * .tar/.tar.gz/.tgz/.tar.xz, zip dossiers: vg_cli_archive.h). */
static int s_supported(const char *path) {
  if (vg_archive_kind_of(path) != VG_ARCHIVE_NONE) return 1;
  const char *dot = strrchr(path, '.');
  /* Plain text (.txt) is read only when named explicitly: folders of notices hold READMEs and
   * licence texts that are not procurement documents. */
  static const char *const ext[] = {".xml", ".json", ".pdf", ".docx", ".odt", ".html", ".htm"};
  for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
    if (strcasecmp(dot, ext[i]) == 0) return 1;
  return 0;
}

int vg_walk_supported(const char *path) { return s_supported(path); }

static int s_push(char ***arr, size_t *n, size_t *cap, const char *s) {
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 64;
    char **p = realloc(*arr, nc * sizeof *p);
    if (!p) return -1;
    *arr = p;
    *cap = nc;
  }
  if (!((*arr)[*n] = strdup(s))) return -1;
  (*n)++;
  return 0;
}

void vg_walk_skip(vg_walk_t *w, const char *path, const char *why) {
  size_t n = strlen(path) + strlen(why) + 3;
  char *line = malloc(n);
  if (!line) return;
  snprintf(line, n, "%s: %s", path, why);
  s_push(&w->skipped, &w->nskipped, &w->skipped_cap, line);
  free(line);
}

static int s_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int s_walk(vg_walk_t *w, const char *path, int depth, int explicit) {
  struct stat st;
  if (stat(path, &st) != 0) {
    vg_walk_skip(w, path, strerror(errno));
    return -1;
  }
  if (S_ISREG(st.st_mode)) {
    if (explicit || s_supported(path)) return s_push(&w->files, &w->nfiles, &w->files_cap, path);
    vg_walk_skip(w, path, "format not read yet");
    return 0;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (explicit) vg_walk_skip(w, path, "not a regular file or folder");
    return 0;
  }
  if (depth >= VG_WALK_MAX_DEPTH) {
    vg_walk_skip(w, path, "folder nesting too deep");
    return 0;
  }
  DIR *d = opendir(path);
  if (!d) {
    vg_walk_skip(w, path, strerror(errno));
    return -1;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue; /* ., .., hidden files and partial downloads */
    char child[4096];
    if (snprintf(child, sizeof child, "%s/%s", path, e->d_name) >= (int)sizeof child) {
      vg_walk_skip(w, e->d_name, "path too long");
      continue;
    }
    s_walk(w, child, depth + 1, 0);
  }
  closedir(d);
  return 0;
}

int vg_walk_add(vg_walk_t *w, const char *path) {
  size_t before = w->nfiles;
  int rc = s_walk(w, path, 0, 1);
  if (w->nfiles > before) qsort(w->files + before, w->nfiles - before, sizeof *w->files, s_cmp);
  return rc;
}

void vg_walk_free(vg_walk_t *w) {
  for (size_t i = 0; i < w->nfiles; i++) free(w->files[i]);
  for (size_t i = 0; i < w->nskipped; i++) free(w->skipped[i]);
  free(w->files);
  free(w->skipped);
  memset(w, 0, sizeof *w);
}
