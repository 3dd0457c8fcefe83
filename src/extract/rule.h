// relgraph::extract rules: the data a rule file holds, once loaded.
//
// A rule is data (schemas/rules/*.json, checked against
// schemas/rules.schema.json): an id, a stage, a token pattern, checks on its
// captures, what it emits, and examples that run as tests. The pattern
// language is described in schemas/rules/README.md; in short:
//
//   [lemma=support] [lower=for|to] (?<obj> @NP)
//   (?<long> @NAME_WORDS) "(" (?<abbr> [shape=upper|alnum]) ")"
//
// Stages run in a fixed order on every sentence: "entity" (rules that add or fix
// entity mentions), "chunk" (noun-phrase chunks), "relation" (triples and
// aliases). A rule of a later stage sees what the earlier stages annotated.
//
// This header holds plain value types; loading and matching live in
// rule_loader.h and engine.h.

#ifndef RELGRAPH_SRC_EXTRACT_RULE_H_
#define RELGRAPH_SRC_EXTRACT_RULE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace relgraph::extract {

enum class Stage : uint8_t { kEntity = 0, kChunk, kRelation };
inline constexpr int kNumStages = 3;

// "entity" | "chunk" | "relation".
const char* StageName(Stage s);
bool StageFromName(const std::string& name, Stage* out);

// A check on captures, evaluated after the pattern matched: a named C++
// predicate (predicates.h) with capture names and literal arguments.
struct Check {
  std::string predicate;          // "acronym_of"
  std::vector<std::string> args;  // capture names or literals
};

// What a rule emits when it matches and its checks pass.
struct Emit {
  enum class Kind : uint8_t {
    kTriple,  // subject capture, relation id, object capture
    kOpen,    // subject capture, relation capture (its words), object capture
    kAlias,   // two captures naming one entity
    kEntity,  // annotate a capture as an entity mention of `type`
    kChunk,   // annotate a capture as a chunk of `type`
  };
  Kind kind = Kind::kTriple;
  std::string subject;   // capture name (kTriple, kOpen, kAlias: the name)
  std::string relation;  // ontology relation id (kTriple); capture name (kOpen)
  std::string object;    // capture name (kTriple, kOpen, kAlias: the alias)
  std::string capture;   // capture to annotate (kEntity, kChunk)
  std::string type;      // entity type id (kEntity) or chunk type (kChunk)
  std::string role;      // optional capture holding the person's role (kEntity)
  double confidence = -1;  // < 0: the rule's confidence
};

// One example sentence with what the rule must (and must not) produce. The
// names are compared after resolution, with the entity's label or any alias,
// ignoring case.
struct ExampleTriple {
  std::string subject;
  std::string relation;
  std::string object;
};

struct Example {
  std::string text;
  std::vector<ExampleTriple> expect;  // this rule must produce each of these
  std::vector<ExampleTriple> reject;  // no rule may produce these
  bool expect_none = false;           // "expect": [] : this rule must not fire
  std::vector<std::string> marks;     // entity/chunk rules: "words=Type" spans the rule must mark
  int64_t line = 0;                   // where the example is in the file
};

struct Rule {
  std::string id;           // stable, lower-case, dotted: "support.noun_for"
  Stage stage = Stage::kRelation;
  std::string description;
  std::string pattern;      // as written
  std::vector<Check> checks;
  std::vector<Emit> emits;
  std::vector<Example> examples;
  double confidence = 0.8;
  std::string file;         // where it was loaded from
  int64_t line = 0;         // line of its "id" in the file
};

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_RULE_H_
