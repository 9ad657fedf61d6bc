/* vg_train_eval.c: held-out evaluation of a vg_ft model for the model cards.
 * For: per-class precision/recall/F1, micro and macro averages, precision at 80% recall for the
 * risk-bearing classes, and the choice of the low-confidence threshold.
 * Not for: training or selection policy (vg_train_models.c). */
#include <stdlib.h>
#include <string.h>

#include "vg_train.h"

static int s_find(const vg__eval_t *ev, const char *label) {
  for (int i = 0; i < ev->ncls; i++)
    if (strcmp(ev->cls[i].label, label) == 0) return i;
  return -1;
}

static int s_add_class(vg__eval_t *ev, const char *label) {
  int i = s_find(ev, label);
  if (i >= 0 || ev->ncls >= VG_TRAIN_MAX_CLASS) return i;
  i = ev->ncls++;
  memset(&ev->cls[i], 0, sizeof ev->cls[i]);
  size_t n = strlen(label);
  if (n >= sizeof ev->cls[i].label) n = sizeof ev->cls[i].label - 1;
  memcpy(ev->cls[i].label, label, n);
  ev->cls[i].p_at_r80 = -1.0;
  return i;
}

static double s_div(double a, double b) { return b > 0 ? a / b : 0.0; }

typedef struct {
  float score;
  int pos;
} s_scored_t;

static int s_cmp_desc(const void *a, const void *b) {
  const s_scored_t *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return y->pos - x->pos; /* ties: negatives first, the pessimistic order */
}

/* Max precision over the score thresholds whose recall is >= 0.8. */
static double s_p_at_r80(s_scored_t *sc, int n, int npos) {
  if (npos == 0) return -1.0;
  qsort(sc, (size_t)n, sizeof *sc, s_cmp_desc);
  int tp = 0;
  double best = 0.0;
  for (int i = 0; i < n; i++) {
    tp += sc[i].pos;
    double r = (double)tp / npos, p = (double)tp / (i + 1);
    if (r >= 0.8 && p > best) best = p;
  }
  return best;
}

static int s_in(const vg__ex_t *x, int split, const char *src) {
  return x->split == split && (src == NULL || strncmp(x->source, src, strlen(src)) == 0);
}

int vg__evaluate(const vg_ft_t *m, const vg__exset_t *s, int split, const char *src,
                 const char *const *risk, double thr, vg__eval_t *ev, vg_err_t *err) {
  memset(ev, 0, sizeof *ev);
  int nl = vg_ft_nlabels(m);
  for (int i = 0; i < nl; i++) s_add_class(ev, vg_ft_label(m, i));
  int n = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s_in(&s->v[i], split, src)) n++;
  vg_ft_pred_t *pr = calloc((size_t)(nl > 0 ? nl : 1), sizeof *pr);
  int nrisk = 0;
  while (risk && risk[nrisk]) nrisk++;
  s_scored_t *sc = calloc((size_t)(n ? n : 1) * (size_t)(nrisk ? nrisk : 1), sizeof *sc);
  if (pr == NULL || sc == NULL) {
    free(pr);
    free(sc);
    return vg_err_set(err, VG_E_NOMEM, "out of memory");
  }
  int j = 0, above = 0, above_ok = 0;
  for (size_t i = 0; i < s->n; i++) {
    const vg__ex_t *x = &s->v[i];
    if (!s_in(x, split, src)) continue;
    int k = vg_ft_predict_prepared(m, x->prep, nl, pr, err);
    if (k < 0) {
      free(pr);
      free(sc);
      return k;
    }
    int gold = s_add_class(ev, x->label);
    int got = k > 0 ? s_find(ev, pr[0].label) : -1;
    if (gold >= 0) ev->cls[gold].support++;
    if (got >= 0 && got == gold) {
      ev->cls[gold].tp++;
    } else {
      if (got >= 0) ev->cls[got].fp++;
      if (gold >= 0) ev->cls[gold].fn++;
    }
    if (k > 0 && pr[0].prob >= thr) {
      above++;
      above_ok += got == gold;
    }
    for (int r = 0; r < nrisk; r++) {
      float p = 0.0f;
      for (int q = 0; q < k; q++)
        if (strcmp(pr[q].label, risk[r]) == 0) p = pr[q].prob;
      sc[(size_t)r * (size_t)n + (size_t)j].score = p;
      sc[(size_t)r * (size_t)n + (size_t)j].pos = strcmp(x->label, risk[r]) == 0;
    }
    j++;
  }
  ev->n = n;
  int tp = 0, fp = 0, fn = 0, nmacro = 0;
  for (int c = 0; c < ev->ncls; c++) {
    vg__cls_t *k = &ev->cls[c];
    k->p = s_div(k->tp, k->tp + k->fp);
    k->r = s_div(k->tp, k->tp + k->fn);
    k->f1 = s_div(2 * k->p * k->r, k->p + k->r);
    tp += k->tp;
    fp += k->fp;
    fn += k->fn;
    if (k->support > 0) { /* macro over classes present in the held-out split */
      ev->macro_p += k->p;
      ev->macro_r += k->r;
      ev->macro_f1 += k->f1;
      nmacro++;
    }
  }
  ev->macro_p = s_div(ev->macro_p, nmacro);
  ev->macro_r = s_div(ev->macro_r, nmacro);
  ev->macro_f1 = s_div(ev->macro_f1, nmacro);
  ev->micro_p = s_div(tp, tp + fp);
  ev->micro_r = s_div(tp, tp + fn);
  ev->micro_f1 = s_div(2 * ev->micro_p * ev->micro_r, ev->micro_p + ev->micro_r);
  for (int r = 0; r < nrisk; r++) {
    int c = s_find(ev, risk[r]);
    if (c < 0) continue;
    ev->cls[c].risk = 1;
    ev->cls[c].p_at_r80 = s_p_at_r80(sc + (size_t)r * (size_t)n, n, ev->cls[c].support);
  }
  ev->thr = thr;
  ev->thr_coverage = s_div(above, n);
  ev->thr_accuracy = s_div(above_ok, above);
  free(pr);
  free(sc);
  return VG_OK;
}

int vg__pick_threshold(const vg_ft_t *m, const vg__exset_t *s, int split, double target,
                       double *thr, vg_err_t *err) {
  *thr = 0.95;
  for (int t = 1; t <= 19; t++) {
    vg__eval_t *ev = malloc(sizeof *ev);
    if (ev == NULL) return vg_err_set(err, VG_E_NOMEM, "out of memory");
    int rc = vg__evaluate(m, s, split, NULL, NULL, t * 0.05, ev, err);
    double acc = ev->thr_accuracy, cov = ev->thr_coverage;
    free(ev);
    if (rc != VG_OK) return rc;
    if (cov > 0 && acc >= target) {
      *thr = t * 0.05;
      return VG_OK;
    }
  }
  return VG_OK;
}
