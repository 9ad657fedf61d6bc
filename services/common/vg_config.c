/* vg_config.c: data directory and endpoint defaults (see vg_config.h). */
#include "vg_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vg_wire.h"

static int s_abs(char *out, size_t outlen, const char *path) {
  if (path[0] == '/') return snprintf(out, outlen, "%s", path) < (int)outlen ? VG_OK : VG_E_CONFIG;
  char cwd[VG_PATH_MAX];
  if (!getcwd(cwd, sizeof cwd)) return VG_E_CONFIG;
  return snprintf(out, outlen, "%s/%s", cwd, path) < (int)outlen ? VG_OK : VG_E_CONFIG;
}

int vg_paths_data_dir(char *out, size_t outlen, const char *explicit_dir, const char *env_data,
                      const char *xdg_data_home, const char *home) {
  char tmp[VG_PATH_MAX];
  if (explicit_dir && *explicit_dir) return s_abs(out, outlen, explicit_dir);
  if (env_data && *env_data) return s_abs(out, outlen, env_data);
  if (xdg_data_home && *xdg_data_home) {
    if (snprintf(tmp, sizeof tmp, "%s/vigie", xdg_data_home) >= (int)sizeof tmp) return VG_E_CONFIG;
    return s_abs(out, outlen, tmp);
  }
  if (home && *home) {
    if (snprintf(tmp, sizeof tmp, "%s/.local/share/vigie", home) >= (int)sizeof tmp) return VG_E_CONFIG;
    return s_abs(out, outlen, tmp);
  }
  return s_abs(out, outlen, "vigie-data");
}

int vg_paths_init(vg_paths_t *p, const char *data_dir, vg_err_t *err) {
  memset(p, 0, sizeof *p);
  int bad = 0;
  bad |= snprintf(p->data_dir, sizeof p->data_dir, "%s", data_dir) >= (int)sizeof p->data_dir;
  bad |= snprintf(p->index_dir, sizeof p->index_dir, "%s/index", data_dir) >= (int)sizeof p->index_dir;
  bad |= snprintf(p->journal_path, sizeof p->journal_path, "%s/journal.sqlite", data_dir) >=
         (int)sizeof p->journal_path;
  bad |= snprintf(p->dead_letter_path, sizeof p->dead_letter_path, "%s/dead-letter.jsonl",
                  data_dir) >= (int)sizeof p->dead_letter_path;
  bad |= snprintf(p->run_dir, sizeof p->run_dir, "%s/run", data_dir) >= (int)sizeof p->run_dir;
  bad |= snprintf(p->audit_path, sizeof p->audit_path, "%s/audit.jsonl", data_dir) >=
         (int)sizeof p->audit_path;
  bad |= snprintf(p->tokens_path, sizeof p->tokens_path, "%s/tokens.sqlite", data_dir) >=
         (int)sizeof p->tokens_path;
  bad |= vg_wire_ipc_endpoint(p->clients_ep, sizeof p->clients_ep, data_dir, "clients") != VG_OK;
  bad |= vg_wire_ipc_endpoint(p->workers_ep, sizeof p->workers_ep, data_dir, "workers") != VG_OK;
  bad |= vg_wire_ipc_endpoint(p->acks_ep, sizeof p->acks_ep, data_dir, "acks") != VG_OK;
  bad |= vg_wire_ipc_endpoint(p->index_ep, sizeof p->index_ep, data_dir, "index") != VG_OK;
  bad |= vg_wire_ipc_endpoint(p->review_ep, sizeof p->review_ep, data_dir, "review") != VG_OK;
  if (bad)
    return vg_err_set(err, VG_E_CONFIG,
                      "data directory '%s' is too long for ipc:// socket paths (keep it under ~80 bytes)",
                      data_dir);
  return VG_OK;
}

int vg_paths_resolve(vg_paths_t *p, const char *explicit_dir, const char *env_data,
                     const char *xdg_data_home, const char *home, vg_err_t *err) {
  char dir[VG_PATH_MAX];
  if (vg_paths_data_dir(dir, sizeof dir, explicit_dir, env_data, xdg_data_home, home))
    return vg_err_set(err, VG_E_CONFIG, "data directory path too long");
  return vg_paths_init(p, dir, err);
}

void vg_paths_override(char *ep, const char *value) {
  if (value && *value) snprintf(ep, VG_ENDPOINT_MAX, "%s", value);
}

int vg_parse_long(const char *s, long lo, long hi, long *out) {
  if (!s || !*s) return VG_E_CONFIG;
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end || v < lo || v > hi) return VG_E_CONFIG;
  *out = v;
  return VG_OK;
}
