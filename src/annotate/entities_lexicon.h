// Internal to the annotate layer: the word lists of the entity annotator
// (roles and titles, organisation and document keywords, date and quantity
// words, stop words, given names), loaded from schemas/lexicon (format:
// schemas/lexicon/entity_lexicons.md) into one hash table keyed by the
// normalised token hash (Gazetteer::HashToken), so that each token costs one
// lookup.
//
//   auto lex = EntityLexicon::Load("schemas/lexicon", ontology);
//   if (!lex.ok()) return lex.status();          // file:line: reason
//   const WordInfo* w = lex->Find(Gazetteer::HashToken("Gen."));  // head, "General"
//
// Words are compared by their 64-bit normalised hash only (no string check):
// a false hit needs a hash collision with one of a few thousand words.

#ifndef RELGRAPH_SRC_ANNOTATE_ENTITIES_LEXICON_H_
#define RELGRAPH_SRC_ANNOTATE_ENTITIES_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/ontology.h"
#include "src/base/status.h"

namespace relgraph::annotate {

class Gazetteer;

// What a word can be; a word may be several things.
enum WordBit : uint64_t {
  kStop = 1ULL << 0,
  kRoleHead = 1ULL << 1,
  kRoleModifier = 1ULL << 2,
  kHonorific = 1ULL << 3,
  kRoleCap = 1ULL << 4,        // role or honorific use only when capitalised
  kRoleLowInner = 1ULL << 5,   // lower-case head only after another role word
  kKeyword = 1ULL << 6,        // see keyword_type / keyword_flags
  kMonth = 1ULL << 7,
  kWeekday = 1ULL << 8,
  kDayWord = 1ULL << 9,        // today, yesterday
  kDateUnit = 1ULL << 10,
  kDaypart = 1ULL << 11,
  kDeictic = 1ULL << 12,
  kOrdinal = 1ULL << 13,
  kPosition = 1ULL << 14,
  kDateCue = 1ULL << 15,
  kAgo = 1ULL << 16,
  kHalf = 1ULL << 17,
  kFiscal = 1ULL << 18,
  kNumberWord = 1ULL << 19,
  kScale = 1ULL << 20,
  kCurrency = 1ULL << 21,
  kPercent = 1ULL << 22,
  kPhraseStart = 1ULL << 23,   // first word of a multi-word quantity phrase
  kGivenName = 1ULL << 24,
  kComparator = 1ULL << 25,    // one-word comparator ("nearly")
  kVague = 1ULL << 26,         // one-word vague quantity ("dozens")
  kRoleDomain = 1ULL << 27,    // may follow "of/for" in a role: "for Foreign Affairs"
};
// The lexicon's table keeps a word's bits in 32 bits next to its key.
// The lexicon's table keeps a word's bits in 31 bits next to its key (bit
// 31 says whether the word starts a gazetteer name: MarkGazetteerStarts).
static_assert(kRoleDomain < (uint64_t{1} << 31), "WordBit values must stay below bit 31");

enum KeywordFlag : uint8_t {
  kKwDominant = 1,
  kKwLower = 2,
  kKwPrefix = 4,
  kKwAlone = 8,
};

// Everything the lists say about one word.
struct WordInfo {
  uint64_t bits = 0;
  std::string role_canonical;   // "General" for "gen."; "" = capitalise the word
  uint8_t keyword_type = 0;     // ontology index
  uint8_t keyword_flags = 0;    // KeywordFlag bits
  int8_t month = 0;             // 1-12
  int8_t weekday = 0;           // 1-7
  int8_t day_offset = 0;        // today 0, yesterday -1
  int8_t deictic = 0;           // this 0, last -1, next 1
  int8_t ordinal = 0;           // 1-4
  char unit = 0;                // D W E(weekend) M Y Q X(decade) H C
  char position = 0;            // e(arly) m(id) l(ate) E(arlier) L(ater)
  double number = 0;            // number words
  double scale = 0;             // scale words
  std::string currency;         // ISO code
  std::string comparator;       // one-word comparators and vague words: ">=", "~"
  double vague_value = 0;       // vague words: "dozens" 24
  std::vector<uint32_t> phrases;  // multi-word phrases starting here
};

// A multi-word quantity phrase: "at least", "per cent", "tens of thousands".
struct QuantityPhrase {
  std::vector<uint64_t> words;  // token hashes
  uint64_t cls = 0;             // kComparator, kPercent, kVague, kCurrency
  std::string comparator;       // for kComparator and kVague
  double value = 0;             // for kVague
  std::string currency;         // for kCurrency
};

class EntityLexicon {
 public:
  // Loads role_titles.tsv, entity_keywords.tsv, date_words.tsv,
  // quantity_words.tsv, entity_stopwords.txt and entity_given_names.txt from
  // `lexicon_dir`. kNotFound for a missing file; kBadConfig with file:line for
  // a wrong header, a wrong number of columns, an unknown class, flag or
  // entity type, or a value that does not parse.
  static Result<EntityLexicon> Load(const std::string& lexicon_dir, const Ontology& ontology);

