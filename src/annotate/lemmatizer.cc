#include "src/annotate/lemmatizer.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "src/annotate/tagger_features.h"
#include "src/annotate/tagger_treebank.h"
#include "src/text/normalize.h"

namespace relgraph::annotate {

namespace ti = tagger_internal;

namespace {

constexpr char kExceptionsFile[] = "lemma_exceptions.tsv";
constexpr char kWordsFile[] = "lemma_words.tsv.gz";

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
[[gnu::always_inline]] inline bool EndsWith(std::string_view s, std::string_view t) {
  return s.size() >= t.size() && s.substr(s.size() - t.size()) == t;
}

uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// The bytes of a word in one integer: up to 8 bytes the word itself (zero
// padded, so with the length it is the word), longer words their first and
// last 8 bytes mixed. The exception table compares these and the length, and
// the bytes themselves only for words longer than 8.
uint64_t PackWord(std::string_view s) {
  if (s.size() > 8) return Load8(s.data()) ^ std::rotl(Load8(s.data() + s.size() - 8), 31);
  uint64_t v = 0;
  if (!s.empty()) std::memcpy(&v, s.data(), s.size());
  return v;
}

// Hash of a (packed word, length, tag) for the exception table: its low bits
// pick the slot, its top 16 bits the filter bit.
uint64_t ExceptionHash(uint64_t packed, size_t length, uint8_t xpos) {
  uint64_t h = (packed ^ (static_cast<uint64_t>(xpos) << 40) ^ length) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
}

constexpr size_t kFilterBits = size_t{1} << 16;
size_t FilterBucket(uint64_t hash) { return static_cast<size_t>(hash >> 48); }

// Words of up to this many bytes are lemmatised in a stack buffer.
constexpr size_t kFastBytes = 32;
static_assert(kFastBytes >= 15, "AssignReadable15 reads 15 bytes of the fast path's buffer");
static_assert(std::endian::native == std::endian::little, "LowerShort packs bytes little-endian");

uint64_t Load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
uint64_t Load2(const char* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Writes the ASCII-lower-cased `word` (1 to kFastBytes bytes) into buf,
// which must be zeroed, and returns 0x80 if a byte is >= 0x80 (not ASCII),
// else 0. Reads only the bytes of `word`, with overlapping loads, unless
// readable16 says that 16 bytes from word.data() may be read: then a word of
// up to 16 bytes is loaded in whole 8-byte words and the rest masked off.
[[gnu::always_inline]] inline unsigned LowerShort(std::string_view word, bool readable16,
                                                  char* buf) {
  const char* p = word.data();
  const size_t n = word.size();
  if (readable16 && n <= 16) {
    // One or two whole 8-byte loads, the bytes past the word masked off.
    constexpr uint64_t kAll = ~uint64_t{0};
    if (n <= 8) {
      const uint64_t v = Load8(p) & (kAll >> (8 * (8 - n)));
      const uint64_t l = text::AsciiLower8(v);
      std::memcpy(buf, &l, 8);
      return (v & 0x8080808080808080ULL) != 0 ? 0x80 : 0;
    }
    const uint64_t v0 = Load8(p);
    const uint64_t v1 = Load8(p + 8) & (kAll >> (8 * (16 - n)));
    const uint64_t l0 = text::AsciiLower8(v0), l1 = text::AsciiLower8(v1);
    std::memcpy(buf, &l0, 8);
    std::memcpy(buf + 8, &l1, 8);
    return ((v0 | v1) & 0x8080808080808080ULL) != 0 ? 0x80 : 0;
  }
  if (n < 8) {
    uint64_t v;
    if (n >= 4) {
      v = Load4(p) | (Load4(p + n - 4) << (8 * (n - 4)));
    } else if (n >= 2) {
      v = Load2(p) | (Load2(p + n - 2) << (8 * (n - 2)));
    } else {
      v = static_cast<unsigned char>(p[0]);
    }
    const uint64_t l = text::AsciiLower8(v);
    std::memcpy(buf, &l, 8);
    return (v & 0x8080808080808080ULL) != 0 ? 0x80 : 0;
  }
  uint64_t high = 0;
  for (size_t i = 0;; i += 8) {
    if (i + 8 > n) i = n - 8;  // the last chunk overlaps the one before
    const uint64_t v = Load8(p + i);
    high |= v;
    const uint64_t l = text::AsciiLower8(v);
    std::memcpy(buf + i, &l, 8);
    if (i + 8 == n) break;
  }
  return (high & 0x8080808080808080ULL) != 0 ? 0x80 : 0;
}

// *out = [p, p + n) without std::string::assign's general replace (the
// token's lemma keeps its capacity).
void SetTo(std::string* out, const char* p, size_t n) {
  out->clear();
  out->append(p, n);
}

// Typographic apostrophes, quotes and dashes as the treebank writes lemmas.
void NormalizeForLemma(std::string_view word, std::string* out) {
  ti::NormalizeToken(word, out);
  if (*out == "--" && word != "--") *out = "-";
}

// Proper nouns are lemmatised as written, but long ALL CAPS names in title
// case as the treebank writes them (TEHRAN -> Tehran; NATO, UNHCR-like short
// acronyms stay). `w` is the normalised word.
void ProperNoun(std::string* w) {
  if (w->size() < 5) return;
  for (char c : *w) {
    if (c < 'A' || c > 'Z') return;
  }
  for (size_t i = 1; i < w->size(); ++i) (*w)[i] = static_cast<char>((*w)[i] - 'A' + 'a');
}

// Lower-cases ASCII letters of `in` into *out.
void Lower(std::string_view in, std::string* out) { ti::LowerAscii(in, out); }

}  // namespace

// Penn tags by name, resolved once.
struct Lemmatizer::Tags {
  uint8_t nns, nnp, nnps, vbz, vbd, vbn, vbg, jjr, jjs, rbr, rbs, cd, pos;
  uint8_t propn;
  bool ruled[256] = {};  // tags whose lemma is more than the lower-cased word
  bool letter_as_written[256] = {};  // tags whose single capital letters keep case
  Tags() {
    auto x = [](std::string_view n) { return static_cast<uint8_t>(text::XposIndex(n)); };
    nns = x("NNS"), nnp = x("NNP"), nnps = x("NNPS"), vbz = x("VBZ"), vbd = x("VBD");
    vbn = x("VBN"), vbg = x("VBG"), jjr = x("JJR"), jjs = x("JJS"), rbr = x("RBR");
    rbs = x("RBS"), cd = x("CD"), pos = x("POS");
    propn = static_cast<uint8_t>(text::UposIndex("PROPN"));
    for (uint8_t t : {nns, nnp, nnps, vbz, vbd, vbn, vbg, jjr, jjs, rbr, rbs, cd, pos}) ruled[t] = true;
    for (std::string_view n : {"NN", "NNP", "JJ", "SYM", "LS"}) {
      letter_as_written[static_cast<uint8_t>(text::XposIndex(n))] = true;
    }
  }
};
const Lemmatizer::Tags& Lemmatizer::TagTable() {
  static const Tags kTags;
  return kTags;
}

// ------------------------------------------------------------- building

Lemmatizer Lemmatizer::FromLists(const std::vector<std::pair<std::string, uint8_t>>& words,
                                 const std::vector<LemmaException>& exceptions) {
  Lemmatizer l;
  std::map<std::string, uint8_t> merged;
  for (const auto& [w, c] : words) merged[w] |= c;
  l.words_.assign(merged.begin(), merged.end());
  std::map<std::pair<std::string, uint8_t>, std::string> ex;
  for (const LemmaException& e : exceptions) ex[{e.form, e.xpos}] = e.lemma;
  for (const auto& [k, lemma] : ex) l.exceptions_.push_back(LemmaException{k.first, k.second, lemma});
  l.Index();
  return l;
}

void Lemmatizer::Index() {
  // Base words: one 8-byte slot each (hash and categories), at most 70% full.
  size_t size = 16;
  while (size * 7 < words_.size() * 10) size *= 2;
  word_slots_.assign(size, 0);
  for (const auto& [w, cats] : words_) {
    if ((cats & 0xF) == 0) continue;  // a word without categories is as good as absent
    const uint64_t key = ti::HashBytes(w);
    for (size_t i = key & (size - 1);; i = (i + 1) & (size - 1)) {
      if (word_slots_[i] == 0 || (word_slots_[i] >> 4) == (key >> 4)) {
        word_slots_[i] = (key & ~uint64_t{0xF}) | (word_slots_[i] & 0xF) | (cats & 0xF);
        break;
      }
    }
  }
  size = 16;
  while (size < exceptions_.size() * 2) size *= 2;
  exception_slots_.assign(size, ExceptionSlot());
  exception_filter_.assign(kFilterBits / 64, 0);
  arena_.clear();
  for (const LemmaException& e : exceptions_) {
    const uint64_t packed = PackWord(e.form);
    const uint64_t hash = ExceptionHash(packed, e.form.size(), e.xpos);
    const size_t bucket = FilterBucket(hash);
    exception_filter_[bucket / 64] |= uint64_t{1} << (bucket % 64);
    const uint32_t tag = uint32_t{e.xpos} + 1;
    for (size_t i = hash & (size - 1);; i = (i + 1) & (size - 1)) {
      ExceptionSlot& slot = exception_slots_[i];
      const bool same = slot.tag == tag && slot.packed == packed && slot.form_length == e.form.size() &&
                        std::string_view(arena_).substr(slot.offset, slot.form_length) == e.form;
      if (slot.tag == 0 || same) {  // later duplicates win
        slot = ExceptionSlot{packed, static_cast<uint32_t>(arena_.size()),
                             static_cast<uint32_t>(e.form.size()), static_cast<uint32_t>(e.lemma.size()),
                             tag};
        arena_ += e.form;
        arena_ += e.lemma;
        break;
      }
    }
  }
}

Result<Lemmatizer> Lemmatizer::Load(const std::string& dir) {
  const std::string ex_path = dir + "/" + kExceptionsFile;
  const std::string words_path = dir + "/" + kWordsFile;
  Result<std::string> ex_data = ReadMaybeGzipFile(ex_path);
  if (!ex_data.ok()) return ex_data.status();
  Result<std::string> words_data = ReadMaybeGzipFile(words_path);
  if (!words_data.ok()) return words_data.status();

  auto for_lines = [](const std::string& data, auto&& fn) -> Status {
    size_t pos = 0;
    int64_t line_no = 0;
    while (pos < data.size()) {
      size_t nl = data.find('\n', pos);
      if (nl == std::string::npos) nl = data.size();
      std::string_view line(data.data() + pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      Status st = fn(line, line_no);
      if (!st.ok()) return st;
    }
    return Status::Ok();
  };
  auto split = [](std::string_view line, std::vector<std::string_view>* f) {
    f->clear();
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        f->push_back(line.substr(start));
        return;
      }
      f->push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
  };

  Lemmatizer l;
  std::vector<std::string_view> f;
  Status st = for_lines(ex_data.value(), [&](std::string_view line, int64_t no) -> Status {
    split(line, &f);
    if (f.size() != 3 || f[0].empty() || f[2].empty()) {
      return Status(StatusCode::kBadConfig, "expected form<TAB>XPOS<TAB>lemma", Location{ex_path, no});
    }
    const int x = text::XposIndex(f[1]);
    if (x <= 0) {
      return Status(StatusCode::kBadConfig, "unknown Penn tag '" + std::string(f[1]) + "'",
                    Location{ex_path, no});
    }
    l.exceptions_.push_back(
        LemmaException{std::string(f[0]), static_cast<uint8_t>(x), std::string(f[2])});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  st = for_lines(words_data.value(), [&](std::string_view line, int64_t no) -> Status {
    split(line, &f);
    if (f.size() != 2 || f[0].empty() || f[1].empty()) {
      return Status(StatusCode::kBadConfig, "expected word<TAB>categories", Location{words_path, no});
    }
    uint8_t cats = 0;
    for (char c : f[1]) {
      switch (c) {
        case 'n': cats |= kLemmaNoun; break;
        case 'v': cats |= kLemmaVerb; break;
        case 'a': cats |= kLemmaAdj; break;
        case 'r': cats |= kLemmaAdv; break;
        default:
          return Status(StatusCode::kBadConfig, std::string("unknown category '") + c + "'",
                        Location{words_path, no});
      }
    }
    l.words_.emplace_back(std::string(f[0]), cats);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  l.Index();
  return l;
}

Status Lemmatizer::Save(const std::string& dir) const {
  const std::string ex_path = dir + "/" + kExceptionsFile;
  const std::string words_path = dir + "/" + kWordsFile;
  std::string ex =
      "# relgraph lemma exceptions: form<TAB>Penn tag<TAB>lemma, where the suffix rules\n"
      "# would get the lemma wrong. Built by relgraph-train-tagger lexicon from the\n"
      "# UD English Web Treebank v2.15 training split (CC BY-SA 4.0) and WordNet 3.0's\n"
      "# exception lists (WordNet licence); see lemma_README.md in this folder.\n";
  for (const LemmaException& e : exceptions_) {
    ex += e.form + "\t" + std::string(text::XposTags()[e.xpos]) + "\t" + e.lemma + "\n";
  }
  std::FILE* f = std::fopen((ex_path + ".tmp").c_str(), "wb");
  if (f == nullptr) return Status(StatusCode::kIoError, "cannot write", Location{ex_path});
  const bool ok = std::fwrite(ex.data(), 1, ex.size(), f) == ex.size();
  if (std::fclose(f) != 0 || !ok || std::rename((ex_path + ".tmp").c_str(), ex_path.c_str()) != 0) {
    return Status(StatusCode::kIoError, "cannot write", Location{ex_path});
  }
  std::string words =
      "# relgraph lemma base words: word<TAB>categories (n noun, v verb, a adjective,\n"
      "# r adverb). From WordNet 3.0's index files (WordNet licence) and the lemmas of\n"
      "# the UD English Web Treebank v2.15 training split (CC BY-SA 4.0).\n";
  for (const auto& [w, cats] : words_) {
    words += w + "\t";
    if (cats & kLemmaNoun) words += 'n';
    if (cats & kLemmaVerb) words += 'v';
    if (cats & kLemmaAdj) words += 'a';
    if (cats & kLemmaAdv) words += 'r';
    words += '\n';
  }
  // gzip with a fixed header (no name, no time) so the file is reproducible.
  gzFile gz = gzopen((words_path + ".tmp").c_str(), "wb9");
  if (gz == nullptr) return Status(StatusCode::kIoError, "cannot write", Location{words_path});
  const int wrote = gzwrite(gz, words.data(), static_cast<unsigned>(words.size()));
  if (gzclose(gz) != Z_OK || wrote != static_cast<int>(words.size()) ||
      std::rename((words_path + ".tmp").c_str(), words_path.c_str()) != 0) {
    return Status(StatusCode::kIoError, "cannot write", Location{words_path});
  }
  return Status::Ok();
}

// ------------------------------------------------------------- lookups

const Lemmatizer::ExceptionSlot* Lemmatizer::FindException(std::string_view lower, uint64_t packed,
                                                           uint8_t xpos) const {
  if (exception_slots_.empty()) return nullptr;
  const uint64_t hash = ExceptionHash(packed, lower.size(), xpos);
  const size_t bucket = FilterBucket(hash);
  if (((exception_filter_[bucket / 64] >> (bucket % 64)) & 1) == 0) return nullptr;
  return ProbeException(lower, packed, hash, xpos);
}

const Lemmatizer::ExceptionSlot* Lemmatizer::ProbeException(std::string_view lower, uint64_t packed,
                                                            uint64_t hash, uint8_t xpos) const {
  const uint32_t tag = uint32_t{xpos} + 1;
  const size_t mask = exception_slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const ExceptionSlot& slot = exception_slots_[i];
    if (slot.tag == 0) return nullptr;
    if (slot.tag == tag && slot.packed == packed && slot.form_length == lower.size() &&
        (lower.size() <= 8 || std::memcmp(arena_.data() + slot.offset, lower.data(), lower.size()) == 0)) {
      return &slot;
    }
  }
}

// ------------------------------------------------------------- rules

uint64_t Lemmatizer::PrefixState(std::string_view w, size_t keep) {
  uint64_t h = ti::kHashSeed;
  for (size_t i = 0; i < keep; ++i) h = ti::HashStep(h, static_cast<unsigned char>(w[i]));
  return h;
}

uint8_t Lemmatizer::CategoriesFrom(uint64_t h, size_t keep, std::string_view add) const {
  if (word_slots_.empty()) return 0;
  // ti::HashBytes of w[0, keep) + add, without building the string.
  for (char c : add) h = ti::HashStep(h, static_cast<unsigned char>(c));
  const uint64_t key = ti::Finalize(h ^ (keep + add.size()));
  const size_t mask = word_slots_.size() - 1;
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    const uint64_t slot = word_slots_[i];
    if ((slot >> 4) == (key >> 4)) return static_cast<uint8_t>(slot & 0xF);
    if (slot == 0) return 0;
  }
}

Lemmatizer::Base Lemmatizer::Plural(std::string_view w, uint8_t cats) const {
  // countries -> country, boxes -> box, horses -> horse, wolves -> wolf.
  const size_t n = w.size();
  if (n > 2 && w.back() == 's' && !EndsWith(w, "ss")) {
    // The candidates are w[0, n - 1), w[0, n - 2) and w[0, n - 3) + an
    // ending: hash the common prefix once and extend it.
    const uint64_t h3 = PrefixState(w, n - 3);
    const uint64_t h2 = ti::HashStep(h3, static_cast<unsigned char>(w[n - 3]));
    const uint64_t h1 = ti::HashStep(h2, static_cast<unsigned char>(w[n - 2]));
    auto try_base = [&](uint64_t h, size_t keep, std::string_view add) {
      return keep + add.size() > 0 && (CategoriesFrom(h, keep, add) & cats) != 0;
    };
    if (try_base(h1, n - 1, "")) return Base{n - 1, ""};
    if (EndsWith(w, "es") && try_base(h2, n - 2, "")) return Base{n - 2, ""};
    if (EndsWith(w, "ies") && n > 4 && try_base(h3, n - 3, "y")) return Base{n - 3, "y"};
    if (EndsWith(w, "ves")) {
      if (try_base(h3, n - 3, "f")) return Base{n - 3, "f"};
      if (try_base(h3, n - 3, "fe")) return Base{n - 3, "fe"};
    }
  }
  // Unknown words: the regular patterns.
  if (n > 4 && EndsWith(w, "ies")) return Base{n - 3, "y"};
  if (EndsWith(w, "sses") || EndsWith(w, "shes") || EndsWith(w, "ches") || EndsWith(w, "xes") ||
      EndsWith(w, "zes")) {
    return Base{n - 2, ""};
  }
  if (n > 3 && w.back() == 's' && !EndsWith(w, "ss") && !EndsWith(w, "us") && !EndsWith(w, "is")) {
    return Base{n - 1, ""};
  }
  return Base{n, ""};
}

Lemmatizer::Base Lemmatizer::Suffixed(std::string_view w, std::string_view suffix,
                                      uint8_t cats) const {
  // -ed, -ing, -er, -est: hoped -> hope, needed -> need, stopped -> stop,
  // carried -> carry, dying -> die, nicer -> nice, bigger -> big.
  if (w.size() < suffix.size() + 2 || !EndsWith(w, suffix)) return Base{w.size(), ""};
  const size_t sn = w.size() - suffix.size();  // the stem is w[0, sn)
  const std::string_view stem = w.substr(0, sn);
  const char last = stem.back();
  const bool doubled = sn >= 3 && stem[sn - 2] == last && !IsVowel(last);
  // A single consonant after a single vowel: "hop" in "hoped" reads "hope"
  // (the consonant would double for "hop").
  const bool vc = sn >= 2 && !IsVowel(last) && IsVowel(stem[sn - 2]) &&
                  !(sn >= 3 && IsVowel(stem[sn - 3]));
  const bool ing = suffix == "ing";
  const bool e_ok = !ing || !EndsWith(stem, "e");
  // Every candidate extends w[0, sn - 1) or w[0, sn): hash those once.
  const uint64_t h1 = PrefixState(w, sn - 1);
  const uint64_t h0 = ti::HashStep(h1, static_cast<unsigned char>(last));
  auto has = [&](uint64_t h, size_t keep, std::string_view add) {
    return (CategoriesFrom(h, keep, add) & cats) != 0;
  };
  // A known stem without the vowel-consonant ending is the base whether or
  // not stem + "e" is known ("needed" -> need): that probe (a cache miss,
  // most of the time) is made only when its answer can matter.
  const bool has_stem = has(h0, sn, "");
  if (has_stem && !vc) return Base{sn, ""};
  if (e_ok && has(h0, sn, "e")) return Base{sn, "e"};
  if (has_stem) return Base{sn, ""};
  if (doubled && has(h1, sn - 1, "")) return Base{sn - 1, ""};
  if (last == 'i') {  // carried -> carry, happier -> happy
    if (has(h1, sn - 1, "y") || !ing) return Base{sn - 1, "y"};
  }
  if (ing && last == 'y' && sn >= 2) {  // dying -> die
    if (has(h1, sn - 1, "ie")) return Base{sn - 1, "ie"};
  }
  // Unknown words: undouble a doubled final consonant (but not ll, ss),
  // restore an e after typical endings, else the bare stem.
  if (doubled && last != 'l' && last != 's' && last != 'z' && last != 'f') return Base{sn - 1, ""};
  if (last == 'v' || last == 'z' || last == 'c' || last == 'u' ||
      EndsWith(stem, "at") || EndsWith(stem, "it") || EndsWith(stem, "ur") ||
      EndsWith(stem, "ir") || EndsWith(stem, "iz") || EndsWith(stem, "is") ||
      (vc && sn <= 3)) {
    if (e_ok) return Base{sn, "e"};
  }
  return Base{sn, ""};
}

void Lemmatizer::RuleLemma(std::string_view word, uint8_t upos, uint8_t xpos,
                           std::string* out) const {
  std::string norm, lower;
  NormalizeForLemma(word, &norm);
  Lower(norm, &lower);
  RuleLemmaOf(norm, lower, upos, xpos, TagTable(), out);
}

void Lemmatizer::RuleLemmaOf(std::string_view norm, std::string_view lower, uint8_t upos,
                             uint8_t xpos, const Tags& t, std::string* out) const {
  if (xpos == t.pos) {
    out->assign("'s");
    return;
  }
  if (xpos == t.nnp || (upos == t.propn && xpos != t.nnps)) {
    out->assign(norm);
    ProperNoun(out);
    return;
  }
  if (xpos == t.cd) {
    // 200,000 -> 200000: drop commas between digits.
    out->assign(lower);
    bool digits_and_commas = !lower.empty();
    for (char c : lower) digits_and_commas &= (c >= '0' && c <= '9') || c == ',' || c == '.';
    if (digits_and_commas && lower.find(',') != std::string_view::npos) {
      out->erase(std::remove(out->begin(), out->end(), ','), out->end());
    }
    return;
  }
  // A hyphenated word: rules apply to the last part.
  // Most words have no hyphen: one memchr says so.
  const bool hyphen = !lower.empty() && std::memchr(lower.data(), '-', lower.size()) != nullptr;
  size_t dash = hyphen ? lower.rfind('-') : std::string_view::npos;
  size_t start = 0;
  if (dash != std::string_view::npos && dash > 0 && dash + 2 < lower.size() &&
      IsAsciiLetter(lower[dash + 1])) {
    start = dash + 1;
  }
  const std::string_view w = lower.substr(start);
  Base base;
  if (xpos == t.nns || xpos == t.nnps) {
    base = Plural(w, kLemmaNoun);
  } else if (xpos == t.vbz) {
    base = Plural(w, kLemmaVerb);
  } else if (xpos == t.vbd || xpos == t.vbn) {
    base = Suffixed(w, "ed", kLemmaVerb);
  } else if (xpos == t.vbg) {
    base = Suffixed(w, "ing", kLemmaVerb);
  } else if (xpos == t.jjr || xpos == t.rbr) {
    base = Suffixed(w, "er", kLemmaAdj | kLemmaAdv);
  } else if (xpos == t.jjs || xpos == t.rbs) {
    base = Suffixed(w, "est", kLemmaAdj | kLemmaAdv);
  } else {
    out->assign(lower);
    return;
  }
  // The base word is w[0, keep) + add.
  const size_t keep = base.keep;
  const std::string_view add = base.add;
  if (xpos == t.nnps) {
    // Americans -> American: keep the spelling of the word as written (the
    // base and w agree on w[0, keep) and on as much of add as w goes on with).
    const size_t limit = std::min(keep + add.size(), w.size());
    size_t common = keep;
    while (common < limit && add[common - keep] == w[common]) ++common;
    const std::string_view kept = norm.substr(0, start + common);
    SetTo(out, kept.data(), kept.size());
    out->append(add.substr(common - keep));
    return;
  }
  // clear + append: no aliasing check as in assign (lower is not *out).
  SetTo(out, lower.data(), start + keep);
  out->append(add);
}

void Lemmatizer::Lemma(std::string_view word, uint8_t upos, uint8_t xpos,
                       std::string* out) const {
  LemmaInline(word, false, upos, xpos, TagTable(), out);
}

inline void Lemmatizer::LemmaInline(std::string_view word, bool readable16, uint8_t upos,
                                    uint8_t xpos, const Tags& t, std::string* out) const {
  // Fast path for short ASCII words (nearly all): the lower-cased word in a
  // stack buffer, one hash for the exception filter and table, and the
  // lemma written once into *out.
  const size_t n = word.size();
  if (n > kFastBytes) {
    LemmaSlow(word, upos, xpos, out);
    return;
  }
  if (n == 0) {
    LemmaSlow(word, upos, xpos, out);
    return;
  }
  char buf[kFastBytes] = {};  // zero padding: PackWord of a short word is its first 8 bytes
  if (LowerShort(word, readable16, buf) >= 0x80) {
    // Typographic punctuation (’s “ — …) normalises to ASCII, and then the
    // lemma is that of the normalised word, which the fast path finds (as
    // LemmaSlow would: every step reads the normalised word).
    std::string norm;
    NormalizeForLemma(word, &norm);
    bool ascii = !norm.empty() && norm.size() <= kFastBytes;
    for (char c : norm) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      Lemma(norm, upos, xpos, out);
    } else {
      LemmaSlow(word, upos, xpos, out);
    }
    return;
  }
  const std::string_view lower(buf, n);
  const uint64_t packed = n <= 8 ? Load8(buf) : Load8(buf) ^ std::rotl(Load8(buf + n - 8), 31);
  // The filter test inline: most words stop here.
  const uint64_t hash = ExceptionHash(packed, n, xpos);
  const size_t bucket = FilterBucket(hash);
  if (!exception_filter_.empty() && ((exception_filter_[bucket / 64] >> (bucket % 64)) & 1) != 0) {
    if (const ExceptionSlot* e = ProbeException(lower, packed, hash, xpos)) {
      SetTo(out, arena_.data() + e->offset + e->form_length, e->lemma_length);
      return;
    }
  }
  if (n == 1 && word[0] >= 'A' && word[0] <= 'Z' && t.letter_as_written[xpos]) {
    SetTo(out, word.data(), n);  // "Plan B", "X": single capitals keep their case
    return;
  }
  if (!t.ruled[xpos] && upos != t.propn) {
    // Most words: the lemma is the lower-cased word ("the", "in", "said"/VB...).
    text::AssignReadable15(out, buf, n);  // buf holds kFastBytes
    return;
  }
  if (xpos != t.pos && (xpos == t.nnp || (upos == t.propn && xpos != t.nnps))) {
    // The commonest ruled case, as RuleLemmaOf() does it.
    if (readable16) {
      text::AssignReadable15(out, word.data(), n);
    } else {
      SetTo(out, word.data(), n);
    }
    ProperNoun(out);
    return;
  }
  RuleLemmaOf(word, lower, upos, xpos, t, out);
}

void Lemmatizer::LemmaSlow(std::string_view word, uint8_t upos, uint8_t xpos,
                           std::string* out) const {
  // The normalised, lower-cased word, written straight into *out: most
  // lemmas are just that. ASCII words need no normalising.
  out->assign(word);
  unsigned char high = 0;
  for (char& c : *out) {
    const auto u = static_cast<unsigned char>(c);
    high |= u;
    c = static_cast<char>(u + (static_cast<unsigned char>(u - 'A') < 26 ? 32 : 0));
  }
  const bool ascii = high < 0x80;
  if (!ascii) {
    NormalizeForLemma(word, out);
    for (char& c : *out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (const ExceptionSlot* e = FindException(*out, PackWord(*out), xpos)) {
    out->assign(arena_, e->offset + e->form_length, e->lemma_length);
    return;
  }
  const Tags& t = TagTable();
  if (word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z' && t.letter_as_written[xpos]) {
    out->assign(word);  // "Plan B", "X": single capitals keep their case
    return;
  }
  if (!t.ruled[xpos] && upos != t.propn) return;
  if (xpos != t.pos && (xpos == t.nnp || (upos == t.propn && xpos != t.nnps))) {
    if (ascii) {
      out->assign(word);
    } else {
      NormalizeForLemma(word, out);
    }
    ProperNoun(out);
    return;
  }
  std::string lower(*out);
  if (ascii) {
    RuleLemmaOf(word, lower, upos, xpos, t, out);
  } else {
    std::string norm;
    NormalizeForLemma(word, &norm);
    RuleLemmaOf(norm, lower, upos, xpos, t, out);
  }
}

std::string Lemmatizer::Lemma(std::string_view word, uint8_t upos, uint8_t xpos) const {
  std::string out;
  Lemma(word, upos, xpos, &out);
  return out;
}

namespace {

// "'s" before "been" or "got" is "has", not "is": he's been, it's got. Sets
// s->lemma to "have" when s is such an "'s" (lemma "be") and `next` the
// token after it, with its lemma.
inline void HaveBeforeParticiple(text::Token* s, const text::Token& next) {
  const std::string& lemma = s->lemma;
  if (lemma.size() != 2 || lemma[0] != 'b' || lemma[1] != 'e' || s->text.size() > 4) return;
  // Only an apostrophe (ASCII, or U+2018 U+2019 U+201B U+2032: lead byte
  // 0xE2) normalises to the "'" of "'s".
  const char first = s->text.empty() ? '\0' : s->text[0];
  if (first != '\'' && first != '\xE2') return;
  std::string norm;
  NormalizeForLemma(s->text, &norm);
  if (norm != "'s" && norm != "'S") return;
  const std::string& after = next.text;
  if ((next.lemma == "be" && after == "been") ||
      (next.lemma == "get" && (after == "got" || after == "gotten"))) {
    s->lemma = "have";
  }
}

}  // namespace

void Lemmatizer::Lemmatize(std::vector<text::Token>* tokens) const {
  std::vector<text::Token>& ts = *tokens;
  // A std::string's buffer holds at least 16 bytes (15 and the terminator,
  // in the object or on the heap), so LowerShort may load them whole.
  const Tags& tags = TagTable();
  text::Token* const t = ts.data();
  const size_t n = ts.size();
  for (size_t i = 0; i < n; ++i) {
    LemmaInline(t[i].text, t[i].text.capacity() >= 15, t[i].upos, t[i].xpos, tags, &t[i].lemma);
    // The token before is final but for this test, which needs this token's
    // lemma: in the same pass (a second pass over the sentence's tokens
    // would read them all again).
    if (i > 0) HaveBeforeParticiple(&t[i - 1], t[i]);
  }
}

}  // namespace relgraph::annotate
