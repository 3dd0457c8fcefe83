// relgraph::annotate tagger internals: word normalisation, hashed features,
// the word lexicon and the compact weight table shared by the run-time
// Tagger (tagger.cc) and its trainer (tagger_train.cc).
//
// Not part of the public API: include tagger.h instead. Everything here works
// on 64-bit hashes of byte strings, so feature extraction builds no strings:
// each word's hashes (form, lower case, prefixes, suffixes, shape, last part
// of a hyphenated word) are computed once per token into a WordInfo, and a
// feature key is a mix of a template id with one or two of those hashes.
//
//   Lexicon lex = ...;                       // from the model file
//   std::vector<WordInfo> info(n);
//   for (i...) ComputeWordInfo(words[i], i, lex, &scratch, &info[i]);
//   SetSentenceShape(info.data(), n);
//   Features f;
//   ExtractFeatures(info.data(), n, i, left_tags, right_tags, &f);
//   alignas(32) int16_t scores[kMaxClasses];
//   table.Score(f.keys, f.n, scores);        // then BestClass(scores, ...)

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_FEATURES_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_FEATURES_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace relgraph::annotate::tagger_internal {

// An allocator for the model's big tables: blocks of 1 MB or more are
// 2 MB-aligned and marked for transparent huge pages (Linux), to spare the
// TLB misses of random lookups; smaller ones are plain.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocator rebinding
  T* allocate(size_t n) { return static_cast<T*>(AllocateBig(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeBig(p, n * sizeof(T)); }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
  static void* AllocateBig(size_t bytes);
  static void FreeBig(void* p, size_t bytes);
};
template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

// Classes are (UPOS, XPOS) pairs; 128 is enough for UD English (EWT has 102).
inline constexpr int kMaxClasses = 128;
// Class id used for "no tag" (sentence boundaries) in tag-context features.
inline constexpr uint32_t kBoundaryTag = 0xFFFF;
inline constexpr size_t kMaxFeatures = 64;
inline constexpr int kNumSuffixes = 5;
inline constexpr int kNumPrefixes = 3;

// ---------------------------------------------------------------- hashing

inline uint64_t Finalize(uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  x ^= x >> 31;
  return x;
}
// One byte step of FNV-1a (64-bit).
inline uint64_t HashStep(uint64_t h, unsigned char c) {
  return (h ^ c) * 0x100000001B3ULL;
}
inline constexpr uint64_t kHashSeed = 0xCBF29CE484222325ULL;
inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = kHashSeed;
  for (char c : s) h = HashStep(h, static_cast<unsigned char>(c));
  return Finalize(h ^ s.size());
}
// Feature key of template `t` with value `v` (and optionally a second value):
// one multiply and a shift, since the values are hashes already or small
// integers (tags, flags). Injective in (t, v); the low bits pick the table
// slot and the high bits tell stored features apart.
inline uint64_t Key(uint32_t t, uint64_t v) {
  uint64_t x = (v + 0x9E3779B97F4A7C15ULL * (static_cast<uint64_t>(t) + 1)) * 0xD6E8FEB86659FD93ULL;
  return x ^ (x >> 32);
}
inline uint64_t Key(uint32_t t, uint64_t v, uint64_t w) {
  return Key(t, v * 0xC2B2AE3D27D4EB4FULL + w);
}

// ------------------------------------------------------------ normalising

// Writes the tagger's view of a token into *out: typographic apostrophes
// and quotes become ASCII (’s -> 's, “ -> "), dashes become "-" or "--",
// the ellipsis becomes "...", a list bullet (• ‣ ● ▪ ◦) "*". Everything
// else is copied.
void NormalizeToken(std::string_view in, std::string* out);

// ASCII lower case of `in` into *out (UTF-8 bytes >= 0x80 are kept).
void LowerAscii(std::string_view in, std::string* out);

// True when `s` has an ASCII letter and all its ASCII letters are upper case
// ("U.S.", "NATO"); IsTitle: first letter upper case, some later letter lower.
bool IsAllCaps(std::string_view s);
bool IsTitle(std::string_view s);

// The lexicon key of a normalised word: digits folded to 0, lower-cased
// (and salted with kLowerSalt) when `lower` is set.
uint64_t FormKey(std::string_view word, bool lower);

// ---------------------------------------------------------------- lexicon

// What the model knows about a word form, keyed by HashBytes of the form
// (exact spelling) or, with kLowerSalt mixed in, of its lower-case spelling.
struct LexEntry {
  uint64_t key = 0;
  uint32_t amb = 0;        // hash of the word's ambiguity class; 0 = unknown
  uint16_t cand = 0;       // index into the candidate sets (0: for words the lexicon lacks)
  uint16_t cluster = 0;    // distributional cluster + 1; 0 = none
  int16_t fixed = -1;      // the class of a frequent unambiguous word, or -1
  uint8_t wn = 0;          // WordNet categories (bits, see kWn*)
  uint8_t flags = 0;       // kLexMostlyLower, ...
  // Not stored in the model file (written as 0): 1 + index of the word's
  // precomputed row of word-feature scores, set when a model is loaded.
  uint32_t row = 0;
};
inline constexpr uint8_t kLexMostlyLower = 1;  // usually written in lower case
// Bits 1-2 of flags: how the word is written in running text (treebank and
// raw news), not counting sentence-initial positions.
inline constexpr uint8_t kLexCaseShift = 1;
inline constexpr uint8_t kLexCaseMask = 3 << kLexCaseShift;
inline constexpr uint8_t kCaseUnseen = 0, kCaseCapital = 1, kCaseMixed = 2, kCaseLower = 3;
inline constexpr uint64_t kLowerSalt = 0x5A17ED5A17ED5A17ULL;
// WordInfo::cand of an unknown word with no ASCII letter or digit: no
// candidate set (every class), whatever set 0 allows.
inline constexpr uint16_t kAnyClass = 0xFFFF;

// The highest class of a candidate set (bit c = class c), or -1 when it is
// empty.
inline int HighestClass(const std::array<uint64_t, 2>& set) {
  if (set[1] != 0) return 127 - std::countl_zero(set[1]);
  return set[0] != 0 ? 63 - std::countl_zero(set[0]) : -1;
}

// An open-addressing hash table of LexEntry (power-of-two size, key 0 free).
class Lexicon {
 public:
  // Builds the table from entries with distinct non-zero keys.
  void Build(const std::vector<LexEntry>& entries);
  const LexEntry* Find(uint64_t key) const {
    if (slots_.empty()) return nullptr;
    size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      const LexEntry& e = slots_[i];
      if (e.key == key) return &e;
      if (e.key == 0) return nullptr;
    }
  }
  LexEntry* FindMutable(uint64_t key) { return const_cast<LexEntry*>(std::as_const(*this).Find(key)); }
  const BigVector<LexEntry>& slots() const { return slots_; }
  BigVector<LexEntry>* mutable_slots() { return &slots_; }
  // Candidate sets: bit c of set s says class c is allowed; an empty set
  // allows every class. Set 0 is for the words the lexicon lacks.
  std::vector<std::array<uint64_t, 2>> cand_sets;
  // The set of index `cand`, or nullptr when it allows every class.
  const std::array<uint64_t, 2>* CandidatesOf(uint16_t cand) const {
    if (cand >= cand_sets.size()) return nullptr;
    const auto& set = cand_sets[cand];
    return (set[0] | set[1]) != 0 ? &set : nullptr;
  }
  // m when set `cand` holds exactly the first m classes (m > 0), else 0;
  // valid after IndexCandidates().
  int PrefixOf(uint16_t cand) const { return cand < cand_prefix_.size() ? cand_prefix_[cand] : 0; }
  void IndexCandidates();
  // LexEntry::row of `key` from a small table of the entries that have one
  // (the frequent words: most tokens), which stays in the processor's cache;
  // 0 when the key has no row. IndexRows() fills that table with (key, row)
  // pairs (non-zero keys and rows; a repeated key keeps the last row).
  uint32_t FindRow(uint64_t key) const {
    if (rows_.empty()) return 0;
    const size_t mask = rows_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      const RowSlot& r = rows_[i];
      if (r.key == key) return r.row;
      if (r.key == 0) return 0;
    }
  }
  // Starts loading the slot where FindRow(key) starts looking.
  void PrefetchRow(uint64_t key) const {
    if (!rows_.empty()) __builtin_prefetch(&rows_[key & (rows_.size() - 1)]);
  }
  void IndexRows(const std::vector<std::pair<uint64_t, uint32_t>>& rows);

 private:
  BigVector<LexEntry> slots_;
  std::vector<uint8_t> cand_prefix_;
  struct RowSlot {
    uint64_t key = 0;
    uint32_t row = 0;
  };
  std::vector<RowSlot> rows_;
};

