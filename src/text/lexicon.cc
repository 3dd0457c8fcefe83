#include "src/text/lexicon.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "src/text/lexicon_data.h"

namespace relgraph::text {

namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

bool HasAsciiUpper(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

// Calls fn(line_number, content, section) for each entry line; handles
// comments and [section] headers. fn returns a Status.
template <typename Fn>
Status ForEachEntry(std::string_view text, const std::string& name, bool sections, Fn fn) {
  std::string section;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    ++line_no;
    std::string_view line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      if (!sections) {
        return Status(StatusCode::kBadConfig, "this file has no sections: " + std::string(line),
                      Location{name, line_no, 1, -1});
      }
      if (line.back() != ']') {
        return Status(StatusCode::kBadConfig, "section header without ']'",
                      Location{name, line_no, 1, -1});
      }
      section = std::string(Trim(line.substr(1, line.size() - 2)));
      continue;
    }
    if (sections && section.empty()) {
      return Status(StatusCode::kBadConfig, "entry before the first [section]: " + std::string(line),
                    Location{name, line_no, 1, -1});
    }
    Status s = fn(line_no, line, section);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status Err(const std::string& name, int64_t line, std::string message) {
  return Status(StatusCode::kBadConfig, std::move(message), Location{name, line, 1, -1});
}

// Collapses inner runs of spaces to one and lower-cases: how multi-word
// entries are stored and looked up.
std::string FoldWords(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c);
  }
  return out;
}

// Lower-cases into a stack buffer for lookups; false when too long.
bool LowerInto(std::string_view s, char* buf, size_t cap, std::string_view* out) {
  if (s.size() > cap) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
  }
  *out = std::string_view(buf, s.size());
  return true;
}

constexpr size_t kMaxLookup = 64;

template <typename Set>
bool ContainsFolded(const Set& set, std::string_view word) {
  char buf[kMaxLookup] = {};  // initialised: GCC 12 -O3 warns maybe-uninitialized
  std::string_view key;
  if (!LowerInto(word, buf, kMaxLookup, &key)) return false;
  return set.find(key) != set.end();
}

}  // namespace

const Lexicon& Lexicon::Default() {
  // Built on first use from the compiled-in copy of schemas/lexicon; the
  // shipped files are checked by the unit tests, so a failure here means a
  // broken build, and the empty lexicon keeps the library usable.
  static const Lexicon kDefault = [] {
    Result<Lexicon> r = LexiconFromTexts(kAbbreviationsTxt, kSentenceStartersTxt,
                                         kNewsCreditsTxt, kTokenSplitsTxt);
    return r.ok() ? std::move(r).value() : Lexicon();
  }();
  return kDefault;
}

Status Lexicon::AddAbbreviations(std::string_view text, const std::string& name) {
  return ForEachEntry(text, name, true,
                      [&](int64_t line, std::string_view entry, const std::string& section) {
    AbbrevClass cls;
    if (section == "title") {
      cls = AbbrevClass::kTitle;
    } else if (section == "prenumber") {
      cls = AbbrevClass::kPrenumber;
    } else if (section == "inner") {
      cls = AbbrevClass::kInner;
    } else if (section == "final") {
      cls = AbbrevClass::kFinal;
    } else {
      return Err(name, line, "unknown section [" + section +
                                 "]; expected title, prenumber, inner or final");
    }
    if (entry.find(' ') != std::string_view::npos || entry.find('\t') != std::string_view::npos) {
      return Err(name, line, "an abbreviation is one word: \"" + std::string(entry) + "\"");
    }
    if (entry.back() == '.') entry.remove_suffix(1);
    if (entry.empty() || entry.size() > kMaxLookup) {
      return Err(name, line, "abbreviation empty or longer than 64 bytes");
    }
    auto& map = HasAsciiUpper(entry) ? exact_abbrevs_ : folded_abbrevs_;
    auto [it, inserted] = map.emplace(std::string(entry), cls);
    if (!inserted) {
      return Err(name, line, "\"" + std::string(entry) + "\" is listed twice");
    }
    const uint32_t h = FoldHash(entry);
    abbrev_filter_[(h / 64) % kFilterWords] |= uint64_t{1} << (h % 64);
    abbrev_max_len_ = std::max(abbrev_max_len_, entry.size());
    return Status::Ok();
  });
}

