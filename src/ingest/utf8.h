// relgraph::ingest UTF-8 helpers: strict decoding, repair and the text
// normalisation every Document goes through.
//
// Part of the ingest stage (files -> Documents). The text stage uses
// DecodeUtf8 too, so that both agree on what a character is.
//
//   std::string clean;
//   TextRepair r = NormalizeText(raw_bytes, &clean);
//   if (r.invalid_sequences > 0) { /* report r.first_invalid_offset */ }
//
// "Invalid" follows RFC 3629: overlong forms, UTF-16 surrogates (U+D800..
// U+DFFF), code points above U+10FFFF, stray continuation bytes and truncated
// sequences are all invalid. Each maximal invalid subpart becomes one U+FFFD,
// as the Unicode standard recommends ("substitution of maximal subparts").

#ifndef RELGRAPH_SRC_INGEST_UTF8_H_
#define RELGRAPH_SRC_INGEST_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace relgraph::ingest {

inline constexpr char32_t kReplacementChar = 0xFFFD;
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";

// Decodes the character starting at s[i] (i < s.size()). Returns its length in
// bytes (1-4) and sets *cp, or returns 0 when the bytes there are not valid
// UTF-8; then *cp is U+FFFD and *invalid_len the number of bytes that form
// the maximal invalid subpart (at least 1).
size_t DecodeUtf8(std::string_view s, size_t i, char32_t* cp, size_t* invalid_len = nullptr);

// Appends the UTF-8 encoding of cp to *out (U+FFFD for a surrogate or a value
// above U+10FFFF).
void AppendUtf8(char32_t cp, std::string* out);

// True when s is entirely valid UTF-8.
bool IsValidUtf8(std::string_view s);

// What NormalizeText changed.
struct TextRepair {
  int64_t invalid_sequences = 0;      // U+FFFD substitutions made
  int64_t invalid_bytes = 0;          // bytes those replaced
  int64_t first_invalid_offset = -1;  // byte offset in the input; -1 = none
  bool bom_removed = false;
  int64_t line_endings_changed = 0;   // CRLF or CR turned into LF
};

// Copies `in` to *out (replacing its content) with: a leading UTF-8 BOM
// dropped, CRLF and lone CR turned into LF, and invalid UTF-8 replaced with
// U+FFFD. Never fails. Offsets in the report are into `in`.
TextRepair NormalizeText(std::string_view in, std::string* out);

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_UTF8_H_
