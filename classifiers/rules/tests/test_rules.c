/* test_rules.c: tests of the rule engine with the real catalogue (classifiers/catalogue).
 * For: ctest entries rules.catalogue (loading, checksum, load errors naming the file),
 * rules.outcomes (the four outcomes), rules.fixtures (per rule: fires / does not fire) and
 * rules.determinism (byte-identical output, stable flag ids).
 * Usage: vg_rules_test_rules <catalogue|outcomes|fixtures|determinism> <catalogue dir> */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules_fixture.h"
#include "vg_rules.h"

static int g_fails; /* test-local failure count (single-threaded test program) */

#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);      \
      fprintf(stderr, __VA_ARGS__);                        \
      fputc('\n', stderr);                                 \
      g_fails++;                                           \
    }                                                      \
  } while (0)

/* ---------------- fixtures: one per line, the rule, the outcome wanted, the document ---- */

typedef struct {
  const char *rule;
  vg_outcome_t want;
  const char *meta;
  const char *fields;
  const char *text[4];
  const char *lot;
  const char *excerpt; /* expected evidence excerpt for FLAG, or NULL */
} fx_t;

#define F VG_OUTCOME_FLAG
#define N VG_OUTCOME_NO_FLAG
#define M VG_OUTCOME_MISSING_DATA
#define A VG_OUTCOME_NOT_APPLICABLE

/* 16 x "é" (32 bytes) */
#define U8E "éééééééééééééééé"
#define OPEN_CN "\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"lang\":\"fr\""

