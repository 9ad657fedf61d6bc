/* test_lang.c: classifiers.lang and classifiers.lang_notices — tests and usage examples of vg_lang.
 *
 * `vg_lang_test unit`: procurement clauses written for this test in fr en de es it nl pt pl, and
 * sentences in close languages (it/ro, hr/sl, cs/sk, lt/lv) must be detected right; short, empty, invalid UTF-8 and link-only inputs give a clear status; bad
 * configurations fail with VG_E_CONFIG.
 * `vg_lang_test notices <corpora>`: the cbc:Description texts (> 100 bytes) of five eForms SDK
 * example notices, read in place, must agree with their declared languageID (>= 90%). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "vg_lang.h"

static const char *s_corpora;

typedef struct {
  const char *lang;
  const char *text;
} sample_t;

static const sample_t s_samples[] = {
    {"fr", "En cas de retard dans l'exécution des prestations, le titulaire encourt, sans mise en "
           "demeure préalable, une pénalité journalière de 200 euros hors taxes."},
    {"fr", "Le délai global de paiement est fixé à trente jours à compter de la réception de la "
           "demande de paiement, conformément au code de la commande publique."},
    {"fr", "Les offres sont remises par voie électronique sur le profil d'acheteur avant la date "
           "limite indiquée dans l'avis d'appel public à la concurrence."},
    {"fr", "Le marché est conclu pour une durée de douze mois reconductible tacitement trois fois, "
           "sans que sa durée totale puisse excéder quatre ans."},
    {"en", "The contractor shall pay liquidated damages equal to 0.1% of the contract price for each "
           "day of delay, up to a maximum of ten per cent of the total price."},
    {"en", "Invoices shall be paid within thirty days of receipt, provided that the services have "
           "been accepted by the contracting authority in writing."},
    {"en", "Tenders must be submitted electronically before the time limit for receipt of tenders "
           "stated in the contract notice; late tenders will be rejected."},
    {"de", "Bei Überschreitung der vereinbarten Ausführungsfrist hat der Auftragnehmer für jeden "
           "Werktag des Verzugs eine Vertragsstrafe von 0,2 Prozent der Auftragssumme zu zahlen."},
    {"de", "Die Rechnungen sind innerhalb von dreißig Tagen nach Eingang und Abnahme der Leistung "
           "durch den Auftraggeber zu begleichen."},
    {"de", "Angebote sind bis zum Ablauf der Angebotsfrist ausschließlich elektronisch über die "
           "Vergabeplattform einzureichen; verspätete Angebote werden ausgeschlossen."},
    {"es", "En caso de demora en la ejecución del contrato, el adjudicatario abonará una penalidad "
           "diaria equivalente al 0,5 por mil del precio de adjudicación."},
    {"es", "El pago de las facturas se realizará en el plazo de treinta días desde la fecha de "
           "aprobación de los documentos que acrediten la conformidad de los servicios."},
    {"es", "Las ofertas deberán presentarse por medios electrónicos antes de la fecha límite "
           "indicada en el anuncio de licitación publicado en la plataforma de contratación."},
    {"it", "In caso di ritardo nell'esecuzione delle prestazioni, l'appaltatore è tenuto al "
           "pagamento di una penale giornaliera pari all'uno per mille dell'importo contrattuale."},
    {"it", "Il pagamento delle fatture avverrà entro trenta giorni dal ricevimento, previa verifica "
           "della regolare esecuzione del servizio da parte della stazione appaltante."},
    {"it", "Le offerte devono essere presentate esclusivamente per via telematica entro il termine "
           "perentorio indicato nel bando di gara, pena l'esclusione dalla procedura."},
    {"nl", "Bij overschrijding van de uitvoeringstermijn is de opdrachtnemer een boete verschuldigd "
           "van 500 euro per kalenderdag vertraging, zonder dat een ingebrekestelling nodig is."},
    {"nl", "Facturen worden binnen dertig dagen na ontvangst betaald, op voorwaarde dat de "
           "aanbestedende dienst de geleverde diensten heeft goedgekeurd."},
    {"nl", "Inschrijvingen moeten vóór de uiterste datum voor ontvangst van de inschrijvingen "
           "elektronisch worden ingediend via het aanbestedingsplatform."},
    {"pt", "Em caso de atraso no cumprimento dos prazos contratuais, o adjudicatário fica sujeito "
           "ao pagamento de uma sanção pecuniária diária de um por mil do preço contratual."},
    {"pt", "As faturas serão pagas no prazo de trinta dias a contar da data da sua receção, após "
           "a aceitação dos serviços pela entidade adjudicante."},
    {"pt", "As propostas devem ser apresentadas através da plataforma eletrónica de contratação "
           "pública até ao termo do prazo fixado no anúncio do procedimento."},
    {"pl", "W przypadku zwłoki w wykonaniu przedmiotu umowy Wykonawca zapłaci Zamawiającemu karę "
           "umowną w wysokości 0,2% wynagrodzenia brutto za każdy dzień zwłoki."},
    {"pl", "Zapłata wynagrodzenia nastąpi w terminie trzydziestu dni od dnia doręczenia "
           "Zamawiającemu prawidłowo wystawionej faktury."},
    {"pl", "Oferty należy składać wyłącznie w postaci elektronicznej za pośrednictwem platformy "
           "zakupowej przed upływem terminu składania ofert."},
};

/* Close languages that libexttextcat's n-grams alone get wrong or cannot separate (it read as
 * ro, lt as lv, sk undecided between cs and sk): the function-word and letter tie-break must
 * settle them. */
