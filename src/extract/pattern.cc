#include "src/extract/pattern.h"

#include <algorithm>
#include <array>
#include <set>

#include "src/text/token.h"

namespace relgraph::extract {

namespace {

constexpr std::array<const char*, kNumFields> kFieldNames = {
    "text", "lower", "lemma", "pos", "tag", "shape", "ent", "chunk"};

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare value inside [...].
bool EndsBareValue(char c) {
  return IsSpace(c) || c == ']' || c == '|' || c == '&' || c == ')' || c == '"';
}

// Checks a closed-set value; an error message or "".
std::string CheckClosedValue(Field field, const std::string& v) {
  switch (field) {
    case Field::kPos:
      return text::UposIndex(v) > 0 ? "" : "unknown part of speech \"" + v + "\"";
    case Field::kTag:
      return text::XposIndex(v) > 0 ? "" : "unknown tag \"" + v + "\"";
    case Field::kShape: {
      text::Shape s;
      return text::ShapeFromName(v, &s) ? "" : "unknown shape \"" + v + "\"";
    }
    case Field::kChunk: {
      if (v == "O" || v == "B" || v == "I") return "";
      std::string_view t = v;
      if (t.size() > 2 && (t.substr(0, 2) == "B-" || t.substr(0, 2) == "I-")) t.remove_prefix(2);
      return text::ChunkTypeIndex(t) > 0 ? "" : "unknown chunk type \"" + v + "\"";
    }
    default:
      return "";
  }
}

class Parser {
 public:
  Parser(std::string_view text, const MacroTable& macros, std::vector<std::string>* macro_stack,
         bool in_macro)
      : s_(text), macros_(macros), macro_stack_(macro_stack), in_macro_(in_macro) {}

  bool Parse(PatternNode* out, PatternError* err) {
    err_ = err;
    if (!ParseAlt(out)) return false;
    SkipSpace();
    if (pos_ < s_.size()) return Fail(s_[pos_] == ')' ? "unbalanced ')'" : "unexpected character");
    return true;
  }

 private:
  bool Fail(const std::string& message) {
    if (err_->message.empty()) {
      err_->offset = pos_;
      err_->message = message;
    }
    return false;
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  bool Peek(char c) {
    SkipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }

  // A sequence of one item is that item.
  static void Unwrap(PatternNode* n) {
    if (n->kind == PatternNode::Kind::kSeq && n->children.size() == 1) {
      PatternNode only = std::move(n->children[0]);
      *n = std::move(only);
    }
  }

  bool ParseAlt(PatternNode* out) {
    PatternNode first;
    if (!ParseSeq(&first)) return false;
    Unwrap(&first);
    if (!Peek('|')) {
      *out = std::move(first);
      return true;
    }
    out->kind = PatternNode::Kind::kAlt;
    out->children.push_back(std::move(first));
    while (Peek('|')) {
      ++pos_;
      PatternNode next;
      if (!ParseSeq(&next)) return false;
      Unwrap(&next);
      out->children.push_back(std::move(next));
    }
    return true;
  }

  bool ParseSeq(PatternNode* out) {
    out->kind = PatternNode::Kind::kSeq;
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] == '|' || s_[pos_] == ')') break;
      PatternNode item;
      if (!ParseItem(&item)) return false;
      if (item.kind == PatternNode::Kind::kSeq) {
        // Literal words expand to a sequence; splice it in.
        for (auto& c : item.children) out->children.push_back(std::move(c));
      } else {
        out->children.push_back(std::move(item));
      }
    }
    return true;
  }

