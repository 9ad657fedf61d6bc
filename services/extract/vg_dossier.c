/* vg_dossier.c: format detection, the plain-text reader (UTF-8 or Windows-1252), the
 * line builder shared by every reader, and page lookup.
 * Not for: the PDF, zip (DOCX/ODT) and HTML readers (vg_dossier_pdf.c, _zip.c, _html.c). */
#include "vg_dossier.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vg_dossier_int.h"

/* ---- line builder ---------------------------------------------------------------- */

void vg__lines_init(vg__lines_t *l, size_t limit) {
  memset(l, 0, sizeof *l);
  l->limit = limit;
}

void vg__lines_free(vg__lines_t *l) {
  free(l->p);
  memset(l, 0, sizeof *l);
}

static int s_put(vg__lines_t *l, const char *s, size_t len) {
  if (l->st) return l->st;
  if (len > l->limit - l->n) return l->st = VG_E_TOO_BIG;
  if (l->n + len + 1 > l->cap) {
    size_t cap = l->cap ? l->cap : 4096;
    while (cap < l->n + len + 1) cap *= 2;
    char *p = realloc(l->p, cap);
    if (!p) return l->st = VG_E_NOMEM;
    l->p = p;
    l->cap = cap;
  }
  memcpy(l->p + l->n, s, len);
  l->n += len;
  l->p[l->n] = '\0';
  return VG_OK;
}

void vg__lines_end(vg__lines_t *l) {
  l->pend = 0;
  if (l->n > l->line && !s_put(l, "\n", 1)) l->line = l->n;
}

/* Length of the longest strict UTF-8 prefix of s[0,len): no overlong forms, no surrogates,
 * nothing past U+10FFFF. */
static size_t s_utf8_prefix(const unsigned char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    unsigned min, cp;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1; min = 0x80; cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2; min = 0x800; cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3; min = 0x10000; cp = c & 0x07;
    } else {
      return i;
    }
    if (len - i <= n) return i;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n + 1;
  }
  return len;
}

static int s_utf8_valid(const unsigned char *s, size_t len) { return s_utf8_prefix(s, len) == len; }

void vg__lines_text(vg__lines_t *l, const char *s, size_t len) {
  size_t i = 0;
  while (i < len && !l->st) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') {
      vg__lines_end(l);
      i++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      if (l->n > l->line) l->pend = 1;
      i++;
      continue;
    }
    if (c < 0x20 || c == 0x7f) { /* control bytes never reach the model */
      i++;
      continue;
    }
    /* copy a run of ordinary bytes in one go */
    size_t j = i;
    while (j < len) {
      unsigned char d = (unsigned char)s[j];
      if (d <= 0x20 || d == 0x7f) break;
      j++;
    }
    if (l->pend) {
      l->pend = 0;
      if (s_put(l, " ", 1)) return;
    }
    /* a reader may hand over bytes that are not UTF-8 (libxml2's HTML parser passes an
     * undecodable byte through): each bad byte becomes U+FFFD, so the text stays valid */
    while (i < j) {
      size_t ok = s_utf8_prefix((const unsigned char *)s + i, j - i);
      if (ok && s_put(l, s + i, ok)) return;
      i += ok;
      if (i < j) {
        if (s_put(l, "\xEF\xBF\xBD", 3)) return;
        i++;
      }
    }
  }
}

int vg__lines_flush(vg__lines_t *l, vg_doc_t *doc, const char *field) {
  vg__lines_end(l);
  if (l->st) return l->st;
  size_t n = l->n;
  if (n && l->p[n - 1] == '\n') n--;
  long r = vg_doc_add_section(doc, field, NULL, NULL, l->p ? l->p : "", n);
  l->n = l->line = 0;
  l->pend = 0;
  if (l->p) l->p[0] = '\0';
  return r < 0 ? (int)r : VG_OK;
}

