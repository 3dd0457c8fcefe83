#include "graph/io/encoding.h"

#include <gtest/gtest.h>

#include "graph/io/format.h"
#include "graph/io/graphml.h"

namespace relgraph::io {
namespace {

struct Row {
  std::string input;
  std::string expected;
};

TEST(SanitizeUtf8Test, ReplacesInvalidSequencesAndKeepsValidText) {
  const Row rows[] = {
      {"plain", "plain"},
      {"Tehreek \u2018TTP\u2019 \u2013 x", "Tehreek \u2018TTP\u2019 \u2013 x"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},                  // 4-byte sequence
      {"a\xFFz", "a\xEF\xBF\xBDz"},                              // not a lead byte
      {"a\xC3", "a\xEF\xBF\xBD"},                                // truncated at the end
      {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                  // overlong "/"
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // UTF-16 surrogate
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // > U+10FFFF
  };
  for (const Row& r : rows) EXPECT_EQ(SanitizeUtf8(r.input), r.expected) << r.input;
}

TEST(XmlEscapeTest, EscapesMarkupAndReplacesWhatXmlCannotHold) {
  const Row content[] = {
      {"a < b & c > d", "a &lt; b &amp; c &gt; d"},
      {"say \"hi\"", "say \"hi\""},
      {"tab\tnew\nline", "tab\tnew\nline"},
      {"cr\r\n", "cr&#13;\n"},
      {"bell\x07", "bell\xEF\xBF\xBD"},
      {std::string("nul\0x", 5), "nul\xEF\xBF\xBDx"},
      {"\xEF\xBF\xBE", "\xEF\xBF\xBD"},  // U+FFFE is not an XML character
      {"\u2018TTP\u2019", "\u2018TTP\u2019"},
  };
  for (const Row& r : content) {
    std::string out;
    AppendXmlEscaped(r.input, /*attribute=*/false, &out);
    EXPECT_EQ(out, r.expected) << r.input;
  }
  const Row attribute[] = {
      {"say \"hi\"", "say &quot;hi&quot;"},
      {"tab\tnew\nline\r", "tab&#9;new&#10;line&#13;"},
  };
  for (const Row& r : attribute) {
    std::string out;
    AppendXmlEscaped(r.input, /*attribute=*/true, &out);
    EXPECT_EQ(out, r.expected) << r.input;
  }
}

TEST(RdfStringTest, EscapesPerTheNTriplesGrammar) {
  const Row rows[] = {
      {"plain", "\"plain\""},
      {"q\"b\\", "\"q\\\"b\\\\\""},
      {"t\tn\nr\r", "\"t\\tn\\nr\\r\""},
      {"\b\f", "\"\\b\\f\""},
      {"bell\x07 del\x7F", "\"bell\\u0007 del\\u007F\""},
      {"<>&", "\"<>&\""},
      {"\u2018TTP\u2019", "\"\u2018TTP\u2019\""},
      {"bad\xFF", "\"bad\xEF\xBF\xBD\""},
  };
  for (const Row& r : rows) {
    std::string out;
    AppendRdfString(r.input, &out);
    EXPECT_EQ(out, r.expected) << r.input;
  }
}

TEST(PercentEncodeTest, KeepsOnlyWhatIsSafeInAnIriAndRoundTrips) {
  const Row rows[] = {
      {"country/pakistan", "country/pakistan"},
      {"raised concerns with", "raised%20concerns%20with"},
      {"a<b>c\"d{e}f|g\\h^i`j", "a%3Cb%3Ec%22d%7Be%7Df%7Cg%5Ch%5Ei%60j"},
      {"100%", "100%25"},
      {"x#y?z", "x%23y%3Fz"},
      {"\u2018", "%E2%80%98"},
      {"a-b.c_d~e", "a-b.c_d~e"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(PercentEncode(r.input), r.expected) << r.input;
    std::string back;
    ASSERT_TRUE(PercentDecode(r.expected, &back)) << r.expected;
    EXPECT_EQ(back, r.input);
  }
  std::string out;
  EXPECT_FALSE(PercentDecode("%4", &out));
  EXPECT_FALSE(PercentDecode("%G0", &out));
}

TEST(NmtokenTest, EncodesEntityIdsAsGraphmlIdsReversibly) {
  const Row rows[] = {
      {"country/pakistan", "country:pakistan"},
      {"thing/-", "thing:-"},
      {"person/o_brien", "person:o_5Fbrien"},
      {"a:b", "a_3Ab"},
      {"x y", "x_20y"},
      {"armedgroup/\u2018ttp\u2019", "armedgroup:_E2_80_98ttp_E2_80_99"},
      {"", "_"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(NmtokenEncode(r.input), r.expected) << r.input;
    std::string back;
    ASSERT_TRUE(NmtokenDecode(r.expected, &back)) << r.expected;
    EXPECT_EQ(back, r.input);
  }
  std::string out;
  EXPECT_FALSE(NmtokenDecode("a b", &out));
  EXPECT_FALSE(NmtokenDecode("a_Z1", &out));
}

TEST(NumberFormatTest, ShortestRoundTripsAndDerivedIsFourDigits) {
  EXPECT_EQ(FormatShortest(0.5), "0.5");
  EXPECT_EQ(FormatShortest(1.0), "1");
  EXPECT_EQ(FormatShortest(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatShortest(1e-05), "1e-05");
  EXPECT_EQ(FormatDerived(0.86), "0.86");
  EXPECT_EQ(FormatDerived(1.0 - 0.2 * 0.7), "0.86");
  EXPECT_EQ(FormatDerived(0.93756), "0.9376");
  EXPECT_EQ(FormatDerived(1.0), "1");
}

TEST(AliasListTest, JoinsWithSemicolonsAndEscapesThem) {
  const std::vector<std::string> aliases = {"TTP", "Pakistani Taliban; TTP", "back\\slash", ""};
  const std::string joined = JoinAliases(aliases);
  EXPECT_EQ(joined, "TTP; Pakistani Taliban\\; TTP; back\\\\slash; ");
  EXPECT_EQ(SplitAliases(joined), aliases);
  EXPECT_TRUE(SplitAliases("").empty());
  EXPECT_EQ(SplitAliases("US; U.S."), (std::vector<std::string>{"US", "U.S."}));
}

TEST(StableEdgeIdsTest, AnEdgeKeepsItsIdWhenOtherEdgesComeAndGo) {
  auto rel = [](const char* id) {
    graph::Relation r;
    r.relation = id;
    r.evidence.push_back({.doc_id = "d", .rule_id = "r"});
    return r;
  };
  const graph::Entity a{.label = "A", .type = "Country"};
  const graph::Entity b{.label = "B", .type = "Country"};
  const graph::Entity c{.label = "C", .type = "Country"};
  graph::KnowledgeGraph small;
  small.AddTriple(b, rel("supports"), c, false);
  graph::KnowledgeGraph big;
  big.AddTriple(a, rel("supports"), b, false);
  big.AddTriple(b, rel("supports"), c, false);
  graph::Relation negated = rel("supports");
  negated.polarity = graph::Polarity::kNegated;
  big.AddTriple(b, negated, c, false);

  const auto small_ids = StableEdgeIds(small.Relations());
  const auto big_ids = StableEdgeIds(big.Relations());
  ASSERT_EQ(small_ids.size(), 1u);
  ASSERT_EQ(big_ids.size(), 3u);
  // Relations() order: (A supports B), (B supports C affirmed), (B supports C negated).
  EXPECT_EQ(big_ids[1], small_ids[0]);
  EXPECT_NE(big_ids[1], big_ids[2]);  // polarity is part of the identity
  EXPECT_NE(big_ids[0], big_ids[1]);
  EXPECT_EQ(small_ids[0].size(), 17u);
  EXPECT_EQ(small_ids[0][0], 'e');
}

TEST(FormatNamesTest, NamesAndExtensionsMapToFormats) {
  struct {
    const char* name;
    bool ok;
    Format format;
  } names[] = {
      {"graphml", true, Format::kGraphml}, {"GraphML", true, Format::kGraphml},
      {"nt", true, Format::kNTriples},     {"n-triples", true, Format::kNTriples},
      {"ttl", true, Format::kTurtle},      {"turtle", true, Format::kTurtle},
      {"jsonl", true, Format::kJsonLines}, {"ndjson", true, Format::kJsonLines},
      {"gexf", false, Format::kGraphml},   {"", false, Format::kGraphml},
  };
  for (const auto& row : names) {
    Format f = Format::kGraphml;
    EXPECT_EQ(FormatFromName(row.name, &f), row.ok) << row.name;
    if (row.ok) {
      EXPECT_EQ(f, row.format) << row.name;
    }
  }
  struct {
    const char* path;
    bool ok;
    Format format;
  } paths[] = {
      {"out/run.graphml", true, Format::kGraphml}, {"x.NT", true, Format::kNTriples},
      {"a.b/c.ttl", true, Format::kTurtle},        {"part-0.jsonl", true, Format::kJsonLines},
      {"a.json", false, Format::kGraphml},         {"noext", false, Format::kGraphml},
      {"dir.ttl/file", false, Format::kGraphml},   {".graphml", false, Format::kGraphml},
      {"x.turtle", false, Format::kGraphml},
  };
  for (const auto& row : paths) {
    Format f = Format::kGraphml;
    EXPECT_EQ(FormatFromExtension(row.path, &f), row.ok) << row.path;
    if (row.ok) {
      EXPECT_EQ(f, row.format) << row.path;
    }
  }
  for (Format f : {Format::kGraphml, Format::kNTriples, Format::kTurtle, Format::kJsonLines}) {
    Format back;
    ASSERT_TRUE(FormatFromName(FormatName(f), &back));
    EXPECT_EQ(back, f);
    ASSERT_TRUE(FormatFromExtension("x" + std::string(FormatExtension(f)), &back));
    EXPECT_EQ(back, f);
  }
}

}  // namespace
}  // namespace relgraph::io
