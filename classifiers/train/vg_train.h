/* vg_train.h: internal API of vigie-train (classifiers/train), the one command that trains the
 * fastText models and writes their model cards.
 *
 * For: reading the labelled sources (CUAD TSV, seed clauses, real notices), splitting them deterministically,
 * training/selecting/quantizing with vg_ft, evaluating, and writing <name>.ftz/.card.md/.card.json.
 * Not for: use by services (they only load .ftz files through vg_ft.h).
 * Names with vg__ are private to this folder. */
#ifndef VG_TRAIN_H
#define VG_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "vg_doc.h"
#include "vg_ft.h"
#include "vg_status.h"

#define VG_TRAIN_MAX_TSV   (256u * 1024u * 1024u) /* bytes per input TSV */
#define VG_TRAIN_MAX_ROWS  1000000u
#define VG_TRAIN_MAX_CLASS 256

typedef struct {
  const char *corpora; /* dir holding cuad/cuad_clauses.tsv and the notice folders (eforms-sdk/
                        * examples, ted-rdf-conversion-pipeline, ted-xml-data-converter) */
  const char *seeds;   /* dir holding clauses.tsv and field-labels.tsv */
  const char *out;     /* output dir, created if missing */
  const char *only;    /* NULL, "clause" or "cuad" */
  int quick;           /* 1: one cheap candidate per model (tests only; recorded in the card) */
} vg_train_cfg_t;

/* Trains the selected models and writes their files. Returns VG_OK or a negative status. */
int vg_train_run(const vg_train_cfg_t *cfg, vg_err_t *err);

/* ---- private to classifiers/train ---- */

enum { VG__SPLIT_NONE = -1, VG__SPLIT_TRAIN = 0, VG__SPLIT_TUNE = 1, VG__SPLIT_EVAL = 2 };

typedef struct {
  char *label;    /* fastText label, no prefix */
  char *group;    /* contract name (CUAD) or language (seeds) */
  char *source;   /* "cuad:<Category>", "seed" or "notice:<field>" */
  char *prep;     /* vg_textprep output */
  uint32_t hash;  /* from sha256 of the raw text (seeds) or contract name (CUAD) */
  int split;      /* VG__SPLIT_* (NONE: read but not used anywhere: duplicate, over a cap) */
  int weight;     /* times the line is written into the training file */
  int aux;        /* source-specific: notices: index of the field-labels line */
} vg__ex_t;

typedef struct {
  vg__ex_t *v;
  size_t n, cap;
} vg__exset_t;

void vg__exset_free(vg__exset_t *s);
/* Appends an example (strings copied; raw text is prepared with vg_textprep). Rows whose text is
 * not valid UTF-8 or prepares to nothing are skipped (*skipped incremented). */
int vg__exset_add(vg__exset_t *s, const char *label, const char *group, const char *source,
                  const char *raw, size_t raw_len, uint32_t hash, int split, int weight,
                  size_t *skipped, vg_err_t *err);
/* First 32 bits of sha256(data) as an integer. */
uint32_t vg__hash32(const char *data, size_t len);
/* Lower-case ASCII slug of a category name ("Cap On Liability" -> "cap_on_liability"). */
void vg__slug(const char *in, char *out, size_t cap);

/* Calls fn for every data row of a TSV file (header line and '#' comments skipped), with the
 * fields split on tabs (the last field keeps any further tabs). nf = number of fields wanted. */
typedef int (*vg__row_fn)(void *ctx, char **f, size_t lineno, vg_err_t *err);
int vg__tsv_each(const char *path, int nf, vg__row_fn fn, void *ctx, vg_err_t *err);

/* Writes "__label__L prep\n" lines for examples of split `split` (weight times each), ordered by
 * (hash, index) so that classes are interleaved deterministically. Returns VG_OK or VG_E_IO. */
int vg__write_ft(const vg__exset_t *s, int split, const char *path, size_t *lines, vg_err_t *err);

/* ---- real notices (vg_train_notices.c) ---- */
typedef struct {
  char *pattern, *label, *why; /* one line of field-labels.tsv; label "-" = not used */
  size_t used;                 /* clauses finally used */
} vg__fieldmap_t;

