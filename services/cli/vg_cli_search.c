/* vg_cli_search.c: `vigie search QUERY...` — prints the top hits from the local index.
 * Reads the Xapian database directly (read-only), like vigie-api does. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cli.h"
#include "vg_xap.h"

#define VG_SEARCH_QUERY_MAX 1024

int vg_cli_search(vg_cli_t *cli) {
  char q[VG_SEARCH_QUERY_MAX] = "";
  long limit = 10;
  size_t qlen = 0;
  for (int i = 0; i < cli->argc; i++) {
    if (!strcmp(cli->argv[i], "--limit") && i + 1 < cli->argc) {
      if (vg_parse_long(cli->argv[++i], 1, 1000, &limit)) goto usage;
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
  vg_xap_query_t query = {.q = q, .offset = 0, .limit = (size_t)limit, .want_facets = 0};
  json_t *res = NULL;
  int rc = vg_xap_search(r, &query, &res, &err);
  vg_xap_reader_close(&r);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie: %s: %s\n", rc == VG_E_QUERY ? "bad query" : "search failed", err.msg);
    return rc == VG_E_QUERY ? 2 : 1;
  }
  json_t *hits = json_object_get(res, "hits");
  printf("%lld hits for '%s'\n", (long long)json_integer_value(json_object_get(res, "total")), q);
  size_t i;
  json_t *h;
  json_array_foreach(hits, i, h) {
    const char *title = json_string_value(json_object_get(h, "title"));
    const char *buyer = json_string_value(json_object_get(h, "buyer"));
    const char *deadline = json_string_value(json_object_get(h, "deadline"));
    json_t *cpv = json_array_get(json_object_get(h, "cpv"), 0);
    printf("%2zu. %s\n    id=%s buyer=%s cpv=%s deadline=%s flags=%zu\n", i + 1,
           title ? title : "(no title)", json_string_value(json_object_get(h, "id")),
           buyer ? buyer : "-", cpv ? json_string_value(cpv) : "-", deadline ? deadline : "-",
           json_array_size(json_object_get(h, "flags")));
    json_t *sn = json_array_get(json_object_get(h, "snippets"), 0);
    if (sn) printf("    > %.160s\n", json_string_value(json_object_get(sn, "text")));
  }
  json_decref(res);
  return 0;
usage:
  fprintf(stderr, "usage: vigie search [--data DIR] [--limit N] QUERY...\n");
  return 2;
}
