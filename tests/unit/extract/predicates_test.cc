#include "src/extract/predicates.h"

#include <gtest/gtest.h>

namespace relgraph::extract {
namespace {

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

TEST(AbbreviationFitsTest, Table) {
  struct Row {
    const char* abbr;
    const char* words;
    bool fits;
  };
  const Row rows[] = {
      {"CRSS", "Centre for Research and Security Studies", true},
      {"TTP", "Tehreek-e-Taliban Pakistan", true},
      {"FO", "Foreign Office", true},
      {"U.S.", "United States", true},
      {"NATO", "North Atlantic Treaty Organization", true},
      {"ISIL", "Islamic State of Iraq and the Levant", true},
      {"MoFA", "Ministry of Foreign Affairs", true},
      {"CENTCOM", "Central Command", true},
      {"ISPR", "Inter-Services Public Relations", true},
      {"OIC", "Organisation of Islamic Cooperation", true},
      {"FBI", "Federal Bureau of Investigation", true},
      // Former near misses.
      {"CRSS", "Security Studies", false},
      {"XYZ", "Big Company", false},
      {"UN", "United Nations Security Council", false},
      {"TTP", "Pakistan", false},
      {"FO", "the Foreign Office", false},  // a function word may not start the long form
  };
  for (const auto& row : rows) {
    EXPECT_EQ(AbbreviationFits(row.abbr, Split(row.words)), row.fits) << row.abbr << " / " << row.words;
  }
}

TEST(ChecksTest, RegistryIsSortedAndComplete) {
  const auto& all = AllChecks();
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(std::string(all[i - 1].name), all[i].name);
  EXPECT_NE(FindCheck("acronym_of"), nullptr);
  EXPECT_EQ(FindCheck("nope"), nullptr);
}

}  // namespace
}  // namespace relgraph::extract
