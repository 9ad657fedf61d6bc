/* vg_catalogue.c: loads, validates and describes a rule catalogue directory.
 *
 * For: vg_catalogue_load/destroy/accessors/to_json (see vg_rules.h): reading the rule files,
 * rejecting invalid ones with a message naming the file, compiling their regexes, reading the
 * gazetteers, and computing the catalogue checksum.
 * Not for: evaluating rules (vg_rules_eval.c and the vg_check_*.c evaluators). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_file.h"
#include "vg_hash.h"
#include "vg_rules_int.h"

static const char *const S_KIND_NAMES[] = {
#define VG__KIND_NAME(k, s) s,
    VG__KIND_LIST(VG__KIND_NAME)
#undef VG__KIND_NAME
};

typedef struct {
  const char *dir;
  vg_strv_t files; /* relative paths of every catalogue file, for the checksum */
  vg_err_t *err;
} s_loader_t;

static int s_cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the regular files of dir/sub ending with ext, sorted. Missing dir: empty list. */
static int s_list(const char *dir, const char *sub, const char *ext, vg_strv_t *out,
                  vg_err_t *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, sub);
  DIR *d = opendir(path);
  if (!d) return VG_OK;
  struct dirent *e;
  size_t el = strlen(ext);
  int st = VG_OK;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (e->d_name[0] == '.' || n <= el || strcmp(e->d_name + n - el, ext)) continue;
    if (out->n >= VG_RULES_MAX_RULES * 2) {
      st = vg_err_set(err, VG_E_CONFIG, "catalogue '%s': too many files in '%s'", dir, sub);
      break;
    }
    if (vg_strv_push(out, e->d_name)) {
      st = vg_err_set(err, VG_E_NOMEM, "out of memory listing '%s'", path);
      break;
    }
  }
  closedir(d);
  if (out->n) qsort(out->v, out->n, sizeof *out->v, s_cmp_str);
  return st;
}

static json_t *s_load_json(s_loader_t *L, const char *rel) {
  char path[4096], *buf = NULL;
  size_t len = 0;
  snprintf(path, sizeof path, "%s/%s", L->dir, rel);
  if (vg_file_read(path, VG_RULES_MAX_FILE_BYTES, &buf, &len, L->err) != VG_OK) return NULL;
  json_error_t je;
  json_t *j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
  free(buf);
  if (!j) {
    vg_err_set(L->err, VG_E_CONFIG, "cannot parse '%s': line %d: %s", rel, je.line, je.text);
    return NULL;
  }
  if (!json_is_object(j)) {
    vg_err_set(L->err, VG_E_CONFIG, "cannot load '%s': not a JSON object", rel);
    json_decref(j);
    return NULL;
  }
  if (vg_strv_push(&L->files, rel)) {
    json_decref(j);
    vg_err_set(L->err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  return j;
}

static int s_semver(const char *v) {
  int dots = 0, digits = 0;
  if (!v || !*v) return 0;
  for (const char *p = v; *p; p++) {
    if (*p == '.') {
      if (!digits) return 0;
      dots++;
      digits = 0;
    } else if (*p >= '0' && *p <= '9') {
      digits++;
    } else {
      return 0;
    }
  }
  return dots == 2 && digits;
}

static int s_date(const char *s) {
  if (!s || strlen(s) != 10) return 0;
  for (int i = 0; i < 10; i++) {
    if (i == 4 || i == 7) {
      if (s[i] != '-') return 0;
    } else if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return 1;
}

static int s_op_ok(const char *op) {
  return op && (!strcmp(op, "gt") || !strcmp(op, "ge") || !strcmp(op, "lt") || !strcmp(op, "le") ||
                !strcmp(op, "eq") || !strcmp(op, "ne"));
}

static int s_lang_pair(const json_t *o) {
  const char *fr = json_string_value(json_object_get(o, "fr"));
  const char *en = json_string_value(json_object_get(o, "en"));
  return fr && en && *fr && *en;
}

/* Compiles the string array cfg[key] into rl. */
static int s_relist(s_loader_t *L, const char *rel, const json_t *cfg, const char *key,
                    int icase, vg__relist_t *rl) {
  const json_t *a = json_object_get(cfg, key);
  if (!a) return VG_OK;
  if (!json_is_array(a) || !json_array_size(a))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': '%s' must be a non-empty "
                      "array of regular expressions", rel, key);
  rl->re = calloc(json_array_size(a), sizeof *rl->re);
  if (!rl->re) return vg_err_set(L->err, VG_E_NOMEM, "out of memory");
  size_t i;
  const json_t *v;
  json_array_foreach(a, i, v) {
    const char *p = json_string_value(v);
    if (!p || !*p)
      return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': '%s'[%zu] is not a "
                        "non-empty string", rel, key, i);
    int rc = regcomp(&rl->re[i], p, REG_EXTENDED | (icase ? REG_ICASE : 0));
    if (rc) {
      char msg[160];
      regerror(rc, &rl->re[i], msg, sizeof msg);
      return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': regex %s[%zu] '%s': %s",
                        rel, key, i, p, msg);
    }
    rl->n++;
  }
  return VG_OK;
}

