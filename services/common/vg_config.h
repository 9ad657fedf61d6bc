/* vg_config.h: where a local stack lives: the data directory and the socket endpoints
 * derived from it, shared by every process and the `vigie` command.
 *
 * For: computing defaults identically everywhere (one data directory -> ipc:// sockets
 * under DIR/run, the Xapian database DIR/index, the journal DIR/journal.sqlite).
 * Not for: reading the environment (main.c functions do that and pass values in). */
#ifndef VG_CONFIG_H
#define VG_CONFIG_H

#include <stddef.h>

#include "vg_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VG_PATH_MAX 4096
#define VG_ENDPOINT_MAX 512

typedef struct {
  char data_dir[VG_PATH_MAX];
  char index_dir[VG_PATH_MAX];          /* DIR/index: the Xapian database */
  char journal_path[VG_PATH_MAX];       /* DIR/journal.sqlite */
  char dead_letter_path[VG_PATH_MAX];   /* DIR/dead-letter.jsonl */
  char run_dir[VG_PATH_MAX];            /* DIR/run: sockets and pid files */
  char clients_ep[VG_ENDPOINT_MAX];     /* ingest ROUTER for clients */
  char workers_ep[VG_ENDPOINT_MAX];     /* ingest ROUTER for analysis workers */
  char acks_ep[VG_ENDPOINT_MAX];        /* ingest PULL for indexer commits */
  char index_ep[VG_ENDPOINT_MAX];       /* indexer PULL for analysed documents */
  char review_ep[VG_ENDPOINT_MAX];      /* indexer ROUTER for review actions (api -> indexer) */
  char audit_path[VG_PATH_MAX];         /* DIR/audit.jsonl: the hash-chained audit log */
  char tokens_path[VG_PATH_MAX];        /* DIR/tokens.sqlite: API tokens (hashed) */
} vg_paths_t;

/* Chooses the data directory: explicit (flag) if given, else env_data ($VIGIE_DATA), else
 * $XDG_DATA_HOME/vigie, else $HOME/.local/share/vigie, else ./vigie-data. The result is
 * made absolute. VG_OK or VG_E_CONFIG. */
int vg_paths_data_dir(char *out, size_t outlen, const char *explicit_dir, const char *env_data,
                      const char *xdg_data_home, const char *home);

/* Fills every path and ipc:// endpoint from data_dir. VG_OK or VG_E_CONFIG (too long). */
int vg_paths_init(vg_paths_t *p, const char *data_dir, vg_err_t *err);

/* vg_paths_data_dir() then vg_paths_init(): the one call each main.c makes with its --data
 * flag and the environment values. VG_OK or VG_E_CONFIG with err set. */
int vg_paths_resolve(vg_paths_t *p, const char *explicit_dir, const char *env_data,
                     const char *xdg_data_home, const char *home, vg_err_t *err);

/* Overrides an endpoint when value is non-NULL and non-empty (tcp:// deployments). */
void vg_paths_override(char *ep, const char *value);

/* Parses a decimal integer in [lo, hi]. VG_OK or VG_E_CONFIG. (No atoi.) */
int vg_parse_long(const char *s, long lo, long hi, long *out);

#ifdef __cplusplus
}
#endif
#endif