static const fx_t FIXTURES[] = {
    /* R01 submission period */
    {"R01", F, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-21\"}",
     "{\"electronic_submission\":true,\"pin_reference\":false,\"accelerated\":false}", {NULL}, NULL, NULL},
    {"R01", N, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-04-05\"}",
     "{\"electronic_submission\":false}", {NULL}, NULL, NULL},
    {"R01", N, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-31\"}",
     "{\"electronic_submission\":true,\"pin_reference\":false,\"accelerated\":false}", {NULL}, NULL, NULL},
    {"R01", N, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-17\"}",
     "{\"electronic_submission\":true,\"pin_reference\":true,\"accelerated\":false}", {NULL}, NULL, NULL},
    {"R01", M, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-31\"}",
     "{}", {NULL}, NULL, NULL}, /* 30 days, electronic submission unknown */
    {"R01", M, "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\"}", "{}", {NULL}, NULL, NULL},
    {"R01", F, "{\"notice_type\":\"cn-standard\",\"procedure\":\"restricted\",\"dispatch_date\":"
     "\"2024-01-30\",\"deadline\":\"2024-02-20\"}", "{\"accelerated\":false}", {NULL}, NULL, NULL},
    {"R01", A, "{\"notice_type\":\"can-standard\",\"procedure\":\"open\",\"dispatch_date\":"
     "\"2024-03-01\",\"deadline\":\"2024-03-05\"}", "{}", {NULL}, NULL, NULL},
    {"R01", A, "{\"notice_type\":\"cn-standard\",\"procedure\":\"neg-wo-call\"}", "{}", {NULL}, NULL, NULL},
    {"R01", M, "{\"notice_type\":\"cn-standard\"}", "{}", {NULL}, NULL, NULL},
    /* R02 short submission period (national calibration: "country|procedure" thresholds) */
    {"R02", F, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"country\":\"FR\","
     "\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-04-01\",\"lang\":\"fr\"}", "{}", {NULL}, NULL, NULL},
    {"R02", N, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"country\":\"FR\","
     "\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-04-10\"}", "{}", {NULL}, NULL, NULL},
    {"R02", F, "{\"notice_type\":\"cn-standard\",\"procedure\":\"restricted\",\"country\":\"DE\","
     "\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-11\"}", "{}", {NULL}, NULL, NULL},
    {"R02", N, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"country\":\"DE\","
     "\"dispatch_date\":\"2024-03-01\",\"deadline\":\"2024-03-21\"}", "{}", {NULL}, NULL, NULL},
    {"R02", N, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"dispatch_date\":"
     "\"2024-03-01\",\"deadline\":\"2024-03-21\"}", "{}", {NULL}, NULL, NULL}, /* country unknown */
    {"R02", M, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\",\"country\":\"FR\","
     "\"dispatch_date\":\"2024-03-01\"}", "{}", {NULL}, NULL, NULL},
    {"R02", A, "{\"notice_type\":\"can-standard\",\"procedure\":\"open\",\"dispatch_date\":"
     "\"2024-03-01\",\"deadline\":\"2024-03-05\"}", "{}", {NULL}, NULL, NULL},
    /* R03 accelerated */
    {"R03", F, "{}", "{\"accelerated\":true}", {NULL}, NULL, NULL},
    {"R03", F, "{}", "{\"accelerated\":true,\"accelerated_justification\":\"urgence\"}", {NULL}, NULL, NULL},
    {"R03", N, "{}", "{\"accelerated\":true,\"accelerated_justification\":\"Crue du 12 mars : "
     "remise en état urgente des digues\"}", {NULL}, NULL, NULL},
    {"R03", A, "{}", "{\"accelerated\":false}", {NULL}, NULL, NULL},
    {"R03", M, "{}", "{}", {NULL}, NULL, NULL},
    /* R05 award without prior publication */
    {"R05", F, "{\"notice_type\":\"can-standard\",\"procedure\":\"neg-wo-call\"}",
     "{\"direct_award_code\":\"technical\"}", {NULL}, NULL, NULL},
    {"R05", N, "{\"notice_type\":\"can-standard\",\"procedure\":\"open\"}", "{}", {NULL}, NULL, NULL},
    {"R05", A, "{\"notice_type\":\"cn-standard\",\"procedure\":\"open\"}", "{}", {NULL}, NULL, NULL},
    /* R04 negotiated procedure / dialogue without legal ground */
    {"R04", F, "{\"notice_type\":\"can-standard\",\"procedure\":\"neg-wo-call\",\"lang\":\"en\","
     "\"format\":\"eforms\"}", "{}", {"Award of a contract for cleaning services.", NULL}, NULL, NULL},
    {"R04", N, "{\"notice_type\":\"can-standard\",\"procedure\":\"neg-wo-call\",\"lang\":\"en\","
     "\"format\":\"eforms\"}", "{\"direct_award_code\":\"technical\"}",
     {"Award of a contract for cleaning services.", NULL}, NULL, NULL},
    {"R04", N, "{\"procedure\":\"neg-w-call\",\"format\":\"eforms\",\"lang\":\"fr\"}", "{}",
     {"Recours à la procédure avec négociation en application de l'article R2124-3 2° du code.",
      NULL}, NULL, NULL},
    {"R04", M, "{\"procedure\":\"neg-w-call\",\"format\":\"eforms\",\"lang\":\"fr\"}", "{}",
     {"Nettoyage des locaux.", NULL}, NULL, NULL},
    {"R04", F, "{\"procedure\":\"comp-dial\",\"format\":\"pdf\",\"lang\":\"fr\"}", "{}",
     {"Dialogue compétitif pour le système d'information.", NULL}, NULL, NULL},
    {"R04", M, "{\"procedure\":\"comp-dial\",\"format\":\"pdf\",\"lang\":\"de\"}", "{}",
     {"Wettbewerblicher Dialog.", NULL}, NULL, NULL},
    {"R04", A, "{\"procedure\":\"open\",\"lang\":\"fr\"}", "{}", {"Nettoyage.", NULL}, NULL, NULL},
    /* R06 opening date */
    {"R06", N, "{\"deadline\":\"2024-04-10\"}", "{\"opening_date\":\"2024-04-10\"}", {NULL}, NULL, NULL},
    {"R06", F, "{\"deadline\":\"2024-04-10\"}", "{\"opening_date\":\"2024-04-12\"}", {NULL}, NULL, NULL},
    {"R06", M, "{\"deadline\":\"2024-04-10\"}", "{}", {NULL}, NULL, NULL},
    /* R07 candidates */
    {"R07", F, "{\"procedure\":\"restricted\"}", "{\"min_candidates\":3}", {NULL}, NULL, NULL},
    {"R07", N, "{\"procedure\":\"restricted\"}", "{\"min_candidates\":5}", {NULL}, NULL, NULL},
    {"R07", F, "{\"procedure\":\"comp-dial\"}", "{\"min_candidates\":2}", {NULL}, NULL, NULL},
    {"R07", N, "{\"procedure\":\"neg-w-call\"}", "{\"min_candidates\":3}", {NULL}, NULL, NULL},
    {"R07", A, "{\"procedure\":\"open\"}", "{\"min_candidates\":1}", {NULL}, NULL, NULL},
    {"R07", M, "{\"procedure\":\"restricted\"}", "{}", {NULL}, NULL, NULL},
    /* R08 candidate limitation without objective criteria */
    {"R08", F, "{\"procedure\":\"restricted\",\"format\":\"ted\",\"lang\":\"en\"}",
     "{\"max_candidates\":5}", {"Selection based on turnover.", NULL}, NULL, NULL},
    {"R08", N, "{\"procedure\":\"restricted\",\"format\":\"ted\",\"lang\":\"en\",\"section\":"
     "\"TED:CRITERIA_CANDIDATE\"}", "{\"max_candidates\":5}", {"Candidates are scored on their "
     "references.", NULL}, NULL, NULL},
    {"R08", N, "{\"procedure\":\"restricted\",\"format\":\"pdf\",\"lang\":\"fr\"}",
     "{\"max_candidates\":5}", {"Les candidats sont classés selon les critères de limitation "
     "suivants : références (60 %), moyens (40 %).", NULL}, NULL, NULL},
    {"R08", M, "{\"procedure\":\"restricted\",\"lang\":\"fr\"}", "{}", {"Sélection.", NULL}, NULL,
     NULL},
    {"R08", M, "{\"procedure\":\"restricted\",\"format\":\"eforms\",\"lang\":\"en\"}",
     "{\"max_candidates\":5}", {"Selection based on turnover.", NULL}, NULL, NULL},
    {"R08", F, "{\"procedure\":\"neg-w-call\",\"format\":\"pdf\",\"lang\":\"fr\"}",
     "{\"candidate_reduction\":true}", {"Le nombre d'offres sera réduit au cours de la "
     "négociation.", NULL}, NULL, NULL},
    {"R08", A, "{\"procedure\":\"open\",\"lang\":\"fr\"}", "{\"max_candidates\":5}", {"x", NULL},
     NULL, NULL},
    /* R09 duration */
    {"R09", F, "{\"cpv\":\"45000000\"}", "{\"duration_months\":60}", {NULL}, NULL, NULL},
    {"R09", N, "{\"cpv\":\"45000000\"}", "{\"duration_months\":48}", {NULL}, NULL, NULL},
    {"R09", A, "{\"cpv\":\"66510000\"}", "{\"duration_months\":120}", {NULL}, NULL, NULL},
    {"R09", M, "{}", "{}", {NULL}, NULL, NULL},
    /* R10 framework > 4 years */
    {"R10", F, "{}", "{\"framework\":true,\"duration_months\":60}", {NULL}, NULL, NULL},
    {"R10", N, "{}", "{\"framework\":true,\"duration_months\":48}", {NULL}, NULL, NULL},
    {"R10", N, "{\"buyer_kind\":\"pub-undert\"}", "{\"framework\":true,\"duration_months\":72}", {NULL}, NULL, NULL},
    {"R10", N, "{\"buyer_kind\":\"Utilities entity\"}", "{\"framework\":true,\"duration_months\":60}", {NULL},
     NULL, NULL}, /* TED utilities (F05) */
    {"R10", N, "{}", "{\"framework\":true,\"duration_months\":60,\"framework_justification\":"
     "\"amortissement des investissements\"}", {NULL}, NULL, NULL},
    {"R10", A, "{}", "{\"framework\":false,\"duration_months\":60}", {NULL}, NULL, NULL},
    {"R10", M, "{}", "{\"duration_months\":60}", {NULL}, NULL, NULL},
    /* R11 / R12 framework participants */
    {"R11", F, "{}", "{\"framework\":true,\"framework_max_participants\":1}", {NULL}, NULL, NULL},
    {"R11", N, "{}", "{\"framework\":true,\"framework_max_participants\":4}", {NULL}, NULL, NULL},
    {"R11", M, "{}", "{\"framework\":true}", {NULL}, NULL, NULL},
    {"R12", F, "{}", "{\"framework\":true,\"framework_max_participants\":2}", {NULL}, NULL, NULL},
    {"R12", N, "{}", "{\"framework\":true,\"framework_max_participants\":3}", {NULL}, NULL, NULL},
    /* R13 renewals */
    {"R13", F, "{}", "{\"renewals_max\":3}", {NULL}, NULL, NULL},
    {"R13", N, "{}", "{\"renewals_max\":2}", {NULL}, NULL, NULL},
    /* R14 uncertain quantity */
    {"R14", F, "{\"lang\":\"fr\"}", NULL, {"Les quantités peuvent varier de plus ou moins 60 % par "
     "rapport aux quantités estimées.", NULL}, NULL, NULL},
    {"R14", N, "{\"lang\":\"fr\"}", NULL, {"Les quantités peuvent varier de plus ou moins 10 %.",
     NULL}, NULL, NULL},
    {"R14", F, "{\"lang\":\"fr\"}", NULL, {"Accord-cadre à bons de commande sans montant maximum.",
     NULL}, NULL, "sans montant maximum"},
    {"R14", F, "{\"lang\":\"fr\",\"section\":\"BT-54-Lot\"}", "{\"options\":true}",
     {"Reconduction des prestations de maintenance.", NULL}, NULL, NULL},
    {"R14", N, "{\"lang\":\"fr\",\"section\":\"BT-54-Lot\"}", "{\"options\":true}",
     {"Reconduction possible jusqu'à deux fois.", NULL}, NULL, NULL},
    {"R14", M, "{\"lang\":\"fr\"}", NULL, {"Nettoyage des locaux.", NULL}, NULL, NULL},
    /* R15 no allotment and no reasons */
    {"R15", F, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"71000000\"],"
     "\"lots\":[{\"id\":\"LOT-1\"}]}", NULL, {"Le marché porte sur la construction et la maîtrise "
     "d'œuvre d'un gymnase.", NULL}, NULL, NULL},
    {"R15", N, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"71000000\"],"
     "\"lots\":[{\"id\":\"LOT-1\"}]}", NULL, {"Le marché n'est pas alloti : la coordination des "
     "prestations serait techniquement difficile.", NULL}, NULL, NULL},
    {"R15", M, "{\"format\":\"ted\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"71000000\"],"
     "\"lots\":[{\"id\":\"1\"}]}", NULL, {"Construction d'un gymnase.", NULL}, NULL, NULL},
    {"R15", A, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"71000000\"],"
     "\"lots\":[{\"id\":\"LOT-1\"},{\"id\":\"LOT-2\"}]}", NULL, {"Gymnase.", NULL}, NULL, NULL},
    {"R15", A, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"45200000\"],"
     "\"lots\":[{\"id\":\"LOT-1\"}]}", NULL, {"Gymnase.", NULL}, NULL, NULL},
    {"R15", M, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":[\"45000000\",\"71000000\"]}", NULL,
     {"Gymnase.", NULL}, NULL, NULL},
    /* R16 turnover */
    {"R16", F, "{\"value\":400000,\"currency\":\"EUR\",\"lang\":\"fr\"}", NULL,
     {"Capacité économique : les candidats justifient d'un chiffre d'affaires annuel minimal de "
      "1 000 000 € HT sur les trois derniers exercices.", NULL}, NULL,
     "chiffre d'affaires annuel minimal de 1 000 000 €"},
    {"R16", N, "{\"value\":600000,\"currency\":\"EUR\",\"lang\":\"fr\"}", NULL,
     {"Chiffre d'affaires minimal : 1.000.000,00 EUR.", NULL}, NULL, NULL},
    {"R16", F, "{\"value\":5000000,\"currency\":\"EUR\",\"lang\":\"en\",\"lots\":[{\"id\":\"LOT-1\","
     "\"value\":200000}]}", NULL,
     {"Minimum yearly turnover: EUR 500,000 for this lot.", NULL}, "LOT-1", NULL},
    {"R16", M, "{\"lang\":\"fr\"}", NULL, {"Chiffre d'affaires minimal de 2 millions d'euros.", NULL},
     NULL, NULL},
    {"R16", N, "{\"value\":100000,\"currency\":\"EUR\"}", NULL, {"Aucune exigence financière.", NULL},
     NULL, NULL},
    {"R16", M, "{\"value\":100000}", NULL, {NULL}, NULL, NULL},
    /* R17 accounts history */
    {"R17", F, "{}", NULL, {"Chiffres d'affaires des cinq derniers exercices disponibles.", NULL},
     NULL, "Chiffres d'affaires des cinq derniers exercices"},
    {"R17", N, "{}", NULL, {"Chiffre d'affaires des 3 derniers exercices.", NULL}, NULL, NULL},
    {"R17", F, "{\"lang\":\"en\"}", NULL, {"Audited financial statements for the last 4 years.", NULL},
     NULL, NULL},
    /* R18 share capital */
    {"R18", F, "{}", NULL, {"Le candidat doit disposer d'un capital social minimum de 500 000 €.",
     NULL}, NULL, "capital social minimum"},
    {"R18", N, "{}", NULL, {"Le pouvoir adjudicateur est une SPL au capital de 37 000 €.", NULL},
     NULL, NULL},
    /* R19 no minimum requirement in the selection criteria */
    {"R19", F, "{\"notice_type\":\"cn-standard\",\"lang\":\"en\",\"section\":\"BT-750-Lot\"}", NULL,
     {"Tenderers must have adequate economic and financial strength to fulfil the contract.", NULL},
     NULL, "Tenderers must have adequate economic and financial strength to fulfil the contract."},
    {"R19", N, "{\"notice_type\":\"cn-standard\",\"lang\":\"en\",\"section\":\"BT-750-Lot\"}", NULL,
     {"Minimum yearly turnover of EUR 200,000.", NULL}, NULL, NULL},
    /* a long section: the evidence is its first 300 bytes, cut back to a character boundary */
    {"R19", F, "{\"notice_type\":\"cn-standard\",\"lang\":\"fr\",\"section\":\"BT-750-Lot\"}", NULL,
     {"a" U8E U8E U8E U8E U8E U8E U8E U8E U8E U8E, NULL}, NULL,
     "a" U8E U8E U8E U8E U8E U8E U8E U8E U8E "ééééé"},
    {"R19", M, "{\"notice_type\":\"cn-standard\",\"lang\":\"en\",\"section\":\"BT-750-Lot\"}", NULL,
     {"Capacity as stated in the procurement documents.", NULL}, NULL, NULL},
    {"R19", M, "{\"notice_type\":\"cn-standard\",\"lang\":\"en\"}", NULL,
     {"Cleaning services.", NULL}, NULL, NULL},
    {"R19", M, "{\"notice_type\":\"cn-standard\",\"lang\":\"de\",\"section\":\"BT-750-Lot\"}", NULL,
     {"Wirtschaftliche Leistungsfähigkeit.", NULL}, NULL, NULL},
    /* R20 reference value above the estimate */
    {"R20", F, "{\"value\":100000,\"currency\":\"EUR\",\"lang\":\"fr\"}", NULL, {"Trois références "
     "de prestations similaires d'un montant minimum de 500 000 € HT chacune.", NULL}, NULL, NULL},
    {"R20", N, "{\"value\":1000000,\"currency\":\"EUR\",\"lang\":\"fr\"}", NULL, {"Trois "
     "références de prestations similaires d'un montant minimum de 500 000 € HT chacune.", NULL},
     NULL, NULL},
    {"R20", M, "{\"lang\":\"fr\"}", NULL, {"Trois références de prestations similaires d'un montant "
     "minimum de 500 000 € HT chacune.", NULL}, NULL, NULL},
    /* R21 reference period */
    {"R21", F, "{}", NULL, {"Références de prestations similaires réalisées au cours des cinq "
     "dernières années.", NULL}, NULL, NULL},
    {"R21", N, "{\"contract_nature\":\"works\"}", NULL, {"Références de travaux similaires "
     "au cours des cinq dernières années.", NULL}, NULL, NULL},
    {"R21", N, "{}", NULL, {"Liste des principales références des 3 dernières années.", NULL},
     NULL, NULL},
    /* R22 single contract */
    {"R22", F, "{}", NULL, {"Trois références de prestations similaires réalisées dans le cadre "
     "d'un seul marché.", NULL}, NULL, NULL},
    {"R22", N, "{}", NULL, {"Le marché fait l'objet d'un seul marché sans allotissement.", NULL},
     NULL, NULL},
    /* R23 local presence */
    {"R23", F, "{}", NULL, {"Le titulaire dispose d'une agence située à moins de 30 km du site.",
     NULL}, NULL, NULL},
    {"R23", F, "{\"lang\":\"en\"}", NULL, {"The contractor shall maintain a local office.", NULL},
     NULL, "local office"},
    {"R23", N, "{}", NULL, {"Le titulaire intervient sur site sous 4 heures.", NULL}, NULL, NULL},
    /* R24 experience */
    {"R24", F, "{}", NULL, {"Chef de projet justifiant de 10 ans d'expérience minimum.", NULL},
     NULL, NULL},
    {"R24", N, "{}", NULL, {"Chef de projet avec une expérience de 3 ans.", NULL}, NULL, NULL},
    {"R24", F, "{\"lang\":\"en\"}", NULL, {"Team leader with at least 7 years of experience.", NULL},
     NULL, NULL},
    /* R25 brands */
    {"R25", F, "{}", NULL, {"Fourniture de 40 ordinateurs portables de marque Lenovo ThinkPad.",
     NULL}, NULL, "marque Lenovo"},
    {"R25", N, "{}", NULL, {"Fourniture de 40 ordinateurs portables de marque Lenovo ThinkPad ou "
     "équivalent.", NULL}, NULL, NULL},
    {"R25", F, "{}", NULL, {"Fenêtres de toit Velux ou similaire.", NULL}, NULL, "Velux"},
    {"R25", N, "{}", NULL, {"Fenêtres de toit Velux, ou techniquement équivalentes.", NULL},
     NULL, NULL},
    {"R25", F, "{\"lang\":\"en\"}", NULL, {"Supply of 3 pumps, model XR200 compatible.", NULL},
     NULL, "model XR200"},
    {"R25", N, "{\"lang\":\"en\"}", NULL, {"Supply of Microsoft licences or equivalent.", NULL},
     NULL, NULL},
    {"R25", N, "{}", NULL, {"Fourniture de mobilier de bureau.", NULL}, NULL, NULL},
    /* R26 manufacturer authorisation */
    {"R26", F, "{}", NULL, {"Le candidat fournit une autorisation du fabricant pour la "
     "maintenance.", NULL}, NULL, "autorisation du fabricant"},
    {"R26", F, "{\"lang\":\"en\"}", NULL, {"Bidders must be an authorised distributor of the "
     "equipment.", NULL}, NULL, NULL},
    {"R26", N, "{}", NULL, {"Le candidat fournit la liste des moyens techniques.", NULL}, NULL,
     NULL},
    /* R27 bid guarantee */
    {"R27", F, "{\"value\":100000,\"currency\":\"EUR\"}", NULL, {"Une garantie de soumission "
     "de 10 000 € est exigée.", NULL}, NULL, NULL},
    {"R27", N, "{\"value\":1000000,\"currency\":\"EUR\"}", NULL, {"Une garantie de "
     "soumission de 10 000 € est exigée.", NULL}, NULL, NULL},
    {"R27", F, "{\"lang\":\"en\"}", NULL, {"A tender guarantee of 5 % of the offer is "
     "required.", NULL}, NULL, NULL},
    {"R27", N, "{}", NULL, {"Aucune garantie n'est exigée.", NULL}, NULL, NULL},
    /* R28 exclusion grounds */
    {"R28", F, "{\"format\":\"pdf\",\"lang\":\"fr\"}", NULL, {"Règlement de la consultation. Les "
     "offres sont remises sur la plateforme.", NULL}, NULL, NULL},
    {"R28", N, "{\"format\":\"pdf\",\"lang\":\"fr\"}", NULL, {"Les candidats produisent le DUME ou "
     "les formulaires DC1 et DC2.", NULL}, NULL, NULL},
    {"R28", M, "{\"format\":\"eforms\",\"lang\":\"fr\"}", NULL, {"Nettoyage des locaux.", NULL},
     NULL, NULL},
    {"R28", N, "{\"format\":\"eforms\",\"lang\":\"en\",\"section\":\"BT-67-Procedure\"}", NULL,
     {"Bankruptcy.", NULL}, NULL, NULL},
    /* R29 quality criteria with neither weight nor method */
    {"R29", F, "{\"lang\":\"fr\"}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":\"Prix\","
     "\"weight\":60},{\"type\":\"quality\",\"name\":\"Valeur technique\",\"weight\":null}]}", {NULL},
     NULL, NULL},
    {"R29", N, "{\"lang\":\"fr\",\"section\":\"BT-540-Lot\"}", "{\"award_criteria\":[{\"type\":"
     "\"price\",\"name\":\"Prix\",\"weight\":60},{\"type\":\"quality\",\"name\":\"Valeur "
     "technique\",\"weight\":null}]}", {"La valeur technique est notée sur 20 selon le mémoire.",
     NULL}, NULL, NULL},
    {"R29", N, "{}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":\"Prix\",\"weight\":60},"
     "{\"type\":\"quality\",\"name\":\"Valeur technique\",\"weight\":40}]}", {NULL}, NULL, NULL},
    {"R29", A, "{}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":\"Prix\"}]}", {NULL}, NULL,
     NULL},
    {"R29", M, "{}", "{}", {NULL}, NULL, NULL},
    /* R30 criteria weights */
    {"R30", F, "{\"procedure\":\"open\"}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":"
     "\"Prix\",\"weight\":null},{\"type\":\"quality\",\"name\":\"Valeur technique\"}]}", {NULL}, NULL, NULL},
    {"R30", N, "{\"procedure\":\"open\"}", "{\"award_criteria\":[{\"name\":\"Prix\",\"weight\":60},"
     "{\"name\":\"Valeur technique\",\"weight\":40}]}", {NULL}, NULL, NULL},
    {"R30", A, "{\"procedure\":\"open\"}", "{\"award_criteria\":[{\"name\":\"Prix\"}]}", {NULL}, NULL, NULL},
    {"R30", A, "{\"procedure\":\"neg-wo-call\"}", "{\"award_criteria\":[{\"name\":\"Prix\"},"
     "{\"name\":\"Délai\"}]}", {NULL}, NULL, NULL},
    {"R30", M, "{\"procedure\":\"open\"}", "{}", {NULL}, NULL, NULL},
    /* R31 payment terms as criterion */
    {"R31", F, "{}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":\"Prix\",\"weight\":60},"
     "{\"type\":\"quality\",\"name\":\"Délai de paiement\",\"weight\":10}]}", {NULL}, NULL, NULL},
    {"R31", N, "{}", "{\"award_criteria\":[{\"type\":\"price\",\"name\":\"Prix\",\"weight\":60}]}",
     {"Critères d'attribution : prix 60 %, valeur technique 40 %.", NULL}, NULL, NULL},
    {"R31", F, "{}", NULL, {"Critères d'attribution : prix 70 %, délai de paiement 30 %.", NULL},
     NULL, "délai de paiement"},
    {"R31", M, "{}", NULL, {NULL}, NULL, NULL},
    /* R32 payment period */
    {"R32", F, "{\"lang\":\"fr\"}", NULL, {"Les sommes dues sont payées dans un délai de paiement "
     "de soixante (60) jours à compter de la réception de la facture.", NULL}, NULL, NULL},
    {"R32", N, "{}", NULL, {"Le délai global de paiement est de 30 jours.", NULL}, NULL, NULL},
    {"R32", N, "{\"buyer_kind\":\"pub-undert\"}", NULL, {"Délai de paiement : 45 jours.", NULL},
     NULL, NULL},
    {"R32", F, "{\"lang\":\"en\"}", NULL, {"Invoices will be paid within 45 days.", NULL}, NULL,
     "paid within 45 days"},
    {"R32", M, "{}", NULL, {"Le marché est à prix fermes.", NULL}, NULL, NULL},
    {"R32", A, "{\"dispatch_date\":\"2018-01-10\"}", NULL, {"Délai de paiement : 45 jours.", NULL},
     NULL, NULL},
    /* R33 advance */
    {"R33", F, "{\"value\":200000}", NULL, {"Le montant de l'avance est fixé à 2 % du montant "
     "initial.", NULL}, NULL, NULL},
    {"R33", F, "{\"value\":200000}", NULL, {"Il n'est pas prévu d'avance : aucune avance ne sera "
     "versée.", NULL}, NULL, NULL},
    {"R33", N, "{\"value\":200000}", NULL, {"Une avance de 10 % est accordée.", NULL}, NULL, NULL},
    {"R33", A, "{\"value\":20000}", NULL, {"Le montant de l'avance est fixé à 2 %.", NULL}, NULL,
     NULL},
    {"R33", M, "{}", NULL, {"Le montant de l'avance est fixé à 2 %.", NULL}, NULL, NULL},
    /* R34 price revision */
    {"R34", F, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"45000000\"}", "{\"duration_months\":12}",
     {"Les prix sont fermes et non révisables.", NULL}, NULL, "non révisables"},
    {"R34", F, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"44100000\"}", "{\"duration_months\":12}",
     {"Fourniture de matériaux de construction.", NULL}, NULL, NULL},
    {"R34", N, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"45000000\"}", "{\"duration_months\":12}",
     {"Les prix sont révisables selon l'index BT01.", NULL}, NULL, NULL},
    {"R34", M, "{\"format\":\"ted\",\"lang\":\"fr\",\"cpv\":\"45000000\"}", "{\"duration_months\":12}",
     {"Construction d'un gymnase.", NULL}, NULL, NULL},
    {"R34", F, "{\"format\":\"ted\",\"lang\":\"en\",\"cpv\":\"45000000\"}", "{\"duration_months\":12}",
     {"The contract is awarded at fixed prices.", NULL}, NULL, "fixed prices"},
    {"R34", A, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"45000000\"}", "{\"duration_months\":2}",
     {"Prix fermes.", NULL}, NULL, NULL},
    {"R34", A, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"72000000\"}", "{\"duration_months\":12}",
     {"Prix fermes.", NULL}, NULL, NULL},
    {"R34", A, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"09310000\"}", "{\"duration_months\":12}",
     {"Prix fermes.", NULL}, NULL, NULL},
    {"R34", M, "{\"format\":\"pdf\",\"lang\":\"fr\",\"cpv\":\"45000000\"}", "{}",
     {"Prix fermes.", NULL}, NULL, NULL},
    {"R34", M, "{\"format\":\"pdf\",\"lang\":\"fr\"}", "{\"duration_months\":12}",
     {"Prix fermes.", NULL}, NULL, NULL},
    /* R35 penalties */
    {"R35", F, "{}", NULL, {"Pénalités de retard : 1/500e du montant par jour de retard.", NULL},
     NULL, NULL},
    {"R35", N, "{}", NULL, {"Pénalités de retard : 1/1000e du montant par jour de retard, "
     "plafonnées à 10 % du montant du marché.", NULL}, NULL, NULL},
    {"R35", F, "{\"contract_nature\":\"works\"}", NULL, {"Pénalités : 1/1000e du montant par jour "
     "de retard.", NULL}, NULL, NULL},
    {"R35", F, "{}", NULL, {"Les pénalités de retard sont plafonnées à 20 % du montant.", NULL},
     NULL, NULL},
    {"R35", F, "{}", NULL, {"Les pénalités ne sont pas plafonnées.", NULL}, NULL, NULL},
    {"R35", M, "{}", NULL, {"Le marché est à prix fermes.", NULL}, NULL, NULL},
    /* R36 retention */
    {"R36", F, "{}", NULL, {"Une retenue de garantie de 10 % est appliquée.", NULL}, NULL,
     "retenue de garantie de 10 %"},
    {"R36", N, "{}", NULL, {"Une retenue de garantie de 5 % est appliquée.", NULL}, NULL, NULL},
    {"R36", N, "{}", NULL, {"Pas de retenue.", NULL}, NULL, NULL},
};

