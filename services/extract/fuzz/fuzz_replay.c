/* fuzz_replay.c: replays files through the fuzz targets' entry points without libFuzzer,
 * so that saved crash reproducers (tests/fuzz/regressions/<target>/) and the seed corpora
 * run in the ordinary ctest suite, under gcc and under ASan/UBSan (VIGIE_SANITIZE).
 *
 *   fuzz_replay ROOT... [--target NAME PATH...]...
 * ROOT: a directory whose sub-directories are named after targets (fuzz_notice, fuzz_ocds,
 * ...); every regular file in them goes through that target. --target NAME: the following
 * paths (files, or directories whose regular files are taken) go through NAME. Names
 * starting with '.' and README files are skipped; files are taken in name order. A
 * sub-directory named after no known target is an error (a reproducer must never be
 * silently skipped). Each file runs in a forked child (a finding aborts it: the oracle calls
 * abort(), sanitizers report); every failing path is printed and the exit status is 1.
 * Not for: fuzzing (use the libFuzzer binaries, tests/fuzz/run_fuzz.sh). */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vg_file.h"
#include "vg_fuzz_table.h" /* generated: VG_FUZZ_TABLE = VG_FUZZ_TARGET(name)... */

#define S_MAX_FILE (64u * 1024u * 1024u)

typedef int (*s_entry_fn)(const uint8_t *, size_t);

#define VG_FUZZ_TARGET(name) int vg_##name##_one(const uint8_t *data, size_t size);
VG_FUZZ_TABLE
#undef VG_FUZZ_TARGET

typedef struct {
  const char *name;
  s_entry_fn fn;
} s_target_t;

#define VG_FUZZ_TARGET(name) {#name, vg_##name##_one},
static const s_target_t s_targets[] = {VG_FUZZ_TABLE};
#undef VG_FUZZ_TARGET

static const s_target_t *s_find(const char *name) {
  for (size_t i = 0; i < sizeof s_targets / sizeof s_targets[0]; i++)
    if (!strcmp(s_targets[i].name, name)) return &s_targets[i];
  return NULL;
}

static int s_skip(const char *base) {
  return base[0] == '.' || !strncmp(base, "README", 6);
}

static int s_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Runs one file in a child process, so that one finding does not hide the next and
 * leaks are checked per input (LeakSanitizer runs at the child's exit). Returns 0, or -1
 * when the file cannot be read or the child did not exit 0 (the failure is printed). */
static int s_run_file(const s_target_t *t, const char *path, size_t *count) {
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err;
  if (vg_file_read(path, S_MAX_FILE, &buf, &len, &err) != VG_OK) {
    fprintf(stderr, "fuzz_replay: cannot read '%s': %s\n", path, err.msg);
    return -1;
  }
  fprintf(stderr, "fuzz_replay: %s %s (%zu bytes)\n", t->name, path, len);
  fflush(NULL);
  (*count)++;
  pid_t pid = fork();
  if (pid < 0) {
    perror("fuzz_replay: fork");
    free(buf);
    return -1;
  }
  if (pid == 0) {
    /* an exact-size copy, so that ASan sees any read past the end of the input */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) exit(3);
    if (len) memcpy(copy, buf, len);
    free(buf);
    t->fn(copy, len);
    free(copy);
    exit(0);
  }
  free(buf);
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0) {
    if (errno != EINTR) {
      perror("fuzz_replay: waitpid");
      return -1;
    }
  }
  if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0) return 0;
  if (WIFSIGNALED(ws))
    fprintf(stderr, "fuzz_replay: FAIL %s %s: killed by signal %d\n", t->name, path, WTERMSIG(ws));
  else
    fprintf(stderr, "fuzz_replay: FAIL %s %s: exit status %d\n", t->name, path, WEXITSTATUS(ws));
  return -1;
}

/* Runs every regular file of dir (name order) or the file itself. */
static int s_run_path(const s_target_t *t, const char *path, size_t *count) {
  if (!s_is_dir(path)) return s_run_file(t, path, count);
  struct dirent **list = NULL;
  int n = scandir(path, &list, NULL, alphasort);
  if (n < 0) {
    fprintf(stderr, "fuzz_replay: cannot list '%s'\n", path);
    return -1;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    char sub[4096];
    int w = snprintf(sub, sizeof sub, "%s/%s", path, list[i]->d_name);
    if (!s_skip(list[i]->d_name) && w > 0 && (size_t)w < sizeof sub && !s_is_dir(sub) &&
        s_run_file(t, sub, count))
      rc = -1;
    free(list[i]);
  }
  free(list);
  return rc;
}

/* ROOT/<target>/... for every sub-directory of root. */
static int s_run_root(const char *root, size_t *count) {
  struct dirent **list = NULL;
  int n = scandir(root, &list, NULL, alphasort);
  if (n < 0) {
    fprintf(stderr, "fuzz_replay: cannot list '%s'\n", root);
    return -1;
  }
  int rc = 0;
  for (int i = 0; i < n; i++) {
    const char *nm = list[i]->d_name;
    char sub[4096];
    int w = snprintf(sub, sizeof sub, "%s/%s", root, nm);
    if (!s_skip(nm) && w > 0 && (size_t)w < sizeof sub && s_is_dir(sub)) {
      const s_target_t *t = s_find(nm);
      if (!t) {
        fprintf(stderr, "fuzz_replay: '%s' names no fuzz target built here\n", sub);
        rc = -1;
      } else if (s_run_path(t, sub, count)) {
        rc = -1;
      }
    }
    free(list[i]);
  }
  free(list);
  return rc;
}

int main(int argc, char **argv) {
  size_t count = 0;
  int rc = 0;
  const s_target_t *t = NULL;
  if (argc < 2) {
    fprintf(stderr, "usage: fuzz_replay ROOT... [--target NAME PATH...]...\n");
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--target")) {
      t = i + 1 < argc ? s_find(argv[i + 1]) : NULL;
      if (!t) {
        fprintf(stderr, "fuzz_replay: unknown target '%s'\n", i + 1 < argc ? argv[i + 1] : "");
        return 2;
      }
      i++;
    } else if (t) {
      if (s_run_path(t, argv[i], &count)) rc = 1;
    } else if (s_run_root(argv[i], &count)) {
      rc = 1;
    }
  }
  printf("fuzz_replay: %zu file(s) replayed, %s\n", count, rc ? "FAILURES above" : "all passed");
  return rc;
}
