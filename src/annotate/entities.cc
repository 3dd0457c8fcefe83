#include "src/annotate/entities.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include "src/annotate/dates.h"
#include "src/annotate/entities_tokens.h"
#include "src/annotate/quantities.h"

namespace relgraph::annotate {

namespace {

// Bytes [off, off + len) of the run's text buffer (EntityScratch::text).
struct TextRef {
  uint32_t off = 0, len = 0;
};

// One mention in the making. Its strings live in the run's text buffer, so
// that a piece is plain data: candidates that lose cost no allocation, and
// moving pieces between lists copies a few words.
struct Piece {
  uint32_t b = 0, e = 0;
  uint8_t type = 0;
  TextRef canonical;
  std::string_view source;  // a literal, or a string the recogniser owns
  TextRef role;
};

bool ByBegin(const Piece& a, const Piece& b) { return a.b < b.b; }

// The word bits that let a token without a capital, digit or hyphen start
// a date, quantity or title candidate (see TryDate, TryQuantity, TryRole).
constexpr uint64_t kMayStart = kMonth | kWeekday | kDayWord | kDeictic | kOrdinal | kPosition |
                               kFiscal | kNumberWord | kCurrency | kComparator | kPhraseStart |
                               kVague | kRoleHead | kRoleModifier | kHonorific;

// Candidate kinds in order of precedence on equal length.
enum Kind {
  kKindDate = 0,
  kKindQuantity,
  kKindContext,  // a person or acronym this document named before
  kKindGazetteer,
  kKindRole,
  kKindNamed,
  kNumKinds
};

// Key of a name in a DocumentContext: a hash of its tokens' hashes.
uint64_t SeqStep(uint64_t h, uint64_t token_hash) {
  h ^= token_hash;
  h *= 0x100000001B3ULL;
  return h ^ (h >> 29);
}
constexpr uint64_t kSeqSeed = 0xCBF29CE484222325ULL;

uint64_t SeqHash(const SentenceView& v, size_t b, size_t e) {
  uint64_t h = kSeqSeed;
  for (size_t i = b; i < e; ++i) h = SeqStep(h, v.f(i).hash);
  return h == 0 ? 1 : h;
}

// SeqHash of a one-token name from its token hash.
uint64_t SeqHash1(uint64_t token_hash) {
  const uint64_t h = SeqStep(kSeqSeed, token_hash);
  return h == 0 ? 1 : h;
}

bool IsParticle(const SentenceView& v, size_t i) {
  if (i >= v.size() || !v.Lower(i)) return false;
  // "bin", "bint", "ibn", "al", "el", "ul", "ud", "ur", "de", "da", "di",
  // "du", "van", "von", "der", "den", "la", "le", "del", "dos", "y": by
  // length, so that most words cost one test.
  const std::string_view t = v.text(i);
  switch (t.size()) {
    case 1:
      return t == "y";
    case 2:
      return t == "al" || t == "el" || t == "ul" || t == "ud" || t == "ur" || t == "de" || t == "da" ||
             t == "di" || t == "du" || t == "la" || t == "le";
    case 3:
      return t == "bin" || t == "ibn" || t == "van" || t == "von" || t == "der" || t == "den" ||
             t == "del" || t == "dos";
    case 4:
      return t == "bint";
    default:
      return false;
  }
}

std::string Capitalized(std::string_view w) {
  std::string s(w);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}

bool ShapeIsName(text::Shape s) {
  return s == text::Shape::kTitle || s == text::Shape::kUpper || s == text::Shape::kMixed;
}

bool IsRoman(std::string_view t) {
  if (t.empty() || t.size() > 4) return false;
  for (char c : t) {
    if (c != 'I' && c != 'V' && c != 'X') return false;
  }
  return true;
}

// ABBR's letters appear, in order, among the initials of the words (and
// hyphen parts) of `long_name`, starting with the first.
bool InitialsFit(std::string_view abbr, std::string_view long_name) {
  std::string initials;
  bool in_word = false;
  for (char ch : long_name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool letter = gaztext::IsAsciiLetter(c) || c >= 0x80;
    if (letter && !in_word) initials.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c));
    in_word = letter;
  }
  std::string letters;
  for (char c : abbr) {
    if (c >= 'A' && c <= 'Z') letters.push_back(c);
    if (c >= 'a' && c <= 'z') letters.push_back(static_cast<char>(c - 32));
  }
  if (letters.size() < 2 || initials.empty() || letters[0] != initials[0]) return false;
  size_t k = 0;
  for (char c : initials) {
    if (k < letters.size() && c == letters[k]) ++k;
  }
  return k == letters.size();
}

}  // namespace

// What the runs over the sentences of one document reuse, so that a
// sentence allocates nothing it can borrow from the one before.
// A gazetteer match as the recogniser reads it: where it ends and the entry
// it most likely names (Gazetteer::MatchFirstAtHashed).
struct GazHit {
  uint32_t end = 0;
  NameHit hit;
};

struct EntityScratch {
  // The recogniser marked its lexicon with its gazetteer (Create).
  EntityScratch(const EntityLexicon& lexicon, const Gazetteer* gazetteer, uint8_t upos_propn,
                uint8_t xpos_nnp, uint8_t xpos_nnps)
      : view(lexicon, gazetteer, upos_propn, xpos_nnp, xpos_nnps, true) {}
  SentenceView view;
  std::vector<Piece> pieces;
  std::vector<Piece> cand[kNumKinds];
  std::vector<Piece> found;  // GenericNames
  // The pieces' strings, one after the other (cleared per sentence).
  std::string text;
  // Per token: the gazetteer match there, once asked (gaz_state 0 = not
  // yet, 1 = none, 2 = gaz[i]).
  std::vector<uint8_t> gaz_state;
  std::vector<GazHit> gaz;
  Gazetteer::MatchBuffers gaz_buffers;
  // AnnotateDocument's first pass: per sentence, (first token hash, name
  // key) pairs of what would make it worth annotating again once the
  // document context knows the name; recheck_end[s] ends sentence s's pairs.
  std::vector<uint64_t> recheck;
  std::vector<uint32_t> recheck_end;
};

