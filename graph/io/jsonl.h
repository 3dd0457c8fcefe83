// JSON Lines: the lossless text form of a KnowledgeGraph, one JSON object a
// line. It is what `relgraph extract --format jsonl` writes for each shard of
// a distributed run and what `relgraph merge PART.jsonl...` reads back; it is
// also the easiest output to stream through jq.
//
// Lines, in this order:
//   one per relation, in KnowledgeGraph::Relations() order:
//     {"subject":{"id","label","type","aliases":[],"mentions"},
//      "relation":"supports","label":"supports","kind":"typed",
//      "object":{...},"weight":2,"confidence":0.75,"polarity":"affirmed",
//      "modality":"asserted","attributed_to":[],"qualifiers":{},
//      "evidence":[{"doc","sentence","begin","end","rule","text","confidence",
//                   "modality","attributed_to"?,"qualifiers"?}]}
//   one per entity that has no relation, in id order:
//     {"entity":{"id","label","type","aliases","mentions"}}
//   and (WriteOptions::jsonl_summary, on by default) a last line
//     {"summary":{"format":"relgraph-jsonl","version":1,"entities":N,"relations":M}}
//
// weight, confidence (printf %.4g), modality, attributed_to and qualifiers
// of a relation are derived from its evidence: written for readers, checked
// (weight) or recomputed (the rest) when read back. Evidence confidence is
// written in its shortest exact form, so write -> read -> write gives the
// same bytes. Strings are repaired to valid UTF-8; control characters are
// escaped and survive.
//
// Reading: each summary line closes a segment, and the segments are merged
// with KnowledgeGraph::Merge, so `cat a.jsonl b.jsonl` reads as the merge
// of a and b. Within a segment an entity may appear on many lines but must
// be the same each time; a segment's counts must match its summary.
//
//   std::ostringstream out;
//   Status s = io::WriteJsonLines(graph, onto, {}, out);
//   graph::KnowledgeGraph merged;
//   Status r = io::ReadJsonLines(out.str(), "part-0.jsonl", onto, &merged);

#ifndef RELGRAPH_GRAPH_IO_JSONL_H_
#define RELGRAPH_GRAPH_IO_JSONL_H_

#include <ostream>
#include <string>
#include <string_view>

#include "graph/io/format.h"
#include "graph/knowledge_graph.h"
#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::io {

// Writes g as JSON Lines. kInvalidArgument (nothing written) when
// CheckWritable fails; kIoError when the stream fails.
Status WriteJsonLines(const graph::KnowledgeGraph& g, const Ontology& onto,
                      const WriteOptions& options, std::ostream& out);

// Reads JSON Lines text named `name` (used in messages) and adds its graph
// to *into with KnowledgeGraph::Merge (so reading parts one after another
// into one graph is `relgraph merge`). On error *into is unchanged. Errors carry
// name:line:column: invalid JSON, a line that is not a relation, entity or
// summary, a missing or mistyped field, a typed relation the ontology does
// not know, a kind that contradicts the relation id, a weight that is not
// the number of evidence items, an entity that differs from its earlier
// lines, a relation repeated within a segment, or counts that disagree with
// a summary line (a truncated or edited part).
Status ReadJsonLines(std::string_view text, const std::string& name, const Ontology& onto,
                     graph::KnowledgeGraph* into);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_JSONL_H_
