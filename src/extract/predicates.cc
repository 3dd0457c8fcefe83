#include "src/extract/predicates.h"

#include <algorithm>
#include <cstdlib>

namespace relgraph::extract {

namespace {

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Words that an abbreviation may skip or take the initial of.
bool IsFunctionWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "a", "al", "and", "at", "by", "de", "del", "der", "des", "di", "du", "e", "el", "for",
      "i", "in", "la", "le", "of", "on", "the", "to", "und", "van", "von", "y", "&"};
  std::string lower(w);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
}

// Can parts[p..] spell letters[l..]? Content parts give >= 1 leading letters;
// function parts give 0 or more.
bool Spell(const std::vector<std::string_view>& parts, size_t p, const std::string& letters,
           size_t l) {
  if (p == parts.size()) return l == letters.size();
  std::string_view part = parts[p];
  const bool function = IsFunctionWord(part);
  if (function && Spell(parts, p + 1, letters, l)) return true;
  // Take k >= 1 leading letters of this part.
  std::string clean;
  for (char c : part) {
    if (IsAlnum(c)) clean += Upper(c);
  }
  for (size_t k = 1; k <= clean.size() && l + k <= letters.size(); ++k) {
    if (clean[k - 1] != letters[l + k - 1]) break;
    if (Spell(parts, p + 1, letters, l + k)) return true;
  }
  return false;
}

std::vector<std::string_view> SplitParts(const std::vector<std::string_view>& words) {
  std::vector<std::string_view> parts;
  for (std::string_view w : words) {
    size_t start = 0;
    for (size_t i = 0; i <= w.size(); ++i) {
      if (i == w.size() || w[i] == '-') {
        if (i > start) parts.push_back(w.substr(start, i - start));
        start = i + 1;
      }
    }
  }
  return parts;
}

std::string Letters(std::string_view abbreviation) {
  std::string out;
  for (char c : abbreviation) {
    if (IsAlnum(c)) out += Upper(c);
  }
  return out;
}

std::string RangeText(const text::Sentence& s, const TokenRange& r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end && i < s.tokens.size(); ++i) {
    if (i > r.begin) out += ' ';
    out += s.tokens[i].text;
  }
  return out;
}

bool AcronymOf(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
               const std::vector<std::string>&, std::string* why) {
  TokenRange* abbr = caps[0];
  TokenRange* long_form = caps[1];
  if (abbr->empty() || long_form->empty()) {
    *why = "empty capture";
    return false;
  }
  std::string letters = Letters(RangeText(ctx.sentence, *abbr));
  if (letters.size() < 2) {
    *why = "abbreviation has fewer than two letters";
    return false;
  }
  // The shortest suffix of the long form that spells the letters, starting
  // with a word that gives the first letter.
  constexpr uint32_t kMaxWords = 14;
  const uint32_t lowest = long_form->end > kMaxWords + long_form->begin ? long_form->end - kMaxWords
                                                                        : long_form->begin;
  for (uint32_t start = long_form->end; start-- > lowest;) {
    std::string_view first = ctx.sentence.tokens[start].text;
    if (IsFunctionWord(first)) continue;
    std::vector<std::string_view> words;
    for (uint32_t i = start; i < long_form->end; ++i) words.push_back(ctx.sentence.tokens[i].text);
    if (AbbreviationFits(letters, words)) {
      long_form->begin = start;
      return true;
    }
  }
  *why = "the letters of \"" + RangeText(ctx.sentence, *abbr) + "\" do not fit \"" +
         RangeText(ctx.sentence, *long_form) + "\"";
  return false;
}

bool Distinct(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
              const std::vector<std::string>&, std::string* why) {
  std::string a = RangeText(ctx.sentence, *caps[0]);
  std::string b = RangeText(ctx.sentence, *caps[1]);
  auto lower = [](std::string s) {
    for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return s;
  };
  if (lower(a) == lower(b)) {
    *why = "both captures read \"" + a + "\"";
    return false;
  }
  return true;
}

bool TokenHasType(const CheckContext& ctx, const text::Token& t, const std::vector<std::string>& types) {
  if (t.ent_type == 0) return false;
  const std::string& name = ctx.ontology.EntityTypeName(t.ent_type);
  for (const auto& ty : types) {
    if (ctx.ontology.IsA(name, ty)) return true;
  }
  return false;
}

bool HasType(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
             const std::vector<std::string>& types, std::string* why) {
  for (uint32_t i = caps[0]->begin; i < caps[0]->end; ++i) {
    if (TokenHasType(ctx, ctx.sentence.tokens[i], types)) return true;
  }
  *why = "no entity of the listed types in the capture";
  return false;
}