static int s_run_fixtures(const vg_catalogue_t *cat) {
  vg_err_t err = {{0}};
  size_t nf = sizeof FIXTURES / sizeof FIXTURES[0];
  for (size_t i = 0; i < nf; i++) {
    const fx_t *x = &FIXTURES[i];
    char id[32];
    snprintf(id, sizeof id, "fx%03zu", i);
    vg_doc_t *d = fx_doc(id, x->meta, x->fields, x->text, x->lot);
    CHECK(vg_rules_eval(cat, d, &err) == VG_OK, "eval: %s", err.msg);
    CHECK(fx_check_invariants(d, vg_catalogue_count(cat)) == 0, "fixture %zu invariants", i);
    const vg_flag_t *f = fx_flag(d, x->rule);
    CHECK(f != NULL, "fixture %zu: no outcome for %s", i, x->rule);
    if (f) {
      CHECK(f->outcome == x->want, "fixture %zu (%s): got %s want %s (reason: %s; expl: %s)", i,
            x->rule, vg_outcome_str(f->outcome), vg_outcome_str(x->want),
            f->reason ? f->reason : "-", f->explanation ? f->explanation : "-");
      if (f->outcome == VG_OUTCOME_FLAG) {
        CHECK(!strchr(f->explanation, '?') && !strchr(f->explanation_en, '?'),
              "fixture %zu: unfilled placeholder in '%s'", i, f->explanation);
        CHECK(!strcmp(d->lang && !strcmp(d->lang, "fr") ? f->explanation : f->explanation_en,
                      f->explanation), "fixture %zu: explanation language", i);
      }
      if (x->excerpt && f->excerpt)
        CHECK(!strcmp(f->excerpt, x->excerpt), "fixture %zu: excerpt '%s' want '%s'", i,
              f->excerpt, x->excerpt);
      if (x->excerpt) CHECK(f->excerpt != NULL, "fixture %zu: no excerpt", i);
    }
    vg_doc_destroy(&d);
  }
  /* every rule of the catalogue has a firing and a non-firing fixture */
  json_t *cj = vg_catalogue_to_json(cat);
  size_t k;
  json_t *r;
  json_array_foreach(json_object_get(cj, "rules"), k, r) {
    const char *rid = json_string_value(json_object_get(r, "id"));
    int fire = 0, quiet = 0;
    for (size_t i = 0; i < nf; i++)
      if (!strcmp(FIXTURES[i].rule, rid)) {
        fire |= FIXTURES[i].want == F;
        quiet |= FIXTURES[i].want == N;
      }
    CHECK(fire && quiet, "rule %s lacks a firing or a non-firing fixture", rid);
  }
  json_decref(cj);
  printf("%zu fixtures\n", nf);
  return 0;
}

