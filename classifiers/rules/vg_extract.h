/* vg_extract.h: finds amounts, percentages, durations and rate fractions in French and
 * English procurement text, with their exact byte spans.
 *
 * For: the text evaluators of the rule engine (vg_check_text.c): "1 500 000 €",
 * "1.500.000,00 EUR", "EUR 2,000,000", "2 millions d'euros", "£250k", "5 %",
 * "cinq pour cent", "30 jours", "quarante-cinq (45) jours", "36 mois", "1/1000e".
 * Not for: deciding what a number means (the caller looks at the context) or dates.
 *
 * Input is UTF-8 (not necessarily NUL-terminated); only ASCII letters are case-folded, French
 * accented unit words ("années", "ème") are matched byte for byte in lower case. Spans are
 * half-open byte offsets relative to the start of the buffer given. */
#ifndef VG_EXTRACT_H
#define VG_EXTRACT_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

typedef enum {
  VG_XK_AMOUNT = 1,   /* money: value in currency units, unit "EUR" | "GBP" | "USD" */
  VG_XK_PERCENT = 2,  /* value 5 for "5 %", unit "%" */
  VG_XK_DURATION = 4, /* count of unit "day" | "week" | "month" | "year" */
  VG_XK_FRACTION = 8  /* "1/1000e": value 0.001, unit "ratio" */
} vg_xkind_t;

#define VG_XK_ALL (VG_XK_AMOUNT | VG_XK_PERCENT | VG_XK_DURATION | VG_XK_FRACTION)

typedef struct {
  vg_xkind_t kind;
  double value;
  char unit[8];
  size_t start, end; /* byte span of the whole expression, number and unit */
} vg_xval_t;

/* Scans s[0..len) left to right and writes up to max values of the kinds selected by the
 * bit mask kinds into out (in text order, non-overlapping). Returns how many were found
 * (at most max). Never allocates. */
size_t vg_extract(const char *s, size_t len, unsigned kinds, vg_xval_t *out, size_t max);

/* A duration converted to days (day 1, week 7, month 30, year 365); -1 for other kinds. */
double vg_xval_days(const vg_xval_t *v);
/* A duration converted to years (day/365, week/52, month/12, year 1); -1 for other kinds. */
double vg_xval_years(const vg_xval_t *v);
/* A duration converted to months (day/30, week/4.345, month, year*12); -1 for other kinds. */
double vg_xval_months(const vg_xval_t *v);

#ifdef __cplusplus
}
#endif

#endif
