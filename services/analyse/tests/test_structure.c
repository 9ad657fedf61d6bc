/* test_structure.c: the dossier structure segmenter (vg_structure.h).
 *   test_structure FIXTURES_DIR EXPECTED_DIR   fixtures fr_ccap, fr_rc, en_rfp in every format
 *       (txt, docx, odt, html, pdf) extracted with vg_dossier_extract() and segmented must give
 *       exactly the clause list of EXPECTED_DIR/<name>.expected.json (number, heading path,
 *       first words; page for PDF); plus table-driven tricky lines and short documents.
 *   test_structure --corpus DIR     every PDF under DIR: contract checks, clause counts, a few
 *       heading paths and a crude speed figure (printed, never asserted).
 *   test_structure --dump FILE      prints the clause list of FILE as JSON (to write or review
 *       an expected file; never used by ctest).
 * Not for: extraction itself (services/extract/tests). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>

#include "vg_dossier.h"
#include "vg_file.h"
#include "vg_structure.h"
#include "vg_structure_int.h"

#define S_WORDS 6
#define S_MAX_FILE (64u * 1024u * 1024u)

static const char *s_fix, *s_exp;

/* ---- helpers ---------------------------------------------------------------------- */

/* First S_WORDS words of t[a, b) joined by one space (caller frees). */
static char *s_first_words(const char *t, size_t a, size_t b) {
  char *o = malloc(b - a + 1);
  assert_non_null(o);
  size_t n = 0;
  int words = 0, in = 0;
  for (size_t i = a; i < b; i++) {
    int sp = t[i] == ' ' || t[i] == '\n' || t[i] == '\t';
    if (sp) {
      in = 0;
      continue;
    }
    if (!in) {
      if (words == S_WORDS) break;
      if (words) o[n++] = ' ';
      words++;
      in = 1;
    }
    o[n++] = t[i];
  }
  o[n] = '\0';
  return o;
}

/* The vg_structure.h contract on every clause of d. */
static void s_check_contract(const vg_doc_t *d) {
  size_t prev = 0;
  const unsigned char *x = (const unsigned char *)d->text;
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    assert_true(c->start < c->end && c->end <= d->text_len);
    assert_true(c->start >= prev);
    prev = c->end;
    assert_true((x[c->start] & 0xC0) != 0x80);
    assert_true(c->end == d->text_len || (x[c->end] & 0xC0) != 0x80);
    assert_true(x[c->start] != ' ' && x[c->start] != '\n');
    assert_true(x[c->end - 1] != ' ' && x[c->end - 1] != '\n');
    assert_true(c->section < d->nsections);
    assert_true(d->sections[c->section].start <= c->start);
    assert_true(c->start < d->sections[c->section].end);
    assert_non_null(c->id);
  }
}

static vg_doc_t *s_segment_buf(const char *buf, size_t len, const char *name) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "t"), VG_OK);
  vg_err_t err = {{0}};
  int st = vg_dossier_extract(buf, len, name, d, &err);
  if (st) fprintf(stderr, "%s: %s\n", name, err.msg);
  assert_int_equal(st, VG_OK);
  assert_int_equal(vg_structure_segment(d, &err), VG_OK);
  s_check_contract(d);
  return d;
}

static vg_doc_t *s_segment_file(const char *path) {
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err;
  if (vg_file_read(path, S_MAX_FILE, &buf, &len, &err)) fprintf(stderr, "%s: %s\n", path, err.msg);
  assert_non_null(buf);
  vg_doc_t *d = s_segment_buf(buf, len, path);
  free(buf);
  return d;
}