static const sample_t s_close[] = {
    {"it", "Fornitura di servizi informatici relativi ai sistemi informativi dell'ente, con la "
           "possibilità di estendere la prestazione ad altri sistemi."},
    {"it", "Ciascun concorrente dovrà produrre due idonee dichiarazioni bancarie rilasciate da "
           "istituti di credito autorizzati."},
    {"it", "Servizi di manutenzione ordinaria e straordinaria degli impianti elettrici presso le "
           "sedi comunali."},
    {"hr", "Ugovorom je obuhvaćeno pružanje usluga održavanja informacijskih sustava naručitelja "
           "u razdoblju od četiri godine."},
    {"sk", "Služby údržby informačných systémov verejného obstarávateľa počas obdobia štyroch "
           "rokov."},
    {"sk", "Verejný obstarávateľ plánuje uzavrieť rámcovú dohodu s jedným hospodárskym subjektom "
           "na obdobie dvoch rokov."},
    {"cs", "Zadavatel plánuje uzavřít rámcovou dohodu s jedním dodavatelem na dobu čtyř let, s "
           "možností prodloužení."},
    {"lv", "Pasūtītājs plāno noslēgt vispārīgo vienošanos ar vienu piegādātāju uz četriem "
           "gadiem."},
    {"lt", "Perkančioji organizacija planuoja sudaryti preliminariąją sutartį su vienu tiekėju "
           "ketveriems metams."},
    {"ro", "Autoritatea contractantă intenționează să încheie un acord-cadru cu un singur operator "
           "economic pentru o perioadă de patru ani."},
    {"pt", "A entidade adjudicante pretende celebrar um acordo-quadro com um único operador "
           "económico por um período de quatro anos."},
};

static int s_setup(void **state) {
  vg_err_t err = {{0}};
  vg_lang_t *l = vg_lang_new(NULL, &err);
  if (!l) {
    fprintf(stderr, "vg_lang_new: %s\n", err.msg);
    return -1;
  }
  *state = l;
  return 0;
}

static int s_teardown(void **state) {
  vg_lang_t *l = *state;
  vg_lang_destroy(&l);
  return 0;
}

static void t_default_list(void **state) {
  vg_lang_t *l = *state;
  assert_int_equal(vg_lang_count(l), 24);
  assert_true(vg_lang_is_eu("fr"));
  assert_true(vg_lang_is_eu("mt"));
  assert_false(vg_lang_is_eu("ca"));
  assert_false(vg_lang_is_eu(NULL));
  assert_string_equal(vg_lang_stemmer("fr"), "french");
  assert_string_equal(vg_lang_stemmer("de"), "german");
  assert_string_equal(vg_lang_stemmer("nl"), "dutch");
  assert_null(vg_lang_stemmer("pl"));
}

static void t_clauses(void **state) {
  vg_lang_t *l = *state;
  for (size_t i = 0; i < sizeof s_samples / sizeof s_samples[0]; i++) {
    const sample_t *s = &s_samples[i];
    size_t len = strlen(s->text);
    assert_in_range(len, 80, 400);
    char out[3] = "xx";
    double conf = -1;
    vg_err_t err = {{0}};
    int st = vg_lang_detect(l, s->text, len, out, &conf, &err);
    if (st != VG_OK || strcmp(out, s->lang) != 0)
      fprintf(stderr, "sample %zu (%s): status %s, got '%s' (%s)\n", i, s->lang,
              vg_status_name(st), out, err.msg);
    assert_int_equal(st, VG_OK);
    assert_string_equal(out, s->lang);
    assert_true(conf >= VG_LANG_MIN_CONFIDENCE && conf <= 1.0);
  }
}