// The work on one sentence.
class EntityRun {
 public:
  // With `recheck` set, Emit appends to it what AnnotateDocument's second
  // pass tests (see EntityScratch::recheck).
  EntityRun(const EntityRecognizer& r, text::Sentence* s, DocumentContext* ctx,
            EntityScratch* scratch, std::vector<uint64_t>* recheck = nullptr)
      : r_(r), t_(r.types_), s_(s), ctx_(ctx), v_(scratch->view), pieces_(scratch->pieces),
        cand_(scratch->cand), found_(scratch->found), text_(scratch->text),
        gaz_state_(scratch->gaz_state), gaz_(scratch->gaz), gaz_buffers_(scratch->gaz_buffers),
        recheck_(recheck) {
    // Clears the tokens' entity fields in the same pass.
    v_.ResetClearingEntities(&s->tokens);
    pieces_.clear();
    text_.clear();
    gaz_state_.assign(s->tokens.size(), 0);
    if (gaz_.size() < s->tokens.size()) gaz_.resize(s->tokens.size());
  }

  void Run();

 private:
  size_t n() const { return v_.size(); }

  // Candidates; each returns the end of its span (0 for none) and fills out.
  size_t TryDate(size_t i, std::vector<Piece>* out);
  size_t TryQuantity(size_t i, std::vector<Piece>* out);
  size_t TryContext(size_t i, std::vector<Piece>* out);
  size_t TryGazetteer(size_t i, std::vector<Piece>* out);
  size_t TryRole(size_t i, std::vector<Piece>* out);
  size_t TryNamed(size_t i, std::vector<Piece>* out);

  // Role helpers.
  bool RoleWordAt(size_t k, bool first, bool* is_head) const;
  size_t RolePhrase(size_t k) const;
  std::string RoleText(size_t b, size_t e) const;
  size_t NameAt(size_t k);
  size_t SkipHonorifics(size_t k) const;

  // The gazetteer match that starts at token i, or nullptr (asks the
  // gazetteer once per token and sentence).
  const GazHit* GazMatch(size_t i);
  // The canonical name of the person named by tokens [b, e): what the
  // document context knows ("Mr. Sullivan" -> "Jake Sullivan"), else the text.
  TextRef PersonName(size_t b, size_t e) {
    const DocumentContext::Known* k = KnownSpan(b, e);
    if (k != nullptr && k->person) return Keep(k->canonical);
    return KeepSurface(b, e);
  }
  // Copies s into the text buffer.
  TextRef Keep(std::string_view s) {
    const TextRef r{static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(s.size())};
    text_.append(s);
    return r;
  }
  // The surface text of tokens [b, e) (SentenceView::Surface), kept.
  TextRef KeepSurface(size_t b, size_t e) {
    const size_t off = text_.size();
    v_.AppendSurface(b, e, &text_);
    return TextRef{static_cast<uint32_t>(off), static_cast<uint32_t>(text_.size() - off)};
  }
  // A kept string (valid until the next Keep).
  std::string_view Str(TextRef r) const { return std::string_view(text_).substr(r.off, r.len); }
  // A name token, or an Arabic-style particle glued to one: "al-Assad".
  bool NamePart(size_t j) const;
  bool NameToken(size_t j) const;
  void GenericNames();
  void Acronyms();
  void Learn();
  void Emit();
  // Appends to *recheck_ what AnnotateDocument's second pass tests.
  void Record();

  // What the context knows about the name spelt by tokens [b, e), or
  // nullptr (also for a name with conflicting canonical names).
  const DocumentContext::Known* KnownSpan(size_t b, size_t e) const {
    if (ctx_ == nullptr || !ctx_->MayStartWith(v_.f(b).hash)) return nullptr;
    auto it = ctx_->names_.find(SeqHash(v_, b, e));
    if (it == ctx_->names_.end() || it->second.conflict) return nullptr;
    return &it->second;
  }
  void Teach(size_t b, size_t e, uint8_t type, std::string_view canonical, bool person) {
    if (ctx_ == nullptr) return;
    ctx_->AddFirst(v_.f(b).hash);
    auto [it, inserted] = ctx_->names_.try_emplace(SeqHash(v_, b, e));
    if (inserted) {
      it->second.type = type;
      it->second.canonical = canonical;
      it->second.person = person;
    } else if (it->second.canonical != canonical) {
      it->second.conflict = true;
    }
  }

  const EntityRecognizer& r_;
  const EntityRecognizer::Types& t_;
  text::Sentence* s_;
  DocumentContext* ctx_;
  SentenceView& v_;
  std::vector<Piece>& pieces_;
  std::vector<Piece>* cand_;  // kNumKinds candidate lists
  std::vector<Piece>& found_;
  std::string& text_;
  std::vector<uint8_t>& gaz_state_;
  std::vector<GazHit>& gaz_;
  Gazetteer::MatchBuffers& gaz_buffers_;
  std::vector<uint64_t>* recheck_;
};

const GazHit* EntityRun::GazMatch(size_t i) {
  if (i >= n() || !v_.f(i).gaz_start) return nullptr;
  if (gaz_state_[i] == 0) {
    GazHit& g = gaz_[i];
    gaz_state_[i] =
        r_.gazetteer_.MatchFirstAtHashed(v_.tokens(), i, v_.f(i).hash, &g.end, &g.hit, &gaz_buffers_)
            ? 2
            : 1;
  }
  return gaz_state_[i] == 2 ? &gaz_[i] : nullptr;
}

