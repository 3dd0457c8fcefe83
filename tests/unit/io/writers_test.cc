// What each writer puts in the file, checked on the nasty graph. The real
// parsers (xmllint, networkx, Boost, rapper, rdflib, riot) check the same
// files in tests/clients.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "graph/io/graph_file.h"
#include "graph/io/graphml.h"
#include "graph/io/jsonl.h"
#include "graph/io/rdf.h"
#include "tests/unit/io/nasty_graph.h"
#include "tests/unit/io/test_util.h"

namespace relgraph::io {
namespace {

using testing::CountOccurrences;
using testing::kNastyEntities;
using testing::kNastyNegated;
using testing::kNastyRelations;
using testing::NastyGraph;
using testing::ProjectOntology;
using testing::Written;

constexpr char kUs[] = "<https://w3id.org/relgraph/entity/country/united-states>";
constexpr char kPk[] = "<https://w3id.org/relgraph/entity/country/pakistan>";
constexpr char kTtp[] =
    "<https://w3id.org/relgraph/entity/armedgroup/"
    "tehreek-e-taliban-pakistan-%E2%80%98ttp%E2%80%99-%E2%80%93-khyber-pakhtunkhwa>";
constexpr char kSupports[] = "<https://w3id.org/relgraph/ontology/supports>";
constexpr char kAgrees[] = "<https://w3id.org/relgraph/ontology/agrees_with>";

// Every byte below 0x20 is a tab or a newline: no raw control characters,
// no raw carriage returns.
bool OnlyTabAndNewlineControls(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') return false;
  }
  return true;
}

TEST(GraphmlWriterTest, DeclaresTypedKeysNamedAfterWhatTheyHold) {
  const std::string xml = Written(NastyGraph(), ProjectOntology(), Format::kGraphml);
  const char* expected[] = {
      R"(<key id="label" for="node" attr.name="label" attr.type="string"/>)",
      R"(<key id="mentions" for="node" attr.name="mentions" attr.type="int"/>)",
      R"(<key id="edgelabel" for="edge" attr.name="label" attr.type="string"/>)",
      R"(<key id="weight" for="edge" attr.name="weight" attr.type="double"/>)",
      R"(<key id="direction" for="edge" attr.name="direction" attr.type="string"/>)",
      R"(<key id="confidence" for="edge" attr.name="confidence" attr.type="double"/>)",
      R"(<key id="evidence_count" for="edge" attr.name="evidence_count" attr.type="int"/>)",
  };
  for (const char* e : expected) EXPECT_NE(xml.find(e), std::string::npos) << e;
  EXPECT_EQ(xml.find("key0"), std::string::npos);
  EXPECT_EQ(CountOccurrences(xml, "<node id="), kNastyEntities);
  EXPECT_EQ(CountOccurrences(xml, "<edge id="), kNastyRelations);
  // Booleans are words, never 1/0.
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"direction\">symmetric</data>"), 1u);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"direction\">directed</data>"), kNastyRelations - 1);
  // No xs:boolean key: Boost 1.74's read_graphml cannot read one.
  EXPECT_EQ(CountOccurrences(xml, "attr.type=\"boolean\""), 0u);
}

TEST(GraphmlWriterTest, EscapesMarkupAndDropsControlCharacters) {
  const std::string xml = Written(NastyGraph(), ProjectOntology(), Format::kGraphml);
  EXPECT_TRUE(OnlyTabAndNewlineControls(xml));
  EXPECT_NE(
      xml.find("<data key=\"label\">Matthew \"Matt\" Miller &lt;spokesman&gt; &amp; co</data>"),
      std::string::npos);
  EXPECT_NE(xml.find("Tehreek-e-Taliban Pakistan \u2018TTP\u2019 \u2013 Khyber Pakhtunkhwa</data>"),
            std::string::npos);
  // The control character in an alias became U+FFFD; the ";" inside an
  // alias is escaped so the list splits right.
  EXPECT_NE(xml.find("M.\xEF\xBF\xBDMiller; Matt Miller"), std::string::npos);
  EXPECT_NE(xml.find("Pakistani Taliban\\; TTP; TTP"), std::string::npos);
  // The readable summary puts the sentence on one line; the provenance JSON
  // keeps the control character escaped, so it survives.
  EXPECT_NE(xml.find("| Miller criticized\xEF\xBF\xBD the TTP for attacks  in the north.</data>"),
            std::string::npos);
  EXPECT_NE(xml.find(R"(criticized\u0001 the TTP)"), std::string::npos);
}

