#include "src/extract/rule_loader.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "src/base/json.h"

namespace relgraph::extract {

namespace {

namespace fs = std::filesystem;

std::string Str(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// Line numbers of byte offsets in one file, found by binary search over
// the offsets where lines start (a file of many rules is scanned once).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  // Line of the first occurrence of `needle` at or after `from`; 0 if absent.
  int64_t LineOf(std::string_view needle, size_t from = 0) const {
    size_t at = text_.find(needle, from);
    if (at == std::string_view::npos) return 0;
    return std::upper_bound(starts_.begin(), starts_.end(), at) - starts_.begin();
  }

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

// The rule id at /rules/N of a document that parses but violates the schema.
std::string RuleIdAtPointer(std::string_view text, const std::string& pointer) {
  const std::string prefix = "/rules/";
  if (pointer.compare(0, prefix.size(), prefix) != 0) return "";
  size_t index = 0;
  size_t i = prefix.size();
  if (i >= pointer.size() || pointer[i] < '0' || pointer[i] > '9') return "";
  while (i < pointer.size() && pointer[i] >= '0' && pointer[i] <= '9') {
    index = index * 10 + static_cast<size_t>(pointer[i] - '0');
    ++i;
  }
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("rules")) return "";
  const auto& rules = doc["rules"];
  if (!rules.IsArray() || index >= rules.Size()) return "";
  const auto& r = rules[static_cast<rapidjson::SizeType>(index)];
  if (!r.IsObject() || !r.HasMember("id") || !r["id"].IsString()) return "";
  return Str(r["id"]);
}

ExampleTriple ToTriple(const rapidjson::Value& v) {
  return {Str(v[0]), Str(v[1]), Str(v[2])};
}

Emit ToEmit(const rapidjson::Value& e) {
  Emit out;
  if (e.HasMember("triple")) {
    out.kind = Emit::Kind::kTriple;
    out.subject = Str(e["triple"][0]);
    out.relation = Str(e["triple"][1]);
    out.object = Str(e["triple"][2]);
  } else if (e.HasMember("open")) {
    out.kind = Emit::Kind::kOpen;
    out.subject = Str(e["open"][0]);
    out.relation = Str(e["open"][1]);
    out.object = Str(e["open"][2]);
  } else if (e.HasMember("alias")) {
    out.kind = Emit::Kind::kAlias;
    out.subject = Str(e["alias"][0]);
    out.object = Str(e["alias"][1]);
  } else if (e.HasMember("entity")) {
    out.kind = Emit::Kind::kEntity;
    out.capture = Str(e["entity"]);
    out.type = Str(e["type"]);
    if (e.HasMember("role")) out.role = Str(e["role"]);
  } else {
    out.kind = Emit::Kind::kChunk;
    out.capture = Str(e["chunk"]);
    out.type = Str(e["type"]);
  }
  if (e.HasMember("confidence")) out.confidence = e["confidence"].GetDouble();
  return out;
}

}  // namespace

const char* StageName(Stage s) {
  switch (s) {
    case Stage::kEntity: return "entity";
    case Stage::kChunk: return "chunk";
    case Stage::kRelation: return "relation";
  }
  return "relation";
}

bool StageFromName(const std::string& name, Stage* out) {
  for (int i = 0; i < kNumStages; ++i) {
    if (name == StageName(static_cast<Stage>(i))) {
      *out = static_cast<Stage>(i);
      return true;
    }
  }
  return false;
}

Status AddRuleFile(std::string_view text, const std::string& name, std::string_view schema_text,
                   RuleFiles* out) {
  rapidjson::Document doc;
  std::string pointer;
  Status s = ParseAndValidateJson(text, name, schema_text, "rules.schema.json", &doc, &pointer);
  if (!s.ok()) {
    std::string id = RuleIdAtPointer(text, pointer);
    if (id.empty()) return s;
    return Status(s.code(), "rule " + id + ": " + s.message(), s.where());
  }
  out->files.push_back(name);
  const LineIndex lines(text);

  if (doc.HasMember("macros")) {
    for (const auto& m : doc["macros"].GetObject()) {
      std::string macro = Str(m.name);
      int64_t line = lines.LineOf("\"" + macro + "\"");
      bool valid = !macro.empty() && macro[0] >= 'A' && macro[0] <= 'Z';
      for (char ch : macro) {
        valid = valid && ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_');
      }
      if (!valid) {
        return Status(StatusCode::kBadConfig,
                      "macro name \"" + macro + "\" must be upper-case letters, digits and _",
                      Location{name, line});
      }
      auto prev = out->macro_files.find(macro);
      if (prev != out->macro_files.end()) {
        return Status(StatusCode::kBadConfig,
                      "macro " + macro + " is already defined at " + prev->second,
                      Location{name, line});
      }
      out->macros[macro] = Str(m.value);
      out->macro_files[macro] = name + ":" + std::to_string(line);
    }
  }

  std::set<std::string> seen;
  for (const auto& r : out->rules) seen.insert(r.id);
  size_t search_from = 0;
  for (const auto& jr : doc["rules"].GetArray()) {
    Rule rule;
    rule.id = Str(jr["id"]);
    rule.file = name;
    const std::string quoted_id = "\"" + rule.id + "\"";
    size_t at = text.find(quoted_id, search_from);
    if (at != std::string_view::npos) {
      search_from = at + quoted_id.size();
      rule.line = lines.LineOf(quoted_id, at);
    }
    if (!seen.insert(rule.id).second) {
      const Rule* first = nullptr;
      for (const auto& other : out->rules) {
        if (other.id == rule.id) first = &other;
      }
      std::string where = first ? first->file + ":" + std::to_string(first->line) : name;
      return Status(StatusCode::kBadConfig,
                    "rule " + rule.id + ": duplicate rule id (first defined at " + where + ")",
                    Location{name, rule.line});
    }
    StageFromName(Str(jr["stage"]), &rule.stage);
    if (jr.HasMember("description")) rule.description = Str(jr["description"]);
    rule.pattern = Str(jr["pattern"]);
    if (jr.HasMember("confidence")) rule.confidence = jr["confidence"].GetDouble();
    if (jr.HasMember("checks")) {
      for (const auto& c : jr["checks"].GetArray()) {
        Check check;
        check.predicate = Str(c["predicate"]);
        for (const auto& a : c["args"].GetArray()) check.args.push_back(Str(a));
        rule.checks.push_back(std::move(check));
      }
    }
    for (const auto& e : jr["emit"].GetArray()) rule.emits.push_back(ToEmit(e));
    size_t example_from = search_from;
    for (const auto& je : jr["examples"].GetArray()) {
      Example ex;
      ex.text = Str(je["text"]);
      ex.line = rule.line;
      size_t text_key = text.find("\"text\"", example_from);
      if (text_key != std::string_view::npos) {
        ex.line = lines.LineOf("\"text\"", text_key);
        example_from = text_key + 6;
      }
      if (je.HasMember("expect")) {
        for (const auto& t : je["expect"].GetArray()) ex.expect.push_back(ToTriple(t));
        ex.expect_none = ex.expect.empty();
      }
      if (je.HasMember("reject")) {
        for (const auto& t : je["reject"].GetArray()) ex.reject.push_back(ToTriple(t));
      }
      if (je.HasMember("marks")) {
        for (const auto& m : je["marks"].GetArray()) ex.marks.push_back(Str(m));
      }
      rule.examples.push_back(std::move(ex));
    }
    out->rules.push_back(std::move(rule));
  }
  return Status::Ok();
}

Status LoadRuleFiles(const std::vector<std::string>& paths, const std::string& schema_path,
                     RuleFiles* out) {
  std::string schema_text;
  Status s = ReadFileToString(schema_path, &schema_text);
  if (!s.ok()) return Status(StatusCode::kBadConfig, "cannot read the rules schema", Location{schema_path});
  for (const auto& path : paths) {
    std::error_code ec;
    std::vector<std::string> files;
    if (fs::is_directory(path, ec)) {
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        const auto& p = entry.path();
        if (entry.is_regular_file() && p.extension() == ".json" &&
            p.filename().string().front() != '.') {
          files.push_back(p.string());
        }
      }
      if (ec) return Status(StatusCode::kBadConfig, "cannot list rule folder: " + ec.message(), Location{path});
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      return Status(StatusCode::kNotFound, "no such rule file or folder", Location{path});
    }
    for (const auto& f : files) {
      std::string text;
      s = ReadFileToString(f, &text);
      if (!s.ok()) return Status(StatusCode::kBadConfig, s.message(), s.where());
      s = AddRuleFile(text, f, schema_text, out);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

}  // namespace relgraph::extract