Status Lexicon::AddSentenceStarters(std::string_view text, const std::string& name) {
  return ForEachEntry(text, name, false,
                      [&](int64_t line, std::string_view entry, const std::string&) {
    if (entry.find(' ') != std::string_view::npos || entry.size() > kMaxLookup) {
      return Err(name, line, "a sentence starter is one word of at most 64 bytes");
    }
    starters_.insert(AsciiLower(entry));
    return Status::Ok();
  });
}

Status Lexicon::AddNewsCredits(std::string_view text, const std::string& name) {
  return ForEachEntry(text, name, true,
                      [&](int64_t line, std::string_view entry, const std::string& section) {
    if (entry.size() > kMaxLookup) return Err(name, line, "entry longer than 64 bytes");
    if (section == "agency") {
      agencies_.insert(FoldWords(entry));
    } else if (section == "credit_lead") {
      credit_leads_.insert(FoldWords(entry));
    } else if (section == "kicker") {
      kickers_.insert(FoldWords(entry));
    } else if (section == "speaker") {
      speaker_roles_.insert(FoldWords(entry));
    } else {
      return Err(name, line, "unknown section [" + section +
                                 "]; expected agency, credit_lead, kicker or speaker");
    }
    return Status::Ok();
  });
}

Status Lexicon::AddTokenSplits(std::string_view text, const std::string& name) {
  return ForEachEntry(text, name, false,
                      [&](int64_t line, std::string_view entry, const std::string&) {
    std::vector<std::string_view> fields;
    size_t p = 0;
    while (p < entry.size()) {
      while (p < entry.size() && (entry[p] == ' ' || entry[p] == '\t')) ++p;
      size_t q = p;
      while (q < entry.size() && entry[q] != ' ' && entry[q] != '\t') ++q;
      if (q > p) fields.push_back(entry.substr(p, q - p));
      p = q;
    }
    if (fields.size() < 3) {
      return Err(name, line, "expected a word and at least two parts: \"" + std::string(entry) + "\"");
    }
    std::string joined;
    std::vector<uint8_t> lengths;
    for (size_t i = 1; i < fields.size(); ++i) {
      joined += fields[i];
      lengths.push_back(static_cast<uint8_t>(fields[i].size()));
    }
    const std::string word = AsciiLower(fields[0]);
    if (AsciiLower(joined) != word || word.size() > kMaxLookup) {
      return Err(name, line, "the parts do not spell \"" + std::string(fields[0]) + "\"");
    }
    if (!splits_.emplace(word, std::move(lengths)).second) {
      return Err(name, line, "\"" + word + "\" is listed twice");
    }
    if (word[0] >= 'a' && word[0] <= 'z') {
      split_initials_ |= uint32_t{1} << (word[0] - 'a');
      const char last = word.back();
      split_finals_[word[0] - 'a'] |=
          (last >= 'a' && last <= 'z') ? uint32_t{1} << (last - 'a') : ~uint32_t{0};
    } else {
      split_initials_ = ~uint32_t{0};  // not a letter: no quick test
    }
    split_min_len_ = std::min(split_min_len_, word.size());
    split_max_len_ = std::max(split_max_len_, word.size());
    split_len_span_ = split_max_len_ - split_min_len_;
    if (word.size() < 64) {
      split_lengths_by_first_[static_cast<unsigned char>(word[0]) & 31] |= uint64_t{1} << word.size();
    }
    return Status::Ok();
  });
}

AbbrevClass Lexicon::AbbreviationSlow(std::string_view word) const {
  if (word.empty() || word.size() > kMaxLookup) return AbbrevClass::kNone;
  if (!exact_abbrevs_.empty()) {
    auto it = exact_abbrevs_.find(word);
    if (it != exact_abbrevs_.end()) return it->second;
  }
  char buf[kMaxLookup] = {};  // initialised: GCC 12 -O3 warns maybe-uninitialized
  std::string_view key;
  LowerInto(word, buf, kMaxLookup, &key);
  auto it = folded_abbrevs_.find(key);
  return it == folded_abbrevs_.end() ? AbbrevClass::kNone : it->second;
}

