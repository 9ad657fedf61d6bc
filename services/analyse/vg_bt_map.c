/* vg_bt_map.c: loads the eForms business-term table, compiles its XPaths once, and
 * evaluates them over a parsed notice (targets, scope nodes, multilingual texts).
 * Not for: the meaning of values (vg_eforms*.c) or the table's contents (eforms-fields.tsv). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "vg_bt_map.h"
#include "vg_parse_int.h"

/* An XPath made only of child steps "prefix:name" (after an optional root step, any element),
 * each with at most one predicate of the forms the SDK uses most ([@a='v'], [p:e/@a='v'],
 * [p:e/text()='v']), and an optional last "@attribute": evaluated by walking children,
 * without the XPath engine. Anything else (not(), several predicates...) goes to libxml2. */
#define S_MAX_STEPS 24
typedef struct {
  int kind;                     /* 0 none, 1 [@a='v'], 2 [p:e/@a='v'], 3 [p:e/text()='v'] */
  int ns;
  const char *local, *attr, *val;
} s_pred_t;

typedef struct {
  int ok, from_root;
  size_t n;
  int ns[S_MAX_STEPS];          /* index into s_ns */
  const char *local[S_MAX_STEPS];
  s_pred_t pred[S_MAX_STEPS];
  const char *attr;             /* NULL when the path ends on an element */
  char *buf;                    /* owned copy the names point into */
} s_simple_t;

struct vg_bt_map {
  char *text;               /* owned copy of the table, cut in place */
  s_simple_t *simple;       /* per row */
  vg_bt_row_t *rows;
  char **skey;              /* per row: element path below the root, no prefix / predicate */
  int *pred;                /* per row: the XPath has a predicate */
  size_t *klen;             /* per row: strlen(skey) */
  int *is_text;             /* per row: target "text" */
  long *next;               /* per row: next row of the same target, -1 when none */
  /* text rows under a lot / group / part node: that scope, the rest of the path compiled
   * from the node, and whether that rest has a predicate (else the path alone decides) */
  const char **tscope;
  xmlXPathCompExprPtr *trel;
  s_simple_t *trel_simple;
  int *trel_pred;
  size_t *tidx;             /* text rows sorted by path key, specific rows first */
  size_t ntext;
  xmlXPathCompExprPtr *comp; /* per row, NULL when not compiled */
  size_t n;
};

struct vg__bt_eval {
  const vg_bt_map_t *m;
  xmlDocPtr doc;
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr *cache; /* per row: its nodes in this document, evaluated on demand */
  unsigned char *done;      /* per row: cache filled */
  xmlXPathObjectPtr *lcache; /* per lot text row: its nodes under ltop[row] */
  const xmlNode **ltop;
  const xmlChar *uri[6];    /* namespace URI bound to each prefix of s_ns for this notice */
  int bare;                 /* the notice declares no namespace: match local names */
};

/* The prefixes of the SDK's XPaths and the eForms namespaces they stand for. */
static const char *const s_ns[][2] = {
    {"cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"},
    {"cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"},
    {"ext", "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"},
    {"efext", "http://data.europa.eu/p27/eforms-ubl-extensions/1"},
    {"efac", "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"},
    {"efbc", "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"},
};

static const char *const s_scopes[] = {"notice", "text",        "lot",    "group",
                                       "part",   "company", "composition", "changes"};

static void s_silent(void *ud, xmlErrorPtr e) { (void)ud, (void)e; }

/* XPath 2.0 "A=('x','y')" -> XPath 1.0 "(A='x' or A='y')"; other text copied. malloc'd. */
static char *s_xpath1(const char *in) {
  vg__buf_t b = {0};
  const char *p = in;
  for (;;) {
    const char *eq = strstr(p, "=('");
    if (!eq) break;
    /* left operand: back to the enclosing '[' / '(' or a blank, over balanced "()" */
    const char *l = eq;
    int depth = 0;
    for (; l > p; l--) {
      char c = l[-1];
      if (c == ')') depth++;
      else if (c == '(' && depth) depth--;
      else if (!depth && (c == '(' || c == '[' || c == ' ')) break;
    }
    const char *close = strstr(eq, "')");
    if (!close || l == eq) break;
    vg__buf_raw(&b, p, (size_t)(l - p));
    vg__buf_raw(&b, "(", 1);
    const char *item = eq + 2; /* at the opening quote of the first item */
    int first = 1;
    while (item && item <= close) {
      const char *end = strchr(item + 1, '\'');
      if (!end) break;
      if (!first) vg__buf_raw(&b, " or ", 4);
      vg__buf_raw(&b, l, (size_t)(eq - l));
      vg__buf_raw(&b, "=", 1);
      vg__buf_raw(&b, item, (size_t)(end - item + 1));
      first = 0;
      item = strchr(end + 1, '\'');
      if (item > close) break;
    }
    vg__buf_raw(&b, ")", 1);
    p = close + 2;
  }
  vg__buf_raw(&b, p, strlen(p));
  if (b.err) {
    vg__buf_free(&b);
    return NULL;
  }
  return b.p;
}

