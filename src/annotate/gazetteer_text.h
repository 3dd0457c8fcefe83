// Internal to the annotate layer: the text normalisation and hashing that
// gazetteer matching and the entity lexicons share. Inline because it runs on
// every token.
//
// Folding: ASCII and Latin-1 (U+00C0..U+00DE) capitals to lower case; the dots
// of a dotted acronym dropped ("U.S." and "U.S" -> "us", but "Gen." and "J."
// keep theirs); U+2018/U+2019 -> "'"; U+2010/U+2011/U+2013 -> "-". Folding
// keeps byte lengths except for the dropped dots, so a folded and an unfolded
// normalisation of the same text line up byte for byte.

#ifndef RELGRAPH_SRC_ANNOTATE_GAZETTEER_TEXT_H_
#define RELGRAPH_SRC_ANNOTATE_GAZETTEER_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/text/token.h"

namespace relgraph::annotate::gaztext {

inline constexpr uint64_t kFnvSeed = 14695981039346656037ULL;
inline constexpr uint64_t kFnvPrime = 1099511628211ULL;

inline uint64_t Step(uint64_t h, unsigned char c) { return (h ^ c) * kFnvPrime; }

inline bool IsAsciiLetter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Letters, digits and non-ASCII bytes: where no tokenizer splits.
inline bool IsWordByte(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c >= 0x80 || IsAsciiLetter(c) || (c >= '0' && c <= '9');
}

// "U.S.", "U.S", "U.S.A.", "U.K.": single ASCII letters each followed by a
// dot (the last dot optional), at least two letters.
inline bool IsDottedAcronym(std::string_view t) {
  if (t.size() < 3) return false;
  int letters = 0;
  size_t i = 0;
  while (i < t.size()) {
    if (!IsAsciiLetter(static_cast<unsigned char>(t[i]))) return false;
    ++letters;
    ++i;
    if (i == t.size()) break;
    if (t[i] != '.') return false;
    ++i;
  }
  return letters >= 2;
}

// Calls emit(byte) for each byte of the folded (or, with fold_case false,
// only normalised) form of one token.
template <typename Emit>
inline void FoldBytes(std::string_view t, bool fold_case, Emit&& emit) {
  // Whether the token is a dotted acronym matters only at its first dot.
  int dotted = -1;
  const size_t n = t.size();
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      if (c == '.') {
        if (dotted < 0) dotted = IsDottedAcronym(t) ? 1 : 0;
        if (dotted == 1) continue;
      }
      emit(static_cast<unsigned char>(fold_case && c >= 'A' && c <= 'Z' ? c + 32 : c));
      continue;
    }
    if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(t[i + 1]) == 0x80) {
      const auto d = static_cast<unsigned char>(t[i + 2]);
      if (d == 0x98 || d == 0x99) {
        emit('\'');
        i += 2;
        continue;
      }
      if (d == 0x90 || d == 0x91 || d == 0x93) {
        emit('-');
        i += 2;
        continue;
      }
    }
    if (c == 0xC3 && fold_case && i + 1 < n) {
      const auto d = static_cast<unsigned char>(t[i + 1]);
      emit(c);
      emit(static_cast<unsigned char>(d >= 0x80 && d <= 0x9E && d != 0x97 ? d + 0x20 : d));
      ++i;
      continue;
    }
    emit(c);
  }
}

// For each byte, what FoldBytes makes of it when it stands alone: bits 0-7
// the folded byte, bit 8 set for an ASCII letter, bit 9 for '-'; bit 10
// (kPlainBad, and no other bit) for the bytes FoldBytes must see in context
// (non-ASCII, '.', NUL).
inline constexpr uint16_t kPlainLetter = 0x100;
inline constexpr uint16_t kPlainHyphen = 0x200;
inline constexpr uint16_t kPlainBad = 0x400;
struct PlainByteTable {
  uint16_t v[256];
};
inline constexpr PlainByteTable kPlainBytes = [] {
  PlainByteTable t{};
  for (int c = 0; c < 256; ++c) t.v[c] = kPlainBad;
  for (int c = 1; c < 0x80; ++c) {
    if (c == '.') continue;
    const int folded = c >= 'A' && c <= 'Z' ? c + 32 : c;
    uint16_t e = static_cast<uint16_t>(folded);
    if (folded >= 'a' && folded <= 'z') e = static_cast<uint16_t>(e | kPlainLetter);
    if (c == '-') e = static_cast<uint16_t>(e | kPlainHyphen);
    t.v[c] = e;
  }
  return t;
}();

