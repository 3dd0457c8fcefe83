// relgraph::annotate tagger internals: the parts of a Tagger model and the
// decoding loop, shared by tagger.cc (loading, saving, run-time tagging) and
// tagger_train.cc (which builds models). Not part of the public API.

#ifndef RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_
#define RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "src/annotate/tagger.h"
#include "src/annotate/tagger_features.h"

namespace relgraph::annotate {

// What the run-time tagger derives from one pass's weight table when a model
// is loaded, so that most of a token's score is a few row additions instead
// of ~40 hashed lookups. Every row is the exact sum of the weights of the
// features it stands for (sums of int8 weights cannot overflow int16, so any
// grouping gives the same scores as summing the features one by one).
struct PassRows {
  // For each frequent word r (LexEntry::row = r + 1), kMaxClasses int16 at
  // [r * kMaxClasses]: the word's own features (not first in the sentence).
  // (About 5-15% of them do not fit int8; int8 rows where they fit, with an
  // index saying which, were 3% slower in paired runs than int16 for all.)
  tagger_internal::BigVector<int16_t> word;
  // For the first role_words of them also their features as each neighbour
  // role (Role order), as int8 (a neighbour has few features: its rows fit,
  // and role_words stops before the first word whose rows would not).
  tagger_internal::BigVector<int8_t> role[tagger_internal::kNumRoles];
  uint32_t role_words = 0;
  // The sentence boundary in each role (when boundary_rows: they fit int8).
  tagger_internal::BigVector<int8_t> boundary;  // kNumRoles rows
  bool boundary_rows = false;
  // Payloads (WeightTable::Find) of the tag-only templates, indexed by tag:
  // class id, or num_classes for the sentence boundary; pairs by
  // a * (num_classes + 1) + b.
  std::vector<uint32_t> prev_tag, prev2_tag, prev_tags_pair;
  std::vector<uint32_t> right_tag, right2_tag, right_tags_pair, prev_tag_right_tag, own_tag;
  bool empty() const { return prev_tag.empty(); }
};

// The WordInfo and rows (PassRows::word and PassRows::role, for both
// passes) of the words that PassRows lacks, computed the second time a word
// is seen and kept for the rest of the model's life: names and news words
// that the treebank's frequent words lack recur within a corpus, and a
// cached word costs a row instead of ~20 hashed lookups. The first word of
// a sentence (whose features differ) has entries of its own. The rows are
// exactly what the lookups would add, so tags do not depend on what is
// cached.
//
// Like RE2's DFA cache, it is mutable state inside a const object that
// threads share: Find() takes no lock (an entry is complete before the
// release store that publishes its slot), Insert() takes a mutex. It holds
// at most its capacity of words (1.7 KB each; 16384 by default); after
// that, new words are scored feature by feature as before.
class WordRowCache {
 public:
  static constexpr uint32_t kDefaultCapacity = uint32_t{1} << 14;
  // `capacity` (a power of two, at most 2^15) entries at most.
  explicit WordRowCache(uint32_t capacity = kDefaultCapacity);
  ~WordRowCache();
  WordRowCache(const WordRowCache&) = delete;
  WordRowCache& operator=(const WordRowCache&) = delete;

  // Empties the cache. Not thread-safe: for loading and training.
  void Clear();
  // How many entries it holds.
  uint32_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return size_;
  }
  // 1 + the entry of `key` (a FoldedFormKey), or 0 when it has none.
  uint32_t Find(uint64_t key) const {
    const uint64_t tag = key & ~kIdMask;
    if (tag == 0) return 0;
    for (size_t i = key & slot_mask_;; i = (i + 1) & slot_mask_) {
      const uint64_t s = slots_[i].load(std::memory_order_acquire);
      if (s == 0) return 0;
      if ((s & ~kIdMask) == tag) return static_cast<uint32_t>(s & kIdMask);
    }
  }
  // Starts loading the slot where Find(key) starts looking.
  void Prefetch(uint64_t key) const { __builtin_prefetch(&slots_[key & slot_mask_]); }
  // Called on a miss: returns 0 the first time `key` is seen (so that words
  // seen once take no room), else fills a new entry with fill(&entry)
  // and returns 1 + its index, or 0 when the cache is full.
  template <typename Fill>
  uint32_t Insert(uint64_t key, Fill&& fill);

  struct Entry {
    // For pass p: the word's own row, and its row in each neighbour role
    // (unless info.no_role_rows: a value did not fit int8).
    alignas(64) int16_t word[2][tagger_internal::kMaxClasses];
    int8_t role[2][tagger_internal::kNumRoles][tagger_internal::kMaxClasses];
    tagger_internal::WordInfo info;
  };
  const Entry& entry(uint32_t id) const { return EntryOf(id); }

