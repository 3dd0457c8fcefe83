// Builds sentences by hand for rule-engine tests: "word/POS" or
// "word/POS/ENT" items separated by spaces, e.g.
//   MakeSentence("The/DET United/PROPN/B-Country States/PROPN/I-Country", onto)
#ifndef RELGRAPH_TESTS_UNIT_EXTRACT_TEST_SENTENCE_H_
#define RELGRAPH_TESTS_UNIT_EXTRACT_TEST_SENTENCE_H_

#include <sstream>
#include <string>

#include "src/base/ontology.h"
#include "src/text/token.h"

namespace relgraph::extract {

inline text::Sentence MakeSentence(const std::string& spec, const Ontology& onto) {
  text::Sentence s;
  std::istringstream in(spec);
  std::string item;
  uint32_t offset = 0;
  while (in >> item) {
    text::Token t;
    std::string fields[3];
    size_t f = 0;
    for (char c : item) {
      if (c == '/' && f < 2 && !fields[0].empty()) {
        ++f;
      } else {
        fields[f] += c;
      }
    }
    t.text = fields[0];
    t.span = {offset, offset + static_cast<uint32_t>(t.text.size())};
    offset = t.span.end + 1;
    t.shape = text::ShapeOf(t.text);
    if (!fields[1].empty()) t.upos = static_cast<uint8_t>(text::UposIndex(fields[1]));
    if (!fields[2].empty()) {
      t.ent_iob = fields[2][0] == 'B' ? text::Iob::kB : text::Iob::kI;
      t.ent_type = onto.EntityTypeIndex(fields[2].substr(2));
    }
    s.tokens.push_back(t);
  }
  return s;
}

}  // namespace relgraph::extract

#endif  // RELGRAPH_TESTS_UNIT_EXTRACT_TEST_SENTENCE_H_