static json_t *s_clauses_json(const vg_doc_t *d) {
  json_t *a = json_array();
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    char *w = s_first_words(d->text, c->start, c->end);
    json_t *o = json_pack("{s:o,s:o,s:s}", "number", c->number ? json_string(c->number) : json_null(),
                          "heading", c->heading ? json_string(c->heading) : json_null(),
                          "first_words", w);
    if (vg_dossier_page_of(d, 0) > 0)
      json_object_set_new(o, "page", json_integer(vg_dossier_page_of(d, c->start)));
    json_array_append_new(a, o);
    free(w);
  }
  return a;
}

static int s_str_eq(const char *a, const json_t *b) {
  if (json_is_null(b)) return a == NULL;
  return a && json_is_string(b) && strcmp(a, json_string_value(b)) == 0;
}

/* ---- fixtures in every format ----------------------------------------------------- */

static void s_fixture(const char *name) {
  static const char *const exts[] = {"txt", "docx", "odt", "html", "pdf"};
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.expected.json", s_exp, name);
  json_error_t je;
  json_t *exp = json_load_file(path, 0, &je);
  if (!exp) fprintf(stderr, "%s: %s\n", path, je.text);
  assert_non_null(exp);
  json_t *want = json_object_get(exp, "clauses");
  assert_true(json_array_size(want) > 0);
  for (size_t e = 0; e < sizeof exts / sizeof exts[0]; e++) {
    snprintf(path, sizeof path, "%s/%s.%s", s_fix, name, exts[e]);
    vg_doc_t *d = s_segment_file(path);
    /* footers never end a clause (they may sit inside one) */
    for (size_t i = 0; i < d->nclauses; i++) {
      const vg_clause_t *c = &d->clauses[i];
      size_t ls = c->end;
      while (ls > c->start && d->text[ls - 1] != '\n') ls--;
      vg__sline_t l;
      vg__struct_line(d->text + ls, c->end - ls, &l);
      assert_int_not_equal(l.kind, VG__SL_FOOTER);
    }
    int ok = d->nclauses == json_array_size(want);
    for (size_t i = 0; ok && i < d->nclauses; i++) {
      const vg_clause_t *c = &d->clauses[i];
      json_t *w = json_array_get(want, i);
      char *fw = s_first_words(d->text, c->start, c->end);
      ok = s_str_eq(c->number, json_object_get(w, "number")) &&
           s_str_eq(c->heading, json_object_get(w, "heading")) &&
           s_str_eq(fw, json_object_get(w, "first_words"));
      if (ok && strcmp(exts[e], "pdf") == 0)
        ok = vg_dossier_page_of(d, c->start) == json_integer_value(json_object_get(w, "page"));
      if (!ok)
        fprintf(stderr, "%s: clause %zu differs: number=%s heading=%s words='%s' page=%d\n", path,
                i + 1, c->number ? c->number : "null", c->heading ? c->heading : "null", fw,
                vg_dossier_page_of(d, c->start));
      free(fw);
    }
    if (!ok) {
      json_t *got = s_clauses_json(d);
      char *s = json_dumps(got, JSON_INDENT(1));
      fprintf(stderr, "%s: got %zu clauses, want %zu:\n%s\n", path, d->nclauses,
              json_array_size(want), s);
      free(s);
      json_decref(got);
    }
    assert_true(ok);
    vg_doc_destroy(&d);
  }
  json_decref(exp);
}

static void test_fr_ccap(void **st) { (void)st; s_fixture("fr_ccap"); }
static void test_fr_rc(void **st) { (void)st; s_fixture("fr_rc"); }
static void test_en_rfp(void **st) { (void)st; s_fixture("en_rfp"); }

/* ---- tricky lines ------------------------------------------------------------------ */

typedef struct {
  const char *line;
  vg__sl_kind_t kind;
  vg__sh_style_t style;
  const char *number; /* as written, NULL when none */
} s_line_case_t;