bool NotType(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
             const std::vector<std::string>& types, std::string* why) {
  for (uint32_t i = caps[0]->begin; i < caps[0]->end; ++i) {
    if (TokenHasType(ctx, ctx.sentence.tokens[i], types)) {
      *why = "\"" + ctx.sentence.tokens[i].text + "\" is of an excluded type";
      return false;
    }
  }
  return true;
}

// The head of a phrase is its last word that is not punctuation.
bool HeadType(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
              const std::vector<std::string>& types, std::string* why) {
  for (uint32_t i = caps[0]->end; i-- > caps[0]->begin;) {
    const text::Token& t = ctx.sentence.tokens[i];
    if (t.shape == text::Shape::kPunct) continue;
    if (TokenHasType(ctx, t, types)) return true;
    break;
  }
  *why = "the head of the capture is not of the listed types";
  return false;
}

// The lemma (or lower-case form) of a token, as head_lemma compares it.
std::string LemmaOf(const text::Token& t) {
  std::string w = t.lemma.empty() ? t.text : t.lemma;
  for (char& c : w) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return w;
}

// The phrase ends with one of the listed words (lemmas); a listed entry of
// several words ("press release") must match the last words of the phrase.
bool HeadLemma(const CheckContext& ctx, const std::vector<TokenRange*>& caps,
               const std::vector<std::string>& words, std::string* why) {
  uint32_t end = caps[0]->end;
  while (end > caps[0]->begin && ctx.sentence.tokens[end - 1].shape == text::Shape::kPunct) --end;
  for (const auto& entry : words) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= entry.size(); ++i) {
      if (i == entry.size() || entry[i] == ' ') {
        if (i > start) parts.push_back(entry.substr(start, i - start));
        start = i + 1;
      }
    }
    if (parts.empty() || parts.size() > end - caps[0]->begin) continue;
    bool all = true;
    for (size_t k = 0; k < parts.size() && all; ++k) {
      const text::Token& t = ctx.sentence.tokens[end - parts.size() + k];
      // Earlier words compare by lower-case form, the head by lemma.
      std::string form = k + 1 == parts.size() ? LemmaOf(t) : LemmaOf(text::Token{.text = t.text});
      all = form == parts[k];
    }
    if (all) return true;
  }
  *why = "the head of the capture is none of the listed words";
  return false;
}

bool MaxTokens(const CheckContext&, const std::vector<TokenRange*>& caps,
               const std::vector<std::string>& literals, std::string* why) {
  long n = std::strtol(literals[0].c_str(), nullptr, 10);
  if (static_cast<long>(caps[0]->size()) > n) {
    *why = "capture longer than " + literals[0] + " tokens";
    return false;
  }
  return true;
}

}  // namespace

bool AbbreviationFits(std::string_view abbreviation, const std::vector<std::string_view>& words) {
  std::string letters = Letters(abbreviation);
  std::vector<std::string_view> parts = SplitParts(words);
  if (letters.empty() || parts.empty()) return false;
  // The first part must give the first letter.
  std::string_view first = parts[0];
  if (first.empty() || Upper(first[0]) != letters[0]) return false;
  return Spell(parts, 0, letters, 0);
}

const std::vector<CheckSpec>& AllChecks() {
  static const std::vector<CheckSpec> kChecks = {
      {"acronym_of", 2, LiteralKind::kNone, 0, 0, AcronymOf,
       "acronym_of(abbr, long): the letters of abbr spell the words of long; narrows long to them"},
      {"distinct", 2, LiteralKind::kNone, 0, 0, Distinct,
       "distinct(a, b): the two captures read differently (ignoring case)"},
      {"has_type", 1, LiteralKind::kEntityTypes, 1, -1, HasType,
       "has_type(x, Type...): some token of x is an entity of one of the types (or a subtype)"},
      {"head_lemma", 1, LiteralKind::kWords, 1, -1, HeadLemma,
       "head_lemma(x, word...): the last word of x has one of the lemmas (or ends with one of the phrases)"},
      {"head_type", 1, LiteralKind::kEntityTypes, 1, -1, HeadType,
       "head_type(x, Type...): the last word of x is an entity of one of the types"},
      {"max_tokens", 1, LiteralKind::kNumber, 1, 1, MaxTokens,
       "max_tokens(x, N): x has at most N tokens"},
      {"not_type", 1, LiteralKind::kEntityTypes, 1, -1, NotType,
       "not_type(x, Type...): no token of x is an entity of the types"},
  };
  return kChecks;
}

const CheckSpec* FindCheck(std::string_view name) {
  for (const auto& c : AllChecks()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

}  // namespace relgraph::extract
