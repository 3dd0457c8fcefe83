// Writes the nasty test graph (tests/unit/io/nasty_graph.h) in every format
// relgraph writes, for the real-client tests: OUTDIR/nasty.{graphml,nt,ttl,jsonl}
// and OUTDIR/counts.json with the hand-counted entity,
// relation, negated and evidence counts the readers must find. It also reads
// the GraphML, N-Triples and JSON Lines back and checks they write the same
// bytes again. OUTDIR is created when missing.
//
//   write_nasty_graph OUTDIR ONTOLOGY.json ONTOLOGY.schema.json

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "graph/io/format.h"
#include "graph/io/graph_file.h"
#include "src/base/json.h"
#include "src/base/ontology.h"
#include "tests/unit/io/nasty_graph.h"

namespace {

int Fail(const std::string& message) {
  std::cerr << "write_nasty_graph: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace relgraph;
  if (argc != 4) return Fail("usage: write_nasty_graph OUTDIR ONTOLOGY.json ONTOLOGY.schema.json");
  const std::string dir = argv[1];
  auto onto = Ontology::Load(argv[2], argv[3]);
  if (!onto.ok()) return Fail(onto.status().ToString());

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("cannot create " + dir + ": " + ec.message());

  const graph::KnowledgeGraph g = testing::NastyGraph();
  if (g.num_entities() != testing::kNastyEntities ||
      g.num_relations() != testing::kNastyRelations) {
    return Fail("the nasty graph has " + std::to_string(g.num_entities()) + " entities and " +
                std::to_string(g.num_relations()) + " relations, not the hand-counted " +
                std::to_string(testing::kNastyEntities) + " and " +
                std::to_string(testing::kNastyRelations));
  }
  for (io::Format f :
       {io::Format::kGraphml, io::Format::kNTriples, io::Format::kTurtle, io::Format::kJsonLines}) {
    const std::string path = dir + "/nasty" + std::string(io::FormatExtension(f));
    Status s = io::WriteGraphFile(g, onto.value(), f, path, {});
    if (!s.ok()) return Fail(s.ToString());
    if (!io::FormatHasReader(f)) continue;
    graph::KnowledgeGraph back;
    s = io::ReadGraphFile(path, onto.value(), &back);
    if (!s.ok()) return Fail(s.ToString());
    std::ostringstream again;
    s = io::WriteGraph(back, onto.value(), f, {}, again);
    std::string first;
    if (!s.ok() || !ReadFileToString(path, &first).ok() || first != again.str()) {
      return Fail(path + ": write -> read -> write changed the bytes");
    }
  }
  std::ofstream counts(dir + "/counts.json");
  counts << "{\"entities\": " << testing::kNastyEntities
         << ", \"relations\": " << testing::kNastyRelations
         << ", \"negated\": " << testing::kNastyNegated
         << ", \"evidence\": " << testing::kNastyEvidence << "}\n";
  counts.close();
  if (!counts) return Fail("cannot write " + dir + "/counts.json");
  std::cout << "wrote " << dir << "/nasty.{graphml,nt,ttl,jsonl}: " << g.num_entities()
            << " entities, " << g.num_relations() << " relations\n";
  return 0;
}
