/* vg_cli_archive.c: streaming reader of TED packages and zip dossiers (see vg_cli_archive.h).
 * Not for: submission, nested archive expansion. */
#include "vg_cli_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define VG_ARCHIVE_BLOCK 16384      /* read size: small, so compressed-byte counts are precise */
#define VG_ARCHIVE_CHUNK 65536      /* inflated bytes read per call */
#define VG_ARCHIVE_MIMETYPE_MAX 128 /* bytes of an ODF mimetype member looked at */

static int s_ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

vg_archive_kind_t vg_archive_kind_of(const char *path) {
  static const char *const tars[] = {".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz"};
  for (size_t i = 0; i < sizeof tars / sizeof *tars; i++)
    if (s_ends_with(path, tars[i])) return VG_ARCHIVE_TAR;
  return s_ends_with(path, ".zip") ? VG_ARCHIVE_ZIP : VG_ARCHIVE_NONE;
}

const char *vg_archive_kind_str(vg_archive_kind_t k) {
  return k == VG_ARCHIVE_TAR ? "tar" : k == VG_ARCHIVE_ZIP ? "zip" : "";
}

static struct archive *s_open(const char *path, vg_archive_kind_t kind, vg_err_t *err) {
  struct archive *a = archive_read_new();
  if (!a) {
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  if (kind == VG_ARCHIVE_TAR) {
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_xz(a);
    archive_read_support_format_tar(a);
  } else {
    archive_read_support_format_zip(a);
  }
  if (archive_read_open_filename(a, path, VG_ARCHIVE_BLOCK) != ARCHIVE_OK) {
    vg_err_set(err, VG_E_INPUT, "cannot open the %s archive: %s", vg_archive_kind_str(kind),
               archive_error_string(a));
    archive_read_free(a);
    return NULL;
  }
  return a;
}

int vg_archive_is_document(const char *path, int *is_document, vg_err_t *err) {
  *is_document = 0;
  struct archive *a = s_open(path, VG_ARCHIVE_ZIP, err);
  if (!a) return VG_E_INPUT;
  struct archive_entry *e;
  int r;
  while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    if (!name) continue;
    if (strcmp(name, "[Content_Types].xml") == 0) {
      *is_document = 1;
      break;
    }
    if (strcmp(name, "mimetype") == 0) {
      char mt[VG_ARCHIVE_MIMETYPE_MAX + 1];
      la_ssize_t n = archive_read_data(a, mt, VG_ARCHIVE_MIMETYPE_MAX);
      static const char odf[] = "application/vnd.oasis.opendocument.";
      if (n >= (la_ssize_t)(sizeof odf - 1) && memcmp(mt, odf, sizeof odf - 1) == 0) {
        *is_document = 1;
        break;
      }
    }
  }
  int rc = VG_OK;
  if (r != ARCHIVE_OK && r != ARCHIVE_EOF)
    rc = vg_err_set(err, VG_E_INPUT, "unreadable zip: %s", archive_error_string(a));
  archive_read_free(a);
  return rc;
}

/* A member path that would land outside a folder it were extracted to. Zips made on Windows
 * use backslashes, so both separators count. */
static int s_unsafe_path(const char *p) {
  if (p[0] == '/' || p[0] == '\\') return 1;
  if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':') return 1;
  const char *s = p;
  for (;;) {
    size_t n = strcspn(s, "/\\");
    if (n == 2 && s[0] == '.' && s[1] == '.') return 1;
    if (!s[n]) return 0;
    s += n + 1;
  }
}

/* NULL when the member is a document to read, else why it is skipped. */
static const char *s_skip_reason(const char *name, vg_archive_kind_t kind) {
  const char *base = strrchr(name, '/');
  base = base ? base + 1 : name;
  if (base[0] == '.' || strncmp(name, "__MACOSX/", 9) == 0) return "hidden or system file";
  /* TED packages hold notices; dossiers hold the tender documents. */
  static const char *const tar_ext[] = {".xml", ".json"};
  static const char *const zip_ext[] = {".pdf", ".docx", ".odt", ".html", ".htm", ".txt", ".xml",
                                        ".json", ".zip"};
  const char *const *ext = kind == VG_ARCHIVE_TAR ? tar_ext : zip_ext;
  size_t n = kind == VG_ARCHIVE_TAR ? sizeof tar_ext / sizeof *tar_ext : sizeof zip_ext / sizeof *zip_ext;
  for (size_t i = 0; i < n; i++)
    if (s_ends_with(base, ext[i])) return NULL;
  if (vg_archive_kind_of(base) != VG_ARCHIVE_NONE || s_ends_with(base, ".gz"))
    return "nested archive not expanded";
  return "format not read in this container";
}

typedef struct {
  char *buf;
  size_t len, cap;
  size_t total;          /* inflated bytes of the whole archive so far */
  char why[256];
  int status;
  int fatal;             /* the archive cannot be read past this member */
} s_reader_t;

/* Reads the current member whole into r->buf. VG_OK, or the refusal status with r->why;
 * VG_E_TOO_BIG with r->fatal when the archive total is exceeded. */
