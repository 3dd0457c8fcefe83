// The GraphML and JSON Lines readers on bad input: every error is a Status
// with the file and line, and the graph read into is left alone.

#include <gtest/gtest.h>

#include "graph/io/graph_file.h"
#include "graph/io/graphml.h"
#include "graph/io/jsonl.h"
#include "graph/io/rdf.h"
#include "tests/unit/io/nasty_graph.h"
#include "tests/unit/io/test_util.h"

namespace relgraph::io {
namespace {

using testing::NastyGraph;
using testing::ProjectOntology;
using testing::Written;

size_t Lines(const std::string& s) { return testing::CountOccurrences(s, "\n"); }

struct BadInput {
  const char* what;
  std::string text;
  int64_t line;         // expected line; 0 = not checked
  const char* message;  // expected part of the message
};

// A relgraph GraphML file whose <graph> holds `body`; body line k is file
// line GraphmlBodyLine() + k - 1.
std::string Graphml(const std::string& body) {
  std::string xml = Written(graph::KnowledgeGraph(), ProjectOntology(), Format::kGraphml);
  const std::string close = "  </graph>\n</graphml>\n";
  return xml.substr(0, xml.size() - close.size()) + body + close;
}
int64_t GraphmlBodyLine() {
  const std::string xml = Written(graph::KnowledgeGraph(), ProjectOntology(), Format::kGraphml);
  return static_cast<int64_t>(Lines(xml)) - 1;
}

const char kNodeA[] =
    "<node id=\"country:a\"><data key=\"label\">A</data><data key=\"type\">Country</data></node>\n";
const char kNodeB[] =
    "<node id=\"country:b\"><data key=\"label\">B</data><data key=\"type\">Country</data></node>\n";

std::string Edge(const std::string& target, const std::string& relation,
                 const std::string& extra = "") {
  return "<edge id=\"e1\" source=\"country:a\" target=\"" + target + "\"><data key=\"relation\">" +
         relation + "</data>" + extra + "</edge>\n";
}

TEST(GraphmlReaderTest, RejectsBadFilesWithFileAndLine) {
  const int64_t body = GraphmlBodyLine();
  const std::string ab = std::string(kNodeA) + kNodeB;
  const BadInput rows[] = {
      {"not XML", "relgraph said hello\n", 1, "XML: "},
      {"JSON", "{\"entity\": {}}\n", 1, "XML: "},
      {"truncated", Graphml(ab).substr(0, 400), 0, "XML: "},
      {"not graphml", "<?xml version=\"1.0\"?>\n<gexf/>\n", 2, "root element is not <graphml>"},
      {"wrong namespace", "<graphml xmlns=\"http://example.org/\"><graph/></graphml>", 1,
       "namespace"},
      {"no graph", "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n</graphml>\n", 1,
       "no <graph>"},
      {"no label key",
       "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
       "<key id=\"relation\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
       "<graph edgedefault=\"directed\"/></graphml>\n",
       1, "no <key> for node attribute \"label\""},
      {"undeclared data key",
       Graphml(std::string(kNodeA) +
               "<node id=\"country:b\">\n<data key=\"colour\">red</data>\n</node>\n"),
       body + 2, "<data key=\"colour\"> names no declared <key>"},
      {"node key on an edge",
       Graphml(ab + Edge("country:b", "supports", "<data key=\"mentions\">1</data>")), body + 2,
       "declared for node, used on a edge"},
      {"edge to an unknown node", Graphml(ab + Edge("country:nowhere", "supports")), body + 2,
       "target \"country:nowhere\" is not a node of this file"},
      {"edge from an unknown node", Graphml(std::string(kNodeB) + Edge("country:b", "supports")),
       body + 1, "source \"country:a\" is not a node of this file"},
      {"duplicate node", Graphml(std::string(kNodeA) + kNodeA), body + 1, "duplicate node id"},
      {"node without label", Graphml("<node id=\"country:a\"/>\n"), body, "has no label"},
      {"bad mentions",
       Graphml("<node id=\"country:a\"><data key=\"label\">A</data><data "
               "key=\"mentions\">many</data></node>\n"),
       body, "mentions \"many\" is not an unsigned integer"},
      {"edge without relation", Graphml(ab + "<edge source=\"country:a\" target=\"country:b\"/>\n"),
       body + 2, "has no relation"},
      {"relation not in the ontology", Graphml(ab + Edge("country:b", "befriends")), body + 2,
       "relation \"befriends\" is not in the ontology"},
      {"kind contradicts relation",
       Graphml(ab + Edge("country:b", "supports", "<data key=\"kind\">open</data>")), body + 2,
       "kind \"open\" does not fit"},
      {"bad polarity",
       Graphml(ab + Edge("country:b", "supports", "<data key=\"polarity\">maybe</data>")), body + 2,
       "polarity \"maybe\""},
      {"provenance not JSON",
       Graphml(ab + Edge("country:b", "supports", "<data key=\"provenance\">[{oops</data>")),
       body + 2, "provenance is not JSON"},
      {"provenance without doc",
       Graphml(ab + Edge("country:b", "supports",
                         "<data key=\"provenance\">[{\"sentence\":1,\"rule\":\"r\"}]</data>")),
       body + 2, "evidence[0].doc: missing"},
      {"repeated edge", Graphml(ab + Edge("country:b", "supports") + Edge("country:b", "supports")),
       body + 3, "repeats an earlier edge"},
      {"hyperedge", Graphml(ab + "<hyperedge><endpoint node=\"country:a\"/></hyperedge>\n"),
       body + 2, "hyperedges are not supported"},
      {"nested graph",
       Graphml("<node id=\"country:a\"><data key=\"label\">A</data>\n<graph/></node>\n"), body + 1,
       "nested graphs are not supported"},
  };
  const Ontology onto = ProjectOntology();
  for (const BadInput& row : rows) {
    graph::KnowledgeGraph g = NastyGraph();
    const std::string before = Written(g, onto, Format::kJsonLines);
    Status s = ReadGraphml(row.text, "bad.graphml", onto, &g);
    ASSERT_FALSE(s.ok()) << row.what;
    EXPECT_EQ(s.where().file, "bad.graphml") << row.what;
    if (row.line != 0) {
      EXPECT_EQ(s.where().line, row.line) << row.what << ": " << s.ToString();
    }
    EXPECT_GT(s.where().line, 0) << row.what;
    EXPECT_NE(s.message().find(row.message), std::string::npos) << row.what << ": " << s.ToString();
    EXPECT_EQ(Written(g, onto, Format::kJsonLines), before) << row.what << " changed the graph";
  }
}

TEST(GraphmlReaderTest, ReadsForeignKeyIdsAndEdgesBeforeNodes) {
  // networkx-style key ids (d0, d1 ...), matched by attr.name; edges first;
  // a plain node id.
  const std::string xml =
      "<?xml version='1.0' encoding='utf-8'?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
      "<key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      "<key id=\"d1\" for=\"edge\" attr.name=\"relation\" attr.type=\"string\"/>\n"
      "<key id=\"d2\" for=\"all\" attr.name=\"note\" attr.type=\"string\"/>\n"
      "<graph edgedefault=\"directed\">\n"
      "<edge source=\"n0\" target=\"x_bad\"><data key=\"d1\">open:talked to</data></edge>\n"
      "<node id=\"n0\"><data key=\"d0\">Alpha</data><data key=\"d2\">ignored</data></node>\n"
      "<node id=\"x_bad\"><data key=\"d0\">Beta</data></node>\n"
      "</graph></graphml>\n";
  graph::KnowledgeGraph g;
  Status s = ReadGraphml(xml, "foreign.graphml", ProjectOntology(), &g);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(g.num_entities(), 2u);
  ASSERT_EQ(g.num_relations(), 1u);
  EXPECT_NE(g.FindEntity("n0"), nullptr);
  EXPECT_NE(g.FindEntity("x_bad"), nullptr);  // not a relgraph encoding: taken as it is
  EXPECT_EQ(g.FindEntity("n0")->type, "Thing");
  EXPECT_EQ(g.Relations()[0].relation->kind, graph::RelationKind::kOpen);
  EXPECT_EQ(g.Relations()[0].relation->weight(), 0u);
}

// A JSON Lines file of the nasty graph, for cutting and editing.
std::vector<std::string> JsonlLines() {
  std::vector<std::string> lines;
  std::string text = Written(NastyGraph(), ProjectOntology(), Format::kJsonLines);
  size_t pos = 0;
  for (size_t eol; (eol = text.find('\n', pos)) != std::string::npos; pos = eol + 1) {
    lines.push_back(text.substr(pos, eol - pos));
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

const char kRel[] =
    R"({"subject":{"id":"country/a","label":"A","type":"Country"},"relation":"supports",)"
    R"("object":{"id":"country/b","label":"B","type":"Country"},"evidence":[]})";

TEST(JsonLinesReaderTest, RejectsBadLinesWithFileLineAndColumn) {
  std::vector<std::string> truncated = JsonlLines();
  truncated.erase(truncated.begin() + 2);  // a relation line lost, the summary kept
  std::vector<std::string> edited = JsonlLines();
  // The object of line 1 (the TTP) is on later lines too: change its mentions here.
  const size_t mentions = edited[0].find("\"mentions\":", edited[0].find("\"object\""));
  ASSERT_NE(mentions, std::string::npos);
  edited[0].insert(mentions + 11, "9");

  auto with = [](std::string line, const std::string& from, const std::string& to) {
    line.replace(line.find(from), from.size(), to);
    return line;
  };
  const std::string rel = kRel;
  const BadInput rows[] = {
      {"invalid JSON", "\n" + rel + "\n{\"subject\": \n", 3, "invalid JSON"},
      {"not an object", "[1, 2]\n", 1, "expected a JSON object"},
      {"unknown line", "{\"node\": {}}\n", 1, "expected a \"subject\", \"entity\" or \"summary\""},
      {"no relation", with(rel, R"("relation":"supports",)", "") + "\n", 1, "relation: expected"},
      {"relation not in the ontology", with(rel, "supports", "befriends") + "\n", 1,
       "\"befriends\" is not in the ontology"},
      {"kind contradicts",
       with(rel, R"("relation":"supports",)", R"("relation":"supports","kind":"open",)") + "\n", 1,
       "contradicts relation"},
      {"bad polarity", with(rel, R"("evidence")", R"("polarity":"no","evidence")") + "\n", 1,
       "polarity: expected"},
      {"weight is not the evidence count",
       with(rel, R"("evidence")", R"("weight":2,"evidence")") + "\n", 1,
       "weight: expected the number of evidence items (0)"},
      {"no object",
       with(rel, R"("object":{"id":"country/b","label":"B","type":"Country"},)", "") + "\n", 1,
       "object: missing"},
      {"entity without id", with(rel, R"("id":"country/a",)", "") + "\n", 1, "subject.id: missing"},
      {"mentions not a number",
       with(rel, R"("type":"Country"})", R"("type":"Country","mentions":"3"})") + "\n", 1,
       "mentions: expected an unsigned 32-bit integer"},
      {"evidence without doc",
       with(rel, R"("evidence":[])", R"("evidence":[{"sentence":0,"rule":"r"}])") + "\n", 1,
       "evidence[0].doc: missing"},
      {"bad modality",
       with(rel, R"("evidence":[])",
            R"("evidence":[{"doc":"d","sentence":0,"rule":"r","modality":"sure"}])") +
           "\n",
       1, "modality: \"sure\""},
      {"repeated relation", rel + "\n" + rel + "\n", 2, "repeats line 1"},
      {"truncated part", Join(truncated), static_cast<int64_t>(truncated.size()),
       "summary: says 6 entities and 7 relations"},
      {"edited entity", Join(edited), 0, "differs from its earlier line 1"},
      {"newer version",
       "{\"summary\":{\"format\":\"relgraph-jsonl\",\"version\":2,\"entities\":0,\"relations\":0}}"
       "\n",
       1, "unsupported version"},
  };
  const Ontology onto = ProjectOntology();
  for (const BadInput& row : rows) {
    graph::KnowledgeGraph g = NastyGraph();
    const std::string before = Written(g, onto, Format::kJsonLines);
    Status s = ReadJsonLines(row.text, "part.jsonl", onto, &g);
    ASSERT_FALSE(s.ok()) << row.what;
    EXPECT_EQ(s.where().file, "part.jsonl") << row.what;
    if (row.line != 0) {
      EXPECT_EQ(s.where().line, row.line) << row.what << ": " << s.ToString();
    }
    EXPECT_GT(s.where().line, 0) << row.what;
    EXPECT_NE(s.message().find(row.message), std::string::npos) << row.what << ": " << s.ToString();
    EXPECT_EQ(Written(g, onto, Format::kJsonLines), before) << row.what << " changed the graph";
  }
}

TEST(JsonLinesReaderTest, InvalidJsonNamesTheColumn) {
  graph::KnowledgeGraph g;
  Status s = ReadJsonLines("{\"entity\": {\"id\": \"x\", }}\n", "p.jsonl", ProjectOntology(), &g);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where().line, 1);
  EXPECT_EQ(s.where().column, 24);  // the "}" after the comma
}

TEST(JsonLinesReaderTest, AcceptsBlankLinesCrLfAndNoSummary) {
  const std::string text =
      "\r\n" + std::string(kRel) + "\r\n\n{\"entity\":{\"id\":\"country/c\",\"label\":\"C\"}}\n";
  graph::KnowledgeGraph g;
  Status s = ReadJsonLines(text, "p.jsonl", ProjectOntology(), &g);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(g.num_entities(), 3u);
  EXPECT_EQ(g.num_relations(), 1u);
  EXPECT_EQ(g.FindEntity("country/c")->type, "Thing");
}

TEST(NTriplesReaderTest, RejectsBadLinesWithFileLineAndColumn) {
  const std::string nt = Written(NastyGraph(), ProjectOntology(), Format::kNTriples);
  const std::string ok = "<https://x/a> <https://x/p> \"v\" .\n";
  WriteOptions no_evidence;
  no_evidence.rdf_evidence = false;
  const std::string stmt = "<https://w3id.org/relgraph/statement/s1>";
  const std::string rdf = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  const std::string v = "<https://w3id.org/relgraph/vocab/";
  const BadInput rows[] = {
      {"space in an IRI", ok + "<https://x/a b> <https://x/p> \"v\" .\n", 2,
       "character not allowed in an IRI"},
      {"no final dot", ok + ok + "<https://x/a> <https://x/p> \"v\"\n", 3, "expected \".\""},
      {"unterminated literal", "<https://x/a> <https://x/p> \"v .\n", 1, "unterminated literal"},
      {"bad escape", "<https://x/a> <https://x/p> \"\\q\" .\n", 1, "bad escape in a literal"},
      {"bad \\u", "<https://x/a> <https://x/p> \"\\u12G4\" .\n", 1, "bad hex digit"},
      {"literal subject", "\"v\" <https://x/p> <https://x/o> .\n", 1, "expected an IRI"},
      {"statement to nowhere",
       stmt + " " + rdf + "type> " + rdf + "Statement> .\n" + stmt + " " + rdf +
           "subject> <https://x/a> .\n" + stmt + " " + rdf + "object> <https://x/b> .\n" + stmt +
           " " + v + "relation> \"supports\" .\n",
       1, "not an entity of this file"},
      {"written without evidence",
       Written(NastyGraph(), ProjectOntology(), Format::kNTriples, no_evidence), 0,
       "written without evidence?"},
      {"relation not in the ontology",
       std::string(nt).replace(nt.find("vocab/relation> \"criticizes\""),
                               std::string("vocab/relation> \"criticizes\"").size(),
                               "vocab/relation> \"befriends\""),
       0, "\"befriends\" is not in the ontology"},
  };
  const Ontology onto = ProjectOntology();
  for (const BadInput& row : rows) {
    graph::KnowledgeGraph g = NastyGraph();
    const std::string before = Written(g, onto, Format::kJsonLines);
    Status s = ReadNTriples(row.text, "bad.nt", onto, &g);
    ASSERT_FALSE(s.ok()) << row.what;
    EXPECT_EQ(s.where().file, "bad.nt") << row.what;
    if (row.line != 0) {
      EXPECT_EQ(s.where().line, row.line) << row.what << ": " << s.ToString();
    }
    EXPECT_GT(s.where().line, 0) << row.what;
    EXPECT_NE(s.message().find(row.message), std::string::npos) << row.what << ": " << s.ToString();
    EXPECT_EQ(Written(g, onto, Format::kJsonLines), before) << row.what << " changed the graph";
  }
  graph::KnowledgeGraph g;
  Status s = ReadNTriples(
      "<https://x/a> <https://x/p> \"v\" .\n<https://x/a> <https://x/p> <https://x/b c> .\n",
      "col.nt", onto, &g);
  EXPECT_EQ(s.where().line, 2);
  EXPECT_EQ(s.where().column, 41);  // the space
}

TEST(NTriplesReaderTest, AcceptsCommentsBlankLinesAndForeignTriples) {
  const Ontology onto = ProjectOntology();
  const std::string nt = Written(NastyGraph(), onto, Format::kNTriples);
  const std::string extra =
      "# a comment\n\n_:b1 <https://x/p> \"hello\"@en .  # trailing comment\r\n"
      "<https://x/a> <https://x/p> \"\\U0001F600\"^^<https://x/dt> .\n";
  graph::KnowledgeGraph g;
  Status s = ReadNTriples(extra + nt, "mixed.nt", onto, &g);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Written(g, onto, Format::kNTriples), nt);
}

TEST(ReadGraphFileTest, NamesTheFileAndRefusesFormatsWithoutReader) {
  const Ontology onto = ProjectOntology();
  graph::KnowledgeGraph g;
  Status s = ReadGraphFile("/nonexistent/relgraph/graph.graphml", onto, &g);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.ToString().find("/nonexistent/relgraph/graph.graphml"), std::string::npos);
  s = ReadGraphFile("graph.ttl", onto, &g);
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  s = ReadGraphFile("graph.csv", onto, &g);
  EXPECT_EQ(s.code(), StatusCode::kUnsupported);
  EXPECT_EQ(g.num_entities(), 0u);
}

}  // namespace
}  // namespace relgraph::io

