/* vg_analyser.c: parse -> segment -> classify -> rules, plus the processing record
 * (see vg_analyser.h). */
#include "vg_analyser.h"
#include "vg_analyser_lang.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "vg_ft.h"
#include "vg_hash.h"
#include "vg_decp.h"
#include "vg_dossier.h"
#include "vg_notice.h"
#include "vg_ocds.h"
#include "vg_rules.h"
#include "vg_segment.h"
#include "vg_structure.h"

struct vg_analyser {
  vg_ft_t *model;          /* NULL: no classification configured */
  vg_catalogue_t *cat;
  vg_lang_t *lang;         /* language of undeclared text */
  double low_conf;
  char worker[96];
};

/* The model card written by vigie-train beside the model ("<dir>/<name>.card.json") names the
 * low-confidence threshold chosen at training time; that threshold travels with the model. */
static double s_card_threshold(const char *model_path, double dflt) {
  char card[4200];
  const char *dot = strrchr(model_path, '.');
  size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - model_path) : strlen(model_path);
  if (snprintf(card, sizeof card, "%.*s.card.json", (int)stem, model_path) >= (int)sizeof card) return dflt;
  json_t *j = json_load_file(card, 0, NULL);
  json_t *t = json_object_get(json_object_get(j, "low_confidence"), "threshold");
  double v = json_is_number(t) ? json_number_value(t) : dflt;
  json_decref(j);
  return v;
}

vg_analyser_t *vg_analyser_new(const vg_analyser_config_t *cfg, vg_err_t *err) {
  vg_analyser_t *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->low_conf = cfg->low_confidence;
  if (a->low_conf < 0 && cfg->model_path && *cfg->model_path)
    a->low_conf = s_card_threshold(cfg->model_path, 0.5);
  snprintf(a->worker, sizeof a->worker, "%s", cfg->worker ? cfg->worker : "in-process");
  if (cfg->model_path && *cfg->model_path && !(a->model = vg_ft_load(cfg->model_path, NULL, err))) {
    vg_analyser_destroy(&a);
    return NULL;
  }
  if (!(a->cat = vg_catalogue_load(cfg->catalogue_dir, err))) {
    vg_analyser_destroy(&a);
    return NULL;
  }
  if (!(a->lang = vg_lang_new(NULL, err))) {
    vg_analyser_destroy(&a);
    return NULL;
  }
  return a;
}

void vg_analyser_destroy(vg_analyser_t **pa) {
  if (!pa || !*pa) return;
  vg_ft_destroy(&(*pa)->model);
  vg_catalogue_destroy(&(*pa)->cat);
  vg_lang_destroy(&(*pa)->lang);
  free(*pa);
  *pa = NULL;
}


static double s_ms_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Appends {"stage", "at" (UTC, ms), "ms"} to processing.stages and restarts the clock. */
static void s_stage(vg_doc_t *doc, const char *stage, struct timespec *t0) {
  json_t *stages = json_object_get(doc->processing, "stages");
  if (!stages) {
    stages = json_array();
    json_object_set_new(doc->processing, "stages", stages);
  }
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm tm;
  gmtime_r(&now.tv_sec, &tm);
  char at[64], ts[32];
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(at, sizeof at, "%s.%03dZ", ts, (int)(now.tv_nsec / 1000000));
  json_array_append_new(stages, json_pack("{s:s, s:s, s:f}", "stage", stage, "at", at, "ms", s_ms_since(t0)));
  clock_gettime(CLOCK_MONOTONIC, t0);
}

static int s_classify(vg_analyser_t *a, vg_doc_t *doc, vg_err_t *err) {
  if (!a->model) return VG_OK;
  for (size_t i = 0; i < doc->nclauses; i++) {
    vg_clause_t *c = &doc->clauses[i];
    vg_ft_pred_t p;
    int n = vg_ft_predict(a->model, doc->text + c->start, c->end - c->start, 1, &p, err);
    if (n < 0) {
      if (n == VG_E_ENCODING) return n; /* document-level */
      return vg_err_set(err, n, "clause model failed on '%s': %s", c->id, err ? err->msg : "");
    }
    if (n == 0) continue;
    if (vg_doc_set(&c->label, p.label)) return VG_E_NOMEM;
    c->prob = p.prob;
    c->low_conf = p.prob < a->low_conf;
  }
  return VG_OK;
}