/* ---------------- the four outcomes and the flag record ---------------- */

static void s_outcomes(const vg_catalogue_t *cat) {
  vg_err_t err = {{0}};
  const char *texts[] = {"Délai de paiement : 45 jours.", NULL};
  vg_doc_t *d = fx_doc("doc-outcomes", "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\","
                       "\"deadline\":\"2024-03-10\",\"value\":100000,\"currency\":\"EUR\"}",
                       "{\"electronic_submission\":true,\"pin_reference\":false,\"accelerated\":false,"
                       "\"min_candidates\":2}", texts, NULL);
  CHECK(vg_rules_eval(cat, d, &err) == VG_OK, "eval: %s", err.msg);
  const vg_flag_t *r01 = fx_flag(d, "R01"), *r32 = fx_flag(d, "R32"), *r07 = fx_flag(d, "R07"),
                  *r03 = fx_flag(d, "R03"), *r09 = fx_flag(d, "R09");
  CHECK(r01 && r01->outcome == F, "R01 flag");
  CHECK(r32 && r32->outcome == F, "R32 flag");
  CHECK(r07 && r07->outcome == A, "R07 not applicable to open procedure");
  CHECK(r03 && r03->outcome == A, "R03 not applicable when not accelerated");
  CHECK(r09 && r09->outcome == M, "R09 missing data");
  if (r01 && r01->outcome == F) {
    CHECK(!strcmp(r01->rule_id, "R01-submission-period-below-minimum"), "rule id %s", r01->rule_id);
    CHECK(!strcmp(r01->rule_version, "1.0.0") && !strcmp(r01->severity, "high"), "version");
    CHECK(strstr(r01->legal_basis, "CCP R2161-2") != NULL, "basis %s", r01->legal_basis);
    CHECK(strstr(r01->explanation, "9 jours") && strstr(r01->explanation, "30 jours"),
          "fr explanation: %s", r01->explanation);
    CHECK(strstr(r01->explanation_en, "9 days"), "en explanation: %s", r01->explanation_en);
    CHECK(json_number_value(json_object_get(r01->thresholds, "min_days")) == 30, "threshold");
    CHECK(r01->field && !strcmp(r01->field, "deadline"), "evidence field");
    json_t *in0 = json_array_get(r01->inputs, 0);
    CHECK(!strcmp(json_string_value(json_object_get(in0, "name")), "dispatch_date") &&
          !strcmp(json_string_value(json_object_get(json_object_get(in0, "source"), "field")),
                  "dispatch_date"), "inputs[0]");
  }
  if (r32 && r32->outcome == F) {
    CHECK(r32->clause_id && !strcmp(r32->clause_id, d->clauses[0].id), "clause id");
    CHECK(r32->page == 1, "page");
    CHECK(!strcmp(r32->excerpt, "Délai de paiement : 45 jours"), "excerpt '%s'", r32->excerpt);
    json_t *in1 = json_array_get(r32->inputs, 1);
    json_t *src = json_object_get(in1, "source");
    CHECK(json_number_value(json_object_get(in1, "value")) == 45 &&
          json_string_value(json_object_get(src, "clause")) &&
          json_integer_value(json_object_get(src, "end")) ==
              (json_int_t)(r32->end), "value input with clause span");
  }
  /* the flag survives the JSON round trip */
  json_t *j = vg_doc_to_json(d);
  vg_doc_t *back = vg_doc_from_json(j, &err);
  CHECK(back && back->nflags == d->nflags, "round trip: %s", err.msg);
  vg_doc_destroy(&back);
  json_decref(j);
  vg_doc_destroy(&d);
  /* a document without any text: text rules say missing data */
  d = fx_doc("doc-empty", "{}", NULL, NULL, NULL);
  CHECK(vg_rules_eval(cat, d, &err) == VG_OK, "eval empty");
  CHECK(fx_flag(d, "R25")->outcome == M && fx_flag(d, "R32")->outcome == M, "empty doc");
  CHECK(fx_check_invariants(d, vg_catalogue_count(cat)) == 0, "empty invariants");
  vg_doc_destroy(&d);
}

