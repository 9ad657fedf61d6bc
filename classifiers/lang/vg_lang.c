/* vg_lang.c: language identification over libexttextcat (see vg_lang.h).
 *
 * For: loading a fingerprint list, sampling and cleaning a text, and turning libexttextcat's
 * candidate list into one ISO 639-1 code or "undecided". Not for: choosing when to detect (the
 * parsers/analyser do: only when the source does not declare a language) nor for stemming. */
#include "vg_lang.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <textcat.h>
#include <utf8proc.h>

#include "vg_file.h"
#include "vg_lang_words.h"

#ifndef VIGIE_DEFAULT_LANG_CONF
#error "VIGIE_DEFAULT_LANG_CONF must name the default fingerprint list (set by CMake)"
#endif

#define VG_LANG_DEFAULT_DIR "/usr/share/libexttextcat"
/* libexttextcat joins prefix and file name in a 512-byte buffer and reads 1024-byte lines. */
#define VG_LANG_PATH_MAX 512
/* Candidates within this relative distance of the best one are returned by libexttextcat
 * (THRESHOLDVALUE 1.03 in its constants.h); the confidence scale spans that window. */
#define VG_LANG_WINDOW 0.03
/* Most fingerprints in a list (libexttextcat-data has 163). */
#define VG_LANG_MAX_FP 512
/* Distinguishing function words needed for them to settle a near-tie. */
#define VG_LANG_MIN_WORDS 1

struct vg_lang {
  void *tc;                 /* libexttextcat handle */
  candidate_t *cands;       /* its candidate buffer (one per fingerprint) */
  size_t count;             /* fingerprints loaded */
  char loaded[VG_LANG_MAX_FP][3]; /* their ISO 639-1 codes ("" when the name has none) */
  char buf[VG_LANG_SAMPLE + 1]; /* cleaned sample handed to libexttextcat */
};

/* The 24 official EU languages (ISO 639-1), all present in libexttextcat-data 3.4.5. */
static const char *const s_eu[] = {"bg", "cs", "da", "de", "el", "en", "es", "et",
                                   "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
                                   "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"};

/* ISO 639-1 -> Xapian 1.4 stemmer, as in docs/index-schema.md. */
static const struct {
  const char *iso;
  const char *stemmer;
} s_stemmers[] = {{"ar", "arabic"},     {"ca", "catalan"},   {"da", "danish"},
                  {"de", "german"},     {"en", "english"},   {"es", "spanish"},
                  {"eu", "basque"},     {"fi", "finnish"},   {"fr", "french"},
                  {"ga", "irish"},      {"hu", "hungarian"}, {"hy", "armenian"},
                  {"id", "indonesian"}, {"it", "italian"},   {"lt", "lithuanian"},
                  {"nb", "norwegian"},  {"nn", "norwegian"}, {"no", "norwegian"},
                  {"ne", "nepali"},     {"nl", "dutch"},     {"pt", "portuguese"},
                  {"ro", "romanian"},   {"ru", "russian"},   {"sv", "swedish"},
                  {"ta", "tamil"},      {"tr", "turkish"}};

int vg_lang_is_eu(const char *iso) {
  if (!iso) return 0;
  for (size_t i = 0; i < sizeof s_eu / sizeof s_eu[0]; i++)
    if (strcmp(s_eu[i], iso) == 0) return 1;
  return 0;
}

const char *vg_lang_stemmer(const char *iso) {
  if (!iso) return NULL;
  for (size_t i = 0; i < sizeof s_stemmers / sizeof s_stemmers[0]; i++)
    if (strcmp(s_stemmers[i].iso, iso) == 0) return s_stemmers[i].stemmer;
  return NULL;
}

/* "fr--utf8" -> "fr"; 0 when the name does not start with a two-letter code. */
static int s_iso(const char *name, char out[3]) {
  if (!name || name[0] < 'a' || name[0] > 'z' || name[1] < 'a' || name[1] > 'z') return 0;
  if (name[2] != '\0' && name[2] != '-' && name[2] != '_') return 0;
  out[0] = name[0];
  out[1] = name[1];
  out[2] = '\0';
  return 1;
}

/* Checks every fingerprint file the list names, so that a failure says which one (libexttextcat
 * only returns NULL), and records their ISO codes in l. Returns VG_OK or VG_E_CONFIG. */
