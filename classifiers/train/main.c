/* main.c: vigie-train, the one deterministic command that trains vigie's fastText models and
 * writes their model cards:
 *   vigie-train --corpora DIR --seeds DIR --out DIR [--only clause|cuad]
 * For: argv -> vg_train_cfg_t -> vg_train_run. Not for: any training logic (vg_train_models.c). */
#include <stdio.h>
#include <string.h>

#include "vg_train.h"

static int s_usage(void) {
  fprintf(stderr, "usage: vigie-train --corpora DIR --seeds DIR --out DIR [--only clause|cuad] [--quick]\n"
                  "  --quick: one tiny candidate set, for tests only (recorded in the cards)\n");
  return 2;
}

int main(int argc, char **argv) {
  vg_train_cfg_t cfg = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **dst = NULL;
    if (strcmp(a, "--corpora") == 0) dst = &cfg.corpora;
    else if (strcmp(a, "--seeds") == 0) dst = &cfg.seeds;
    else if (strcmp(a, "--out") == 0) dst = &cfg.out;
    else if (strcmp(a, "--only") == 0) dst = &cfg.only;
    else if (strcmp(a, "--quick") == 0) { cfg.quick = 1; continue; }
    else return s_usage();
    if (i + 1 >= argc) return s_usage();
    *dst = argv[++i];
  }
  if (!cfg.corpora || !cfg.seeds || !cfg.out) return s_usage();
  vg_err_t err = {{0}};
  int rc = vg_train_run(&cfg, &err);
  if (rc != VG_OK) {
    fprintf(stderr, "vigie-train: %s (%s)\n", err.msg[0] ? err.msg : vg_status_str(rc), vg_status_name(rc));
    return 1;
  }
  return 0;
}
