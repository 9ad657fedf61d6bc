/* vg_xap_query.cc: turns a user query string into a Xapian::Query over the vigie schema.
 * For: vg_xap_reader.cc (search and snippets). Not for: running the query.
 * Fields, prefixes and ranges are those of vg_xap_schema.h / docs/index-schema.md. */
#include <cstring>
#include <set>

#include "vg_xap_private.h"
#include "vg_xap_schema.h"

namespace vg_xap {
namespace {

namespace S = vg_xap_schema;

/* Boolean field whose value is a code: lower-cased, cut like the indexer cuts it. */
class CodeField : public Xapian::FieldProcessor {
 public:
  explicit CodeField(const char *prefix) : prefix_(prefix) {}
  Xapian::Query operator()(const std::string &str) override {
    return Xapian::Query(prefix_ + cut_utf8(lower(str), S::MAX_TERM));
  }

 private:
  std::string prefix_;
};

/* Boolean field whose value is an id, kept as given (a plain boolean prefix would insert ':'
 * between a multi-letter prefix and a value starting with a capital: "XPK:PROC-1"). */
class IdField : public Xapian::FieldProcessor {
 public:
  explicit IdField(const char *prefix) : prefix_(prefix) {}
  Xapian::Query operator()(const std::string &str) override {
    return Xapian::Query(prefix_ + cut_utf8(str, S::MAX_TERM));
  }

 private:
  std::string prefix_;
};

/* cpv:45 / cpv:45210000 / cpv:45210000-2: the whole subtree under the significant digits.
 * Never throws: libxapian 1.4.22 leaks (~72 bytes, seen with ASan) when a field processor
 * throws out of parse_query(), so a bad code gives a query matching nothing and records the
 * first error in *err, which QueryBuilder::build() raises once parse_query() has returned. */
class CpvField : public Xapian::FieldProcessor {
 public:
  explicit CpvField(std::string *err) : err_(err) {}
  Xapian::Query operator()(const std::string &str) override {
    std::string sig, full;
    if (!cpv_significant(str, sig, full)) {
      if (err_->empty()) err_->assign("cpv: expects a CPV code of 2 to 8 digits, got '" + str + "'");
      return Xapian::Query::MatchNothing;
    }
    return Xapian::Query(std::string(S::P_CPV) + sig);
  }

 private:
  std::string *err_; /* QueryBuilder::field_error_, which outlives the parser owning this */
};

/* buyer:X matches the whole buyer name X (any case: the XBX term) OR every word of X among
 * the buyer words (XB terms of notices and flags). A filter (no weight). Never throws (see
 * CpvField): a value the inner parser refuses falls back to the whole-name term. */
class BuyerField : public Xapian::FieldProcessor {
 public:
  BuyerField() { words_.set_default_op(Xapian::Query::OP_AND); }
  Xapian::Query operator()(const std::string &str) override {
    Xapian::Query exact(S::P_BUYER_EXACT + cut_utf8(casefold(str), S::MAX_TERM));
    try {
      Xapian::Query w = words_.parse_query(str, Xapian::QueryParser::FLAG_PHRASE, S::P_BUYER);
      if (w.empty()) return exact;
      return Xapian::Query(Xapian::Query::OP_OR, exact, w);
    } catch (...) {
      return exact;
    }
  }

