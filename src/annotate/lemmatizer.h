// relgraph::annotate::Lemmatizer: dictionary forms of words, from their
// text and part of speech.
//
// Runs in the annotate stage after the Tagger (tagger.h): it reads
// Token.text, Token.upos and Token.xpos and sets Token.lemma, which the
// relation rules match on ("supports", "supported", "supporting" -> support).
// It follows the conventions of the UD English Web Treebank:
//   - common words get a lower-case lemma: talks -> talk, countries -> country,
//     agreed -> agree, held -> hold, better (JJR) -> good;
//   - proper nouns keep the word as written (Pakistan, NATO), except long
//     ALL CAPS names (TEHRAN -> Tehran); plural proper nouns are made
//     singular (Americans -> American); single capitals keep their case (X);
//   - auxiliaries and clitics: was/were/is/'s (VBZ) -> be, has/had -> have,
//     n't -> not, 'll -> will, possessive 's -> 's; pronouns: me -> I, them -> they;
//   - numbers lose thousands separators (200,000 -> 200000);
//   - a hyphenated word keeps its first parts and lemmatises its last one
//     (violence-linked -> violence-link).
//
// How: an exception list keyed by (lower-case word, Penn tag) first, then
// suffix rules by tag (-s/-es/-ies, -ed, -ing, -er/-est, with e-restoration
// and consonant undoubling) whose candidates are checked against a list of
// known base words. Both lists live in schemas/lexicon/:
//   lemma_exceptions.tsv   form<TAB>XPOS<TAB>lemma (from the EWT training split
//                          and WordNet's exception lists)
//   lemma_words.tsv.gz     word<TAB>categories (n v a r: from WordNet's index
//                          files and the EWT training lemmas)
// and are built by `relgraph-train-tagger lexicon` (tools/train_tagger).
//
//   Result<Lemmatizer> lem = Lemmatizer::Load("schemas/lexicon");
//   if (!lem.ok()) return lem.status();
//   tagger.Tag(&tokens);
//   lem->Lemmatize(&tokens);                        // sets Token.lemma
//   lem->Lemma("countries", upos_noun, xpos_nns);   // "country"
//
// A Lemmatizer is immutable after loading and safe to share between threads.

#ifndef RELGRAPH_SRC_ANNOTATE_LEMMATIZER_H_
#define RELGRAPH_SRC_ANNOTATE_LEMMATIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/text/token.h"

namespace relgraph::annotate {

// Categories of a base word in the word list (bits).
inline constexpr uint8_t kLemmaNoun = 1;
inline constexpr uint8_t kLemmaVerb = 2;
inline constexpr uint8_t kLemmaAdj = 4;
inline constexpr uint8_t kLemmaAdv = 8;

// One exception: the lemma of a lower-case form with a Penn tag.
struct LemmaException {
  std::string form;   // lower case, typographic quotes as ASCII
  uint8_t xpos = 0;   // index into text::XposTags()
  std::string lemma;
};

class Lemmatizer {
 public:
  // Loads dir/lemma_exceptions.tsv and dir/lemma_words.tsv.gz. Returns
  // kNotFound for a missing file and kBadConfig with file:line for a
  // malformed line (wrong number of fields, unknown tag or category).
  static Result<Lemmatizer> Load(const std::string& dir);

  // Builds a Lemmatizer from lists in memory (the lexicon builder and tests
  // use this). Words are lower case; later duplicates of an exception win.
  static Lemmatizer FromLists(const std::vector<std::pair<std::string, uint8_t>>& words,
                              const std::vector<LemmaException>& exceptions);

  // Sets Token.lemma of every token from its text, upos and xpos (and, for
  // "'s" before "been"/"got", the next token: he's been -> have). Tokens
  // with xpos 0 (untagged) get their lower-cased text.
  void Lemmatize(std::vector<text::Token>* tokens) const;

