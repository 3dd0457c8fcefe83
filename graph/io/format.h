// relgraph::io formats and write options: which output formats graph/io
// knows, how a name ("ttl", "graphml") or a file extension maps to one, and
// the options every writer takes.
//
// Stage: graph/io sits after graph/ (the KnowledgeGraph) and before the CLI,
// which picks a Format from --format or from the output file's extension and
// passes WriteOptions through.
//
//   io::Format f;
//   if (!io::FormatFromName(flag, &f) && !io::FormatFromExtension(path, &f)) ...usage error...
//   io::WriteOptions options;            // base_iri empty: the ontology's base_iri
//   Status s = io::WriteGraphFile(graph, onto, f, path, options);   // graph_file.h

#ifndef RELGRAPH_GRAPH_IO_FORMAT_H_
#define RELGRAPH_GRAPH_IO_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace relgraph::io {

enum class Format : uint8_t {
  kGraphml = 0,  // .graphml  GraphML 1.0 for Gephi, networkx, yEd, Boost
  kNTriples,     // .nt       RDF 1.1 N-Triples
  kTurtle,       // .ttl      RDF 1.1 Turtle
  kJsonLines,    // .jsonl    one JSON object a line; the part format of sharded runs
};

// "graphml" | "nt" | "ttl" | "jsonl": the canonical --format name.
std::string_view FormatName(Format f);
// The usual file extension, with the dot: ".graphml" | ".nt" | ".ttl" | ".jsonl".
std::string_view FormatExtension(Format f);

// Accepts the canonical names and common synonyms, ignoring ASCII case:
// graphml; nt, ntriples, n-triples; ttl, turtle; jsonl, jsonlines, json-lines,
// ndjson. Returns false (and leaves *out alone) for anything else.
bool FormatFromName(std::string_view name, Format* out);

// The format of a path by its extension (ignoring ASCII case): .graphml,
// .nt, .ttl, .jsonl, .ndjson. Returns false for other or missing extensions.
bool FormatFromExtension(std::string_view path, Format* out);

// True when graph/io can read this format back (ReadGraphFile): GraphML,
// N-Triples and JSON Lines (not Turtle).
bool FormatHasReader(Format f);

struct WriteOptions {
  // RDF: entity and statement IRIs are minted under this base
  // (base + "entity/" + percent-encoded entity id). Empty means the
  // ontology's base_iri. Ontology terms (types, relations, the relgraph
  // vocabulary) always use the ontology's base_iri.
  std::string base_iri;

  // RDF: declare the ontology's types (rdfs:Class) and relations
  // (rdf:Property with label, PLOVER and CAMEO codes) and the relgraph
  // vocabulary, so the file describes itself.
  bool declare_vocabulary = true;

  // RDF: one node per evidence (doc, sentence, span, rule, text) linked from
  // each reified statement. Off: only the statement with its weight and
  // confidence.
  bool rdf_evidence = true;

  // GraphML: how many evidence items the readable `evidence` summary names
  // before "(+N more)".
  size_t graphml_summary_items = 3;

  // JSON Lines: end the file with a summary line {"summary":{...}} that
  // counts entities and relations, so a reader can tell a truncated part.
  bool jsonl_summary = true;
};

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_FORMAT_H_
