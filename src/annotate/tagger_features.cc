#include "src/annotate/tagger_features.h"

#include <immintrin.h>
#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <new>
#include <climits>

namespace relgraph::annotate::tagger_internal {

namespace {

bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsLetterByte(unsigned char c) { return IsUpper(c) || IsLower(c) || c >= 0x80; }

uint64_t ShapeHash(std::string_view w) {
  // X for upper, x for lower, d for digits, other bytes as they are; runs of
  // the same class collapse to one ("Pakistan" Xx, "U.S." X.X., "1,000" d,d).
  uint64_t h = kHashSeed;
  char last = 0;
  int len = 0;
  for (char ch : w) {
    auto c = static_cast<unsigned char>(ch);
    char k;
    if (IsUpper(c)) {
      k = 'X';
    } else if (IsLower(c) || c >= 0x80) {
      k = 'x';
    } else if (IsDigit(c)) {
      k = 'd';
    } else {
      k = ch;
    }
    if (k == last && (k == 'X' || k == 'x' || k == 'd')) continue;
    last = k;
    h = HashStep(h, static_cast<unsigned char>(k));
    if (++len > 12) break;
  }
  return Finalize(h);
}

// Forms of be, have and get: the nearest one to the left tells a past
// participle (has agreed, was held) from a past tense (agreed, held).
bool IsAuxLike(std::string_view w) {
  static constexpr std::string_view kForms[] = {
      "be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "'m",
      "have", "has", "had", "having", "'ve", "'d", "get", "gets", "got", "gotten", "getting"};
  if (w.size() < 2 || w.size() > 7) return false;
  switch (w[0] | 0x20) {  // every form starts with one of these (or ')
    case 'b': case 'i': case 'a': case 'w': case 'h': case 'g': case '\'' | 0x20:
      break;
    default:
      return false;
  }
  char low[8];
  for (size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    low[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view lw(low, w.size());
  for (std::string_view f : kForms) {
    if (lw == f) return true;
  }
  return false;
}

}  // namespace

namespace {
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeMin = size_t{1} << 20;
}  // namespace

template <typename T>
void* HugePageAllocator<T>::AllocateBig(size_t bytes) {
  if (bytes < kHugeMin) {  // 64-byte aligned: rows start on a cache line
    void* p = std::aligned_alloc(64, (std::max<size_t>(bytes, 1) + 63) / 64 * 64);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
  return p;
}

template <typename T>
void HugePageAllocator<T>::FreeBig(void* p, size_t) {
  std::free(p);
}

template struct HugePageAllocator<LexEntry>;
template struct HugePageAllocator<uint64_t>;
template struct HugePageAllocator<WeightEntry>;
template struct HugePageAllocator<int16_t>;
template struct HugePageAllocator<int8_t>;
template struct HugePageAllocator<int32_t>;

void NormalizeToken(std::string_view in, std::string* out) {
  bool ascii = true;
  for (char c : in) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) {  // only multi-byte characters change
    out->assign(in);
    return;
  }
  out->clear();
  if (in == "\xE2\x80\x94" || in == "\xE2\x80\x93" || in == "\xE2\x80\x95") {
    out->assign("--");
    return;
  }
  // List bullets (• ‣ ● ▪ ◦) read as "*", the treebank's bullet (PUNCT/NFP).
  if (in == "\xE2\x80\xA2" || in == "\xE2\x80\xA3" || in == "\xE2\x97\x8F" || in == "\xE2\x96\xAA" ||
      in == "\xE2\x97\xA6") {
    out->assign("*");
    return;
  }
  for (size_t i = 0; i < in.size(); ++i) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c == 0xE2 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80) {
      auto d = static_cast<unsigned char>(in[i + 2]);
      if (d == 0x98 || d == 0x99 || d == 0x9B || d == 0xB2) {  // ‘ ’ ‛ ′
        out->push_back('\'');
        i += 2;
        continue;
      }
      if (d == 0x9C || d == 0x9D || d == 0x9E || d == 0x9F || d == 0xB3) {  // “ ” „ ‟ ″
        out->push_back('"');
        i += 2;
        continue;
      }
      if (d == 0xA6) {  // …
        out->append("...");
        i += 2;
        continue;
      }
      if (d == 0x90 || d == 0x91) {  // ‐ ‑ (hyphens)
        out->push_back('-');
        i += 2;
        continue;
      }
    }
    if (c == 0xC2 && i + 1 < in.size()) {
      auto d = static_cast<unsigned char>(in[i + 1]);
      if (d == 0xAB || d == 0xBB) {  // « »
        out->push_back('"');
        ++i;
        continue;
      }
    }
    out->push_back(static_cast<char>(c));
  }
}

void LowerAscii(std::string_view in, std::string* out) {
  out->assign(in);
  for (char& ch : *out) {
    if (IsUpper(static_cast<unsigned char>(ch))) ch = static_cast<char>(ch - 'A' + 'a');
  }
}

bool IsAllCaps(std::string_view s) {
  bool upper = false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (IsLower(c)) return false;
    if (IsUpper(c)) upper = true;
  }
  return upper;
}

