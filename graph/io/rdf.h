// RDF: the graph as N-Triples or Turtle, for triple stores (Jena, Oxigraph,
// GraphDB) and SPARQL. Both serialisations carry the same triples in the
// same order; Turtle groups them by subject and predicate.
//
// Names (B = WriteOptions::base_iri, or the ontology's base_iri when empty;
// O = the ontology's base_iri):
//   entity      <B entity/ + percent-encoded id>       e.g. <.../entity/country/pakistan>
//   statement   <B statement/ + edge id>               the edge id of graphml.h
//   evidence    <statement IRI + /evidence/ + 1..n>
//   type        <O ontology/ + type id>                (Ontology::TypeIri)
//   relation    the ontology's IRI for it (Ontology::RelationIri); an open
//               relation <O open/ + percent-encoded predicate>
//   vocabulary  relgraph: = <O vocab/> (id, mentions, relation, kind,
//               polarity, modality, weight, confidence, attributedTo,
//               evidence, doc, sentence, begin, end, rule, text, plover,
//               cameo, and qualifier/<key>); class relgraph:Evidence
//
// Triples, in this order:
//   1. (declare_vocabulary) every ontology type as rdfs:Class with label,
//      comment and rdfs:subClassOf its parent; every ontology relation as
//      rdf:Property (and owl:SymmetricProperty) with rdfs:label, comment,
//      owl:inverseOf, relgraph:plover, relgraph:cameo; the open relations and
//      unknown types the graph uses; the relgraph vocabulary itself.
//   2. per entity (by id): rdf:type, rdfs:label, skos:altLabel per alias,
//      relgraph:id, relgraph:mentions, then the entity's affirmed relations
//      as plain triples <subject> <relation> <object>. A negated relation is
//      never asserted as a plain triple.
//   3. per relation, standard RDF reification: <statement> a rdf:Statement;
//      rdf:subject/predicate/object; relgraph:relation, kind, polarity,
//      modality, weight, confidence, attributedTo (entity IRIs), qualifiers
//      as relgraph:qualifier/<key>, and relgraph:evidence links to
//   4. (rdf_evidence) the evidence nodes: a relgraph:Evidence; doc,
//      sentence, begin, end (byte span), rule, text, confidence, modality,
//      attributedTo, qualifiers.
// Counts are xsd:integer, confidences xsd:double (relation: %.4g; evidence:
// shortest exact form). Every IRI is percent-encoded where an IRIREF needs
// it, so rapper and riot accept the file; literals are escaped per the
// N-Triples grammar. No triple is written twice.
//
// Reading: ReadNTriples rebuilds the graph from the entities (relgraph:id,
// rdfs:label, skos:altLabel, rdf:type, relgraph:mentions) and the reified
// statements with their evidence nodes, so an N-Triples file written with
// rdf_evidence on reads back losslessly (write -> read -> write gives the
// same bytes). The vocabulary and the plain relation triples are not needed.
//
//   Status s = io::WriteTurtle(graph, onto, {.base_iri = "https://example.org/kg/"}, out);

#ifndef RELGRAPH_GRAPH_IO_RDF_H_
#define RELGRAPH_GRAPH_IO_RDF_H_

#include <ostream>
#include <string>
#include <string_view>

#include "graph/io/format.h"
#include "graph/knowledge_graph.h"
#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::io {

// Write g as N-Triples / Turtle. kInvalidArgument (nothing written) when the
// base IRI (the option or the ontology's) is not an absolute IRI that an
// IRIREF can hold, or when CheckWritable fails; kIoError when the stream
// fails.
Status WriteNTriples(const graph::KnowledgeGraph& g, const Ontology& onto,
                     const WriteOptions& options, std::ostream& out);
Status WriteTurtle(const graph::KnowledgeGraph& g, const Ontology& onto,
                   const WriteOptions& options, std::ostream& out);

// Reads N-Triples text named `name` (used in messages) and adds its graph to
// *into (KnowledgeGraph::Merge); on error *into is unchanged. Errors carry
// name:line (and column for syntax errors): a line that is not an N-Triples
// triple (bad IRI character, bad escape, unterminated literal, missing "."),
// an entity without rdfs:label or with a type outside the ontology's
// namespace, a statement whose subject or object is not an entity of the
// file, a typed relation the ontology does not know, a kind or polarity that
// is not a known name, a weight that differs from the evidence nodes (a file
// written with rdf_evidence off), evidence without doc or rule, a bad
// number, a repeated statement.
Status ReadNTriples(std::string_view text, const std::string& name, const Ontology& onto,
                    graph::KnowledgeGraph* into);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_RDF_H_
