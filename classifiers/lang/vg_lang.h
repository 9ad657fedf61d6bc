/* vg_lang.h: language identification of free text (libexttextcat n-gram fingerprints).
 *
 * For: guessing the ISO 639-1 language of a section or a whole document whose source does not
 * declare it (PDF/DOCX dossiers, untagged notice text), so that the indexer picks the right
 * stemmer. Not for: overriding a declared language (eForms languageID, TED LG, OCDS language),
 * telling dialects or scripts apart, or text under ~40 letters (too short to be reliable).
 *
 * Threading: a vg_lang_t handle may be used by ONE thread at a time (libexttextcat keeps per-handle
 * scratch state and so do we). Create one handle per worker thread; handles are independent.
 * See docs/language.md for the decision rule, the languages and the stemmer mapping. */
#ifndef VG_LANG_H
#define VG_LANG_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_status.h"

/* Only the first VG_LANG_SAMPLE bytes of a text are looked at (cut back to a UTF-8 boundary). */
#define VG_LANG_SAMPLE 4096
/* Fewer letters than this (after URLs and e-mail addresses are dropped): undecided. */
#define VG_LANG_MIN_LETTERS 40
/* Below this confidence (several close candidates): undecided. */
#define VG_LANG_MIN_CONFIDENCE 0.6
/* Longest fingerprint list file accepted (bytes). */
#define VG_LANG_CONF_MAX (64 * 1024)

typedef struct vg_lang vg_lang_t;

/* Loads the fingerprints of the default list (classifiers/lang/languages.conf: the 24 official
 * EU languages, copied into the build tree as VIGIE_DEFAULT_LANG_CONF) from dir (NULL:
 * /usr/share/libexttextcat). Returns a new handle (free with vg_lang_destroy) or NULL with err
 * set (VG_E_CONFIG: list unreadable or a fingerprint file missing/unreadable). */
vg_lang_t *vg_lang_new(const char *dir, vg_err_t *err);

/* Same, with the fingerprint list conf (libexttextcat fpdb.conf syntax: "<file.lm> <name>" per
 * line, '#' comments; NULL: the default list). Pass "/usr/share/libexttextcat/fpdb.conf" for the
 * full 163-language database. */
vg_lang_t *vg_lang_new_conf(const char *conf, const char *dir, vg_err_t *err);

/* Frees the handle and sets *pl to NULL; idempotent. */
void vg_lang_destroy(vg_lang_t **pl);

/* Detects the language of text[0,len) (UTF-8; text may be NULL when len is 0). URLs and e-mail
 * addresses are dropped before classification; only the first VG_LANG_SAMPLE bytes count.
 * Returns:
 *   VG_OK          out = ISO 639-1 code, lower case, NUL-terminated ("fr");
 *   VG_E_NOTFOUND  undecided: empty or fewer than VG_LANG_MIN_LETTERS letters, no fingerprint
 *                  close enough ("UNKNOWN"), several candidates without a clear winner, or a
 *                  winner without an ISO 639-1 code (e.g. "ace" in the full database);
 *   VG_E_ENCODING  text is not valid UTF-8 (err gives the byte offset);
 *   VG_E_INPUT     l, out NULL, or text NULL with len > 0.
 * out is "" on every non-OK return. confidence (may be NULL) receives a number in [0,1]:
 * 1 when libexttextcat returns a single candidate; with several candidates (all within 3% of the
 * best distance) 0.5 + 0.5 * min(1, gap / 0.03), gap being the relative distance between the
 * best and the second (0.5 = exact tie); 0 when there is no candidate. Close languages (several
 * candidates, or a best one among it/ro/es/pt, hr/sl, cs/sk, lt/lv, da/sv) are then compared on
 * function words and letters that only one of them has; a clear winner there (h1 >= 1 hits and
 * h1 >= 2 * h2) is chosen with confidence 0.5 + 0.5 * (h1 - h2) / h1 (or the n-gram one when
 * higher and for the same language). Otherwise VG_OK needs a confidence >=
 * VG_LANG_MIN_CONFIDENCE, except when the best candidate is the only EU language among the
 * candidates (e.g. [it][ca] with the full database): then it wins. docs/language.md has it all. */
int vg_lang_detect(vg_lang_t *l, const char *text, size_t len, char out[3], double *confidence,
                   vg_err_t *err);

/* Number of fingerprints loaded. */
size_t vg_lang_count(const vg_lang_t *l);

/* 1 when iso (ISO 639-1, lower case) is one of the 24 official EU languages, else 0. */
int vg_lang_is_eu(const char *iso);

/* The Xapian (Snowball) stemmer name for an ISO 639-1 code ("fr" -> "french"), or NULL when
 * Xapian 1.4 has none (bg, cs, el, et, hr, lv, mt, pl, sk, sl...: indexed unstemmed). Static
 * string. Mirrors docs/index-schema.md "Languages and stemming". */
const char *vg_lang_stemmer(const char *iso);

#ifdef __cplusplus
}
#endif

#endif