bool IsTitle(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && !IsLetterByte(static_cast<unsigned char>(s[i]))) ++i;
  if (i == s.size() || !IsUpper(static_cast<unsigned char>(s[i]))) return false;
  for (++i; i < s.size(); ++i) {
    if (IsLower(static_cast<unsigned char>(s[i]))) return true;
  }
  return false;
}

uint64_t FormKey(std::string_view word, bool lower) {
  std::string s(word);
  for (char& ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (IsDigit(c)) ch = '0';
    if (lower && IsUpper(c)) ch = static_cast<char>(c - 'A' + 'a');
  }
  return lower ? HashBytes(s) ^ kLowerSalt : HashBytes(s);
}

void Lexicon::IndexCandidates() {
  cand_prefix_.assign(cand_sets.size(), 0);
  for (size_t s = 0; s < cand_sets.size(); ++s) {
    const auto& set = cand_sets[s];
    // A prefix {0..m-1}: its bits are all ones up to the first zero.
    const int m = set[0] == ~uint64_t{0} ? 64 + std::countr_one(set[1]) : std::countr_one(set[0]);
    const int count = std::popcount(set[0]) + std::popcount(set[1]);
    if (m > 0 && m == count) cand_prefix_[s] = static_cast<uint8_t>(m);
  }
}

void Lexicon::Build(const std::vector<LexEntry>& entries) {
  size_t size = 16;
  while (size < entries.size() * 2) size *= 2;
  slots_.assign(size, LexEntry());
  const size_t mask = size - 1;
  // The slots are written in random order: each write's cache miss is
  // started a few entries ahead (as WeightTable::Build does).
  constexpr size_t kAhead = 16;
  for (size_t k = 0; k < entries.size(); ++k) {
    if (k + kAhead < entries.size()) __builtin_prefetch(&slots_[entries[k + kAhead].key & mask], 1);
    const LexEntry& e = entries[k];
    for (size_t i = e.key & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == 0 || slots_[i].key == e.key) {
        slots_[i] = e;
        break;
      }
    }
  }
}

void Lexicon::IndexRows(const std::vector<std::pair<uint64_t, uint32_t>>& rows) {
  rows_.clear();
  if (rows.empty()) return;
  size_t size = 16;
  while (size < rows.size() * 2) size *= 2;
  rows_.assign(size, RowSlot());
  const size_t mask = size - 1;
  for (const auto& [key, row] : rows) {
    size_t i = key & mask;
    while (rows_[i].key != 0 && rows_[i].key != key) i = (i + 1) & mask;
    rows_[i] = RowSlot{key, row};
  }
}