// ------------------------------------------------------------- word info

// Flags of a token in WordInfo::flags.
inline constexpr uint8_t kFirst = 1;       // first token of the sentence
inline constexpr uint8_t kTitle = 2;       // Capitalised
inline constexpr uint8_t kAllCaps = 4;     // ALL CAPS
inline constexpr uint8_t kHasDigit = 8;
inline constexpr uint8_t kHasHyphen = 16;  // an inner hyphen: "well-known"
inline constexpr uint8_t kHasLower = 32;
inline constexpr uint8_t kAuxLike = 64;    // a form of be, have or get

// The first 64 bytes (one cache line: the struct is 64-byte aligned) hold
// what decoding reads of a word whose feature rows are precomputed or cached
// (see CopyDecodedPart); the rest is read only to compute features.
struct alignas(64) WordInfo {
  uint64_t lower = 0;   // digits folded, lower case
  uint64_t suf[kNumSuffixes] = {};
  uint32_t amb = 0;         // from the exact form's lexicon entry
  uint16_t cand = 0;
  int16_t fixed = -1;
  uint8_t flags = 0;
  uint8_t length = 0;       // byte length, capped at 255
  uint8_t case_class = 0;   // kCase* of the lower-case form
  // Set only in the tagger's WordRowCache entries whose neighbour rows do not
  // fit int8 (then the word's neighbour features are looked up one by one).
  uint8_t no_role_rows = 0;
  uint32_t row = 0;         // LexEntry::row of the exact form
  // -- end of the decoded part
  uint64_t form = 0;    // digits folded to 0, case kept
  uint64_t pre[kNumPrefixes] = {};
  uint64_t shape = 0;
  uint64_t last_part = 0;   // lower case of the part after the last hyphen
  uint32_t amb_lower = 0;   // from the lower-case form's entry
  uint32_t amb_part = 0;    // the last hyphen part's ambiguity class
  uint16_t cluster = 0;
  uint8_t wn = 0;
  uint8_t sentence = 0;     // SentenceShape() of the whole sentence
  // Not computed here: the tagger's WordRowCache entry of a word without a
  // row (1 + index; 0 = none).
  uint32_t dyn = 0;
};
inline constexpr size_t kDecodedPart = 64;
static_assert(offsetof(WordInfo, row) + sizeof(uint32_t) <= kDecodedPart);

