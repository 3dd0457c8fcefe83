// Round trips (write -> read -> write gives the same bytes), losslessness of
// JSON Lines, determinism across insertion orders, and sharded merges.

#include <gtest/gtest.h>

#include <cstring>

#include "graph/io/encoding.h"
#include "graph/io/graph_file.h"
#include "graph/io/graphml.h"
#include "graph/io/jsonl.h"
#include "graph/io/rdf.h"
#include "tests/unit/io/nasty_graph.h"
#include "tests/unit/io/test_util.h"

namespace relgraph::io {
namespace {

using testing::kNastyEntities;
using testing::kNastyRelations;
using testing::NastyGraph;
using testing::ProjectOntology;
using testing::Written;

constexpr Format kAllFormats[] = {Format::kGraphml, Format::kNTriples, Format::kTurtle,
                                  Format::kJsonLines};

// Field-by-field equality; `sanitised` compares strings as the GraphML
// writer stores them (control characters as U+FFFD).
void ExpectSameGraph(const graph::KnowledgeGraph& want, const graph::KnowledgeGraph& got,
                     bool sanitised) {
  auto text = [&](const std::string& s) {
    if (!sanitised) return s;
    std::string out;
    AppendXmlEscaped(s, false, &out);
    std::string plain;
    // Undo the markup escapes: only the replacement of controls matters here.
    for (size_t i = 0; i < out.size();) {
      if (out.compare(i, 5, "&amp;") == 0)
        plain += '&', i += 5;
      else if (out.compare(i, 4, "&lt;") == 0)
        plain += '<', i += 4;
      else if (out.compare(i, 4, "&gt;") == 0)
        plain += '>', i += 4;
      else if (out.compare(i, 5, "&#13;") == 0)
        plain += '\r', i += 5;
      else
        plain += out[i++];
    }
    return plain;
  };
  ASSERT_EQ(want.num_entities(), got.num_entities());
  ASSERT_EQ(want.num_relations(), got.num_relations());
  const auto we = want.Entities();
  const auto ge = got.Entities();
  for (size_t i = 0; i < we.size(); ++i) {
    EXPECT_EQ(we[i]->id, ge[i]->id);
    EXPECT_EQ(text(we[i]->label), ge[i]->label);
    EXPECT_EQ(we[i]->type, ge[i]->type);
    ASSERT_EQ(we[i]->aliases.size(), ge[i]->aliases.size()) << we[i]->id;
    for (size_t k = 0; k < we[i]->aliases.size(); ++k) {
      EXPECT_EQ(text(we[i]->aliases[k]), ge[i]->aliases[k]);
    }
    EXPECT_EQ(we[i]->mentions, ge[i]->mentions) << we[i]->id;
  }
  const auto wr = want.Relations();
  const auto gr = got.Relations();
  for (size_t i = 0; i < wr.size(); ++i) {
    const graph::Relation& a = *wr[i].relation;
    const graph::Relation& b = *gr[i].relation;
    EXPECT_EQ(wr[i].subject->id, gr[i].subject->id);
    EXPECT_EQ(wr[i].object->id, gr[i].object->id);
    EXPECT_EQ(a.relation, b.relation);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.polarity, b.polarity);
    EXPECT_EQ(a.modality, b.modality);
    EXPECT_EQ(a.attributed_to, b.attributed_to);
    EXPECT_EQ(a.qualifiers, b.qualifiers);
    EXPECT_EQ(std::memcmp(&a.confidence, &b.confidence, sizeof(double)), 0) << a.relation;
    ASSERT_EQ(a.evidence.size(), b.evidence.size());
    for (size_t k = 0; k < a.evidence.size(); ++k) {
      const graph::Evidence& x = a.evidence[k];
      const graph::Evidence& y = b.evidence[k];
      EXPECT_EQ(x, y);            // doc, sentence, span, rule
      EXPECT_EQ(x.text, y.text);  // kept exactly even in GraphML (provenance JSON)
      EXPECT_EQ(std::memcmp(&x.confidence, &y.confidence, sizeof(double)), 0) << x.confidence;
      EXPECT_EQ(x.modality, y.modality);
      EXPECT_EQ(x.attributed_to, y.attributed_to);
      EXPECT_EQ(x.qualifiers, y.qualifiers);
    }
  }
}

TEST(RoundTripTest, WriteReadWriteGivesTheSameBytes) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  for (Format f : {Format::kGraphml, Format::kNTriples, Format::kJsonLines}) {
    const std::string first = Written(g, onto, f);
    graph::KnowledgeGraph back;
    Status s = ReadGraph(first, f, "first", onto, &back);
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(Written(back, onto, f), first) << FormatName(f);
  }
  // JSON Lines loses nothing, so the read-back graph writes every format
  // as the original does.
  graph::KnowledgeGraph back;
  ASSERT_TRUE(ReadJsonLines(Written(g, onto, Format::kJsonLines), "x.jsonl", onto, &back).ok());
  for (Format f : kAllFormats)
    EXPECT_EQ(Written(back, onto, f), Written(g, onto, f)) << FormatName(f);
}