void ComputeWordInfo(std::string_view word, size_t position, const Lexicon& lex,
                     std::string* scratch, WordInfo* out, const WordInfo* cache) {
  if (cache != nullptr) {
    // A frequent word is found by the hash of its digit-folded form (as
    // HashBytes of the folded copy below), and everything but its position
    // is known already.
    const uint32_t row = lex.FindRow(FoldedFormKey(word));
    if (row != 0) {
      WordInfoAt(cache[row - 1], position, out);
      return;
    }
  }
  WordInfo& w = *out;
  w = WordInfo();
  uint8_t flags = position == 0 ? kFirst : 0;
  // Fold digits to 0 so that numbers share statistics ("2024" ~ "1999").
  std::string& s = *scratch;
  s.assign(word);
  bool any_upper = false, any_lower = false;
  for (char& ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (IsDigit(c)) {
      ch = '0';
      flags |= kHasDigit;
    } else if (IsUpper(c)) {
      any_upper = true;
    } else if (IsLower(c)) {
      any_lower = true;
    }
  }
  if (any_lower) flags |= kHasLower;
  if (any_upper) {
    if (!any_lower) {
      flags |= kAllCaps;
    } else if (IsTitle(s)) {
      flags |= kTitle;
    }
  }
  const uint64_t form = HashBytes(s);
  const LexEntry* exact = lex.Find(form);
  w.length = static_cast<uint8_t>(std::min<size_t>(s.size(), 255));
  w.form = form;
  w.shape = ShapeHash(s);
  if (const LexEntry* e = exact) {
    w.amb = e->amb;
    w.cand = e->cand;
    w.fixed = e->fixed;
    w.row = e->row;
  } else if (!any_upper && !any_lower && !(flags & kHasDigit)) {
    // Unknown symbols and punctuation ("•", "!!!") take classes that
    // unknown words rarely take (NFP, SYM): all of them stay open.
    w.cand = kAnyClass;
  }
  if (IsAuxLike(s)) flags |= kAuxLike;
  if (any_upper) {
    for (char& ch : s) {
      if (IsUpper(static_cast<unsigned char>(ch))) ch = static_cast<char>(ch - 'A' + 'a');
    }
    w.lower = HashBytes(s);
  } else {
    w.lower = w.form;
  }
  if (const LexEntry* e = lex.Find(w.lower ^ kLowerSalt)) {
    w.amb_lower = e->amb;
    w.wn = e->wn;
    w.case_class = static_cast<uint8_t>((e->flags & kLexCaseMask) >> kLexCaseShift);
    w.cluster = e->cluster;
  }
  const std::string_view lower(s);
  for (int k = 1; k <= kNumSuffixes; ++k) {
    size_t take = std::min<size_t>(static_cast<size_t>(k), lower.size());
    w.suf[k - 1] = HashBytes(lower.substr(lower.size() - take));
  }
  for (int k = 1; k <= kNumPrefixes; ++k) {
    w.pre[k - 1] = HashBytes(lower.substr(0, std::min<size_t>(static_cast<size_t>(k), lower.size())));
  }
  // The last part of a hyphenated word decides most of its behaviour
  // ("violence-linked" is tagged like "linked").
  size_t dash = lower.rfind('-');
  if (dash != std::string_view::npos && dash > 0 && dash + 1 < lower.size() &&
      IsLetterByte(static_cast<unsigned char>(lower[dash + 1])) &&
      IsLetterByte(static_cast<unsigned char>(lower[dash - 1]))) {
    flags |= kHasHyphen;
    std::string_view part = lower.substr(dash + 1);
    w.last_part = HashBytes(part);
    if (const LexEntry* e = lex.Find(w.last_part ^ kLowerSalt)) w.amb_part = e->amb;
  }
  w.flags = flags;
}

void AddWordFeatures(const WordInfo& w, Features* f) {
  f->Add(Key(kBias, 0));
  f->Add(Key(kLower, w.lower));
  if (w.form != w.lower) f->Add(Key(kForm, w.form));
  const int max_suffix = std::min<int>(kNumSuffixes, w.length);
  for (int s = 0; s < max_suffix; ++s) {
    const uint32_t t = kSuffix + static_cast<uint32_t>(s);
    f->Add(Key(t, w.suf[s]));
  }
  const int max_prefix = std::min<int>(kNumPrefixes, w.length);
  for (int s = 0; s < max_prefix; ++s) {
    const uint32_t t = kPrefix + static_cast<uint32_t>(s);
    f->Add(Key(t, w.pre[s]));
  }
  f->Add(Key(kShape, w.shape));
  f->Add(Key(kFlags, w.flags));
  f->Add(Key(kAmb, w.amb));
  const uint8_t cap = w.flags & (kTitle | kAllCaps | kFirst);
  f->Add(Key(kAmbLower, w.amb_lower, cap));
  f->Add(Key(kWordNet, w.wn));
  f->Add(Key(kCaseClass, w.case_class, cap));
  if (w.cluster != 0) f->Add(Key(kCluster, w.cluster));
  f->Add(Key(kLength, std::min<uint8_t>(w.length, 12)));
  if (w.last_part != 0) {
    f->Add(Key(kLastPart, w.last_part));
    f->Add(Key(kAmbPart, w.amb_part));
  }
}

namespace {
constexpr uint64_t kStart = 0x5354415254ULL;  // "START"
constexpr uint64_t kEnd = 0x454E44ULL;        // "END"
}  // namespace