  bool ParseInt(int* out) {
    size_t start = pos_;
    long v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      v = v * 10 + (s_[pos_] - '0');
      if (v > 1000) return Fail("repeat count larger than 1000");
      ++pos_;
    }
    if (pos_ == start) return Fail("expected a number");
    *out = static_cast<int>(v);
    return true;
  }

  bool ParseItem(PatternNode* out) {
    size_t atom_start = pos_;
    if (!ParseAtom(out)) return false;
    // Quantifier, directly after the atom.
    if (pos_ >= s_.size()) return true;
    char c = s_[pos_];
    int min = 1, max = 1;
    if (c == '?') {
      min = 0;
      max = 1;
      ++pos_;
    } else if (c == '*') {
      min = 0;
      max = -1;
      ++pos_;
    } else if (c == '+') {
      min = 1;
      max = -1;
      ++pos_;
    } else if (c == '{') {
      ++pos_;
      if (!ParseInt(&min)) return false;
      max = min;
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        if (pos_ < s_.size() && s_[pos_] == '}') {
          max = -1;
        } else if (!ParseInt(&max)) {
          return false;
        }
      }
      if (pos_ >= s_.size() || s_[pos_] != '}') return Fail("expected '}'");
      ++pos_;
      if (max >= 0 && max < min) return Fail("repeat {m,n} with n < m");
    } else {
      return true;
    }
    if (out->kind == PatternNode::Kind::kStart || out->kind == PatternNode::Kind::kEnd) {
      pos_ = atom_start;
      return Fail("a quantifier cannot follow ^ or $");
    }
    PatternNode rep;
    rep.kind = PatternNode::Kind::kRepeat;
    rep.min = min;
    rep.max = max;
    if (pos_ < s_.size() && s_[pos_] == '?') {
      rep.lazy = true;
      ++pos_;
    }
    rep.children.push_back(std::move(*out));
    *out = std::move(rep);
    if (pos_ < s_.size() && (s_[pos_] == '?' || s_[pos_] == '*' || s_[pos_] == '+' || s_[pos_] == '{')) {
      return Fail("two quantifiers in a row");
    }
    return true;
  }

  bool ParseAtom(PatternNode* out) {
    SkipSpace();
    char c = s_[pos_];
    if (c == '[') {
      ++pos_;
      out->kind = PatternNode::Kind::kToken;
      if (Peek(']')) {
        ++pos_;
        out->token.kind = TokenExpr::Kind::kAny;
        return true;
      }
      if (!ParseExpr(&out->token)) return false;
      if (!Peek(']')) return Fail("expected ']'");
      ++pos_;
      return true;
    }
    if (c == '(') {
      ++pos_;
      std::string name;
      if (s_.substr(pos_, 2) == "?:") {
        pos_ += 2;
      } else if (s_.substr(pos_, 2) == "?<" || s_.substr(pos_, 3) == "?P<") {
        pos_ += s_[pos_ + 1] == 'P' ? 3 : 2;
        size_t start = pos_;
        while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
        name = std::string(s_.substr(start, pos_ - start));
        if (name.empty() || pos_ >= s_.size() || s_[pos_] != '>') return Fail("bad capture name");
        if (name[0] >= '0' && name[0] <= '9') return Fail("a capture name cannot start with a digit");
        ++pos_;
        if (in_macro_) return Fail("macros may not contain captures");
      } else if (pos_ < s_.size() && s_[pos_] == '?') {
        return Fail("unknown group syntax: use (?<name> ...), (?: ...) or ( ... )");
      }
      PatternNode inner;
      if (!ParseAlt(&inner)) return false;
      if (!Peek(')')) return Fail("missing ')'");
      ++pos_;
      if (name.empty()) {
        *out = std::move(inner);
      } else {
        out->kind = PatternNode::Kind::kCapture;
        out->name = name;
        out->children.push_back(std::move(inner));
      }
      return true;
    }
    if (c == '@') {
      ++pos_;
      size_t start = pos_;
      while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
      std::string name(s_.substr(start, pos_ - start));
      if (name.empty()) return Fail("expected a macro name after '@'");
      auto it = macros_.find(name);
      if (it == macros_.end()) {
        pos_ = start;
        return Fail("unknown macro @" + name);
      }
      if (std::find(macro_stack_->begin(), macro_stack_->end(), name) != macro_stack_->end()) {
        pos_ = start;
        return Fail("macro @" + name + " refers to itself");
      }
      macro_stack_->push_back(name);
      Parser inner(it->second, macros_, macro_stack_, /*in_macro=*/true);
      PatternError inner_err;
      bool ok = inner.Parse(out, &inner_err);
      macro_stack_->pop_back();
      if (!ok) {
        if (err_->message.empty()) {
          *err_ = inner_err;
          if (err_->macro.empty()) err_->macro = name;
        }
        return false;
      }
      return true;
    }
    if (c == '"') {
      ++pos_;
      size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"') ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated \"");
      std::string_view words = s_.substr(start, pos_ - start);
      ++pos_;
      out->kind = PatternNode::Kind::kSeq;
      size_t i = 0;
      while (i < words.size()) {
        while (i < words.size() && IsSpace(words[i])) ++i;
        size_t j = i;
        while (j < words.size() && !IsSpace(words[j])) ++j;
        if (j > i) {
          PatternNode tok;
          tok.kind = PatternNode::Kind::kToken;
          tok.token.kind = TokenExpr::Kind::kClause;
          tok.token.field = Field::kLower;
          tok.token.op = TokenExpr::Op::kEq;
          tok.token.values.emplace_back(words.substr(i, j - i));
          out->children.push_back(std::move(tok));
        }
        i = j;
      }
      if (out->children.empty()) return Fail("empty literal \"\"");
      Unwrap(out);
      return true;
    }
    if (c == '^') {
      ++pos_;
      out->kind = PatternNode::Kind::kStart;
      return true;
    }
    if (c == '$') {
      ++pos_;
      out->kind = PatternNode::Kind::kEnd;
      return true;
    }
    return Fail(std::string("unexpected '") + c + "'");
  }

  bool ParseExpr(TokenExpr* out) {
    TokenExpr first;
    if (!ParseConj(&first)) return false;
    if (!(Peek('|') && s_.substr(pos_, 2) == "||")) {
      *out = std::move(first);
      return true;
    }
    out->kind = TokenExpr::Kind::kOr;
    out->children.push_back(std::move(first));
    while (Peek('|') && s_.substr(pos_, 2) == "||") {
      pos_ += 2;
      TokenExpr next;
      if (!ParseConj(&next)) return false;
      out->children.push_back(std::move(next));
    }
    return true;
  }

  bool ParseConj(TokenExpr* out) {
    TokenExpr first;
    if (!ParseUnary(&first)) return false;
    if (!Peek('&')) {
      *out = std::move(first);
      return true;
    }
    out->kind = TokenExpr::Kind::kAnd;
    out->children.push_back(std::move(first));
    while (Peek('&')) {
      ++pos_;
      TokenExpr next;
      if (!ParseUnary(&next)) return false;
      out->children.push_back(std::move(next));
    }
    return true;
  }

  bool ParseUnary(TokenExpr* out) {
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("unexpected end inside [...]");
    if (s_[pos_] == '!' && s_.substr(pos_, 2) != "!=") {
      ++pos_;
      out->kind = TokenExpr::Kind::kNot;
      out->children.emplace_back();
      return ParseUnary(&out->children.back());
    }
    if (s_[pos_] == '(') {
      ++pos_;
      if (!ParseExpr(out)) return false;
      if (!Peek(')')) return Fail("expected ')' inside [...]");
      ++pos_;
      return true;
    }
    return ParseClause(out);
  }

  bool ParseValue(std::string* out) {
    SkipSpace();
    if (pos_ >= s_.size()) return Fail("expected a value");
    if (s_[pos_] == '"') {
      ++pos_;
      std::string v;
      while (pos_ < s_.size() && s_[pos_] != '"') {
        if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
        v += s_[pos_++];
      }
      if (pos_ >= s_.size()) return Fail("unterminated \" in value");
      ++pos_;
      *out = std::move(v);
      return true;
    }
    size_t start = pos_;
    while (pos_ < s_.size() && !EndsBareValue(s_[pos_])) ++pos_;
    if (pos_ == start) return Fail("expected a value");
    *out = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  bool ParseClause(TokenExpr* out) {
    size_t start = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    std::string_view name = s_.substr(start, pos_ - start);
    if (name.empty()) return Fail("expected a field name (text, lower, lemma, pos, tag, shape, ent, chunk)");
    if (!FieldFromName(name, &out->field)) {
      pos_ = start;
      return Fail("unknown field \"" + std::string(name) + "\"");
    }
    SkipSpace();
    if (s_.substr(pos_, 2) == "!=") {
      out->op = TokenExpr::Op::kNe;
      pos_ += 2;
    } else if (pos_ < s_.size() && s_[pos_] == '=') {
      out->op = TokenExpr::Op::kEq;
      ++pos_;
    } else if (pos_ < s_.size() && s_[pos_] == '~') {
      out->op = TokenExpr::Op::kRegex;
      ++pos_;
    } else {
      return Fail("expected '=', '!=' or '~' after field name");
    }
    out->kind = TokenExpr::Kind::kClause;
    while (true) {
      size_t value_start = pos_;
      std::string v;
      if (!ParseValue(&v)) return false;
      if (out->op != TokenExpr::Op::kRegex) {
        std::string problem = CheckClosedValue(out->field, v);
        if (!problem.empty()) {
          pos_ = value_start;
          while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
          return Fail(problem);
        }
      }
      out->values.push_back(std::move(v));
      // A single '|' continues the value list; '||' ends the clause.
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == '|' && s_.substr(pos_, 2) != "||") {
        if (out->op == TokenExpr::Op::kRegex) {
          return Fail("write alternatives inside the regex: field~\"a|b\"");
        }
        ++pos_;
        continue;
      }
      break;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  const MacroTable& macros_;
  std::vector<std::string>* macro_stack_;
  bool in_macro_;
  PatternError* err_ = nullptr;
};

void CollectCaptures(const PatternNode& n, std::vector<std::string>* out) {
  if (n.kind == PatternNode::Kind::kCapture) out->push_back(n.name);
  for (const auto& c : n.children) CollectCaptures(c, out);
}

}  // namespace

