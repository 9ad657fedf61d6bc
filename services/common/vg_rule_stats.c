/* vg_rule_stats.c: per-rule hit rates (see vg_rule_stats.h). */
#include "vg_rule_stats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *s_str(const json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static json_int_t s_count(const json_t *facet, const char *rule_id) {
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)facet, k, v) {
    if (strcasecmp(k, rule_id) == 0) return json_integer_value(v);
  }
  return 0;
}

json_t *vg_rule_stats(const json_t *catalogue, const json_t *rule_facet, size_t notices,
                      double warn_share) {
  json_t *rules = json_array();
  json_int_t over_n = 0;
  size_t i;
  json_t *rule;
  json_array_foreach(json_object_get(catalogue, "rules"), i, rule) {
    char id[160];
    /* flags carry "<id>-<slug>" as rule_id */
    if (*s_str(rule, "rule_id")) snprintf(id, sizeof id, "%s", s_str(rule, "rule_id"));
    else snprintf(id, sizeof id, "%s-%s", s_str(rule, "id"), s_str(rule, "slug"));
    json_int_t n = rule_facet ? s_count(rule_facet, id) : 0;
    double share = notices ? (double)n / (double)notices : 0.0;
    int over = share > warn_share;
    over_n += over;
    json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:I, s:f, s:b}", "rule_id", id,
                                           "version", s_str(rule, "version"), "severity",
                                           s_str(rule, "severity"), "flagged", n, "share", share,
                                           "over_threshold", over));
  }
  return json_pack("{s:I, s:f, s:s, s:s, s:I, s:o}", "notices", (json_int_t)notices, "warn_share",
                   warn_share, "catalogue_version", s_str(catalogue, "version"),
                   "catalogue_sha256", s_str(catalogue, "sha256"), "over_threshold", over_n,
                   "rules", rules);
}