void AddRoleFeatures(Role role, const WordInfo* w, Features* f) {
  switch (role) {
    case Role::kPrev1:
      f->Add(Key(kPrevWord, w ? w->lower : kStart));
      f->Add(Key(kPrevSuffix, w ? w->suf[2] : kStart));
      if (w != nullptr && w->cluster != 0) f->Add(Key(kPrevCluster, w->cluster));
      break;
    case Role::kPrev2:
      f->Add(Key(kPrev2Word, w ? w->lower : kStart));
      break;
    case Role::kNext1:
      f->Add(Key(kNextWord, w ? w->lower : kEnd));
      f->Add(Key(kNextSuffix, w ? w->suf[2] : kEnd));
      f->Add(Key(kNextAmb, w ? w->amb : kEnd));
      f->Add(Key(kNextShape, w ? w->shape : kEnd));
      if (w != nullptr && w->cluster != 0) f->Add(Key(kNextCluster, w->cluster));
      break;
    case Role::kNext2:
      f->Add(Key(kNext2Word, w ? w->lower : kEnd));
      f->Add(Key(kNext2Amb, w ? w->amb : kEnd));
      break;
  }
}

namespace {

// The parts of AddJointFeatures(), in its order: the head and tail do not
// depend on this pass's tags (`left`), the middle does.
void AddJointHead(const WordInfo* words, size_t n, size_t i, Features* f) {
  const WordInfo& w = words[i];
  const WordInfo* p1 = i >= 1 ? &words[i - 1] : nullptr;
  const WordInfo* n1 = i + 1 < n ? &words[i + 1] : nullptr;
  if (w.sentence != 0) {
    const uint8_t cap = w.flags & (kTitle | kAllCaps | kFirst);
    f->Add(Key(kSentenceShape, w.sentence, cap | (w.case_class << 4)));
  }
  f->Add(Key(kWordNextWord, w.lower, n1 ? n1->lower : kEnd));
  f->Add(Key(kPrevWordWord, p1 ? p1->lower : kStart, w.lower));
}

void AddJointTail(const WordInfo* words, size_t n, size_t i, const uint16_t* right, Features* f) {
  const WordInfo& w = words[i];
  const WordInfo* n1 = i + 1 < n ? &words[i + 1] : nullptr;
  const uint64_t next_amb = n1 ? n1->amb : kEnd;
  f->Add(Key(kAmbNextAmb, w.amb, next_amb));
  uint64_t aux = 0;
  for (size_t j = i, steps = 0; j > 0 && steps < 4; --j, ++steps) {
    if (words[j - 1].flags & kAuxLike) {
      aux = words[j - 1].lower;
      break;
    }
  }
  f->Add(Key(kLeftAux, aux));
  if (right != nullptr) {
    const uint64_t r1 = i + 1 < n ? right[i + 1] : kBoundaryTag;
    f->Add(Key(kRightTagWord, r1, w.lower));
    f->Add(Key(kRightTagAmb, r1, w.amb));
    f->Add(Key(kOwnTagAmbNext, right[i], next_amb));
  }
}

}  // namespace

void AddJointStaticFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* right,
                            Features* f) {
  AddJointHead(words, n, i, f);
  AddJointTail(words, n, i, right, f);
}

void AddJointLeftFeatures(const WordInfo* words, size_t i, const uint16_t* left, Features* f) {
  const WordInfo& w = words[i];
  const uint64_t t1 = i >= 1 ? left[i - 1] : kBoundaryTag;
  f->Add(Key(kPrevTagWord, t1, w.lower));
  f->Add(Key(kPrevTagSuffix, t1, w.suf[2]));
  f->Add(Key(kPrevTagAmb, t1, w.amb));
}

void AddJointFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                      const uint16_t* right, Features* f) {
  AddJointHead(words, n, i, f);
  AddJointLeftFeatures(words, i, left, f);
  AddJointTail(words, n, i, right, f);
}

