/* vg_lang_words.h: internal to vg_lang — function-word counts that separate close languages.
 *
 * For: breaking near-ties between libexttextcat candidates (it/ro/es, hr/sl, cs/sk, lv/lt...)
 * by counting very frequent function words ("di", "della" vs "și", "pentru"). Not for: detecting
 * a language on its own, nor for use outside classifiers/lang. */
#ifndef VG_LANG_WORDS_H
#define VG_LANG_WORDS_H

#include <stddef.h>

/* At most this many bytes of the text are tokenised. */
#define VG__LANG_WORDS_SPAN 2048

/* Most candidates compared at once. */
#define VG__LANG_WORDS_MAXN 8

/* For each of the n (<= VG__LANG_WORDS_MAXN) ISO 639-1 codes in isos, stores in hits[i] how many
 * words of the valid UTF-8 text[0,len) (first VG__LANG_WORDS_SPAN bytes, lower-cased, split on
 * non-letters) are function words of that language and of none of the other n, plus how many of
 * its letters are marker letters (ř, ľ, ć, ą, ă, ñ...) that this language alone of the n writes:
 * the evidence that tells them apart. hits[i] is -1 when the language has no word list. */
void vg__lang_words_count(const char *text, size_t len, const char *const *isos, int n,
                          int *hits);

#endif
