/* vg_xap_reader.cc: the reading half of the Xapian shim (vg_xap.h): search with snippets,
 * flags and facets, fetch one notice or clause, counts.
 * For: vigie-api and the cli. Not for: writing (vg_xap_writer.cc) or query syntax
 * (vg_xap_query.cc).
 *
 * Threads: a reader (its Xapian::Database, QueryParser, Enquire) belongs to one thread at a
 * time; open one reader per thread. Several paths are searched as one database
 * (Database::add_database): docids interleave, term frequencies and facets add up. */
#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "vg_xap.h"
#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace S = vg_xap_schema;
using vg_xap::guard;
using vg_xap::rguard;

namespace vg_xap {

void refresh(vg_xap_reader *r) {
  std::set<std::string> names{""};
  const std::string p(S::P_LANG);
  for (Xapian::TermIterator t = r->db.allterms_begin(p); t != r->db.allterms_end(p); ++t) {
    std::string iso = (*t).substr(p.size());
    names.insert(vg_xap::stemmer_name(iso.c_str()));
  }
  r->langs.assign(names.begin(), names.end());
  r->qb.set_database(r->db);
}

}  // namespace vg_xap

namespace {

constexpr size_t SNIPPETS_PER_HIT = 3;
constexpr size_t SNIPPET_BYTES = 300;   /* aim of MSet::snippet and cut of the plain excerpt */
constexpr Xapian::doccount FACET_VALUES = 50; /* per facet, most frequent first */

/* Counts values of a slot holding several '\n'-separated values (CPV divisions, labels,
 * rules): ValueCountMatchSpy would count the joined string as one value. Local only
 * (no serialisation for remote shards). */
class MultiValueSpy : public Xapian::MatchSpy {
 public:
  explicit MultiValueSpy(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document &doc, double) override {
    const std::string v = doc.get_value(slot_);
    size_t b = 0;
    while (b < v.size()) {
      size_t e = v.find(S::MULTI_SEP, b);
      if (e == std::string::npos) e = v.size();
      if (e > b) counts_[v.substr(b, e - b)]++;
      b = e + 1;
    }
  }
  const std::map<std::string, Xapian::doccount> &counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

json_t *s_facet_multi(const MultiValueSpy &spy) {
  std::vector<std::pair<std::string, Xapian::doccount>> v(spy.counts().begin(),
                                                          spy.counts().end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  json_t *o = json_object();
  for (size_t i = 0; o && i < v.size() && i < FACET_VALUES; i++)
    json_object_set_new(o, v[i].first.c_str(), json_integer(v[i].second));
  return o;
}

json_t *s_facet_single(Xapian::ValueCountMatchSpy &spy) {
  json_t *o = json_object();
  for (Xapian::TermIterator t = spy.top_values_begin(FACET_VALUES);
       o && t != spy.top_values_end(FACET_VALUES); ++t)
    json_object_set_new(o, (*t).c_str(), json_integer(t.get_termfreq()));
  return o;
}

/* Plain excerpt: the first SNIPPET_BYTES of text, cut on a UTF-8 boundary. */
json_t *s_excerpt(const char *text) {
  std::string s = text ? text : "";
  std::string c = vg_xap::cut_utf8(s, SNIPPET_BYTES);
  if (c.size() < s.size()) c += "\xE2\x80\xA6"; /* … */
  return json_stringn(c.data(), c.size());
}

/* The stemmer of a clause document (its section language sits in SLOT_LANG). */
Xapian::Stem s_stem_of(vg_xap_reader *r, const Xapian::Document &d) {
  const char *name = vg_xap::stemmer_name(d.get_value(S::SLOT_LANG).c_str());
  if (!*name) return Xapian::Stem();
  /* built once per language per reader: a Snowball stemmer costs more than a lookup */
  auto it = r->stems.find(name);
  if (it == r->stems.end()) it = r->stems.emplace(name, Xapian::Stem(name)).first;
  return it->second;
}

json_t *s_loads(const std::string &data) {
  return json_loadb(data.data(), data.size(), 0, nullptr);
}

/* Up to SNIPPETS_PER_HIT clauses of notice doc_id matching sq (the query parsed with OR). */
json_t *s_snippets(vg_xap_reader *r, const Xapian::Query &sq, const std::string &doc_id) {
  Xapian::Query scope(Xapian::Query::OP_AND,
                      Xapian::Query(std::string(S::P_KIND) + S::KIND_CLAUSE),
                      Xapian::Query(std::string(S::P_PARENT) + doc_id));
  Xapian::Enquire e(r->db);
  e.set_query(Xapian::Query(Xapian::Query::OP_FILTER, sq, scope));
  Xapian::MSet ms = e.get_mset(0, SNIPPETS_PER_HIT);
  json_t *a = json_array();
  for (Xapian::MSetIterator m = ms.begin(); a && m != ms.end(); ++m) {
    json_t *c = s_loads(m.get_document().get_data());
    if (!c) continue;
    const char *text = json_string_value(json_object_get(c, "text"));
    std::string hl = text ? ms.snippet(text, SNIPPET_BYTES, s_stem_of(r, m.get_document()),
                                       Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>",
                                       "\xE2\x80\xA6")
                          : std::string();
    json_t *o = json_object();
    json_object_set_new(o, "clause_id", json_incref(json_object_get(c, "id")));
    json_t *lb = json_object_get(c, "label");
    json_object_set_new(o, "label", lb ? json_incref(lb) : json_null());
    json_object_set_new(o, "text", s_excerpt(text));
    json_t *h = json_stringn(hl.data(), hl.size());
    json_object_set_new(o, "highlight", h ? h : json_null());
    json_array_append_new(a, o);
    json_decref(c);
  }
  return a;
}

/* A notice hit: its stored summary (or one made from the whole document for databases
 * written before SLOT_SUMMARY existed), score and snippets. NULL if unreadable. */
json_t *s_notice_hit(vg_xap_reader *r, const Xapian::MSetIterator &m, const Xapian::Query &sq) {
  Xapian::Document doc = m.get_document();
  json_t *h = s_loads(doc.get_value(S::SLOT_SUMMARY));
  if (!h) {
    json_t *nd = s_loads(doc.get_data());
    h = nd ? vg_xap::hit_summary(nd) : nullptr;
    json_decref(nd);
  }
  if (!h) return nullptr;
  json_object_set_new(h, "score", json_real(m.get_weight()));
  const char *id = json_string_value(json_object_get(h, "id"));
  json_object_set_new(h, "snippets", id ? s_snippets(r, sq, id) : json_array());
  /* keep the documented key order: flags last */
  json_t *flags = json_incref(json_object_get(h, "flags"));
  json_object_del(h, "flags");
  json_object_set_new(h, "flags", flags ? flags : json_array());
  return h;
}

/* A sort order: relevance, or a value slot then the unique id (SLOT_ID), so that ties are
 * ordered the same way on every page and a cursor can resume strictly after a hit. */
struct SortSpec {
  bool relevance = true;
  unsigned slot = 0;
  bool desc = false;
};

SortSpec s_sort(const char *sort, int kind) {
  SortSpec sp;
  if (!sort || !*sort || strcmp(sort, "relevance") == 0) return sp;
  /* name -> slot, whether the natural order is descending, which kinds may use it */
  const struct {
    const char *name;
    unsigned slot;
    bool desc, notices, flags;
  } sorts[] = {{"published", S::SLOT_PUBLISHED, true, true, true},
               {"deadline", S::SLOT_DEADLINE, false, true, true},
               {"value", S::SLOT_VALUE, true, true, false},
               {"flags", S::SLOT_NFLAGS, true, true, false},
               {"severity", S::SLOT_SEVRANK, true, false, true}};
  bool flip = sort[0] == '-';
  const char *name = flip ? sort + 1 : sort;
  const bool flags = kind == VG_XAP_KIND_FLAGS;
  for (const auto &x : sorts)
    if (strcmp(x.name, name) == 0 && (flags ? x.flags : x.notices)) {
      sp.relevance = false;
      sp.slot = x.slot;
      sp.desc = x.desc != flip;
      return sp;
    }
  throw Xapian::QueryParserError(std::string("unknown sort '") + sort + "'" +
                                 (flags ? " for flags" : ""));
}

/* Accepts the documents whose sort key comes strictly after the cursor's. */
class AfterKey : public Xapian::MatchDecider {
 public:
  AfterKey(const Xapian::KeyMaker &km, const std::string &last) : km_(km), last_(last) {}
  bool operator()(const Xapian::Document &doc) const override { return km_(doc) > last_; }

 private:
  const Xapian::KeyMaker &km_;
  const std::string &last_;
};

/* The facet spies of one search (all kinds; each kind reports its own set). */
struct Spies {
  Xapian::ValueCountMatchSpy country{S::SLOT_COUNTRY}, buyer{S::SLOT_BUYER},
      procedure{S::SLOT_PROCEDURE}, type{S::SLOT_TYPE}, lang{S::SLOT_LANG},
      severity{S::SLOT_SEVERITY};
  MultiValueSpy cpv{S::SLOT_CPV_DIV}, label{S::SLOT_LABEL}, rule{S::SLOT_RULE},
      status{S::SLOT_STATUS};
  void attach(Xapian::Enquire &e, bool flags) {
    if (flags) {
      for (Xapian::MatchSpy *s : std::initializer_list<Xapian::MatchSpy *>{
               &rule, &severity, &status, &country, &buyer})
        e.add_matchspy(s);
      return;
    }
    for (Xapian::MatchSpy *s : std::initializer_list<Xapian::MatchSpy *>{
             &country, &buyer, &procedure, &type, &lang, &cpv, &label, &rule, &status})
      e.add_matchspy(s);
  }
  json_t *to_json(bool flags) {
    json_t *f = json_object();
    if (flags) {
      json_object_set_new(f, "rule", s_facet_multi(rule));
      json_object_set_new(f, "severity", s_facet_single(severity));
      json_object_set_new(f, "status", s_facet_multi(status));
      json_object_set_new(f, "country", s_facet_single(country));
      json_object_set_new(f, "buyer", s_facet_single(buyer));
      return f;
    }
    json_object_set_new(f, "cpv_division", s_facet_multi(cpv));
    json_object_set_new(f, "country", s_facet_single(country));
    json_object_set_new(f, "buyer", s_facet_single(buyer));
    json_object_set_new(f, "procedure", s_facet_single(procedure));
    json_object_set_new(f, "notice_type", s_facet_single(type));
    json_object_set_new(f, "lang", s_facet_single(lang));
    json_object_set_new(f, "label", s_facet_multi(label));
    json_object_set_new(f, "rule", s_facet_multi(rule));
    json_object_set_new(f, "status", s_facet_multi(status));
    return f;
  }
};

json_t *s_clause_hit(vg_xap_reader *r, const Xapian::MSet &ms, const Xapian::MSetIterator &m) {
  json_t *h = s_loads(m.get_document().get_data());
  if (!h) return nullptr; /* not ours: skip rather than fail the page */
  json_object_set_new(h, "score", json_real(m.get_weight()));
  const char *t = json_string_value(json_object_get(h, "text"));
  std::string hl = t ? ms.snippet(t, SNIPPET_BYTES, s_stem_of(r, m.get_document()),
                                  Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>",
                                  "\xE2\x80\xA6")
                     : std::string();
  json_t *hj = json_stringn(hl.data(), hl.size());
  json_object_set_new(h, "highlight", hj ? hj : json_null());
  return h;
}

int s_search(vg_xap_reader *r, const vg_xap_query_t *q, json_t **out) {
  const std::string text = q->q ? q->q : "";
  std::vector<std::string> langs = r->langs;
  const bool has_lang = q->lang && *q->lang;
  if (has_lang) langs = {vg_xap::stemmer_name(q->lang)};
  const int kind = q->kind == VG_XAP_KIND_CLAUSES || q->kind == VG_XAP_KIND_FLAGS
                       ? q->kind : VG_XAP_KIND_NOTICES;
  const bool clauses = kind == VG_XAP_KIND_CLAUSES, flags = kind == VG_XAP_KIND_FLAGS;
  const SortSpec sp = s_sort(q->sort, kind);
  /* the cursor first: a bad one is a query error before any work */
  const std::string fp = vg_xap::query_fingerprint(
      text.c_str(), kind, sp.relevance ? "relevance" : q->sort, has_lang ? q->lang : "",
      q->all_versions);
  vg_xap::Cursor cur;
  const bool has_cursor = q->cursor && *q->cursor;
  if (has_cursor) {
    if (!vg_xap::cursor_decode(q->cursor, cur))
      throw Xapian::QueryParserError("malformed cursor");
    if (cur.fp != fp || cur.has_key == sp.relevance)
      throw Xapian::QueryParserError("cursor belongs to another query");
  }
  Xapian::Query uq = r->qb.build(text, langs, Xapian::Query::OP_AND);
  const char *kname = clauses ? S::KIND_CLAUSE : flags ? S::KIND_FLAG : S::KIND_NOTICE;
  Xapian::Query full(Xapian::Query::OP_FILTER, uq, Xapian::Query(std::string(S::P_KIND) + kname));
  /* NOT superseded (rather than AND latest): databases written before versions still show.
   * A query naming documents by id: is a lookup, not a listing: every version it names. */
  bool by_id = false;
  for (Xapian::TermIterator t = uq.get_terms_begin(); !by_id && t != uq.get_terms_end(); ++t)
    by_id = (*t).compare(0, strlen(S::P_ID), S::P_ID) == 0;
  if (!q->all_versions && !by_id)
    full = Xapian::Query(Xapian::Query::OP_AND_NOT, full,
                         Xapian::Query(std::string(S::P_VERSION) + S::VERSION_SUPERSEDED));
  Xapian::Enquire e(r->db);
  e.set_query(full);
  Xapian::MultiValueKeyMaker km;
  if (!sp.relevance) {
    km.add_value(sp.slot, sp.desc);
    km.add_value(S::SLOT_ID);
    e.set_sort_by_key(&km, false);
  }
  /* a sorted page after a cursor skips by key (AfterKey), so its facets and total come from
   * a second, unsorted pass over the whole query */
  const bool keyed = has_cursor && !sp.relevance;
  Spies spies;
  if (q->want_facets && !keyed) spies.attach(e, flags);
  /* exact totals and facets need every match seen; otherwise Xapian's estimate will do */
  Xapian::doccount check = q->want_facets ? r->db.get_doccount() : 0;
  const size_t offset = has_cursor ? cur.offset : q->offset;
  AfterKey after(km, cur.key);
  /* one hit more than asked tells whether a next page exists */
  Xapian::MSet ms = e.get_mset(keyed ? 0 : static_cast<Xapian::doccount>(offset),
                               static_cast<Xapian::doccount>(q->limit + 1), check, nullptr,
                               keyed ? &after : nullptr);
  Xapian::doccount total = ms.get_matches_estimated();
  if (keyed) {
    Xapian::Enquire all(r->db);
    all.set_query(full);
    if (q->want_facets) spies.attach(all, flags);
    /* as exact as a plain page at this offset would be */
    Xapian::doccount at_least =
        std::max<Xapian::doccount>(check, static_cast<Xapian::doccount>(offset + q->limit + 1));
    total = all.get_mset(0, at_least, at_least).get_matches_estimated();
  }
  Xapian::Query sq;
  if (!clauses && !flags) sq = r->qb.build(text, langs, Xapian::Query::OP_OR);
  json_t *res = json_object(), *hits = json_array();
  if (!res || !hits) {
    json_decref(res);
    json_decref(hits);
    return VG_E_NOMEM;
  }
  json_object_set_new(res, "total", json_integer(total));
  json_object_set_new(res, "offset", json_integer(static_cast<json_int_t>(offset)));
  json_object_set_new(res, "limit", json_integer(static_cast<json_int_t>(q->limit)));
  json_object_set_new(res, "hits", hits);
  size_t shown = 0;
  std::string last_key;
  for (Xapian::MSetIterator m = ms.begin(); m != ms.end() && shown < q->limit; ++m, ++shown) {
    json_t *h = clauses ? s_clause_hit(r, ms, m)
                : flags ? vg_xap::flag_hit(m.get_document().get_data(), m.get_weight())
                        : s_notice_hit(r, m, sq);
    if (h) json_array_append_new(hits, h);
    if (!sp.relevance) last_key = m.get_sort_key();
  }
  if (ms.size() > q->limit && q->limit > 0) {
    vg_xap::Cursor next;
    next.fp = fp;
    next.offset = offset + q->limit;
    next.has_key = !sp.relevance;
    next.key = last_key;
    json_object_set_new(res, "next_cursor", json_string(vg_xap::cursor_encode(next).c_str()));
  }
  if (q->want_facets) json_object_set_new(res, "facets", spies.to_json(flags));
  *out = res;
  return VG_OK;
}

/* The stored JSON of the document whose unique term is Q+id, or NULL. */
json_t *s_fetch(vg_xap_reader *r, const char *id) {
  const std::string term = std::string(S::P_ID) + id;
  Xapian::PostingIterator p = r->db.postlist_begin(term);
  if (p == r->db.postlist_end(term)) return nullptr;
  return s_loads(r->db.get_document(*p).get_data());
}

/* Puts "text" = text[start:end] on every clause of a stored notice (null if out of range or
 * not on UTF-8 boundaries). */
void s_clause_texts(json_t *nd) {
  const json_t *t = json_object_get(nd, "text");
  const char *text = json_string_value(t);
  size_t len = text ? json_string_length(t) : 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(nd, "clauses"), i, c) {
    json_t *sj = json_object_get(c, "start"), *ej = json_object_get(c, "end");
    json_t *v = nullptr;
    if (text && json_is_integer(sj) && json_is_integer(ej)) {
      json_int_t s = json_integer_value(sj), e = json_integer_value(ej);
      if (s >= 0 && s <= e && static_cast<size_t>(e) <= len)
        v = json_stringn(text + s, static_cast<size_t>(e - s));
    }
    json_object_set_new(c, "text", v ? v : json_null());
  }
}

}  // namespace

extern "C" {

int vg_xap_reader_open_st(const char *const *paths, size_t npaths, vg_xap_reader_t **out,
                          vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!paths || npaths == 0) return vg_err_set(err, VG_E_INPUT, "no database path");
  for (size_t i = 0; i < npaths; i++)
    if (!paths[i] || !*paths[i]) return vg_err_set(err, VG_E_INPUT, "empty database path");
  return guard(err, "cannot open database for reading", [&]() -> int {
    vg_xap_reader *r = new vg_xap_reader();
    try {
      for (size_t i = 0; i < npaths; i++) {
        r->shards.emplace_back(paths[i]);
        r->db.add_database(r->shards.back());
      }
      vg_xap::refresh(r);
    } catch (...) {
      delete r;
      throw;
    }
    *out = r;
    return VG_OK;
  });
}

vg_xap_reader_t *vg_xap_reader_open(const char *const *paths, size_t npaths, vg_err_t *err) {
  vg_xap_reader_t *r = nullptr;
  vg_xap_reader_open_st(paths, npaths, &r, err);
  return r;
}

int vg_xap_reader_reopen(vg_xap_reader_t *r, vg_err_t *err) {
  if (!r) return vg_err_set(err, VG_E_INPUT, "no reader");
  return guard(err, "cannot reopen database", [&]() -> int {
    r->db.reopen();
    vg_xap::refresh(r);
    return VG_OK;
  });
}

void vg_xap_reader_close(vg_xap_reader_t **pr) {
  if (!pr || !*pr) return;
  vg_xap_reader *r = *pr;
  *pr = nullptr;
  try {
    r->db.close();
  } catch (...) {
    /* nothing to report: the descriptors go with the object */
  }
  delete r;
}

int vg_xap_search(vg_xap_reader_t *r, const vg_xap_query_t *q, json_t **out, vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!r || !q) return vg_err_set(err, VG_E_INPUT, "no reader or no query");
  return rguard(r, err, "cannot search", [&]() -> int { return s_search(r, q, out); });
}