TEST(GraphmlWriterTest, ParallelEdgesOfDifferentRelationsHaveDistinctLabels) {
  const std::string xml = Written(NastyGraph(), ProjectOntology(), Format::kGraphml);
  // United States -> Pakistan has supports, not supports and an open relation;
  // Pakistan -> United States the symmetric agrees_with in canonical direction.
  const std::string us_pk = R"(source="country:united-states" target="country:pakistan")";
  EXPECT_EQ(CountOccurrences(xml, us_pk), 3u);
  EXPECT_EQ(CountOccurrences(xml, R"(source="country:pakistan" target="country:united-states")"),
            1u);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"edgelabel\">not supports</data>"), kNastyNegated);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"edgelabel\">supports</data>"), 2u);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"edgelabel\">raised concerns with</data>"), 1u);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"relation\">open:raised concerns with</data>"), 1u);
  EXPECT_EQ(CountOccurrences(xml, "<data key=\"polarity\">negated</data>"), kNastyNegated);
  // Edge ids are unique.
  std::set<std::string> ids;
  for (size_t pos = xml.find("<edge id=\""); pos != std::string::npos;
       pos = xml.find("<edge id=\"", pos + 1)) {
    const size_t start = pos + 10;
    ids.insert(xml.substr(start, xml.find('"', start) - start));
  }
  EXPECT_EQ(ids.size(), kNastyRelations);
}

TEST(GraphmlWriterTest, SummarisesEvidenceAndCountsIt) {
  const std::string xml = Written(NastyGraph(), ProjectOntology(), Format::kGraphml);
  EXPECT_NE(xml.find("<data key=\"evidence\">report-a#1 support.noun; report-a#4 support.verb; "
                     "report-b#0 support.noun (+1 more) | Afghan Taliban support for TTP.</data>"),
            std::string::npos);
  EXPECT_NE(xml.find("<data key=\"weight\">4</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"evidence_count\">4</data>"), std::string::npos);
  // 1 - (1 - 0.8)(1 - 0.3) = 0.86, printed with %.4g.
  EXPECT_NE(xml.find("<data key=\"confidence\">0.86</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"plover\">DISAPPROVE</data>"), std::string::npos);
  EXPECT_NE(xml.find("<data key=\"cameo\">111</data>"), std::string::npos);
  // Open relations have no codes.
  const size_t open = xml.find("open:raised concerns with");
  ASSERT_NE(open, std::string::npos);
  const std::string open_edge = xml.substr(open, xml.find("</edge>", open) - open);
  EXPECT_EQ(open_edge.find("plover"), std::string::npos);
  // Fewer items than the limit: no "(+N more)".
  WriteOptions options;
  options.graphml_summary_items = 10;
  const std::string wide = Written(NastyGraph(), ProjectOntology(), Format::kGraphml, options);
  EXPECT_EQ(wide.find("more)"), std::string::npos);
}

TEST(NTriplesWriterTest, AssertsAffirmedRelationsOnlyAndReifiesAll) {
  const std::string nt = Written(NastyGraph(), ProjectOntology(), Format::kNTriples);
  const std::string us_supports_pk = std::string(kUs) + " " + kSupports + " " + kPk + " .\n";
  EXPECT_EQ(CountOccurrences(nt, us_supports_pk), 1u);
  // "Pakistan does not support the TTP" is not in the file as a fact...
  EXPECT_EQ(nt.find(std::string(kPk) + " " + kSupports + " " + kTtp + " ."), std::string::npos);
  // ...but as a statement with polarity negated.
  EXPECT_EQ(CountOccurrences(nt,
                             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                             "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .\n"),
            kNastyRelations);
  EXPECT_EQ(CountOccurrences(nt, "<https://w3id.org/relgraph/vocab/polarity> \"negated\" .\n"),
            kNastyNegated);
  EXPECT_EQ(CountOccurrences(nt, "<https://w3id.org/relgraph/vocab/polarity> \"affirmed\" .\n"),
            kNastyRelations - kNastyNegated);
  // The symmetric relation in its canonical direction only.
  EXPECT_EQ(CountOccurrences(nt, std::string(kPk) + " " + kAgrees + " " + kUs + " .\n"), 1u);
  EXPECT_EQ(CountOccurrences(nt, std::string(kUs) + " " + kAgrees + " " + kPk + " .\n"), 0u);
  // The open relation gets a percent-encoded IRI of its own.
  EXPECT_EQ(CountOccurrences(nt, std::string(kUs) +
                                     " <https://w3id.org/relgraph/open/raised%20concerns%20with> " +
                                     kPk + " .\n"),
            1u);
  EXPECT_EQ(CountOccurrences(nt,
                             "<https://w3id.org/relgraph/vocab/weight> \"4\"^^"
                             "<http://www.w3.org/2001/XMLSchema#integer> .\n"),
            1u);
}