bool Lexicon::IsSentenceStarter(std::string_view word) const {
  return ContainsFolded(starters_, word);
}

bool Lexicon::IsAgency(std::string_view word) const { return ContainsFolded(agencies_, word); }
bool Lexicon::IsCreditLead(std::string_view word) const {
  return ContainsFolded(credit_leads_, word);
}
bool Lexicon::IsKicker(std::string_view words) const { return ContainsFolded(kickers_, words); }
bool Lexicon::IsSpeakerRole(std::string_view word) const {
  return ContainsFolded(speaker_roles_, word);
}

const std::vector<uint8_t>* Lexicon::TokenSplitSlow(std::string_view word) const {
  if (word.size() < split_min_len_ || word.size() > split_max_len_) return nullptr;
  char first = word[0];
  if (first >= 'A' && first <= 'Z') first = static_cast<char>(first + ('a' - 'A'));
  if (split_initials_ != ~uint32_t{0} &&
      (first < 'a' || first > 'z' || (split_initials_ & (uint32_t{1} << (first - 'a'))) == 0)) {
    return nullptr;
  }
  if (split_initials_ != ~uint32_t{0}) {
    // Every split word starts with a letter, so `first` is one; most words
    // that pass the tests above end in a letter no split word with their
    // first letter ends in (no hashing for them).
    const uint32_t finals = split_finals_[first - 'a'];
    char last = word.back();
    if (last >= 'A' && last <= 'Z') last = static_cast<char>(last + ('a' - 'A'));
    if (finals != ~uint32_t{0} &&
        (last < 'a' || last > 'z' || (finals & (uint32_t{1} << (last - 'a'))) == 0)) {
      return nullptr;
    }
  }
  char buf[kMaxLookup] = {};  // initialised: GCC 12 -O3 warns maybe-uninitialized
  std::string_view key;
  if (!LowerInto(word, buf, kMaxLookup, &key)) return nullptr;
  auto it = splits_.find(key);
  return it == splits_.end() ? nullptr : &it->second;
}

Result<Lexicon> LexiconFromTexts(std::string_view abbreviations, std::string_view starters,
                                 std::string_view news_credits, std::string_view token_splits) {
  Lexicon lex;
  Status s = lex.AddAbbreviations(abbreviations, "abbreviations.txt");
  if (s.ok()) s = lex.AddSentenceStarters(starters, "sentence_starters.txt");
  if (s.ok()) s = lex.AddNewsCredits(news_credits, "news_credits.txt");
  if (s.ok()) s = lex.AddTokenSplits(token_splits, "token_splits.txt");
  if (!s.ok()) return s;
  return lex;
}

Result<Lexicon> LoadLexicon(const std::string& dir) {
  const char* kFiles[] = {"abbreviations.txt", "sentence_starters.txt", "news_credits.txt",
                          "token_splits.txt"};
  std::string texts[4];
  for (int i = 0; i < 4; ++i) {
    const std::string path = dir + "/" + kFiles[i];
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(StatusCode::kNotFound, "cannot open lexicon file", Location{path});
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return Status(StatusCode::kIoError, "cannot read lexicon file", Location{path});
    texts[i] = std::move(ss).str();
  }
  Lexicon lex;
  Status s = lex.AddAbbreviations(texts[0], dir + "/" + kFiles[0]);
  if (s.ok()) s = lex.AddSentenceStarters(texts[1], dir + "/" + kFiles[1]);
  if (s.ok()) s = lex.AddNewsCredits(texts[2], dir + "/" + kFiles[2]);
  if (s.ok()) s = lex.AddTokenSplits(texts[3], dir + "/" + kFiles[3]);
  if (!s.ok()) return s;
  return lex;
}

}  // namespace relgraph::text
