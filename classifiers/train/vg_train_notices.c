/* vg_train_notices.c: the real-notice source of the `clause` model: every notice of the reference
 * corpora is parsed and segmented with the project's own parser (vg_parse), and each clause gets
 * the label of the field its section comes from, through corpora/seeds/field-labels.tsv.
 * For: file discovery (sorted, deterministic), the field -> label table, text filters, dedup,
 * the per-notice split and the per-label cap. Not for: training, evaluation or cards. */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vg_file.h"
#include "vg_hash.h"
#include "vg_notice.h"
#include "vg_segment.h"
#include "vg_train.h"

#define S_PATH_MAX 4096
#define S_MIN_BYTES 25  /* shorter clauses ("Not known.", "See documents") carry no class */
#define S_MAX_FILES 100000

/* The three reference folders, relative to --corpora. */
static const char *const s_dirs[] = {"eforms-sdk/examples", "ted-rdf-conversion-pipeline",
                                     "ted-xml-data-converter", NULL};
/* Languages kept: the `clause` model is a French + English model (taxonomy.md). */
static const char *const s_langs[] = {"en", "fr", NULL};

void vg__notices_free(vg__notices_t *n) {
  if (n == NULL) return;
  for (size_t i = 0; i < n->nmap; i++) {
    free(n->map[i].pattern);
    free(n->map[i].label);
    free(n->map[i].why);
  }
  free(n->map);
  vg_strv_clear(&n->files);
  memset(n, 0, sizeof *n);
}

static char *s_dup(const char *s) {
  size_t k = strlen(s);
  char *d = malloc(k + 1);
  if (d) memcpy(d, s, k + 1);
  return d;
}

static int s_map_row(void *vctx, char **f, size_t lineno, vg_err_t *err) {
  vg__notices_t *n = vctx;
  if (f[1][0] == '\0') return vg_err_set(err, VG_E_INPUT, "field-labels line %zu: empty label", lineno);
  if (n->nmap == n->capmap) {
    size_t nc = n->capmap ? n->capmap * 2 : 64;
    vg__fieldmap_t *nv = realloc(n->map, nc * sizeof *nv);
    if (nv == NULL) return vg_err_set(err, VG_E_NOMEM, "out of memory");
    n->map = nv;
    n->capmap = nc;
  }
  vg__fieldmap_t *m = &n->map[n->nmap++];
  m->pattern = s_dup(f[0]);
  m->label = s_dup(f[1]);
  m->why = s_dup(f[2]);
  m->used = 0;
  if (!m->pattern || !m->label || !m->why) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  return VG_OK;
}

/* Index of the first matching line, or -1. */
static int s_match(const vg__notices_t *n, const char *field) {
  for (size_t i = 0; i < n->nmap; i++)
    if (fnmatch(n->map[i].pattern, field, 0) == 0) return (int)i;
  return -1;
}

