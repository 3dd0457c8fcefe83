// The tokenizer's working form of a token (internal to src/text).
//
// Tokenizer::Tokenize turns these into public Tokens; the segmenter reads the
// kinds and flags to decide sentence boundaries, datelines and credits, and
// builds Tokens only for what it returns. 16 bytes each, so a whole document
// of them stays in cache.

#ifndef RELGRAPH_SRC_TEXT_RAW_TOKEN_H_
#define RELGRAPH_SRC_TEXT_RAW_TOKEN_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "src/text/lexicon.h"
#include "src/text/token.h"

namespace relgraph::text::internal {

enum class Kind : uint8_t {
  kWord,          // starts with a letter
  kNumber,        // starts with a digit (or '90s)
  kAbbrev,        // a lexicon abbreviation with its period: "Mr.", "Inc.", "e.g."
  kAcronym,       // a dotted acronym not in the lexicon: "E.U.", "U.S.A."
  kInitial,       // one letter and its period: "E.", "a."
  kPeriod,        // "."
  kEllipsis,      // "..", "...", "....", "…"
  kStop,          // runs of ! and ?
  kComma,
  kColon,
  kSemicolon,
  kQuote,         // " or ' whose direction the context decides
  kOpenQuote,
  kCloseQuote,
  kOpenBracket,
  kCloseBracket,
  kHyphen,        // a lone "-"
  kDash,          // — – -- ―
  kBullet,        // • ‣ ⁃ ◦ ...
  kUrl,
  kEmail,
  kHandle,        // @name
  kHashtag,       // #tag
  kClitic,        // 's 'm 're 've 'll 'd n't, split from the word before
  kSymbol,        // $ % & * + / emoji ...
};

// Flags.
inline constexpr uint8_t kSpaceBefore = 1;  // whitespace (or text start) before
inline constexpr uint8_t kCapital = 2;      // first character an upper-case letter
inline constexpr uint8_t kLowerStart = 4;   // first character a lower-case letter
inline constexpr uint8_t kAllUpper = 8;     // letters present, none lower-case
inline constexpr uint8_t kCaselessStart = 16;

struct RawToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  Kind kind = Kind::kSymbol;
  AbbrevClass abbrev = AbbrevClass::kNone;
  uint8_t newlines_before = 0;  // newlines in the gap before: 0, 1, or 2 = a blank line
  uint8_t flags = 0;
  Shape shape = Shape::kOther;  // ShapeOf(Text(doc)), found in the same pass as the flags

  bool Has(uint8_t f) const { return (flags & f) != 0; }
  std::string_view Text(std::string_view doc) const { return doc.substr(begin, end - begin); }
};

// Sets of kinds as bit masks.
constexpr uint32_t KindBit(Kind k) { return uint32_t{1} << static_cast<uint8_t>(k); }
static_assert(static_cast<uint8_t>(Kind::kSymbol) < 32);
// The kinds that may end a sentence.
inline constexpr uint32_t kTerminatorKinds = KindBit(Kind::kPeriod) | KindBit(Kind::kStop) |
                                             KindBit(Kind::kEllipsis) | KindBit(Kind::kAbbrev) |
                                             KindBit(Kind::kAcronym) | KindBit(Kind::kInitial);

// Indices of the few tokens the sentence splitter looks at more closely,
// ascending, listed while tokenizing so that the splitter need not visit
// every token to find them.
struct RawIndex {
  std::vector<uint32_t> line_starts;  // newlines_before > 0, or a kBullet
  std::vector<uint32_t> markers;      // may be list markers: kNumber of up to 3 bytes, kInitial, kWord of 1 byte
  std::vector<uint32_t> terminators;  // a kind in kTerminatorKinds
  void Clear() {
    line_starts.clear();
    markers.clear();
    terminators.clear();
  }
};

// Appends the tokens of `text` to *out (cleared first) and lists them in
// *index (cleared first). Offsets are into `text`; texts of 4 GiB or more
// are cut to their first 4 GiB - 1 bytes.
void TokenizeRaw(std::string_view text, const Lexicon& lexicon, std::vector<RawToken>* out,
                 RawIndex* index);

}  // namespace relgraph::text::internal

#endif  // RELGRAPH_SRC_TEXT_RAW_TOKEN_H_
