// Model file format (version 3), all integers little-endian:
//
//   offset 0   8 bytes  magic "RGTAGGR\0"
//          8   uint32   format version (3: int8 weights; 2 had int16 weights)
//         12   uint32   byte-order mark 0x01020304
//         16   uint64   payload size in bytes
//         24   uint64   checksum of the payload (PayloadChecksum below)
//         32   payload:
//     uint32 number of classes, then per class: uint8 length + UPOS name,
//            uint8 length + XPOS name
//     uint8  two_pass (0 or 1)
//     float  pass2_margin (pass 2 rescores words with a smaller pass-1 margin)
//     uint32 number of candidate sets, then 2 x uint64 bits per set
//     uint64 number of lexicon entries, then 24-byte LexEntry records
//            (key u64, amb u32, cand u16, cluster u16, fixed i16, wn u8,
//             flags u8, pad u32), sorted by key
//     two weight tables (pass 1, pass 2), each:
//            float scale; uint64 number of features; keys (u64, sorted);
//            per-feature entry counts (u32); uint64 number of entries;
//            entries (class u16, weight i16 within -127..127); the
//            trainer chooses the scale so that the largest weight is 127

#include "src/annotate/tagger.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/annotate/tagger_model.h"
#include "src/annotate/tagger_treebank.h"
#include "src/base/concurrent.h"
#include "src/text/normalize.h"

namespace relgraph::annotate {

namespace ti = tagger_internal;

namespace {

constexpr char kMagic[8] = {'R', 'G', 'T', 'A', 'G', 'G', 'R', '\0'};
constexpr uint32_t kVersion = 3;
constexpr uint32_t kByteOrderMark = 0x01020304;
constexpr size_t kHeaderSize = 32;

static_assert(sizeof(ti::LexEntry) == 24, "LexEntry is written raw");

// A 64-bit checksum of the payload, 8 bytes a step (a CRC of a 12 MB model
// took a third of the load time): FNV-1a over little-endian words, then the
// tail bytes, then a final mix.
uint64_t PayloadChecksum(const char* data, size_t size) {
  uint64_t h = ti::kHashSeed ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = (h ^ w) * 0x100000001B3ULL;
    h ^= h >> 29;
  }
  for (; i < size; ++i) h = ti::HashStep(h, static_cast<unsigned char>(data[i]));
  return ti::Finalize(h);
}
static_assert(sizeof(ti::WeightEntry) == 4, "WeightEntry is written raw");

class Writer {
 public:
  template <typename T>
  void Put(const T& v) {
    const auto* p = reinterpret_cast<const char*>(&v);
    out_.append(p, sizeof(T));
  }
  template <typename T>
  void PutArray(const T* v, size_t n) {
    out_.append(reinterpret_cast<const char*>(v), n * sizeof(T));
  }
  void PutName(std::string_view s) {
    Put(static_cast<uint8_t>(s.size()));
    out_.append(s);
  }
  std::string& data() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  Reader(const char* data, size_t size) : data_(data), size_(size) {}
  template <typename T>
  bool Get(T* v) {
    if (size_ - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool GetArray(std::vector<T>* v, uint64_t n) {
    if (n > (size_ - pos_) / sizeof(T)) return false;
    v->resize(static_cast<size_t>(n));
    if (n > 0) std::memcpy(v->data(), data_ + pos_, static_cast<size_t>(n) * sizeof(T));
    pos_ += static_cast<size_t>(n) * sizeof(T);
    return true;
  }
  bool GetName(std::string* s) {
    uint8_t len = 0;
    if (!Get(&len) || size_ - pos_ < len) return false;
    s->assign(data_ + pos_, len);
    pos_ += len;
    return true;
  }
  // Moves past n values of type T without reading them.
  template <typename T>
  bool Skip(uint64_t n) {
    if (n > (size_ - pos_) / sizeof(T)) return false;
    pos_ += static_cast<size_t>(n) * sizeof(T);
    return true;
  }
  size_t pos() const { return pos_; }
  bool done() const { return pos_ == size_; }

 private:
  const char* data_;
  size_t size_;
  size_t pos_ = 0;
};

void PutTable(const ti::WeightTable& table, Writer* w) {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<ti::WeightEntry> entries;
  table.Export(&keys, &counts, &entries);
  w->Put(table.scale());
  w->Put(static_cast<uint64_t>(keys.size()));
  w->PutArray(keys.data(), keys.size());
  w->PutArray(counts.data(), counts.size());
  w->Put(static_cast<uint64_t>(entries.size()));
  w->PutArray(entries.data(), entries.size());
}

Status Corrupt(const std::string& path, const std::string& why, int64_t offset = -1) {
  Location where{path};
  where.byte_offset = offset;
  return Status(StatusCode::kBadConfig, "corrupt tagger model: " + why, where);
}

// Where a table that PutTable() wrote lies in the model's bytes, found by
// ReadTable() from its sizes alone, so that the two passes' tables can then
// be copied, checked and built at once (BuildTable).
struct TableBytes {
  float scale = 0;
  uint64_t nfeat = 0, total = 0;
  Reader keys{nullptr, 0};     // at the keys, which the counts follow
  Reader entries{nullptr, 0};  // at the entries
};

// Moves *r past the table at r into *t; false when the bytes end first.
bool ReadTable(Reader* r, TableBytes* t) {
  if (!r->Get(&t->scale) || !r->Get(&t->nfeat)) return false;
  t->keys = *r;
  if (!r->Skip<uint64_t>(t->nfeat) || !r->Skip<uint32_t>(t->nfeat) || !r->Get(&t->total)) return false;
  t->entries = *r;
  return r->Skip<ti::WeightEntry>(t->total);
}

bool BuildTable(const TableBytes& t, size_t num_classes, ti::WeightTable* table, std::string* why) {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<ti::WeightEntry> entries;
  // ReadTable() checked that the arrays are there.
  Reader at_keys = t.keys, at_entries = t.entries;
  at_keys.GetArray(&keys, t.nfeat);
  at_keys.GetArray(&counts, t.nfeat);
  at_entries.GetArray(&entries, t.total);
  std::vector<uint32_t> begins(keys.size());
  uint64_t sum = 0;
  for (size_t f = 0; f < keys.size(); ++f) {
    if (keys[f] == 0 || (f > 0 && keys[f] <= keys[f - 1])) {
      *why = "weight keys not sorted";
      return false;
    }
    begins[f] = static_cast<uint32_t>(sum);
    sum += counts[f];
  }
  if (sum != t.total) {
    *why = "weight counts do not add up";
    return false;
  }
  for (const ti::WeightEntry& e : entries) {
    if (e.cls >= num_classes) {
      *why = "weight for an unknown class";
      return false;
    }
    if (e.w < -ti::kMaxWeight || e.w > ti::kMaxWeight) {
      *why = "weight outside -127..127";
      return false;
    }
  }
  if (!(t.scale > 0)) {
    *why = "bad weight scale";
    return false;
  }
  table->Build(keys, begins, std::move(entries), t.scale);
  return true;
}

// Splits a run-time token the way the treebank tokenises: "violence-linked"
// -> "violence" "-" "linked". Returns false when the token stays whole.
bool SplitHyphenated(std::string_view w, std::vector<std::string_view>* parts) {
  parts->clear();
  if (w.size() < 3) return false;
  bool any_letter = false;
  size_t start = 0;
  for (size_t i = 0; i <= w.size(); ++i) {
    if (i == w.size() || w[i] == '-') {
      if (i == start) return false;  // empty part: "--", "-x", "x-"
      std::string_view part = w.substr(start, i - start);
      for (char c : part) {
        auto u = static_cast<unsigned char>(c);
        if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') any_letter = true;
      }
      if (!parts->empty()) parts->push_back("-");
      parts->push_back(part);
      start = i + 1;
    }
  }
  return any_letter && parts->size() > 1;
}

bool HasLetter(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') return true;
  }
  return false;
}

}  // namespace

// ------------------------------------------------------------------ Model

namespace {

// The weights of a token that do not depend on the tags of this pass
// (pass 2's right tags are known): precomputed rows where it can,
// looked-up features for the rest. DecodePass() runs its three steps a few
// tokens apart, so that the cache misses of several tokens overlap: Keys()
// computes the keys and starts loading their slots and the rows, Gather()
// looks the keys up (Add() starts loading their weights), and the sum comes
// last. With the left part (LeftGather) they add up to the same scores as
// ExtractFeatures() + Score().
//
// The left part depends on the tags of the two words before: when a word's
// tag is decided before the pass (a fixed word, or in pass 2 a word pass 1
// was sure of), the parts that need only decided tags move here, where their
// loads overlap with other tokens' instead of waiting for the tag before.
// Sums of int8 weights cannot overflow int16, so the order of the additions
// does not change a score.
inline constexpr uint8_t kKnownT1 = 1;  // the tag of word i-1 (or the boundary)
inline constexpr uint8_t kKnownT2 = 2;  // the tag of word i-2 (or the boundary)

struct StaticPart {
  ti::Features f;
  const int16_t* rows[1];
  const int8_t* rows8[ti::kNumRoles];
  uint32_t payloads[8];
  size_t num_rows = 0, num_rows8 = 0, num_payloads = 0;
  ti::Gathered g;

