// relgraph::annotate tagger internals: the parts of a Tagger model and the
// decoding loop, shared by tagger.cc (loading, saving, run-time tagging) and
// tagger_train.cc (which builds models). Not part of the public API.

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/annotate/tagger.h"
#include "src/annotate/tagger_features.h"

namespace relgraph::annotate {

// What the run-time tagger derives from one pass's weight table when a model
// is loaded, so that most of a token's score is a few row additions instead
// of ~40 hashed lookups. Every row is the exact sum of the weights of the
// features it stands for (int16 arithmetic wraps, so any grouping gives the
// same scores as summing the features one by one).
struct PassRows {
  // For each frequent word r (LexEntry::row = r + 1), kMaxClasses int16 at
  // [r * kMaxClasses]: the word's own features (not first in the sentence);
  // for the first role_words of them also their features as each neighbour
  // role (Role order).
  tagger_internal::BigVector<int16_t> word;
  tagger_internal::BigVector<int16_t> role[tagger_internal::kNumRoles];
  uint32_t role_words = 0;
  // The sentence boundary in each role.
  tagger_internal::BigVector<int16_t> boundary;  // kNumRoles rows
  // Payloads (WeightTable::Find) of the tag-only templates, indexed by tag:
  // class id, or num_classes for the sentence boundary; pairs by
  // a * (num_classes + 1) + b.
  std::vector<uint32_t> prev_tag, prev2_tag, prev_tags_pair;
  std::vector<uint32_t> right_tag, right2_tag, right_tags_pair, prev_tag_right_tag, own_tag;
  bool empty() const { return prev_tag.empty(); }
};

struct Tagger::Model {
  std::vector<PosTag> classes;           // class id -> (UPOS, XPOS)
  tagger_internal::Lexicon lexicon;      // word forms -> ambiguity class, candidates, ...
  tagger_internal::WeightTable stage1;   // left-to-right pass
  tagger_internal::WeightTable stage2;   // second pass, sees stage 1's right tags
  bool two_pass = true;
  // Pass 2 rescores only the words whose pass-1 margin (best minus second
  // best score, in real weight units) is below this; 0 rescores all.
  float pass2_margin = 0;
  // Frequent words whose rows are precomputed at load time (PassRows;
  // LexEntry::row points here).
  std::vector<std::string> frequent_words;
  PassRows rows1, rows2;
  std::vector<tagger_internal::WordInfo> row_infos;  // their WordInfo at position 1
  // Fills rows1/rows2, row_infos and the lexicon's row indices from
  // frequent_words and the weight tables.
  void PrecomputeRows();

  // Decodes one sentence whose WordInfo is computed: writes pass 1's class
  // ids to pass1[0..n) and the final ones to out[0..n) (the same as pass1 for
  // a one-pass model). `fast` uses the precomputed rows (when there are
  // any); the tags are the same either way.
  void Decode(const tagger_internal::WordInfo* info, size_t n, uint16_t* pass1, uint16_t* out,
              bool fast = true) const;
  // One pass with `table`; right = nullptr for pass 1. When `margins` is
  // not null, pass 1 writes each word's margin there and pass 2 skips the
  // words whose margin is at least pass2_margin (keeping right[i]). `rows`
  // (may be null: every feature is looked up) are `table`'s PassRows.
  void DecodePass(const tagger_internal::WeightTable& table, const PassRows* rows,
                  const tagger_internal::WordInfo* info, size_t n, const uint16_t* right,
                  uint16_t* out, int32_t* margins = nullptr) const;

  // Normalises words (tagger_internal::NormalizeToken), computes their
  // WordInfo and decodes them into class ids in *out.
  void TagNormalized(const std::vector<std::string_view>& words,
                     std::vector<uint16_t>* out, bool fast = true) const;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_
