/* vg_rule_stats.h: each rule's hit rate over an index, computed from the catalogue (as JSON,
 * vg_catalogue_to_json) and the "rule" facet of a match-all search (vg_xap_search).
 * For: `vigie rules stats` and GET /api/v1/rules/stats, so both say the same thing.
 * Not for: evaluating rules. */
#ifndef VG_RULE_STATS_H
#define VG_RULE_STATS_H

#include <jansson.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VG_RULE_STATS_DEFAULT_WARN 0.30

/* Returns a new object {"notices", "warn_share", "catalogue_version", "catalogue_sha256",
 * "over_threshold": n, "rules": [{"rule_id","version","severity","flagged","share",
 * "over_threshold"}]} in catalogue order, or NULL on allocation failure. rule_facet maps a flag's
 * rule id (any case) to the number of notices it flagged; it may be NULL (no flags). */
json_t *vg_rule_stats(const json_t *catalogue, const json_t *rule_facet, size_t notices,
                      double warn_share);

#ifdef __cplusplus
}
#endif
#endif
