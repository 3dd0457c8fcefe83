#include "graph/knowledge_graph.h"

#include <gtest/gtest.h>

namespace relgraph::graph {
namespace {

Relation Rel(const std::string& id, const std::string& doc, uint32_t sentence, double conf = 0.5) {
  Relation r;
  r.relation = id;
  Evidence ev;
  ev.doc_id = doc;
  ev.sentence = sentence;
  ev.rule_id = "test.rule";
  ev.confidence = conf;
  r.evidence.push_back(ev);
  return r;
}

TEST(EntityIdTest, SlugsLabelAndType) {
  EXPECT_EQ(EntityId("United States", "Country"), "country/united-states");
  EXPECT_EQ(EntityId("Tehreek-e-Taliban Pakistan", "ArmedGroup"), "armedgroup/tehreek-e-taliban-pakistan");
  EXPECT_EQ(EntityId("U.S.", ""), "thing/u-s");
  EXPECT_EQ(EntityId("  ", "Thing"), "thing/-");
}

TEST(KnowledgeGraphTest, IdenticalTriplesMergeAndEvidenceAccumulates) {
  KnowledgeGraph g;
  Entity us{.label = "United States", .type = "Country", .aliases = {"US"}, .mentions = 1};
  Entity pk{.label = "Pakistan", .type = "Country", .mentions = 1};
  g.AddTriple(us, Rel("supports", "d1", 0), pk, false);
  g.AddTriple(us, Rel("supports", "d1", 5), pk, false);
  g.AddTriple(us, Rel("supports", "d1", 5), pk, false);  // the same evidence again
  ASSERT_EQ(g.num_entities(), 2u);
  ASSERT_EQ(g.num_relations(), 1u);
  auto rels = g.Relations();
  EXPECT_EQ(rels[0].relation->weight(), 2u);
  EXPECT_DOUBLE_EQ(rels[0].relation->confidence, 0.75);
  EXPECT_EQ(g.FindEntity("country/united-states")->mentions, 3u);
}

TEST(KnowledgeGraphTest, SymmetricRelationsAreStoredOnce) {
  KnowledgeGraph g;
  Entity a{.label = "Pakistan", .type = "Country"};
  Entity b{.label = "United States", .type = "Country"};
  g.AddTriple(b, Rel("agrees_with", "d", 1), a, true);
  g.AddTriple(a, Rel("agrees_with", "d", 2), b, true);
  ASSERT_EQ(g.num_relations(), 1u);
  EXPECT_EQ(g.Relations()[0].subject->label, "Pakistan");
  // A non-symmetric relation keeps its direction.
  g.AddTriple(b, Rel("supports", "d", 1), a, false);
  EXPECT_EQ(g.num_relations(), 2u);
}

TEST(KnowledgeGraphTest, PolarityDistinguishesEdges) {
  KnowledgeGraph g;
  Entity a{.label = "A", .type = "Country"};
  Entity b{.label = "B", .type = "Country"};
  Relation neg = Rel("supports", "d", 1);
  neg.polarity = Polarity::kNegated;
  g.AddTriple(a, Rel("supports", "d", 0), b, false);
  g.AddTriple(a, neg, b, false);
  EXPECT_EQ(g.num_relations(), 2u);
}

TEST(KnowledgeGraphTest, OrderDoesNotDependOnInsertion) {
  Entity x{.label = "X", .type = "Thing"}, y{.label = "Y", .type = "Thing"}, z{.label = "Z", .type = "Thing"};
  KnowledgeGraph g1, g2;
  g1.AddTriple(z, Rel("r", "d", 0), x, false);
  g1.AddTriple(x, Rel("r", "d", 1), y, false);
  g2.AddTriple(x, Rel("r", "d", 1), y, false);
  g2.AddTriple(z, Rel("r", "d", 0), x, false);
  auto e1 = g1.Entities(), e2 = g2.Entities();
  ASSERT_EQ(e1.size(), e2.size());
  for (size_t i = 0; i < e1.size(); ++i) EXPECT_EQ(e1[i]->id, e2[i]->id);
  auto r1 = g1.Relations(), r2 = g2.Relations();
  ASSERT_EQ(r1.size(), r2.size());
  for (size_t i = 0; i < r1.size(); ++i) {
    EXPECT_EQ(r1[i].subject->id, r2[i].subject->id);
    EXPECT_EQ(r1[i].object->id, r2[i].object->id);
  }
}

TEST(KnowledgeGraphTest, FindByNameMatchesAliasesIgnoringCase) {
  KnowledgeGraph g;
  g.AddEntity({.label = "Tehreek-e-Taliban Pakistan", .type = "ArmedGroup", .aliases = {"TTP"}});
  ASSERT_EQ(g.FindByName("ttp").size(), 1u);
  EXPECT_EQ(g.FindByName("TEHREEK-E-TALIBAN PAKISTAN").size(), 1u);
  EXPECT_TRUE(g.FindByName("Taliban").empty());
}

TEST(KnowledgeGraphTest, MergeEqualsBuildingFromBothInputs) {
  Entity a{.label = "A", .type = "Country", .mentions = 1}, b{.label = "B", .type = "Country", .mentions = 1};
  KnowledgeGraph part1, part2, whole;
  part1.AddTriple(a, Rel("supports", "d1", 0), b, false);
  part2.AddTriple(a, Rel("supports", "d2", 0), b, false);
  whole.AddTriple(a, Rel("supports", "d1", 0), b, false);
  whole.AddTriple(a, Rel("supports", "d2", 0), b, false);
  part1.Merge(part2);
  ASSERT_EQ(part1.num_relations(), whole.num_relations());
  EXPECT_EQ(part1.Relations()[0].relation->weight(), whole.Relations()[0].relation->weight());
  EXPECT_EQ(part1.FindEntity("country/a")->mentions, whole.FindEntity("country/a")->mentions);
}

// Former bug: copying or moving a graph (into a Result, say) kept an edge
// index that pointed into the source graph, so the copy's Relations() read
// the source's edges, or freed memory once the source was gone.
TEST(KnowledgeGraphTest, CopiesAndMovesOwnTheirEdges) {
  auto make = [] {
    KnowledgeGraph g;
    g.AddTriple({.label = "A", .type = "Country"}, Rel("supports", "d", 0), {.label = "B", .type = "Country"}, false);
    return g;
  };
  KnowledgeGraph source = make();
  KnowledgeGraph copy(source);
  source.AddTriple({.label = "A", .type = "Country"}, Rel("supports", "d", 9), {.label = "B", .type = "Country"}, false);
  ASSERT_EQ(copy.Relations().size(), 1u);
  EXPECT_EQ(copy.Relations()[0].relation->weight(), 1u);
  EXPECT_EQ(source.Relations()[0].relation->weight(), 2u);
  copy.AddTriple({.label = "A", .type = "Country"}, Rel("supports", "d", 5), {.label = "B", .type = "Country"}, false);
  EXPECT_EQ(copy.Relations()[0].relation->weight(), 2u);
  EXPECT_EQ(source.Relations()[0].relation->weight(), 2u);

  KnowledgeGraph moved;
  {
    KnowledgeGraph temp = make();
    moved = std::move(temp);
  }
  ASSERT_EQ(moved.num_relations(), 1u);
  moved.AddTriple({.label = "A", .type = "Country"}, Rel("supports", "d", 7), {.label = "B", .type = "Country"}, false);
  EXPECT_EQ(moved.num_relations(), 1u);
  EXPECT_EQ(moved.Relations()[0].relation->weight(), 2u);
  KnowledgeGraph assigned;
  assigned = copy;
  EXPECT_EQ(assigned.Relations()[0].relation->weight(), 2u);
}

}  // namespace
}  // namespace relgraph::graph
