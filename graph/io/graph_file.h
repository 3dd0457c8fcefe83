// Graph files: write a KnowledgeGraph in any format to a stream or, safely,
// to a file; read a graph file back. This is the entry point the CLI uses;
// the per-format headers (graphml.h, rdf.h, jsonl.h) say what each format
// holds.
//
// WriteGraphFile never leaves a half-written file where a good one stood: it
// writes a temporary file in the target's folder, flushes and fsyncs it,
// checks every error, and only then renames it over the target. On any
// failure the temporary file is removed and an existing target is untouched.
//
//   io::Format f;
//   if (!io::FormatFromExtension(path, &f)) ...
//   Status s = io::WriteGraphFile(graph, onto, f, path, {});
//   if (!s.ok()) { std::cerr << s.ToString() << "\n"; return 1; }
//
//   graph::KnowledgeGraph merged;
//   for (const auto& part : parts) {
//     Status r = io::ReadGraphFile(part, onto, &merged);   // relgraph merge
//     if (!r.ok()) ...report r.ToString(), go on with the rest...
//   }

#ifndef RELGRAPH_GRAPH_IO_GRAPH_FILE_H_
#define RELGRAPH_GRAPH_IO_GRAPH_FILE_H_

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "graph/io/format.h"
#include "graph/knowledge_graph.h"
#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::io {

// Writes g in format f to out (dispatches to WriteGraphml, WriteNTriples,
// WriteTurtle, WriteJsonLines; their errors pass through).
Status WriteGraph(const graph::KnowledgeGraph& g, const Ontology& onto, Format f,
                  const WriteOptions& options, std::ostream& out);

// Writes whatever `write` puts on the stream to `path` atomically (see
// above): for other outputs of the CLI, such as CoNLL-U. The writer's own
// error Status is passed through (with the path as location) and the target
// is left as it was.
Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write);

// Writes g in format f to `path` atomically (see above). kIoError with the
// path and the system's reason when the folder is missing or not writable,
// the disk is full or the rename fails; the writer's own errors pass
// through with the path as location. The new file gets the usual
// permissions (0666 less the umask).
Status WriteGraphFile(const graph::KnowledgeGraph& g, const Ontology& onto, Format f,
                      const std::string& path, const WriteOptions& options);

// Reads text in format f (GraphML, N-Triples or JSON Lines; see FormatHasReader),
// naming it `name` in messages, and adds its graph to *into
// (KnowledgeGraph::Merge); on error *into is unchanged. kUnsupported for a
// format without reader.
Status ReadGraph(std::string_view text, Format f, const std::string& name, const Ontology& onto,
                 graph::KnowledgeGraph* into);

// Reads a graph file, choosing the format by its extension, and adds its
// graph to *into; reading several parts into one graph merges them. On
// error *into is unchanged: kNotFound / kIoError when the file cannot be
// read, kUnsupported for an unknown extension or a format without reader,
// and the reader's errors (with file and line).
Status ReadGraphFile(const std::string& path, const Ontology& onto, graph::KnowledgeGraph* into);

// The same, returning the graph (KnowledgeGraph's copy and move rebuild its
// edge index, so this is safe; the overload above avoids the copy).
Result<graph::KnowledgeGraph> ReadGraphFile(const std::string& path, const Ontology& onto);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_GRAPH_FILE_H_
