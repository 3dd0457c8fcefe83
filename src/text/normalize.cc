#include "src/text/normalize.h"

#include <array>
#include <cstdint>

namespace relgraph::text {

namespace {

constexpr std::array<char, 128> MakeLowerTable() {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return t;
}
constexpr std::array<char, 128> kLower = MakeLowerTable();

inline void Put2(char32_t cp, std::string* out) {
  out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
  out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
}

// Lower case of a Latin-1 Supplement or Latin Extended-A letter (U+00C0..U+017F).
inline char32_t LatinLower(char32_t cp) {
  if (cp < 0x100) {
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
    return cp;
  }
  if (cp == 0x178) return 0xFF;  // Ÿ -> ÿ
  if (cp == 0x130) return 'i';   // İ -> i (the dot is dropped)
  if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) {
    return (cp & 1) ? cp + 1 : cp;  // capitals are odd here
  }
  return (cp & 1) ? cp : cp + 1;  // capitals are even elsewhere
}

}  // namespace

void AppendNormalizedLower(std::string_view s, std::string* out) {
  out->reserve(out->size() + s.size());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // A run of ASCII bytes (most words) in one go.
    size_t j = i;
    while (j < n && static_cast<unsigned char>(s[j]) < 0x80) ++j;
    if (j > i) {
      const size_t at = out->size();
      out->resize(at + (j - i));
      char* d = out->data() + at;
      for (size_t k = i; k < j; ++k) *d++ = kLower[static_cast<unsigned char>(s[k])];
      i = j;
      continue;
    }
    const auto b = static_cast<unsigned char>(s[i]);
    if ((b == 0xC2 || b == 0xC3 || b == 0xC4 || b == 0xC5) && i + 1 < n &&
        (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      const char32_t cp = (static_cast<char32_t>(b & 0x1F) << 6) |
                          (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      if (cp == 0xA0) {
        out->push_back(' ');
      } else if (cp >= 0xC0) {
        const char32_t lower = LatinLower(cp);
        if (lower < 0x80) {
          out->push_back(static_cast<char>(lower));
        } else {
          Put2(lower, out);
        }
      } else {
        out->append(s.data() + i, 2);
      }
      i += 2;
      continue;
    }
    if (b == 0xE2 && i + 2 < n) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0x80) {
        if (b2 >= 0x90 && b2 <= 0x95) {  // U+2010..U+2015 hyphens and dashes
          out->push_back('-');
          i += 3;
          continue;
        }
        if (b2 >= 0x98 && b2 <= 0x9B) {  // ‘ ’ ‚ ‛
          out->push_back('\'');
          i += 3;
          continue;
        }
        if (b2 >= 0x9C && b2 <= 0x9F) {  // “ ” „ ‟
          out->push_back('"');
          i += 3;
          continue;
        }
        if (b2 == 0xA6) {  // …
          out->append("...");
          i += 3;
          continue;
        }
        if (b2 == 0xAF) {  // U+202F narrow no-break space
          out->push_back(' ');
          i += 3;
          continue;
        }
      } else if (b1 == 0x88 && b2 == 0x92) {  // U+2212 minus sign
        out->push_back('-');
        i += 3;
        continue;
      }
    }
    // Any other byte: copied as is (continuation bytes follow their lead).
    out->push_back(static_cast<char>(b));
    ++i;
  }
}

std::string NormalizedLower(std::string_view s) {
  std::string out;
  AppendNormalizedLower(s, &out);
  return out;
}

}  // namespace relgraph::text
