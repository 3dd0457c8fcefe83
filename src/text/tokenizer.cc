#include "src/text/tokenizer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "src/text/chars.h"
#include "src/text/normalize.h"
#include "src/text/raw_token.h"
#include "src/text/shape.h"

namespace relgraph::text {

namespace internal {

namespace {

using chars::Class;

inline bool AsciiLowerEq(std::string_view s, size_t i, std::string_view lit) {
  if (i + lit.size() > s.size()) return false;
  for (size_t k = 0; k < lit.size(); ++k) {
    char c = s[i + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    if (c != lit[k]) return false;
  }
  return true;
}

inline bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The high bit of each of the 8 bytes at p that is not an ASCII small letter
// (a-z); 0 when all are.
static_assert(std::endian::native == std::endian::little, "NotAsciiLower8: byte i is bits 8i..8i+7");
inline uint64_t NotAsciiLower8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return ~AsciiInRange8(v, 'a', 'z') & 0x8080808080808080ULL;
}

// False for bytes that cannot join two parts of a word: every ASCII byte but
// - . , : / & _ ' (ScanWord's joiners). Non-ASCII bytes may (U+2010, U+2019).
constexpr std::array<bool, 256> MakeMayJoin() {
  std::array<bool, 256> t{};
  for (int c = 0x80; c < 256; ++c) t[c] = true;
  for (char c : {'-', '.', ',', ':', '/', '&', '_', '\''}) t[static_cast<unsigned char>(c)] = true;
  return t;
}
inline constexpr std::array<bool, 256> kMayJoin = MakeMayJoin();
inline bool MayJoin(unsigned char c) { return kMayJoin[c]; }

// Bytes that end a plain word (ScanPlainWord): ASCII, no letter or digit,
// and no joiner.
constexpr std::array<bool, 256> MakeEndsPlainWord() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x80; ++c) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    t[c] = !alnum && !kMayJoin[c];
  }
  return t;
}
inline constexpr std::array<bool, 256> kEndsPlainWord = MakeEndsPlainWord();

// The flags a token's first character gives it, by class.
constexpr std::array<uint8_t, chars::kSymbol + 1> MakeFirstFlags() {
  std::array<uint8_t, chars::kSymbol + 1> t{};
  t[chars::kUpper] = kCapital;
  t[chars::kLower] = kLowerStart;
  t[chars::kCaseless] = kCaselessStart;
  return t;
}
inline constexpr std::array<uint8_t, chars::kSymbol + 1> kFirstFlags = MakeFirstFlags();
// The kinds that take kAllUpper, as bits.
inline constexpr uint32_t kAllUpperKinds =
    (uint32_t{1} << static_cast<uint8_t>(Kind::kWord)) |
    (uint32_t{1} << static_cast<uint8_t>(Kind::kAbbrev)) |
    (uint32_t{1} << static_cast<uint8_t>(Kind::kAcronym)) |
    (uint32_t{1} << static_cast<uint8_t>(Kind::kInitial));

// What a word's final period adds to its shape counts.
constexpr uint64_t kPeriodCount = shape::kPackedCounts[static_cast<unsigned char>('.')];

class Scanner {
 public:
  Scanner(std::string_view text, const Lexicon& lexicon, std::vector<RawToken>* out,
          RawIndex* index)
      : s_(text), lex_(lexicon), out_(out), index_(index) {}

  void Run();

 private:
  // Bytes [b, e) of the text, b <= e <= size (no range check: a hot path).
  std::string_view Bytes(size_t b, size_t e) const { return std::string_view(s_.data() + b, e - b); }
  Class ClassAt(size_t i, size_t* len) const { return chars::ClassAt(s_, i, len); }
  Class ClassAt(size_t i) const {
    size_t len;
    return i < s_.size() ? chars::ClassAt(s_, i, &len) : chars::kSpace;
  }

