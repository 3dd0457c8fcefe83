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

using internal::shape::IsAsciiDigit;
using internal::shape::kByteClasses;
using internal::shape::kMaxPackedBytes;
using internal::shape::kPackedCounts;
using internal::shape::ShapeFromCounts;
using enum internal::shape::ByteClass;


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

Shape ShapeOfBytewise(std::string_view s, bool* has_upper, bool* has_lower) {
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

Shape ShapeOfCased(std::string_view s, bool* has_upper, bool* has_lower) {
  *has_upper = *has_lower = false;
  if (s.empty()) return Shape::kOther;
  const size_t n = s.size();
  if (n > kMaxPackedBytes) return ShapeOfBytewise(s, has_upper, has_lower);
  // Short ASCII tokens (nearly all): count every class with one addition a
  // byte, without branches.
  uint64_t packed = 0;
  for (size_t i = 0; i < n; ++i) packed += kPackedCounts[static_cast<unsigned char>(s[i])];
  if (shape::Field(packed, kBHigh) != 0) return ShapeOfBytewise(s, has_upper, has_lower);
  return shape::ShapeOfAsciiPacked(s, packed, has_upper, has_lower);
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
