/* vg_split.c: multi-part DECP / OCDS files -> one standalone file per contract / ocid.
 * Groups the contracts (DECP) or releases / records (OCDS) by key, drops exact repeats, then
 * rebuilds one file per group in the input's own format and hands it to the callback.
 * Not for: parsing contents (vg_decp.c, vg_ocds.c) or notices (never split). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "vg_ocds.h"
#include "vg_parse_int.h"
#include "vg_split.h"

/* One contract / release / record of the input. */
typedef struct {
  json_t *j;           /* borrowed from the input (JSON) or owned copy (XML, for comparison) */
  const xmlNode *x;    /* XML element (DECP XML only) */
  const char *kind;    /* DECP: "marche" | "contrat-concession"; OCDS: NULL */
} s_item_t;

typedef struct {
  char *key;           /* final key handed to the callback */
  char *id, *buyer;    /* DECP contract id and buyer id ("" when absent); OCDS: ocid, "" */
  size_t *items;       /* indexes into s_split_t.items */
  size_t n, cap;
} s_group_t;

typedef struct {
  s_item_t *items;
  size_t nitems, items_cap;
  s_group_t *groups;
  size_t ngroups, groups_cap;
  json_t *index;       /* "buyer\x1fid" -> group index */
  int xml_owned;       /* items[].j are owned (XML input) */
} s_split_t;

static void s_free(s_split_t *s) {
  for (size_t i = 0; s->xml_owned && i < s->nitems; i++) json_decref(s->items[i].j);
  for (size_t i = 0; i < s->ngroups; i++) {
    free(s->groups[i].key), free(s->groups[i].id), free(s->groups[i].buyer);
    free(s->groups[i].items);
  }
  free(s->items);
  free(s->groups);
  json_decref(s->index);
}

/* Identifier as text: strings as they are, integers printed; "" otherwise. */
static void s_idtext(const json_t *v, char *out, size_t cap) {
  out[0] = '\0';
  if (json_is_string(v)) snprintf(out, cap, "%s", json_string_value(v));
  else if (json_is_integer(v)) snprintf(out, cap, "%lld", (long long)json_integer_value(v));
}

/* Adds item (json j, element x) under (buyer, id); exact repeats of the group are dropped.
 * VG_OK, VG_E_TOO_BIG (parts limit) or VG_E_NOMEM. */
static int s_add(s_split_t *s, json_t *j, const xmlNode *x, const char *kind, const char *buyer,
                 const char *id) {
  char hk[1024];
  snprintf(hk, sizeof hk, "%s\x1f%s", buyer, id);
  json_t *gi = json_object_get(s->index, hk);
  s_group_t *g = NULL;
  if (gi) {
    g = &s->groups[json_integer_value(gi)];
    for (size_t k = 0; k < g->n; k++)
      if (json_equal(s->items[g->items[k]].j, j)) {
        if (s->xml_owned) json_decref(j);
        return VG_OK;
      }
  } else {
    if (s->ngroups >= VG_SPLIT_MAX_PARTS) {
      if (s->xml_owned) json_decref(j);
      return VG_E_TOO_BIG;
    }
    if (s->ngroups == s->groups_cap) {
      size_t cap = s->groups_cap ? s->groups_cap * 2 : 16;
      s_group_t *ng = realloc(s->groups, cap * sizeof *ng);
      if (!ng) goto nomem;
      s->groups = ng;
      s->groups_cap = cap;
    }
    g = &s->groups[s->ngroups];
    memset(g, 0, sizeof *g);
    g->id = strdup(id);
    g->buyer = strdup(buyer);
    if (!g->id || !g->buyer ||
        json_object_set_new(s->index, hk, json_integer((json_int_t)s->ngroups))) {
      free(g->id), free(g->buyer);
      goto nomem;
    }
    s->ngroups++;
  }
  if (s->nitems == s->items_cap) {
    size_t cap = s->items_cap ? s->items_cap * 2 : 16;
    s_item_t *ni = realloc(s->items, cap * sizeof *ni);
    if (!ni) goto nomem;
    s->items = ni;
    s->items_cap = cap;
  }
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 4;
    size_t *nx = realloc(g->items, cap * sizeof *nx);
    if (!nx) goto nomem;
    g->items = nx;
    g->cap = cap;
  }
  s->items[s->nitems] = (s_item_t){j, x, kind};
  g->items[g->n++] = s->nitems++;
  return VG_OK;
nomem:
  if (s->xml_owned) json_decref(j);
  return VG_E_NOMEM;
}

/* Final keys: the id alone unless several groups share it (other buyers), then buyer/id;
 * a contract without id is named by its group's position. */
static int s_keys(s_split_t *s, int decp) {
  for (size_t i = 0; i < s->ngroups; i++) {
    s_group_t *g = &s->groups[i];
    int shared = 0;
    for (size_t k = 0; decp && k < s->ngroups && !shared; k++)
      shared = k != i && strcmp(s->groups[k].id, g->id) == 0;
    size_t n = strlen(g->id) + strlen(g->buyer) + 32;
    g->key = malloc(n);
    if (!g->key) return VG_E_NOMEM;
    if (!g->id[0]) snprintf(g->key, n, "contract-%zu", i + 1);
    else if (shared) snprintf(g->key, n, "%s/%s", g->buyer, g->id);
    else snprintf(g->key, n, "%s", g->id);
  }
  return VG_OK;
}

