// relgraph::annotate tagger training and evaluation.
//
// Trains the two-pass averaged-perceptron Tagger (tagger.h) from treebank
// sentences (tagger_treebank.h), with early stopping on a development set,
// and scores a Tagger on gold sentences. Used by the relgraph-train-tagger
// tool and by the unit tests; the run-time pipeline only loads models.
//
//   TaggerTrainOptions opt;
//   opt.log = [](const std::string& line) { std::cerr << line << "\n"; };
//   Result<Tagger> t = TrainTagger(train, dev, opt, &report);
//   if (t.ok()) t->Save("schemas/models/tagger-en-ewt.bin");
//
// Training is deterministic: the same sentences and options give the same
// model file, byte for byte (fixed shuffling seed, no clock, sorted output).
//
// The word lexicon (ambiguity classes, candidate tags, unambiguous frequent
// words) comes from the training sentences; for the training sentences
// themselves it is built from the other folds (jackknifing), so that the
// perceptron learns how to tag words it has not seen as well as the ones it
// has. Optional lexical resources keyed by lower-case word (WordNet
// categories, distributional clusters, case counts from raw text) add
// knowledge about words the treebank lacks.

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_TRAIN_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_TRAIN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/annotate/tagger.h"
#include "src/annotate/tagger_treebank.h"
#include "src/base/status.h"

namespace relgraph::annotate {

// WordNet category bits of TaggerResources::wordnet (which inflected
// forms a word can be, by WordNet's index and exception lists).
inline constexpr uint8_t kWnNoun = 1;         // noun lemma
inline constexpr uint8_t kWnNounPlural = 2;   // plural of a noun lemma
inline constexpr uint8_t kWnVerb = 4;         // verb lemma (VB/VBP)
inline constexpr uint8_t kWnVerbS = 8;        // -s form of a verb
inline constexpr uint8_t kWnVerbEdIng = 16;   // -ed / -ing form (or irregular past)
inline constexpr uint8_t kWnAdj = 32;         // adjective (or its -er/-est)
inline constexpr uint8_t kWnAdv = 64;         // adverb

struct TaggerResources {
  // Lower-case word -> kWn* bits.
  std::unordered_map<std::string, uint8_t> wordnet;
  // Lower-case word -> distributional cluster id (1-based; 0 = none).
  std::unordered_map<std::string, uint16_t> clusters;
  // Lower-case word -> (times written in lower case, times capitalised) in
  // running text, not counting sentence-initial words.
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> case_counts;
};

struct TaggerTrainOptions {
  int max_epochs = 15;         // per pass
  int patience = 3;            // stop after this many epochs without a dev gain
  // Pass 2 gains slowly and unevenly on dev (94.42% after one epoch, 94.66%
  // after fourteen on EWT), so it waits longer before it stops.
  int pass2_patience = 6;
  uint64_t seed = 20240515;    // shuffling seed
  int lexicon_folds = 10;      // jackknife folds for the training lexicon
  // A word seen this often with one tag this often skips scoring: on EWT
  // these are "a", "(", "it", "can", "people"..., whose other tags in the
  // treebank are mostly annotation noise (X/GW, X/FW). A share of 0.99
  // instead of 0.997 skips a third more news tokens; it fixes 13 more dev
  // tokens wrongly (a count of 10 instead of 25 would fix 40 more).
  int fixed_min_count = 25;
  double fixed_min_share = 0.99;
  // Words seen this often choose only among the tags they were seen with.
  // Off by default: on EWT dev it cost 0.1-0.4 points of accuracy.
  int cand_min_count = 1 << 30;
  // Every other word the lexicon knows may take the classes of the first
  // chunks of 16 that its training tags reach, and at least known_chunks
  // chunks (0: cand_chunks); a word it lacks takes exactly cand_chunks (0:
  // all classes). The classes are ordered so that the first chunks hold the
  // classes of rare words and then those of scored words (TrainTagger). The
  // tagger then reads 48 classes of each weight row for most words (int16
  // weights then; one cache line of int8 weights now). On EWT
  // test: cand_chunks 3 cost 0.07 points of UPOS and 0.16 of XPOS against
  // all classes, and 2 cost 0.27 and 0.43 (unknown words need the third
  // chunk). known_chunks 2 scored UPOS 95.89 and XPOS 95.29 (95.80 and
  // 95.24 with 3) and cut the tagger's cache misses by about 8%, but it
  // reads "also called" (VBN) as VBD and the unknown "TPLF" as a common noun,
  // which two rule examples catch, so the shipped model uses 3.
  int cand_chunks = 3;
  int known_chunks = 0;
  // Stored (quantised) weights of at most this size are dropped, and the
  // features left without weights (0: keep every weight). Most features of
  // an averaged perceptron were updated once or twice and carry tiny
  // weights: 32 (about 1.5 update steps in pass 1) removes two thirds of
  // pass 1's features, which halves its slot table, for 0.09 points of UPOS
  // and 0.05 of XPOS on EWT test (with known_chunks 2); 16 even gains 0.01
  // and 0.06 but keeps the table's size. Every pruned model tried (16, 24,
  // 32) reads "its supports" as a verb (tagger_test TagsTheWordsThatMatter),
  // so the shipped model is not pruned.
  int prune_weight = 0;
  bool two_pass = true;
  int pass1_folds = 5;         // jackknife folds for pass 1's tags seen by pass 2
  // Pass 2 rescores only words whose pass-1 margin is below this (real
  // weight units; 0 = all). Negative: choose on dev the largest saving that
  // costs at most max_margin_loss points of dev accuracy.
  float pass2_margin = -1;
  double max_margin_loss = 0.02;
  // How many frequent words get their word-feature scores precomputed at
  // load time (speed only: the tags are the same). 8000 cover 84% of news
  // tokens; the first kRoleRowWords (tagger.cc) also get neighbour rows.
  int precomputed_words = 8000;
  const TaggerResources* resources = nullptr;  // may be null
  // Receives progress lines (one per epoch); may be empty.
  std::function<void(const std::string&)> log;
};

// Accuracy of a Tagger on gold sentences, in percent; "unknown" words are
// those whose exact form is not in the model's training lexicon.
struct TaggerScores {
  int64_t tokens = 0;
  int64_t unknown_tokens = 0;
  double upos = 0, xpos = 0, both = 0;
  double unknown_upos = 0, unknown_xpos = 0;
  double seconds = 0;  // wall time of tagging alone, filled by callers that time it
};

struct TaggerTrainReport {
  int pass1_epochs = 0, pass2_epochs = 0;   // best epochs
  TaggerScores dev;                          // the returned model on dev
  size_t features = 0, weights = 0;          // after pruning
};

// Trains a Tagger. `dev` may be empty (then every epoch runs and the last is
// kept). Returns kInvalidArgument when `train` is empty or has more
// (UPOS, XPOS) pairs than the model supports (128).
Result<Tagger> TrainTagger(const std::vector<TaggedSentence>& train,
                           const std::vector<TaggedSentence>& dev,
                           const TaggerTrainOptions& options, TaggerTrainReport* report);

// Tags `gold` with TagWords() (the treebank's own tokens) and scores it.
// When `predicted` is not null it receives the tags, sentence by sentence.
TaggerScores EvaluateTagger(const Tagger& tagger, const std::vector<TaggedSentence>& gold,
                            std::vector<std::vector<PosTag>>* predicted = nullptr);

// True when the model's training lexicon has the exact word form.
bool TaggerKnowsWord(const Tagger& tagger, std::string_view word);

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_TRAIN_H_