  // The lemma of `word` tagged (upos, xpos). Any input gives some lemma
  // (never empty unless `word` is empty).
  std::string Lemma(std::string_view word, uint8_t upos, uint8_t xpos) const;
  // The same, writing into *out (no allocation when it fits *out's capacity).
  void Lemma(std::string_view word, uint8_t upos, uint8_t xpos, std::string* out) const;

  // The suffix rules alone, without the exception list: what the lexicon
  // builder compares the treebank's lemmas with.
  void RuleLemma(std::string_view word, uint8_t upos, uint8_t xpos, std::string* out) const;

  // Writes the lists in the files Load() reads. Returns kIoError on failure.
  Status Save(const std::string& dir) const;

  size_t num_words() const { return words_.size(); }
  size_t num_exceptions() const { return exceptions_.size(); }

 private:
  // The Penn tag indices the rules test (lemmatizer.cc), built once.
  struct Tags;
  static const Tags& TagTable();

  // Exception table slot: the (form, tag) is compared exactly, so no two
  // entries can be confused.
  struct ExceptionSlot {
    uint64_t packed = 0;        // PackWord() of the form
    uint32_t offset = 0;        // form at arena_[offset, +form_length), lemma right after
    uint32_t form_length = 0;
    uint32_t lemma_length = 0;
    uint32_t tag = 0;           // xpos + 1; 0 = empty slot
  };

  // The categories of the base word w[0, keep) + add (0: not a base word),
  // without building that string, where h is PrefixState(w, keep): the
  // candidates of one word share their prefixes, hashed once.
  uint8_t CategoriesFrom(uint64_t h, size_t keep, std::string_view add) const;
  // The hash state (ti::HashStep from ti::kHashSeed) after w[0, keep).
  static uint64_t PrefixState(std::string_view w, size_t keep);
  // `packed` is PackWord(lower).
  const ExceptionSlot* FindException(std::string_view lower, uint64_t packed, uint8_t xpos) const;
  // The table probe of FindException() once the filter has let `hash` (its
  // ExceptionHash) through. The table must not be empty.
  const ExceptionSlot* ProbeException(std::string_view lower, uint64_t packed, uint64_t hash,
                                      uint8_t xpos) const;
  // Lemma(), inlined into Lemmatize()'s loop (the call costs about as much
  // as the fast path's work).
  // readable16: 16 bytes from word.data() may be read (a std::string's).
  // t is TagTable(), looked up once by the caller's loop.
  [[gnu::always_inline]] void LemmaInline(std::string_view word, bool readable16, uint8_t upos,
                                          uint8_t xpos, const Tags& t, std::string* out) const;
  // Lemma() of words the fast path does not take (non-ASCII or long ones).
  void LemmaSlow(std::string_view word, uint8_t upos, uint8_t xpos, std::string* out) const;
  void Index();

  // RuleLemma() of a word already normalised (`norm`) and lower-cased
  // (`lower`, which must not alias *out); t is TagTable().
  void RuleLemmaOf(std::string_view norm, std::string_view lower, uint8_t upos, uint8_t xpos,
                   const Tags& t, std::string* out) const;
  // What the suffix rules make of a lower-case word w without hyphens: the
  // base word w[0, keep) + add (add is a string literal).
  struct Base {
    size_t keep = 0;
    std::string_view add;
  };
  Base Plural(std::string_view w, uint8_t cats) const;
  Base Suffixed(std::string_view w, std::string_view suffix, uint8_t cats) const;

  std::vector<std::pair<std::string, uint8_t>> words_;       // as loaded, for Save()
  std::vector<LemmaException> exceptions_;                   // as loaded, for Save()
  // HashBytes() of each base word with its low 4 bits replaced by its
  // categories (never 0 for a stored word; 0 = empty slot).
  std::vector<uint64_t> word_slots_;
  std::vector<ExceptionSlot> exception_slots_;
  // One bit per hash bucket that some exception falls in: most words are
  // ruled out without probing the table.
  std::vector<uint64_t> exception_filter_;
  std::string arena_;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_LEMMATIZER_H_