static void s_record(vg_analyser_t *a, vg_doc_t *doc) {
  json_t *pr = doc->processing;
  json_object_set_new(pr, "software", json_string("vigie " VIGIE_VERSION));
  json_object_set_new(pr, "worker", json_string(a->worker));
  if (a->model)
    json_object_set_new(pr, "model", json_pack("{s:s, s:s, s:f}", "name", vg_ft_name(a->model), "sha256",
                                               vg_ft_sha256(a->model), "low_confidence", a->low_conf));
  else
    json_object_set_new(pr, "model", json_null());
  json_object_set_new(pr, "catalogue",
                      json_pack("{s:s, s:s, s:s, s:I}", "name", vg_catalogue_name(a->cat), "version",
                                vg_catalogue_version(a->cat), "sha256", vg_catalogue_sha256(a->cat),
                                "rules", (json_int_t)vg_catalogue_count(a->cat)));
}

static int s_contains(const char *hay, size_t n, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= n; i++)
    if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0) return 1;
  return 0;
}

/* Picks the parser by content, not by file name: XML with a <marches> root is DECP, other XML
 * goes to the notice parser (eForms, TED); JSON holding "marches" is DECP, other JSON is OCDS. */
static int s_ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* fields.version_key: what makes notices versions of one another (docs/document-model.md).
 * A change notice or corrigendum is a version of the notice it changes (eForms: the changed
 * notice id without its "-NN" version suffix; TED F14/F20: the original OJ number); any
 * other notice starts its own line; OCDS releases of one ocid and DECP records of one
 * contract are versions of each other. Dossier files have none (each stands alone). */
static int s_version_key(vg_doc_t *doc) {
  const char *fmt = doc->format ? doc->format : "";
  const char *ch = json_string_value(json_object_get(doc->fields, "changes_notice"));
  char key[512];
  int n = -1;
  if (!strcmp(fmt, "eforms") || !strcmp(fmt, "ted")) {
    const char *base = ch && *ch ? ch : doc->notice_id;
    if (!base || !*base) return VG_OK;
    size_t len = strlen(base);
    if (!strcmp(fmt, "eforms") && ch && len > 3 && base[len - 3] == '-' &&
        base[len - 2] >= '0' && base[len - 2] <= '9' && base[len - 1] >= '0' && base[len - 1] <= '9')
      len -= 3;
    n = snprintf(key, sizeof key, "%s:%.*s", fmt, (int)len, base);
  } else if ((!strcmp(fmt, "ocds") || !strcmp(fmt, "decp")) && doc->procedure_id) {
    n = snprintf(key, sizeof key, "%s", doc->procedure_id);
  }
  if (n < 0 || (size_t)n >= sizeof key) return VG_OK; /* none, or too long to be a key */
  if (!doc->fields && !(doc->fields = json_object())) return VG_E_NOMEM;
  return json_object_set_new(doc->fields, "version_key", json_string(key)) ? VG_E_NOMEM : VG_OK;
}

/* Formats produced by vg_dossier_extract(). */
static int s_is_dossier(const vg_doc_t *doc) {
  static const char *const kinds[] = {"pdf", "docx", "odt", "html", "text"};
  for (size_t i = 0; doc->format && i < sizeof kinds / sizeof *kinds; i++)
    if (strcmp(doc->format, kinds[i]) == 0) return 1;
  return 0;
}

/* A dossier file has no title field: its first line (the document's own title as a rule,
 * "Règlement de la consultation (RC)") stands for it, cut at 200 bytes on a code point. */
static int s_dossier_title(vg_doc_t *doc) {
  if (doc->title || !doc->text || !s_is_dossier(doc)) return VG_OK;
  size_t n = 0;
  while (n < doc->text_len && doc->text[n] != '\n') n++;
  if (n > 200) {
    n = 200;
    while (n > 0 && ((unsigned char)doc->text[n] & 0xC0) == 0x80) n--;
  }
  if (n == 0) return VG_OK;
  char *t = strndup(doc->text, n);
  if (!t) return VG_E_NOMEM;
  int rc = vg_doc_set(&doc->title, t);
  free(t);
  return rc;
}