  // Appends the token [b, e) (cut into pieces when over kMaxTokenBytes).
  void Emit(size_t b, size_t e, Kind kind, AbbrevClass abbrev = AbbrevClass::kNone);
  // Same, where `packed` is the sum of shape::kPackedCounts over the bytes
  // (only read when [b, e) is short and ASCII).
  // Both inlined: they run once a token, and a call costs as much as their work.
  [[gnu::always_inline]] void EmitPacked(size_t b, size_t e, Kind kind, AbbrevClass abbrev,
                                         uint64_t packed);
  [[gnu::always_inline]] void Push(size_t b, size_t e, Kind kind, AbbrevClass abbrev, Shape shape,
                                   bool all_upper);
  size_t ScanUrl(size_t i) const;
  bool MayStartEmail(size_t i);
  size_t ScanEmail(size_t i) const;
  size_t ScanWord(size_t i);
  size_t ScanPunct(size_t i, Class c, size_t len);
  size_t SkipExtends(size_t i) const;
  // The first index from i on that is not an ASCII small letter (a-z).
  size_t SmallLettersEnd(size_t i) const;
  // A plain word at i (ASCII letters, all small but maybe the first, ended
  // by the text end or an ASCII byte that can neither continue nor join
  // it, no e-mail address, no split): emits it as ScanWord would and
  // returns its end; returns i, emitting nothing, for any other word.
  size_t ScanPlainWord(size_t i);
  size_t NextNonSpace(size_t i) const;

  std::string_view s_;
  const Lexicon& lex_;
  std::vector<RawToken>* out_;
  RawIndex* index_;
  uint8_t newlines_ = 0;
  bool space_ = true;
  // The next '@' at or after the last word start (npos: none), and where the
  // run of e-mail characters that ends at it begins (see MayStartEmail).
  size_t next_at_ = 0;  // 0 before the first search
  size_t at_run_begin_ = 0;
};

inline void Scanner::Push(size_t b, size_t e, Kind kind, AbbrevClass abbrev, Shape shape,
                   bool all_upper) {
  RawToken t;
  t.begin = static_cast<uint32_t>(b);
  t.end = static_cast<uint32_t>(e);
  t.kind = kind;
  t.abbrev = abbrev;
  t.newlines_before = newlines_;
  t.shape = shape;
  const auto b0 = static_cast<unsigned char>(s_[b]);
  size_t len;
  const Class first = b0 < 0x80 ? chars::Classify(b0) : ClassAt(b, &len);
  // Table lookups and masks instead of a compare a flag.
  uint8_t flags = static_cast<uint8_t>((space_ ? kSpaceBefore : 0) | kFirstFlags[first]);
  if (all_upper && ((kAllUpperKinds >> static_cast<uint8_t>(kind)) & 1) != 0) flags |= kAllUpper;
  t.flags = flags;
  // The splitter's lists (kind is a constant at most call sites).
  const auto at = static_cast<uint32_t>(out_->size());
  if (newlines_ != 0 || kind == Kind::kBullet) index_->line_starts.push_back(at);
  if ((KindBit(kind) & kTerminatorKinds) != 0) index_->terminators.push_back(at);
  if ((kind == Kind::kNumber && e - b <= 3) || kind == Kind::kInitial ||
      (kind == Kind::kWord && e - b == 1)) {
    index_->markers.push_back(at);
  }
  out_->push_back(t);
  newlines_ = 0;
  space_ = false;
}

inline void Scanner::EmitPacked(size_t b, size_t e, Kind kind, AbbrevClass abbrev, uint64_t packed) {
  if (e - b > shape::kMaxPackedBytes) {
    Emit(b, e, kind, abbrev);
    return;
  }
  bool upper, lower;
  const Shape shape = shape::Field(packed, shape::kBHigh) != 0
                          ? ShapeOfCased(Bytes(b, e), &upper, &lower)
                          : shape::ShapeOfAsciiPacked(Bytes(b, e), packed, &upper, &lower);
  Push(b, e, kind, abbrev, shape, upper && !lower);
}

