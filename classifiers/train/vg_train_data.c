/* vg_train_data.c: example sets for vigie-train: TSV reading, text preparation, deterministic
 * ordering and fastText training files.
 * For: turning labelled sources into prepared examples. Not for: deciding labels or splits (the
 * recipes in vg_train_models.c do that) or evaluation (vg_train_eval.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_file.h"
#include "vg_hash.h"
#include "vg_textprep.h"
#include "vg_train.h"

void vg__exset_free(vg__exset_t *s) {
  if (s == NULL) return;
  for (size_t i = 0; i < s->n; i++) {
    free(s->v[i].label);
    free(s->v[i].group);
    free(s->v[i].source);
    free(s->v[i].prep);
  }
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

uint32_t vg__hash32(const char *data, size_t len) {
  char hex[VG_SHA256_HEX];
  vg_sha256_hex(data, len, hex);
  uint32_t h = 0;
  for (int i = 0; i < 8; i++) {
    char c = hex[i];
    h = (h << 4) | (uint32_t)(c >= 'a' ? c - 'a' + 10 : c - '0');
  }
  return h;
}

void vg__slug(const char *in, char *out, size_t cap) {
  size_t n = 0;
  int sep = 0;
  for (const char *p = in; *p && n + 1 < cap; p++) {
    char c = *p;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (sep && n > 0 && n + 2 < cap) out[n++] = '_';
      out[n++] = c;
      sep = 0;
    } else {
      sep = 1;
    }
  }
  out[n] = '\0';
}

static char *s_dup(const char *s) {
  size_t n = strlen(s);
  char *d = malloc(n + 1);
  if (d) memcpy(d, s, n + 1);
  return d;
}

int vg__exset_add(vg__exset_t *s, const char *label, const char *group, const char *source,
                  const char *raw, size_t raw_len, uint32_t hash, int split, int weight,
                  size_t *skipped, vg_err_t *err) {
  if (s->n >= VG_TRAIN_MAX_ROWS) return vg_err_set(err, VG_E_TOO_BIG, "too many examples");
  char *prep = NULL;
  size_t plen = 0;
  vg_err_t e2;
  int rc = vg_textprep(raw, raw_len, &prep, &plen, &e2);
  if (rc == VG_E_NOMEM) return vg_err_set(err, rc, "%s", e2.msg);
  if (rc != VG_OK || plen == 0) {
    free(prep);
    if (skipped) (*skipped)++;
    return VG_OK;
  }
  if (s->n == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 256;
    vg__ex_t *nv = realloc(s->v, nc * sizeof *nv);
    if (nv == NULL) {
      free(prep);
      return vg_err_set(err, VG_E_NOMEM, "out of memory");
    }
    s->v = nv;
    s->cap = nc;
  }
  vg__ex_t *x = &s->v[s->n];
  x->label = s_dup(label);
  x->group = s_dup(group);
  x->source = s_dup(source);
  x->prep = prep;
  x->hash = hash;
  x->split = split;
  x->weight = weight;
  x->aux = 0;
  s->n++;
  if (!x->label || !x->group || !x->source) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  return VG_OK;
}

int vg__tsv_each(const char *path, int nf, vg__row_fn fn, void *ctx, vg_err_t *err) {
  char *buf = NULL;
  size_t len = 0;
  int rc = vg_file_read(path, VG_TRAIN_MAX_TSV, &buf, &len, err);
  if (rc != VG_OK) return rc;
  char *f[8];
  if (nf < 1 || nf > 8) {
    free(buf);
    return vg_err_set(err, VG_E_INPUT, "bad field count");
  }
  size_t lineno = 0;
  char *p = buf, *end = buf + len;
  while (p < end && rc == VG_OK) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    lineno++;
    *le = '\0';
    if (le > p && le[-1] == '\r') le[-1] = '\0';
    if (lineno > 1 && *p != '#' && *p != '\0') {
      int k = 0;
      char *q = p;
      f[k++] = q;
      while (k < nf && (q = strchr(q, '\t')) != NULL) {
        *q++ = '\0';
        f[k++] = q;
      }
      if (k < nf)
        rc = vg_err_set(err, VG_E_INPUT, "'%s' line %zu: %d fields, expected %d", path, lineno, k, nf);
      else
        rc = fn(ctx, f, lineno, err);
    }
    p = nl ? nl + 1 : end;
  }
  free(buf);
  return rc;
}

typedef struct {
  uint32_t key;
  size_t idx;
} s_ord_t;

static int s_cmp(const void *a, const void *b) {
  const s_ord_t *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

int vg__write_ft(const vg__exset_t *s, int split, const char *path, size_t *lines, vg_err_t *err) {
  size_t total = 0;
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].split == split) total += (size_t)(s->v[i].weight > 0 ? s->v[i].weight : 0);
  s_ord_t *ord = malloc((total ? total : 1) * sizeof *ord);
  if (ord == NULL) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  size_t m = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (s->v[i].split != split) continue;
    for (int w = 0; w < s->v[i].weight; w++) {
      /* mix index and copy number into the text hash so that rows of one contract or copies of
       * one seed are spread over the file instead of adjacent; fixed, hence deterministic */
      uint32_t k = s->v[i].hash ^ (uint32_t)((i + 1) * 2654435761u) ^ (uint32_t)(w * 40503u);
      k ^= k >> 15;
      k *= 2246822519u;
      k ^= k >> 13;
      ord[m].key = k;
      ord[m].idx = i;
      m++;
    }
  }
  qsort(ord, m, sizeof *ord, s_cmp);
  FILE *fp = fopen(path, "wb");
  if (fp == NULL) {
    int e = errno;
    free(ord);
    return vg_err_set(err, VG_E_IO, "cannot write '%s': %s", path, strerror(e));
  }
  for (size_t j = 0; j < m; j++) {
    const vg__ex_t *x = &s->v[ord[j].idx];
    fprintf(fp, "__label__%s %s\n", x->label, x->prep);
  }
  free(ord);
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad) return vg_err_set(err, VG_E_IO, "cannot write '%s'", path);
  if (lines) *lines = m;
  return VG_OK;
}
