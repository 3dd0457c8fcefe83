// Tests of relgraph::annotate::Gazetteer: the shipped files load and are
// consistent, malformed lines stop loading with file:line, names match under
// the documented normalisation and case rules.

#include "src/annotate/gazetteer.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/annotate/gazetteer_text.h"
#include "tests/unit/annotate/entities_test_util.h"

namespace relgraph::annotate {
namespace {

using testing::TestOntology;

const std::string kHeader = "canonical\ttype\taliases\tdemonyms\tcapital\tpart_of\tnotes\n";

const Gazetteer& Shipped() {
  static const Gazetteer* gaz = [] {
    auto r = Gazetteer::Load(std::string(RELGRAPH_SOURCE_DIR) + "/schemas/gazetteer", TestOntology());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? new Gazetteer(std::move(r).value()) : new Gazetteer();
  }();
  return *gaz;
}

std::string FirstCanonical(const Gazetteer& g, const std::string& name) {
  auto hits = g.Lookup(name);
  return hits.empty() ? "" : g.entry(hits[0].entry).canonical;
}

TEST(GazetteerFilesTest, EveryFileLoadsWithExpectedSizes) {
  const Gazetteer& g = Shipped();
  std::map<std::string, int> per_file;
  for (const GazetteerEntry& e : g.entries()) ++per_file[e.file];
  const std::map<std::string, int> kMinimum = {
      {"countries", 200}, {"cities", 300},          {"regions", 300},
      {"international_organizations", 70}, {"armed_groups", 55},
      {"government_bodies", 90}, {"organizations", 45}};
  for (const auto& [file, min] : kMinimum) {
    EXPECT_GE(per_file[file], min) << file;
    std::printf("gazetteer %s: %d entries\n", file.c_str(), per_file[file]);
  }
  EXPECT_EQ(per_file.size(), kMinimum.size()) << "a gazetteer file this test does not know";
}

TEST(GazetteerFilesTest, CountriesHaveCapitalsInTheirCountry) {
  const Gazetteer& g = Shipped();
  int countries = 0;
  for (const GazetteerEntry& e : g.entries()) {
    if (e.type != "Country") continue;
    ++countries;
    if (e.capital.empty()) continue;
    const GazetteerEntry* city = g.FindCanonical(e.capital, "City");
    ASSERT_NE(city, nullptr) << e.canonical;
    EXPECT_EQ(city->part_of, e.canonical) << e.capital << " is the capital of " << e.canonical;
  }
  EXPECT_GE(countries, 195);
}

// A name news uses for two entities of one type must be explained: every
// entry that keeps it mentions it in its notes (README "Ambiguous names").
TEST(GazetteerFilesTest, NoUnexplainedAmbiguousAlias) {
  const Gazetteer& g = Shipped();
  // folded name + type -> entries (and the name as written)
  std::map<std::pair<std::string, std::string>, std::set<uint32_t>> owners;
  std::map<std::pair<std::string, std::string>, std::string> spelling;
  for (uint32_t i = 0; i < g.size(); ++i) {
    const GazetteerEntry& e = g.entry(i);
    std::vector<std::string> names = e.aliases;
    names.push_back(e.canonical);
    names.insert(names.end(), e.demonyms.begin(), e.demonyms.end());
    for (const std::string& n : names) {
      auto key = std::make_pair(NormalizeName(n), e.type);
      owners[key].insert(i);
      spelling[key] = n;
    }
  }
  int ambiguous = 0;
  for (const auto& [key, entries] : owners) {
    if (entries.size() < 2) continue;
    ++ambiguous;
    for (uint32_t i : entries) {
      const GazetteerEntry& e = g.entry(i);
      EXPECT_NE(NormalizeName(e.notes).find(key.first), std::string::npos)
          << "\"" << spelling[key] << "\" names several " << key.second << " entries; "
          << e.file << ".tsv:" << e.line << " (" << e.canonical << ") must say why in its notes";
    }
  }
  EXPECT_LE(ambiguous, 10) << "ambiguity should stay the exception";
}

struct BadCase {
  const char* name;
  std::string text;
  int line;
  const char* message;
};

TEST(GazetteerLoadTest, MalformedLineNamesFileLineAndReason) {
  const std::string row = "Pakistan\tCountry\tPK\tPakistani\t\t\t\n";
  const std::vector<BadCase> cases = {
      {"missing header", row, 1, "expected the header line"},
      {"wrong header", "canonical\ttype\taliases\n" + row, 1, "expected the header line"},
      {"six columns", kHeader + "Pakistan\tCountry\tPK\t\t\t\n", 2, "expected 7 tab-separated columns, found 6"},
      {"empty canonical", kHeader + "\tCountry\t\t\t\t\t\n", 2, "empty canonical name"},
      {"unknown type", kHeader + "Pakistan\tNation\t\t\t\t\t\n", 2, "unknown entity type \"Nation\""},
      {"empty alias", kHeader + "# comment\n\nPakistan\tCountry\tPK||PAK\t\t\t\t\n", 4, "empty item"},
      {"padded alias", kHeader + "Pakistan\tCountry\tPK| PAK\t\t\t\t\n", 2, "leading or trailing spaces"},
      {"duplicate", kHeader + row + row, 3, "duplicate entry \"Pakistan\" of type Country"},
  };
  for (const BadCase& c : cases) {
    Gazetteer g;
    Status s = g.AddTsv(c.text, "dir/bad.tsv", TestOntology());
    ASSERT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.code(), StatusCode::kBadConfig) << c.name;
    EXPECT_EQ(s.where().file, "dir/bad.tsv") << c.name;
    EXPECT_EQ(s.where().line, c.line) << c.name << ": " << s.ToString();
    EXPECT_NE(s.message().find(c.message), std::string::npos) << c.name << ": " << s.ToString();
  }
}

TEST(GazetteerLoadTest, UnknownCapitalOrPartOfIsReportedAtTheReferringLine) {
  {
    Gazetteer g;
    ASSERT_TRUE(g.AddTsv(kHeader + "Pakistan\tCountry\t\t\tIslamabad\t\t\n", "c.tsv", TestOntology()).ok());
    Status s = g.Finish();
    EXPECT_EQ(s.code(), StatusCode::kBadConfig);
    EXPECT_EQ(s.ToString(), "c.tsv:2: capital \"Islamabad\" is not the canonical name of a City entry");
  }
  {
    Gazetteer g;
    ASSERT_TRUE(g.AddTsv(kHeader + "\n\nLahore\tCity\t\t\t\tPakistan\t\n", "c.tsv", TestOntology()).ok());
    Status s = g.Finish();
    EXPECT_EQ(s.ToString(), "c.tsv:4: part_of \"Pakistan\" is not the canonical name of any entry");
  }
}

TEST(GazetteerLoadTest, LoadStopsAtTheBadFileWithItsPath) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("relgraph_gaz_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "a.tsv") << kHeader << "Pakistan\tCountry\t\t\t\t\t\n";
    std::ofstream(dir / "b.tsv") << kHeader << "Lahore\tCity\t\t\t\tPakistan\t\n"
                                 << "Karachi\tCity\tKHI\n";
  }
  auto r = Gazetteer::Load(dir.string(), TestOntology());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().where().file, (dir / "b.tsv").string());
  EXPECT_EQ(r.status().where().line, 3);
  auto missing = Gazetteer::Load((dir / "nope").string(), TestOntology());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(GazetteerLookupTest, NamesAliasesDemonymsAndCaseRules) {
  const Gazetteer& g = Shipped();
  struct Row {
    const char* name;
    const char* canonical;  // "" = no entry
  };
  const Row rows[] = {
      {"United States", "United States"},
      {"U.S.", "United States"},
      {"US", "United States"},
      {"U.S", "United States"},
      {"USA", "United States"},
      {"the States", "United States"},
      {"us", ""},
      {"Us", ""},
      {"Britain", "United Kingdom"},
      {"U.K.", "United Kingdom"},
      {"Russian Federation", "Russia"},
      {"pakistan", ""},
      {"PAKISTAN", "Pakistan"},
      {"Pakistani", "Pakistan"},
      {"Afghans", "Afghanistan"},
      {"afghan", ""},
      {"KP", "Khyber Pakhtunkhwa"},
      {"KPK", "Khyber Pakhtunkhwa"},
      {"Daesh", "Islamic State"},
      {"ISIS-K", "ISIS-Khorasan"},
      {"ISKP", "ISIS-Khorasan"},
      {"TTP", "Tehreek-e-Taliban Pakistan"},
      {"Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"},
      {"WHO", "World Health Organization"},
      {"Who", ""},
      {"who", ""},
      {"IT", ""},
      {"State Department", "United States Department of State"},
      {"US Department of State", "United States Department of State"},
      {"Pentagon", "United States Department of Defense"},
      {"Washington", "Washington"},
      {"Georgia", "Georgia"},
      {"Houthis", "Houthis"},
      {"Ansar Allah", "Houthis"},
      {"Interpol", "Interpol"},
      {"Red Cross", "International Committee of the Red Cross"},
      {"  Khyber   Pakhtunkhwa ", "Khyber Pakhtunkhwa"},
      {"Türkiye", "Turkey"},
      {"TÜRKIYE", "Turkey"},
      {"Côte d\xE2\x80\x99Ivoire", "Côte d'Ivoire"},
      {"Foreign Office", ""},
  };
  for (const Row& r : rows) EXPECT_EQ(FirstCanonical(g, r.name), r.canonical) << r.name;
  // Demonyms say so; ambiguous names offer every entry, most likely first.
  auto hits = g.Lookup("Pakistani");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].kind, NameKind::kDemonym);
  hits = g.Lookup("Georgia");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(g.entry(hits[0].entry).type, "Country");
  EXPECT_EQ(g.entry(hits[1].entry).type, "Region");
  ASSERT_NE(g.FindCanonical("Kabul", "City"), nullptr);
  EXPECT_EQ(g.FindCanonical("Kabul", "Region"), nullptr);
}

