/* vg_structure.c: structure-aware segmentation of tender dossiers (see vg_structure.h).
 * Three passes over the lines of doc->text: classify each line (vg_structure_heading.c),
 * find tables of contents (dot-leader runs, or heading runs repeated later), then walk the
 * lines with a stack of open headings and emit one clause per heading (plus preamble and
 * ToC clauses). Every cut is at a line start or a trimmed line end, so clause bounds are
 * UTF-8 boundaries.
 * Not for: notices (vg_segment.c) or recognising a single line (vg_structure_heading.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_structure.h"
#include "vg_structure_int.h"

#define S_TOC_MIN_RUN 3              /* headings in a row needed for a repeated-list ToC */
#define S_TOC_MAX_COMPARE 1000000u   /* line comparisons spent looking for repeated lists */
#define S_TOC_EARLY_LINES 1000       /* lines: where a ToC without leaders may start */
#define S_LANG_SAMPLE (256u * 1024u) /* bytes looked at to tell French from English */
#define S_PATH_CAP (VG_STRUCT_MAX_DEPTH * (VG_STRUCT_MAX_TITLE + 3) + 1)
#define S_NUM_CAP 64
#define S_RUN_IN 80                  /* bytes: longer heading lines keep their run-in title */

typedef enum { S_R_BODY = 0, S_R_SKIP, S_R_HEAD, S_R_TITLE, S_R_TOC } s_role_t;

typedef struct {
  size_t s, e;       /* trimmed bounds in doc->text */
  size_t sec;        /* section holding the line */
  vg__sline_t l;
  s_role_t role;
  size_t toc_end;    /* S_R_TOC on the first line of a ToC: index of its last line */
} s_line_t;

typedef struct {
  vg__sh_style_t style;
  int depth, rank, value;
  int has_body;      /* body text came right under this heading */
  char num[24];      /* dotted number of a decimal heading ("5.2"), else "" */
  size_t plen;       /* path length including this element */
} s_open_t;

typedef struct {
  vg_doc_t *doc;
  s_line_t *ln;
  size_t n;
  s_open_t st[VG_STRUCT_MAX_DEPTH];
  size_t depth;
  char path[S_PATH_CAP];
  size_t plen;
  /* the clause being built */
  int open, has_head, lines;
  size_t start, last;
  char num[S_NUM_CAP];
  int has_num;
  int full, nomem;
} s_ctx_t;

static int s_blank_at(const char *t, size_t i, size_t n) {
  if (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) return 1;
  return i + 1 < n && (unsigned char)t[i] == 0xC2 && (unsigned char)t[i + 1] == 0xA0 ? 2 : 0;
}

static int s_blank_before(const char *t, size_t lo, size_t e) {
  if (e > lo && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) return 1;
  return e >= lo + 2 && (unsigned char)t[e - 2] == 0xC2 && (unsigned char)t[e - 1] == 0xA0 ? 2 : 0;
}

static int s_paginated(const vg_doc_t *doc) {
  for (size_t i = 0; i < doc->nsections; i++)
    if (doc->sections[i].field && strncmp(doc->sections[i].field, "page:", 5) == 0) return 1;
  return 0;
}

