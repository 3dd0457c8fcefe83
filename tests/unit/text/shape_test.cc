#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "src/text/token.h"

namespace relgraph::text {
namespace {

// ShapeOf as it was before its ASCII fast path: the reference the fast path
// must agree with on every input.
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

Shape ReferenceShapeOf(std::string_view s) {
  if (s.empty()) return Shape::kOther;
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
  const int upper = counts[kBUpper], lower = counts[kBLower], digit = counts[kBDigit];
  const int joiner = counts[kBJoiner], other_punct = counts[kBPunct], symbol = counts[kBSymbol];
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
    const bool starts_with_digit = IsAsciiDigit(static_cast<unsigned char>(s[0]));
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


TEST(ShapeOfTest, Table) {
  struct Row {
    const char* text;
    Shape shape;
  };
  const Row rows[] = {
      {"support", Shape::kLower},
      {"counter-terrorism", Shape::kLower},
      {"Pakistan", Shape::kTitle},
      {"Tehreek-e-Taliban", Shape::kTitle},
      {"McDonald", Shape::kTitle},
      {"A", Shape::kTitle},
      {"TTP", Shape::kUpper},
      {"U.S.", Shape::kUpper},
      {"ISIS-K", Shape::kUpper},
      {"iPhone", Shape::kMixed},
      {"2024", Shape::kDigits},
      {"1,000", Shape::kNumber},
      {"3.5", Shape::kNumber},
      {"1990s", Shape::kNumber},
      {"Q1", Shape::kAlnum},
      {"F-16", Shape::kAlnum},
      {",", Shape::kPunct},
      {"(", Shape::kPunct},
      {"$", Shape::kSymbol},
      {"%", Shape::kSymbol},
      // Former bugs: acronyms with small letters read as title case, so
      // "(MoFA)" did not look like an acronym to the rules.
      {"MoFA", Shape::kMixed},
      {"DoD", Shape::kMixed},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(ShapeName(ShapeOf(row.text)), ShapeName(row.shape)) << row.text;
  }
}

TEST(ShapeOfTest, AgreesWithReferenceOnRandomText) {
  // Bytes from every class, with UTF-8 typographic punctuation (E2 80 xx),
  // other multi-byte letters and stray continuation bytes; lengths around
  // the fast path's 255-byte limit too.
  const std::string pieces[] = {"a", "z", "A", "Z", "0", "9", "-", "'", ".", "&", ",", "(",
                                "`", "$", "%", "@", " ", "\xE2\x80\x94", "\xE2\x80\x99",
                                "\xC3\xA9", "\xC3\x89", "\x80", "\xE2", "\xF0\x9F\x98\x80"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> coin(0, 9);
  for (int round = 0; round < 200000; ++round) {
    std::string s;
    const size_t len = round % 1000 == 0 ? 250 + static_cast<size_t>(coin(rng)) : 1 + round % 9;
    // Mostly ASCII letters, as real tokens are.
    while (s.size() < len) s += coin(rng) < 6 ? pieces[pick(rng) % 4] : pieces[pick(rng)];
    ASSERT_EQ(ShapeName(ShapeOf(s)), ShapeName(ReferenceShapeOf(s))) << s;
  }
  for (int c = 0; c < 256; ++c) {
    const std::string s(1, static_cast<char>(c));
    ASSERT_EQ(ShapeName(ShapeOf(s)), ShapeName(ReferenceShapeOf(s))) << c;
  }
  EXPECT_EQ(ShapeOf(""), Shape::kOther);
}

TEST(ShapeOfTest, NamesRoundTrip) {
  for (int i = 0; i < kNumShapes; ++i) {
    Shape s;
    ASSERT_TRUE(ShapeFromName(ShapeName(static_cast<Shape>(i)), &s));
    EXPECT_EQ(static_cast<int>(s), i);
  }
  Shape s;
  EXPECT_FALSE(ShapeFromName("wobbly", &s));
}

}  // namespace
}  // namespace relgraph::text
