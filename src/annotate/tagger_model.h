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

struct Tagger::Model {
  std::vector<PosTag> classes;           // class id -> (UPOS, XPOS)
  tagger_internal::Lexicon lexicon;      // word forms -> ambiguity class, candidates, ...
  tagger_internal::WeightTable stage1;   // left-to-right pass
  tagger_internal::WeightTable stage2;   // second pass, sees stage 1's right tags
  bool two_pass = true;
  // Pass 2 rescores only the words whose pass-1 margin (best minus second
  // best score, in real weight units) is below this; 0 rescores all.
  float pass2_margin = 0;
  // Frequent words whose word-feature scores are precomputed at load time
  // (rows of kMaxClasses int32 per pass; LexEntry::row points here).
  std::vector<std::string> frequent_words;
  tagger_internal::BigVector<int32_t> rows1, rows2;
  std::vector<tagger_internal::WordInfo> row_infos;  // their WordInfo at position 1
  // Fills rows1/rows2 and the lexicon's row indices from frequent_words.
  void PrecomputeRows();

  // Decodes one sentence whose WordInfo is computed: writes pass 1's class
  // ids to pass1[0..n) and the final ones to out[0..n) (the same as pass1 for
  // a one-pass model). `scores` is scratch of kMaxClasses.
  void Decode(const tagger_internal::WordInfo* info, size_t n, uint16_t* pass1,
              uint16_t* out) const;
  // One pass with `table`; right = nullptr for pass 1. When `margins` is
  // not null, pass 1 writes each word's margin there and pass 2 skips the
  // words whose margin is at least pass2_margin (keeping right[i]).
  void DecodePass(const tagger_internal::WeightTable& table,
                  const tagger_internal::WordInfo* info, size_t n, const uint16_t* right,
                  uint16_t* out, int32_t* margins = nullptr) const;

  // Normalises words (tagger_internal::NormalizeToken), computes their
  // WordInfo and decodes them into class ids in *out.
  void TagNormalized(const std::vector<std::string_view>& words,
                     std::vector<uint16_t>* out) const;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_
