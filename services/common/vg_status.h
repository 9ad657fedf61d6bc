/* vg_status.h: the one list of status codes used across vigie.
 *
 * For: returning success or a typed failure from any function of ours.
 * Not for: carrying detail (use a caller-owned vg_err_t buffer for that).
 * VG_OK is 0; every error is negative. Document-level errors (bad input, over a
 * limit) are < VG_E_DOC_LAST and > VG_E_SERVICE_FIRST... see vg_status_is_doc(). */
#ifndef VG_STATUS_H
#define VG_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

/* X(name, value, is_document_level, text) */
#define VG_STATUS_LIST(X)                                                   \
  X(VG_OK,            0, 0, "ok")                                           \
  X(VG_E_INPUT,      -1, 1, "malformed input")                              \
  X(VG_E_TOO_BIG,    -2, 1, "input over a size limit")                      \
  X(VG_E_UNSUPPORTED,-3, 1, "unsupported document format")                  \
  X(VG_E_ENCODING,   -4, 1, "invalid character encoding")                   \
  X(VG_E_FORBIDDEN,  -5, 1, "forbidden construct (DTD, external entity)")   \
  X(VG_E_EMPTY,      -6, 1, "empty document")                               \
  X(VG_E_NOMEM,     -20, 0, "out of memory")                                \
  X(VG_E_IO,        -21, 0, "i/o error")                                    \
  X(VG_E_BACKEND,   -22, 0, "backend error")                                \
  X(VG_E_PROTOCOL,  -23, 0, "protocol error")                               \
  X(VG_E_NOTFOUND,  -24, 0, "not found")                                    \
  X(VG_E_CONFIG,    -25, 0, "invalid configuration")                        \
  X(VG_E_TIMEOUT,   -26, 0, "timed out")                                    \
  X(VG_E_QUERY,     -27, 1, "query cannot be parsed")                       \
  X(VG_E_LOCKED,    -28, 0, "resource locked")                              \
  X(VG_E_INTERNAL,  -29, 0, "internal error")                             \
  X(VG_E_AUTH,      -30, 0, "missing or unknown credentials")              \
  X(VG_E_DENIED,    -31, 0, "not allowed for this role")

typedef enum {
#define VG__STATUS_ENUM(name, val, doc, text) name = val,
  VG_STATUS_LIST(VG__STATUS_ENUM)
#undef VG__STATUS_ENUM
} vg_status_t;

/* Returns a static, lower-case description of st ("unknown status" if none). */
const char *vg_status_str(int st);
/* Returns the symbolic name ("VG_E_INPUT"), static. */
const char *vg_status_name(int st);
/* 1 when st is a document-level failure (dead-letter the document, carry on). */
int vg_status_is_doc(int st);

/* Caller-owned error detail buffer (git's strbuf/err pattern). */
typedef struct {
  char msg[512];
} vg_err_t;

/* Formats detail into err (may be NULL) and returns st, so that callers write
 * `return vg_err_set(err, VG_E_INPUT, "cannot parse '%s': %s", name, why);` */
int vg_err_set(vg_err_t *err, int st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif

#endif