 private:
  Xapian::QueryParser words_;
};

/* The boolean fields registered below (kept in one list for the rewrite that follows). */
const char *const BOOL_FIELDS[] = {"id",     "doc",      "notice",       "country", "type",
                                   "procedure_id", "procedure", "label", "flag",  "rule",
                                   "lang",   "kind",     "cpv",          "status",  "severity",
                                   "version", "dossier", "buyer", "format"};

/* "-country:fr" -> "NOT country:fr". Xapian 1.4 does not negate a boolean filter written with
 * a leading '-' (it applies it as a positive filter), which would silently invert what the
 * user asked. Quoted text is left alone. */
std::string s_negated_filters(const std::string &text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); i++) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    if (c == '-' && !quoted && (i == 0 || std::string(" \t\r\n(").find(text[i - 1]) != std::string::npos)) {
      bool hit = false;
      for (const char *f : BOOL_FIELDS) {
        size_t n = strlen(f);
        if (text.compare(i + 1, n, f) == 0 && i + 1 + n < text.size() && text[i + 1 + n] == ':') {
          hit = true;
          break;
        }
      }
      if (hit) {
        out += "NOT ";
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace

QueryBuilder::QueryBuilder() {
  /* free text */
  qp_.add_prefix("title", S::P_TITLE);
  /* ids: exact */
  qp_.add_boolean_prefix("id", S::P_ID);
  for (const auto &f : {std::make_pair("doc", S::P_PARENT),
                         std::make_pair("procedure_id", S::P_PROCKEY)}) {
    std::string group(f.second);
    qp_.add_boolean_prefix(f.first, (new IdField(f.second))->release(), &group);
  }
  std::string buyer_group(S::P_BUYER_EXACT);
  qp_.add_boolean_prefix("buyer", (new BuyerField())->release(), &buyer_group);
  /* codes: lower-cased by a field processor (owned by the parser after release()) */
  const struct {
    const char *field, *prefix;
  } codes[] = {{"notice", S::P_NOTICE},  {"country", S::P_COUNTRY},
               {"type", S::P_TYPE},      {"procedure", S::P_PROCEDURE},
               {"label", S::P_LABEL},    {"flag", S::P_FLAG},
               {"rule", S::P_FLAG},      {"lang", S::P_LANG},
               {"kind", S::P_KIND},      {"status", S::P_STATUS},
               {"severity", S::P_SEVERITY}, {"version", S::P_VERSION},
               {"dossier", S::P_DOSSIER}, {"format", S::P_FORMAT}};
  for (const auto &c : codes) {
    std::string group(c.prefix);
    qp_.add_boolean_prefix(c.field, (new CodeField(c.prefix))->release(), &group);
  }
  std::string cpv_group(S::P_CPV);
  qp_.add_boolean_prefix("cpv", (new CpvField(&field_error_))->release(), &cpv_group);
  /* ranges: dates accept YYYYMMDD and YYYY-MM-DD */
  qp_.add_rangeprocessor(
      (new Xapian::DateRangeProcessor(S::SLOT_DEADLINE, "deadline:"))->release());
  qp_.add_rangeprocessor(
      (new Xapian::DateRangeProcessor(S::SLOT_PUBLISHED, "published:"))->release());
  qp_.add_rangeprocessor(
      (new Xapian::NumberRangeProcessor(S::SLOT_VALUE, "value:"))->release());
  qp_.add_rangeprocessor(
      (new Xapian::NumberRangeProcessor(S::SLOT_NFLAGS, "flags:"))->release());
  qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
}

Xapian::Query QueryBuilder::build(const std::string &user, const std::vector<std::string> &langs,
                                  Xapian::Query::op default_op) {
  if (user.find_first_not_of(" \t\r\n") == std::string::npos) return Xapian::Query::MatchAll;
  const std::string text = s_negated_filters(user);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                         Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_LOVEHATE |
                         Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT |
                         Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;
  std::string folded;
  std::vector<const std::string *> texts{&text};
  if (fold(text, folded) && folded != text) texts.push_back(&folded);
  qp_.set_default_op(default_op);
  std::vector<Xapian::Query> parts;
  std::set<std::string> seen; /* a filter-only query parses the same in every language */
  std::vector<std::string> ls(langs);
  if (ls.empty()) ls.push_back("");
  for (const std::string &l : ls) {
    qp_.set_stemmer(l.empty() ? Xapian::Stem() : Xapian::Stem(l));
    for (const std::string *t : texts) {
      field_error_.clear();
      Xapian::Query q = qp_.parse_query(*t, flags);
      if (!field_error_.empty()) throw Xapian::QueryParserError(field_error_);
      if (seen.insert(q.serialise()).second) parts.push_back(q);
    }
  }
  if (parts.size() == 1) return parts[0];
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace vg_xap
