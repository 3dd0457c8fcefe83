#include "src/annotate/entities_lexicon.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "src/annotate/gazetteer.h"

namespace relgraph::annotate {

namespace {

Status Bad(const std::string& file, int line, std::string message) {
  return Status(StatusCode::kBadConfig, std::move(message), Location{file, line});
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// Calls fn(line_number, line) for each non-blank, non-comment line.
template <typename Fn>
Status ForEachLine(std::string_view text, Fn&& fn) {
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    Status s = fn(line_no, line);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool ParseInt(std::string_view s, int lo, int hi, int8_t* out) {
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < lo || v > hi) return false;
  *out = static_cast<int8_t>(v);
  return true;
}

bool IsComparator(std::string_view s) {
  return s == ">=" || s == ">" || s == "<=" || s == "<" || s == "~";
}

// Splits "<cmp><number>" ("&gt;=24").
bool ParseVague(std::string_view s, std::string* cmp, double* value) {
  size_t n = 0;
  while (n < s.size() && (s[n] == '>' || s[n] == '<' || s[n] == '=' || s[n] == '~')) ++n;
  if (!IsComparator(s.substr(0, n))) return false;
  *cmp = std::string(s.substr(0, n));
  return ParseDouble(s.substr(n), value);
}

std::vector<std::string_view> Words(std::string_view phrase) {
  std::vector<std::string_view> out;
  for (std::string_view w : Split(phrase, ' ')) {
    if (!w.empty()) out.push_back(w);
  }
  return out;
}

// The builder keeps words in a map while loading and packs them at the end.
struct Builder {
  std::unordered_map<uint64_t, WordInfo> words;
  std::vector<QuantityPhrase> phrases;
  WordInfo& Word(std::string_view w) { return words[Gazetteer::HashToken(w)]; }
};

Status LoadRoles(std::string_view text, const std::string& name, Builder* b) {
  bool header = false;
  return ForEachLine(text, [&](int line_no, std::string_view line) -> Status {
    if (!header) {
      if (line != "word\tclass\tcanonical\tflags") {
        return Bad(name, line_no, "expected the header line \"word<TAB>class<TAB>canonical<TAB>flags\"");
      }
      header = true;
      return Status::Ok();
    }
    auto cols = Split(line, '\t');
    if (cols.size() != 4) {
      return Bad(name, line_no, "expected 4 tab-separated columns, found " + std::to_string(cols.size()));
    }
    if (cols[0].empty() || cols[0].find(' ') != std::string_view::npos) {
      return Bad(name, line_no, "the word must be one token without spaces");
    }
    uint64_t bits = 0;
    for (std::string_view c : Split(cols[1], '|')) {
      if (c == "head") {
        bits |= kRoleHead;
      } else if (c == "modifier") {
        bits |= kRoleModifier;
      } else if (c == "honorific") {
        bits |= kHonorific;
      } else if (c == "domain") {
        bits |= kRoleDomain;
      } else {
        return Bad(name, line_no,
                   "unknown class \"" + std::string(c) + "\" (head, modifier, honorific, domain)");
      }
    }
    if (!cols[3].empty()) {
      for (std::string_view f : Split(cols[3], ',')) {
        if (f == "cap") {
          bits |= kRoleCap;
        } else if (f == "lowinner") {
          bits |= kRoleLowInner;
        } else {
          return Bad(name, line_no, "unknown flag \"" + std::string(f) + "\" (cap, lowinner)");
        }
      }
    }
    WordInfo& w = b->Word(cols[0]);
    w.bits |= bits;
    if (!cols[2].empty()) w.role_canonical = std::string(cols[2]);
    return Status::Ok();
  });
}

Status LoadKeywords(std::string_view text, const std::string& name, const Ontology& onto,
                    Builder* b) {
  bool header = false;
  return ForEachLine(text, [&](int line_no, std::string_view line) -> Status {
    if (!header) {
      if (line != "word\ttype\tflags\tnotes") {
        return Bad(name, line_no, "expected the header line \"word<TAB>type<TAB>flags<TAB>notes\"");
      }
      header = true;
      return Status::Ok();
    }
    auto cols = Split(line, '\t');
    if (cols.size() != 4) {
      return Bad(name, line_no, "expected 4 tab-separated columns, found " + std::to_string(cols.size()));
    }
    if (cols[0].empty() || cols[0].find(' ') != std::string_view::npos) {
      return Bad(name, line_no, "the word must be one token without spaces");
    }
    const uint8_t type = onto.EntityTypeIndex(cols[1]);
    if (type == 0) return Bad(name, line_no, "unknown entity type \"" + std::string(cols[1]) + "\"");
    uint8_t flags = 0;
    if (!cols[2].empty()) {
      for (std::string_view f : Split(cols[2], ',')) {
        if (f == "dominant") {
          flags |= kKwDominant;
        } else if (f == "lower") {
          flags |= kKwLower;
        } else if (f == "prefix") {
          flags |= kKwPrefix;
        } else if (f == "alone") {
          flags |= kKwAlone;
        } else {
          return Bad(name, line_no,
                     "unknown flag \"" + std::string(f) + "\" (dominant, lower, prefix, alone)");
        }
      }
    }
    WordInfo& w = b->Word(cols[0]);
    if ((w.bits & kKeyword) && w.keyword_type != type) {
      return Bad(name, line_no, "keyword \"" + std::string(cols[0]) + "\" listed with two types");
    }
    w.bits |= kKeyword;
    w.keyword_type = type;
    w.keyword_flags |= flags;
    return Status::Ok();
  });
}

Status LoadDates(std::string_view text, const std::string& name, Builder* b) {
  bool header = false;
  return ForEachLine(text, [&](int line_no, std::string_view line) -> Status {
    if (!header) {
      if (line != "word\tclass\tvalue") {
        return Bad(name, line_no, "expected the header line \"word<TAB>class<TAB>value\"");
      }
      header = true;
      return Status::Ok();
    }
    auto cols = Split(line, '\t');
    if (cols.size() != 3) {
      return Bad(name, line_no, "expected 3 tab-separated columns, found " + std::to_string(cols.size()));
    }
    if (cols[0].empty() || cols[0].find(' ') != std::string_view::npos) {
      return Bad(name, line_no, "the word must be one token without spaces");
    }
    WordInfo& w = b->Word(cols[0]);
    std::string_view cls = cols[1], v = cols[2];
    auto bad_value = [&]() {
      return Bad(name, line_no, "bad value \"" + std::string(v) + "\" for class " + std::string(cls));
    };
    if (cls == "month") {
      if (!ParseInt(v, 1, 12, &w.month)) return bad_value();
      w.bits |= kMonth;
    } else if (cls == "weekday") {
      if (!ParseInt(v, 1, 7, &w.weekday)) return bad_value();
      w.bits |= kWeekday;
    } else if (cls == "day") {
      if (!ParseInt(v, -7, 7, &w.day_offset)) return bad_value();
      w.bits |= kDayWord;
    } else if (cls == "unit") {
      static constexpr std::pair<std::string_view, char> kUnits[] = {
          {"D", 'D'}, {"W", 'W'}, {"WE", 'E'}, {"M", 'M'}, {"Y", 'Y'},
          {"Q", 'Q'}, {"DE", 'X'}, {"H", 'H'}, {"C", 'C'}};
      char u = 0;
      for (const auto& [k, c] : kUnits) {
        if (k == v) u = c;
      }
      if (u == 0) return bad_value();
      w.unit = u;
      w.bits |= kDateUnit;
    } else if (cls == "daypart") {
      w.bits |= kDaypart;
    } else if (cls == "deictic") {
      if (!ParseInt(v, -1, 1, &w.deictic)) return bad_value();
      w.bits |= kDeictic;
    } else if (cls == "ordinal") {
      if (!ParseInt(v, 1, 4, &w.ordinal)) return bad_value();
      w.bits |= kOrdinal;
    } else if (cls == "position") {
      static constexpr std::pair<std::string_view, char> kPos[] = {
          {"early", 'e'}, {"mid", 'm'}, {"late", 'l'}, {"earlier", 'E'}, {"later", 'L'}};
      char p = 0;
      for (const auto& [k, c] : kPos) {
        if (k == v) p = c;
      }
      if (p == 0) return bad_value();
      w.position = p;
      w.bits |= kPosition;
    } else if (cls == "cue") {
      w.bits |= kDateCue;
    } else if (cls == "ago") {
      w.bits |= kAgo;
    } else if (cls == "half") {
      w.bits |= kHalf;
    } else if (cls == "fiscal") {
      w.bits |= kFiscal;
    } else {
      return Bad(name, line_no, "unknown class \"" + std::string(cls) + "\"");
    }
    return Status::Ok();
  });
}

Status LoadQuantities(std::string_view text, const std::string& name, Builder* b) {
  bool header = false;
  return ForEachLine(text, [&](int line_no, std::string_view line) -> Status {
    if (!header) {
      if (line != "phrase\tclass\tvalue") {
        return Bad(name, line_no, "expected the header line \"phrase<TAB>class<TAB>value\"");
      }
      header = true;
      return Status::Ok();
    }
    auto cols = Split(line, '\t');
    if (cols.size() != 3) {
      return Bad(name, line_no, "expected 3 tab-separated columns, found " + std::to_string(cols.size()));
    }
    std::vector<std::string_view> words = Words(cols[0]);
    if (words.empty()) return Bad(name, line_no, "empty phrase");
    std::string_view cls = cols[1], v = cols[2];
    auto bad_value = [&]() {
      return Bad(name, line_no, "bad value \"" + std::string(v) + "\" for class " + std::string(cls));
    };
    QuantityPhrase p;
    if (cls == "number" || cls == "scale") {
      if (words.size() != 1) return Bad(name, line_no, "a " + std::string(cls) + " must be one word");
      double d = 0;
      if (!ParseDouble(v, &d)) return bad_value();
      WordInfo& w = b->Word(words[0]);
      if (cls == "number") {
        w.bits |= kNumberWord;
        w.number = d;
      } else {
        w.bits |= kScale;
        w.scale = d;
      }
      return Status::Ok();
    }
    if (cls == "comparator") {
      if (!IsComparator(v)) return bad_value();
      p.cls = kComparator;
      p.comparator = std::string(v);
    } else if (cls == "vague") {
      if (!ParseVague(v, &p.comparator, &p.value)) return bad_value();
      p.cls = kVague;
    } else if (cls == "currency") {
      if (v.empty()) return bad_value();
      p.cls = kCurrency;
      p.currency = std::string(v);
    } else if (cls == "percent") {
      p.cls = kPercent;
    } else {
      return Bad(name, line_no, "unknown class \"" + std::string(cls) + "\"");
    }
    if (words.size() == 1) {
      WordInfo& w = b->Word(words[0]);
      w.bits |= p.cls;
      if (p.cls == kComparator || p.cls == kVague) w.comparator = p.comparator;
      if (p.cls == kVague) w.vague_value = p.value;
      if (p.cls == kCurrency) w.currency = p.currency;
      return Status::Ok();
    }
    for (std::string_view word : words) p.words.push_back(Gazetteer::HashToken(word));
    WordInfo& first = b->Word(words[0]);
    first.bits |= kPhraseStart;
    first.phrases.push_back(static_cast<uint32_t>(b->phrases.size()));
    b->phrases.push_back(std::move(p));
    return Status::Ok();
  });
}

Status LoadWordList(std::string_view text, const std::string& name, uint64_t bit, Builder* b) {
  return ForEachLine(text, [&](int line_no, std::string_view line) -> Status {
    if (line.find_first_of(" \t") != std::string_view::npos) {
      return Bad(name, line_no, "expected one word a line");
    }
    b->Word(line).bits |= bit;
    return Status::Ok();
  });
}

Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, "cannot open lexicon file", Location{path});
  std::stringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return Status::Ok();
}

}  // namespace

