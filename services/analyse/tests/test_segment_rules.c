/* test_segment_rules.c: clause segmentation on hand-written French and English texts:
 * paragraph breaks, numbered items and articles, sentence ends in long paragraphs, and the
 * cases that must not split ("Art. L2192-10", "e.g.", "n°", "2.5"); trimming, the letter
 * minimum and the per-document cap. Not for: parsing (test_parse_*). */
#include "vg_test_util.h"
#include "vg_segment.h"

typedef struct {
  const char *text;   /* clause text expected */
  const char *number; /* expected number or NULL */
} s_want_t;

static vg_doc_t *s_doc(const char *const *sections, size_t n) {
  vg_doc_t *d = vg_doc_new();
  assert_non_null(d);
  assert_int_equal(vg_doc_set(&d->id, "seg"), VG_OK);
  for (size_t i = 0; i < n; i++)
    assert_true(vg_doc_add_section(d, "test", "fr", NULL, sections[i], strlen(sections[i])) >= 0);
  vg_err_t err;
  assert_int_equal(vg_segment_doc(d, &err), VG_OK);
  vg_test_check_clauses(d);
  return d;
}

static void s_check(const char *section, const s_want_t *want, size_t nwant) {
  vg_doc_t *d = s_doc(&section, 1);
  for (size_t i = 0; d->nclauses != nwant && i < d->nclauses; i++)
    fprintf(stderr, "  [%zu] '%.*s' num=%s\n", i, (int)(d->clauses[i].end - d->clauses[i].start),
            d->text + d->clauses[i].start, d->clauses[i].number ? d->clauses[i].number : "-");
  assert_int_equal(d->nclauses, nwant);
  for (size_t i = 0; i < nwant; i++) {
    const vg_clause_t *c = &d->clauses[i];
    assert_int_equal(c->end - c->start, strlen(want[i].text));
    assert_memory_equal(d->text + c->start, want[i].text, strlen(want[i].text));
    if (want[i].number) assert_string_equal(c->number, want[i].number);
    else assert_null(c->number);
  }
  vg_doc_destroy(&d);
}

static void test_numbered_list_en(void **state) {
  (void)state;
  const s_want_t w[] = {{"1. Scope of the contract.", "1"},
                        {"2. Duration: 12 months.", "2"},
                        {"2.1 Renewal is possible once.", "2.1"},
                        {"a) first item", "a"},
                        {"iv) fourth item", "iv"}};
  s_check("1. Scope of the contract.\n2. Duration: 12 months.\n2.1 Renewal is possible once.\n"
          "a) first item\niv) fourth item",
          w, 5);
}

static void test_french_legal_no_split(void **state) {
  (void)state;
  const s_want_t w[] = {
      {"Conformément à l'Art. L2192-10 du code de la commande publique, le délai de paiement "
       "est fixé à 30 jours.", NULL},
      {"Les pénalités de retard sont de 2.5 % du montant par jour, plafonnées à 10 %.", NULL},
      {"Le titulaire fournit son n° SIRET et des pièces, e.g. Kbis, avant la notification.", NULL}};
  s_check("Conformément à l'Art. L2192-10 du code de la commande publique, le délai de paiement "
          "est fixé à 30 jours. Les pénalités de retard sont de 2.5 % du montant par jour, "
          "plafonnées à 10 %. Le titulaire fournit son n° SIRET et des pièces, e.g. Kbis, avant "
          "la notification.",
          w, 3);
}

static void test_legal_references_cs(void **state) {
  (void)state;
  const s_want_t w[] = {
      {"— dle § 77 odst. 2 písm. a) ZZVZ dokladu o oprávnění podnikat v rozsahu odpovídajícím "
       "předmětu veřejné zakázky, pokud jiné právní předpisy takové oprávnění vyžadují.", NULL},
      {"Návrh doručí navrhovatel podle § 254 odst. 1 písm. d) zákona do 1 měsíce.", NULL}};
  s_check("— dle § 77 odst. 2 písm. a) ZZVZ dokladu o oprávnění podnikat v rozsahu odpovídajícím "
          "předmětu veřejné zakázky, pokud jiné právní předpisy takové oprávnění vyžadují. Návrh "
          "doručí navrhovatel podle § 254 odst. 1 písm. d) zákona do 1 měsíce.",
          w, 2);
}

