/* vg_tokens.c: API tokens stored hashed in SQLite (see vg_tokens.h).
 *
 * For: the token table and the constant-time check of a presented token.
 * Not for: role policy (the api) or audit entries (the callers). */
#include "vg_tokens.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vg_hash.h"

#define S_PREFIX "vgt_"
#define S_RAW_BYTES 32
#define S_B64_LEN 43 /* 32 bytes, base64url without padding */
#define S_ID_LEN 12

struct vg_tokens {
  sqlite3 *db;
};

static const char *const s_roles[] = {"none", "reader", "reviewer", "admin"};

const char *vg_role_str(vg_role_t r) {
  return (int)r >= 0 && (size_t)r < sizeof s_roles / sizeof *s_roles ? s_roles[r] : "none";
}

int vg_role_parse(const char *s, vg_role_t *out) {
  for (int i = VG_ROLE_READER; s && i <= VG_ROLE_ADMIN; i++) {
    if (!strcmp(s, s_roles[i])) {
      *out = (vg_role_t)i;
      return VG_OK;
    }
  }
  return VG_E_INPUT;
}

static int s_db_err(vg_tokens_t *t, vg_err_t *err, const char *what) {
  return vg_err_set(err, VG_E_BACKEND, "token store: cannot %s: %s", what, sqlite3_errmsg(t->db));
}

int vg_tokens_open(const char *path, vg_tokens_t **out, vg_err_t *err) {
  *out = NULL;
  if (sodium_init() < 0) return vg_err_set(err, VG_E_BACKEND, "libsodium cannot start");
  /* create the file 0600 ourselves: sqlite would follow the umask */
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return vg_err_set(err, VG_E_BACKEND, "cannot open '%s': %s", path, strerror(errno));
  close(fd);
  vg_tokens_t *t = calloc(1, sizeof *t);
  if (!t) return VG_E_NOMEM;
  if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      NULL) != SQLITE_OK) {
    int rc = vg_err_set(err, VG_E_BACKEND, "cannot open '%s': %s", path,
                        t->db ? sqlite3_errmsg(t->db) : "out of memory");
    vg_tokens_close(&t);
    return rc;
  }
  sqlite3_busy_timeout(t->db, 5000);
  static const char schema[] =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE IF NOT EXISTS tokens("
      " id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
      " hash TEXT NOT NULL, created TEXT NOT NULL, revoked TEXT);"
      "CREATE UNIQUE INDEX IF NOT EXISTS tokens_active_name ON tokens(name) WHERE revoked IS NULL;";
  if (sqlite3_exec(t->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
    int rc = s_db_err(t, err, "create the schema");
    vg_tokens_close(&t);
    return rc;
  }
  *out = t;
  return VG_OK;
}

void vg_tokens_close(vg_tokens_t **pt) {
  if (!pt || !*pt) return;
  sqlite3_close((*pt)->db);
  free(*pt);
  *pt = NULL;
}

static void s_now(char out[32]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int s_name_ok(const char *name) {
  size_t n = name ? strlen(name) : 0;
  if (n == 0 || n > VG_TOKEN_NAME_MAX) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)name[i];
    if (c < 0x20 || c == 0x7f) return 0;
  }
  return 1;
}

/* A well-formed token: "vgt_" + 43 base64url characters. */
static int s_token_ok(const char *tok) {
  size_t pl = strlen(S_PREFIX);
  if (!tok || strncmp(tok, S_PREFIX, pl) || strlen(tok) != pl + S_B64_LEN) return 0;
  for (const char *p = tok + pl; *p; p++) {
    char c = *p;
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_'))
      return 0;
  }
  return 1;
}