static void s_relist_free(vg__relist_t *rl) {
  for (size_t i = 0; i < rl->n; i++) regfree(&rl->re[i]);
  free(rl->re);
  rl->re = NULL;
  rl->n = 0;
}

static int s_gazetteer(s_loader_t *L, const char *rel, const char *name, vg_strv_t *out) {
  if (!name || !*name || strchr(name, '/') || strstr(name, ".."))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': bad gazetteer name", rel);
  char grel[512], path[4096], *buf = NULL;
  size_t len = 0;
  snprintf(grel, sizeof grel, "gazetteers/%s", name);
  snprintf(path, sizeof path, "%s/%s", L->dir, grel);
  if (vg_file_read(path, VG_RULES_MAX_FILE_BYTES, &buf, &len, L->err) != VG_OK)
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': cannot read gazetteer "
                      "'%s'", rel, grel);
  int st = VG_OK;
  for (char *line = buf, *nl; line && *line; line = nl) {
    nl = strchr(line, '\n');
    if (nl) *nl++ = '\0';
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t')) line[--n] = 0;
    while (*line == ' ' || *line == '\t') line++;
    if (!*line || *line == '#') continue;
    if (out->n >= VG_RULES_MAX_GAZETTEER_ENTRIES) {
      st = vg_err_set(L->err, VG_E_CONFIG, "gazetteer '%s': over %d entries", grel,
                      VG_RULES_MAX_GAZETTEER_ENTRIES);
      break;
    }
    if (vg_strv_push(out, line)) {
      st = vg_err_set(L->err, VG_E_NOMEM, "out of memory");
      break;
    }
  }
  free(buf);
  if (st == VG_OK && !vg_strv_has(&L->files, grel) && vg_strv_push(&L->files, grel))
    st = vg_err_set(L->err, VG_E_NOMEM, "out of memory");
  return st;
}

