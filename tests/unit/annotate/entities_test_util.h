// Test helpers for the entity annotator's tests: sentences from text (with
// the project's tokenizer), part-of-speech tags set by name, the shared
// ontology and recogniser, and a readable dump of mentions.

#ifndef RELGRAPH_TESTS_UNIT_ANNOTATE_ENTITIES_TEST_UTIL_H_
#define RELGRAPH_TESTS_UNIT_ANNOTATE_ENTITIES_TEST_UTIL_H_

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "src/annotate/entities.h"
#include "src/base/ontology.h"
#include "src/text/token.h"
#include "src/text/tokenizer.h"

namespace relgraph::annotate::testing {

inline const Ontology& TestOntology() {
  static const Ontology* onto = [] {
    auto r = Ontology::Load(std::string(RELGRAPH_SOURCE_DIR) + "/schemas/ontology.json",
                            std::string(RELGRAPH_SOURCE_DIR) + "/schemas/ontology.schema.json");
    return r.ok() ? new Ontology(std::move(r).value()) : nullptr;
  }();
  return *onto;
}

// Loaded once for all tests (loading takes a few milliseconds).
inline const EntityRecognizer* TestRecognizer(std::string* error = nullptr) {
  static std::string load_error;
  static const EntityRecognizer* ner = [] {
    auto r = EntityRecognizer::Load(std::string(RELGRAPH_SOURCE_DIR) + "/schemas", TestOntology());
    if (!r.ok()) {
      load_error = r.status().ToString();
      return static_cast<EntityRecognizer*>(nullptr);
    }
    return new EntityRecognizer(std::move(r).value());
  }();
  if (error != nullptr) *error = load_error;
  return ner;
}

// Tokens of `text` (spans into it, shapes set, no tags).
inline text::Sentence MakeSentence(std::string_view text) {
  text::Sentence s;
  text::Tokenizer tokenizer;
  s.tokens = tokenizer.Tokenize(text);
  if (!s.tokens.empty()) s.span = {s.tokens.front().span.begin, s.tokens.back().span.end};
  return s;
}

// Sets upos from space-separated UPOS names, one per token ("_" = unknown).
// Returns false when the count or a name is wrong.
inline bool SetUpos(text::Sentence* s, std::string_view tags) {
  std::istringstream in{std::string(tags)};
  std::string tag;
  size_t i = 0;
  while (in >> tag) {
    if (i >= s->tokens.size()) return false;
    const int idx = text::UposIndex(tag);
    if (idx < 0) return false;
    s->tokens[i++].upos = static_cast<uint8_t>(idx);
  }
  return i == s->tokens.size();
}

// "text/Type/canonical" for each mention, joined by "; "; a Person's role is
// added as "[role]".
inline std::string Dump(const text::Sentence& s, const Ontology& onto) {
  std::string out;
  for (const text::Mention& m : s.mentions) {
    if (!out.empty()) out += "; ";
    std::string surface;
    for (uint32_t k = m.begin; k < m.end; ++k) {
      if (k > m.begin && s.tokens[k].span.begin > s.tokens[k - 1].span.end) surface += ' ';
      surface += s.tokens[k].text;
    }
    out += surface + "/" + onto.EntityTypeName(m.type) + "/" + m.canonical;
    if (!m.role.empty()) out += "[" + m.role + "]";
  }
  return out;
}

}  // namespace relgraph::annotate::testing

#endif  // RELGRAPH_TESTS_UNIT_ANNOTATE_ENTITIES_TEST_UTIL_H_
