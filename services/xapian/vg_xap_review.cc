/* vg_xap_review.cc: review state of the Xapian shim (vg_xap.h): audit-log entries
 * ("flag.review", "clause.note") applied to the database.
 * For: vigie-indexer (vg_xap_writer_review, vg_xap_writer_last_seq, vg_xap_writer_target)
 * and vg_xap_writer_put (stored reviews re-applied to new flag documents).
 * Not for: the audit log itself (services/common/vg_audit: validation of who may do what,
 * the hash chain) or reading reviews back (vg_xap_flags.cc).
 *
 * The source of truth is database metadata, which a re-put does not touch:
 *   "review:<flag id>" -> {"current":{status,reason,who,role,at,seq},"history":[...]}
 *   "note:<clause id>" -> [{note,who,role,at,seq}, ...]
 *   "audit:applied"    -> last applied seq
 * Flag documents carry a copy (status term XRS, SLOT_STATUS, "review"/"history" in their data);
 * notices and clauses carry the statuses of their flags. */
#include <cstring>

#include "vg_xap.h"
#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace S = vg_xap_schema;
using vg_xap::guard;

namespace {

constexpr size_t MAX_TEXT = 8192; /* reason / note bytes kept (the indexer allows 2,000) */

const char *const STATUSES[] = {"open", "confirmed", "dismissed", "contested"};

json_t *s_loads(const std::string &s) { return json_loadb(s.data(), s.size(), 0, nullptr); }

std::string s_dumps(const json_t *j) {
  char *s = json_dumps(j, JSON_COMPACT);
  if (!s) throw std::bad_alloc();
  std::string r(s);
  free(s);
  return r;
}

bool s_has_term(const Xapian::Document &d, const std::string &term) {
  Xapian::TermIterator t = d.termlist_begin();
  t.skip_to(term);
  return t != d.termlist_end() && *t == term;
}

/* The document with unique id `id` and kind `kind`, 0 when none. */
Xapian::docid s_find(const Xapian::Database &db, const std::string &id, const char *kind) {
  const std::string term = std::string(S::P_ID) + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return 0;
  Xapian::docid did = *p;
  return s_has_term(db.get_document(did), std::string(S::P_KIND) + kind) ? did : 0;
}

/* Value of the first term of d starting with prefix ("" when none). */
std::string s_term_value(const Xapian::Document &d, const std::string &prefix) {
  Xapian::TermIterator t = d.termlist_begin();
  t.skip_to(prefix);
  if (t == d.termlist_end()) return std::string();
  const std::string term = *t;
  return term.compare(0, prefix.size(), prefix) == 0 ? term.substr(prefix.size())
                                                      : std::string();
}

/* The part of an entry that a review or a note record keeps (new reference). */
json_t *s_record(const json_t *e) {
  json_t *who = json_object_get(e, "who");
  const char *name = json_is_string(who) ? json_string_value(who)
                                         : json_string_value(json_object_get(who, "name"));
  const char *role = json_string_value(json_object_get(who, "role"));
  const char *at = json_string_value(json_object_get(e, "at"));
  json_t *r = json_object();
  json_object_set_new(r, "who", name ? json_string(name) : json_null());
  json_object_set_new(r, "role", role ? json_string(role) : json_null());
  json_object_set_new(r, "at", at ? json_string(at) : json_null());
  json_object_set_new(r, "seq", json_integer(json_integer_value(json_object_get(e, "seq"))));
  return r;
}

json_t *s_cut(const char *s) {
  std::string c = vg_xap::cut_utf8(s ? s : "", MAX_TEXT);
  return json_stringn(c.data(), c.size());
}

/* Sets the status terms and facet value of a notice or clause to `st`; writes when changed. */
void s_set_status(Xapian::WritableDatabase &db, Xapian::docid did,
                  const std::set<std::string> &st) {
  Xapian::Document d = db.get_document(did);
  bool changed = vg_xap::set_terms(d, S::P_STATUS, st);
  const std::string v = vg_xap::join(st);
  if (d.get_value(S::SLOT_STATUS) != v) {
    if (v.empty())
      d.remove_value(S::SLOT_STATUS);
    else
      d.add_value(S::SLOT_STATUS, v);
    changed = true;
  }
  if (changed) db.replace_document(did, d);
}

int s_flag_review(vg_xap_writer *w, const json_t *e, vg_err_t *err) {
  const char *fid = json_string_value(json_object_get(e, "flag_id"));
  const char *status = json_string_value(json_object_get(e, "status"));
  const json_t *reason = json_object_get(e, "reason");
  if (!fid || !*fid) return vg_err_set(err, VG_E_INPUT, "flag.review without flag_id");
  bool known = false;
  for (const char *s : STATUSES) known |= status && strcmp(s, status) == 0;
  if (!known) return vg_err_set(err, VG_E_INPUT, "flag.review: unknown status");
  if (reason && !json_is_string(reason) && !json_is_null(reason))
    return vg_err_set(err, VG_E_INPUT, "flag.review: reason is not a string");
  Xapian::docid did = s_find(w->db, fid, S::KIND_FLAG);
  if (!did) return vg_err_set(err, VG_E_NOTFOUND, "no flag '%s'", fid);
  /* metadata: current + history */
  json_t *rec = s_record(e);
  json_object_set_new(rec, "status", json_string(status));
  json_object_set_new(rec, "reason", s_cut(json_string_value(reason)));
  json_t *state = vg_xap::review_state(w->db, fid);
  if (!state) state = json_object();
  json_t *hist = json_object_get(state, "history");
  if (!json_is_array(hist)) {
    hist = json_array();
    json_object_set_new(state, "history", hist);
  }
  json_array_append(hist, rec);
  json_object_set(state, "current", rec);
  std::string md;
  try {
    md = s_dumps(state);
  } catch (...) {
    json_decref(rec);
    json_decref(state);
    throw;
  }
  w->db.set_metadata(S::MD_REVIEW + std::string(fid), md);
  /* the flag document: status term, facet value, data copy */
  Xapian::Document d = w->db.get_document(did);
  vg_xap::set_terms(d, S::P_STATUS, {status});
  d.add_value(S::SLOT_STATUS, status);
  json_t *data = s_loads(d.get_data());
  if (data) {
    json_object_set(data, "review", rec);
    json_object_set(data, "history", hist);
    try {
      d.set_data(s_dumps(data));
    } catch (...) {
      json_decref(data);
      json_decref(rec);
      json_decref(state);
      throw;
    }
    json_decref(data);
  }
  json_decref(rec);
  json_decref(state);
  const std::string clause = d.get_value(S::SLOT_CLAUSE);
  const std::string doc_id = s_term_value(d, S::P_PARENT);
  w->db.replace_document(did, d);
  /* its notice and clause: the statuses of their flags */
  std::set<std::string> notice_st, clause_st;
  const std::string parent = std::string(S::P_PARENT) + doc_id;
  for (Xapian::PostingIterator p = w->db.postlist_begin(parent);
       !doc_id.empty() && p != w->db.postlist_end(parent); ++p) {
    Xapian::Document f = w->db.get_document(*p);
    if (f.get_value(S::SLOT_SEVRANK).empty()) continue; /* a clause */
    std::string st = *p == did ? std::string(status) : f.get_value(S::SLOT_STATUS);
    if (st.empty()) st = S::STATUS_OPEN;
    notice_st.insert(st);
    if (!clause.empty() && f.get_value(S::SLOT_CLAUSE) == clause) clause_st.insert(st);
  }
  Xapian::docid nd = doc_id.empty() ? 0 : s_find(w->db, doc_id, S::KIND_NOTICE);
  if (nd) s_set_status(w->db, nd, notice_st);
  Xapian::docid cd = clause.empty() ? 0 : s_find(w->db, clause, S::KIND_CLAUSE);
  if (cd) s_set_status(w->db, cd, clause_st);
  return VG_OK;
}

int s_clause_note(vg_xap_writer *w, const json_t *e, vg_err_t *err) {
  const char *cid = json_string_value(json_object_get(e, "clause_id"));
  const char *note = json_string_value(json_object_get(e, "note"));
  if (!cid || !*cid) return vg_err_set(err, VG_E_INPUT, "clause.note without clause_id");
  if (!note || !*note) return vg_err_set(err, VG_E_INPUT, "clause.note without note");
  if (!s_find(w->db, cid, S::KIND_CLAUSE))
    return vg_err_set(err, VG_E_NOTFOUND, "no clause '%s'", cid);
  const std::string key = S::MD_NOTE + std::string(cid);
  json_t *notes = s_loads(w->db.get_metadata(key));
  if (!json_is_array(notes)) {
    json_decref(notes);
    notes = json_array();
  }
  json_t *rec = s_record(e);
  json_object_set_new(rec, "note", s_cut(note));
  json_array_append_new(notes, rec);
  std::string md;
  try {
    md = s_dumps(notes);
  } catch (...) {
    json_decref(notes);
    throw;
  }
  json_decref(notes);
  w->db.set_metadata(key, md);
  return VG_OK;
}

}  // namespace

