/* vg_xap_schema.h: THE index schema of vigie's Xapian databases (private to the shim).
 *
 * For: every term prefix, value slot, document kind and query field name the shim writes or
 * reads, in one place. docs/index-schema.md explains them for humans; keep both in step.
 * Not for: code. Bump VG_XAP_SCHEMA_VERSION when a change needs a re-index.
 *
 * Conventions: every boolean term value is lower-cased (except ids, kept as given) so that
 * all-upper-case prefixes never run into their values (Xapian's "X" prefix convention). */
#ifndef VG_XAP_SCHEMA_H
#define VG_XAP_SCHEMA_H

namespace vg_xap_schema {

constexpr const char *SCHEMA_VERSION = "1"; /* stored in metadata "vigie:schema" */

/* ---- boolean terms (filters) ---- */
constexpr const char *P_ID = "Q";          /* unique id: notice doc id, or clause id       id: */
constexpr const char *P_KIND = "XK";       /* document kind: KIND_NOTICE / KIND_CLAUSE    kind: */
constexpr const char *P_PARENT = "XDOC";   /* clause -> its notice doc id (as given)       doc: */
constexpr const char *P_NOTICE = "XN";     /* notice_id (TED/eForms publication id)     notice: */
constexpr const char *P_COUNTRY = "XC";    /* ISO 3166 alpha-2                         country: */
constexpr const char *P_CPV = "XCPV";      /* CPV code and every ancestor (45, 452, 4521..) cpv: */
constexpr const char *P_TYPE = "XT";       /* notice_type and notice_subtype              type: */
constexpr const char *P_PROCEDURE = "XPROC"; /* procedure type code                  procedure: */
constexpr const char *P_LABEL = "XL";      /* clause label (notices: every clause's)     label: */
constexpr const char *P_FLAG = "XF";       /* rule id of each FLAG outcome of the notice  flag: */
constexpr const char *P_LANG = "XLANG";    /* language(s): document and sections          lang: */

/* ---- free-text prefixes (stemmed like the body, Z + prefix for stems; notices only) ---- */
constexpr const char *P_TITLE = "S";       /* title                                      title: */
constexpr const char *P_BUYER = "XB";      /* buyer name                                 buyer: */

constexpr const char *KIND_NOTICE = "notice";
constexpr const char *KIND_CLAUSE = "clause";

/* ---- value slots ---- */
enum : unsigned {
  SLOT_DEADLINE = 0,    /* "YYYYMMDD" submission deadline              deadline:A..B, sort */
  SLOT_PUBLISHED = 1,   /* "YYYYMMDD" dispatch date                   published:A..B, sort */
  SLOT_VALUE = 2,       /* sortable_serialise(estimated value)            value:A..B, sort */
  SLOT_NFLAGS = 3,      /* sortable_serialise(number of FLAG outcomes)    flags:A..B, sort */
  SLOT_CPV_DIV = 4,     /* facet, multi: CPV divisions (2 digits), '\n'-separated */
  SLOT_COUNTRY = 5,     /* facet: country (upper case, as in the document) */
  SLOT_BUYER = 6,       /* facet: buyer name (as in the document) */
  SLOT_PROCEDURE = 7,   /* facet: procedure code */
  SLOT_LABEL = 8,       /* facet, multi: clause labels, '\n'-separated */
  SLOT_RULE = 9,        /* facet, multi: rule ids of FLAG outcomes, '\n'-separated */
  SLOT_TYPE = 10,       /* facet: notice type */
  SLOT_LANG = 11,       /* facet: document language (clauses: section language) */
  SLOT_SUMMARY = 12     /* notices: compact JSON of what a hit shows (vg_xap::hit_summary) */
};
constexpr char MULTI_SEP = '\n';

/* Longest term Xapian's glass backend accepts is 245 bytes: boolean values are cut to this
 * many bytes (on a UTF-8 boundary) after their prefix. */
constexpr unsigned MAX_TERM = 240;
/* Longest document id accepted by vg_xap_writer_put (clause ids append "/c<n>"). */
constexpr unsigned MAX_ID = 200;

}  // namespace vg_xap_schema

#endif
