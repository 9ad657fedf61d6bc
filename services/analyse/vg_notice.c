/* vg_notice.c: the safe XML front door of the notice parsers: size and DTD checks, a
 * libxml2 parser context with our own error handler (nothing printed to stderr), then
 * dispatch on the root element to the eForms or TED parser.
 * Not for: knowledge of notice contents (vg_eforms*.c, vg_ted.c). */
#include <limits.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "vg_notice.h"
#include "vg_parse_int.h"

/* Per-parse state reached from the libxml2 callbacks through ctxt->_private. */
typedef struct {
  int forbidden;      /* a DOCTYPE / entity declaration was seen */
  int forbidden_line;
  int code;           /* first libxml2 error code, 0 when none */
  int line;
  char msg[200];
} s_state_t;

static void s_on_error(void *user, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = user;
  s_state_t *st = ctxt ? ctxt->_private : NULL;
  if (!st || !e || e->level < XML_ERR_ERROR || st->code) return;
  st->code = e->code ? e->code : -1;
  st->line = e->line;
  const char *m = e->message ? e->message : "unknown error";
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
  if (n >= sizeof st->msg) n = sizeof st->msg - 1;
  memcpy(st->msg, m, n);
  st->msg[n] = '\0';
}

static void s_forbid(void *user) {
  xmlParserCtxtPtr ctxt = user;
  s_state_t *st = ctxt->_private;
  if (!st->forbidden) {
    st->forbidden = 1;
    st->forbidden_line = xmlSAX2GetLineNumber(ctxt);
  }
  xmlStopParser(ctxt);
}

static void s_on_subset(void *user, const xmlChar *name, const xmlChar *eid,
                        const xmlChar *sid) {
  (void)name, (void)eid, (void)sid;
  s_forbid(user);
}

static void s_on_entity(void *user, const xmlChar *name, int type, const xmlChar *pid,
                        const xmlChar *sid, xmlChar *content) {
  (void)name, (void)type, (void)pid, (void)sid, (void)content;
  s_forbid(user);
}

/* Cheap pre-scan for ASCII-compatible encodings; the SAX hooks catch the rest (UTF-16). */
static int s_scan_dtd(const char *buf, size_t len, int *line) {
  const char *end = buf + len, *p = buf;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL && end - p >= 8) {
    if (p[1] == '!' && ((end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) || memcmp(p, "<!ENTITY", 8) == 0)) {
      int ln = 1;
      for (const char *q = buf; q < p; q++) ln += *q == '\n';
      *line = ln;
      return 1;
    }
    p++;
  }
  return 0;
}

static int s_status_for(int code) {
  switch (code) {
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_CHARREF:
      return VG_E_ENCODING;
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_EXT_ENTITY_STANDALONE:
      return VG_E_FORBIDDEN;
    default:
      return VG_E_INPUT;
  }
}

static int s_is_eforms_root(const xmlNode *root) {
  static const char *const roots[] = {"ContractNotice", "PriorInformationNotice",
                                      "ContractAwardNotice",
                                      "BusinessRegistrationInformationNotice"};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++)
    if (vg__is(root, roots[i])) return 1;
  /* future UBL-based root types */
  const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : "";
  size_t n = strlen(vg__name(root));
  return strncmp(ns, "urn:oasis:names:specification:ubl:schema:xsd:", 45) == 0 && n > 6 &&
         strcmp(vg__name(root) + n - 6, "Notice") == 0;
}

int vg_notice_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                    vg_err_t *err) {
  const char *nm = name ? name : "notice";
  if (!buf || len == 0) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': empty input", nm);
  if (len > VG_NOTICE_MAX_BYTES || len > INT_MAX)
    return vg_err_set(err, VG_E_TOO_BIG, "cannot parse '%s': %zu bytes, over the %zu-byte limit",
                      nm, len, VG_NOTICE_MAX_BYTES);
  size_t i = 0;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r')) i++;
  if (i == len) return vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': only blanks", nm);
  int line = 0;
  if (s_scan_dtd(buf, len, &line))
    return vg_err_set(err, VG_E_FORBIDDEN,
                      "cannot parse '%s': line %d: DOCTYPE/DTD or entity declaration refused",
                      nm, line);

  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return vg_err_set(err, VG_E_NOMEM, "cannot parse '%s': out of memory", nm);
  s_state_t st = {0};
  ctxt->_private = &st;
  ctxt->sax->serror = s_on_error;
  ctxt->sax->error = NULL;
  ctxt->sax->warning = NULL;
  ctxt->sax->internalSubset = s_on_subset;
  ctxt->sax->externalSubset = s_on_subset;
  ctxt->sax->entityDecl = s_on_entity;
  /* Never NOENT / DTDLOAD / HUGE: entities stay unresolved, depth stays bounded. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDocPtr x = xmlCtxtReadMemory(ctxt, buf, (int)len, nm, NULL, opts);
  int rc = VG_OK;
  if (st.forbidden || (x && (x->intSubset || x->extSubset))) {
    rc = vg_err_set(err, VG_E_FORBIDDEN,
                    "cannot parse '%s': line %d: DOCTYPE/DTD or entity declaration refused", nm,
                    st.forbidden_line);
  } else if (!x || !ctxt->wellFormed || st.code) {
    const xmlError *le = xmlCtxtGetLastError(ctxt);
    int code = st.code ? st.code : (le ? le->code : 0);
    int ln = st.code ? st.line : (le ? le->line : 0);
    const char *msg = st.code ? st.msg : "not well-formed XML";
    /* libxml2's own wording suggests XML_PARSE_HUGE, which we never use */
    if (strstr(msg, "Excessive depth")) msg = "elements nested too deeply (limit 256 levels)";
    rc = vg_err_set(err, code == XML_ERR_NO_MEMORY ? VG_E_NOMEM : s_status_for(code),
                    "cannot parse '%s': line %d: %s", nm, ln, msg);
  }
  xmlFreeParserCtxt(ctxt);
  if (rc != VG_OK) {
    xmlFreeDoc(x);
    return rc;
  }

  const xmlNode *root = xmlDocGetRootElement(x);
  if (!root) {
    rc = vg_err_set(err, VG_E_EMPTY, "cannot parse '%s': no root element", nm);
  } else if (vg__is(root, "TED_EXPORT")) {
    rc = vg_doc_set(&doc->format, "ted");
    if (rc == VG_OK) rc = vg__ted_parse(root, doc, err);
  } else if (s_is_eforms_root(root)) {
    rc = vg_doc_set(&doc->format, "eforms");
    if (rc == VG_OK) rc = vg__eforms_parse(root, doc, err);
  } else {
    rc = vg_err_set(err, VG_E_INPUT, "cannot parse '%s': unknown root element '%s'", nm,
                    vg__name(root));
  }
  xmlFreeDoc(x);
  if (rc == VG_E_NOMEM) vg_err_set(err, rc, "cannot parse '%s': out of memory", nm);
  return rc;
}