  // The same from texts (for tests): each argument is a file's content.
  static Result<EntityLexicon> FromTexts(std::string_view roles, std::string_view keywords,
                                         std::string_view dates, std::string_view quantities,
                                         std::string_view stopwords, std::string_view given_names,
                                         const Ontology& ontology);

  // The word with this normalised token hash, or nullptr.
  const WordInfo* Find(uint64_t token_hash) const {
    const Slot* s = FindSlot(token_hash);
    return s != nullptr ? &words_[s->word] : nullptr;
  }
  // Find and its WordInfo::bits (0 when not found) in one probe that reads
  // only the table, not the WordInfo.
  const WordInfo* Find(uint64_t token_hash, uint64_t* bits) const {
    const Slot* s = FindSlot(token_hash);
    *bits = s != nullptr ? (s->bits & ~kSlotGazStart) : 0;
    return s != nullptr ? &words_[s->word] : nullptr;
  }
  // The same, and for a word found, *gaz_start = gazetteer.MayStartWith(
  // token_hash) for the gazetteer of the last MarkGazetteerStarts (false
  // when never marked); *gaz_start is untouched when the word is unknown.
  const WordInfo* Find(uint64_t token_hash, uint64_t* bits, bool* gaz_start) const {
    const Slot* s = FindSlot(token_hash);
    if (s == nullptr) {
      *bits = 0;
      return nullptr;
    }
    *bits = s->bits & ~kSlotGazStart;
    *gaz_start = (s->bits & kSlotGazStart) != 0;
    return &words_[s->word];
  }
  // Records for each word whether `gazetteer` has a name that starts with
  // it (see Find above), so that a caller that looks a token up in both
  // probes one table for the words of the lexicon; and fills one_byte().
  // Load-time work.
  void MarkGazetteerStarts(const Gazetteer& gazetteer);

  // What a token of one byte c hashes to and finds: its Gazetteer::HashToken,
  // Find(hash, &bits), the gazetteer's MayStartWith(hash) and whether the
  // folded byte is a letter or '-'.
  struct OneByte {
    uint64_t hash = 0;
    uint64_t bits = 0;
    uint32_t word = 0;  // 1 + index of the word found, 0 for none (see word_of)
    bool gaz_start = false, alpha = false, hyphen = false;
  };
  // 256 entries, indexed by the byte, after MarkGazetteerStarts; else null.
  const OneByte* one_byte() const { return one_byte_.empty() ? nullptr : one_byte_.data(); }
  // The word an entry found (Find's result), or nullptr.
  const WordInfo* word_of(const OneByte& o) const { return o.word == 0 ? nullptr : &words_[o.word - 1]; }
  // Starts loading the table slot of `token_hash` into the cache (a hint
  // for a Find that follows; no effect on results).
  void Prefetch(uint64_t token_hash) const { __builtin_prefetch(&slots_[Home(token_hash)]); }
  const QuantityPhrase& phrase(uint32_t i) const { return phrases_[i]; }
  size_t size() const { return words_.size(); }

 private:
  static Result<EntityLexicon> Build(const std::string* texts, const std::string* names,
                                     const Ontology& ontology);

  // Open addressing; key and word index side by side, so that a probe
  // loads one cache line.
  struct Slot {
    uint64_t key = 0;   // 0 = empty
    uint32_t word = 0;  // index into words_ (when key != 0)
    uint32_t bits = 0;  // words_[word].bits, and kSlotGazStart
  };
  static constexpr uint32_t kSlotGazStart = uint32_t{1} << 31;
  uint64_t Home(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask_; }
  const Slot* FindSlot(uint64_t key) const {
    uint64_t i = Home(key);
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == key) return &s;
      if (s.key == 0) return nullptr;
      i = (i + 1) & mask_;
    }
  }

  std::vector<WordInfo> words_;
  std::vector<Slot> slots_ = std::vector<Slot>(1);  // a default lexicon finds nothing
  uint64_t mask_ = 0;
  std::vector<QuantityPhrase> phrases_;
  std::vector<OneByte> one_byte_;  // 256 entries once marked
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_ENTITIES_LEXICON_H_
