#include "src/text/lexicon.h"

#include <gtest/gtest.h>

namespace relgraph::text {
namespace {

TEST(LexiconTest, DefaultMatchesTheShippedFiles) {
  const Lexicon& def = Lexicon::Default();
  Result<Lexicon> loaded = LoadLexicon(std::string(RELGRAPH_SOURCE_DIR) + "/schemas/lexicon");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_GT(def.abbreviation_count(), 100u);
  EXPECT_EQ(def.abbreviation_count(), loaded->abbreviation_count());
  EXPECT_EQ(def.starter_count(), loaded->starter_count());
}

TEST(LexiconTest, AnswersLookups) {
  const Lexicon& lex = Lexicon::Default();
  EXPECT_EQ(lex.Abbreviation("Gen"), AbbrevClass::kTitle);
  EXPECT_EQ(lex.Abbreviation("MR"), AbbrevClass::kTitle);  // lower-case entries match any case
  EXPECT_EQ(lex.Abbreviation("No"), AbbrevClass::kPrenumber);
  EXPECT_EQ(lex.Abbreviation("e.g"), AbbrevClass::kInner);
  EXPECT_EQ(lex.Abbreviation("Inc"), AbbrevClass::kFinal);
  EXPECT_EQ(lex.Abbreviation("U.S"), AbbrevClass::kFinal);
  EXPECT_EQ(lex.Abbreviation("Ill"), AbbrevClass::kFinal);  // the state, as written
  EXPECT_EQ(lex.Abbreviation("ill"), AbbrevClass::kNone);   // the adjective
  EXPECT_EQ(lex.Abbreviation("word"), AbbrevClass::kNone);
  EXPECT_TRUE(lex.IsSentenceStarter("How"));
  EXPECT_FALSE(lex.IsSentenceStarter("Government"));
  EXPECT_TRUE(lex.IsAgency("Reuters"));
  EXPECT_TRUE(lex.IsKicker("fact sheet"));
  EXPECT_TRUE(lex.IsSpeakerRole("PRESIDENT"));
  const std::vector<uint8_t>* split = lex.TokenSplit("Cannot");
  ASSERT_NE(split, nullptr);
  EXPECT_EQ(*split, (std::vector<uint8_t>{3, 3}));
  EXPECT_EQ(lex.TokenSplit("canon"), nullptr);
  EXPECT_EQ(lex.TokenSplit("cannon"), nullptr);  // same first letter and length, other last
  EXPECT_NE(lex.TokenSplit("GONNA"), nullptr);
  EXPECT_NE(lex.TokenSplit("Dunno"), nullptr);
}

// Abbreviation() rules most words out with a filter of the entries' folded
// hashes and TokenSplit() by length before any map lookup: every entry, in
// any case its section allows, must still be found, and an empty lexicon
// must answer nothing.
TEST(LexiconTest, FiltersKeepEveryEntry) {
  Result<Lexicon> r = LexiconFromTexts(
      "[title]\nGen.\nmr\n[prenumber]\nno\n[inner]\ne.g.\n[final]\nU.S\nIll.\nlongabbrev\n", "", "",
      "cannot can not\ngonna gon na\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Lexicon& lex = r.value();
  EXPECT_EQ(lex.Abbreviation("Gen"), AbbrevClass::kTitle);
  EXPECT_EQ(lex.Abbreviation("gen"), AbbrevClass::kNone);  // written with a capital: exact
  EXPECT_EQ(lex.Abbreviation("Mr"), AbbrevClass::kTitle);
  EXPECT_EQ(lex.Abbreviation("MR"), AbbrevClass::kTitle);
  EXPECT_EQ(lex.Abbreviation("No"), AbbrevClass::kPrenumber);
  EXPECT_EQ(lex.Abbreviation("E.G"), AbbrevClass::kInner);
  EXPECT_EQ(lex.Abbreviation("U.S"), AbbrevClass::kFinal);
  EXPECT_EQ(lex.Abbreviation("u.s"), AbbrevClass::kNone);
  EXPECT_EQ(lex.Abbreviation("Ill"), AbbrevClass::kFinal);
  EXPECT_EQ(lex.Abbreviation("LongAbbrev"), AbbrevClass::kFinal);
  EXPECT_EQ(lex.Abbreviation("longabbrevs"), AbbrevClass::kNone);  // longer than any entry
  EXPECT_EQ(lex.Abbreviation(""), AbbrevClass::kNone);
  EXPECT_EQ(lex.Abbreviation("said"), AbbrevClass::kNone);
  EXPECT_NE(lex.TokenSplit("CanNot"), nullptr);
  EXPECT_NE(lex.TokenSplit("gonna"), nullptr);
  EXPECT_EQ(lex.TokenSplit("gonn"), nullptr);
  EXPECT_EQ(lex.TokenSplit("cannots"), nullptr);
  // Every word of the default lexicon's sections, as written and in capitals.
  for (const char* w : {"Gen", "Sen", "Rep", "Dr", "Jan", "Inc", "Jr", "Corp", "a.m", "p.m"}) {
    EXPECT_NE(Lexicon::Default().Abbreviation(w), AbbrevClass::kNone) << w;
  }
  const Lexicon empty;
  EXPECT_EQ(empty.Abbreviation("Mr"), AbbrevClass::kNone);
  EXPECT_EQ(empty.TokenSplit("cannot"), nullptr);
  EXPECT_EQ(empty.TokenSplit(""), nullptr);
}

struct BadCase {
  const char* abbreviations;
  const char* splits;
  int64_t line;
  const char* message_part;
};

TEST(LexiconTest, ReportsErrorsWithFileAndLine) {
  const BadCase kCases[] = {
      {"mr\n", "", 1, "before the first [section]"},
      {"[title]\nmr\n[oops]\nx\n", "", 4, "unknown section [oops]"},
      {"[title]\nmr\n[final]\nMr.\nmr\n", "", 5, "listed twice"},
      {"[title]\nvice president\n", "", 2, "one word"},
      {"[title]\nmr\n", "cannot can nut\n", 1, "do not spell"},
      {"[title]\nmr\n", "# c\ngonna\n", 2, "at least two parts"},
  };
  for (const BadCase& c : kCases) {
    Result<Lexicon> r = LexiconFromTexts(c.abbreviations, "", "", c.splits);
    ASSERT_FALSE(r.ok()) << c.abbreviations << c.splits;
    EXPECT_EQ(r.status().code(), StatusCode::kBadConfig);
    EXPECT_EQ(r.status().where().line, c.line) << r.status().ToString();
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << r.status().ToString();
  }
}

TEST(LexiconTest, MissingFolderIsNotFound) {
  Result<Lexicon> r = LoadLexicon("/nonexistent/lexicon");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace relgraph::text
