/* vg_file.c: bounded whole-file reads and small filesystem helpers. */
#include "vg_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int vg_file_read(const char *path, size_t max, char **out, size_t *len, vg_err_t *err) {
  *out = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return vg_err_set(err, VG_E_IO, "cannot open '%s': %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return vg_err_set(err, VG_E_IO, "cannot read '%s': not a regular file", path);
  }
  if ((unsigned long long)st.st_size > max) {
    close(fd);
    return vg_err_set(err, VG_E_TOO_BIG, "cannot read '%s': %lld bytes, over the %zu-byte limit",
                      path, (long long)st.st_size, max);
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    close(fd);
    return VG_E_NOMEM;
  }
  for (;;) {
    if (n + 1 >= cap) {
      /* the file grew while we read it: keep the cap */
      if (cap > max) {
        free(buf);
        close(fd);
        return vg_err_set(err, VG_E_TOO_BIG, "cannot read '%s': over the %zu-byte limit", path, max);
      }
      size_t nc = cap * 2 > max + 1 ? max + 2 : cap * 2;
      char *nb = realloc(buf, nc);
      if (!nb) {
        free(buf);
        close(fd);
        return VG_E_NOMEM;
      }
      buf = nb;
      cap = nc;
    }
    ssize_t r = read(fd, buf + n, cap - n - 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      free(buf);
      close(fd);
      return vg_err_set(err, VG_E_IO, "cannot read '%s': %s", path, strerror(errno));
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return VG_OK;
}

int vg_file_write_atomic(const char *path, const void *data, size_t len) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) return VG_E_IO;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return VG_E_IO;
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      close(fd);
      unlink(tmp);
      return VG_E_IO;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
    unlink(tmp);
    return VG_E_IO;
  }
  return VG_OK;
}

int vg_mkdirs(const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof buf) return VG_E_IO;
  memcpy(buf, path, n + 1);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return VG_E_IO;
    *p = '/';
  }
  if (mkdir(buf, 0700) != 0 && errno != EEXIST) return VG_E_IO;
  return VG_OK;
}
