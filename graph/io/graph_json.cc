#include "graph/io/graph_json.h"

#include "graph/io/encoding.h"

namespace relgraph::io {

namespace {

const rapidjson::Value* Member(const rapidjson::Value& v, const char* key) {
  auto it = v.FindMember(key);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

bool GetString(const rapidjson::Value& v, const char* key, bool required, std::string* out,
               std::string* error) {
  const rapidjson::Value* m = Member(v, key);
  if (m == nullptr) {
    if (required) *error = std::string(key) + ": missing";
    return !required;
  }
  if (!m->IsString()) {
    *error = std::string(key) + ": expected a string";
    return false;
  }
  out->assign(m->GetString(), m->GetStringLength());
  return true;
}

bool GetUint32(const rapidjson::Value& v, const char* key, bool required, uint32_t* out,
               std::string* error) {
  const rapidjson::Value* m = Member(v, key);
  if (m == nullptr) {
    if (required) *error = std::string(key) + ": missing";
    return !required;
  }
  if (!m->IsUint()) {
    *error = std::string(key) + ": expected an unsigned 32-bit integer";
    return false;
  }
  *out = m->GetUint();
  return true;
}

bool GetStringArray(const rapidjson::Value& v, const char* key, std::vector<std::string>* out,
                    std::string* error) {
  const rapidjson::Value* m = Member(v, key);
  if (m == nullptr) return true;
  if (!m->IsArray()) {
    *error = std::string(key) + ": expected an array of strings";
    return false;
  }
  for (const auto& item : m->GetArray()) {
    if (!item.IsString()) {
      *error = std::string(key) + ": expected an array of strings";
      return false;
    }
    out->emplace_back(item.GetString(), item.GetStringLength());
  }
  return true;
}

bool GetStringMap(const rapidjson::Value& v, const char* key,
                  std::map<std::string, std::string>* out, std::string* error) {
  const rapidjson::Value* m = Member(v, key);
  if (m == nullptr) return true;
  if (!m->IsObject()) {
    *error = std::string(key) + ": expected an object of strings";
    return false;
  }
  for (const auto& kv : m->GetObject()) {
    if (!kv.value.IsString()) {
      *error = std::string(key) + "." + kv.name.GetString() + ": expected a string";
      return false;
    }
    (*out)[std::string(kv.name.GetString(), kv.name.GetStringLength())] =
        std::string(kv.value.GetString(), kv.value.GetStringLength());
  }
  return true;
}

}  // namespace

void WriteJsonString(std::string_view s, JsonWriter* w) {
  const std::string clean = SanitizeUtf8(s);
  w->String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}

void WriteJsonDouble(double v, JsonWriter* w) {
  const std::string text = FormatShortest(v);
  w->RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

void WriteEntityJson(const graph::Entity& e, JsonWriter* w) {
  w->StartObject();
  w->Key("id");
  WriteJsonString(e.id, w);
  w->Key("label");
  WriteJsonString(e.label, w);
  w->Key("type");
  WriteJsonString(e.type, w);
  w->Key("aliases");
  w->StartArray();
  for (const auto& a : e.aliases) WriteJsonString(a, w);
  w->EndArray();
  w->Key("mentions");
  w->Uint(e.mentions);
  w->EndObject();
}

void WriteEvidenceJson(const graph::Evidence& ev, JsonWriter* w) {
  w->StartObject();
  w->Key("doc");
  WriteJsonString(ev.doc_id, w);
  w->Key("sentence");
  w->Uint(ev.sentence);
  w->Key("begin");
  w->Uint(ev.begin);
  w->Key("end");
  w->Uint(ev.end);
  w->Key("rule");
  WriteJsonString(ev.rule_id, w);
  w->Key("text");
  WriteJsonString(ev.text, w);
  w->Key("confidence");
  WriteJsonDouble(ev.confidence, w);
  w->Key("modality");
  WriteJsonString(graph::ModalityName(ev.modality), w);
  if (!ev.attributed_to.empty()) {
    w->Key("attributed_to");
    WriteJsonString(ev.attributed_to, w);
  }
  if (!ev.qualifiers.empty()) {
    w->Key("qualifiers");
    w->StartObject();
    for (const auto& [k, v] : ev.qualifiers) {
      const std::string key = SanitizeUtf8(k);
      w->Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
      WriteJsonString(v, w);
    }
    w->EndObject();
  }
  w->EndObject();
}

void WriteEvidenceArrayJson(const std::vector<graph::Evidence>& evidence, JsonWriter* w) {
  w->StartArray();
  for (const auto& ev : evidence) WriteEvidenceJson(ev, w);
  w->EndArray();
}

bool ReadEntityJson(const rapidjson::Value& v, graph::Entity* e, std::string* error) {
  if (!v.IsObject()) {
    *error = "expected an entity object";
    return false;
  }
  *e = graph::Entity{};
  if (!GetString(v, "id", true, &e->id, error) || !GetString(v, "label", true, &e->label, error) ||
      !GetString(v, "type", false, &e->type, error) ||
      !GetStringArray(v, "aliases", &e->aliases, error) ||
      !GetUint32(v, "mentions", false, &e->mentions, error)) {
    return false;
  }
  if (e->id.empty()) {
    *error = "id: empty";
    return false;
  }
  return true;
}

bool ReadEvidenceJson(const rapidjson::Value& v, graph::Evidence* ev, std::string* error) {
  if (!v.IsObject()) {
    *error = "expected an evidence object";
    return false;
  }
  *ev = graph::Evidence{};
  std::string modality;
  if (!GetString(v, "doc", true, &ev->doc_id, error) ||
      !GetUint32(v, "sentence", true, &ev->sentence, error) ||
      !GetUint32(v, "begin", false, &ev->begin, error) ||
      !GetUint32(v, "end", false, &ev->end, error) ||
      !GetString(v, "rule", true, &ev->rule_id, error) ||
      !GetString(v, "text", false, &ev->text, error) ||
      !GetString(v, "modality", false, &modality, error) ||
      !GetString(v, "attributed_to", false, &ev->attributed_to, error) ||
      !GetStringMap(v, "qualifiers", &ev->qualifiers, error)) {
    return false;
  }
  if (const rapidjson::Value* c = Member(v, "confidence")) {
    if (!c->IsNumber()) {
      *error = "confidence: expected a number";
      return false;
    }
    ev->confidence = c->GetDouble();
  }
  if (!modality.empty() && !graph::ModalityFromName(modality, &ev->modality)) {
    *error = "modality: \"" + modality + "\" is not asserted, reported or hedged";
    return false;
  }
  return true;
}

bool ReadEvidenceArrayJson(const rapidjson::Value& v, std::vector<graph::Evidence>* evidence,
                           std::string* error) {
  if (!v.IsArray()) {
    *error = "evidence: expected an array";
    return false;
  }
  evidence->clear();
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    graph::Evidence ev;
    if (!ReadEvidenceJson(v[i], &ev, error)) {
      *error = "evidence[" + std::to_string(i) + "]." + *error;
      return false;
    }
    evidence->push_back(std::move(ev));
  }
  return true;
}

}  // namespace relgraph::io
