/* test_classify_cli.c: ft.classify_cli — runs the real `vigie classify` (argv[1] = the vigie
 * binary) on a tiny quantized model trained here in a temp dir, with a card next to it, and checks
 * the output: one line per input line, "label<TAB>probability<TAB>status[<TAB>label<TAB>prob...]",
 * status ok / low-confidence following the card threshold, invalid UTF-8 and empty lines reported
 * per line (exit 3, not fatal), NAME resolved through $VIGIE_MODELS_DIR, a missing model exit 1. */
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "vg_file.h"
#include "vg_ft.h"

extern char **environ;

typedef struct {
  const char *vigie;
  char dir[256];
  char model[300], card[300], in[300], out[300], err[300], train[300];
} s_fix_t;

static const char *const s_words[3][5] = {
    {"paiement", "facture", "jours", "intérêts", "moratoires"},
    {"pénalités", "retard", "calendaire", "plafonnées", "montant"},
    {"recours", "tribunal", "administratif", "référé", "contractuel"},
};
static const char *const s_labels[3] = {"payment", "penalties", "disputes_review"};

static void s_write(const char *path, const char *text, size_t len) {
  assert_int_equal(vg_file_write_atomic(path, text, len), VG_OK);
}

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  assert_non_null(f);
  f->vigie = *state;
  snprintf(f->dir, sizeof f->dir, "/tmp/vg_classify_cli_XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->train, sizeof f->train, "%s/train.txt", f->dir);
  snprintf(f->model, sizeof f->model, "%s/tiny.ftz", f->dir);
  snprintf(f->card, sizeof f->card, "%s/tiny.card.json", f->dir);
  snprintf(f->in, sizeof f->in, "%s/in.txt", f->dir);
  snprintf(f->out, sizeof f->out, "%s/out.txt", f->dir);
  snprintf(f->err, sizeof f->err, "%s/err.txt", f->dir);
  char buf[16384];
  size_t n = 0;
  for (int i = 0; i < 90; i++) {
    const char *const *w = s_words[i % 3];
    n += (size_t)snprintf(buf + n, sizeof buf - n, "__label__%s %s %s %s %s\n", s_labels[i % 3], w[i % 5],
                          w[(i + 1) % 5], w[(i + 2) % 5], w[(i / 3) % 5]);
  }
  s_write(f->train, buf, n);
  vg_ft_train_opts_t o;
  vg_ft_train_opts_default(&o);
  o.input = f->train;
  o.dim = 10;
  o.epoch = 20;
  o.bucket = 10000;
  vg_err_t err = {{0}};
  int st = 0;
  vg_ft_t *m = vg_ft_train(&o, "tiny", &st, &err);
  assert_non_null(m);
  vg_ft_quant_opts_t q;
  vg_ft_quant_opts_default(&q);
  q.cutoff = 300;
  assert_int_equal(vg_ft_quantize(m, &q, &o, &err), VG_OK);
  assert_int_equal(vg_ft_save(m, f->model, &err), VG_OK);
  vg_ft_destroy(&m);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  const char *files[] = {f->train, f->model, f->card, f->in, f->out, f->err};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) unlink(files[i]);
  rmdir(f->dir);
  free(f);
  return 0;
}

static void s_card(const s_fix_t *f, const char *thr) {
  char j[256];
  int n = snprintf(j, sizeof j, "{\"name\": \"tiny\", \"low_confidence\": {\"threshold\": %s}}\n", thr);
  s_write(f->card, j, (size_t)n);
}

/* Runs vigie classify with args, stdin from f->in; returns the exit status. env_dir: value of
 * VIGIE_MODELS_DIR (NULL: unset). */
