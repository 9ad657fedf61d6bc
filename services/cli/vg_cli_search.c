/* vg_cli_search.c: `vigie search [--kind K] [--sort S] [--all-versions] [--json] QUERY...` —
 * prints the top hits (notices, clauses or flags) from the local index.
 * Reads the Xapian database directly (read-only), like vigie-api does. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cli.h"
#include "vg_xap.h"

#define VG_SEARCH_QUERY_MAX 1024

/* One line or two per hit, by kind. */
static void s_print_hit(size_t i, const json_t *h, int kind) {
  const char *id = json_string_value(json_object_get(h, "id"));
  if (kind == VG_XAP_KIND_FLAGS) {
    const json_t *rv = json_object_get(h, "review");
    printf("%2zu. %s [%s] %s\n    id=%s doc=%s review=%s\n", i + 1,
           json_string_value(json_object_get(h, "rule_id")),
           json_string_value(json_object_get(h, "severity")),
           json_string_value(json_object_get(h, "explanation_en")), id,
           json_string_value(json_object_get(json_object_get(h, "doc"), "id")),
           json_string_value(json_object_get(rv, "status")));
    return;
  }
  if (kind == VG_XAP_KIND_CLAUSES) {
    const char *head = json_string_value(json_object_get(h, "heading"));
    printf("%2zu. %s (label %s)\n    > %.160s\n", i + 1, id,
           json_string_value(json_object_get(h, "label")) ? json_string_value(json_object_get(h, "label")) : "-",
           head ? head : json_string_value(json_object_get(h, "text")));
    return;
  }
  const char *title = json_string_value(json_object_get(h, "title"));
  const char *buyer = json_string_value(json_object_get(h, "buyer"));
  const char *deadline = json_string_value(json_object_get(h, "deadline"));
  json_t *cpv = json_array_get(json_object_get(h, "cpv"), 0);
  printf("%2zu. %s\n    id=%s buyer=%s cpv=%s deadline=%s flags=%zu\n", i + 1,
         title ? title : "(no title)", id, buyer ? buyer : "-", cpv ? json_string_value(cpv) : "-",
         deadline ? deadline : "-", json_array_size(json_object_get(h, "flags")));
  json_t *sn = json_array_get(json_object_get(h, "snippets"), 0);
  if (sn) printf("    > %.160s\n", json_string_value(json_object_get(sn, "text")));
}

int vg_cli_search(vg_cli_t *cli) {
  char q[VG_SEARCH_QUERY_MAX] = "";
  long limit = 10;
  size_t qlen = 0;
  int kind = VG_XAP_KIND_NOTICES, all_versions = 0, as_json = 0;
  const char *sort = NULL;
  for (int i = 0; i < cli->argc; i++) {
    if (!strcmp(cli->argv[i], "--limit") && i + 1 < cli->argc) {
      if (vg_parse_long(cli->argv[++i], 1, 1000, &limit)) goto usage;
      continue;
    }
    if (!strcmp(cli->argv[i], "--kind") && i + 1 < cli->argc) {
      const char *k = cli->argv[++i];
      if (!strcmp(k, "notices")) kind = VG_XAP_KIND_NOTICES;
      else if (!strcmp(k, "clauses")) kind = VG_XAP_KIND_CLAUSES;
      else if (!strcmp(k, "flags")) kind = VG_XAP_KIND_FLAGS;
      else goto usage;
      continue;
    }
    if (!strcmp(cli->argv[i], "--sort") && i + 1 < cli->argc) {
      sort = cli->argv[++i];
      continue;
    }
    if (!strcmp(cli->argv[i], "--all-versions")) {
      all_versions = 1;
      continue;
    }
    if (!strcmp(cli->argv[i], "--json")) {
      as_json = 1;
      continue;
    }
    int n = snprintf(q + qlen, sizeof q - qlen, "%s%s", qlen ? " " : "", cli->argv[i]);
    if (n < 0 || (size_t)n >= sizeof q - qlen) {
      fprintf(stderr, "vigie: query longer than %d bytes\n", VG_SEARCH_QUERY_MAX);
      return 2;
    }
    qlen += (size_t)n;
  }
  vg_err_t err = {{0}};
  const char *paths[1] = {cli->paths.index_dir};
  vg_xap_reader_t *r = vg_xap_reader_open(paths, 1, &err);
  if (!r) {
    fprintf(stderr, "vigie: cannot open the index '%s': %s\n", cli->paths.index_dir, err.msg);
    return 1;
  }
  vg_xap_query_t query = {.q = q, .offset = 0, .limit = (size_t)limit, .want_facets = 0,
                          .kind = kind, .sort = sort, .all_versions = all_versions};
  json_t *res = NULL;
  int rc = vg_xap_search(r, &query, &res, &err);
  vg_xap_reader_close(&r);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie: %s: %s\n", rc == VG_E_QUERY ? "bad query" : "search failed", err.msg);
    return rc == VG_E_QUERY ? 2 : 1;
  }
  if (as_json) {
    json_dumpf(res, stdout, JSON_INDENT(2));
    putchar('\n');
    json_decref(res);
    return 0;
  }
  json_t *hits = json_object_get(res, "hits");
  printf("%lld hits for '%s'\n", (long long)json_integer_value(json_object_get(res, "total")), q);
  size_t i;
  json_t *h;
  json_array_foreach(hits, i, h) s_print_hit(i, h, kind);
  json_decref(res);
  return 0;
usage:
  fprintf(stderr, "usage: vigie search [--data DIR] [--limit N] [--kind notices|clauses|flags] "
                  "[--sort relevance|published|deadline|value|flags|severity] [--all-versions] "
                  "[--json] QUERY...\n");
  return 2;
}
