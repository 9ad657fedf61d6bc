/* test_archive.c: the container reader of `vigie ingest` (vg_cli_archive) on real archives
 * written here with libarchive's writer: which members are documents, which are skipped, and
 * how hostile archives (bomb, traversal, too many members, too much in total, truncation,
 * empty, not an archive) are refused. Also the usage example of vg_archive_each(). */
#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vg_cli_archive.h"

typedef struct {
  char dir[64];
} s_fix_t;

static int s_setup(void **state) {
  s_fix_t *f = calloc(1, sizeof *f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vgarchiveXXXXXX");
  assert_non_null(mkdtemp(f->dir));
  *state = f;
  return 0;
}

static int s_teardown(void **state) {
  s_fix_t *f = *state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  assert_int_equal(system(cmd), 0);
  free(f);
  return 0;
}

typedef struct {
  const char *name;
  const char *data; /* NULL: a folder; "" with len > 0: len zero bytes */
  size_t len;
} s_entry_t;

/* Writes an archive: zip (deflate) when zip, else tar.gz. */
static void s_write(const char *path, int zip, const s_entry_t *e, size_t n) {
  struct archive *a = archive_write_new();
  if (zip) archive_write_set_format_zip(a);
  else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
  char *zeros = calloc(1, 1 << 20);
  for (size_t i = 0; i < n; i++) {
    struct archive_entry *en = archive_entry_new();
    archive_entry_set_pathname(en, e[i].name);
    archive_entry_set_filetype(en, e[i].data ? AE_IFREG : AE_IFDIR);
    archive_entry_set_perm(en, 0644);
    size_t len = e[i].data ? (e[i].len ? e[i].len : strlen(e[i].data)) : 0;
    archive_entry_set_size(en, (la_int64_t)len);
    assert_int_equal(archive_write_header(a, en), ARCHIVE_OK);
    if (e[i].data && e[i].len) {
      for (size_t done = 0; done < len;) {
        size_t k = len - done < (1u << 20) ? len - done : (1u << 20);
        assert_true(archive_write_data(a, zeros, k) == (la_ssize_t)k);
        done += k;
      }
    } else if (len) {
      assert_true(archive_write_data(a, e[i].data, len) == (la_ssize_t)len);
    }
    archive_entry_free(en);
  }
  free(zeros);
  assert_int_equal(archive_write_close(a), ARCHIVE_OK);
  archive_write_free(a);
}

typedef struct {
  char log[4096];
  int documents, refused, skipped;
} s_seen_t;

static int s_collect(void *arg, const vg_member_t *m) {
  s_seen_t *s = arg;
  size_t n = strlen(s->log);
  const char *k = m->kind == VG_MEMBER_DOCUMENT ? "doc" : m->kind == VG_MEMBER_REFUSED ? "refused" : "skipped";
  snprintf(s->log + n, sizeof s->log - n, "%s %s %zu %s|", k, m->member, m->len, m->reason ? m->reason : "");
  if (m->kind == VG_MEMBER_DOCUMENT) s->documents++;
  else if (m->kind == VG_MEMBER_REFUSED) s->refused++;
  else s->skipped++;
  return VG_OK;
}

static void test_kind_by_name(void **state) {
  (void)state;
  assert_int_equal(vg_archive_kind_of("a/20261129_229.tar.gz"), VG_ARCHIVE_TAR);
  assert_int_equal(vg_archive_kind_of("X.TGZ"), VG_ARCHIVE_TAR);
  assert_int_equal(vg_archive_kind_of("p.tar.xz"), VG_ARCHIVE_TAR);
  assert_int_equal(vg_archive_kind_of("p.tar"), VG_ARCHIVE_TAR);
  assert_int_equal(vg_archive_kind_of("DCE.zip"), VG_ARCHIVE_ZIP);
  assert_int_equal(vg_archive_kind_of("notice.xml"), VG_ARCHIVE_NONE);
  assert_int_equal(vg_archive_kind_of("ccap.docx"), VG_ARCHIVE_NONE);
  assert_string_equal(vg_archive_kind_str(VG_ARCHIVE_ZIP), "zip");
}

static void test_ted_package_members(void **state) {
  s_fix_t *f = *state;
  char p[128];
  snprintf(p, sizeof p, "%s/pkg.tar.gz", f->dir);
  const s_entry_t e[] = {{"20261129/", NULL, 0}, {"20261129/1.xml", "<TED_EXPORT/>", 0},
                         {"20261129/2.json", "{}", 0}, {"20261129/README.txt", "hello", 0},
                         {"20261129/.hidden.xml", "<x/>", 0}};
  s_write(p, 0, e, sizeof e / sizeof *e);
  s_seen_t seen = {0};
  vg_err_t err = {{0}};
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_TAR, &(vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT,
                                   s_collect, &seen, &err),
                   VG_OK);
  assert_int_equal(seen.documents, 2);
  assert_int_equal(seen.skipped, 2); /* README.txt is not a notice; hidden files are skipped */
  assert_non_null(strstr(seen.log, "doc 20261129/1.xml 13 |"));
}

