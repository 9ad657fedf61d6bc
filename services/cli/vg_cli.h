/* vg_cli.h: subcommands of the `vigie` command (one file each).
 * Each takes the arguments after the subcommand name and the resolved data directory paths,
 * and returns the process exit code (0 ok, 1 error, 2 usage, 3 finished with failures). */
#ifndef VG_CLI_H
#define VG_CLI_H

#include "vg_config.h"

typedef struct {
  int argc;
  char **argv;          /* arguments left after global options and the subcommand */
  vg_paths_t paths;     /* from --data / VIGIE_DATA / defaults */
  const char *self_dir; /* directory of the vigie executable (siblings live there) */
  int tty;              /* stdout is a terminal */
} vg_cli_t;

int vg_cli_up(vg_cli_t *cli);
int vg_cli_ingest(vg_cli_t *cli);
int vg_cli_search(vg_cli_t *cli);
int vg_cli_rules(vg_cli_t *cli);
int vg_cli_classify(vg_cli_t *cli);
int vg_cli_audit(vg_cli_t *cli);   /* vg_cli_audit.c: audit verify|show */
int vg_cli_token(vg_cli_t *cli);   /* vg_cli_token.c: token create|list|revoke */
int vg_cli_watch(vg_cli_t *cli);   /* vg_cli_watch.c: drop folder (inotify) */

#endif
