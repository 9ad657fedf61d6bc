/* vg_tokens.h: API tokens and their roles, stored hashed in SQLite (DATA/tokens.sqlite).
 *
 * For: creating, checking, listing and revoking bearer tokens ("vgt_" + 43 base64url
 * characters = 32 random bytes). Only the sha256 of a token is stored; the token itself is
 * shown once at creation. Token names are unique among active (non-revoked) tokens.
 * Not for: HTTP header parsing or role policy (the api decides which role may do what), nor
 * audit entries (callers append token.create/token.revoke with vg_audit_append). */
#ifndef VG_TOKENS_H
#define VG_TOKENS_H

#include <jansson.h>

#include "vg_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { VG_ROLE_NONE = 0, VG_ROLE_READER, VG_ROLE_REVIEWER, VG_ROLE_ADMIN } vg_role_t;

/* "none", "reader", "reviewer", "admin" (static). */
const char *vg_role_str(vg_role_t r);
/* Parses "reader" | "reviewer" | "admin". VG_OK or VG_E_INPUT. */
int vg_role_parse(const char *s, vg_role_t *out);

typedef struct {
  char id[24];      /* 12 lower-case hex digits (first 12 of sha256(token)) */
  char name[128];
  vg_role_t role;
} vg_token_info_t;

/* SQLite DATA/tokens.sqlite; only sha256 of tokens stored. One store may be shared by threads
 * (SQLite serialized mode); several processes may open the same file (WAL, busy timeout 5 s). */
typedef struct vg_tokens vg_tokens_t;

/* Opens (creating if needed, WAL mode, file mode 0600) the token store. VG_OK, VG_E_BACKEND. */
int vg_tokens_open(const char *path, vg_tokens_t **out, vg_err_t *err);
/* Closes; idempotent, sets *pt = NULL. */
void vg_tokens_close(vg_tokens_t **pt);

#define VG_TOKEN_MAX 64
#define VG_TOKEN_NAME_MAX 127 /* bytes of a token name (printable, no control characters) */

/* Creates a token: writes it into token (NUL-terminated, "vgt_" + 43 base64url) and its id,
 * name and role into info (may be NULL). VG_OK; VG_E_INPUT (empty/too long/control chars in
 * name, role not reader|reviewer|admin, or name already used by an active token);
 * VG_E_BACKEND. */
int vg_tokens_create(vg_tokens_t *t, const char *name, vg_role_t role, char token[VG_TOKEN_MAX],
                     vg_token_info_t *info, vg_err_t *err);
/* Checks a presented token (constant-time hash comparison). VG_OK with info filled (may be
 * NULL); VG_E_AUTH (unknown, revoked or malformed); VG_E_BACKEND. */
int vg_tokens_check(vg_tokens_t *t, const char *token, vg_token_info_t *info, vg_err_t *err);
/* Revokes the active token with this id. VG_OK; VG_E_NOTFOUND (no such active token);
 * VG_E_BACKEND. */
int vg_tokens_revoke(vg_tokens_t *t, const char *id, vg_err_t *err);
/* *out = new array [{"id","name","role","created","revoked"}] (created/revoked: RFC 3339
 * UTC strings; revoked null when active), oldest first. VG_OK or VG_E_BACKEND. */
int vg_tokens_list(vg_tokens_t *t, json_t **out, vg_err_t *err);

#ifdef __cplusplus
}
#endif
#endif
