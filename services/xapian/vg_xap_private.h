/* vg_xap_private.h: C++ helpers shared by the shim's .cc files (never included from C).
 *
 * For: the exception-to-status guard, text helpers (accent folding, language -> stemmer, CPV
 * normalisation, term cutting) and the query builder.
 * Not for: the public contract (vg_xap.h) or the schema constants (vg_xap_schema.h). */
#ifndef VG_XAP_PRIVATE_H
#define VG_XAP_PRIVATE_H

#include <jansson.h>
#include <xapian.h>

#include <new>
#include <string>
#include <vector>

#include "vg_status.h"

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

}  // namespace vg_xap

#endif
