// Lexical resources for training the tagger and building the lemma lexicon:
// WordNet categories of inflected forms (from Debian's wordnet-base) and
// case counts of words in raw news text. Part of relgraph-train-tagger.

#ifndef RELGRAPH_TOOLS_TRAIN_TAGGER_RESOURCES_H_
#define RELGRAPH_TOOLS_TRAIN_TAGGER_RESOURCES_H_

#include <string>
#include <vector>

#include "src/annotate/lemmatizer.h"
#include "src/annotate/tagger_train.h"
#include "src/base/status.h"

namespace relgraph::tools {

// Reads WordNet's index.{noun,verb,adj,adv} and {noun,verb,adj}.exc from
// `dir` and fills resources->wordnet with the categories (kWn* bits) of each
// single-word lemma and of its regular and irregular inflected forms.
// Returns kNotFound when an index file is missing.
Status LoadWordNet(const std::string& dir, annotate::TaggerResources* resources);

// Counts, for every lower-cased word of the "text" fields of the JSON Lines
// files (gzip or plain), how often it is written in lower case and how often
// capitalised, not counting the first word of a line or after . ! ? or a
// quote. Words are split on whitespace and punctuation at their edges.
Status CountCases(const std::vector<std::string>& jsonl_files, annotate::TaggerResources* resources);

// Builds the lemmatizer's lists: base words from WordNet's index files in
// `wordnet_dir` and the training sentences' lemmas; exceptions wherever the
// suffix rules miss the training lemma of a (form, tag), and WordNet's
// exception lists for forms the treebank lacks.
Result<annotate::Lemmatizer> BuildLemmatizer(const std::vector<annotate::TaggedSentence>& train,
                                             const std::string& wordnet_dir);

}  // namespace relgraph::tools

#endif  // RELGRAPH_TOOLS_TRAIN_TAGGER_RESOURCES_H_
