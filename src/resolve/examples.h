// relgraph::resolve rule examples: every rule carries example sentences with
// what it must (and must not) produce; this runs them through the whole
// pipeline, so an example tests the rule as users meet it.
//
// For an example of a relation rule, each "expect" triple must come out of
// the pipeline with this rule as its evidence (names compared, ignoring case,
// with the entity's label or any alias; symmetric relations either way; a
// relation written "not supports" asks for the negated triple);
// aliases count when one entity carries both names and the rule fired. An
// empty "expect" means a rule that emits triples must produce none (it may
// match and have its extraction dropped by resolve), and any other rule must
// not match. "reject" triples
// must not come out of any rule. For entity and chunk rules, each "marks"
// entry "words=Type" must be a span this rule marked.
//
//   for (const Rule& r : pipeline.engine().rules())
//     for (const ExampleResult& res : CheckRuleExamples(pipeline, r))
//       if (!res.passed) std::cout << res.message << "\n";

#ifndef RELGRAPH_SRC_RESOLVE_EXAMPLES_H_
#define RELGRAPH_SRC_RESOLVE_EXAMPLES_H_

#include <string>
#include <vector>

#include "src/extract/rule.h"
#include "src/resolve/pipeline.h"

namespace relgraph::resolve {

struct ExampleResult {
  size_t index = 0;      // which example of the rule
  bool passed = false;
  std::string message;   // "rules/x.json:12: rule support.verb: example 2: expected France -supports-> Armenia; got: ..."
};

// Runs every example of `rule`.
std::vector<ExampleResult> CheckRuleExamples(const Pipeline& pipeline, const extract::Rule& rule);

}  // namespace relgraph::resolve

#endif  // RELGRAPH_SRC_RESOLVE_EXAMPLES_H_