static void test_zip_dossier_and_hostile_members(void **state) {
  s_fix_t *f = *state;
  char p[128];
  snprintf(p, sizeof p, "%s/DCE.zip", f->dir);
  const s_entry_t e[] = {{"DCE/CCAP.pdf", "%PDF-1.4", 0},     {"DCE/plan.dwg", "DWG", 0},
                         {"../../evil.xml", "<x/>", 0},        {"/etc/abs.xml", "<x/>", 0},
                         {"DCE\\..\\..\\win.xml", "<x/>", 0}, {"DCE/bomb.txt", "", 3u << 20},
                         {"DCE/inner.zip", "PK", 0},           {"DCE/RC.docx", "PK", 0}};
  s_write(p, 1, e, sizeof e / sizeof *e);
  int is_doc = -1;
  vg_err_t err = {{0}};
  assert_int_equal(vg_archive_is_document(p, &is_doc, &err), VG_OK);
  assert_int_equal(is_doc, 0);
  /* small limits: 3 MiB of zeros inflate far over 100:1 past a 1 MiB floor */
  vg_archive_limits_t lim = VG_ARCHIVE_LIMITS_DEFAULT;
  lim.ratio_floor = 1u << 20;
  s_seen_t seen = {0};
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &lim, s_collect, &seen, &err), VG_OK);
  assert_int_equal(seen.documents, 3); /* CCAP.pdf, inner.zip (a file, not expanded), RC.docx */
  assert_int_equal(seen.skipped, 1);
  assert_int_equal(seen.refused, 4);
  assert_non_null(strstr(seen.log, "refused ../../evil.xml 0 path escapes"));
  assert_non_null(strstr(seen.log, "refused /etc/abs.xml 0 path escapes"));
  /* (libarchive may give the backslashes back as slashes: either way it is refused) */
  if (!strstr(seen.log, "win.xml 0 path escapes")) fail_msg("%s", seen.log);
  assert_non_null(strstr(seen.log, "refused DCE/bomb.txt 0 compression ratio over 100:1"));
  /* the per-member size limit, declared in the header */
  lim = (vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT;
  lim.max_member = 1u << 20;
  memset(&seen, 0, sizeof seen);
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &lim, s_collect, &seen, &err), VG_OK);
  assert_non_null(strstr(seen.log, "refused DCE/bomb.txt 0 member is over the document size limit"));
}