  // `classes_read`: how many classes (from the first) token i reads of each
  // row.
  // `cache` holds the word rows of words without one in `pass`; `pass_index`
  // is 0 for pass 1, 1 for pass 2. `known` (kKnownT1, kKnownT2) says which
  // of left[i - 1] and left[i - 2] are decided already.
  void Keys(const ti::WeightTable& table, const PassRows& pass, const WordRowCache& cache,
            int pass_index, size_t num_classes, const ti::WordInfo* info, size_t n, size_t i,
            const uint16_t* left, const uint16_t* right, uint8_t known, int classes_read) {
    constexpr size_t kWidth = ti::kMaxClasses;
    f.n = 0;
    num_rows = num_rows8 = num_payloads = 0;
    g.classes = classes_read;
    auto add_row = [&](const int16_t* row) __attribute__((always_inline)) {
      ti::PrefetchRow(row, classes_read);
      rows[num_rows++] = row;
    };
    auto add_row8 = [&](const int8_t* row) __attribute__((always_inline)) {
      ti::PrefetchRow(row, classes_read);
      rows8[num_rows8++] = row;
    };
    const ti::WordInfo& w = info[i];
    if (i > 0 && w.row != 0) {
      add_row(pass.word.data() + (w.row - 1) * kWidth);
    } else if (w.dyn != 0) {  // its WordInfo came from the cache: same flags
      add_row(cache.entry(w.dyn).word[pass_index]);
    } else {
      ti::AddWordFeatures(w, &f);
    }
    auto role = [&](ti::Role r, size_t j, bool inside) __attribute__((always_inline)) {
      const auto k = static_cast<size_t>(r);
      if (!inside) {
        if (pass.boundary_rows) {
          add_row8(pass.boundary.data() + k * kWidth);
        } else {
          ti::AddRoleFeatures(r, nullptr, &f);
        }
      } else if (info[j].row - 1 < pass.role_words) {  // row 0 wraps to "no"
        add_row8(pass.role[k].data() + (info[j].row - 1) * kWidth);
      } else if (info[j].dyn != 0 && !info[j].no_role_rows) {
        add_row8(cache.entry(info[j].dyn).role[pass_index][k]);
      } else {
        ti::AddRoleFeatures(r, &info[j], &f);
      }
    };
    role(ti::Role::kPrev1, i - 1, i >= 1);
    role(ti::Role::kPrev2, i - 2, i >= 2);
    role(ti::Role::kNext1, i + 1, i + 1 < n);
    role(ti::Role::kNext2, i + 2, i + 2 < n);
    ti::AddJointStaticFeatures(info, n, i, right, &f);
    if (right != nullptr) {
      const size_t stride = num_classes + 1;
      const size_t r1 = i + 1 < n ? right[i + 1] : num_classes;
      const size_t r2 = i + 2 < n ? right[i + 2] : num_classes;
      payloads[num_payloads++] = pass.right_tag[r1];
      payloads[num_payloads++] = pass.right2_tag[r2];
      payloads[num_payloads++] = pass.right_tags_pair[r1 * stride + r2];
      payloads[num_payloads++] = pass.own_tag[right[i]];
    }
    if (known != 0) {
      const size_t stride = num_classes + 1;
      const size_t t1 = i >= 1 ? left[i - 1] : num_classes;
      const size_t t2 = i >= 2 ? left[i - 2] : num_classes;
      if (known & kKnownT1) {
        ti::AddJointLeftFeatures(info, i, left, &f);
        payloads[num_payloads++] = pass.prev_tag[t1];
        if (right != nullptr) {
          const size_t r1 = i + 1 < n ? right[i + 1] : num_classes;
          payloads[num_payloads++] = pass.prev_tag_right_tag[t1 * stride + r1];
        }
      }
      if (known & kKnownT2) payloads[num_payloads++] = pass.prev2_tag[t2];
      if (known == (kKnownT1 | kKnownT2)) payloads[num_payloads++] = pass.prev_tags_pair[t1 * stride + t2];
    }
    for (size_t k = 0; k < f.n; ++k) table.Prefetch(f.keys[k]);
  }

  void Gather(const ti::WeightTable& table) {
    g.num_rows = g.num_rows8 = g.num_sparse = 0;
    for (size_t r = 0; r < num_rows; ++r) g.AddRow(rows[r]);
    for (size_t r = 0; r < num_rows8; ++r) g.AddRow8(rows8[r]);
    for (size_t p = 0; p < num_payloads; ++p) table.Add(payloads[p], &g);
    table.AddKeys(f.keys, f.n, &g);
  }
};

// The rest of token i's weights, which depend on the tags decided before it
// in this pass, added to *g: what StaticPart::Keys() did not take (`known`).
void LeftGather(const ti::WeightTable& table, const PassRows& pass, size_t num_classes,
                const ti::WordInfo* info, size_t n, size_t i, const uint16_t* left,
                const uint16_t* right, uint8_t known, ti::Gathered* g) {
  const size_t stride = num_classes + 1;
  const size_t t1 = i >= 1 ? left[i - 1] : num_classes;
  const size_t t2 = i >= 2 ? left[i - 2] : num_classes;
  if (!(known & kKnownT1)) {
    ti::Features f;
    ti::AddJointLeftFeatures(info, i, left, &f);
    table.AddKeys(f.keys, f.n, g);
    table.Add(pass.prev_tag[t1], g);
    if (right != nullptr) {
      const size_t r1 = i + 1 < n ? right[i + 1] : num_classes;
      table.Add(pass.prev_tag_right_tag[t1 * stride + r1], g);
    }
  }
  if (!(known & kKnownT2)) table.Add(pass.prev2_tag[t2], g);
  if (known != (kKnownT1 | kKnownT2)) table.Add(pass.prev_tags_pair[t1 * stride + t2], g);
}

// A row of class scores for the vector code.
struct alignas(32) ScoreRow {
  int16_t v[ti::kMaxClasses];
};

// n default-initialised elements (trivially destructible), on the stack
// when n <= kSmall, else on the heap; only the first n are constructed.
template <typename T, size_t kSmall>
class StackOrHeap {
  static_assert(std::is_trivially_destructible_v<T>);

