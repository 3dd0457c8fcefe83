// Fuzz target: the rule loader and compiler on arbitrary rule files.
//
// The input is one rule file's text. It is validated against the shipped
// schema and compiled with the shipped macros and ontology; a bad file must
// come back as a kBadConfig Status with a location, never as a crash. A file
// that compiles is run on a few hand-made sentences; every extraction must
// stay inside its sentence.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/json.h"
#include "src/base/ontology.h"
#include "src/extract/engine.h"
#include "src/extract/rule_loader.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

struct Fixture {
  relgraph::Ontology ontology;
  std::string schema;
  relgraph::extract::RuleFiles shipped_macros;
  std::vector<relgraph::text::Sentence> sentences;
};

relgraph::text::Sentence Make(const std::vector<std::pair<std::string, const char*>>& words, const relgraph::Ontology& onto,
                              const char* ent_word, const char* ent_type) {
  relgraph::text::Sentence s;
  uint32_t offset = 0;
  for (const auto& [w, pos] : words) {
    relgraph::text::Token t;
    t.text = w;
    t.span = {offset, offset + static_cast<uint32_t>(w.size())};
    offset = t.span.end + 1;
    t.shape = relgraph::text::ShapeOf(w);
    t.upos = static_cast<uint8_t>(relgraph::text::UposIndex(pos));
    t.lemma = w;
    if (w == ent_word) {
      t.ent_type = onto.EntityTypeIndex(ent_type);
      t.ent_iob = relgraph::text::Iob::kB;
    }
    s.tokens.push_back(t);
  }
  return s;
}

const Fixture& Get() {
  static const Fixture* f = [] {
    auto* fx = new Fixture;
    const std::string dir = RELGRAPH_SOURCE_DIR "/schemas";
    auto onto = relgraph::Ontology::Load(dir + "/ontology.json", dir + "/ontology.schema.json");
    RELGRAPH_FUZZ_CHECK(onto.ok());
    fx->ontology = std::move(onto).value();
    RELGRAPH_FUZZ_CHECK(relgraph::ReadFileToString(dir + "/rules.schema.json", &fx->schema).ok());
    std::string macros;
    RELGRAPH_FUZZ_CHECK(relgraph::ReadFileToString(dir + "/rules/00-macros.json", &macros).ok());
    RELGRAPH_FUZZ_CHECK(relgraph::extract::AddRuleFile(macros, "00-macros.json", fx->schema, &fx->shipped_macros).ok());
    fx->sentences.push_back(Make({{"Japan", "PROPN"}, {"supports", "VERB"}, {"the", "DET"}, {"Philippines", "PROPN"}, {".", "PUNCT"}},
                                 fx->ontology, "Japan", "Country"));
    fx->sentences.push_back(Make({{"(", "PUNCT"}, {"UN", "PROPN"}, {")", "PUNCT"}}, fx->ontology, "UN", "InternationalOrganization"));
    fx->sentences.push_back(Make({{"x", "X"}}, fx->ontology, "", ""));
    return fx;
  }();
  return *f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& fx = Get();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  relgraph::extract::RuleFiles files = fx.shipped_macros;
  relgraph::Status s = relgraph::extract::AddRuleFile(text, "fuzz.json", fx.schema, &files);
  if (!s.ok()) {
    RELGRAPH_FUZZ_CHECK(s.code() == relgraph::StatusCode::kBadConfig);
    RELGRAPH_FUZZ_CHECK(!s.message().empty());
    return 0;
  }
  auto engine = relgraph::extract::RuleEngine::Compile(std::move(files), fx.ontology);
  if (!engine.ok()) {
    RELGRAPH_FUZZ_CHECK(engine.status().code() == relgraph::StatusCode::kBadConfig);
    RELGRAPH_FUZZ_CHECK(!engine.status().message().empty());
    return 0;
  }
  for (relgraph::text::Sentence s2 : fx.sentences) {
    std::vector<relgraph::extract::Extraction> out;
    relgraph::extract::Trace trace;
    engine->Run(&s2, &out, &trace);
    const auto n = static_cast<uint32_t>(s2.tokens.size());
    for (const auto& x : out) {
      RELGRAPH_FUZZ_CHECK(x.match.begin < x.match.end && x.match.end <= n);
      RELGRAPH_FUZZ_CHECK(x.subject.end <= n && x.object.end <= n);
    }
    for (const auto& m : s2.mentions) RELGRAPH_FUZZ_CHECK(m.begin < m.end && m.end <= n);
  }
  return 0;
}
