#include "graph/io/jsonl.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "graph/io/encoding.h"
#include "graph/io/graph_json.h"

namespace relgraph::io {

namespace {

constexpr std::string_view kFormatName = "relgraph-jsonl";
constexpr unsigned kFormatVersion = 1;

bool SameEntity(const graph::Entity& a, const graph::Entity& b) {
  return a.id == b.id && a.label == b.label && a.type == b.type && a.aliases == b.aliases &&
         a.mentions == b.mentions;
}

// The normalised form AddEntity would store, so that comparisons between
// lines do not depend on alias order or an empty type.
graph::Entity Normalised(graph::Entity e) {
  if (e.type.empty()) e.type = "Thing";
  std::vector<std::string> aliases;
  for (auto& a : e.aliases) {
    if (a != e.label) aliases.push_back(std::move(a));
  }
  std::sort(aliases.begin(), aliases.end());
  aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
  e.aliases = std::move(aliases);
  return e;
}

// One segment of a JSON Lines file: the lines up to a summary line.
class SegmentReader {
 public:
  SegmentReader(const std::string& name, const Ontology& onto) : name_(name), onto_(onto) {}

  Status Fail(int64_t line, const std::string& message) const {
    return Status(StatusCode::kInvalidArgument, message, Location{name_, line});
  }

  Status AddEntity(const rapidjson::Value& v, int64_t line, const char* what, std::string* id_out) {
    graph::Entity e;
    std::string error;
    if (!ReadEntityJson(v, &e, &error)) return Fail(line, std::string(what) + "." + error);
    e = Normalised(std::move(e));
    *id_out = e.id;
    auto it = entities_.find(e.id);
    if (it == entities_.end()) {
      entity_line_[e.id] = line;
      entities_.emplace(e.id, std::move(e));
      return Status::Ok();
    }
    if (!SameEntity(it->second, e)) {
      return Fail(line, std::string(what) + ": entity \"" + e.id +
                            "\" differs from its earlier line " +
                            std::to_string(entity_line_[e.id]) +
                            " (concatenated parts need their summary lines)");
    }
    return Status::Ok();
  }

  Status AddRelationLine(const rapidjson::Value& v, int64_t line) {
    std::string subject_id, object_id;
    Status s = AddEntity(v["subject"], line, "subject", &subject_id);
    if (!s.ok()) return s;
    auto obj = v.FindMember("object");
    if (obj == v.MemberEnd()) return Fail(line, "object: missing");
    s = AddEntity(obj->value, line, "object", &object_id);
    if (!s.ok()) return s;

    graph::Relation r;
    auto rel = v.FindMember("relation");
    if (rel == v.MemberEnd() || !rel->value.IsString() || rel->value.GetStringLength() == 0) {
      return Fail(line, "relation: expected a non-empty string");
    }
    r.relation.assign(rel->value.GetString(), rel->value.GetStringLength());
    const bool open = r.relation.rfind("open:", 0) == 0;
    r.kind = open ? graph::RelationKind::kOpen : graph::RelationKind::kTyped;
    if (!open && onto_.FindRelation(r.relation) == nullptr) {
      return Fail(line, "relation: \"" + r.relation +
                            "\" is not in the ontology (open relations start with \"open:\")");
    }
    auto kind = v.FindMember("kind");
    if (kind != v.MemberEnd()) {
      graph::RelationKind k;
      if (!kind->value.IsString() || !graph::RelationKindFromName(kind->value.GetString(), &k)) {
        return Fail(line, "kind: expected \"typed\" or \"open\"");
      }
      if (k != r.kind) {
        return Fail(line, "kind: \"" + std::string(kind->value.GetString()) +
                              "\" contradicts relation \"" + r.relation + "\"");
      }
    }
    auto pol = v.FindMember("polarity");
    if (pol != v.MemberEnd()) {
      if (!pol->value.IsString() || !graph::PolarityFromName(pol->value.GetString(), &r.polarity)) {
        return Fail(line, "polarity: expected \"affirmed\" or \"negated\"");
      }
    }
    auto ev = v.FindMember("evidence");
    if (ev == v.MemberEnd()) return Fail(line, "evidence: missing");
    std::string error;
    if (!ReadEvidenceArrayJson(ev->value, &r.evidence, &error)) return Fail(line, error);
    auto weight = v.FindMember("weight");
    if (weight != v.MemberEnd()) {
      if (!weight->value.IsUint() || weight->value.GetUint() != r.evidence.size()) {
        return Fail(line, "weight: expected the number of evidence items (" +
                              std::to_string(r.evidence.size()) + ")");
      }
    }
    auto key = std::make_tuple(subject_id, r.relation, object_id, r.polarity);
    auto [it, added] = relation_line_.emplace(key, line);
    if (!added) {
      return Fail(line, "relation " + subject_id + " " + r.relation + " " + object_id +
                            " repeats line " + std::to_string(it->second));
    }
    relations_.push_back({std::move(subject_id), std::move(r), std::move(object_id)});
    return Status::Ok();
  }