static int s_known_scope(const char *s) {
  for (size_t i = 0; i < sizeof s_scopes / sizeof s_scopes[0]; i++)
    if (strcmp(s, s_scopes[i]) == 0) return 1;
  return 0;
}

static const vg_bt_row_t *s_node_row(const vg_bt_map_t *m, const char *scope) {
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->rows[i].target, "@node") == 0 && strcmp(m->rows[i].scope, scope) == 0)
      return &m->rows[i];
  return NULL;
}

/* Splits the table into rows; VG_OK or a status with err naming the line. */
static int s_rows(vg_bt_map_t *m, vg_err_t *err) {
  char *line = m->text;
  int ln = 0;
  while (line && *line) {
    ln++;
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    if (*line && *line != '#') {
      char *col[5];
      int nc = 0;
      for (char *c = line; nc < 5; nc++) {
        col[nc] = c;
        char *tab = strchr(c, '\t');
        if (!tab) {
          nc++;
          break;
        }
        *tab = '\0';
        c = tab + 1;
      }
      if (nc != 5 || !*col[0] || !*col[1] || !*col[4] || strchr(col[4], '\t'))
        return vg_err_set(err, VG_E_INPUT, "eForms map line %d: want 5 tab-separated columns", ln);
      if (!s_known_scope(col[2]))
        return vg_err_set(err, VG_E_INPUT, "eForms map line %d: unknown scope '%s'", ln, col[2]);
      if (strlen(col[4]) >= VG_BT_MAX_XPATH)
        return vg_err_set(err, VG_E_TOO_BIG, "eForms map line %d: XPath too long", ln);
      if (m->n >= VG_BT_MAX_ROWS)
        return vg_err_set(err, VG_E_TOO_BIG, "eForms map: more than %d rows", VG_BT_MAX_ROWS);
      m->rows[m->n++] = (vg_bt_row_t){col[0], col[1], col[2], col[3], col[4], NULL, 0};
    }
    line = nl ? nl + 1 : NULL;
  }
  return VG_OK;
}

/* Path of row r evaluated from its scope node: its XPath minus the node's, plus "/". */
static int s_eval_path(const vg_bt_map_t *m, vg_bt_row_t *r, vg_err_t *err) {
  const char *src = r->xpath;
  int scoped = strcmp(r->target, "@node") != 0 && strcmp(r->scope, "notice") != 0 &&
               strcmp(r->scope, "text") != 0;
  if (scoped) {
    const vg_bt_row_t *node = s_node_row(m, r->scope);
    if (!node)
      return vg_err_set(err, VG_E_INPUT, "eForms map: scope '%s' has no @node row", r->scope);
    size_t nl = strlen(node->xpath);
    if (strncmp(r->xpath, node->xpath, nl) != 0 || r->xpath[nl] != '/')
      return vg_err_set(err, VG_E_INPUT, "eForms map: %s is not under its scope node %s",
                        r->id, node->id);
    src = r->xpath + nl + 1;
  }
  char *e = s_xpath1(src);
  if (!e) return vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
  r->eval = e;
  return VG_OK;
}

/* Path key of an XPath: the root step, namespace prefixes and predicates dropped, so that
 * the root step, then cac:A[x=1], then cbc:B gives "A/B"; *pred = 1 when a predicate was
 * dropped. malloc'd. */