/* Splits doc->text into trimmed lines and classifies them. */
static int s_lines(s_ctx_t *c) {
  const vg_doc_t *d = c->doc;
  const char *t = d->text;
  size_t n = d->text_len, cap = 0, sec = 0;
  for (size_t p = 0; p <= n;) {
    const char *nl = p < n ? memchr(t + p, '\n', n - p) : NULL;
    size_t e = nl ? (size_t)(nl - t) : n, s = p, k;
    while (s < e && (k = (size_t)s_blank_at(t, s, e)) != 0) s += k;
    while (e > s && (k = (size_t)s_blank_before(t, s, e)) != 0) e -= k;
    if (s < e) {
      if (c->n == VG_STRUCT_MAX_LINES) {
        c->full = 1; /* stop here: the clauses cut so far are still emitted */
        break;
      }
      if (c->n == cap) {
        cap = cap ? cap * 2 : 256;
        s_line_t *nv = realloc(c->ln, cap * sizeof *nv);
        if (!nv) return VG_E_NOMEM;
        c->ln = nv;
      }
      while (sec + 1 < d->nsections && d->sections[sec].end <= s) sec++;
      s_line_t *L = &c->ln[c->n++];
      memset(L, 0, sizeof *L);
      L->s = s;
      L->e = e;
      L->sec = sec;
      vg__struct_line(t + s, e - s, &L->l);
      L->role = L->l.kind == VG__SL_FOOTER ? S_R_SKIP
                : L->l.kind == VG__SL_HEADING ? S_R_HEAD : S_R_BODY;
    }
    if (!nl) break;
    p = (size_t)(nl - t) + 1;
  }
  /* a bare number is a page footer (or header) at the edge of a PDF page only */
  int paged = s_paginated(d);
  for (size_t i = 0; i < c->n; i++) {
    s_line_t *L = &c->ln[i];
    if (L->l.kind != VG__SL_NUMBER) continue;
    int edge = i == 0 || i + 1 == c->n || c->ln[i - 1].sec != L->sec || c->ln[i + 1].sec != L->sec;
    if (paged && edge) L->role = S_R_SKIP;
  }
  return VG_OK;
}

/* 1 when ToC line a names heading b: same text, or b's text plus " 12" (a page number
 * without dot leaders). */
static int s_same_text(const char *t, const s_line_t *a, const s_line_t *b) {
  size_t al = a->l.len, bl = b->l.len;
  if (al < bl || memcmp(t + a->s, t + b->s, bl) != 0) return 0;
  if (al == bl) return 1;
  size_t k = bl;
  if (t[a->s + k] != ' ') return 0;
  while (++k < al && al - k <= 4 && isdigit((unsigned char)t[a->s + k])) {}
  return k == al && al - bl >= 2 && al - bl <= 5 && isdigit((unsigned char)t[a->s + al - 1]);
}

/* Marks lines [a, b] as one table of contents, with a title line just before it. */
static void s_toc_mark(s_ctx_t *c, size_t a, size_t b) {
  if (a > 0 && c->ln[a - 1].l.kind == VG__SL_TOC_TITLE) a--;
  for (size_t i = a; i <= b; i++)
    if (c->ln[i].role != S_R_SKIP) c->ln[i].role = S_R_TOC;
  c->ln[a].toc_end = b;
}

/* Tables of contents: a run holding at least two dot-leader lines (blank, footer and title
 * lines may sit between them), or a run of S_TOC_MIN_RUN headings with no body whose first
 * two headings come back later in the text. */
