// relgraph::annotate treebank reading: CoNLL-U sentences with gold tags and
// lemmas, for training and evaluating the tagger and the lemmatizer.
//
// The tagger's trainer (tools/train_tagger), its evaluator and the unit tests
// read Universal Dependencies treebanks (UD English Web Treebank) through this
// module; the run-time pipeline does not use it. Multi-word token lines
// ("3-4") and empty nodes ("5.1") are skipped, so a sentence is the treebank's
// own syntactic words, each with its form, lemma, UPOS and Penn XPOS.
//
//   Result<std::vector<TaggedSentence>> dev = ReadConllu("en_ewt-ud-dev.conllu.gz");
//   if (!dev.ok()) return dev.status();
//   for (const TaggedSentence& s : dev.value()) ... s.words[i].form ...

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_TREEBANK_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_TREEBANK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace relgraph::annotate {

// One syntactic word of a treebank sentence. upos and xpos index
// text::UposTags() and text::XposTags(); 0 means the tag was "_" or unknown.
struct TaggedWord {
  std::string form;
  std::string lemma;
  uint8_t upos = 0;
  uint8_t xpos = 0;
};

struct TaggedSentence {
  std::vector<TaggedWord> words;
};

// Parses CoNLL-U text. `source` names the input in error locations. Returns
// kInvalidArgument with the line number for a word line with fewer than five
// tab-separated columns or a non-numeric id; a tag outside the UD / Penn tag
// tables is kept as 0 (unknown) rather than rejected, so that newer treebank
// releases still load. Sentences without words are dropped.
Result<std::vector<TaggedSentence>> ParseConllu(std::string_view text,
                                                const std::string& source);

// Reads a CoNLL-U file, gzip-compressed when its name ends in ".gz". Returns
// kNotFound for a missing file, kIoError for an unreadable or corrupt one, and
// ParseConllu's errors for malformed content.
Result<std::vector<TaggedSentence>> ReadConllu(const std::string& path);

// Reads a whole file into memory, inflating it when its name ends in ".gz".
// Errors as for ReadConllu.
Result<std::string> ReadMaybeGzipFile(const std::string& path);

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_TREEBANK_H_
