// relgraph::extract checks: small named C++ predicates that a rule lists to
// test its captures after the pattern matched, where a regex cannot (RE2 has
// no back-references): does ABBR fit "Long Name"? do two captures differ?
//
//   "checks": [{"predicate": "acronym_of", "args": ["abbr", "long"]}]
//
// A check may narrow a capture: acronym_of trims "the Centre for Research and
// Security Studies" to the words the letters of CRSS stand for.
//
// Each check declares how many of its leading arguments are capture names;
// the rest are literals (entity type ids, numbers). The engine validates both
// at load time.

#ifndef RELGRAPH_SRC_EXTRACT_PREDICATES_H_
#define RELGRAPH_SRC_EXTRACT_PREDICATES_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/base/ontology.h"
#include "src/extract/extraction.h"
#include "src/text/token.h"

namespace relgraph::extract {

struct CheckContext {
  const text::Sentence& sentence;
  const Ontology& ontology;
};

// Evaluates a check. `captures` point at the ranges named by the leading
// capture arguments (never null; possibly empty ranges); `literals` are the
// remaining arguments. Returns true to accept the match; may narrow
// *captures[i]. On false, *why says what failed.
using CheckFn = bool (*)(const CheckContext& ctx, const std::vector<TokenRange*>& captures,
                         const std::vector<std::string>& literals, std::string* why);

enum class LiteralKind { kNone, kEntityTypes, kNumber, kWords };

struct CheckSpec {
  const char* name;
  int captures;          // leading arguments that name captures
  LiteralKind literals;  // what the remaining arguments are
  int min_literals;
  int max_literals;      // -1 = any number
  CheckFn fn;
  const char* summary;
};

// Every check, sorted by name.
const std::vector<CheckSpec>& AllChecks();
// The check with this name, or nullptr.
const CheckSpec* FindCheck(std::string_view name);

// Whether `abbreviation` (e.g. "CRSS", "U.S.", "MoFA") abbreviates the words
// of `words` starting at index 0: every content word gives one or more
// leading letters, function words (of, and, for, the, e, al, ...) none or
// their initial, in order, and all letters are used. Hyphenated words count
// part by part ("Tehreek-e-Taliban" is Tehreek, e, Taliban). Exposed for tests.
bool AbbreviationFits(std::string_view abbreviation, const std::vector<std::string_view>& words);

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_PREDICATES_H_