static void test_lines(void **st) {
  (void)st;
  static const s_line_case_t cases[] = {
      {"Article 5 - Prix", VG__SL_HEADING, VG__SH_ARTICLE, "Article 5"},
      {"Article 5 : Prix", VG__SL_HEADING, VG__SH_ARTICLE, "Article 5"},
      {"ARTICLE 5.2", VG__SL_HEADING, VG__SH_ARTICLE, "ARTICLE 5.2"},
      {"ARTICLE 5.2 PÉNALITÉS", VG__SL_HEADING, VG__SH_ARTICLE, "ARTICLE 5.2"},
      {"Art. 3 – Durée", VG__SL_HEADING, VG__SH_ARTICLE, "Art. 3"},
      {"Article 1er - Objet", VG__SL_HEADING, VG__SH_ARTICLE, "Article 1er"},
      {"5. Prix", VG__SL_HEADING, VG__SH_DECIMAL, "5"},
      {"5.2 Pénalités de retard", VG__SL_HEADING, VG__SH_DECIMAL, "5.2"},
      {"5.2.1 Montant", VG__SL_HEADING, VG__SH_DECIMAL, "5.2.1"},
      {"11.2 - Pénalités", VG__SL_HEADING, VG__SH_DECIMAL, "11.2"},
      {"II.1.1) Title:", VG__SL_HEADING, VG__SH_DECIMAL, "II.1.1"},
      {"IV.2) Administrative information", VG__SL_HEADING, VG__SH_DECIMAL, "IV.2"},
      {"Section L - Instructions", VG__SL_HEADING, VG__SH_SECTION, "Section L"},
      {"Section 2", VG__SL_HEADING, VG__SH_SECTION, "Section 2"},
      {"Part II", VG__SL_HEADING, VG__SH_PART, "Part II"},
      {"Part II - Terms", VG__SL_HEADING, VG__SH_PART, "Part II"},
      {"Chapitre III", VG__SL_HEADING, VG__SH_CHAPTER, "Chapitre III"},
      {"TITRE I - DISPOSITIONS GÉNÉRALES", VG__SL_HEADING, VG__SH_PART, "TITRE I"},
      {"I. Scope", VG__SL_HEADING, VG__SH_ROMAN, "I"},
      {"II - Prix", VG__SL_HEADING, VG__SH_ROMAN, "II"},
      {"IV) Modalités", VG__SL_HEADING, VG__SH_ROMAN, "IV"},
      {"a) le mémoire technique", VG__SL_HEADING, VG__SH_ALPHA, "a)"},
      {"b. the price schedule", VG__SL_HEADING, VG__SH_ALPHA, "b."},
      {"(c) any other document", VG__SL_HEADING, VG__SH_ALPHA, "(c)"},
      {"ii) second item", VG__SL_HEADING, VG__SH_ROMANLOW, "ii)"},
      {"DISPOSITIONS GÉNÉRALES", VG__SL_HEADING, VG__SH_CAPS, NULL},
      {"Sommaire", VG__SL_TOC_TITLE, VG__SH_NONE, NULL},
      {"TABLE DES MATIÈRES", VG__SL_TOC_TITLE, VG__SH_NONE, NULL},
      {"Table of Contents", VG__SL_TOC_TITLE, VG__SH_NONE, NULL},
      {"Page 3/12", VG__SL_FOOTER, VG__SH_NONE, NULL},
      {"Page 3 sur 12", VG__SL_FOOTER, VG__SH_NONE, NULL},
      {"CCAP nettoyage - Page 3 of 12", VG__SL_FOOTER, VG__SH_NONE, NULL},
      {"- 3 -", VG__SL_FOOTER, VG__SH_NONE, NULL},
      {"12", VG__SL_NUMBER, VG__SH_NONE, NULL},
      /* must not be headings */
      {"Article L2192-10 du code de la commande publique", VG__SL_BODY, VG__SH_NONE, NULL},
      {"Art. L2192-10 : délais", VG__SL_BODY, VG__SH_NONE, NULL},
      {"Art. R2151-2", VG__SL_BODY, VG__SH_NONE, NULL},
      {"Article 5 du présent CCAP s'applique.", VG__SL_BODY, VG__SH_NONE, NULL},
      {"Section 2 of the contract applies.", VG__SL_BODY, VG__SH_NONE, NULL},
      {"conformément à l'article L2192-10 du code", VG__SL_BODY, VG__SH_NONE, NULL},
      {"5.2 ci-dessus précise les délais.", VG__SL_BODY, VG__SH_NONE, NULL},
      {"1 500,00 € HT par lot", VG__SL_BODY, VG__SH_NONE, NULL},
      {"12.03.2025 Réunion de démarrage", VG__SL_BODY, VG__SH_NONE, NULL},
      {"2.5 % du montant", VG__SL_BODY, VG__SH_NONE, NULL},
      {"1.500 Euros", VG__SL_BODY, VG__SH_NONE, NULL},
      {"I will attend the visit.", VG__SL_BODY, VG__SH_NONE, NULL},
      {"I am the contact.", VG__SL_BODY, VG__SH_NONE, NULL},
      {"5 Rue de la Paix", VG__SL_BODY, VG__SH_NONE, NULL},
      {"p. 12 du rapport", VG__SL_BODY, VG__SH_NONE, NULL},
      {"Page", VG__SL_BODY, VG__SH_NONE, NULL},
      {"HT", VG__SL_BODY, VG__SH_NONE, NULL},
      {"SIRET 123 456 789 00012", VG__SL_BODY, VG__SH_NONE, NULL},
      {"voir page 3 du rapport", VG__SL_BODY, VG__SH_NONE, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const s_line_case_t *k = &cases[i];
    vg__sline_t l;
    vg__struct_line(k->line, strlen(k->line), &l);
    int ok = l.kind == k->kind && (k->kind != VG__SL_HEADING || l.style == k->style);
    if (ok && k->number) ok = l.num_len == strlen(k->number) && !memcmp(k->line, k->number, l.num_len);
    if (ok && !k->number && k->kind == VG__SL_HEADING) ok = l.num_len == 0;
    if (!ok)
      fprintf(stderr, "line '%s': kind %d style %d num '%.*s', want kind %d style %d num '%s'\n",
              k->line, l.kind, l.style, (int)l.num_len, k->line, k->kind, k->style,
              k->number ? k->number : "");
    assert_true(ok);
  }
  /* dot leaders: stripped, flagged */
  vg__sline_t l;
  const char *toc = "Article 11 - Pénalités ........................ 7";
  vg__struct_line(toc, strlen(toc), &l);
  assert_true(l.leaders);
  assert_int_equal(l.kind, VG__SL_HEADING);
  assert_int_equal(l.len, strlen("Article 11 - Pénalités"));
  const char *ell = "Préambule … 2";
  vg__struct_line(ell, strlen(ell), &l);
  assert_true(l.leaders);
}

/* ---- short documents --------------------------------------------------------------- */

typedef struct {
  const char *number;
  const char *heading;
  const char *words; /* first words */
} s_want_t;

static void s_doc_case(const char *text, const s_want_t *want, size_t n) {
  vg_doc_t *d = s_segment_buf(text, strlen(text), "case.txt");
  int ok = d->nclauses == n;
  for (size_t i = 0; ok && i < n; i++) {
    const vg_clause_t *c = &d->clauses[i];
    char *fw = s_first_words(d->text, c->start, c->end);
    ok = ((!want[i].number && !c->number) ||
          (want[i].number && c->number && !strcmp(want[i].number, c->number))) &&
         ((!want[i].heading && !c->heading) ||
          (want[i].heading && c->heading && !strcmp(want[i].heading, c->heading))) &&
         !strcmp(fw, want[i].words);
    free(fw);
  }
  if (!ok) {
    json_t *got = s_clauses_json(d);
    char *s = json_dumps(got, JSON_INDENT(1));
    fprintf(stderr, "text:\n%s\ngot:\n%s\n", text, s);
    free(s);
    json_decref(got);
  }
  assert_true(ok);
  vg_doc_destroy(&d);
}

static void test_docs(void **st) {
  (void)st;
  /* references, amounts, dates and decimals inside a body never split */
  static const s_want_t w1[] = {
      {NULL, NULL, "Préambule du document de consultation."},
      {"Article 1", "Article 1 - Objet", "Article 1 - Objet Conformément à"},
      {"Article 2", "Article 2 - Prix", "Article 2 - Prix Le prix"},
  };
  s_doc_case("Préambule du document de consultation.\n"
             "Article 1 - Objet\n"
             "Conformément à l'article L2192-10 du code, le marché est passé.\n"
             "Art. R2151-2 : les variantes sont interdites.\n"
             "voir 5.2 ci-dessus\n"
             "1 500,00 € HT\n"
             "12.03.2025\n"
             "2.5 % du montant\n"
             "Article 2 - Prix\n"
             "Le prix est ferme.\n",
             w1, 3);
  /* nested numbering, lettered list as children, back up to a higher level */
  static const s_want_t w2[] = {
      {"ARTICLE 11", "ARTICLE 11 - PÉNALITÉS", "ARTICLE 11 - PÉNALITÉS Les dispositions"},
      {"11.1", "ARTICLE 11 - PÉNALITÉS > 11.1 Principe", "11.1 Principe Les pénalités sont dues."},
      {"11.2", "ARTICLE 11 - PÉNALITÉS > 11.2 Pénalités de retard", "11.2 Pénalités de retard Montants :"},
      {"a)", "ARTICLE 11 - PÉNALITÉS > 11.2 Pénalités de retard > a)", "a) retard de livraison ;"},
      {"b)", "ARTICLE 11 - PÉNALITÉS > 11.2 Pénalités de retard > b)", "b) retard de réponse."},
      {"ARTICLE 12", "ARTICLE 12 - RÉSILIATION", "ARTICLE 12 - RÉSILIATION Le marché"},
  };
  s_doc_case("ARTICLE 11 - PÉNALITÉS\nLes dispositions suivantes.\n"
             "11.1 Principe\nLes pénalités sont dues.\n"
             "11.2 Pénalités de retard\nMontants :\n"
             "a) retard de livraison ;\nb) retard de réponse.\n"
             "ARTICLE 12 - RÉSILIATION\nLe marché peut être résilié.\n",
             w2, 6);
  /* English: "I." as a numeral, "I will" as a pronoun; a lone "c)" is not a list */
  static const s_want_t w3[] = {
      {"I", "I. Scope", "I. Scope I will describe the"},
      {"II", "II. Terms", "II. Terms c) is not a"},
  };
  s_doc_case("I. Scope\nI will describe the scope.\nI am the contact.\n"
             "II. Terms\nc) is not a list here.\n",
             w3, 2);
  /* "i)" after "h)" is a letter; "i)" opening a list is a roman one */
  static const s_want_t w4[] = {
      {"1", "1. Pièces", "1. Pièces Liste :"},
      {"a)", "1. Pièces > a)", "a) un ;"},
      {"h)", "1. Pièces > h)", "h) huit ;"},
      {"i)", "1. Pièces > i)", "i) neuf ;"},
      {"2", "2. Options", "2. Options Choix :"},
      {"i)", "2. Options > i)", "i) premier ;"},
      {"ii)", "2. Options > ii)", "ii) second."},
  };
  s_doc_case("1. Pièces\nListe :\na) un ;\nh) huit ;\ni) neuf ;\n"
             "2. Options\nChoix :\ni) premier ;\nii) second.\n",
             w4, 7);
  /* heading number alone on its line, title in capitals below; ToC with leaders */
  static const s_want_t w5[] = {
      {NULL, "Table des matières", "SOMMAIRE ARTICLE 1 - OBJET ........"},
      {"ARTICLE 1", "ARTICLE 1 OBJET", "ARTICLE 1 OBJET Le marché porte"},
      {"ARTICLE 2", "ARTICLE 2 PRIX", "ARTICLE 2 PRIX Les prix sont"},
  };
  s_doc_case("SOMMAIRE\nARTICLE 1 - OBJET ........ 2\nARTICLE 2 - PRIX ....... 3\n"
             "ARTICLE 1\nOBJET\nLe marché porte sur des fournitures.\n"
             "ARTICLE 2\nPRIX\nLes prix sont fermes.\n",
             w5, 3);
  /* a ToC without leaders: the heading list repeated later */
  static const s_want_t w6[] = {
      {NULL, "Contents", "Section 1 - Purpose Section 2"},
      {"Section 1", "Section 1 - Purpose", "Section 1 - Purpose The Authority"},
      {"Section 2", "Section 2 - Term", "Section 2 - Term The term"},
      {"Section 3", "Section 3 - Price", "Section 3 - Price The price"},
  };
  s_doc_case("Section 1 - Purpose\nSection 2 - Term\nSection 3 - Price\n"
             "Section 1 - Purpose\nThe Authority buys the services of the supplier.\n"
             "Section 2 - Term\nThe term is one year.\n"
             "Section 3 - Price\nThe price is fixed.\n",
             w6, 4);
  /* ToC entries with page numbers but no leaders; a leader entry wrapped over two lines */
  static const s_want_t w7[] = {
      {NULL, "Table des matières", "Sommaire Article 1 - Objet 2"},
      {"Article 1", "Article 1 - Objet", "Article 1 - Objet Le marché"},
      {"Article 2", "Article 2 - Durée", "Article 2 - Durée La durée"},
      {"Article 3", "Article 3 - Prix", "Article 3 - Prix Les prix"},
      {NULL, "Contents", "Contents Section 1 - Purpose and"},
      {"Section 1", "Section 1 - Purpose and scope of the services bought by the Authority",
       "Section 1 - Purpose and scope"},
      {"Section 2", "Section 2 - Term", "Section 2 - Term The term"},
  };
  s_doc_case("Sommaire\nArticle 1 - Objet 2\nArticle 2 - Durée 2\nArticle 3 - Prix 3\n"
             "Article 1 - Objet\nLe marché porte sur des fournitures.\n"
             "Article 2 - Durée\nLa durée est d'un an.\n"
             "Article 3 - Prix\nLes prix sont fermes.\n"
             "Contents\nSection 1 - Purpose and scope of the services\n"
             "bought by the Authority ........ 1\nSection 2 - Term ........ 2\n"
             "Section 1 - Purpose and scope of the services bought by the Authority\n"
             "The Authority buys services.\nSection 2 - Term\nThe term is one year.\n",
             w7, 7);
}

static void test_pages(void **st) {
  (void)st;
  /* a clause running over a page break keeps the footer inside it, starts in its own section;
   * a bare page number is a footer at a page edge only; a footer never ends a clause */
  static const char *const pages[] = {
      "Article 1 - Objet\nLe marché porte sur\nPage 1/3",
      "2\ndes fournitures de bureau.\nLot\n2\nArticle 2 - Prix\nLes prix sont fermes.\n2",
      "Article 3 - Durée\nUn an.\n- 3 -"};
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  for (size_t i = 0; i < 3; i++) {
    char f[16];
    snprintf(f, sizeof f, "page:%zu", i + 1);
    assert_true(vg_doc_add_section(d, f, NULL, NULL, pages[i], strlen(pages[i])) >= 0);
  }
  vg_err_t err;
  assert_int_equal(vg_structure_segment(d, &err), VG_OK);
  s_check_contract(d);
  assert_int_equal(d->nclauses, 3);
  const char *want[] = {"Article 1 - Objet\nLe marché porte sur\nPage 1/3\n\n2\n"
                        "des fournitures de bureau.\nLot\n2",
                        "Article 2 - Prix\nLes prix sont fermes.", "Article 3 - Durée\nUn an."};
  const size_t sec[] = {0, 1, 2};
  for (size_t i = 0; i < 3; i++) {
    const vg_clause_t *c = &d->clauses[i];
    assert_int_equal(c->end - c->start, strlen(want[i]));
    assert_memory_equal(d->text + c->start, want[i], strlen(want[i]));
    assert_int_equal(c->section, sec[i]);
    assert_int_equal(vg_dossier_page_of(d, c->start), (int)sec[i] + 1);
  }
  vg_doc_destroy(&d);
  /* no sections: nothing to do */
  d = vg_doc_new();
  assert_int_equal(vg_structure_segment(d, &err), VG_OK);
  assert_int_equal(d->nclauses, 0);
  vg_doc_destroy(&d);
}

static void test_long_body(void **st) {
  (void)st;
  /* a body over VG_STRUCT_LONG_BODY is cut at line breaks, keeping number and path */
  size_t cap = 3 * VG_STRUCT_LONG_BODY;
  char *t = malloc(cap);
  assert_non_null(t);
  size_t n = (size_t)snprintf(t, cap, "Article 7 - Garanties\n");
  while (n + 64 < cap - 64)
    n += (size_t)snprintf(t + n, cap - n, "Le titulaire fournit une garantie à première demande.\n");
  vg_doc_t *d = s_segment_buf(t, n, "long.txt");
  assert_true(d->nclauses >= 2);
  for (size_t i = 0; i < d->nclauses; i++) {
    assert_string_equal(d->clauses[i].number, "Article 7");
    assert_string_equal(d->clauses[i].heading, "Article 7 - Garanties");
    assert_true(d->clauses[i].end - d->clauses[i].start <= VG_STRUCT_LONG_BODY);
  }
  vg_doc_destroy(&d);
  free(t);
}

static void test_cap(void **st) {
  (void)st;
  /* VG_SEG_MAX_CLAUSES: stop, flag the truncation, still VG_OK */
  size_t cap = (VG_SEG_MAX_CLAUSES + 10) * 40;
  char *t = malloc(cap);
  assert_non_null(t);
  size_t n = 0;
  for (int i = 1; i <= VG_SEG_MAX_CLAUSES + 10; i++)
    n += (size_t)snprintf(t + n, cap - n, "Article %d - Objet\nTexte.\n", i % 999 + 1);
  vg_doc_t *d = s_segment_buf(t, n, "cap.txt");
  assert_int_equal(d->nclauses, VG_SEG_MAX_CLAUSES);
  assert_true(json_is_true(json_object_get(d->processing, "clauses_truncated")));
  vg_doc_destroy(&d);
  free(t);
  /* VG_STRUCT_MAX_LINES: the lines past it are left out, the truncation is flagged */
  size_t nl = VG_STRUCT_MAX_LINES + 100;
  t = malloc(nl * 4 + 1);
  assert_non_null(t);
  for (size_t i = 0; i < nl; i++) memcpy(t + 4 * i, "abc\n", 4);
  d = s_segment_buf(t, nl * 4, "lines.txt");
  assert_true(d->nclauses > 0);
  assert_true(json_is_true(json_object_get(d->processing, "clauses_truncated")));
  assert_true(d->clauses[d->nclauses - 1].end <= (size_t)VG_STRUCT_MAX_LINES * 4);
  assert_true(d->clauses[d->nclauses - 1].end + 4 * 50 > (size_t)VG_STRUCT_MAX_LINES * 4);
  vg_doc_destroy(&d);
  free(t);
}

/* ---- corpus mode -------------------------------------------------------------------- */

static double s_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void s_corpus_file(const char *path, size_t *files, double *bytes, double *secs) {
  char *buf = NULL;
  size_t len = 0;
  vg_err_t err;
  if (vg_file_read(path, S_MAX_FILE, &buf, &len, &err)) return;
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  if (vg_dossier_extract(buf, len, path, d, &err) != VG_OK) {
    printf("skip %s: %s\n", path, err.msg);
    vg_doc_destroy(&d);
    free(buf);
    return;
  }
  assert_int_equal(vg_structure_segment(d, &err), VG_OK);
  s_check_contract(d);
  size_t nhead = 0;
  for (size_t i = 0; i < d->nclauses; i++) nhead += d->clauses[i].heading != NULL;
  const char *base = strrchr(path, '/');
  printf("%s: %zu pages, %zu bytes, %zu clauses (%zu with a heading)\n", base ? base + 1 : path,
         d->nsections, d->text_len, d->nclauses, nhead);
  for (size_t i = 0, shown = 0; i < d->nclauses && shown < 4; i++) {
    const vg_clause_t *c = &d->clauses[i];
    if (c->heading && strchr(c->heading, '>')) {
      printf("   p.%d %s\n", vg_dossier_page_of(d, c->start), c->heading);
      shown++;
    }
  }
  /* speed: re-segment a copy of the text a few times */
  enum { REPS = 20 };
  double t0 = s_now();
  for (int r = 0; r < REPS; r++) {
    size_t keep = d->nclauses;
    assert_int_equal(vg_structure_segment(d, &err), VG_OK);
    for (size_t i = keep; i < d->nclauses; i++) {
      free(d->clauses[i].id);
      free(d->clauses[i].number);
      free(d->clauses[i].heading);
    }
    d->nclauses = keep;
  }
  *secs += s_now() - t0;
  *bytes += (double)d->text_len * REPS;
  ++*files;
  vg_doc_destroy(&d);
  free(buf);
}

static void s_walk_dir(const char *dir, int depth, size_t *files, double *bytes, double *secs) {
  DIR *dh = opendir(dir);
  if (!dh || depth > 8) {
    if (dh) closedir(dh);
    return;
  }
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat sb;
    if (lstat(p, &sb)) continue;
    size_t nl = strlen(e->d_name);
    if (S_ISDIR(sb.st_mode)) s_walk_dir(p, depth + 1, files, bytes, secs);
    else if (S_ISREG(sb.st_mode) && nl > 4 && strcmp(e->d_name + nl - 4, ".pdf") == 0)
      s_corpus_file(p, files, bytes, secs);
  }
  closedir(dh);
}

