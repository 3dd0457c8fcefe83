#include "src/extract/engine.h"

#include <algorithm>
#include <array>
#include <bit>
#include <bitset>
#include <map>
#include <optional>
#include <set>

#include <re2/re2.h>

#include "src/extract/pattern.h"
#include "src/extract/predicates.h"
#include "src/text/normalize.h"

namespace relgraph::extract {

namespace {

// Record layout of one token (see engine.h): a 0x00 byte, then the fields
// the stage's rules test, in the order of Field, then the predicate bytes.
constexpr int kBitsPerPredByte = 7;
constexpr size_t kMaxVocabulary = 255 * 255 - 1;
// Up to this many words a stage's ids (and 0, unknown) fit in one byte.
constexpr size_t kMaxOneByteVocabulary = 254;
constexpr size_t kMaxDnfTerms = 32;

// Word ids are written as one or two bytes in 1..255, so no field byte is
// 0x00.
void PutId(uint16_t id, size_t id_bytes, char* out) {
  if (id_bytes == 1) {
    out[0] = static_cast<char>(id + 1);
    return;
  }
  out[0] = static_cast<char>(id / 255 + 1);
  out[1] = static_cast<char>(id % 255 + 1);
}

// Scratch space for one sentence: on the stack for sentences of ordinary
// length, on the heap for longer ones, so that the per-sentence path does not
// allocate. The contents start indeterminate.
template <typename T, size_t kInline>
class ScratchBuffer {
 public:
  explicit ScratchBuffer(size_t n) {
    if (n > kInline) heap_ = std::make_unique<T[]>(n);
    data_ = heap_ ? heap_.get() : inline_;
  }
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  T* data() { return data_; }

 private:
  T inline_[kInline];
  std::unique_ptr<T[]> heap_;
  T* data_;
};

uint8_t SpanByte(uint8_t type, text::Iob iob) {
  return static_cast<uint8_t>(1 + type * 3 + static_cast<uint8_t>(iob));
}

// The byte a closed field (pos, tag, shape, ent, chunk) of a token is
// encoded as; never 0.
uint8_t ClosedByte(Field f, const text::Token& t) {
  switch (f) {
    case Field::kPos: return static_cast<uint8_t>(1 + t.upos);
    case Field::kTag: return static_cast<uint8_t>(1 + t.xpos);
    case Field::kShape: return static_cast<uint8_t>(1 + static_cast<uint8_t>(t.shape));
    case Field::kEnt: return SpanByte(t.ent_type, t.ent_iob);
    case Field::kChunk: return SpanByte(t.chunk_type, t.chunk_iob);
    default: return 0;
  }
}

std::string Hex(uint8_t b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s = "\\x";
  s += kDigits[b >> 4];
  s += kDigits[b & 15];
  return s;
}

// A regex character class for a set of byte values; "" when the set is empty.
std::string ByteClass(const std::bitset<256>& set) {
  if (set.none()) return "";
  if (set.count() == 256) return ".";
  if (set.count() == 1) {
    for (int b = 0; b < 256; ++b) {
      if (set[b]) return Hex(static_cast<uint8_t>(b));
    }
  }
  std::string out = "[";
  for (int b = 0; b < 256;) {
    if (!set[b]) {
      ++b;
      continue;
    }
    int e = b;
    while (e + 1 < 256 && set[e + 1]) ++e;
    out += Hex(static_cast<uint8_t>(b));
    if (e > b) out += "-" + Hex(static_cast<uint8_t>(e));
    b = e + 1;
  }
  return out + "]";
}

// Words commonly present in a sentence make poor triggers.
int TriggerCost(const std::string& word) {
  static const std::set<std::string, std::less<>> kCommon = {
      "the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from",
      "as", "is", "be", "was", "were", "are", "have", "has", "had", "that", "this", "it", "its",
      "their", "his", "her", "said", "say", ",", ".", "\"", "'", "'s", "-", "(", ")", ":", ";"};
  return kCommon.count(word) ? 100 : 1;
}

struct Literal {
  const TokenExpr* clause;
  bool negated;
};
using Term = std::vector<Literal>;

// DNF of a token expression; false when it grows past kMaxDnfTerms.
bool ToDnf(const TokenExpr& e, bool negate, std::vector<Term>* out) {
  using K = TokenExpr::Kind;
  switch (e.kind) {
    case K::kAny:
      if (!negate) out->push_back({});
      return true;
    case K::kClause:
      out->push_back({{&e, negate}});
      return true;
    case K::kNot:
      return ToDnf(e.children[0], !negate, out);
    case K::kAnd:
    case K::kOr: {
      const bool conj = (e.kind == K::kAnd) != negate;
      if (!conj) {
        for (const auto& c : e.children) {
          if (!ToDnf(c, negate, out)) return false;
          if (out->size() > kMaxDnfTerms) return false;
        }
        return true;
      }
      std::vector<Term> acc = {{}};
      for (const auto& c : e.children) {
        std::vector<Term> sub;
        if (!ToDnf(c, negate, &sub)) return false;
        std::vector<Term> next;
        for (const auto& a : acc) {
          for (const auto& b : sub) {
            Term t = a;
            t.insert(t.end(), b.begin(), b.end());
            next.push_back(std::move(t));
            if (next.size() > kMaxDnfTerms) return false;
          }
        }
        acc = std::move(next);
      }
      out->insert(out->end(), acc.begin(), acc.end());
      return out->size() <= kMaxDnfTerms;
    }
  }
  return false;
}

// True when NormalizedLower would return the text unchanged: ASCII without
// capitals (typographic characters are all non-ASCII).
bool IsPlainLower(std::string_view w) {
  for (unsigned char c : w) {
    if ((c >= 'A' && c <= 'Z') || c >= 0x80) return false;
  }
  return true;
}

// For ASCII text NormalizedLower only lowers A-Z: the length stays the same.
bool IsAscii(std::string_view w) {
  for (unsigned char c : w) {
    if (c >= 0x80) return false;
  }
  return true;
}
unsigned char AsciiLower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c; }

// The words rules mention, with their ids: an open-addressing table with
// FNV-1a hashes, looked up several times per token on the hot path.
class WordTable {
 public:
  static uint64_t Hash(std::string_view w) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
    return h;
  }
  // False when no word has w's first byte and length: most words of a
  // sentence are not in a small table, and this test is cheaper than a hash.
  bool MayContain(unsigned char first, size_t size) const {
    return (lengths_[first] >> std::min(size, kLongWord)) & 1;
  }
  // The word's id, or 0.
  uint16_t Find(std::string_view w) const {
    if (!MayContain(w.empty() ? 0 : static_cast<unsigned char>(w[0]), w.size())) return 0;
    const uint64_t h = Hash(w);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == 0) return 0;
      if (s.hash == h && words_[s.id - 1] == w) return s.id;
    }
  }
  // Find(NormalizedLower(w)) without building the normalised form of ASCII
  // words; *scratch is used for the others. Most words of a sentence are
  // rejected inline on their first byte and length: the normalised form
  // starts with the lower-cased first byte of an ASCII word and is never
  // longer than w, of the same length when w is ASCII (see normalize.h).
  // FindLower's first test alone, cheap enough to inline: false when
  // FindLower(w) is 0 for sure.
  bool MayContainLower(std::string_view w) const {
    if (w.empty()) return true;
    const uint16_t lengths = lower_lengths_[static_cast<unsigned char>(w[0])];
    return (lengths & ((2u << std::min(w.size(), kLongWord)) - 1)) != 0;
  }
  uint16_t FindLower(std::string_view w, std::string* scratch) const {
    const size_t n = w.size();
    if (n == 0) return Find(w);
    const auto first = static_cast<unsigned char>(w[0]);
    if (first < 0x80) {
      const uint16_t lengths = lower_lengths_[first];
      const size_t bit = std::min(n, kLongWord);
      if (((lengths >> bit) & 1) == 0) {
        // No word of w's length: only a non-ASCII w, whose normalised form
        // may be shorter, can still be found.
        if ((lengths & ((1u << bit) - 1)) == 0 || IsAsciiWord(w)) return 0;
        return FindNormalized(w, scratch);
      }
    }
    return FindLowerSlow(w, scratch);
  }
  // Adds a word (if new) and returns its id, 1-based in insertion order.
  uint16_t Add(const std::string& w) {
    if (uint16_t id = Find(w)) return id;
    words_.push_back(w);
    const auto first = w.empty() ? 0 : static_cast<unsigned char>(w[0]);
    const auto length_bit = static_cast<uint16_t>(1u << std::min(w.size(), kLongWord));
    lengths_[first] |= length_bit;
    // FindLower's table takes both cases of an ASCII first byte. A word
    // whose first byte is not ASCII normalises to one that starts with a
    // byte that is not ASCII either or with one of " -'\".i" (no-break
    // spaces, dashes, quotes, the ellipsis, dotted capital I): such words
    // count for every non-ASCII first byte.
    lower_lengths_[first] |= length_bit;
    if (first >= 'a' && first <= 'z') lower_lengths_[first - 32] |= length_bit;
    if (first >= 0x80 || std::string_view(" -'\".i").find(static_cast<char>(first)) != std::string_view::npos) {
      for (size_t b = 0x80; b < 0x100; ++b) lower_lengths_[b] |= length_bit;
    }
    if ((words_.size() + 1) * 2 > slots_.size()) Rehash(std::max<size_t>(64, slots_.size() * 2));
    else Insert(static_cast<uint16_t>(words_.size()));
    return static_cast<uint16_t>(words_.size());
  }
  size_t size() const { return words_.size(); }
  // The word of an id (1-based).
  const std::string& Word(uint16_t id) const { return words_[id - 1]; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint16_t id = 0;
  };
  static constexpr size_t kLongWord = 15;  // length bits 0..14, and 15 for all longer
  static bool IsAsciiWord(std::string_view w) {
    unsigned char any = 0;
    for (unsigned char c : w) any |= c;
    return any < 0x80;
  }
  uint16_t FindNormalized(std::string_view w, std::string* scratch) const {
    scratch->clear();
    text::AppendNormalizedLower(w, scratch);
    return Find(*scratch);
  }
  // FindLower past its first-byte test.
  uint16_t FindLowerSlow(std::string_view w, std::string* scratch) const {
    const size_t n = w.size();
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(w[i]);
      if (c >= 0x80) return FindNormalized(w, scratch);
      h = (h ^ AsciiLower(c)) * 1099511628211ull;
    }
    // ASCII: the normalised form has w's length.
    if (!MayContain(AsciiLower(static_cast<unsigned char>(w[0])), n)) return 0;
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == 0) return 0;
      if (s.hash == h && text::EqualsAsciiLower(w, words_[s.id - 1])) return s.id;
    }
  }
  void Insert(uint16_t id) {
    const uint64_t h = Hash(words_[id - 1]);
    size_t i = h & mask_;
    while (slots_[i].id != 0) i = (i + 1) & mask_;
    slots_[i] = {h, id};
  }
  void Rehash(size_t n) {
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (size_t id = 1; id <= words_.size(); ++id) Insert(static_cast<uint16_t>(id));
  }
  std::vector<std::string> words_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  // By first byte, the lengths of the words (bit min(length, kLongWord)).
  std::array<uint16_t, 256> lengths_{};
  // By first byte of a word w, the lengths of the words NormalizedLower(w)
  // may be (see Add).
  std::array<uint16_t, 256> lower_lengths_{};
};

// One instruction of a rule's token program. Stages whose rules test only
// words and closed fields (no regex, no empty loops, at most 64 distinct
// token terms) match their patterns on tokens instead of records: each token
// gets a mask of the terms (conjunctions of field tests) it satisfies, and a
// backtracking search with a visited set over (instruction, token), as RE2's
// BitState does, finds the leftmost-first match, the one RE2 finds on the
// records. This saves RE2's per-call costs (its forward and reverse DFA scans,
// locks) on the stages that run on every sentence.
struct TokenInst {
  enum class Op : uint8_t { kToken, kSplit, kJmp, kMatch, kStart, kEnd };
  Op op = Op::kMatch;
  uint32_t x = 0;       // kSplit: the preferred branch; kJmp: the target
  uint32_t y = 0;       // kSplit: the other branch
  uint64_t terms = 0;   // kToken: the token must satisfy one of these terms
};

