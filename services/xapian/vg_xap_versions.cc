/* vg_xap_versions.cc: versions of a procedure in the Xapian shim (vg_xap.h): the election of
 * the latest notice among those sharing a procedure key, the version:latest/superseded marks
 * on notices, clauses and flags, and the version list that vg_xap_get_doc() returns.
 * For: vg_xap_writer.cc (put, delete) and vg_xap_flags.cc (get_doc).
 * Not for: deciding the procedure key (parsers fill doc->procedure_id; the writer falls back
 * on the doc id) or filtering searches (vg_xap_reader.cc adds NOT version:superseded).
 *
 * Latest = greatest (dispatch date "YYYYMMDD", put order). The count of notices per key is
 * small (a notice, its corrigenda, its award): every election reads them all. */
#include <algorithm>
#include <cstring>
#include <memory>

#include "vg_xap.h"
#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace S = vg_xap_schema;

namespace vg_xap {
namespace {

struct Stored {
  Xapian::docid did = 0;
  std::string id, date;
  long long seq = 0;
  bool latest = false;
  std::shared_ptr<json_t> info; /* SLOT_VINFO parsed (may hold NULL) */
};

bool s_has_term(const Xapian::Document &d, const std::string &term) {
  Xapian::TermIterator t = d.termlist_begin();
  t.skip_to(term);
  return t != d.termlist_end() && *t == term;
}

/* Every notice stored under key (docids collected before anything is rewritten). */
std::vector<Stored> s_stored(const Xapian::Database &db, const std::string &key) {
  std::vector<Stored> out;
  const std::string term = S::P_PROCNOTICE + key;
  const std::string latest = std::string(S::P_VERSION) + S::VERSION_LATEST;
  for (Xapian::PostingIterator p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    Xapian::Document d = db.get_document(*p);
    const std::string v = d.get_value(S::SLOT_VINFO);
    Stored s;
    s.info.reset(json_loadb(v.data(), v.size(), 0, nullptr), json_decref);
    json_t *info = s.info.get();
    s.did = *p;
    const char *id = json_string_value(json_object_get(info, "id"));
    s.id = id ? id : d.get_value(S::SLOT_ID);
    s.date = d.get_value(S::SLOT_PUBLISHED);
    s.seq = static_cast<long long>(json_integer_value(json_object_get(info, "seq")));
    s.latest = s_has_term(d, latest);
    out.push_back(s);
  }
  return out;
}

/* Is (date a, seq a) after (date b, seq b)? */
bool s_after(const std::string &da, long long sa, const std::string &db, long long sb) {
  return da != db ? da > db : sa > sb;
}

/* Sets the version mark of a notice and of every document linked to it (XDOC). */
void s_mark(vg_xap_writer *w, const Stored &n, bool latest) {
  std::vector<Xapian::docid> dids{n.did};
  const std::string parent = std::string(S::P_PARENT) + n.id;
  for (Xapian::PostingIterator p = w->db.postlist_begin(parent); p != w->db.postlist_end(parent);
       ++p)
    dids.push_back(*p);
  const std::set<std::string> want{latest ? S::VERSION_LATEST : S::VERSION_SUPERSEDED};
  for (Xapian::docid did : dids) {
    Xapian::Document d = w->db.get_document(did);
    if (set_terms(d, S::P_VERSION, want)) w->db.replace_document(did, d);
  }
}

}  // namespace

std::string md_get(const Xapian::Database &db, const std::string &key) {
  return db.get_metadata(key);
}

bool set_terms(Xapian::Document &d, const std::string &prefix,
               const std::set<std::string> &values) {
  std::set<std::string> have;
  Xapian::TermIterator t = d.termlist_begin();
  for (t.skip_to(prefix); t != d.termlist_end(); ++t) {
    const std::string term = *t;
    if (term.compare(0, prefix.size(), prefix) != 0) break;
    have.insert(term.substr(prefix.size()));
  }
  if (have == values) return false;
  for (const std::string &v : have) d.remove_term(prefix + v);
  for (const std::string &v : values) d.add_boolean_term(prefix + v);
  return true;
}

std::string notice_key(const Xapian::Database &db, Xapian::docid did) {
  const std::string p(S::P_PROCNOTICE);
  Xapian::TermIterator t = db.termlist_begin(did);
  t.skip_to(p);
  if (t == db.termlist_end(did)) return std::string();
  const std::string term = *t;
  return term.compare(0, p.size(), p) == 0 ? term.substr(p.size()) : std::string();
}

bool elect(vg_xap_writer *w, const std::string &key, const VersionCandidate *self) {
  std::vector<Stored> all = s_stored(w->db, key);
  if (self)
    all.erase(std::remove_if(all.begin(), all.end(),
                             [&](const Stored &s) { return s.id == self->id; }),
              all.end());
    /* the winner among the stored ones, then self against it */
  const Stored *best = nullptr;
  for (const Stored &s : all)
    if (!best || s_after(s.date, s.seq, best->date, best->seq)) best = &s;
  bool self_wins = self && (!best || !s_after(best->date, best->seq, self->date, self->seq));
  for (const Stored &s : all) {
    bool want = !self_wins && &s == best;
    if (want != s.latest) s_mark(w, s, want);
  }
  return self_wins;
}

json_t *versions_list(const Xapian::Database &db, const std::string &key, bool *self_latest,
                      const std::string &self_id) {
  std::vector<Stored> all = s_stored(db, key);
  std::stable_sort(all.begin(), all.end(), [](const Stored &a, const Stored &b) {
    return s_after(b.date, b.seq, a.date, a.seq);
  });
  json_t *arr = json_array();
  for (const Stored &s : all) {
    json_t *o = json_object();
    for (const char *k : {"id", "notice_id", "notice_type", "notice_subtype", "dispatch_date"}) {
      json_t *v = json_object_get(s.info.get(), k);
      json_object_set_new(o, k, v ? json_incref(v) : json_null());
    }
    json_object_set_new(o, "latest", json_boolean(s.latest));
    json_array_append_new(arr, o);
    if (s.id == self_id && self_latest) *self_latest = s.latest;
  }
  return arr;
}

}  // namespace vg_xap