TEST(NTriplesWriterTest, EscapesLiteralsAndEncodesIris) {
  const std::string nt = Written(NastyGraph(), ProjectOntology(), Format::kNTriples);
  EXPECT_TRUE(OnlyTabAndNewlineControls(nt));
  EXPECT_EQ(nt.find('\t'), std::string::npos);
  EXPECT_NE(nt.find(R"("Matthew \"Matt\" Miller <spokesman> & co")"), std::string::npos);
  EXPECT_NE(nt.find(R"("M.\u0001Miller")"), std::string::npos);
  EXPECT_NE(nt.find(R"("Miller\tcriticized\u0001 the TTP\nfor attacks\r\nin the north.")"),
            std::string::npos);
  EXPECT_NE(
      nt.find("<http://www.w3.org/2004/02/skos/core#altLabel> \"Islamic Republic of Pakistan\""),
      std::string::npos);
  EXPECT_NE(nt.find(kTtp), std::string::npos);
  EXPECT_NE(nt.find("\"1e-05\"^^<http://www.w3.org/2001/XMLSchema#double>"), std::string::npos);
  EXPECT_NE(nt.find("\"0.30000000000000004\"^^<http://www.w3.org/2001/XMLSchema#double>"),
            std::string::npos);
  // Every line is one triple.
  size_t lines = CountOccurrences(nt, "\n");
  EXPECT_EQ(CountOccurrences(nt, " .\n"), lines);
}

TEST(NTriplesWriterTest, DeclaresTheOntologySoTheFileDescribesItself) {
  const std::string nt = Written(NastyGraph(), ProjectOntology(), Format::kNTriples);
  const std::string type = " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ";
  EXPECT_NE(nt.find(std::string(kSupports) + type +
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Property> .\n"),
            std::string::npos);
  EXPECT_NE(
      nt.find(std::string(kSupports) + " <https://w3id.org/relgraph/vocab/plover> \"SUPPORT\" .\n"),
      std::string::npos);
  EXPECT_NE(nt.find(std::string(kAgrees) + type +
                    "<http://www.w3.org/2002/07/owl#SymmetricProperty> .\n"),
            std::string::npos);
  EXPECT_NE(nt.find("<https://w3id.org/relgraph/ontology/Country>" + type +
                    "<http://www.w3.org/2000/01/rdf-schema#Class> .\n"),
            std::string::npos);
  EXPECT_NE(nt.find("<https://w3id.org/relgraph/open/raised%20concerns%20with> "
                    "<http://www.w3.org/2000/01/rdf-schema#label> \"raised concerns with\" .\n"),
            std::string::npos);
  WriteOptions bare;
  bare.declare_vocabulary = false;
  bare.rdf_evidence = false;
  const std::string small = Written(NastyGraph(), ProjectOntology(), Format::kNTriples, bare);
  EXPECT_EQ(small.find("#Property>"), std::string::npos);
  EXPECT_EQ(small.find("/evidence/"), std::string::npos);
  EXPECT_NE(small.find(std::string(kUs) + " " + kSupports + " " + kPk + " .\n"), std::string::npos);
}

TEST(NTriplesWriterTest, MintsEntityIrisUnderTheConfiguredBase) {
  WriteOptions options;
  options.base_iri = "https://example.org/kg/";
  const std::string nt = Written(NastyGraph(), ProjectOntology(), Format::kNTriples, options);
  EXPECT_NE(nt.find("<https://example.org/kg/entity/country/pakistan>"), std::string::npos);
  EXPECT_NE(nt.find("<https://example.org/kg/statement/e"), std::string::npos);
  EXPECT_EQ(nt.find("<https://w3id.org/relgraph/entity/"), std::string::npos);
  // Ontology terms stay in the ontology's namespace.
  EXPECT_NE(nt.find(kSupports), std::string::npos);

  const char* bad[] = {"example.org/kg/", "https://example.org/my kg/", "https://x/<y>", ""};
  for (const char* base : bad) {
    if (*base == '\0') continue;  // empty means the ontology's base
    options.base_iri = base;
    std::ostringstream out;
    Status s = WriteNTriples(NastyGraph(), ProjectOntology(), options, out);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << base;
    EXPECT_TRUE(out.str().empty()) << base;
  }
}

TEST(TurtleWriterTest, UsesPrefixesOnlyForPlainNames) {
  const std::string ttl = Written(NastyGraph(), ProjectOntology(), Format::kTurtle);
  EXPECT_EQ(ttl.rfind("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n", 0), 0u);
  EXPECT_NE(ttl.find("@prefix relgraph: <https://w3id.org/relgraph/vocab/> .\n"),
            std::string::npos);
  EXPECT_NE(ttl.find(std::string(kUs) + " a onto:Country ;\n"), std::string::npos);
  EXPECT_NE(ttl.find("    onto:supports " + std::string(kPk) + " .\n"), std::string::npos);
  // Prefixed names never carry punctuation: rapper and riot reject some.
  for (const char* prefix :
       {" onto:", " relgraph:", " rdf:", " rdfs:", " skos:", " xsd:", " owl:"}) {
    for (size_t pos = ttl.find(prefix); pos != std::string::npos; pos = ttl.find(prefix, pos + 1)) {
      size_t i = pos + std::string(prefix).size();
      for (; i < ttl.size() && ttl[i] != ' ' && ttl[i] != '\n'; ++i) {
        const char c = ttl[i];
        ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_')
            << "prefixed name with '" << c << "' at byte " << pos;
      }
    }
  }
  EXPECT_NE(ttl.find(R"(skos:altLabel "M.\u0001Miller" ,)"), std::string::npos);
}

TEST(JsonLinesWriterTest, OneLinePerRelationThenIsolatedEntitiesThenSummary) {
  const std::string text = Written(NastyGraph(), ProjectOntology(), Format::kJsonLines);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), kNastyRelations + 1 + 1);
  for (size_t i = 0; i < lines.size(); ++i) {
    rapidjson::Document doc;
    doc.Parse(lines[i].c_str());
    ASSERT_FALSE(doc.HasParseError()) << "line " << i + 1;
    if (i < kNastyRelations) {
      for (const char* key : {"subject", "relation", "kind", "object", "weight", "confidence",
                              "polarity", "modality", "attributed_to", "qualifiers", "evidence"}) {
        EXPECT_TRUE(doc.HasMember(key)) << "line " << i + 1 << " lacks " << key;
      }
      EXPECT_EQ(doc["weight"].GetUint(), doc["evidence"].Size());
    }
  }
  EXPECT_EQ(lines[kNastyRelations],
            R"({"entity":{"id":"country/afghanistan","label":"Afghanistan","type":"Country",)"
            R"("aliases":[],"mentions":1}})");
  EXPECT_EQ(lines.back(), R"({"summary":{"format":"relgraph-jsonl","version":1,"entities":6,)"
                          R"("relations":7}})");
  // The control character is escaped, not dropped.
  EXPECT_NE(text.find(R"("M.\u0001Miller")"), std::string::npos);
  WriteOptions options;
  options.jsonl_summary = false;
  EXPECT_EQ(
      CountOccurrences(Written(NastyGraph(), ProjectOntology(), Format::kJsonLines, options), "\n"),
      kNastyRelations + 1);
}

