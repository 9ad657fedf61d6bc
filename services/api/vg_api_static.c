/* vg_api_static.c: serves the web UI's static files (ui/index.html, app.js, style.css...).
 *
 * For: GET / and GET /ui/<file> with the right Content-Type, refusing any path that could
 * leave the UI directory (.., hidden names, odd bytes, symlinks pointing outside).
 * Not for: generated content (routes.c) or directory listings (there are none). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_api_internal.h"

#define VG__API_MAX_REL 200 /* longest relative UI path accepted */

static const struct {
  const char *ext;
  const char *type;
} s_types[] = {
    {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},              {".png", "image/png"},
    {".ico", "image/x-icon"},               {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
};

static const char *s_content_type(const char *rel) {
  const char *dot = strrchr(rel, '.');
  if (dot)
    for (size_t i = 0; i < sizeof s_types / sizeof *s_types; i++)
      if (strcmp(dot, s_types[i].ext) == 0) return s_types[i].type;
  return "application/octet-stream";
}

/* Only [A-Za-z0-9._-] segments separated by single '/', none starting with '.'. This
 * rejects "..", "%2e%2e" (already decoded by MHD), backslashes, NULs and hidden files. */
static int s_rel_ok(const char *rel) {
  size_t n = strlen(rel);
  if (n == 0 || n > VG__API_MAX_REL) return 0;
  int seg_start = 1;
  for (size_t i = 0; i < n; i++) {
    char c = rel[i];
    if (c == '/') {
      if (seg_start) return 0; /* empty segment or leading '/' */
      seg_start = 1;
      continue;
    }
    if (seg_start && c == '.') return 0;
    seg_start = 0;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    if (!ok) return 0;
  }
  return !seg_start;
}

enum MHD_Result vg__api_serve_file(vg__api_req_t *rq, const char *rel) {
  if (!s_rel_ok(rel))
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such file", -1);
  if (!rq->ui_root)
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "the UI directory is not available", -1);
  char path[PATH_MAX], real[PATH_MAX];
  size_t rl = strlen(rq->ui_root), fl = strlen(rel);
  if (rl + 1 + fl + 1 > sizeof path)
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such file", -1);
  memcpy(path, rq->ui_root, rl);
  path[rl] = '/';
  memcpy(path + rl + 1, rel, fl + 1);
  /* a symlink inside ui/ may point anywhere: resolve and check the prefix again */
  if (!realpath(path, real) || strncmp(real, rq->ui_root, rl) != 0 || real[rl] != '/')
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such file", -1);
  int fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such file", -1);
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > VG_API_MAX_UI_FILE) {
    close(fd);
    return vg__api_reply_error(rq, MHD_HTTP_NOT_FOUND, "not_found", "no such file", -1);
  }
  /* MHD owns fd from here on (closed when the response is destroyed) */
  struct MHD_Response *resp = MHD_create_response_from_fd((size_t)st.st_size, fd);
  if (!resp) {
    close(fd);
    return MHD_NO;
  }
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, s_content_type(rel));
  vg__api_common_headers(rq, resp);
  MHD_add_response_header(resp, "Cache-Control", "no-cache");
  /* the UI loads nothing from elsewhere: say so to the browser */
  MHD_add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  rq->status = MHD_HTTP_OK;
  enum MHD_Result r = MHD_queue_response(rq->conn, MHD_HTTP_OK, resp);
  MHD_destroy_response(resp);
  return r;
}