text::Token Tok(std::string text, uint32_t begin) {
  text::Token t;
  t.span = {begin, static_cast<uint32_t>(begin + text.size())};
  t.shape = text::ShapeOf(text);
  t.text = std::move(text);
  return t;
}

// Tokens from "word@offset" pairs so that tests can make them touch.
std::vector<text::Token> Toks(std::vector<std::pair<std::string, uint32_t>> parts) {
  std::vector<text::Token> out;
  for (auto& [w, b] : parts) out.push_back(Tok(w, b));
  return out;
}

TEST(GazetteerMatchTest, LongestMatchHoweverTheTokenizerSplitHyphens) {
  const Gazetteer& g = Shipped();
  GazetteerMatch m;
  // "Tehreek-e-Taliban Pakistan" as one token plus one, and split at hyphens.
  auto whole = Toks({{"the", 0}, {"Tehreek-e-Taliban", 4}, {"Pakistan", 22}, {"said", 31}});
  ASSERT_TRUE(g.MatchAt(whole, 1, &m));
  EXPECT_EQ(m.end, 3u);
  EXPECT_EQ(g.entry(m.hits[0].entry).canonical, "Tehreek-e-Taliban Pakistan");
  auto split = Toks({{"Tehreek", 0}, {"-", 7}, {"e", 8}, {"-", 9}, {"Taliban", 10}, {"Pakistan", 18}});
  ASSERT_TRUE(g.MatchAt(split, 0, &m));
  EXPECT_EQ(m.end, 6u);
  // Longest: "US State Department" over "US"; "U.S." and "U.S" alike.
  auto us = Toks({{"U.S.", 0}, {"State", 5}, {"Department", 11}, {"'s", 21}});
  ASSERT_TRUE(g.MatchAt(us, 0, &m));
  EXPECT_EQ(m.end, 3u);
  EXPECT_EQ(g.entry(m.hits[0].entry).canonical, "United States Department of State");
  // "Pakistan's Foreign Office" with the possessive split off.
  auto fo = Toks({{"Pakistan", 0}, {"'s", 8}, {"Foreign", 11}, {"Office", 19}});
  ASSERT_TRUE(g.MatchAt(fo, 0, &m));
  EXPECT_EQ(m.end, 4u);
  EXPECT_EQ(g.entry(m.hits[0].entry).canonical, "Ministry of Foreign Affairs (Pakistan)");
  // Lower-case "us" and a prefix without its end do not match.
  auto lower = Toks({{"us", 0}, {"state", 3}});
  EXPECT_FALSE(g.MatchAt(lower, 0, &m));
  auto prefix = Toks({{"Khyber", 0}, {"Pass", 7}});
  ASSERT_TRUE(g.MatchAt(prefix, 0, &m));
  EXPECT_EQ(g.entry(m.hits[0].entry).canonical, "Khyber Pass");
  auto no_end = Toks({{"Khyber", 0}, {"Road", 7}});
  EXPECT_FALSE(g.MatchAt(no_end, 0, &m));
  EXPECT_FALSE(g.MatchAt(no_end, 5, &m));  // past the end: no crash, no match
}

