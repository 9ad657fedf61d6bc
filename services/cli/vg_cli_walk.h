/* vg_cli_walk.h: expands the paths given to `vigie ingest` into a sorted list of files.
 * For: recursion into folders, keeping files whose format vigie reads, and recording the
 * others as skipped with a reason. Explicitly named files are always taken; containers (TED
 * packages, zip dossiers) are listed as files and expanded by vg_cli_submit. */
#ifndef VG_CLI_WALK_H
#define VG_CLI_WALK_H

#include <stddef.h>

typedef struct {
  char **files;     /* to submit, sorted */
  size_t nfiles, files_cap;
  char **skipped;   /* "path: reason" */
  size_t nskipped, skipped_cap;
} vg_walk_t;

/* Adds path (file or folder, recursively). Returns 0, or -1 when path cannot be read
 * (recorded as skipped with the reason). */
int vg_walk_add(vg_walk_t *w, const char *path);
void vg_walk_free(vg_walk_t *w);
/* 1 when a file with this name found in a folder is taken (a format vigie reads). */
int vg_walk_supported(const char *path);
/* Records "path: why" in the skipped list (e.g. an archive member in a format not read). */
void vg_walk_skip(vg_walk_t *w, const char *path, const char *why);

#endif