size_t EntityRun::TryDate(size_t i, std::vector<Piece>* out) {
  const TokenFeatures& f = v_.f(i);
  const bool digitish = f.shape == text::Shape::kDigits || f.shape == text::Shape::kNumber ||
                        f.shape == text::Shape::kAlnum;
  bool trigger = digitish ||
                 (f.bits & (kMonth | kWeekday | kDayWord | kDeictic | kOrdinal | kPosition | kFiscal)) != 0;
  if (!trigger && v_.Has(i + 1, kDateUnit)) {
    trigger = (f.bits & kNumberWord) || v_.IsWord(i, "a") || v_.IsWord(i, "an");
  }
  if (!trigger && f.hyphen) {
    std::string_view t = v_.text(i);
    trigger = t.starts_with("mid-") || t.starts_with("Mid-") || t.starts_with("early-") ||
              t.starts_with("late-");
  }
  if (!trigger) return 0;
  DateMatch m;
  if (!MatchDateAt(v_, i, &m)) return 0;
  out->push_back(Piece{static_cast<uint32_t>(i), m.end, t_.date, Keep(m.value), "rule:date", {}});
  return m.end;
}

size_t EntityRun::TryQuantity(size_t i, std::vector<Piece>* out) {
  const TokenFeatures& f = v_.f(i);
  const bool trigger = f.shape == text::Shape::kDigits || f.shape == text::Shape::kNumber ||
                       (f.bits & (kCurrency | kComparator | kPhraseStart | kVague | kNumberWord)) != 0 ||
                       (f.shape == text::Shape::kLower && f.hyphen);
  if (!trigger) return 0;
  // "Flight 610", "Route 2", "Category 5": the number is part of a name.
  if (i > 0 && (f.shape == text::Shape::kDigits) && !v_.f(i - 1).covered && NameToken(i - 1) &&
      !v_.f(i - 1).initial) {
    return 0;
  }
  QuantityMatch m;
  if (!MatchQuantityAt(v_, i, &m)) return 0;
  out->push_back(
      Piece{static_cast<uint32_t>(i), m.end, t_.quantity, Keep(m.value), "rule:quantity", {}});
  return m.end;
}

size_t EntityRun::TryContext(size_t i, std::vector<Piece>* out) {
  if (ctx_ == nullptr || ctx_->names_.empty() || !ctx_->MayStartWith(v_.f(i).hash) ||
      !NameToken(i)) {
    return 0;
  }
  // "Marc Fogel" is not the "Anne Fogel" whose surname the context knows.
  if (i > 0 && !v_.f(i - 1).covered && NameToken(i - 1)) return 0;
  size_t best = 0;
  const DocumentContext::Known* found = nullptr;
  for (size_t e = i + 1; e <= n() && e <= i + 5; ++e) {
    if (!NameToken(e - 1) && e - 1 > i && !IsParticle(v_, e - 1)) break;
    if (const DocumentContext::Known* k = KnownSpan(i, e); k != nullptr) {
      best = e;
      found = k;
    }
  }
  if (found == nullptr) return 0;
  out->push_back(Piece{static_cast<uint32_t>(i), static_cast<uint32_t>(best), found->type,
                       Keep(found->canonical), found->person ? "context:person" : "context:acronym", {}});
  return best;
}

size_t EntityRun::TryGazetteer(size_t i, std::vector<Piece>* out) {
  const GazHit* m = GazMatch(i);
  if (m == nullptr) return 0;
  const NameHit hit = m->hit;
  const uint32_t end = m->end;
  // "the Pentagon": leave "the" out when the name also stands without it.
  if (v_.IsWord(i, "the")) {
    const GazHit* rest = GazMatch(i + 1);
    if (rest != nullptr && rest->end == end && rest->hit.entry == hit.entry) return 0;
  }
  const GazetteerEntry& e = r_.gazetteer_.entry(hit.entry);
  out->push_back(Piece{static_cast<uint32_t>(i), end, e.type_index, Keep(e.canonical),
                       hit.kind == NameKind::kDemonym ? std::string_view("gazetteer:demonym")
                                                       : std::string_view(r_.gaz_sources_[hit.entry]),
                       {}});
  return end;
}

bool EntityRun::RoleWordAt(size_t k, bool first, bool* is_head) const {
  if (k >= n()) return false;
  const uint64_t b = v_.f(k).bits;
  if (!(b & (kRoleHead | kRoleModifier))) return false;
  const bool cap = v_.Cap(k);
  if ((b & kRoleCap) && !cap) return false;
  bool head = (b & kRoleHead) != 0;
  if (head && !cap && (b & kRoleLowInner) && first) head = false;
  if (!head && !(b & kRoleModifier)) return false;
  *is_head = head;
  return true;
}

// End of the role phrase at k (after its last head word), or k.
size_t EntityRun::RolePhrase(size_t k) const {
  size_t j = k, last = k;
  bool first = true;
  while (j < n() && j < k + 6) {
    bool head = false;
    if (!RoleWordAt(j, first, &head)) break;
    ++j;
    // "Gen" "." when a tokenizer split the abbreviation's dot; not a full
    // stop after a title ("met the Prime Minister."): an abbreviation is
    // short, and a dot that ends the sentence is not part of the title.
    if (j + 1 < n() && v_.Is(j, ".") && !v_.SpaceBefore(j) && v_.text(j - 1).size() <= 4 &&
        v_.text(j - 1).find('.') == std::string_view::npos && v_.Cap(j - 1)) {
      ++j;
    }
    if (head) last = j;
    first = false;
  }
  return last;
}

std::string EntityRun::RoleText(size_t b, size_t e) const {
  std::string out;
  for (size_t k = b; k < e; ++k) {
    if (v_.Is(k, ".")) continue;
    if (!out.empty()) out.push_back(' ');
    const WordInfo* w = v_.W(k);
    if (w != nullptr && !w->role_canonical.empty()) {
      out += w->role_canonical;
    } else {
      out += Capitalized(v_.text(k));
    }
  }
  return out;
}

size_t EntityRun::SkipHonorifics(size_t k) const {
  while (k < n() && v_.Has(k, kHonorific) && v_.Cap(k)) {
    ++k;
    if (k < n() && v_.Is(k, ".") && !v_.SpaceBefore(k)) ++k;
  }
  return k;
}