void AddTagFeatures(size_t n, size_t i, const uint16_t* left, const uint16_t* right,
                    Features* f) {
  const uint64_t t1 = i >= 1 ? left[i - 1] : kBoundaryTag;
  const uint64_t t2 = i >= 2 ? left[i - 2] : kBoundaryTag;
  f->Add(Key(kPrevTag, t1));
  f->Add(Key(kPrev2Tag, t2));
  f->Add(Key(kPrevTagsPair, t1, t2));
  if (right != nullptr) {
    const uint64_t r1 = i + 1 < n ? right[i + 1] : kBoundaryTag;
    const uint64_t r2 = i + 2 < n ? right[i + 2] : kBoundaryTag;
    f->Add(Key(kRightTag, r1));
    f->Add(Key(kRight2Tag, r2));
    f->Add(Key(kRightTagsPair, r1, r2));
    f->Add(Key(kPrevTagRightTag, t1, r1));
    f->Add(Key(kOwnTag, right[i]));
  }
}

void ExtractFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                     const uint16_t* right, Features* f) {
  f->n = 0;
  AddWordFeatures(words[i], f);
  AddRoleFeatures(Role::kPrev1, i >= 1 ? &words[i - 1] : nullptr, f);
  AddRoleFeatures(Role::kPrev2, i >= 2 ? &words[i - 2] : nullptr, f);
  AddRoleFeatures(Role::kNext1, i + 1 < n ? &words[i + 1] : nullptr, f);
  AddRoleFeatures(Role::kNext2, i + 2 < n ? &words[i + 2] : nullptr, f);
  AddJointFeatures(words, n, i, left, right, f);
  AddTagFeatures(n, i, left, right, f);
}

void SetSentenceShape(WordInfo* words, size_t n) {
  size_t title = 0, caps = 0, lower = 0;
  for (size_t i = 1; i < n; ++i) {
    if (words[i].flags & kTitle) {
      ++title;
    } else if ((words[i].flags & kAllCaps) && words[i].length >= 2) {
      ++caps;
    } else if (words[i].flags & kHasLower) {
      ++lower;
    }
  }
  uint8_t shape = 0;
  if (title + caps >= 3 && lower * 3 <= title + caps) shape = caps > title ? 2 : 1;
  for (size_t i = 0; i < n; ++i) words[i].sentence = shape;
}

void WeightTable::Build(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& begins,
                        std::vector<WeightEntry> entries, float scale) {
  size_t size = 16;
  while (size * 3 < keys.size() * 5) size *= 2;  // load factor at most 0.6
  slots_.assign(size, 0);
  const size_t mask = size - 1;
  std::vector<WeightEntry> sparse;
  dense_.clear();
  size_t num_dense = 0;
  for (size_t f = 0; f < keys.size(); ++f) {
    const uint32_t end = f + 1 < keys.size() ? begins[f + 1] : static_cast<uint32_t>(entries.size());
    num_dense += end - begins[f] >= kDenseMinEntries;
  }
  dense_.assign(num_dense * kMaxClasses, 0);
  sparse.reserve(entries.size());
  size_t next_row = 0;
  int max_class = 0;
  // The slots are written in random order: each write's cache miss is
  // started a few features ahead.
  constexpr size_t kAhead = 16;
  for (size_t f = 0; f < keys.size(); ++f) {
    if (f + kAhead < keys.size()) __builtin_prefetch(&slots_[keys[f + kAhead] & mask], 1);
    const uint32_t end = f + 1 < keys.size() ? begins[f + 1] : static_cast<uint32_t>(entries.size());
    const uint32_t count = end - begins[f];
    uint32_t payload;
    // Sparse entries are addressed with 21 bits; beyond that, rows.
    if (count >= kDenseMinEntries || sparse.size() + count >= (size_t{1} << 21)) {
      if (next_row == num_dense) {  // only when sparse entries overflow 21 bits
        dense_.resize(dense_.size() + kMaxClasses, 0);
        ++num_dense;
      }
      const uint32_t row = static_cast<uint32_t>(next_row++);
      payload = kDenseBit | row;
      int8_t* r = dense_.data() + row * static_cast<size_t>(kMaxClasses);
      for (uint32_t e = begins[f]; e < end; ++e) {
        r[entries[e].cls] = static_cast<int8_t>(entries[e].w);
        max_class = std::max(max_class, static_cast<int>(entries[e].cls));
      }
    } else {
      payload = (static_cast<uint32_t>(sparse.size()) << 4) | count;
      for (uint32_t e = begins[f]; e < end; ++e) {
        sparse.push_back(entries[e]);
        max_class = std::max(max_class, static_cast<int>(entries[e].cls));
      }
    }
    const uint64_t slot = (keys[f] & ~kPayloadMask) | payload;
    for (size_t i = keys[f] & mask;; i = (i + 1) & mask) {
      if (slots_[i] == 0) {
        slots_[i] = slot;
        break;
      }
    }
  }
  entries_.assign(sparse.begin(), sparse.end());
  keys_ = keys;
  scale_ = scale;
  chunks_ = std::min(kMaxClasses / 16, max_class / 16 + 1);
}