static void s_tocs(s_ctx_t *c) {
  const char *t = c->doc->text;
  size_t budget = S_TOC_MAX_COMPARE;
  for (size_t i = 0; i < c->n; i++) {
    s_line_t *L = &c->ln[i];
    if (L->l.leaders && L->l.len > 0) {
      size_t last = i, nlead = 1, j;
      for (j = i + 1; j < c->n; j++) {
        const s_line_t *M = &c->ln[j];
        if (M->l.leaders && M->l.len > 0) {
          last = j;
          nlead++;
        } else if (M->role != S_R_SKIP && M->l.kind != VG__SL_NUMBER &&
                   !(j + 1 < c->n && c->ln[j + 1].l.leaders && c->ln[j + 1].l.len > 0)) {
          break; /* (an entry wrapped over two lines: its first line has no leaders) */
        }
      }
      size_t first = i;
      /* the first entry wrapped over two lines, right under the ToC title */
      if (i >= 2 && c->ln[i - 1].role == S_R_HEAD && c->ln[i - 2].l.kind == VG__SL_TOC_TITLE)
        first = i - 1;
      if (nlead >= 2) s_toc_mark(c, first, last);
      i = last;
      continue;
    }
    if (L->role != S_R_HEAD) continue;
    size_t last = i, nhead = 1, j;
    for (j = i + 1; j < c->n; j++) {
      const s_line_t *M = &c->ln[j];
      if (M->role == S_R_HEAD) {
        last = j;
        nhead++;
      } else if (M->role != S_R_SKIP) {
        break;
      }
    }
    /* a ToC without leaders sits near the top or under a ToC title */
    int early = i < S_TOC_EARLY_LINES || (i > 0 && c->ln[i - 1].l.kind == VG__SL_TOC_TITLE);
    if (nhead >= S_TOC_MIN_RUN && early) {
      /* the list may run straight into the first real heading: the ToC ends before the
       * first repeat of its first line */
      size_t second = i + 1, k1 = 0, k2 = 0;
      while (c->ln[second].role != S_R_HEAD) second++;
      for (size_t k = second; k < c->n && budget > 0 && !(k1 && k2); k++, budget--) {
        if (c->ln[k].role != S_R_HEAD) continue;
        if (!k1 && s_same_text(t, L, &c->ln[k])) k1 = k;
        else if (k1 && s_same_text(t, &c->ln[second], &c->ln[k])) k2 = k;
      }
      size_t end = k1 && k1 - 1 < last ? k1 - 1 : last, heads = 0;
      for (size_t k = i; k <= end; k++) heads += c->ln[k].role == S_R_HEAD;
      if (k1 && k2 && heads >= S_TOC_MIN_RUN) {
        s_toc_mark(c, i, end);
        last = end;
      }
    }
    i = last;
  }
  /* a lone "Sommaire" line: a heading when in capitals, else body */
  for (size_t i = 0; i < c->n; i++) {
    s_line_t *L = &c->ln[i];
    if (L->l.kind == VG__SL_TOC_TITLE && L->role != S_R_TOC) {
      int caps = 1;
      for (size_t k = L->s; k < L->e; k++) caps &= !islower((unsigned char)t[k]);
      if (caps) {
        L->role = S_R_HEAD;
        L->l.style = VG__SH_CAPS;
      }
    }
  }
}

/* 1 when the text looks French rather than English (for the ToC clause heading). */
static int s_french(const vg_doc_t *d) {
  static const char *const fr[] = {" de ", " la ", " le ", " les ", " des ", " du "};
  static const char *const en[] = {" the ", " of ", " and ", " to ", " shall "};
  size_t n = d->text_len < S_LANG_SAMPLE ? d->text_len : S_LANG_SAMPLE;
  long score = 0;
  for (size_t i = 0; i < n; i++) {
    if (d->text[i] != ' ') continue;
    for (size_t k = 0; k < sizeof fr / sizeof fr[0]; k++)
      score += strncmp(d->text + i, fr[k], strlen(fr[k])) == 0;
    for (size_t k = 0; k < sizeof en / sizeof en[0]; k++)
      score -= strncmp(d->text + i, en[k], strlen(en[k])) == 0;
  }
  return score > 0;
}

static size_t s_section_of(const vg_doc_t *d, size_t off) {
  size_t lo = 0, hi = d->nsections;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->sections[mid].start <= off) lo = mid;
    else hi = mid;
  }
  if (off >= d->sections[lo].end && lo + 1 < d->nsections) lo++;
  return lo;
}

static int s_letters_ok(const char *t, size_t a, size_t b) {
  int n = 0;
  for (size_t i = a; i < b && n < VG_SEG_MIN_LETTERS; i++) {
    unsigned char ch = (unsigned char)t[i];
    n += isalpha(ch) || ch >= 0xC0;
  }
  return n >= VG_SEG_MIN_LETTERS;
}