static int s_read_member(struct archive *a, const vg_archive_limits_t *lim, s_reader_t *r) {
  r->len = 0;
  r->fatal = 0;
  la_int64_t c0 = archive_filter_bytes(a, -1);
  for (;;) {
    if (r->cap - r->len < VG_ARCHIVE_CHUNK) {
      size_t nc = r->cap ? r->cap * 2 : 4 * VG_ARCHIVE_CHUNK;
      char *p = realloc(r->buf, nc);
      if (!p) {
        snprintf(r->why, sizeof r->why, "out of memory");
        r->fatal = 1;
        return r->status = VG_E_NOMEM;
      }
      r->buf = p;
      r->cap = nc;
    }
    la_ssize_t n = archive_read_data(a, r->buf + r->len, VG_ARCHIVE_CHUNK);
    if (n == 0) return r->status = VG_OK;
    if (n < 0) {
      r->fatal = n == ARCHIVE_FATAL;
      snprintf(r->why, sizeof r->why, "%s: %s", r->fatal ? "corrupt or truncated archive" : "unreadable member",
               archive_error_string(a) ? archive_error_string(a) : "read error");
      return r->status = VG_E_INPUT;
    }
    r->len += (size_t)n;
    r->total += (size_t)n;
    if (r->total > lim->max_total) {
      snprintf(r->why, sizeof r->why, "archive inflates to more than %zu MiB in total", lim->max_total >> 20);
      r->fatal = 1;
      return r->status = VG_E_TOO_BIG;
    }
    if (r->len > lim->max_member) {
      snprintf(r->why, sizeof r->why, "member inflates to more than the %zu MiB document limit", lim->max_member >> 20);
      return r->status = VG_E_TOO_BIG;
    }
    if (r->len > lim->ratio_floor) {
      /* Compressed bytes read for this member so far (to the read block). A bomb is refused
       * as soon as it shows, before it is inflated any further. */
      la_int64_t c = archive_filter_bytes(a, -1) - c0;
      if (c <= 0 || r->len / (size_t)c > lim->max_ratio) {
        snprintf(r->why, sizeof r->why,
                 "compression ratio over %zu:1 past %zu MiB (zip bomb?); refused", lim->max_ratio,
                 lim->ratio_floor >> 20);
        return r->status = VG_E_TOO_BIG;
      }
    }
  }
}

int vg_archive_each(const char *path, vg_archive_kind_t kind, const vg_archive_limits_t *lim,
                    vg_member_fn fn, void *arg, vg_err_t *err) {
  struct archive *a = s_open(path, kind, err);
  if (!a) return VG_E_INPUT;
  s_reader_t r = {0};
  struct archive_entry *e;
  size_t entries = 0, regular = 0;
  int rc = VG_OK, hr;
  while ((hr = archive_read_next_header(a, &e)) == ARCHIVE_OK || hr == ARCHIVE_WARN) {
    if (++entries > lim->max_members) {
      rc = vg_err_set(err, VG_E_TOO_BIG, "more than %zu members; archive refused", lim->max_members);
      break;
    }
    const char *name = archive_entry_pathname(e);
    vg_member_t m = {.member = name ? name : "?"};
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;
    if (type == AE_IFREG) regular++;
    if (!name) {
      m.kind = VG_MEMBER_REFUSED;
      m.status = VG_E_INPUT;
      m.reason = "member name unreadable";
    } else if (s_unsafe_path(name)) {
      m.kind = VG_MEMBER_REFUSED;
      m.status = VG_E_FORBIDDEN;
      m.reason = "path escapes the archive (absolute or '..'); refused";
    } else if (type != AE_IFREG) {
      m.kind = VG_MEMBER_SKIPPED;
      m.reason = "not a regular file";
    } else if ((m.reason = s_skip_reason(name, kind))) {
      m.kind = VG_MEMBER_SKIPPED;
    } else if (archive_entry_is_encrypted(e)) {
      m.kind = VG_MEMBER_REFUSED;
      m.status = VG_E_INPUT;
      m.reason = "encrypted member; refused";
    } else if (archive_entry_size_is_set(e) && archive_entry_size(e) > (la_int64_t)lim->max_member) {
      m.kind = VG_MEMBER_REFUSED;
      m.status = VG_E_TOO_BIG;
      m.reason = "member is over the document size limit";
    } else if (s_read_member(a, lim, &r) != VG_OK) {
      m.kind = VG_MEMBER_REFUSED;
      m.status = r.status;
      m.reason = r.why;
    } else {
      m.kind = VG_MEMBER_DOCUMENT;
      m.data = r.buf;
      m.len = r.len;
    }
    if (m.kind == VG_MEMBER_REFUSED && r.fatal && r.status == VG_E_TOO_BIG) {
      rc = vg_err_set(err, VG_E_TOO_BIG, "%s", r.why); /* the total: the archive as a whole */
      break;
    }
    if ((rc = fn(arg, &m)) != VG_OK) break;
    if (m.kind == VG_MEMBER_REFUSED && r.fatal) break;
  }
  if (rc == VG_OK && !r.fatal) {
    if (hr != ARCHIVE_EOF && hr != ARCHIVE_OK && hr != ARCHIVE_WARN)
      rc = vg_err_set(err, VG_E_INPUT, "not a readable %s archive (corrupt or truncated): %s",
                      vg_archive_kind_str(kind), archive_error_string(a));
    else if (regular == 0)
      rc = vg_err_set(err, VG_E_INPUT, "empty archive (no file in it)");
  }
  free(r.buf);
  archive_read_free(a);
  return rc;
}
