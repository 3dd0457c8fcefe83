// relgraph::text::Tokenizer: splits text into Tokens with byte offsets, the
// way the UD English Web Treebank does (the tagger is trained on it).
//
// Part of the text stage (ingest -> text -> annotate ...). Most callers want
// Segmenter (segmenter.h), which tokenizes and splits sentences in one pass;
// the tokenizer alone serves `relgraph explain` and tests.
//
//   Tokenizer tokenizer;                       // Lexicon::Default()
//   std::vector<Token> tokens = tokenizer.Tokenize("Patel's U.S. visit cost $4.25.");
//   // Patel 's U.S. visit cost $ 4.25 .
//
// Conventions:
//   - punctuation is split off; runs of "!"/"?" and of "." stay together
//     ("?!", "...", "...."), "…" is one token;
//   - clitics split: "Patel's" -> Patel 's, "countries'" -> countries ',
//     "don't" -> do n't, "can't" -> ca n't, "won't" -> wo n't, "I'm" -> I 'm,
//     "they'll" -> they 'll; curly apostrophes alike; "cannot" -> can not
//     (schemas/lexicon/token_splits.txt);
//   - "$4.25" -> $ 4.25, "92%" -> 92 %; "1,000", "3.5", "10:30", "1990s",
//     "21st", "Q1", "COVID-19" stay whole;
//   - hyphenated words stay whole ("Tehreek-e-Taliban", "counter-IED");
//     dashes (— – -- and a lone "-") are tokens of their own;
//   - abbreviations keep their period ("Mr.", "Inc.", "e.g.", and "No." before
//     a number: schemas/lexicon/abbreviations.txt), as do dotted acronyms
//     ("U.S.", "U.S.A.") and initials ("E.");
//   - URLs, e-mail addresses, @handles and #hashtags are one token each.
//
// Every Token's text is exactly text.substr(span.begin, span.size()); tokens
// are in order and do not overlap; only whitespace lies between them. Any
// byte string is accepted: invalid UTF-8 is kept inside tokens as it is.
// Single tokens longer than 2,048 bytes are cut into pieces of at most that
// size (at character boundaries) with space_after = false.

#ifndef RELGRAPH_SRC_TEXT_TOKENIZER_H_
#define RELGRAPH_SRC_TEXT_TOKENIZER_H_

#include <string_view>
#include <vector>

#include "src/text/lexicon.h"
#include "src/text/token.h"

namespace relgraph::text {

// The longest token the tokenizer emits, in bytes.
inline constexpr size_t kMaxTokenBytes = 2048;

class Tokenizer {
 public:
  // Uses `lexicon`, which must outlive the Tokenizer.
  explicit Tokenizer(const Lexicon& lexicon = Lexicon::Default()) : lexicon_(&lexicon) {}

  // Tokens of `text`, offsets into `text`. Texts of 4 GiB or more are read
  // only up to 4 GiB - 1 bytes (Span offsets are 32-bit; ingest caps
  // documents well below that).
  std::vector<Token> Tokenize(std::string_view text) const;

  // Same, appending to *out (not cleared) to reuse its memory.
  void Tokenize(std::string_view text, std::vector<Token>* out) const;

 private:
  const Lexicon* lexicon_;
};

// Fills a Token (span, text, shape, space_after) for bytes [begin, end) of
// `text`; space_after is true when a whitespace byte follows.
Token MakeToken(std::string_view text, uint32_t begin, uint32_t end);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_TOKENIZER_H_
