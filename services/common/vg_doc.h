/* vg_doc.h: the document model shared by every stage.
 *
 * For: one analysed document (a notice or, later, a dossier file): its metadata, the
 * text extracted from it, the clauses cut from that text, each clause's label, every
 * rule outcome (flags and non-flags) with its justification, and the processing record.
 * Not for: parsing (services/analyse), rule logic (classifiers/rules) or indexing.
 *
 * Ownership: a vg_doc_t owns every string and array hanging off it; vg_doc_destroy()
 * frees all of it. Setters copy their arguments. Offsets are BYTE offsets into
 * doc->text (UTF-8), half-open [start, end). doc->text is valid UTF-8, NUL-terminated.
 *
 * Serialised to JSON by vg_doc_to_json()/vg_doc_from_json(); the JSON shape is the
 * one documented in docs/document-model.md and is what the indexer stores. */
#ifndef VG_DOC_H
#define VG_DOC_H

#ifdef __cplusplus
extern "C" {
#endif

#include <jansson.h>
#include <stddef.h>

#include "vg_status.h"

/* A growable array of owned strings. */
typedef struct {
  char **v;
  size_t n, cap;
} vg_strv_t;

int vg_strv_push(vg_strv_t *sv, const char *s);       /* copies s; VG_OK or VG_E_NOMEM */
int vg_strv_has(const vg_strv_t *sv, const char *s);  /* 1 if present */
void vg_strv_clear(vg_strv_t *sv);

typedef struct {
  char *id;          /* lot id as in the notice, e.g. "LOT-0001" or "1" */
  char *title;
  double value;      /* estimated value, valid when has_value */
  int has_value;
  char *currency;    /* ISO 4217, e.g. "EUR" */
  vg_strv_t cpv;     /* 8-digit CPV codes */
} vg_lot_t;

/* A free-text field of the source, as it sits in doc->text. */
typedef struct {
  char *field;       /* where it came from: "title", "description", "BT-24", "TED:SHORT_DESCR"... */
  char *lang;        /* ISO 639-1 lower case, e.g. "fr" */
  char *lot;         /* lot id the text belongs to, or NULL for the whole procedure */
  size_t start, end; /* byte range in doc->text */
} vg_section_t;

typedef struct {
  char *id;          /* "<doc id>/c<ordinal>", ordinal from 1, stable for same text */
  size_t section;    /* index into doc->sections */
  size_t start, end; /* byte range in doc->text */
  int page;          /* 1-based page for paginated sources, 0 when unknown */
  char *number;      /* clause number as written ("5.2", "Article 11"), or NULL */
  char *heading;     /* heading path ("Article 11 > 11.2 Pénalités"), or NULL */
  char *label;       /* taxonomy label from the clause model, or NULL */
  double prob;       /* model probability of label */
  int low_conf;      /* 1 when prob is below the model's confidence threshold */
} vg_clause_t;

/* Outcome of one rule on one document (the four states). */
typedef enum {
  VG_OUTCOME_FLAG = 0,
  VG_OUTCOME_NO_FLAG,
  VG_OUTCOME_MISSING_DATA,
  VG_OUTCOME_NOT_APPLICABLE
} vg_outcome_t;

const char *vg_outcome_str(vg_outcome_t o);   /* "flag", "no_flag", "missing_data", "not_applicable" */
int vg_outcome_parse(const char *s, vg_outcome_t *out); /* VG_OK or VG_E_INPUT */

/* One rule or model finding. When outcome != FLAG, only rule_id, rule_version,
 * outcome and reason are meaningful (the "why not?" record). */
typedef struct {
  char *id;              /* stable flag id: hex hash of (doc id, rule id, evidence start, end) */
  char *rule_id;         /* e.g. "R01-short-submission-period"; NULL for a pure model flag */
  char *rule_version;    /* e.g. "1.0.0" */
  char *model_id;        /* model name when a model decided, else NULL */
  char *model_sha256;    /* checksum of the model file, else NULL */
  vg_outcome_t outcome;
  char *severity;        /* "low" | "medium" | "high" */
  char *legal_basis;     /* "CCP R2161-2" (+ link in the rule file) */
  char *reason;          /* for non-flags: why it did not fire */
  char *explanation;     /* one sentence in the document's language */
  char *explanation_en;  /* the same in English */
  json_t *inputs;        /* array of {"name","value","source":{"field"|"clause",...,"start","end"}} */
  json_t *thresholds;    /* object: threshold name -> value */
  /* evidence span */
  char *clause_id;       /* clause holding the evidence, or NULL when it is a field */
  char *field;           /* source field when evidence is a field value */
  size_t start, end;     /* byte range in doc->text (0,0 when no text evidence) */
  int page;
  char *excerpt;         /* doc->text[start:end], copied */
} vg_flag_t;

typedef struct {
  /* identity */
  char *id;              /* sha256 hex of the source bytes (content hash) */
  char *source;          /* name as submitted (path or archive member) */
  char *format;          /* "eforms" | "ted" | ... */
  /* notice metadata (NULL / has_value = 0 when absent) */
  char *notice_id;       /* eForms cbc:ID (notice-id) / TED NO_DOC_OJS */
  char *procedure_id;    /* the procedure key that groups versions: eForms ContractFolderID,
                            TED "ted:<original OJ number>", OCDS ocid, DECP "decp:<buyer>/<id>";
                            NULL when the source has none (the doc id then stands for it) */
  char *notice_type;     /* eForms notice type code ("cn-standard"), TED document type */
  char *notice_subtype;  /* eForms subtype ("16"), TED form ("F02") */
  char *lang;            /* ISO 639-1 lower case of the original language */
  char *title;
  char *buyer;
  char *buyer_kind;      /* eForms buyer-legal-type code, TED authority type */
  char *country;         /* ISO 3166-1 alpha-2 upper case ("FR") */
  char *procedure;       /* eForms procurement-procedure-type code: "open", "restricted",
                            "neg-w-call", "neg-wo-call", "comp-dial", "innovation", "oth-single", ... */
  char *contract_nature; /* "works" | "supplies" | "services" */
  char *dispatch_date;   /* YYYY-MM-DD */
  char *deadline;        /* submission deadline YYYY-MM-DD */
  char *deadline_time;   /* HH:MM or NULL */
  double value;          /* estimated value of the whole procedure */
  int has_value;
  char *currency;
  vg_strv_t cpv;         /* all CPV codes of the notice, main first */
  vg_lot_t *lots;
  size_t nlots, lots_cap;
  json_t *fields;        /* object: further extracted values keyed by name, e.g.
                            "electronic_submission": true, "accelerated": true,
                            "framework": true, "max_candidates": 3 — see docs */
  /* text */
  char *text;
  size_t text_len;
  vg_section_t *sections;
  size_t nsections, sections_cap;
  vg_clause_t *clauses;
  size_t nclauses, clauses_cap;
  /* judgement */
  vg_flag_t *flags;      /* every rule outcome, FLAG and not */
  size_t nflags, flags_cap;
  json_t *processing;    /* object: software version, model and catalogue checksums, worker, stage times */
} vg_doc_t;

/* Returns a new empty document, or NULL on allocation failure. */
vg_doc_t *vg_doc_new(void);
/* Frees the document and everything it owns; *pdoc is set to NULL. Idempotent. */
void vg_doc_destroy(vg_doc_t **pdoc);

/* Replaces the string field *slot with a copy of s (s may be NULL). VG_OK or VG_E_NOMEM. */
int vg_doc_set(char **slot, const char *s);

/* Appends text as a new section (copies it, adds a blank-line separator before it when the
 * document already has text). Returns the section index, or a negative status. */
long vg_doc_add_section(vg_doc_t *doc, const char *field, const char *lang, const char *lot,
                        const char *text, size_t len);

/* Appends a lot; returns a pointer owned by doc (valid until the next add_lot), or NULL. */
vg_lot_t *vg_doc_add_lot(vg_doc_t *doc, const char *id);

/* Appends a clause covering [start,end) of doc->text within section; its id is derived from
 * the document id and ordinal. Returns a pointer owned by doc (valid until next add), or NULL. */
vg_clause_t *vg_doc_add_clause(vg_doc_t *doc, size_t section, size_t start, size_t end);

/* Appends an empty flag record; returns a pointer owned by doc (valid until next add), or NULL. */
vg_flag_t *vg_doc_add_flag(vg_doc_t *doc);

/* Counts flags whose outcome is VG_OUTCOME_FLAG. */
size_t vg_doc_count_flags(const vg_doc_t *doc);

/* Serialises the whole document. Returns a new reference, or NULL on failure. */
json_t *vg_doc_to_json(const vg_doc_t *doc);
/* Serialises one clause (with its flags' ids) as stored for clause-level search hits. */
json_t *vg_clause_to_json(const vg_doc_t *doc, const vg_clause_t *c);
/* Serialises one flag with its full justification (evidence names doc->id). */
json_t *vg_flag_to_json(const vg_doc_t *doc, const vg_flag_t *f);
/* Rebuilds a document from vg_doc_to_json() output. Returns NULL and fills err on bad input. */
vg_doc_t *vg_doc_from_json(const json_t *j, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
