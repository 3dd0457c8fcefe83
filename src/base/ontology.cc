#include "src/base/ontology.h"

#include "src/base/json.h"

namespace relgraph {

namespace {

std::string GetString(const rapidjson::Value& obj, const char* key) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::vector<std::string> GetStrings(const rapidjson::Value& obj, const char* key) {
  std::vector<std::string> out;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& v : it->value.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

}  // namespace

Result<Ontology> Ontology::FromJson(std::string_view text, const std::string& name,
                                    std::string_view schema_text) {
  rapidjson::Document doc;
  Status s = ParseAndValidateJson(text, name, schema_text, "ontology.schema.json", &doc);
  if (!s.ok()) return s;

  Ontology onto;
  onto.base_iri_ = GetString(doc, "base_iri");
  for (const auto& t : doc["entity_types"].GetArray()) {
    EntityType et{GetString(t, "id"), GetString(t, "parent"), GetString(t, "description")};
    if (onto.type_index_.count(et.id)) {
      return Status(StatusCode::kBadConfig, "duplicate entity type \"" + et.id + "\"", Location{name});
    }
    onto.type_index_[et.id] = onto.entity_types_.size();
    onto.entity_types_.push_back(std::move(et));
  }
  if (onto.entity_types_.size() > 250) {
    return Status(StatusCode::kBadConfig, "more than 250 entity types", Location{name});
  }
  for (const auto& et : onto.entity_types_) {
    if (!et.parent.empty() && !onto.type_index_.count(et.parent)) {
      return Status(StatusCode::kBadConfig,
                    "entity type \"" + et.id + "\" has unknown parent \"" + et.parent + "\"",
                    Location{name});
    }
  }
  for (const auto& r : doc["relations"].GetArray()) {
    RelationType rt;
    rt.id = GetString(r, "id");
    rt.label = GetString(r, "label");
    if (rt.label.empty()) rt.label = rt.id;
    rt.domain = GetStrings(r, "domain");
    rt.range = GetStrings(r, "range");
    auto sym = r.FindMember("symmetric");
    rt.symmetric = sym != r.MemberEnd() && sym->value.IsBool() && sym->value.GetBool();
    rt.inverse = GetString(r, "inverse");
    rt.implies = GetStrings(r, "implies");
    rt.plover = GetString(r, "plover");
    rt.cameo = GetString(r, "cameo");
    rt.iri = GetString(r, "iri");
    rt.description = GetString(r, "description");
    if (onto.relation_index_.count(rt.id)) {
      return Status(StatusCode::kBadConfig, "duplicate relation \"" + rt.id + "\"", Location{name});
    }
    for (const auto* list : {&rt.domain, &rt.range}) {
      for (const auto& t : *list) {
        if (!onto.type_index_.count(t)) {
          return Status(StatusCode::kBadConfig,
                        "relation \"" + rt.id + "\" names unknown entity type \"" + t + "\"",
                        Location{name});
        }
      }
    }
    onto.relation_index_[rt.id] = onto.relations_.size();
    onto.relations_.push_back(std::move(rt));
  }
  for (const auto& rt : onto.relations_) {
    for (const auto& implied : rt.implies) {
      if (!onto.relation_index_.count(implied)) {
        return Status(StatusCode::kBadConfig,
                      "relation \"" + rt.id + "\" implies unknown relation \"" + implied + "\"", Location{name});
      }
    }
    if (!rt.inverse.empty() && !onto.relation_index_.count(rt.inverse)) {
      return Status(StatusCode::kBadConfig,
                    "relation \"" + rt.id + "\" has unknown inverse \"" + rt.inverse + "\"",
                    Location{name});
    }
  }
  return onto;
}

Result<Ontology> Ontology::Load(const std::string& path, const std::string& schema_path) {
  std::string text, schema_text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) return Status(StatusCode::kBadConfig, "cannot read ontology", Location{path});
  s = ReadFileToString(schema_path, &schema_text);
  if (!s.ok()) return Status(StatusCode::kBadConfig, "cannot read schema", Location{schema_path});
  return FromJson(text, path, schema_text);
}

uint8_t Ontology::EntityTypeIndex(std::string_view id) const {
  auto it = type_index_.find(id);
  return it == type_index_.end() ? 0 : static_cast<uint8_t>(it->second + 1);
}

const std::string& Ontology::EntityTypeName(uint8_t index) const {
  static const std::string kNone;
  if (index == 0 || index > entity_types_.size()) return kNone;
  return entity_types_[index - 1].id;
}

bool Ontology::IsA(std::string_view type, std::string_view ancestor) const {
  std::string_view t = type;
  for (size_t guard = 0; guard <= entity_types_.size() && !t.empty(); ++guard) {
    if (t == ancestor) return true;
    auto it = type_index_.find(t);
    if (it == type_index_.end()) return false;
    t = entity_types_[it->second].parent;
  }
  return false;
}

const RelationType* Ontology::FindRelation(std::string_view id) const {
  auto it = relation_index_.find(id);
  return it == relation_index_.end() ? nullptr : &relations_[it->second];
}

std::string Ontology::RelationIri(std::string_view id) const {
  const RelationType* r = FindRelation(id);
  if (r != nullptr && !r->iri.empty()) return r->iri;
  return base_iri_ + "ontology/" + std::string(id);
}

std::string Ontology::TypeIri(std::string_view id) const {
  return base_iri_ + "ontology/" + std::string(id);
}

}  // namespace relgraph