namespace {

// scores[0..kMaxClasses) = the sum of the rows' first 16*chunks classes,
// and 0 past them. The AVX2 version keeps all the class scores in registers
// while it adds the rows (one instantiation per number of chunks, so that the
// inner loop has no branches), widening int8 rows to int16 as it loads them;
// the portable one is a plain loop. Which one runs is decided once, by CPUID.
template <int kChunks>
__attribute__((target("avx2"))) inline void AddRowsAvx2(__m256i* acc, const Gathered& g) {
  for (size_t r = 0; r < g.num_rows; ++r) {
    const int16_t* row = g.rows[r];
#pragma GCC unroll 8
    for (int j = 0; j < kChunks; ++j) {
      acc[j] = _mm256_add_epi16(acc[j],
                                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 16 * j)));
    }
  }
  for (size_t r = 0; r < g.num_rows8; ++r) {
    const int8_t* row = g.rows8[r];
#pragma GCC unroll 8
    for (int j = 0; j < kChunks; ++j) {
      acc[j] = _mm256_add_epi16(
          acc[j], _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 16 * j))));
    }
  }
}

template <int kChunks>
__attribute__((target("avx2"))) void SumRowsAvx2(int16_t* scores, const Gathered& g) {
  __m256i acc[8];
#pragma GCC unroll 8
  for (int j = 0; j < 8; ++j) acc[j] = _mm256_setzero_si256();
  AddRowsAvx2<kChunks>(acc, g);
#pragma GCC unroll 8
  for (int j = 0; j < 8; ++j) _mm256_store_si256(reinterpret_cast<__m256i*>(scores + 16 * j), acc[j]);
}

void SumRowsPortable(int16_t* scores, const Gathered& g, int chunks) {
  std::memset(scores, 0, sizeof(int16_t) * kMaxClasses);
  const int width = 16 * chunks;
  auto add = [&](int c, int v) {
    scores[c] = static_cast<int16_t>(static_cast<uint16_t>(scores[c]) + static_cast<uint16_t>(v));
  };
  for (size_t r = 0; r < g.num_rows; ++r) {
    for (int c = 0; c < width; ++c) add(c, g.rows[r][c]);
  }
  for (size_t r = 0; r < g.num_rows8; ++r) {
    for (int c = 0; c < width; ++c) add(c, g.rows8[r][c]);
  }
}

bool HasAvx2() {
  static const bool kHas = __builtin_cpu_supports("avx2");
  return kHas;
}

__attribute__((target("avx2"))) inline int16_t HorizontalMax(__m256i m) {
  __m128i x = _mm_max_epi16(_mm256_castsi256_si128(m), _mm256_extracti128_si256(m, 1));
  x = _mm_max_epi16(x, _mm_shuffle_epi32(x, 0x4E));
  x = _mm_max_epi16(x, _mm_shuffle_epi32(x, 0xB1));
  x = _mm_max_epi16(x, _mm_shufflelo_epi16(x, 0xB1));
  return static_cast<int16_t>(_mm_extract_epi16(x, 0));
}

__attribute__((target("avx2"))) void ZeroAvx2(int16_t* scores, int chunks) {
  for (int j = 0; j < chunks; ++j) {
    _mm256_store_si256(reinterpret_cast<__m256i*>(scores + 16 * j), _mm256_setzero_si256());
  }
}

