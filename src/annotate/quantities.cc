#include "src/annotate/quantities.h"

#include <cstdlib>

namespace relgraph::annotate {

namespace {

// Matches the multi-word phrase of class `cls` that starts at j; returns its
// length (0 if none) and the phrase.
size_t MatchPhrase(const SentenceView& v, size_t j, uint64_t cls, const QuantityPhrase** out) {
  const WordInfo* w = v.W(j);
  if (w == nullptr || !(w->bits & kPhraseStart)) return 0;
  size_t best = 0;
  for (uint32_t id : w->phrases) {
    const QuantityPhrase& p = v.lexicon().phrase(id);
    if (!(p.cls & cls) || p.words.size() <= best) continue;
    bool ok = j + p.words.size() <= v.size();
    for (size_t k = 0; ok && k < p.words.size(); ++k) ok = v.f(j + k).hash == p.words[k];
    if (ok) {
      best = p.words.size();
      *out = &p;
    }
  }
  return best;
}

bool EndsWith(std::string_view t, std::string_view s) {
  return t.size() > s.size() && t.compare(t.size() - s.size(), s.size(), s) == 0;
}

bool LooksPlural(std::string_view t) {
  return t.size() > 2 && t.back() == 's' && t[t.size() - 2] != 's';
}

// A word that may sit in the counted noun phrase.
bool UnitWord(const SentenceView& v, size_t k) {
  if (k >= v.size() || v.f(k).shape != text::Shape::kLower) return false;
  // "p.m.", "e.g.": abbreviations are not counted nouns.
  if (v.text(k).find('.') != std::string_view::npos) return false;
  return !v.Has(k, kStop | kDateCue | kComparator | kAgo);
}

// The counted noun phrase from j: returns the index after its head noun, or
// j when there is none; *head is the head's index.
size_t UnitPhrase(const SentenceView& v, size_t j, size_t* head) {
  static const uint8_t kNoun = static_cast<uint8_t>(text::UposIndex("NOUN"));
  static const uint8_t kAdj = static_cast<uint8_t>(text::UposIndex("ADJ"));
  static const uint8_t kVerb = static_cast<uint8_t>(text::UposIndex("VERB"));
  static const uint8_t kVbn = static_cast<uint8_t>(text::XposIndex("VBN"));
  static const uint8_t kVbg = static_cast<uint8_t>(text::XposIndex("VBG"));
  size_t end = j;
  for (size_t k = j; k < v.size() && k < j + 4; ++k) {
    if (!UnitWord(v, k)) break;
    const uint8_t upos = v.upos(k);
    if (upos != 0) {
      if (upos == kNoun) {
        *head = k;
        end = k + 1;
        continue;
      }
      // Modifiers only before the head: "attacks targeting civilians" ends
      // at "attacks".
      const bool participle = upos == kVerb && (v.xpos(k) == kVbn || v.xpos(k) == kVbg);
      if (end == j && (upos == kAdj || participle) && UnitWord(v, k + 1)) continue;
      break;
    }
    std::string_view t = v.text(k);
    if (EndsWith(t, "ed") || EndsWith(t, "ing")) {
      if (end > j) break;
      if (UnitWord(v, k + 1)) continue;  // a modifier: "violence-linked fatalities"
      break;
    }
    *head = k;
    end = k + 1;
    if (LooksPlural(t)) break;
  }
  return end;
}

bool IsNumberWordToken(const SentenceView& v, size_t j, double* value) {
  if (v.Has(j, kNumberWord)) {
    *value = v.W(j)->number;
    return true;
  }
  // "twenty-five"
  std::string_view t = v.text(j);
  const size_t dash = t.find('-');
  if (dash == std::string_view::npos) return false;
  const WordInfo* a = v.lexicon().Find(Gazetteer::HashToken(t.substr(0, dash)));
  const WordInfo* b = v.lexicon().Find(Gazetteer::HashToken(t.substr(dash + 1)));
  if (a == nullptr || b == nullptr || !(a->bits & kNumberWord) || !(b->bits & kNumberWord)) {
    return false;
  }
  if (a->number < 20 || b->number >= 10) return false;
  *value = a->number + b->number;
  return true;
}

}  // namespace

std::string FormatQuantity(const Quantity& q) {
  std::string out = q.comparator + FormatNumber(q.value);
  if (!q.unit.empty()) out += " " + q.unit;
  return out;
}

bool ParseQuantity(std::string_view s, Quantity* out) {
  size_t n = 0;
  while (n < s.size() && (s[n] == '>' || s[n] == '<' || s[n] == '=' || s[n] == '~')) ++n;
  std::string_view cmp = s.substr(0, n);
  if (!(cmp.empty() || cmp == ">=" || cmp == ">" || cmp == "<=" || cmp == "<" || cmp == "~")) {
    return false;
  }
  const size_t sp = s.find(' ', n);
  std::string_view num = s.substr(n, sp == std::string_view::npos ? std::string_view::npos : sp - n);
  double v = 0;
  if (!ParsePlainNumber(num, &v)) return false;
  out->comparator = std::string(cmp);
  out->value = v;
  out->unit = sp == std::string_view::npos ? std::string() : std::string(s.substr(sp + 1));
  return out->unit.find(' ') == std::string::npos;
}

bool MatchQuantityAt(const SentenceView& v, size_t i, QuantityMatch* out) {
  if (i >= v.size()) return false;
  size_t j = i;
  Quantity q;
  const QuantityPhrase* p = nullptr;
  if (size_t len = MatchPhrase(v, j, kComparator, &p); len > 0) {
    q.comparator = p->comparator;
    j += len;
  } else if (v.Has(j, kComparator)) {
    q.comparator = v.W(j)->comparator;
    ++j;
  }
  // Vague amounts: "scores of attacks", "tens of thousands of people".
  {
    size_t len = MatchPhrase(v, j, kVague, &p);
    const bool one = len == 0 && v.Has(j, kVague);
    if (len > 0 || one) {
      Quantity vq;
      vq.comparator = one ? v.W(j)->comparator : p->comparator;
      vq.value = one ? v.W(j)->vague_value : p->value;
      size_t k = j + (one ? 1 : len);
      if (v.IsWord(k, "of")) {
        size_t head = 0;
        const size_t e = UnitPhrase(v, k + 1, &head);
        if (e > k + 1) {
          vq.unit = gaztext::FoldCase(v.text(head));
          k = e;
        }
      }
      out->end = static_cast<uint32_t>(k);
      out->value = FormatQuantity(vq);
      return true;
    }
  }
  std::string currency;
  if (v.Has(j, kCurrency)) {
    currency = v.W(j)->currency;
    ++j;
  }
  double value = 0;
  bool word_number = false;
  if (j >= v.size()) return false;
  if (ParsePlainNumber(v.text(j), &value) || ParseScaledNumber(v.text(j), v.lexicon(), &value)) {
    ++j;
  } else if (currency.empty() && IsNumberWordToken(v, j, &value)) {
    word_number = true;
    ++j;
  } else {
    return false;
  }
  if (v.Has(j, kScale) && v.text(j).size() > 1) {
    value *= v.W(j)->scale;
    ++j;
  }
  q.value = value;
  if (v.Has(j, kPercent)) {
    q.unit = "%";
    ++j;
  } else if (size_t len = MatchPhrase(v, j, kPercent, &p); len > 0) {
    q.unit = "%";
    j += len;
  } else if (currency.empty() && v.Has(j, kCurrency) && v.f(j).alpha) {
    currency = v.W(j)->currency;
    ++j;
  }
  if (!currency.empty()) q.unit = currency;
  if (q.unit.empty()) {
    size_t head = 0;
    const size_t e = UnitPhrase(v, j, &head);
    if (e > j) {
      q.unit = gaztext::FoldCase(v.text(head));
      j = e;
    }
  }
  if (word_number) {
    if (q.unit.empty()) return false;
    if (i > 0 && (v.IsWord(i - 1, "the") || v.IsWord(i - 1, "both") || v.IsWord(i - 1, "these") ||
                  v.IsWord(i - 1, "those") || v.IsWord(i - 1, "all"))) {
      return false;
    }
  }
  out->end = static_cast<uint32_t>(j);
  out->value = FormatQuantity(q);
  return true;
}

}  // namespace relgraph::annotate