static int s_check_conf(vg_lang_t *l, const char *conf, const char *prefix, vg_err_t *err) {
  char *text = NULL;
  size_t len = 0;
  vg_err_t rerr;
  int st = vg_file_read(conf, VG_LANG_CONF_MAX, &text, &len, &rerr);
  if (st != VG_OK)
    return vg_err_set(err, VG_E_CONFIG, "cannot read language list '%s': %s", conf, rerr.msg);
  size_t n = 0;
  st = VG_OK;
  for (char *line = text, *next = NULL; line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *p = line + strspn(line, " \t\r");
    size_t flen = strcspn(p, " \t\r");
    if (flen == 0) continue;
    char *q = p + flen;
    q += strspn(q, " \t\r");
    if (*q == '\0') continue; /* libexttextcat skips lines without a name too */
    if (strlen(line) >= 1000) {
      st = vg_err_set(err, VG_E_CONFIG, "language list '%s': line over 1000 bytes", conf);
      break;
    }
    char path[VG_LANG_PATH_MAX];
    int w = snprintf(path, sizeof path, "%s%.*s", prefix, (int)flen, p);
    if (w < 0 || (size_t)w >= sizeof path) {
      st = vg_err_set(err, VG_E_CONFIG, "fingerprint path too long: '%s%.*s'", prefix,
                      (int)flen, p);
      break;
    }
    if (access(path, R_OK) != 0) {
      st = vg_err_set(err, VG_E_CONFIG, "cannot read fingerprint '%s': %s", path,
                      strerror(errno));
      break;
    }
    if (n == VG_LANG_MAX_FP) {
      st = vg_err_set(err, VG_E_CONFIG, "language list '%s': over %d fingerprints", conf,
                      VG_LANG_MAX_FP);
      break;
    }
    q[strcspn(q, " \t\r")] = '\0';
    if (!s_iso(q, l->loaded[n])) l->loaded[n][0] = '\0';
    n++;
  }
  free(text);
  if (st == VG_OK && n == 0)
    st = vg_err_set(err, VG_E_CONFIG, "language list '%s' names no fingerprint", conf);
  l->count = n;
  return st;
}

vg_lang_t *vg_lang_new_conf(const char *conf, const char *dir, vg_err_t *err) {
  if (!conf) conf = VIGIE_DEFAULT_LANG_CONF;
  if (!dir || !*dir) dir = VG_LANG_DEFAULT_DIR;
  char prefix[VG_LANG_PATH_MAX];
  size_t dlen = strlen(dir);
  int w = snprintf(prefix, sizeof prefix, "%s%s", dir, dir[dlen - 1] == '/' ? "" : "/");
  if (w < 0 || (size_t)w >= sizeof prefix - 16) {
    vg_err_set(err, VG_E_CONFIG, "fingerprint directory path too long: '%s'", dir);
    return NULL;
  }
  vg_lang_t *l = calloc(1, sizeof *l);
  if (!l) {
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  if (s_check_conf(l, conf, prefix, err) != VG_OK) {
    free(l);
    return NULL;
  }
  l->tc = special_textcat_Init(conf, prefix);
  if (!l->tc) {
    vg_err_set(err, VG_E_CONFIG, "libexttextcat cannot load '%s' from '%s'", conf, prefix);
    free(l);
    return NULL;
  }
  l->cands = textcat_GetClassifyFullOutput(l->tc);
  if (!l->cands) {
    textcat_Done(l->tc);
    free(l);
    vg_err_set(err, VG_E_NOMEM, "out of memory");
    return NULL;
  }
  return l;
}

vg_lang_t *vg_lang_new(const char *dir, vg_err_t *err) {
  return vg_lang_new_conf(NULL, dir, err);
}

void vg_lang_destroy(vg_lang_t **pl) {
  if (!pl || !*pl) return;
  vg_lang_t *l = *pl;
  if (l->cands) textcat_ReleaseClassifyFullOutput(l->tc, l->cands);
  if (l->tc) textcat_Done(l->tc);
  free(l);
  *pl = NULL;
}

size_t vg_lang_count(const vg_lang_t *l) { return l ? l->count : 0; }

/* Length of the prefix of text[0,len) that fits in VG_LANG_SAMPLE bytes without splitting a
 * UTF-8 sequence. */
static size_t s_sample_len(const char *text, size_t len) {
  if (len <= VG_LANG_SAMPLE) return len;
  size_t n = VG_LANG_SAMPLE;
  for (int i = 0; i < 3 && n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80; i++) n--;
  return n;
}

/* VG_OK when s[0,n) is valid UTF-8, else VG_E_ENCODING with the offset. */
static int s_validate(const char *s, size_t n, vg_err_t *err) {
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return vg_err_set(err, VG_E_ENCODING, "invalid UTF-8 at byte %zu", i);
    i += (size_t)k;
  }
  return VG_OK;
}

