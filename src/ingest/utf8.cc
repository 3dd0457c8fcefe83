#include "src/ingest/utf8.h"

namespace relgraph::ingest {

namespace {

inline bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp, size_t* invalid_len) {
  const size_t n = s.size();
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  // Length and the valid range of the second byte (Unicode Table 3-7), which
  // rules out overlong forms, surrogates and values above U+10FFFF.
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t value = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    *cp = kReplacementChar;
    if (invalid_len != nullptr) *invalid_len = 1;
    return 0;
  }
  size_t k = 1;
  for (; k < len; ++k) {
    if (i + k >= n) break;
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (k == 1 ? (b < lo || b > hi) : !IsCont(b)) break;
    value = (value << 6) | (b & 0x3F);
  }
  if (k == len) {
    *cp = value;
    return len;
  }
  *cp = kReplacementChar;
  if (invalid_len != nullptr) *invalid_len = k;  // the maximal subpart
  return 0;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementChar;
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

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

TextRepair NormalizeText(std::string_view in, std::string* out) {
  TextRepair r;
  out->clear();
  out->reserve(in.size());
  size_t i = 0;
  if (in.size() >= 3 && in.substr(0, 3) == "\xEF\xBB\xBF") {
    r.bom_removed = true;
    i = 3;
  }
  const size_t n = in.size();
  while (i < n) {
    // Copy the longest run of plain ASCII bytes at once: the common case.
    size_t j = i;
    while (j < n) {
      const auto c = static_cast<unsigned char>(in[j]);
      if (c >= 0x80 || c == '\r') break;
      ++j;
    }
    out->append(in.data() + i, j - i);
    i = j;
    if (i >= n) break;
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '\r') {
      out->push_back('\n');
      ++r.line_endings_changed;
      i += (i + 1 < n && in[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    char32_t cp;
    size_t bad = 0;
    const size_t len = DecodeUtf8(in, i, &cp, &bad);
    if (len > 0) {
      out->append(in.data() + i, len);
      i += len;
    } else {
      if (r.first_invalid_offset < 0) r.first_invalid_offset = static_cast<int64_t>(i);
      ++r.invalid_sequences;
      r.invalid_bytes += static_cast<int64_t>(bad);
      out->append(kReplacementUtf8);
      i += bad;
    }
  }
  return r;
}

}  // namespace relgraph::ingest
