/* vg_cli_classify.c: `vigie classify` — labels clauses read from stdin, one per line, with a
 * fastText clause model, exactly as the analysis pipeline does (vg_ft_predict runs the same text
 * preparation; the low-confidence threshold comes from the model card, as in vg_analyser.c).
 *
 *   vigie classify [--model NAME|PATH] [--k N] < clauses.txt
 *
 * NAME (default "clause") is <models dir>/NAME.ftz, the models dir being $VIGIE_MODELS_DIR when
 * set, else the build's VIGIE_DEFAULT_MODELS; anything containing '/' or ending in .ftz/.bin is a
 * path. Output: one line per input line, tab-separated:
 *   label  probability  status  [label2  probability2 ...]    (the --k best, best first)
 * status is "ok", "low-confidence" (top-1 probability below the card's low_confidence.threshold),
 * "empty" (no token; label "-"), or "error:invalid-utf8" / "error:too-long" (label "-"; detail on
 * stderr). Bad lines are not fatal; the exit code is then 3 (finished with failures).
 * Not for: segmenting documents into clauses (vigie ingest does the whole pipeline). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_cli.h"
#include "vg_ft.h"

#ifndef VIGIE_DEFAULT_MODELS
#define VIGIE_DEFAULT_MODELS "models"
#endif

#define S_MAX_LINE (64u * 1024u) /* bytes per input line (vg_textprep reads no more anyway) */
#define S_DEFAULT_THRESHOLD 0.5  /* when the model has no card (same default as vg_analyser) */

static int s_usage(void) {
  fprintf(stderr, "usage: vigie classify [--model NAME|PATH] [--k N] < clauses.txt\n"
                  "  one clause per line; prints label, probability, ok|low-confidence (tab-separated)\n");
  return 2;
}

static int s_ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

/* <model path without extension>.card.json -> low_confidence.threshold; *found = 0 if absent. */
static double s_card_threshold(const char *model_path, int *found) {
  char card[VG_PATH_MAX + 16];
  const char *dot = strrchr(model_path, '.');
  size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - model_path) : strlen(model_path);
  *found = 0;
  if (snprintf(card, sizeof card, "%.*s.card.json", (int)stem, model_path) >= (int)sizeof card)
    return S_DEFAULT_THRESHOLD;
  json_t *j = json_load_file(card, 0, NULL);
  json_t *t = json_object_get(json_object_get(j, "low_confidence"), "threshold");
  double v = S_DEFAULT_THRESHOLD;
  if (json_is_number(t)) {
    v = json_number_value(t);
    *found = 1;
  }
  json_decref(j);
  return v;
}

/* Reads one line (without '\n' / "\r\n") into buf (cap >= S_MAX_LINE + 1). Returns 1 when a line
 * was read, 0 at end of input. *too_long is set when the line had more than S_MAX_LINE bytes (the
 * rest is consumed and dropped). NUL bytes are kept (they count as control characters). */
static int s_read_line(FILE *in, char *buf, size_t *len, int *too_long) {
  size_t n = 0;
  int c, any = 0;
  *too_long = 0;
  while ((c = getc(in)) != EOF) {
    any = 1;
    if (c == '\n') break;
    if (n < S_MAX_LINE) buf[n++] = (char)c;
    else *too_long = 1;
  }
  if (!any) return 0;
  if (n > 0 && buf[n - 1] == '\r' && !*too_long) n--;
  buf[n] = '\0';
  *len = n;
  return 1;
}

int vg_cli_classify(vg_cli_t *cli) {
  const char *model = "clause";
  long k = 1;
  for (int i = 0; i < cli->argc; i++) {
    const char *a = cli->argv[i];
    if (!strcmp(a, "--model") && i + 1 < cli->argc) {
      model = cli->argv[++i];
    } else if (!strcmp(a, "--k") && i + 1 < cli->argc) {
      if (vg_parse_long(cli->argv[++i], 1, VG_FT_MAX_K, &k) != VG_OK) return s_usage();
    } else {
      return s_usage();
    }
  }
  char path[VG_PATH_MAX];
  if (strchr(model, '/') || s_ends_with(model, ".ftz") || s_ends_with(model, ".bin")) {
    if (snprintf(path, sizeof path, "%s", model) >= (int)sizeof path) return s_usage();
  } else {
    const char *dir = getenv("VIGIE_MODELS_DIR");
    if (dir == NULL || *dir == '\0') dir = VIGIE_DEFAULT_MODELS;
    if (snprintf(path, sizeof path, "%s/%s.ftz", dir, model) >= (int)sizeof path) return s_usage();
  }
  vg_err_t err = {{0}};
  vg_ft_t *m = vg_ft_load(path, NULL, &err);
  if (m == NULL) {
    fprintf(stderr, "vigie: cannot load model '%s': %s\n", path, err.msg);
    return 1;
  }
  int found = 0;
  double thr = s_card_threshold(path, &found);
  if (!found)
    fprintf(stderr, "vigie: no model card next to '%s'; low-confidence threshold %.2f (default)\n", path, thr);
  int nl = vg_ft_nlabels(m);
  if (k > nl) k = nl > 0 ? nl : 1;
  char *buf = malloc(S_MAX_LINE + 1);
  vg_ft_pred_t *pr = calloc((size_t)k, sizeof *pr);
  if (buf == NULL || pr == NULL) {
    free(buf);
    free(pr);
    vg_ft_destroy(&m);
    fprintf(stderr, "vigie: out of memory\n");
    return 1;
  }
  size_t len = 0, lineno = 0, bad = 0;
  int too_long = 0, rc = 0;
  while (s_read_line(stdin, buf, &len, &too_long)) {
    lineno++;
    if (too_long) {
      fprintf(stderr, "vigie: line %zu: longer than %u bytes, not classified\n", lineno, S_MAX_LINE);
      printf("-\t0.0000\terror:too-long\n");
      bad++;
      continue;
    }
    vg_err_t e2 = {{0}};
    int n = vg_ft_predict(m, buf, len, (int)k, pr, &e2);
    if (n < 0) {
      int enc = n == VG_E_ENCODING;
      fprintf(stderr, "vigie: line %zu: %s\n", lineno, e2.msg[0] ? e2.msg : vg_status_str(n));
      printf("-\t0.0000\t%s\n", enc ? "error:invalid-utf8" : "error:predict");
      bad++;
      if (!enc && n != VG_E_INPUT) { /* a backend failure is not the line's fault: stop */
        rc = 1;
        break;
      }
      continue;
    }
    if (n == 0) {
      printf("-\t0.0000\tempty\n");
      continue;
    }
    printf("%s\t%.4f\t%s", pr[0].label, (double)pr[0].prob, pr[0].prob < thr ? "low-confidence" : "ok");
    for (int i = 1; i < n; i++) printf("\t%s\t%.4f", pr[i].label, (double)pr[i].prob);
    putchar('\n');
  }
  if (ferror(stdin)) {
    fprintf(stderr, "vigie: error reading stdin\n");
    rc = 1;
  }
  if (fflush(stdout) != 0) rc = 1;
  free(buf);
  free(pr);
  vg_ft_destroy(&m);
  if (rc == 0 && bad > 0) rc = 3;
  return rc;
}
