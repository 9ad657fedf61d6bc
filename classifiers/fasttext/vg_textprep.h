/* vg_textprep.h: THE text preparation of vigie's fastText models.
 *
 * For: turning a clause (raw UTF-8) into the whitespace-separated token line that fastText sees,
 * identically at training time (classifiers/train) and at prediction time (vg_ft_predict calls
 * it). Changing anything here changes what every trained model expects: retrain the models and
 * bump VG_TEXTPREP_VERSION, which the model cards record.
 * Not for: segmentation, language detection, or display text (the output is lossy).
 *
 * Steps, in order:
 *   1. the whole input must be valid UTF-8 (else VG_E_ENCODING);
 *   2. only the first VG_TEXTPREP_MAX_IN bytes are used (cut on a code point boundary);
 *   3. NFKC + Unicode case folding + removal of default-ignorable code points (utf8proc), so
 *      "ﬁ" -> "fi", "Ⅳ" -> "iv", "É" -> "é" (accents are kept: "pénalités" stays "pénalités");
 *   4. typographic apostrophes (’ ‘ ʼ) become "'";
 *   5. each punctuation or symbol code point becomes its own token ("l'offre," -> "l ' offre ,");
 *   6. each run of decimal digits becomes the placeholder "0" ("L.2192-10" -> "l . 0 - 0");
 *   7. whitespace, newlines and control characters become single spaces; no leading/trailing space;
 *   8. the output is cut at a token boundary so that it never exceeds VG_TEXTPREP_MAX_OUT bytes.
 * Thread-safe: no state. */
#ifndef VG_TEXTPREP_H
#define VG_TEXTPREP_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_status.h"

#define VG_TEXTPREP_VERSION 1
#define VG_TEXTPREP_MAX_IN  65536u /* bytes of raw input considered */
#define VG_TEXTPREP_MAX_OUT 32768u /* bytes of prepared output, NUL excluded */
#define VG_TEXTPREP_DIGIT   "0"    /* placeholder for a run of digits */

/* Prepares text[0..len) (need not be NUL-terminated; may contain NULs, which count as control
 * characters). On VG_OK, *out is a new NUL-terminated string (caller frees; may be "" when the
 * input had no token) and *out_len its length. Returns VG_E_ENCODING for invalid UTF-8, VG_E_NOMEM,
 * VG_E_INPUT when text is NULL with len > 0. *out is NULL on error. */
int vg_textprep(const char *text, size_t len, char **out, size_t *out_len, vg_err_t *err);

#ifdef __cplusplus
}
#endif

#endif
