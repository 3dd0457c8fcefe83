// relgraph::text: the value types every later stage works on.
//
// A Sentence is a run of Tokens; both carry byte Spans into the Document's
// text, so every triple can point back at its source. The text stage fills in
// span, text and shape; the annotate stage fills in pos, tag, lemma and the
// entity fields; the chunk stage of the rule engine fills in the chunk fields.
//
//   relgraph::text::Sentence s = ...;
//   for (const Token& t : s.tokens) std::cout << t.text << "/" << UposName(t.upos);

#ifndef RELGRAPH_SRC_TEXT_TOKEN_H_
#define RELGRAPH_SRC_TEXT_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relgraph::text {

// Half-open byte range [begin, end) into a Document's text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// Coarse orthographic class of a token, as rules test it with shape=NAME.
enum class Shape : uint8_t {
  kOther = 0,
  kLower,       // "support", "counter-terrorism": lower-case letters, maybe with - or '
  kTitle,       // "Pakistan", "Tehreek-e-Taliban", "McDonald"
  kUpper,       // "TTP", "U.S.", "ISIS-K" (two or more letters, all capitals)
  kMixed,       // "iPhone", "eBay": other mixes of case
  kDigits,      // "2024", "15"
  kNumber,      // "1,000", "3.5", "92%", "1990s", "$5"
  kAlnum,       // "Q1", "G7", "F-16", "COVID-19"
  kPunct,       // . , ; : ! ? " ' ( ) [ ] - — …
  kSymbol,      // $ % & @ # + = / * and other symbols
};
inline constexpr int kNumShapes = 10;

// Name of a shape as rules spell it: other lower title upper mixed digits
// number alnum punct symbol.
std::string_view ShapeName(Shape s);
// Inverse of ShapeName; returns false for an unknown name.
bool ShapeFromName(std::string_view name, Shape* out);
// The shape of a token's text (UTF-8; non-ASCII letters count by case where
// known, otherwise as lower-case letters).
Shape ShapeOf(std::string_view token_text);

// IOB position of a token in a span annotation (entity mention, chunk).
enum class Iob : uint8_t { kO = 0, kB, kI };

// The one-byte fields come first, after the span, so that a Token is 80
// bytes (two strings and 16 bytes) and a stage that reads only tags and
// shapes touches the first 16 bytes of each.
struct Token {
  Span span;            // bytes in the document text
  Shape shape = Shape::kOther;
  bool space_after = true;  // false when the next token follows directly

  // Filled by annotate.
  uint8_t upos = 0;     // index into UposTags(); 0 = unknown
  uint8_t xpos = 0;     // index into XposTags(); 0 = unknown
  uint8_t ent_type = 0; // index into the ontology's entity types; 0 = none
  Iob ent_iob = Iob::kO;

  // Filled by the chunk stage.
  uint8_t chunk_type = 0;  // index into ChunkTypes(); 0 = none
  Iob chunk_iob = Iob::kO;

  std::string text;     // the surface form exactly as in the document
  std::string lemma;    // lower-case lemma, filled by annotate; empty = unknown
};

// An entity mention over tokens [begin, end) of its sentence.
struct Mention {
  uint32_t begin = 0;       // token index
  uint32_t end = 0;         // token index, exclusive
  uint8_t type = 0;         // ontology entity type index
  std::string canonical;    // canonical name from a gazetteer; empty if none
  std::string source;       // what found it: "gazetteer:countries", "rule:person.title", ...
  std::string role;         // for persons named with a title: "Principal Deputy Spokesperson"
};

struct Sentence {
  uint32_t index = 0;            // 0-based position in the document
  Span span;                     // bytes of the whole sentence in the document
  std::vector<Token> tokens;
  std::vector<Mention> mentions; // sorted by begin, non-overlapping
};

// Universal POS tags. Index 0 is "_" (unknown); then ADJ ADP ADV AUX CCONJ
// DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X.
const std::vector<std::string_view>& UposTags();
// Penn Treebank tags as used in UD EWT (plus ADD AFX GW HYPH NFP XX). Index 0
// is "_" (unknown).
const std::vector<std::string_view>& XposTags();
// Chunk types. Index 0 is "_" (none); then NP VP PP ADJP ADVP.
const std::vector<std::string_view>& ChunkTypes();
// Index of a name in the table, or -1.
int UposIndex(std::string_view name);
int XposIndex(std::string_view name);
int ChunkTypeIndex(std::string_view name);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_TOKEN_H_
