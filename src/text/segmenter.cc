#include "src/text/segmenter.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <utility>

#include "src/text/normalize.h"
#include "src/text/raw_token.h"
#include "src/text/tokenizer.h"

namespace relgraph::text {

namespace {

using internal::Kind;
using internal::RawToken;

// brk_ values: why a sentence starts at a token.
constexpr uint8_t kNoBreak = 0;
constexpr uint8_t kBreak = 1;      // a sentence boundary
constexpr uint8_t kParagraph = 2;  // a boundary that also starts a paragraph

// mark_ bits.
constexpr uint8_t kMarker = 1;    // part of a list marker ("1." "a.")
constexpr uint8_t kExcluded = 2;  // dateline or credit

using Range = internal::SegmentScratch::Range;
using MetaRange = internal::SegmentScratch::MetaRange;

// Sets of kinds as bit masks: one test instead of a chain of compares.
using internal::KindBit;
constexpr uint32_t kWordLike = KindBit(Kind::kWord) | KindBit(Kind::kAbbrev) |
                               KindBit(Kind::kAcronym) | KindBit(Kind::kInitial);
// Token kinds that end a line without the next line continuing the sentence.
constexpr uint32_t kLineEnders = KindBit(Kind::kPeriod) | KindBit(Kind::kStop) |
                                 KindBit(Kind::kEllipsis) | KindBit(Kind::kColon) |
                                 KindBit(Kind::kSemicolon) | KindBit(Kind::kCloseQuote) |
                                 KindBit(Kind::kQuote) | KindBit(Kind::kCloseBracket);

bool IsWordLike(Kind k) { return (KindBit(k) & kWordLike) != 0; }
bool EndsLine(Kind k) { return (KindBit(k) & kLineEnders) != 0; }

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A walk over an ascending list of token indices: Next(from) is the first
// listed index at or after `from` (`none` when there is none); `from` must
// not decrease between calls.
class AscendingCursor {
 public:
  AscendingCursor(const std::vector<uint32_t>& list, uint32_t from, uint32_t none)
      : data_(list.data()),
        size_(list.size()),
        none_(none),
        at_(static_cast<size_t>(std::lower_bound(data_, data_ + size_, from) - data_)) {}
  uint32_t Next(uint32_t from) {
    while (at_ < size_ && data_[at_] < from) ++at_;
    return at_ < size_ ? data_[at_] : none_;
  }

 private:
  const uint32_t* data_;
  size_t size_;
  uint32_t none_;
  size_t at_;
};

class Splitter {
 public:
  // Reads scratch->raw; Run() fills scratch->ranges and scratch->meta.
  Splitter(std::string_view text, internal::SegmentScratch* scratch, const Lexicon& lexicon,
           const SegmentOptions& options)
      : s_(text),
        t_(scratch->raw),
        lex_(lexicon),
        opt_(options),
        n_(static_cast<uint32_t>(scratch->raw.size())),
        brk_(scratch->brk),
        mark_(scratch->mark),
        paragraphs_(scratch->paragraphs),
        line_starts_(scratch->index.line_starts),
        markers_(scratch->index.markers),
        terminators_(scratch->index.terminators) {}

  void Run(std::vector<Range>* sentences, std::vector<MetaRange>* meta);

 private:
  std::string_view Text(uint32_t i) const { return t_[i].Text(s_); }
  bool Attached(uint32_t i) const { return !t_[i].Has(internal::kSpaceBefore); }
  bool IsSymbol(uint32_t i, std::string_view sym) const {
    return t_[i].kind == Kind::kSymbol && Text(i) == sym;
  }

  bool HardBreaks(LineBreaks mode);
  bool Continues(uint32_t i) const;
  bool StartsItem(uint32_t i) const;
  bool ParseMarker(uint32_t i, int* style, int* value, uint32_t* len) const;
  void MarkLists(uint32_t p, uint32_t q);
  bool TryDateline(uint32_t p, uint32_t q, MetaRange* out) const;
  bool TryCredit(uint32_t p, uint32_t q, MetaRange* out) const;
  bool IsAgencyToken(uint32_t i) const;
  void SoftBreaks(uint32_t a, uint32_t b, std::vector<Range>* sentences);
  bool BreaksBefore(uint32_t term, uint32_t next, uint32_t b) const;

