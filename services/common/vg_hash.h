/* vg_hash.h: SHA-256 content hashes (libsodium), as lower-case hex.
 * For: document ids, model and catalogue checksums, stable flag ids, audit chains. */
#ifndef VG_HASH_H
#define VG_HASH_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#define VG_SHA256_HEX 65 /* 64 hex digits + NUL */

/* Writes the hex SHA-256 of data[0..len) into out (VG_SHA256_HEX bytes). Returns VG_OK. */
int vg_sha256_hex(const void *data, size_t len, char out[VG_SHA256_HEX]);
/* Hashes a whole file; VG_OK, VG_E_IO when it cannot be read. */
int vg_sha256_file_hex(const char *path, char out[VG_SHA256_HEX]);

#ifdef __cplusplus
}
#endif

#endif