static char *s_skey(const char *xp, int *pred) {
  vg__buf_t b = {0};
  int depth = 0, quote = 0;
  *pred = 0;
  const char *p = strncmp(xp, "/*/", 3) == 0 ? xp + 3 : xp;
  const char *seg = p;
  for (;; p++) {
    char c = *p;
    if (quote) {
      quote = c != '\'' && c;
      if (!c) break;
      continue;
    }
    if (c == '\'') quote = 1;
    else if (c == '[') depth++, *pred = 1;
    else if (c == ']') depth--;
    if (depth == 0 && (c == '/' || c == '\0')) {
      const char *name = seg, *end = p, *colon = memchr(seg, ':', (size_t)(p - seg));
      if (colon) name = colon + 1;
      const char *br = memchr(name, '[', (size_t)(end - name));
      if (br) end = br;
      if (b.n) vg__buf_raw(&b, "/", 1);
      vg__buf_raw(&b, name, (size_t)(end - name));
      seg = p + 1;
    }
    if (!c) break;
  }
  if (b.err) {
    vg__buf_free(&b);
    return NULL;
  }
  return b.p ? b.p : strdup("");
}

static int s_prefix(const char *p, size_t n) {
  for (size_t i = 0; i < sizeof s_ns / sizeof s_ns[0]; i++)
    if (strlen(s_ns[i][0]) == n && strncmp(p, s_ns[i][0], n) == 0) return (int)i;
  return -1;
}

/* Reads "prefix:local" at *q into ns / local (NUL-terminated in place, the stop character
 * returned in *stop); 0 when it is not one. */
static int s_qname(char **q, int *ns, const char **local, char *stop) {
  char *p = *q, *colon = strchr(p, ':');
  size_t n = strcspn(p, "/[]=@():'\" ");
  if (!colon || colon != p + n) return 0;
  if ((*ns = s_prefix(p, n)) < 0) return 0;
  char *l = colon + 1;
  size_t ln = strcspn(l, "/[]=@():'\" ");
  if (!ln) return 0;
  *stop = l[ln];
  l[ln] = '\0';
  *local = l;
  *q = l + ln + (*stop ? 1 : 0);
  return 1;
}

/* Reads "'value']" at q (after the '='); returns the character after ']' or NULL. */
static char *s_value(char *q, const char **val) {
  if (*q != '\'') return NULL;
  char *end = strchr(q + 1, '\'');
  if (!end || end[1] != ']') return NULL;
  *end = '\0';
  *val = q + 1;
  return end + 2;
}

/* Reads a predicate body at q (after '['); returns the character after ']' or NULL. */
static char *s_pred(char *q, s_pred_t *pr) {
  char stop = 0;
  if (*q == '@') {
    size_t n = strcspn(q + 1, "=]/[()'\" ");
    if (!n || q[1 + n] != '=') return NULL;
    q[1 + n] = '\0';
    pr->kind = 1;
    pr->attr = q + 1;
    return s_value(q + 2 + n, &pr->val);
  }
  if (!s_qname(&q, &pr->ns, &pr->local, &stop) || stop != '/') return NULL;
  if (*q == '@') {
    size_t n = strcspn(q + 1, "=]/[()'\" ");
    if (!n || q[1 + n] != '=') return NULL;
    q[1 + n] = '\0';
    pr->kind = 2;
    pr->attr = q + 1;
    return s_value(q + 2 + n, &pr->val);
  }
  if (strncmp(q, "text()=", 7) != 0) return NULL;
  pr->kind = 3;
  return s_value(q + 7, &pr->val);
}

/* Fills sp when path is a chain of child steps as described above; sp->ok = 0 otherwise (or
 * on no memory, which only costs speed: the XPath engine is used instead). */
static void s_simple(s_simple_t *sp, const char *path) {
  memset(sp, 0, sizeof *sp);
  const char *p = path;
  if (strncmp(p, "/*/", 3) == 0) {
    sp->from_root = 1;
    p += 3;
  }
  if (!*p || *p == '/' || strstr(p, "//") || !(sp->buf = strdup(p))) return;
  char *q = sp->buf;
  int ok = 1;
  while (ok && *q) {
    if (*q == '@') { /* last step: an attribute of the selected elements */
      size_t n = strcspn(q + 1, "/[]=()'\" :");
      ok = n > 0 && q[1 + n] == '\0';
      sp->attr = q + 1;
      break;
    }
    char stop = 0;
    if (sp->n == S_MAX_STEPS || !s_qname(&q, &sp->ns[sp->n], &sp->local[sp->n], &stop)) {
      ok = 0;
      break;
    }
    if (stop == '[') {
      q = s_pred(q, &sp->pred[sp->n]);
      if (!q || (*q && *q != '/')) {
        ok = 0;
        break;
      }
      if (*q == '/') q++;
    } else if (stop != '/' && stop != '\0') {
      ok = 0;
    }
    sp->n++;
  }
  if (!ok || sp->n == 0) {
    free(sp->buf);
    memset(sp, 0, sizeof *sp);
    return;
  }
  sp->ok = 1;
}

