// The GraphML writer and the alias list encoding; the reader is in
// graphml_reader.cc.

#include "graph/io/graphml.h"

#include "graph/io/encoding.h"
#include "graph/io/graph_json.h"
#include "graph/io/graphml_keys.h"

namespace relgraph::io {

namespace {

void AppendData(std::string_view key, std::string_view value, std::string* out) {
  out->append("      <data key=\"");
  out->append(key);
  out->append("\">");
  AppendXmlEscaped(value, /*attribute=*/false, out);
  out->append("</data>\n");
}

std::string EvidenceSummary(const graph::Relation& r, size_t items) {
  std::string s;
  const size_t n = r.evidence.size();
  for (size_t i = 0; i < n && i < items; ++i) {
    const graph::Evidence& ev = r.evidence[i];
    if (i > 0) s += "; ";
    s += ev.doc_id + "#" + std::to_string(ev.sentence) + " " + ev.rule_id;
  }
  if (n > items) s += " (+" + std::to_string(n - items) + " more)";
  if (n > 0 && !r.evidence[0].text.empty()) {
    // One line in a table cell: tabs and line breaks of the sentence become spaces.
    s += " | ";
    for (char c : r.evidence[0].text) s += (c == '\t' || c == '\n' || c == '\r') ? ' ' : c;
  }
  return s;
}

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string s;
  for (const auto& id : ids) {
    if (!s.empty()) s += "; ";
    s += id;
  }
  return s;
}

std::string JoinQualifiers(const std::map<std::string, std::string>& q) {
  std::string s;
  for (const auto& [k, v] : q) {
    if (!s.empty()) s += "; ";
    s += k + "=" + v;
  }
  return s;
}

}  // namespace

std::string JoinAliases(const std::vector<std::string>& aliases) {
  std::string s;
  for (const auto& a : aliases) {
    if (!s.empty()) s += "; ";
    for (char c : a) {
      if (c == ';' || c == '\\') s += '\\';
      s += c;
    }
  }
  return s;
}

std::vector<std::string> SplitAliases(std::string_view joined) {
  std::vector<std::string> out;
  if (joined.empty()) return out;
  std::string cur;
  for (size_t i = 0; i < joined.size(); ++i) {
    const char c = joined[i];
    if (c == '\\' && i + 1 < joined.size()) {
      cur += joined[++i];
    } else if (c == ';') {
      out.push_back(std::move(cur));
      cur.clear();
      if (i + 1 < joined.size() && joined[i + 1] == ' ') ++i;
    } else {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

Status WriteGraphml(const graph::KnowledgeGraph& g, const Ontology& onto,
                    const WriteOptions& options, std::ostream& out) {
  Status ok = CheckWritable(g);
  if (!ok.ok()) return ok;
  std::string buf;
  buf.append(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
      " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
  for (const GraphmlKey& k : kGraphmlKeys) {
    buf.append("  <key id=\"");
    buf.append(k.id);
    buf.append("\" for=\"");
    buf.append(k.domain);
    buf.append("\" attr.name=\"");
    buf.append(k.name);
    buf.append("\" attr.type=\"");
    buf.append(k.type);
    buf.append("\"/>\n");
  }
  buf.append("  <graph id=\"relgraph\" edgedefault=\"directed\">\n");

  for (const graph::Entity* e : g.Entities()) {
    buf.append("    <node id=\"");
    AppendXmlEscaped(NmtokenEncode(e->id), /*attribute=*/true, &buf);
    buf.append("\">\n");
    AppendData(kKeyLabel, e->label, &buf);
    AppendData(kKeyType, e->type, &buf);
    if (!e->aliases.empty()) AppendData(kKeyAliases, JoinAliases(e->aliases), &buf);
    AppendData(kKeyMentions, std::to_string(e->mentions), &buf);
    buf.append("    </node>\n");
    if (buf.size() > (1 << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }

  const auto relations = g.Relations();
  const auto edge_ids = StableEdgeIds(relations);
  rapidjson::StringBuffer json;
  for (size_t i = 0; i < relations.size(); ++i) {
    const auto& view = relations[i];
    const graph::Relation& r = *view.relation;
    const RelationType* rt = onto.FindRelation(r.relation);
    buf.append("    <edge id=\"");
    buf.append(edge_ids[i]);
    buf.append("\" source=\"");
    AppendXmlEscaped(NmtokenEncode(view.subject->id), /*attribute=*/true, &buf);
    buf.append("\" target=\"");
    AppendXmlEscaped(NmtokenEncode(view.object->id), /*attribute=*/true, &buf);
    buf.append("\">\n");
    std::string label = RelationDisplayName(onto, r.relation);
    if (r.polarity == graph::Polarity::kNegated) label = "not " + label;
    AppendData(kKeyEdgeLabel, label, &buf);
    AppendData(kKeyWeight, std::to_string(r.weight()), &buf);
    AppendData(kKeyRelation, r.relation, &buf);
    AppendData(kKeyKind, graph::RelationKindName(r.kind), &buf);
    AppendData(kKeyPolarity, graph::PolarityName(r.polarity), &buf);
    AppendData(kKeyModality, graph::ModalityName(r.modality), &buf);
    // A string, not an xs:boolean: Boost 1.74's read_graphml throws on
    // "true"/"false" and graphology reads "1" as false.
    AppendData(kKeyDirection, rt != nullptr && rt->symmetric ? "symmetric" : "directed", &buf);
    AppendData(kKeyConfidence, FormatDerived(r.confidence), &buf);
    AppendData(kKeyEvidenceCount, std::to_string(r.evidence.size()), &buf);
    if (!r.attributed_to.empty()) AppendData(kKeyAttributedTo, JoinIds(r.attributed_to), &buf);
    if (!r.qualifiers.empty()) AppendData(kKeyQualifiers, JoinQualifiers(r.qualifiers), &buf);
    if (rt != nullptr && !rt->plover.empty()) AppendData(kKeyPlover, rt->plover, &buf);
    if (rt != nullptr && !rt->cameo.empty()) AppendData(kKeyCameo, rt->cameo, &buf);
    if (!r.evidence.empty()) {
      AppendData(kKeyEvidence, EvidenceSummary(r, options.graphml_summary_items), &buf);
    }
    json.Clear();
    JsonWriter w(json);
    WriteEvidenceArrayJson(r.evidence, &w);
    AppendData(kKeyProvenance, std::string_view(json.GetString(), json.GetSize()), &buf);
    buf.append("    </edge>\n");
    if (buf.size() > (1 << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  buf.append("  </graph>\n</graphml>\n");
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  if (!out) return Status(StatusCode::kIoError, "writing GraphML failed");
  return Status::Ok();
}

}  // namespace relgraph::io
