/* rules_fixture.h: builds test documents for the rule engine tests.
 * For: tests only. A fixture document gets metadata from a small JSON object, doc->fields from
 * another, and one section + one clause per text. */
#ifndef RULES_FIXTURE_H
#define RULES_FIXTURE_H

#include "vg_doc.h"

/* meta: JSON object of vg_doc_t members ("procedure", "dispatch_date", "deadline", "lang",
 * "value" (number), "currency", "cpv" (string, or array: main first), "lots"
 * ([{"id","value"}]), ...) and "section" (the field name given to every text section,
 * default "description");
 * fields: JSON object for doc->fields (may be NULL); texts: NULL-terminated clause texts;
 * lot: lot id given to the sections (may be NULL). Aborts on malformed fixture JSON. */
vg_doc_t *fx_doc(const char *id, const char *meta, const char *fields, const char *const *texts,
                 const char *lot);
/* The flag of the rule whose rule_id starts with "<rule>-", or NULL. */
const vg_flag_t *fx_flag(const vg_doc_t *d, const char *rule);
/* Checks the invariants of every flag of d (one per rule, evidence offsets valid, excerpt equal
 * to the text span, explanation present for FLAG, reason for others). Returns the number of
 * violations and prints them. */
int fx_check_invariants(const vg_doc_t *d, size_t nrules);

#endif
