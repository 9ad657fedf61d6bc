/* vg_parse_util.c: tree walking, text normalisation, code tables and field records shared
 * by the eForms and TED parsers.
 * Not for: format knowledge (which element means what lives in vg_eforms*.c / vg_ted.c). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "vg_parse_int.h"

void vg__buf_free(vg__buf_t *b) {
  free(b->p);
  memset(b, 0, sizeof *b);
}

void vg__buf_raw(vg__buf_t *b, const char *s, size_t n) {
  if (b->err) return;
  if (b->n + n + 1 > VG__MAX_FIELD_TEXT) {
    b->err = VG_E_TOO_BIG;
    return;
  }
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
      b->err = VG_E_NOMEM;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static int s_blank(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void vg__buf_norm(vg__buf_t *b, const char *s) {
  const char *p = s;
  while (*p && s_blank((unsigned char)*p)) p++;
  while (*p) {
    const char *q = p;
    while (*q && !s_blank((unsigned char)*q)) q++;
    vg__buf_raw(b, p, (size_t)(q - p));
    int nl = 0;
    const char *r = q;
    while (*r && s_blank((unsigned char)*r)) nl += *r++ == '\n';
    if (!*r) break;
    vg__buf_raw(b, nl >= 2 ? "\n" : " ", 1);
    p = r;
  }
}

const char *vg__name(const xmlNode *n) {
  return n && n->type == XML_ELEMENT_NODE && n->name ? (const char *)n->name : "";
}

int vg__is(const xmlNode *n, const char *local) { return strcmp(vg__name(n), local) == 0; }

const xmlNode *vg__next(const xmlNode *prev, const char *local) {
  for (const xmlNode *c = prev ? prev->next : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!local || vg__is(c, local))) return c;
  return NULL;
}

const xmlNode *vg__child(const xmlNode *n, const char *local) {
  if (!n) return NULL;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!local || vg__is(c, local))) return c;
  return NULL;
}

const xmlNode *vg__path(const xmlNode *n, const char *path) {
  char step[128];
  while (n && *path) {
    const char *slash = strchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : strlen(path);
    if (len >= sizeof step) return NULL;
    memcpy(step, path, len);
    step[len] = '\0';
    n = vg__child(n, step);
    path += len + (slash ? 1 : 0);
  }
  return n;
}

const xmlNode *vg__desc(const xmlNode *n, const char *local) {
  if (!n) return NULL;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (vg__is(c, local)) return c;
    const xmlNode *d = vg__desc(c, local);
    if (d) return d;
  }
  return NULL;
}

const xmlNode *vg__child_attr(const xmlNode *n, const char *local, const char *attr,
                              const char *val) {
  for (const xmlNode *c = vg__child(n, local); c; c = vg__next(c, local)) {
    char *v = vg__attr(c, attr);
    int eq = v && strcmp(v, val) == 0;
    free(v);
    if (eq) return c;
  }
  return NULL;
}

char *vg__text(const xmlNode *n) {
  if (!n) return NULL;
  xmlChar *raw = xmlNodeGetContent(n);
  if (!raw) return NULL;
  vg__buf_t b = {0};
  vg__buf_norm(&b, (const char *)raw);
  xmlFree(raw);
  if (b.err || b.n == 0) {
    vg__buf_free(&b);
    return NULL;
  }
  return b.p;
}

char *vg__ptext(const xmlNode *n, const char *path) { return vg__text(vg__path(n, path)); }

char *vg__attr(const xmlNode *n, const char *name) {
  if (!n || n->type != XML_ELEMENT_NODE) return NULL;
  xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = strdup((const char *)v);
  xmlFree(v);
  return s;
}

/* The 24 official EU languages: ISO 639-2/B (as eForms writes them), then ISO 639-1. */
static const char *const s_langs[][2] = {
    {"BUL", "bg"}, {"CES", "cs"}, {"DAN", "da"}, {"DEU", "de"}, {"ELL", "el"}, {"ENG", "en"},
    {"EST", "et"}, {"FIN", "fi"}, {"FRA", "fr"}, {"GLE", "ga"}, {"HRV", "hr"}, {"HUN", "hu"},
    {"ITA", "it"}, {"LAV", "lv"}, {"LIT", "lt"}, {"MLT", "mt"}, {"NLD", "nl"}, {"POL", "pl"},
    {"POR", "pt"}, {"RON", "ro"}, {"SLK", "sk"}, {"SLV", "sl"}, {"SPA", "es"}, {"SWE", "sv"},
    /* terminology (T) variants and a few non-EU languages seen in notices */
    {"CZE", "cs"}, {"GER", "de"}, {"GRE", "el"}, {"FRE", "fr"}, {"DUT", "nl"}, {"RUM", "ro"},
    {"SLO", "sk"}, {"NOR", "no"}, {"NOB", "nb"}, {"ISL", "is"}, {"ICE", "is"}, {"TUR", "tr"},
};

