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
};

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
  if (w.size() > 7) return false;
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
  if (bytes < kHugeMin) {
    void* p = std::malloc(bytes == 0 ? 1 : bytes);
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
template struct HugePageAllocator<int32_t>;

void NormalizeToken(std::string_view in, std::string* out) {
  out->clear();
  if (in == "\xE2\x80\x94" || in == "\xE2\x80\x93" || in == "\xE2\x80\x95") {
    out->assign("--");
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

void Lexicon::Build(const std::vector<LexEntry>& entries) {
  size_t size = 16;
  while (size < entries.size() * 2) size *= 2;
  slots_.assign(size, LexEntry());
  const size_t mask = size - 1;
  for (const LexEntry& e : entries) {
    for (size_t i = e.key & mask;; i = (i + 1) & mask) {
      if (slots_[i].key == 0 || slots_[i].key == e.key) {
        slots_[i] = e;
        break;
      }
    }
  }
}

void ComputeWordInfo(std::string_view word, size_t position, const Lexicon& lex,
                     std::string* scratch, WordInfo* out, const WordInfo* cache) {
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
  if (cache != nullptr && exact != nullptr && exact->row != 0) {
    // A frequent word: everything but the position is known already.
    w = cache[exact->row - 1];
    w.flags = static_cast<uint8_t>((w.flags & ~kFirst) | (position == 0 ? kFirst : 0));
    return;
  }
  w.length = static_cast<uint8_t>(std::min<size_t>(s.size(), 255));
  w.form = form;
  w.shape = ShapeHash(s);
  if (const LexEntry* e = exact) {
    w.amb = e->amb;
    w.cand = e->cand;
    w.fixed = e->fixed;
    w.row = e->row;
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

size_t ExtractWordFeatures(const WordInfo& w, uint64_t* keys) {
  size_t k = 0;
  keys[k++] = Key(kBias, 0);
  keys[k++] = Key(kLower, w.lower);
  if (w.form != w.lower) keys[k++] = Key(kForm, w.form);
  const int max_suffix = std::min<int>(kNumSuffixes, w.length);
  for (int s = 0; s < max_suffix; ++s) keys[k++] = Key(kSuffix + static_cast<uint32_t>(s), w.suf[s]);
  const int max_prefix = std::min<int>(kNumPrefixes, w.length);
  for (int s = 0; s < max_prefix; ++s) keys[k++] = Key(kPrefix + static_cast<uint32_t>(s), w.pre[s]);
  keys[k++] = Key(kShape, w.shape);
  keys[k++] = Key(kFlags, w.flags);
  keys[k++] = Key(kAmb, w.amb);
  keys[k++] = Key(kAmbLower, w.amb_lower, w.flags & (kTitle | kAllCaps | kFirst));
  keys[k++] = Key(kWordNet, w.wn);
  const uint8_t cap = w.flags & (kTitle | kAllCaps | kFirst);
  keys[k++] = Key(kCaseClass, w.case_class, cap);
  if (w.cluster != 0) keys[k++] = Key(kCluster, w.cluster);
  keys[k++] = Key(kLength, std::min<uint8_t>(w.length, 12));
  if (w.last_part != 0) {
    keys[k++] = Key(kLastPart, w.last_part);
    keys[k++] = Key(kAmbPart, w.amb_part);
  }
  return k;
}

size_t ExtractContextFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                              const uint16_t* right, uint64_t* keys) {
  static constexpr uint64_t kStart = 0x5354415254ULL;  // "START"
  static constexpr uint64_t kEnd = 0x454E44ULL;        // "END"
  const WordInfo& w = words[i];
  const WordInfo* p1 = i >= 1 ? &words[i - 1] : nullptr;
  const WordInfo* p2 = i >= 2 ? &words[i - 2] : nullptr;
  const WordInfo* n1 = i + 1 < n ? &words[i + 1] : nullptr;
  const WordInfo* n2 = i + 2 < n ? &words[i + 2] : nullptr;
  const uint64_t t1 = i >= 1 ? left[i - 1] : kBoundaryTag;
  const uint64_t t2 = i >= 2 ? left[i - 2] : kBoundaryTag;
  size_t k = 0;
  if (w.sentence != 0) {
    const uint8_t cap = w.flags & (kTitle | kAllCaps | kFirst);
    keys[k++] = Key(kSentenceShape, w.sentence, cap | (w.case_class << 4));
  }
  keys[k++] = Key(kPrevWord, p1 ? p1->lower : kStart);
  keys[k++] = Key(kNextWord, n1 ? n1->lower : kEnd);
  keys[k++] = Key(kPrev2Word, p2 ? p2->lower : kStart);
  keys[k++] = Key(kNext2Word, n2 ? n2->lower : kEnd);
  keys[k++] = Key(kPrevSuffix, p1 ? p1->suf[2] : kStart);
  keys[k++] = Key(kNextSuffix, n1 ? n1->suf[2] : kEnd);
  keys[k++] = Key(kNextAmb, n1 ? n1->amb : kEnd);
  keys[k++] = Key(kNext2Amb, n2 ? n2->amb : kEnd);
  keys[k++] = Key(kNextShape, n1 ? n1->shape : kEnd);
  if (n1 != nullptr && n1->cluster != 0) keys[k++] = Key(kNextCluster, n1->cluster);
  if (p1 != nullptr && p1->cluster != 0) keys[k++] = Key(kPrevCluster, p1->cluster);
  keys[k++] = Key(kWordNextWord, w.lower, n1 ? n1->lower : kEnd);
  keys[k++] = Key(kPrevWordWord, p1 ? p1->lower : kStart, w.lower);
  keys[k++] = Key(kPrevTag, t1);
  keys[k++] = Key(kPrev2Tag, t2);
  keys[k++] = Key(kPrevTagsPair, t1, t2);
  keys[k++] = Key(kPrevTagWord, t1, w.lower);
  keys[k++] = Key(kPrevTagSuffix, t1, w.suf[2]);
  keys[k++] = Key(kPrevTagAmb, t1, w.amb);
  keys[k++] = Key(kAmbNextAmb, w.amb, n1 ? n1->amb : kEnd);
  uint64_t aux = 0;
  for (size_t j = i, steps = 0; j > 0 && steps < 4; --j, ++steps) {
    if (words[j - 1].flags & kAuxLike) {
      aux = words[j - 1].lower;
      break;
    }
  }
  keys[k++] = Key(kLeftAux, aux);
  if (right != nullptr) {
    const uint64_t r1 = i + 1 < n ? right[i + 1] : kBoundaryTag;
    const uint64_t r2 = i + 2 < n ? right[i + 2] : kBoundaryTag;
    keys[k++] = Key(kRightTag, r1);
    keys[k++] = Key(kRight2Tag, r2);
    keys[k++] = Key(kRightTagsPair, r1, r2);
    keys[k++] = Key(kPrevTagRightTag, t1, r1);
    keys[k++] = Key(kRightTagWord, r1, w.lower);
    keys[k++] = Key(kOwnTag, right[i]);
    keys[k++] = Key(kRightTagAmb, r1, w.amb);
    keys[k++] = Key(kOwnTagAmbNext, right[i], n1 ? n1->amb : kEnd);
  }
  return k;
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

size_t ExtractFeatures(const WordInfo* words, size_t n, size_t i, const uint16_t* left,
                       const uint16_t* right, uint64_t* keys) {
  const size_t k = ExtractWordFeatures(words[i], keys);
  return k + ExtractContextFeatures(words, n, i, left, right, keys + k);
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
  for (size_t f = 0; f < keys.size(); ++f) {
    const uint32_t end = f + 1 < keys.size() ? begins[f + 1] : static_cast<uint32_t>(entries.size());
    const uint32_t count = end - begins[f];
    uint64_t payload;
    // Sparse entries are addressed with 21 bits; beyond that, rows.
    if (count >= kDenseMinEntries || sparse.size() + count >= (size_t{1} << 21)) {
      if (next_row == num_dense) {  // only when sparse entries overflow 21 bits
        dense_.resize(dense_.size() + kMaxClasses, 0);
        ++num_dense;
      }
      const uint64_t row = next_row++;
      payload = kDenseBit | row;
      int16_t* r = dense_.data() + row * static_cast<size_t>(kMaxClasses);
      for (uint32_t e = begins[f]; e < end; ++e) {
        r[entries[e].cls] = entries[e].w;
        max_class = std::max(max_class, static_cast<int>(entries[e].cls));
      }
    } else {
      payload = (static_cast<uint64_t>(sparse.size()) << 4) | count;
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
  chunks_ = std::min(kMaxClasses / 8, max_class / 8 + 1);
}

uint64_t WeightTable::Find(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    const uint64_t s = slots_[i];
    if (s == 0) return 0;
    if (((s ^ key) & ~kPayloadMask) == 0) return s & kPayloadMask;
  }
}

namespace {

// scores[0..8*chunks) += row[0..8*chunks) for every row. The AVX2 version
// keeps up to 64 class scores in registers while it adds all the rows; the
// portable one is a plain loop. Which one runs is decided once, by CPUID.
__attribute__((target("avx2"))) void AddRowsAvx2(int32_t* scores, const int16_t* const* rows,
                                                 size_t n, int chunks) {
  for (int g = 0; g < chunks; g += 8) {
    const int k = std::min(8, chunks - g);
    __m256i acc[8];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      acc[j] = j < k ? _mm256_loadu_si256(reinterpret_cast<const __m256i*>(scores + 8 * (g + j)))
                     : _mm256_setzero_si256();
    }
    for (size_t r = 0; r < n; ++r) {
      const int16_t* row = rows[r] + 8 * g;
#pragma GCC unroll 8
      for (int j = 0; j < 8; ++j) {
        // Lanes past k read the row's own padding (rows are kMaxClasses wide).
        acc[j] = _mm256_add_epi32(acc[j], _mm256_cvtepi16_epi32(_mm_loadu_si128(
                                              reinterpret_cast<const __m128i*>(row + 8 * j))));
      }
    }
#pragma GCC unroll 8
    for (int j = 0; j < k; ++j) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(scores + 8 * (g + j)), acc[j]);
    }
  }
}

void AddRowsPortable(int32_t* scores, const int16_t* const* rows, size_t n, int chunks) {
  const int width = 8 * chunks;
  for (size_t r = 0; r < n; ++r) {
    const int16_t* row = rows[r];
    for (int c = 0; c < width; ++c) scores[c] += row[c];
  }
}

bool HasAvx2() {
  static const bool kHas = __builtin_cpu_supports("avx2");
  return kHas;
}

void AddRows(int32_t* scores, const int16_t* const* rows, size_t n, int chunks) {
  if (HasAvx2()) {
    AddRowsAvx2(scores, rows, n, chunks);
  } else {
    AddRowsPortable(scores, rows, n, chunks);
  }
}

// The largest of scores[0..8*chunks), with the entry `skip` (if >= 0) left out.
__attribute__((target("avx2"))) int32_t MaxAvx2(const int32_t* scores, int chunks, int skip) {
  const __m256i low = _mm256_set1_epi32(INT32_MIN);
  const __m256i skip_lane = _mm256_cmpeq_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
                                               _mm256_set1_epi32(skip & 7));
  __m256i m = low;
  for (int ch = 0; ch < chunks; ++ch) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(scores + 8 * ch));
    if (ch == skip / 8 && skip >= 0) v = _mm256_blendv_epi8(v, low, skip_lane);
    m = _mm256_max_epi32(m, v);
  }
  alignas(32) int32_t lanes[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), m);
  int32_t top = lanes[0];
  for (int l = 1; l < 8; ++l) top = std::max(top, lanes[l]);
  return top;
}

