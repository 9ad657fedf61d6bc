/* test_train.c: ft.train_determinism — runs the vigie-train recipes (quick mode) twice on a small
 * generated corpus in a temp dir, plus the real eForms SDK examples (argv[1] = VIGIE_CORPORA,
 * linked, not copied) with a small field -> label table, and checks that the .ftz files are
 * byte-identical, that the model cards exist and record the .ftz sha256, and that the clause card
 * reports the notice source (inputs, file list, held-out notices). */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vg_file.h"
#include "vg_hash.h"
#include "vg_train.h"

static const char *const s_words[3][6] = {
    {"payment", "invoice", "days", "paiement", "facture", "délai"},
    {"penalty", "delay", "calendar", "pénalité", "retard", "jour"},
    {"governed", "laws", "state", "droit", "français", "applicable"},
};
static const char *const s_cuad_cat[3] = {"Revenue/Profit Sharing", "Liquidated Damages", "Governing Law"};
static const char *const s_seed_lab[3] = {"payment", "penalties", "applicable_law"};

static void s_write(const char *path, const char *text) {
  assert_int_equal(vg_file_write_atomic(path, text, strlen(text)), VG_OK);
}

static char *s_gen(int cuad) {
  size_t cap = 1 << 20, n = 0;
  char *b = malloc(cap);
  n += (size_t)snprintf(b + n, cap - n, cuad ? "split\tcontract\tcategory\ttext\n" : "label\tlang\ttext\n");
  for (int i = 0; i < 120; i++) {
    int c = i % 3;
    const char *const *w = s_words[c];
    if (cuad)
      n += (size_t)snprintf(b + n, cap - n, "%s\tcontract%d.pdf\t%s\t%s %s %s clause %d %s.\n",
                            i % 10 == 8 ? "dev" : "train", i / 6, s_cuad_cat[c], w[i % 3], w[(i + 1) % 3],
                            w[(i + 2) % 3], i, w[(i / 3) % 3]);
    else
      n += (size_t)snprintf(b + n, cap - n, "%s\t%s\t%s %s article %d %s\n", s_seed_lab[c], i % 2 ? "fr" : "en",
                            w[3 + i % 3], w[3 + (i + 1) % 3], i, w[3 + (i / 3) % 3]);
  }
  return b;
}

static void s_read(const char *path, char **buf, size_t *len) {
  assert_int_equal(vg_file_read(path, 64u << 20, buf, len, NULL), VG_OK);
}

static const char s_map[] =
    "pattern\tlabel\twhy\n# test table (labels of the generated seeds)\nBT-21-*\tpayment\ttitle\n"
    "BT-24-*\tpenalties\tdescription\nBT-99-*\tapplicable_law\treview\nBT-300-*\t-\tmixed\n";

