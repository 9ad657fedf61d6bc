/* vg_cli_audit.c: `vigie audit verify|show` — checks and prints the hash-chained audit log
 * (DATA/audit.jsonl, see docs/audit.md).
 *
 *   vigie audit verify [--data DIR]               exit 0 intact, 1 broken (names the entry)
 *   vigie audit show [--data DIR] [--after SEQ] [--json]
 * Not for: writing entries (the indexer, the api and `vigie token` do). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_audit.h"
#include "vg_cli.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie audit verify [--data DIR]\n"
          "       vigie audit show [--data DIR] [--after SEQ] [--json]\n");
  return 2;
}

static int s_verify(vg_cli_t *cli) {
  const char *path = cli->paths.audit_path;
  json_t *rep = NULL;
  vg_err_t err = {{0}};
  int rc = vg_audit_verify(path, &rep, &err);
  if (rc == VG_OK) {
    printf("audit log intact: %lld entries, head %s\n",
           (long long)json_integer_value(json_object_get(rep, "entries")),
           json_string_value(json_object_get(rep, "head")));
  } else if (rc == VG_E_INPUT && rep) {
    json_t *fb = json_object_get(rep, "first_broken");
    json_t *seq = json_object_get(fb, "seq");
    char s[32] = "?";
    if (json_is_integer(seq)) snprintf(s, sizeof s, "%lld", (long long)json_integer_value(seq));
    printf("audit log BROKEN at line %lld (seq %s): %s\n",
           (long long)json_integer_value(json_object_get(fb, "line")), s,
           json_string_value(json_object_get(fb, "reason")));
  } else if (rc == VG_E_NOTFOUND) {
    fprintf(stderr, "vigie: no audit log at '%s'\n", path);
  } else {
    fprintf(stderr, "vigie: cannot verify '%s': %s\n", path, err.msg);
  }
  json_decref(rep);
  return rc == VG_OK ? 0 : 1;
}

/* One readable line per entry: seq, time, who, action and its subject. */
static void s_print(const json_t *e) {
  json_t *who = json_object_get(e, "who");
  const char *act = json_string_value(json_object_get(e, "action"));
  const char *name = json_string_value(json_object_get(who, "name"));
  const char *role = json_string_value(json_object_get(who, "role"));
  printf("%6lld  %s  %s (%s)  %s", (long long)json_integer_value(json_object_get(e, "seq")),
         json_string_value(json_object_get(e, "at")), name ? name : "-", role ? role : "-",
         act ? act : "?");
  static const char *const keys[] = {"flag_id", "clause_id", "doc_id", "token_id", "name", "role", "status"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    const char *v = json_string_value(json_object_get(e, keys[i]));
    if (v) printf(" %s=%s", keys[i], v);
  }
  const char *text = json_string_value(json_object_get(e, "reason"));
  if (!text) text = json_string_value(json_object_get(e, "note"));
  if (text) printf("\n        %.300s", text);
  printf("\n");
}

static int s_show(vg_cli_t *cli, int argc, char **argv) {
  long after = 0;
  int as_json = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--after") && i + 1 < argc) {
      if (vg_parse_long(argv[++i], 0, 0x7fffffffL, &after)) return s_usage();
    } else if (!strcmp(argv[i], "--json")) {
      as_json = 1;
    } else {
      return s_usage();
    }
  }
  json_t *entries = NULL;
  vg_err_t err = {{0}};
  if (vg_audit_read(cli->paths.audit_path, after, &entries, &err) != VG_OK) {
    fprintf(stderr, "vigie: cannot read '%s': %s\n", cli->paths.audit_path, err.msg);
    return 1;
  }
  size_t i;
  json_t *e;
  json_array_foreach(entries, i, e) {
    if (as_json) {
      char *s = json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);
      if (s) printf("%s\n", s);
      free(s);
    } else {
      s_print(e);
    }
  }
  json_decref(entries);
  /* the head to anchor outside this machine (docs/audit.md) */
  json_t *rep = NULL;
  int rc = vg_audit_verify(cli->paths.audit_path, &rep, &err);
  if (!as_json) {
    if (rc == VG_OK)
      printf("head: seq %lld hash %s (chain verified)\n",
             (long long)json_integer_value(json_object_get(rep, "seq")),
             json_string_value(json_object_get(rep, "head")));
    else if (rc == VG_E_NOTFOUND)
      printf("no audit log at '%s'\n", cli->paths.audit_path);
    else
      printf("chain NOT intact: %s\n", err.msg);
  }
  json_decref(rep);
  return rc == VG_OK || rc == VG_E_NOTFOUND ? 0 : 1;
}

int vg_cli_audit(vg_cli_t *cli) {
  if (cli->argc < 1) return s_usage();
  if (!strcmp(cli->argv[0], "verify")) return cli->argc == 1 ? s_verify(cli) : s_usage();
  if (!strcmp(cli->argv[0], "show")) return s_show(cli, cli->argc - 1, cli->argv + 1);
  return s_usage();
}