// Sets kFirst in w->flags for a word at `position`: the one thing that
// differs between a word's WordInfo at position 0 and elsewhere.
inline void SetPosition(size_t position, WordInfo* w) {
  w->flags = static_cast<uint8_t>((w->flags & ~kFirst) | (position == 0 ? kFirst : 0));
}

// *out = the WordInfo of a word at `position`, given its WordInfo at
// position 1.
inline void WordInfoAt(const WordInfo& at_one, size_t position, WordInfo* out) {
  *out = at_one;
  SetPosition(position, out);
}

// WordInfoAt() of the decoded part only (the first kDecodedPart bytes): all
// that decoding reads of a word whose word and neighbour rows it takes whole
// (precomputed or cached). The rest of *to is left as it was; sentence and
// dyn are set afterwards anyway.
inline void CopyDecodedPart(const WordInfo& from, size_t position, WordInfo* to) {
  std::memcpy(static_cast<void*>(to), &from, kDecodedPart);
  SetPosition(position, to);
}

// HashBytes() of `word` with its digits folded to 0: WordInfo::form, which
// finds a word's precomputed row (Lexicon::FindRow).
inline uint64_t FoldedFormKey(std::string_view word) {
  uint64_t h = kHashSeed;
  for (char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    h = HashStep(h, c >= '0' && c <= '9' ? static_cast<unsigned char>('0') : c);
  }
  return Finalize(h ^ word.size());
}

