/* vg_xap_text.cc: text helpers of the Xapian shim (accent folding, case folding, language ->
 * stemmer, CPV normalisation, byte-safe cutting, severity ranks) and the search-hit summary
 * of a notice.
 * For: vg_xap_writer.cc and vg_xap_query.cc. Not for: tokenising (Xapian does that). */
#include <utf8proc.h>

#include <cstdlib>
#include <cstring>

#include "vg_xap_private.h"

namespace vg_xap {

bool fold(const std::string &in, std::string &out) { return fold(in.data(), in.size(), out); }

bool fold(const char *in, size_t len, std::string &out) {
  utf8proc_uint8_t *dst = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(in),
                                    static_cast<utf8proc_ssize_t>(len), &dst,
                                    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE |
                                                                   UTF8PROC_STRIPMARK));
  if (n < 0) {
    out.assign(in, len);
    return false;
  }
  try {
    out.assign(reinterpret_cast<const char *>(dst), static_cast<size_t>(n));
  } catch (...) {
    free(dst);
    throw;
  }
  free(dst);
  return true;
}

const char *stemmer_name(const char *iso) {
  static const struct {
    const char *iso, *name;
  } map[] = {{"ar", "arabic"},     {"ca", "catalan"},    {"da", "danish"},  {"de", "german"},
             {"en", "english"},    {"es", "spanish"},    {"eu", "basque"},  {"fi", "finnish"},
             {"fr", "french"},     {"ga", "irish"},      {"hu", "hungarian"},
             {"hy", "armenian"},   {"id", "indonesian"}, {"it", "italian"},
             {"lt", "lithuanian"}, {"nb", "norwegian"},  {"ne", "nepali"},  {"nl", "dutch"},
             {"nn", "norwegian"},  {"no", "norwegian"},  {"pt", "portuguese"},
             {"ro", "romanian"},   {"ru", "russian"},    {"sv", "swedish"}, {"ta", "tamil"},
             {"tr", "turkish"}};
  if (!iso || strlen(iso) < 2) return "";
  char c[3] = {static_cast<char>(iso[0] | 0x20), static_cast<char>(iso[1] | 0x20), 0};
  /* accept "fr", "FR", "fr-BE", "fr_FR" */
  if (iso[2] && iso[2] != '-' && iso[2] != '_') return "";
  for (const auto &m : map)
    if (strcmp(m.iso, c) == 0) return m.name;
  return "";
}

std::string lower(const std::string &s) {
  std::string r(s);
  for (char &ch : r)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return r;
}

std::string casefold(const std::string &s) {
  utf8proc_uint8_t *dst = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &dst,
                                    static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE |
                                                                   UTF8PROC_CASEFOLD));
  if (n < 0) return lower(s);
  std::string r;
  try {
    r.assign(reinterpret_cast<const char *>(dst), static_cast<size_t>(n));
  } catch (...) {
    free(dst);
    throw;
  }
  free(dst);
  return r;
}

std::string join(const std::set<std::string> &v) {
  std::string r;
  for (const std::string &s : v) {
    if (!r.empty()) r += '\n';
    r += s;
  }
  return r;
}

int severity_rank(const char *sev) {
  if (!sev) return 0;
  if (strcmp(sev, "high") == 0) return 3;
  if (strcmp(sev, "medium") == 0) return 2;
  if (strcmp(sev, "low") == 0) return 1;
  return 0;
}

std::string cut_utf8(const std::string &s, size_t n) {
  if (s.size() <= n) return s;
  /* step back over continuation bytes (10xxxxxx) so the cut falls before a lead byte */
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) n--;
  return s.substr(0, n);
}

bool cpv_significant(const std::string &s, std::string &sig, std::string &full8) {
  size_t dash = s.find('-');
  std::string d = s.substr(0, dash);
  if (dash != std::string::npos) {
    std::string chk = s.substr(dash + 1);
    if (chk.size() != 1 || chk[0] < '0' || chk[0] > '9') return false;
  }
  if (d.size() < 2 || d.size() > 8) return false;
  for (char ch : d)
    if (ch < '0' || ch > '9') return false;
  full8 = d.size() == 8 ? d : std::string();
  size_t len = d.size();
  while (len > 2 && d[len - 1] == '0') len--;
  sig = d.substr(0, len);
  return true;
}

json_t *hit_summary(const json_t *nd) {
  json_t *h = json_object(), *flags = json_array();
  if (!h || !flags) {
    json_decref(h);
    json_decref(flags);
    return nullptr;
  }
  for (const char *k : {"id", "notice_id", "title", "buyer", "country", "cpv", "deadline",
                        "dispatch_date", "notice_type", "procedure", "value", "currency",
                        "lang"}) {
    json_t *v = json_object_get(nd, k);
    json_object_set_new(h, k, v ? json_incref(v) : json_null());
  }
  size_t i;
  json_t *f;
  json_array_foreach(json_object_get(nd, "flags"), i, f) {
    const char *oc = json_string_value(json_object_get(f, "outcome"));
    if (!oc || strcmp(oc, "flag") != 0) continue;
    json_t *o = json_object();
    for (const char *k : {"id", "rule_id", "rule_version", "severity", "explanation_en"}) {
      json_t *v = json_object_get(f, k);
      json_object_set_new(o, k, v ? json_incref(v) : json_null());
    }
    json_array_append_new(flags, o);
  }
  json_object_set_new(h, "flags", flags);
  return h;
}

}  // namespace vg_xap