Result<EntityLexicon> EntityLexicon::Load(const std::string& dir, const Ontology& ontology) {
  static constexpr const char* kFiles[] = {"role_titles.tsv", "entity_keywords.tsv",
                                           "date_words.tsv", "quantity_words.tsv",
                                           "entity_stopwords.txt", "entity_given_names.txt"};
  std::string texts[6], names[6];
  for (size_t i = 0; i < 6; ++i) {
    names[i] = dir + "/" + kFiles[i];
    Status s = ReadFile(names[i], &texts[i]);
    if (!s.ok()) return s;
  }
  return Build(texts, names, ontology);
}

Result<EntityLexicon> EntityLexicon::FromTexts(std::string_view roles, std::string_view keywords,
                                               std::string_view dates,
                                               std::string_view quantities,
                                               std::string_view stopwords,
                                               std::string_view given_names,
                                               const Ontology& ontology) {
  const std::string texts[6] = {std::string(roles),      std::string(keywords),
                                std::string(dates),      std::string(quantities),
                                std::string(stopwords),  std::string(given_names)};
  const std::string names[6] = {"role_titles.tsv",    "entity_keywords.tsv",
                                "date_words.tsv",     "quantity_words.tsv",
                                "entity_stopwords.txt", "entity_given_names.txt"};
  return Build(texts, names, ontology);
}