 private:
  // Entries are allocated about 2 MB at a time, as huge pages (one page
  // fault a block instead of hundreds), and are not zeroed: an entry is
  // written in full before it is published.
  static constexpr uint32_t kBlock = static_cast<uint32_t>((size_t{2} << 20) / sizeof(Entry));
  struct BlockDeleter {
    void operator()(Entry* p) const { tagger_internal::HugePageAllocator<int16_t>::FreeBig(p, 0); }
  };
  // A slot holds the key's bits above kIdMask and 1 + the entry index.
  static constexpr uint64_t kIdMask = (uint64_t{1} << 16) - 1;
  static constexpr size_t kSeen = size_t{1} << 16;

  const Entry& EntryOf(uint32_t id) const { return blocks_[(id - 1) / kBlock].get()[(id - 1) % kBlock]; }

  std::unique_ptr<std::atomic<uint64_t>[]> slots_;
  // Per hash bucket, a fingerprint of the last key seen once.
  std::unique_ptr<std::atomic<uint32_t>[]> seen_;
  std::vector<std::unique_ptr<Entry, BlockDeleter>> blocks_;  // allocated as needed
  uint32_t capacity_;
  uint64_t slot_mask_;
  mutable std::mutex mu_;
  uint32_t size_ = 0;  // guarded by mu_
};

template <typename Fill>
uint32_t WordRowCache::Insert(uint64_t key, Fill&& fill) {
  if ((key & ~kIdMask) == 0) return 0;
  std::atomic<uint32_t>& seen = seen_[(key >> 24) & (kSeen - 1)];
  const auto fingerprint = static_cast<uint32_t>(key >> 40) | 1;
  if (seen.load(std::memory_order_relaxed) != fingerprint) {
    seen.store(fingerprint, std::memory_order_relaxed);
    return 0;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (const uint32_t id = Find(key)) return id;  // another thread was first
  if (size_ >= capacity_) return 0;
  if (size_ % kBlock == 0) {
    blocks_[size_ / kBlock].reset(
        static_cast<Entry*>(tagger_internal::HugePageAllocator<int16_t>::AllocateBig(kBlock * sizeof(Entry))));
  }
  Entry& e = *new (blocks_[size_ / kBlock].get() + size_ % kBlock) Entry;
  fill(&e);
  const uint32_t id = ++size_;
  size_t i = key & slot_mask_;
  while (slots_[i].load(std::memory_order_relaxed) != 0) i = (i + 1) & slot_mask_;
  slots_[i].store((key & ~kIdMask) | id, std::memory_order_release);
  return id;
}

struct Tagger::Model {
  std::vector<PosTag> classes;           // class id -> (UPOS, XPOS)
  tagger_internal::Lexicon lexicon;      // word forms -> ambiguity class, candidates, ...
  tagger_internal::WeightTable stage1;   // left-to-right pass
  tagger_internal::WeightTable stage2;   // second pass, sees stage 1's right tags
  bool two_pass = true;
  // Pass 2 rescores only the words whose pass-1 margin (best minus second
  // best score, in real weight units) is below this; 0 rescores all.
  float pass2_margin = 0;
  // Frequent words whose rows are precomputed at load time (PassRows;
  // LexEntry::row points here).
  std::vector<std::string> frequent_words;
  PassRows rows1, rows2;
  std::vector<tagger_internal::WordInfo> row_infos;  // their WordInfo at position 1
  // The other words' WordInfo and rows, as they are met (WordInfo::dyn).
  mutable WordRowCache word_cache;
  // Fills rows1/rows2, row_infos and the lexicon's row indices from
  // frequent_words and the weight tables.
  void PrecomputeRows();

  // Decodes one sentence whose WordInfo is computed: writes pass 1's class
  // ids to pass1[0..n) and the final ones to out[0..n) (the same as pass1 for
  // a one-pass model). `fast` uses the precomputed rows (when there are
  // any); the tags are the same either way.
  void Decode(const tagger_internal::WordInfo* info, size_t n, uint16_t* pass1, uint16_t* out,
              bool fast = true) const;
  // One pass with `table`; right = nullptr for pass 1. When `margins` is
  // not null, pass 1 writes each word's margin there and pass 2 skips the
  // words whose margin is at least pass2_margin (keeping right[i]). `rows`
  // (may be null: every feature is looked up) are `table`'s PassRows.
  void DecodePass(const tagger_internal::WeightTable& table, const PassRows* rows,
                  const tagger_internal::WordInfo* info, size_t n, const uint16_t* right,
                  uint16_t* out, int32_t* margins = nullptr) const;

  // Computes the WordInfo of words normalised by tagger_internal::
  // NormalizeToken and decodes them into class ids in out[0..words.size()).
  void TagNormalized(std::span<const std::string_view> words, uint16_t* out,
                     bool fast = true) const;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_TAGGER_MODEL_H_
