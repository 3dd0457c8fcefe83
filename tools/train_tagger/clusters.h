// Distributional word clusters for the tagger, learned from raw text with
// the predictive exchange algorithm (Uszkoreit and Brants 2008, after
// Kneser and Ney 1993): words move between a fixed number of classes to
// maximise the likelihood of the class-based bigram model
// P(w_i | w_{i-1}) = P(w_i | c(w_i)) P(c(w_i) | w_{i-1}).
// Words that are used alike ("Pakistan", "Afghanistan"; "said", "added")
// end up in the same class, which tells the tagger about words that the
// treebank never saw. Part of relgraph-train-tagger.
//
// Deterministic: words are visited in a fixed order (frequency, then
// spelling) and ties keep the current class.

#ifndef RELGRAPH_TOOLS_TRAIN_TAGGER_CLUSTERS_H_
#define RELGRAPH_TOOLS_TRAIN_TAGGER_CLUSTERS_H_

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/annotate/tagger_treebank.h"
#include "src/base/status.h"

namespace relgraph::tools {

struct ClusterOptions {
  int classes = 256;
  int min_count = 3;     // rarer words are not clustered
  int iterations = 8;
  std::function<void(const std::string&)> log;
};

// Splits raw text into tagger-like tokens (punctuation and the clitics
// n't 's 're 'll 've 'd 'm apart; typographic quotes as ASCII), lower-cased
// with digits as 0, appending them to *tokens; "" marks a line break.
void TokenizeForClusters(const std::string& text, std::vector<std::string>* tokens);

// Reads the "text" fields of JSON Lines files (gzip or plain) and the word
// forms of treebank sentences, and clusters the words seen at least
// min_count times. Returns lower-case word -> class id (1-based).
Result<std::unordered_map<std::string, uint16_t>> LearnClusters(
    const std::vector<std::string>& jsonl_files,
    const std::vector<annotate::TaggedSentence>& sentences, const ClusterOptions& options);

}  // namespace relgraph::tools

#endif  // RELGRAPH_TOOLS_TRAIN_TAGGER_CLUSTERS_H_