int vg_xap_get_doc(vg_xap_reader_t *r, const char *doc_id, json_t **out, vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!r || !doc_id || !*doc_id) return vg_err_set(err, VG_E_INPUT, "no reader or no id");
  return rguard(r, err, "cannot fetch document", [&]() -> int {
    json_t *d = s_fetch(r, doc_id);
    if (!d || !json_is_array(json_object_get(d, "clauses"))) {
      json_decref(d);
      return vg_err_set(err, VG_E_NOTFOUND, "no document '%s'", doc_id);
    }
    s_clause_texts(d);
    vg_xap::decorate_doc(r, d);
    *out = d;
    return VG_OK;
  });
}

int vg_xap_get_clause(vg_xap_reader_t *r, const char *clause_id, json_t **out, vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!r || !clause_id || !*clause_id) return vg_err_set(err, VG_E_INPUT, "no reader or no id");
  return rguard(r, err, "cannot fetch clause", [&]() -> int {
    json_t *c = s_fetch(r, clause_id);
    if (!c || json_object_get(c, "clauses") || !json_is_string(json_object_get(c, "doc"))) {
      json_decref(c);
      return vg_err_set(err, VG_E_NOTFOUND, "no clause '%s'", clause_id);
    }
    json_t *notes = vg_xap::clause_notes(r, clause_id);
    if (json_array_size(notes))
      json_object_set_new(c, "notes", notes);
    else
      json_decref(notes);
    *out = c;
    return VG_OK;
  });
}

int vg_xap_counts(vg_xap_reader_t *r, size_t *notices, size_t *clauses, vg_err_t *err) {
  if (!r) return vg_err_set(err, VG_E_INPUT, "no reader");
  return rguard(r, err, "cannot count documents", [&]() -> int {
    size_t n = r->db.get_termfreq(std::string(S::P_KIND) + S::KIND_NOTICE);
    size_t c = r->db.get_termfreq(std::string(S::P_KIND) + S::KIND_CLAUSE);
    if (notices) *notices = n;
    if (clauses) *clauses = c;
    return VG_OK;
  });
}

}  // extern "C"
