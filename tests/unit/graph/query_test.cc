#include "graph/query.h"

#include <gtest/gtest.h>

namespace relgraph::graph {
namespace {

KnowledgeGraph Sample() {
  KnowledgeGraph g;
  Entity us{.label = "United States", .type = "Country", .aliases = {"US", "U.S."}};
  Entity pk{.label = "Pakistan", .type = "Country"};
  Entity ttp{.label = "Tehreek-e-Taliban Pakistan", .type = "ArmedGroup", .aliases = {"TTP"}};
  Entity soil{.label = "Afghan soil", .type = "Location"};
  auto rel = [](const std::string& id, RelationKind kind = RelationKind::kTyped) {
    Relation r;
    r.relation = id;
    r.kind = kind;
    r.evidence.push_back({.doc_id = "d", .rule_id = "t"});
    return r;
  };
  g.AddTriple(us, rel("supports"), pk, false);
  g.AddTriple(us, rel("agrees_with"), pk, true);
  g.AddTriple(ttp, rel("operates_from"), soil, false);
  g.AddTriple(pk, rel("open:raise_concern_with", RelationKind::kOpen), soil, false);
  return g;
}

TEST(QueryTest, ParsesPatterns) {
  struct Row {
    const char* text;
    bool ok;
    const char* subject;
    const char* object;
  };
  const Row rows[] = {
      {"US supports ?x", true, "US", "?x"},
      {"\"United States\" supports 'Pakistan'", true, "United States", "Pakistan"},
      {"US supports", false, "", ""},
      {"\"US supports ?x", false, "", ""},
  };
  for (const auto& row : rows) {
    QueryPattern q;
    std::string error;
    EXPECT_EQ(ParseQueryPattern(row.text, &q, &error), row.ok) << row.text;
    if (row.ok) {
      EXPECT_EQ(q.subject, row.subject);
      EXPECT_EQ(q.object, row.object);
    } else {
      EXPECT_FALSE(error.empty());
    }
  }
}

TEST(QueryTest, MatchesNamesAliasesAndSymmetry) {
  KnowledgeGraph g = Sample();
  const std::set<std::string> sym = {"agrees_with"};
  struct Row {
    QueryPattern q;
    size_t count;
  };
  const Row rows[] = {
      {{"us", "supports", "?x"}, 1},
      {{"U.S.", "", ""}, 2},
      {{"united states", "agrees_with", "pakistan"}, 1},  // symmetric, stored as Pakistan -> US
      {{"pakistan", "supports", "united states"}, 0},     // not symmetric
      {{"ttp", "operates_from", "?"}, 1},
      {{"", "raise concern with", ""}, 1},                // open relation by its words
      {{"", "", "Afghan soil"}, 2},
      {{"India", "", ""}, 0},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(RunQuery(g, row.q, sym).size(), row.count)
        << row.q.subject << " " << row.q.relation << " " << row.q.object;
  }
}

}  // namespace
}  // namespace relgraph::graph