static void t_close_languages(void **state) {
  vg_lang_t *l = *state;
  for (size_t i = 0; i < sizeof s_close / sizeof s_close[0]; i++) {
    const sample_t *s = &s_close[i];
    char out[3] = "xx";
    double conf = -1;
    vg_err_t err = {{0}};
    int st = vg_lang_detect(l, s->text, strlen(s->text), out, &conf, &err);
    if (st != VG_OK || strcmp(out, s->lang) != 0)
      fprintf(stderr, "close sample %zu (%s): status %s, got '%s' (%s)\n", i, s->lang,
              vg_status_name(st), out, err.msg);
    assert_int_equal(st, VG_OK);
    assert_string_equal(out, s->lang);
    assert_true(conf >= VG_LANG_MIN_CONFIDENCE && conf <= 1.0);
  }
}

static void t_undecided(void **state) {
  vg_lang_t *l = *state;
  char out[3] = "xx";
  double conf = -1;
  vg_err_t err = {{0}};
  assert_int_equal(vg_lang_detect(l, "Warranty period", 15, out, &conf, &err), VG_E_NOTFOUND);
  assert_string_equal(out, "");
  assert_true(conf == 0.0);
  assert_non_null(strstr(err.msg, "too short"));
  assert_int_equal(vg_lang_detect(l, "", 0, out, NULL, &err), VG_E_NOTFOUND);
  assert_int_equal(vg_lang_detect(l, NULL, 0, out, NULL, NULL), VG_E_NOTFOUND);
  /* Links and numbers only: lots of bytes, no letters left. */
  const char *links = "https://www.marches-publics.gouv.fr/index.php?page=Entreprise "
                      "acheteur@ville-exemple.fr www.boamp.fr 2026-11-29 10:00 1 234 567,89";
  assert_int_equal(vg_lang_detect(l, links, strlen(links), out, NULL, &err), VG_E_NOTFOUND);
  /* A link in the middle of French text does not change the verdict. */
  const char *fr = "Les documents de la consultation sont disponibles gratuitement à l'adresse "
                   "https://www.marches-publics.gouv.fr/consultation/123456 jusqu'à la date "
                   "limite de remise des offres.";
  assert_int_equal(vg_lang_detect(l, fr, strlen(fr), out, NULL, &err), VG_OK);
  assert_string_equal(out, "fr");
}

static void t_bad_input(void **state) {
  vg_lang_t *l = *state;
  char out[3] = "xx";
  vg_err_t err = {{0}};
  /* Valid French followed by invalid bytes: rejected, with the offset. */
  char bad[256];
  const char *fr = "Le titulaire transmet le mémoire technique avec son offre avant la date ";
  size_t n = strlen(fr);
  memcpy(bad, fr, n);
  bad[n] = (char)0xC3; /* truncated sequence */
  bad[n + 1] = 'x';
  assert_int_equal(vg_lang_detect(l, bad, n + 2, out, NULL, &err), VG_E_ENCODING);
  assert_string_equal(out, "");
  assert_non_null(strstr(err.msg, "byte"));
  const char *bytes[] = {"\xFF\xFE\xFD", "\xED\xA0\x80", "a\xC0\xAF"};
  for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
    assert_int_equal(vg_lang_detect(l, bytes[i], strlen(bytes[i]), out, NULL, NULL),
                     VG_E_ENCODING);
  assert_int_equal(vg_lang_detect(NULL, "abc", 3, out, NULL, &err), VG_E_INPUT);
  assert_int_equal(vg_lang_detect(l, "abc", 3, NULL, NULL, &err), VG_E_INPUT);
  assert_int_equal(vg_lang_detect(l, NULL, 3, out, NULL, &err), VG_E_INPUT);
}

/* Long text: only the first VG_LANG_SAMPLE bytes count, and the cut never splits a character
 * (the text is valid UTF-8 and made of 2-byte characters around the cut). */
static void t_sample_cut(void **state) {
  vg_lang_t *l = *state;
  const char *unit = "Die Vergütung wird nach Abnahme fällig. Übergabe und Prüfung erfolgen "
                     "gemäß den Vertragsbedingungen. ";
  size_t ul = strlen(unit), total = 3 * VG_LANG_SAMPLE;
  char *text = malloc(total + 8);
  assert_non_null(text);
  size_t o = 0;
  while (o + ul <= total) {
    memcpy(text + o, unit, ul);
    o += ul;
  }
  /* Invalid bytes after the sample are never looked at. */
  text[o] = (char)0xFF;
  char out[3];
  vg_err_t err = {{0}};
  for (size_t shift = 0; shift < 8; shift++) {
    assert_int_equal(vg_lang_detect(l, text + shift, o + 1 - shift, out, NULL, &err), VG_OK);
    assert_string_equal(out, "de");
  }
  free(text);
}