void Scanner::Emit(size_t b, size_t e, Kind kind, AbbrevClass abbrev) {
  if (e == b + 1) {
    // One byte (most punctuation): the shape from a table.
    const auto c = static_cast<unsigned char>(s_[b]);
    if (c < 0x80) {
      Push(b, e, kind, abbrev, shape::kSingleByteShapes[c], c >= 'A' && c <= 'Z');
      return;
    }
  }
  if (e - b > shape::kMaxPackedBytes) [[unlikely]] {
    // Cut very long tokens (a run of junk without spaces) at a character
    // boundary, so that no single token can exceed the sentence byte limit.
    while (e - b > kMaxTokenBytes) {
      size_t cut = b + kMaxTokenBytes;
      while (cut > b && (static_cast<unsigned char>(s_[cut]) & 0xC0) == 0x80) --cut;
      if (cut == b) cut = b + kMaxTokenBytes;
      Emit(b, cut, kind, abbrev);
      b = cut;
    }
    bool upper, lower;
    const Shape shape = ShapeOfCased(s_.substr(b, e - b), &upper, &lower);
    Push(b, e, kind, abbrev, shape, upper && !lower);
    return;
  }
  uint64_t packed = 0;
  for (size_t k = b; k < e; ++k) packed += shape::kPackedCounts[static_cast<unsigned char>(s_[k])];
  EmitPacked(b, e, kind, abbrev, packed);
}

inline size_t Scanner::SmallLettersEnd(size_t i) const {
  const size_t n = s_.size();
  // Eight bytes at a time while they are all small letters.
  while (i + 8 <= n) {
    const uint64_t others = NotAsciiLower8(s_.data() + i);
    if (others != 0) return i + static_cast<size_t>(std::countr_zero(others)) / 8;
    i += 8;
  }
  while (i < n && s_[i] >= 'a' && s_[i] <= 'z') ++i;
  return i;
}

// Most words: what ScanWord would find, without its joiner, abbreviation
// and clitic machinery. ScanWord stops such a word at the same byte (not a
// word character, and MayJoin is false, or the text ends), finds no period
// after it and no apostrophe in it, and emits it whole as a kWord unless the
// lexicon splits it; URLs need a ':' or '.' after their first letters.
inline size_t Scanner::ScanPlainWord(size_t i) {
  const size_t n = s_.size();
  const size_t r = SmallLettersEnd(i + 1);
  if (r < n && !kEndsPlainWord[static_cast<unsigned char>(s_[r])]) return i;
  // MayStartEmail(i), its one-compare case inline (a call costs more).
  if (next_at_ > i ? i >= at_run_begin_ : MayStartEmail(i)) return i;
  if (lex_.TokenSplit(Bytes(i, r)) != nullptr) return i;
  const uint64_t packed = shape::kPackedCounts[static_cast<unsigned char>(s_[i])] +
                          (static_cast<uint64_t>(r - i - 1) << (8 * shape::kBLower));
  EmitPacked(i, r, Kind::kWord, AbbrevClass::kNone, packed);
  return r;
}

size_t Scanner::SkipExtends(size_t i) const {
  size_t len;
  while (i < s_.size() && ClassAt(i, &len) == chars::kExtend) i += len;
  return i;
}

size_t Scanner::NextNonSpace(size_t i) const {
  size_t len;
  while (i < s_.size() && chars::IsSpace(ClassAt(i, &len))) i += len;
  return i;
}

