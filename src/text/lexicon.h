// relgraph::text::Lexicon: the word lists that drive the tokenizer and the
// sentence splitter, loaded from plain-text files in schemas/lexicon/.
//
// Part of the text stage (ingest -> text -> annotate ...). The lists are data,
// not code: abbreviations.txt (which words keep their period and when that
// period may end a sentence), sentence_starters.txt (words that usually open
// a sentence), news_credits.txt (news agencies, photo-credit words and
// kickers, for datelines and captions) and token_splits.txt ("cannot" ->
// "can" "not"). A copy of the shipped files is compiled into the library, so
// Lexicon::Default() needs no file at run time; LoadLexicon(dir) reads a
// user's own copy instead.
//
//   Result<Lexicon> lex = LoadLexicon("schemas/lexicon");
//   if (!lex.ok()) { /* print lex.status().ToString(), exit 2 */ }
//   Tokenizer tokenizer(lex.value());
//
// File syntax: one entry a line; "#" starts a comment line; "[section]"
// starts a section in files that have them. Errors (an unknown section, an
// entry outside a section, a word listed twice, a split whose parts do not
// spell the word) are reported with file and line.

#ifndef RELGRAPH_SRC_TEXT_LEXICON_H_
#define RELGRAPH_SRC_TEXT_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/base/status.h"

namespace relgraph::text {

// When the period of an abbreviation may end a sentence.
enum class AbbrevClass : uint8_t {
  kNone = 0,
  kTitle,      // "Mr.", "Gen.": never before a name or number
  kPrenumber,  // "No.", "p.", "Jan.": never before a number
  kInner,      // "e.g.", "vs.": never
  kFinal,      // "Inc.", "Jr.", "a.m.": only before a usual sentence opener
};

class Lexicon {
 public:
  // An empty lexicon: no abbreviations, no starters, no credits, no splits.
  Lexicon() = default;

  // The lexicon compiled from the shipped schemas/lexicon/*.txt. Built once,
  // immutable, safe to share between threads.
  static const Lexicon& Default();

  // Parsers for each file's text; `name` is used in error locations. Each
  // adds to what is already there. On error nothing is guaranteed about what
  // was added; discard the Lexicon.
  Status AddAbbreviations(std::string_view text, const std::string& name);
  Status AddSentenceStarters(std::string_view text, const std::string& name);
  Status AddNewsCredits(std::string_view text, const std::string& name);
  Status AddTokenSplits(std::string_view text, const std::string& name);

  // The class of `word` (without its final period; "U.S" for "U.S."), or
  // kNone. Entries written in lower case match any ASCII case.
  AbbrevClass Abbreviation(std::string_view word) const {
    // Most words before a period are no abbreviation: a filter of the folded
    // entries' hashes rules them out without hashing into the maps.
    if (word.empty() || word.size() > abbrev_max_len_) return AbbrevClass::kNone;
    const uint32_t h = FoldHash(word);
    if (((abbrev_filter_[(h / 64) % kFilterWords] >> (h % 64)) & 1) == 0) return AbbrevClass::kNone;
    return AbbreviationSlow(word);
  }
  // True when `word` (any case) is in sentence_starters.txt.
  bool IsSentenceStarter(std::string_view word) const;
  // news_credits.txt sections, matched case-insensitively.
  bool IsAgency(std::string_view word) const;
  bool IsCreditLead(std::string_view word) const;
  bool IsKicker(std::string_view words) const;  // words joined by one space
  bool IsSpeakerRole(std::string_view word) const;
  // The lengths of the parts `word` splits into ("cannot" -> {3, 3}), or
  // nullptr when it does not split. Case-insensitive.
  const std::vector<uint8_t>* TokenSplit(std::string_view word) const {
    // The tokenizer asks for nearly every word; the length test rules out
    // most of them here, without a call.
    if (word.size() - split_min_len_ > split_len_span_) return nullptr;
    // Then by the lengths of the split words whose first byte falls in the
    // same one of 32 buckets (a letter's bucket is the same in either case).
    if (word.size() < 64 &&
        ((split_lengths_by_first_[static_cast<unsigned char>(word[0]) & 31] >> word.size()) & 1) == 0) {
      return nullptr;
    }
    return TokenSplitSlow(word);
  }

  size_t abbreviation_count() const { return exact_abbrevs_.size() + folded_abbrevs_.size(); }
  size_t starter_count() const { return starters_.size(); }

 private:
  // Hash and equality that also take string_views, so that lookups build no
  // std::string.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using KeyEq = std::equal_to<>;
  template <typename V>
  using Map = std::unordered_map<std::string, V, KeyHash, KeyEq>;
  using Set = std::unordered_set<std::string, KeyHash, KeyEq>;

  // A hash of the ASCII-lower-cased bytes of `s` (for abbrev_filter_).
  static uint32_t FoldHash(std::string_view s) {
    uint32_t h = 2166136261u;
    for (char c : s) {
      const unsigned u = static_cast<unsigned char>(c);
      h = (h ^ (u - 'A' < 26u ? u + 32u : u)) * 16777619u;
    }
    return h ^ (h >> 15);
  }
  AbbrevClass AbbreviationSlow(std::string_view word) const;
  const std::vector<uint8_t>* TokenSplitSlow(std::string_view word) const;

  static constexpr size_t kFilterWords = 64;  // 4096 bits

  Map<AbbrevClass> exact_abbrevs_;   // written with capitals
  Map<AbbrevClass> folded_abbrevs_;  // lower case, any case matches
  Set starters_;
  Set agencies_;
  Set credit_leads_;
  Set kickers_;
  Set speaker_roles_;
  Map<std::vector<uint8_t>> splits_;
  uint32_t split_initials_ = 0;  // bit c - 'a' set when a split word starts with c
  // For split words starting with letter f: bit c - 'a' of split_finals_[f -
  // 'a'] set when one ends with c; all bits when one ends in a non-letter.
  uint32_t split_finals_[26] = {};
  size_t split_min_len_ = SIZE_MAX;
  size_t split_max_len_ = 0;
  size_t split_len_span_ = 0;  // split_max_len_ - split_min_len_ (wraps when there is none)
  // Bit L of [c & 31] set when a split word of L bytes (L < 64) starts with
  // byte c or its other ASCII case.
  uint64_t split_lengths_by_first_[32] = {};
  // Bit FoldHash(entry) % 4096 of each abbreviation, and the longest one.
  uint64_t abbrev_filter_[kFilterWords] = {};
  size_t abbrev_max_len_ = 0;
};

// Reads dir/abbreviations.txt, dir/sentence_starters.txt,
// dir/news_credits.txt and dir/token_splits.txt. A missing file is NotFound;
// a syntax error is BadConfig with file and line.
Result<Lexicon> LoadLexicon(const std::string& dir);

// Builds a lexicon from the four files' texts (names used in messages).
Result<Lexicon> LexiconFromTexts(std::string_view abbreviations, std::string_view starters,
                                 std::string_view news_credits, std::string_view token_splits);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_LEXICON_H_