// HashFold(h, token) for a token whose bytes are all plain (see
// kPlainBytes): stores the hash in *out, ORs the bytes' flags into *flags
// and returns true. Returns false, with *out and *flags unspecified, when
// some byte is not plain.
inline bool HashPlain(uint64_t h, std::string_view token, uint64_t* out, uint32_t* flags) {
  // Runs on every token: two bytes a step, and the test for a byte that is
  // not plain made once at the end (a bad byte only spoils the hash, which
  // is then dropped) instead of a branch per byte.
  const auto* p = reinterpret_cast<const unsigned char*>(token.data());
  const size_t n = token.size();
  uint32_t fl = 0;
  size_t k = 0;
  for (; k + 2 <= n; k += 2) {
    const uint32_t a = kPlainBytes.v[p[k]], b = kPlainBytes.v[p[k + 1]];
    h = (h ^ (a & 0xFFu)) * kFnvPrime;
    h = (h ^ (b & 0xFFu)) * kFnvPrime;
    fl |= a | b;
  }
  if (k < n) {
    const uint32_t a = kPlainBytes.v[p[k]];
    h = (h ^ (a & 0xFFu)) * kFnvPrime;
    fl |= a;
  }
  if (fl & kPlainBad) return false;
  *out = h;
  *flags = fl;
  return true;
}

inline uint64_t HashFold(uint64_t h, std::string_view token) {
  uint64_t plain = 0;
  uint32_t flags = 0;
  if (HashPlain(h, token, &plain, &flags)) return plain;
  FoldBytes(token, true, [&h](unsigned char c) { h = Step(h, c); });
  return h;
}

inline uint64_t HashBytes(uint64_t h, std::string_view bytes) {
  for (char c : bytes) h = Step(h, static_cast<unsigned char>(c));
  return h;
}

inline void AppendFold(std::string_view token, bool fold_case, std::string* out) {
  FoldBytes(token, fold_case, [out](unsigned char c) { out->push_back(static_cast<char>(c)); });
}

// AppendFold(token, false, out): the token's bytes as they are when none
// is a dot or the lead byte of U+2010..U+2019 (the usual case), else
// through FoldBytes.
inline void AppendNormalized(std::string_view token, std::string* out) {
  for (const char ch : token) {
    if (ch == '.' || ch == '\xE2') {
      AppendFold(token, false, out);
      return;
    }
  }
  out->append(token);
}

// Sets *out to FoldCase(s), reusing its buffer.
inline void AssignFoldCase(std::string_view s, std::string* out_string) {
  std::string& out = *out_string;
  out.assign(s);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
}

// Whether AppendNormalized copies `token` as it is: it holds no dot and no
// lead byte of U+2010..U+2019.
inline bool IsNormalized(std::string_view token) {
  for (const char ch : token) {
    if (ch == '.' || ch == '\xE2') return false;
  }
  return true;
}

// FoldCase(s) == folded, without building the folded string.
inline bool FoldCaseEquals(std::string_view s, std::string_view folded) {
  if (s.size() != folded.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c + 32);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      auto d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);
      if (folded[i] != s[i] || static_cast<unsigned char>(folded[i + 1]) != d) return false;
      ++i;
      continue;
    }
    if (static_cast<unsigned char>(folded[i]) != c) return false;
  }
  return true;
}

// Case-folds an already normalised string (no dot handling).
inline std::string FoldCase(std::string_view s) {
  std::string out;
  AssignFoldCase(s, &out);
  return out;
}

// Normalises a multi-word name: words split on ASCII whitespace, each folded
// as a token, joined by one space.
inline std::string Normalize(std::string_view name, bool fold_case) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && (name[i] == ' ' || name[i] == '\t' || name[i] == '\n' || name[i] == '\r')) ++i;
    size_t j = i;
    while (j < name.size() && !(name[j] == ' ' || name[j] == '\t' || name[j] == '\n' || name[j] == '\r')) ++j;
    if (j > i) {
      if (!out.empty()) out.push_back(' ');
      AppendFold(name.substr(i, j - i), fold_case, &out);
    }
    i = j;
  }
  return out;
}

// Whether text separates two adjacent tokens: their byte spans leave a gap.
// Tokens without spans (both 0) fall back on space_after.
inline bool SpaceBetween(const text::Token& a, const text::Token& b) {
  if (a.span.end == 0 && b.span.begin == 0) return a.space_after;
  return b.span.begin > a.span.end;
}

}  // namespace relgraph::annotate::gaztext

#endif  // RELGRAPH_SRC_ANNOTATE_GAZETTEER_TEXT_H_
