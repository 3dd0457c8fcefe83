// relgraph::text::NormalizedLower: the form later stages compare words and
// names in (gazetteer keys, rule literals, entity aliases).
//
// Part of the text stage; used by annotate, extract and resolve.
//
//   NormalizedLower("Pakistan’s “Tehreek-e-Taliban” — ÉLAN…") ==
//       "pakistan's \"tehreek-e-taliban\" - élan..."
//
// Lower-cases ASCII and the Latin-1 Supplement and Latin Extended-A letters
// (À -> à, Ł -> ł, Ÿ -> ÿ, İ -> i); curly quotes become straight (‘ ’ ‚ ‛ -> ',
// “ ” „ ‟ -> "); hyphens and dashes (U+2010..U+2015, U+2212 minus) become "-";
// "…" becomes "..."; no-break spaces (U+00A0, U+202F) become " ". Other
// characters, and invalid UTF-8 bytes, are copied unchanged. The result is
// never longer than the input, so it allocates once.

#ifndef RELGRAPH_SRC_TEXT_NORMALIZE_H_
#define RELGRAPH_SRC_TEXT_NORMALIZE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace relgraph::text {

// Eight bytes at once, packed in a uint64_t (byte k in bits 8k..8k+7; load
// them with memcpy on a little-endian machine): the high bit of each byte
// that is an ASCII byte in [lo, hi] (lo <= hi < 0x80), the other bits 0.
constexpr uint64_t AsciiInRange8(uint64_t v, char lo, char hi) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  const uint64_t low7 = v & (0x7F * kOnes);
  const uint64_t ge_lo = low7 + static_cast<uint64_t>(0x80 - lo) * kOnes;      // high bit: low 7 bits >= lo
  const uint64_t gt_hi = low7 + static_cast<uint64_t>(0x80 - hi - 1) * kOnes;  // high bit: low 7 bits > hi
  return ge_lo & ~gt_hi & ~v & (0x80 * kOnes);
}
// The eight bytes with ASCII capitals lower-cased; other bytes are kept.
constexpr uint64_t AsciiLower8(uint64_t v) { return v | (AsciiInRange8(v, 'A', 'Z') >> 2); }

// Whether `s` with its ASCII capitals lower-cased is `lower` (other bytes
// compare as they are), without building the lower-cased string.
constexpr bool EqualsAsciiLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] + 32) : s[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// Sets *out to the n bytes at p, where at least 15 bytes from p may be read:
// a text of up to 15 bytes (what every std::string holds without allocating)
// is copied as 15 bytes at once (a fixed-size copy, inline) and cut, instead
// of a memcpy call of variable length. p must not point into *out.
[[gnu::always_inline]] inline void AssignReadable15(std::string* out, const char* p, size_t n) {
  out->clear();
  if (n <= 15) {
    out->append(p, 15);
    out->erase(n);
  } else {
    out->append(p, n);
  }
}

std::string NormalizedLower(std::string_view s);

// Appends the normalised form of s to *out (for reusing a buffer).
void AppendNormalizedLower(std::string_view s, std::string* out);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_NORMALIZE_H_
