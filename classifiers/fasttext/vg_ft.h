/* vg_ft.h: pure-C contract of the fastText shim (vg_ft.cc is the only C++ of classifiers/).
 *
 * For: loading a supervised fastText model (.bin or .ftz), predicting clause labels with
 * probabilities, and training + quantizing models for classifiers/train (vigie-train).
 * Not for: word vectors, nearest neighbours, autotune, or any label thresholding policy (the
 * low-confidence threshold lives in the model card and is applied by the caller).
 *
 * Text preparation: vg_ft_predict() runs vg_textprep() on the raw text itself, so callers pass
 * clause text as it is in the document. Training files, on the other hand, must already be in
 * fastText format with prepared text ("__label__x <vg_textprep output>\n"): vigie-train writes them.
 *
 * Errors: no C++ exception crosses this header; every entry point catches and maps them to a
 * vg_status_t code with detail in the optional vg_err_t. Nothing here calls exit() or abort()
 * (fasttext::Args::parseArgs is never used).
 *
 * Threads: a loaded vg_ft_t is immutable; vg_ft_predict() and the accessors are const and may be
 * called from many threads on the same model at once (fastText builds per-call state). Training,
 * quantizing, saving and destroying need exclusive access. */
#ifndef VG_FT_H
#define VG_FT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_hash.h"
#include "vg_status.h"

#define VG_FT_LABEL_MAX      64                   /* bytes incl. NUL; longer labels are cut */
#define VG_FT_NAME_MAX       128                  /* bytes incl. NUL */
#define VG_FT_MAX_MODEL_SIZE (1024u * 1024u * 1024u) /* refuse to load bigger model files */
#define VG_FT_MAX_K          256                  /* predictions per call */

typedef struct vg_ft vg_ft_t;

typedef struct {
  char label[VG_FT_LABEL_MAX]; /* without the "__label__" prefix */
  float prob;                  /* 0..1: softmax probability (sums to 1 over labels) or, for models
                                * trained with VG_FT_LOSS_OVA, the label's own sigmoid score */
} vg_ft_pred_t;

typedef enum { VG_FT_LOSS_SOFTMAX = 0, VG_FT_LOSS_OVA = 1 } vg_ft_loss_t;

/* Loads a model file. The model's name is the file's base name without extension ("clause" for
 * ".../clause.ftz"); its sha256 is that of the file's bytes. Returns NULL on failure with err set
 * (VG_E_NOTFOUND/VG_E_IO for unreadable files, VG_E_INPUT for a file that is not a fastText
 * supervised model). When st is not NULL it receives the status. */
vg_ft_t *vg_ft_load(const char *path, int *st, vg_err_t *err);

/* Frees the model; idempotent, sets *m = NULL. */
void vg_ft_destroy(vg_ft_t **m);

/* Prepares text[0..len) with vg_textprep() and writes up to k (1..VG_FT_MAX_K) predictions,
 * best first, into out[0..k). Returns the number written (>= 0; 0 for a text with no token) or a
 * negative vg_status_t (VG_E_ENCODING for invalid UTF-8, VG_E_INPUT for bad arguments,
 * VG_E_BACKEND for a fastText failure). */
int vg_ft_predict(const vg_ft_t *m, const char *text, size_t len, int k, vg_ft_pred_t *out,
                  vg_err_t *err);

/* Like vg_ft_predict() for text already prepared by vg_textprep() (used by evaluation loops). */
int vg_ft_predict_prepared(const vg_ft_t *m, const char *prepared, int k, vg_ft_pred_t *out,
                           vg_err_t *err);

/* Borrowed strings owned by m: the hex sha256 of the file loaded/saved ("" for a model trained
 * in memory and not saved yet) and the model name. */
const char *vg_ft_sha256(const vg_ft_t *m);
const char *vg_ft_name(const vg_ft_t *m);
/* Number of labels of the model; label i (0-based, fastText's frequency order) without prefix.
 * vg_ft_label returns NULL when i is out of range; the pointer is borrowed from m. */
int vg_ft_nlabels(const vg_ft_t *m);
const char *vg_ft_label(const vg_ft_t *m, int i);
/* 1 when the model is quantized (.ftz). */
int vg_ft_is_quant(const vg_ft_t *m);

/* ---- training (classifiers/train only) ---- */

typedef struct {
  const char *input; /* borrowed: prepared fastText-format training file */
  double lr;         /* learning rate (0.1..1.0) */
  int dim;           /* vector size */
  int epoch;
  int word_ngrams;   /* 1 = unigrams only */
  int minn, maxn;    /* char n-gram lengths; 0,0 disables them */
  int bucket;        /* hash buckets for word/char n-grams */
  int min_count;     /* minimal word count */
  int seed;          /* fastText's RNG seed; with one thread training is deterministic */
  int loss;          /* VG_FT_LOSS_SOFTMAX (one label per text) or VG_FT_LOSS_OVA (independent
                      * scores); an int, not the enum, so that bad values are checkable in C++ */
} vg_ft_train_opts_t;

typedef struct {
  int cutoff;  /* keep this many rows of the input matrix (0 = all; else >= 256) */
  int dsub;    /* product quantizer sub-vector size */
  int qnorm;   /* quantize norms separately (1/0) */
  int retrain; /* retrain embeddings after cutoff (1/0), needs the training input */
  int epoch;   /* retraining epochs */
  double lr;   /* retraining learning rate */
} vg_ft_quant_opts_t;

/* Fills o with vigie's defaults (supervised, softmax loss, lr 0.5, dim 50, epoch 25, wordNgrams 2,
 * no char n-grams, bucket 200000, minCount 1, seed 0). input stays NULL. */
void vg_ft_train_opts_default(vg_ft_train_opts_t *o);
/* Fills q with defaults: cutoff 100000, dsub 2, qnorm 1, retrain 0, epoch 1, lr 0.1. */
void vg_ft_quant_opts_default(vg_ft_quant_opts_t *q);

/* Trains a supervised model on o->input with one thread (deterministic). name (copied)
 * becomes the model name. Returns NULL on failure with err (and *st) set. */
vg_ft_t *vg_ft_train(const vg_ft_train_opts_t *o, const char *name, int *st, vg_err_t *err);

/* Quantizes m in place (product quantization of the input matrix; never -qout). retrain uses
 * train->input. Returns VG_OK or a negative status. */
int vg_ft_quantize(vg_ft_t *m, const vg_ft_quant_opts_t *q, const vg_ft_train_opts_t *train,
                   vg_err_t *err);

/* Saves m to path (fastText writes .bin or, when quantized, .ftz format) and records the sha256
 * of the written file. Returns VG_OK or VG_E_IO. */
int vg_ft_save(vg_ft_t *m, const char *path, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