 public:
  explicit StackOrHeap(size_t n) {
    if (n > kSmall) {
      big_.resize(n);
      data_ = big_.data();
    } else {
      data_ = std::launder(reinterpret_cast<T*>(small_));
      std::uninitialized_default_construct_n(data_, n);
    }
  }
  StackOrHeap(const StackOrHeap&) = delete;
  StackOrHeap& operator=(const StackOrHeap&) = delete;
  T* data() { return data_; }

 private:
  alignas(T) unsigned char small_[kSmall * sizeof(T)];
  std::vector<T> big_;
  T* data_ = nullptr;
};

}  // namespace

void Tagger::Model::DecodePass(const ti::WeightTable& table, const PassRows* rows,
                               const ti::WordInfo* info, size_t n, const uint16_t* right,
                               uint16_t* out, int32_t* margins) const {
  const int num = static_cast<int>(classes.size());
  const bool fast = rows != nullptr && !rows->empty();
  const int32_t skip_margin =
      margins != nullptr && right != nullptr && pass2_margin > 0
          ? static_cast<int32_t>(pass2_margin * table.scale())
          : INT32_MAX;
  // Pass 1's margins in pass 2's units, so that pass 2 compares directly.
  const double to_pass2 = static_cast<double>(stage2.scale()) / table.scale();
  auto note_margin = [&](size_t i, int32_t margin) {
    if (margins != nullptr && right == nullptr) {
      margins[i] = static_cast<int32_t>(std::min<double>(margin * to_pass2, INT32_MAX / 2));
    }
  };
  // Fixed words, and in pass 2 the words pass 1 was sure of, first: the
  // rest (`todo`) see them as left tags.
  StackOrHeap<uint32_t, 64> todo_buffer(n);
  uint32_t* todo = todo_buffer.data();
  size_t m = 0;
  for (size_t i = 0; i < n; ++i) {
    if (info[i].fixed >= 0) {
      out[i] = static_cast<uint16_t>(info[i].fixed);
      note_margin(i, INT32_MAX);
    } else if (right != nullptr && margins != nullptr && margins[i] >= skip_margin) {
      out[i] = right[i];
    } else {
      todo[m++] = static_cast<uint32_t>(i);
    }
  }
  if (!fast) {
    ti::Features f;
    alignas(32) int16_t scores[ti::kMaxClasses];
    for (size_t k = 0; k < m; ++k) {
      const size_t i = todo[k];
      int32_t margin = 0;
      ti::ExtractFeatures(info, n, i, out, right, &f);
      table.Score(f.keys, f.n, scores);
      out[i] = static_cast<uint16_t>(
          ti::BestClass(scores, num, lexicon.CandidatesOf(info[i].cand), &margin));
      note_margin(i, margin);
    }
    return;
  }
  // How many classes token i's argmax reads: most words may take the first
  // few classes only (the trainer's cand_chunks); -1 for another set.
  auto classes_of = [&](size_t i) {
    if (lexicon.CandidatesOf(info[i].cand) == nullptr) return num;
    const int prefix = lexicon.PrefixOf(info[i].cand);
    return prefix > 0 && prefix <= num ? prefix : -1;
  };
  StackOrHeap<int16_t, 64> classes_buffer(m);
  int16_t* num_read = classes_buffer.data();
  for (size_t k = 0; k < m; ++k) num_read[k] = static_cast<int16_t>(classes_of(todo[k]));
  // Which left tags each token's static part takes (kKnownT1, kKnownT2):
  // those of words decided above, i.e. not in `todo` (which ascends, so a
  // word j < i is in it only as one of the two entries before i's).
  StackOrHeap<uint8_t, 64> known_buffer(m);
  uint8_t* known = known_buffer.data();
  for (size_t k = 0; k < m; ++k) {
    const size_t i = todo[k];
    auto scored = [&](size_t j) {
      return (k >= 1 && todo[k - 1] == j) || (k >= 2 && todo[k - 2] == j);
    };
    known[k] = static_cast<uint8_t>((i < 1 || !scored(i - 1) ? kKnownT1 : 0) |
                                    (i < 2 || !scored(i - 2) ? kKnownT2 : 0));
  }
  // How many classes token k reads of each row.
  auto read = [&](size_t k) { return num_read[k] < 0 ? ti::kMaxClasses : int{num_read[k]}; };
  // Step 1: the sums of every token's static part, pipelined.
  StackOrHeap<ScoreRow, 64> partial_buffer(m);
  ScoreRow* partial = partial_buffer.data();
  constexpr size_t kAhead = 3;  // tokens between the pipeline's steps
  constexpr size_t kRing = 8;   // at least 2 * kAhead + 1
  StaticPart ring[kRing];
  for (size_t k = 0; k < m + 2 * kAhead; ++k) {
    if (k < m) {
      ring[k % kRing].Keys(table, *rows, word_cache, right == nullptr ? 0 : 1, classes.size(), info,
                           n, todo[k], out, right, known[k], read(k));
    }
    if (k >= kAhead && k - kAhead < m) ring[(k - kAhead) % kRing].Gather(table);
    if (k >= 2 * kAhead) {
      const size_t j = k - 2 * kAhead;
      const int c = num_read[j];
      table.Sum(ring[j % kRing].g, partial[j].v, c < 0 ? ti::kMaxClasses / 16 : (c + 15) / 16);
    }
  }
  // Step 2: left to right, each token's tag-dependent part.
  for (size_t k = 0; k < m; ++k) {
    const size_t i = todo[k];
    ti::Gathered g;
    g.classes = read(k);
    g.AddRow(partial[k].v);
    LeftGather(table, *rows, classes.size(), info, n, i, out, right, known[k], &g);
    int32_t margin = 0;
    const int c = num_read[k];
    if (c > 0) {
      out[i] = static_cast<uint16_t>(table.SumBest(g, c, &margin));
    } else {
      out[i] = static_cast<uint16_t>(
          table.SumBestOf(g, *lexicon.CandidatesOf(info[i].cand), num, &margin));
    }
    note_margin(i, margin);
  }
}

namespace {

// How many of the most frequent words also get rows for their features as
// neighbours (4 rows a pass, 2 KB a word): a neighbour is one of the first
// 3000 words three times in four in news text.
constexpr size_t kRoleRowWords = 3000;

// Writes `table`'s scores of the features `f` to `row` (through an aligned
// buffer: `row` need not be aligned).
void ScoreInto(const ti::WeightTable& table, const ti::Features& f, int16_t* row) {
  alignas(32) int16_t scores[ti::kMaxClasses];
  table.Score(f.keys, f.n, scores);
  std::memcpy(row, scores, sizeof(scores));
}

// The row PassRows::word holds for a word: the scores of its own features.
void ScoreWordRow(const ti::WeightTable& table, const ti::WordInfo& info, int16_t* row) {
  ti::Features f;
  ti::AddWordFeatures(info, &f);
  ScoreInto(table, f, row);
}

// The row PassRows::role (or, for info == nullptr, PassRows::boundary) holds
// for a word as the neighbour `role`, as int8; false when a value does not
// fit.
bool ScoreRoleRow(const ti::WeightTable& table, ti::Role role, const ti::WordInfo* info, int8_t* row) {
  ti::Features f;
  ti::AddRoleFeatures(role, info, &f);
  alignas(32) int16_t scores[ti::kMaxClasses];
  table.Score(f.keys, f.n, scores);
  return ti::NarrowRow(scores, row);
}

// Fills `rows` from `table` for the words of `infos` (row r is infos[r]).
void BuildPassRows(const ti::WeightTable& table, size_t num_classes,
                   const std::vector<ti::WordInfo>& infos, PassRows* rows) {
  constexpr size_t kWidth = ti::kMaxClasses;
  const size_t count = infos.size();
  const size_t role_words = std::min(count, kRoleRowWords);
  rows->word.assign(count * kWidth, 0);
  for (auto& r : rows->role) r.assign(role_words * kWidth, 0);
  rows->boundary.assign(ti::kNumRoles * kWidth, 0);
  rows->role_words = static_cast<uint32_t>(role_words);
  for (size_t r = 0; r < count; ++r) {
    ScoreWordRow(table, infos[r], rows->word.data() + r * kWidth);
    if (r >= rows->role_words) continue;
    for (int k = 0; k < ti::kNumRoles; ++k) {
      if (!ScoreRoleRow(table, static_cast<ti::Role>(k), &infos[r], rows->role[k].data() + r * kWidth)) {
        rows->role_words = static_cast<uint32_t>(r);
      }
    }
  }
  rows->boundary_rows = true;
  for (int k = 0; k < ti::kNumRoles; ++k) {
    rows->boundary_rows &= ScoreRoleRow(table, static_cast<ti::Role>(k), nullptr,
                                        rows->boundary.data() + static_cast<size_t>(k) * kWidth);
  }
  // Tag values as AddTagFeatures() keys them: class ids, then the boundary.
  const size_t values = num_classes + 1;
  auto tag = [&](size_t v) -> uint64_t { return v < num_classes ? v : ti::kBoundaryTag; };
  auto singles = [&](uint32_t t, std::vector<uint32_t>* out) {
    out->resize(values);
    for (size_t a = 0; a < values; ++a) (*out)[a] = table.Find(ti::Key(t, tag(a)));
  };
  auto pairs = [&](uint32_t t, std::vector<uint32_t>* out) {
    out->resize(values * values);
    for (size_t a = 0; a < values; ++a) {
      for (size_t b = 0; b < values; ++b) (*out)[a * values + b] = table.Find(ti::Key(t, tag(a), tag(b)));
    }
  };
  singles(ti::kPrevTag, &rows->prev_tag);
  singles(ti::kPrev2Tag, &rows->prev2_tag);
  pairs(ti::kPrevTagsPair, &rows->prev_tags_pair);
  singles(ti::kRightTag, &rows->right_tag);
  singles(ti::kRight2Tag, &rows->right2_tag);
  pairs(ti::kRightTagsPair, &rows->right_tags_pair);
  pairs(ti::kPrevTagRightTag, &rows->prev_tag_right_tag);
  singles(ti::kOwnTag, &rows->own_tag);
}

}  // namespace

void Tagger::Model::PrecomputeRows() {
  word_cache.Clear();
  lexicon.IndexCandidates();
  ti::BigVector<ti::LexEntry>& slots = *lexicon.mutable_slots();
  for (ti::LexEntry& e : slots) e.row = 0;
  std::string scratch;
  row_infos.assign(frequent_words.size(), ti::WordInfo());
  std::vector<std::pair<uint64_t, uint32_t>> row_keys;
  for (size_t r = 0; r < frequent_words.size(); ++r) {
    ti::WordInfo& info = row_infos[r];
    ti::ComputeWordInfo(frequent_words[r], 1, lexicon, &scratch, &info);
    ti::LexEntry* found = lexicon.FindMutable(ti::FormKey(frequent_words[r], false));
    if (found != nullptr) {
      found->row = static_cast<uint32_t>(r + 1);
      row_keys.emplace_back(found->key, found->row);
    }
    info.row = static_cast<uint32_t>(r + 1);
  }
  lexicon.IndexRows(row_keys);
  if (two_pass) {
    // One pass's rows here, the other's on a second thread.
    RunBoth([&] { BuildPassRows(stage1, classes.size(), row_infos, &rows1); },
            [&] { BuildPassRows(stage2, classes.size(), row_infos, &rows2); });
    // The same words have neighbour rows in both passes (TagNormalized asks
    // the word cache for the others).
    rows1.role_words = rows2.role_words = std::min(rows1.role_words, rows2.role_words);
  } else {
    BuildPassRows(stage1, classes.size(), row_infos, &rows1);
    rows2 = PassRows();
  }
}

WordRowCache::WordRowCache(uint32_t capacity)
    : capacity_(std::clamp<uint32_t>(std::bit_ceil(capacity), 256, uint32_t{1} << 15)),
      slot_mask_(uint64_t{2} * capacity_ - 1) {
  slots_ = std::make_unique<std::atomic<uint64_t>[]>(2 * capacity_);
  seen_ = std::make_unique<std::atomic<uint32_t>[]>(kSeen);
  blocks_.resize((capacity_ + kBlock - 1) / kBlock);
  Clear();
}

WordRowCache::~WordRowCache() = default;

void WordRowCache::Clear() {
  for (size_t i = 0; i <= slot_mask_; ++i) slots_[i].store(0, std::memory_order_relaxed);
  for (size_t i = 0; i < kSeen; ++i) seen_[i].store(0, std::memory_order_relaxed);
  for (auto& b : blocks_) b.reset();
  size_ = 0;
}

void Tagger::Model::Decode(const ti::WordInfo* info, size_t n, uint16_t* pass1,
                           uint16_t* out, bool fast) const {
  const PassRows* r1 = fast ? &rows1 : nullptr;
  const PassRows* r2 = fast ? &rows2 : nullptr;
  if (!two_pass) {
    DecodePass(stage1, r1, info, n, nullptr, pass1);
    std::copy(pass1, pass1 + n, out);
    return;
  }
  if (pass2_margin <= 0) {
    DecodePass(stage1, r1, info, n, nullptr, pass1);
    DecodePass(stage2, r2, info, n, pass1, out);
    return;
  }
  StackOrHeap<int32_t, 64> margin_buffer(n);
  int32_t* margins = margin_buffer.data();
  DecodePass(stage1, r1, info, n, nullptr, pass1, margins);
  DecodePass(stage2, r2, info, n, pass1, out, margins);
}

void Tagger::Model::TagNormalized(std::span<const std::string_view> words, uint16_t* out,
                                  bool fast) const {
  const size_t n = words.size();
  StackOrHeap<ti::WordInfo, 64> info_buffer(n);
  ti::WordInfo* info = info_buffer.data();
  std::string scratch;
  // Words that the precomputed rows lack (rare words; frequent ones without
  // role rows; any word first in its sentence) come from the word cache
  // when they have been seen before. Only with the rows (`fast`).
  const bool cached = fast && !rows1.empty();
  auto fill = [&](std::string_view word, size_t position, WordRowCache::Entry* e) {
    ti::ComputeWordInfo(word, position, lexicon, &scratch, &e->info);
    const ti::WeightTable* tables[2] = {&stage1, two_pass ? &stage2 : nullptr};
    for (int p = 0; p < 2; ++p) {
      if (tables[p] == nullptr) continue;
      ScoreWordRow(*tables[p], e->info, e->word[p]);
      for (int k = 0; k < ti::kNumRoles; ++k) {
        if (!ScoreRoleRow(*tables[p], static_cast<ti::Role>(k), &e->info, e->role[p][k])) {
          e->info.no_role_rows = 1;
        }
      }
    }
  };
  constexpr uint64_t kFirstSalt = 0xF125'7F12'57F1'257FULL;
  if (cached) {
    // Three sweeps, so that the cache misses of the sentence's words
    // overlap instead of stalling word after word: the keys (starting to
    // load their row and cache slots), then the slots (starting to load the
    // WordInfo each word will copy), then the copies.
    StackOrHeap<uint64_t, 64> key_buffer(n);
    StackOrHeap<uint32_t, 64> row_buffer(n);
    StackOrHeap<uint32_t, 64> id_buffer(n);
    uint64_t* keys = key_buffer.data();
    uint32_t* rows = row_buffer.data();
    uint32_t* ids = id_buffer.data();
    for (size_t i = 0; i < n; ++i) {
      keys[i] = ti::FoldedFormKey(words[i]);
      lexicon.PrefetchRow(keys[i]);
      word_cache.Prefetch(i == 0 ? keys[i] ^ kFirstSalt : keys[i]);
    }
    // Whether word i's WordInfo and rows come from the cache (when it has
    // them): the first word, and words without role rows.
    auto from_cache = [&](size_t i) { return i == 0 || rows[i] == 0 || rows[i] - 1 >= rows1.role_words; };
    for (size_t i = 0; i < n; ++i) {
      rows[i] = lexicon.FindRow(keys[i]);
      ids[i] = 0;
      if (from_cache(i)) {
        if (i == 0) keys[i] ^= kFirstSalt;
        ids[i] = word_cache.Find(keys[i]);
        if (ids[i] != 0) {
          __builtin_prefetch(&word_cache.entry(ids[i]).info);  // the decoded part
          continue;
        }
      }
      if (rows[i] != 0) {
        const char* p = reinterpret_cast<const char*>(&row_infos[rows[i] - 1]);
        __builtin_prefetch(p);
        if (from_cache(i)) __builtin_prefetch(p + ti::kDecodedPart);  // copied whole
      }
    }
    for (size_t i = 0; i < n; ++i) {
      const uint32_t row = rows[i];
      if (from_cache(i)) {
        uint32_t id = ids[i];
        // A miss in the sweep above may have been filled since (by this
        // sentence or another thread): look again before inserting.
        if (id == 0) id = word_cache.Find(keys[i]);
        if (id == 0) {
          id = word_cache.Insert(keys[i], [&](WordRowCache::Entry* e) { fill(words[i], i == 0 ? 0 : 1, e); });
        }
        if (id != 0) {
          // Its word and neighbour rows are cached: decoding reads only the
          // decoded part, unless its neighbour features are looked up.
          const ti::WordInfo& cached_info = word_cache.entry(id).info;
          if (cached_info.no_role_rows) {
            ti::WordInfoAt(cached_info, i, &info[i]);
          } else {
            ti::CopyDecodedPart(cached_info, i, &info[i]);
          }
          info[i].dyn = id;
          continue;
        }
      } else {
        // A frequent word with neighbour rows, not first: the same.
        ti::CopyDecodedPart(row_infos[row - 1], i, &info[i]);
        continue;
      }
      if (row != 0) {
        ti::WordInfoAt(row_infos[row - 1], i, &info[i]);
      } else {
        ti::ComputeWordInfo(words[i], i, lexicon, &scratch, &info[i]);
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      ti::ComputeWordInfo(words[i], i, lexicon, &scratch, &info[i], row_infos.data());
    }
  }
  ti::SetSentenceShape(info, n);
  StackOrHeap<uint16_t, 128> pass1_buffer(n);
  uint16_t* pass1 = pass1_buffer.data();
  Decode(info, n, pass1, out, fast);
}

// ----------------------------------------------------------------- Tagger

Tagger::Tagger() = default;
Tagger::~Tagger() = default;
Tagger::Tagger(Tagger&&) noexcept = default;
Tagger& Tagger::operator=(Tagger&&) noexcept = default;
Tagger::Tagger(std::unique_ptr<Model> model) : model_(std::move(model)) {}

size_t Tagger::num_classes() const { return model_ ? model_->classes.size() : 0; }

namespace {

// The bytes of a model file: mapped read-only when the system allows it
// (no copy, and the page cache's pages need no zeroing, which was a tenth
// of the load time), else read into memory (gzip, or a failed mmap).
class ModelBytes {
 public:
  ModelBytes() = default;
  ModelBytes(const ModelBytes&) = delete;
  ModelBytes& operator=(const ModelBytes&) = delete;
  ~ModelBytes() {
    if (map_ != nullptr) munmap(map_, map_size_);
  }
  Status Open(const std::string& path) {
    if (!path.ends_with(".gz")) {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st {};
      if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void* m = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
        if (m != MAP_FAILED) {
          map_ = m;
          map_size_ = static_cast<size_t>(st.st_size);
          ::close(fd);
          return Status::Ok();
        }
      }
      if (fd >= 0) ::close(fd);
    }
    Result<std::string> file = ReadMaybeGzipFile(path);
    if (!file.ok()) return file.status();
    copy_ = std::move(file).value();
    return Status::Ok();
  }
  std::string_view view() const {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), map_size_)
                           : std::string_view(copy_);
  }