// MatchFirstAtHashed (what the entity recogniser uses) reports the end and
// the first hit of MatchAt's list, also where one span spells two names of
// the index whose hits must be merged and sorted.
TEST(GazetteerMatchTest, FirstHitAgreesWithTheFullMatch) {
  Gazetteer own;
  // "Foo" (an organisation) and "FOO" (an alias of the country Bar) fold
  // alike: the text "FOO" fits both names, and the country goes first.
  ASSERT_TRUE(own.AddTsv(kHeader + "Foo\tOrganization\t\t\t\t\t\n"
                                   "Bar\tCountry\tFOO\tBarian\t\t\t\n"
                                   "Foo Works\tOrganization\t\t\t\t\t\n",
                         "own.tsv", TestOntology())
                  .ok());
  ASSERT_TRUE(own.Finish().ok());
  GazetteerMatch m;
  auto upper = Toks({{"FOO", 0}, {"said", 4}});
  ASSERT_TRUE(own.MatchAt(upper, 0, &m));
  ASSERT_EQ(m.hits.size(), 2u);
  EXPECT_EQ(own.entry(m.hits[0].entry).canonical, "Bar");
  EXPECT_EQ(own.entry(m.hits[1].entry).canonical, "Foo");
  auto title = Toks({{"Foo", 0}, {"said", 4}});
  ASSERT_TRUE(own.MatchAt(title, 0, &m));
  ASSERT_EQ(m.hits.size(), 1u);
  EXPECT_EQ(own.entry(m.hits[0].entry).canonical, "Foo");

  struct Case {
    const Gazetteer* gaz;
    std::vector<text::Token> tokens;
  };
  const std::vector<Case> cases = {
      {&own, upper},
      {&own, title},
      {&own, Toks({{"the", 0}, {"Foo", 4}, {"Works", 8}, {"and", 14}, {"Barian", 18}, {"FOO", 25}})},
      {&Shipped(), Toks({{"the", 0}, {"Tehreek-e-Taliban", 4}, {"Pakistan", 22}, {"said", 31}})},
      {&Shipped(), Toks({{"U.S.", 0}, {"State", 5}, {"Department", 11}, {"'s", 21}})},
      {&Shipped(), Toks({{"Pakistan", 0}, {"'s", 8}, {"Foreign", 11}, {"Office", 19}})},
      {&Shipped(), Toks({{"Afghan", 0}, {"and", 7}, {"Pakistani", 11}, {"officials", 21}, {"in", 31},
                         {"Georgia", 34}, {"and", 42}, {"Punjab", 46}})},
      {&Shipped(), Toks({{"us", 0}, {"state", 3}, {"Khyber", 9}, {"Road", 16}})},
  };
  int found = 0;
  for (const Case& c : cases) {
    for (size_t i = 0; i <= c.tokens.size(); ++i) {
      const std::string where = i < c.tokens.size() ? c.tokens[i].text : "(end)";
      const uint64_t h = i < c.tokens.size() ? Gazetteer::HashToken(c.tokens[i].text) : 1;
      GazetteerMatch full;
      uint32_t end = 0;
      NameHit first;
      const bool want = c.gaz->MatchAt(c.tokens, i, &full);
      ASSERT_EQ(c.gaz->MatchFirstAtHashed(c.tokens, i, h, &end, &first), want) << where;
      if (!want) continue;
      ++found;
      EXPECT_EQ(end, full.end) << where;
      EXPECT_EQ(first.entry, full.hits[0].entry) << where;
      EXPECT_EQ(first.kind, full.hits[0].kind) << where;
    }
  }
  EXPECT_GE(found, 12);
}

