// Real-client check: Boost.Graph's read_graphml (Boost's own GraphML parser)
// reads relgraph's GraphML into an adjacency_list with typed properties.
//
//   read_graphml_boost OUT/nasty.graphml OUT/counts.json
//
// The stock read_graphml with dynamic_properties, as a Boost user would call
// it, must read the default file: relgraph writes no xs:boolean keys, which
// Boost 1.74 cannot read (lexical_cast<bool> throws on "true"/"false"). The
// read must find the hand-counted entities, relations, negated edges and
// evidence, the typed attributes, and the nasty labels intact. Exit 0 when
// all hold, 1 otherwise.

#include <rapidjson/document.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

struct Node {
  std::string label;
  std::string type;
  std::string aliases;
  int mentions = -1;
};

struct Edge {
  std::string label;
  std::string relation;
  std::string polarity;
  double weight = -1;
  double confidence = -1;
  int evidence_count = -1;
  std::string direction;
  std::string provenance;
  // Read but not checked here.
  std::string kind, modality, attributed_to, qualifiers, plover, cameo, evidence;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Node, Edge>;

boost::dynamic_properties Properties(Graph& g) {
  // No ignore_other_properties: every key relgraph writes must be declared
  // here with a C++ type that fits its attr.type, or Boost throws.
  boost::dynamic_properties dp;
  dp.property("label", boost::get(&Node::label, g));
  dp.property("type", boost::get(&Node::type, g));
  dp.property("aliases", boost::get(&Node::aliases, g));
  dp.property("mentions", boost::get(&Node::mentions, g));
  dp.property("label", boost::get(&Edge::label, g));
  dp.property("relation", boost::get(&Edge::relation, g));
  dp.property("polarity", boost::get(&Edge::polarity, g));
  dp.property("weight", boost::get(&Edge::weight, g));
  dp.property("confidence", boost::get(&Edge::confidence, g));
  dp.property("evidence_count", boost::get(&Edge::evidence_count, g));
  dp.property("direction", boost::get(&Edge::direction, g));
  dp.property("provenance", boost::get(&Edge::provenance, g));
  dp.property("kind", boost::get(&Edge::kind, g));
  dp.property("modality", boost::get(&Edge::modality, g));
  dp.property("attributed_to", boost::get(&Edge::attributed_to, g));
  dp.property("qualifiers", boost::get(&Edge::qualifiers, g));
  dp.property("plover", boost::get(&Edge::plover, g));
  dp.property("cameo", boost::get(&Edge::cameo, g));
  dp.property("evidence", boost::get(&Edge::evidence, g));
  return dp;
}

struct Expected {
  uint64_t entities = 0, relations = 0, negated = 0, evidence = 0;
};

int failures = 0;

void Check(bool ok, const std::string& what, const std::string& file) {
  if (!ok) {
    std::cerr << "FAIL " << file << ": " << what << "\n";
    ++failures;
  }
}

void CheckGraph(const Graph& g, const Expected& want, const std::string& file) {
  Check(boost::num_vertices(g) == want.entities,
        "entities: " + std::to_string(boost::num_vertices(g)) + ", expected " +
            std::to_string(want.entities),
        file);
  Check(boost::num_edges(g) == want.relations,
        "relations: " + std::to_string(boost::num_edges(g)) + ", expected " +
            std::to_string(want.relations),
        file);
  bool ttp = false, miller = false;
  int mentions = 0;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    const Node& n = g[v];
    ttp |= n.label == "Tehreek-e-Taliban Pakistan \u2018TTP\u2019 \u2013 Khyber Pakhtunkhwa";
    miller |= n.label == "Matthew \"Matt\" Miller <spokesman> & co";
    Check(!n.type.empty(), "a node without type", file);
    Check(n.mentions >= 0, "a node without an int mentions", file);
    mentions += n.mentions;
  }
  Check(ttp, "the TTP label did not survive", file);
  Check(miller, "the label with quotes and <>& did not survive", file);
  Check(mentions == 13, "mentions add up to " + std::to_string(mentions) + ", expected 13", file);
  uint64_t negated = 0, symmetric = 0, not_labels = 0;
  double weight = 0;
  int evidence = 0;
  for (auto e : boost::make_iterator_range(boost::edges(g))) {
    const Edge& d = g[e];
    negated += d.polarity == "negated";
    not_labels += d.label.rfind("not ", 0) == 0;
    symmetric += d.direction == "symmetric";
    Check(d.direction == "symmetric" || d.direction == "directed", "an edge with direction " + d.direction, file);
    weight += d.weight;
    evidence += d.evidence_count;
    Check(!d.relation.empty(), "an edge without relation", file);
    Check(d.confidence >= 0 && d.confidence <= 1, "an edge confidence outside [0, 1]", file);
    Check(d.provenance.size() > 2 && d.provenance.front() == '[', "an edge without provenance",
          file);
  }
  Check(negated == want.negated, "negated edges: " + std::to_string(negated), file);
  Check(not_labels == want.negated, "\"not ...\" labels: " + std::to_string(not_labels), file);
  Check(symmetric == 1, "symmetric edges: " + std::to_string(symmetric) + ", expected 1", file);
  Check(weight == static_cast<double>(want.evidence), "weights add up to " + std::to_string(weight),
        file);
  Check(evidence == static_cast<int>(want.evidence),
        "evidence_count adds up to " + std::to_string(evidence), file);
}

bool LoadExpected(const std::string& path, Expected* want) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  for (auto [key, out] : {std::pair{"entities", &want->entities},
                          {"relations", &want->relations},
                          {"negated", &want->negated},
                          {"evidence", &want->evidence}}) {
    if (!doc.HasMember(key) || !doc[key].IsUint64()) return false;
    *out = doc[key].GetUint64();
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: read_graphml_boost GRAPH.graphml counts.json\n";
    return 2;
  }
  Expected want;
  if (!LoadExpected(argv[2], &want)) {
    std::cerr << "FAIL cannot read the expected counts from " << argv[2] << "\n";
    return 1;
  }
  Graph g;
  boost::dynamic_properties dp = Properties(g);
  std::ifstream in(argv[1]);
  try {
    boost::read_graphml(in, g, dp);
    CheckGraph(g, want, argv[1]);
  } catch (const std::exception& e) {
    Check(false, std::string("stock read_graphml threw: ") + e.what(), argv[1]);
  }
  if (failures == 0) {
    std::cout << "Boost read_graphml: " << want.entities << " entities, " << want.relations
              << " relations, typed attributes and labels intact\n";
  }
  return failures == 0 ? 0 : 1;
}
