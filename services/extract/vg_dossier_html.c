/* vg_dossier_html.c: HTML reader over libxml2's HTML parser (recovering, no network):
 * text nodes in document order, block elements end lines, script/style/head skipped.
 * Not for: CSS-driven layout (display:none text is kept), frames, images' alt text. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#include "vg_dossier.h"
#include "vg_dossier_int.h"

static int s_in(const xmlChar *name, const char *const *set) {
  for (size_t i = 0; set[i]; i++)
    if (!strcasecmp((const char *)name, set[i])) return 1;
  return 0;
}

static const char *const s_skip[] = {"head", "script", "style", "noscript", "template",
                                     NULL};
static const char *const s_block[] = {
    "p",      "div",     "br",      "li",     "ul",     "ol",      "h1",     "h2",
    "h3",     "h4",      "h5",      "h6",     "tr",     "td",      "th",     "table",
    "thead",  "tbody",   "tfoot",   "caption", "section", "article", "header", "footer",
    "nav",    "aside",   "main",    "blockquote", "pre", "dl",     "dt",     "dd",
    "hr",     "address", "figure",  "figcaption", "form", "fieldset", "legend", "body",
    NULL};

int vg__extract_html(const char *buf, size_t len, const char *name, vg_doc_t *doc,
                     vg_err_t *err) {
  htmlDocPtr h = htmlReadMemory(buf, (int)len, NULL, NULL,
                                HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_RECOVER);
  if (!h) return vg_err_set(err, VG_E_INPUT, "cannot parse '%s' as HTML", name);
  vg__lines_t l;
  vg__lines_init(&l, VG_DOSSIER_MAX_TEXT);
  /* iterative walk: the tree depth is bounded by libxml2 but the stack need not be */
  xmlNodePtr root = xmlDocGetRootElement(h), n = root;
  while (n && !l.st) {
    int descend = 0;
    if (n->type == XML_ELEMENT_NODE) {
      if (!s_in(n->name, s_skip)) {
        if (s_in(n->name, s_block)) vg__lines_end(&l);
        descend = n->children != NULL;
      }
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      const char *t = (const char *)n->content;
      if (t) vg__lines_text(&l, t, strlen(t));
    }
    if (descend) {
      n = n->children;
      continue;
    }
    /* leave finished elements upwards until a sibling is found */
    while (n && n != root && !n->next) {
      n = n->parent;
      if (n && n->type == XML_ELEMENT_NODE && s_in(n->name, s_block)) vg__lines_end(&l);
    }
    if (!n || n == root) break;
    n = n->next;
  }
  xmlFreeDoc(h);
  int st = vg__lines_flush(&l, doc, "body");
  vg__lines_free(&l);
  if (st) return vg_err_set(err, st, "cannot read '%s': %s", name, vg_status_str(st));
  return vg_doc_set(&doc->format, "html");
}