static int s_specific(const vg_bt_map_t *m, size_t i) {
  return m->tscope[i] ? m->trel_pred[i] : m->pred[i];
}

static int s_text_cmp(const vg_bt_map_t *m, size_t a, size_t b) {
  int c = strcmp(m->skey[a], m->skey[b]);
  if (c) return c;
  if (s_specific(m, a) != s_specific(m, b)) return s_specific(m, b) - s_specific(m, a);
  return a < b ? -1 : a > b;
}

vg_bt_map_t *vg_bt_map_new(const char *tsv, size_t len, vg_err_t *err) {
  vg_bt_map_t *m = calloc(1, sizeof *m);
  if (m) m->text = malloc(len + 1);
  if (m) m->rows = calloc(VG_BT_MAX_ROWS, sizeof *m->rows);
  if (!m || !m->text || !m->rows) {
    vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
    vg_bt_map_destroy(&m);
    return NULL;
  }
  memcpy(m->text, tsv, len);
  m->text[len] = '\0';
  int rc = s_rows(m, err);
  for (size_t i = 0; rc == VG_OK && i < m->n; i++) rc = s_eval_path(m, &m->rows[i], err);
  if (rc == VG_OK && (!(m->comp = calloc(m->n ? m->n : 1, sizeof *m->comp)) ||
                     !(m->simple = calloc(m->n ? m->n : 1, sizeof *m->simple)) ||
                     !(m->skey = calloc(m->n ? m->n : 1, sizeof *m->skey)) ||
                     !(m->pred = calloc(m->n ? m->n : 1, sizeof *m->pred)) ||
                     !(m->klen = calloc(m->n ? m->n : 1, sizeof *m->klen)) ||
                     !(m->is_text = calloc(m->n ? m->n : 1, sizeof *m->is_text)) ||
                     !(m->next = calloc(m->n ? m->n : 1, sizeof *m->next)) ||
                     !(m->tscope = calloc(m->n ? m->n : 1, sizeof *m->tscope)) ||
                     !(m->trel = calloc(m->n ? m->n : 1, sizeof *m->trel)) ||
                     !(m->trel_simple = calloc(m->n ? m->n : 1, sizeof *m->trel_simple)) ||
                     !(m->trel_pred = calloc(m->n ? m->n : 1, sizeof *m->trel_pred))))
    rc = vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
  for (size_t i = 0; rc == VG_OK && i < m->n; i++)
    if (!(m->skey[i] = s_skey(m->rows[i].xpath, &m->pred[i])))
      rc = vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
  for (size_t i = 0; rc == VG_OK && i < m->n; i++) {
    s_simple(&m->simple[i], m->rows[i].eval);
    m->klen[i] = strlen(m->skey[i]);
    m->is_text[i] = strcmp(m->rows[i].target, "text") == 0;
    m->next[i] = -1;
    for (size_t k = i + 1; k < m->n && m->next[i] < 0; k++)
      if (strcmp(m->rows[k].target, m->rows[i].target) == 0) m->next[i] = (long)k;
  }
  /* compile through a context whose error handler is silent: nothing goes to stderr */
  xmlXPathContextPtr cx = rc == VG_OK ? xmlXPathNewContext(NULL) : NULL;
  if (rc == VG_OK && !cx) rc = vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
  if (cx) cx->error = s_silent;
  for (size_t i = 0; rc == VG_OK && i < m->n; i++) {
    m->comp[i] = xmlXPathCtxtCompile(cx, (const xmlChar *)m->rows[i].eval);
    m->rows[i].compiled = m->comp[i] != NULL;
  }
  for (size_t i = 0; rc == VG_OK && i < m->n; i++) {
    static const char *const lots[] = {"lot", "group", "part"};
    for (size_t k = 0; m->is_text[i] && k < 3 && !m->tscope[i]; k++) {
      const vg_bt_row_t *node = s_node_row(m, lots[k]);
      size_t nl = node ? strlen(node->xpath) : 0;
      if (!node || strncmp(m->rows[i].xpath, node->xpath, nl) != 0 || m->rows[i].xpath[nl] != '/')
        continue;
      char *rel = s_xpath1(m->rows[i].xpath + nl + 1);
      if (!rel) {
        rc = vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
        break;
      }
      m->tscope[i] = lots[k];
      m->trel_pred[i] = strchr(rel, '[') != NULL;
      m->trel[i] = xmlXPathCtxtCompile(cx, (const xmlChar *)rel);
      s_simple(&m->trel_simple[i], rel);
      free(rel);
    }
  }
  xmlXPathFreeContext(cx);
  if (rc == VG_OK && !(m->tidx = calloc(m->n ? m->n : 1, sizeof *m->tidx)))
    rc = vg_err_set(err, VG_E_NOMEM, "eForms map: out of memory");
  for (size_t i = 0; rc == VG_OK && i < m->n; i++)
    if (m->is_text[i] && m->comp[i]) m->tidx[m->ntext++] = i;
  /* insertion sort (a few hundred rows, once): key, then specific rows, then table order */
  for (size_t a = 1; rc == VG_OK && a < m->ntext; a++)
    for (size_t b = a; b > 0 && s_text_cmp(m, m->tidx[b - 1], m->tidx[b]) > 0; b--) {
      size_t t = m->tidx[b];
      m->tidx[b] = m->tidx[b - 1];
      m->tidx[b - 1] = t;
    }
  if (rc != VG_OK) vg_bt_map_destroy(&m);
  return m;
}

