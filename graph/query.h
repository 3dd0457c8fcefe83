// relgraph::graph queries: find the relations that fit a triple pattern.
//
// A pattern has a subject, a relation and an object; each is a name to match
// or empty / a variable ("?x") for anything. Entity names match an entity's
// label, one of its aliases or its id, ignoring case; relation names match
// the relation id ("supports", "open:raised_concerns_with") or, for open
// relations, the words after "open:" with spaces or underscores. Symmetric
// relations match in both directions.
//
//   QueryPattern q = ParseQueryPattern("US supports ?x");
//   for (const auto& r : RunQuery(graph, q, symmetric)) ...

#ifndef RELGRAPH_GRAPH_QUERY_H_
#define RELGRAPH_GRAPH_QUERY_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"

namespace relgraph::graph {

struct QueryPattern {
  std::string subject;   // empty = any
  std::string relation;  // empty = any
  std::string object;    // empty = any
  bool include_negated = true;
};

// Parses "S R O" where each part is a name, a quoted "multi word name" or a
// variable (?x). Returns false with *error for anything else (wrong number of
// parts, an unterminated quote).
bool ParseQueryPattern(std::string_view text, QueryPattern* out, std::string* error);

// The relations matching `q`, in the graph's order. `symmetric` lists the
// relation ids that match either way round.
std::vector<KnowledgeGraph::RelationView> RunQuery(const KnowledgeGraph& g, const QueryPattern& q,
                                                   const std::set<std::string>& symmetric);

}  // namespace relgraph::graph

#endif  // RELGRAPH_GRAPH_QUERY_H_