TEST(WritersTest, RefuseANonFiniteConfidenceAndWriteNothing) {
  graph::KnowledgeGraph g;
  graph::Relation r;
  r.relation = "supports";
  r.evidence.push_back({.doc_id = "d", .rule_id = "r", .confidence = std::nan("")});
  g.AddTriple({.label = "A", .type = "Country"}, r, {.label = "B", .type = "Country"}, false);
  for (Format f : {Format::kGraphml, Format::kNTriples, Format::kTurtle, Format::kJsonLines}) {
    std::ostringstream out;
    Status s = WriteGraph(g, ProjectOntology(), f, {}, out);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << FormatName(f);
    EXPECT_NE(s.message().find("non-finite"), std::string::npos) << s.message();
    EXPECT_TRUE(out.str().empty()) << FormatName(f);
  }
}

TEST(WritersTest, AnEmptyGraphIsAValidEmptyFile) {
  const graph::KnowledgeGraph empty;
  const Ontology onto = ProjectOntology();
  EXPECT_NE(Written(empty, onto, Format::kGraphml)
                .find("<graph id=\"relgraph\" edgedefault=\"directed\">\n  </graph>"),
            std::string::npos);
  EXPECT_EQ(Written(empty, onto, Format::kJsonLines),
            "{\"summary\":{\"format\":\"relgraph-jsonl\",\"version\":1,\"entities\":0,"
            "\"relations\":0}}\n");
  WriteOptions bare;
  bare.declare_vocabulary = false;
  EXPECT_EQ(Written(empty, onto, Format::kNTriples, bare), "");
}

}  // namespace
}  // namespace relgraph::io
