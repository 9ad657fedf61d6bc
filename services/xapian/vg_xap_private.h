/* vg_xap_private.h: C++ helpers shared by the shim's .cc files (never included from C).
 *
 * For: the exception-to-status guard, text helpers (accent folding, language -> stemmer, CPV
 * normalisation, term cutting) and the query builder.
 * Not for: the public contract (vg_xap.h) or the schema constants (vg_xap_schema.h). */
#ifndef VG_XAP_PRIVATE_H
#define VG_XAP_PRIVATE_H

#include <jansson.h>
#include <xapian.h>

#include <map>
#include <new>
#include <set>
#include <string>
#include <vector>

#include "vg_status.h"

struct vg_xap_writer;
struct vg_xap_reader;

namespace vg_xap {

/* Runs fn() (returning a vg status) and maps every exception to a status + detail in err.
 * No exception leaves this function. `what` names the operation for the message. */
template <class F>
int guard(vg_err_t *err, const char *what, F &&fn) {
  try {
    return fn();
  } catch (const Xapian::DatabaseLockError &e) {
    return vg_err_set(err, VG_E_LOCKED, "%s: %s", what, e.get_description().c_str());
  } catch (const Xapian::QueryParserError &e) {
    return vg_err_set(err, VG_E_QUERY, "%s: %s", what, e.get_msg().c_str());
  } catch (const Xapian::DatabaseNotFoundError &e) {
    return vg_err_set(err, VG_E_NOTFOUND, "%s: %s", what, e.get_description().c_str());
  } catch (const Xapian::Error &e) {
    return vg_err_set(err, VG_E_BACKEND, "%s: %s", what, e.get_description().c_str());
  } catch (const std::bad_alloc &) {
    return vg_err_set(err, VG_E_NOMEM, "%s: out of memory", what);
  } catch (const std::exception &e) {
    return vg_err_set(err, VG_E_INTERNAL, "%s: %s", what, e.what());
  } catch (...) {
    return vg_err_set(err, VG_E_INTERNAL, "%s: unknown exception", what);
  }
}

/* Accent folding (Unicode compose + strip marks, utf8proc). Returns false on invalid UTF-8
 * (out is then a copy of in). Case is left to Xapian (it lower-cases terms itself). */
bool fold(const std::string &in, std::string &out);
bool fold(const char *in, size_t len, std::string &out);
/* ISO 639-1 code (any case; NULL/unknown -> "") -> Xapian stemmer name ("" = no stemming). */
const char *stemmer_name(const char *iso);
/* Lower-cases ASCII letters (values of boolean fields are codes and ids). */
std::string lower(const std::string &s);
/* Unicode case folding (utf8proc CASEFOLD | COMPOSE; accents kept): whole buyer names.
 * Invalid UTF-8 falls back to lower(). */
std::string casefold(const std::string &s);
/* Cuts s to at most n bytes without splitting a UTF-8 sequence. */
std::string cut_utf8(const std::string &s, size_t n);
/* Significant CPV digits: "45210000-2" -> "4521" (trailing zeros stripped, at least 2).
 * Returns false unless s is 2..8 digits with an optional "-d" check digit. */
bool cpv_significant(const std::string &s, std::string &sig, std::string &full8);
/* The part of a stored notice (vg_doc_to_json shape) a search hit shows: id, notice_id, title,
 * buyer, country, cpv, deadline, dispatch_date, notice_type, procedure, value, currency, lang
 * and "flags" (FLAG outcomes only: id, rule_id, rule_version, severity, explanation_en).
 * Stored in SLOT_SUMMARY so that a hit need not parse the whole document. New reference. */
json_t *hit_summary(const json_t *notice);

/* Builds queries from user text: registers every vigie field and range, parses the text once
 * per stemming language (and once more accent-folded when that differs) and ORs the
 * distinct results, so that "pénalité", "penalite" and "penalties" all find their stems. */
class QueryBuilder {
 public:
  QueryBuilder();
  QueryBuilder(const QueryBuilder &) = delete; /* the cpv: processor points into this one */
  QueryBuilder &operator=(const QueryBuilder &) = delete;
  void set_database(const Xapian::Database &db) { qp_.set_database(db); }
  /* langs: stemmer names to try ("" = unstemmed). default_op: OP_AND for hits, OP_OR for
   * snippets. Throws Xapian::QueryParserError on a bad query. Blank text -> MatchAll. */
  Xapian::Query build(const std::string &text, const std::vector<std::string> &langs,
                      Xapian::Query::op default_op);

