#include "src/text/normalize.h"

#include <gtest/gtest.h>

namespace relgraph::text {
namespace {

struct Case {
  const char* input;
  const char* want;
};

const Case kCases[] = {
    {"", ""},
    {"Pakistan", "pakistan"},
    {"TTP and ISIS-K", "ttp and isis-k"},
    // Latin-1 and Latin Extended-A letters.
    {"ÉLAN À Ñ Ö Ø Þ", "élan à ñ ö ø þ"},
    {"ŁÓDŹ Ćmielów Şanlıurfa", "łódź ćmielów şanlıurfa"},
    {"ĽUBOŠ Ÿ İstanbul", "ľuboš ÿ istanbul"},
    {"× ÷ ß", "× ÷ ß"},  // not letters, or no single lower case
    // Quotes, dashes, ellipsis, no-break spaces.
    {"Pakistan’s “Tehreek-e-Taliban”", "pakistan's \"tehreek-e-taliban\""},
    {"‘a’ ‚b‛ „c‟", "'a' 'b' \"c\""},
    {"2019–2020 — Daesh ‒ x ― y ‐ z ‑ w − v", "2019-2020 - daesh - x - y - z - w - v"},
    {"wait…", "wait..."},
    {"a\u00A0b\u202Fc", "a b c"},
    // Other characters, and invalid bytes, are copied.
    {"Москва 東京 😀", "Москва 東京 😀"},
    {"a\xFF\xC3", "a\xFF\xC3"},
};

TEST(NormalizedLowerTest, LowersAndStraightens) {
  for (const Case& c : kCases) {
    EXPECT_EQ(NormalizedLower(c.input), c.want) << "input: " << c.input;
  }
}

TEST(NormalizedLowerTest, NeverLongerThanInputAndAppends) {
  std::string out = "x:";
  AppendNormalizedLower("ÀB…", &out);
  EXPECT_EQ(out, "x:àb...");
  for (const Case& c : kCases) {
    EXPECT_LE(NormalizedLower(c.input).size(), std::string_view(c.input).size());
  }
}

}  // namespace
}  // namespace relgraph::text