// The leftmost-first match of `prog` that starts at a token >= `from` of a
// sentence of n tokens whose term masks are `masks`. `visited` holds
// (n + 1) * prog.size() bits; the bits of tokens before `from` are never
// read, the others are cleared here. Returns false when there is no match.
bool FindTokenMatch(const std::vector<TokenInst>& prog, const uint64_t* masks, size_t n, size_t from,
                    uint64_t* visited, std::vector<std::pair<uint32_t, uint32_t>>* stack, size_t* start,
                    size_t* end) {
  const size_t np = prog.size();
  const size_t first_bit = from * np;
  const size_t last_bit = (n + 1) * np;
  // Clear the words holding bits [first_bit, last_bit).
  std::fill(visited + first_bit / 64, visited + (last_bit + 63) / 64, uint64_t{0});
  for (size_t s = from; s <= n; ++s) {
    stack->clear();
    stack->emplace_back(0, static_cast<uint32_t>(s));
    while (!stack->empty()) {
      auto [pc, p] = stack->back();
      stack->pop_back();
      for (;;) {
        const size_t bit = p * np + pc;
        uint64_t& word = visited[bit / 64];
        const uint64_t mask = uint64_t{1} << (bit % 64);
        if (word & mask) break;
        word |= mask;
        const TokenInst& in = prog[pc];
        bool go = false;
        switch (in.op) {
          case TokenInst::Op::kToken:
            if (p < n && (masks[p] & in.terms) != 0) {
              ++pc;
              ++p;
              go = true;
            }
            break;
          case TokenInst::Op::kSplit:
            stack->emplace_back(in.y, p);
            pc = in.x;
            go = true;
            break;
          case TokenInst::Op::kJmp:
            pc = in.x;
            go = true;
            break;
          case TokenInst::Op::kMatch:
            *start = s;
            *end = p;
            return true;
          case TokenInst::Op::kStart:
            go = p == 0;
            ++pc;
            break;
          case TokenInst::Op::kEnd:
            go = p == n;
            ++pc;
            break;
        }
        if (!go) break;
      }
    }
  }
  return false;
}

// A token program without assertions, flattened for the search: what can
// come next after a token (or at the start) is a list of steps in priority
// order, each a token test or the end of the match (the epsilon closure of
// the program's splits and jumps, computed once). Each list is followed by
// a step that ends it (terms 0, token kEndOfList), so that the search tests
// for the end of a list only when a step fails. A step also carries what
// the search reads of the list after it, so that the search does not load
// the list.
struct TokenSteps {
  static constexpr uint32_t kEndOfList = ~uint32_t{0};
  struct Step {
    uint64_t terms = 0;     // the token must satisfy one of these; 0: the match ends here
    uint64_t next_any = 0;  // lists[next].any
    uint64_t next_end = 0;  // 1 when lists[next].can_end
    uint32_t next = 0;      // the list after this token
    uint32_t next_begin = 0;  // lists[next].begin
    uint32_t token = 0;     // which token instruction (for the visited set); kEndOfList
  };
  struct List {
    uint32_t begin = 0, end = 0;  // into steps (end: the step that ends the list)
    uint64_t any = 0;      // the terms of its token steps
    bool can_end = false;  // it has a step that ends the match
  };
  std::vector<Step> steps;
  std::vector<List> lists;  // lists[0]: at the start of a match
  uint32_t tokens = 0;      // token instructions
};

// Flattens `prog`; false when it has assertions (^, $).
bool FlattenProgram(const std::vector<TokenInst>& prog, TokenSteps* out) {
  using Op = TokenInst::Op;
  std::vector<uint32_t> token_id(prog.size(), 0);
  for (size_t pc = 0; pc < prog.size(); ++pc) {
    if (prog[pc].op == Op::kStart || prog[pc].op == Op::kEnd) return false;
    if (prog[pc].op == Op::kToken) token_id[pc] = out->tokens++;
  }
  // List k is the closure of instruction list_pc[k].
  std::vector<uint32_t> list_pc = {0};
  std::map<uint32_t, uint32_t> list_of = {{0, 0}};
  auto list_for = [&](uint32_t pc) {
    auto [it, added] = list_of.emplace(pc, static_cast<uint32_t>(list_pc.size()));
    if (added) list_pc.push_back(pc);
    return it->second;
  };
  for (size_t k = 0; k < list_pc.size(); ++k) {
    TokenSteps::List list;
    list.begin = static_cast<uint32_t>(out->steps.size());
    // Depth first, preferred branch first; an instruction reached twice is
    // explored once, as in the search over the program.
    std::vector<bool> seen(prog.size(), false);
    std::vector<uint32_t> stack = {list_pc[k]};
    while (!stack.empty()) {
      uint32_t pc = stack.back();
      stack.pop_back();
      while (!seen[pc]) {
        seen[pc] = true;
        const TokenInst& in = prog[pc];
        if (in.op == Op::kSplit) {
          stack.push_back(in.y);
          pc = in.x;
        } else if (in.op == Op::kJmp) {
          pc = in.x;
        } else {
          TokenSteps::Step step;
          if (in.op == Op::kToken) {
            step.terms = in.terms;
            step.next = list_for(pc + 1);
            step.token = token_id[pc];
          }
          out->steps.push_back(step);
          break;
        }
      }
    }
    list.end = static_cast<uint32_t>(out->steps.size());
    for (uint32_t i = list.begin; i < list.end; ++i) {
      list.any |= out->steps[i].terms;
      list.can_end = list.can_end || out->steps[i].terms == 0;
    }
    TokenSteps::Step end_of_list;
    end_of_list.token = TokenSteps::kEndOfList;
    out->steps.push_back(end_of_list);
    out->lists.push_back(list);
  }
  for (TokenSteps::Step& step : out->steps) {
    if (step.terms == 0) continue;
    const TokenSteps::List& next = out->lists[step.next];
    step.next_any = next.any;
    step.next_end = next.can_end ? 1 : 0;
    step.next_begin = next.begin;
  }
  return true;
}

// A frame of FindStepsMatch's search: the next step to try of a list and
// the token the steps test.
struct StepFrame {
  uint32_t step, token;
};

enum class StepSearch { kMatch, kNoMatch, kOverBudget };

// The search of FindStepsMatch from start token s. With kVisited it skips
// (token instruction, token) states seen before and *budget is not read;
// without, it stops with kOverBudget when it would take a state past the
// *budget-th (each state takes at most one list's steps to try).
// Skipping a state seen before never changes the result: every step takes a
// token, so a state is seen again only after its first search failed, and
// whether it leads to the end of a match does not depend on how it was
// reached. The visited set only bounds the time.
template <bool kVisited>
StepSearch SearchSteps(const TokenSteps& steps, const uint64_t* masks, size_t s, uint64_t* visited,
                       StepFrame* frames, size_t* budget, size_t* end) {
  const size_t nt = steps.tokens;
  const TokenSteps::Step* step = steps.steps.data();
  size_t left = kVisited ? 0 : *budget;
  // The frame on top of the stack lives in registers: (at, p).
  size_t depth = 0;
  uint32_t at = steps.lists[0].begin;
  auto p = static_cast<uint32_t>(s);
  uint64_t mask = masks[p];
  for (;;) {
    const TokenSteps::Step& st = step[at++];
    if ((mask & st.terms) == 0) {
      if (st.terms != 0) continue;
      if (st.token != TokenSteps::kEndOfList) {  // the match ends here
        *end = p;
        return StepSearch::kMatch;
      }
      if (depth == 0) break;
      const StepFrame& f = frames[--depth];
      at = f.step;
      p = f.token;
      mask = masks[p];
      continue;
    }
    if (kVisited) {
      const size_t bit = p * nt + st.token;
      uint64_t& word = visited[bit / 64];
      const uint64_t bit_mask = uint64_t{1} << (bit % 64);
      if (word & bit_mask) continue;
      word |= bit_mask;
    }
    const uint64_t next_mask = masks[p + 1];
    // A list none of whose steps can take the next token (nor end the
    // match) fails at once.
    if (((next_mask & st.next_any) | st.next_end) == 0) continue;
    if (!kVisited) {
      if (left == 0) return StepSearch::kOverBudget;
      --left;
    }
    frames[depth++] = {at, p};
    at = st.next_begin;
    ++p;
    mask = next_mask;
  }
  if (!kVisited) *budget = left;
  return StepSearch::kNoMatch;
}

// FindTokenMatch on a flattened program. `visited` holds (n + 1) *
// steps.tokens bits; masks[n] must be 0 (no term takes the end of the
// sentence); `frames` has room for n + 1 frames (each pushed frame takes one
// more token). The search runs without the visited set (no clearing, no
// test per step) until it has taken as many states as a search with the set
// could take at most, then goes on with it.
bool FindStepsMatch(const TokenSteps& steps, const uint64_t* masks, size_t n, size_t from, uint64_t* visited,
                    StepFrame* frames, size_t* start, size_t* end) {
  // Most tokens cannot start a match: no first step takes them (unless the
  // pattern can match nothing). Copies, as the searches' stores to uint64_t
  // words could alias the list's fields.
  const uint64_t first_any = steps.lists[0].can_end ? ~uint64_t{0} : steps.lists[0].any;
  size_t budget = (n + 1) * steps.tokens;
  bool with_visited = false;
  for (size_t s = from; s <= n; ++s) {
    if ((masks[s] & first_any) == 0 && first_any != ~uint64_t{0}) continue;
    StepSearch found = StepSearch::kOverBudget;
    if (!with_visited) found = SearchSteps<false>(steps, masks, s, visited, frames, &budget, end);
    if (found == StepSearch::kOverBudget) {
      if (!with_visited) {
        // Searches from s on read only the states of tokens s and later.
        const size_t nt = steps.tokens;
        std::fill(visited + s * nt / 64, visited + ((n + 1) * nt + 63) / 64, uint64_t{0});
        with_visited = true;
      }
      found = SearchSteps<true>(steps, masks, s, visited, frames, &budget, end);
    }
    if (found == StepSearch::kMatch) {
      *start = s;
      return true;
    }
  }
  return false;
}

// A chunk emit: marks tokens [r.begin, r.end) as one chunk of `type`
// unless one of them is in a chunk already. Returns whether it marked them.
bool MarkChunk(text::Token* tokens, TokenRange r, uint8_t type) {
  for (uint32_t i = r.begin; i < r.end; ++i) {
    if (tokens[i].chunk_type != 0) return false;
  }
  for (uint32_t i = r.begin; i < r.end; ++i) {
    tokens[i].chunk_type = type;
    tokens[i].chunk_iob = i == r.begin ? text::Iob::kB : text::Iob::kI;
  }
  return true;
}

// A conjunction of tests on one token's fields.
struct TermSpec {
  std::optional<std::set<uint16_t>> allowed[3];  // word fields: ids it must have
  std::set<uint16_t> denied[3];                   // word fields: ids it must not have
  std::bitset<256> bytes[5];                      // closed fields: the bytes it allows
};

// The index of the term `key` names among *terms, added with `spec` when
// new; -1 when it is new and the 64 terms a token mask holds are taken.
int InternTerm(std::string key, TermSpec spec, std::vector<TermSpec>* terms,
               std::map<std::string, int, std::less<>>* term_index) {
  auto it = term_index->find(key);
  if (it == term_index->end()) {
    if (terms->size() >= 64) return -1;
    it = term_index->emplace(std::move(key), static_cast<int>(terms->size())).first;
    terms->push_back(std::move(spec));
  }
  return it->second;
}