typedef struct {
  vg__fieldmap_t *map;
  size_t nmap, capmap;
  char map_sha256[VG_SHA256_HEX];  /* of field-labels.tsv */
  char list_sha256[VG_SHA256_HEX]; /* of the sorted "sha256  relative/path\n" list of notice files */
  vg_strv_t files;                 /* those lines, without the newline */
  size_t nfiles, parse_failed, files_split[3];
  size_t clauses_seen, filtered, duplicates, capped, used, used_split[3];
} vg__notices_t;

void vg__notices_free(vg__notices_t *n);
/* Reads the field -> label table map_path (each label must already be used by an example of s,
 * i.e. the seeds are read first), then parses and segments every *.xml under the three
 * reference folders of corpora (sorted order) and appends labelled clauses to s, split by the
 * notice's file hash. A missing folder is an error unless quick. */
int vg__notices_load(const char *corpora, const char *map_path, int quick, vg__exset_t *s,
                     vg__notices_t *n, vg_err_t *err);
/* Drops repeated prepared texts among notice clauses (first in file order kept) and keeps at most
 * cap training + tuning rows per label (held-out rows are never capped); dropped rows get
 * VG__SPLIT_NONE. Fills the used counts. */
int vg__notices_dedup_cap(vg__exset_t *s, vg__notices_t *n, int cap, vg_err_t *err);
/* Markdown section for the card (mapping table with counts); *out is malloc'd. */
int vg__notices_md(const vg__notices_t *n, int cap, char **out);

/* ---- evaluation ---- */
typedef struct {
  char label[VG_FT_LABEL_MAX];
  int support, tp, fp, fn;
  double p, r, f1;
  double p_at_r80; /* -1 when not computed */
  int risk;
} vg__cls_t;

typedef struct {
  vg__cls_t cls[VG_TRAIN_MAX_CLASS];
  int ncls;
  int n;                  /* examples evaluated */
  double micro_p, micro_r, micro_f1, macro_p, macro_r, macro_f1;
  double thr;             /* low-confidence threshold */
  double thr_coverage;    /* share of eval examples at or above thr */
  double thr_accuracy;    /* accuracy of those */
} vg__eval_t;

/* Evaluates m on the examples of `split` whose source starts with src (NULL: all). risk:
 * NULL-terminated list of labels for which the precision at 80% recall is computed. thr is
 * stored as given (chosen elsewhere). */
int vg__evaluate(const vg_ft_t *m, const vg__exset_t *s, int split, const char *src,
                 const char *const *risk, double thr, vg__eval_t *ev, vg_err_t *err);
/* Picks the lowest threshold in 0.05 steps at which top-1 accuracy of the examples of `split` at
 * or above it reaches target (0.95 when never reached). */
int vg__pick_threshold(const vg_ft_t *m, const vg__exset_t *s, int split, double target,
                       double *thr, vg_err_t *err);

/* ---- model cards ---- */
#define VG__MAX_INPUTS 4
#define VG__MAX_CANDS  8

typedef struct {
  char path[1024];
  char sha256[VG_SHA256_HEX];
  size_t rows;
} vg__input_t;

typedef struct {
  const char *name;        /* "cuad", "clause" */
  const char *purpose;     /* one sentence */
  const char *eval_desc;   /* what the held-out split is */
  const char *tune_desc;   /* what the tuning split is */
  const char *extra_md;    /* extra markdown (mapping table...), may be NULL */
  vg__input_t in[VG__MAX_INPUTS];
  int nin;
  vg_ft_train_opts_t cand[VG__MAX_CANDS];
  double cand_score[VG__MAX_CANDS]; /* micro-F1 on the tuning split */
  int ncand, chosen;
  vg_ft_quant_opts_t quant;
  size_t train_lines, tune_lines, eval_rows, skipped;
  double thr_target;
  vg__eval_t ev;           /* quantized model, held-out split (all held-out rows) */
  int nsub;                /* held-out subsets reported separately (0..2) */
  const char *sub_src[2];  /* source prefix of each subset ("seed", "notice:") */
  const char *sub_name[2]; /* JSON key suffix / title ("seeds", "notices") */
  vg__eval_t sub_ev[2];
  const vg__notices_t *notices; /* clause model: the real-notice source, else NULL */
  double bin_micro_f1;     /* unquantized final model, held-out split (quantization loss) */
  char ftz_sha256[VG_SHA256_HEX];
  long long ftz_bytes;
  double load_ms, train_s;
  int quick;
} vg__card_t;

/* Writes <out>/<name>.card.json and <out>/<name>.card.md. */
int vg__card_write(const vg__card_t *c, const char *out, vg_err_t *err);

#endif
