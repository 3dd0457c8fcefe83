// Text encodings shared by the graph/io writers and readers: UTF-8 repair,
// XML and N-Triples escaping, IRI percent-encoding, GraphML ids, number
// formatting and stable edge ids. Internal to graph/io (the writers' headers
// do not expose it), but a plain header so the unit tests can pin each rule.
//
// Every function here is total: bad input (invalid UTF-8, characters XML
// cannot hold) is repaired in a documented way, never rejected, so a writer
// always produces a file its readers accept.
//
//   std::string out;
//   AppendXmlEscaped("a < b \x01", /*attribute=*/false, &out);  // "a &lt; b " + U+FFFD
//   PercentEncode("country/pakistan ‘x’");  // "country/pakistan%20%E2%80%98x%E2%80%99"

#ifndef RELGRAPH_GRAPH_IO_ENCODING_H_
#define RELGRAPH_GRAPH_IO_ENCODING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"
#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::io {

// U+FFFD, written in place of what a format cannot hold.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Decodes one code point of UTF-8 at s[*pos] and advances *pos. An invalid,
// overlong or truncated sequence, a surrogate or a value above U+10FFFF
// yields U+FFFD and advances by one byte.
char32_t NextCodePoint(std::string_view s, size_t* pos);
// Appends the UTF-8 encoding of cp (cp <= U+10FFFF, not a surrogate).
void AppendUtf8(char32_t cp, std::string* out);
// s with every invalid UTF-8 sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// XML 1.0 character data: & < > are escaped, and " too with attribute=true; characters XML 1.0 does
// not allow (C0 controls other than tab, newline and carriage return, U+FFFE, U+FFFF) and invalid
// UTF-8 become U+FFFD. Carriage return is written as
// &#13; (a parser would turn a raw one into a newline); with attribute=true
// tab and newline are written as &#9; and &#10; too, so attribute
// normalisation keeps them.
void AppendXmlEscaped(std::string_view s, bool attribute, std::string* out);

// An N-Triples / Turtle STRING_LITERAL_QUOTE, quotes included: \" \\ \t \n
// \r \b \f as ECHAR, other C0 controls and DEL as \u00XX, invalid UTF-8 as
// U+FFFD, everything else raw UTF-8.
void AppendRdfString(std::string_view s, std::string* out);

// IRI-safe percent-encoding: ASCII letters, digits, - . _ ~ and / pass;
// every other byte (space, punctuation, %, non-ASCII) becomes %XX with
// upper-case hex. The result is valid in an IRIREF and unambiguous to decode.
std::string PercentEncode(std::string_view s);
// The inverse; false on a malformed escape.
bool PercentDecode(std::string_view s, std::string* out);

// An entity id as a GraphML id (xs:NMTOKEN): ASCII letters, digits, - and .
// pass, / becomes :, every other byte becomes _XX (upper-case hex), so
// "country/pakistan" is "country:pakistan". Reversible.
std::string NmtokenEncode(std::string_view id);
// The inverse; false on anything NmtokenEncode cannot produce.
bool NmtokenDecode(std::string_view token, std::string* out);

// The shortest decimal text that reads back as exactly `v` ("0.5", "1",
// "1e-05"); used where a number must round-trip (evidence confidence).
// Non-finite values are the caller's to reject (CheckWritable).
std::string FormatShortest(double v);
// A derived number for people: printf "%.4g" ("0.9375", "0.85", "1").
std::string FormatDerived(double v);

// One id per relation, parallel to `relations` (as KnowledgeGraph::Relations
// returns them): "e" + 16 hex digits of a 64-bit FNV-1a hash of (subject id,
// relation, object id, polarity), so an edge keeps its id when other edges
// come and go. The rare collision gets "-2", "-3" ... in relation order.
std::vector<std::string> StableEdgeIds(
    const std::vector<graph::KnowledgeGraph::RelationView>& relations);

// What a relation is called for people: the ontology label of a typed
// relation ("also known as"), the predicate of an open one ("raised concerns
// with"), the id itself when the ontology does not know it.
std::string RelationDisplayName(const Ontology& onto, std::string_view relation);

// kInvalidArgument when the graph holds something no format can write
// faithfully: a non-finite evidence confidence. The message names the
// relation and the evidence.
Status CheckWritable(const graph::KnowledgeGraph& g);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_ENCODING_H_