void vg_bt_map_destroy(vg_bt_map_t **pm) {
  if (!pm || !*pm) return;
  vg_bt_map_t *m = *pm;
  for (size_t i = 0; i < m->n; i++) {
    free((char *)m->rows[i].eval);
    if (m->comp) xmlXPathFreeCompExpr(m->comp[i]);
    if (m->skey) free(m->skey[i]);
    if (m->trel) xmlXPathFreeCompExpr(m->trel[i]);
    if (m->simple) free(m->simple[i].buf);
    if (m->trel_simple) free(m->trel_simple[i].buf);
  }
  free(m->simple);
  free(m->trel_simple);
  free((void *)m->tscope);
  free(m->tidx);
  free(m->trel);
  free(m->trel_pred);
  free(m->comp);
  free(m->skey);
  free(m->pred);
  free(m->klen);
  free(m->is_text);
  free(m->next);
  free(m->rows);
  free(m->text);
  free(m);
  *pm = NULL;
}

size_t vg_bt_map_size(const vg_bt_map_t *m) { return m ? m->n : 0; }

const vg_bt_row_t *vg_bt_map_row(const vg_bt_map_t *m, size_t i) {
  return m && i < m->n ? &m->rows[i] : NULL;
}

/* ---- evaluation ---- */

vg__bt_eval_t *vg__bt_eval_new(const vg_bt_map_t *m, xmlDocPtr doc) {
  vg__bt_eval_t *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->m = m;
  e->doc = doc;
  e->ctx = xmlXPathNewContext(doc);
  e->cache = calloc(m->n ? m->n : 1, sizeof *e->cache);
  e->done = calloc(m->n ? m->n : 1, 1);
  e->lcache = calloc(m->n ? m->n : 1, sizeof *e->lcache);
  e->ltop = calloc(m->n ? m->n : 1, sizeof *e->ltop);
  if (!e->ctx || !e->cache || !e->done || !e->lcache || !e->ltop) {
    vg__bt_eval_destroy(&e);
    return NULL;
  }
  e->ctx->error = s_silent;
  /* reuse XPath objects across the many small evaluations of one notice */
  xmlXPathContextSetCache(e->ctx, 1, -1, 0);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  e->bare = root && !root->ns;
  for (size_t i = 0; i < sizeof s_ns / sizeof s_ns[0]; i++) {
    /* the notice's own binding of the prefix wins (other SDK versions, other URIs) */
    xmlNsPtr ns = root ? xmlSearchNs(doc, root, (const xmlChar *)s_ns[i][0]) : NULL;
    const xmlChar *uri = ns && ns->href ? ns->href : (const xmlChar *)s_ns[i][1];
    e->uri[i] = uri;
    if (xmlXPathRegisterNs(e->ctx, (const xmlChar *)s_ns[i][0], uri) != 0) {
      vg__bt_eval_destroy(&e);
      return NULL;
    }
  }
  return e;
}

