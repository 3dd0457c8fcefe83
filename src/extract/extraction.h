// relgraph::extract results: what the relation stage of the rule engine
// emits for one sentence, before resolve turns token ranges into entities.

#ifndef RELGRAPH_SRC_EXTRACT_EXTRACTION_H_
#define RELGRAPH_SRC_EXTRACT_EXTRACTION_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "src/extract/rule.h"

namespace relgraph::extract {

// Tokens [begin, end) of a sentence. An optional capture that took no part in
// the match is empty.
struct TokenRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return end <= begin; }
  uint32_t size() const { return empty() ? 0 : end - begin; }
  friend bool operator==(const TokenRange&, const TokenRange&) = default;
};

struct Extraction {
  enum class Kind : uint8_t {
    kTriple,  // subject -relation-> object
    kAlias,   // subject and object name the same entity
  };
  Kind kind = Kind::kTriple;
  std::string rule_id;
  TokenRange subject;
  TokenRange object;
  std::string relation;   // ontology relation id; for open relations "open:" + words
  bool open = false;      // an open (surface) relation
  TokenRange predicate;   // open relations: the tokens of the relation phrase
  double confidence = 0.8;
  bool negated = false;   // "did not support", "never agreed"
  bool hedged = false;    // "may support", "reportedly agreed"
  TokenRange match;       // all the tokens the pattern matched
};

// What `explain` shows: each rule that matched, with its captures, and
// whether its checks passed.
struct FiredRule {
  std::string rule_id;
  Stage stage = Stage::kRelation;
  TokenRange match;
  std::vector<std::pair<std::string, TokenRange>> captures;
  bool accepted = true;   // checks passed and something was emitted
  std::string note;       // why not, when !accepted
};

struct Trace {
  std::vector<FiredRule> fired;
};

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_EXTRACTION_H_
