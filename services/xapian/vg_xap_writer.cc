/* vg_xap_writer.cc: the writing half of the Xapian shim (vg_xap.h): turns a vg_doc_t into one
 * notice document plus one document per clause, following vg_xap_schema.h.
 * For: vigie-indexer (the single writer of a database).
 * Not for: searching (vg_xap_reader.cc) or deciding when to commit (the indexer does).
 *
 * Pending changes live in one open Xapian transaction (begin_transaction(false)) between
 * commits, so that Xapian never auto-flushes half a batch and vg_xap_writer_close() can
 * discard them as the contract says (a plain WritableDatabase would commit them on close). */
#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_map>

#include "vg_xap.h"
#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace S = vg_xap_schema;
using vg_xap::guard;

namespace {

/* What a notice document and each of its clauses share (boolean filter terms and values),
 * computed once per notice and copied into every document with a plain loop. */
struct Common {
  std::vector<std::string> terms;      /* every kind: notice, clauses, flags */
  std::vector<std::string> flag_terms; /* notice and clauses: XF of every FLAG outcome */
  std::vector<std::pair<Xapian::valueno, std::string>> values;        /* every kind */
  std::vector<std::pair<Xapian::valueno, std::string>> notice_values; /* notice and clauses */
  std::string key;                     /* procedure key (procedure_id, else doc id) */
  std::string vkey;                    /* version key: fields.version_key, else key */
  std::vector<const vg_flag_t *> flags; /* FLAG outcomes with an id */
  std::vector<std::string> status;     /* their review status, same order */
  std::vector<json_t *> reviews;       /* their stored review state (or NULL), owned */
  Common() = default;
  Common(const Common &) = delete;
  Common &operator=(const Common &) = delete;
  ~Common() {
    for (json_t *j : reviews) json_decref(j);
  }
};

/* A stemmer that remembers its answers: the same words recur across a notice and its
 * clauses (each clause text is also a section text), and Snowball costs more than a lookup.
 * Bounded: forgets everything past MAX words. Owned by the Xapian::Stem that wraps it. */
class CachedStem : public Xapian::StemImplementation {
 public:
  explicit CachedStem(const std::string &name) : inner_(name) {}
  std::string operator()(const std::string &word) override {
    auto it = cache_.find(word);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= MAX) cache_.clear();
    return cache_.emplace(word, inner_(word)).first->second;
  }
  std::string get_description() const override { return "cached " + inner_.get_description(); }