struct CompiledRule {
  const Rule* rule = nullptr;
  std::unique_ptr<RE2> fast;  // never_capture
  std::unique_ptr<RE2> full;  // with named groups
  std::string regex;
  std::vector<std::string> capture_names;
  // Checks with their capture argument indices into capture_names.
  struct BoundCheck {
    const CheckSpec* spec;
    std::vector<int> captures;
    std::vector<std::string> literals;
  };
  std::vector<BoundCheck> checks;
  bool has_trigger = false;
  // Closed-field values some token of every match must have ("a token tagged
  // POS", "a Date"): the rule is skipped on sentences without them.
  std::vector<std::pair<int, std::bitset<256>>> needs;  // (closed field index, byte set)
  // The pattern is one capture around everything ("(?<np> ...)"): the
  // capture is the match, so no second RE2 pass is needed.
  bool whole_match_capture = false;
  // RE2 group index of each capture in capture_names.
  std::vector<int> group_index;
  // The pattern as a program over tokens (see TokenInst); empty when the
  // rule is matched by RE2 on the records.
  std::vector<TokenInst> program;
  TokenSteps steps;           // the program flattened, when it has no assertions
  bool flat = false;
  // Per emit (parallel to rule->emits): the entity or chunk type it marks.
  std::vector<uint8_t> emit_type;
  // Per emit: the indices into capture_names of the captures it names (-1:
  // none, or the relation of a triple, which is not a capture).
  struct EmitCaptures {
    int subject = -1, object = -1, relation = -1, capture = -1, role = -1;
  };
  std::vector<EmitCaptures> emit_captures;
  // The rule only marks its whole match as chunks (a whole-match capture, no
  // checks, every emit a chunk of that capture): RunStage marks a match
  // without the general path's captures, check context and emit switch.
  bool marks_match_as_chunk = false;
  // Token programs: `needs` as terms, some token of the sentence must have
  // each (0: the need can never be met).
  std::vector<uint64_t> need_terms;
};

}  // namespace

struct RuleEngine::Impl {
  const Ontology* ontology_ptr = nullptr;
  Ontology ontology_copy;  // the engine owns a copy so callers need not keep theirs alive
  std::vector<Rule> rules;
  std::vector<CompiledRule> compiled;  // parallel to rules
  // The predicates compiled for evaluation: word tests as sorted id lists,
  // closed-field tests as byte sets, regexes as RE2 objects.
  struct PredNode {
    TokenExpr::Kind kind = TokenExpr::Kind::kAny;
    Field field = Field::kText;
    TokenExpr::Op op = TokenExpr::Op::kEq;
    std::vector<uint16_t> ids;
    std::bitset<256> bytes;
    const RE2* re = nullptr;
    std::vector<PredNode> children;
  };
  // How one stage encodes a token: each stage has its own record, with only
  // the fields, words and predicates its rules read. The chunk rules read no
  // predicates and few words, so their records are a handful of bytes and
  // RE2 scans far less than it would over the relation rules' records.
  struct Layout {
    WordTable vocab;  // the words the stage's rules mention -> id (1-based)
    size_t id_bytes = 2;  // 1 when every id (and 0) fits in one byte
    // Fields the rules test; the others are left out of the record.
    std::array<bool, kNumFields> used{};
    std::array<size_t, kNumFields> offset{};  // of each used field in the record
    std::vector<size_t> used_word_fields, used_closed_fields;  // the used fields, in record order
    // Predicates: token expressions evaluated in C++, one bit each.
    std::vector<TokenExpr> predicates;
    std::map<std::string, int, std::less<>> predicate_index;  // ToString() -> bit
    std::vector<PredNode> compiled_predicates;  // parallel to predicates
    // Most predicates are one word list ("lower=for|over"): their bits come
    // from a table per word id instead of Eval(). word_pred_bits[f][id] has
    // bit p set when predicate p lists word `id` in field f (text, lower,
    // lemma); word_pred_ne flags those written with != (the bit is
    // inverted); other_predicates are the ones Eval() computes.
    std::vector<uint64_t> word_pred_bits[3];
    uint64_t word_pred_mask = 0, word_pred_ne = 0;
    std::vector<uint32_t> other_predicates;
    std::vector<std::unique_ptr<RE2>> predicate_regex;  // owns the RE2s of ~ clauses
    size_t off_pred = 1;  // where the predicate bytes start
    size_t pred_bytes = 0;
    size_t width = 1;
    // Trigger index: for text, lower, lemma: id -> rule indices.
    std::vector<std::vector<uint32_t>> trigger[3];
    bool any_trigger = false;
    // Token programs (see TokenInst): when `matcher`, every rule of the stage
    // has one, and a token's term mask is the AND of its fields' entries here.
    bool matcher = false;
    bool needs_records = true;  // some rule reads the records (RE2 search or captures)
    size_t max_program = 0;     // instructions of the longest program
    std::vector<uint64_t> word_terms[3];               // text, lower, lemma: id -> terms
    std::array<std::array<uint64_t, 256>, 5> closed_terms{};  // pos .. chunk: byte -> terms

    uint16_t Lookup(std::string_view word) const { return vocab.Find(word); }
  };
  Layout layouts[kNumStages];
  std::vector<uint32_t> stage_rules[kNumStages];
  size_t max_captures = 0;  // of any rule

  const Ontology& onto() const { return ontology_copy; }

  // The value a rule's word literal is compared with, in each word field.
  static std::string WordKey(Field f, const std::string& v) {
    return f == Field::kText ? v : text::NormalizedLower(v);
  }

  std::bitset<256> ClosedSet(Field f, const std::vector<std::string>& values, std::string* error) const;
  int PredicateBit(Layout& l, const TokenExpr& e, std::string* error);
  bool RenderToken(Layout& l, const TokenExpr& e, std::string* out, std::string* error);
  bool RenderTerm(Layout& l, const Term& term, std::string* out, std::string* error);
  bool Render(Layout& l, const PatternNode& n, std::string* out, std::string* error);
  static void CollectVocabulary(Layout& l, const PatternNode& n);
  static void CollectVocabulary(Layout& l, const TokenExpr& e);
  std::optional<std::vector<std::pair<int, uint16_t>>> Trigger(const Layout& l, const PatternNode& n) const;

  // Which byte values of the closed fields (pos, tag, shape, ent, chunk)
  // occur in a sentence.
  using Presence = std::array<std::bitset<256>, 5>;
  static int ClosedIndex(Field f) { return static_cast<int>(f) - static_cast<int>(Field::kPos); }
  void Requirements(const PatternNode& n, std::vector<std::pair<int, std::bitset<256>>>* out) const;

  // Per-token values a predicate may read.
  struct TokenView {
    const text::Token* token;
    const uint16_t* ids;  // text, lower, lemma
  };
  Status CompilePredicate(Layout& l, const TokenExpr& e, PredNode* out);
  bool Eval(const PredNode& n, const TokenView& t) const;
  void SetPredicateBits(const Layout& l, const TokenView& t, char* record) const;
  // Encodes every token in `l`'s records into out (tokens * l.width bytes);
  // ids gets 3 word ids a token; candidate (one byte a rule, zeroed by the
  // caller) marks the rules whose trigger word occurs.
  // With token programs, masks gets each token's terms, and the records are
  // written only when some rule reads them.
  void Encode(const Layout& l, const text::Sentence& s, char* out, uint16_t* ids, uint64_t* masks,
              uint8_t* candidate, Presence* present) const;
  // Encode for a stage of token programs that reads no records: only each
  // token's terms into masks (and 0 into masks[n], so that a search may read
  // one token past the end) and the trigger candidates. Returns the OR of
  // the masks (the terms some token of the sentence has).
  uint64_t EncodeMasks(const Layout& l, const text::Sentence& s, uint64_t* masks, uint8_t* candidate) const;
  // EncodeMasks for one choice of the word fields the stage reads, so that
  // the per-token loop has no test of them and keeps the ids in registers.
  template <bool kText, bool kLower, bool kLemma>
  static uint64_t EncodeMasksOf(const Layout& l, const text::Sentence& s, uint64_t* masks, uint8_t* candidate);
  // present: the closed-field values of the sentence (stages matched by
  // RE2 only; null for token programs); present_terms: the OR of the token
  // masks (token programs only).
  void RunStage(Stage stage, text::Sentence* s, std::string_view enc, const uint64_t* masks,
                uint64_t* visited, StepFrame* frames, TokenRange* caps, const uint8_t* candidate,
                const Presence* present, uint64_t present_terms, std::vector<Extraction>* out,
                Trace* trace) const;
  // Token programs: 1 when the term is built, 0 when it can never match, -1
  // when it needs a predicate (a regex).
  int BuildTerm(const Layout& l, const Term& term, TermSpec* out) const;
  bool BuildProgram(Layout& l, const PatternNode& n, std::vector<TermSpec>* terms,
                    std::map<std::string, int, std::less<>>* term_index, std::vector<TokenInst>* prog) const;
  void BuildMatcher(Layout& l, Stage stage, const std::vector<PatternNode>& trees);
  void Run(text::Sentence* s, int first_stage, int last_stage, std::vector<Extraction>* out, Trace* trace) const;
};

std::bitset<256> RuleEngine::Impl::ClosedSet(Field f, const std::vector<std::string>& values,
                                             std::string* error) const {
  std::bitset<256> set;
  for (const auto& v : values) {
    switch (f) {
      case Field::kPos:
        set.set(static_cast<size_t>(1 + text::UposIndex(v)));
        break;
      case Field::kTag:
        set.set(static_cast<size_t>(1 + text::XposIndex(v)));
        break;
      case Field::kShape: {
        text::Shape s{};
        text::ShapeFromName(v, &s);
        set.set(1 + static_cast<size_t>(s));
        break;
      }
      case Field::kChunk:
      case Field::kEnt: {
        // Values: O, B, I, TYPE, B-TYPE, I-TYPE. For ent, TYPE includes its
        // subtypes.
        std::string_view name = v;
        int iob = -1;  // -1: B or I
        if (name == "O") {
          set.set(SpanByte(0, text::Iob::kO));
          break;
        }
        if (name == "B" || name == "I") {
          iob = name == "B" ? 1 : 2;
          name = "";
        } else if (name.size() > 2 && (name.substr(0, 2) == "B-" || name.substr(0, 2) == "I-")) {
          iob = name[0] == 'B' ? 1 : 2;
          name.remove_prefix(2);
        }
        std::vector<uint8_t> types;
        if (f == Field::kChunk) {
          if (name.empty()) {
            for (size_t t = 1; t < text::ChunkTypes().size(); ++t) types.push_back(static_cast<uint8_t>(t));
          } else {
            types.push_back(static_cast<uint8_t>(text::ChunkTypeIndex(name)));
          }
        } else {
          const auto& all = onto().entity_types();
          if (!name.empty() && onto().EntityTypeIndex(name) == 0) {
            *error = "unknown entity type \"" + std::string(name) + "\"";
            return {};
          }
          for (size_t t = 0; t < all.size(); ++t) {
            if (name.empty() || onto().IsA(all[t].id, name)) types.push_back(static_cast<uint8_t>(t + 1));
          }
        }
        for (uint8_t t : types) {
          if (iob != 2) set.set(SpanByte(t, text::Iob::kB));
          if (iob != 1) set.set(SpanByte(t, text::Iob::kI));
        }
        break;
      }
      default:
        break;
    }
  }
  return set;
}

int RuleEngine::Impl::PredicateBit(Layout& l, const TokenExpr& e, std::string* error) {
  std::string key = e.ToString();
  auto it = l.predicate_index.find(key);
  if (it != l.predicate_index.end()) return it->second;
  // Compile the regex clauses it contains.
  std::vector<const TokenExpr*> stack = {&e};
  while (!stack.empty()) {
    const TokenExpr* x = stack.back();
    stack.pop_back();
    for (const auto& c : x->children) stack.push_back(&c);
    if (x->kind == TokenExpr::Kind::kClause && x->op == TokenExpr::Op::kRegex) {
      RE2::Options opt;
      opt.set_log_errors(false);
      RE2 re(x->values[0], opt);  // checked here, compiled for use in CompilePredicate
      if (!re.ok()) {
        *error = "regex \"" + x->values[0] + "\": " + re.error();
        return -1;
      }
    }
  }
  int bit = static_cast<int>(l.predicates.size());
  l.predicates.push_back(e);
  l.predicate_index.emplace(key, bit);
  return bit;
}

