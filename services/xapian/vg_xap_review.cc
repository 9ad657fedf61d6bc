/* vg_xap_review.cc: review state of the Xapian shim (vg_xap.h): audit entries applied to
 * flag and clause documents, kept as database metadata.
 * For: vigie-indexer (vg_xap_writer_review, vg_xap_writer_last_seq, vg_xap_writer_target).
 * Not for: the audit log itself (services/common/vg_audit) or reading reviews back
 * (vg_xap_flags.cc). */
#include "vg_xap.h"
#include "vg_xap_private.h"

extern "C" {

int vg_xap_writer_review(vg_xap_writer_t *w, const json_t *entry, vg_err_t *err) {
  (void)w;
  (void)entry;
  return vg_err_set(err, VG_E_INTERNAL, "vg_xap_writer_review: not implemented yet");
}

int vg_xap_writer_last_seq(vg_xap_writer_t *w, long long *seq, vg_err_t *err) {
  (void)w;
  if (seq) *seq = 0;
  return vg_err_set(err, VG_E_INTERNAL, "vg_xap_writer_last_seq: not implemented yet");
}

int vg_xap_writer_target(vg_xap_writer_t *w, int kind, const char *id, char **doc_id,
                         vg_err_t *err) {
  (void)w;
  (void)kind;
  (void)id;
  if (doc_id) *doc_id = nullptr;
  return vg_err_set(err, VG_E_INTERNAL, "vg_xap_writer_target: not implemented yet");
}

int vg_xap_get_flag(vg_xap_reader_t *r, const char *flag_id, json_t **out, vg_err_t *err) {
  (void)r;
  (void)flag_id;
  if (out) *out = nullptr;
  return vg_err_set(err, VG_E_INTERNAL, "vg_xap_get_flag: not implemented yet");
}

int vg_xap_count_flags(vg_xap_reader_t *r, size_t *flags, vg_err_t *err) {
  (void)r;
  if (flags) *flags = 0;
  return vg_err_set(err, VG_E_INTERNAL, "vg_xap_count_flags: not implemented yet");
}

}  // extern "C"