// The sum of `rows` plus scores[0..16*kChunks) (the sparse weights), then
// BestClass() over scores[0..num): everything stays in registers.
template <int kChunks>
__attribute__((target("avx2"))) int SumBestAvx2(const int16_t* scores, const Gathered* g, int num,
                                                int32_t* margin) {
  __m256i v[kChunks];
#pragma GCC unroll 8
  for (int j = 0; j < kChunks; ++j) {
    v[j] = _mm256_load_si256(reinterpret_cast<const __m256i*>(scores + 16 * j));
  }
  if (g != nullptr) AddRowsAvx2<kChunks>(v, *g);
  const __m256i iota = _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m256i low = _mm256_set1_epi16(INT16_MIN);
  // Lanes past the last class never win.
  const int tail = num - 16 * (kChunks - 1);
  v[kChunks - 1] = _mm256_blendv_epi8(
      low, v[kChunks - 1], _mm256_cmpgt_epi16(_mm256_set1_epi16(static_cast<int16_t>(tail)), iota));
  __m256i m = v[0];
#pragma GCC unroll 8
  for (int j = 1; j < kChunks; ++j) m = _mm256_max_epi16(m, v[j]);
  const int16_t top = HorizontalMax(m);
  const __m256i topv = _mm256_set1_epi16(top);
  int first = 0;
#pragma GCC unroll 8
  for (int j = 0; j < kChunks; ++j) {
    const auto bits = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi16(v[j], topv)));
    if (bits != 0) {
      first = 16 * j + std::countr_zero(bits) / 2;
      break;
    }
  }
  if (margin != nullptr) {
    const __m256i at = _mm256_set1_epi16(static_cast<int16_t>(first));
    __m256i m2 = low;
#pragma GCC unroll 8
    for (int j = 0; j < kChunks; ++j) {
      const __m256i lane = _mm256_add_epi16(iota, _mm256_set1_epi16(static_cast<int16_t>(16 * j)));
      m2 = _mm256_max_epi16(m2, _mm256_blendv_epi8(v[j], low, _mm256_cmpeq_epi16(lane, at)));
    }
    *margin = num == 1 ? INT32_MAX : top - HorizontalMax(m2);
  }
  return first;
}

// SumBestAvx2 with the instantiation for `chunks` (1..8) chunks of 16 classes.
int SumBestAvx2Chunks(int chunks, const int16_t* scores, const Gathered* g, int num, int32_t* margin) {
  switch (chunks) {
    case 1: return SumBestAvx2<1>(scores, g, num, margin);
    case 2: return SumBestAvx2<2>(scores, g, num, margin);
    case 3: return SumBestAvx2<3>(scores, g, num, margin);
    case 4: return SumBestAvx2<4>(scores, g, num, margin);
    case 5: return SumBestAvx2<5>(scores, g, num, margin);
    case 6: return SumBestAvx2<6>(scores, g, num, margin);
    case 7: return SumBestAvx2<7>(scores, g, num, margin);
    default: return SumBestAvx2<8>(scores, g, num, margin);
  }
}

// BestClass() over all classes: the first index of the largest of
// scores[0..num) and, when `margin` is not null, the largest minus the
// second largest. (scores must be 32-byte aligned.) No rows to add.
int BestAvx2(const int16_t* scores, int num, int32_t* margin) {
  return SumBestAvx2Chunks((num + 15) / 16, scores, nullptr, num, margin);
}

}  // namespace

void SumRows(int16_t* scores, const Gathered& g, int chunks) {
  if (!HasAvx2()) {
    SumRowsPortable(scores, g, chunks);
    return;
  }
  switch (chunks) {
    case 1: SumRowsAvx2<1>(scores, g); break;
    case 2: SumRowsAvx2<2>(scores, g); break;
    case 3: SumRowsAvx2<3>(scores, g); break;
    case 4: SumRowsAvx2<4>(scores, g); break;
    case 5: SumRowsAvx2<5>(scores, g); break;
    case 6: SumRowsAvx2<6>(scores, g); break;
    case 7: SumRowsAvx2<7>(scores, g); break;
    default: SumRowsAvx2<8>(scores, g); break;
  }
}

bool NarrowRow(const int16_t* from, int8_t* to) {
  int16_t lo = 0, hi = 0;  // separate reductions, so that the loop vectorises
  for (int c = 0; c < kMaxClasses; ++c) {
    lo = std::min(lo, from[c]);
    hi = std::max(hi, from[c]);
    to[c] = static_cast<int8_t>(from[c]);
  }
  return lo >= INT8_MIN && hi <= INT8_MAX;
}

void WeightTable::AddKeys(const uint64_t* keys, size_t n, Gathered* g) const {
  // The slot loads are independent, so their cache misses overlap; Add()
  // prefetches the rows and entries they point to.
  for (size_t k = 0; k < n; ++k) Add(Find(keys[k]), g);
}