bool RuleEngine::Impl::RenderTerm(Layout& l, const Term& term, std::string* out, std::string* error) {
  std::optional<std::set<uint16_t>> allowed[3];
  std::set<uint16_t> denied[3];
  std::bitset<256> bytes[kNumFields];
  for (auto& b : bytes) b.set();
  std::vector<std::pair<int, bool>> bits;  // predicate bit, required value
  for (const Literal& lit : term) {
    const TokenExpr& c = *lit.clause;
    bool positive = (c.op == TokenExpr::Op::kNe) == lit.negated;
    if (c.op == TokenExpr::Op::kRegex) {
      int bit = PredicateBit(l, c, error);
      if (bit < 0) return false;
      bits.emplace_back(bit, !lit.negated);
      continue;
    }
    auto fi = static_cast<size_t>(c.field);
    if (IsWordField(c.field)) {
      std::set<uint16_t> ids;
      for (const auto& v : c.values) ids.insert(l.Lookup(WordKey(c.field, v)));
      if (positive) {
        if (!allowed[fi]) {
          allowed[fi] = ids;
        } else {
          std::set<uint16_t> both;
          std::set_intersection(allowed[fi]->begin(), allowed[fi]->end(), ids.begin(), ids.end(),
                                std::inserter(both, both.end()));
          allowed[fi] = both;
        }
      } else {
        denied[fi].insert(ids.begin(), ids.end());
      }
    } else {
      std::bitset<256> set = ClosedSet(c.field, c.values, error);
      if (!error->empty()) return false;
      bytes[fi] &= positive ? set : ~set;
    }
  }
  auto id_bytes = [&l](uint16_t id) {
    char two[2] = {0, 0};
    PutId(id, l.id_bytes, two);
    std::string hex = Hex(static_cast<uint8_t>(two[0]));
    if (l.id_bytes == 2) hex += Hex(static_cast<uint8_t>(two[1]));
    return hex;
  };
  const std::string any_id = l.id_bytes == 2 ? ".." : ".";
  std::string r = std::string("\\x00");
  for (int fi = 0; fi < 3; ++fi) {
    if (!l.used[static_cast<size_t>(fi)]) continue;  // no rule of the stage tests it
    if (allowed[fi]) {
      std::vector<uint16_t> ids;
      for (uint16_t id : *allowed[fi]) {
        if (!denied[fi].count(id)) ids.push_back(id);
      }
      if (ids.empty()) return true;  // this term can never match: render nothing
      std::string alt;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (i) alt += "|";
        alt += id_bytes(ids[i]);
      }
      r += ids.size() == 1 ? alt : "(?:" + alt + ")";
    } else if (denied[fi].size() == 1) {
      char two[2] = {0, 0};
      PutId(*denied[fi].begin(), l.id_bytes, two);
      if (l.id_bytes == 1) {
        r += "[^" + Hex(static_cast<uint8_t>(two[0])) + "]";
      } else {
        r += "(?:[^" + Hex(static_cast<uint8_t>(two[0])) + "].|" + Hex(static_cast<uint8_t>(two[0])) +
             "[^" + Hex(static_cast<uint8_t>(two[1])) + "])";
      }
    } else if (!denied[fi].empty()) {
      TokenExpr in;
      in.kind = TokenExpr::Kind::kClause;
      in.field = static_cast<Field>(fi);
      in.op = TokenExpr::Op::kEq;
      for (uint16_t id : denied[fi]) in.values.push_back(l.vocab.Word(id));
      std::sort(in.values.begin(), in.values.end());
      int bit = PredicateBit(l, in, error);
      if (bit < 0) return false;
      bits.emplace_back(bit, false);
      r += any_id;
    } else {
      r += any_id;
    }
  }
  for (Field f : {Field::kPos, Field::kTag, Field::kShape, Field::kEnt, Field::kChunk}) {
    std::bitset<256> set = bytes[static_cast<size_t>(f)];
    set.reset(0);
    std::string cls = ByteClass(set);
    if (cls.empty()) return true;  // unsatisfiable
    if (!l.used[static_cast<size_t>(f)]) continue;
    if (bytes[static_cast<size_t>(f)].count() == 256) cls = ".";
    r += cls;
  }
  // Predicate bytes are rendered once the number of predicates is known:
  // leave a marker that Finalize replaces.
  std::sort(bits.begin(), bits.end());
  r += "\x01P";
  for (auto [bit, value] : bits) r += std::to_string(bit) + (value ? "+" : "-") + ",";
  r += "\x01";
  if (!out->empty()) *out += "|";
  *out += r;
  return true;
}

bool RuleEngine::Impl::RenderToken(Layout& l, const TokenExpr& e, std::string* out, std::string* error) {
  std::vector<Term> terms;
  std::string alt;
  if (ToDnf(e, false, &terms)) {
    for (const auto& t : terms) {
      if (!RenderTerm(l, t, &alt, error)) return false;
    }
  } else {
    int bit = PredicateBit(l, e, error);
    if (bit < 0) return false;
    alt = "\\x00";
    if (l.off_pred > 1) alt += ".{" + std::to_string(l.off_pred - 1) + "}";
    alt += "\x01P" + std::to_string(bit) + "+,\x01";
  }
  if (alt.empty()) {
    *error = "the token test " + e.ToString() + " can never match";
    return false;
  }
  *out += "(?:" + alt + ")";
  return true;
}

bool RuleEngine::Impl::Render(Layout& l, const PatternNode& n, std::string* out, std::string* error) {
  using K = PatternNode::Kind;
  switch (n.kind) {
    case K::kToken:
      return RenderToken(l, n.token, out, error);
    case K::kSeq:
      for (const auto& c : n.children) {
        if (!Render(l, c, out, error)) return false;
      }
      return true;
    case K::kAlt: {
      *out += "(?:";
      for (size_t i = 0; i < n.children.size(); ++i) {
        if (i) *out += "|";
        if (!Render(l, n.children[i], out, error)) return false;
      }
      *out += ")";
      return true;
    }
    case K::kCapture:
      *out += "(?P<" + n.name + ">";
      if (!Render(l, n.children[0], out, error)) return false;
      *out += ")";
      return true;
    case K::kRepeat: {
      *out += "(?:";
      if (!Render(l, n.children[0], out, error)) return false;
      *out += ")";
      if (n.min == 0 && n.max == 1) {
        *out += "?";
      } else if (n.min == 0 && n.max < 0) {
        *out += "*";
      } else if (n.min == 1 && n.max < 0) {
        *out += "+";
      } else if (n.max < 0) {
        *out += "{" + std::to_string(n.min) + ",}";
      } else if (n.min == n.max) {
        *out += "{" + std::to_string(n.min) + "}";
      } else {
        *out += "{" + std::to_string(n.min) + "," + std::to_string(n.max) + "}";
      }
      if (n.lazy) *out += "?";
      return true;
    }
    case K::kStart:
      *out += "^";
      return true;
    case K::kEnd:
      *out += "$";
      return true;
  }
  return false;
}

// Also marks the fields that clauses other than regexes test (regexes are
// predicates and read the token itself).
void RuleEngine::Impl::CollectVocabulary(Layout& l, const TokenExpr& e) {
  if (e.kind == TokenExpr::Kind::kClause && e.op != TokenExpr::Op::kRegex) {
    l.used[static_cast<size_t>(e.field)] = true;
    if (IsWordField(e.field)) {
      for (const auto& v : e.values) l.vocab.Add(WordKey(e.field, v));
    }
  }
  for (const auto& c : e.children) CollectVocabulary(l, c);
}

void RuleEngine::Impl::CollectVocabulary(Layout& l, const PatternNode& n) {
  if (n.kind == PatternNode::Kind::kToken) CollectVocabulary(l, n.token);
  for (const auto& c : n.children) CollectVocabulary(l, c);
}

// A set of (word field, id) pairs of which every match contains at least one,
// or nullopt when there is none. Picks the cheapest among mandatory tokens.
std::optional<std::vector<std::pair<int, uint16_t>>> RuleEngine::Impl::Trigger(
    const Layout& l, const PatternNode& n) const {
  using K = PatternNode::Kind;
  using Set = std::vector<std::pair<int, uint16_t>>;
  auto cost = [&l](const Set& s) {
    int c = 0;
    for (const auto& [f, id] : s) c += id == 0 ? 1 : TriggerCost(l.vocab.Word(id));
    return c;
  };
  switch (n.kind) {
    case K::kToken: {
      // A clause (or a conjunct of an AND) that is a positive word equality.
      std::vector<const TokenExpr*> conjuncts;
      if (n.token.kind == TokenExpr::Kind::kClause) conjuncts.push_back(&n.token);
      if (n.token.kind == TokenExpr::Kind::kAnd) {
        for (const auto& c : n.token.children) conjuncts.push_back(&c);
      }
      // [lemma=a || lower=b]: the union, when every alternative is a word equality.
      auto word_eq = [](const TokenExpr& c) {
        return c.kind == TokenExpr::Kind::kClause && IsWordField(c.field) && c.op == TokenExpr::Op::kEq;
      };
      std::optional<Set> best;
      for (const TokenExpr* c : conjuncts) {
        if (c->kind != TokenExpr::Kind::kOr) continue;
        Set s;
        bool all = true;
        for (const auto& alt : c->children) {
          all = all && word_eq(alt);
          if (!all) break;
          for (const auto& v : alt.values) s.emplace_back(static_cast<int>(alt.field), l.Lookup(WordKey(alt.field, v)));
        }
        if (all && (!best || cost(s) < cost(*best))) best = s;
      }
      if (n.token.kind == TokenExpr::Kind::kOr) {
        Set s;
        bool all = true;
        for (const auto& alt : n.token.children) {
          all = all && word_eq(alt);
          if (!all) break;
          for (const auto& v : alt.values) s.emplace_back(static_cast<int>(alt.field), l.Lookup(WordKey(alt.field, v)));
        }
        if (all) best = s;
      }
      for (const TokenExpr* c : conjuncts) {
        if (c->kind != TokenExpr::Kind::kClause || !IsWordField(c->field) || c->op != TokenExpr::Op::kEq) {
          continue;
        }
        Set s;
        for (const auto& v : c->values) {
          s.emplace_back(static_cast<int>(c->field), l.Lookup(WordKey(c->field, v)));
        }
        if (!best || cost(s) < cost(*best)) best = s;
      }
      return best;
    }
    case K::kSeq: {
      std::optional<Set> best;
      for (const auto& c : n.children) {
        auto t = Trigger(l, c);
        if (t && (!best || cost(*t) < cost(*best))) best = t;
      }
      return best;
    }
    case K::kAlt: {
      Set all;
      for (const auto& c : n.children) {
        auto t = Trigger(l, c);
        if (!t) return std::nullopt;
        all.insert(all.end(), t->begin(), t->end());
      }
      return all;
    }
    case K::kCapture:
      return Trigger(l, n.children[0]);
    case K::kRepeat:
      if (n.min == 0) return std::nullopt;
      return Trigger(l, n.children[0]);
    default:
      return std::nullopt;
  }
}

