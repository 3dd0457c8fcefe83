// Character classes for the tokenizer and splitter (internal to src/text).
//
// The text stage reads UTF-8 one code point at a time and needs only a coarse
// class for each: space, letter (with case), digit, and the punctuation the
// tokenizer treats specially. Tables cover ASCII; ranges cover the rest of
// Unicode well enough for English news with foreign names, emoji and
// typographic punctuation. Invalid UTF-8 decodes to U+FFFD over the bad bytes,
// so scanning always advances.

#ifndef RELGRAPH_SRC_TEXT_CHARS_H_
#define RELGRAPH_SRC_TEXT_CHARS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/ingest/utf8.h"

namespace relgraph::text::chars {

enum Class : uint8_t {
  kSpace = 0,     // blanks, tabs, control bytes, Unicode spaces
  kNewline,       // \n, lone \r, U+2028, NEL
  kParagraph,     // U+2029, form feed: count as a blank line
  kUpper,         // letter, upper case
  kLower,         // letter, lower case
  kCaseless,      // letter without case (CJK, Arabic...), U+FFFD
  kDigit,
  kExtend,        // combining marks, ZWJ, variation selectors: join the previous character
  kPeriod,        // .
  kEllipsis,      // … ‥
  kStop,          // ! ? ‼ ⁇ ⁈ ⁉ ‽
  kComma,
  kColon,
  kSemicolon,
  kQuote,         // " (direction unknown)
  kApostrophe,    // ' and U+2019: apostrophe or closing single quote
  kOpenQuote,     // “ ‘ „ « ‹ `
  kCloseQuote,    // ” » ›
  kOpenBracket,   // ( [ {
  kCloseBracket,  // ) ] }
  kHyphen,        // - U+2010 U+2011
  kDash,          // – — ‒ ― ⸺ ⸻
  kBullet,        // • ‣ ⁃ ◦ ▪ ● ■ ► ▸ ➢ ➤ ✓ ✔ ❖
  kSymbol,        // everything else
};

// The letters (kUpper kLower kCaseless) and the word characters (letters,
// kDigit, kExtend) are runs of the enum: one compare each.
static_assert(kLower == kUpper + 1 && kCaseless == kUpper + 2 && kDigit == kUpper + 3 &&
              kExtend == kUpper + 4);
inline bool IsLetter(Class c) { return static_cast<uint8_t>(c - kUpper) <= kCaseless - kUpper; }
inline bool IsWordChar(Class c) { return static_cast<uint8_t>(c - kUpper) <= kExtend - kUpper; }
inline bool IsSpace(Class c) { return c <= kParagraph; }

// Class of a code point.
Class ClassifyNonAscii(char32_t cp);

namespace detail {
constexpr Class kAsciiClasses[128] = {
    // 0x00-0x1F: control bytes are blanks; \n is a newline, \f a paragraph.
    kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace,
    kSpace, kSpace, kNewline, kSpace, kParagraph, kSpace, kSpace, kSpace,
    kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace,
    kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace, kSpace,
    // ' ' ! " # $ % & '
    kSpace, kStop, kQuote, kSymbol, kSymbol, kSymbol, kSymbol, kApostrophe,
    // ( ) * + , - . /
    kOpenBracket, kCloseBracket, kSymbol, kSymbol, kComma, kHyphen, kPeriod, kSymbol,
    kDigit, kDigit, kDigit, kDigit, kDigit, kDigit, kDigit, kDigit,
    // 8 9 : ; < = > ?
    kDigit, kDigit, kColon, kSemicolon, kSymbol, kSymbol, kSymbol, kStop,
    // @ A-O
    kSymbol, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper,
    kUpper, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper,
    // P-Z [ \ ] ^ _
    kUpper, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper, kUpper,
    kUpper, kUpper, kUpper, kOpenBracket, kSymbol, kCloseBracket, kSymbol, kSymbol,
    // ` a-o
    kOpenQuote, kLower, kLower, kLower, kLower, kLower, kLower, kLower,
    kLower, kLower, kLower, kLower, kLower, kLower, kLower, kLower,
    // p-z { | } ~ DEL
    kLower, kLower, kLower, kLower, kLower, kLower, kLower, kLower,
    kLower, kLower, kLower, kOpenBracket, kSymbol, kCloseBracket, kSymbol, kSpace,
};
// Classify(0x2000 + k) for k < 64 (U+2000-U+203F, General Punctuation:
// typographic quotes, dashes, the ellipsis, spaces), whose UTF-8 is E2 80 xx.
extern const std::array<Class, 64> kGeneralPunctuation;
}  // namespace detail

inline Class Classify(char32_t cp) {
  return cp < 0x80 ? detail::kAsciiClasses[cp] : ClassifyNonAscii(cp);
}

// Decodes at s[i] (i < s.size()); *len gets the byte length (>= 1, also for
// invalid bytes, which decode to U+FFFD).
inline char32_t Decode(std::string_view s, size_t i, size_t* len) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    *len = 1;
    return b;
  }
  char32_t cp;
  size_t bad = 1;
  const size_t n = ingest::DecodeUtf8(s, i, &cp, &bad);
  *len = n > 0 ? n : bad;
  return cp;
}

// Class of the character at s[i], with its length.
inline Class ClassAt(std::string_view s, size_t i, size_t* len, char32_t* cp_out = nullptr) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80 && cp_out == nullptr) {
    *len = 1;
    return detail::kAsciiClasses[b];
  }
  // Typographic punctuation (’ “ ” — …), the commonest non-ASCII in news
  // text: E2 80 followed by a continuation byte is always valid UTF-8
  // (U+2000-U+203F), so its class is a table lookup, without decoding.
  if (b == 0xE2 && cp_out == nullptr && i + 2 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
    *len = 3;
    return detail::kGeneralPunctuation[static_cast<unsigned char>(s[i + 2]) & 0x3F];
  }
  const char32_t cp = Decode(s, i, len);
  if (cp_out != nullptr) *cp_out = cp;
  return Classify(cp);
}

}  // namespace relgraph::text::chars

#endif  // RELGRAPH_SRC_TEXT_CHARS_H_
