#include "src/ingest/utf8.h"

#include <string>

#include <gtest/gtest.h>

namespace relgraph::ingest {
namespace {

struct Case {
  std::string input;
  std::string want;        // after NormalizeText
  int64_t replaced;        // U+FFFD substitutions
  int64_t first_offset;    // -1 = none
};

const std::string R = "\xEF\xBF\xBD";  // U+FFFD

TEST(Utf8Test, RepairsInvalidSequences) {
  const Case kCases[] = {
      {"plain ASCII", "plain ASCII", 0, -1},
      {"caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", 0, -1},
      {"a\xFF" "b", "a" + R + "b", 1, 1},                       // never valid
      {"a\x80" "b", "a" + R + "b", 1, 1},                       // stray continuation
      {"\xC0\x80", R + R, 2, 0},                                // overlong NUL
      {"\xC1\xBF", R + R, 2, 0},                                // overlong
      {"\xE0\x80\xAF", R + R + R, 3, 0},                        // overlong 3-byte
      {"\xF0\x80\x80\xAF", R + R + R + R, 4, 0},                // overlong 4-byte
      {"x\xED\xA0\x80y", "x" + R + R + R + "y", 3, 1},          // surrogate U+D800
      {"\xF4\x90\x80\x80", R + R + R + R, 4, 0},                // above U+10FFFF
      {"\xF5\x80", R + R, 2, 0},                                // F5 never valid
      {"ok\xE2\x82", "ok" + R, 1, 2},                           // truncated at the end
      {"\xE2\x82" "ab", R + "ab", 1, 0},                        // truncated in the middle
      {"\xF0\x9F\x98" "x", R + "x", 1, 0},                      // 3 of 4 bytes
  };
  for (const Case& c : kCases) {
    std::string out;
    const TextRepair r = NormalizeText(c.input, &out);
    EXPECT_EQ(out, c.want) << "input bytes: " << c.input.size();
    EXPECT_EQ(r.invalid_sequences, c.replaced) << out;
    EXPECT_EQ(r.first_invalid_offset, c.first_offset) << out;
    EXPECT_TRUE(IsValidUtf8(out));
    EXPECT_EQ(IsValidUtf8(c.input), c.replaced == 0);
  }
}

TEST(Utf8Test, NormalisesLineEndsAndBom) {
  std::string out;
  TextRepair r = NormalizeText("\xEF\xBB\xBFline1\r\nline2\rline3\n", &out);
  EXPECT_EQ(out, "line1\nline2\nline3\n");
  EXPECT_TRUE(r.bom_removed);
  EXPECT_EQ(r.line_endings_changed, 2);
  EXPECT_EQ(r.invalid_sequences, 0);
  // Only a leading BOM is dropped.
  r = NormalizeText("a\xEF\xBB\xBF" "b", &out);
  EXPECT_FALSE(r.bom_removed);
  EXPECT_EQ(out, "a\xEF\xBB\xBF" "b");
}

TEST(Utf8Test, DecodesAndEncodes) {
  const char32_t kPoints[] = {0x41, 0xE9, 0x20AC, 0xFFFD, 0x1F600, 0x10FFFF};
  for (char32_t cp : kPoints) {
    std::string s;
    AppendUtf8(cp, &s);
    char32_t back = 0;
    EXPECT_EQ(DecodeUtf8(s, 0, &back), s.size());
    EXPECT_EQ(back, cp);
  }
  std::string s;
  AppendUtf8(0xD800, &s);  // a surrogate cannot be encoded
  EXPECT_EQ(s, "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace relgraph::ingest
