// Helpers shared by the graph/io unit tests: the project's ontology, and
// writing a graph to a string.

#ifndef RELGRAPH_TESTS_UNIT_IO_TEST_UTIL_H_
#define RELGRAPH_TESTS_UNIT_IO_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "graph/io/graph_file.h"
#include "src/base/ontology.h"

namespace relgraph::testing {

inline Ontology ProjectOntology() {
  auto onto = Ontology::Load(RELGRAPH_SOURCE_DIR "/schemas/ontology.json",
                             RELGRAPH_SOURCE_DIR "/schemas/ontology.schema.json");
  EXPECT_TRUE(onto.ok()) << onto.status().ToString();
  return onto.ok() ? onto.value() : Ontology();
}

// The graph in format f, or "" with a test failure.
inline std::string Written(const graph::KnowledgeGraph& g, const Ontology& onto, io::Format f,
                           const io::WriteOptions& options = {}) {
  std::ostringstream out;
  Status s = io::WriteGraph(g, onto, f, options, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.str();
}

inline size_t CountOccurrences(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

}  // namespace relgraph::testing

#endif  // RELGRAPH_TESTS_UNIT_IO_TEST_UTIL_H_
