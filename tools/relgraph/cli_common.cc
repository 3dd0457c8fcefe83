#include <cstdlib>
#include <iostream>

#include "tools/relgraph/cli.h"

namespace relgraph::cli {

std::string SchemasDir(const GlobalOptions& g) {
  if (!g.schemas_dir.empty()) return g.schemas_dir;
  if (const char* env = std::getenv("RELGRAPH_SCHEMAS"); env != nullptr && *env != '\0') return env;
  return RELGRAPH_DEFAULT_SCHEMAS_DIR;
}

void PrintError(const std::string& message) { std::cerr << "relgraph: " << message << "\n"; }

void PrintError(const Status& status) { PrintError(status.ToString()); }

std::unique_ptr<resolve::Pipeline> LoadPipeline(const GlobalOptions& g,
                                                const std::vector<std::string>& extra_rules,
                                                const text::SegmentOptions& segment) {
  resolve::PipelineOptions options;
  options.schemas_dir = SchemasDir(g);
  options.extra_rules = extra_rules;
  options.segment = segment;
  auto p = resolve::Pipeline::Load(options);
  if (!p.ok()) {
    PrintError(p.status());
    return nullptr;
  }
  return std::make_unique<resolve::Pipeline>(std::move(p).value());
}

std::unique_ptr<Ontology> LoadOntology(const GlobalOptions& g) {
  const std::string dir = SchemasDir(g);
  auto onto = Ontology::Load(dir + "/ontology.json", dir + "/ontology.schema.json");
  if (!onto.ok()) {
    PrintError(onto.status());
    return nullptr;
  }
  return std::make_unique<Ontology>(std::move(onto).value());
}

}  // namespace relgraph::cli