const char* FieldName(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

bool FieldFromName(std::string_view name, Field* out) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if (name == kFieldNames[i]) {
      *out = static_cast<Field>(i);
      return true;
    }
  }
  return false;
}

std::string TokenExpr::ToString() const {
  switch (kind) {
    case Kind::kAny:
      return "[]";
    case Kind::kClause: {
      std::string out = FieldName(field);
      out += op == Op::kEq ? "=" : op == Op::kNe ? "!=" : "~";
      for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += "|";
        out += "\"" + values[i] + "\"";
      }
      return out;
    }
    case Kind::kNot:
      return "!(" + children[0].ToString() + ")";
    case Kind::kAnd:
    case Kind::kOr: {
      std::string out = "(";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i) out += kind == Kind::kAnd ? " & " : " || ";
        out += children[i].ToString();
      }
      return out + ")";
    }
  }
  return "";
}

bool ParsePattern(std::string_view pattern, const MacroTable& macros, PatternNode* out,
                  PatternError* error) {
  std::vector<std::string> stack;
  Parser p(pattern, macros, &stack, /*in_macro=*/false);
  *error = PatternError();
  *out = PatternNode();
  if (!p.Parse(out, error)) return false;
  if (MinTokens(*out) == 0) {
    error->offset = 0;
    error->message = "the pattern can match zero tokens";
    return false;
  }
  std::vector<std::string> names = CaptureNames(*out);
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (!seen.insert(n).second) {
      error->offset = pattern.rfind("<" + n + ">");
      if (error->offset == std::string_view::npos) error->offset = 0;
      error->message = "capture <" + n + "> is defined twice";
      return false;
    }
  }
  return true;
}

std::vector<std::string> CaptureNames(const PatternNode& node) {
  std::vector<std::string> out;
  CollectCaptures(node, &out);
  return out;
}

int MinTokens(const PatternNode& n) {
  switch (n.kind) {
    case PatternNode::Kind::kToken:
      return 1;
    case PatternNode::Kind::kStart:
    case PatternNode::Kind::kEnd:
      return 0;
    case PatternNode::Kind::kSeq: {
      int sum = 0;
      for (const auto& c : n.children) sum += MinTokens(c);
      return sum;
    }
    case PatternNode::Kind::kAlt: {
      int best = -1;
      for (const auto& c : n.children) {
        int m = MinTokens(c);
        if (best < 0 || m < best) best = m;
      }
      return best < 0 ? 0 : best;
    }
    case PatternNode::Kind::kCapture:
      return MinTokens(n.children[0]);
    case PatternNode::Kind::kRepeat:
      return n.min * MinTokens(n.children[0]);
  }
  return 0;
}

}  // namespace relgraph::extract