/* A token that is a URL or an e-mail address says nothing about the language of the text
 * around it and drags the n-gram profile towards English. */
static int s_is_link(const char *t, size_t n) {
  if (n >= 4 && strncmp(t, "www.", 4) == 0) return 1;
  for (size_t i = 0; i + 2 < n; i++)
    if (t[i] == ':' && t[i + 1] == '/' && t[i + 2] == '/') return 1;
  for (size_t i = 1; i + 1 < n; i++)
    if (t[i] == '@') return 1;
  return 0;
}

static int s_is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Copies the valid UTF-8 sample s[0,n) into l->buf without links (tokens joined by one space);
 * returns the copied length and the number of letters (Unicode L* categories) kept. */
static size_t s_clean(vg_lang_t *l, const char *s, size_t n, size_t *letters) {
  size_t o = 0, i = 0, nl = 0;
  while (i < n) {
    while (i < n && s_is_space((unsigned char)s[i])) i++;
    size_t start = i;
    while (i < n && !s_is_space((unsigned char)s[i])) i++;
    if (i == start || s_is_link(s + start, i - start)) continue;
    if (o > 0) l->buf[o++] = ' ';
    for (size_t j = start; j < i;) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + j,
                                            (utf8proc_ssize_t)(i - j), &cp);
      if (k <= 0) break; /* cannot happen: validated before */
      utf8proc_category_t c = utf8proc_category(cp);
      if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) nl++;
      j += (size_t)k;
    }
    /* o + token + separator never exceeds n <= VG_LANG_SAMPLE: one separator replaces at
     * least one whitespace byte, except before the first token. */
    memcpy(l->buf + o, s + start, i - start);
    o += i - start;
  }
  l->buf[o] = '\0';
  *letters = nl;
  return o;
}

/* Languages whose n-gram profiles libexttextcat confuses (seen on TED and eForms notices):
 * when the best candidate is in a group, the other loaded members join the function-word vote
 * even if they are not within libexttextcat's 3% window. */
static const char *const s_groups[][5] = {
    {"hr", "sl", NULL}, {"cs", "sk", NULL}, {"lt", "lv", NULL}, {"da", "sv", NULL},
    {"es", "pt", "it", "ro", NULL}};

static int s_loaded(const vg_lang_t *l, const char *iso) {
  for (size_t i = 0; i < l->count; i++)
    if (strcmp(l->loaded[i], iso) == 0) return 1;
  return 0;
}

static int s_add_code(char codes[][3], int n, const char *iso) {
  if (n >= VG__LANG_WORDS_MAXN || !iso[0]) return n;
  for (int i = 0; i < n; i++)
    if (strcmp(codes[i], iso) == 0) return n;
  memcpy(codes[n], iso, 3);
  return n + 1;
}

/* Function-word vote between the k candidates (and the loaded siblings of best_iso): the words
 * that only one of them has decide when that one has at least VG_LANG_MIN_WORDS of them and
 * twice as many as any other. Then out = its code and *conf = 0.5 + 0.5 * (h1 - h2) / h1 (h1,
 * h2: the two highest counts), or the n-gram confidence when that is higher and names the same
 * language. Returns 1 when the words decided, 0 otherwise (out, *conf untouched). */