bool EntityRun::NameToken(size_t j) const {
  if (j >= n()) return false;
  const TokenFeatures& f = v_.f(j);
  if (!f.cap || !f.alpha || !ShapeIsName(f.shape) || (f.bits & (kStop | kWeekday))) return false;
  // A month that no date took is a name when a name follows ("April Ryan").
  if (f.bits & kMonth) {
    const TokenFeatures* next = j + 1 < n() ? &v_.f(j + 1) : nullptr;
    return next != nullptr && next->cap && next->alpha && ShapeIsName(next->shape) &&
           !(next->bits & (kStop | kWeekday | kMonth));
  }
  return true;
}

bool EntityRun::NamePart(size_t j) const {
  if (NameToken(j)) return true;
  if (j >= n() || !v_.f(j).hyphen) return false;
  std::string_view t = v_.text(j);
  const size_t dash = t.find('-');
  if (dash == 0 || dash > 3 || dash + 1 >= t.size()) return false;
  const std::string_view head = t.substr(0, dash);
  const char next = t[dash + 1];
  return (head == "al" || head == "el" || head == "ad" || head == "as" || head == "ash" ||
          head == "at" || head == "ar" || head == "an" || head == "az" || head == "bin" ||
          head == "ul" || head == "ud" || head == "ur") &&
         next >= 'A' && next <= 'Z';
}

// A person's name at k after a title or honorific: end, or k for none.
size_t EntityRun::NameAt(size_t k) {
  size_t j = k, end = k;
  // "Mr. van Leeuwen": a particle may open a name after a title.
  if (IsParticle(v_, j) && j + 1 < n() && NameToken(j + 1)) ++j;
  while (j < n() && j < k + 6) {
    const TokenFeatures& f = v_.f(j);
    bool ok = (j > k ? NamePart(j) : NameToken(j)) && !(f.bits & kHonorific);
    if (ok && j == k && (f.bits & (kRoleHead | kRoleModifier))) ok = false;
    if (ok && j > k && (f.bits & kRoleHead) && j + 1 < n() && v_.Cap(j + 1)) ok = false;
    if (ok) {
      ++j;
      end = j;
      continue;
    }
    if (j > k && IsParticle(v_, j) && j + 1 < n() && NameToken(j + 1)) {
      ++j;
      continue;
    }
    break;
  }
  if (end == k || (end == k + 1 && IsParticle(v_, k))) return k;
  // "General Election": a name does not end in an organisation or event word.
  if (v_.Has(end - 1, kKeyword)) return k;
  if (const GazHit* m = GazMatch(k);
      m != nullptr && m->end >= end && r_.gazetteer_.entry(m->hit.entry).type_index != t_.person) {
    return k;
  }
  return end;
}

size_t EntityRun::TryRole(size_t i, std::vector<Piece>* out) {
  const uint64_t bits = v_.f(i).bits;
  if (!(bits & (kRoleHead | kRoleModifier | kHonorific))) return 0;
  // Honorific + name: "Mr. Patel", "Dr. Ayesha Khan".
  if ((bits & kHonorific) && v_.Cap(i) && !(bits & (kRoleHead | kRoleModifier))) {
    const size_t k = SkipHonorifics(i);
    const size_t e = NameAt(k);
    if (e == k) return 0;
    out->push_back(Piece{static_cast<uint32_t>(k), static_cast<uint32_t>(e), t_.person,
                         PersonName(k, e), "rule:person.honorific", {}});
    return e;
  }
  struct Segment {
    size_t b, role_e, end;
    std::string text;       // the title as the Role mention names it
    std::string full;       // with the names it is "of/for": "... for the UN and OIC"
    std::vector<Piece> gaz;
  };
  std::vector<Segment> segs;
  size_t k = i;
  while (segs.size() < 4) {
    const size_t pe = RolePhrase(k);
    if (pe == k) break;
    Segment seg{k, pe, pe, RoleText(k, pe), {}, {}};
    // "of/for" + domain words ("for Counter-terrorism"), or + known names
    // ("for the UN and OIC"), which stay their own mentions; at most one of
    // each ("Minister for Foreign Affairs of the EU").
    bool domain_done = false;
    while ((v_.IsWord(seg.end, "of") || v_.IsWord(seg.end, "for")) && seg.end + 1 < n() &&
           seg.gaz.empty()) {
      const size_t of = seg.end;
      size_t t = of + 1;
      if (v_.IsWord(t, "the")) ++t;
      size_t d = t;
      // Capitalised domain words, or lower-case ones after a lower-case
      // title ("secretary of state", "minister for foreign affairs").
      const bool lower_title = !v_.Cap(pe - 1);
      auto domain = [&](size_t x) {
        return x < n() && v_.Has(x, kRoleDomain) && (v_.Cap(x) || (lower_title && v_.Lower(x)));
      };
      while (!domain_done && d < n()) {
        if (domain(d)) {
          ++d;
        } else if (d > t && (v_.IsWord(d, "and") || v_.Is(d, "&")) && domain(d + 1)) {
          ++d;
        } else {
          break;
        }
      }
      if (d > t) {
        seg.role_e = seg.end = d;
        seg.text += " " + v_.Surface(of, d);
        domain_done = true;
        continue;
      }
      size_t g = t;
      for (const GazHit* m = GazMatch(g); m != nullptr && m->hit.kind != NameKind::kDemonym;
           m = GazMatch(g)) {
        const GazetteerEntry& e = r_.gazetteer_.entry(m->hit.entry);
        seg.gaz.push_back(Piece{static_cast<uint32_t>(g), m->end, e.type_index, Keep(e.canonical),
                                r_.gaz_sources_[m->hit.entry], {}});
        g = m->end;
        if ((v_.IsWord(g, "and") || v_.Is(g, ",") || v_.Is(g, "&")) && g + 1 < n()) {
          if (const GazHit* next = GazMatch(g + 1);
              next != nullptr && next->hit.kind != NameKind::kDemonym) {
            ++g;
            continue;
          }
        }
        break;
      }
      if (seg.gaz.empty()) break;
      seg.end = seg.gaz.back().e;
      seg.full = seg.text + " " + v_.Surface(of, seg.end);
    }
    k = seg.end;
    segs.push_back(std::move(seg));
  }
  if (segs.empty()) return 0;
  const size_t nb = SkipHonorifics(k);
  const size_t ne = NameAt(nb);
  if (ne > nb) {
    std::string chain;
    for (Segment& s : segs) {
      out->push_back(Piece{static_cast<uint32_t>(s.b), static_cast<uint32_t>(s.role_e), t_.role,
                           Keep(s.text), "rule:role", {}});
      for (const Piece& p : s.gaz) out->push_back(p);
      if (!chain.empty()) chain += ", ";
      chain += s.full.empty() ? s.text : s.full;
    }
    const TextRef person = PersonName(nb, ne);
    out->push_back(Piece{static_cast<uint32_t>(nb), static_cast<uint32_t>(ne), t_.person, person,
                         "rule:person.title", Keep(chain)});
    return ne;
  }
  // A title without a name: the first role alone ("the spokesperson said").
  // A lower-case phrase of modifiers only was rejected by RolePhrase; a
  // capitalised head at the start of a sentence still counts ("President
  // said" is rare, "Spokesperson Patel" is handled above).
  const Segment& s = segs.front();
  out->push_back(Piece{static_cast<uint32_t>(s.b), static_cast<uint32_t>(s.role_e), t_.role,
                       Keep(s.text), "rule:role", {}});
  return s.role_e;
}