int32_t MaxPortable(const int32_t* scores, int chunks, int skip) {
  int32_t top = INT32_MIN;
  for (int c = 0; c < 8 * chunks; ++c) {
    if (c != skip) top = std::max(top, scores[c]);
  }
  return top;
}

int32_t MaxOf(const int32_t* scores, int chunks, int skip) {
  return HasAvx2() ? MaxAvx2(scores, chunks, skip) : MaxPortable(scores, chunks, skip);
}

}  // namespace

void WeightTable::Score(const uint64_t* keys, size_t n, int32_t* scores) const {
  const size_t mask = slots_.size() - 1;
  // Issue all the slot loads first so that their cache misses overlap, then
  // the loads of the rows and entries they point to.
  for (size_t k = 0; k < n; ++k) __builtin_prefetch(&slots_[keys[k] & mask]);
  const int16_t* rows[kMaxFeatures];
  uint64_t sparse[kMaxFeatures];
  size_t num_rows = 0, num_sparse = 0;
  for (size_t k = 0; k < n; ++k) {
    const uint64_t payload = Find(keys[k]);
    if (payload == 0) continue;
    if (payload & kDenseBit) {
      const int16_t* row = dense_.data() + (payload & ~kDenseBit) * static_cast<size_t>(kMaxClasses);
      __builtin_prefetch(row);
      __builtin_prefetch(row + 32);
      __builtin_prefetch(row + 64);
      __builtin_prefetch(row + 96);
      rows[num_rows++] = row;
    } else {
      __builtin_prefetch(entries_.data() + (payload >> 4));
      sparse[num_sparse++] = payload;
    }
  }
  for (size_t k = 0; k < num_sparse; ++k) {
    const WeightEntry* e = entries_.data() + (sparse[k] >> 4);
    const uint32_t count = static_cast<uint32_t>(sparse[k] & 15);
    for (uint32_t j = 0; j < count; ++j) scores[e[j].cls] += e[j].w;
  }
  AddRows(scores, rows, num_rows, chunks_);
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
      const int16_t* row = dense_.data() + (payload & ~kDenseBit) * static_cast<size_t>(kMaxClasses);
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

int BestClass(const int32_t* scores, int num_classes, const std::array<uint64_t, 2>* cand,
              int32_t* margin) {
  int best = -1;
  int32_t best_score = 0;
  int32_t second = 0;
  bool has_second = false;
  auto consider = [&](int c) {
    const int32_t v = scores[c];
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
  if (cand == nullptr && num_classes > 0 && num_classes % 8 == 0) {
    // All classes, a multiple of 8 (callers pad with INT32_MIN): vector max.
    const int chunks = num_classes / 8;
    const int32_t top = MaxOf(scores, chunks, -1);
    int first = 0;
    while (scores[first] != top) ++first;
    if (margin != nullptr) {
      const int64_t d = static_cast<int64_t>(top) - MaxOf(scores, chunks, first);
      *margin = d > INT32_MAX ? INT32_MAX : static_cast<int32_t>(d);
    }
    return first;
  }
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