static void t_determinism(void **state) {
  const char *real = *state;
  char root[] = "/tmp/vg_train_test_XXXXXX";
  assert_non_null(mkdtemp(root));
  char p[1024], q[1024], corpora[300], seeds[300], out[2][300];
  snprintf(corpora, sizeof corpora, "%s/corpora", root);
  snprintf(seeds, sizeof seeds, "%s/seeds", root);
  snprintf(p, sizeof p, "%s/cuad", corpora);
  assert_int_equal(vg_mkdirs(p), VG_OK);
  assert_int_equal(vg_mkdirs(seeds), VG_OK);
  char *g = s_gen(1);
  snprintf(p, sizeof p, "%s/cuad/cuad_clauses.tsv", corpora);
  s_write(p, g);
  free(g);
  snprintf(p, sizeof p, "%s/field-labels.tsv", seeds);
  s_write(p, s_map);
  char link[1024];
  snprintf(p, sizeof p, "%s/eforms-sdk", real);
  snprintf(link, sizeof link, "%s/eforms-sdk", corpora);
  assert_int_equal(symlink(p, link), 0);
  g = s_gen(0);
  snprintf(p, sizeof p, "%s/clauses.tsv", seeds);
  s_write(p, g);
  free(g);

  for (int r = 0; r < 2; r++) {
    snprintf(out[r], sizeof out[r], "%s/out%d", root, r);
    vg_train_cfg_t cfg = {.corpora = corpora, .seeds = seeds, .out = out[r], .only = NULL, .quick = 1};
    vg_err_t err = {{0}};
    int rc = vg_train_run(&cfg, &err);
    if (rc != VG_OK) fprintf(stderr, "vg_train_run: %s\n", err.msg);
    assert_int_equal(rc, VG_OK);
  }
  const char *names[] = {"clause", "cuad"};
  for (int i = 0; i < 2; i++) {
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    snprintf(p, sizeof p, "%s/%s.ftz", out[0], names[i]);
    snprintf(q, sizeof q, "%s/%s.ftz", out[1], names[i]);
    s_read(p, &a, &la);
    s_read(q, &b, &lb);
    assert_true(la > 0);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
    char hex[VG_SHA256_HEX];
    assert_int_equal(vg_sha256_file_hex(p, hex), VG_OK);
    snprintf(q, sizeof q, "%s/%s.card.json", out[0], names[i]);
    json_error_t je;
    json_t *card = json_load_file(q, 0, &je);
    assert_non_null(card);
    assert_string_equal(json_string_value(json_object_get(json_object_get(card, "file"), "sha256")), hex);
    json_t *ev = json_object_get(card, "evaluation");
    assert_true(json_integer_value(json_object_get(ev, "n")) > 0);
    double f1 = json_real_value(json_object_get(ev, "micro_f1"));
    assert_true(f1 >= 0.0 && f1 <= 1.0);
    assert_true(json_array_size(json_object_get(card, "inputs")) >= 1);
    if (i == 0) { /* clause: seeds, CUAD, field-labels.tsv, notice list */
      assert_int_equal(json_array_size(json_object_get(card, "inputs")), 4);
      json_t *in3 = json_array_get(json_object_get(card, "inputs"), 3);
      assert_int_equal(json_integer_value(json_object_get(in3, "rows")), 92); /* SDK examples */
      assert_int_equal(json_array_size(json_object_get(card, "notice_files")), 92);
      assert_true(json_integer_value(json_object_get(json_object_get(card, "evaluation_notices"), "n")) > 0);
      assert_true(json_integer_value(json_object_get(json_object_get(card, "evaluation_seeds"), "n")) > 0);
      assert_int_equal(json_integer_value(json_object_get(json_object_get(card, "evaluation_seeds"), "n")) +
                           json_integer_value(json_object_get(json_object_get(card, "evaluation_notices"), "n")),
                       json_integer_value(json_object_get(ev, "n")));
    }
    json_decref(card);
    snprintf(q, sizeof q, "%s/%s.card.md", out[0], names[i]);
    assert_int_equal(access(q, R_OK), 0);
    for (int r = 0; r < 2; r++) {
      const char *suf[] = {"ftz", "card.json", "card.md"};
      for (int s = 0; s < 3; s++) {
        snprintf(q, sizeof q, "%s/%s.%s", out[r], names[i], suf[s]);
        unlink(q);
      }
    }
  }
  /* a field-labels label that no seed uses (a typo) is an error */
  snprintf(p, sizeof p, "%s/field-labels.tsv", seeds);
  s_write(p, "pattern\tlabel\twhy\nBT-24-*\tpenaltys\ttypo\n");
  vg_train_cfg_t typo = {.corpora = corpora, .seeds = seeds, .out = out[0], .only = "clause", .quick = 1};
  vg_err_t terr = {{0}};
  assert_int_equal(vg_train_run(&typo, &terr), VG_E_INPUT);
  assert_non_null(strstr(terr.msg, "penaltys"));
  /* a missing input directory is an error, not an exit */
  vg_train_cfg_t bad = {.corpora = "/nonexistent", .seeds = seeds, .out = out[0], .only = "cuad", .quick = 1};
  vg_err_t err = {{0}};
  assert_true(vg_train_run(&bad, &err) < 0);
  assert_true(strlen(err.msg) > 0);

  rmdir(out[0]);
  rmdir(out[1]);
  snprintf(p, sizeof p, "%s/cuad/cuad_clauses.tsv", corpora);
  unlink(p);
  snprintf(p, sizeof p, "%s/cuad", corpora);
  rmdir(p);
  unlink(link);
  rmdir(corpora);
  snprintf(p, sizeof p, "%s/field-labels.tsv", seeds);
  unlink(p);
  snprintf(p, sizeof p, "%s/clauses.tsv", seeds);
  unlink(p);
  rmdir(seeds);
  rmdir(root);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: ft_test_train VIGIE_CORPORA\n");
    return 2;
  }
  const struct CMUnitTest tests[] = {cmocka_unit_test_prestate(t_determinism, argv[1])};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