size_t EntityRun::TryNamed(size_t i, std::vector<Piece>* out) {
  const TokenFeatures& f = v_.f(i);
  const bool start_ok = (f.cap && f.alpha) || f.shape == text::Shape::kAlnum ||
                        (f.shape == text::Shape::kDigits && v_.Cap(i + 1));
  if (!start_ok || (f.bits & (kStop | kMonth | kWeekday | kHonorific))) return 0;
  const EntityLexicon& lex = r_.lexicon_;
  auto keyword = [&](size_t j) -> const WordInfo* {
    const WordInfo* w = v_.W(j);
    if (w != nullptr && (w->bits & kKeyword)) return w;
    // Hyphenated names: "Tehreek-e-Jihad", "Lashkar-e-Taiba" (dominant parts).
    // A token without the hyphen flag (set for '-' and the hyphens that
    // fold to it) has no '-' to split at.
    if (!v_.f(j).hyphen) return nullptr;
    std::string_view t = v_.text(j);
    if (t.find('-') == std::string_view::npos) return nullptr;
    size_t start = 0;
    while (start < t.size()) {
      size_t dash = t.find('-', start);
      if (dash == std::string_view::npos) dash = t.size();
      const WordInfo* p = lex.Find(Gazetteer::HashToken(t.substr(start, dash - start)));
      if (p != nullptr && (p->bits & kKeyword) && (p->keyword_flags & kKwDominant)) return p;
      start = dash + 1;
    }
    return nullptr;
  };
  // "Operation Zarb-e-Azb", "Exercise Sea Guard".
  if (const WordInfo* kw = keyword(i); kw != nullptr && (kw->keyword_flags & kKwPrefix)) {
    size_t j = i + 1;
    while (j < n() && j < i + 5 && NameToken(j)) ++j;
    if (j == i + 1) return 0;
    out->push_back(Piece{static_cast<uint32_t>(i), static_cast<uint32_t>(j), kw->keyword_type,
                         KeepSurface(i, j), "rule:keyword", {}});
    return j;
  }
  size_t j = i;
  long last_kw = -1;
  bool dominant = false;
  uint8_t type = 0;
  while (j < n() && j < i + 12) {
    const TokenFeatures& g = v_.f(j);
    bool ok = false;
    if (g.cap && g.alpha) {
      ok = !(g.bits & (kStop | kMonth | kWeekday | kRoleHead | kHonorific));
    } else if (g.shape == text::Shape::kAlnum) {
      ok = true;
    } else if (g.shape == text::Shape::kDigits && j + 1 < n() && v_.Cap(j + 1)) {
      ok = true;
    }
    if (ok) {
      // Prefix keywords start names and lower-case nouns ("militants")
      // follow them; neither heads a capitalised name.
      if (const WordInfo* kw = keyword(j);
          kw != nullptr && !(kw->keyword_flags & (kKwPrefix | kKwLower))) {
        last_kw = static_cast<long>(j);
        if (kw->keyword_flags & kKwDominant) {
          dominant = true;
        }
        type = kw->keyword_type;
      }
      ++j;
      continue;
    }
    if (j > i && (v_.IsWord(j, "and") || v_.Is(j, "&")) && j + 1 < n() && v_.Cap(j + 1) &&
        !v_.Has(j + 1, kStop)) {
      ++j;
      continue;
    }
    break;
  }
  const size_t run_end = j;
  if (last_kw < 0) {
    // "Baloch militants": a lower-case armed-group noun after a name.
    if (run_end > i && v_.Lower(run_end) && v_.Has(run_end, kKeyword) &&
        (v_.W(run_end)->keyword_flags & kKwLower) && !v_.IsWord(run_end - 1, "and")) {
      if (const GazHit* m = GazMatch(i);
          m != nullptr && m->end == run_end && m->hit.kind != NameKind::kDemonym) {
        return 0;
      }
      out->push_back(Piece{static_cast<uint32_t>(i), static_cast<uint32_t>(run_end + 1),
                           v_.W(run_end)->keyword_type, KeepSurface(i, run_end + 1), "rule:keyword", {}});
      return run_end + 1;
    }
    return 0;
  }
  size_t end = static_cast<size_t>(last_kw) + 1;
  // "Kern County District Attorney": a keyword that opens a title belongs
  // to the title; the name ends at the keyword before it.
  if (end == run_end && end - i >= 2 && v_.Has(end - 1, kRoleModifier) && RolePhrase(end - 1) > end) {
    long prev = -1;
    for (size_t k = i; k + 1 < end; ++k) {
      if (const WordInfo* kw = keyword(k); kw != nullptr && !(kw->keyword_flags & (kKwPrefix | kKwLower))) {
        prev = static_cast<long>(k);
      }
    }
    if (prev < 0) return 0;
    end = static_cast<size_t>(prev) + 1;
    type = keyword(static_cast<size_t>(prev))->keyword_type;
  }
  if (dominant) type = t_.armed;
  // "Ministry of Foreign Affairs", "Centre for Research and Security Studies".
  if (end == run_end && (v_.IsWord(end, "of") || v_.IsWord(end, "for") || v_.IsWord(end, "on"))) {
    size_t t = end + 1;
    if (v_.IsWord(t, "the")) ++t;
    size_t d = t;
    while (d < n() && d < t + 8) {
      const TokenFeatures& g = v_.f(d);
      if (g.cap && g.alpha && !(g.bits & (kStop | kMonth | kWeekday | kRoleHead | kHonorific))) {
        ++d;
      } else if (d > t && (v_.IsWord(d, "and") || v_.Is(d, "&")) && d + 1 < n() && v_.Cap(d + 1) &&
                 !v_.Has(d + 1, kStop | kRoleHead)) {
        ++d;
      } else {
        break;
      }
    }
    if (d > t) end = d;
  }
  if ((type == t_.document || type == t_.event) && end < n() &&
      (v_.f(end).shape == text::Shape::kDigits || IsRoman(v_.text(end)))) {
    ++end;
  }
  if (end - i == 1) {
    const WordInfo* kw = keyword(i);
    if (kw == nullptr || !(kw->keyword_flags & kKwAlone) || f.initial || v_.headline()) return 0;
  }
  // A government body led by a country: "Indian Foreign Office" ->
  // "Foreign Office (India)".
  const GazHit* m = type == t_.government ? GazMatch(i) : nullptr;
  if (m != nullptr && m->end < end) {
    const GazetteerEntry& e = r_.gazetteer_.entry(m->hit.entry);
    if (e.type_index == t_.country) {
      size_t body = m->end;
      if (v_.Is(body, "'s") || v_.Is(body, "\xE2\x80\x99s")) ++body;
      if (body < end) {
        // "<body> (<country>)", built in the text buffer.
        const size_t off = text_.size();
        v_.AppendSurface(body, end, &text_);
        text_.append(" (");
        text_.append(e.canonical);
        text_.push_back(')');
        const TextRef canonical{static_cast<uint32_t>(off), static_cast<uint32_t>(text_.size() - off)};
        out->push_back(Piece{static_cast<uint32_t>(i), static_cast<uint32_t>(end), type, canonical,
                             "rule:body.country", {}});
        return end;
      }
    }
  }
  out->push_back(Piece{static_cast<uint32_t>(i), static_cast<uint32_t>(end), type, KeepSurface(i, end),
                       "rule:keyword", {}});
  return end;
}

