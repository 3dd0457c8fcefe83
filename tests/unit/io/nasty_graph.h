// A small knowledge graph full of what breaks writers, shared by the graph/io
// unit tests and the real-client tests (tests/clients): quotes, <>&, a
// control character, tab, newline and carriage return, non-ASCII text
// ("Tehreek-e-Taliban Pakistan ‘TTP’ – Khyber Pakhtunkhwa"), aliases with
// spaces and with ";", an open relation, negated relations parallel to
// affirmed ones, a symmetric relation given in the non-canonical direction,
// an isolated entity, evidence confidences that are not short decimals.
//
//   graph::KnowledgeGraph g = relgraph::testing::NastyGraph();
//   // kNastyEntities entities, kNastyRelations relations, kNastyNegated of them negated

#ifndef RELGRAPH_TESTS_UNIT_IO_NASTY_GRAPH_H_
#define RELGRAPH_TESTS_UNIT_IO_NASTY_GRAPH_H_

#include <cstddef>

#include "graph/knowledge_graph.h"

namespace relgraph::testing {

// Counted by hand from the list in nasty_graph.cc.
inline constexpr size_t kNastyEntities = 6;
inline constexpr size_t kNastyRelations = 7;
inline constexpr size_t kNastyNegated = 2;
inline constexpr size_t kNastyEvidence = 11;

// The graph, built in the listed order (reverse=false) or with every entity
// and triple added in the opposite order (reverse=true): the two must write
// the same bytes.
graph::KnowledgeGraph NastyGraph(bool reverse = false);

}  // namespace relgraph::testing

#endif  // RELGRAPH_TESTS_UNIT_IO_NASTY_GRAPH_H_
