#include "graph/io/encoding.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace relgraph::io {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void AppendHexByte(unsigned char c, std::string* out) {
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// XML 1.0 (fifth edition) Char production.
bool IsXmlChar(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

uint64_t Fnv1a(uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  // A separator byte that ids cannot contain, so ("ab","c") != ("a","bc").
  h ^= 0xFF;
  h *= 1099511628211ULL;
  return h;
}

}  // namespace

char32_t NextCodePoint(std::string_view s, size_t* pos) {
  const size_t i = *pos;
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    *pos = i + 1;
    return 0xFFFD;
  }
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return 0xFFFD;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) AppendUtf8(NextCodePoint(s, &i), &out);
  return out;
}

void AppendXmlEscaped(std::string_view s, bool attribute, std::string* out) {
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, &i);
    switch (cp) {
      case '&': out->append("&amp;"); continue;
      case '<': out->append("&lt;"); continue;
      case '>': out->append("&gt;"); continue;
      case '\r': out->append("&#13;"); continue;
      case '"': out->append(attribute ? "&quot;" : "\""); continue;
      case '\t': out->append(attribute ? "&#9;" : "\t"); continue;
      case '\n': out->append(attribute ? "&#10;" : "\n"); continue;
      default: break;
    }
    if (IsXmlChar(cp)) {
      AppendUtf8(cp, out);
    } else {
      out->append(kReplacementChar);
    }
  }
}

void AppendRdfString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, &i);
    switch (cp) {
      case '"': out->append("\\\""); continue;
      case '\\': out->append("\\\\"); continue;
      case '\t': out->append("\\t"); continue;
      case '\n': out->append("\\n"); continue;
      case '\r': out->append("\\r"); continue;
      case '\b': out->append("\\b"); continue;
      case '\f': out->append("\\f"); continue;
      default: break;
    }
    if (cp < 0x20 || cp == 0x7F) {
      out->append("\\u00");
      AppendHexByte(static_cast<unsigned char>(cp), out);
    } else {
      AppendUtf8(cp, out);
    }
  }
  out->push_back('"');
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      AppendHexByte(c, &out);
    }
  }
  return out;
}

bool PercentDecode(std::string_view s, std::string* out) {
  out->clear();
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out->push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return false;
    const int hi = HexValue(s[i + 1]);
    const int lo = HexValue(s[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::string NmtokenEncode(std::string_view id) {
  std::string out;
  out.reserve(id.size());
  for (char ch : id) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c) || c == '-' || c == '.') {
      out.push_back(ch);
    } else if (c == '/') {
      out.push_back(':');
    } else {
      out.push_back('_');
      AppendHexByte(c, &out);
    }
  }
  // An empty id has no NMTOKEN form of its own; "_" alone cannot come from
  // a non-empty id.
  if (out.empty()) out = "_";
  return out;
}

bool NmtokenDecode(std::string_view token, std::string* out) {
  out->clear();
  if (token == "_") return true;
  if (token.empty()) return false;
  for (size_t i = 0; i < token.size(); ++i) {
    const auto c = static_cast<unsigned char>(token[i]);
    if (IsAsciiAlnum(c) || c == '-' || c == '.') {
      out->push_back(token[i]);
    } else if (c == ':') {
      out->push_back('/');
    } else if (c == '_' && i + 2 < token.size()) {
      const int hi = HexValue(token[i + 1]);
      const int lo = HexValue(token[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

std::string FormatShortest(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

std::string FormatDerived(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.4g", v);
  return buf;
}

std::vector<std::string> StableEdgeIds(
    const std::vector<graph::KnowledgeGraph::RelationView>& relations) {
  std::vector<std::string> ids;
  ids.reserve(relations.size());
  std::map<std::string, int> seen;
  for (const auto& view : relations) {
    uint64_t h = 14695981039346656037ULL;
    h = Fnv1a(h, view.subject->id);
    h = Fnv1a(h, view.relation->relation);
    h = Fnv1a(h, view.object->id);
    h = Fnv1a(h, graph::PolarityName(view.relation->polarity));
    std::string id = "e";
    for (int shift = 60; shift >= 0; shift -= 4) id.push_back(kHex[(h >> shift) & 0xF]);
    int& count = seen[id];
    ++count;
    if (count > 1) id += "-" + std::to_string(count);
    ids.push_back(std::move(id));
  }
  return ids;
}

std::string RelationDisplayName(const Ontology& onto, std::string_view relation) {
  if (relation.substr(0, 5) == "open:") return std::string(relation.substr(5));
  if (const RelationType* rt = onto.FindRelation(relation)) return rt->label;
  return std::string(relation);
}

Status CheckWritable(const graph::KnowledgeGraph& g) {
  for (const auto& view : g.Relations()) {
    for (const auto& ev : view.relation->evidence) {
      if (!std::isfinite(ev.confidence)) {
        return Status(StatusCode::kInvalidArgument,
                      "relation " + view.subject->id + " " + view.relation->relation + " " +
                          view.object->id + ": evidence " + ev.doc_id + "#" +
                          std::to_string(ev.sentence) + " (" + ev.rule_id +
                          ") has a non-finite confidence");
      }
    }
  }
  return Status::Ok();
}

}  // namespace relgraph::io