static void test_inline_items_fr(void **state) {
  (void)state;
  const s_want_t w[] = {{"Les critères sont :", NULL},
                        {"1) le prix ;", "1"},
                        {"2) la valeur technique.", "2"}};
  s_check("Les critères sont : 1) le prix ; 2) la valeur technique.", w, 3);
}

static void test_articles(void **state) {
  (void)state;
  const s_want_t w[] = {{"ARTICLE 5.2 - Pénalités de retard", "ARTICLE 5.2"},
                        {"Article 6 – Résiliation du marché", "Article 6"},
                        {"Article 7 : Litiges", "Article 7"}};
  s_check("ARTICLE 5.2 - Pénalités de retard\n\nArticle 6 – Résiliation du marché\nArticle 7 : Litiges", w, 3);
}

static void test_short_paragraph_kept_whole(void **state) {
  (void)state;
  const s_want_t w[] = {{"First sentence. Second sentence.", NULL}};
  s_check("   First sentence. Second sentence.  \n  ", w, 1);
}

static void test_trim_and_min_letters(void **state) {
  (void)state;
  const s_want_t w[] = {{"Lot unique", NULL}};
  s_check(" -\n12\nOK\n\n \xC2\xA0Lot unique\xC2\xA0 \n", w, 1);
}

static void test_long_english(void **state) {
  (void)state;
  const s_want_t w[] = {
      {"The contractor shall deliver the goods within 30 days, e.g. by road or rail, to the "
       "sites listed in Annex 2.", NULL},
      {"Mr. Smith (Dr. J. Doe's office) will coordinate deliveries!", NULL},
      {"Are late deliveries penalised?", NULL},
      {"Yes: 0.5 % per day.", NULL}};
  s_check("The contractor shall deliver the goods within 30 days, e.g. by road or rail, to the "
          "sites listed in Annex 2. Mr. Smith (Dr. J. Doe's office) will coordinate deliveries! "
          "Are late deliveries penalised? Yes: 0.5 % per day.",
          w, 4);
}

static void test_quotes_close_sentences(void **state) {
  (void)state;
  const s_want_t w[] = {
      {"Le pouvoir adjudicateur précise que les offres doivent être rédigées en français "
       "(voir l'article 3 du règlement de la consultation.)", NULL},
      {"Il ajoute : « les variantes ne sont pas autorisées. »", NULL},
      {"The buyer said \"no variants are allowed.\"", NULL},
      {"Tenders must remain valid for six months.", NULL}};
  s_check("Le pouvoir adjudicateur précise que les offres doivent être rédigées en français "
          "(voir l'article 3 du règlement de la consultation.) Il ajoute : « les variantes ne "
          "sont pas autorisées. » The buyer said \"no variants are allowed.\" Tenders must "
          "remain valid for six months.",
          w, 4);
}

static void test_sections_and_cap(void **state) {
  (void)state;
  const char *secs[] = {"Première section.", "Second section.\nWith two paragraphs."};
  vg_doc_t *d = s_doc(secs, 2);
  assert_int_equal(d->nclauses, 3);
  assert_int_equal(d->clauses[0].section, 0);
  assert_int_equal(d->clauses[2].section, 1);
  assert_string_equal(d->clauses[2].id, "seg/c3");
  assert_null(json_object_get(d->processing, "clauses_truncated"));
  vg_doc_destroy(&d);

  size_t n = VG_SEG_MAX_CLAUSES + 50;
  char *big = malloc(n * 8 + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++) memcpy(big + i * 8, "Clause.\n", 8);
  big[n * 8] = '\0';
  const char *one[] = {big};
  d = s_doc(one, 1);
  assert_int_equal(d->nclauses, VG_SEG_MAX_CLAUSES);
  assert_true(json_is_true(json_object_get(d->processing, "clauses_truncated")));
  vg_doc_destroy(&d);
  free(big);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbered_list_en),      cmocka_unit_test(test_french_legal_no_split),
      cmocka_unit_test(test_inline_items_fr),       cmocka_unit_test(test_articles),
      cmocka_unit_test(test_legal_references_cs),   cmocka_unit_test(test_quotes_close_sentences),
      cmocka_unit_test(test_short_paragraph_kept_whole), cmocka_unit_test(test_trim_and_min_letters),
      cmocka_unit_test(test_long_english),          cmocka_unit_test(test_sections_and_cap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
