// Every named entity, date and quantity of the example article
// (shared/data/seed/us-pakistan-2024-05-15.txt, the project's reference
// input), with its type, as a careful reader lists them. The article runs
// through the real segmenter and, when its model is built, the tagger; the
// test reports which.

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "src/annotate/entities.h"
#include "src/annotate/tagger.h"
#include "src/text/segmenter.h"
#include "tests/unit/annotate/entities_test_util.h"

namespace relgraph::annotate {
namespace {

using testing::TestOntology;
using testing::TestRecognizer;

std::string SurfaceOf(const text::Sentence& s, const text::Mention& m) {
  std::string out;
  for (uint32_t k = m.begin; k < m.end; ++k) {
    if (k > m.begin && s.tokens[k].span.begin > s.tokens[k - 1].span.end) out += ' ';
    out += s.tokens[k].text;
  }
  return out;
}

TEST(SeedArticleEntitiesTest, ListsEveryNamedEntityWithItsType) {
  const std::string path = std::string(RELGRAPH_SHARED_DIR) + "/data/seed/us-pakistan-2024-05-15.txt";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "EXAMPLE ARTICLE MISSING: " << path << " (shared data folder not found)";
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();

  std::string error;
  const EntityRecognizer* ner = TestRecognizer(&error);
  ASSERT_NE(ner, nullptr) << error;
  text::Segmenter segmenter;
  text::Segmentation seg = segmenter.Segment(text);
  auto tagger = Tagger::Load(std::string(RELGRAPH_SOURCE_DIR) + "/schemas/models/tagger-en-ewt.bin");
  if (tagger.ok()) {
    for (text::Sentence& s : seg.sentences) tagger->Tag(&s.tokens);
  }
  std::printf("seed article: %zu sentences, %s\n", seg.sentences.size(),
              tagger.ok() ? "tagged by the tagger"
                          : ("untagged: " + tagger.status().ToString()).c_str());
  ner->AnnotateDocument(&seg.sentences);

  const Ontology& onto = TestOntology();
  std::set<std::pair<std::string, std::string>> found;
  for (const text::Sentence& s : seg.sentences) {
    for (const text::Mention& m : s.mentions) found.insert({SurfaceOf(s, m), onto.EntityTypeName(m.type)});
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"US", "Country"},
      {"Pakistan", "Country"},
      {"United States", "Country"},
      {"Afghan", "Country"},
      {"Islamabad", "City"},
      {"Washington", "City"},
      {"Khyber Pakhtunkhwa", "Region"},
      {"KP", "Region"},
      {"Balochistan", "Region"},
      {"UN", "InternationalOrganization"},
      {"OIC", "InternationalOrganization"},
      {"US State Department", "GovernmentBody"},
      {"US Department of State", "GovernmentBody"},
      {"Foreign Office", "GovernmentBody"},
      {"FO", "GovernmentBody"},
      {"Afghan Taliban government", "GovernmentBody"},
      {"Tehreek-e-Taliban Pakistan", "ArmedGroup"},
      {"TTP", "ArmedGroup"},
      {"ISIS-Khorasan", "ArmedGroup"},
      {"Daesh", "ArmedGroup"},
      {"Centre for Research and Security Studies", "Organization"},
      {"CRSS", "Organization"},
      {"Vedant Patel", "Person"},
      {"Patel", "Person"},
      {"Syed Haider Shah", "Person"},
      {"Elizabeth Richard", "Person"},
      {"Principal Deputy Spokesperson", "Role"},
      {"Additional Foreign Secretary", "Role"},
      {"Ambassador", "Role"},
      {"Coordinator for Counter-terrorism", "Role"},
      {"spokesperson", "Role"},
      {"spox", "Role"},
      {"Q1 2024 Security Report", "Document"},
      {"May 15, 2024", "Date"},
      {"Wednesday", "Date"},
      {"today", "Date"},
      {"recent months", "Date"},
      {"earlier this week", "Date"},
      {"April this year", "Date"},
      {"first quarter of 2024", "Date"},
      {"Q1, 2024", "Date"},
      {"at least 92%", "Quantity"},
      {"86%", "Quantity"},
      {"at least 432 violence-linked fatalities", "Quantity"},
      {"370 injuries", "Quantity"},
      {"as many as 245 incidents", "Quantity"},
      {"432 fatalities", "Quantity"},
      {"281", "Quantity"},
      {"51%", "Quantity"},
      {"41%", "Quantity"},
      {"less than 8%", "Quantity"},
      {"scores of attacks", "Quantity"},
  };
  for (const auto& e : expected) {
    EXPECT_TRUE(found.count(e)) << "missing: " << e.first << " (" << e.second << ")";
  }
  // What a careful reader would not call an entity.
  for (const auto& f : found) {
    if (f.first.find("Wednesday") != std::string::npos) {
      EXPECT_EQ(f, std::make_pair(std::string("Wednesday"), std::string("Date")))
          << "a date inside a name";
    }
    EXPECT_NE(f.first, "Responding") << f.second;
    EXPECT_NE(f.first, "His") << f.second;
    EXPECT_NE(f.first, "Among") << f.second;
  }
  std::set<std::pair<std::string, std::string>> expected_set(expected.begin(), expected.end());
  for (const auto& f : found) {
    if (!expected_set.count(f)) std::printf("  also found: %s (%s)\n", f.first.c_str(), f.second.c_str());
  }
}

}  // namespace
}  // namespace relgraph::annotate