TEST(RoundTripTest, JsonLinesIsLossless) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  graph::KnowledgeGraph back;
  ASSERT_TRUE(ReadJsonLines(Written(g, onto, Format::kJsonLines), "x.jsonl", onto, &back).ok());
  ExpectSameGraph(g, back, /*sanitised=*/false);
}

TEST(RoundTripTest, NTriplesIsLossless) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  graph::KnowledgeGraph back;
  Status s = ReadNTriples(Written(g, onto, Format::kNTriples), "x.nt", onto, &back);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectSameGraph(g, back, /*sanitised=*/false);
  // Under another base and without the vocabulary, too.
  WriteOptions options;
  options.base_iri = "https://example.org/kg/";
  options.declare_vocabulary = false;
  graph::KnowledgeGraph other;
  s = ReadNTriples(Written(g, onto, Format::kNTriples, options), "y.nt", onto, &other);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectSameGraph(g, other, /*sanitised=*/false);
}

TEST(RoundTripTest, GraphmlKeepsEverythingButControlCharactersInNames) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  graph::KnowledgeGraph back;
  Status s = ReadGraphml(Written(g, onto, Format::kGraphml), "x.graphml", onto, &back);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectSameGraph(g, back, /*sanitised=*/true);
}

TEST(DeterminismTest, InsertionOrderDoesNotChangeAByte) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph forward = NastyGraph(false);
  const graph::KnowledgeGraph backward = NastyGraph(true);
  ASSERT_EQ(forward.num_entities(), kNastyEntities);
  ASSERT_EQ(backward.num_relations(), kNastyRelations);
  for (Format f : kAllFormats) {
    const std::string a = Written(forward, onto, f);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, Written(backward, onto, f)) << FormatName(f);
    EXPECT_EQ(a, Written(forward, onto, f)) << FormatName(f);
  }
}

// Splits g into two parts as two shards would see it: every entity's
// mentions and the even relations in the first, the odd relations in the
// second.
void Split(const graph::KnowledgeGraph& g, graph::KnowledgeGraph* a, graph::KnowledgeGraph* b) {
  for (const graph::Entity* e : g.Entities()) a->AddEntity(*e);
  const auto relations = g.Relations();
  for (size_t i = 0; i < relations.size(); ++i) {
    graph::KnowledgeGraph* part = i % 2 == 0 ? a : b;
    graph::Entity s = *relations[i].subject;
    graph::Entity o = *relations[i].object;
    s.mentions = o.mentions = 0;
    part->AddEntity(s);
    part->AddEntity(o);
    part->AddRelation(s.id, *relations[i].relation, o.id, /*symmetric=*/false);
  }
}

TEST(ShardedMergeTest, PartsReadIntoOneGraphEqualTheSingleRun) {
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  graph::KnowledgeGraph a, b;
  Split(g, &a, &b);
  ASSERT_GT(a.num_relations(), 0u);
  ASSERT_GT(b.num_relations(), 0u);
  const std::string part_a = Written(a, onto, Format::kJsonLines);
  const std::string part_b = Written(b, onto, Format::kJsonLines);

  graph::KnowledgeGraph merged;
  ASSERT_TRUE(ReadJsonLines(part_a, "part-0.jsonl", onto, &merged).ok());
  ASSERT_TRUE(ReadJsonLines(part_b, "part-1.jsonl", onto, &merged).ok());
  EXPECT_EQ(Written(merged, onto, Format::kJsonLines), Written(g, onto, Format::kJsonLines));

  // `cat part-0.jsonl part-1.jsonl` reads as the same merge: each summary
  // line closes a segment.
  graph::KnowledgeGraph concatenated;
  Status s = ReadJsonLines(part_a + part_b, "all.jsonl", onto, &concatenated);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Written(concatenated, onto, Format::kGraphml), Written(g, onto, Format::kGraphml));
}

TEST(ReadGraphFileTest, ReturningAGraphByValueIsSafe) {
  // Former bug: KnowledgeGraph keeps Boost edge descriptors, which point at
  // edge properties inside the graph object, and adjacency_list has no move
  // constructor, so a moved or copied KnowledgeGraph pointed into the old
  // object. Its copy and move now rebuild the index.
  graph::KnowledgeGraph a = NastyGraph();
  graph::KnowledgeGraph b = a;
  ASSERT_NE(b.Relations()[0].relation, a.Relations()[0].relation);
  const std::string path = ::testing::TempDir() + "/by_value.jsonl";
  ASSERT_TRUE(WriteGraphFile(a, ProjectOntology(), Format::kJsonLines, path, {}).ok());
  auto g = ReadGraphFile(path, ProjectOntology());
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  EXPECT_EQ(Written(g.value(), ProjectOntology(), Format::kJsonLines),
            Written(a, ProjectOntology(), Format::kJsonLines));
}

}  // namespace
}  // namespace relgraph::io