 private:
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string copy_;
};

}  // namespace

Result<Tagger> Tagger::Load(const std::string& path) {
  ModelBytes file;
  if (Status st = file.Open(path); !st.ok()) return st;
  const std::string_view data = file.view();
  if (data.size() < kHeaderSize) {
    return Corrupt(path, "truncated header (" + std::to_string(data.size()) + " bytes)");
  }
  if (std::memcmp(data.data(), kMagic, sizeof(kMagic)) != 0) {
    return Corrupt(path, "wrong magic (not a relgraph tagger model)", 0);
  }
  uint32_t version = 0, bom = 0;
  uint64_t checksum = 0;
  uint64_t payload_size = 0;
  std::memcpy(&version, data.data() + 8, 4);
  std::memcpy(&bom, data.data() + 12, 4);
  std::memcpy(&payload_size, data.data() + 16, 8);
  std::memcpy(&checksum, data.data() + 24, 8);
  if (bom != kByteOrderMark) return Corrupt(path, "wrong byte order", 12);
  if (version != kVersion) {
    return Corrupt(path, "unsupported format version " + std::to_string(version) +
                             " (this build reads " + std::to_string(kVersion) + ")", 8);
  }
  if (payload_size != data.size() - kHeaderSize) {
    return Corrupt(path, "payload is " + std::to_string(data.size() - kHeaderSize) +
                             " bytes, header says " + std::to_string(payload_size) +
                             (payload_size > data.size() - kHeaderSize ? " (truncated file)" : ""));
  }
  const char* payload = data.data() + kHeaderSize;
  if (PayloadChecksum(payload, static_cast<size_t>(payload_size)) != checksum) {
    return Corrupt(path, "checksum mismatch");
  }

  auto model = std::make_unique<Model>();
  Reader r(payload, static_cast<size_t>(payload_size));
  uint32_t num_classes = 0;
  if (!r.Get(&num_classes)) return Corrupt(path, "truncated class table");
  if (num_classes == 0 || num_classes > ti::kMaxClasses) {
    return Corrupt(path, "bad number of classes " + std::to_string(num_classes));
  }
  for (uint32_t c = 0; c < num_classes; ++c) {
    std::string upos, xpos;
    if (!r.GetName(&upos) || !r.GetName(&xpos)) return Corrupt(path, "truncated class table");
    const int u = text::UposIndex(upos);
    const int x = text::XposIndex(xpos);
    if (u < 0 || x < 0) {
      return Corrupt(path, "unknown tag pair " + upos + "/" + xpos);
    }
    model->classes.push_back(PosTag{static_cast<uint8_t>(u), static_cast<uint8_t>(x)});
  }
  uint8_t two_pass = 0;
  uint32_t num_sets = 0;
  float margin = 0;
  if (!r.Get(&two_pass) || two_pass > 1 || !r.Get(&margin) || !(margin >= 0) ||
      !r.Get(&num_sets)) {
    return Corrupt(path, "bad header fields", static_cast<int64_t>(kHeaderSize + r.pos()));
  }
  model->two_pass = two_pass == 1;
  model->pass2_margin = margin;
  std::vector<uint64_t> bits;
  if (num_sets == 0 || !r.GetArray(&bits, uint64_t{num_sets} * 2)) {
    return Corrupt(path, "truncated candidate sets");
  }
  model->lexicon.cand_sets.resize(num_sets);
  for (size_t s = 0; s < num_sets; ++s) {
    model->lexicon.cand_sets[s] = {bits[2 * s], bits[2 * s + 1]};
  }
  uint64_t num_lex = 0;
  std::vector<ti::LexEntry> lex;
  if (!r.Get(&num_lex) || !r.GetArray(&lex, num_lex)) return Corrupt(path, "truncated lexicon");
  for (size_t i = 0; i < lex.size(); ++i) {
    const ti::LexEntry& e = lex[i];
    if (e.key == 0 || (i > 0 && e.key <= lex[i - 1].key) || e.cand >= num_sets ||
        e.fixed >= static_cast<int>(num_classes) || e.fixed < -1) {
      return Corrupt(path, "bad lexicon entry " + std::to_string(i));
    }
  }
  for (ti::LexEntry& e : lex) e.row = 0;
  uint32_t num_frequent = 0;
  if (!r.Get(&num_frequent) || num_frequent > num_lex) return Corrupt(path, "bad frequent-word list");
  model->frequent_words.resize(num_frequent);
  for (std::string& f : model->frequent_words) {
    if (!r.GetName(&f)) return Corrupt(path, "truncated frequent-word list");
  }
  TableBytes table1, table2;
  if (!ReadTable(&r, &table1) || !ReadTable(&r, &table2)) return Corrupt(path, "truncated weight table");
  if (!r.done()) return Corrupt(path, "trailing bytes after the weight tables");
  // The lexicon and pass 1's table here, pass 2's table on a second thread.
  std::string why1, why2;
  bool ok1 = false, ok2 = false;
  RunBoth(
      [&] {
        model->lexicon.Build(lex);
        ok1 = BuildTable(table1, num_classes, &model->stage1, &why1);
      },
      [&] { ok2 = BuildTable(table2, num_classes, &model->stage2, &why2); });
  if (!ok1) return Corrupt(path, why1);
  if (!ok2) return Corrupt(path, why2);
  model->PrecomputeRows();
  return Tagger(std::move(model));
}