// Sets WordInfo::sentence of all n words: 1 when most cased words are
// capitalised (a Title Case headline), 2 when most are ALL CAPS, else 0.
void SetSentenceShape(WordInfo* words, size_t n);

// Computes the WordInfo of the normalised token `word` (see NormalizeToken)
// at `position` in its sentence. `lex` may be empty (training of the
// lexicon-free parts). `scratch` is reused between calls to avoid allocation.
// `cache`, when not null, holds the WordInfo of the words with a lexicon
// row (at position 1, indexed by row - 1): those are copied, not recomputed.
void ComputeWordInfo(std::string_view word, size_t position, const Lexicon& lex,
                     std::string* scratch, WordInfo* out, const WordInfo* cache = nullptr);

// Feature templates. The numbers are part of the model format: changing one
// changes every key, so a model must be retrained after editing this list.
enum Template : uint32_t {
  kBias = 1,
  kLower,
  kForm,
  kSuffix,        // + k (1..5): kSuffix .. kSuffix+4
  kPrefix = 10,   // + k (1..3)
  kShape = 15,
  kFlags,
  kAmb,
  kAmbLower,
  kWordNet,
  kCluster,
  kLength,
  kLastPart,
  kAmbPart,
  kPrevWord = 30,
  kNextWord,
  kPrev2Word,
  kNext2Word,
  kPrevSuffix,
  kNextSuffix,
  kNextAmb,
  kNext2Amb,
  kPrevAmb,
  kNextCluster,
  kPrevCluster,
  kWordNextWord,
  kPrevWordWord,
  kNextShape,
  kCaseClass,
  kSentenceShape,
  kLeftAux,
  kPrevTag = 50,
  kPrev2Tag,
  kPrevTagsPair,
  kPrevTagWord,
  kPrevTagSuffix,
  kPrevTagAmb,
  kAmbNextAmb,
  kRightTag = 70,
  kRight2Tag,
  kRightTagsPair,
  kPrevTagRightTag,
  kRightTagWord,
  kOwnTag,
  kRightTagAmb,
  kOwnTagAmbNext,
  kNumTemplates = 128,  // every template id is below this
};

// Feature keys of one token (at most kMaxFeatures of int8 weights: their
// sum fits in 16 bits).
struct Features {
  uint64_t keys[kMaxFeatures];
  size_t n = 0;
  void Add(uint64_t key) { keys[n++] = key; }
};

// The features of token i fall in groups that the run-time tagger sums in
// different ways (tagger.cc precomputes the first two for frequent words):
//   word:  the word alone (its spelling, affixes, shape, lexicon entries), the
//          same wherever it stands except first in a sentence;
//   roles: each neighbour (i-1, i-2, i+1, i+2) alone, or the sentence
//          boundary when there is none;
//   joint: two words together, a word with a tag, the nearest auxiliary, the
//          sentence's shape;
//   tags:  tags alone (kPrevTag ... kOwnTag), at most two class ids each.
enum class Role { kPrev1, kPrev2, kNext1, kNext2 };
inline constexpr int kNumRoles = 4;
void AddWordFeatures(const WordInfo& w, Features* f);
// `w` is the neighbour in that role, or nullptr at the sentence boundary.
void AddRoleFeatures(Role role, const WordInfo* w, Features* f);
// left[j] for j < i are the tags decided so far in this pass; right[j]
// (pass 2 only; nullptr in pass 1) are the first pass's tags.
void AddJointFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                      const uint16_t* right, Features* f);
// AddJointFeatures() in two parts (together the same keys): those that do
// not depend on the tags decided in this pass, and those that do (the
// previous tag with the word, its suffix, its ambiguity class).
void AddJointStaticFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* right,
                            Features* f);