/* Appends the clause [a, b) with its number and heading (either may be NULL). */
static void s_emit(s_ctx_t *c, size_t a, size_t b, const char *num, const char *head) {
  vg_doc_t *d = c->doc;
  if (c->full || c->nomem || b <= a || !s_letters_ok(d->text, a, b)) return;
  if (d->nclauses >= VG_SEG_MAX_CLAUSES) {
    c->full = 1;
    return;
  }
  vg_clause_t *cl = vg_doc_add_clause(d, s_section_of(d, a), a, b);
  if (!cl || vg_doc_set(&cl->number, num) || vg_doc_set(&cl->heading, head)) c->nomem = 1;
}

static void s_close(s_ctx_t *c) {
  if (!c->open) return;
  s_emit(c, c->start, c->last, c->has_num ? c->num : NULL, c->has_head ? c->path : NULL);
  c->open = 0;
}

static void s_open(s_ctx_t *c, size_t start, size_t end) {
  c->open = 1;
  c->start = start;
  c->last = end;
  c->lines = 1;
}

/* Length of the heading line s[0, n) kept as path element: a numbered paragraph with a
 * run-in title ("1.1 License. Subject to the terms...") keeps "1.1 License."; otherwise
 * the whole line (cut later at VG_STRUCT_MAX_TITLE bytes). */
static size_t s_run_in(const char *s, size_t n, size_t title) {
  if (n <= S_RUN_IN) return n;
  for (size_t i = title + 1; i + 1 < n && i < VG_STRUCT_MAX_TITLE; i++)
    if ((s[i] == '.' || s[i] == ':' || s[i] == ';') && s[i + 1] == ' ') return i + 1;
  return n;
}

/* Appends one path element: the heading line with white space collapsed, cut on a UTF-8
 * boundary at VG_STRUCT_MAX_TITLE bytes. */
