/* vg_parse_int.h: helpers shared by the notice parsers of services/analyse (internal).
 *
 * For: vg_notice.c, vg_eforms*.c and vg_ted.c only: walking a libxml2 tree by local
 * name (namespaces are ignored on purpose: real notices use several SDK/schema versions),
 * whitespace normalisation, code tables (languages, countries) and per-lot field records.
 * Not for: use outside services/analyse; every name here carries the vg__ prefix. */
#ifndef VG_PARSE_INT_H
#define VG_PARSE_INT_H

#include <jansson.h>
#include <libxml/tree.h>
#include <stddef.h>

#include "vg_status.h"

#include "vg_doc.h"

/* Longest normalised text we keep for one free-text field (named limit). */
#define VG__MAX_FIELD_TEXT (1u << 20)

/* A bounded, growable byte buffer; err is set once an append fails or hits the cap. */
typedef struct {
  char *p;
  size_t n, cap;
  int err;
} vg__buf_t;

void vg__buf_free(vg__buf_t *b);
/* Appends s with whitespace normalised: runs of blanks collapse to one space, runs holding
 * a blank line (two newlines) become "\n"; leading/trailing blanks of s are dropped. */
void vg__buf_norm(vg__buf_t *b, const char *s);
void vg__buf_raw(vg__buf_t *b, const char *s, size_t n);

/* Local name of an element, or "" for non-elements. */
const char *vg__name(const xmlNode *n);
int vg__is(const xmlNode *n, const char *local);
/* First element child named local (after prev when prev != NULL), or NULL. */
const xmlNode *vg__child(const xmlNode *n, const char *local);
const xmlNode *vg__next(const xmlNode *prev, const char *local);
/* Follows a '/'-separated path of local names, first match at each step. */
const xmlNode *vg__path(const xmlNode *n, const char *path);
/* First descendant (depth-first, not n itself) named local, or NULL. */
const xmlNode *vg__desc(const xmlNode *n, const char *local);
/* First element child named local whose attribute attr equals val. */
const xmlNode *vg__child_attr(const xmlNode *n, const char *local, const char *attr,
                              const char *val);

/* Normalised text content of n (malloc'd, NULL when empty or absent). */
char *vg__text(const xmlNode *n);
/* Text of vg__path(n, path), normalised; NULL when absent or empty. */
char *vg__ptext(const xmlNode *n, const char *path);
/* Text of the child named local whose languageID (3- or 2-letter) maps to lang2, else of
 * the first child named local; NULL when none. */
char *vg__text_lang(const xmlNode *parent, const char *local, const char *lang2);
/* Attribute value (malloc'd via libxml2 allocator copied to malloc) or NULL. */
char *vg__attr(const xmlNode *n, const char *name);

/* "ENG" / "en" / "EN" -> "en"; NULL when unknown. Static result. */
const char *vg__lang2(const char *code);
/* "FRA" / "FR" / TED "UK" / "EL" -> "FR" "GB" "GR"; NULL when unknown. The result is static,
 * or code itself for an alpha-2 code outside the table (copy it before freeing code). */
const char *vg__country2(const char *code);
/* Accepts "2021-07-08", "2021-07-08+02:00", "2021-07-08Z", "20210708"; writes YYYY-MM-DD.
 * Returns 1 on success. */
int vg__date(const char *in, char out[11]);
/* Accepts "10:00", "10:00:00+01:00", "20210811 10:00" (time after the blank); writes HH:MM. */
int vg__time(const char *in, char out[6]);
/* Parses a decimal amount; returns 1 when the whole string is a finite number. */
int vg__num(const char *in, double *out);

/* Sets doc->fields[key] = v (steals v) unless already set; VG_OK or VG_E_NOMEM. */
int vg__field(vg_doc_t *doc, const char *key, json_t *v);
/* Per-lot value: sets key for the first lot seen and appends {"lot":lot,"value":v} to
 * "lots_<key>". Steals v. */
int vg__lot_field(vg_doc_t *doc, const char *key, const char *lot, json_t *v);

/* Adds a section for a non-empty normalised text. Returns VG_OK or VG_E_NOMEM. */
int vg__section(vg_doc_t *doc, const char *field, const char *lang, const char *lot,
                const char *text);
/* Adds cpv (first 8 digits of code) to sv unless present. */
int vg__cpv(vg_strv_t *sv, const char *code);

/* Safe XML read for the data formats (DECP, vg_split): any DOCTYPE / entity declaration is
 * refused (VG_E_FORBIDDEN), XML_PARSE_NONET, never NOENT / DTDLOAD / HUGE; errors map to
 * VG_E_INPUT / VG_E_ENCODING / VG_E_NOMEM with err naming nm and the line. The caller checks
 * its own size limit first. On VG_OK *out is the caller's (xmlFreeDoc). */
int vg__xml_read(const char *buf, size_t len, const char *nm, xmlDocPtr *out, vg_err_t *err);
/* Element -> JSON: leaf elements become strings, others objects, repeated names arrays;
 * deeper than 64 levels the text is kept. New reference, NULL on allocation failure. */
json_t *vg__xml_json(const xmlNode *n);

/* Format parsers, called by vg_notice_parse() with the root element. */
int vg__eforms_parse(const xmlNode *root, vg_doc_t *doc, vg_err_t *err);
/* Lots, parts and groups of lots, through the business-term map (vg_bt_map.h). */
struct vg__bt_eval;
int vg__eforms_lots(struct vg__bt_eval *e, vg_doc_t *doc, vg_err_t *err);
int vg__ted_parse(const xmlNode *root, vg_doc_t *doc, vg_err_t *err);

#endif