void WeightTable::Sum(const Gathered& g, int16_t* scores, int max_chunks) const {
  SumRows(scores, g, std::min(chunks_, max_chunks));
  for (size_t k = 0; k < g.num_sparse; ++k) {
    const WeightEntry* e = entries_.data() + (g.sparse[k] >> 4);
    const uint32_t count = g.sparse[k] & 15;
    for (uint32_t j = 0; j < count; ++j) {
      int16_t& s = scores[e[j].cls];
      s = static_cast<int16_t>(static_cast<uint16_t>(s) + static_cast<uint16_t>(e[j].w));
    }
  }
}

int WeightTable::SumBest(const Gathered& g, int num_classes, int32_t* margin) const {
  alignas(32) int16_t scores[kMaxClasses];
  // Rows are kMaxClasses wide, so any number of chunks can be read.
  const int chunks = (num_classes + 15) / 16;
  if (!HasAvx2() || num_classes <= 0) {
    Sum(g, scores);
    return BestClass(scores, num_classes, nullptr, margin);
  }
  ZeroAvx2(scores, chunks);
  for (size_t k = 0; k < g.num_sparse; ++k) {
    const WeightEntry* e = entries_.data() + (g.sparse[k] >> 4);
    const uint32_t count = g.sparse[k] & 15;
    for (uint32_t j = 0; j < count; ++j) {
      int16_t& s = scores[e[j].cls];
      s = static_cast<int16_t>(static_cast<uint16_t>(s) + static_cast<uint16_t>(e[j].w));
    }
  }
  return SumBestAvx2Chunks(chunks, scores, &g, num_classes, margin);
}

int WeightTable::SumBestOf(const Gathered& g, const std::array<uint64_t, 2>& cand, int num_classes,
                           int32_t* margin) const {
  // Classes past the candidates' last chunk of 16 are not needed.
  const int highest = HighestClass(cand);
  const int last = highest >= 0 ? highest : kMaxClasses - 1;
  alignas(32) int16_t scores[kMaxClasses];
  Sum(g, scores, last / 16 + 1);
  return BestClass(scores, num_classes, &cand, margin);
}

void WeightTable::Score(const uint64_t* keys, size_t n, int16_t* scores) const {
  Gathered g;
  AddKeys(keys, n, &g);
  Sum(g, scores);
}

void WeightTable::Export(std::vector<uint64_t>* keys, std::vector<uint32_t>* counts,
                         std::vector<WeightEntry>* entries) const {
  *keys = keys_;
  counts->clear();
  entries->clear();
  for (uint64_t key : keys_) {
    const uint64_t payload = Find(key);
    const size_t before = entries->size();
    if (payload & kDenseBit) {
      const int8_t* row = dense_.data() + (payload & ~kDenseBit) * static_cast<size_t>(kMaxClasses);
      for (int c = 0; c < kMaxClasses; ++c) {
        if (row[c] != 0) entries->push_back(WeightEntry{static_cast<uint16_t>(c), row[c]});
      }
    } else if (payload != 0) {
      entries->insert(entries->end(), entries_.begin() + static_cast<long>(payload >> 4),
                      entries_.begin() + static_cast<long>((payload >> 4) + (payload & 15)));
    }
    counts->push_back(static_cast<uint32_t>(entries->size() - before));
  }
}

int BestClass(const int16_t* scores, int num_classes, const std::array<uint64_t, 2>* cand,
              int32_t* margin) {
  if (cand == nullptr && num_classes > 0 && HasAvx2()) return BestAvx2(scores, num_classes, margin);
  int best = -1;
  int best_score = 0;
  int second = 0;
  bool has_second = false;
  auto consider = [&](int c) {
    const int v = scores[c];
    if (best < 0) {
      best = c;
      best_score = v;
    } else if (v > best_score) {
      second = best_score;
      has_second = true;
      best = c;
      best_score = v;
    } else if (!has_second || v > second) {
      second = v;
      has_second = true;
    }
  };
  if (cand == nullptr) {
    for (int c = 0; c < num_classes; ++c) consider(c);
  } else {
    for (int word = 0; word < 2; ++word) {
      uint64_t bits = (*cand)[static_cast<size_t>(word)];
      while (bits != 0) {
        consider(word * 64 + std::countr_zero(bits));
        bits &= bits - 1;
      }
    }
  }
  if (margin != nullptr) *margin = has_second ? best_score - second : INT32_MAX;
  return best < 0 ? 0 : best;
}

}  // namespace relgraph::annotate::tagger_internal