static int s_check(s_loader_t *L, const char *rel, const json_t *cfg, vg__check_t *ck) {
  if (!json_is_object(cfg))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': a check must be an "
                      "object", rel);
  const char *kind = json_string_value(json_object_get(cfg, "kind"));
  size_t k = 0;
  while (kind && k < VG__K_COUNT && strcmp(kind, S_KIND_NAMES[k])) k++;
  if (!kind || k == VG__K_COUNT)
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': unknown check kind '%s'",
                      rel, kind ? kind : "(none)");
  ck->kind = (vg__kind_t)k;
  ck->cfg = cfg;
  const json_t *ex = json_object_get(cfg, "explanation");
  if (ex && !s_lang_pair(ex))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': check explanation needs "
                      "'fr' and 'en'", rel);
  ck->explanation = ex;
  int cs = json_is_true(json_object_get(cfg, "case_sensitive"));
  int st;
  /* regex lists belong to the text kinds (and "patterns" to field_array_pattern); in the
   * field kinds "companion" names a field */
  int text = ck->kind >= VG__K_TEXT_PATTERN;
  if ((text || ck->kind == VG__K_FIELD_ARRAY_PATTERN) &&
      (st = s_relist(L, rel, cfg, "patterns", !cs, &ck->patterns)))
    return st;
  if (text && ((st = s_relist(L, rel, cfg, "context", 1, &ck->context)) ||
               (st = s_relist(L, rel, cfg, "companion", 1, &ck->companion)) ||
               (st = s_relist(L, rel, cfg, "unless", 1, &ck->unless)) ||
               (st = s_relist(L, rel, cfg, "near", 1, &ck->near)) ||
               (st = s_relist(L, rel, cfg, "triggers", 1, &ck->triggers)) ||
               (st = s_relist(L, rel, cfg, "defer", 1, &ck->defer))))
    return st;
  if (!text && json_object_get(cfg, "companion") &&
      !json_is_string(json_object_get(cfg, "companion")))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': 'companion' of '%s' must "
                      "name a field", rel, kind);
  const json_t *g = json_object_get(cfg, "gazetteer");
  if (g && (st = s_gazetteer(L, rel, json_string_value(g), &ck->gazetteer))) return st;
  /* index the sorted entries by first byte so that text is scanned once, not once per entry */
  if (ck->gazetteer.n) qsort(ck->gazetteer.v, ck->gazetteer.n, sizeof *ck->gazetteer.v, s_cmp_str);
  for (size_t b = 0, e = 0; b <= 256; b++) {
    while (e < ck->gazetteer.n && (unsigned char)ck->gazetteer.v[e][0] < b) e++;
    ck->gz_idx[b] = e;
  }
  /* per-kind required parameters */
  static const char *const req[VG__K_COUNT][3] = {
      {"from", "to", "min"}, {"field", "op", "value"}, {"field", "companion", NULL},
      {"field", "values", NULL}, {"field", "key", "patterns"}, {"from", "to", "op"},
      {"field", "key", NULL}, {"patterns", NULL, NULL},
      {"companion", NULL, NULL}, {"context", "extract", "value"}, {"context", "ratio", NULL},
      {"patterns", NULL, NULL}};
  for (int i = 0; i < 3 && req[k][i]; i++)
    if (!json_object_get(cfg, req[k][i]))
      return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': check '%s' needs '%s'",
                        rel, kind, req[k][i]);
  if (ck->kind == VG__K_TEXT_COMPANION && !ck->patterns.n && !ck->gazetteer.n)
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': '%s' needs 'patterns' or "
                      "'gazetteer'", rel, kind);
  /* "absent": an outcome name, or {"by","map","default"} of outcome names */
  const json_t *ab = json_object_get(cfg, "absent");
  if (ab) {
    vg_outcome_t o;
    int ok = 1;
    if (json_is_object(ab)) {
      const char *kk;
      const json_t *vv;
      json_object_foreach((json_t *)json_object_get(ab, "map"), kk, vv)
        ok &= json_is_string(vv) && vg_outcome_parse(json_string_value(vv), &o) == VG_OK;
      const json_t *df = json_object_get(ab, "default");
      ok &= json_is_string(json_object_get(ab, "by")) &&
            (!df || (json_is_string(df) && vg_outcome_parse(json_string_value(df), &o) == VG_OK));
    } else {
      ok = json_is_string(ab) && vg_outcome_parse(json_string_value(ab), &o) == VG_OK;
    }
    if (!ok)
      return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': 'absent' must name an "
                        "outcome (or map a field's values to outcomes)", rel);
  }
  size_t wi;
  const json_t *we;
  json_array_foreach(json_object_get(cfg, "when"), wi, we) {
    const char *wop = json_string_value(json_object_get(we, "op"));
    if (!json_string_value(json_object_get(we, "field")) ||
        (json_object_get(we, "op") && !s_op_ok(wop)) ||
        (wop && !json_object_get(we, "value")))
      return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': 'when'[%zu] needs a "
                        "'field' (and a known 'op' with a 'value')", rel, wi);
  }
  const char *op = json_string_value(json_object_get(cfg, "op"));
  if (op && strcmp(op, "gt") && strcmp(op, "ge") && strcmp(op, "lt") && strcmp(op, "le") &&
      strcmp(op, "eq") && strcmp(op, "ne"))
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': unknown op '%s'", rel, op);
  return VG_OK;
}