 private:
  static constexpr size_t MAX = 50000; /* words per language, a few MB */
  Xapian::Stem inner_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

namespace {

/* Term positions between two indexed fields, so that phrases do not match across them. */
constexpr Xapian::termpos FIELD_GAP = 100;

std::string s_str(const char *s) { return s ? std::string(s) : std::string(); }

void s_bool(Xapian::Document &d, const char *prefix, const std::string &value) {
  if (!value.empty()) d.add_boolean_term(prefix + vg_xap::cut_utf8(value, S::MAX_TERM));
}

/* "2021-03-04" -> "20210304"; anything else -> "" (no value). */
std::string s_yyyymmdd(const char *iso) {
  if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-') return std::string();
  std::string r = std::string(iso, 4) + std::string(iso + 5, 2) + std::string(iso + 8, 2);
  for (char c : r)
    if (c < '0' || c > '9') return std::string();
  return r;
}

/* Gives w->tg the stemmer of lang (cached per language; unchanged when already set). */
void s_stemmer(vg_xap_writer *w, const char *lang) {
  const char *name = vg_xap::stemmer_name(lang);
  if (name == w->cur_stem) return;
  const Xapian::Stem *st = nullptr;
  for (const auto &p : w->stems)
    if (p.first == name) st = &p.second;
  if (!st) {
    w->stems.emplace_back(name, *name ? Xapian::Stem(new CachedStem(name)) : Xapian::Stem());
    st = &w->stems.back().second;
  }
  w->tg.set_stemmer(*st);
  w->cur_stem = name;
}

bool s_ascii(const char *p, size_t n) {
  unsigned char any = 0;
  for (size_t i = 0; i < n; i++) any |= static_cast<unsigned char>(p[i]);
  return any < 0x80;
}

/* Adds a prepared term (positions, then the wdf they did not already count). */
void s_add(Xapian::Document &doc, const std::string &term, Xapian::termcount wdf,
           const std::vector<Xapian::termpos> &pos) {
  if (pos.empty()) {
    doc.add_term(term, wdf);
    return;
  }
  for (Xapian::termpos p : pos) doc.add_posting(term, p, 0);
  if (wdf) doc.add_term(term, wdf);
}

/* Indexes the terms of tmp into doc; with skip, only those skip lacks (both lists sorted).
 * skip may be doc itself: what to add is collected before doc changes. */
void s_merge(Xapian::Document &doc, Xapian::Document &tmp, Xapian::Document *skip) {
  struct Add {
    std::string term;
    Xapian::termcount wdf;
    std::vector<Xapian::termpos> pos;
  };
  std::vector<Add> add;
  {
    Xapian::TermIterator a, ae;
    if (skip) a = skip->termlist_begin(), ae = skip->termlist_end();
    for (Xapian::TermIterator t = tmp.termlist_begin(); t != tmp.termlist_end(); ++t) {
      std::string cur = *t;
      if (skip) {
        while (a != ae && *a < cur) ++a;
        if (a != ae && *a == cur) continue;
      }
      add.push_back(Add{std::move(cur), t.get_wdf(), {}});
      for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
        add.back().pos.push_back(*p);
    }
  }
  for (const Add &x : add) s_add(doc, x.term, x.wdf, x.pos);
}

/* Indexes text[0..len) at term position *pos with the stemmer of lang. Text with non-ASCII
 * bytes is also accent-folded: the folded words that differ from the original ones are
 * indexed at the same positions, so that "penalites" finds "pénalités" and stems of folded
 * words ("Zpenalit") exist beside the stems of the originals ("Zpénal"). Unaccented words
 * are not counted twice. Plain ASCII text (most of it) goes straight in, in one pass.
 * fresh: doc holds no free-text term yet (only boolean filters, whose upper-case prefixes
 * never equal a generated term), so the original text can go straight into doc too. */
void s_index(Xapian::Document &doc, vg_xap_writer *w, const char *text, size_t len,
             const char *lang, const std::string &prefix, Xapian::termpos *pos,
             bool fresh = false) {
  if (!text || !len) return;
  Xapian::TermGenerator &tg = w->tg;
  s_stemmer(w, lang);
  tg.set_termpos(*pos);
  std::string folded;
  if (s_ascii(text, len) || !vg_xap::fold(text, len, folded) ||
      (folded.size() == len && memcmp(folded.data(), text, len) == 0)) {
    tg.set_document(doc);
    tg.index_text(Xapian::Utf8Iterator(text, len), 1, prefix);
    *pos = tg.get_termpos() + FIELD_GAP;
    return;
  }
  Xapian::Document orig, fold;
  tg.set_document(fresh ? doc : orig);
  tg.index_text(Xapian::Utf8Iterator(text, len), 1, prefix);
  Xapian::termpos end = tg.get_termpos();
  tg.set_document(fold);
  tg.set_termpos(*pos);
  tg.index_text(folded, 1, prefix);
  if (fresh) {
    s_merge(doc, fold, &doc);
  } else {
    s_merge(doc, orig, nullptr);
    s_merge(doc, fold, &orig);
  }
  *pos = end + FIELD_GAP;
}

/* Filters and values shared by the notice document, its clauses and its flags, as lists (c)
 * to copy into each document; the review status of each FLAG outcome (stored reviews are
 * re-applied). Title and buyer text are the notice's own (not copied to clauses). */
void s_common(const vg_doc_t *d, const Xapian::Database &db, Common &c) {
  std::vector<std::string> &t = c.terms;
  std::set<std::string> rules;
  auto add = [](std::vector<std::string> &into, const char *prefix, const std::string &value) {
    if (!value.empty()) into.push_back(prefix + vg_xap::cut_utf8(value, S::MAX_TERM));
  };
  c.key = d->procedure_id && *d->procedure_id ? d->procedure_id : d->id;
  add(t, S::P_PROCKEY, c.key);
  /* the notices that are versions of one another (a notice, its change notices) share the
   * version key the analyser sets; the procedure key also groups its other notices (award...) */
  c.vkey = vg_xap::version_key(d->fields, d->procedure_id, d->id);
  add(t, S::P_NOTICE, vg_xap::lower(s_str(d->notice_id)));
  add(t, S::P_COUNTRY, vg_xap::lower(s_str(d->country)));
  add(t, S::P_FORMAT, vg_xap::lower(s_str(d->format)));
  add(t, S::P_TYPE, vg_xap::lower(s_str(d->notice_type)));
  add(t, S::P_TYPE, vg_xap::lower(s_str(d->notice_subtype)));
  add(t, S::P_PROCEDURE, vg_xap::lower(s_str(d->procedure)));
  add(t, S::P_BUYER_EXACT, vg_xap::casefold(s_str(d->buyer)));
  const json_t *sha = json_object_get(json_object_get(d->fields, "container"), "sha256");
  if (json_is_string(sha)) add(t, S::P_DOSSIER, vg_xap::lower(json_string_value(sha)));
  std::set<std::string> divs;
  std::vector<const vg_strv_t *> cpvs{&d->cpv};
  for (size_t i = 0; i < d->nlots; i++) cpvs.push_back(&d->lots[i].cpv);
  for (const vg_strv_t *sv : cpvs)
    for (size_t i = 0; i < sv->n; i++) {
      std::string sig, full;
      if (!vg_xap::cpv_significant(s_str(sv->v[i]), sig, full)) continue;
      for (size_t k = 2; k <= sig.size(); k++) add(t, S::P_CPV, sig.substr(0, k));
      add(t, S::P_CPV, full);
      divs.insert(sig.substr(0, 2));
    }
  for (size_t i = 0; i < d->nflags; i++) {
    const vg_flag_t *f = &d->flags[i];
    if (f->outcome != VG_OUTCOME_FLAG) continue;
    if (f->rule_id) {
      add(c.flag_terms, S::P_FLAG, vg_xap::lower(f->rule_id));
      rules.insert(f->rule_id);
    }
    if (!f->id || !*f->id) continue;
    c.flags.push_back(f);
    c.reviews.push_back(vg_xap::review_state(db, f->id));
    c.status.push_back(vg_xap::review_status(c.reviews.back()));
  }
  /* notices with many lots repeat their CPV codes: add each term once */
  for (auto *v : {&t, &c.flag_terms}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::string dl = s_yyyymmdd(d->deadline), pub = s_yyyymmdd(d->dispatch_date);
  auto &v = c.values;
  if (!dl.empty()) v.emplace_back(S::SLOT_DEADLINE, dl);
  if (!pub.empty()) v.emplace_back(S::SLOT_PUBLISHED, pub);
  if (d->has_value) v.emplace_back(S::SLOT_VALUE, Xapian::sortable_serialise(d->value));
  if (!divs.empty()) v.emplace_back(S::SLOT_CPV_DIV, vg_xap::join(divs));
  if (d->country) v.emplace_back(S::SLOT_COUNTRY, d->country);
  if (d->buyer) v.emplace_back(S::SLOT_BUYER, d->buyer);
  if (d->procedure) v.emplace_back(S::SLOT_PROCEDURE, d->procedure);
  if (d->notice_type) v.emplace_back(S::SLOT_TYPE, d->notice_type);
  c.notice_values.emplace_back(
      S::SLOT_NFLAGS, Xapian::sortable_serialise(static_cast<double>(vg_doc_count_flags(d))));
  if (!rules.empty()) c.notice_values.emplace_back(S::SLOT_RULE, vg_xap::join(rules));
}

/* Copies the shared filters and values into a document (notice_level: also the notice's
 * flag terms and values, which flag documents replace by their own). */
void s_apply(Xapian::Document &x, const Common &c, bool notice_level) {
  for (const std::string &t : c.terms) x.add_boolean_term(t);
  for (const auto &v : c.values) x.add_value(v.first, v.second);
  if (!notice_level) return;
  for (const std::string &t : c.flag_terms) x.add_boolean_term(t);
  for (const auto &v : c.notice_values) x.add_value(v.first, v.second);
}

/* Review status terms and facet value of a notice or clause: the statuses of the FLAG
 * outcomes it holds (clause_id NULL: all of them). */
void s_statuses(Xapian::Document &x, const Common &c, const char *clause_id) {
  std::set<std::string> st;
  for (size_t i = 0; i < c.flags.size(); i++)
    if (!clause_id || (c.flags[i]->clause_id && strcmp(c.flags[i]->clause_id, clause_id) == 0))
      st.insert(c.status[i]);
  for (const std::string &v : st) x.add_boolean_term(S::P_STATUS + v);
  if (!st.empty()) x.add_value(S::SLOT_STATUS, vg_xap::join(st));
}

const char *s_section_lang(const vg_doc_t *d, size_t sec) {
  if (sec < d->nsections && d->sections[sec].lang) return d->sections[sec].lang;
  return d->lang;
}

/* json -> compact text (caller frees); NULL when jansson refuses (invalid UTF-8) or OOM. */
std::string s_dump(json_t *j, bool *ok) {
  char *s = j ? json_dumps(j, JSON_COMPACT) : nullptr;
  json_decref(j);
  *ok = s != nullptr;
  std::string r = s ? std::string(s) : std::string();
  free(s);
  return r;
}

json_t *s_jstr(const char *s) { return s ? json_string(s) : json_null(); }

/* What versions of a procedure list and compare: SLOT_VINFO of a notice. */
std::string s_vinfo(const vg_doc_t *d, long long seq) {
  json_t *o = json_object();
  json_object_set_new(o, "id", s_jstr(d->id));
  json_object_set_new(o, "notice_id", s_jstr(d->notice_id));
  json_object_set_new(o, "notice_type", s_jstr(d->notice_type));
  json_object_set_new(o, "notice_subtype", s_jstr(d->notice_subtype));
  json_object_set_new(o, "dispatch_date", s_jstr(d->dispatch_date));
  json_object_set_new(o, "seq", json_integer(seq));
  bool ok;
  return s_dump(o, &ok);
}

int s_build_notice(const vg_doc_t *d, vg_xap_writer *w, const Common &c, long long seq,
                   Xapian::Document &x) {
  std::set<std::string> labels, langs;
  x.add_boolean_term(std::string(S::P_ID) + d->id);
  x.add_boolean_term(std::string(S::P_KIND) + S::KIND_NOTICE);
  x.add_boolean_term(S::P_PROCNOTICE + vg_xap::cut_utf8(c.vkey, S::MAX_TERM));
  s_apply(x, c, true);
  s_statuses(x, c, nullptr);
  Xapian::termpos pos = 1;
  if (d->title) s_index(x, w, d->title, strlen(d->title), d->lang, S::P_TITLE, &pos, true);
  if (d->buyer) s_index(x, w, d->buyer, strlen(d->buyer), d->lang, S::P_BUYER, &pos, !d->title);
  /* title and buyer are also plain words of the notice */
  if (d->title) s_index(x, w, d->title, strlen(d->title), d->lang, "", &pos);
  if (d->buyer) s_index(x, w, d->buyer, strlen(d->buyer), d->lang, "", &pos);
  if (d->lang) langs.insert(vg_xap::lower(d->lang));
  for (size_t i = 0; i < d->nsections; i++) {
    const vg_section_t *s = &d->sections[i];
    s_index(x, w, d->text + s->start, s->end - s->start, s_section_lang(d, i), "", &pos);
    if (s->lang) langs.insert(vg_xap::lower(s->lang));
  }
  for (size_t i = 0; i < d->nclauses; i++)
    if (d->clauses[i].label) labels.insert(d->clauses[i].label);
  for (const std::string &l : labels) s_bool(x, S::P_LABEL, vg_xap::lower(l));
  for (const std::string &l : langs) s_bool(x, S::P_LANG, l);
  if (!labels.empty()) x.add_value(S::SLOT_LABEL, vg_xap::join(labels));
  if (d->lang) x.add_value(S::SLOT_LANG, vg_xap::lower(d->lang));
  x.add_value(S::SLOT_ID, d->id);
  bool ok, ok2, ok3;
  x.add_value(S::SLOT_VINFO, s_vinfo(d, seq));
  json_t *j = vg_doc_to_json(d);
  x.add_value(S::SLOT_SUMMARY, s_dump(j ? vg_xap::hit_summary(j) : nullptr, &ok2));
  x.set_data(s_dump(j, &ok));
  ok3 = !x.get_value(S::SLOT_VINFO).empty();
  return ok && ok2 && ok3 ? VG_OK : VG_E_INPUT;
}

int s_build_clause(const vg_doc_t *d, const vg_clause_t *c, vg_xap_writer *w,
                   const Common &common, Xapian::Document &x) {
  std::string t(S::P_ID);
  x.add_boolean_term(t.append(c->id));
  x.add_boolean_term(std::string(S::P_KIND) + S::KIND_CLAUSE);
  x.add_boolean_term(std::string(S::P_PARENT) + d->id);
  s_apply(x, common, true);
  s_statuses(x, common, c->id);
  Xapian::termpos pos = 1;
  const char *lang = s_section_lang(d, c->section);
  if (c->heading) s_index(x, w, c->heading, strlen(c->heading), lang, "", &pos, true);
  s_index(x, w, d->text + c->start, c->end - c->start, lang, "", &pos, !c->heading);
  if (c->label) {
    s_bool(x, S::P_LABEL, vg_xap::lower(c->label));
    x.add_value(S::SLOT_LABEL, c->label);
  }
  if (lang) {
    std::string l = vg_xap::lower(lang);
    s_bool(x, S::P_LANG, l);
    x.add_value(S::SLOT_LANG, l);
  }
  x.add_value(S::SLOT_ID, c->id);
  bool ok;
  x.set_data(s_dump(vg_clause_to_json(d, c), &ok));
  return ok ? VG_OK : VG_E_INPUT;
}

/* The language of a flag's excerpt: its clause's section, else the document's. */
const char *s_flag_lang(const vg_doc_t *d, const vg_flag_t *f) {
  if (f->clause_id)
    for (size_t i = 0; i < d->nclauses; i++)
      if (d->clauses[i].id && strcmp(d->clauses[i].id, f->clause_id) == 0)
        return s_section_lang(d, d->clauses[i].section);
  return d->lang;
}

/* One FLAG outcome as its own document: the notice's filters, its own rule, severity and
 * review status; free text = excerpt + explanations (buyer words under XB); data = the
 * justification + the notice summary + the stored review and its history. */
int s_build_flag(const vg_doc_t *d, size_t k, vg_xap_writer *w, const Common &c,
                 Xapian::Document &x) {
  const vg_flag_t *f = c.flags[k];
  x.add_boolean_term(std::string(S::P_ID) + f->id);
  x.add_boolean_term(std::string(S::P_KIND) + S::KIND_FLAG);
  x.add_boolean_term(std::string(S::P_PARENT) + d->id);
  s_apply(x, c, false);
  s_bool(x, S::P_FLAG, vg_xap::lower(s_str(f->rule_id)));
  s_bool(x, S::P_SEVERITY, vg_xap::lower(s_str(f->severity)));
  s_bool(x, S::P_STATUS, c.status[k]);
  if (d->lang) s_bool(x, S::P_LANG, vg_xap::lower(d->lang));
  if (f->rule_id) x.add_value(S::SLOT_RULE, f->rule_id);
  if (f->severity) x.add_value(S::SLOT_SEVERITY, f->severity);
  x.add_value(S::SLOT_SEVRANK,
              Xapian::sortable_serialise(vg_xap::severity_rank(f->severity)));
  x.add_value(S::SLOT_STATUS, c.status[k]);
  x.add_value(S::SLOT_ID, f->id);
  if (f->clause_id) x.add_value(S::SLOT_CLAUSE, f->clause_id);
  if (d->lang) x.add_value(S::SLOT_LANG, vg_xap::lower(d->lang));
  Xapian::termpos pos = 1;
  bool fresh = true;
  auto text = [&](const char *t, const char *lang, const char *prefix) {
    if (!t || !*t) return;
    s_index(x, w, t, strlen(t), lang, prefix, &pos, fresh);
    fresh = false;
  };
  text(f->excerpt, s_flag_lang(d, f), "");
  text(f->explanation, d->lang, "");
  text(f->explanation_en, "en", "");
  text(d->buyer, d->lang, S::P_BUYER);
  json_t *j = vg_flag_to_json(d, f), *doc = json_object();
  if (!j || !doc) {
    json_decref(j);
    json_decref(doc);
    return VG_E_INPUT;
  }
  json_object_set_new(doc, "id", s_jstr(d->id));
  json_object_set_new(doc, "notice_id", s_jstr(d->notice_id));
  json_object_set_new(doc, "title", s_jstr(d->title));
  json_object_set_new(doc, "buyer", s_jstr(d->buyer));
  json_object_set_new(doc, "country", s_jstr(d->country));
  json_object_set_new(doc, "dispatch_date", s_jstr(d->dispatch_date));
  json_object_set_new(doc, "deadline", s_jstr(d->deadline));
  json_object_set_new(j, "doc", doc);
  const json_t *st = c.reviews[k];
  json_t *cur = json_object_get(st, "current"), *hist = json_object_get(st, "history");
  json_object_set_new(j, "review", json_is_object(cur) ? json_deep_copy(cur)
                                                       : json_pack("{ss}", "status", "open"));
  json_object_set_new(j, "history", json_is_array(hist) ? json_deep_copy(hist) : json_array());
  bool ok;
  x.set_data(s_dump(j, &ok));
  return ok ? VG_OK : VG_E_INPUT;
}

/* Stores x under its unique id term: replace_document when a document may hold the term
 * (also a pending one), else a plain add (cheaper: no posting list lookup and delete). */
void s_store(Xapian::WritableDatabase &db, const std::string &idterm, const Xapian::Document &x) {
  if (db.term_exists(idterm))
    db.replace_document(idterm, x);
  else
    db.add_document(x);
}

/* The docid of the document whose unique term is idterm, 0 when none. */
Xapian::docid s_find(const Xapian::Database &db, const std::string &idterm) {
  Xapian::PostingIterator p = db.postlist_begin(idterm);
  return p == db.postlist_end(idterm) ? 0 : *p;
}

/* Document-level checks done before anything is written. */
int s_validate(const vg_doc_t *d, vg_err_t *err) {
  if (!d->id || !*d->id) return vg_err_set(err, VG_E_INPUT, "document has no id");
  if (strlen(d->id) > S::MAX_ID)
    return vg_err_set(err, VG_E_INPUT, "document id longer than %u bytes", S::MAX_ID);
  if (!d->text && (d->nsections || d->nclauses))
    return vg_err_set(err, VG_E_INPUT, "document '%s' has sections but no text", d->id);
  for (size_t i = 0; i < d->nsections; i++)
    if (d->sections[i].start > d->sections[i].end || d->sections[i].end > d->text_len)
      return vg_err_set(err, VG_E_INPUT, "document '%s': section %zu out of the text", d->id, i);
  for (size_t i = 0; i < d->nclauses; i++) {
    const vg_clause_t *c = &d->clauses[i];
    if (c->start > c->end || c->end > d->text_len)
      return vg_err_set(err, VG_E_INPUT, "document '%s': clause %zu out of the text", d->id, i);
    if (!c->id || !*c->id || strlen(c->id) > S::MAX_ID + 40)
      return vg_err_set(err, VG_E_INPUT, "document '%s': clause %zu has a bad id", d->id, i);
  }
  for (size_t i = 0; i < d->nflags; i++) {
    const vg_flag_t *f = &d->flags[i];
    if (f->outcome != VG_OUTCOME_FLAG || !f->id) continue;
    /* a flag id is a unique Q term too: it must not be the id of its notice or a clause */
    size_t n = strlen(d->id);
    if (strlen(f->id) > S::MAX_ID + 40 || strcmp(f->id, d->id) == 0 ||
        (strncmp(f->id, d->id, n) == 0 && f->id[n] == '/'))
      return vg_err_set(err, VG_E_INPUT, "document '%s': flag %zu has a bad id", d->id, i);
  }
  return VG_OK;
}

/* Reads a decimal metadata counter (0 when absent or unreadable). */
long long s_md_count(const Xapian::Database &db, const char *key) {
  std::string v = vg_xap::md_get(db, key);
  char *end = nullptr;
  long long n = v.empty() ? 0 : strtoll(v.c_str(), &end, 10);
  return end && *end == '\0' && n > 0 ? n : 0;
}

}  // namespace

extern "C" {

int vg_xap_writer_open_st(const char *path, vg_xap_writer_t **out, vg_err_t *err) {
  if (!out) return vg_err_set(err, VG_E_INPUT, "no output pointer");
  *out = nullptr;
  if (!path || !*path) return vg_err_set(err, VG_E_INPUT, "no database path");
  return guard(err, "cannot open database for writing", [&]() -> int {
    vg_xap_writer *w = new vg_xap_writer(path);
    try {
      w->tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      w->putseq = s_md_count(w->db, S::MD_PUTSEQ);
      w->last_seq = s_md_count(w->db, S::MD_APPLIED);
      w->db.begin_transaction(false);
      w->in_txn = true;
      w->db.set_metadata("vigie:schema", S::SCHEMA_VERSION);
    } catch (...) {
      delete w;
      throw;
    }
    *out = w;
    return VG_OK;
  });
}

vg_xap_writer_t *vg_xap_writer_open(const char *path, vg_err_t *err) {
  vg_xap_writer_t *w = nullptr;
  vg_xap_writer_open_st(path, &w, err);
  return w;
}

int vg_xap_writer_put(vg_xap_writer_t *w, const vg_doc_t *doc, vg_err_t *err) {
  if (!w || !doc) return vg_err_set(err, VG_E_INPUT, "no writer or no document");
  int st = s_validate(doc, err);
  if (st) return st;
  return guard(err, "cannot index document", [&]() -> int {
    /* build everything first: a document-level failure must leave the database untouched */
    Common common;
    s_common(doc, w->db, common);
    const long long seq = w->putseq + 1;
    Xapian::Document notice;
    if (s_build_notice(doc, w, common, seq, notice))
      return vg_err_set(err, VG_E_INPUT, "document '%s' cannot be serialised", doc->id);
    std::vector<Xapian::Document> clauses(doc->nclauses), flags(common.flags.size());
    for (size_t i = 0; i < doc->nclauses; i++)
      if (s_build_clause(doc, &doc->clauses[i], w, common, clauses[i]))
        return vg_err_set(err, VG_E_INPUT, "document '%s': clause %zu cannot be serialised",
                          doc->id, i);
    for (size_t i = 0; i < flags.size(); i++)
      if (s_build_flag(doc, i, w, common, flags[i]))
        return vg_err_set(err, VG_E_INPUT, "document '%s': flag %zu cannot be serialised",
                          doc->id, i);
    vg_xap::begin(w);
    const std::string idterm0 = std::string(S::P_ID) + doc->id;
    Xapian::docid old = s_find(w->db, idterm0);
    std::string old_key = old ? vg_xap::notice_key(w->db, old) : std::string();
    /* versions: the other notices of the procedure are re-marked before this one goes in */
    vg_xap::VersionCandidate self;
    self.id = doc->id;
    self.date = s_yyyymmdd(doc->dispatch_date);
    self.seq = seq;
    const std::string key = vg_xap::cut_utf8(common.vkey, S::MAX_TERM);
    const std::string vterm = std::string(S::P_VERSION) +
        (vg_xap::elect(w, key, &self) ? S::VERSION_LATEST : S::VERSION_SUPERSEDED);
    notice.add_boolean_term(vterm);
    for (Xapian::Document &x : clauses) x.add_boolean_term(vterm);
    for (Xapian::Document &x : flags) x.add_boolean_term(vterm);
    /* clauses and flags of the earlier copy go first, whatever their number was */
    std::string parent = std::string(S::P_PARENT) + doc->id;
    if (w->db.term_exists(parent)) w->db.delete_document(parent);
    if (old)
      w->db.replace_document(old, notice);
    else
      w->db.add_document(notice);
    std::string idterm;
    for (size_t i = 0; i < doc->nclauses; i++) {
      idterm.assign(S::P_ID).append(doc->clauses[i].id);
      s_store(w->db, idterm, clauses[i]);
    }
    for (size_t i = 0; i < flags.size(); i++) {
      idterm.assign(S::P_ID).append(common.flags[i]->id);
      s_store(w->db, idterm, flags[i]);
    }
    /* a re-put that moved the notice to another procedure leaves its old one to re-elect */
    if (!old_key.empty() && old_key != key) vg_xap::elect(w, old_key, nullptr);
    w->putseq = seq;
    w->db.set_metadata(S::MD_PUTSEQ, std::to_string(seq));
    return VG_OK;
  });
}

int vg_xap_writer_delete(vg_xap_writer_t *w, const char *doc_id, vg_err_t *err) {
  if (!w || !doc_id || !*doc_id) return vg_err_set(err, VG_E_INPUT, "no writer or no id");
  return guard(err, "cannot delete document", [&]() -> int {
    vg_xap::begin(w);
    Xapian::docid did = s_find(w->db, std::string(S::P_ID) + doc_id);
    std::string key = did ? vg_xap::notice_key(w->db, did) : std::string();
    w->db.delete_document(std::string(S::P_PARENT) + doc_id);
    w->db.delete_document(std::string(S::P_ID) + doc_id);
    if (!key.empty()) vg_xap::elect(w, key, nullptr);
    return VG_OK;
  });
}

int vg_xap_writer_commit(vg_xap_writer_t *w, vg_err_t *err) {
  if (!w) return vg_err_set(err, VG_E_INPUT, "no writer");
  return guard(err, "cannot commit", [&]() -> int {
    if (w->in_txn) {
      w->in_txn = false;
      w->db.commit_transaction();
    }
    w->db.commit();
    w->db.begin_transaction(false);
    w->in_txn = true;
    return VG_OK;
  });
}

void vg_xap_writer_close(vg_xap_writer_t **pw) {
  if (!pw || !*pw) return;
  vg_xap_writer *w = *pw;
  *pw = nullptr;
  try {
    if (w->in_txn) w->db.cancel_transaction();
    w->db.close();
  } catch (...) {
    /* closing cannot report: the lock is released when the object goes anyway */
  }
  delete w;
}

}  // extern "C"

namespace vg_xap {

void begin(vg_xap_writer *w) {
  if (w->in_txn) return;
  w->db.begin_transaction(false);
  w->in_txn = true;
}

}  // namespace vg_xap