void vg__bt_eval_destroy(vg__bt_eval_t **pe) {
  if (!pe || !*pe) return;
  vg__bt_eval_t *e = *pe;
  for (size_t i = 0; e->cache && i < e->m->n; i++) xmlXPathFreeObject(e->cache[i]);
  for (size_t i = 0; e->lcache && i < e->m->n; i++) xmlXPathFreeObject(e->lcache[i]);
  free(e->cache);
  free(e->done);
  free(e->lcache);
  free(e->ltop);
  xmlXPathFreeContext(e->ctx);
  free(e);
  *pe = NULL;
}

static int s_elem(const vg__bt_eval_t *e, const xmlNode *c, int ns, const char *local) {
  if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, local) != 0) return 0;
  return c->ns ? xmlStrEqual(c->ns->href, e->uri[ns]) : e->bare;
}

/* XPath's "@a='v'" on element n: the attribute (no namespace) exists and equals v. */
static int s_attr_is(const xmlNode *n, const char *attr, const char *v) {
  xmlAttrPtr a = xmlHasNsProp(n, (const xmlChar *)attr, NULL);
  if (!a) return 0;
  xmlChar *s = xmlNodeGetContent((const xmlNode *)a);
  int eq = s && strcmp((const char *)s, v) == 0;
  xmlFree(s);
  return eq;
}

static int s_pred_true(const vg__bt_eval_t *e, const s_pred_t *pr, const xmlNode *n) {
  if (pr->kind == 0) return 1;
  if (pr->kind == 1) return s_attr_is(n, pr->attr, pr->val);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (!s_elem(e, c, pr->ns, pr->local)) continue;
    if (pr->kind == 2 && s_attr_is(c, pr->attr, pr->val)) return 1;
    for (const xmlNode *t = c->children; pr->kind == 3 && t; t = t->next)
      if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content &&
          strcmp((const char *)t->content, pr->val) == 0)
        return 1;
  }
  return 0;
}

/* Walks the child steps of a simple path; same nodes, same order as the XPath engine. */
static xmlXPathObjectPtr s_walk_eval(vg__bt_eval_t *e, const s_simple_t *sp, const xmlNode *from) {
  xmlNodePtr start = sp->from_root ? xmlDocGetRootElement(e->doc) : (xmlNodePtr)from;
  xmlNodeSetPtr cur = start ? xmlXPathNodeSetCreate(start) : NULL;
  for (size_t k = 0; cur && cur->nodeNr && k < sp->n; k++) {
    xmlNodeSetPtr next = xmlXPathNodeSetCreate(NULL);
    for (int j = 0; next && j < cur->nodeNr; j++)
      for (xmlNodePtr c = cur->nodeTab[j]->children; c; c = c->next)
        if (s_elem(e, c, sp->ns[k], sp->local[k]) && s_pred_true(e, &sp->pred[k], c))
          xmlXPathNodeSetAddUnique(next, c);
    xmlXPathFreeNodeSet(cur);
    cur = next;
  }
  if (cur && sp->attr) {
    xmlNodeSetPtr next = xmlXPathNodeSetCreate(NULL);
    for (int j = 0; next && j < cur->nodeNr; j++) {
      xmlAttrPtr a = xmlHasNsProp(cur->nodeTab[j], (const xmlChar *)sp->attr, NULL);
      if (a) xmlXPathNodeSetAddUnique(next, (xmlNodePtr)a);
    }
    xmlXPathFreeNodeSet(cur);
    cur = next;
  }
  if (!cur || cur->nodeNr == 0) {
    xmlXPathFreeNodeSet(cur);
    return NULL;
  }
  return xmlXPathWrapNodeSet(cur);
}

