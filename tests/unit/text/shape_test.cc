#include <gtest/gtest.h>

#include "src/text/token.h"

namespace relgraph::text {
namespace {

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
