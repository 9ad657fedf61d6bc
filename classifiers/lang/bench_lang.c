/* bench_lang.c: vg_lang_bench — detections per second, default EU list vs the full libexttextcat
 * database. Not a test (timings vary by machine); prints figures for docs/language.md.
 *
 * Usage: vg_lang_bench <corpora dir> [rounds]
 * Inputs, read in place: the first 8 KiB of each CUAD contract (corpora/cuad/full_contract_txt,
 * English; vg_lang looks at 4 KiB of it) and every languageID-tagged cbc:Description over 100
 * bytes of the eForms SDK example notices (short texts, many languages), for which agreement with
 * the declared language is printed too. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vg_lang.h"

#define BENCH_MAX_TEXTS 5000
#define BENCH_HEAD 8192

typedef struct {
  char *text[BENCH_MAX_TEXTS];
  char want[BENCH_MAX_TEXTS][3]; /* declared ISO 639-1, "" when unknown */
  size_t n;
} set_t;

static const char *s_iso_of(const char *code) {
  static const char *const map[][2] = {
      {"BUL", "bg"}, {"CES", "cs"}, {"DAN", "da"}, {"DEU", "de"}, {"ELL", "el"}, {"ENG", "en"},
      {"EST", "et"}, {"FIN", "fi"}, {"FRA", "fr"}, {"GLE", "ga"}, {"HRV", "hr"}, {"HUN", "hu"},
      {"ITA", "it"}, {"LIT", "lt"}, {"LAV", "lv"}, {"MLT", "mt"}, {"NLD", "nl"}, {"POL", "pl"},
      {"POR", "pt"}, {"RON", "ro"}, {"SLK", "sk"}, {"SLV", "sl"}, {"SPA", "es"}, {"SWE", "sv"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(map[i][0], code) == 0) return map[i][1];
  return NULL;
}

static void s_add(set_t *s, const char *text, size_t len, const char *want) {
  if (s->n >= BENCH_MAX_TEXTS) return;
  char *t = malloc(len + 1);
  if (!t) return;
  memcpy(t, text, len);
  t[len] = '\0';
  s->text[s->n] = t;
  snprintf(s->want[s->n], 3, "%s", want ? want : "");
  s->n++;
}

static int s_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's entries ending with suffix, sorted (reproducible order); caller frees. */
static size_t s_list(const char *dir, const char *suffix, char ***out) {
  DIR *d = opendir(dir);
  *out = NULL;
  if (!d) return 0;
  size_t n = 0, cap = 0;
  char **names = NULL;
  struct dirent *e;
  size_t sl = strlen(suffix);
  while ((e = readdir(d))) {
    size_t nl = strlen(e->d_name);
    if (nl <= sl || strcmp(e->d_name + nl - sl, suffix) != 0) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 256;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) break;
      names = nn;
    }
    names[n] = strdup(e->d_name);
    if (names[n]) n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, s_cmp);
  *out = names;
  return n;
}

static void s_load_cuad(set_t *s, const char *corpora) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/cuad/full_contract_txt", corpora);
  char **names;
  size_t n = s_list(dir, ".txt", &names);
  char *buf = malloc(BENCH_HEAD);
  for (size_t i = 0; buf && i < n; i++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    FILE *f = fopen(path, "rb");
    if (f) {
      size_t got = fread(buf, 1, BENCH_HEAD, f);
      fclose(f);
      s_add(s, buf, got, "en");
    }
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  free(buf);
}

static void s_walk(xmlNode *n, set_t *s) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (strcmp((const char *)n->name, "Description") == 0) {
      xmlChar *code = xmlGetProp(n, (const xmlChar *)"languageID");
      xmlChar *text = code ? xmlNodeGetContent(n) : NULL;
      if (text && strlen((const char *)text) > 100)
        s_add(s, (const char *)text, strlen((const char *)text), s_iso_of((const char *)code));
      xmlFree(text);
      xmlFree(code);
    }
    s_walk(n->children, s);
  }
}

static void s_load_notices(set_t *s, const char *corpora) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/eforms-sdk/examples/notices", corpora);
  char **names;
  size_t n = s_list(dir, ".xml", &names);
  for (size_t i = 0; i < n; i++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc) {
      s_walk(xmlDocGetRootElement(doc), s);
      xmlFreeDoc(doc);
    }
    free(names[i]);
  }
  free(names);
}

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs every text rounds times; prints rate and agreement; returns detections per second. */
static double s_run(const char *label, vg_lang_t *l, const set_t *s, int rounds) {
  size_t ok = 0, agree = 0, bytes = 0;
  double t0 = s_now();
  for (int r = 0; r < rounds; r++) {
    for (size_t i = 0; i < s->n; i++) {
      char out[3];
      size_t len = strlen(s->text[i]);
      bytes += len < VG_LANG_SAMPLE ? len : VG_LANG_SAMPLE;
      if (vg_lang_detect(l, s->text[i], len, out, NULL, NULL) != VG_OK) continue;
      if (r == 0) {
        ok++;
        if (strcmp(out, s->want[i]) == 0) agree++;
      }
    }
  }
  double dt = s_now() - t0;
  double rate = dt > 0 ? (double)(s->n * (size_t)rounds) / dt : 0;
  printf("  %-10s %5zu texts x %d: %9.0f detections/s, %6.2f MB/s; decided %zu, agree %zu "
         "(%.1f%%)\n",
         label, s->n, rounds, rate, dt > 0 ? (double)bytes / dt / 1e6 : 0, ok, agree,
         s->n ? 100.0 * (double)agree / (double)s->n : 0);
  return rate;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <corpora dir> [rounds]\n", argv[0]);
    return 2;
  }
  int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
  if (rounds < 1) rounds = 1;
  vg_err_t err = {{0}};
  vg_lang_t *eu = vg_lang_new(NULL, &err);
  if (!eu) {
    fprintf(stderr, "cannot load the default list: %s\n", err.msg);
    return 1;
  }
  vg_lang_t *full = vg_lang_new_conf("/usr/share/libexttextcat/fpdb.conf", NULL, &err);
  if (!full) {
    fprintf(stderr, "cannot load fpdb.conf: %s\n", err.msg);
    vg_lang_destroy(&eu);
    return 1;
  }
  static set_t cuad, notices;
  s_load_cuad(&cuad, argv[1]);
  s_load_notices(&notices, argv[1]);
  const set_t *sets[] = {&cuad, &notices};
  const char *names[] = {"CUAD contracts (first 8 KiB, 4 KiB sampled)",
                         "eForms descriptions > 100 bytes"};
  for (int i = 0; i < 2; i++) {
    printf("%s:\n", names[i]);
    char label[32];
    snprintf(label, sizeof label, "EU (%zu)", vg_lang_count(eu));
    double a = s_run(label, eu, sets[i], rounds);
    snprintf(label, sizeof label, "full (%zu)", vg_lang_count(full));
    double b = s_run(label, full, sets[i], rounds);
    printf("  EU list is %.1fx faster than the full database\n", b > 0 ? a / b : 0);
  }
  for (size_t i = 0; i < cuad.n; i++) free(cuad.text[i]);
  for (size_t i = 0; i < notices.n; i++) free(notices.text[i]);
  vg_lang_destroy(&eu);
  vg_lang_destroy(&full);
  xmlCleanupParser();
  return 0;
}
