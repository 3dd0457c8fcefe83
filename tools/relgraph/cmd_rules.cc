// relgraph rules check | test.

#include <filesystem>
#include <iostream>

#include "src/resolve/examples.h"
#include "tools/relgraph/cli.h"

namespace relgraph::cli {

namespace {

// True when `file` is one of `paths` or lies in one of them.
bool Under(const std::string& file, const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(file, ec);
  for (const auto& p : paths) {
    const fs::path base = fs::weakly_canonical(p, ec);
    if (f == base || f.parent_path() == base) return true;
  }
  return false;
}

// The paths to load beside the shipped rules: the shipped folder and its
// files are loaded anyway.
std::vector<std::string> ExtraRules(const GlobalOptions& g, const std::vector<std::string>& paths) {
  std::vector<std::string> extra;
  const std::vector<std::string> shipped = {SchemasDir(g) + "/rules"};
  for (const auto& p : paths) {
    if (!Under(p, shipped)) extra.push_back(p);
  }
  return extra;
}

}  // namespace

int RunRulesCheck(const GlobalOptions& g, const RulesArgs& args) {
  auto pipeline = LoadPipeline(g, ExtraRules(g, args.paths));
  if (!pipeline) return kExitUsage;
  int counts[extract::kNumStages] = {0, 0, 0};
  size_t examples = 0;
  for (const auto& r : pipeline->engine().rules()) {
    ++counts[static_cast<int>(r.stage)];
    examples += r.examples.size();
  }
  std::cout << pipeline->engine().rules().size() << " rules ok (" << counts[0] << " entity, " << counts[1]
            << " chunk, " << counts[2] << " relation), " << examples << " examples\n";
  return kExitOk;
}

int RunRulesTest(const GlobalOptions& g, const RulesArgs& args) {
  auto pipeline = LoadPipeline(g, ExtraRules(g, args.paths));
  if (!pipeline) return kExitUsage;
  size_t total = 0, failed = 0, rules = 0;
  for (const auto& rule : pipeline->engine().rules()) {
    if (!args.paths.empty() && !Under(rule.file, args.paths)) continue;
    if (!args.only.empty() && rule.id.compare(0, args.only.size(), args.only) != 0) continue;
    ++rules;
    for (const auto& res : resolve::CheckRuleExamples(*pipeline, rule)) {
      ++total;
      if (!res.passed) ++failed;
      if (!res.passed || args.verbose) std::cout << (res.passed ? "PASS " : "FAIL ") << res.message << "\n";
    }
  }
  std::cout << rules << " rules, " << total << " examples, " << failed << " failed\n";
  if (rules == 0) {
    PrintError("no rules matched");
    return kExitUsage;
  }
  return failed > 0 ? kExitInputErrors : kExitOk;
}

}  // namespace relgraph::cli