Status RuleEngine::Impl::CompilePredicate(Layout& l, const TokenExpr& e, PredNode* out) {
  out->kind = e.kind;
  out->field = e.field;
  out->op = e.op;
  if (e.kind == TokenExpr::Kind::kClause) {
    if (e.op == TokenExpr::Op::kRegex) {
      RE2::Options opt;
      opt.set_log_errors(false);
      auto re = std::make_unique<RE2>(e.values[0], opt);
      if (!re->ok()) return Status(StatusCode::kBadConfig, "regex \"" + e.values[0] + "\": " + re->error());
      out->re = re.get();
      l.predicate_regex.push_back(std::move(re));
    } else if (IsWordField(e.field)) {
      for (const auto& v : e.values) out->ids.push_back(l.Lookup(WordKey(e.field, v)));
      std::sort(out->ids.begin(), out->ids.end());
    } else {
      std::string error;
      out->bytes = ClosedSet(e.field, e.values, &error);
      if (!error.empty()) return Status(StatusCode::kBadConfig, error);
    }
  }
  for (const auto& c : e.children) {
    out->children.emplace_back();
    Status st = CompilePredicate(l, c, &out->children.back());
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

bool RuleEngine::Impl::Eval(const PredNode& n, const TokenView& t) const {
  switch (n.kind) {
    case TokenExpr::Kind::kAny:
      return true;
    case TokenExpr::Kind::kNot:
      return !Eval(n.children[0], t);
    case TokenExpr::Kind::kAnd:
      for (const auto& c : n.children) {
        if (!Eval(c, t)) return false;
      }
      return true;
    case TokenExpr::Kind::kOr:
      for (const auto& c : n.children) {
        if (Eval(c, t)) return true;
      }
      return false;
    case TokenExpr::Kind::kClause:
      break;
  }
  if (n.op == TokenExpr::Op::kRegex) {
    const text::Token& tok = *t.token;
    std::string value;
    switch (n.field) {
      case Field::kText: value = tok.text; break;
      case Field::kLower: value = text::NormalizedLower(tok.text); break;
      case Field::kLemma: value = text::NormalizedLower(tok.lemma.empty() ? tok.text : tok.lemma); break;
      case Field::kPos: value = std::string(text::UposTags()[tok.upos]); break;
      case Field::kTag: value = std::string(text::XposTags()[tok.xpos]); break;
      case Field::kShape: value = std::string(text::ShapeName(tok.shape)); break;
      case Field::kEnt: value = onto().EntityTypeName(tok.ent_type); break;
      case Field::kChunk: value = std::string(text::ChunkTypes()[tok.chunk_type]); break;
    }
    return RE2::PartialMatch(value, *n.re);
  }
  bool in;
  if (IsWordField(n.field)) {
    const uint16_t id = t.ids[static_cast<size_t>(n.field)];
    in = id != 0 && std::binary_search(n.ids.begin(), n.ids.end(), id);
  } else {
    in = n.bytes[ClosedByte(n.field, *t.token)];
  }
  return n.op == TokenExpr::Op::kEq ? in : !in;
}

void RuleEngine::Impl::SetPredicateBits(const Layout& l, const TokenView& t, char* rec) const {
  char* pred = rec + l.off_pred;
  // The word lists' bits, from the table.
  uint64_t bits = 0;
  for (size_t f = 0; f < 3; ++f) {
    const uint16_t id = t.ids[f];
    if (id < l.word_pred_bits[f].size()) bits |= l.word_pred_bits[f][id];
  }
  bits = (bits ^ l.word_pred_ne) & l.word_pred_mask;
  if (l.compiled_predicates.size() <= 63) {
    // All bits at once: the word lists' and the rest by Eval().
    for (uint32_t p : l.other_predicates) bits |= uint64_t{Eval(l.compiled_predicates[p], t)} << p;
    for (size_t b = 0; b < l.pred_bytes; ++b) {
      pred[b] = static_cast<char>(0x80 | ((bits >> (b * kBitsPerPredByte)) & 0x7F));
    }
    return;
  }
  auto set = [pred](size_t p, bool on) {
    const auto mask = static_cast<char>(1 << (p % kBitsPerPredByte));
    char& byte = pred[p / kBitsPerPredByte];
    byte = on ? static_cast<char>(byte | mask) : static_cast<char>(byte & ~mask);
  };
  for (size_t b = 0; b < l.pred_bytes; ++b) pred[b] = static_cast<char>(0x80);
  for (uint64_t m = l.word_pred_mask; m != 0; m &= m - 1) {
    const auto p = static_cast<size_t>(std::countr_zero(m));
    set(p, (bits >> p) & 1);
  }
  for (uint32_t p : l.other_predicates) set(p, Eval(l.compiled_predicates[p], t));
}

void RuleEngine::Impl::Requirements(const PatternNode& n,
                                     std::vector<std::pair<int, std::bitset<256>>>* out) const {
  using K = PatternNode::Kind;
  auto clause = [&](const TokenExpr& c) {
    if (c.kind != TokenExpr::Kind::kClause || IsWordField(c.field) || c.op == TokenExpr::Op::kRegex) return;
    std::string error;
    std::bitset<256> set = ClosedSet(c.field, c.values, &error);
    if (c.op == TokenExpr::Op::kNe) set = ~set;
    out->emplace_back(ClosedIndex(c.field), set);
  };
  switch (n.kind) {
    case K::kToken:
      clause(n.token);
      if (n.token.kind == TokenExpr::Kind::kAnd) {
        for (const auto& c : n.token.children) clause(c);
      }
      return;
    case K::kSeq:
      for (const auto& c : n.children) Requirements(c, out);
      return;
    case K::kCapture:
      Requirements(n.children[0], out);
      return;
    case K::kRepeat:
      if (n.min > 0) Requirements(n.children[0], out);
      return;
    default:
      return;  // alternatives, anchors: no single requirement
  }
}

// Mirrors RenderTerm: the same conjunction, as sets instead of a regex.
int RuleEngine::Impl::BuildTerm(const Layout& l, const Term& term, TermSpec* out) const {
  for (auto& b : out->bytes) b.set();
  for (const Literal& lit : term) {
    const TokenExpr& c = *lit.clause;
    if (c.op == TokenExpr::Op::kRegex) return -1;
    const bool positive = (c.op == TokenExpr::Op::kNe) == lit.negated;
    const auto fi = static_cast<size_t>(c.field);
    if (IsWordField(c.field)) {
      std::set<uint16_t> ids;
      for (const auto& v : c.values) ids.insert(l.Lookup(WordKey(c.field, v)));
      if (positive) {
        if (!out->allowed[fi]) {
          out->allowed[fi] = ids;
        } else {
          std::set<uint16_t> both;
          std::set_intersection(out->allowed[fi]->begin(), out->allowed[fi]->end(), ids.begin(), ids.end(),
                                std::inserter(both, both.end()));
          out->allowed[fi] = both;
        }
      } else {
        out->denied[fi].insert(ids.begin(), ids.end());
      }
    } else {
      std::string error;
      std::bitset<256> set = ClosedSet(c.field, c.values, &error);
      if (!error.empty()) return -1;
      out->bytes[static_cast<size_t>(ClosedIndex(c.field))] &= positive ? set : ~set;
    }
  }
  for (size_t fi = 0; fi < 3; ++fi) {
    if (!out->allowed[fi]) continue;
    for (uint16_t id : out->denied[fi]) out->allowed[fi]->erase(id);
    out->denied[fi].clear();
    if (out->allowed[fi]->empty()) return 0;
  }
  for (auto& b : out->bytes) {
    b.reset(0);  // no token has a 0 byte
    if (b.none()) return 0;
  }
  return 1;
}

bool RuleEngine::Impl::BuildProgram(Layout& l, const PatternNode& n, std::vector<TermSpec>* terms,
                                    std::map<std::string, int, std::less<>>* term_index,
                                    std::vector<TokenInst>* prog) const {
  using K = PatternNode::Kind;
  using Op = TokenInst::Op;
  auto here = [prog] { return static_cast<uint32_t>(prog->size()); };
  switch (n.kind) {
    case K::kToken: {
      std::vector<Term> dnf;
      if (!ToDnf(n.token, false, &dnf)) return false;
      TokenInst in;
      in.op = Op::kToken;
      for (const Term& t : dnf) {
        TermSpec spec;
        const int built = BuildTerm(l, t, &spec);
        if (built < 0) return false;
        if (built == 0) continue;
        std::string key;
        for (size_t fi = 0; fi < 3; ++fi) {
          key += spec.allowed[fi] ? "A" : "-";
          if (spec.allowed[fi]) {
            for (uint16_t id : *spec.allowed[fi]) key += std::to_string(id) + ",";
          }
          key += "D";
          for (uint16_t id : spec.denied[fi]) key += std::to_string(id) + ",";
        }
        for (const auto& b : spec.bytes) key += b.to_string();
        const int index = InternTerm(std::move(key), std::move(spec), terms, term_index);
        if (index < 0) return false;
        in.terms |= uint64_t{1} << index;
      }
      if (in.terms == 0) return false;  // RenderToken reports this
      prog->push_back(in);
      return true;
    }
    case K::kSeq:
      for (const auto& c : n.children) {
        if (!BuildProgram(l, c, terms, term_index, prog)) return false;
      }
      return true;
    case K::kAlt: {
      // Split(first, rest) chains: the earlier alternative is preferred.
      std::vector<uint32_t> jumps;
      for (size_t i = 0; i < n.children.size(); ++i) {
        uint32_t split = 0;
        const bool last = i + 1 == n.children.size();
        if (!last) {
          split = here();
          prog->push_back({Op::kSplit, split + 1, 0, 0});
        }
        if (!BuildProgram(l, n.children[i], terms, term_index, prog)) return false;
        if (!last) {
          jumps.push_back(here());
          prog->push_back({Op::kJmp, 0, 0, 0});
          (*prog)[split].y = here();
        }
      }
      for (uint32_t j : jumps) (*prog)[j].x = here();
      return true;
    }
    case K::kCapture:
      return BuildProgram(l, n.children[0], terms, term_index, prog);
    case K::kRepeat: {
      const PatternNode& body = n.children[0];
      // A loop whose body can match no token is where backtracking and RE2
      // may disagree: leave such patterns to RE2.
      if (MinTokens(body) == 0 && !(n.min == 0 && n.max == 1)) return false;
      for (int i = 0; i < n.min; ++i) {
        if (!BuildProgram(l, body, terms, term_index, prog)) return false;
      }
      if (n.max < 0) {
        const uint32_t loop = here();
        prog->push_back({Op::kSplit, 0, 0, 0});
        if (!BuildProgram(l, body, terms, term_index, prog)) return false;
        prog->push_back({Op::kJmp, loop, 0, 0});
        const uint32_t in_body = loop + 1, out = here();
        (*prog)[loop].x = n.lazy ? out : in_body;
        (*prog)[loop].y = n.lazy ? in_body : out;
        return true;
      }
      // x{0,k} as (x(x(x)?)?)?: every split skips to the end.
      std::vector<uint32_t> splits;
      for (int i = n.min; i < n.max; ++i) {
        splits.push_back(here());
        prog->push_back({Op::kSplit, 0, 0, 0});
        if (!BuildProgram(l, body, terms, term_index, prog)) return false;
      }
      const uint32_t out = here();
      for (uint32_t sp : splits) {
        (*prog)[sp].x = n.lazy ? out : sp + 1;
        (*prog)[sp].y = n.lazy ? sp + 1 : out;
      }
      return true;
    }
    case K::kStart:
      prog->push_back({Op::kStart, 0, 0, 0});
      return true;
    case K::kEnd:
      prog->push_back({Op::kEnd, 0, 0, 0});
      return true;
  }
  return false;
}

// Gives every rule of the stage a token program, or none of them.
void RuleEngine::Impl::BuildMatcher(Layout& l, Stage stage, const std::vector<PatternNode>& trees) {
  constexpr size_t kMaxProgram = 4096;
  const auto si = static_cast<size_t>(stage);
  if (stage_rules[si].empty()) return;
  std::vector<TermSpec> terms;
  std::map<std::string, int, std::less<>> term_index;
  std::vector<std::vector<TokenInst>> programs;
  for (uint32_t ri : stage_rules[si]) {
    std::vector<TokenInst> prog;
    if (!BuildProgram(l, trees[ri], &terms, &term_index, &prog)) return;
    prog.push_back({TokenInst::Op::kMatch, 0, 0, 0});
    if (prog.size() > kMaxProgram) return;
    programs.push_back(std::move(prog));
  }
  l.matcher = true;
  l.needs_records = false;
  for (size_t k = 0; k < programs.size(); ++k) {
    CompiledRule& c = compiled[stage_rules[si][k]];
    l.max_program = std::max(l.max_program, programs[k].size());
    c.program = std::move(programs[k]);
    c.flat = FlattenProgram(c.program, &c.steps);
    l.needs_records = l.needs_records || !c.whole_match_capture;
    // The needs become terms while the budget lasts (they only let rules be
    // skipped).
    for (const auto& [ci, set] : c.needs) {
      TermSpec spec;
      for (auto& b : spec.bytes) b.set();
      spec.bytes[static_cast<size_t>(ci)] = set;
      spec.bytes[static_cast<size_t>(ci)].reset(0);
      if (spec.bytes[static_cast<size_t>(ci)].none()) {
        c.need_terms.push_back(0);
        continue;
      }
      std::string key = "need";
      for (const auto& b : spec.bytes) key += b.to_string();
      const int index = InternTerm(std::move(key), std::move(spec), &terms, &term_index);
      if (index >= 0) c.need_terms.push_back(uint64_t{1} << index);
    }
  }
  for (size_t f = 0; f < 3; ++f) l.word_terms[f].assign(l.vocab.size() + 1, 0);
  for (size_t f = 0; f < 5; ++f) {
    // EncodeMasks reads every closed field: one no rule tests allows all.
    l.closed_terms[f].fill(l.used[static_cast<size_t>(Field::kPos) + f] ? 0 : ~uint64_t{0});
  }
  for (size_t t = 0; t < terms.size(); ++t) {
    const uint64_t bit = uint64_t{1} << t;
    const TermSpec& spec = terms[t];
    for (size_t f = 0; f < 3; ++f) {
      for (size_t id = 0; id < l.word_terms[f].size(); ++id) {
        const auto id16 = static_cast<uint16_t>(id);
        const bool in = spec.allowed[f] ? spec.allowed[f]->count(id16) > 0 : spec.denied[f].count(id16) == 0;
        if (in) l.word_terms[f][id] |= bit;
      }
    }
    for (size_t f = 0; f < 5; ++f) {
      for (size_t b = 0; b < 256; ++b) {
        if (spec.bytes[f][b] && l.used[static_cast<size_t>(Field::kPos) + f]) l.closed_terms[f][b] |= bit;
      }
    }
  }
}

void RuleEngine::Impl::Encode(const Layout& l, const text::Sentence& s, char* out, uint16_t* ids,
                              uint64_t* masks, uint8_t* candidate, Presence* present) const {
  // Token programs do not read the presence sets: a rule that cannot match
  // fails at once on the token masks.
  const bool presence = !l.matcher;
  if (presence) {
    for (auto& p : *present) p.reset();
  }
  const bool need_text = l.used[static_cast<size_t>(Field::kText)];
  const bool need_lemma = l.used[static_cast<size_t>(Field::kLemma)];
  // Lower-case forms are needed for the lower and lemma fields only.
  const bool need_lower = l.used[static_cast<size_t>(Field::kLower)] || need_lemma;
  std::string lower, lemma;
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    const text::Token& t = s.tokens[i];
    char* rec = out + i * l.width;
    uint16_t* id = ids + i * 3;
    rec[0] = '\0';
    // Most words are already lower-case ASCII, and most lemmas equal the word.
    const bool plain = need_lower && IsPlainLower(t.text);
    id[0] = need_text || plain ? l.Lookup(t.text) : 0;
    id[1] = 0;
    id[2] = 0;
    if (plain) {
      id[1] = id[0];
    } else if (need_lower && !need_lemma && !t.text.empty() && IsAscii(t.text) &&
               !l.vocab.MayContain(AsciiLower(static_cast<unsigned char>(t.text[0])), t.text.size())) {
      // Capitalised ASCII whose lower-case form cannot be a rule's word.
    } else if (need_lower) {
      lower.clear();
      text::AppendNormalizedLower(t.text, &lower);
      id[1] = need_text && lower == t.text ? id[0] : l.Lookup(lower);
    }
    if (need_lemma) {
      const std::string_view low = plain ? std::string_view(t.text) : std::string_view(lower);
      if (t.lemma.empty() || t.lemma == low) {
        id[2] = id[1];
      } else if (IsPlainLower(t.lemma)) {
        id[2] = l.Lookup(t.lemma);
      } else {
        lemma.clear();
        text::AppendNormalizedLower(t.lemma, &lemma);
        id[2] = lemma == low ? id[1] : l.Lookup(lemma);
      }
    }
    uint8_t closed[5];
    for (size_t f = 0; f < 5; ++f) {
      closed[f] = ClosedByte(static_cast<Field>(static_cast<size_t>(Field::kPos) + f), t);
    }
    if (presence) {
      for (size_t f = 0; f < 5; ++f) (*present)[f][closed[f]] = true;
    }
    if (l.matcher) {
      uint64_t m = ~uint64_t{0};
      for (size_t f : l.used_word_fields) m &= l.word_terms[f][id[f]];
      for (size_t f : l.used_closed_fields) {
        const size_t ci = f - static_cast<size_t>(Field::kPos);
        m &= l.closed_terms[ci][closed[ci]];
      }
      masks[i] = m;
    }
    if (l.needs_records) {
      for (size_t f : l.used_word_fields) PutId(id[f], l.id_bytes, rec + l.offset[f]);
      for (size_t f : l.used_closed_fields) {
        rec[l.offset[f]] = static_cast<char>(closed[f - static_cast<size_t>(Field::kPos)]);
      }
      if (l.pred_bytes > 0) SetPredicateBits(l, {&t, id}, rec);
    }
    if (l.any_trigger) {
      for (size_t f : l.used_word_fields) {  // triggers are words of used fields
        if (id[f] == 0 || id[f] >= l.trigger[f].size()) continue;
        for (uint32_t r : l.trigger[f][id[f]]) candidate[r] = 1;
      }
    }
  }
}

template <bool kText, bool kLower, bool kLemma>
uint64_t RuleEngine::Impl::EncodeMasksOf(const Layout& l, const text::Sentence& s, uint64_t* masks,
                                         uint8_t* candidate) {
  // Fields no rule of the stage tests allow every term (their tables are
  // all ones past byte 0), so all five closed fields are read without a test.
  // One base pointer for the five tables (they are contiguous), so that
  // the loop keeps fewer pointers in registers.
  static_assert(sizeof(l.closed_terms) == 5 * 256 * sizeof(uint64_t));
  const uint64_t* const closed = l.closed_terms[0].data();
  const uint64_t* const text_terms = l.word_terms[0].data();
  const uint64_t* const lower_terms = l.word_terms[1].data();
  const uint64_t* const lemma_terms = l.word_terms[2].data();
  const bool any_trigger = l.any_trigger;
  std::string scratch;
  uint64_t present = 0;
  const text::Token* const tokens = s.tokens.data();
  const size_t n = s.tokens.size();
  for (size_t i = 0; i < n; ++i) {
    const text::Token& t = tokens[i];
    uint64_t m = closed[static_cast<uint8_t>(1 + t.upos)] & closed[256 + static_cast<uint8_t>(1 + t.xpos)] &
                 closed[2 * 256 + static_cast<uint8_t>(1 + static_cast<uint8_t>(t.shape))] &
                 closed[3 * 256 + SpanByte(t.ent_type, t.ent_iob)] &
                 closed[4 * 256 + SpanByte(t.chunk_type, t.chunk_iob)];
    // Word ids as Encode computes them: text as is, lower and lemma in
    // their normalised forms.
    uint16_t text_id = 0, lower_id = 0, lemma_id = 0;
    if constexpr (kText) {
      text_id = l.vocab.Find(t.text);
      m &= text_terms[text_id];
    }
    if constexpr (kLower) {
      if (l.vocab.MayContainLower(t.text)) lower_id = l.vocab.FindLower(t.text, &scratch);
      m &= lower_terms[lower_id];
    }
    if constexpr (kLemma) {
      lemma_id = t.lemma.empty() && kLower ? lower_id : l.vocab.FindLower(t.lemma.empty() ? t.text : t.lemma, &scratch);
      m &= lemma_terms[lemma_id];
    }
    masks[i] = m;
    present |= m;
    // Most tokens have no id in any field (and unused fields have none);
    // most ids are no rule's trigger (an empty list).
    if ((text_id | lower_id | lemma_id) != 0 && any_trigger) {
      if constexpr (kText) {
        for (uint32_t r : l.trigger[0][text_id]) candidate[r] = 1;
      }
      if constexpr (kLower) {
        for (uint32_t r : l.trigger[1][lower_id]) candidate[r] = 1;
      }
      if constexpr (kLemma) {
        for (uint32_t r : l.trigger[2][lemma_id]) candidate[r] = 1;
      }
    }
  }
  masks[n] = 0;
  return present;
}

uint64_t RuleEngine::Impl::EncodeMasks(const Layout& l, const text::Sentence& s, uint64_t* masks,
                                       uint8_t* candidate) const {
  const bool text_used = l.used[static_cast<size_t>(Field::kText)];
  const bool lower_used = l.used[static_cast<size_t>(Field::kLower)];
  const bool lemma_used = l.used[static_cast<size_t>(Field::kLemma)];
  switch ((text_used ? 4 : 0) | (lower_used ? 2 : 0) | (lemma_used ? 1 : 0)) {
    case 0: return EncodeMasksOf<false, false, false>(l, s, masks, candidate);
    case 1: return EncodeMasksOf<false, false, true>(l, s, masks, candidate);
    case 2: return EncodeMasksOf<false, true, false>(l, s, masks, candidate);
    case 3: return EncodeMasksOf<false, true, true>(l, s, masks, candidate);
    case 4: return EncodeMasksOf<true, false, false>(l, s, masks, candidate);
    case 5: return EncodeMasksOf<true, false, true>(l, s, masks, candidate);
    case 6: return EncodeMasksOf<true, true, false>(l, s, masks, candidate);
    default: return EncodeMasksOf<true, true, true>(l, s, masks, candidate);
  }
}

namespace {

// Replaces the predicate markers "\x01P<bit>(+|-),...\x01" with one byte class
// per predicate byte, now that the number of predicate bytes is known.
std::string FinalizePredicates(const std::string& regex, size_t pred_bytes) {
  std::string out;
  size_t i = 0;
  while (i < regex.size()) {
    if (regex[i] != '\x01') {
      out += regex[i++];
      continue;
    }
    size_t end = regex.find('\x01', i + 1);
    std::string spec = regex.substr(i + 2, end - i - 2);
    i = end + 1;
    std::vector<uint8_t> on(pred_bytes, 0), off(pred_bytes, 0);
    size_t p = 0;
    while (p < spec.size()) {
      size_t sign = spec.find_first_of("+-", p);
      int bit = std::stoi(spec.substr(p, sign - p));
      auto byte = static_cast<size_t>(bit / kBitsPerPredByte);
      auto mask = static_cast<uint8_t>(1 << (bit % kBitsPerPredByte));
      (spec[sign] == '+' ? on : off)[byte] |= mask;
      p = sign + 2;
    }
    size_t dots = 0;
    for (size_t b = 0; b < pred_bytes; ++b) {
      if (on[b] == 0 && off[b] == 0) {
        ++dots;
        continue;
      }
      out += std::string(dots, '.');
      dots = 0;
      std::bitset<256> set;
      for (int v = 0x80; v < 0x100; ++v) {
        if ((v & on[b]) == on[b] && (v & off[b]) == 0) set.set(static_cast<size_t>(v));
      }
      out += ByteClass(set);
    }
    out += std::string(dots, '.');
  }
  // Collapse runs of "." into ".{n}" for readability and smaller programs.
  std::string collapsed;
  for (size_t k = 0; k < out.size();) {
    if (out[k] == '.' && (k == 0 || out[k - 1] != '\\')) {
      size_t n = 0;
      while (k < out.size() && out[k] == '.') {
        ++n;
        ++k;
      }
      collapsed += n == 1 ? "." : ".{" + std::to_string(n) + "}";
    } else {
      collapsed += out[k++];
    }
  }
  return collapsed;
}

Status RuleError(const Rule& r, const std::string& message) {
  return Status(StatusCode::kBadConfig, "rule " + r.id + ": " + message, Location{r.file, r.line});
}

}  // namespace

RuleEngine::RuleEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;
RuleEngine::~RuleEngine() = default;

Result<RuleEngine> RuleEngine::Load(const std::vector<std::string>& paths,
                                    const std::string& schema_path, const Ontology& ontology) {
  RuleFiles files;
  Status s = LoadRuleFiles(paths, schema_path, &files);
  if (!s.ok()) return s;
  return Compile(std::move(files), ontology);
}

Result<RuleEngine> RuleEngine::Compile(RuleFiles files, const Ontology& ontology) {
  auto impl = std::make_unique<Impl>();
  impl->ontology_copy = ontology;
  impl->rules = std::move(files.rules);
  Impl& m = *impl;

  // Parse every pattern and collect the words rules mention.
  std::vector<PatternNode> trees(m.rules.size());
  for (size_t i = 0; i < m.rules.size(); ++i) {
    const Rule& r = m.rules[i];
    PatternError err;
    if (!ParsePattern(r.pattern, files.macros, &trees[i], &err)) {
      std::string where = err.macro.empty()
                              ? "at character " + std::to_string(err.offset + 1) + " of the pattern"
                              : "in macro @" + err.macro + " (" + files.macro_files[err.macro] +
                                    ") at character " + std::to_string(err.offset + 1);
      return RuleError(r, "pattern: " + err.message + " " + where);
    }
    m.CollectVocabulary(m.layouts[static_cast<size_t>(r.stage)], trees[i]);
  }
  // Each stage's record: the 0x00 byte, then the fields its rules test. The
  // predicate bytes follow once their number is known.
  for (Impl::Layout& l : m.layouts) {
    if (l.vocab.size() > kMaxVocabulary) {
      return Status(StatusCode::kBadConfig, "rules mention more than " +
                                                std::to_string(kMaxVocabulary) + " distinct words");
    }
    l.id_bytes = l.vocab.size() <= kMaxOneByteVocabulary ? 1 : 2;
    size_t off = 1;
    for (size_t f = 0; f < kNumFields; ++f) {
      if (!l.used[f]) continue;
      (IsWordField(static_cast<Field>(f)) ? l.used_word_fields : l.used_closed_fields).push_back(f);
      l.offset[f] = off;
      off += IsWordField(static_cast<Field>(f)) ? l.id_bytes : 1;
    }
    l.off_pred = off;
  }

  // Render each rule's regex (with predicate markers) and validate emits and checks.
  std::vector<std::string> raw(m.rules.size());
  m.compiled.resize(m.rules.size());
  for (size_t i = 0; i < m.rules.size(); ++i) {
    const Rule& r = m.rules[i];
    CompiledRule& c = m.compiled[i];
    c.rule = &r;
    std::string error;
    if (!m.Render(m.layouts[static_cast<size_t>(r.stage)], trees[i], &raw[i], &error)) {
      return RuleError(r, "pattern: " + error);
    }
    c.capture_names = CaptureNames(trees[i]);
    auto has_capture = [&c](const std::string& name) {
      return std::find(c.capture_names.begin(), c.capture_names.end(), name) != c.capture_names.end();
    };
    for (const Emit& e : r.emits) {
      std::vector<std::string> needed;
      switch (e.kind) {
        case Emit::Kind::kTriple:
          needed = {e.subject, e.object};
          if (m.onto().FindRelation(e.relation) == nullptr) {
            return RuleError(r, "emit: relation \"" + e.relation + "\" is not in the ontology");
          }
          if (r.stage != Stage::kRelation) return RuleError(r, "emit: triples belong to the relation stage");
          break;
        case Emit::Kind::kOpen:
        case Emit::Kind::kAlias:
          needed = {e.subject, e.object};
          if (e.kind == Emit::Kind::kOpen) needed.push_back(e.relation);
          if (r.stage != Stage::kRelation) return RuleError(r, "emit: triples and aliases belong to the relation stage");
          break;
        case Emit::Kind::kEntity:
          needed = {e.capture};
          if (!e.role.empty()) needed.push_back(e.role);
          if (m.onto().EntityTypeIndex(e.type) == 0) {
            return RuleError(r, "emit: entity type \"" + e.type + "\" is not in the ontology");
          }
          if (r.stage != Stage::kEntity) return RuleError(r, "emit: entity marks belong to the entity stage");
          break;
        case Emit::Kind::kChunk:
          needed = {e.capture};
          if (r.stage != Stage::kChunk) return RuleError(r, "emit: chunk marks belong to the chunk stage");
          break;
      }
      for (const auto& name : needed) {
        if (!has_capture(name)) return RuleError(r, "emit: no capture named <" + name + "> in the pattern");
      }
    }
    for (const Check& ch : r.checks) {
      const CheckSpec* spec = FindCheck(ch.predicate);
      if (spec == nullptr) return RuleError(r, "checks: unknown predicate \"" + ch.predicate + "\"");
      const int n = static_cast<int>(ch.args.size());
      if (n < spec->captures + spec->min_literals ||
          (spec->max_literals >= 0 && n > spec->captures + spec->max_literals)) {
        return RuleError(r, "checks: wrong number of arguments for " + std::string(spec->summary));
      }
      CompiledRule::BoundCheck bound{spec, {}, {}};
      for (int a = 0; a < n; ++a) {
        const std::string& arg = ch.args[static_cast<size_t>(a)];
        if (a < spec->captures) {
          auto it = std::find(c.capture_names.begin(), c.capture_names.end(), arg);
          if (it == c.capture_names.end()) {
            return RuleError(r, "checks: " + ch.predicate + ": no capture named <" + arg + ">");
          }
          bound.captures.push_back(static_cast<int>(it - c.capture_names.begin()));
        } else {
          if (spec->literals == LiteralKind::kEntityTypes && m.onto().EntityTypeIndex(arg) == 0) {
            return RuleError(r, "checks: " + ch.predicate + ": unknown entity type \"" + arg + "\"");
          }
          if (spec->literals == LiteralKind::kNumber &&
              arg.find_first_not_of("0123456789") != std::string::npos) {
            return RuleError(r, "checks: " + ch.predicate + ": \"" + arg + "\" is not a number");
          }
          bound.literals.push_back(arg);
        }
      }
      c.checks.push_back(std::move(bound));
    }
  }

  // Now the number of predicates is known: fix the record width, finish the
  // regexes and compile them.
  for (Impl::Layout& l : m.layouts) {
    l.pred_bytes = (l.predicates.size() + kBitsPerPredByte - 1) / kBitsPerPredByte;
    l.width = l.off_pred + l.pred_bytes;
    l.predicate_regex.clear();
    l.compiled_predicates.resize(l.predicates.size());
    for (size_t p = 0; p < l.predicates.size(); ++p) {
      Status st = m.CompilePredicate(l, l.predicates[p], &l.compiled_predicates[p]);
      if (!st.ok()) return st;
    }
    for (auto& table : l.word_pred_bits) table.assign(l.vocab.size() + 1, 0);
    for (size_t p = 0; p < l.compiled_predicates.size(); ++p) {
      const Impl::PredNode& n = l.compiled_predicates[p];
      const bool word_list = n.kind == TokenExpr::Kind::kClause && IsWordField(n.field) &&
                             (n.op == TokenExpr::Op::kEq || n.op == TokenExpr::Op::kNe);
      if (!word_list || p >= 64) {
        l.other_predicates.push_back(static_cast<uint32_t>(p));
        continue;
      }
      const uint64_t bit = uint64_t{1} << p;
      l.word_pred_mask |= bit;
      if (n.op == TokenExpr::Op::kNe) l.word_pred_ne |= bit;
      for (uint16_t id : n.ids) {
        if (id != 0) l.word_pred_bits[static_cast<size_t>(n.field)][id] |= bit;
      }
    }
    for (int f = 0; f < 3; ++f) l.trigger[f].assign(l.vocab.size() + 1, {});
  }
  for (size_t i = 0; i < m.rules.size(); ++i) {
    const Rule& r = m.rules[i];
    CompiledRule& c = m.compiled[i];
    Impl::Layout& l = m.layouts[static_cast<size_t>(r.stage)];
    c.regex = FinalizePredicates(raw[i], l.pred_bytes);
    // Every token pattern was written for a record of l.off_pred bytes plus
    // the predicate bytes; the wildcard for predicate bytes in terms without
    // predicates is already part of the marker expansion.
    RE2::Options opt;
    opt.set_encoding(RE2::Options::EncodingLatin1);
    opt.set_dot_nl(true);
    opt.set_log_errors(false);
    opt.set_max_mem(64 << 20);
    c.full = std::make_unique<RE2>(c.regex, opt);
    if (!c.full->ok()) return RuleError(r, "pattern compiles to a regex RE2 rejects: " + c.full->error());
    opt.set_never_capture(true);
    c.fast = std::make_unique<RE2>(c.regex, opt);
    if (!c.fast->ok()) return RuleError(r, "pattern: " + c.fast->error());
    for (const auto& name : c.capture_names) c.group_index.push_back(c.full->NamedCapturingGroups().at(name));
    c.whole_match_capture = trees[i].kind == PatternNode::Kind::kCapture;
    for (const Emit& e : r.emits) {
      uint8_t type = 0;
      if (e.kind == Emit::Kind::kEntity) type = m.onto().EntityTypeIndex(e.type);
      if (e.kind == Emit::Kind::kChunk) type = static_cast<uint8_t>(text::ChunkTypeIndex(e.type));
      c.emit_type.push_back(type);
      auto index = [&c](const std::string& name) {
        auto it = std::find(c.capture_names.begin(), c.capture_names.end(), name);
        return it == c.capture_names.end() ? -1 : static_cast<int>(it - c.capture_names.begin());
      };
      CompiledRule::EmitCaptures ec;
      ec.subject = index(e.subject);
      ec.object = index(e.object);
      if (e.kind == Emit::Kind::kOpen) ec.relation = index(e.relation);
      ec.capture = index(e.capture);
      ec.role = index(e.role);
      c.emit_captures.push_back(ec);
      m.max_captures = std::max(m.max_captures, c.capture_names.size());
    }
    c.marks_match_as_chunk = c.whole_match_capture && c.checks.empty() && !r.emits.empty();
    for (size_t ei = 0; ei < r.emits.size(); ++ei) {
      c.marks_match_as_chunk = c.marks_match_as_chunk && r.emits[ei].kind == Emit::Kind::kChunk &&
                               c.emit_captures[ei].capture == 0;
    }
    m.Requirements(trees[i], &c.needs);
    auto trig = m.Trigger(l, trees[i]);
    const auto stage = static_cast<size_t>(r.stage);
    m.stage_rules[stage].push_back(static_cast<uint32_t>(i));
    if (trig) {
      c.has_trigger = true;
      l.any_trigger = true;
      for (const auto& [field, id] : *trig) l.trigger[field][id].push_back(static_cast<uint32_t>(i));
    }
  }
  for (size_t st = 0; st < static_cast<size_t>(kNumStages); ++st) {
    Impl::Layout& l = m.layouts[st];
    for (auto& lists : l.trigger) {
      for (auto& list : lists) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
      }
    }
    m.BuildMatcher(l, static_cast<Stage>(st), trees);
  }
  return RuleEngine(std::move(impl));
}