// FoldCaseEquals(s, f) is FoldCase(s) == f without the string, and
// IsNormalized says when AppendNormalized copies a token unchanged (the
// gazetteer's one-token matches rely on both).
TEST(GazetteerTextTest, FoldCaseEqualsAgreesWithFoldCase) {
  const std::vector<std::string> texts = {
      "", "Pakistan", "PAKISTAN", "pakistan", "US", "us", "Tehreek-e-Taliban", "\xC3\x89lys\xC3\xA9" "e",
      "\xC3\xA9lys\xC3\xA9" "e", "\xC3\x97", "\xC3\xB7", "\xC3", "a\xC3", "\xC3\x9E", "\xC3\xBE", "@[`{",
      "Xi\xE2\x80\x99s", "U.S."};
  for (const std::string& a : texts) {
    for (const std::string& b : texts) {
      const std::string folded = gaztext::FoldCase(b);
      EXPECT_EQ(gaztext::FoldCaseEquals(a, folded), gaztext::FoldCase(a) == folded) << a << " / " << b;
    }
    std::string normalized;
    gaztext::AppendNormalized(a, &normalized);
    if (gaztext::IsNormalized(a)) {
      EXPECT_EQ(normalized, a) << a;
    }
  }
  EXPECT_FALSE(gaztext::IsNormalized("U.S."));
  EXPECT_FALSE(gaztext::IsNormalized("Xi\xE2\x80\x99s"));
  EXPECT_TRUE(gaztext::IsNormalized("Pakistan"));
}