Status Tagger::Save(const std::string& path) const {
  if (!model_) return Status(StatusCode::kInvalidArgument, "empty tagger", Location{path});
  const Model& m = *model_;
  Writer w;
  w.Put(static_cast<uint32_t>(m.classes.size()));
  for (const PosTag& c : m.classes) {
    w.PutName(text::UposTags()[c.upos]);
    w.PutName(text::XposTags()[c.xpos]);
  }
  w.Put(static_cast<uint8_t>(m.two_pass ? 1 : 0));
  w.Put(m.pass2_margin);
  w.Put(static_cast<uint32_t>(m.lexicon.cand_sets.size()));
  for (const auto& set : m.lexicon.cand_sets) {
    w.Put(set[0]);
    w.Put(set[1]);
  }
  std::vector<ti::LexEntry> lex;
  for (const ti::LexEntry& e : m.lexicon.slots()) {
    if (e.key != 0) {
      lex.push_back(e);
      lex.back().row = 0;  // rebuilt at load
    }
  }
  std::sort(lex.begin(), lex.end(),
            [](const ti::LexEntry& a, const ti::LexEntry& b) { return a.key < b.key; });
  w.Put(static_cast<uint64_t>(lex.size()));
  w.PutArray(lex.data(), lex.size());
  uint32_t num_frequent = 0;
  for (const std::string& f : m.frequent_words) num_frequent += f.size() <= 255;
  w.Put(num_frequent);
  for (const std::string& f : m.frequent_words) {
    if (f.size() <= 255) w.PutName(f);
  }
  PutTable(m.stage1, &w);
  PutTable(m.stage2, &w);

  const std::string& payload = w.data();
  Writer header;
  header.PutArray(kMagic, sizeof(kMagic));
  header.Put(kVersion);
  header.Put(kByteOrderMark);
  header.Put(static_cast<uint64_t>(payload.size()));
  header.Put(PayloadChecksum(payload.data(), payload.size()));

  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Status(StatusCode::kIoError, std::string("cannot write: ") + std::strerror(errno),
                  Location{tmp});
  }
  bool ok = std::fwrite(header.data().data(), 1, header.data().size(), f) == header.data().size();
  ok = ok && std::fwrite(payload.data(), 1, payload.size(), f) == payload.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status(StatusCode::kIoError, "cannot write the model", Location{path});
  }
  return Status::Ok();
}