  std::string_view s_;
  const std::vector<RawToken>& t_;
  const Lexicon& lex_;
  const SegmentOptions& opt_;
  uint32_t n_;
  std::vector<uint8_t>& brk_;
  std::vector<uint8_t>& mark_;
  std::vector<uint32_t>& paragraphs_;  // filled by HardBreaks
  // From the tokenizer (RawIndex).
  const std::vector<uint32_t>& line_starts_;
  const std::vector<uint32_t>& markers_;
  const std::vector<uint32_t>& terminators_;
};

// A line that ends without closing punctuation and a next line that starts in
// lower case: the sentence goes on.
bool Splitter::Continues(uint32_t i) const {
  return i > 0 && t_[i].Has(internal::kLowerStart) && !EndsLine(t_[i - 1].kind) &&
         t_[i].kind != Kind::kBullet;
}

// Sets brk_ for blank lines, line breaks (by `mode`) and bullets. In kAuto
// mode, returns true when the document is hard-wrapped prose (then brk_ is
// to be redone in kSoft mode).
bool Splitter::HardBreaks(LineBreaks mode) {
  uint32_t lines = 0, continued = 0;
  // Local copies of the arrays: a byte store could alias the vectors' own
  // pointers, which the loop would otherwise load again after every store.
  const RawToken* const t = t_.data();
  uint8_t* const out = brk_.data();
  const uint32_t n = n_;
  // Only tokens after a newline and bullets can break (the tokenizer listed
  // them); brk_ is kNoBreak for every other token. Lists the paragraph starts.
  paragraphs_.clear();
  out[0] = kParagraph;
  paragraphs_.push_back(0);
  for (const uint32_t i : line_starts_) {
    if (i == 0 || i >= n) continue;
    const uint8_t nl = t[i].newlines_before;
    uint8_t brk = kNoBreak;
    if (nl == 0) {
      // A bullet inside a line (see below).
    } else if (nl >= 2) {
      brk = kParagraph;
    } else if (nl == 1) {
      if (mode == LineBreaks::kHard) {
        brk = kParagraph;
      } else if (mode == LineBreaks::kAuto) {
        ++lines;
        if (Continues(i)) {
          ++continued;
        } else {
          brk = kParagraph;
        }
      } else if (StartsItem(i)) {
        brk = kBreak;
      }
    }
    if (t[i].kind == Kind::kBullet && brk == kNoBreak) brk = kBreak;
    out[i] = brk;
    if (brk == kParagraph) paragraphs_.push_back(i);
  }
  // Hard-wrapped prose breaks lines mid-sentence, and most such breaks are
  // followed by a lower-case word; text with one paragraph a line almost
  // never continues a line in lower case.
  return mode == LineBreaks::kAuto && continued >= 2 && continued * 3 >= lines;
}

// A bullet or list marker at a line start.
bool Splitter::StartsItem(uint32_t i) const {
  const Kind k = t_[i].kind;
  if (k == Kind::kBullet) return true;
  if ((k == Kind::kHyphen || IsSymbol(i, "*")) && i + 1 < n_ && !Attached(i + 1)) return true;
  int style, value;
  uint32_t len;
  return ParseMarker(i, &style, &value, &len);
}

// "1." "1)" "1.)" "a." "a)" followed by a capitalised word or a number.
bool Splitter::ParseMarker(uint32_t i, int* style, int* value, uint32_t* len) const {
  const RawToken& t = t_[i];
  uint32_t l = 0;
  if (t.kind == Kind::kNumber && t.end - t.begin <= 3 && AllDigits(Text(i))) {
    int v = 0;
    for (char c : Text(i)) v = v * 10 + (c - '0');
    if (i + 1 < n_ && Attached(i + 1) && t_[i + 1].kind == Kind::kPeriod) {
      if (i + 2 < n_ && Attached(i + 2) && Text(i + 2) == ")") {
        *style = 3;
        l = 3;
      } else {
        *style = 1;
        l = 2;
      }
    } else if (i + 1 < n_ && Attached(i + 1) && Text(i + 1) == ")") {
      *style = 2;
      l = 2;
    } else {
      return false;
    }
    *value = v;
  } else if (t.kind == Kind::kInitial) {
    const char c = s_[t.begin];
    if (c >= 'a' && c <= 'z') {
      *style = 4;
      *value = c - 'a' + 1;
    } else if (c >= 'A' && c <= 'Z') {
      *style = 5;
      *value = c - 'A' + 1;
    } else {
      return false;
    }
    l = 1;
  } else if (t.kind == Kind::kWord && t.end - t.begin == 1 && i + 1 < n_ && Attached(i + 1) &&
             Text(i + 1) == ")") {
    const char c = s_[t.begin];
    if (c < 'a' || c > 'z') return false;
    *style = 6;
    *value = c - 'a' + 1;
    l = 2;
  } else {
    return false;
  }
  const uint32_t next = i + l;
  if (next >= n_ || Attached(next) || t_[next].newlines_before > 0) return false;
  if (!(t_[next].Has(internal::kCapital) || t_[next].Has(internal::kCaselessStart) ||
        t_[next].kind == Kind::kNumber || t_[next].kind == Kind::kOpenQuote ||
        t_[next].kind == Kind::kQuote)) {
    return false;
  }
  *len = l;
  return true;
}

// Numbered and lettered items inside a paragraph: an item marker at a
// sentence start begins a list; the marker with the next number (or letter)
// starts a new sentence, even without a line break ("1) ... 2) ...").
void Splitter::MarkLists(uint32_t p, uint32_t q) {
  int last_style = 0, last_value = 0;
  // Only short numbers, initials and one-letter words can be markers
  // (markers_, ascending); most tokens are neither, and are not visited.
  AscendingCursor cand(markers_, p, n_);
  for (uint32_t i = cand.Next(p); i < q; i = cand.Next(i + 1)) {
    const bool at_start = brk_[i] != kNoBreak ||
                          (i > p && t_[i - 1].kind == Kind::kBullet && brk_[i - 1] != kNoBreak);
    if (!at_start && Attached(i)) continue;
    int style, value;
    uint32_t len;
    if (!ParseMarker(i, &style, &value, &len)) continue;
    if (!at_start && !(style == last_style && value == last_value + 1)) continue;
    if (!at_start) brk_[i] = kBreak;
    last_style = style;
    last_value = value;
    for (uint32_t j = i; j < i + len; ++j) mark_[j] |= kMarker;
    i += len - 1;
  }
}

bool Splitter::IsAgencyToken(uint32_t i) const {
  std::string_view w = Text(i);
  if (lex_.IsAgency(w)) return true;
  // "AFP/File", "YouTube/US Department of State": the part before the slash.
  const size_t slash = w.find('/');
  return slash != std::string_view::npos && slash > 0 && lex_.IsAgency(w.substr(0, slash));
}

// "WASHINGTON:", "WASHINGTON —", "KARACHI, Pakistan (Reuters) -",
// "ISLAMABAD, May 15:" at the start of paragraph [p, q).
bool Splitter::TryDateline(uint32_t p, uint32_t q, MetaRange* out) const {
  uint32_t k = p;
  int letters = 0;
  std::string caps;
  while (k < q && k < p + 5 && IsWordLike(t_[k].kind) && t_[k].Has(internal::kAllUpper) &&
         t_[k].Has(internal::kCapital) && (k == p || !Attached(k))) {
    for (char c : Text(k)) letters += (c >= 'A' && c <= 'Z') ? 1 : 0;
    if (!caps.empty()) caps.push_back(' ');
    caps.append(Text(k));
    ++k;
  }
  if (k == p || letters < 3 || k >= q) return false;
  if (lex_.IsKicker(caps)) return false;
  // A transcript's speaker label: "MS. PSAKI:", "THE PRESIDENT:".
  if (t_[k].kind == Kind::kColon && k + 1 < q && t_[k + 1].newlines_before == 0) {
    bool speaker = t_[p].kind == Kind::kAbbrev && t_[p].abbrev == AbbrevClass::kTitle;
    for (uint32_t i = p; i < k && !speaker; ++i) speaker = lex_.IsSpeakerRole(Text(i));
    if (speaker) {
      *out = MetaRange{MetaKind::kSpeaker, p, k + 1};
      return true;
    }
  }
  // Optional place and date after a comma, and an agency in brackets.
  uint32_t extra = 0;
  bool bracket = false, comma = false;
  while (k < q && extra < 10) {
    const RawToken& t = t_[k];
    if (t.newlines_before > 0) return false;
    if (t.kind == Kind::kComma) comma = true;
    if (t.kind == Kind::kComma ||
        (comma && (t.kind == Kind::kNumber || (IsWordLike(t.kind) && t.Has(internal::kCapital))))) {
      ++k;
      ++extra;
      continue;
    }
    if (t.kind == Kind::kOpenBracket && !bracket && Text(k) == "(") {
      uint32_t c = k + 1;
      while (c < q && c < k + 6 && t_[c].kind != Kind::kCloseBracket) {
        if (!(IsWordLike(t_[c].kind) || t_[c].kind == Kind::kSymbol) ||
            !(t_[c].Has(internal::kCapital) || t_[c].kind == Kind::kSymbol)) {
          return false;
        }
        ++c;
      }
      if (c >= q || c == k + 1 || Text(c) != ")") return false;
      bracket = true;
      extra += c + 1 - k;
      k = c + 1;
      continue;
    }
    break;
  }
  if (k + 1 >= q) return false;
  // "A U.S. CBDC —", "TO THE CONGRESS:": a place name does not open with a
  // function word, unless a comma shows the dateline form ("THE HAGUE,
  // Netherlands —").
  if (!comma && lex_.IsSentenceStarter(Text(p))) return false;
  const Kind sep = t_[k].kind;
  if (sep != Kind::kColon && sep != Kind::kDash && sep != Kind::kHyphen) return false;
  if (sep == Kind::kHyphen && Attached(k)) return false;
  // The words after a comma must not run into the sentence: the last one
  // before the separator is part of the dateline, and the sentence follows
  // on the same line.
  if (t_[k + 1].newlines_before > 0) return false;
  *out = MetaRange{MetaKind::kDateline, p, k + 1};
  return true;
}

// "... video. — YouTube/US Department of State", "... Karachi — Reuters",
// "... on Monday. (AFP)", "... Photo: Reuters" at the end of paragraph [p, q).
bool Splitter::TryCredit(uint32_t p, uint32_t q, MetaRange* out) const {
  if (q - p < 3) return false;
  const uint32_t last = q - 1;
  constexpr uint32_t kMaxCreditTokens = 8;
  // "(AFP)", "(AP Photo/Evan Vucci)".
  if (t_[last].kind == Kind::kCloseBracket && Text(last) == ")") {
    uint32_t o = last;
    while (o > p && last - o <= kMaxCreditTokens && t_[o].kind != Kind::kOpenBracket) --o;
    if (o > p && t_[o].kind == Kind::kOpenBracket && Text(o) == "(" && o + 1 < last &&
        (IsAgencyToken(o + 1) ||
         (lex_.IsCreditLead(Text(o + 1)) && o + 2 < last && t_[o + 2].kind == Kind::kColon))) {
      *out = MetaRange{MetaKind::kCredit, o, q};
      return true;
    }
  }
  // A dash, then a short run of capitalised words.
  uint32_t d = last;
  while (d > p && last - d < kMaxCreditTokens && t_[d].kind != Kind::kDash &&
         t_[d].kind != Kind::kHyphen) {
    --d;
  }
  if (d > p + 1 && d < last && (t_[d].kind == Kind::kDash || t_[d].kind == Kind::kHyphen) &&
      !Attached(d) && !Attached(d + 1)) {
    bool ok = t_[d + 1].Has(internal::kCapital) || t_[d + 1].kind == Kind::kHandle;
    for (uint32_t i = d + 1; ok && i < q; ++i) {
      const Kind k = t_[i].kind;
      if (IsWordLike(k) || k == Kind::kHandle || k == Kind::kNumber) {
        if (t_[i].Has(internal::kLowerStart) && t_[i].end - t_[i].begin > 3) ok = false;
      } else if (!(k == Kind::kSymbol && (Text(i) == "/" || Text(i) == "&"))) {
        ok = false;
      }
    }
    if (ok) {
      uint32_t before = d - 1;
      while (before > p && (t_[before].kind == Kind::kCloseQuote ||
                            t_[before].kind == Kind::kQuote ||
                            t_[before].kind == Kind::kCloseBracket)) {
        --before;
      }
      const Kind bk = t_[before].kind;
      const bool after_sentence = bk == Kind::kPeriod || bk == Kind::kStop ||
                                  bk == Kind::kEllipsis || bk == Kind::kAbbrev ||
                                  bk == Kind::kAcronym;
      if (after_sentence || IsAgencyToken(d + 1)) {
        *out = MetaRange{MetaKind::kCredit, d, q};
        return true;
      }
    }
  }
  // "Photo: Reuters" after the caption's final period, or after a bracket
  // ("... Texas (April 2019) Image: Paul Budd.").
  for (uint32_t i = (last > kMaxCreditTokens ? last - kMaxCreditTokens : 0); i < last; ++i) {
    if (i <= p + 1 || i < p) continue;
    const Kind pk = t_[i - 1].kind;
    if (!(pk == Kind::kPeriod || pk == Kind::kStop || pk == Kind::kCloseBracket ||
          pk == Kind::kCloseQuote)) {
      continue;
    }
    uint32_t colon = i + 1;
    if (colon < last && t_[colon].kind != Kind::kColon && IsWordLike(t_[colon].kind)) ++colon;
    if (colon >= last || t_[colon].kind != Kind::kColon) continue;
    std::string lead(Text(i));
    if (colon == i + 2) {
      lead.push_back(' ');
      lead.append(Text(i + 1));
    }
    if (lex_.IsCreditLead(lead)) {
      *out = MetaRange{MetaKind::kCredit, i, q};
      return true;
    }
  }
  return false;
}

// Would a sentence end after terminator `term`, given that the next token
// after any closing quotes and brackets is `next` (< b)?
bool Splitter::BreaksBefore(uint32_t term, uint32_t next, uint32_t b) const {
  uint32_t w = next;
  bool opener = false, dash = false;
  // Look past what may open the next sentence: quotes, brackets, emphasis
  // marks ("**"), and a dash that starts an inline list item or attribution.
  for (int look = 0; look < 3 && w + 1 < b; ++look) {
    const Kind k = t_[w].kind;
    if (k == Kind::kOpenQuote || k == Kind::kOpenBracket ||
        (k == Kind::kQuote && Attached(w + 1)) ||
        (k == Kind::kSymbol && s_[t_[w].begin] == '*')) {
      opener = true;
      ++w;
    } else if ((k == Kind::kDash || k == Kind::kHyphen) && w == next && !Attached(w + 1)) {
      dash = true;
      ++w;
    } else {
      break;
    }
  }
  const RawToken& wt = t_[w];
  const bool cap = wt.Has(internal::kCapital) || wt.Has(internal::kCaselessStart);
  const bool lower = wt.Has(internal::kLowerStart);
  const bool digit = wt.kind == Kind::kNumber;
  const RawToken& tt = t_[term];
  switch (tt.kind) {
    case Kind::kStop:
      if (dash) return cap;
      return cap || digit || (opener && !lower);
    case Kind::kEllipsis: {
      // "...." is a period and an ellipsis; "..." and "…" leave the sentence open.
      const std::string_view e = Text(term);
      if (e.size() >= 4 && e.find_first_not_of('.') == std::string_view::npos) {
        return cap || (digit && !dash);
      }
      return false;
    }
    case Kind::kPeriod: {
      if (dash) return cap;
      if (cap) return true;
      if (digit) return term > 0 && t_[term - 1].kind != Kind::kSymbol;
      return false;
    }
    case Kind::kAbbrev:
      // Titles precede names, numbered abbreviations numbers (the tokenizer
      // keeps their period only then), and e.g./vs. never end a sentence.
      if (tt.abbrev != AbbrevClass::kFinal) return false;
      [[fallthrough]];
    case Kind::kAcronym:
    case Kind::kInitial:
      if (!cap) return false;
      if (dash) return true;
      if (opener) return true;
      return IsWordLike(wt.kind) && lex_.IsSentenceStarter(Text(w));
    default:
      return false;
  }
}

// Sentence boundaries inside [a, b), a run of tokens without hard breaks;
// appends the run's sentences to *sentences. Breaks are found left to right,
// so each one closes the sentence before it.
void Splitter::SoftBreaks(uint32_t a, uint32_t b, std::vector<Range>* sentences) {
  uint32_t start = a;
  auto split_at = [&](uint32_t j) {
    brk_[j] = kBreak;
    sentences->push_back(Range{start, j});
    start = j;
  };
  // Only terminators (terminators_, ascending) can end a sentence.
  AscendingCursor term(terminators_, a, n_);
  for (uint32_t i = term.Next(a); i < b; i = term.Next(i + 1)) {
    const RawToken& t = t_[i];
    if ((mark_[i] & kMarker) != 0) continue;
    if (t.kind == Kind::kPeriod) {
      // Spaced ellipses: ". . ." continues the sentence; ". . . ." ends it;
      // "word. . . ." is a sentence end followed by an ellipsis.
      uint32_t run = 1;
      while (i + run < b && t_[i + run].kind == Kind::kPeriod && !Attached(i + run) &&
             t_[i + run].end - t_[i + run].begin == 1) {
        ++run;
      }
      if (!Attached(i) && run == 3) {
        i += 2;
        continue;
      }
      if (Attached(i) && run == 4) {
        const uint32_t after = i + 4;
        if (after < b && !Attached(after) && BreaksBefore(i, after, b)) split_at(i + 1);
        i += 3;
        continue;
      }
      if (run >= 2) i += run - 1;  // judge the run by its last period
    }
    uint32_t j = i + 1;
    while (j < b && Attached(j)) {
      const Kind k = t_[j].kind;
      if (k == Kind::kCloseQuote || k == Kind::kCloseBracket || k == Kind::kQuote ||
          k == Kind::kStop || k == Kind::kPeriod || k == Kind::kEllipsis) {
        ++j;
      } else {
        break;
      }
    }
    if (j >= b) break;
    if (Attached(j)) continue;  // "Jr.'s", "U.S.-led"
    if (BreaksBefore(i, j, b)) split_at(j);
    i = j - 1;
  }
  sentences->push_back(Range{start, b});
}

void Splitter::Run(std::vector<Range>* sentences, std::vector<MetaRange>* meta) {
  sentences->clear();
  meta->clear();
  if (n_ == 0) return;
  brk_.assign(n_, kNoBreak);
  mark_.assign(n_, 0);

  // 1. Hard breaks: blank lines, line breaks (by mode), bullets. In kAuto
  // mode the lines are counted for the hard-wrapped prose test in the same pass, and
  // the pass is redone in kSoft mode for hard-wrapped prose (rare).
  if (HardBreaks(opt_.line_breaks)) HardBreaks(LineBreaks::kSoft);

  // 2. Per paragraph: lists, datelines, credits.
  for (size_t k = 0; k < paragraphs_.size(); ++k) {
    const uint32_t p = paragraphs_[k];
    const uint32_t q = k + 1 < paragraphs_.size() ? paragraphs_[k + 1] : n_;
    MarkLists(p, q);
    MetaRange m;
    uint32_t body = p;
    if (opt_.datelines && TryDateline(p, q, &m)) {
      meta->push_back(m);
      body = m.last;
    }
    if (opt_.credits && q - body >= 3 && TryCredit(body, q, &m)) meta->push_back(m);
  }
  for (const MetaRange& m : *meta) {
    for (uint32_t i = m.first; i < m.last; ++i) mark_[i] |= kExcluded;
    if (m.last < n_ && brk_[m.last] == kNoBreak) brk_[m.last] = kBreak;
  }

  // 3. Soft breaks inside each run between hard breaks and metadata; the
  // sentences are these runs cut at the soft breaks, metadata left out.
  // A run ends at the first token from b on that breaks or is excluded;
  // found eight tokens at a time (brk_ and mark_ as 8-byte words).
  static_assert(std::endian::native == std::endian::little, "byte i of a word is bits 8i..8i+7");
  const uint8_t* const brk = brk_.data();
  const uint8_t* const mark = mark_.data();
  auto run_end = [&](uint32_t b) {
    constexpr uint64_t kExcludedBits = kExcluded * 0x0101010101010101ULL;
    while (b + 8 <= n_) {
      uint64_t x, y;
      std::memcpy(&x, brk + b, 8);
      std::memcpy(&y, mark + b, 8);
      const uint64_t stop = x | (y & kExcludedBits);
      if (stop != 0) return b + static_cast<uint32_t>(std::countr_zero(stop)) / 8;
      b += 8;
    }
    while (b < n_ && brk[b] == kNoBreak && (mark[b] & kExcluded) == 0) ++b;
    return b;
  };
  uint32_t a = 0;
  while (a < n_) {
    if ((mark[a] & kExcluded) != 0) {
      ++a;
      continue;
    }
    const uint32_t b = run_end(a + 1);
    SoftBreaks(a, b, sentences);
    a = b;
  }
  std::sort(meta->begin(), meta->end(),
            [](const MetaRange& x, const MetaRange& y) { return x.first < y.first; });
}

// Resets what later stages fill in of a Token left from an earlier document,
// field by field, so that its lemma keeps its memory.
inline void ResetAnnotations(Token* tok) {
  tok->upos = 0;
  tok->xpos = 0;
  tok->lemma.clear();
  tok->ent_type = 0;
  tok->ent_iob = Iob::kO;
  tok->chunk_type = 0;
  tok->chunk_iob = Iob::kO;
}

}  // namespace

std::string_view MetaKindName(MetaKind kind) {
  switch (kind) {
    case MetaKind::kDateline: return "dateline";
    case MetaKind::kCredit: return "credit";
    case MetaKind::kSpeaker: return "speaker";
  }
  return "dateline";
}

Segmenter::Segmenter(const Lexicon& lexicon, SegmentOptions options)
    : lexicon_(&lexicon), options_(options) {
  if (options_.max_sentence_tokens == 0) options_.max_sentence_tokens = 1;
  if (options_.max_sentence_bytes == 0) options_.max_sentence_bytes = 1;
}

void Segmenter::SegmentImpl(std::string_view text, const std::string& name,
                            Segmentation* out) const {
  // Sentences (and their tokens) of the previous document are overwritten in
  // place rather than freed and allocated again; see NextToken.
  out->metadata.clear();
  out->diagnostics.clear();
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  // The raw tokens and boundaries live in out->scratch, whose memory serves
  // every document (no allocation per document once it has grown).
  internal::SegmentScratch& scratch = out->scratch;
  internal::TokenizeRaw(text, *lexicon_, &scratch.raw, &scratch.index);
  Splitter(text, &scratch, *lexicon_, options_).Run(&scratch.ranges, &scratch.meta);
  const std::vector<RawToken>& raw = scratch.raw;
  const std::vector<Range>& ranges = scratch.ranges;
  const std::vector<MetaRange>& meta = scratch.meta;
  // After the last token, an empty one at the text end: every token has a
  // next one, and space follows a token when there is a gap before the next
  // (for the last token: when the text goes on), with no test of the index.
  {
    RawToken end_mark;
    end_mark.begin = end_mark.end = static_cast<uint32_t>(text.size());
    scratch.raw.push_back(end_mark);
  }

  // Local pointers: the token loop stores bytes, which could alias the
  // vectors' own pointers (and would make the loop load them again).
  const RawToken* const rt = raw.data();
  const char* const tx = text.data();
  const auto text_size = static_cast<uint32_t>(text.size());
  auto space_after = [rt](uint32_t i) { return rt[i + 1].begin > rt[i].end; };
  // Sets *tok (a reused slot or a new default Token) to bytes [begin, end).
  auto set_token = [&](Token* tok, uint32_t begin, uint32_t end, Shape shape, bool space) {
    ResetAnnotations(tok);
    tok->span = Span{begin, end};
    const uint32_t size = end - begin;
    if (begin + 15 <= text_size) {
      AssignReadable15(&tok->text, tx + begin, size);
    } else {
      // clear + append: no aliasing check as in assign (the text is not the token's).
      tok->text.clear();
      tok->text.append(tx + begin, size);
    }
    tok->shape = shape;
    tok->space_after = space;
  };

  std::vector<Sentence>& sentences = out->sentences;
  size_t sentences_used = 0;
  for (const Range& r : ranges) {
    // Cut over-long sentences at the limits; each part stays a sentence.
    uint32_t first = r.first;
    int parts = 0;
    while (first < r.last) {
      uint32_t last = first;
      if (r.last - first <= options_.max_sentence_tokens &&
          raw[r.last - 1].end - raw[first].begin <= options_.max_sentence_bytes) {
        last = r.last;  // the rest fits (the common case): no token-by-token count
      } else {
        while (last < r.last && last - first < options_.max_sentence_tokens &&
               (last == first || raw[last].end - raw[first].begin <= options_.max_sentence_bytes)) {
          ++last;
        }
      }
      ++parts;
      if (sentences_used == sentences.size()) {
        if (out->spare_sentences.empty()) {
          sentences.emplace_back();
        } else {
          sentences.push_back(std::move(out->spare_sentences.back()));
          out->spare_sentences.pop_back();
        }
      }
      Sentence& s = sentences[sentences_used];
      s.index = static_cast<uint32_t>(sentences_used);
      ++sentences_used;
      s.span = Span{raw[first].begin, raw[last - 1].end};
      s.mentions.clear();
      // A sentence-final initial ("you and I.") is a word and a period.
      const bool split_initial =
          last == r.last && last - 1 > r.first && rt[last - 1].kind == Kind::kInitial;
      const uint32_t plain_end = split_initial ? last - 1 : last;
      // Slots left from an earlier document are overwritten in place (their
      // strings keep their memory); missing ones are default Tokens.
      const size_t count = (last - first) + (split_initial ? 1 : 0);
      if (s.tokens.size() < count) {
        s.tokens.reserve(last - first + 1);
        s.tokens.resize(count);
      } else if (s.tokens.size() > count) {
        s.tokens.erase(s.tokens.begin() + static_cast<std::ptrdiff_t>(count), s.tokens.end());
      }
      Token* tok = s.tokens.data();
      for (uint32_t i = first; i < plain_end; ++i, ++tok) {
        set_token(tok, rt[i].begin, rt[i].end, rt[i].shape, space_after(i));
      }
      if (split_initial) {
        const uint32_t i = last - 1;
        const uint32_t period = rt[i].end - 1;
        set_token(tok, rt[i].begin, period, ShapeOf(text.substr(rt[i].begin, period - rt[i].begin)),
                  false);
        ++tok;
        set_token(tok, period, rt[i].end, ShapeOf(text.substr(period, 1)), space_after(i));
      }
      first = last;
    }
    if (parts > 1) {
      const uint32_t tokens = r.last - r.first;
      const uint32_t bytes = raw[r.last - 1].end - raw[r.first].begin;
      ingest::Diagnostic d;
      d.severity = ingest::Severity::kWarning;
      Location where;
      where.file = name;
      where.byte_offset = raw[r.first].begin;
      d.status = Status(StatusCode::kInvalidArgument,
                        "sentence of " + std::to_string(tokens) + " tokens and " +
                            std::to_string(bytes) + " bytes exceeds the limit (" +
                            std::to_string(options_.max_sentence_tokens) + " tokens, " +
                            std::to_string(options_.max_sentence_bytes) +
                            " bytes); cut into " + std::to_string(parts) + " sentences",
                        std::move(where));
      out->diagnostics.push_back(std::move(d));
    }
  }

  // Sentences this document does not need keep their memory for the next.
  const auto unused = sentences.begin() + static_cast<std::ptrdiff_t>(sentences_used);
  out->spare_sentences.insert(out->spare_sentences.end(), std::make_move_iterator(unused),
                              std::make_move_iterator(sentences.end()));
  sentences.erase(unused, sentences.end());

  out->metadata.reserve(meta.size());
  for (const MetaRange& m : meta) {
    TextMeta& tm = out->metadata.emplace_back();
    tm.kind = m.kind;
    tm.span = Span{raw[m.first].begin, raw[m.last - 1].end};
    tm.text.assign(text.data() + tm.span.begin, tm.span.size());
    // The sentence a dateline opens, or the caption a credit follows.
    const auto& ss = out->sentences;
    if (m.kind != MetaKind::kCredit) {
      auto it = std::lower_bound(ss.begin(), ss.end(), tm.span.end,
                                 [](const Sentence& s, uint32_t off) { return s.span.begin < off; });
      tm.sentence = static_cast<uint32_t>(it - ss.begin());
    } else {
      auto it = std::upper_bound(ss.begin(), ss.end(), tm.span.begin,
                                 [](uint32_t off, const Sentence& s) { return off < s.span.end; });
      tm.sentence = it == ss.begin() ? static_cast<uint32_t>(ss.size())
                                     : static_cast<uint32_t>(it - ss.begin() - 1);
    }
  }
}

void Segmenter::Segment(std::string_view text, Segmentation* out) const {
  SegmentImpl(text, std::string(), out);
}

Segmentation Segmenter::Segment(std::string_view text) const {
  Segmentation out;
  SegmentImpl(text, std::string(), &out);
  return out;
}

void Segmenter::Segment(const ingest::Document& doc, Segmentation* out) const {
  SegmentImpl(doc.text, doc.id, out);
}

std::vector<Span> Segmenter::SplitSentences(std::string_view text) const {
  if (text.size() >= UINT32_MAX) text = text.substr(0, UINT32_MAX - 1);
  internal::SegmentScratch scratch;
  internal::TokenizeRaw(text, *lexicon_, &scratch.raw, &scratch.index);
  Splitter(text, &scratch, *lexicon_, options_).Run(&scratch.ranges, &scratch.meta);
  std::vector<Span> spans;
  spans.reserve(scratch.ranges.size());
  for (const Range& r : scratch.ranges) {
    spans.push_back(Span{scratch.raw[r.first].begin, scratch.raw[r.last - 1].end});
  }
  return spans;
}

std::vector<Span> SplitSentences(std::string_view text) {
  return Segmenter().SplitSentences(text);
}

}  // namespace relgraph::text
