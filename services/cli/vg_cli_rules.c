/* vg_cli_rules.c: `vigie rules` — lists the rule catalogue; `vigie rules stats` — each rule's
 * hit rate over the indexed notices, with a warning when a rule fires on more than a
 * configured share of them (a rule that flags everything says nothing: Cardinal's advice).
 *
 *   vigie rules [--catalogue DIR] [--json]
 *   vigie rules stats [--data DIR] [--catalogue DIR] [--warn-share F] [--json] */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cli.h"
#include "vg_rule_stats.h"
#include "vg_rules.h"
#include "vg_xap.h"


static const char *s_str(json_t *o, const char *k) {
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static void s_legal(json_t *rule, char *out, size_t n) {
  size_t used = 0;
  out[0] = '\0';
  size_t i;
  json_t *lb;
  json_array_foreach(json_object_get(rule, "legal_basis"), i, lb) {
    int w = snprintf(out + used, n - used, "%s%s", used ? "; " : "", s_str(lb, "ref"));
    if (w < 0 || (size_t)w >= n - used) break;
    used += (size_t)w;
  }
}

static int s_stats(vg_cli_t *cli, vg_catalogue_t *cat, double warn, int as_json) {
  vg_err_t err = {{0}};
  const char *paths[1] = {cli->paths.index_dir};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  if (!r) {
    fprintf(stderr, "vigie: cannot open the index '%s': %s\n", cli->paths.index_dir, err.msg);
    return 1;
  }
  vg_xap_query_t q = {.q = "", .offset = 0, .limit = 1, .want_facets = 1, .all_versions = 1};
  json_t *res = NULL;
  int rc = vg_xap_search(r, &q, &res, &err);
  vg_xap_reader_close(&r);
  if (rc) {
    fprintf(stderr, "vigie: cannot count flags: %s\n", err.msg);
    return 1;
  }
  size_t total = (size_t)json_integer_value(json_object_get(res, "total"));
  json_t *facet = json_object_get(json_object_get(res, "facets"), "rule");
  json_t *cj = vg_catalogue_to_json(cat);
  json_t *st = vg_rule_stats(cj, facet, total, warn);
  if (!st) {
    json_decref(cj);
    json_decref(res);
    return 1;
  }
  if (as_json) {
    char *txt = json_dumps(st, JSON_INDENT(1) | JSON_ENSURE_ASCII);
    printf("%s\n", txt ? txt : "{}");
    free(txt);
  } else {
    printf("%-44s %8s %7s  (%zu notices)\n", "rule", "flagged", "share", total);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(st, "rules"), i, r) {
      printf("%-44s %8lld %6.1f%%%s\n", s_str(r, "rule_id"),
             (long long)json_integer_value(json_object_get(r, "flagged")),
             100 * json_real_value(json_object_get(r, "share")),
             json_is_true(json_object_get(r, "over_threshold"))
                 ? "  WARNING: fires on more than the configured share" : "");
    }
    json_int_t over = json_integer_value(json_object_get(st, "over_threshold"));
    if (over)
      printf("%lld rule(s) fire on more than %.0f%% of the notices: check their thresholds\n",
             (long long)over, 100 * warn);
  }
  json_decref(st);
  json_decref(cj);
  json_decref(res);
  return 0;
}

int vg_cli_rules(vg_cli_t *cli) {
  const char *dir = getenv("VIGIE_CATALOGUE");
  if (!dir || !*dir) dir = VIGIE_DEFAULT_CATALOGUE;
  int stats = 0, as_json = 0;
  double warn = VG_RULE_STATS_DEFAULT_WARN;
  for (int i = 0; i < cli->argc; i++) {
    const char *a = cli->argv[i];
    if (!strcmp(a, "stats") && i == 0) stats = 1;
    else if (!strcmp(a, "--json")) as_json = 1;
    else if (!strcmp(a, "--catalogue") && i + 1 < cli->argc) dir = cli->argv[++i];
    else if (!strcmp(a, "--warn-share") && i + 1 < cli->argc) {
      char *end = NULL;
      warn = strtod(cli->argv[++i], &end);
      if (!end || *end || warn < 0 || warn > 1) goto usage;
    } else goto usage;
  }
  vg_err_t err = {{0}};
  vg_catalogue_t *cat = vg_catalogue_load(dir, &err);
  if (!cat) {
    fprintf(stderr, "vigie: cannot load the rule catalogue: %s\n", err.msg);
    return 1;
  }
  int rc = 0;
  if (stats) {
    rc = s_stats(cli, cat, warn, as_json);
  } else if (as_json) {
    json_t *cj = vg_catalogue_to_json(cat);
    char *txt = json_dumps(cj, JSON_INDENT(1));
    printf("%s\n", txt ? txt : "{}");
    free(txt);
    json_decref(cj);
  } else {
    json_t *cj = vg_catalogue_to_json(cat);
    printf("catalogue %s %s (%zu rules, sha256 %.16s…)\n", vg_catalogue_name(cat),
           vg_catalogue_version(cat), vg_catalogue_count(cat), vg_catalogue_sha256(cat));
    size_t i;
    json_t *rule;
    json_array_foreach(json_object_get(cj, "rules"), i, rule) {
      char legal[512];
      s_legal(rule, legal, sizeof legal);
      printf("%-4s %-7s %-6s %s\n     legal basis: %s\n", s_str(rule, "id"), s_str(rule, "version"),
             s_str(rule, "severity"), s_str(json_object_get(rule, "name"), "en"), legal);
    }
    json_decref(cj);
  }
  vg_catalogue_destroy(&cat);
  return rc;
usage:
  fprintf(stderr, "usage: vigie rules [stats] [--data DIR] [--catalogue DIR] [--warn-share F] [--json]\n");
  return 2;
}