Result<EntityLexicon> EntityLexicon::Build(const std::string* texts, const std::string* names,
                                           const Ontology& ontology) {
  Builder b;
  Status s = LoadRoles(texts[0], names[0], &b);
  if (s.ok()) s = LoadKeywords(texts[1], names[1], ontology, &b);
  if (s.ok()) s = LoadDates(texts[2], names[2], &b);
  if (s.ok()) s = LoadQuantities(texts[3], names[3], &b);
  if (s.ok()) s = LoadWordList(texts[4], names[4], kStop, &b);
  if (s.ok()) s = LoadWordList(texts[5], names[5], kGivenName, &b);
  if (!s.ok()) return s;
  EntityLexicon lex;
  size_t cap = 64;
  while (cap < b.words.size() * 3) cap *= 2;
  lex.slots_.assign(cap, Slot{});
  lex.mask_ = cap - 1;
  // Deterministic layout: insert in key order.
  std::vector<std::pair<uint64_t, WordInfo*>> sorted;
  sorted.reserve(b.words.size());
  for (auto& [k, w] : b.words) sorted.emplace_back(k, &w);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [k, w] : sorted) {
    uint64_t i = lex.Home(k);
    while (lex.slots_[i].key != 0) i = (i + 1) & lex.mask_;
    lex.slots_[i].key = k;
    lex.slots_[i].word = static_cast<uint32_t>(lex.words_.size());
    lex.slots_[i].bits = static_cast<uint32_t>(w->bits);
    lex.words_.push_back(std::move(*w));
  }
  lex.phrases_ = std::move(b.phrases);
  return lex;
}

void EntityLexicon::MarkGazetteerStarts(const Gazetteer& gazetteer) {
  for (Slot& s : slots_) {
    if (s.key == 0) continue;
    s.bits &= ~kSlotGazStart;
    if (gazetteer.MayStartWith(s.key)) s.bits |= kSlotGazStart;
  }
  one_byte_.assign(256, OneByte{});
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    OneByte& o = one_byte_[static_cast<size_t>(c)];
    o.hash = Gazetteer::HashToken(std::string_view(&ch, 1));
    const WordInfo* w = Find(o.hash, &o.bits);
    o.word = w == nullptr ? 0 : static_cast<uint32_t>(w - words_.data()) + 1;
    o.gaz_start = gazetteer.MayStartWith(o.hash);
    // A lone byte folds to itself, or an ASCII capital to its small letter.
    const int folded = c >= 'A' && c <= 'Z' ? c + 32 : c;
    o.alpha = folded >= 0x80 || (folded >= 'a' && folded <= 'z');
    o.hyphen = c == '-';
  }
}

}  // namespace relgraph::annotate