static const char *s_corpus_dir;

static void test_corpus(void **st) {
  (void)st;
  size_t files = 0;
  double bytes = 0, secs = 0;
  s_walk_dir(s_corpus_dir, 0, &files, &bytes, &secs);
  printf("segmented %zu PDFs: %.1f MB of text in %.3f s: %.1f MB/s (crude, not asserted)\n",
         files, bytes / 1e6, secs, secs > 0 ? bytes / 1e6 / secs : 0.0);
  assert_true(files > 0);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--dump") == 0) {
    vg_doc_t *d = s_segment_file(argv[2]);
    json_t *j = s_clauses_json(d);
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
    printf("%s\n", s);
    free(s);
    json_decref(j);
    vg_doc_destroy(&d);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "--corpus") == 0) {
    s_corpus_dir = argv[2];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
    return cmocka_run_group_tests(tests, NULL, NULL);
  }
  s_fix = argc > 1 ? argv[1] : "tests/fixtures/dossiers";
  s_exp = argc > 2 ? argv[2] : "tests/fixtures/segmentation";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lines),   cmocka_unit_test(test_docs), cmocka_unit_test(test_pages),
      cmocka_unit_test(test_long_body), cmocka_unit_test(test_cap),
      cmocka_unit_test(test_fr_ccap), cmocka_unit_test(test_fr_rc),
      cmocka_unit_test(test_en_rfp),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
