/* vg_rules_int.h: internals shared by the rule engine's files (catalogue loader, evaluation
 * driver and the generic evaluator kinds). Not for use outside classifiers/rules. */
#ifndef VG_RULES_INT_H
#define VG_RULES_INT_H

#include <regex.h>

#include "vg_doc.h"
#include "vg_rules.h"

/* The fixed set of evaluator kinds (docs/rules.md describes each one). */
#define VG__KIND_LIST(X)                        \
  X(VG__K_DATE_PERIOD_MIN, "date_period_min")   \
  X(VG__K_FIELD_COMPARE, "field_compare")       \
  X(VG__K_FIELD_COMPANION, "field_companion_missing") \
  X(VG__K_FIELD_IN, "field_in")                 \
  X(VG__K_FIELD_ARRAY_PATTERN, "field_array_pattern") \
  X(VG__K_DATE_DIFF, "date_diff_compare")       \
  X(VG__K_FIELD_ARRAY_MISSING_KEY, "field_array_missing_key") \
  X(VG__K_TEXT_PATTERN, "text_pattern")         \
  X(VG__K_TEXT_COMPANION, "text_missing_companion") \
  X(VG__K_TEXT_NUMBER, "text_number_compare")   \
  X(VG__K_TEXT_AMOUNT_RATIO, "text_amount_ratio") \
  X(VG__K_TEXT_REQUIRED, "text_required")

typedef enum {
#define VG__KIND_ENUM(k, s) k,
  VG__KIND_LIST(VG__KIND_ENUM)
#undef VG__KIND_ENUM
  VG__K_COUNT
} vg__kind_t;

typedef struct {
  regex_t *re;
  size_t n;
} vg__relist_t;

typedef struct {
  vg__kind_t kind;
  const json_t *cfg;            /* the check object, borrowed from the rule's json */
  vg__relist_t context, patterns, companion, unless, near, triggers, defer;
  vg_strv_t gazetteer;          /* entries of the gazetteer file, sorted, when the check names one */
  size_t gz_idx[257];           /* entries starting with byte b are gazetteer.v[gz_idx[b]..gz_idx[b+1]) */
  const json_t *explanation;    /* {"fr","en"} of this check, or NULL for the rule's */
} vg__check_t;

typedef struct {
  char *id;                     /* "R01" */
  char *rule_id;                /* "R01-<slug>", written into flags */
  char *version, *severity, *legal_basis, *file;
  char valid_from[11], valid_to[11]; /* "" when open */
  json_t *json;                 /* the whole rule file */
  const json_t *thresholds, *applies_to, *explanation;
  vg__check_t *checks;
  size_t nchecks;
} vg__rule_t;

struct vg_catalogue {
  char *name, *version;
  char sha256[65];
  vg__rule_t *rules;            /* sorted by id */
  size_t nrules;
};

/* A piece of text the text evaluators scan: a clause, or a section when the document has no
 * clauses yet. */
typedef struct {
  const char *clause_id;        /* NULL for a section */
  const char *field;            /* section field */
  const char *lot;              /* lot id of the section, or NULL */
  const char *lang;             /* language of the section, or NULL */
  size_t start, end;
  int page;
} vg__unit_t;

typedef struct {
  const vg_doc_t *doc;
  const vg__rule_t *rule;
  const vg__unit_t *units;
  size_t nunits;
} vg__ctx_t;

/* The result of one check. vars fill the explanation placeholders. */
typedef struct {
  vg_outcome_t outcome;
  char reason[400];
  json_t *vars;                 /* object */
  json_t *inputs;               /* array */
  json_t *thresholds;           /* object */
  const char *field;            /* evidence field (borrowed), or NULL */
  const vg__unit_t *unit;       /* evidence unit, or NULL */
  size_t start, end;            /* evidence span in doc->text when unit != NULL */
  const vg__check_t *check;
} vg__res_t;

/* Generic evaluators: fill res; return VG_OK or VG_E_NOMEM. */
int vg__check_field(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res);
int vg__check_text(const vg__ctx_t *ctx, const vg__check_t *ck, vg__res_t *res);

/* The value of a document field as JSON (new reference), from vg_doc_t members (deadline,
 * dispatch_date, procedure, value, currency, notice_type, buyer_kind, country, cpv, ...) or
 * doc->fields; NULL when absent or empty. */
json_t *vg__field_get(const vg_doc_t *doc, const char *name);
/* Resolves a threshold spec (number, name of a rule threshold, or {"by","map","default"}).
 * Returns 1 with *out set, 0 when it has no value for this document (*why says why). */
int vg__threshold(const vg__ctx_t *ctx, const json_t *spec, double *out, const char **why);
/* "when": [{"field": f, "equals": v} | {"field": f, "op": o, "value": threshold} | {"field": f}]
 * preconditions of a check (all must hold; the last form asks for a present value that is not
 * false). Returns -1 when they hold, else the outcome to record (NOT_APPLICABLE, or
 * MISSING_DATA when a field is absent) with res->reason set. */
int vg__when(const vg__ctx_t *ctx, const json_t *cfg, vg__res_t *res);
/* 1 when the section field name starts with one of the strings of the JSON array prefixes. */
int vg__section_in(const json_t *prefixes, const char *field);
/* Appends an input {"name","value","source":{"field":name}} to res->inputs. */
void vg__input_field(vg__res_t *res, const char *name, json_t *value_stolen);
/* Appends an input whose source is a text span of a unit. */
void vg__input_span(vg__res_t *res, const char *name, json_t *value_stolen,
                    const vg__unit_t *u, size_t start, size_t end);
/* printf into res->reason. */
void vg__reason(vg__res_t *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs the regex list on text[start,end) of the document; on the first match of any of them
 * sets *ms and *me (document offsets) and returns 1; 0 when none matches. */
int vg__re_search(const vg__relist_t *rl, const char *text, size_t start, size_t end,
                  size_t *ms, size_t *me);

#endif
