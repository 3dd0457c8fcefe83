// relgraph::annotate::Tagger: part-of-speech tagging with both Universal
// (UPOS) and Penn Treebank (XPOS) tags.
//
// Sits in the annotate stage right after the tokenizer: it fills Token.upos
// and Token.xpos, which the lemmatizer, the chunker, the entity rules and the
// relation rules read. It is a greedy two-pass averaged perceptron (Collins
// 2002, in the style of Honnibal's tagger) over (UPOS, XPOS) pairs:
//   pass 1 tags left to right with left tags, words, affixes, shapes, the
//          word's ambiguity class (tags it had in the training data), its
//          WordNet categories, how it is usually capitalised and its
//          distributional word class (learned from raw news text);
//   pass 2 tags again with pass 1's tags of the words to the right as well,
//          but only the words pass 1 was unsure of.
// For speed: frequent unambiguous words skip scoring; features are 64-bit
// hashes of per-word hashes computed once per token, looked up in compact
// open-addressing tables (dense rows for the hot features); scores are int16
// (16 classes per vector instruction; the trainer scales the weights so that
// no sum can overflow); and when the model loads, the word features of the
// 8,000 most frequent words are summed into one row each, the features each
// of the 3,000 most frequent has as a neighbour (previous word, next word,
// ...) into one row per role, and the tag-only features are indexed by tag.
// About 1,550 instructions a token on news; the rows give exactly the tags
// that looking up every feature gives.
//
// Run-time tokens follow relgraph's tokenizer rather than the treebank's:
// typographic quotes and apostrophes (’s, “, ”) are read as their ASCII
// forms, a hyphenated word ("violence-linked") is tagged as the treebank
// would tag its last part, and Title Case or ALL CAPS headlines have their
// common words read in lower case.
//
//   Result<Tagger> tagger = Tagger::Load("schemas/models/tagger-en-ewt.bin");
//   if (!tagger.ok()) return tagger.status();
//   tagger->Tag(&sentence.tokens);   // sets upos and xpos of every token
//   text::UposTags()[sentence.tokens[0].upos]  // "PROPN"
//
// The model file is produced by TrainTagger() (tagger_train.h) through the
// relgraph-train-tagger tool (tools/train_tagger); its format is described in
// tagger.cc. A Tagger is immutable after loading and safe to share between
// threads.

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/text/token.h"

namespace relgraph::annotate {

// A tag as two indices: into text::UposTags() and text::XposTags().
struct PosTag {
  uint8_t upos = 0;
  uint8_t xpos = 0;
  friend bool operator==(const PosTag&, const PosTag&) = default;
};

class Tagger {
 public:
  // Loads a model written by Save(). Returns kNotFound when the file is
  // missing, kIoError when it cannot be read, and kBadConfig, with the path
  // and the reason, when it is truncated, corrupt (checksum), has the wrong
  // magic or version, or names a tag that text::UposTags()/XposTags() lack.
  // Never crashes on a bad file.
  static Result<Tagger> Load(const std::string& path);

  // Writes the model (binary, versioned, checksummed). Returns kIoError when
  // the file cannot be written; the file is written to a temporary name and
  // renamed, so a failure never leaves a half-written model at `path`.
  Status Save(const std::string& path) const;

  // Tags one sentence of run-time tokens: sets upos and xpos of each token
  // from its text (other fields are neither read nor changed). An empty
  // sentence is left alone. A default-constructed Tagger tags nothing.
  void Tag(std::vector<text::Token>* tokens) const;

  // Tags one sentence given as word strings, exactly as tokenised (no
  // splitting of hyphenated words, no headline handling): the call the
  // evaluator uses on treebank tokens. Writes one PosTag per word to *tags.
  void TagWords(const std::vector<std::string_view>& words, std::vector<PosTag>* tags) const;

  // The same as Tag() on plain strings, for tests and the `explain` command:
  // hyphenated words and headlines are handled as in Tag().
  void TagText(const std::vector<std::string_view>& words, std::vector<PosTag>* tags) const;

  // Number of (UPOS, XPOS) classes the model predicts; 0 for an empty Tagger.
  size_t num_classes() const;

  Tagger();
  ~Tagger();
  Tagger(Tagger&&) noexcept;
  Tagger& operator=(Tagger&&) noexcept;
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  // The model's parts; defined in tagger_model.h for the trainer.
  struct Model;
  explicit Tagger(std::unique_ptr<Model> model);
  const Model& model() const { return *model_; }

 private:
  std::unique_ptr<Model> model_;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_H_
