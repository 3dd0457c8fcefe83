// Internal to the annotate layer: what the entity, date and quantity
// recognisers know about each token of a sentence, computed once per token
// (one hash of the normalised text, one lexicon lookup, one gazetteer filter
// test, a few flags).
//
//   SentenceView v(lexicon, &gazetteer, upos_propn, xpos_nnp, xpos_nnps);
//   for (text::Sentence& s : sentences) {
//     v.Reset(s.tokens);               // reuses its buffer: no allocation
//     if (v.Has(i, kMonth) && v.Cap(i)) ...
//   }

#ifndef RELGRAPH_SRC_ANNOTATE_ENTITIES_TOKENS_H_
#define RELGRAPH_SRC_ANNOTATE_ENTITIES_TOKENS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/annotate/entities_lexicon.h"
#include "src/annotate/gazetteer.h"
#include "src/annotate/gazetteer_text.h"
#include "src/text/token.h"

namespace relgraph::annotate {

struct TokenFeatures {
  uint64_t hash = 0;               // Gazetteer::HashToken(text)
  const WordInfo* word = nullptr;  // lexicon entry, or nullptr
  uint64_t bits = 0;               // word->bits, or 0
  text::Shape shape = text::Shape::kOther;
  bool cap = false;                // first letter is a capital
  bool alpha = false;              // has a letter
  bool hyphen = false;             // has a '-' inside
  bool initial = false;            // opens the sentence, a quote, or follows a colon
  bool gaz_start = false;          // Gazetteer::MayStartWith(hash)
  bool ascii_upper = false;        // first byte is A-Z
  // Set by the annotator: bit 0 inside a chosen mention; bit 1, set last,
  // the token's ent_type was set to a type other than 0.
  uint8_t covered = 0;
};

class SentenceView {
 public:
  // An empty view that Reset fills. `gazetteer` may be null (then no token
  // may start a gazetteer name); both must outlive the view. With
  // `lexicon_marks_gazetteer`, the caller promises that
  // lexicon.MarkGazetteerStarts(*gazetteer) was called (and the gazetteer
  // not changed since): then the words of the lexicon skip the gazetteer's
  // filter.
  SentenceView(const EntityLexicon& lexicon, const Gazetteer* gazetteer, uint8_t upos_propn,
               uint8_t xpos_nnp, uint8_t xpos_nnps, bool lexicon_marks_gazetteer = false);
  // A view of `tokens` (which must outlive it), as Reset(tokens).
  SentenceView(const std::vector<text::Token>& tokens, const EntityLexicon& lexicon,
               uint8_t upos_propn, uint8_t xpos_nnp, uint8_t xpos_nnps);

  // Computes the features of `tokens`, which must outlive the view (or the
  // next Reset). Reuses the buffer of the previous sentence.
  void Reset(const std::vector<text::Token>& tokens);
  // Reset(*tokens) that also sets every token's ent_type to 0 and ent_iob
  // to O in the same pass (what the recogniser does before it annotates).
  void ResetClearingEntities(std::vector<text::Token>* tokens);

  size_t size() const { return n_; }
  const text::Token& tok(size_t i) const { return (*tokens_)[i]; }
  std::string_view text(size_t i) const { return (*tokens_)[i].text; }
  const TokenFeatures& f(size_t i) const { return f_[i]; }
  TokenFeatures& mutable_f(size_t i) { return f_[i]; }
  const std::vector<text::Token>& tokens() const { return *tokens_; }
  // The indices of the tokens with f(i).cap set, ascending: cap_index()[0,
  // num_caps()).
  const uint32_t* cap_index() const { return cap_index_.data(); }
  size_t num_caps() const { return n_cap_; }
  const EntityLexicon& lexicon() const { return *lexicon_; }

