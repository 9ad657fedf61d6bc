/* vg_structure_int.h: private to vg_structure*.c and its test: what one line of a dossier
 * looks like (heading of which style, ToC entry, ToC title, page footer, body).
 * Not for: use outside services/analyse; every name carries the vg__ prefix. */
#ifndef VG_STRUCTURE_INT_H
#define VG_STRUCTURE_INT_H

#include <stddef.h>

/* Heading styles. The rank orders the fixed styles (a smaller rank is a higher level);
 * roman parts and capital headings get their level from where they first appear. */
typedef enum {
  VG__SH_NONE = 0,
  VG__SH_PART,     /* "Part II", "TITRE I", "Partie 2", "Annexe 1", "Schedule 1", "Exhibit A" */
  VG__SH_CHAPTER,  /* "Chapitre III", "Chapter 2" */
  VG__SH_SECTION,  /* "Section 2", "Section L" */
  VG__SH_ARTICLE,  /* "Article 5 -", "ARTICLE 5.2", "Art. 3 –" */
  VG__SH_DECIMAL,  /* "5.", "5.2", "5.2.1", "II.1.1)" followed by a capitalised title */
  VG__SH_ROMAN,    /* "I.", "II -", "IV)" followed by a capitalised title */
  VG__SH_CAPS,     /* short line in capitals, no number */
  VG__SH_ALPHA,    /* "a)", "b.", "(c)" */
  VG__SH_ROMANLOW  /* "i)", "ii.", "(iv)" (the driver decides "i)" after "h)") */
} vg__sh_style_t;

typedef enum {
  VG__SL_BODY = 0,
  VG__SL_BLANK,
  VG__SL_FOOTER,    /* "Page 3/12", "Page 3 sur 12", "CCAP - page 3 of 12", "- 3 -" */
  VG__SL_NUMBER,    /* a bare number ("3"): a page footer at the edge of a PDF page only */
  VG__SL_HEADING,
  VG__SL_TOC_TITLE  /* "Sommaire", "Table des matières", "Contents" */
} vg__sl_kind_t;

typedef struct {
  vg__sl_kind_t kind;
  vg__sh_style_t style; /* when kind == VG__SL_HEADING */
  int depth;            /* components of a dotted number ("5.2.1" = 3), else 1 */
  int value;            /* value of the last number component (letters: 1 = a), or 0 */
  size_t num_len;       /* the number as written is line[0, num_len) ("Article 5", "a)") */
  size_t title;         /* offset of the title in the line (== len when none) */
  size_t len;           /* line length without dot leaders and page number */
  int leaders;          /* 1: the line ends with dot leaders and a page number */
  int toc_fr;           /* VG__SL_TOC_TITLE: 1 French, 0 English */
} vg__sline_t;

/* Classifies the trimmed line s[0, len) (no '\n' inside). Never fails. */
void vg__struct_line(const char *s, size_t len, vg__sline_t *out);

/* Rank of a style for a dotted depth: 0 for styles placed by position (roman, capitals),
 * small = high level. */
int vg__struct_rank(vg__sh_style_t style, int depth);

#endif