// A URL from i (which starts with a scheme or "www."): up to the next space,
// less trailing punctuation that belongs to the sentence. Returns i when what
// is left is only the prefix.
size_t Scanner::ScanUrl(size_t i) const {
  size_t j = i;
  size_t len;
  while (j < s_.size() && !chars::IsSpace(ClassAt(j, &len))) j += len;
  int open_paren = 0, close_paren = 0, open_square = 0, close_square = 0;
  for (size_t k = i; k < j; ++k) {
    switch (s_[k]) {
      case '(': ++open_paren; break;
      case ')': ++close_paren; break;
      case '[': ++open_square; break;
      case ']': ++close_square; break;
      default: break;
    }
  }
  while (j > i) {
    const auto last = static_cast<unsigned char>(s_[j - 1]);
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
        last == '"' || last == '\'' || last == '*' || last == '>' || last == '<') {
      --j;
    } else if (last == ')' && close_paren > open_paren) {
      --close_paren;
      --j;
    } else if (last == ']' && close_square > open_square) {
      --close_square;
      --j;
    } else if (last >= 0x80) {
      // A trailing non-ASCII punctuation character (closing quote, ellipsis).
      size_t b = j - 1;
      while (b > i && (static_cast<unsigned char>(s_[b]) & 0xC0) == 0x80) --b;
      const Class c = ClassAt(b, &len);
      if (c == chars::kCloseQuote || c == chars::kApostrophe || c == chars::kEllipsis ||
          c == chars::kDash || c == chars::kOpenQuote) {
        j = b;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  return j;
}

inline bool IsEmailLocalChar(char c) {
  return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// False when ScanEmail(i) would find no address: the run of e-mail
// characters from i must reach an '@', that is, the next '@' must come
// after i with nothing but e-mail characters in between. Word starts only
// move forward, so the next '@' and the start of the run before it are
// found once each (instead of scanning every word for an '@').
bool Scanner::MayStartEmail(size_t i) {
  // One compare for most words: the '@' found last is still ahead. (A word
  // never starts at an '@', so <= finds the first call, next_at_ = 0, and a
  // passed '@' alike; npos is never passed.)
  if (next_at_ <= i) {
    next_at_ = s_.find('@', i);
    at_run_begin_ = next_at_;  // npos: no word starts an address
    if (next_at_ != std::string_view::npos) {
      while (at_run_begin_ > i && IsEmailLocalChar(s_[at_run_begin_ - 1])) --at_run_begin_;
    }
  }
  return i >= at_run_begin_ && i < next_at_;
}

// An e-mail address at i, returning its end, or i when there is none.
size_t Scanner::ScanEmail(size_t i) const {
  size_t j = i;
  const size_t n = s_.size();
  while (j < n) {
    const char c = s_[j];
    if (IsEmailLocalChar(c)) {
      ++j;
    } else {
      break;
    }
  }
  if (j == i || j >= n || s_[j] != '@') return i;
  size_t k = j + 1;
  size_t last_dot = 0;
  while (k < n && (IsAsciiAlnum(s_[k]) || s_[k] == '-' || s_[k] == '.')) {
    if (s_[k] == '.') last_dot = k;
    ++k;
  }
  while (k > j + 1 && (s_[k - 1] == '.' || s_[k - 1] == '-')) --k;
  last_dot = 0;
  for (size_t d = j + 1; d < k; ++d) {
    if (s_[d] == '.') last_dot = d;
  }
  if (last_dot <= j + 1 || last_dot + 1 >= k) return i;
  return k;
}

// A word from i: letters and digits joined by hyphens, apostrophes, inner
// periods (3.5, U.S, example.com), digit commas and colons (1,000 10:30),
// slashes (and/or) and ampersands between capitals (AT&T). Emits it, with
// its period when it is an abbreviation, and splits clitics off.
size_t Scanner::ScanWord(size_t i) {
  const size_t n = s_.size();
  size_t q = i;
  size_t len;
  // The current segment (between joiners).
  size_t seg_chars = 0;
  bool seg_digits = true, seg_letters = true, seg_upper = true;
  bool all_single_letter_segments = true;
  bool dotted = false, joined = false;
  size_t last_apostrophe = SIZE_MAX, apostrophe_len = 0;
  int segments = 1;
  // The word's bytes counted by shape class as they are scanned (see
  // EmitPacked; a lead byte of a non-ASCII character counts as kBHigh, and
  // the counts are not read for words of over shape::kMaxPackedBytes bytes).
  uint64_t packed = 0;

  auto start_segment = [&]() {
    if (seg_chars != 1 || !seg_letters) all_single_letter_segments = false;
    seg_chars = 0;
    seg_digits = seg_letters = seg_upper = true;
    ++segments;
  };

  while (true) {
    while (q < n) {
      // A run of ASCII small letters (most of most words) in one go: each is
      // a letter, not a digit and not a capital.
      if (s_[q] >= 'a' && s_[q] <= 'z') {
        const size_t r = SmallLettersEnd(q + 1);
        seg_chars += r - q;
        packed += static_cast<uint64_t>(r - q) << (8 * shape::kBLower);
        seg_digits = false;
        seg_upper = false;
        q = r;
        continue;
      }
      const Class c = ClassAt(q, &len);
      if (!chars::IsWordChar(c)) break;
      packed += shape::kPackedCounts[static_cast<unsigned char>(s_[q])];
      if (c != chars::kExtend) {
        ++seg_chars;
        if (c != chars::kDigit) seg_digits = false;
        if (!chars::IsLetter(c)) seg_letters = false;
        if (c != chars::kUpper) seg_upper = false;
      }
      q += len;
    }
    if (q >= n) break;
    // Most words end at a space or punctuation that cannot join: no need to
    // classify the character after it.
    if (!MayJoin(static_cast<unsigned char>(s_[q]))) break;
    const Class c = ClassAt(q, &len);
    const size_t after = q + len;
    if (after >= n) break;
    size_t nlen;
    const Class next = ClassAt(after, &nlen);
    const bool next_word = chars::IsWordChar(next) && next != chars::kExtend;
    const char ch = s_[q];
    bool join = false;
    if (c == chars::kHyphen) {
      join = next_word;
    } else if (ch == '.') {
      if (next_word) {
        // 3.5, example.com, U.S, and a capital with its own period (Ph.D.).
        join = (seg_digits && next == chars::kDigit) || next == chars::kLower ||
               next == chars::kDigit || (seg_chars == 1 && seg_letters) ||
               (next == chars::kUpper && after + nlen < n && s_[after + nlen] == '.');
      }
      if (join) dotted = true;
    } else if (ch == ',' || ch == ':') {
      join = seg_digits && seg_chars > 0 && next == chars::kDigit;
    } else if (ch == '/') {
      join = next_word && s_[after] != '/';
    } else if (ch == '&') {
      join = seg_upper && seg_chars > 0 && next == chars::kUpper;
    } else if (ch == '_') {
      join = next_word;
    } else if (c == chars::kApostrophe) {
      join = chars::IsLetter(next);
      if (join) {
        last_apostrophe = q;
        apostrophe_len = len;
      }
    }
    if (!join) break;
    joined = true;
    packed += shape::kPackedCounts[static_cast<unsigned char>(ch)];
    q = after;
    start_segment();
  }
  if (seg_chars != 1 || !seg_letters) all_single_letter_segments = false;

  const std::string_view word = Bytes(i, q);
  const bool starts_digit =
      IsAsciiDigit(s_[i]) || (static_cast<unsigned char>(s_[i]) >= 0x80 && ClassAt(i) == chars::kDigit);

  // The period after the word: part of an abbreviation, an acronym or an
  // initial; otherwise a token of its own.
  if (q < n && s_[q] == '.' && !(q + 1 < n && s_[q + 1] == '.') && !starts_digit) {
    AbbrevClass cls = lex_.Abbreviation(word);
    if (cls == AbbrevClass::kPrenumber) {
      const size_t k = NextNonSpace(q + 1);
      if (!(k < n && IsAsciiDigit(s_[k]))) cls = AbbrevClass::kNone;
    }
    if (cls != AbbrevClass::kNone) {
      EmitPacked(i, q + 1, Kind::kAbbrev, cls, packed + kPeriodCount);
      return q + 1;
    }
    if (dotted && all_single_letter_segments && segments >= 2) {
      EmitPacked(i, q + 1, Kind::kAcronym, AbbrevClass::kFinal, packed + kPeriodCount);
      return q + 1;
    }
    if (segments == 1 && seg_chars == 1 && seg_letters) {
      EmitPacked(i, q + 1, Kind::kInitial, AbbrevClass::kFinal, packed + kPeriodCount);
      return q + 1;
    }
  }

  const Kind kind = starts_digit ? Kind::kNumber : Kind::kWord;

  // Clitics: n't, 's, 'm, 'd, 're, 've, 'll.
  if (last_apostrophe != SIZE_MAX) {
    const size_t a = last_apostrophe;
    const std::string_view suffix = s_.substr(a + apostrophe_len, q - a - apostrophe_len);
    auto lower_is = [&](std::string_view lit) { return AsciiLowerEq(suffix, 0, lit) && suffix.size() == lit.size(); };
    if (lower_is("t") && a > i + 1 && (s_[a - 1] == 'n' || s_[a - 1] == 'N')) {
      Emit(i, a - 1, kind);
      Emit(a - 1, q, Kind::kClitic);
      return q;
    }
    if (a > i && (lower_is("s") || lower_is("m") || lower_is("d") || lower_is("re") ||
                  lower_is("ve") || lower_is("ll"))) {
      Emit(i, a, kind);
      Emit(a, q, Kind::kClitic);
      return q;
    }
  }
  if (!joined) {
    if (const std::vector<uint8_t>* parts = lex_.TokenSplit(word)) {
      size_t b = i;
      for (uint8_t part : *parts) {
        Emit(b, b + part, kind);
        b += part;
      }
      return q;
    }
  }
  EmitPacked(i, q, kind, AbbrevClass::kNone, packed);
  return q;
}

size_t Scanner::ScanPunct(size_t i, Class c, size_t len) {
  const size_t n = s_.size();
  const char ch = s_[i];
  switch (c) {
    case chars::kPeriod: {
      size_t j = i + len;
      if (ch == '.') {
        while (j < n && s_[j] == '.') ++j;
      }
      Emit(i, j, j - i > 1 ? Kind::kEllipsis : Kind::kPeriod);
      return j;
    }
    case chars::kEllipsis: {
      size_t j = i + len;
      size_t l2;
      while (j < n && (s_[j] == '.' || ClassAt(j, &l2) == chars::kEllipsis)) j += (s_[j] == '.') ? 1 : l2;
      Emit(i, j, Kind::kEllipsis);
      return j;
    }
    case chars::kStop: {
      size_t j = i + len;
      size_t l2;
      while (j < n && ClassAt(j, &l2) == chars::kStop) j += l2;
      Emit(i, j, Kind::kStop);
      return j;
    }
    case chars::kComma: Emit(i, i + len, Kind::kComma); return i + len;
    case chars::kColon: Emit(i, i + len, Kind::kColon); return i + len;
    case chars::kSemicolon: Emit(i, i + len, Kind::kSemicolon); return i + len;
    case chars::kQuote: Emit(i, i + len, Kind::kQuote); return i + len;
    case chars::kApostrophe:
    case chars::kOpenQuote: {
      const size_t j = i + len;
      // "'s" after a token it is attached to: "Jr.'s", "(U.S.)'s".
      if (c == chars::kApostrophe && !space_ && j < n && (s_[j] == 's' || s_[j] == 'S') &&
          !chars::IsWordChar(ClassAt(j + 1))) {
        Emit(i, j + 1, Kind::kClitic);
        return j + 1;
      }
      // Decades: '90s, ‘90s.
      if (j + 2 < n && IsAsciiDigit(s_[j]) && IsAsciiDigit(s_[j + 1]) && s_[j + 2] == 's' &&
          !chars::IsWordChar(ClassAt(j + 3)) && ch != '`') {
        Emit(i, j + 3, Kind::kNumber);
        return j + 3;
      }
      if (ch == '`') {
        size_t k = j;
        while (k < n && s_[k] == '`') ++k;
        Emit(i, k, Kind::kOpenQuote);
        return k;
      }
      Emit(i, j, c == chars::kApostrophe ? Kind::kQuote : Kind::kOpenQuote);
      return j;
    }
    case chars::kCloseQuote: Emit(i, i + len, Kind::kCloseQuote); return i + len;
    case chars::kOpenBracket: Emit(i, i + len, Kind::kOpenBracket); return i + len;
    case chars::kCloseBracket: Emit(i, i + len, Kind::kCloseBracket); return i + len;
    case chars::kHyphen: {
      size_t j = i + len;
      if (ch == '-') {
        while (j < n && s_[j] == '-') ++j;
      }
      Emit(i, j, j - i > 1 ? Kind::kDash : Kind::kHyphen);
      return j;
    }
    case chars::kDash: {
      size_t j = i + len;
      size_t l2;
      while (j < n && ClassAt(j, &l2) == chars::kDash) j += l2;
      Emit(i, j, Kind::kDash);
      return j;
    }
    case chars::kBullet: Emit(i, i + len, Kind::kBullet); return i + len;
    default: break;
  }
  // Symbols.
  if (ch == '@' || ch == '#') {
    size_t j = i + 1;
    size_t l2;
    while (j < n) {
      const Class k = ClassAt(j, &l2);
      if (chars::IsWordChar(k) || s_[j] == '_') {
        j += l2;
      } else {
        break;
      }
    }
    if (j > i + 1) {
      Emit(i, j, ch == '@' ? Kind::kHandle : Kind::kHashtag);
      return j;
    }
  }
  if (ch == '*') {
    size_t j = i + 1;
    while (j < n && s_[j] == '*') ++j;
    Emit(i, j, Kind::kSymbol);
    return j;
  }
  // One symbol, with what joins it (emoji modifiers, ZWJ sequences, keycaps).
  size_t j = SkipExtends(i + len);
  while (j < n && s_[j - 1] == '\x8D' && j >= 3 && s_.substr(j - 3, 3) == "\xE2\x80\x8D") {
    size_t l2;
    if (ClassAt(j, &l2) != chars::kSymbol) break;
    j = SkipExtends(j + l2);
  }
  Emit(i, j, Kind::kSymbol);
  return j;
}

void Scanner::Run() {
  const size_t n = s_.size();
  size_t i = 0;
  while (i < n) {
    const auto b = static_cast<unsigned char>(s_[i]);
    if (b == ' ') {  // the commonest byte between tokens
      space_ = true;
      ++i;
      continue;
    }
    size_t len = 1;
    Class c;
    if (b < 0x80) {
      c = chars::Classify(b);
      if (b == '\r') {
        c = (i + 1 < n && s_[i + 1] == '\n') ? chars::kSpace : chars::kNewline;
      }
    } else {
      c = ClassAt(i, &len);
    }
    if (chars::IsSpace(c)) {
      if (c == chars::kNewline) newlines_ = static_cast<uint8_t>(std::min(2, newlines_ + 1));
      if (c == chars::kParagraph) newlines_ = 2;
      space_ = true;
      i += len;
      continue;
    }
    if (chars::IsWordChar(c)) {
      if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
        const size_t j = ScanPlainWord(i);
        if (j != i) {
          i = j;
          continue;
        }
      }
      // URLs, then e-mail addresses, then ordinary words.
      if ((b == 'h' || b == 'H' || b == 'f' || b == 'F' || b == 'w' || b == 'W') &&
          (AsciiLowerEq(s_, i, "http://") || AsciiLowerEq(s_, i, "https://") ||
           AsciiLowerEq(s_, i, "ftp://") || AsciiLowerEq(s_, i, "www."))) {
        const size_t j = ScanUrl(i);
        const size_t prefix = s_[i + 3] == '.' ? 4 : (s_[i + 4] == 's' || s_[i + 4] == 'S') ? 8 : 7;
        if (j > i + prefix) {
          Emit(i, j, Kind::kUrl);
          i = j;
          continue;
        }
      }
      if (b < 0x80 && MayStartEmail(i)) {
        const size_t j = ScanEmail(i);
        if (j > i) {
          Emit(i, j, Kind::kEmail);
          i = j;
          continue;
        }
      }
      i = ScanWord(i);
      continue;
    }
    i = ScanPunct(i, c, len);
  }
}

}  // namespace

void TokenizeRaw(std::string_view text, const Lexicon& lexicon, std::vector<RawToken>* out,
                 RawIndex* index) {
  out->clear();
  index->Clear();
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  out->reserve(text.size() / 5 + 8);
  Scanner(text, lexicon, out, index).Run();
}

}  // namespace internal

Token MakeToken(std::string_view text, uint32_t begin, uint32_t end) {
  Token t;
  t.span = Span{begin, end};
  t.text.assign(text.data() + begin, end - begin);
  t.shape = ShapeOf(t.text);
  size_t len;
  t.space_after = end < text.size() && chars::IsSpace(chars::ClassAt(text, end, &len));
  return t;
}

void Tokenizer::Tokenize(std::string_view text, std::vector<Token>* out) const {
  std::vector<internal::RawToken> raw;
  internal::RawIndex index;
  internal::TokenizeRaw(text, *lexicon_, &raw, &index);
  out->reserve(out->size() + raw.size());
  for (const internal::RawToken& r : raw) out->push_back(MakeToken(text, r.begin, r.end));
}

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const {
  std::vector<Token> out;
  Tokenize(text, &out);
  return out;
}

}  // namespace relgraph::text