/* Collects *.xml under dir (recursively) into out as paths relative to root. */
static int s_walk(const char *root, const char *rel, vg_strv_t *out, vg_err_t *err) {
  char path[S_PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", root, rel) >= (int)sizeof path)
    return vg_err_set(err, VG_E_INPUT, "path too long under '%s'", root);
  DIR *d = opendir(path);
  if (d == NULL) return vg_err_set(err, VG_E_NOTFOUND, "cannot open notice folder '%s'", path);
  int rc = VG_OK;
  struct dirent *e;
  while (rc == VG_OK && (e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char sub[S_PATH_MAX], full[S_PATH_MAX];
    if (snprintf(sub, sizeof sub, "%s/%s", rel, e->d_name) >= (int)sizeof sub ||
        snprintf(full, sizeof full, "%s/%s", root, sub) >= (int)sizeof full) {
      rc = vg_err_set(err, VG_E_INPUT, "path too long in '%s'", path);
      break;
    }
    struct stat sb;
    if (stat(full, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode)) {
      rc = s_walk(root, sub, out, err);
    } else if (S_ISREG(sb.st_mode)) {
      size_t k = strlen(sub);
      if (k > 4 && strcmp(sub + k - 4, ".xml") == 0) {
        if (out->n >= S_MAX_FILES) rc = vg_err_set(err, VG_E_TOO_BIG, "too many notice files");
        else if (vg_strv_push(out, sub) != VG_OK) rc = vg_err_set(err, VG_E_NOMEM, "out of memory");
      }
    }
  }
  closedir(d);
  return rc;
}

static int s_cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* 1 when the clause text is a template placeholder or too short to carry a class. */
static int s_filtered(const char *t, size_t len) {
  if (len < S_MIN_BYTES) return 1;
  for (size_t i = 0; i + 3 <= len; i++) /* eForms SDK placeholders: "Description ---" */
    if (t[i] == '-' && t[i + 1] == '-' && t[i + 2] == '-') return 1;
  if (len >= 3 && memcmp(t + len - 3, "...", 3) == 0) return 1;        /* "Publication delayed because of ..." */
  if (len >= 3 && memcmp(t + len - 3, "\xe2\x80\xa6", 3) == 0) return 1; /* "…" */
  return 0;
}

static int s_lang_ok(const char *lang) {
  if (s_langs[0] == NULL) return 1;
  for (int i = 0; lang && s_langs[i]; i++)
    if (strcmp(lang, s_langs[i]) == 0) return 1;
  return 0;
}

/* Adds the labelled clauses of one parsed notice. */
static int s_add_doc(vg__notices_t *n, const vg_doc_t *doc, int split, vg__exset_t *s, vg_err_t *err) {
  for (size_t c = 0; c < doc->nclauses; c++) {
    const vg_clause_t *k = &doc->clauses[c];
    const vg_section_t *sec = &doc->sections[k->section];
    n->clauses_seen++;
    if (!sec->field || !s_lang_ok(sec->lang)) continue;
    int mi = s_match(n, sec->field);
    if (mi < 0 || strcmp(n->map[mi].label, "-") == 0) continue;
    const char *t = doc->text + k->start;
    size_t len = k->end - k->start;
    if (s_filtered(t, len)) {
      n->filtered++;
      continue;
    }
    char src[160];
    snprintf(src, sizeof src, "notice:%s", sec->field);
    size_t before = s->n;
    int rc = vg__exset_add(s, n->map[mi].label, sec->lang, src, t, len, vg__hash32(t, len), split, 1,
                           &n->filtered, err);
    if (rc != VG_OK) return rc;
    if (s->n > before) s->v[s->n - 1].aux = mi;
  }
  return VG_OK;
}

int vg__notices_load(const char *corpora, const char *map_path, int quick, vg__exset_t *s,
                     vg__notices_t *n, vg_err_t *err) {
  int rc = vg__tsv_each(map_path, 3, s_map_row, n, err);
  if (rc != VG_OK) return rc;
  /* every label must be one the seeds already use (catches typos in the data file) */
  for (size_t i = 0; i < n->nmap; i++) {
    if (strcmp(n->map[i].label, "-") == 0) continue;
    size_t j = 0;
    while (j < s->n && strcmp(s->v[j].label, n->map[i].label) != 0) j++;
    if (j == s->n)
      return vg_err_set(err, VG_E_INPUT, "field-labels: '%s' -> '%s': no seed clause has that label",
                        n->map[i].pattern, n->map[i].label);
  }
  if (vg_sha256_file_hex(map_path, n->map_sha256) != VG_OK)
    return vg_err_set(err, VG_E_IO, "cannot hash '%s'", map_path);
  vg_strv_t rel = {0};
  for (int i = 0; rc == VG_OK && s_dirs[i]; i++) {
    rc = s_walk(corpora, s_dirs[i], &rel, err);
    if (rc == VG_E_NOTFOUND && quick) rc = VG_OK; /* tests give only some folders */
  }
  if (rc == VG_OK && rel.n > 0) qsort(rel.v, rel.n, sizeof rel.v[0], s_cmp_str);
  /* list of "sha256  path" lines; its digest identifies the notice input in the card */
  size_t lcap = 1, llen = 0;
  for (size_t i = 0; i < rel.n; i++) lcap += strlen(rel.v[i]) + VG_SHA256_HEX + 3;
  char *list = malloc(lcap);
  if (list == NULL && rc == VG_OK) rc = vg_err_set(err, VG_E_NOMEM, "out of memory");
  for (size_t i = 0; rc == VG_OK && i < rel.n; i++) {
    char path[S_PATH_MAX], hex[VG_SHA256_HEX];
    snprintf(path, sizeof path, "%s/%s", corpora, rel.v[i]);
    char *buf = NULL;
    size_t len = 0;
    rc = vg_file_read(path, VG_NOTICE_MAX_BYTES, &buf, &len, err);
    if (rc != VG_OK) break;
    vg_sha256_hex(buf, len, hex);
    int w = snprintf(list + llen, lcap - llen, "%s  %s\n", hex, rel.v[i]); /* fits: sized above */
    if (w > 0 && (size_t)w < lcap - llen) llen += (size_t)w;
    char line[S_PATH_MAX];
    snprintf(line, sizeof line, "%s  %s", hex, rel.v[i]);
    if (vg_strv_push(&n->files, line) != VG_OK) rc = vg_err_set(err, VG_E_NOMEM, "out of memory");
    /* held-out by notice (file hash), never by clause: near-duplicate clauses of one notice
     * (lots, translations) stay on one side */
    uint32_t h = vg__hash32(buf, len);
    int split = h % 5 == 0 ? VG__SPLIT_EVAL : ((h / 5) % 8 == 0 ? VG__SPLIT_TUNE : VG__SPLIT_TRAIN);
    vg_doc_t *doc = vg_doc_new();
    vg_err_t perr = {{0}};
    if (doc == NULL) rc = vg_err_set(err, VG_E_NOMEM, "out of memory");
    if (rc == VG_OK && (vg_doc_set(&doc->id, hex) != VG_OK || vg_doc_set(&doc->source, rel.v[i]) != VG_OK))
      rc = vg_err_set(err, VG_E_NOMEM, "out of memory");
    if (rc == VG_OK) {
      if (vg_notice_parse(buf, len, rel.v[i], doc, &perr) == VG_OK && vg_segment_doc(doc, &perr) == VG_OK) {
        n->nfiles++;
        n->files_split[split]++;
        rc = s_add_doc(n, doc, split, s, err);
      } else {
        n->parse_failed++; /* recorded in the card; the corpus is fixed, so this is deterministic */
      }
    }
    vg_doc_destroy(&doc);
    free(buf);
  }
  if (rc == VG_OK) vg_sha256_hex(list ? list : "", llen, n->list_sha256);
  free(list);
  vg_strv_clear(&rel);
  return rc;
}

typedef struct {
  const vg__ex_t *x;
  size_t idx;
} s_ref_t;

static int s_cmp_prep(const void *a, const void *b) {
  const s_ref_t *p = a, *q = b;
  int c = strcmp(p->x->prep, q->x->prep);
  if (c != 0) return c;
  return p->idx < q->idx ? -1 : (p->idx > q->idx);
}

static int s_cmp_label_hash(const void *a, const void *b) {
  const s_ref_t *p = a, *q = b;
  int c = strcmp(p->x->label, q->x->label);
  if (c != 0) return c;
  if (p->x->hash != q->x->hash) return p->x->hash < q->x->hash ? -1 : 1;
  return p->idx < q->idx ? -1 : (p->idx > q->idx);
}

int vg__notices_dedup_cap(vg__exset_t *s, vg__notices_t *n, int cap, vg_err_t *err) {
  size_t m = 0;
  s_ref_t *r = malloc((s->n ? s->n : 1) * sizeof *r);
  if (r == NULL) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  for (size_t i = 0; i < s->n; i++)
    if (strncmp(s->v[i].source, "notice:", 7) == 0) r[m++] = (s_ref_t){&s->v[i], i};
  /* 1. identical prepared text: keep the first in file order (so one text is on one side only) */
  qsort(r, m, sizeof *r, s_cmp_prep);
  for (size_t i = 1; i < m; i++)
    if (strcmp(r[i].x->prep, r[i - 1].x->prep) == 0) {
      s->v[r[i].idx].split = VG__SPLIT_NONE;
      n->duplicates++;
    }
  /* 2. at most cap training + tuning clauses per label (lowest clause-text hash first); held-out
   * notices keep all their clauses, so the evaluation set does not depend on the cap */
  qsort(r, m, sizeof *r, s_cmp_label_hash);
  int kept = 0;
  for (size_t i = 0; i < m; i++) {
    vg__ex_t *x = &s->v[r[i].idx];
    if (i == 0 || strcmp(x->label, r[i - 1].x->label) != 0) kept = 0;
    if (x->split == VG__SPLIT_NONE) continue;
    if (x->split != VG__SPLIT_EVAL && kept >= cap) {
      x->split = VG__SPLIT_NONE;
      n->capped++;
      continue;
    }
    kept += x->split != VG__SPLIT_EVAL;
    n->used++;
    n->map[x->aux].used++;
    n->used_split[x->split]++;
  }
  free(r);
  return VG_OK;
}

int vg__notices_md(const vg__notices_t *n, int cap, char **out) {
  size_t capb = 64 * 1024 + n->nmap * 512, len = 0;
  char *b = malloc(capb);
  if (b == NULL) return VG_E_NOMEM;
  int w = snprintf(b, capb,
                   "## Real-notice clauses (field -> label, `corpora/seeds/field-labels.tsv`)\n\n"
                   "Every `*.xml` under `${VIGIE_CORPORA}/` eforms-sdk/examples, ted-rdf-conversion-pipeline "
                   "and ted-xml-data-converter (%zu parsed, %zu not parseable) is parsed and segmented with "
                   "vigie's own parser (`vg_notice_parse`, `vg_segment_doc`); a clause gets the label of the "
                   "field of its section. Kept: English and French sections only; clauses of at least %d bytes "
                   "that are not template placeholders (`---`, ending in `...`); one copy of each prepared text "
                   "(first in file order); at most %d training + tuning clauses per label (lowest text hash first; "
                   "held-out notices keep all theirs). "
                   "Held out by **notice**: sha256 of the file bytes, first 32 bits, 0 mod 5 -> evaluation, "
                   "else (h / 5) %% 8 == 0 -> tuning. Notices: %zu train, %zu tuning, %zu evaluation. "
                   "Clauses seen %zu, used %zu (train %zu, tuning %zu, evaluation %zu), filtered %zu, "
                   "duplicates %zu, over the cap %zu.\n\n"
                   "| field pattern | label | clauses used | field |\n|---|---|---|---|\n",
                   n->nfiles, n->parse_failed, S_MIN_BYTES, cap, n->files_split[VG__SPLIT_TRAIN],
                   n->files_split[VG__SPLIT_TUNE], n->files_split[VG__SPLIT_EVAL], n->clauses_seen, n->used,
                   n->used_split[VG__SPLIT_TRAIN], n->used_split[VG__SPLIT_TUNE],
                   n->used_split[VG__SPLIT_EVAL], n->filtered, n->duplicates, n->capped);
  if (w > 0) len = (size_t)w < capb ? (size_t)w : capb - 1;
  for (size_t i = 0; i < n->nmap && len < capb; i++) {
    w = snprintf(b + len, capb - len, "| `%s` | %s | %zu | %s |\n", n->map[i].pattern, n->map[i].label,
                 n->map[i].used, n->map[i].why);
    if (w > 0) len += (size_t)w < capb - len ? (size_t)w : capb - len - 1;
  }
  *out = b;
  return VG_OK;
}