/* Windows-1252 0x80-0x9F; 0 marks the five undefined bytes (mapped to U+FFFD). */
static const uint16_t s_cp1252[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void vg__lines_cp1252(vg__lines_t *l, const char *s, size_t len) {
  char out[256];
  size_t o = 0;
  for (size_t i = 0; i < len && !l->st; i++) {
    unsigned c = (unsigned char)s[i];
    if (c >= 0x80 && c <= 0x9f) c = s_cp1252[c - 0x80] ? s_cp1252[c - 0x80] : 0xFFFD;
    if (c < 0x80) {
      out[o++] = (char)c;
    } else if (c < 0x800) {
      out[o++] = (char)(0xC0 | (c >> 6));
      out[o++] = (char)(0x80 | (c & 0x3F));
    } else {
      out[o++] = (char)(0xE0 | (c >> 12));
      out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
      out[o++] = (char)(0x80 | (c & 0x3F));
    }
    if (o > sizeof out - 4) {
      vg__lines_text(l, out, o);
      o = 0;
    }
  }
  if (o) vg__lines_text(l, out, o);
}

/* ---- detection ------------------------------------------------------------------- */

static int s_ends_with(const char *name, const char *ext) {
  if (!name) return 0;
  size_t n = strlen(name), e = strlen(ext);
  if (n < e) return 0;
  for (size_t i = 0; i < e; i++) {
    char c = name[n - e + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != ext[i]) return 0;
  }
  return 1;
}

/* Case-insensitive search for needle in the first window bytes of buf. */
static int s_sniff(const char *buf, size_t len, const char *needle, size_t window) {
  size_t nl = strlen(needle);
  if (len > window) len = window;
  for (size_t i = 0; i + nl <= len; i++) {
    size_t k = 0;
    while (k < nl) {
      char c = buf[i + k];
      if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
      if (c != needle[k]) break;
      k++;
    }
    if (k == nl) return 1;
  }
  return 0;
}

static int s_is_html(const char *buf, size_t len) {
  size_t i = 0;
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
  if (i >= len || buf[i] != '<') return 0;
  return s_sniff(buf + i, len - i, "<!doctype html", 1024) ||
         s_sniff(buf + i, len - i, "<html", 1024);
}

static int s_extract_text(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                          vg_err_t *err) {
  if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
    buf += 3;
    len -= 3;
  }
  if (memchr(buf, '\0', len))
    return vg_err_set(err, VG_E_UNSUPPORTED, "cannot read '%s': binary content",
                      name ? name : "-");
  vg__lines_t l;
  vg__lines_init(&l, VG_DOSSIER_MAX_TEXT);
  if (s_utf8_valid((const unsigned char *)buf, len))
    vg__lines_text(&l, buf, len);
  else
    vg__lines_cp1252(&l, buf, len);
  int st = l.n ? vg__lines_flush(&l, doc, "body") : (l.st ? l.st : VG_E_EMPTY);
  vg__lines_free(&l);
  if (st)
    return vg_err_set(err, st, "cannot read '%s': %s", name ? name : "-", vg_status_str(st));
  return vg_doc_set(&doc->format, "text");
}

int vg_dossier_extract(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                       vg_err_t *err) {
  const char *nm = name ? name : "-";
  if (!buf || !len) return vg_err_set(err, VG_E_EMPTY, "'%s' is empty", nm);
  if (len > VG_DOSSIER_MAX_INPUT)
    return vg_err_set(err, VG_E_TOO_BIG, "'%s' is over %u bytes", nm, VG_DOSSIER_MAX_INPUT);
  size_t before = doc->nsections;
  int st;
  if (len >= 5 && !memcmp(buf, "%PDF-", 5)) {
    st = vg__extract_pdf(buf, len, nm, doc, err);
  } else if (len >= 4 && !memcmp(buf, "PK\x03\x04", 4)) {
    st = vg__extract_zip(buf, len, nm, doc, err);
  } else if (s_ends_with(name, ".docx") || s_ends_with(name, ".odt")) {
    return vg_err_set(err, VG_E_INPUT, "cannot read '%s': not a zip archive", nm);
  } else if (len >= 5 && !memcmp(buf, "%PDF", 4)) {
    st = vg_err_set(err, VG_E_INPUT, "cannot read '%s': bad PDF header", nm);
  } else if (s_is_html(buf, len)) {
    st = vg__extract_html(buf, len, nm, doc, err);
  } else {
    st = s_extract_text(buf, len, nm, doc, err);
  }
  if (st) return st;
  /* every reader adds at least one section; all empty means no text at all */
  size_t chars = 0;
  for (size_t i = before; i < doc->nsections; i++)
    chars += doc->sections[i].end - doc->sections[i].start;
  if (!chars) return vg_err_set(err, VG_E_EMPTY, "'%s' holds no text", nm);
  return VG_OK;
}

int vg_dossier_page_of(const vg_doc_t *doc, size_t offset) {
  int page = 0;
  for (size_t i = 0; i < doc->nsections; i++) {
    const vg_section_t *s = &doc->sections[i];
    if (!s->field || strncmp(s->field, "page:", 5)) continue;
    long p = strtol(s->field + 5, NULL, 10);
    if (p <= 0 || p > VG_DOSSIER_MAX_PAGES) continue;
    if (offset < s->end) return (int)p;
    page = (int)p;
  }
  return page;
}
