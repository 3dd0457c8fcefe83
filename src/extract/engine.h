// relgraph::extract::RuleEngine: runs the rules of every stage on a sentence.
//
// Stage of the pipeline: after annotate (tokens carry pos, tag, lemma,
// entity), before resolve. Rules are compiled once: each token becomes a
// fixed-width record (a 0x00 start byte, ids for the words that rules
// mention in text, lower and lemma, one byte each for pos, tag, shape, entity
// and chunk, then bytes of predicate bits for tests that are not a simple
// field comparison, such as a regex on a field). Each stage has its own
// record: only the fields, words and predicates its rules test, with one-byte
// ids when its rules mention fewer than 255 words. A pattern becomes an RE2
// regex over those records, matched in Latin-1 mode; since only a record
// starts with 0x00, every match starts and ends on a token boundary. A
// trigger index (each rule's rarest required word) picks the few rules worth
// running on a sentence. A rule is matched first with no submatches and only
// on a hit again with its captures; its checks run on the captures and may
// narrow them.
//
// Stages run in order: entity, chunk, relation. Entity and chunk rules
// annotate the sentence's tokens (the first rule to mark a token wins); the
// relation stage produces Extractions.
//
//   auto engine = RuleEngine::Load({"schemas/rules"}, "schemas/rules.schema.json", ontology);
//   if (!engine.ok()) { report engine.status(); exit 2; }
//   std::vector<Extraction> out;
//   engine->Run(&sentence, &out);

#ifndef RELGRAPH_SRC_EXTRACT_ENGINE_H_
#define RELGRAPH_SRC_EXTRACT_ENGINE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/extract/extraction.h"
#include "src/extract/rule.h"
#include "src/extract/rule_loader.h"
#include "src/text/token.h"

namespace relgraph::extract {

class RuleEngine {
 public:
  // Loads the rule files under `paths` (see LoadRuleFiles) and compiles
  // them. kBadConfig with file:line, rule id and reason for a schema
  // violation, a pattern error, an unknown relation, entity type, check or
  // capture, or a regex RE2 rejects.
  static Result<RuleEngine> Load(const std::vector<std::string>& paths,
                                 const std::string& schema_path, const Ontology& ontology);
  // Compiles rules already loaded (for tests and `rules check`).
  static Result<RuleEngine> Compile(RuleFiles files, const Ontology& ontology);

  RuleEngine(RuleEngine&&) noexcept;
  RuleEngine& operator=(RuleEngine&&) noexcept;
  ~RuleEngine();

  // Runs every stage on `sentence`: entity and chunk rules annotate its
  // tokens and mentions; relation rules append to *out. When `trace` is
  // given, records every match (accepted or not) and the encodings. Safe to
  // call from several threads at once on different sentences.
  void Run(text::Sentence* sentence, std::vector<Extraction>* out, Trace* trace = nullptr) const;

  // Runs one stage only.
  void RunStage(Stage stage, text::Sentence* sentence, std::vector<Extraction>* out,
                Trace* trace = nullptr) const;
  // Runs the stages from `first` to `last` (encoding the sentence once).
  void RunStages(Stage first, Stage last, text::Sentence* sentence, std::vector<Extraction>* out,
                 Trace* trace = nullptr) const;

  const std::vector<Rule>& rules() const;
  const Ontology& ontology() const;

  // The sentence's tokens as the rules see them, one token a line:
  // "index text lower lemma pos tag shape ent chunk".
  std::string ReadableEncoding(const text::Sentence& sentence) const;
  // The regex a rule compiled to, with bytes written as \xHH (for explain
  // and for debugging rules).
  std::string RuleRegex(std::string_view rule_id) const;

 private:
  struct Impl;
  explicit RuleEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_ENGINE_H_
