/* vg_cli_walk.h: expands the paths given to `vigie ingest` into a sorted list of files.
 * For: recursion into folders, keeping files whose format vigie reads, and recording the
 * others as skipped with a reason. Explicitly named files are always taken. */
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

#endif
