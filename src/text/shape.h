// ShapeOf with the letter-case facts the tokenizer needs (internal to
// src/text), so that one pass over a token's bytes serves both; and the byte
// tables behind it, so that the tokenizer can count a word's byte classes
// while it scans the word instead of reading its bytes again.

#ifndef RELGRAPH_SRC_TEXT_SHAPE_H_
#define RELGRAPH_SRC_TEXT_SHAPE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "src/text/token.h"

namespace relgraph::text::internal {

// Returns ShapeOf(s); *has_upper and *has_lower get whether s contains an
// ASCII capital (A-Z) and an ASCII small letter (a-z).
Shape ShapeOfCased(std::string_view s, bool* has_upper, bool* has_lower);
// The same, reading any text (non-empty) byte by byte: the path for long and
// non-ASCII tokens, and the reference the ASCII fast path must agree with.
Shape ShapeOfBytewise(std::string_view s, bool* has_upper, bool* has_lower);

namespace shape {

inline bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Byte classes for ShapeOf.
enum ByteClass : uint8_t { kBUpper, kBLower, kBDigit, kBJoiner, kBPunct, kBSymbol, kBHigh };

constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 ? kBHigh : kBSymbol;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kBUpper;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kBLower;
  for (int c = '0'; c <= '9'; ++c) t[c] = kBDigit;
  // Characters that may sit inside a word without changing its class:
  // "Tehreek-e-Taliban", "O'Neill", "U.S.".
  for (char c : {'-', '\'', '.', '&'}) t[static_cast<unsigned char>(c)] = kBJoiner;
  for (char c : {',', ';', ':', '!', '?', '"', '(', ')', '[', ']', '{', '}', '`'}) {
    t[static_cast<unsigned char>(c)] = kBPunct;
  }
  return t;
}
inline constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();

// For the ASCII fast path of ShapeOf: one 8-bit counter per byte class,
// packed so that one addition per byte counts them all. Tokens of up to 255
// bytes cannot overflow a counter.
inline constexpr size_t kMaxPackedBytes = 255;

constexpr std::array<uint64_t, 256> MakePackedCounts() {
  std::array<uint64_t, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = uint64_t{1} << (8 * kByteClasses[c]);
  return t;
}
inline constexpr std::array<uint64_t, 256> kPackedCounts = MakePackedCounts();

inline int Field(uint64_t packed, ByteClass cls) {
  return static_cast<int>((packed >> (8 * cls)) & 0xFF);
}

// The decision shared by both paths, from the counts of each class.
constexpr Shape ShapeFromCounts(int upper, int lower, int digit, int joiner, int other_punct,
                             int symbol, int nonascii, bool starts_with_digit, bool first_upper) {
  const int letters = upper + lower + nonascii;
  if (letters == 0 && digit == 0) {
    return (symbol > 0 && other_punct == 0 && joiner == 0) ? Shape::kSymbol : Shape::kPunct;
  }
  if (letters == 0) {
    // Digits with separators or units: "1,000", "3.5", "92%", "$5".
    if (other_punct == 0 && joiner == 0 && symbol == 0) return Shape::kDigits;
    return Shape::kNumber;
  }
  if (digit > 0) {
    // "1990s" and "10th" read as numbers; "Q1", "G7", "F-16" as codes.
    if (starts_with_digit && upper == 0) return Shape::kNumber;
    return Shape::kAlnum;
  }
  if (upper == 0) return Shape::kLower;
  if (lower == 0 && nonascii == 0) return upper >= 2 ? Shape::kUpper : Shape::kTitle;
  if (first_upper && upper <= lower) {
    // Title case: a capital first and mostly small letters after ("McDonald"
    // and "Tehreek-e-Taliban" count as title). Mostly capitals with a few
    // small letters read as an acronym ("MoFA", "DoD") and are mixed, like
    // "iPhone".
    return Shape::kTitle;
  }
  return Shape::kMixed;
}

// ShapeOf() of each one-byte ASCII token (bytes >= 0x80: unused), so that
// punctuation tokens get their shape without counting.
constexpr std::array<Shape, 128> MakeSingleByteShapes() {
  std::array<Shape, 128> t{};
  for (int c = 0; c < 128; ++c) {
    const uint8_t cls = kByteClasses[c];
    t[c] = ShapeFromCounts(cls == kBUpper, cls == kBLower, cls == kBDigit, cls == kBJoiner,
                           cls == kBPunct, cls == kBSymbol, 0, cls == kBDigit, cls == kBUpper);
  }
  return t;
}
inline constexpr std::array<Shape, 128> kSingleByteShapes = MakeSingleByteShapes();

// ShapeOfCased(s) for a non-empty ASCII s of at most kMaxPackedBytes bytes
// whose bytes' kPackedCounts add up to `packed`.
// Inlined: the tokenizer calls it once a word, and the letter-only case is
// a few instructions.
[[gnu::always_inline]] inline Shape ShapeOfAsciiPacked(std::string_view s, uint64_t packed,
                                                       bool* has_upper, bool* has_lower) {
  const int upper = Field(packed, kBUpper), lower = Field(packed, kBLower);
  *has_upper = upper > 0;
  *has_lower = lower > 0;
  constexpr uint64_t kLetterFields = (uint64_t{0xFF} << (8 * kBUpper)) | (uint64_t{0xFF} << (8 * kBLower));
  if ((packed & ~kLetterFields) == 0) {
    // Only letters (most words): ShapeFromCounts' letter cases, the first
    // byte a letter.
    if (upper == 0) return Shape::kLower;
    if (lower == 0) return upper >= 2 ? Shape::kUpper : Shape::kTitle;
    const bool first_is_upper = kByteClasses[static_cast<unsigned char>(s[0])] == kBUpper;
    return first_is_upper && upper <= lower ? Shape::kTitle : Shape::kMixed;
  }
  bool first_upper = false;
  if (upper > 0 && lower > 0) {
    // Only the title/mixed decision needs to know which letter came first.
    size_t i = 0;
    while (kByteClasses[static_cast<unsigned char>(s[i])] > kBLower) ++i;
    first_upper = kByteClasses[static_cast<unsigned char>(s[i])] == kBUpper;
  }
  return ShapeFromCounts(upper, lower, Field(packed, kBDigit), Field(packed, kBJoiner),
                         Field(packed, kBPunct), Field(packed, kBSymbol), 0,
                         IsAsciiDigit(static_cast<unsigned char>(s[0])), first_upper);
}

}  // namespace shape

}  // namespace relgraph::text::internal

#endif  // RELGRAPH_SRC_TEXT_SHAPE_H_
