// Fuzz target: the whole pipeline on an arbitrary document.
//
// The input is a document's text (UTF-8 is repaired first, as ingest does).
// It goes through segmenting, tagging, entities, every rule stage and
// resolve, into a graph that is written as GraphML and JSON Lines. Checks:
// nothing crashes; triples point inside the text and at real sentences;
// every entity has a label and a type; the writers succeed and JSON Lines
// reads back to the same number of relations.

#include <cstdint>
#include <sstream>
#include <string>

#include "graph/build.h"
#include "graph/io/graphml.h"
#include "graph/io/jsonl.h"
#include "src/ingest/utf8.h"
#include "src/resolve/pipeline.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const relgraph::resolve::Pipeline& Get() {
  static const relgraph::resolve::Pipeline* p = [] {
    relgraph::resolve::PipelineOptions options;
    options.schemas_dir = RELGRAPH_SOURCE_DIR "/schemas";
    auto loaded = relgraph::resolve::Pipeline::Load(options);
    RELGRAPH_FUZZ_CHECK(loaded.ok());
    return new relgraph::resolve::Pipeline(std::move(loaded).value());
  }();
  return *p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& pipeline = Get();
  relgraph::ingest::Document doc;
  doc.id = "fuzz";
  relgraph::ingest::NormalizeText(std::string_view(reinterpret_cast<const char*>(data), size), &doc.text);
  relgraph::resolve::ProcessedDocument out = pipeline.Process(doc, /*trace=*/true);
  const auto& sentences = out.segmentation.sentences;
  for (const auto& t : out.resolved.triples) {
    RELGRAPH_FUZZ_CHECK(t.begin < t.end && t.end <= doc.text.size());
    RELGRAPH_FUZZ_CHECK(t.sentence < sentences.size());
    RELGRAPH_FUZZ_CHECK(!t.subject.label.empty() && !t.object.label.empty());
    RELGRAPH_FUZZ_CHECK(!t.subject.type.empty() && !t.object.type.empty());
  }
  relgraph::graph::KnowledgeGraph g;
  relgraph::graph::AddDocument(doc.id, out.resolved, &g);
  std::ostringstream graphml, jsonl;
  RELGRAPH_FUZZ_CHECK(relgraph::io::WriteGraphml(g, pipeline.ontology(), {}, graphml).ok());
  RELGRAPH_FUZZ_CHECK(relgraph::io::WriteJsonLines(g, pipeline.ontology(), {}, jsonl).ok());
  relgraph::graph::KnowledgeGraph back;
  RELGRAPH_FUZZ_CHECK(relgraph::io::ReadJsonLines(jsonl.str(), "fuzz.jsonl", pipeline.ontology(), &back).ok());
  RELGRAPH_FUZZ_CHECK(back.num_relations() == g.num_relations());
  return 0;
}
