// The GraphML <key> declarations relgraph writes, shared by the writer and
// the reader (graph/io internal). Gephi names its columns by key id and
// recognises "label", "edgelabel" and "weight"; networkx names attributes by
// attr.name. Node and edge keys share one id space, hence "edgelabel".

#ifndef RELGRAPH_GRAPH_IO_GRAPHML_KEYS_H_
#define RELGRAPH_GRAPH_IO_GRAPHML_KEYS_H_

#include <string_view>

namespace relgraph::io {

struct GraphmlKey {
  std::string_view id;
  std::string_view domain;  // the for= attribute: "node" | "edge"
  std::string_view name;    // attr.name
  std::string_view type;    // attr.type
};

inline constexpr std::string_view kKeyLabel = "label";
inline constexpr std::string_view kKeyType = "type";
inline constexpr std::string_view kKeyAliases = "aliases";
inline constexpr std::string_view kKeyMentions = "mentions";
inline constexpr std::string_view kKeyEdgeLabel = "edgelabel";
inline constexpr std::string_view kKeyWeight = "weight";
inline constexpr std::string_view kKeyRelation = "relation";
inline constexpr std::string_view kKeyKind = "kind";
inline constexpr std::string_view kKeyPolarity = "polarity";
inline constexpr std::string_view kKeyModality = "modality";
inline constexpr std::string_view kKeyDirection = "direction";
inline constexpr std::string_view kKeyConfidence = "confidence";
inline constexpr std::string_view kKeyEvidenceCount = "evidence_count";
inline constexpr std::string_view kKeyAttributedTo = "attributed_to";
inline constexpr std::string_view kKeyQualifiers = "qualifiers";
inline constexpr std::string_view kKeyPlover = "plover";
inline constexpr std::string_view kKeyCameo = "cameo";
inline constexpr std::string_view kKeyEvidence = "evidence";
inline constexpr std::string_view kKeyProvenance = "provenance";

inline constexpr GraphmlKey kGraphmlKeys[] = {
    {kKeyLabel, "node", "label", "string"},
    {kKeyType, "node", "type", "string"},
    {kKeyAliases, "node", "aliases", "string"},
    {kKeyMentions, "node", "mentions", "int"},
    {kKeyEdgeLabel, "edge", "label", "string"},
    {kKeyWeight, "edge", "weight", "double"},
    {kKeyRelation, "edge", "relation", "string"},
    {kKeyKind, "edge", "kind", "string"},
    {kKeyPolarity, "edge", "polarity", "string"},
    {kKeyModality, "edge", "modality", "string"},
    {kKeyDirection, "edge", "direction", "string"},
    {kKeyConfidence, "edge", "confidence", "double"},
    {kKeyEvidenceCount, "edge", "evidence_count", "int"},
    {kKeyAttributedTo, "edge", "attributed_to", "string"},
    {kKeyQualifiers, "edge", "qualifiers", "string"},
    {kKeyPlover, "edge", "plover", "string"},
    {kKeyCameo, "edge", "cameo", "string"},
    {kKeyEvidence, "edge", "evidence", "string"},
    {kKeyProvenance, "edge", "provenance", "string"},
};

}  // namespace relgraph::io

#endif  // RELGRAPH_GRAPH_IO_GRAPHML_KEYS_H_