static void test_archive_limits(void **state) {
  s_fix_t *f = *state;
  char p[128];
  snprintf(p, sizeof p, "%s/many.zip", f->dir);
  const s_entry_t e[] = {{"1.xml", "<a/>", 0}, {"2.xml", "<b/>", 0}, {"3.xml", "<c/>", 0}, {"4.xml", "<d/>", 0}};
  s_write(p, 1, e, 4);
  vg_archive_limits_t lim = VG_ARCHIVE_LIMITS_DEFAULT;
  lim.max_members = 3;
  s_seen_t seen = {0};
  vg_err_t err = {{0}};
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &lim, s_collect, &seen, &err), VG_E_TOO_BIG);
  assert_int_equal(seen.documents, 3);
  assert_non_null(strstr(err.msg, "more than 3 members"));
  lim = (vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT;
  lim.max_total = 10;
  memset(&seen, 0, sizeof seen);
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &lim, s_collect, &seen, &err), VG_E_TOO_BIG);
  assert_int_equal(seen.documents, 2);
  assert_non_null(strstr(err.msg, "in total"));
}

static void test_broken_archives(void **state) {
  s_fix_t *f = *state;
  char p[128];
  vg_err_t err = {{0}};
  s_seen_t seen = {0};
  /* empty zip */
  snprintf(p, sizeof p, "%s/empty.zip", f->dir);
  s_write(p, 1, NULL, 0);
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &(vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT,
                                   s_collect, &seen, &err),
                   VG_E_INPUT);
  assert_non_null(strstr(err.msg, "empty archive"));
  /* not a zip */
  snprintf(p, sizeof p, "%s/not.zip", f->dir);
  FILE *o = fopen(p, "wb");
  fputs("PK\3\4 not a zip at all", o);
  fclose(o);
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_ZIP, &(vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT,
                                   s_collect, &seen, &err),
                   VG_E_INPUT);
  assert_non_null(strstr(err.msg, "zip"));
  /* truncated tar.gz: a member cut in its data is refused and ends the walk */
  snprintf(p, sizeof p, "%s/t.tar.gz", f->dir);
  char *noise = malloc(200001);
  unsigned x = 12345;
  for (int i = 0; i < 200000; i++) noise[i] = (char)('a' + (x = x * 1103515245u + 12345u) % 26);
  noise[200000] = '\0';
  const s_entry_t e[] = {{"p/1.xml", noise, 0}, {"p/2.xml", noise + 1, 0}};
  s_write(p, 0, e, 2);
  free(noise);
  FILE *in = fopen(p, "rb");
  fseek(in, 0, SEEK_END);
  long n = ftell(in);
  fclose(in);
  assert_int_equal(truncate(p, n * 3 / 4), 0);
  memset(&seen, 0, sizeof seen);
  assert_int_equal(vg_archive_each(p, VG_ARCHIVE_TAR, &(vg_archive_limits_t)VG_ARCHIVE_LIMITS_DEFAULT,
                                   s_collect, &seen, &err),
                   VG_OK);
  assert_int_equal(seen.documents, 1);
  assert_int_equal(seen.refused, 1);
  assert_non_null(strstr(seen.log, "refused p/2.xml 0 corrupt or truncated archive"));
}

static void test_office_documents_under_a_zip_name(void **state) {
  s_fix_t *f = *state;
  char p[128];
  int is_doc = 0;
  vg_err_t err = {{0}};
  snprintf(p, sizeof p, "%s/letter.zip", f->dir);
  const s_entry_t docx[] = {{"[Content_Types].xml", "<Types/>", 0}, {"word/document.xml", "<w/>", 0}};
  s_write(p, 1, docx, 2);
  assert_int_equal(vg_archive_is_document(p, &is_doc, &err), VG_OK);
  assert_int_equal(is_doc, 1);
  snprintf(p, sizeof p, "%s/rc.zip", f->dir);
  const s_entry_t odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 0}, {"content.xml", "<o/>", 0}};
  s_write(p, 1, odt, 2);
  assert_int_equal(vg_archive_is_document(p, &is_doc, &err), VG_OK);
  assert_int_equal(is_doc, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_kind_by_name),
      cmocka_unit_test_setup_teardown(test_ted_package_members, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_zip_dossier_and_hostile_members, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_archive_limits, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_broken_archives, s_setup, s_teardown),
      cmocka_unit_test_setup_teardown(test_office_documents_under_a_zip_name, s_setup, s_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
