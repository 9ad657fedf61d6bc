/* vigie: the command a person uses.
 *
 *   vigie up [--data DIR] [--port N] [--workers N] [--bind ADDR]   start and supervise the stack
 *   vigie ingest [--data DIR] [--force] PATH...                     send files/folders, wait, summarise
 *   vigie search [--data DIR] [--limit N] [--kind K] [--sort S] [--all-versions] [--json] QUERY...
 *   vigie rules [stats] [--warn-share F] [--json]                   the rule catalogue, hit rates
 *   vigie classify [--model NAME]                                   label clauses read from stdin
 *   vigie audit verify | show [--after SEQ] [--json]                check / print the audit log
 *   vigie token create --role R --name N | list | revoke ID         API tokens (recorded in the audit log)
 *   vigie watch [--data DIR] [--force] FOLDER                       drop folder: submit files as they arrive
 * Every subcommand takes --data DIR (default: $VIGIE_DATA, else ~/.local/share/vigie). */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_cli.h"

static int s_usage(void) {
  fprintf(stderr,
          "usage: vigie <command> [--data DIR] [options]\n"
          "  up [--port N] [--workers N] [--bind ADDR]  start the local stack (Ctrl-C stops it)\n"
          "  ingest [--force] PATH...                   ingest files and folders, wait until indexed\n"
          "  search [--limit N] [--kind notices|clauses|flags] [--sort S] [--all-versions] [--json] QUERY...\n"
          "                                             search the index\n"
          "  rules [stats] [--warn-share F] [--json]    list the rule catalogue, or each rule's hit rate\n"
          "  classify [--model NAME] < clauses.txt      label one clause per line\n"
          "  audit verify | show [--after SEQ] [--json] check or print the audit log\n"
          "  token create --role R --name N | list | revoke ID   manage API tokens\n"
          "  watch [--force] FOLDER                     submit files dropped into FOLDER (Ctrl-C stops)\n");
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) return s_usage();
  const char *cmd = argv[1];
  /* Pull --data out wherever it stands; the rest goes to the subcommand. */
  const char *data = NULL;
  char **rest = calloc((size_t)argc, sizeof *rest);
  if (!rest) return 1;
  int nrest = 0;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else rest[nrest++] = argv[i];
  }
  vg_cli_t cli = {.argc = nrest, .argv = rest, .tty = isatty(STDOUT_FILENO)};
  char self[VG_PATH_MAX];
  vg_err_t err = {{0}};
  if (vg_paths_resolve(&cli.paths, data, getenv("VIGIE_DATA"), getenv("XDG_DATA_HOME"),
                       getenv("HOME"), &err)) {
    fprintf(stderr, "vigie: bad data directory: %s\n", err.msg);
    free(rest);
    return 1;
  }
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  self[n > 0 ? n : 0] = '\0';
  cli.self_dir = n > 0 ? dirname(self) : ".";
  int rc;
  if (!strcmp(cmd, "up")) rc = vg_cli_up(&cli);
  else if (!strcmp(cmd, "ingest")) rc = vg_cli_ingest(&cli);
  else if (!strcmp(cmd, "search")) rc = vg_cli_search(&cli);
  else if (!strcmp(cmd, "rules")) rc = vg_cli_rules(&cli);
  else if (!strcmp(cmd, "classify")) rc = vg_cli_classify(&cli);
  else if (!strcmp(cmd, "audit")) rc = vg_cli_audit(&cli);
  else if (!strcmp(cmd, "token")) rc = vg_cli_token(&cli);
  else if (!strcmp(cmd, "watch")) rc = vg_cli_watch(&cli);
  else rc = s_usage();
  free(rest);
  return rc;
}