static int s_run(const s_fix_t *f, const char *const *args, const char *env_dir) {
  char *argv[12];
  int a = 0;
  argv[a++] = (char *)f->vigie;
  argv[a++] = (char *)"classify";
  for (int i = 0; args[i] && a < 11; i++) argv[a++] = (char *)args[i];
  argv[a] = NULL;
  char *envp[256];
  int e = 0;
  char envdir[400];
  for (char **p = environ; *p && e < 250; p++)
    if (strncmp(*p, "VIGIE_MODELS_DIR=", 17) != 0) envp[e++] = *p;
  if (env_dir) {
    snprintf(envdir, sizeof envdir, "VIGIE_MODELS_DIR=%s", env_dir);
    envp[e++] = envdir;
  }
  envp[e] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, f->in, O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, f->out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, f->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid;
  int rc = posix_spawn(&pid, f->vigie, &fa, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  assert_int_equal(rc, 0);
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

/* Splits f->out into lines (in place in *buf); returns the count. */
static size_t s_lines(const s_fix_t *f, char **buf, char **lines, size_t max) {
  size_t len = 0;
  assert_int_equal(vg_file_read(f->out, 1 << 20, buf, &len, NULL), VG_OK);
  size_t n = 0;
  char *p = *buf;
  while (*p && n < max) {
    char *nl = strchr(p, '\n');
    assert_non_null(nl); /* every line is terminated */
    *nl = '\0';
    lines[n++] = p;
    p = nl + 1;
  }
  return n;
}

/* Splits one line on tabs; returns the field count. */
static int s_fields(char *line, char **fld, int max) {
  int n = 0;
  fld[n++] = line;
  for (char *p = line; *p && n < max; p++)
    if (*p == '\t') {
      *p = '\0';
      fld[n++] = p + 1;
    }
  return n;
}

static int s_is_prob(const char *s) {
  return strlen(s) == 6 && s[1] == '.' && (s[0] == '0' || s[0] == '1') && strspn(s + 2, "0123456789") == 4;
}

static void t_format(void **state) {
  s_fix_t *f = *state;
  static const char in[] = "Le paiement de la facture intervient sous 30 jours.\n"
                           "bad \xff\xfe utf8\n"
                           "\n"
                           "Les pénalités de retard sont calendaires.\r\n"
                           "Tout recours devant le tribunal administratif.";
  s_write(f->in, in, sizeof in - 1);
  s_card(f, "0.0");
  const char *args[] = {"--model", f->model, NULL};
  assert_int_equal(s_run(f, args, NULL), 3); /* finished, with a bad line */
  char *buf = NULL, *lines[16], *fld[8];
  assert_int_equal(s_lines(f, &buf, lines, 16), 5);
  const char *want[] = {"payment", "-", "-", "penalties", "disputes_review"};
  const char *status[] = {"ok", "error:invalid-utf8", "empty", "ok", "ok"}; /* threshold 0 */
  for (int i = 0; i < 5; i++) {
    assert_int_equal(s_fields(lines[i], fld, 8), 3);
    assert_true(s_is_prob(fld[1]));
    assert_string_equal(fld[0], want[i]);
    assert_string_equal(fld[2], status[i]);
  }
  free(buf);
  size_t el = 0;
  assert_int_equal(vg_file_read(f->err, 1 << 20, &buf, &el, NULL), VG_OK);
  assert_non_null(strstr(buf, "line 2"));
  free(buf);
}

static void t_threshold_k_and_name(void **state) {
  s_fix_t *f = *state;
  static const char in[] = "Le paiement de la facture intervient sous 30 jours.\n"
                           "Les pénalités de retard sont calendaires.\n";
  s_write(f->in, in, sizeof in - 1);
  s_card(f, "1.01"); /* nothing reaches it */
  const char *args[] = {"--model", "tiny", "--k", "2", NULL};
  assert_int_equal(s_run(f, args, f->dir), 0); /* NAME -> $VIGIE_MODELS_DIR/tiny.ftz */
  char *buf = NULL, *lines[8], *fld[8];
  assert_int_equal(s_lines(f, &buf, lines, 8), 2);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(s_fields(lines[i], fld, 8), 5);
    assert_string_equal(fld[2], "low-confidence");
    assert_true(s_is_prob(fld[1]) && s_is_prob(fld[4]));
    assert_true(strcmp(fld[0], fld[3]) != 0);
    assert_true(strtod(fld[1], NULL) >= strtod(fld[4], NULL));
  }
  free(buf);
  /* a missing model is an error; a bad --k a usage error */
  const char *missing[] = {"--model", "nosuch", NULL};
  assert_int_equal(s_run(f, missing, f->dir), 1);
  const char *badk[] = {"--model", f->model, "--k", "0", NULL};
  assert_int_equal(s_run(f, badk, NULL), 2);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: ft_test_classify_cli PATH/TO/vigie\n");
    return 2;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_prestate_setup_teardown(t_format, s_setup, s_teardown, argv[1]),
      cmocka_unit_test_prestate_setup_teardown(t_threshold_k_and_name, s_setup, s_teardown, argv[1]),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