/* Row i through libxml2's XPath engine; NULL unless it yields a non-empty node set. */
static xmlXPathObjectPtr s_xpath_eval(vg__bt_eval_t *e, size_t i, const xmlNode *from) {
  if (!e->m->comp[i]) return NULL;
  e->ctx->node = from ? (xmlNodePtr)from : (xmlNodePtr)e->doc;
  xmlXPathObjectPtr o = xmlXPathCompiledEval(e->m->comp[i], e->ctx);
  if (o && (o->type != XPATH_NODESET || xmlXPathNodeSetIsEmpty(o->nodesetval))) {
    xmlXPathFreeObject(o);
    o = NULL;
  }
  return o;
}

static xmlXPathObjectPtr s_eval(vg__bt_eval_t *e, size_t i, const xmlNode *from) {
  const s_simple_t *sp = &e->m->simple[i];
  if (sp->ok && (from || sp->from_root)) return s_walk_eval(e, sp, from);
  return s_xpath_eval(e, i, from);
}

xmlXPathObjectPtr vg__bt_row_nodes(vg__bt_eval_t *e, size_t i, const xmlNode *from, int engine) {
  if (!e || i >= e->m->n) return NULL;
  return engine ? s_xpath_eval(e, i, from) : s_eval(e, i, from);
}

int vg__bt_row_walked(const vg_bt_map_t *m, size_t i) { return m && i < m->n && m->simple[i].ok; }

xmlXPathObjectPtr vg__bt_nodes(vg__bt_eval_t *e, const char *target, const xmlNode *from) {
  if (!e) return NULL;
  size_t i = 0;
  while (i < e->m->n && (e->m->is_text[i] || strcmp(e->m->rows[i].target, target) != 0)) i++;
  for (long k = i < e->m->n ? (long)i : -1; k >= 0; k = e->m->next[k]) {
    xmlXPathObjectPtr o = s_eval(e, (size_t)k, from);
    if (o) return o;
  }
  return NULL;
}

xmlXPathObjectPtr vg__bt_scope(vg__bt_eval_t *e, const char *scope) {
  const vg_bt_row_t *r = e ? s_node_row(e->m, scope) : NULL;
  return r ? s_eval(e, (size_t)(r - e->m->rows), NULL) : NULL;
}

/* Text of an element, or the value of an attribute node. */
static char *s_node_text(const xmlNode *n) {
  if (n && n->type == XML_ATTRIBUTE_NODE) {
    xmlChar *v = xmlNodeGetContent(n);
    char *s = v && *v ? strdup((const char *)v) : NULL;
    xmlFree(v);
    return s;
  }
  return vg__text(n);
}

char *vg__bt_text(vg__bt_eval_t *e, const char *target, const xmlNode *from) {
  xmlXPathObjectPtr o = vg__bt_nodes(e, target, from);
  char *s = o ? s_node_text(o->nodesetval->nodeTab[0]) : NULL;
  xmlXPathFreeObject(o);
  return s;
}

char *vg__bt_text_lang(vg__bt_eval_t *e, const char *target, const xmlNode *from,
                       const char *lang2) {
  xmlXPathObjectPtr o = vg__bt_nodes(e, target, from);
  if (!o) return NULL;
  const xmlNode *pick = o->nodesetval->nodeTab[0];
  for (int i = 0; lang2 && i < o->nodesetval->nodeNr; i++) {
    char *id = vg__attr(o->nodesetval->nodeTab[i], "languageID");
    const char *l = vg__lang2(id);
    free(id);
    if (l && strcmp(l, lang2) == 0) {
      pick = o->nodesetval->nodeTab[i];
      break;
    }
  }
  char *s = s_node_text(pick);
  xmlXPathFreeObject(o);
  return s;
}

/* Whether row i (a "text" row) selects n, whose lot / group / part node is top (scope
 * tscope, NULL outside lots). Rows without predicate match by path alone; lot rows evaluate
 * the rest of their path from top; the others are evaluated once per document. */
