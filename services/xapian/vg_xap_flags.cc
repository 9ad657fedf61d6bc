/* vg_xap_flags.cc: the reading side of flags, reviews, notes and versions in the Xapian
 * shim (vg_xap.h): vg_xap_get_flag, vg_xap_count_flags, the flags-kind search hit, and what
 * vg_xap_get_doc / vg_xap_get_clause add to the stored JSON (latest, versions, reviews, notes).
 * For: vg_xap_reader.cc and the api/cli through vg_xap.h.
 * Not for: writing reviews (vg_xap_review.cc) or electing versions (vg_xap_versions.cc).
 *
 * Metadata (reviews, notes) is read shard by shard (the first shard holding a key wins):
 * a combined Xapian::Database reads metadata from its first shard only. */
#include <cstring>
#include <map>

#include "vg_xap.h"
#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace S = vg_xap_schema;

namespace {

json_t *s_loads(const std::string &s) { return json_loadb(s.data(), s.size(), 0, nullptr); }

json_t *s_get(const json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return v ? json_incref(v) : json_null();
}

json_t *s_open_review() { return json_pack("{ss}", "status", S::STATUS_OPEN); }

/* The stored data of the document with unique id `id` and kind `kind`, or NULL. */
json_t *s_fetch_kind(vg_xap_reader *r, const std::string &id, const char *kind) {
  const std::string term = std::string(S::P_ID) + id;
  const std::string kt = std::string(S::P_KIND) + kind;
  for (Xapian::PostingIterator p = r->db.postlist_begin(term); p != r->db.postlist_end(term);
       ++p) {
    Xapian::Document d = r->db.get_document(*p);
    Xapian::TermIterator t = d.termlist_begin();
    t.skip_to(kt);
    if (t != d.termlist_end() && *t == kt) return s_loads(d.get_data());
  }
  return nullptr;
}

}  // namespace

namespace vg_xap {

std::string r_meta(const vg_xap_reader *r, const std::string &key) {
  for (const Xapian::Database &db : r->shards) {
    std::string v = db.get_metadata(key);
    if (!v.empty()) return v;
  }
  return std::string();
}

json_t *flag_hit(const std::string &data, double score) {
  json_t *f = s_loads(data);
  if (!f) return nullptr;
  json_t *h = json_object(), *ev = json_object_get(f, "evidence");
  for (const char *k : {"id", "rule_id", "rule_version", "severity", "legal_basis",
                        "explanation", "explanation_en"})
    json_object_set_new(h, k, s_get(f, k));
  for (const char *k : {"clause_id", "excerpt", "page"}) json_object_set_new(h, k, s_get(ev, k));
  json_object_set_new(h, "score", json_real(score));
  json_object_set_new(h, "doc", s_get(f, "doc"));
  json_t *rv = json_object_get(f, "review");
  json_object_set_new(h, "review", json_is_object(rv) ? json_incref(rv) : s_open_review());
  json_decref(f);
  return h;
}

json_t *clause_notes(const vg_xap_reader *r, const std::string &clause_id) {
  json_t *n = s_loads(r_meta(r, S::MD_NOTE + clause_id));
  if (json_is_array(n)) return n;
  json_decref(n);
  return json_array();
}

void decorate_doc(vg_xap_reader *r, json_t *nd) {
  const char *id = json_string_value(json_object_get(nd, "id"));
  std::string key = cut_utf8(version_key(json_object_get(nd, "fields"),
                                         json_string_value(json_object_get(nd, "procedure_id")), id),
                             S::MAX_TERM);
  bool latest = true;
  json_t *vs = versions_list(r->db, key, &latest, id ? id : "");
  if (json_array_size(vs) == 0) { /* written before versions existed: itself only */
    json_t *o = json_object();
    for (const char *k : {"id", "notice_id", "notice_type", "notice_subtype", "dispatch_date"})
      json_object_set_new(o, k, s_get(nd, k));
    json_object_set_new(o, "latest", json_true());
    json_array_append_new(vs, o);
  }
  json_object_set_new(nd, "latest", json_boolean(latest));
  json_object_set_new(nd, "versions", vs);
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(nd, "flags"), i, f) {
    const char *oc = json_string_value(json_object_get(f, "outcome"));
    const char *fid = json_string_value(json_object_get(f, "id"));
    if (!oc || strcmp(oc, "flag") != 0) continue;
    json_t *st = fid ? s_loads(r_meta(r, S::MD_REVIEW + std::string(fid))) : nullptr;
    json_t *cur = json_object_get(st, "current");
    json_object_set_new(f, "review", json_is_object(cur) ? json_incref(cur) : s_open_review());
    json_decref(st);
  }
  /* notes: clause ids are "<doc id>/c<n>", so one key range per shard finds them all */
  if (!id) return;
  std::map<std::string, json_t *> notes;
  const std::string prefix = S::MD_NOTE + std::string(id) + "/";
  for (const Xapian::Database &db : r->shards)
    for (Xapian::TermIterator k = db.metadata_keys_begin(prefix);
         k != db.metadata_keys_end(prefix); ++k) {
      const std::string cid = (*k).substr(strlen(S::MD_NOTE));
      if (notes.count(cid)) continue;
      json_t *n = s_loads(db.get_metadata(*k));
      if (json_is_array(n))
        notes[cid] = n;
      else
        json_decref(n);
    }
  json_t *c;
  json_array_foreach(json_object_get(nd, "clauses"), i, c) {
    const char *cid = json_string_value(json_object_get(c, "id"));
    auto it = cid ? notes.find(cid) : notes.end();
    if (it == notes.end()) continue;
    json_object_set_new(c, "notes", it->second);
    notes.erase(it);
  }
  for (auto &n : notes) json_decref(n.second);
}

}  // namespace vg_xap

extern "C" {

int vg_xap_get_flag(vg_xap_reader_t *r, const char *flag_id, json_t **out, vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!r || !flag_id || !*flag_id) return vg_err_set(err, VG_E_INPUT, "no reader or no id");
  return vg_xap::rguard(r, err, "cannot fetch flag", [&]() -> int {
    json_t *f = s_fetch_kind(r, flag_id, S::KIND_FLAG);
    if (!f) return vg_err_set(err, VG_E_NOTFOUND, "no flag '%s'", flag_id);
    if (!json_is_object(json_object_get(f, "review")))
      json_object_set_new(f, "review", s_open_review());
    if (!json_is_array(json_object_get(f, "history")))
      json_object_set_new(f, "history", json_array());
    *out = f;
    return VG_OK;
  });
}

int vg_xap_count_flags(vg_xap_reader_t *r, size_t *flags, vg_err_t *err) {
  if (!r || !flags) return vg_err_set(err, VG_E_INPUT, "no reader or no output");
  return vg_xap::rguard(r, err, "cannot count flags", [&]() -> int {
    *flags = r->db.get_termfreq(std::string(S::P_KIND) + S::KIND_FLAG);
    return VG_OK;
  });
}

}  // extern "C"