// HashPlain is the fast path of HashFold: for plain ASCII (no dot, no NUL)
// it gives the hash of FoldBytes byte by byte, and the letter and hyphen
// flags of the folded bytes; it refuses every other token.
TEST(GazetteerTextTest, HashPlainAgreesWithFoldBytes) {
  auto slow = [](std::string_view t, bool* letter, bool* hyphen) {
    uint64_t h = gaztext::kFnvSeed;
    *letter = *hyphen = false;
    gaztext::FoldBytes(t, true, [&](unsigned char c) {
      h = gaztext::Step(h, c);
      *letter |= (c >= 'a' && c <= 'z') || c >= 0x80;
      *hyphen |= c == '-';
    });
    return h;
  };
  std::vector<std::string> tokens = {"Pakistan", "US", "ZARB-E-AZB", "--", "@", "2024", "",
                                     "it's", "Tehreek-e-Taliban", "a_b", "~`{}|"};
  for (int c = 0; c < 256; ++c) tokens.push_back(std::string(1, static_cast<char>(c)));
  for (const std::string& t : tokens) {
    bool plain_ascii = true;
    for (char ch : t) {
      const auto c = static_cast<unsigned char>(ch);
      plain_ascii = plain_ascii && c != 0 && c < 0x80 && c != '.';
    }
    bool letter = false, hyphen = false;
    const uint64_t want = slow(t, &letter, &hyphen);
    uint64_t got = 0;
    uint32_t flags = 0;
    ASSERT_EQ(gaztext::HashPlain(gaztext::kFnvSeed, t, &got, &flags), plain_ascii) << t;
    EXPECT_EQ(gaztext::HashFold(gaztext::kFnvSeed, t), want) << t;
    if (!plain_ascii) continue;
    EXPECT_EQ(got, want) << t;
    EXPECT_EQ((flags & gaztext::kPlainLetter) != 0, letter) << t;
    EXPECT_EQ((flags & gaztext::kPlainHyphen) != 0, hyphen) << t;
  }
  for (const char* t : {"U.S.", "Gen.", "\xC3\x89lys\xC3\xA9" "e", "Xi\xE2\x80\x99s"}) {
    bool letter = false, hyphen = false;
    EXPECT_EQ(gaztext::HashFold(gaztext::kFnvSeed, t), slow(t, &letter, &hyphen)) << t;
  }
}

}  // namespace
}  // namespace relgraph::annotate
