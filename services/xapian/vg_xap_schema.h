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

constexpr const char *SCHEMA_VERSION = "2"; /* stored in metadata "vigie:schema"; 2: flag
                                               documents, reviews, versions, dossier, cursor
                                               tie-break (a version-1 database needs a
                                               re-index for those; searching it still works) */

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
constexpr const char *P_FLAG = "XF";       /* rule id of each FLAG outcome of the notice (flag
                                              docs: their own)          flag:, rule: */
constexpr const char *P_LANG = "XLANG";    /* language(s): document and sections          lang: */

constexpr const char *P_STATUS = "XRS";    /* review status of FLAG outcomes: flag doc: its
                                              own (exactly one); notice: its flags'; clause:
                                              the flags whose evidence it holds    status: */
constexpr const char *P_SEVERITY = "XSEV"; /* flag docs: severity (low|medium|high) severity: */
constexpr const char *P_PROCKEY = "XPK";   /* procedure key (procedure_id, else doc id), as
                                              given; every kind                procedure_id: */
constexpr const char *P_PROCNOTICE = "XPN"; /* version key on notices only (version election):
                                                fields.version_key, else the procedure key */
constexpr const char *P_VERSION = "XV";    /* "latest" | "superseded"; every kind    version: */
constexpr const char *P_DOSSIER = "XDOS";  /* container sha256 (fields.container.sha256),
                                              lower-cased; every kind                dossier: */
constexpr const char *P_FORMAT = "XE";     /* source format (eforms, ted, ocds, decp, pdf, docx,
                                              odt, html, text), lower-cased; every kind format: */
constexpr const char *P_BUYER_EXACT = "XBX"; /* whole buyer name, lower-cased; every kind
                                                (buyer: matches it OR the buyer words) */

/* ---- free-text prefixes (stemmed like the body, Z + prefix for stems; notices only) ---- */
constexpr const char *P_TITLE = "S";       /* title                                      title: */
constexpr const char *P_BUYER = "XB";      /* buyer name (notices and flags)             buyer: */

constexpr const char *KIND_NOTICE = "notice";
constexpr const char *KIND_CLAUSE = "clause";
constexpr const char *KIND_FLAG = "flag";  /* one document per FLAG outcome */

constexpr const char *VERSION_LATEST = "latest";
constexpr const char *VERSION_SUPERSEDED = "superseded";
constexpr const char *STATUS_OPEN = "open"; /* a flag never reviewed */

/* ---- metadata keys ---- */
constexpr const char *MD_PUTSEQ = "vigie:putseq";   /* last put order number (decimal) */
constexpr const char *MD_REVIEW = "review:";        /* + flag id -> {"current":{..},"history":[..]} */
constexpr const char *MD_NOTE = "note:";            /* + clause id -> [{"note","who",..}, ..] */
constexpr const char *MD_APPLIED = "audit:applied"; /* last applied audit seq (decimal) */

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
  SLOT_SUMMARY = 12,    /* notices: compact JSON of what a hit shows (vg_xap::hit_summary) */
  SLOT_SEVERITY = 13,   /* flags: facet severity */
  SLOT_SEVRANK = 14,    /* flags: sortable_serialise(1 low, 2 medium, 3 high)    sort severity */
  SLOT_STATUS = 15,     /* facet, multi: review statuses (as the XRS terms), '\n'-separated */
  SLOT_ID = 16,         /* every kind: its unique id (sort tie-break, cursors) */
  SLOT_VINFO = 17,      /* notices: JSON {"id","notice_id","notice_type","notice_subtype",
                           "dispatch_date","seq"} (version election and listing) */
  SLOT_CLAUSE = 18      /* flags: clause id of the evidence (status of that clause) */
};
constexpr char MULTI_SEP = '\n';

/* Longest term Xapian's glass backend accepts is 245 bytes: boolean values are cut to this
 * many bytes (on a UTF-8 boundary) after their prefix. */
constexpr unsigned MAX_TERM = 240;
/* Longest document id accepted by vg_xap_writer_put (clause ids append "/c<n>"). */
constexpr unsigned MAX_ID = 200;

}  // namespace vg_xap_schema

#endif