static void s_rule_free(vg__rule_t *r) {
  for (size_t i = 0; i < r->nchecks; i++) {
    vg__check_t *ck = &r->checks[i];
    s_relist_free(&ck->context);
    s_relist_free(&ck->patterns);
    s_relist_free(&ck->companion);
    s_relist_free(&ck->unless);
    s_relist_free(&ck->near);
    s_relist_free(&ck->triggers);
    s_relist_free(&ck->defer);
    vg_strv_clear(&ck->gazetteer);
  }
  free(r->checks);
  free(r->id);
  free(r->rule_id);
  free(r->version);
  free(r->severity);
  free(r->legal_basis);
  free(r->file);
  json_decref(r->json);
  memset(r, 0, sizeof *r);
}

static int s_dup(char **slot, const char *s, vg_err_t *err) {
  *slot = strdup(s ? s : "");
  return *slot ? VG_OK : vg_err_set(err, VG_E_NOMEM, "out of memory");
}

/* Validates rule file rel (already parsed as j, ownership taken) into r. */
static int s_rule(s_loader_t *L, const char *rel, json_t *j, vg__rule_t *r) {
  r->json = j;
  const char *id = json_string_value(json_object_get(j, "id"));
  const char *slug = json_string_value(json_object_get(j, "slug"));
  const char *version = json_string_value(json_object_get(j, "version"));
  const char *sev = json_string_value(json_object_get(j, "severity"));
  const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
#define S_BAD(...) return vg_err_set(L->err, VG_E_CONFIG, __VA_ARGS__)
  if (!id || !*id || strlen(id) > 16) S_BAD("invalid rule file '%s': missing or bad 'id'", rel);
  if (strncmp(base, id, strlen(id)) || base[strlen(id)] != '-')
    S_BAD("invalid rule file '%s': file name must start with '%s-'", rel, id);
  if (!slug || !*slug || strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(slug))
    S_BAD("invalid rule file '%s': 'slug' must be lower-case letters, digits and '-'", rel);
  if (!s_semver(version)) S_BAD("invalid rule file '%s': 'version' must be semver x.y.z", rel);
  if (!sev || (strcmp(sev, "low") && strcmp(sev, "medium") && strcmp(sev, "high")))
    S_BAD("invalid rule file '%s': 'severity' must be low, medium or high", rel);
  if (!s_lang_pair(json_object_get(j, "name")) ||
      !s_lang_pair(json_object_get(j, "description")))
    S_BAD("invalid rule file '%s': 'name' and 'description' need 'fr' and 'en'", rel);
  if (!s_lang_pair(json_object_get(j, "explanation")))
    S_BAD("invalid rule file '%s': 'explanation' needs 'fr' and 'en' templates", rel);
  const json_t *lb = json_object_get(j, "legal_basis");
  if (!json_is_array(lb) || !json_array_size(lb))
    S_BAD("invalid rule file '%s': 'legal_basis' must be a non-empty array", rel);
  size_t i;
  const json_t *v;
  char basis[256] = "";
  size_t bl = 0;
  json_array_foreach(lb, i, v) {
    const char *ref = json_string_value(json_object_get(v, "ref"));
    if (!ref || !*ref || !json_string_value(json_object_get(v, "url")))
      S_BAD("invalid rule file '%s': legal_basis[%zu] needs 'ref' and 'url'", rel, i);
    int w = snprintf(basis + bl, sizeof basis - bl, "%s%s", i ? "; " : "", ref);
    if (w > 0 && (size_t)w < sizeof basis - bl) bl += (size_t)w;
  }
  if (!json_is_array(json_object_get(j, "literature")))
    S_BAD("invalid rule file '%s': 'literature' must be an array", rel);
  r->applies_to = json_object_get(j, "applies_to");
  r->thresholds = json_object_get(j, "thresholds");
  if (!json_is_object(r->applies_to) || !json_is_object(r->thresholds))
    S_BAD("invalid rule file '%s': 'applies_to' and 'thresholds' must be objects", rel);
  const char *vf = json_string_value(json_object_get(j, "valid_from"));
  const char *vt = json_string_value(json_object_get(j, "valid_to"));
  if ((json_object_get(j, "valid_from") && !json_is_null(json_object_get(j, "valid_from")) &&
       !s_date(vf)) ||
      (json_object_get(j, "valid_to") && !json_is_null(json_object_get(j, "valid_to")) &&
       !s_date(vt)))
    S_BAD("invalid rule file '%s': 'valid_from'/'valid_to' must be YYYY-MM-DD or null", rel);
#undef S_BAD
  if (vf) memcpy(r->valid_from, vf, 11);
  if (vt) memcpy(r->valid_to, vt, 11);
  r->explanation = json_object_get(j, "explanation");
  const json_t *chk = json_object_get(j, "check");
  size_t n = json_is_array(chk) ? json_array_size(chk) : (chk ? 1 : 0);
  if (!n)
    return vg_err_set(L->err, VG_E_CONFIG, "invalid rule file '%s': 'check' is missing", rel);
  r->checks = calloc(n, sizeof *r->checks);
  if (!r->checks) return vg_err_set(L->err, VG_E_NOMEM, "out of memory");
  for (i = 0; i < n; i++) {
    int st = s_check(L, rel, json_is_array(chk) ? json_array_get(chk, i) : chk, &r->checks[i]);
    r->nchecks = i + 1;
    if (st) return st;
  }
  char rid[160];
  snprintf(rid, sizeof rid, "%s-%s", id, slug);
  int st;
  if ((st = s_dup(&r->id, id, L->err)) || (st = s_dup(&r->rule_id, rid, L->err)) ||
      (st = s_dup(&r->version, version, L->err)) || (st = s_dup(&r->severity, sev, L->err)) ||
      (st = s_dup(&r->legal_basis, basis, L->err)) || (st = s_dup(&r->file, rel, L->err)))
    return st;
  return VG_OK;
}

