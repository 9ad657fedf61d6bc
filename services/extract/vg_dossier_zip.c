/* vg_dossier_zip.c: DOCX and ODT reader: libarchive reads the zip from memory (bounded,
 * path-traversal names refused), libxml2's xmlReader streams word/document.xml or
 * content.xml into lines (one per paragraph, heading or table cell).
 * Not for: headers/footers/footnotes parts, comments, tracked deletions, embedded
 * objects, legacy .doc, spreadsheets or presentations (VG_E_UNSUPPORTED). */
#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#include "vg_dossier.h"
#include "vg_dossier_int.h"

#define S_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define S_NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define S_ODT_MIME "application/vnd.oasis.opendocument.text"
#define S_MAX_MIMETYPE 256

typedef struct {
  char *p;
  size_t n, cap;
  int seen;
} s_part_t;

/* 1 when an entry name could escape an extraction directory. */
static int s_bad_name(const char *nm) {
  if (!nm || !*nm) return 1;
  if (nm[0] == '/' || nm[0] == '\\') return 1;
  if (((nm[0] >= 'A' && nm[0] <= 'Z') || (nm[0] >= 'a' && nm[0] <= 'z')) && nm[1] == ':')
    return 1;
  const char *s = nm;
  while (*s) {
    size_t k = strcspn(s, "/\\");
    if (k == 2 && s[0] == '.' && s[1] == '.') return 1;
    s += k;
    if (*s) s++;
  }
  return 0;
}

/* Reads the current entry's data into part, charging *budget. */
static int s_read_part(struct archive *a, s_part_t *part, size_t *budget, size_t cap) {
  char chunk[16384];
  part->seen = 1;
  for (;;) {
    la_ssize_t r = archive_read_data(a, chunk, sizeof chunk);
    if (r == 0) return VG_OK;
    if (r < 0) return VG_E_INPUT;
    size_t n = (size_t)r;
    if (n > *budget || n > cap - part->n) return VG_E_TOO_BIG;
    *budget -= n;
    if (part->n + n + 1 > part->cap) {
      size_t c = part->cap ? part->cap : 65536;
      while (c < part->n + n + 1) c *= 2;
      char *p = realloc(part->p, c);
      if (!p) return VG_E_NOMEM;
      part->p = p;
      part->cap = c;
    }
    memcpy(part->p + part->n, chunk, n);
    part->n += n;
    part->p[part->n] = '\0';
  }
}

static void s_xml_quiet(void *arg, const char *msg, xmlParserSeverities sev,
                        xmlTextReaderLocatorPtr loc) {
  (void)arg; (void)msg; (void)sev; (void)loc; /* errors surface as a failed read */
}

static int s_is(const xmlChar *ns, const xmlChar *local, const char *want_ns,
                const char *want) {
  return ns && local && !strcmp((const char *)ns, want_ns) &&
         !strcmp((const char *)local, want);
}

/* 1 when the part declares a DTD or entities before its root element (a byte scan, so an
 * entity bomb is named FORBIDDEN before libxml2 ever refuses it as malformed). */
static int s_has_dtd(const s_part_t *part) {
  const char *p = part->p, *end = part->p + part->n;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL && end - p >= 8) {
    if (p[1] != '?' && p[1] != '!') return 0; /* the root element: no DTD can follow */
    if (memcmp(p, "<!DOCTYPE", (size_t)(end - p) >= 9 ? 9 : 8) == 0 || memcmp(p, "<!ENTITY", 8) == 0)
      return 1;
    p++;
  }
  return 0;
}

