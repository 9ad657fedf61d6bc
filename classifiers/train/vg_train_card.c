/* vg_train_card.c: writes a model card (<name>.card.json and <name>.card.md) for vigie-train.
 * For: recording inputs with checksums, every parameter, selection scores and held-out figures
 * next to the model file. Not for: computing any of them (vg_train_models.c, vg_train_eval.c). */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_file.h"
#include "vg_textprep.h"
#include "vg_train.h"

#define S_PATH_MAX 4096

static json_t *s_opts_json(const vg_ft_train_opts_t *o) {
  return json_pack("{s:s, s:s, s:f, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i}", "model", "supervised",
                   "loss", o->loss == VG_FT_LOSS_OVA ? "ova" : "softmax", "lr", o->lr, "dim", o->dim, "epoch", o->epoch, "wordNgrams",
                   o->word_ngrams, "minn", o->minn, "maxn", o->maxn, "bucket", o->bucket, "minCount",
                   o->min_count, "seed", o->seed, "thread", 1);
}

static double s_r4(double x) { return (double)(long long)(x * 10000.0 + (x >= 0 ? 0.5 : -0.5)) / 10000.0; }

static json_t *s_eval_json(const vg__eval_t *ev, double bin_micro_f1, int with_bin) {
  json_t *cls = json_array();
  for (int i = 0; i < ev->ncls; i++) {
    const vg__cls_t *k = &ev->cls[i];
    json_t *o = json_pack("{s:s, s:i, s:f, s:f, s:f, s:b}", "label", k->label, "support", k->support,
                          "precision", s_r4(k->p), "recall", s_r4(k->r), "f1", s_r4(k->f1), "risk", k->risk);
    if (k->risk)
      json_object_set_new(o, "precision_at_recall_80", k->p_at_r80 < 0 ? json_null() : json_real(s_r4(k->p_at_r80)));
    json_array_append_new(cls, o);
  }
  json_t *e = json_pack("{s:i, s:f, s:f, s:f, s:f, s:f, s:f}", "n", ev->n, "micro_precision", s_r4(ev->micro_p),
                        "micro_recall", s_r4(ev->micro_r), "micro_f1", s_r4(ev->micro_f1), "macro_precision",
                        s_r4(ev->macro_p), "macro_recall", s_r4(ev->macro_r), "macro_f1", s_r4(ev->macro_f1));
  if (with_bin) json_object_set_new(e, "unquantized_micro_f1", json_real(s_r4(bin_micro_f1)));
  json_object_set_new(e, "low_confidence_coverage", json_real(s_r4(ev->thr_coverage)));
  json_object_set_new(e, "accuracy_above_threshold", json_real(s_r4(ev->thr_accuracy)));
  json_object_set_new(e, "classes", cls);
  return e;
}

static json_t *s_card_json(const vg__card_t *c) {
  json_t *root = json_object();
  json_object_set_new(root, "name", json_string(c->name));
  json_object_set_new(root, "purpose", json_string(c->purpose));
  json_object_set_new(root, "file", json_pack("{s:s, s:s, s:I}", "name", "", "sha256", c->ftz_sha256,
                                               "bytes", (json_int_t)c->ftz_bytes));
  char fname[256];
  snprintf(fname, sizeof fname, "%s.ftz", c->name);
  json_object_set_new(json_object_get(root, "file"), "name", json_string(fname));
  json_object_set_new(root, "textprep_version", json_integer(VG_TEXTPREP_VERSION));
  json_object_set_new(root, "fasttext", json_string("libfasttext 0.9.2 (Debian 0.9.2+ds-1+b1)"));
  json_object_set_new(root, "quick_mode", json_boolean(c->quick));
  json_t *ins = json_array();
  for (int i = 0; i < c->nin; i++)
    json_array_append_new(ins, json_pack("{s:s, s:s, s:I}", "path", c->in[i].path, "sha256", c->in[i].sha256,
                                         "rows", (json_int_t)c->in[i].rows));
  json_object_set_new(root, "inputs", ins);
  json_t *cands = json_array();
  for (int i = 0; i < c->ncand; i++) {
    json_t *o = s_opts_json(&c->cand[i]);
    json_object_set_new(o, "tune_micro_f1", json_real(s_r4(c->cand_score[i])));
    json_array_append_new(cands, o);
  }
  json_object_set_new(root, "splits", json_pack("{s:s, s:s, s:I, s:I, s:I, s:I}", "tuning", c->tune_desc,
                                                "evaluation", c->eval_desc, "train_lines",
                                                (json_int_t)c->train_lines, "tune_rows",
                                                (json_int_t)c->tune_lines, "eval_rows",
                                                (json_int_t)c->eval_rows, "skipped_rows",
                                                (json_int_t)c->skipped));
  json_object_set_new(root, "candidates", cands);
  json_object_set_new(root, "chosen", json_integer(c->chosen));
  json_object_set_new(root, "train", s_opts_json(&c->cand[c->chosen]));
  json_object_set_new(root, "quantize",
                      json_pack("{s:i, s:i, s:b, s:b, s:b, s:i, s:f}", "cutoff", c->quant.cutoff, "dsub",
                                c->quant.dsub, "qnorm", c->quant.qnorm, "qout", 0, "retrain",
                                c->quant.retrain, "epoch", c->quant.epoch, "lr", c->quant.lr));
  json_object_set_new(root, "evaluation", s_eval_json(&c->ev, c->bin_micro_f1, 1));
  for (int i = 0; i < c->nsub; i++) {
    char key[64];
    snprintf(key, sizeof key, "evaluation_%s", c->sub_name[i]);
    json_object_set_new(root, key, s_eval_json(&c->sub_ev[i], 0, 0));
  }
  const vg__eval_t *ev = &c->ev;
  json_object_set_new(root, "low_confidence",
                      json_pack("{s:f, s:f, s:s, s:f, s:f}", "threshold", s_r4(ev->thr), "target_accuracy",
                                c->thr_target, "chosen_on", c->tune_desc, "eval_coverage",
                                s_r4(ev->thr_coverage), "eval_accuracy_above", s_r4(ev->thr_accuracy)));
  if (c->notices) {
    json_t *nf = json_array();
    for (size_t i = 0; i < c->notices->files.n; i++) json_array_append_new(nf, json_string(c->notices->files.v[i]));
    json_object_set_new(root, "notice_files", nf);
  }
  json_object_set_new(root, "timings", json_pack("{s:f, s:f}", "train_and_select_s", s_r4(c->train_s),
                                                  "ftz_load_ms", s_r4(c->load_ms)));
  return root;
}