  // Closes the segment: checks the summary (when given) and merges the
  // segment's graph into *g.
  Status Finish(const rapidjson::Value* summary, int64_t line, graph::KnowledgeGraph* g) {
    graph::KnowledgeGraph segment;
    for (const auto& [id, e] : entities_) segment.AddEntity(e);
    for (const auto& rel : relations_) {
      segment.AddRelation(rel.subject, rel.relation, rel.object, /*symmetric=*/false);
    }
    if (summary != nullptr) {
      auto entities = summary->FindMember("entities");
      auto relations = summary->FindMember("relations");
      if (entities == summary->MemberEnd() || !entities->value.IsUint64() ||
          relations == summary->MemberEnd() || !relations->value.IsUint64()) {
        return Fail(line, "summary: expected \"entities\" and \"relations\" counts");
      }
      if (entities->value.GetUint64() != segment.num_entities() ||
          relations->value.GetUint64() != segment.num_relations()) {
        return Fail(line, "summary: says " + std::to_string(entities->value.GetUint64()) +
                              " entities and " + std::to_string(relations->value.GetUint64()) +
                              " relations, the lines before it hold " +
                              std::to_string(segment.num_entities()) + " and " +
                              std::to_string(segment.num_relations()) + " (truncated or edited?)");
      }
    }
    g->Merge(segment);
    entities_.clear();
    entity_line_.clear();
    relations_.clear();
    relation_line_.clear();
    return Status::Ok();
  }

  bool empty() const { return entities_.empty() && relations_.empty(); }

 private:
  struct PendingRelation {
    std::string subject;
    graph::Relation relation;
    std::string object;
  };
  const std::string& name_;
  const Ontology& onto_;
  std::map<std::string, graph::Entity> entities_;
  std::map<std::string, int64_t> entity_line_;
  std::vector<PendingRelation> relations_;
  std::map<std::tuple<std::string, std::string, std::string, graph::Polarity>, int64_t>
      relation_line_;
};

}  // namespace

Status WriteJsonLines(const graph::KnowledgeGraph& g, const Ontology& onto,
                      const WriteOptions& options, std::ostream& out) {
  Status ok = CheckWritable(g);
  if (!ok.ok()) return ok;
  rapidjson::StringBuffer buffer;
  std::set<std::string> related;
  const auto relations = g.Relations();
  for (const auto& view : relations) {
    const graph::Relation& r = *view.relation;
    related.insert(view.subject->id);
    related.insert(view.object->id);
    buffer.Clear();
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("subject");
    WriteEntityJson(*view.subject, &w);
    w.Key("relation");
    WriteJsonString(r.relation, &w);
    w.Key("label");
    WriteJsonString(RelationDisplayName(onto, r.relation), &w);
    w.Key("kind");
    WriteJsonString(graph::RelationKindName(r.kind), &w);
    w.Key("object");
    WriteEntityJson(*view.object, &w);
    w.Key("weight");
    w.Uint(r.weight());
    w.Key("confidence");
    const std::string confidence = FormatDerived(r.confidence);
    w.RawValue(confidence.data(), confidence.size(), rapidjson::kNumberType);
    w.Key("polarity");
    WriteJsonString(graph::PolarityName(r.polarity), &w);
    w.Key("modality");
    WriteJsonString(graph::ModalityName(r.modality), &w);
    w.Key("attributed_to");
    w.StartArray();
    for (const auto& a : r.attributed_to) WriteJsonString(a, &w);
    w.EndArray();
    w.Key("qualifiers");
    w.StartObject();
    for (const auto& [k, v] : r.qualifiers) {
      const std::string key = SanitizeUtf8(k);
      w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
      WriteJsonString(v, &w);
    }
    w.EndObject();
    w.Key("evidence");
    WriteEvidenceArrayJson(r.evidence, &w);
    w.EndObject();
    out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
    out.put('\n');
  }
  for (const graph::Entity* e : g.Entities()) {
    if (related.count(e->id)) continue;
    buffer.Clear();
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("entity");
    WriteEntityJson(*e, &w);
    w.EndObject();
    out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
    out.put('\n');
  }
  if (options.jsonl_summary) {
    out << "{\"summary\":{\"format\":\"" << kFormatName << "\",\"version\":" << kFormatVersion
        << ",\"entities\":" << g.num_entities() << ",\"relations\":" << g.num_relations() << "}}\n";
  }
  if (!out) return Status(StatusCode::kIoError, "writing JSON Lines failed");
  return Status::Ok();
}

Status ReadJsonLines(std::string_view text, const std::string& name, const Ontology& onto,
                     graph::KnowledgeGraph* into) {
  graph::KnowledgeGraph g;
  SegmentReader segment(name, onto);
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(line.data(), line.size());
    if (doc.HasParseError()) {
      return Status(
          StatusCode::kInvalidArgument,
          std::string("invalid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()),
          Location{name, line_no, static_cast<int64_t>(doc.GetErrorOffset()) + 1});
    }
    if (!doc.IsObject()) return segment.Fail(line_no, "expected a JSON object");
    Status s;
    if (doc.HasMember("subject")) {
      s = segment.AddRelationLine(doc, line_no);
    } else if (doc.HasMember("entity")) {
      std::string id;
      s = segment.AddEntity(doc["entity"], line_no, "entity", &id);
    } else if (doc.HasMember("summary")) {
      const rapidjson::Value& summary = doc["summary"];
      if (!summary.IsObject()) return segment.Fail(line_no, "summary: expected an object");
      auto format = summary.FindMember("format");
      if (format != summary.MemberEnd() &&
          (!format->value.IsString() || format->value.GetString() != kFormatName)) {
        return segment.Fail(line_no, "summary: format is not \"relgraph-jsonl\"");
      }
      auto version = summary.FindMember("version");
      if (version != summary.MemberEnd() &&
          (!version->value.IsUint() || version->value.GetUint() > kFormatVersion)) {
        return segment.Fail(line_no, "summary: unsupported version (this reader knows 1)");
      }
      s = segment.Finish(&summary, line_no, &g);
    } else {
      return segment.Fail(line_no, "expected a \"subject\", \"entity\" or \"summary\" line");
    }
    if (!s.ok()) return s;
  }
  if (!segment.empty()) {
    Status s = segment.Finish(nullptr, line_no, &g);
    if (!s.ok()) return s;
  }
  into->Merge(g);
  return Status::Ok();
}

}  // namespace relgraph::io
