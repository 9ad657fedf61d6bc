/* test_ft.c: ft.model — trains a tiny model from a generated file in a temp dir, saves it,
 * quantizes it, loads it back, predicts; bad files give errors, never exit/abort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vg_ft.h"
#include "vg_hash.h"
#include "vg_textprep.h"

typedef struct {
  char dir[256];
  char data[300], bin[300], ftz[300];
} s_fix_t;

static const char *const s_pay[] = {"le paiement des sommes dues intervient dans un délai de trente jours",
                                    "payment of invoices within thirty days of receipt",
                                    "le délai global de paiement est fixé à trente jours"};
static const char *const s_pen[] = {"une pénalité de retard est appliquée par jour calendaire",
                                    "late delivery penalties apply per calendar day of delay",
                                    "les pénalités de retard sont plafonnées"};

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vg_ft_test_XXXXXX");
  if (mkdtemp(f->dir) == NULL) return -1;
  snprintf(f->data, sizeof f->data, "%s/train.txt", f->dir);
  snprintf(f->bin, sizeof f->bin, "%s/tiny.bin", f->dir);
  snprintf(f->ftz, sizeof f->ftz, "%s/tiny.ftz", f->dir);
  FILE *fp = fopen(f->data, "w");
  for (int r = 0; r < 40; r++) {
    for (int i = 0; i < 3; i++) {
      char *p = NULL;
      vg_textprep(s_pay[i], strlen(s_pay[i]), &p, NULL, NULL);
      fprintf(fp, "__label__payment %s\n", p);
      free(p);
      vg_textprep(s_pen[i], strlen(s_pen[i]), &p, NULL, NULL);
      fprintf(fp, "__label__penalties %s\n", p);
      free(p);
    }
  }
  fclose(fp);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  unlink(f->data);
  unlink(f->bin);
  unlink(f->ftz);
  char p[320];
  snprintf(p, sizeof p, "%s/corrupt.ftz", f->dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/trunc.ftz", f->dir);
  unlink(p);
  rmdir(f->dir);
  free(f);
  return 0;
}

static void s_opts(vg_ft_train_opts_t *o, const char *input) {
  vg_ft_train_opts_default(o);
  o->input = input;
  o->dim = 16;
  o->epoch = 20;
  o->bucket = 10000;
}

static void t_train_predict(void **state) {
  s_fix_t *f = *state;
  vg_ft_train_opts_t o;
  s_opts(&o, f->data);
  vg_err_t err = {{0}};
  int st = 1;
  vg_ft_t *m = vg_ft_train(&o, "tiny", &st, &err);
  assert_non_null(m);
  assert_int_equal(st, VG_OK);
  assert_int_equal(vg_ft_nlabels(m), 2);
  assert_string_equal(vg_ft_sha256(m), ""); /* not saved yet */
  assert_int_equal(vg_ft_save(m, f->bin, &err), VG_OK);
  char hex[VG_SHA256_HEX];
  assert_int_equal(vg_sha256_file_hex(f->bin, hex), VG_OK);
  assert_string_equal(vg_ft_sha256(m), hex);

  vg_ft_quant_opts_t q;
  vg_ft_quant_opts_default(&q);
  q.cutoff = 300;
  int qrc = vg_ft_quantize(m, &q, &o, &err);
  if (qrc != VG_OK) fprintf(stderr, "quantize: %s\n", err.msg);
  assert_int_equal(qrc, VG_OK);
  assert_int_equal(vg_ft_save(m, f->ftz, &err), VG_OK);
  vg_ft_destroy(&m);
  assert_null(m);
  vg_ft_destroy(&m); /* idempotent */

  m = vg_ft_load(f->ftz, &st, &err);
  assert_non_null(m);
  assert_true(vg_ft_is_quant(m));
  assert_string_equal(vg_ft_name(m), "tiny");
  assert_int_equal(vg_sha256_file_hex(f->ftz, hex), VG_OK);
  assert_string_equal(vg_ft_sha256(m), hex);

  vg_ft_pred_t p[4];
  const char *t1 = "Les PÉNALITÉS de retard, par jour calendaire.";
  int n = vg_ft_predict(m, t1, strlen(t1), 2, p, &err);
  assert_int_equal(n, 2);
  assert_string_equal(p[0].label, "penalties");
  assert_true(p[0].prob > 0.5f && p[0].prob <= 1.0001f);
  assert_true(p[1].prob <= p[0].prob);
  assert_true(p[0].prob + p[1].prob > 0.95f && p[0].prob + p[1].prob < 1.05f);
  const char *t2 = "Payment of the invoices: within 30 days.";
  n = vg_ft_predict(m, t2, strlen(t2), 1, p, &err);
  assert_int_equal(n, 1);
  assert_string_equal(p[0].label, "payment");
  /* empty text -> no prediction; invalid UTF-8 -> VG_E_ENCODING; bad k -> VG_E_INPUT */
  assert_int_equal(vg_ft_predict(m, " \n", 2, 1, p, &err), 0);
  assert_int_equal(vg_ft_predict(m, "\xFF", 1, 1, p, &err), VG_E_ENCODING);
  assert_int_equal(vg_ft_predict(m, "x", 1, 0, p, &err), VG_E_INPUT);
  vg_ft_destroy(&m);
}