static int s_words_vote(vg_lang_t *l, int k, const char *best_iso, char out[3], double *conf) {
  char codes[VG__LANG_WORDS_MAXN][3];
  int n = 0;
  for (int i = 0; i < k; i++) {
    char iso[3];
    if (s_iso(l->cands[i].name, iso)) n = s_add_code(codes, n, iso);
  }
  for (size_t g = 0; g < sizeof s_groups / sizeof s_groups[0]; g++) {
    int in = 0;
    for (int j = 0; s_groups[g][j]; j++) in |= strcmp(s_groups[g][j], best_iso) == 0;
    for (int j = 0; in && s_groups[g][j]; j++)
      if (s_loaded(l, s_groups[g][j])) n = s_add_code(codes, n, s_groups[g][j]);
  }
  if (n < 2) return 0;
  const char *isos[VG__LANG_WORDS_MAXN];
  int hits[VG__LANG_WORDS_MAXN];
  for (int i = 0; i < n; i++) isos[i] = codes[i];
  vg__lang_words_count(l->buf, strlen(l->buf), isos, n, hits);
  int h1 = -1, h2 = 0, top = -1;
  for (int i = 0; i < n; i++) {
    if (hits[i] > h1) {
      if (h1 > h2) h2 = h1;
      h1 = hits[i];
      top = i;
    } else if (hits[i] > h2) {
      h2 = hits[i];
    }
  }
  if (top < 0 || h1 < VG_LANG_MIN_WORDS || h1 < 2 * h2) return 0;
  double cw = 0.5 + 0.5 * (double)(h1 - h2) / (double)h1;
  if (strcmp(codes[top], best_iso) != 0 || cw > *conf) *conf = cw;
  memcpy(out, codes[top], 3);
  return 1;
}

int vg_lang_detect(vg_lang_t *l, const char *text, size_t len, char out[3], double *confidence,
                   vg_err_t *err) {
  if (confidence) *confidence = 0.0;
  if (out) out[0] = '\0';
  if (!l || !out || (!text && len > 0))
    return vg_err_set(err, VG_E_INPUT, "vg_lang_detect: missing argument");
  if (len == 0) return vg_err_set(err, VG_E_NOTFOUND, "empty text");
  size_t n = s_sample_len(text, len);
  int st = s_validate(text, n, err);
  if (st != VG_OK) return st;
  size_t letters = 0;
  size_t blen = s_clean(l, text, n, &letters);
  if (letters < VG_LANG_MIN_LETTERS)
    return vg_err_set(err, VG_E_NOTFOUND, "too short to tell: %zu letters (%d needed)", letters,
                      VG_LANG_MIN_LETTERS);
  int k = textcat_ClassifyFull(l->tc, l->buf, blen, l->cands);
  if (k <= 0)
    return vg_err_set(err, VG_E_NOTFOUND, "no language close enough (%s)",
                      k == TEXTCAT_RESULT_SHORT ? "short" : "unknown");
  /* Best (lowest distance) and second, without relying on the library's ordering. */
  int best = 0, second = -1;
  for (int i = 1; i < k; i++) {
    if (l->cands[i].score < l->cands[best].score) {
      second = best;
      best = i;
    } else if (second < 0 || l->cands[i].score < l->cands[second].score) {
      second = i;
    }
  }
  double conf = 1.0;
  if (second >= 0) {
    double b = l->cands[best].score > 0 ? (double)l->cands[best].score : 1.0;
    double gap = ((double)l->cands[second].score - (double)l->cands[best].score) / b;
    conf = 0.5 + 0.5 * (gap >= VG_LANG_WINDOW ? 1.0 : gap / VG_LANG_WINDOW);
  }
  char iso[3] = "";
  int named = s_iso(l->cands[best].name, iso);
  int by_words = s_words_vote(l, k, iso, iso, &conf);
  if (confidence) *confidence = conf;
  if (!named && !by_words)
    return vg_err_set(err, VG_E_NOTFOUND, "best candidate '%s' has no ISO 639-1 code",
                      l->cands[best].name);
  int eu_others = 0;
  for (int i = 0; i < k; i++) {
    char other[3];
    if (s_iso(l->cands[i].name, other) && strcmp(other, iso) != 0 && vg_lang_is_eu(other))
      eu_others++;
  }
  int eu_alone = vg_lang_is_eu(iso) && eu_others == 0;
  if (conf < VG_LANG_MIN_CONFIDENCE && !eu_alone && !by_words)
    return vg_err_set(err, VG_E_NOTFOUND, "no clear winner: %d candidates, '%s' first (%.2f)",
                      k, l->cands[best].name, conf);
  memcpy(out, iso, 3);
  return VG_OK;
}