void Tagger::TagWords(const std::vector<std::string_view>& words,
                      std::vector<PosTag>* tags) const {
  tags->assign(words.size(), PosTag{});
  if (!model_ || words.empty()) return;
  std::vector<std::string> normalized(words.size());
  std::vector<std::string_view> views(words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    ti::NormalizeToken(words[i], &normalized[i]);
    views[i] = normalized[i];
  }
  std::vector<uint16_t> classes(words.size());
  model_->TagNormalized(views, classes.data());
  for (size_t i = 0; i < words.size(); ++i) (*tags)[i] = model_->classes[classes[i]];
}

namespace {

// What TagText() needs to know of a token's letters, from one scan.
struct Scan {
  bool non_ascii = false;
  bool hyphen = false;
  bool letter = false;       // an ASCII letter (HasLetter)
  bool all_caps = false;     // ti::IsAllCaps
  bool title = false;        // ti::IsTitle
  bool lower_start = false;  // starts with an ASCII lower-case letter
};

// Byte classes for ScanToken().
constexpr uint8_t kUp = 1, kLow = 2, kLetterish = 4, kHigh = 8, kDash = 16;
struct ByteClasses {
  uint8_t of[256] = {};
  constexpr ByteClasses() {
    for (int c = 'A'; c <= 'Z'; ++c) of[c] = kUp | kLetterish;
    for (int c = 'a'; c <= 'z'; ++c) of[c] = kLow | kLetterish;
    for (int c = 0x80; c < 256; ++c) of[c] = kHigh | kLetterish;
    of[static_cast<int>('-')] = kDash;
  }
};
constexpr ByteClasses kBytes;

// The classes of all the bytes of `w`, or-ed.
uint8_t ByteClassesOf(std::string_view w) {
  uint8_t all = 0;
  for (char c : w) all |= kBytes.of[static_cast<unsigned char>(c)];
  return all;
}

Scan ScanToken(std::string_view w) {
  Scan sc;
  const auto* p = reinterpret_cast<const unsigned char*>(w.data());
  const size_t size = w.size();
  size_t i = 0;
  // Up to the first letter-like byte (IsTitle's first letter), then the rest.
  uint8_t all = 0;
  while (i < size && !(kBytes.of[p[i]] & kLetterish)) all |= kBytes.of[p[i++]];
  const bool first_upper = i < size && (kBytes.of[p[i]] & kUp);
  uint8_t later = 0;
  if (i < size) {
    all |= kBytes.of[p[i]];
    for (++i; i < size; ++i) later |= kBytes.of[p[i]];
  }
  all |= later;
  sc.non_ascii = all & kHigh;
  sc.hyphen = all & kDash;
  sc.letter = all & (kUp | kLow);
  sc.all_caps = (all & kUp) && !(all & kLow);
  sc.title = first_upper && (later & kLow);
  sc.lower_start = size > 0 && (kBytes.of[p[0]] & kLow);
  return sc;
}

}  // namespace