namespace {

std::string TokensText(const text::Sentence& s, TokenRange r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end; ++i) {
    if (i > r.begin) out += ' ';
    out += s.tokens[i].text;
  }
  return out;
}

// Closed-class words that change what a relation claims. They are part of
// the grammar of English, not of any rule: "did not support", "may agree".
bool IsNegator(std::string_view lower) {
  return lower == "not" || lower == "n't" || lower == "never" || lower == "no" ||
         lower == "neither" || lower == "nor" || lower == "without";
}
bool IsHedge(std::string_view lower) {
  return lower == "may" || lower == "might" || lower == "could" || lower == "reportedly" ||
         lower == "allegedly" || lower == "possibly" || lower == "perhaps" || lower == "likely" ||
         lower == "unlikely" || lower == "purportedly" || lower == "apparently";
}

bool Inside(uint32_t i, const TokenRange& r) { return i >= r.begin && i < r.end; }

}  // namespace

void RuleEngine::Impl::Run(text::Sentence* s, int first_stage, int last_stage, std::vector<Extraction>* out,
                           Trace* trace) const {
  if (s->tokens.empty()) return;
  const size_t n = s->tokens.size();
  size_t max_width = 1;
  for (int st = first_stage; st <= last_stage; ++st) max_width = std::max(max_width, layouts[st].width);
  ScratchBuffer<char, 16384> enc(n * max_width);
  ScratchBuffer<uint16_t, 3072> ids(n * 3);
  ScratchBuffer<uint8_t, 512> candidate(rules.size());
  size_t max_program = 0;
  for (int st = first_stage; st <= last_stage; ++st) max_program = std::max(max_program, layouts[st].max_program);
  ScratchBuffer<uint64_t, 512> masks(n + 1);
  ScratchBuffer<uint64_t, 1024> visited(max_program == 0 ? 1 : (max_program * (n + 1) + 63) / 64);
  ScratchBuffer<StepFrame, 512> frames(n + 1);
  ScratchBuffer<TokenRange, 16> caps(std::max<size_t>(max_captures, 1));
  // Only stages matched by RE2 read the presence sets (and Encode fills
  // them): token programs skip zeroing them.
  std::optional<Presence> present;
  // Each stage encodes the sentence in its own layout, after the stages
  // before it annotated the tokens; a stage without rules has nothing to do.
  for (int st = first_stage; st <= last_stage; ++st) {
    const auto si = static_cast<size_t>(st);
    if (stage_rules[si].empty()) continue;
    const Layout& l = layouts[si];
    std::fill_n(candidate.data(), rules.size(), uint8_t{0});
    uint64_t present_terms = 0;
    if (l.matcher && !l.needs_records) {
      present_terms = EncodeMasks(l, *s, masks.data(), candidate.data());
    } else {
      if (!present) present.emplace();
      Encode(l, *s, enc.data(), ids.data(), masks.data(), candidate.data(), &*present);
      if (l.matcher) {
        masks.data()[n] = 0;
        for (size_t i = 0; i < n; ++i) present_terms |= masks.data()[i];
      }
    }
    RunStage(static_cast<Stage>(st), s, std::string_view(enc.data(), n * l.width), masks.data(), visited.data(),
             frames.data(), caps.data(), candidate.data(), present ? &*present : nullptr, present_terms, out,
             trace);
  }
}

