/* vg_log.h: one-line key=value logging to stderr.
 *
 * For: operational log lines ("svc=indexer doc=ab12 msg='committed 40 documents'").
 * Not for: user-facing command output (print that to stdout in the command itself).
 * The service name is passed by each call site's logger value; there is no global. */
#ifndef VG_LOG_H
#define VG_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { VG_LOG_DEBUG, VG_LOG_INFO, VG_LOG_WARN, VG_LOG_ERROR } vg_log_level_t;

typedef struct {
  const char *svc;        /* borrowed: service name, e.g. "indexer" */
  vg_log_level_t min;     /* lines below this level are dropped */
} vg_log_t;

/* Writes one line: "<iso8601> level=<lvl> svc=<svc> [doc=<doc>] msg=<formatted>".
 * doc may be NULL. Newlines inside the message are replaced by spaces. */
void vg_log(const vg_log_t *log, vg_log_level_t lvl, const char *doc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif

#endif