namespace {

// The few XPOS tags RepairFiniteVerb() reads, as indices into XposTags().
struct VerbRepairTags {
  int vbn = text::XposIndex("VBN"), vbd = text::XposIndex("VBD");
  int vbz = text::XposIndex("VBZ"), vbp = text::XposIndex("VBP"), md = text::XposIndex("MD");
  int nns = text::XposIndex("NNS"), verb = text::UposIndex("VERB");
  // A subject's last word, and the first word of an object noun phrase.
  std::array<bool, 256> subject_end{}, object_start{};
  // For a present tense read as a plural noun ("China accounts/NNS for"):
  // a singular subject's last word, and what may follow the verb (not a
  // noun, which would continue a compound).
  std::array<bool, 256> singular_end{}, after_verb{};
  VerbRepairTags() {
    for (const char* t : {"NN", "NNP"}) Mark(&singular_end, t);
    for (const char* t : {"IN", "TO", "DT", "PDT", "PRP$", "PRP", "CD", "NNP", "NNPS"}) Mark(&after_verb, t);
    for (const char* t : {"NN", "NNS", "NNP", "NNPS", "PRP"}) Mark(&subject_end, t);
    for (const char* t : {"DT", "PDT", "PRP$", "PRP", "NN", "NNS", "NNP", "NNPS", "CD", "JJ"}) {
      Mark(&object_start, t);
    }
  }
  static void Mark(std::array<bool, 256>* set, const char* tag) {
    const int i = text::XposIndex(tag);
    if (i >= 0 && i < 256) (*set)[static_cast<size_t>(i)] = true;
  }
  bool finite(int x) const { return x == vbz || x == vbp || x == vbd || x == md; }
};

// Words that end the clause of a verb before them, so that a finite verb
// after one belongs to another clause ("Kenya praised Ghana and said ...").
bool ClauseBreak(std::string_view w) {
  static constexpr std::string_view kBreaks[] = {
      ",", ";", ":", "-", "--", "\"", "'", "(", "and", "but", "which", "who", "that",
      "because", "as", "when", "while", "after", "before", "since", "if", "where",
      "although", "though", "whose", "whom"};
  if (w.size() > 8) return false;  // longer than any of them
  for (std::string_view b : kBreaks) {
    if (text::EqualsAsciiLower(w, b)) return true;
  }
  return false;
}

// A clause needs a finite verb. The greedy tagger sometimes reads the past
// tense of a short sentence as a participle ("Kenya praised/VBN Ghana.",
// "The minister praised/VBN Ghana."), which turns subject, verb and object
// into one noun phrase. When nothing before a VBN is a finite verb or a form
// of "be", the word before it can end a subject (a noun or pronoun), the word
// after it can start an object, no finite verb follows in the same clause (a
// reduced relative, "the weapons seized Tuesday were ...", has one), and the
// lexicon allows the past tense for the word, it becomes VBD. Likewise a
// plural noun after a singular noun, followed by what follows a verb, in a
// sentence that ends with a full stop ("China accounts/NNS for 30% of ...")
// becomes the present tense (VERB/VBZ) when the lexicon allows it.
void RepairFiniteVerb(const Tagger::Model& m, std::span<const std::string_view> words,
                      std::span<uint16_t> c) {
  static const VerbRepairTags kTags;
  const size_t n = c.size();
  auto xpos = [&](size_t i) { return static_cast<int>(m.classes[c[i]].xpos); };
  // The class id of `want`, when the lexicon allows it for word i (lower
  // case `low`); -1 otherwise. Unknown words may take `unknown_ok` only.
  auto allowed_class = [&](size_t i, const std::string& low, PosTag want, bool unknown_ok) {
    int cls = -1;
    for (size_t k = 0; k < m.classes.size(); ++k) {
      if (m.classes[k] == want) cls = static_cast<int>(k);
    }
    if (cls < 0) return -1;
    const ti::LexEntry* e = m.lexicon.Find(ti::FormKey(words[i], false));
    if (e == nullptr || e->amb == 0) e = m.lexicon.Find(ti::FormKey(low, true));
    if (e == nullptr || e->amb == 0) return unknown_ok ? cls : -1;
    const auto* bits = m.lexicon.CandidatesOf(e->cand);
    if (bits == nullptr) return cls;  // a word that may take any class
    return (((*bits)[static_cast<size_t>(cls) / 64] >> (cls % 64)) & 1) ? cls : -1;
  };
  auto own_clause_finite = [&](size_t i) {
    for (size_t k = i + 1; k < n; ++k) {
      if (ClauseBreak(words[k])) return false;
      if (kTags.finite(xpos(k))) return true;
    }
    return false;
  };
  // A full sentence ends with a full stop; a headline often has no verb.
  const bool full_sentence = n >= 4 && (words[n - 1] == "." || words[n - 1] == "!" || words[n - 1] == "?");
  for (size_t i = 0; i < n; ++i) {
    const int x = xpos(i);
    if (kTags.finite(x)) return;  // the clause has its verb
    const std::string_view w = words[i];
    for (std::string_view stop : {"be", "been", "being", "to"}) {
      if (text::EqualsAsciiLower(w, stop)) return;
    }
    if (x != kTags.nns && x != kTags.vbn) continue;
    std::string low;
    ti::LowerAscii(w, &low);
    if (x == kTags.nns && full_sentence && i > 0 && i + 1 < n &&
        kTags.singular_end[static_cast<size_t>(xpos(i - 1))] &&
        kTags.after_verb[static_cast<size_t>(xpos(i + 1))] && !own_clause_finite(i)) {
      PosTag want;
      want.upos = static_cast<uint8_t>(kTags.verb);
      want.xpos = static_cast<uint8_t>(kTags.vbz);
      // An unknown word may be a verb in -s ("US reassures/NNS of ..."), not
      // in -ss.
      const int cls = allowed_class(i, low, want, low.size() > 3 && !low.ends_with("ss"));
      if (cls >= 0) {
        c[i] = static_cast<uint16_t>(cls);
        return;
      }
      continue;
    }
    if (x != kTags.vbn) continue;
    if (i == 0 || i + 1 >= n || !kTags.subject_end[static_cast<size_t>(xpos(i - 1))] ||
        !kTags.object_start[static_cast<size_t>(xpos(i + 1))]) {
      return;  // a participle in its usual place: leave the sentence alone
    }
    if (own_clause_finite(i)) return;
    // The past tense (same UPOS), if the word may take it; an unknown word
    // ending in -ed is a regular verb.
    PosTag want = m.classes[c[i]];
    want.xpos = static_cast<uint8_t>(kTags.vbd);
    const int cls = allowed_class(i, low, want, low.size() > 3 && low.ends_with("ed"));
    if (cls >= 0) c[i] = static_cast<uint16_t>(cls);
    return;
  }
}

// TagText() of the n words in `normalized` (non-empty), which it rewrites
// into the words as the model reads them. Calls emit(i, tag) for each word.
template <typename Emit>
void TagTextWith(const Tagger::Model& m, std::span<std::string_view> normalized, Emit&& emit) {
  const size_t n = normalized.size();
  // The words as the model reads them: views of the input, or of `storage`
  // for the few that normalisation or headline recasing changes (reserved
  // before the first, so the views stay valid).
  std::vector<std::string> storage;
  auto store = [&](std::string&& w) -> std::string_view {
    if (storage.capacity() == 0) storage.reserve(2 * n);
    storage.push_back(std::move(w));
    return storage.back();
  };
  // First the bytes alone: multi-byte characters to normalise, hyphens, and
  // how many words start in lower case. A headline (below) has few of
  // those: when more than a fifth of the words do, the letter counts are
  // not needed.
  bool any_hyphen = false;
  size_t lower_starts = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t bytes = ByteClassesOf(normalized[i]);
    if (bytes & kHigh) {
      std::string norm;
      ti::NormalizeToken(normalized[i], &norm);
      normalized[i] = store(std::move(norm));
      bytes = ByteClassesOf(normalized[i]);
    }
    any_hyphen |= (bytes & kDash) != 0;
    const std::string_view w = normalized[i];
    lower_starts += i > 0 && !w.empty() && (kBytes.of[static_cast<unsigned char>(w[0])] & kLow);
  }
  size_t title = 0, caps = 0, lower = 0;
  if (lower_starts * 5 <= n - 1) {
    for (size_t i = 1; i < n; ++i) {
      const Scan sc = ScanToken(normalized[i]);
      if (!sc.letter) continue;
      if (sc.all_caps) {
        if (normalized[i].size() >= 2) ++caps;
      } else if (sc.title) {
        ++title;
      } else if (sc.lower_start) {
        ++lower;
      }
    }
  } else {
    lower = lower_starts;  // too many for a headline (see below)
  }