static int s_rule_cmp(const void *a, const void *b) {
  return strcmp(((const vg__rule_t *)a)->id, ((const vg__rule_t *)b)->id);
}

/* sha256 over "<rel>\0<sha256 hex>\n" of every file, sorted by relative path. */
static int s_checksum(s_loader_t *L, char out[65]) {
  qsort(L->files.v, L->files.n, sizeof *L->files.v, s_cmp_str);
  size_t cap = 0;
  for (size_t i = 0; i < L->files.n; i++) cap += strlen(L->files.v[i]) + 2 + 64;
  char *buf = malloc(cap + 1), path[4096], h[VG_SHA256_HEX];
  if (!buf) return vg_err_set(L->err, VG_E_NOMEM, "out of memory");
  size_t off = 0;
  for (size_t i = 0; i < L->files.n; i++) {
    snprintf(path, sizeof path, "%s/%s", L->dir, L->files.v[i]);
    if (vg_sha256_file_hex(path, h) != VG_OK) {
      free(buf);
      return vg_err_set(L->err, VG_E_IO, "cannot hash '%s'", path);
    }
    size_t n = strlen(L->files.v[i]);
    memcpy(buf + off, L->files.v[i], n + 1); /* with its NUL */
    off += n + 1;
    memcpy(buf + off, h, 64);
    off += 64;
    buf[off++] = '\n';
  }
  vg_sha256_hex(buf, off, out);
  free(buf);
  return VG_OK;
}