  bool Has(size_t i, uint64_t bits) const { return i < n_ && (f_[i].bits & bits) != 0; }
  const WordInfo* W(size_t i) const { return i < n_ ? f_[i].word : nullptr; }
  bool Cap(size_t i) const { return i < n_ && f_[i].cap; }
  bool Lower(size_t i) const { return i < n_ && f_[i].shape == text::Shape::kLower; }
  bool Is(size_t i, std::string_view s) const { return i < n_ && (*tokens_)[i].text == s; }
  // Case-insensitive comparison with a lower-case ASCII word.
  bool IsWord(size_t i, std::string_view lower) const;
  // The tagger's verdict: 1 proper noun, 0 unknown (no tag), -1 tagged as
  // something else.
  int Propn(size_t i) const;
  uint8_t upos(size_t i) const { return (*tokens_)[i].upos; }
  uint8_t xpos(size_t i) const { return (*tokens_)[i].xpos; }
  bool tagged() const { return tagged_; }
  // Most alphabetic words capitalised: a Title-Case headline. Computed on
  // the first call after a reset (most sentences are never asked: the
  // recogniser asks only where the tagger left no tags or for a lone
  // keyword), from the features, which only the covered field of may
  // change between calls.
  bool headline() const {
    if (headline_ < 0) headline_ = ComputeHeadline() ? 1 : 0;
    return headline_ != 0;
  }
  // Whitespace separates tokens i-1 and i.
  bool SpaceBefore(size_t i) const {
    return i > 0 && gaztext::SpaceBetween((*tokens_)[i - 1], (*tokens_)[i]);
  }
  // Surface text of tokens [b, e), joined as in the document (one space
  // where there was whitespace).
  std::string Surface(size_t b, size_t e) const;
  // Appends Surface(b, e) to *out.
  void AppendSurface(size_t b, size_t e, std::string* out) const;

 private:
  // What headline() says, counted over the features.
  bool ComputeHeadline() const;
  // Reset; clears the entity fields of `writable` (tokens.data() or null).
  void ResetImpl(const std::vector<text::Token>& tokens, text::Token* writable);

  const std::vector<text::Token>* tokens_ = nullptr;
  const EntityLexicon* lexicon_;
  const Gazetteer* gazetteer_;
  // What a token's text alone decides (TokenFeatures' hash, alpha, hyphen,
  // word, bits, gaz_start, and whether it opens a clause), remembered for
  // texts of 2 to 8 bytes keyed by their bytes: a word met again in the
  // view's later sentences (the recogniser keeps one view per document)
  // skips the hash and both table probes. A direct-mapped table; a slot
  // holds the last text that mapped to it.
  struct Memo {  // left uninitialised but for len (see ResetImpl)
    uint64_t key;  // the text's bytes, little-endian, zeros past the end
    uint64_t hash;
    const WordInfo* word;
    uint32_t bits;
    uint8_t len;    // 0: an empty slot
    uint8_t flags;  // kMemoAlpha, kMemoHyphen, kMemoOpens (OpensClause)
    bool gaz_start;
  };
  static constexpr uint8_t kMemoAlpha = 1, kMemoHyphen = 2, kMemoOpens = 4;
  static constexpr int kMemoBits = 9;
  std::unique_ptr<Memo[]> memo_;
  // Features of the tokens, [0, n_) for the current sentence; the vector
  // only grows, so that a shorter sentence after a longer one (or a
  // document's sentences after its first long one) sets no new elements.
  std::vector<TokenFeatures> f_;
  size_t n_ = 0;
  // The capital tokens, [0, n_cap_); the vector only grows, like f_.
  std::vector<uint32_t> cap_index_;
  size_t n_cap_ = 0;
  uint8_t upos_propn_, xpos_nnp_, xpos_nnps_;
  bool lexicon_marks_gazetteer_ = false;
  bool tagged_ = false;
  mutable int8_t headline_ = -1;  // -1: not computed since the last reset
};

// A plain decimal number token: "432", "1,000", "4.25", "0.5". False for
// anything else ("1990s", "Q1", "10:30", "92%").
bool ParsePlainNumber(std::string_view text, double* value);
// A number with a glued scale suffix: "5m", "4.25bn", "10k" (the suffix is
// looked up as a scale word in `lexicon`).
bool ParseScaledNumber(std::string_view text, const EntityLexicon& lexicon, double* value);
// Formats a number without exponent or trailing zeros: 4250000000, 0.51, 92.
std::string FormatNumber(double v);

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_ENTITIES_TOKENS_H_