int vg_tokens_create(vg_tokens_t *t, const char *name, vg_role_t role, char token[VG_TOKEN_MAX],
                     vg_token_info_t *info, vg_err_t *err) {
  token[0] = '\0';
  if (!s_name_ok(name))
    return vg_err_set(err, VG_E_INPUT, "token name must be 1..%d printable bytes", VG_TOKEN_NAME_MAX);
  if (role < VG_ROLE_READER || role > VG_ROLE_ADMIN)
    return vg_err_set(err, VG_E_INPUT, "role must be reader, reviewer or admin");
  unsigned char raw[S_RAW_BYTES];
  char tok[VG_TOKEN_MAX], hash[VG_SHA256_HEX], id[S_ID_LEN + 1], now[32];
  sqlite3_stmt *st = NULL;
  int rc = VG_OK;
  if (sqlite3_prepare_v2(t->db,
                         "INSERT INTO tokens(id, name, role, hash, created) VALUES(?,?,?,?,?)", -1,
                         &st, NULL) != SQLITE_OK)
    return s_db_err(t, err, "prepare");
  /* the id is a prefix of the hash: retry on the (astronomically rare) id collision */
  for (int attempt = 0;; attempt++) {
    randombytes_buf(raw, sizeof raw);
    memcpy(tok, S_PREFIX, strlen(S_PREFIX));
    sodium_bin2base64(tok + strlen(S_PREFIX), sizeof tok - strlen(S_PREFIX), raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    vg_sha256_hex(tok, strlen(tok), hash);
    memcpy(id, hash, S_ID_LEN);
    id[S_ID_LEN] = '\0';
    s_now(now);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, vg_role_str(role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_DONE) break;
    if (sqlite3_extended_errcode(t->db) == SQLITE_CONSTRAINT_PRIMARYKEY && attempt < 3) continue;
    if (sqlite3_extended_errcode(t->db) == SQLITE_CONSTRAINT_UNIQUE)
      rc = vg_err_set(err, VG_E_INPUT, "an active token is already named '%s'", name);
    else
      rc = s_db_err(t, err, "store the token");
    break;
  }
  sqlite3_finalize(st);
  sodium_memzero(raw, sizeof raw);
  if (rc == VG_OK) {
    memcpy(token, tok, strlen(tok) + 1);
    if (info) {
      snprintf(info->id, sizeof info->id, "%s", id);
      snprintf(info->name, sizeof info->name, "%s", name);
      info->role = role;
    }
  }
  sodium_memzero(tok, sizeof tok);
  return rc;
}

int vg_tokens_check(vg_tokens_t *t, const char *token, vg_token_info_t *info, vg_err_t *err) {
  if (!s_token_ok(token)) return vg_err_set(err, VG_E_AUTH, "malformed token");
  char hash[VG_SHA256_HEX], id[S_ID_LEN + 1];
  vg_sha256_hex(token, strlen(token), hash);
  memcpy(id, hash, S_ID_LEN);
  id[S_ID_LEN] = '\0';
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(t->db, "SELECT hash, name, role, revoked FROM tokens WHERE id = ?", -1, &st,
                         NULL) != SQLITE_OK)
    return s_db_err(t, err, "prepare");
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  int s = sqlite3_step(st), rc;
  if (s == SQLITE_ROW) {
    const unsigned char *h = sqlite3_column_text(st, 0);
    const unsigned char *nm = sqlite3_column_text(st, 1);
    const unsigned char *rl = sqlite3_column_text(st, 2);
    vg_role_t role = VG_ROLE_NONE;
    int same = h && strlen((const char *)h) == 64 && sodium_memcmp(h, hash, 64) == 0;
    if (!same || sqlite3_column_type(st, 3) != SQLITE_NULL ||
        vg_role_parse((const char *)rl, &role) != VG_OK) {
      rc = vg_err_set(err, VG_E_AUTH, "unknown or revoked token");
    } else {
      rc = VG_OK;
      if (info) {
        snprintf(info->id, sizeof info->id, "%s", id);
        snprintf(info->name, sizeof info->name, "%s", nm ? (const char *)nm : "");
        info->role = role;
      }
    }
  } else if (s == SQLITE_DONE) {
    rc = vg_err_set(err, VG_E_AUTH, "unknown or revoked token");
  } else {
    rc = s_db_err(t, err, "look the token up");
  }
  sqlite3_finalize(st);
  return rc;
}

int vg_tokens_revoke(vg_tokens_t *t, const char *id, vg_err_t *err) {
  char now[32];
  s_now(now);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(t->db, "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", -1,
                         &st, NULL) != SQLITE_OK)
    return s_db_err(t, err, "prepare");
  sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, id ? id : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_DONE ? VG_OK : s_db_err(t, err, "revoke");
  sqlite3_finalize(st);
  if (rc == VG_OK && sqlite3_changes(t->db) == 0)
    rc = vg_err_set(err, VG_E_NOTFOUND, "no active token '%s'", id ? id : "");
  return rc;
}

int vg_tokens_list(vg_tokens_t *t, json_t **out, vg_err_t *err) {
  *out = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(t->db,
                         "SELECT id, name, role, created, revoked FROM tokens ORDER BY created, rowid",
                         -1, &st, NULL) != SQLITE_OK)
    return s_db_err(t, err, "prepare");
  json_t *arr = json_array();
  int s = SQLITE_DONE;
  while (arr && (s = sqlite3_step(st)) == SQLITE_ROW) {
    json_t *row = json_object();
    for (int c = 0; row && c < 5; c++) {
      const char *k = sqlite3_column_name(st, c);
      const unsigned char *v = sqlite3_column_text(st, c);
      json_object_set_new(row, k, v ? json_string((const char *)v) : json_null());
    }
    json_array_append_new(arr, row);
  }
  int rc = !arr ? VG_E_NOMEM : s == SQLITE_DONE ? VG_OK : s_db_err(t, err, "list tokens");
  sqlite3_finalize(st);
  if (rc) json_decref(arr);
  else *out = arr;
  return rc;
}
