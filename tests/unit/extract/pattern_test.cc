#include "src/extract/pattern.h"

#include <gtest/gtest.h>

namespace relgraph::extract {
namespace {

MacroTable Macros() {
  return {{"NP", "[chunk=B-NP] [chunk=I-NP]*"},
          {"LOOP", "@LOOP2"},
          {"LOOP2", "[] @LOOP"},
          {"CAP", "(?<x> [])"},
          {"BAD", "[pos=NOPE]"}};
}

TEST(PatternTest, ParsesValidPatterns) {
  const char* good[] = {
      "[lemma=support]",
      "[lemma=support] [lower=for|to] (?<obj> @NP)",
      "(?P<long> [shape=title]+) \"(\" (?<abbr>[shape=upper]) \")\"",
      "[pos=PROPN & shape=title] [lower!=the]? []{0,3}? [ent=Country || ent=B-ArmedGroup]",
      "^ [] $",
      "[!(pos=DET || pos=PRON)]+",
      "\"also known as\" [lower~\"^counter-\"]",
      "([pos=ADJ] | [pos=NOUN])+",
      "[lower=\"u.s.\"|us]",
  };
  for (const char* p : good) {
    PatternNode tree;
    PatternError err;
    EXPECT_TRUE(ParsePattern(p, Macros(), &tree, &err)) << p << ": " << err.message << " at " << err.offset;
  }
}

TEST(PatternTest, ReportsErrorsWithPosition) {
  struct Row {
    const char* pattern;
    const char* message_part;
    size_t offset;
  };
  const Row rows[] = {
      {"[lemma=support", "expected ']'", 14},
      {"[lemma=support] (", "missing ')'", 17},
      {"[colour=red]", "unknown field", 1},
      {"[pos=VERBS]", "unknown part of speech", 5},
      {"[shape=weird]", "unknown shape", 7},
      {"[chunk=B-XP]", "unknown chunk type", 7},
      {"@NOPE", "unknown macro @NOPE", 1},
      {"@LOOP", "refers to itself", 0},
      {"@CAP", "may not contain captures", 0},
      {"[]?", "zero tokens", 0},
      {"[]{3,1}", "n < m", 7},
      {"(?<a> []) (?<a> [])", "defined twice", 12},
      {"[] ) []", "unbalanced ')'", 3},
      {"[]+*", "two quantifiers", 3},
      {"(?=x)", "unknown group syntax", 1},
      {"^?", "cannot follow", 0},
  };
  for (const auto& row : rows) {
    PatternNode tree;
    PatternError err;
    ASSERT_FALSE(ParsePattern(row.pattern, Macros(), &tree, &err)) << row.pattern;
    EXPECT_NE(err.message.find(row.message_part), std::string::npos)
        << row.pattern << " gave: " << err.message;
    if (err.macro.empty()) {
      EXPECT_EQ(err.offset, row.offset) << row.pattern << ": " << err.message;
    }
  }
}

TEST(PatternTest, ErrorsInsideMacrosNameTheMacro) {
  PatternNode tree;
  PatternError err;
  ASSERT_FALSE(ParsePattern("[] @BAD", Macros(), &tree, &err));
  EXPECT_EQ(err.macro, "BAD");
  EXPECT_NE(err.message.find("unknown part of speech"), std::string::npos);
}

TEST(PatternTest, LiteralWordsBecomeLowerTokens) {
  PatternNode tree;
  PatternError err;
  ASSERT_TRUE(ParsePattern("\"also known as\"", {}, &tree, &err));
  ASSERT_EQ(tree.kind, PatternNode::Kind::kSeq);
  ASSERT_EQ(tree.children.size(), 3u);
  EXPECT_EQ(tree.children[1].token.field, Field::kLower);
  EXPECT_EQ(tree.children[1].token.values[0], "known");
}

TEST(PatternTest, CaptureNamesAndMinTokens) {
  PatternNode tree;
  PatternError err;
  ASSERT_TRUE(ParsePattern("(?<a> []+ (?<b> [])?) []{2,4} ([] | [] [])", {}, &tree, &err));
  EXPECT_EQ(CaptureNames(tree), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(MinTokens(tree), 4);
}

TEST(PatternTest, QuantifiedGroupAppliesToTheWholeGroup) {
  PatternNode tree;
  PatternError err;
  ASSERT_TRUE(ParsePattern("([pos=ADJ] [pos=NOUN])+", {}, &tree, &err));
  ASSERT_EQ(tree.kind, PatternNode::Kind::kRepeat);
  EXPECT_EQ(MinTokens(tree), 2);
}

}  // namespace
}  // namespace relgraph::extract
