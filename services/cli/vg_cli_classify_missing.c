/* vg_cli_classify_missing.c: placeholder used only while vg_cli_classify.c is absent. */
#include <stdio.h>

#include "vg_cli.h"

int vg_cli_classify(vg_cli_t *cli) {
  (void)cli;
  fprintf(stderr, "vigie: classify is not built in this version\n");
  return 1;
}
