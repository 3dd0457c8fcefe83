// The relgraph command line: shared pieces of the subcommands. Only the CLI
// talks to the terminal, owns files and sets exit codes:
//   0  everything read and written
//   1  some inputs failed (each reported; the rest was processed)
//   2  bad usage or bad configuration (nothing processed)

#ifndef RELGRAPH_TOOLS_RELGRAPH_CLI_H_
#define RELGRAPH_TOOLS_RELGRAPH_CLI_H_

#include <memory>
#include <string>
#include <vector>

#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/resolve/pipeline.h"

namespace relgraph::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  std::string schemas_dir;  // --schemas, else $RELGRAPH_SCHEMAS, else the build's source tree
  bool quiet = false;
};

// The schemas folder to use.
std::string SchemasDir(const GlobalOptions& g);

// "relgraph: <message>" on stderr.
void PrintError(const std::string& message);
void PrintError(const Status& status);

// Loads the whole pipeline; prints the error and returns nullptr on failure.
std::unique_ptr<resolve::Pipeline> LoadPipeline(const GlobalOptions& g,
                                                const std::vector<std::string>& extra_rules,
                                                const text::SegmentOptions& segment = {});
// Loads the ontology only.
std::unique_ptr<Ontology> LoadOntology(const GlobalOptions& g);

struct ExtractArgs {
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::string format;
  std::vector<std::string> rules;
  std::string base_iri;
  std::string input_format = "auto";
  std::string stdin_format = "text";
  std::string line_breaks = "auto";
  int jobs = 0;
};
int RunExtract(const GlobalOptions& g, const ExtractArgs& args);

struct QueryArgs {
  std::string graph_file;
  std::string pattern;
  std::string subject, relation, object;
  std::string format = "table";
  bool affirmed_only = false;
  bool evidence = false;
};
int RunQuery(const GlobalOptions& g, const QueryArgs& args);

struct ExplainArgs {
  std::string text;
  std::vector<std::string> rules;
  bool regex = false;
};
int RunExplain(const GlobalOptions& g, const ExplainArgs& args);

struct RulesArgs {
  std::vector<std::string> paths;
  std::string only;  // a rule id or id prefix
  bool verbose = false;
};
int RunRulesCheck(const GlobalOptions& g, const RulesArgs& args);
int RunRulesTest(const GlobalOptions& g, const RulesArgs& args);

struct AnnotateArgs {
  std::vector<std::string> inputs;
  std::string output;
  std::string format = "conllu";
  bool pretokenized = false;
  std::vector<std::string> rules;
};
int RunAnnotate(const GlobalOptions& g, const AnnotateArgs& args);

}  // namespace relgraph::cli

#endif  // RELGRAPH_TOOLS_RELGRAPH_CLI_H_