static void t_ova(void **state) {
  s_fix_t *f = *state;
  vg_ft_train_opts_t o;
  s_opts(&o, f->data);
  o.loss = VG_FT_LOSS_OVA;
  vg_err_t err = {{0}};
  vg_ft_t *m = vg_ft_train(&o, "ova", NULL, &err);
  assert_non_null(m);
  vg_ft_pred_t p[2];
  const char *t = "pénalité de retard par jour";
  assert_int_equal(vg_ft_predict(m, t, strlen(t), 2, p, &err), 2);
  assert_string_equal(p[0].label, "penalties");
  assert_true(p[0].prob > 0.5f && p[1].prob < 0.5f); /* independent scores */
  o.loss = 7;
  int st = 0;
  assert_null(vg_ft_train(&o, "bad", &st, &err));
  assert_int_equal(st, VG_E_CONFIG);
  vg_ft_destroy(&m);
}

static void t_bad_files(void **state) {
  s_fix_t *f = *state;
  vg_err_t err = {{0}};
  int st = 0;
  char p[320];
  assert_null(vg_ft_load("/nonexistent/dir/model.ftz", &st, &err));
  assert_int_equal(st, VG_E_NOTFOUND);
  assert_true(strlen(err.msg) > 0);

  snprintf(p, sizeof p, "%s/corrupt.ftz", f->dir);
  FILE *fp = fopen(p, "wb");
  for (int i = 0; i < 4096; i++) fputc((i * 131 + 7) & 0xFF, fp);
  fclose(fp);
  err.msg[0] = '\0';
  assert_null(vg_ft_load(p, &st, &err));
  assert_int_equal(st, VG_E_INPUT);
  assert_true(strlen(err.msg) > 0);

  assert_null(vg_ft_load(f->dir, &st, &err)); /* a directory */
  assert_int_equal(st, VG_E_INPUT);

  /* training on a missing file or with nonsense options is an error too */
  vg_ft_train_opts_t o;
  s_opts(&o, "/nonexistent/train.txt");
  assert_null(vg_ft_train(&o, "x", &st, &err));
  assert_true(st < 0);
  s_opts(&o, f->data);
  o.dim = 0;
  assert_null(vg_ft_train(&o, "x", &st, &err));
  assert_int_equal(st, VG_E_CONFIG);
}

static void t_truncated(void **state) {
  s_fix_t *f = *state;
  /* a model cut anywhere (header, dictionary, matrices, last byte) fails cleanly, never hangs */
  char p[320];
  snprintf(p, sizeof p, "%s/trunc.ftz", f->dir);
  FILE *in = fopen(f->ftz, "rb");
  assert_non_null(in);
  static char data[1 << 20];
  size_t n = fread(data, 1, sizeof data, in);
  fclose(in);
  assert_true(n > 1000 && n < sizeof data);
  size_t cuts[] = {3, 6, 60, 200, 1000, n / 2, n - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    FILE *out = fopen(p, "wb");
    assert_non_null(out);
    assert_int_equal(fwrite(data, 1, cuts[i], out), cuts[i]);
    fclose(out);
    vg_err_t err = {{0}};
    int st = 0;
    vg_ft_t *m = vg_ft_load(p, &st, &err);
    assert_null(m);
    assert_int_equal(st, VG_E_INPUT);
    assert_true(strlen(err.msg) > 0);
  }
  /* the untruncated copy still loads (the cuts, not the copying, caused the failures) */
  FILE *out = fopen(p, "wb");
  assert_int_equal(fwrite(data, 1, n, out), n);
  fclose(out);
  vg_ft_t *m = vg_ft_load(p, NULL, NULL);
  assert_non_null(m);
  vg_ft_destroy(&m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(t_train_predict),
      cmocka_unit_test(t_ova),
      cmocka_unit_test(t_bad_files),
      cmocka_unit_test(t_truncated),
  };
  return cmocka_run_group_tests(tests, s_setup, s_teardown);
}
