/* vg_cli_token.c: `vigie token create|list|revoke` — API tokens (DATA/tokens.sqlite) for the
 * local administrator; every change is recorded in the audit log as done by "cli:<user>".
 *
 *   vigie token create --role reader|reviewer|admin --name NAME [--data DIR]
 *   vigie token list [--json] [--data DIR]
 *   vigie token revoke ID [--data DIR]
 * Not for: checking tokens (vigie-api does, with vg_tokens_check). */
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_audit.h"
#include "vg_cli.h"
#include "vg_file.h"
#include "vg_tokens.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie token create --role reader|reviewer|admin --name NAME [--data DIR]\n"
          "       vigie token list [--json] [--data DIR]\n"
          "       vigie token revoke ID [--data DIR]\n");
  return 2;
}

/* who = {"name":"cli:<unix user>","role":"admin"}: whoever can run this owns the data dir. */
static json_t *s_who(void) {
  char name[160];
  struct passwd pw, *res = NULL;
  char buf[4096];
  if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) == 0 && res)
    snprintf(name, sizeof name, "cli:%.150s", res->pw_name);
  else
    snprintf(name, sizeof name, "cli:uid-%ld", (long)geteuid());
  return json_pack("{s:s, s:s}", "name", name, "role", "admin");
}

static int s_open(vg_cli_t *cli, vg_tokens_t **t) {
  vg_err_t err = {{0}};
  if (vg_mkdirs(cli->paths.data_dir) != VG_OK) {
    fprintf(stderr, "vigie: cannot create '%s'\n", cli->paths.data_dir);
    return 1;
  }
  if (vg_tokens_open(cli->paths.tokens_path, t, &err) != VG_OK) {
    fprintf(stderr, "vigie: %s\n", err.msg);
    return 1;
  }
  return 0;
}

static int s_create(vg_cli_t *cli, int argc, char **argv) {
  const char *name = NULL, *role_s = NULL;
  for (int i = 0; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--role")) role_s = argv[i + 1];
    else if (!strcmp(argv[i], "--name")) name = argv[i + 1];
    else return s_usage();
  }
  vg_role_t role;
  if (argc % 2 || !name || !role_s || vg_role_parse(role_s, &role) != VG_OK) return s_usage();
  vg_tokens_t *t = NULL;
  if (s_open(cli, &t)) return 1;
  char tok[VG_TOKEN_MAX];
  vg_token_info_t info;
  vg_err_t err = {{0}};
  int rc = vg_tokens_create(t, name, role, tok, &info, &err);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie: cannot create the token: %s\n", err.msg);
    vg_tokens_close(&t);
    return 1;
  }
  json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:o}", "action", "token.create", "token_id", info.id,
                        "name", info.name, "role", vg_role_str(role), "who", s_who());
  if ((rc = vg_audit_append(cli->paths.audit_path, e, &err)) != VG_OK) {
    /* no unrecorded credential: take it back */
    vg_err_t rerr = {{0}};
    vg_tokens_revoke(t, info.id, &rerr);
    fprintf(stderr, "vigie: token not created: cannot record it in the audit log: %s\n", err.msg);
  } else {
    printf("%s\n", tok);
    fprintf(stderr, "token id %s, name '%s', role %s (audit seq %lld). The token is shown only "
            "once: store it now.\n", info.id, info.name, vg_role_str(role),
            (long long)json_integer_value(json_object_get(e, "seq")));
  }
  json_decref(e);
  memset(tok, 0, sizeof tok);
  vg_tokens_close(&t);
  return rc == VG_OK ? 0 : 1;
}

static int s_list(vg_cli_t *cli, int argc, char **argv) {
  int as_json = argc == 1 && !strcmp(argv[0], "--json");
  if (argc > 1 || (argc == 1 && !as_json)) return s_usage();
  vg_tokens_t *t = NULL;
  if (s_open(cli, &t)) return 1;
  json_t *list = NULL;
  vg_err_t err = {{0}};
  int rc = vg_tokens_list(t, &list, &err);
  vg_tokens_close(&t);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie: %s\n", err.msg);
    return 1;
  }
  if (as_json) {
    char *s = json_dumps(list, JSON_INDENT(2));
    if (s) printf("%s\n", s);
    free(s);
  } else {
    printf("%-12s  %-8s  %-20s  %-20s  %s\n", "ID", "ROLE", "CREATED", "REVOKED", "NAME");
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r) {
      const char *rev = json_string_value(json_object_get(r, "revoked"));
      printf("%-12s  %-8s  %-20s  %-20s  %s\n", json_string_value(json_object_get(r, "id")),
             json_string_value(json_object_get(r, "role")),
             json_string_value(json_object_get(r, "created")), rev ? rev : "-",
             json_string_value(json_object_get(r, "name")));
    }
  }
  json_decref(list);
  return 0;
}

static int s_revoke(vg_cli_t *cli, int argc, char **argv) {
  if (argc != 1) return s_usage();
  vg_tokens_t *t = NULL;
  if (s_open(cli, &t)) return 1;
  vg_err_t err = {{0}};
  int rc = vg_tokens_revoke(t, argv[0], &err);
  vg_tokens_close(&t);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie: cannot revoke: %s\n", err.msg);
    return 1;
  }
  json_t *e = json_pack("{s:s, s:s, s:o}", "action", "token.revoke", "token_id", argv[0], "who", s_who());
  rc = vg_audit_append(cli->paths.audit_path, e, &err);
  if (rc != VG_OK)
    fprintf(stderr, "vigie: token %s revoked, but the audit log refused the entry: %s\n", argv[0], err.msg);
  else
    printf("token %s revoked (audit seq %lld)\n", argv[0],
           (long long)json_integer_value(json_object_get(e, "seq")));
  json_decref(e);
  return rc == VG_OK ? 0 : 1;
}

int vg_cli_token(vg_cli_t *cli) {
  if (cli->argc < 1) return s_usage();
  const char *sub = cli->argv[0];
  if (!strcmp(sub, "create")) return s_create(cli, cli->argc - 1, cli->argv + 1);
  if (!strcmp(sub, "list")) return s_list(cli, cli->argc - 1, cli->argv + 1);
  if (!strcmp(sub, "revoke")) return s_revoke(cli, cli->argc - 1, cli->argv + 1);
  return s_usage();
}