/* Streams the main XML part into l. odt selects the vocabulary. */
static int s_parse_xml(const s_part_t *part, int odt, vg__lines_t *l) {
  if (s_has_dtd(part)) return VG_E_FORBIDDEN;
  xmlTextReaderPtr r = xmlReaderForMemory(part->p, (int)part->n, NULL, NULL, XML_PARSE_NONET);
  if (!r) return VG_E_NOMEM;
  xmlTextReaderSetErrorHandler(r, s_xml_quiet, NULL);
  int st = VG_OK, rc, in_text = 0, skip_depth = -1;
  while ((rc = xmlTextReaderRead(r)) == 1 && !l->st) {
    int type = xmlTextReaderNodeType(r);
    int depth = xmlTextReaderDepth(r);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      st = VG_E_FORBIDDEN;
      break;
    }
    if (skip_depth >= 0) { /* inside an ignored subtree */
      if (type == XML_READER_TYPE_END_ELEMENT && depth == skip_depth) skip_depth = -1;
      continue;
    }
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
    const xmlChar *ln = xmlTextReaderConstLocalName(r);
    if (type == XML_READER_TYPE_ELEMENT) {
      int empty = xmlTextReaderIsEmptyElement(r);
      if (!odt) {
        if (s_is(ns, ln, S_NS_W, "t")) in_text = !empty;
        else if (s_is(ns, ln, S_NS_W, "tab")) vg__lines_text(l, " ", 1);
        else if (s_is(ns, ln, S_NS_W, "br") || s_is(ns, ln, S_NS_W, "cr")) vg__lines_end(l);
        else if (s_is(ns, ln, S_NS_W, "p") && empty) vg__lines_end(l);
      } else {
        if (s_is(ns, ln, S_NS_TEXT, "p") || s_is(ns, ln, S_NS_TEXT, "h")) {
          if (empty) vg__lines_end(l);
          else in_text++;
        } else if (s_is(ns, ln, S_NS_TEXT, "s") || s_is(ns, ln, S_NS_TEXT, "tab")) {
          vg__lines_text(l, " ", 1);
        } else if (s_is(ns, ln, S_NS_TEXT, "line-break")) {
          vg__lines_end(l);
        } else if (!empty && (s_is(ns, ln, S_NS_OFFICE, "annotation") ||
                              s_is(ns, ln, S_NS_TEXT, "tracked-changes") ||
                              s_is(ns, ln, S_NS_TEXT, "note"))) {
          skip_depth = depth; /* comments, deletions, footnotes are not body text */
        }
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (!odt) {
        if (s_is(ns, ln, S_NS_W, "t")) in_text = 0;
        else if (s_is(ns, ln, S_NS_W, "p") || s_is(ns, ln, S_NS_W, "tc")) vg__lines_end(l);
      } else {
        if (s_is(ns, ln, S_NS_TEXT, "p") || s_is(ns, ln, S_NS_TEXT, "h")) {
          if (in_text > 0) in_text--;
          vg__lines_end(l);
        } else if (s_is(ns, ln, "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
                        "table-cell")) {
          vg__lines_end(l);
        }
      }
    } else if (in_text && (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)) {
      const xmlChar *v = xmlTextReaderConstValue(r);
      if (v) vg__lines_text(l, (const char *)v, strlen((const char *)v));
    }
  }
  if (!st && rc < 0) st = VG_E_INPUT;
  if (!st && l->st) st = l->st;
  xmlFreeTextReader(r);
  return st;
}

int vg__extract_zip(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err) {
  struct archive *a = archive_read_new();
  if (!a) return vg_err_set(err, VG_E_NOMEM, "cannot read '%s': out of memory", name);
  archive_read_support_format_zip(a);
  s_part_t docx = {0}, odt = {0}, mime = {0};
  size_t budget = VG_DOSSIER_MAX_UNZIP, entries = 0;
  int st = VG_OK;
  const char *why = "not a zip archive";
  if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
    st = VG_E_INPUT;
  } else {
    struct archive_entry *e;
    for (;;) {
      int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) break;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
        st = VG_E_INPUT;
        why = "corrupt zip archive";
        break;
      }
      if (++entries > VG_DOSSIER_MAX_ENTRIES) {
        st = VG_E_TOO_BIG;
        why = "too many zip entries";
        break;
      }
      const char *en = archive_entry_pathname(e);
      if (s_bad_name(en)) {
        st = VG_E_FORBIDDEN;
        why = "zip entry name escapes the archive";
        break;
      }
      s_part_t *part = NULL;
      size_t cap = VG_DOSSIER_MAX_UNZIP;
      if (!strcmp(en, "word/document.xml") && !docx.seen) part = &docx;
      else if (!strcmp(en, "content.xml") && !odt.seen) part = &odt;
      else if (!strcmp(en, "mimetype") && !mime.seen) { part = &mime; cap = S_MAX_MIMETYPE; }
      if (part) {
        st = s_read_part(a, part, &budget, cap);
        if (st) {
          why = st == VG_E_TOO_BIG ? "zip entry inflates past the limit"
                                   : "corrupt zip entry";
          break;
        }
      }
    }
  }
  archive_read_free(a);
  vg__lines_t l;
  vg__lines_init(&l, VG_DOSSIER_MAX_TEXT);
  const char *format = NULL;
  if (!st) {
    int is_odt = !docx.seen && odt.seen && mime.seen && mime.n == strlen(S_ODT_MIME) &&
                 !memcmp(mime.p, S_ODT_MIME, mime.n);
    if (docx.seen || is_odt) {
      format = docx.seen ? "docx" : "odt";
      const s_part_t *part = docx.seen ? &docx : &odt;
      st = part->n ? s_parse_xml(part, is_odt, &l) : VG_E_INPUT;
      why = st == VG_E_FORBIDDEN ? "DTD in the XML part" : "malformed XML part";
      if (!st) st = vg__lines_flush(&l, doc, "body");
      if (st == VG_E_TOO_BIG) why = "text over the limit";
    } else {
      st = VG_E_UNSUPPORTED;
      why = "zip is neither a DOCX nor an ODT text document";
    }
  }
  vg__lines_free(&l);
  free(docx.p);
  free(odt.p);
  free(mime.p);
  if (st) return vg_err_set(err, st, "cannot read '%s': %s", name, why);
  return vg_doc_set(&doc->format, format);
}
