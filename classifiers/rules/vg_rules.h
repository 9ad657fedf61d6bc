/* vg_rules.h: the rule engine: loads a versioned rule catalogue (data files) and evaluates
 * every rule on a document, recording one outcome per rule with its full justification.
 *
 * For: vigie-analyse (flag stage), `vigie rules` and the API's catalogue listing.
 * Not for: rule-specific logic (there is none in C: each rule file picks one of a fixed set of
 * generic evaluator kinds and parameterises it; see docs/rules.md), parsing or classification.
 *
 * Catalogue directory layout:
 *   <dir>/catalogue.json     {"name", "version"}
 *   <dir>/rules/<id>-<slug>.json   one rule per file
 *   <dir>/gazetteers/<name>.txt   word lists referenced by rules (one entry a line, '#' comments)
 * The catalogue checksum is the sha256 over every one of those files, sorted by relative path
 * (each contributes "<path>\0<sha256 of its bytes>\n").
 * A loaded catalogue is immutable and may be shared by threads. */
#ifndef VG_RULES_H
#define VG_RULES_H

#ifdef __cplusplus
extern "C" {
#endif

#include <jansson.h>
#include <stddef.h>

#include "vg_doc.h"
#include "vg_status.h"

typedef struct vg_catalogue vg_catalogue_t;

/* Hard limits on what a catalogue may hold. */
#define VG_RULES_MAX_RULES 256
#define VG_RULES_MAX_FILE_BYTES ((size_t)256 * 1024)
#define VG_RULES_MAX_GAZETTEER_ENTRIES 4096

/* Loads and validates the catalogue in dir. Returns NULL on failure with err naming the
 * offending file and why (VG_E_CONFIG for invalid content, VG_E_IO when unreadable). */
vg_catalogue_t *vg_catalogue_load(const char *dir, vg_err_t *err);
/* Frees the catalogue; *pcat set to NULL. Idempotent. */
void vg_catalogue_destroy(vg_catalogue_t **pcat);

/* Borrowed strings valid until destroy: catalogue version ("1.0.0"), its name, and the
 * sha256 hex of its files. */
const char *vg_catalogue_version(const vg_catalogue_t *cat);
const char *vg_catalogue_name(const vg_catalogue_t *cat);
const char *vg_catalogue_sha256(const vg_catalogue_t *cat);
/* Number of rules. */
size_t vg_catalogue_count(const vg_catalogue_t *cat);

/* {"name","version","sha256","rules":[<rule file object> + "rule_id"]} sorted by id.
 * Returns a new reference, or NULL on allocation failure. */
json_t *vg_catalogue_to_json(const vg_catalogue_t *cat);

/* Evaluates every rule, in id order, appending exactly one vg_flag_t per rule to doc->flags
 * (outcome FLAG, NO_FLAG, MISSING_DATA or NOT_APPLICABLE). Flag ids are the sha256 hex of
 * "<doc id>|<rule id>|<evidence start>|<evidence end>". Deterministic: the same document and
 * catalogue give the same flags. Returns VG_OK, or VG_E_NOMEM (service-level) with err. */
int vg_rules_eval(const vg_catalogue_t *cat, vg_doc_t *doc, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