void RuleEngine::Impl::RunStage(Stage stage, text::Sentence* s, std::string_view enc, const uint64_t* masks,
                                uint64_t* visited, StepFrame* frames, TokenRange* caps, const uint8_t* candidate,
                                const Presence* present, uint64_t present_terms, std::vector<Extraction>* out,
                                Trace* trace) const {
  const auto si = static_cast<size_t>(stage);
  const size_t width = layouts[si].width;
  const re2::StringPiece text(enc.data(), enc.size());
  std::vector<re2::StringPiece> groups;
  std::vector<TokenRange*> args;
  std::vector<std::pair<uint32_t, uint32_t>> stack;
  const size_t n = s->tokens.size();
  for (uint32_t ri : stage_rules[si]) {
    if (!candidate[ri] && compiled[ri].has_trigger) continue;
    const CompiledRule& c = compiled[ri];
    bool possible = true;
    if (c.program.empty()) {
      for (const auto& [field, set] : c.needs) possible = possible && ((*present)[static_cast<size_t>(field)] & set).any();
    } else {
      for (uint64_t need : c.need_terms) possible = possible && (present_terms & need) != 0;
    }
    if (!possible) continue;
    const Rule& rule = *c.rule;
    // The token the next search starts at; token programs find tokens,
    // RE2 finds byte offsets into the records (token * width).
    size_t pos = 0;
    while (pos < n) {
      size_t first = 0, last = 0;
      if (c.flat) {
        if (!FindStepsMatch(c.steps, masks, n, pos, visited, frames, &first, &last)) break;
      } else if (!c.program.empty()) {
        if (!FindTokenMatch(c.program, masks, n, pos, visited, &stack, &first, &last)) break;
      } else {
        re2::StringPiece m;
        if (!c.fast->Match(text, pos * width, enc.size(), RE2::UNANCHORED, &m, 1)) break;
        first = static_cast<size_t>(m.data() - enc.data()) / width;
        last = first + m.size() / width;
      }
      if (first == last) {
        pos = first + 1;
        continue;
      }
      const TokenRange match{static_cast<uint32_t>(first), static_cast<uint32_t>(last)};
      if (c.marks_match_as_chunk && trace == nullptr) {
        // What the general path below does for such a rule.
        for (const uint8_t type : c.emit_type) MarkChunk(s->tokens.data(), match, type);
        pos = last;
        continue;
      }
      std::fill_n(caps, c.capture_names.size(), TokenRange{});
      if (c.whole_match_capture) {
        caps[0] = match;
      } else {
        groups.assign(static_cast<size_t>(c.full->NumberOfCapturingGroups()) + 1, re2::StringPiece());
        c.full->Match(text, first * width, last * width, RE2::ANCHOR_BOTH, groups.data(), static_cast<int>(groups.size()));
        for (size_t k = 0; k < c.capture_names.size(); ++k) {
          const re2::StringPiece& sp = groups[static_cast<size_t>(c.group_index[k])];
          if (sp.data() == nullptr) continue;  // an optional capture that took no part
          const auto b = static_cast<size_t>(sp.data() - enc.data());
          caps[k] = {static_cast<uint32_t>(b / width), static_cast<uint32_t>((b + sp.size()) / width)};
        }
      }
      // What the trace records of this match; filled only when tracing.
      FiredRule fired;
      if (trace != nullptr) {
        fired.rule_id = rule.id;
        fired.stage = stage;
        fired.match = match;
      }
      // Checks may narrow captures.
      CheckContext ctx{*s, onto()};
      bool ok = true;
      for (const auto& check : c.checks) {
        args.clear();
        bool absent = false;
        for (int k : check.captures) {
          args.push_back(&caps[static_cast<size_t>(k)]);
          absent = absent || caps[static_cast<size_t>(k)].empty();
        }
        // A check on an optional capture that took no part in the match has
        // nothing to test; emits that name it are skipped anyway.
        if (absent) continue;
        std::string why;
        if (!check.spec->fn(ctx, args, check.literals, &why)) {
          ok = false;
          fired.accepted = false;
          if (trace != nullptr) fired.note = std::string(check.spec->name) + ": " + why;
          break;
        }
      }
      auto cap = [caps](int k) { return k < 0 ? TokenRange{} : caps[k]; };
      size_t emitted = 0;
      if (ok) {
        for (size_t ei = 0; ei < rule.emits.size(); ++ei) {
          const Emit& e = rule.emits[ei];
          const double conf = e.confidence >= 0 ? e.confidence : rule.confidence;
          switch (e.kind) {
            case Emit::Kind::kTriple:
            case Emit::Kind::kOpen:
            case Emit::Kind::kAlias: {
              Extraction x;
              x.kind = e.kind == Emit::Kind::kAlias ? Extraction::Kind::kAlias : Extraction::Kind::kTriple;
              x.rule_id = rule.id;
              x.subject = cap(c.emit_captures[ei].subject);
              x.object = cap(c.emit_captures[ei].object);
              if (x.subject.empty() || x.object.empty()) break;
              x.confidence = conf;
              x.match = match;
              if (e.kind == Emit::Kind::kTriple) {
                x.relation = e.relation;
              } else if (e.kind == Emit::Kind::kOpen) {
                x.open = true;
                x.predicate = cap(c.emit_captures[ei].relation);
                if (x.predicate.empty()) break;
                // The relation's name: the lemmas of its content words and
                // prepositions ("has once again raised its concerns with" ->
                // raise_concern_with); auxiliaries, adverbs, determiners,
                // pronouns, negation and hedges are left out.
                // The name starts at the main (last) verb: what comes before
                // it is auxiliaries, even where the tagger called them verbs.
                std::string words;
                uint32_t main_verb = x.predicate.begin;
                for (uint32_t i = x.predicate.begin; i < x.predicate.end; ++i) {
                  if (text::UposTags()[s->tokens[i].upos] == "VERB") main_verb = i;
                }
                for (uint32_t i = main_verb; i < x.predicate.end; ++i) {
                  const text::Token& t = s->tokens[i];
                  const std::string_view upos = text::UposTags()[t.upos];
                  if (upos == "AUX" || upos == "ADV" || upos == "DET" || upos == "PRON" || upos == "PUNCT") continue;
                  std::string w = text::NormalizedLower(t.lemma.empty() ? t.text : t.lemma);
                  if (IsNegator(w) || IsHedge(w)) continue;
                  if (!words.empty()) words += '_';
                  words += w;
                }
                x.relation = "open:" + words;
              }
              if (x.kind == Extraction::Kind::kTriple) {
                // Negation and hedging inside the match but outside the arguments.
                for (uint32_t i = match.begin; i < match.end; ++i) {
                  if (Inside(i, x.subject) || Inside(i, x.object)) continue;
                  std::string w = text::NormalizedLower(s->tokens[i].text);
                  if (IsNegator(w)) x.negated = !x.negated;
                  if (IsHedge(w)) x.hedged = true;
                }
                // "... did not ..." just before a match that starts with the verb.
                for (uint32_t i = match.begin; i > 0 && i + 3 > match.begin; --i) {
                  std::string w = text::NormalizedLower(s->tokens[i - 1].text);
                  if (IsHedge(w)) x.hedged = true;
                  if (Inside(i - 1, x.subject)) break;
                }
              }
              out->push_back(std::move(x));
              ++emitted;
              break;
            }
            case Emit::Kind::kEntity: {
              TokenRange r = cap(c.emit_captures[ei].capture);
              if (r.empty()) break;
              bool free = true;
              for (uint32_t i = r.begin; i < r.end; ++i) free = free && s->tokens[i].ent_type == 0;
              if (!free) break;
              const uint8_t type = c.emit_type[ei];
              for (uint32_t i = r.begin; i < r.end; ++i) {
                s->tokens[i].ent_type = type;
                s->tokens[i].ent_iob = i == r.begin ? text::Iob::kB : text::Iob::kI;
              }
              text::Mention mention;
              mention.begin = r.begin;
              mention.end = r.end;
              mention.type = type;
              mention.source = "rule:" + rule.id;
              if (!e.role.empty()) mention.role = TokensText(*s, cap(c.emit_captures[ei].role));
              auto at = std::lower_bound(s->mentions.begin(), s->mentions.end(), mention,
                                         [](const text::Mention& a, const text::Mention& b) {
                                           return a.begin < b.begin;
                                         });
              s->mentions.insert(at, std::move(mention));
              ++emitted;
              break;
            }
            case Emit::Kind::kChunk: {
              TokenRange r = cap(c.emit_captures[ei].capture);
              if (r.empty()) break;
              if (MarkChunk(s->tokens.data(), r, c.emit_type[ei])) ++emitted;
              break;
            }
          }
        }
        if (emitted == 0) {
          fired.accepted = false;
          if (trace != nullptr) fired.note = "nothing emitted (captures empty or tokens already marked)";
        }
      }
      if (trace != nullptr) {
        for (size_t k = 0; k < c.capture_names.size(); ++k) {
          fired.captures.emplace_back(c.capture_names[k], caps[k]);
        }
        trace->fired.push_back(std::move(fired));
      }
      // A rejected match may hide a good one that starts later inside it.
      pos = ok ? last : first + 1;
    }
  }
}