void AddJointLeftFeatures(const WordInfo* words, size_t i, const uint16_t* left, Features* f);
void AddTagFeatures(size_t n, size_t i, const uint16_t* left, const uint16_t* right,
                    Features* f);

// All the features of token i (at most kMaxFeatures), in the order above.
void ExtractFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                     const uint16_t* right, Features* f);

// ------------------------------------------------------------ weights

// The averaged weights of one stage: for each feature key a run of
// (class, quantised weight) entries. Weights are int8 values (-127..127):
// the trainer scales each table so that its largest weight is 127, which
// puts 64 classes of a dense row in one 64-byte cache line (most words read
// 48). Scores are int16 sums; a token has at most kMaxFeatures features, so
// no sum can overflow. Rows that add up several features' weights (PassRows,
// the word cache) are int16 for a word's own features and int8 for its
// features as a neighbour (few, whose sums fit: see PassRows). On the EWT
// test split the retrained int8 model scores within 0.1 point of the int16
// weights it replaced. Features with many entries (the bias, tag contexts,
// frequent words and suffixes: few, but most of the lookups) are kept as
// dense rows of kMaxClasses weights, added with vector instructions; the
// rest stay sparse.
struct WeightEntry {
  uint16_t cls;
  int16_t w;  // -kMaxWeight..kMaxWeight
};
inline constexpr int kMaxWeight = 127;
inline constexpr uint32_t kDenseMinEntries = 4;
// Rows one token's score can add: a row per feature plus precomputed ones.
inline constexpr size_t kMaxRows = kMaxFeatures + 8;

// Where the weights of one token's features are, gathered before they are
// added up (so that the memory loads of all of them overlap): int16 rows
// (sums of several features' weights) and int8 rows (one feature's).
struct Gathered {
  const int16_t* rows[kMaxRows];
  const int8_t* rows8[kMaxRows];
  uint32_t sparse[kMaxFeatures + 16];
  size_t num_rows = 0, num_rows8 = 0, num_sparse = 0;
  // How many classes (from the first) the token reads of each row, which
  // says how many cache lines of a row to prefetch.
  int classes = kMaxClasses;
  void AddRow(const int16_t* row) { rows[num_rows++] = row; }
  void AddRow8(const int8_t* row) { rows8[num_rows8++] = row; }
};
// Start loading the cache lines of a 64-byte-aligned row of which the first
// `classes` will be read (at most two lines: 32 or 64 classes a line).
inline void PrefetchRow(const int16_t* row, int classes) {
  __builtin_prefetch(row);
  if (classes > 32) __builtin_prefetch(row + 32);
}
inline void PrefetchRow(const int8_t* row, int classes) {
  __builtin_prefetch(row);
  if (classes > 64) __builtin_prefetch(row + 64);
}
// to[0..kMaxClasses) = from[0..kMaxClasses) when every value fits int8;
// returns false (to unspecified) when one does not.
bool NarrowRow(const int16_t* from, int8_t* to);

class WeightTable {
 public:
  // Builds the table from features sorted by key, each with its entries
  // (at most 2^21 sparse entries and 2^25 dense rows; weights within
  // -kMaxWeight..kMaxWeight). `scale` is what real weights were multiplied by
  // before rounding.
  void Build(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& begins,
             std::vector<WeightEntry> entries, float scale);