void EntityRun::GenericNames() {
  std::vector<Piece>& found = found_;
  found.clear();
  // Names start only at capitalised tokens (NameToken's first test): the
  // walk visits those the view listed, skipping the others.
  const uint32_t* caps = v_.cap_index();
  const size_t num_caps = v_.num_caps();
  size_t c = 0;
  size_t i = 0;
  while (true) {
    while (c < num_caps && caps[c] < i) ++c;
    if (c == num_caps) break;
    i = caps[c];
    if (v_.f(i).covered || !NameToken(i)) {
      ++i;
      continue;
    }
    size_t b = i, j = i;
    while (j < n() && !v_.f(j).covered) {
      if (j > b ? NamePart(j) : NameToken(j)) {
        ++j;
        continue;
      }
      // "Lion Air Flight 610", "Boeing 737 Max": a number inside a name.
      if (j > b && (v_.f(j).shape == text::Shape::kDigits || v_.f(j).shape == text::Shape::kAlnum) &&
          v_.f(j).bits == 0) {
        ++j;
        continue;
      }
      if (j > b && (v_.IsWord(j, "of") || IsParticle(v_, j) || v_.Is(j, "&")) && j + 1 < n() &&
          !v_.f(j + 1).covered && NameToken(j + 1)) {
        ++j;
        continue;
      }
      break;
    }
    const size_t e = j;
    i = e;
    // Capitalised common words: "the Administration", "an Executive Order",
    // "Special Assistant": runs made only of keywords and title words.
    bool common = true;
    for (size_t k = b; k < e && common; ++k) {
      common = v_.Has(k, kKeyword | kRoleHead | kRoleModifier | kHonorific | kStop | kRoleDomain) ||
               IsParticle(v_, k) || v_.IsWord(k, "of");
    }
    if (common) continue;
    const DocumentContext::Known* known = KnownSpan(b, e);
    if (known != nullptr) {
      found.push_back(Piece{static_cast<uint32_t>(b), static_cast<uint32_t>(e), known->type,
                            Keep(known->canonical), known->person ? "context:person" : "context:acronym",
                            {}});
      continue;
    }
    if (v_.f(b).initial && v_.Propn(b) != 1) {
      // A capitalised word at a sentence or quote start is a name only when
      // the tagger says so ("Responding to ...", "Patel's comments"); in a
      // longer run, only its first word is in doubt.
      if (e - b == 1) continue;
      if (v_.Propn(b) == -1) {
        ++b;
        if (!NameToken(b)) continue;
      }
    }
    bool any_propn = false;
    for (size_t k = b; k < e; ++k) any_propn = any_propn || v_.Propn(k) == 1;
    if ((v_.tagged() || v_.headline()) && !any_propn) continue;
    if (e - b >= 2 && v_.Has(b, kGivenName)) {
      found.push_back(Piece{static_cast<uint32_t>(b), static_cast<uint32_t>(e), t_.person,
                            KeepSurface(b, e), "rule:person.given_name", {}});
    } else {
      found.push_back(Piece{static_cast<uint32_t>(b), static_cast<uint32_t>(e), t_.thing,
                            KeepSurface(b, e), "rule:name", {}});
    }
  }
  if (found.empty()) return;
  const size_t mid = pieces_.size();
  for (const Piece& p : found) {
    for (size_t k = p.b; k < p.e; ++k) v_.mutable_f(k).covered = 1;
    pieces_.push_back(p);
  }
  std::inplace_merge(pieces_.begin(), pieces_.begin() + static_cast<long>(mid), pieces_.end(), ByBegin);
}