/* ---- DECP ---- */

static int s_decp_item(s_split_t *s, json_t *c, const xmlNode *x, const char *kind) {
  char id[512], buyer[256];
  const json_t *b = json_object_get(c, "acheteur");
  if (!b) b = json_object_get(c, "autoriteConcedante");
  s_idtext(json_object_get(c, "id"), id, sizeof id);
  s_idtext(json_object_get(b, "id"), buyer, sizeof buyer);
  if (json_object_get(c, "autoriteConcedante")) kind = "contrat-concession";
  return s_add(s, c, x, kind, buyer, id);
}

/* Every contract under v (array or single object) of the given kind; JSON input. */
static int s_decp_list(s_split_t *s, json_t *v, const char *kind) {
  size_t i;
  json_t *c;
  int rc = VG_OK;
  if (json_is_object(v)) return s_decp_item(s, v, NULL, kind);
  json_array_foreach(v, i, c) {
    if (rc == VG_OK && json_is_object(c)) rc = s_decp_item(s, c, NULL, kind);
  }
  return rc;
}

static int s_decp_json(s_split_t *s, json_t *root) {
  json_t *m = json_object_get(root, "marches");
  if (json_is_array(m)) return s_decp_list(s, m, "marche");
  int rc = s_decp_list(s, json_object_get(m, "marche"), "marche");
  if (rc == VG_OK)
    rc = s_decp_list(s, json_object_get(m, "contrat-concession"), "contrat-concession");
  return rc;
}

static int s_decp_xml(s_split_t *s, const xmlNode *root) {
  int rc = VG_OK;
  s->xml_owned = 1;
  for (const xmlNode *c = root->children; c && rc == VG_OK; c = c->next) {
    if (!vg__is(c, "marche") && !vg__is(c, "contrat-concession")) continue;
    json_t *j = vg__xml_json(c);
    if (!j) return VG_E_NOMEM;
    rc = s_decp_item(s, j, c, vg__name(c));
  }
  return rc;
}

/* One group as a DECP JSON file; keeps the "marches": [...] form when the input used it. */
static char *s_decp_json_part(const s_split_t *s, const s_group_t *g, int array_form) {
  json_t *out = json_object(), *m = array_form ? json_array() : json_object();
  if (!out || !m || json_object_set_new(out, "marches", m)) {
    json_decref(out);
    return NULL;
  }
  for (size_t k = 0; k < g->n; k++) {
    const s_item_t *it = &s->items[g->items[k]];
    json_t *list = array_form ? m : json_object_get(m, it->kind);
    if (!list) {
      list = json_array();
      if (json_object_set_new(m, it->kind, list)) list = NULL;
    }
    if (!list || json_array_append(list, it->j)) {
      json_decref(out);
      return NULL;
    }
  }
  char *txt = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(out);
  return txt;
}

/* One group as a DECP XML file: the root element (attributes, namespaces) and the group's
 * elements, serialised by libxml2 in UTF-8. Returns xmlMalloc'd bytes in *out. */
static int s_decp_xml_part(const s_group_t *g, const s_split_t *s, const xmlNode *root,
                           xmlChar **out, int *outlen) {
  xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
  xmlNodePtr r = d ? xmlDocCopyNode((xmlNodePtr)root, d, 2) : NULL;
  if (!r) {
    xmlFreeDoc(d);
    return VG_E_NOMEM;
  }
  xmlDocSetRootElement(d, r);
  for (size_t k = 0; k < g->n; k++) {
    xmlNodePtr c = xmlDocCopyNode((xmlNodePtr)s->items[g->items[k]].x, d, 1);
    if (!c || !xmlAddChild(r, c)) {
      xmlFreeNode(c);
      xmlFreeDoc(d);
      return VG_E_NOMEM;
    }
  }
  xmlDocDumpFormatMemoryEnc(d, out, outlen, "UTF-8", 1);
  xmlFreeDoc(d);
  return *out ? VG_OK : VG_E_NOMEM;
}

/* ---- OCDS ---- */

/* Groups the releases (or records) of a package by ocid; VG_E_NOTFOUND when one lacks it. */
static int s_ocds(s_split_t *s, json_t *list) {
  size_t i;
  json_t *r;
  int rc = VG_OK;
  json_array_foreach(list, i, r) {
    const char *ocid = json_string_value(json_object_get(r, "ocid"));
    if (!json_is_object(r) || !ocid || !*ocid) return VG_E_NOTFOUND;
    if (rc == VG_OK) rc = s_add(s, r, NULL, NULL, "", ocid);
  }
  return rc;
}

