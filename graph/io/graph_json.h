// The JSON shapes of entities and evidence, shared by the JSON Lines format
// and the GraphML `provenance` attribute. Internal to graph/io: RapidJSON
// types appear here on purpose, and only graph/io includes this header.
//
//   entity:   {"id":"country/pakistan","label":"Pakistan","type":"Country",
//              "aliases":["PK"],"mentions":3}
//   evidence: {"doc":"d1","sentence":3,"begin":120,"end":161,"rule":"support.noun",
//              "text":"...","confidence":0.8,"modality":"reported",
//              "attributed_to":"person/x","qualifiers":{"date":"2024-05-15"}}
//
// attributed_to and qualifiers are left out when empty. Numbers that must
// round-trip are written in their shortest exact form. Strings are repaired
// to valid UTF-8 (invalid bytes become U+FFFD) before they are written;
// control characters are escaped, so they survive.
//
//   JsonWriter w(buffer);
//   WriteEvidenceJson(ev, &w);
//   std::string error;
//   if (!ReadEvidenceJson(value, &ev, &error)) ... error names the field ...

#ifndef RELGRAPH_GRAPH_IO_GRAPH_JSON_H_
#define RELGRAPH_GRAPH_IO_GRAPH_JSON_H_

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

#include "graph/knowledge_graph.h"

namespace relgraph::io {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Writes s as a JSON string (after SanitizeUtf8).
void WriteJsonString(std::string_view s, JsonWriter* w);
// Writes v in its shortest exact form (v must be finite).
void WriteJsonDouble(double v, JsonWriter* w);

void WriteEntityJson(const graph::Entity& e, JsonWriter* w);
void WriteEvidenceJson(const graph::Evidence& ev, JsonWriter* w);
void WriteEvidenceArrayJson(const std::vector<graph::Evidence>& evidence, JsonWriter* w);

// Readers: false with *error set ("mentions: expected an unsigned 32-bit
// integer") on a missing required member, a wrong type or an unknown enum
// name. Unknown members are ignored. Required: entity id and label;
// evidence doc, sentence, rule. Defaults as in graph::Entity / Evidence.
bool ReadEntityJson(const rapidjson::Value& v, graph::Entity* e, std::string* error);
bool ReadEvidenceJson(const rapidjson::Value& v, graph::Evidence* ev, std::string* error);
bool ReadEvidenceArrayJson(const rapidjson::Value& v, std::vector<graph::Evidence>* evidence,
                           std::string* error);

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_GRAPH_JSON_H_
