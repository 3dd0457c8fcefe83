// relgraph::extract pattern language: parsing token patterns into a tree.
//
// A pattern matches a run of tokens. Grammar (schemas/rules/README.md has
// the user's guide):
//
//   pattern  := alt
//   alt      := seq ('|' seq)*
//   seq      := item*
//   item     := atom quant?
//   quant    := ('?' | '*' | '+' | '{' n '}' | '{' n ',' m? '}') '?'?   (trailing ? = lazy)
//   atom     := '[' expr? ']'                 a token; [] is any token
//             | '(?<' name '>' alt ')'        a capture (also '(?P<name>')
//             | '(?:' alt ')' | '(' alt ')'   a group
//             | '@' NAME                      a macro
//             | '"' words '"'                 literal words: "also known as" =
//                                             [lower=also] [lower=known] [lower=as]
//             | '^' | '$'                     sentence start / end
//   expr     := conj ('||' conj)*
//   conj     := unary ('&' unary)*
//   unary    := '!' unary | '(' expr ')' | field op values
//   field    := text | lower | lemma | pos | tag | shape | ent | chunk
//   op       := '=' | '!=' | '~'               (~ : RE2 regex on the field)
//   values   := value ('|' value)*             value: bare word or "quoted"
//
// Usage:
//   MacroTable macros;  // name -> body text
//   PatternNode tree;
//   PatternError err;
//   if (!ParsePattern("[lemma=support] [lower=for] (?<obj>@NP)", macros, &tree, &err))
//     ... err.offset, err.message ...

#ifndef RELGRAPH_SRC_EXTRACT_PATTERN_H_
#define RELGRAPH_SRC_EXTRACT_PATTERN_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace relgraph::extract {

enum class Field : uint8_t { kText = 0, kLower, kLemma, kPos, kTag, kShape, kEnt, kChunk };
inline constexpr int kNumFields = 8;
const char* FieldName(Field f);
bool FieldFromName(std::string_view name, Field* out);
// text, lower and lemma hold words; the others hold small closed sets.
inline bool IsWordField(Field f) { return f == Field::kText || f == Field::kLower || f == Field::kLemma; }

// A test on one token.
struct TokenExpr {
  enum class Kind : uint8_t { kAny, kClause, kAnd, kOr, kNot };
  enum class Op : uint8_t { kEq, kNe, kRegex };
  Kind kind = Kind::kAny;
  // kClause:
  Field field = Field::kText;
  Op op = Op::kEq;
  std::vector<std::string> values;  // alternatives (kEq, kNe); one regex (kRegex)
  // kAnd, kOr, kNot:
  std::vector<TokenExpr> children;

  // Canonical text, used to share predicate bits between equal expressions.
  std::string ToString() const;
};

struct PatternNode {
  enum class Kind : uint8_t { kToken, kSeq, kAlt, kCapture, kRepeat, kStart, kEnd };
  Kind kind = Kind::kSeq;
  TokenExpr token;                   // kToken
  std::vector<PatternNode> children; // kSeq, kAlt; kCapture and kRepeat have one
  std::string name;                  // kCapture
  int min = 1, max = 1;              // kRepeat; max -1 = unbounded
  bool lazy = false;                 // kRepeat
};

struct PatternError {
  size_t offset = 0;       // character offset in the pattern (or macro) text
  std::string message;     // "expected ']'"
  std::string macro;       // non-empty when the error is inside this macro's body
};

using MacroTable = std::map<std::string, std::string, std::less<>>;

// Parses `pattern`, expanding @MACROs from `macros` (recursively; cycles and
// unknown macros are errors; macros may not contain captures). Validates
// field names and the closed-set values of pos, tag, shape and chunk (ent
// values are checked by the compiler against the ontology). Returns false and
// fills *error on bad input.
bool ParsePattern(std::string_view pattern, const MacroTable& macros, PatternNode* out,
                  PatternError* error);

// The names of the captures in `node`, in order of their opening parenthesis.
std::vector<std::string> CaptureNames(const PatternNode& node);

// The smallest number of tokens `node` can match.
int MinTokens(const PatternNode& node);

}  // namespace relgraph::extract

#endif  // RELGRAPH_SRC_EXTRACT_PATTERN_H_
