/* vg_xap_cursor.cc: the opaque page cursors of vg_xap_search ("next_cursor").
 * For: vg_xap_reader.cc. Not for: running the continued query (the reader does).
 *
 * A cursor is base64url (no padding) of a compact JSON object
 *   {"v":1,"f":"<query fingerprint>","o":<offset of the next page>,"k":"<base64url sort key>"}
 * "f" is the first 32 hex digits of SHA-256 over q, kind, sort, lang and all_versions
 * (NUL-separated), so that a cursor handed to another query is refused. "k" (sorted queries
 * only) is the Xapian sort key of the last hit shown: the next page starts strictly after it.
 * Cursors are not signed: a forged one can only move within the same query's results. */
#include <cstring>

#include "vg_hash.h"
#include "vg_xap_private.h"

namespace vg_xap {
namespace {

constexpr size_t MAX_CURSOR = 4096; /* bytes of cursor text accepted */
const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string s_b64(const std::string &in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                 (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += B64[(v >> s) & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += B64[(v >> 18) & 63];
    out += B64[(v >> 12) & 63];
    if (i + 1 < in.size()) out += B64[(v >> 6) & 63];
  }
  return out;
}

bool s_unb64(const std::string &in, std::string &out) {
  out.clear();
  unsigned v = 0;
  int bits = 0;
  for (char ch : in) {
    const char *p = ch ? strchr(B64, ch) : nullptr;
    if (!p) return false;
    v = (v << 6) | static_cast<unsigned>(p - B64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((v >> bits) & 0xFF);
    }
  }
  return bits < 6; /* a lone trailing character cannot come from the encoder */
}

}  // namespace

std::string cursor_encode(const Cursor &c) {
  json_t *o = json_pack("{si,ss,sI}", "v", 1, "f", c.fp.c_str(), "o",
                        static_cast<json_int_t>(c.offset));
  if (!o) throw std::bad_alloc();
  if (c.has_key) json_object_set_new(o, "k", json_string(s_b64(c.key).c_str()));
  char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(o);
  if (!s) throw std::bad_alloc();
  std::string r = s_b64(s);
  free(s);
  return r;
}

bool cursor_decode(const std::string &text, Cursor &c) {
  std::string js;
  if (text.empty() || text.size() > MAX_CURSOR || !s_unb64(text, js)) return false;
  json_t *o = json_loadb(js.data(), js.size(), 0, nullptr);
  json_t *v = json_object_get(o, "v"), *f = json_object_get(o, "f"), *off = json_object_get(o, "o"),
         *k = json_object_get(o, "k");
  bool ok = json_is_object(o) && json_integer_value(v) == 1 && json_is_string(f) &&
            json_is_integer(off) && json_integer_value(off) >= 0 && (!k || json_is_string(k));
  if (ok) {
    c.fp = json_string_value(f);
    c.offset = static_cast<size_t>(json_integer_value(off));
    c.has_key = k != nullptr;
    if (k) ok = s_unb64(json_string_value(k), c.key);
  }
  json_decref(o);
  return ok;
}

std::string query_fingerprint(const char *q, int kind, const char *sort, const char *lang,
                              int all_versions) {
  std::string in;
  for (const char *s : {q, sort, lang}) {
    in += s ? s : "";
    in += '\0';
  }
  in += std::to_string(kind) + '\0' + std::to_string(all_versions ? 1 : 0);
  char hex[VG_SHA256_HEX];
  vg_sha256_hex(in.data(), in.size(), hex);
  return std::string(hex, 32);
}

}  // namespace vg_xap