static int s_parse(const char *buf, size_t len, const char *name, vg_doc_t *doc, vg_err_t *err) {
  /* Tender dossiers: PDF and zip containers (DOCX, ODT) by their magic bytes, HTML and plain
   * text by their name; everything else must be a notice. */
  if ((len >= 5 && memcmp(buf, "%PDF-", 5) == 0) || (len >= 4 && memcmp(buf, "PK\3\4", 4) == 0) ||
      s_ends_with(name, ".html") || s_ends_with(name, ".htm") || s_ends_with(name, ".txt"))
    return vg_dossier_extract(buf, len, name, doc, err);
  size_t i = 0;
  if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) i = 3;
  while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
  size_t head = len - i < 65536 ? len - i : 65536;
  if (i < len && (buf[i] == '{' || buf[i] == '[')) {
    if (s_contains(buf + i, head, "\"marches\"")) return vg_decp_parse(buf, len, name, doc, err);
    return vg_ocds_parse(buf, len, name, doc, err);
  }
  if (i < len && buf[i] == '<') {
    /* the root element: the first tag that is not <?...?> or <!...> */
    for (size_t k = i; k + 1 < i + head; k++) {
      if (buf[k] != '<' || buf[k + 1] == '?' || buf[k + 1] == '!') continue;
      size_t e = k + 1;
      while (e < len && buf[e] != ' ' && buf[e] != '>' && buf[e] != '/' && buf[e] != '\n' && buf[e] != '\t' && buf[e] != '\r') e++;
      const char *colon = memchr(buf + k + 1, ':', e - k - 1);
      const char *local = colon ? colon + 1 : buf + k + 1;
      if ((size_t)(buf + e - local) == 7 && memcmp(local, "marches", 7) == 0)
        return vg_decp_parse(buf, len, name, doc, err);
      break;
    }
  }
  return vg_notice_parse(buf, len, name, doc, err);
}

/* Copies the submission's container link (zip dossier, TED package) into doc->fields. */
static int s_container(vg_doc_t *doc, const json_t *meta) {
  json_t *c = json_is_object(meta) ? json_object_get(meta, "container") : NULL;
  if (!json_is_object(c)) return VG_OK;
  if (!doc->fields && !(doc->fields = json_object())) return VG_E_NOMEM;
  return json_object_set_new(doc->fields, "container", json_deep_copy(c)) ? VG_E_NOMEM : VG_OK;
}

int vg_analyser_run(vg_analyser_t *a, const char *name, const json_t *meta, const void *buf,
                    size_t len, vg_doc_t **out, vg_err_t *err) {
  *out = NULL;
  vg_doc_t *doc = vg_doc_new();
  if (!doc) return vg_err_set(err, VG_E_NOMEM, "out of memory");
  char id[VG_SHA256_HEX];
  vg_sha256_hex(buf, len, id);
  if (vg_doc_set(&doc->id, id) || vg_doc_set(&doc->source, name)) {
    vg_doc_destroy(&doc);
    return vg_err_set(err, VG_E_NOMEM, "out of memory");
  }
  s_record(a, doc);
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  vg_err_t e = {{0}};
  int rc = s_parse(buf, len, name, doc, &e);
  if (rc == VG_OK && (s_container(doc, meta) != VG_OK || s_version_key(doc) != VG_OK ||
                      s_dossier_title(doc) != VG_OK))
    rc = vg_err_set(&e, VG_E_NOMEM, "out of memory");
  if (rc == VG_OK) {
    s_stage(doc, "parse", &t0);
    rc = vg_analyser_detect_lang(a->lang, doc);
    if (rc != VG_OK) rc = vg_err_set(&e, rc, "out of memory");
  }
  if (rc == VG_OK) {
    s_stage(doc, "language", &t0);
    /* dossier files are cut where their authors numbered them; notices by field and item */
    rc = s_is_dossier(doc) ? vg_structure_segment(doc, &e) : vg_segment_doc(doc, &e);
  }
  if (rc == VG_OK) {
    for (size_t k = 0; k < doc->nclauses; k++)
      doc->clauses[k].page = vg_dossier_page_of(doc, doc->clauses[k].start);
    s_stage(doc, "segment", &t0);
    rc = s_classify(a, doc, &e);
  }
  if (rc == VG_OK) {
    s_stage(doc, "classify", &t0);
    rc = vg_rules_eval(a->cat, doc, &e);
  }
  if (rc != VG_OK) {
    vg_doc_destroy(&doc);
    /* Name the file in every document-level message. */
    if (strstr(e.msg, name)) return vg_err_set(err, rc, "%s", e.msg);
    return vg_err_set(err, rc, "cannot analyse '%s': %s", name, e.msg[0] ? e.msg : vg_status_str(rc));
  }
  s_stage(doc, "rules", &t0);
  *out = doc;
  return VG_OK;
}