void RuleEngine::RunStage(Stage stage, text::Sentence* sentence, std::vector<Extraction>* out,
                          Trace* trace) const {
  const int st = static_cast<int>(stage);
  impl_->Run(sentence, st, st, out, trace);
}

void RuleEngine::Run(text::Sentence* sentence, std::vector<Extraction>* out, Trace* trace) const {
  impl_->Run(sentence, 0, kNumStages - 1, out, trace);
}

void RuleEngine::RunStages(Stage first, Stage last, text::Sentence* sentence, std::vector<Extraction>* out,
                           Trace* trace) const {
  impl_->Run(sentence, static_cast<int>(first), static_cast<int>(last), out, trace);
}

const std::vector<Rule>& RuleEngine::rules() const { return impl_->rules; }
const Ontology& RuleEngine::ontology() const { return impl_->onto(); }

std::string RuleEngine::ReadableEncoding(const text::Sentence& s) const {
  std::string out;
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    const text::Token& t = s.tokens[i];
    auto span = [&](uint8_t type, text::Iob iob, bool ent) {
      if (iob == text::Iob::kO) return std::string("O");
      std::string name = ent ? impl_->onto().EntityTypeName(type) : std::string(text::ChunkTypes()[type]);
      return std::string(iob == text::Iob::kB ? "B-" : "I-") + name;
    };
    out += std::to_string(i) + "\t" + t.text + "\t" + text::NormalizedLower(t.text) + "\t" +
           (t.lemma.empty() ? "_" : t.lemma) + "\t" + std::string(text::UposTags()[t.upos]) + "\t" +
           std::string(text::XposTags()[t.xpos]) + "\t" + std::string(text::ShapeName(t.shape)) +
           "\t" + span(t.ent_type, t.ent_iob, true) + "\t" + span(t.chunk_type, t.chunk_iob, false) +
           "\n";
  }
  return out;
}

std::string RuleEngine::RuleRegex(std::string_view rule_id) const {
  for (const auto& c : impl_->compiled) {
    if (c.rule->id != rule_id) continue;
    std::string out;
    for (char ch : c.regex) {
      auto b = static_cast<unsigned char>(ch);
      if (b < 0x20 || b >= 0x7f) {
        out += Hex(b);
      } else {
        out += ch;
      }
    }
    return out;
  }
  return "";
}

}  // namespace relgraph::extract
