// relgraph::extract rule loading: rule files -> validated Rules and macros.
//
// Reads every *.json file of the given folders (sorted by name; the shipped
// schemas/rules/ first, then a user's --rules folders), checks each against
// schemas/rules.schema.json, and converts it into Rule values. Duplicate rule
// ids and duplicate macro names across files are errors. A bad file stops
// loading with one precise message:
//
//   schemas/rules/support.json:14:21: rule support.noun_for: schema: keyword "type" failed at /rules/3/pattern
//
// Patterns are parsed and compiled later by the engine (engine.h), which
// reports pattern errors the same way.
//
//   RuleFiles files;
//   Status s = LoadRuleFiles({"schemas/rules", user_dir}, "schemas/rules.schema.json", &files);

#ifndef RELGRAPH_SRC_EXTRACT_RULE_LOADER_H_
#define RELGRAPH_SRC_EXTRACT_RULE_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/extract/pattern.h"
#include "src/extract/rule.h"

namespace relgraph::extract {

struct RuleFiles {
  std::vector<Rule> rules;   // in load order: files sorted by name, rules in file order
  MacroTable macros;         // from every file's "macros"
  std::map<std::string, std::string, std::less<>> macro_files;  // macro -> file:line
  std::vector<std::string> files;  // the files read
};

// Loads every *.json file under each path (a folder, read non-recursively in
// sorted order, or a single file). kBadConfig on the first invalid file,
// with file, line, column, rule id and reason; kNotFound when a path does
// not exist.
Status LoadRuleFiles(const std::vector<std::string>& paths, const std::string& schema_path,
                     RuleFiles* out);

// Adds the rules and macros of one file's text (named `name` in messages).
Status AddRuleFile(std::string_view text, const std::string& name, std::string_view schema_text,
                   RuleFiles* out);

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_RULE_LOADER_H_