namespace vg_xap {

json_t *review_state(const Xapian::Database &db, const std::string &flag_id) {
  const std::string v = db.get_metadata(S::MD_REVIEW + flag_id);
  if (v.empty()) return nullptr;
  json_t *j = s_loads(v);
  if (json_is_object(j)) return j;
  json_decref(j);
  return nullptr;
}

std::string review_status(const json_t *state) {
  const char *s = json_string_value(json_object_get(json_object_get(state, "current"), "status"));
  return s && *s ? s : S::STATUS_OPEN;
}

}  // namespace vg_xap

extern "C" {

int vg_xap_writer_review(vg_xap_writer_t *w, const json_t *entry, vg_err_t *err) {
  if (!w || !json_is_object(entry)) return vg_err_set(err, VG_E_INPUT, "no writer or no entry");
  const char *action = json_string_value(json_object_get(entry, "action"));
  const json_t *seq = json_object_get(entry, "seq");
  if (!json_is_integer(seq) || json_integer_value(seq) < 1)
    return vg_err_set(err, VG_E_INPUT, "audit entry without a positive seq");
  if (!action || (strcmp(action, "flag.review") != 0 && strcmp(action, "clause.note") != 0))
    return vg_err_set(err, VG_E_INPUT, "audit entry action is not flag.review or clause.note");
  const long long n = static_cast<long long>(json_integer_value(seq));
  if (n <= w->last_seq) return VG_OK; /* replayed: already applied */
  return guard(err, "cannot apply review", [&]() -> int {
    vg_xap::begin(w);
    int st = action[0] == 'f' ? s_flag_review(w, entry, err) : s_clause_note(w, entry, err);
    if (st) return st;
    w->db.set_metadata(S::MD_APPLIED, std::to_string(n));
    w->last_seq = n;
    return VG_OK;
  });
}

int vg_xap_writer_last_seq(vg_xap_writer_t *w, long long *seq, vg_err_t *err) {
  if (!w || !seq) return vg_err_set(err, VG_E_INPUT, "no writer or no output");
  *seq = w->last_seq;
  return VG_OK;
}

int vg_xap_writer_target(vg_xap_writer_t *w, int kind, const char *id, char **doc_id,
                         vg_err_t *err) {
  if (doc_id) *doc_id = nullptr;
  if (!w || !id || !*id) return vg_err_set(err, VG_E_INPUT, "no writer or no id");
  if (kind != VG_XAP_KIND_FLAGS && kind != VG_XAP_KIND_CLAUSES)
    return vg_err_set(err, VG_E_INPUT, "a review target is a flag or a clause");
  const bool flag = kind == VG_XAP_KIND_FLAGS;
  return guard(err, "cannot look up review target", [&]() -> int {
    Xapian::docid did = s_find(w->db, id, flag ? S::KIND_FLAG : S::KIND_CLAUSE);
    if (!did) return vg_err_set(err, VG_E_NOTFOUND, "no %s '%s'", flag ? "flag" : "clause", id);
    if (doc_id) {
      const std::string p = s_term_value(w->db.get_document(did), S::P_PARENT);
      *doc_id = strdup(p.c_str());
      if (!*doc_id) return vg_err_set(err, VG_E_NOMEM, "out of memory");
    }
    return VG_OK;
  });
}

}  // extern "C"