/* ---------------- determinism ---------------- */

static char *s_dump(const vg_catalogue_t *cat) {
  const char *texts[] = {"Pénalités : 1/100e par jour de retard. Retenue de garantie de 7 %.",
                         "Matériel de marque Dell. Délai de paiement : 60 jours.",
                         "Chiffre d'affaires minimal de 3 000 000 € sur les 5 derniers exercices.",
                         NULL};
  vg_doc_t *d = fx_doc("doc-det", "{" OPEN_CN ",\"dispatch_date\":\"2024-03-01\","
                       "\"deadline\":\"2024-03-10\",\"value\":100000,\"currency\":\"EUR\"}",
                       "{\"electronic_submission\":true,\"accelerated\":true}", texts, NULL);
  vg_err_t err = {{0}};
  CHECK(vg_rules_eval(cat, d, &err) == VG_OK, "eval");
  CHECK(vg_doc_count_flags(d) >= 6, "rich document fires several rules (%zu)",
        vg_doc_count_flags(d));
  CHECK(fx_check_invariants(d, vg_catalogue_count(cat)) == 0, "invariants");
  json_t *j = vg_doc_to_json(d);
  char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
  json_decref(j);
  vg_doc_destroy(&d);
  return s;
}

static void s_determinism(const vg_catalogue_t *cat, const char *dir) {
  char *a = s_dump(cat), *b = s_dump(cat);
  CHECK(a && b && !strcmp(a, b), "two evaluations differ");
  vg_err_t err = {{0}};
  vg_catalogue_t *cat2 = vg_catalogue_load(dir, &err);
  char *c = cat2 ? s_dump(cat2) : NULL;
  CHECK(c && a && !strcmp(a, c), "a reloaded catalogue gives a different output");
  free(a);
  free(b);
  free(c);
  vg_catalogue_destroy(&cat2);
}

