/* vg_file.h: bounded whole-file reads and small filesystem helpers.
 * For: reading inputs with a hard cap (named limit), creating data directories. */
#ifndef VG_FILE_H
#define VG_FILE_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

#include "vg_status.h"

/* Reads the whole file into a new NUL-terminated buffer (*out, caller frees; *len without
 * the NUL). Returns VG_OK, VG_E_TOO_BIG when the file exceeds max bytes, VG_E_IO. */
int vg_file_read(const char *path, size_t max, char **out, size_t *len, vg_err_t *err);
/* Writes data to path atomically (temp file + fsync + rename). VG_OK or VG_E_IO. */
int vg_file_write_atomic(const char *path, const void *data, size_t len);
/* mkdir -p with mode 0700 for the leaf and 0755 for parents. VG_OK or VG_E_IO. */
int vg_mkdirs(const char *path);

#ifdef __cplusplus
}
#endif

#endif
