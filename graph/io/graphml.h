// GraphML: the graph for Gephi, networkx, yEd, graphology and Boost's
// read_graphml, written by hand (Boost's write_graphml writes control
// characters raw, booleans as 1/0 and keys named key0, key1) and valid
// against the GraphML 1.0 XSD.
//
// What the file holds (key ids are the column names Gephi shows):
//   node id   the entity id as an xs:NMTOKEN ("country/pakistan" ->
//             "country:pakistan"; bytes other than letters, digits, - and .
//             become _XX), see NmtokenEncode in encoding.h
//   node keys label (string), type (string), aliases (string: "; " between
//             aliases, a ";" or "\" inside an alias escaped with "\"),
//             mentions (int)
//   edge id   "e" + 16 hex digits, stable for a (subject, relation, object,
//             polarity), see StableEdgeIds
//   edge keys label (key id "edgelabel", attr.name "label": the relation's
//             label, "not " + label when negated, so Gephi keeps parallel
//             edges of different relations apart), weight (double: the number
//             of evidence items), relation (string: the relation id),
//             kind, polarity, modality (string), direction (string: "symmetric"
//             or "directed"; no xs:boolean, which Boost 1.74 cannot read),
//             confidence (double, %.4g), evidence_count
//             (int), attributed_to (string, "; "-joined entity ids),
//             qualifiers (string, "key=value; ..."), plover, cameo (string,
//             only for relations that have them), evidence (string: a
//             readable summary, below), provenance (string: the evidence as a
//             JSON array, graph_json.h, so the file reads back losslessly)
//   evidence  "d1#4 support.noun; d1#9 support.verb; d2#0 x.rule (+1 more) |
//             <the first evidence's sentence>": doc#sentence and rule of the
//             first graphml_summary_items evidence items, then the first
//             sentence on one line (tabs and line breaks become spaces)
//
// Text that XML 1.0 cannot hold (control characters, invalid UTF-8) becomes
// U+FFFD in the readable keys; the provenance JSON escapes it, so evidence
// text survives exactly. Output is deterministic: nodes by entity id, edges
// by (subject, relation, object, polarity), keys in a fixed order, numbers in
// fixed formats.
//
//   std::ostringstream out;
//   Status s = io::WriteGraphml(graph, onto, {}, out);
//   graph::KnowledgeGraph back;
//   Status r = io::ReadGraphml(out.str(), "g.graphml", onto, &back);

#ifndef RELGRAPH_GRAPH_IO_GRAPHML_H_
#define RELGRAPH_GRAPH_IO_GRAPHML_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/io/format.h"
#include "graph/knowledge_graph.h"
#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::io {

// Writes g as GraphML. kInvalidArgument (nothing written) when CheckWritable
// fails; kIoError when the stream fails.
Status WriteGraphml(const graph::KnowledgeGraph& g, const Ontology& onto,
                    const WriteOptions& options, std::ostream& out);

// Reads GraphML text named `name` (used in messages) with libxml2, without
// network access or entity expansion, and adds its graph to *into
// (KnowledgeGraph::Merge); on error *into is unchanged. The file must declare the keys
// relgraph writes for node label and edge relation (matched by attr.name
// and for=, so key ids may differ); type, aliases, mentions, polarity and
// provenance are read when declared. Errors carry name:line (and column for
// XML syntax errors): not well-formed XML, a root that is not <graphml>, a
// missing required key, <data> naming an undeclared key, a node without id
// or label, a duplicate node id, an edge whose source or target is not a
// node of the file (no node is ever created for it), a bad number or
// boolean, provenance that is not the evidence JSON, a typed relation the
// ontology does not know, a kind or polarity that is not a known name, a
// repeated edge, nested graphs or hyperedges.
Status ReadGraphml(std::string_view text, const std::string& name, const Ontology& onto,
                   graph::KnowledgeGraph* into);

// Joins aliases with "; ", escaping ";" and "\" inside an alias with "\";
// SplitAliases is its inverse. Exposed for tests and for the CLI's tables.
std::string JoinAliases(const std::vector<std::string>& aliases);
std::vector<std::string> SplitAliases(std::string_view joined);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_GRAPHML_H_
