// relgraph::graph building: adds what resolve found in one document to a
// KnowledgeGraph.
//
// Stage: the join between the text side (src/resolve) and the graph. Every
// resolved triple becomes an edge with one evidence item (document, sentence,
// byte span, rule, sentence text, confidence, modality, speaker,
// qualifiers); entities get their mention counts from the document; entities
// that a document defined by an alias ("Foreign Office (FO)") are kept even
// when no relation names them, so the alias is not lost.
//
//   KnowledgeGraph g;
//   AddDocument("doc-1", resolved, &g);

#ifndef RELGRAPH_GRAPH_BUILD_H_
#define RELGRAPH_GRAPH_BUILD_H_

#include <string>

#include "graph/knowledge_graph.h"
#include "src/resolve/resolver.h"

namespace relgraph::graph {

// Adds the triples and named entities of one resolved document.
void AddDocument(const std::string& doc_id, const resolve::ResolvedDocument& doc, KnowledgeGraph* g);

}  // namespace relgraph::graph

#endif  // RELGRAPH_GRAPH_BUILD_H_
