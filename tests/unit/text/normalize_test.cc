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

// The eight-byte helpers against a byte-by-byte reference, on every byte
// value in every position.
TEST(AsciiEightBytesTest, RangeAndLowerMatchTheBytewiseTests) {
  for (int b = 0; b < 256; ++b) {
    for (int pos = 0; pos < 8; ++pos) {
      const uint64_t v = (uint64_t{static_cast<unsigned>(b)} << (8 * pos)) | 0x4161207A5A005B40ULL;
      uint64_t lower = 0, upper_bits = 0, small_bits = 0;
      for (int k = 0; k < 8; ++k) {
        const auto c = static_cast<unsigned char>(v >> (8 * k));
        const bool upper = c >= 'A' && c <= 'Z';
        const bool small = c >= 'a' && c <= 'z';
        lower |= uint64_t{static_cast<unsigned char>(upper ? c + 32 : c)} << (8 * k);
        upper_bits |= uint64_t{upper ? 0x80u : 0u} << (8 * k);
        small_bits |= uint64_t{small ? 0x80u : 0u} << (8 * k);
      }
      EXPECT_EQ(AsciiInRange8(v, 'A', 'Z'), upper_bits) << b << " at " << pos;
      EXPECT_EQ(AsciiInRange8(v, 'a', 'z'), small_bits) << b << " at " << pos;
      EXPECT_EQ(AsciiLower8(v), lower) << b << " at " << pos;
    }
  }
}

TEST(EqualsAsciiLowerTest, LowersOnlyAsciiCapitalsOfTheFirstSide) {
  EXPECT_TRUE(EqualsAsciiLower("Been", "been"));
  EXPECT_TRUE(EqualsAsciiLower("TO", "to"));
  EXPECT_TRUE(EqualsAsciiLower("", ""));
  EXPECT_FALSE(EqualsAsciiLower("been", "Been")) << "the second side is compared as it is";
  EXPECT_FALSE(EqualsAsciiLower("Bee", "been"));
  EXPECT_FALSE(EqualsAsciiLower("ÉLAN", "élan")) << "non-ASCII bytes are not lowered";
  EXPECT_TRUE(EqualsAsciiLower("ÉLAN", "\xC3\x89lan"));
  EXPECT_FALSE(EqualsAsciiLower("[", "{")) << "only A-Z move";
}

TEST(AssignReadable15Test, SetsExactlyTheGivenBytesOfEveryLength) {
  const std::string source = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t n = 0; n <= 20; ++n) {
    std::string out = "some earlier text that is longer than fifteen bytes";
    AssignReadable15(&out, source.data() + 3, n);
    EXPECT_EQ(out, source.substr(3, n)) << n;
    std::string small = "x";
    AssignReadable15(&small, source.data(), n);
    EXPECT_EQ(small, source.substr(0, n)) << n;
  }
}

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
