#include "src/text/token.h"

#include <array>
#include <cstdint>

#include "src/text/shape.h"

namespace relgraph::text {

namespace {

constexpr std::array<std::string_view, kNumShapes> kShapeNames = {
    "other", "lower", "title", "upper", "mixed",
    "digits", "number", "alnum", "punct", "symbol"};

int IndexIn(const std::vector<std::string_view>& table, std::string_view name) {
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Byte classes for ShapeOf.
enum ByteClass : uint8_t { kBUpper, kBLower, kBDigit, kBJoiner, kBPunct, kBSymbol, kBHigh };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 ? kBHigh : kBSymbol;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kBUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kBLower;
  for (int c = '0'; c <= '9'; ++c) t[c] = kBDigit;
  // Characters that may sit inside a word without changing its class:
  // "Tehreek-e-Taliban", "O'Neill", "U.S.".
  for (char c : {'-', '\'', '.', '&'}) t[static_cast<unsigned char>(c)] = kBJoiner;
  for (char c : {',', ';', ':', '!', '?', '"', '(', ')', '[', ']', '{', '}', '`'}) {
    t[static_cast<unsigned char>(c)] = kBPunct;
  }
  return t;
}
constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();

// For the ASCII fast path of ShapeOf: one 8-bit counter per byte class,
// packed so that one addition per byte counts them all. Tokens of up to 255
// bytes cannot overflow a counter.
constexpr size_t kMaxPackedBytes = 255;

constexpr std::array<uint64_t, 256> MakePackedCounts() {
  std::array<uint64_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = uint64_t{1} << (8 * kByteClasses[c]);
  return t;
}
constexpr std::array<uint64_t, 256> kPackedCounts = MakePackedCounts();

inline int Field(uint64_t packed, ByteClass cls) {
  return static_cast<int>((packed >> (8 * cls)) & 0xFF);
}

// The decision shared by both paths, from the counts of each class.
inline Shape ShapeFromCounts(int upper, int lower, int digit, int joiner, int other_punct,
                             int symbol, int nonascii, bool starts_with_digit, bool first_upper) {
  const int letters = upper + lower + nonascii;
  if (letters == 0 && digit == 0) {
    return (symbol > 0 && other_punct == 0 && joiner == 0) ? Shape::kSymbol : Shape::kPunct;
  }
  if (letters == 0) {
    // Digits with separators or units: "1,000", "3.5", "92%", "$5".
    if (other_punct == 0 && joiner == 0 && symbol == 0) return Shape::kDigits;
    return Shape::kNumber;
  }
  if (digit > 0) {
    // "1990s" and "10th" read as numbers; "Q1", "G7", "F-16" as codes.
    if (starts_with_digit && upper == 0) return Shape::kNumber;
    return Shape::kAlnum;
  }
  if (upper == 0) return Shape::kLower;
  if (lower == 0 && nonascii == 0) return upper >= 2 ? Shape::kUpper : Shape::kTitle;
  if (first_upper && upper <= lower) {
    // Title case: a capital first and mostly small letters after ("McDonald"
    // and "Tehreek-e-Taliban" count as title). Mostly capitals with a few
    // small letters read as an acronym ("MoFA", "DoD") and are mixed, like
    // "iPhone".
    return Shape::kTitle;
  }
  return Shape::kMixed;
}

// Any text, byte by byte.
Shape ShapeOfGeneral(std::string_view s, bool* has_upper, bool* has_lower) {
  int counts[7] = {0, 0, 0, 0, 0, 0, 0};
  int nonascii = 0;
  bool first_upper = false;
  bool first_seen = false;
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const uint8_t cls = kByteClasses[c];
    if (cls == kBHigh) {
      // Non-ASCII: count a lead byte as one letter-ish character; typographic
      // punctuation (U+2000..U+203F: dashes, curly quotes, ellipsis) as punct.
      if ((c & 0xC0) != 0x80) {
        if (c == 0xE2 && i + 1 < n && static_cast<unsigned char>(s[i + 1]) == 0x80) {
          ++counts[kBPunct];
        } else {
          ++nonascii;
          first_seen = true;
        }
      }
      continue;
    }
    ++counts[cls];
    if (cls == kBUpper) {
      if (!first_seen) first_upper = true;
      first_seen = true;
    } else if (cls == kBLower) {
      first_seen = true;
    }
  }
  *has_upper = counts[kBUpper] > 0;
  *has_lower = counts[kBLower] > 0;
  return ShapeFromCounts(counts[kBUpper], counts[kBLower], counts[kBDigit], counts[kBJoiner],
                         counts[kBPunct], counts[kBSymbol], nonascii,
                         IsAsciiDigit(static_cast<unsigned char>(s[0])), first_upper);
}

}  // namespace