  // The payload of `key` (where its weights are), or 0 when the table lacks it.
  uint32_t Find(uint64_t key) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = key & mask;; i = (i + 1) & mask) {
      const uint64_t s = slots_[i];
      if (s == 0) return 0;
      if (((s ^ key) & ~kPayloadMask) == 0) return static_cast<uint32_t>(s & kPayloadMask);
    }
  }
  // Notes the weights of a payload from Find() (0: none) in *g.
  void Add(uint32_t payload, Gathered* g) const {
    if (payload == 0) return;
    if (payload & kDenseBit) {
      const int8_t* row = dense_.data() + (payload & ~kDenseBit) * static_cast<size_t>(kMaxClasses);
      PrefetchRow(row, g->classes);
      g->AddRow8(row);
    } else {
      __builtin_prefetch(entries_.data() + (payload >> 4));
      g->sparse[g->num_sparse++] = payload;
    }
  }
  // Starts loading the slot of `key` into the cache (Find() will need it).
  void Prefetch(uint64_t key) const { __builtin_prefetch(&slots_[key & (slots_.size() - 1)]); }
  // Looks up n keys (at most kMaxFeatures in all per Gathered).
  void AddKeys(const uint64_t* keys, size_t n, Gathered* g) const;
  // Writes the sum of everything in g into scores[0..kMaxClasses) (32-byte
  // aligned; classes without weights score 0). With max_chunks, only the
  // first max_chunks groups of 16 classes are certain to be summed.
  void Sum(const Gathered& g, int16_t* scores, int max_chunks = kMaxClasses / 16) const;
  // BestClass() among the classes of `cand` (not empty) of the scores Sum()
  // would write; it sums only the groups of 16 classes that cand reaches.
  int SumBestOf(const Gathered& g, const std::array<uint64_t, 2>& cand, int num_classes,
                int32_t* margin) const;
  // BestClass() (all classes allowed) of the scores Sum() would write, in
  // one step; num_classes is at most kMaxClasses.
  int SumBest(const Gathered& g, int num_classes, int32_t* margin) const;
  // scores = the sum of the weights of `keys` (AddKeys, then Sum).
  void Score(const uint64_t* keys, size_t n, int16_t* scores) const;

  // Features sorted by key with their entries, as Build() takes them: for
  // saving.
  void Export(std::vector<uint64_t>* keys, std::vector<uint32_t>* counts,
              std::vector<WeightEntry>* entries) const;

  size_t num_features() const { return keys_.size(); }
  float scale() const { return scale_; }
  bool empty() const { return keys_.empty(); }
  // Classes are scored in groups of 16; this many groups have weights.
  int chunks() const { return chunks_; }

 private:
  // A slot is 8 bytes, so that the table of a whole model stays small
  // enough for the processor's caches: the key's top 38 bits, then either
  // 1 | dense row (25 bits) or 0 | first entry (21 bits) | count (4 bits).
  // The slot is found by the key's low bits, so a stored feature is told
  // from another key by 38 + log2(table size) bits (a false match has a
  // probability near 2^-56 per lookup).
  static constexpr int kPayloadBits = 26;
  static constexpr uint64_t kPayloadMask = (uint64_t{1} << kPayloadBits) - 1;
  static constexpr uint32_t kDenseBit = uint32_t{1} << (kPayloadBits - 1);
  BigVector<uint64_t> slots_ = BigVector<uint64_t>(1, 0);
  BigVector<WeightEntry> entries_;
  BigVector<int8_t> dense_;  // rows of kMaxClasses
  std::vector<uint64_t> keys_;  // all features, sorted: for Export
  float scale_ = 1.0f;
  int chunks_ = kMaxClasses / 16;  // groups of 16 classes that have weights
};

// scores[0..kMaxClasses) = the sum of g's rows' first 16*chunks classes
// (int16 adds, vector instructions where the processor has them), 0 past
// them; g's sparse entries are not added. `scores` is 32-byte aligned.
void SumRows(int16_t* scores, const Gathered& g, int chunks);

// Best class among those allowed by candidate set `cand` (all when null),
// given scores[0..num_classes) (the lowest class wins ties); `scores` is
// 32-byte aligned and readable up to a multiple of 16 entries. When `margin`
// is not null it receives the best score minus the second best (a large
// value when there is one class).
int BestClass(const int16_t* scores, int num_classes, const std::array<uint64_t, 2>* cand,
              int32_t* margin = nullptr);

}  // namespace relgraph::annotate::tagger_internal

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_FEATURES_H_