void EntityRun::Acronyms() {
  const size_t count = pieces_.size();
  for (size_t p = 0; p < count; ++p) {
    const Piece long_name = pieces_[p];
    const uint8_t type = long_name.type;
    if (type == t_.date || type == t_.quantity || type == t_.role) continue;
    const size_t k = long_name.e;
    if (k + 2 >= n() || !v_.Is(k, "(") || !v_.Is(k + 2, ")")) continue;
    const text::Shape shape = v_.f(k + 1).shape;
    if (!(shape == text::Shape::kUpper || shape == text::Shape::kAlnum || shape == text::Shape::kMixed)) continue;
    if (!v_.Cap(k + 1)) continue;
    if (!InitialsFit(v_.text(k + 1), v_.Surface(long_name.b, long_name.e))) continue;
    Piece abbr{static_cast<uint32_t>(k + 1), static_cast<uint32_t>(k + 2), type, long_name.canonical,
               "rule:acronym", {}};
    bool placed = false, blocked = false;
    for (Piece& q : pieces_) {
      if (q.b <= k + 1 && k + 1 < q.e) {
        if (q.source == "rule:name" && q.b == k + 1 && q.e == k + 2) {
          q = abbr;
          placed = true;
        } else {
          blocked = true;
        }
      }
    }
    if (!placed && !blocked) {
      pieces_.push_back(abbr);
      v_.mutable_f(k + 1).covered = 1;
      placed = true;
    }
    if (placed) Teach(k + 1, k + 2, type, Str(long_name.canonical), false);
  }
  if (pieces_.size() != count) std::stable_sort(pieces_.begin(), pieces_.end(), ByBegin);
}

void EntityRun::Learn() {
  if (ctx_ == nullptr) return;
  for (const Piece& p : pieces_) {
    if (p.type != t_.person || p.source == "context:person") continue;
    Teach(p.b, p.e, t_.person, Str(p.canonical), true);
    if (p.e - p.b >= 2) Teach(p.e - 1, p.e, t_.person, Str(p.canonical), true);
  }
}

void EntityRun::Emit() {
  auto& tokens = s_->tokens;
  s_->mentions.clear();
  s_->mentions.reserve(pieces_.size());
  for (Piece& p : pieces_) {
    if (p.e <= p.b || p.e > tokens.size()) continue;
    for (size_t k = p.b; k < p.e; ++k) {
      tokens[k].ent_type = p.type;
      tokens[k].ent_iob = k == p.b ? text::Iob::kB : text::Iob::kI;
      // Record reads this, not the token (which may have left the cache).
      TokenFeatures& f = v_.mutable_f(k);
      f.covered = static_cast<uint8_t>((f.covered & 1) | (p.type != 0 ? 2 : 0));
    }
    // Built in place: no temporary mention to move.
    text::Mention& m = s_->mentions.emplace_back();
    m.begin = p.b;
    m.end = p.e;
    m.type = p.type;
    // The new mention's strings are empty: each is constructed and moved
    // in, which is shorter than assign's general replace path.
    if (p.canonical.len != 0) m.canonical = std::string(Str(p.canonical));
    m.source = std::string(p.source);
    if (p.role.len != 0) m.role = std::string(Str(p.role));
  }
  if (recheck_ != nullptr) Record();
}

void EntityRun::Record() {
  // What AnnotateDocument tests after the first pass: each untyped name
  // (its first token's hash and its key), then each capitalised word
  // outside every mention (its hash and its one-token key).
  for (const text::Mention& m : s_->mentions) {
    if (m.begin < m.end && m.source == "rule:name") {
      recheck_->push_back(v_.f(m.begin).hash);
      recheck_->push_back(SeqHash(v_, m.begin, m.end));
    }
  }
  // Capitalised words are the ones the view listed (cap is set wherever
  // ascii_upper is).
  const uint32_t* caps = v_.cap_index();
  const size_t num_caps = v_.num_caps();
  if (num_caps == 0) return;
  const TokenFeatures* feat = &v_.f(0);
  for (size_t c = 0; c < num_caps; ++c) {
    // Bit 1 of covered: Emit gave the token a type.
    const TokenFeatures& f = feat[caps[c]];
    if (!f.ascii_upper || (f.covered & 2)) continue;
    const uint64_t h = f.hash;
    recheck_->push_back(h);
    recheck_->push_back(SeqHash1(h));
  }
}

