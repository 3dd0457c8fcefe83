#include "src/annotate/entities_tokens.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace relgraph::annotate {

namespace {

bool FirstIsCapital(std::string_view t) {
  if (t.empty()) return false;
  const auto c = static_cast<unsigned char>(t[0]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c == 0xC3 && t.size() > 1) {
    const auto d = static_cast<unsigned char>(t[1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

// Tokens after which the next word is capitalised for position, not because
// it is a name.
bool OpensClause(std::string_view t) {
  // By length, so that most words (longer than 3 bytes, or not starting
  // with one of these bytes) cost one or two tests.
  switch (t.size()) {
    case 1:
      switch (t[0]) {
        case ':': case '"': case '\'': case '`': case '-': case '*': case '?': case '!': case '.':
        case '(': case '[':
          return true;
        default:
          return false;
      }
    case 2:
      return t == "``" || t == "--";
    case 3:
      // U+201C, U+2018, U+2014, U+2013, U+2022.
      return t[0] == '\xE2' && t[1] == '\x80' &&
             (t[2] == '\x9C' || t[2] == '\x98' || t[2] == '\x94' || t[2] == '\x93' || t[2] == '\xA2');
    default:
      return false;
  }
}

// OpensClause for the tokens of one byte.
struct ByteFlags {
  bool v[256];
};
constexpr ByteFlags kOpensClauseByte = [] {
  ByteFlags t{};
  for (const char c : {':', '"', '\'', '`', '-', '*', '?', '!', '.', '(', '['}) {
    t.v[static_cast<unsigned char>(c)] = true;
  }
  return t;
}();

// The bytes of a text of 1 to 8 bytes as one word (little-endian, zeros
// past the text), read with one load: a std::string's buffer always holds
// at least 16 bytes (the small-string buffer, or a heap block made for more
// than 15), so the load stays inside it; the bytes past the text are
// masked off.
inline uint64_t ShortKey(const std::string& text) {
  uint64_t w = 0;
  std::memcpy(&w, text.data(), 8);
  // A shift instead of a branch on the length (which would often be
  // mispredicted); callers pass 1 to 8 bytes.
  return w & (~uint64_t{0} >> (64 - 8 * text.size()));
}

inline size_t MemoSlot(uint64_t key, size_t len, int bits) {
  return static_cast<size_t>(((key ^ len) * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

}  // namespace

SentenceView::SentenceView(const EntityLexicon& lexicon, const Gazetteer* gazetteer,
                           uint8_t upos_propn, uint8_t xpos_nnp, uint8_t xpos_nnps,
                           bool lexicon_marks_gazetteer)
    : lexicon_(&lexicon),
      gazetteer_(gazetteer),
      upos_propn_(upos_propn),
      xpos_nnp_(xpos_nnp),
      xpos_nnps_(xpos_nnps),
      lexicon_marks_gazetteer_(lexicon_marks_gazetteer && gazetteer != nullptr) {}

SentenceView::SentenceView(const std::vector<text::Token>& tokens, const EntityLexicon& lexicon,
                           uint8_t upos_propn, uint8_t xpos_nnp, uint8_t xpos_nnps)
    : SentenceView(lexicon, nullptr, upos_propn, xpos_nnp, xpos_nnps) {
  Reset(tokens);
}

void SentenceView::Reset(const std::vector<text::Token>& tokens) { ResetImpl(tokens, nullptr); }

void SentenceView::ResetClearingEntities(std::vector<text::Token>* tokens) {
  ResetImpl(*tokens, tokens->data());
}

void SentenceView::ResetImpl(const std::vector<text::Token>& tokens, text::Token* writable) {
  tokens_ = &tokens;
  const size_t n = tokens.size();
  if (f_.size() < n) {
    f_.resize(n);
    cap_index_.resize(n);
  }
  n_ = n;
  if (memo_ == nullptr) {
    // Only the lengths need a value: a slot is read after its len matched.
    memo_ = std::unique_ptr<Memo[]>(new Memo[size_t{1} << kMemoBits]);
    for (size_t k = 0; k < (size_t{1} << kMemoBits); ++k) memo_[k].len = 0;
  }
  // Pass 1 computes what needs only the token's bytes and starts loading
  // the table slots its hash points to; pass 2 reads them. The tables are
  // cold after the tagger ran over the document, and a load issued a whole
  // sentence ahead overlaps with the others instead of stalling each token.
  // Both passes work through local pointers: stores to the features would
  // otherwise make the compiler reload the vectors' bounds for every token.
  bool at_start = true, prev_opens = false;
  unsigned tags = 0;
  // Tokens of one byte (punctuation, mostly) take all their lookups from a
  // table of the lexicon, and words met before from the memo; pass 2 skips
  // both (marked by covered = 1 until then).
  const EntityLexicon::OneByte* one_byte = lexicon_marks_gazetteer_ ? lexicon_->one_byte() : nullptr;
  const text::Token* tok = tokens.data();
  TokenFeatures* feat = f_.data();
  Memo* memo = memo_.get();
  for (size_t i = 0; i < n; ++i) {
    const text::Token& t = tok[i];
    TokenFeatures& f = feat[i];
    const std::string_view text = t.text;
    const size_t len = text.size();
    uint64_t h = 0;
    uint8_t covered = 0;
    bool opens = false;
    const Memo* m = nullptr;
    if (len - 2 < 7) {  // 2 to 8 bytes
      const uint64_t key = ShortKey(t.text);
      const Memo& slot = memo[MemoSlot(key, len, kMemoBits)];
      if (slot.len == len && slot.key == key) m = &slot;
    }
    if (one_byte != nullptr && len == 1) {
      const EntityLexicon::OneByte& o = one_byte[static_cast<unsigned char>(text[0])];
      h = o.hash;
      f.alpha = o.alpha;
      f.hyphen = o.hyphen;
      f.word = lexicon_->word_of(o);
      f.bits = o.bits;
      f.gaz_start = o.gaz_start;
      covered = 1;
      opens = kOpensClauseByte.v[static_cast<unsigned char>(text[0])];
    } else if (m != nullptr) {
      // A word this view met before: as for one byte.
      h = m->hash;
      const unsigned flags = m->flags;
      f.alpha = (flags & kMemoAlpha) != 0;
      f.hyphen = (flags & kMemoHyphen) != 0;
      f.word = m->word;
      f.bits = m->bits;
      f.gaz_start = m->gaz_start;
      covered = 1;
      opens = (flags & kMemoOpens) != 0;
    } else {
      // The normalised hash (as Gazetteer::HashToken) and, from the folded
      // bytes, whether there is a letter or a hyphen. Most tokens are plain
      // ASCII: one table load per byte.
      uint32_t flags = 0;
      if (gaztext::HashPlain(gaztext::kFnvSeed, text, &h, &flags)) {
        f.alpha = (flags & gaztext::kPlainLetter) != 0;
        f.hyphen = (flags & gaztext::kPlainHyphen) != 0;
      } else {
        h = gaztext::kFnvSeed;
        bool letter = false, hyphen = false;
        gaztext::FoldBytes(text, true, [&](unsigned char c) {
          h = gaztext::Step(h, c);
          letter |= c >= 0x80 || (c >= 'a' && c <= 'z');
          hyphen |= c == '-';
        });
        f.alpha = letter;
        f.hyphen = hyphen;
      }
      if (h == 0) h = 1;
      lexicon_->Prefetch(h);
      if (gazetteer_ != nullptr) gazetteer_->PrefetchStart(h);
      // Longer tokens never open a clause, nor do those of two or three
      // bytes that start with anything but '`', '-' or the lead byte of
      // U+2000..U+2FFF.
      if (len == 1 || (len > 1 && len <= 3 && (text[0] == '`' || text[0] == '-' || text[0] == '\xE2'))) {
        opens = OpensClause(text);
      }
    }
    f.hash = h;  // never 0: HashToken's (and the one-byte table's) 0 is 1
    f.covered = covered;
    text::Shape shape = t.shape;
    if (shape == text::Shape::kOther && len != 0) shape = text::ShapeOf(text);
    f.shape = shape;
    // FirstIsCapital, with the ASCII test shared.
    const unsigned c0 = len == 0 ? 0u : static_cast<unsigned char>(text[0]);
    const bool ascii_upper = c0 - 'A' < 26u;
    f.ascii_upper = ascii_upper;
    f.cap = ascii_upper || (c0 == 0xC3 && FirstIsCapital(text));
    if (writable != nullptr) {
      writable[i].ent_type = 0;
      writable[i].ent_iob = text::Iob::kO;
    }
    tags |= static_cast<unsigned>(t.upos | t.xpos);
    f.initial = at_start || prev_opens;
    // The sentence start lasts over leading punctuation and symbols.
    at_start = at_start && (shape == text::Shape::kPunct || shape == text::Shape::kSymbol);
    prev_opens = opens;
  }
  tagged_ = tags != 0;
  headline_ = -1;  // computed when asked (see headline())
  uint32_t* cap_index = cap_index_.data();
  size_t n_cap = 0;
  for (size_t i = 0; i < n; ++i) {
    TokenFeatures& f = feat[i];
    cap_index[n_cap] = static_cast<uint32_t>(i);
    n_cap += f.cap ? 1 : 0;
    if (f.covered) {
      f.covered = 0;  // looked up in pass 1
    } else {
      if (lexicon_marks_gazetteer_) {
        // A word of the lexicon (most frequent words are: stop words) knows
        // whether it starts a gazetteer name; others ask the gazetteer.
        f.word = lexicon_->Find(f.hash, &f.bits, &f.gaz_start);
        if (f.word == nullptr) f.gaz_start = gazetteer_->MayStartWith(f.hash);
      } else {
        f.word = lexicon_->Find(f.hash, &f.bits);
        f.gaz_start = gazetteer_ != nullptr && gazetteer_->MayStartWith(f.hash);
      }
      const std::string& text = tok[i].text;
      if (const size_t len = text.size(); len - 2 < 7) {
        const uint64_t key = ShortKey(text);
        Memo& slot = memo[MemoSlot(key, len, kMemoBits)];
        slot.key = key;
        slot.hash = f.hash;
        slot.word = f.word;
        slot.bits = static_cast<uint32_t>(f.bits);
        slot.len = static_cast<uint8_t>(len);
        slot.flags = static_cast<uint8_t>((f.alpha ? kMemoAlpha : 0) | (f.hyphen ? kMemoHyphen : 0) |
                                          (len <= 3 && OpensClause(text) ? kMemoOpens : 0));
        slot.gaz_start = f.gaz_start;
      }
    }
  }
  n_cap_ = n_cap;
}

bool SentenceView::ComputeHeadline() const {
  int caps = 0, lower_content = 0;
  for (size_t i = 0; i < n_; ++i) {
    const TokenFeatures& f = f_[i];
    if (f.alpha) {
      if (f.cap) {
        ++caps;
      } else if (!(f.bits & kStop) && f.shape == text::Shape::kLower) {
        ++lower_content;
      }
    }
  }
  return caps >= 3 && lower_content == 0;
}

bool SentenceView::IsWord(size_t i, std::string_view lower) const {
  if (i >= n_) return false;
  std::string_view t = (*tokens_)[i].text;
  if (t.size() != lower.size()) return false;
  for (size_t k = 0; k < t.size(); ++k) {
    auto c = static_cast<unsigned char>(t[k]);
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c != static_cast<unsigned char>(lower[k])) return false;
  }
  return true;
}

int SentenceView::Propn(size_t i) const {
  const text::Token& t = (*tokens_)[i];
  if (t.upos == 0 && t.xpos == 0) return 0;
  if ((t.upos != 0 && t.upos == upos_propn_) || (t.xpos != 0 && (t.xpos == xpos_nnp_ || t.xpos == xpos_nnps_))) {
    return 1;
  }
  return -1;
}

std::string SentenceView::Surface(size_t b, size_t e) const {
  std::string out;
  AppendSurface(b, e, &out);
  return out;
}

void SentenceView::AppendSurface(size_t b, size_t e, std::string* out) const {
  for (size_t i = b; i < e && i < size(); ++i) {
    if (i > b && SpaceBefore(i)) out->push_back(' ');
    out->append((*tokens_)[i].text);
  }
}

bool ParsePlainNumber(std::string_view t, double* value) {
  if (t.empty() || t.size() > 40) return false;
  char buf[48];
  size_t n = 0;
  bool digit = false, dot = false;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c >= '0' && c <= '9') {
      buf[n++] = c;
      digit = true;
    } else if (c == ',' && digit && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9' && !dot) {
      continue;
    } else if (c == '.' && !dot && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') {
      buf[n++] = '.';
      dot = true;
    } else {
      return false;
    }
  }
  if (!digit) return false;
  // Up to 15 digits make an integer below 2^53, and 10^k is exact for k <=
  // 22: the quotient of two exact doubles is rounded once, as strtod rounds
  // the decimal, so both give the same double (Clinger's fast path). Most
  // numbers in news take it; others go through strtod.
  const size_t digits = dot ? n - 1 : n;
  if (digits <= 15) {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    uint64_t m = 0;
    size_t frac = 0;
    bool after_dot = false;
    for (size_t k = 0; k < n; ++k) {
      if (buf[k] == '.') {
        after_dot = true;
        continue;
      }
      m = m * 10 + static_cast<uint64_t>(buf[k] - '0');
      if (after_dot) ++frac;
    }
    *value = static_cast<double>(m) / kPow10[frac];
    return true;
  }
  buf[n] = '\0';
  *value = std::strtod(buf, nullptr);
  return true;
}

bool ParseScaledNumber(std::string_view t, const EntityLexicon& lexicon, double* value) {
  size_t k = t.size();
  while (k > 0 && gaztext::IsAsciiLetter(static_cast<unsigned char>(t[k - 1]))) --k;
  if (k == 0 || k == t.size() || t.size() - k > 3) return false;
  double v = 0;
  if (!ParsePlainNumber(t.substr(0, k), &v)) return false;
  const WordInfo* w = lexicon.Find(Gazetteer::HashToken(t.substr(k)));
  if (w == nullptr || !(w->bits & kScale)) return false;
  *value = v * w->scale;
  return true;
}

std::string FormatNumber(double v) {
  char buf[64];
  if (std::fabs(v) < 1e18 && v == std::floor(v)) {
    // An integer below 1e18 converts exactly and prints as "%.0f" would,
    // except -0, which "%.0f" prints with its sign.
    if (v == 0 && std::signbit(v)) return "-0";
    const auto r = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(v));
    return std::string(buf, r.ptr);
  }
  std::snprintf(buf, sizeof(buf), "%.6f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace relgraph::annotate