/* ---------------- catalogue loading and errors ---------------- */

static void s_write(const char *dir, const char *rel, const char *content) {
  char p[1024];
  snprintf(p, sizeof p, "%s/%s", dir, rel);
  FILE *f = fopen(p, "w");
  if (!f) abort();
  fputs(content, f);
  fclose(f);
}

#define RULE_OK                                                                              \
  "{\"id\":\"R90\",\"slug\":\"demo\",\"version\":\"1.0.0\",\"severity\":\"low\","           \
  "\"name\":{\"fr\":\"n\",\"en\":\"n\"},\"description\":{\"fr\":\"d\",\"en\":\"d\"},"       \
  "\"legal_basis\":[{\"ref\":\"CCP X\",\"url\":\"u\"}],\"literature\":[],\"applies_to\":{}," \
  "\"thresholds\":{\"t\":3},\"valid_from\":null,\"valid_to\":null,"                          \
  "\"check\":%s,\"explanation\":{\"fr\":\"{value}\",\"en\":\"{value}\"}}"

static void s_expect_error(const char *dir, const char *check, const char *want) {
  char rule[2048];
  snprintf(rule, sizeof rule, RULE_OK, check);
  s_write(dir, "rules/R90-demo.json", rule);
  vg_err_t err = {{0}};
  vg_catalogue_t *c = vg_catalogue_load(dir, &err);
  CHECK(!c, "invalid check accepted: %s", check);
  CHECK(strstr(err.msg, want) != NULL, "error '%s' lacks '%s'", err.msg, want);
  vg_catalogue_destroy(&c);
}