 private:
  std::string field_error_; /* set by a field processor instead of throwing (see CpvField) */
  Xapian::QueryParser qp_;   /* declared after field_error_: destroyed first */
};

/* ---- shared by the writer's files (vg_xap_writer.cc, vg_xap_review.cc, vg_xap_versions.cc) */

/* Opens the writer's transaction if none is open (pending changes live in it). */
void begin(vg_xap_writer *w);
/* Metadata value, "" when absent (pending changes included). */
std::string md_get(const Xapian::Database &db, const std::string &key);
/* Replaces every term of d starting with prefix by prefix+v for each v in values; returns
 * true when the set changed. */
bool set_terms(Xapian::Document &d, const std::string &prefix, const std::set<std::string> &values);
/* '\n'-joined set (multi-valued slots). */
std::string join(const std::set<std::string> &v);
/* The stored review of a flag ("review:<id>" metadata), parsed: {"current":{..},"history":[..]}
 * or NULL when never reviewed. New reference. */
json_t *review_state(const Xapian::Database &db, const std::string &flag_id);
/* Status of a review state ("open" when NULL or unreadable). */
std::string review_status(const json_t *state);
/* Rank of a severity for sorting: high 3, medium 2, low 1, other 0. */
int severity_rank(const char *sev);

/* Version election for one procedure key. self: the notice being put (not yet stored; its
 * older copy, if any, is skipped), or NULL (after a delete). Marks the latest notice of the
 * key version:latest and the others version:superseded (with their clauses and flags),
 * rewriting only the documents whose mark changes. Returns whether self is the latest. */
struct VersionCandidate {
  std::string id, date; /* date: "YYYYMMDD" or "" */
  long long seq = 0;    /* put order */
};
bool elect(vg_xap_writer *w, const std::string &key, const VersionCandidate *self);
/* The procedure key of a stored notice (its XPN term), "" when none. */
std::string notice_key(const Xapian::Database &db, Xapian::docid did);
/* The version key of a notice (docs/index-schema.md "Versions"): fields.version_key, else the
 * procedure key (procedure_id, else the doc id). One rule for the writer and the reader. */
inline std::string version_key(const json_t *fields, const char *procedure_id, const char *id) {
  const char *vk = json_string_value(json_object_get(fields, "version_key"));
  if (vk && *vk) return vk;
  if (procedure_id && *procedure_id) return procedure_id;
  return id ? id : "";
}
/* Every version stored under key, oldest first: [{"id","notice_id","notice_type",
 * "notice_subtype","dispatch_date","latest"}]; *self_latest = the mark of self_id. */
json_t *versions_list(const Xapian::Database &db, const std::string &key, bool *self_latest,
                      const std::string &self_id);

/* ---- shared by the reader's files (vg_xap_reader.cc, vg_xap_flags.cc, vg_xap_cursor.cc) -- */

/* Re-reads what a reader derives from its database (languages present; the query parser's
 * database for wildcards). */
void refresh(vg_xap_reader *r);
/* guard() plus one reopen-and-retry when the writer has recycled blocks being read. */
template <class F>
int rguard(vg_xap_reader *r, vg_err_t *err, const char *what, F &&fn);
/* Metadata from the first shard that has it ("" when none). */
std::string r_meta(const vg_xap_reader *r, const std::string &key);
/* A flags-kind search hit from a flag document's data, or NULL. */
json_t *flag_hit(const std::string &data, double score);
/* Adds "latest", "versions", flag "review" and clause "notes" to a stored notice. */
void decorate_doc(vg_xap_reader *r, json_t *nd);
/* Notes of a clause (array, possibly empty). New reference. */
json_t *clause_notes(const vg_xap_reader *r, const std::string &clause_id);

/* Opaque page cursors: base64url(JSON {"f": fingerprint, "o": offset of the next page,
 * "k": base64url(sort key of the last hit)}) ("k" only for sorted queries). */
struct Cursor {
  std::string fp;
  size_t offset = 0;
  bool has_key = false;
  std::string key;
};
std::string cursor_encode(const Cursor &c);
/* false when malformed (text cut at 4 KiB). */
bool cursor_decode(const std::string &text, Cursor &c);
/* Fingerprint of what makes a query the same query: q, kind, sort, lang, all_versions. */
std::string query_fingerprint(const char *q, int kind, const char *sort, const char *lang,
                              int all_versions);

}  // namespace vg_xap

/* The writer and reader objects (opaque in vg_xap.h), shared by the shim's .cc files. */
struct vg_xap_writer {
  explicit vg_xap_writer(const std::string &path) : db(path, Xapian::DB_CREATE_OR_OPEN) {}
  Xapian::WritableDatabase db;
  Xapian::TermGenerator tg;
  /* stemmers by Xapian name (a Stem is costly to build: built once per language) */
  std::vector<std::pair<std::string, Xapian::Stem>> stems;
  const char *cur_stem = nullptr; /* name of the stemmer tg holds */
  bool in_txn = false;
  long long putseq = 0;   /* put order of the last put (metadata vigie:putseq) */
  long long last_seq = 0; /* last applied audit seq (metadata audit:applied) */
};

struct vg_xap_reader {
  Xapian::Database db;                /* every shard, as one */
  std::vector<Xapian::Database> shards; /* the same shards one by one (metadata) */
  vg_xap::QueryBuilder qb;
  std::vector<std::string> langs; /* stemmers to parse queries with ("" = unstemmed) */
  std::map<std::string, Xapian::Stem> stems; /* snippet stemmers by name, built on first use */
};

template <class F>
int vg_xap::rguard(vg_xap_reader *r, vg_err_t *err, const char *what, F &&fn) {
  return guard(err, what, [&]() -> int {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError &) {
      r->db.reopen();
      refresh(r);
      return fn();
    }
  });
}

#endif