void EntityRun::Run() {
  // The tokens' entity fields were cleared by the view's reset.
  s_->mentions.clear();
  if (n() == 0) return;
  std::vector<Piece>* cand = cand_;
  size_t i = 0;
  while (i < n()) {
    const TokenFeatures& f = v_.f(i);
    if (!f.alpha && f.shape != text::Shape::kDigits && f.shape != text::Shape::kNumber &&
        !(f.bits & kCurrency)) {
      ++i;
      continue;
    }
    // Most words start no candidate: a lower-case word that no list knows
    // for a date, quantity or title word and that starts no gazetteer name
    // (each Try* below would return 0 on its first test).
    if (!f.cap && !f.gaz_start && !f.hyphen && !(f.bits & kMayStart) &&
        f.shape != text::Shape::kDigits && f.shape != text::Shape::kNumber &&
        f.shape != text::Shape::kAlnum &&
        !(v_.Has(i + 1, kDateUnit) && (v_.IsWord(i, "a") || v_.IsWord(i, "an")))) {
      ++i;
      continue;
    }
    size_t best_end = i;
    int best = -1;
    // Each kind in order of precedence (a straight sequence, not a loop
    // over a switch); a later kind wins only with a longer span.
    auto consider = [&](int k, size_t e) {
      if (e > best_end) {
        best_end = e;
        best = k;
      }
    };
    // A kind's list is cleared just before it is tried; only the list of
    // the kind that wins is read, and that one was filled for token i. The
    // first test of the context, gazetteer, role and name kinds is made
    // here, so that most tokens call (and clear) only what can succeed.
    cand[kKindDate].clear();
    consider(kKindDate, TryDate(i, &cand[kKindDate]));
    cand[kKindQuantity].clear();
    consider(kKindQuantity, TryQuantity(i, &cand[kKindQuantity]));
    if (ctx_ != nullptr && !ctx_->names_.empty()) {
      cand[kKindContext].clear();
      consider(kKindContext, TryContext(i, &cand[kKindContext]));
    }
    if (f.gaz_start) {
      cand[kKindGazetteer].clear();
      consider(kKindGazetteer, TryGazetteer(i, &cand[kKindGazetteer]));
    }
    if (f.bits & (kRoleHead | kRoleModifier | kHonorific)) {
      cand[kKindRole].clear();
      consider(kKindRole, TryRole(i, &cand[kKindRole]));
    }
    if (((f.cap && f.alpha) || f.shape == text::Shape::kAlnum || f.shape == text::Shape::kDigits) &&
        !(f.bits & (kStop | kMonth | kWeekday | kHonorific))) {
      cand[kKindNamed].clear();
      consider(kKindNamed, TryNamed(i, &cand[kKindNamed]));
    }
    if (best < 0) {
      ++i;
      continue;
    }
    // The whole span is taken, mentions or not: the honorific of "Mr.
    // Patel", the "for the" of a title's tail.
    for (size_t k = i; k < best_end; ++k) v_.mutable_f(k).covered = 1;
    pieces_.insert(pieces_.end(), cand[best].begin(), cand[best].end());
    i = best_end;
  }
  GenericNames();
  Acronyms();
  Learn();
  Emit();
}

Result<EntityRecognizer> EntityRecognizer::Load(const std::string& schemas_dir,
                                                const Ontology& ontology) {
  auto gaz = Gazetteer::Load(schemas_dir + "/gazetteer", ontology);
  if (!gaz.ok()) return gaz.status();
  auto lex = EntityLexicon::Load(schemas_dir + "/lexicon", ontology);
  if (!lex.ok()) return lex.status();
  return Create(std::move(gaz).value(), std::move(lex).value(), ontology);
}

Result<EntityRecognizer> EntityRecognizer::Create(Gazetteer gazetteer, EntityLexicon lexicon,
                                                  const Ontology& ontology) {
  EntityRecognizer r;
  struct Need {
    const char* id;
    uint8_t* slot;
    bool required;
  };
  Types& t = r.types_;
  const Need needs[] = {{"Thing", &t.thing, true},
                        {"Person", &t.person, true},
                        {"Role", &t.role, true},
                        {"Date", &t.date, true},
                        {"Quantity", &t.quantity, true},
                        {"Organization", &t.organization, true},
                        {"GovernmentBody", &t.government, true},
                        {"ArmedGroup", &t.armed, true},
                        {"Document", &t.document, true},
                        {"Event", &t.event, true},
                        {"Country", &t.country, false},
                        {"City", &t.city, false},
                        {"Region", &t.region, false},
                        {"Location", &t.location, false},
                        {"InternationalOrganization", &t.international, false}};
  for (const Need& need : needs) {
    *need.slot = ontology.EntityTypeIndex(need.id);
    if (*need.slot == 0 && need.required) {
      return Status(StatusCode::kBadConfig,
                    std::string("the ontology lacks the entity type \"") + need.id +
                        "\" that the entity annotator emits");
    }
  }
  r.gazetteer_ = std::move(gazetteer);
  r.gaz_sources_.reserve(r.gazetteer_.size());
  for (const GazetteerEntry& e : r.gazetteer_.entries()) r.gaz_sources_.push_back("gazetteer:" + e.file);
  r.lexicon_ = std::move(lexicon);
  r.lexicon_.MarkGazetteerStarts(r.gazetteer_);
  r.upos_propn_ = static_cast<uint8_t>(text::UposIndex("PROPN"));
  r.xpos_nnp_ = static_cast<uint8_t>(text::XposIndex("NNP"));
  r.xpos_nnps_ = static_cast<uint8_t>(text::XposIndex("NNPS"));
  return r;
}

void EntityRecognizer::Annotate(text::Sentence* s) const { Annotate(s, nullptr); }

void EntityRecognizer::Annotate(text::Sentence* s, DocumentContext* context) const {
  if (s == nullptr) return;
  EntityScratch scratch(lexicon_, &gazetteer_, upos_propn_, xpos_nnp_, xpos_nnps_);
  EntityRun run(*this, s, context, &scratch);
  run.Run();
}

void EntityRecognizer::AnnotateDocument(std::vector<text::Sentence>* sentences) const {
  if (sentences == nullptr) return;
  DocumentContext ctx;
  EntityScratch scratch(lexicon_, &gazetteer_, upos_propn_, xpos_nnp_, xpos_nnps_);
  std::vector<uint64_t>& recheck = scratch.recheck;
  std::vector<uint32_t>& recheck_end = scratch.recheck_end;
  recheck.clear();
  recheck_end.clear();
  for (text::Sentence& s : *sentences) {
    EntityRun(*this, &s, &ctx, &scratch, &recheck).Run();
    recheck_end.push_back(static_cast<uint32_t>(recheck.size()));
  }
  if (ctx.size() == 0) return;
  // Annotate again the sentences where a later sentence taught a name:
  // an untyped name, or an uncovered capitalised word, that is now known.
  // The first pass recorded their hashes (a sentence is annotated again
  // only here, after its own test, so its record is still its state).
  size_t at = 0;
  for (size_t si = 0; si < sentences->size(); ++si) {
    const size_t end = recheck_end[si];
    bool again = false;
    for (; at < end; at += 2) {
      if (!again && ctx.MayStartWith(recheck[at]) && ctx.names_.count(recheck[at + 1])) again = true;
    }
    if (again) EntityRun(*this, &(*sentences)[si], &ctx, &scratch).Run();
  }
}

}  // namespace relgraph::annotate