const char *vg__lang2(const char *code) {
  if (!code) return NULL;
  size_t n = strlen(code);
  if (n == 2) {
    for (size_t i = 0; i < sizeof s_langs / sizeof s_langs[0]; i++)
      if (tolower((unsigned char)code[0]) == s_langs[i][1][0] &&
          tolower((unsigned char)code[1]) == s_langs[i][1][1])
        return s_langs[i][1];
    return NULL;
  }
  if (n != 3) return NULL;
  for (size_t i = 0; i < sizeof s_langs / sizeof s_langs[0]; i++)
    if (toupper((unsigned char)code[0]) == s_langs[i][0][0] &&
        toupper((unsigned char)code[1]) == s_langs[i][0][1] &&
        toupper((unsigned char)code[2]) == s_langs[i][0][2])
      return s_langs[i][1];
  return NULL;
}

/* EU/EEA members, candidates, and the other countries most often seen in notices. */
static const char *const s_countries[][2] = {
    {"AUT", "AT"}, {"BEL", "BE"}, {"BGR", "BG"}, {"HRV", "HR"}, {"CYP", "CY"}, {"CZE", "CZ"},
    {"DNK", "DK"}, {"EST", "EE"}, {"FIN", "FI"}, {"FRA", "FR"}, {"DEU", "DE"}, {"GRC", "GR"},
    {"HUN", "HU"}, {"IRL", "IE"}, {"ITA", "IT"}, {"LVA", "LV"}, {"LTU", "LT"}, {"LUX", "LU"},
    {"MLT", "MT"}, {"NLD", "NL"}, {"POL", "PL"}, {"PRT", "PT"}, {"ROU", "RO"}, {"SVK", "SK"},
    {"SVN", "SI"}, {"ESP", "ES"}, {"SWE", "SE"}, {"ISL", "IS"}, {"LIE", "LI"}, {"NOR", "NO"},
    {"CHE", "CH"}, {"GBR", "GB"}, {"MKD", "MK"}, {"MNE", "ME"}, {"SRB", "RS"}, {"ALB", "AL"},
    {"BIH", "BA"}, {"TUR", "TR"}, {"UKR", "UA"}, {"MDA", "MD"}, {"GEO", "GE"}, {"USA", "US"},
    {"CAN", "CA"}, {"JPN", "JP"}, {"CHN", "CN"}, {"AUS", "AU"}, {"MCO", "MC"}, {"AND", "AD"},
    {"SMR", "SM"}, {"VAT", "VA"}, {"XKX", "XK"}, {"RUS", "RU"}, {"BLR", "BY"}, {"IND", "IN"},
    {"BRA", "BR"}, {"MAR", "MA"}, {"TUN", "TN"}, {"DZA", "DZ"}, {"EGY", "EG"}, {"ISR", "IL"},
    {"KOR", "KR"}, {"SGP", "SG"}, {"ZAF", "ZA"}, {"MEX", "MX"}, {"ARM", "AM"}, {"AZE", "AZ"},
};