static void s_path_add(s_ctx_t *c, const char *s, size_t n, const char *more, size_t mn) {
  size_t room = sizeof c->path - 1 - c->plen, lim = VG_STRUCT_MAX_TITLE, w = 0;
  if (c->plen) {
    if (room < 3 + 1) return;
    memcpy(c->path + c->plen, " > ", 3);
    c->plen += 3;
    room -= 3;
  }
  if (lim > room) lim = room;
  char *o = c->path + c->plen;
  int sp = 0;
  for (int part = 0; part < 2; part++) {
    const char *src = part ? more : s;
    size_t len = part ? mn : n;
    if (part && len) sp = 1;
    for (size_t i = 0; i < len; i++) {
      unsigned char ch = (unsigned char)src[i];
      if (ch == ' ' || ch == '\t') {
        sp = w > 0;
        continue;
      }
      if (w + sp + 1 > lim) goto cut;
      if (sp) o[w++] = ' ';
      sp = 0;
      o[w++] = (char)ch;
    }
  }
  goto done;
cut: /* drop a sequence cut in the middle: back to its lead byte, keep it if complete */
  {
    size_t k = w;
    while (k > 0 && ((unsigned char)o[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && (unsigned char)o[k - 1] >= 0xC0) {
      unsigned char lead = (unsigned char)o[k - 1];
      size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
      if (w - (k - 1) < need) w = k - 1;
    }
    size_t sp_at = w;
    while (sp_at > 0 && o[sp_at - 1] != ' ' && w - sp_at < 24) sp_at--;
    if (sp_at > 0 && o[sp_at - 1] == ' ') w = sp_at - 1; /* cut at a word boundary */
    while (w > 0 && o[w - 1] == ' ') w--;
  }
done:
  c->plen += w;
  c->path[c->plen] = '\0';
}

/* Decides the style of a list item from what is open: "i)" after "h)" is a letter, "v)"
 * is a roman five only after "iv)". Returns 0 when the line is not a heading after all
 * (a list item outside any clause, or "c)" with no list open). */
static int s_list_style(const s_ctx_t *c, const char *s, vg__sline_t *l) {
  if (l->style != VG__SH_ALPHA && l->style != VG__SH_ROMANLOW) return 1;
  if (c->depth == 0) return 0;
  int has_alpha = -1, has_roman = -1;
  for (size_t k = c->depth; k-- > 0;) {
    if (has_alpha < 0 && c->st[k].style == VG__SH_ALPHA) has_alpha = c->st[k].value;
    if (has_roman < 0 && c->st[k].style == VG__SH_ROMANLOW) has_roman = c->st[k].value;
  }
  size_t li = s[0] == '(' ? 1 : 0;
  if (l->style == VG__SH_ROMANLOW && l->num_len - li == 2) { /* one letter: i, v, x */
    int letter = s[li] - 'a' + 1;
    int roman = (has_alpha != letter - 1) &&
                (l->value == 1 ? 1 : has_roman == l->value - 1);
    if (!roman) {
      l->style = VG__SH_ALPHA;
      l->value = letter;
    }
  }
  if (l->style == VG__SH_ALPHA) return l->value == 1 || has_alpha >= 0;
  return l->value == 1 || has_roman >= 0;
}

/* Places heading l on the stack (see docs/segmentation.md, "Levels"). */
static void s_push(s_ctx_t *c, const vg__sline_t *l, const char *s, const char *more, size_t mn) {
  int rank = vg__struct_rank(l->style, l->depth);
  size_t keep = c->depth;
  int found = 0;
  for (size_t k = c->depth; k-- > 0;) {
    if (c->st[k].style == l->style && c->st[k].depth == l->depth) {
      keep = k; /* a sibling: close it and everything under it */
      found = 1;
      break;
    }
  }
  if (!found && l->style == VG__SH_PART) {
    keep = 0; /* "Part II", "TITRE I", "Annexe 1": always at the top */
  } else if (!found && rank > 0) {
    /* child of the nearest open heading of a higher level; roman parts and headings in
     * capitals count as higher than any numbered level below a section */
    size_t k = c->depth;
    while (k > 0 && !(c->st[k - 1].rank < rank)) k--;
    keep = k;
  } else if (!found) {
    /* a roman part or a heading in capitals first seen: closes the articles, numbered
     * clauses and list items open, and nests under what remains (part, chapter, section) */
    while (keep > 0 && c->st[keep - 1].rank >= vg__struct_rank(VG__SH_ARTICLE, 1)) keep--;
  }
  /* "6.1" does not belong under "5." nor "2.2.1" under "2.1" (a parent heading lost in
   * extraction): close decimal parents whose number is not a prefix of ours */
  if (l->style == VG__SH_DECIMAL) {
    while (keep > 0 && c->st[keep - 1].style == VG__SH_DECIMAL) {
      size_t pl = strlen(c->st[keep - 1].num);
      if (pl < l->num_len && strncmp(s, c->st[keep - 1].num, pl) == 0 && s[pl] == '.') break;
      keep--;
    }
  }
  /* a heading in capitals that had its own body ("RECITALS", "PREAMBLE") was a unit of its
   * own, not a part holding what follows */
  while (keep > 0 && keep == c->depth && c->st[keep - 1].style == VG__SH_CAPS &&
         c->st[keep - 1].has_body && l->style != VG__SH_CAPS)
    keep--;
  if (keep >= VG_STRUCT_MAX_DEPTH) keep = VG_STRUCT_MAX_DEPTH - 1;
  c->depth = keep;
  c->plen = keep ? c->st[keep - 1].plen : 0;
  c->path[c->plen] = '\0';
  int list = l->style == VG__SH_ALPHA || l->style == VG__SH_ROMANLOW;
  s_path_add(c, s, list ? l->num_len : s_run_in(s, l->len, l->title), more, mn);
  s_open_t *o = &c->st[c->depth++];
  o->style = l->style;
  o->depth = l->depth;
  o->rank = rank;
  o->value = l->value;
  o->has_body = 0;
  o->num[0] = '\0';
  if (l->style == VG__SH_DECIMAL && l->num_len < sizeof o->num)
    snprintf(o->num, sizeof o->num, "%.*s", (int)l->num_len, s);
  o->plen = c->plen;
}

/* Index of the next line that is not skipped, or c->n. */
static size_t s_next(const s_ctx_t *c, size_t i) {
  for (i++; i < c->n && c->ln[i].role == S_R_SKIP; i++) {}
  return i;
}

static void s_walk(s_ctx_t *c) {
  const char *t = c->doc->text;
  int fr = -1;
  int lines_full = c->full;
  c->full = 0;
  for (size_t i = 0; i < c->n && !c->full && !c->nomem; i++) {
    s_line_t *L = &c->ln[i];
    if (L->role == S_R_SKIP) continue;
    if (L->role == S_R_TOC) {
      size_t e = L->toc_end;
      while (e > i && c->ln[e].role == S_R_SKIP) e--;
      s_close(c);
      int toc_fr;
      if (L->l.kind == VG__SL_TOC_TITLE) {
        toc_fr = L->l.toc_fr;
      } else {
        if (fr < 0) fr = s_french(c->doc);
        toc_fr = fr;
      }
      s_emit(c, L->s, c->ln[e].e, NULL, toc_fr ? "Table des matières" : "Contents");
      c->depth = 0;
      c->plen = 0;
      i = L->toc_end;
      continue;
    }
    if (L->role == S_R_HEAD && s_list_style(c, t + L->s, &L->l)) {
      s_close(c);
      const char *more = NULL;
      size_t mn = 0, j = s_next(c, i), end = L->e;
      /* "ARTICLE 5" alone on its line, its title in capitals on the next one */
      if (L->l.title >= L->l.len && L->l.num_len > 0 && j < c->n && c->ln[j].role == S_R_HEAD &&
          c->ln[j].l.style == VG__SH_CAPS) {
        c->ln[j].role = S_R_TITLE;
        more = t + c->ln[j].s;
        mn = c->ln[j].l.len;
      }
      s_push(c, &L->l, t + L->s, more, mn);
      c->has_head = 1;
      c->has_num = L->l.num_len > 0;
      if (c->has_num) snprintf(c->num, sizeof c->num, "%.*s", (int)L->l.num_len, t + L->s);
      s_open(c, L->s, end);
      continue;
    }
    if (!c->open) {
      c->has_head = c->depth > 0;
      if (!c->has_head) c->has_num = 0;
      s_open(c, L->s, L->e);
      continue;
    }
    if (L->e - c->start > VG_STRUCT_LONG_BODY && c->lines > 1) {
      s_close(c); /* a long body: go on in a new clause with the same number and path */
      s_open(c, L->s, L->e);
      continue;
    }
    c->last = L->e;
    c->lines++;
    if (L->role == S_R_BODY && c->depth > 0) c->st[c->depth - 1].has_body = 1;
  }
  s_close(c);
  c->full |= lines_full;
}

int vg_structure_segment(vg_doc_t *doc, vg_err_t *err) {
  if (!doc || !doc->text || doc->nsections == 0 || doc->text_len == 0) return VG_OK;
  s_ctx_t *c = calloc(1, sizeof *c);
  if (!c) return vg_err_set(err, VG_E_NOMEM, "cannot segment dossier: out of memory");
  c->doc = doc;
  int st = s_lines(c);
  if (st == VG_OK) {
    s_tocs(c);
    s_walk(c);
    if (c->nomem) st = VG_E_NOMEM;
  }
  if (st == VG_OK && c->full &&
      json_object_set_new(doc->processing, "clauses_truncated", json_true()))
    st = VG_E_NOMEM;
  free(c->ln);
  free(c);
  if (st != VG_OK) return vg_err_set(err, st, "cannot segment dossier: out of memory");
  return VG_OK;
}
