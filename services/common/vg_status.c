/* vg_status.c: text for status codes and the error-detail helper. */
#include "vg_status.h"

#include <stdarg.h>
#include <stdio.h>

const char *vg_status_str(int st) {
  switch (st) {
#define VG__STATUS_STR(name, val, doc, text) case val: return text;
    VG_STATUS_LIST(VG__STATUS_STR)
#undef VG__STATUS_STR
  }
  return "unknown status";
}

const char *vg_status_name(int st) {
  switch (st) {
#define VG__STATUS_NAME(name, val, doc, text) case val: return #name;
    VG_STATUS_LIST(VG__STATUS_NAME)
#undef VG__STATUS_NAME
  }
  return "VG_E_UNKNOWN";
}

int vg_status_is_doc(int st) {
  switch (st) {
#define VG__STATUS_DOC(name, val, doc, text) case val: return doc;
    VG_STATUS_LIST(VG__STATUS_DOC)
#undef VG__STATUS_DOC
  }
  return 0;
}

int vg_err_set(vg_err_t *err, int st, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return st;
}