std::string_view ShapeName(Shape s) {
  auto i = static_cast<size_t>(s);
  return i < kShapeNames.size() ? kShapeNames[i] : kShapeNames[0];
}

bool ShapeFromName(std::string_view name, Shape* out) {
  for (size_t i = 0; i < kShapeNames.size(); ++i) {
    if (kShapeNames[i] == name) {
      *out = static_cast<Shape>(i);
      return true;
    }
  }
  return false;
}

Shape ShapeOf(std::string_view s) {
  bool has_upper, has_lower;
  return internal::ShapeOfCased(s, &has_upper, &has_lower);
}

namespace internal {

Shape ShapeOfCased(std::string_view s, bool* has_upper, bool* has_lower) {
  *has_upper = *has_lower = false;
  if (s.empty()) return Shape::kOther;
  const size_t n = s.size();
  if (n > kMaxPackedBytes) return ShapeOfGeneral(s, has_upper, has_lower);
  // Short ASCII tokens (nearly all): count every class with one addition a
  // byte, without branches.
  uint64_t packed = 0;
  for (size_t i = 0; i < n; ++i) packed += kPackedCounts[static_cast<unsigned char>(s[i])];
  if (Field(packed, kBHigh) != 0) return ShapeOfGeneral(s, has_upper, has_lower);
  const int upper = Field(packed, kBUpper), lower = Field(packed, kBLower);
  *has_upper = upper > 0;
  *has_lower = lower > 0;
  bool first_upper = false;
  if (upper > 0 && lower > 0) {
    // Only the title/mixed decision needs to know which letter came first.
    size_t i = 0;
    while (kByteClasses[static_cast<unsigned char>(s[i])] > kBLower) ++i;
    first_upper = kByteClasses[static_cast<unsigned char>(s[i])] == kBUpper;
  }
  return ShapeFromCounts(upper, lower, Field(packed, kBDigit), Field(packed, kBJoiner),
                         Field(packed, kBPunct), Field(packed, kBSymbol), 0,
                         IsAsciiDigit(static_cast<unsigned char>(s[0])), first_upper);
}

}  // namespace internal

const std::vector<std::string_view>& UposTags() {
  static const std::vector<std::string_view> kTags = {
      "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
      "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"};
  return kTags;
}

const std::vector<std::string_view>& XposTags() {
  static const std::vector<std::string_view> kTags = {
      "_",   "$",   "''",  ",",    "-LRB-", "-RRB-", ".",   ":",   "ADD", "AFX",
      "CC",  "CD",  "DT",  "EX",   "FW",    "GW",    "HYPH", "IN", "JJ",  "JJR",
      "JJS", "LS",  "MD",  "NFP",  "NN",    "NNP",   "NNPS", "NNS", "PDT", "POS",
      "PRP", "PRP$", "RB", "RBR",  "RBS",   "RP",    "SYM", "TO",  "UH",  "VB",
      "VBD", "VBG", "VBN", "VBP",  "VBZ",   "WDT",   "WP",  "WP$", "WRB", "XX",
      "``"};
  return kTags;
}

const std::vector<std::string_view>& ChunkTypes() {
  static const std::vector<std::string_view> kTypes = {"_", "NP", "VP", "PP", "ADJP", "ADVP"};
  return kTypes;
}

int UposIndex(std::string_view name) { return IndexIn(UposTags(), name); }
int XposIndex(std::string_view name) { return IndexIn(XposTags(), name); }
int ChunkTypeIndex(std::string_view name) { return IndexIn(ChunkTypes(), name); }

}  // namespace relgraph::text
