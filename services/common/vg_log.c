/* vg_log.c: one-line key=value logging to stderr (see vg_log.h). */
#include "vg_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static const char *s_level(vg_log_level_t l) {
  switch (l) {
    case VG_LOG_DEBUG: return "debug";
    case VG_LOG_INFO: return "info";
    case VG_LOG_WARN: return "warn";
    case VG_LOG_ERROR: return "error";
  }
  return "info";
}

void vg_log(const vg_log_t *log, vg_log_level_t lvl, const char *doc, const char *fmt, ...) {
  if (log && lvl < log->min) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  for (char *p = msg; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  char ts[32];
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct tm tm;
  gmtime_r(&now.tv_sec, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (doc)
    fprintf(stderr, "%s level=%s svc=%s doc=%.16s msg=%s\n", ts, s_level(lvl),
            log ? log->svc : "vigie", doc, msg);
  else
    fprintf(stderr, "%s level=%s svc=%s msg=%s\n", ts, s_level(lvl), log ? log->svc : "vigie", msg);
}