static void t_bad_config(void **state) {
  (void)state;
  vg_err_t err = {{0}};
  assert_null(vg_lang_new("/nonexistent-vigie-dir", &err));
  assert_non_null(strstr(err.msg, "cannot read fingerprint"));
  assert_null(vg_lang_new_conf("/nonexistent-vigie.conf", NULL, &err));
  assert_non_null(strstr(err.msg, "cannot read language list"));
  char path[] = "/tmp/vg_lang_test_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs("# nothing but a comment\n\n", f);
  fclose(f);
  assert_null(vg_lang_new_conf(path, NULL, &err));
  assert_non_null(strstr(err.msg, "names no fingerprint"));
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("fr.lm fr--utf8\nxx.lm xx--utf8\n", f);
  fclose(f);
  assert_null(vg_lang_new_conf(path, NULL, &err));
  assert_non_null(strstr(err.msg, "xx.lm"));
  /* A two-language list works and only knows those two. */
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("fr.lm fr--utf8\nen.lm   en--utf8   # English\n", f);
  fclose(f);
  vg_lang_t *l = vg_lang_new_conf(path, "/usr/share/libexttextcat/", &err);
  assert_non_null(l);
  assert_int_equal(vg_lang_count(l), 2);
  char out[3];
  const char *fr = s_samples[0].text;
  assert_int_equal(vg_lang_detect(l, fr, strlen(fr), out, NULL, &err), VG_OK);
  assert_string_equal(out, "fr");
  vg_lang_destroy(&l);
  assert_null(l);
  vg_lang_destroy(&l); /* idempotent */
  vg_lang_destroy(NULL);
  remove(path);
}

/* eForms languageID (EU authority table "language") -> ISO 639-1. */
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

typedef struct {
  vg_lang_t *l;
  int total, agree, undecided;
} tally_t;

static void s_walk(xmlNode *n, tally_t *t, const char *file) {
  for (; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (strcmp((const char *)n->name, "Description") == 0) {
      xmlChar *code = xmlGetProp(n, (const xmlChar *)"languageID");
      xmlChar *text = code ? xmlNodeGetContent(n) : NULL;
      const char *want = code ? s_iso_of((const char *)code) : NULL;
      if (want && text && strlen((const char *)text) > 100) {
        char out[3];
        vg_err_t err = {{0}};
        int st = vg_lang_detect(t->l, (const char *)text, strlen((const char *)text), out, NULL,
                                &err);
        t->total++;
        if (st == VG_OK && strcmp(out, want) == 0) {
          t->agree++;
        } else {
          if (st != VG_OK) t->undecided++;
          fprintf(stderr, "  %s: declared %s, got %s (%s): %.70s...\n", file, want,
                  st == VG_OK ? out : "-", st == VG_OK ? "ok" : err.msg, (const char *)text);
        }
      }
      xmlFree(text);
      xmlFree(code);
    }
    s_walk(n->children, t, file);
  }
}

static void t_notices(void **state) {
  static const char *const files[] = {"cn_24_multilingual.xml", "cn_81_FRA.xml", "pin-cfc_25.xml",
                                      "qu-sy_25.xml", "t02_ESP.xml"};
  tally_t t = {*state, 0, 0, 0};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/eforms-sdk/examples/notices/%s", s_corpora, files[i]);
    assert_true(w > 0 && (size_t)w < sizeof path);
    xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    if (!doc) fprintf(stderr, "cannot parse '%s'\n", path);
    assert_non_null(doc);
    s_walk(xmlDocGetRootElement(doc), &t, files[i]);
    xmlFreeDoc(doc);
  }
  double rate = t.total ? (double)t.agree / t.total : 0.0;
  printf("notice descriptions > 100 bytes: %d, agree %d (%.1f%%), undecided %d, wrong %d\n",
         t.total, t.agree, 100.0 * rate, t.undecided, t.total - t.agree - t.undecided);
  assert_true(t.total >= 100);
  assert_true(rate >= 0.90);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "unit") == 0) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_default_list), cmocka_unit_test(t_clauses),
        cmocka_unit_test(t_close_languages),
        cmocka_unit_test(t_undecided),    cmocka_unit_test(t_bad_input),
        cmocka_unit_test(t_sample_cut),   cmocka_unit_test(t_bad_config),
    };
    return cmocka_run_group_tests(tests, s_setup, s_teardown);
  }
  if (argc >= 3 && strcmp(argv[1], "notices") == 0) {
    s_corpora = argv[2];
    const struct CMUnitTest tests[] = {cmocka_unit_test(t_notices)};
    int rc = cmocka_run_group_tests(tests, s_setup, s_teardown);
    xmlCleanupParser();
    return rc;
  }
  fprintf(stderr, "usage: %s unit | notices <corpora dir>\n", argv[0]);
  return 2;
}
