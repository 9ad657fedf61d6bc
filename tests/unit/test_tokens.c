/* test_tokens.c: API tokens in a real SQLite file: create, check, revoke, list, unique active
 * names, malformed tokens, and that only hashes reach the disk. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "vg_file.h"
#include "vg_tokens.h"

typedef struct {
  char dir[64];
  char db[128];
  vg_tokens_t *t;
} s_fix_t;

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgtokXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->db, sizeof f->db, "%s/tokens.sqlite", f->dir);
  vg_err_t err = {{0}};
  assert_int_equal(vg_tokens_open(f->db, &f->t, &err), VG_OK);
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  vg_tokens_close(&f->t);
  vg_tokens_close(&f->t); /* idempotent */
  char p[192];
  const char *sfx[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", f->db, sfx[i]);
    unlink(p);
  }
  rmdir(f->dir);
  free(f);
  return 0;
}

static void test_roles(void **state) {
  (void)state;
  vg_role_t r = VG_ROLE_NONE;
  assert_int_equal(vg_role_parse("reader", &r), VG_OK);
  assert_int_equal(r, VG_ROLE_READER);
  assert_int_equal(vg_role_parse("admin", &r), VG_OK);
  assert_int_equal(r, VG_ROLE_ADMIN);
  assert_int_equal(vg_role_parse("none", &r), VG_E_INPUT);
  assert_int_equal(vg_role_parse("Admin", &r), VG_E_INPUT);
  assert_int_equal(vg_role_parse(NULL, &r), VG_E_INPUT);
  assert_string_equal(vg_role_str(VG_ROLE_REVIEWER), "reviewer");
  assert_string_equal(vg_role_str((vg_role_t)42), "none");
}

static void test_create_check_revoke(void **state) {
  s_fix_t *f = *state;
  char tok[VG_TOKEN_MAX];
  vg_token_info_t info, got;
  vg_err_t err = {{0}};
  assert_int_equal(vg_tokens_create(f->t, "alice", VG_ROLE_REVIEWER, tok, &info, &err), VG_OK);
  assert_int_equal(strlen(tok), 4 + 43);
  assert_memory_equal(tok, "vgt_", 4);
  assert_int_equal(strlen(info.id), 12);
  assert_string_equal(info.name, "alice");
  assert_int_equal(vg_tokens_check(f->t, tok, &got, &err), VG_OK);
  assert_string_equal(got.id, info.id);
  assert_string_equal(got.name, "alice");
  assert_int_equal(got.role, VG_ROLE_REVIEWER);
  /* one character off: unknown; malformed shapes: refused before any lookup */
  char bad[VG_TOKEN_MAX];
  memcpy(bad, tok, sizeof bad);
  bad[10] = bad[10] == 'A' ? 'B' : 'A';
  assert_int_equal(vg_tokens_check(f->t, bad, &got, &err), VG_E_AUTH);
  assert_int_equal(vg_tokens_check(f->t, "", &got, &err), VG_E_AUTH);
  assert_int_equal(vg_tokens_check(f->t, "vgt_short", &got, &err), VG_E_AUTH);
  bad[10] = '+';
  assert_int_equal(vg_tokens_check(f->t, bad, &got, &err), VG_E_AUTH);
  /* a second store on the same file sees it (the api and the cli share it) */
  vg_tokens_t *t2 = NULL;
  assert_int_equal(vg_tokens_open(f->db, &t2, &err), VG_OK);
  assert_int_equal(vg_tokens_check(t2, tok, NULL, &err), VG_OK);
  assert_int_equal(vg_tokens_revoke(t2, info.id, &err), VG_OK);
  vg_tokens_close(&t2);
  assert_null(t2);
  assert_int_equal(vg_tokens_check(f->t, tok, &got, &err), VG_E_AUTH);
  assert_int_equal(vg_tokens_revoke(f->t, info.id, &err), VG_E_NOTFOUND);
  assert_int_equal(vg_tokens_revoke(f->t, "000000000000", &err), VG_E_NOTFOUND);
}

static void test_names_and_list(void **state) {
  s_fix_t *f = *state;
  char tok[VG_TOKEN_MAX], tok2[VG_TOKEN_MAX];
  vg_token_info_t a, b;
  vg_err_t err = {{0}};
  assert_int_equal(vg_tokens_create(f->t, "ops", VG_ROLE_ADMIN, tok, &a, &err), VG_OK);
  assert_int_equal(vg_tokens_create(f->t, "ops", VG_ROLE_READER, tok2, &b, &err), VG_E_INPUT);
  assert_non_null(strstr(err.msg, "already"));
  assert_int_equal(vg_tokens_create(f->t, "", VG_ROLE_READER, tok2, &b, &err), VG_E_INPUT);
  assert_int_equal(vg_tokens_create(f->t, "tab\there", VG_ROLE_READER, tok2, &b, &err), VG_E_INPUT);
  assert_int_equal(vg_tokens_create(f->t, "x", VG_ROLE_NONE, tok2, &b, &err), VG_E_INPUT);
  char longname[200];
  memset(longname, 'n', sizeof longname - 1);
  longname[sizeof longname - 1] = '\0';
  assert_int_equal(vg_tokens_create(f->t, longname, VG_ROLE_READER, tok2, &b, &err), VG_E_INPUT);
  /* a revoked name may be reused */
  assert_int_equal(vg_tokens_revoke(f->t, a.id, &err), VG_OK);
  assert_int_equal(vg_tokens_create(f->t, "ops", VG_ROLE_READER, tok2, &b, &err), VG_OK);
  assert_string_not_equal(a.id, b.id);
  assert_string_not_equal(tok, tok2);
  json_t *list = NULL;
  assert_int_equal(vg_tokens_list(f->t, &list, &err), VG_OK);
  assert_int_equal(json_array_size(list), 2);
  json_t *r0 = json_array_get(list, 0), *r1 = json_array_get(list, 1);
  assert_string_equal(json_string_value(json_object_get(r0, "id")), a.id);
  assert_string_equal(json_string_value(json_object_get(r0, "role")), "admin");
  assert_true(json_is_string(json_object_get(r0, "revoked")));
  assert_true(json_is_string(json_object_get(r0, "created")));
  assert_string_equal(json_string_value(json_object_get(r1, "role")), "reader");
  assert_true(json_is_null(json_object_get(r1, "revoked")));
  assert_null(json_object_get(r1, "hash"));
  json_decref(list);
}

/* The store holds hashes only and is private to its owner. */
static void test_nothing_secret_on_disk(void **state) {
  s_fix_t *f = *state;
  char tok[VG_TOKEN_MAX];
  vg_err_t err = {{0}};
  assert_int_equal(vg_tokens_create(f->t, "bob", VG_ROLE_READER, tok, NULL, &err), VG_OK);
  vg_tokens_close(&f->t); /* checkpoints the WAL into the main file */
  struct stat st;
  assert_int_equal(stat(f->db, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  char *buf;
  size_t len;
  assert_int_equal(vg_file_read(f->db, 1 << 24, &buf, &len, &err), VG_OK);
  assert_null(memmem(buf, len, tok + 4, strlen(tok) - 4));
  assert_non_null(memmem(buf, len, "bob", 3));
  free(buf);
  assert_int_equal(vg_tokens_open(f->db, &f->t, &err), VG_OK);
  assert_int_equal(vg_tokens_check(f->t, tok, NULL, &err), VG_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roles),
      cmocka_unit_test_setup_teardown(test_create_check_revoke, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_names_and_list, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_nothing_secret_on_disk, s_setup, s_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
