#include "src/text/chars.h"

#include <array>

namespace relgraph::text::chars {

namespace {

Class Latin1(char32_t cp) {
  switch (cp) {
    case 0xA0: return kSpace;
    case 0xAA: case 0xB5: case 0xBA: return kLower;
    case 0xAB: return kOpenQuote;
    case 0xBB: return kCloseQuote;
    case 0xAD: return kExtend;  // soft hyphen stays inside its word
    case 0xB2: case 0xB3: case 0xB9: case 0xBC: case 0xBD: case 0xBE: return kDigit;
    case 0xD7: case 0xF7: return kSymbol;
    default: break;
  }
  if (cp < 0xC0) return kSymbol;
  if (cp <= 0xDE) return kUpper;
  return kLower;
}

constexpr Class GeneralPunctuation(char32_t cp) {
  if (cp <= 0x200A) return kSpace;
  switch (cp) {
    case 0x200B: return kSpace;
    case 0x200C: case 0x200D: return kExtend;
    case 0x200E: case 0x200F: return kExtend;
    case 0x2010: case 0x2011: return kHyphen;
    case 0x2012: case 0x2013: case 0x2014: case 0x2015: return kDash;
    case 0x2018: return kOpenQuote;
    case 0x2019: return kApostrophe;
    case 0x201A: case 0x201B: case 0x201C: case 0x201E: case 0x201F: return kOpenQuote;
    case 0x201D: return kCloseQuote;
    case 0x2022: case 0x2023: case 0x2043: return kBullet;
    case 0x2024: return kPeriod;
    case 0x2025: case 0x2026: return kEllipsis;
    case 0x2028: return kNewline;
    case 0x2029: return kParagraph;
    case 0x202F: case 0x205F: return kSpace;
    case 0x2039: return kOpenQuote;
    case 0x203A: return kCloseQuote;
    case 0x203C: case 0x203D: case 0x2047: case 0x2048: case 0x2049: return kStop;
    default: break;
  }
  if (cp >= 0x2060 && cp <= 0x206F) return kExtend;
  if (cp >= 0x202A && cp <= 0x202E) return kExtend;  // bidi controls
  return kSymbol;
}

Class Symbols(char32_t cp) {
  switch (cp) {
    case 0x25A0: case 0x25AA: case 0x25AB: case 0x25B8: case 0x25BA: case 0x25C6:
    case 0x25CF: case 0x25E6: case 0x2713: case 0x2714: case 0x2756: case 0x27A2:
    case 0x27A4:
      return kBullet;
    default:
      return kSymbol;
  }
}

}  // namespace

namespace detail {

constexpr std::array<Class, 64> MakeGeneralPunctuation64() {
  std::array<Class, 64> t{};
  for (char32_t k = 0; k < 64; ++k) t[k] = GeneralPunctuation(0x2000 + k);
  return t;
}
constexpr std::array<Class, 64> kGeneralPunctuation = MakeGeneralPunctuation64();

}  // namespace detail

Class ClassifyNonAscii(char32_t cp) {
  if (cp < 0x80) return detail::kAsciiClasses[cp];
  if (cp < 0xA0) return cp == 0x85 ? kNewline : kSpace;
  if (cp < 0x100) return Latin1(cp);
  if (cp < 0x180) {
    // Latin Extended-A: mostly pairs, capital first; three runs pair the
    // other way round.
    if (cp == 0x130 || cp == 0x178) return kUpper;
    if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return kLower;
    const bool odd = (cp & 1) != 0;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return odd ? kUpper : kLower;
    return odd ? kLower : kUpper;
  }
  if (cp < 0x300) return kLower;  // Latin Extended-B, IPA, modifier letters
  if (cp < 0x370) return kExtend;
  if (cp < 0x400) {
    if (cp == 0x37E) return kSemicolon;
    if (cp == 0x387) return kSymbol;
    if (cp >= 0x391 && cp <= 0x3A9) return kUpper;
    if (cp >= 0x3AA && cp <= 0x3AB) return kUpper;
    return kLower;
  }
  if (cp < 0x530) {
    if (cp < 0x410) return kUpper;
    if (cp < 0x430) return kUpper;
    if (cp < 0x460) return kLower;
    if (cp >= 0x483 && cp <= 0x489) return kExtend;
    return (cp & 1) ? kLower : kUpper;
  }
  if (cp < 0x2000) {
    switch (cp) {
      case 0x60C: return kComma;
      case 0x61F: return kStop;
      case 0x6D4: case 0x964: case 0x965: return kPeriod;
      case 0x589: return kPeriod;
      case 0x1680: return kSpace;
      default: break;
    }
    if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9) ||
        (cp >= 0x966 && cp <= 0x96F)) {
      return kDigit;
    }
    if ((cp >= 0x591 && cp <= 0x5C7) || (cp >= 0x610 && cp <= 0x61A) ||
        (cp >= 0x64B && cp <= 0x65F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x1DC0 && cp <= 0x1DFF)) {
      return kExtend;
    }
    if (cp >= 0x1E00 && cp <= 0x1EFF) return (cp & 1) ? kLower : kUpper;
    return kCaseless;
  }
  if (cp < 0x2070) return GeneralPunctuation(cp);
  if (cp < 0x20A0) return kDigit;  // superscripts and subscripts
  if (cp < 0x20D0) return kSymbol;  // currency
  if (cp < 0x2100) return kExtend;
  if (cp < 0x2150) return kSymbol;  // letterlike: № ℃ ™
  if (cp < 0x2190) return kDigit;   // number forms: ⅓ Ⅻ
  if (cp < 0x2C00) return Symbols(cp);
  if (cp < 0x2E00) return kCaseless;
  if (cp < 0x2E80) {
    if (cp == 0x2E3A || cp == 0x2E3B) return kDash;
    return kSymbol;
  }
  if (cp < 0x3000) return kCaseless;
  if (cp < 0x3040) {
    if (cp == 0x3000) return kSpace;
    if (cp == 0x3001) return kComma;
    if (cp == 0x3002) return kPeriod;
    return kSymbol;
  }
  if (cp < 0xE000) return kCaseless;  // kana, CJK, Hangul (no surrogates after decoding)
  if (cp < 0xF900) return kSymbol;    // private use
  if (cp < 0xFE00) return kCaseless;
  if (cp < 0xFE10) return kExtend;    // variation selectors
  if (cp < 0xFE70) return cp >= 0xFE20 && cp <= 0xFE2F ? kExtend : kSymbol;
  if (cp < 0xFF00) return cp == 0xFEFF ? kSpace : kCaseless;
  if (cp < 0xFFF0) {
    if (cp == 0xFF01 || cp == 0xFF1F) return kStop;
    if (cp == 0xFF0C) return kComma;
    if (cp == 0xFF0E) return kPeriod;
    if (cp >= 0xFF10 && cp <= 0xFF19) return kDigit;
    if (cp >= 0xFF21 && cp <= 0xFF3A) return kUpper;
    if (cp >= 0xFF41 && cp <= 0xFF5A) return kLower;
    if (cp >= 0xFF66) return kCaseless;
    return kSymbol;
  }
  if (cp < 0x10000) return cp == 0xFFFD ? kCaseless : kSymbol;
  if (cp < 0x1F000) return kCaseless;
  if (cp < 0x1FB00) return (cp >= 0x1F3FB && cp <= 0x1F3FF) ? kExtend : kSymbol;
  if (cp < 0x20000) return kSymbol;
  if (cp < 0x40000) return kCaseless;
  if (cp >= 0xE0000 && cp <= 0xE01EF) return kExtend;
  return kSymbol;
}

}  // namespace relgraph::text::chars