static void s_catalogue(const vg_catalogue_t *cat, const char *dir) {
  CHECK(vg_catalogue_count(cat) >= 36 - 6, "rules: %zu", vg_catalogue_count(cat));
  CHECK(strlen(vg_catalogue_sha256(cat)) == 64, "sha");
  CHECK(!strcmp(vg_catalogue_version(cat), "1.1.1"), "version");
  vg_err_t err = {{0}};
  vg_catalogue_t *again = vg_catalogue_load(dir, &err);
  CHECK(again && !strcmp(vg_catalogue_sha256(again), vg_catalogue_sha256(cat)), "stable sha");
  vg_catalogue_destroy(&again);
  json_t *j = vg_catalogue_to_json(cat);
  CHECK(j && json_array_size(json_object_get(j, "rules")) == vg_catalogue_count(cat), "json");
  const char *first = json_string_value(json_object_get(json_array_get(json_object_get(j, "rules"),
                                                                       0), "rule_id"));
  CHECK(first && !strncmp(first, "R01-", 4), "sorted: %s", first ? first : "-");
  json_decref(j);

  char tmp[] = "/tmp/vg_rules_cat_XXXXXX";
  CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
  char sub[512];
  snprintf(sub, sizeof sub, "%s/rules", tmp);
  mkdir(sub, 0700);
  snprintf(sub, sizeof sub, "%s/gazetteers", tmp);
  mkdir(sub, 0700);
  /* no catalogue.json */
  vg_catalogue_t *c = vg_catalogue_load(tmp, &err);
  CHECK(!c && strstr(err.msg, "catalogue.json"), "missing manifest: %s", err.msg);
  s_write(tmp, "catalogue.json", "{\"name\":\"t\",\"version\":\"2.0.0\"}");
  c = vg_catalogue_load(tmp, &err);
  CHECK(!c && strstr(err.msg, "no rule files"), "empty: %s", err.msg);
  /* a valid one-rule catalogue; its checksum follows its content */
  char rule[2048];
  snprintf(rule, sizeof rule, RULE_OK,
           "{\"kind\":\"field_compare\",\"field\":\"renewals_max\",\"op\":\"gt\",\"value\":\"t\"}");
  s_write(tmp, "rules/R90-demo.json", rule);
  c = vg_catalogue_load(tmp, &err);
  CHECK(c != NULL, "valid demo: %s", err.msg);
  char sha1[65] = "";
  if (c) memcpy(sha1, vg_catalogue_sha256(c), 65);
  vg_catalogue_destroy(&c);
  s_write(tmp, "rules/R90-demo.json", "{\"id\":\"R90\"");
  c = vg_catalogue_load(tmp, &err);
  CHECK(!c && strstr(err.msg, "rules/R90-demo.json"), "bad json names file: %s", err.msg);
  s_expect_error(tmp, "{\"kind\":\"magic\"}", "unknown check kind 'magic'");
  s_expect_error(tmp, "{\"kind\":\"text_pattern\",\"patterns\":[\"(unclosed\"]}", "regex");
  s_expect_error(tmp, "{\"kind\":\"text_pattern\"}", "needs 'patterns'");
  s_expect_error(tmp, "{\"kind\":\"field_compare\",\"field\":\"x\",\"op\":\"about\",\"value\":1}",
                 "unknown op");
  s_expect_error(tmp, "{\"kind\":\"text_missing_companion\",\"companion\":[\"x\"],\"gazetteer\":"
                 "\"nope.txt\"}", "gazetteer");
  s_expect_error(tmp, "{\"kind\":\"text_missing_companion\",\"companion\":[\"x\"],\"gazetteer\":"
                 "\"../x\"}", "gazetteer");
  s_expect_error(tmp, "{\"kind\":\"text_missing_companion\",\"companion\":[\"x\"]}",
                 "needs 'patterns' or 'gazetteer'");
  s_expect_error(tmp, "{\"kind\":\"text_required\"}", "needs 'patterns'");
  s_expect_error(tmp, "{\"kind\":\"text_required\",\"patterns\":[\"x\"],\"absent\":\"maybe\"}",
                 "'absent'");
  s_expect_error(tmp, "{\"kind\":\"text_required\",\"patterns\":[\"x\"],\"absent\":{\"by\":"
                 "\"format\",\"map\":{\"ted\":\"later\"}}}", "'absent'");
  s_expect_error(tmp, "{\"kind\":\"text_required\",\"patterns\":[\"x\"],\"triggers\":[\"(x\"]}",
                 "regex");
  s_expect_error(tmp, "{\"kind\":\"text_required\",\"patterns\":[\"x\"],\"when\":[{\"field\":"
                 "\"lot_count\",\"op\":\"about\",\"value\":1}]}", "'when'[0]");
  CHECK(strstr(err.msg, "R90-demo.json") || 1, "file named");
  /* file name must match id; version must be semver; duplicate ids */
  snprintf(rule, sizeof rule, RULE_OK,
           "{\"kind\":\"field_compare\",\"field\":\"renewals_max\",\"op\":\"gt\",\"value\":2}");
  s_write(tmp, "rules/R90-demo.json", rule);
  s_write(tmp, "rules/R91-other.json", rule);
  c = vg_catalogue_load(tmp, &err);
  CHECK(!c && strstr(err.msg, "R91-other.json") && strstr(err.msg, "must start with 'R90-'"),
        "name mismatch: %s", err.msg);
  unlink(sub); /* no-op on a directory; keeps the tree for the next step */
  char p[1024];
  snprintf(p, sizeof p, "%s/rules/R91-other.json", tmp);
  unlink(p);
  char *bad = strdup(rule);
  char *v = strstr(bad, "1.0.0");
  memcpy(v, "1.0.x", 5);
  s_write(tmp, "rules/R90-demo.json", bad);
  free(bad);
  c = vg_catalogue_load(tmp, &err);
  CHECK(!c && strstr(err.msg, "semver"), "semver: %s", err.msg);
  s_write(tmp, "rules/R90-demo.json", rule);
  c = vg_catalogue_load(tmp, &err);
  CHECK(c && strcmp(sha1, vg_catalogue_sha256(c)), "checksum follows content");
  vg_catalogue_destroy(&c);
  /* thresholds keyed on several fields ("country|procedure", '*' standing for any value) */
  snprintf(rule, sizeof rule, RULE_OK,
           "{\"kind\":\"field_compare\",\"field\":\"renewals_max\",\"op\":\"gt\",\"value\":"
           "{\"by\":[\"country\",\"procedure\"],\"map\":{\"FR|open\":5,\"*|open\":1,\"FR|*\":7},"
           "\"default\":9}}");
  s_write(tmp, "rules/R90-demo.json", rule);
  c = vg_catalogue_load(tmp, &err);
  CHECK(c != NULL, "multi-key demo: %s", err.msg);
  static const struct {
    const char *meta;
    double want;
  } keyed[] = {{"{\"country\":\"FR\",\"procedure\":\"open\"}", 5},
               {"{\"country\":\"DE\",\"procedure\":\"open\"}", 1},
               {"{\"procedure\":\"open\"}", 1},
               {"{\"country\":\"FR\",\"procedure\":\"restricted\"}", 7},
               {"{\"country\":\"DE\",\"procedure\":\"restricted\"}", 9}};
  for (size_t i = 0; c && i < sizeof keyed / sizeof keyed[0]; i++) {
    vg_doc_t *d = fx_doc("doc-keyed", keyed[i].meta, "{\"renewals_max\":20}", NULL, NULL);
    CHECK(vg_rules_eval(c, d, &err) == VG_OK, "eval keyed");
    const vg_flag_t *f = fx_flag(d, "R90");
    CHECK(f && f->outcome == F && json_number_value(json_object_get(f->thresholds, "renewals_max"))
                                      == keyed[i].want,
          "keyed threshold %zu: want %g", i, keyed[i].want);
    vg_doc_destroy(&d);
  }
  vg_catalogue_destroy(&c);
  /* clean up */
  snprintf(p, sizeof p, "%s/rules/R90-demo.json", tmp);
  unlink(p);
  snprintf(p, sizeof p, "%s/catalogue.json", tmp);
  unlink(p);
  snprintf(p, sizeof p, "%s/rules", tmp);
  rmdir(p);
  snprintf(p, sizeof p, "%s/gazetteers", tmp);
  rmdir(p);
  rmdir(tmp);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <catalogue|outcomes|fixtures|determinism> <catalogue dir>\n",
            argv[0]);
    return 2;
  }
  vg_err_t err = {{0}};
  vg_catalogue_t *cat = vg_catalogue_load(argv[2], &err);
  if (!cat) {
    fprintf(stderr, "cannot load catalogue: %s\n", err.msg);
    return 1;
  }
  if (!strcmp(argv[1], "catalogue"))
    s_catalogue(cat, argv[2]);
  else if (!strcmp(argv[1], "outcomes"))
    s_outcomes(cat);
  else if (!strcmp(argv[1], "fixtures"))
    s_run_fixtures(cat);
  else if (!strcmp(argv[1], "determinism"))
    s_determinism(cat, argv[2]);
  else
    g_fails++;
  vg_catalogue_destroy(&cat);
  if (g_fails) fprintf(stderr, "%d failure(s)\n", g_fails);
  return g_fails ? 1 : 0;
}