namespace relgraph::io {
namespace {

TEST(ReadersTest, EveryTruncationIsAnErrorOrAPartOfTheGraph) {
  // A part cut off anywhere (a crashed shard, a full disk) must give a clean
  // Status or a smaller graph, never a crash or a bigger graph.
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph full = NastyGraph();
  for (Format f : {Format::kGraphml, Format::kNTriples, Format::kJsonLines}) {
    const std::string text = Written(full, onto, f);
    size_t errors = 0;
    // About 250 cuts a format, at odd steps so they land all over the lines.
    const size_t step = text.size() / 250 | 1;
    for (size_t cut = 0; cut < text.size(); cut += step) {
      graph::KnowledgeGraph g;
      Status s = ReadGraph(std::string_view(text).substr(0, cut), f, "cut", onto, &g);
      if (!s.ok()) {
        ++errors;
        EXPECT_EQ(g.num_entities(), 0u);
        EXPECT_GT(s.where().line, 0) << FormatName(f) << " cut at " << cut << ": " << s.ToString();
        continue;
      }
      EXPECT_LE(g.num_entities(), full.num_entities()) << FormatName(f) << " cut at " << cut;
      EXPECT_LE(g.num_relations(), full.num_relations()) << FormatName(f) << " cut at " << cut;
    }
    EXPECT_GT(errors, 0u) << FormatName(f);
  }
}

}  // namespace
}  // namespace relgraph::io