  // Headlines: Title Case ("Pakistan Army Chief Meets Top US General") or ALL
  // CAPS text capitalises common words; read those that the lexicon knows as
  // usually lower-case in lower case, so that "Meets" is tagged like "meets".
  const bool title_case = title + caps >= 3 && lower * 4 <= title + caps && title >= caps;
  const bool all_caps = caps >= 3 && title + lower <= caps / 5;
  if (title_case || all_caps) {
    std::string low;
    for (size_t i = 0; i < n; ++i) {
      const std::string_view w = normalized[i];
      const bool cased = all_caps ? ti::IsAllCaps(w) : (ti::IsTitle(w) || ti::IsAllCaps(w));
      if (!cased) continue;
      ti::LowerAscii(w, &low);
      const ti::LexEntry* e = m.lexicon.Find(ti::FormKey(low, true));
      // Short capitals the treebank knows as written ("US", "UN") are kept:
      // they are more often acronyms than shouted function words.
      const ti::LexEntry* exact = m.lexicon.Find(ti::FormKey(w, false));
      const bool known_acronym =
          ti::IsAllCaps(w) && w.size() <= 3 && exact != nullptr && exact->amb != 0;
      if (e != nullptr && (e->flags & ti::kLexMostlyLower) != 0 && !known_acronym &&
          (all_caps || !ti::IsAllCaps(w) || w.size() > 3)) {
        normalized[i] = store(std::string(low));
      } else if (all_caps && w.size() > 4) {
        // An unknown ALL CAPS word is more likely a name than an acronym.
        std::string title_cased(w);
        for (size_t k = 1; k < title_cased.size(); ++k) title_cased[k] = low[k];
        normalized[i] = store(std::move(title_cased));
      }
    }
  }

  // Hyphenated words are split as the treebank splits them, unless the
  // treebank kept the whole word ("e-mail", "post-war").
  if (!any_hyphen) {
    StackOrHeap<uint16_t, 128> classes(n);
    m.TagNormalized(normalized, classes.data());
    RepairFiniteVerb(m, normalized, std::span<uint16_t>(classes.data(), n));
    for (size_t i = 0; i < n; ++i) emit(i, m.classes[classes.data()[i]]);
    return;
  }
  std::vector<std::string_view> seq;
  std::vector<size_t> head(n);  // index in seq whose tag the token takes
  std::vector<std::string_view> parts;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view w = normalized[i];
    bool split = false;
    if (w.find('-') != std::string::npos && SplitHyphenated(w, &parts)) {
      // Only the treebank's own words (with an ambiguity class) stay whole;
      // raw-text statistics also list "u.s.-led", which must still split.
      const ti::LexEntry* exact = m.lexicon.Find(ti::FormKey(w, false));
      const ti::LexEntry* low_entry = m.lexicon.Find(ti::FormKey(w, true));
      split = (exact == nullptr || exact->amb == 0) && (low_entry == nullptr || low_entry->amb == 0);
    }
    if (!split) {
      head[i] = seq.size();
      seq.push_back(w);
      continue;
    }
    // The last part with a letter carries the tag ("F-16" like "F",
    // "violence-linked" like "linked").
    size_t chosen = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
      if (HasLetter(parts[p])) chosen = seq.size() + p;
    }
    head[i] = chosen;
    seq.insert(seq.end(), parts.begin(), parts.end());
  }
  std::vector<uint16_t> classes(seq.size());
  m.TagNormalized(seq, classes.data());
  std::vector<uint16_t> token_classes(n);
  for (size_t i = 0; i < n; ++i) token_classes[i] = classes[head[i]];
  RepairFiniteVerb(m, normalized, token_classes);
  for (size_t i = 0; i < n; ++i) emit(i, m.classes[token_classes[i]]);
}

}  // namespace

void Tagger::TagText(const std::vector<std::string_view>& words,
                     std::vector<PosTag>* tags) const {
  tags->assign(words.size(), PosTag{});
  if (!model_ || words.empty()) return;
  std::vector<std::string_view> normalized(words);
  TagTextWith(*model_, normalized, [tags](size_t i, PosTag t) { (*tags)[i] = t; });
}

void Tagger::Tag(std::vector<text::Token>* tokens) const {
  if (!model_ || tokens->empty()) return;
  const size_t n = tokens->size();
  StackOrHeap<std::string_view, 128> words(n);
  for (size_t i = 0; i < n; ++i) words.data()[i] = (*tokens)[i].text;
  TagTextWith(*model_, std::span<std::string_view>(words.data(), n), [tokens](size_t i, PosTag t) {
    (*tokens)[i].upos = t.upos;
    (*tokens)[i].xpos = t.xpos;
  });
}

}  // namespace relgraph::annotate