const char *vg__country2(const char *code) {
  if (!code) return NULL;
  size_t n = strlen(code);
  if (n == 2) {
    /* TED writes UK for the United Kingdom and EL for Greece. */
    if (strcmp(code, "UK") == 0) return "GB";
    if (strcmp(code, "EL") == 0) return "GR";
    /* TED already writes alpha-2: accept any two upper-case letters (KE, ZM...) */
    return isupper((unsigned char)code[0]) && isupper((unsigned char)code[1]) ? code : NULL;
  }
  if (n != 3) return NULL;
  for (size_t i = 0; i < sizeof s_countries / sizeof s_countries[0]; i++)
    if (strcmp(code, s_countries[i][0]) == 0) return s_countries[i][1];
  return NULL;
}

static int s_digits(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i])) return 0;
  return 1;
}

int vg__date(const char *in, char out[11]) {
  if (!in) return 0;
  while (*in == ' ') in++;
  if (s_digits(in, 4) && in[4] == '-' && s_digits(in + 5, 2) && in[7] == '-' &&
      s_digits(in + 8, 2)) {
    memcpy(out, in, 10);
  } else if (s_digits(in, 8)) {
    memcpy(out, in, 4);
    out[4] = '-';
    memcpy(out + 5, in + 4, 2);
    out[7] = '-';
    memcpy(out + 8, in + 6, 2);
  } else {
    return 0;
  }
  out[10] = '\0';
  int m = (out[5] - '0') * 10 + (out[6] - '0');
  int d = (out[8] - '0') * 10 + (out[9] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int vg__time(const char *in, char out[6]) {
  if (!in) return 0;
  const char *sp = strchr(in, ' ');
  if (sp && s_digits(in, 8)) in = sp + 1;
  while (*in == ' ') in++;
  if (!(s_digits(in, 2) && in[2] == ':' && s_digits(in + 3, 2))) return 0;
  memcpy(out, in, 5);
  out[5] = '\0';
  return (in[0] - '0') * 10 + (in[1] - '0') < 24 && in[3] < '6';
}

int vg__num(const char *in, double *out) {
  if (!in || !*in) return 0;
  char *end = NULL;
  errno = 0;
  double v = strtod(in, &end);
  while (end && s_blank((unsigned char)*end)) end++;
  if (errno || !end || *end || !isfinite(v)) return 0;
  *out = v;
  return 1;
}

int vg__field(vg_doc_t *doc, const char *key, json_t *v) {
  if (!v) return VG_E_NOMEM;
  if (json_object_get(doc->fields, key)) {
    json_decref(v);
    return VG_OK;
  }
  return json_object_set_new(doc->fields, key, v) ? VG_E_NOMEM : VG_OK;
}

int vg__lot_field(vg_doc_t *doc, const char *key, const char *lot, json_t *v) {
  if (!v) return VG_E_NOMEM;
  char name[96];
  snprintf(name, sizeof name, "lots_%s", key);
  json_t *arr = json_object_get(doc->fields, name);
  if (!arr) {
    arr = json_array();
    if (!arr || json_object_set_new(doc->fields, name, arr)) {
      json_decref(v);
      return VG_E_NOMEM;
    }
  }
  json_t *rec = json_pack("{s:s?,s:O}", "lot", lot, "value", v);
  if (!rec || json_array_append_new(arr, rec)) {
    json_decref(v);
    return VG_E_NOMEM;
  }
  return vg__field(doc, key, v);
}

int vg__section(vg_doc_t *doc, const char *field, const char *lang, const char *lot,
                const char *text) {
  if (!text || !*text) return VG_OK;
  long r = vg_doc_add_section(doc, field, lang, lot, text, strlen(text));
  return r < 0 ? (int)r : VG_OK;
}

int vg__cpv(vg_strv_t *sv, const char *code) {
  if (!code || !s_digits(code, 8)) return VG_OK;
  char c[9];
  memcpy(c, code, 8);
  c[8] = '\0';
  if (vg_strv_has(sv, c)) return VG_OK;
  return vg_strv_push(sv, c);
}

char *vg__text_lang(const xmlNode *parent, const char *local, const char *lang2) {
  const xmlNode *first = vg__child(parent, local);
  for (const xmlNode *c = first; c && lang2; c = vg__next(c, local)) {
    char *id = vg__attr(c, "languageID");
    const char *l = vg__lang2(id);
    free(id);
    if (l && strcmp(l, lang2) == 0) return vg__text(c);
  }
  return vg__text(first);
}

/* ---- safe XML reading for the data formats (DECP, the splitter) ---- */

static int s_scan_dtd(const char *buf, size_t len, int *line) {
  const char *end = buf + len, *p = buf;
  while ((p = memchr(p, '<', (size_t)(end - p))) != NULL && end - p >= 8) {
    if (p[1] == '!' &&
        ((end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) || memcmp(p, "<!ENTITY", 8) == 0)) {
      int ln = 1;
      for (const char *q = buf; q < p; q++) ln += *q == '\n';
      *line = ln;
      return 1;
    }
    p++;
  }
  return 0;
}

int vg__xml_read(const char *buf, size_t len, const char *nm, xmlDocPtr *out, vg_err_t *err) {
  int line = 0;
  *out = NULL;
  if (len > INT_MAX)
    return vg_err_set(err, VG_E_TOO_BIG, "cannot parse '%s': %zu bytes, too large", nm, len);
  if (s_scan_dtd(buf, len, &line))
    return vg_err_set(err, VG_E_FORBIDDEN,
                      "cannot parse '%s': line %d: DOCTYPE/DTD or entity declaration refused",
                      nm, line);
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return vg_err_set(err, VG_E_NOMEM, "cannot parse '%s': out of memory", nm);
  /* never NOENT / DTDLOAD / HUGE */
  int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  xmlDocPtr x = xmlCtxtReadMemory(ctxt, buf, (int)len, nm, NULL, opts);
  int rc = VG_OK;
  if (x && (x->intSubset || x->extSubset)) {
    rc = vg_err_set(err, VG_E_FORBIDDEN, "cannot parse '%s': DOCTYPE/DTD refused", nm);
  } else if (!x || !ctxt->wellFormed) {
    const xmlError *le = xmlCtxtGetLastError(ctxt);
    int code = le ? le->code : 0;
    const char *m = le && le->message ? le->message : "not well-formed XML\n";
    int st = code == XML_ERR_INVALID_ENCODING || code == XML_ERR_INVALID_CHAR ||
                     code == XML_ERR_UNSUPPORTED_ENCODING || code == XML_ERR_UNKNOWN_ENCODING
                 ? VG_E_ENCODING
             : code == XML_ERR_NO_MEMORY ? VG_E_NOMEM
                                         : VG_E_INPUT;
    rc = vg_err_set(err, st, "cannot parse '%s': line %d: %.*s", nm, le ? le->line : 0,
                    (int)strcspn(m, "\n"), m);
  }
  xmlFreeParserCtxt(ctxt);
  if (rc != VG_OK) {
    xmlFreeDoc(x);
    return rc;
  }
  *out = x;
  return VG_OK;
}

static json_t *s_x2j(const xmlNode *n, int depth) {
  int has_child = 0;
  for (const xmlNode *c = n->children; c; c = c->next) has_child |= c->type == XML_ELEMENT_NODE;
  if (!has_child || depth > 64) {
    char *t = vg__text(n);
    json_t *s = json_string(t ? t : "");
    free(t);
    return s;
  }
  json_t *o = json_object();
  if (!o) return NULL;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    json_t *v = s_x2j(c, depth + 1);
    if (!v) {
      json_decref(o);
      return NULL;
    }
    const char *k = vg__name(c);
    json_t *prev = json_object_get(o, k);
    if (!prev) {
      json_object_set_new(o, k, v);
    } else if (json_is_array(prev)) { /* s_x2j never returns arrays: a repeat made it */
      json_array_append_new(prev, v);
    } else {
      json_t *a = json_array();
      json_array_append(a, prev);
      json_array_append_new(a, v);
      json_object_set_new(o, k, a);
    }
  }
  return o;
}

json_t *vg__xml_json(const xmlNode *n) { return n ? s_x2j(n, 0) : NULL; }
