#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "src/text/shape.h"
#include "src/text/token.h"

namespace relgraph::text {
namespace {

// The byte-by-byte path (long and non-ASCII tokens) is the reference the
// ASCII fast path must agree with on every input, letter-case facts
// included; the Table test pins the decisions themselves.
void ExpectSameAsBytewise(const std::string& s) {
  bool upper = false, lower = false, ref_upper = false, ref_lower = false;
  const Shape fast = internal::ShapeOfCased(s, &upper, &lower);
  const Shape ref = internal::ShapeOfBytewise(s, &ref_upper, &ref_lower);
  ASSERT_EQ(ShapeName(ShapeOf(s)), ShapeName(ref)) << s;
  ASSERT_EQ(ShapeName(fast), ShapeName(ref)) << s;
  ASSERT_EQ(upper, ref_upper) << s;
  ASSERT_EQ(lower, ref_lower) << s;
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

TEST(ShapeOfTest, FastPathAgreesWithBytewisePathOnRandomText) {
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
    ASSERT_NO_FATAL_FAILURE(ExpectSameAsBytewise(s));
  }
  for (int c = 0; c < 256; ++c) {
    ASSERT_NO_FATAL_FAILURE(ExpectSameAsBytewise(std::string(1, static_cast<char>(c)))) << c;
  }
  EXPECT_EQ(ShapeOf(""), Shape::kOther);
}

// The tokenizer gives one-byte tokens (most punctuation) their shape from
// kSingleByteShapes instead of counting.
TEST(ShapeOfTest, SingleByteTableAgreesWithBytewisePath) {
  for (int c = 1; c < 128; ++c) {
    const std::string s(1, static_cast<char>(c));
    bool upper = false, lower = false;
    const Shape ref = internal::ShapeOfBytewise(s, &upper, &lower);
    EXPECT_EQ(ShapeName(internal::shape::kSingleByteShapes[c]), ShapeName(ref)) << c;
  }
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