vg_catalogue_t *vg_catalogue_load(const char *dir, vg_err_t *err) {
  s_loader_t L = {.dir = dir, .err = err};
  vg_strv_t names = {0};
  vg_catalogue_t *cat = calloc(1, sizeof *cat);
  if (!cat) {
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  json_t *man = s_load_json(&L, "catalogue.json");
  if (!man) goto fail;
  const char *ver = json_string_value(json_object_get(man, "version"));
  const char *name = json_string_value(json_object_get(man, "name"));
  if (!s_semver(ver) || !name) {
    vg_err_set(err, VG_E_CONFIG, "invalid catalogue file '%s/catalogue.json': needs 'name' and "
               "a semver 'version'", dir);
    json_decref(man);
    goto fail;
  }
  int st = s_dup(&cat->version, ver, err);
  if (!st) st = s_dup(&cat->name, name, err);
  json_decref(man);
  if (st || s_list(dir, "rules", ".json", &names, err)) goto fail;
  if (!names.n) {
    vg_err_set(err, VG_E_CONFIG, "catalogue '%s' has no rule files in 'rules/'", dir);
    goto fail;
  }
  if (names.n > VG_RULES_MAX_RULES) {
    vg_err_set(err, VG_E_CONFIG, "catalogue '%s': more than %d rules", dir, VG_RULES_MAX_RULES);
    goto fail;
  }
  cat->rules = calloc(names.n, sizeof *cat->rules);
  if (!cat->rules) {
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    goto fail;
  }
  for (size_t i = 0; i < names.n; i++) {
    char rel[512];
    snprintf(rel, sizeof rel, "rules/%s", names.v[i]);
    json_t *j = s_load_json(&L, rel);
    if (!j) goto fail;
    cat->nrules = i + 1;
    if (s_rule(&L, rel, j, &cat->rules[i])) goto fail;
  }
  qsort(cat->rules, cat->nrules, sizeof *cat->rules, s_rule_cmp);
  for (size_t i = 1; i < cat->nrules; i++)
    if (!strcmp(cat->rules[i].id, cat->rules[i - 1].id)) {
      vg_err_set(err, VG_E_CONFIG, "invalid rule file '%s': id '%s' already used by '%s'",
                 cat->rules[i].file, cat->rules[i].id, cat->rules[i - 1].file);
      goto fail;
    }
  if (s_checksum(&L, cat->sha256)) goto fail;
  vg_strv_clear(&names);
  vg_strv_clear(&L.files);
  return cat;
fail:
  vg_strv_clear(&names);
  vg_strv_clear(&L.files);
  vg_catalogue_destroy(&cat);
  return NULL;
}

void vg_catalogue_destroy(vg_catalogue_t **pcat) {
  if (!pcat || !*pcat) return;
  vg_catalogue_t *c = *pcat;
  for (size_t i = 0; i < c->nrules; i++) s_rule_free(&c->rules[i]);
  free(c->rules);
  free(c->name);
  free(c->version);
  free(c);
  *pcat = NULL;
}

const char *vg_catalogue_version(const vg_catalogue_t *cat) { return cat->version; }
const char *vg_catalogue_name(const vg_catalogue_t *cat) { return cat->name; }
const char *vg_catalogue_sha256(const vg_catalogue_t *cat) { return cat->sha256; }
size_t vg_catalogue_count(const vg_catalogue_t *cat) { return cat->nrules; }

json_t *vg_catalogue_to_json(const vg_catalogue_t *cat) {
  json_t *rules = json_array();
  json_t *o = json_pack("{s:s, s:s, s:s, s:o}", "name", cat->name, "version", cat->version,
                        "sha256", cat->sha256, "rules", rules);
  if (!o) return NULL;
  for (size_t i = 0; i < cat->nrules; i++) {
    json_t *r = json_deep_copy(cat->rules[i].json);
    if (!r || json_object_set_new(r, "rule_id", json_string(cat->rules[i].rule_id)) ||
        json_object_set_new(r, "file", json_string(cat->rules[i].file)) ||
        json_array_append_new(rules, r)) {
      json_decref(o);
      return NULL;
    }
  }
  return o;
}