/* Growable markdown buffer with a hard cap. */
typedef struct {
  char *b;
  size_t n, cap;
  int over;
} s_md_t;

static void s_md(s_md_t *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void s_md(s_md_t *m, const char *fmt, ...) {
  if (m->over) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(m->b + m->n, m->cap - m->n, fmt, ap);
  va_end(ap);
  if (k < 0 || (size_t)k >= m->cap - m->n) {
    m->over = 1;
    return;
  }
  m->n += (size_t)k;
}

static void s_md_opts(s_md_t *m, const vg_ft_train_opts_t *o) {
  s_md(m, "loss %s, lr %.2f, dim %d, epoch %d, wordNgrams %d, minn %d, maxn %d, bucket %d, minCount %d, seed %d",
       o->loss == VG_FT_LOSS_OVA ? "ova" : "softmax", o->lr, o->dim, o->epoch, o->word_ngrams, o->minn, o->maxn, o->bucket, o->min_count, o->seed);
}

static void s_md_classes(s_md_t *m, const vg__eval_t *ev) {
  s_md(m, "| label | support | precision | recall | F1 | risk | P@R80 |\n|---|---|---|---|---|---|---|\n");
  for (int i = 0; i < ev->ncls; i++) {
    const vg__cls_t *k = &ev->cls[i];
    s_md(m, "| %s | %d | %.4f | %.4f | %.4f | %s | ", k->label, k->support, k->p, k->r, k->f1, k->risk ? "yes" : "");
    if (k->risk && k->p_at_r80 >= 0) s_md(m, "%.4f |\n", k->p_at_r80);
    else s_md(m, "%s |\n", k->risk ? "n/a (no example)" : "");
  }
}

static int s_card_md(const vg__card_t *c, char **out, size_t *len) {
  s_md_t m = {.b = malloc(256 * 1024), .n = 0, .cap = 256 * 1024, .over = 0};
  if (m.b == NULL) return VG_E_NOMEM;
  const vg__eval_t *ev = &c->ev;
  s_md(&m, "# Model card: `%s`\n\n_Generated by `vigie-train`; do not edit by hand._\n\n%s\n\n", c->name, c->purpose);
  if (c->quick) s_md(&m, "**Quick mode (tests only): figures are not meaningful.**\n\n");
  s_md(&m, "## File\n\n- `%s.ftz`: %lld bytes, sha256 `%s`\n- load time of the .ftz: %.2f ms\n"
           "- text preparation: `vg_textprep` version %d (applied inside `vg_ft_predict`)\n"
           "- fastText: libfasttext 0.9.2 (Debian), supervised, 1 thread\n"
           "- training + selection wall time: %.1f s\n\n",
       c->name, c->ftz_bytes, c->ftz_sha256, c->load_ms, VG_TEXTPREP_VERSION, c->train_s);
  s_md(&m, "## Inputs\n\n| path | sha256 | rows |\n|---|---|---|\n");
  for (int i = 0; i < c->nin; i++) s_md(&m, "| `%s` | `%s` | %zu |\n", c->in[i].path, c->in[i].sha256, c->in[i].rows);
  s_md(&m, "\nRows skipped (invalid UTF-8 or empty after preparation): %zu.\n\n", c->skipped);
  s_md(&m, "## Splits\n\n- training file: %zu lines\n- tuning split (%zu rows): %s\n- evaluation split (%zu rows): %s\n\n",
       c->train_lines, c->tune_lines, c->tune_desc, c->eval_rows, c->eval_desc);
  if (c->extra_md) s_md(&m, "%s\n", c->extra_md);
  s_md(&m, "## Parameters\n\nCandidates (trained on the training part minus the tuning split, scored by micro-F1 on the tuning split):\n\n| # | parameters | tuning micro-F1 |\n|---|---|---|\n");
  for (int i = 0; i < c->ncand; i++) {
    s_md(&m, "| %d%s | ", i, i == c->chosen ? " (chosen)" : "");
    s_md_opts(&m, &c->cand[i]);
    s_md(&m, " | %.4f |\n", c->cand_score[i]);
  }
  s_md(&m, "\nFinal model: the chosen parameters retrained on the whole training part, then quantized: "
           "cutoff %d, dsub %d, qnorm %s, retrain %s, no qout (needs >= 256 labels).\n\n",
       c->quant.cutoff, c->quant.dsub, c->quant.qnorm ? "yes" : "no", c->quant.retrain ? "yes" : "no");
  s_md(&m, "## Held-out figures (quantized model, evaluation split, top-1)\n\n"
           "- micro precision/recall/F1: %.4f / %.4f / %.4f (single-label top-1, so micro-F1 = accuracy)\n"
           "- macro precision/recall/F1: %.4f / %.4f / %.4f (over classes present in the split)\n"
           "- micro-F1 before quantization: %.4f\n\n",
       ev->micro_p, ev->micro_r, ev->micro_f1, ev->macro_p, ev->macro_r, ev->macro_f1, c->bin_micro_f1);
  s_md(&m, "Low-confidence threshold: **%.2f** (lowest multiple of 0.05 whose top-1 accuracy at or above it "
           "reaches %.2f on the tuning split). Predictions below it are reported as low confidence, not forced. "
           "On the evaluation split: coverage %.4f, accuracy above it %.4f.\n\n",
       ev->thr, c->thr_target, ev->thr_coverage, ev->thr_accuracy);
  if (c->nsub > 0) {
    s_md(&m, "| held-out set | rows | micro-F1 | macro-F1 | coverage above threshold | accuracy above it |\n"
             "|---|---|---|---|---|---|\n| all | %d | %.4f | %.4f | %.4f | %.4f |\n",
         ev->n, ev->micro_f1, ev->macro_f1, ev->thr_coverage, ev->thr_accuracy);
    for (int i = 0; i < c->nsub; i++)
      s_md(&m, "| %s | %d | %.4f | %.4f | %.4f | %.4f |\n", c->sub_name[i], c->sub_ev[i].n, c->sub_ev[i].micro_f1,
           c->sub_ev[i].macro_f1, c->sub_ev[i].thr_coverage, c->sub_ev[i].thr_accuracy);
    s_md(&m, "\n### All held-out rows\n\n");
  }
  s_md_classes(&m, ev);
  for (int i = 0; i < c->nsub; i++) {
    s_md(&m, "\n### Held-out %s only\n\n", c->sub_name[i]);
    s_md_classes(&m, &c->sub_ev[i]);
  }
  s_md(&m, "\nP@R80: best precision over score thresholds of P(label) whose recall on the evaluation split is at "
           "least 0.80 (risk-bearing classes only; few examples make it coarse).\n");
  if (m.over) {
    free(m.b);
    return VG_E_TOO_BIG;
  }
  *out = m.b;
  *len = m.n;
  return VG_OK;
}

int vg__card_write(const vg__card_t *c, const char *out, vg_err_t *err) {
  char path[S_PATH_MAX];
  json_t *j = s_card_json(c);
  char *js = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
  json_decref(j);
  if (js == NULL) return vg_err_set(err, VG_E_NOMEM, "cannot build card json");
  snprintf(path, sizeof path, "%s/%s.card.json", out, c->name);
  size_t jl = strlen(js);
  int rc = vg_file_write_atomic(path, js, jl);
  free(js);
  if (rc != VG_OK) return vg_err_set(err, rc, "cannot write '%s'", path);
  char *md = NULL;
  size_t ml = 0;
  rc = s_card_md(c, &md, &ml);
  if (rc != VG_OK) return vg_err_set(err, rc, "cannot build card markdown");
  snprintf(path, sizeof path, "%s/%s.card.md", out, c->name);
  rc = vg_file_write_atomic(path, md, ml);
  free(md);
  if (rc != VG_OK) return vg_err_set(err, rc, "cannot write '%s'", path);
  return VG_OK;
}