static int s_row_has(vg__bt_eval_t *e, size_t i, const xmlNode *n, const xmlNode *top,
                     const char *tscope) {
  const vg_bt_map_t *m = e->m;
  xmlXPathObjectPtr o = NULL;
  int found = 0;
  if (m->tscope[i]) {
    if (!tscope || strcmp(tscope, m->tscope[i]) != 0 || !m->trel[i]) return 0;
    if (!m->trel_pred[i]) return 1;
    if (e->ltop[i] != top) { /* one evaluation per lot (the languages of a text share it) */
      xmlXPathFreeObject(e->lcache[i]);
      e->ctx->node = (xmlNodePtr)top;
      e->lcache[i] = m->trel_simple[i].ok ? s_walk_eval(e, &m->trel_simple[i], top)
                                          : xmlXPathCompiledEval(m->trel[i], e->ctx);
      e->ltop[i] = top;
    }
    o = e->lcache[i];
    int nn = o && o->type == XPATH_NODESET && o->nodesetval ? o->nodesetval->nodeNr : 0;
    for (int k = 0; k < nn; k++) found |= o->nodesetval->nodeTab[k] == n;
    return found;
  }
  if (!m->pred[i]) return 1;
  if (!e->done[i]) {
    e->cache[i] = s_eval(e, i, NULL);
    e->done[i] = 1;
  }
  o = e->cache[i];
  for (int k = 0; o && k < o->nodesetval->nodeNr && !found; k++)
    found = o->nodesetval->nodeTab[k] == n;
  return found;
}

const char *vg__bt_text_name(vg__bt_eval_t *e, const xmlNode *n) {
  /* n's element path below the root, as the rows' keys are written */
  const char *names[64];
  size_t depth = 0, len = 0;
  for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && p->parent &&
                             p->parent->type == XML_ELEMENT_NODE; p = p->parent) {
    if (depth == 64) return NULL;
    names[depth++] = (const char *)p->name;
    len += strlen((const char *)p->name) + 1;
  }
  if (!e || depth == 0 || len > VG_BT_MAX_XPATH) return NULL;
  /* the lot / group / part n belongs to, by the schemeName of its cbc:ID */
  const xmlNode *top = n;
  while (top->parent && top->parent->parent && top->parent->parent->type == XML_ELEMENT_NODE)
    top = top->parent;
  const char *tscope = NULL;
  if (strcmp((const char *)top->name, "ProcurementProjectLot") == 0) {
    char *sch = vg__attr(vg__child(top, "ID"), "schemeName");
    tscope = !sch ? NULL : !strcmp(sch, "Lot") ? "lot" : !strcmp(sch, "Part") ? "part"
             : !strcmp(sch, "LotsGroup") ? "group" : NULL;
    free(sch);
  }
  char key[VG_BT_MAX_XPATH + 1];
  size_t o = 0;
  for (size_t i = depth; i-- > 0;) {
    size_t l = strlen(names[i]);
    memcpy(key + o, names[i], l);
    o += l;
    key[o++] = i ? '/' : '\0';
  }
  /* binary search of the first text row with this key; specific rows come first */
  const vg_bt_map_t *m = e->m;
  size_t lo = 0, hi = m->ntext;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(m->skey[m->tidx[mid]], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (size_t j = lo; j < m->ntext && strcmp(m->skey[m->tidx[j]], key) == 0; j++)
    if (s_row_has(e, m->tidx[j], n, top, tscope)) return m->rows[m->tidx[j]].id;
  return NULL;
}

/* The built-in map is compiled at the first call and never changes afterwards: every parse
 * of the process shares it (measured: compiling the ~200 XPaths per notice cost more than
 * the whole parse). Evaluation only reads the compiled expressions. */
static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static const vg_bt_map_t *s_map;

static void s_build(void) {
  size_t len = 0;
  const char *t = vg_bt_map_builtin(&len);
  s_map = vg_bt_map_new(t, len, NULL);
}

const vg_bt_map_t *vg__bt_builtin_map(void) {
  pthread_once(&s_once, s_build);
  return s_map;
}

int vg__bt_cpvs(vg__bt_eval_t *e, const char *target, const xmlNode *from, vg_strv_t *sv) {
  xmlXPathObjectPtr o = vg__bt_nodes(e, target, from);
  int rc = VG_OK;
  for (int i = 0; o && o->nodesetval && rc == VG_OK && i < o->nodesetval->nodeNr; i++) {
    char *c = vg__text(o->nodesetval->nodeTab[i]);
    rc = vg__cpv(sv, c);
    free(c);
  }
  xmlXPathFreeObject(o);
  return rc;
}