/* The package with only the group's releases / records, other members kept in place. */
static char *s_ocds_part(const s_split_t *s, const s_group_t *g, json_t *root, const char *lk) {
  json_t *out = json_object(), *list = json_array();
  const char *k;
  json_t *v;
  int bad = !out || !list;
  for (size_t i = 0; !bad && i < g->n; i++) bad = json_array_append(list, s->items[g->items[i]].j);
  json_object_foreach(root, k, v) {
    if (!bad) bad = strcmp(k, lk) == 0 ? json_object_set(out, k, list) : json_object_set(out, k, v);
  }
  json_decref(list);
  char *txt = bad ? NULL : json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(out);
  return txt;
}

/* ---- entry point ---- */

static int s_emit(s_split_t *s, vg_split_cb cb, void *ud, json_t *jroot, const xmlNode *xroot,
                  const char *lk, int array_form, const char *nm, vg_err_t *err) {
  int rc = s_keys(s, lk == NULL);
  for (size_t i = 0; rc == VG_OK && i < s->ngroups; i++) {
    const s_group_t *g = &s->groups[i];
    if (xroot) {
      xmlChar *x = NULL;
      int xl = 0;
      rc = s_decp_xml_part(g, s, xroot, &x, &xl);
      if (rc == VG_OK) rc = cb(ud, g->key, (const char *)x, (size_t)xl);
      xmlFree(x);
    } else {
      char *t = lk ? s_ocds_part(s, g, jroot, lk) : s_decp_json_part(s, g, array_form);
      rc = t ? cb(ud, g->key, t, strlen(t)) : VG_E_NOMEM;
      free(t);
    }
  }
  if (rc == VG_E_NOMEM) return vg_err_set(err, rc, "cannot split '%s': out of memory", nm);
  if (rc != VG_OK) return vg_err_set(err, rc, "split of '%s' stopped by the callback: %s", nm,
                                     vg_status_str(rc));
  return VG_OK;
}

int vg_split(const char *buf, size_t len, const char *name, vg_split_cb cb, void *ud,
             vg_err_t *err) {
  const char *nm = name ? name : "file";
  if (!buf || !cb || len == 0) return vg_err_set(err, VG_E_NOTFOUND, "'%s': nothing to split", nm);
  if (len > VG_OCDS_MAX_BYTES)
    return vg_err_set(err, VG_E_NOTFOUND, "'%s': %zu bytes, over the %zu-byte limit: not split",
                      nm, len, VG_OCDS_MAX_BYTES);
  size_t i = 0;
  while (i < len && i < 4096 && isspace((unsigned char)buf[i])) i++;
  if (len - i >= 3 && memcmp(buf + i, "\xEF\xBB\xBF", 3) == 0) i += 3;
  if (i >= len || (buf[i] != '<' && buf[i] != '{'))
    return vg_err_set(err, VG_E_NOTFOUND, "'%s': neither a DECP nor an OCDS file", nm);
  s_split_t s = {0};
  s.index = json_object();
  if (!s.index) return vg_err_set(err, VG_E_NOMEM, "cannot split '%s': out of memory", nm);
  json_t *jroot = NULL;
  xmlDocPtr xd = NULL;
  const xmlNode *xroot = NULL;
  const char *lk = NULL; /* OCDS list key: "releases" | "records"; NULL for DECP */
  int array_form = 0, rc = VG_E_NOTFOUND;
  vg_err_t perr = {{0}};
  if (buf[i] == '<') {
    /* only DECP is splittable among XML files: check the root before building a tree */
    if (vg__xml_read(buf, len, nm, &xd, &perr) == VG_OK &&
        (xroot = xmlDocGetRootElement(xd)) != NULL && vg__is(xroot, "marches"))
      rc = s_decp_xml(&s, xroot);
  } else if (vg__json_load(buf, len, nm, &jroot, &perr) == VG_OK && json_is_object(jroot)) {
    json_t *m = json_object_get(jroot, "marches");
    json_t *rels = json_object_get(jroot, "releases"), *recs = json_object_get(jroot, "records");
    if (m) {
      array_form = json_is_array(m);
      rc = s_decp_json(&s, jroot);
    } else if (json_is_array(rels)) {
      lk = "releases";
      rc = s_ocds(&s, rels);
    } else if (json_is_array(recs)) {
      lk = "records";
      rc = s_ocds(&s, recs);
    }
  }
  if (rc == VG_OK && s.ngroups < 2) rc = VG_E_NOTFOUND;
  if (rc == VG_OK) {
    rc = s_emit(&s, cb, ud, jroot, xroot, lk, array_form, nm, err);
  } else if (rc == VG_E_TOO_BIG) {
    vg_err_set(err, rc, "cannot split '%s': more than %d parts", nm, VG_SPLIT_MAX_PARTS);
  } else if (rc == VG_E_NOMEM) {
    vg_err_set(err, rc, "cannot split '%s': out of memory", nm);
  } else {
    const char *why = perr.msg[0] ? perr.msg
                      : s.ngroups ? "a single part"
                                  : "no DECP contract or OCDS package";
    vg_err_set(err, VG_E_NOTFOUND, "'%s': not splittable (%s)", nm, why);
  }
  s_free(&s);
  json_decref(jroot);
  xmlFreeDoc(xd);
  return rc;
}
