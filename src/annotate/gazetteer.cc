#include "src/annotate/gazetteer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "src/annotate/gazetteer_text.h"

namespace relgraph::annotate {

namespace {

constexpr std::string_view kHeader =
    "canonical\ttype\taliases\tdemonyms\tcapital\tpart_of\tnotes";
constexpr size_t kColumns = 7;
constexpr size_t kMaxMatchTokens = 16;

Status Bad(const std::string& file, int line, std::string message) {
  return Status(StatusCode::kBadConfig, std::move(message), Location{file, line});
}

std::string FileStem(const std::string& name) {
  std::filesystem::path p(name);
  return p.stem().string();
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  return out;
}

bool IsPadded(std::string_view s) {
  return !s.empty() && (s.front() == ' ' || s.back() == ' ');
}

// Splits an '|'-separated list; false (with *why) on an empty or padded item.
bool SplitList(std::string_view field, std::vector<std::string>* out, std::string* why) {
  out->clear();
  if (field.empty()) return true;
  for (std::string_view item : SplitOn(field, '|')) {
    if (item.empty()) {
      *why = "empty item in list \"" + std::string(field) + "\"";
      return false;
    }
    if (IsPadded(item)) {
      *why = "item \"" + std::string(item) + "\" has leading or trailing spaces";
      return false;
    }
    out->emplace_back(item);
  }
  return true;
}

// The loader adds the plural of a one-word demonym: "Afghan" -> "Afghans",
// "Pakistani" -> "Pakistanis"; none for "British", "Chinese", "Swiss".
std::string DemonymPlural(const std::string& d) {
  if (d.empty() || d.find(' ') != std::string::npos) return {};
  const char last = d.back();
  if (!((last >= 'a' && last <= 'z'))) return {};
  if (last == 's' || last == 'h' || last == 'x' || last == 'z') return {};
  if (d.size() >= 3 && d.compare(d.size() - 3, 3, "ese") == 0) return {};
  return d + "s";
}

int TypeRank(std::string_view type) {
  static constexpr std::string_view kOrder[] = {
      "Country", "City", "Region", "InternationalOrganization", "GovernmentBody",
      "ArmedGroup", "Organization", "Person"};
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == type) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kOrder));
}

bool IsUpperByte(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c == 0xC3 && i + 1 < s.size()) {
    const auto d = static_cast<unsigned char>(s[i + 1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

bool HasUpper(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (IsUpperByte(s, i)) return true;
  }
  return false;
}

// "US", "IT", "WHO", "G7"? No: two or three capitals and nothing but
// capitals and digits.
bool IsStrictAcronym(std::string_view w) {
  int letters = 0;
  for (char ch : w) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (!(c >= '0' && c <= '9')) {
      return false;
    }
  }
  return letters >= 2 && letters <= 3;
}

uint64_t MixKey(uint64_t h) { return h == 0 ? 1 : h; }

}  // namespace

std::string NormalizeName(std::string_view name) { return gaztext::Normalize(name, true); }

uint64_t Gazetteer::HashToken(std::string_view token_text) {
  return MixKey(gaztext::HashFold(gaztext::kFnvSeed, token_text));
}

Result<Gazetteer> Gazetteer::Load(const std::string& dir, const Ontology& ontology) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status(StatusCode::kNotFound, "gazetteer folder not found", Location{dir});
  }
  std::vector<std::string> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".tsv") files.push_back(it->path().string());
  }
  if (ec) return Status(StatusCode::kIoError, "cannot list folder: " + ec.message(), Location{dir});
  if (files.empty()) {
    return Status(StatusCode::kNotFound, "no .tsv gazetteer file in folder", Location{dir});
  }
  std::sort(files.begin(), files.end());
  Gazetteer gaz;
  for (const std::string& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status(StatusCode::kIoError, "cannot open file", Location{path});
    std::stringstream buf;
    buf << in.rdbuf();
    Status s = gaz.AddTsv(buf.str(), path, ontology);
    if (!s.ok()) return s;
  }
  Status s = gaz.Finish();
  if (!s.ok()) return s;
  return gaz;
}

Status Gazetteer::AddTsv(std::string_view text, const std::string& name, const Ontology& ontology) {
  const std::string stem = FileStem(name);
  bool header_seen = false;
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') {
      if (nl == text.size()) break;
      continue;
    }
    if (!header_seen) {
      if (line != kHeader) {
        return Bad(name, line_no,
                   "expected the header line \"canonical<TAB>type<TAB>aliases<TAB>demonyms<TAB>"
                   "capital<TAB>part_of<TAB>notes\"");
      }
      header_seen = true;
      continue;
    }
    std::vector<std::string_view> cols = SplitOn(line, '\t');
    if (cols.size() != kColumns) {
      return Bad(name, line_no,
                 "expected 7 tab-separated columns, found " + std::to_string(cols.size()));
    }
    GazetteerEntry e;
    e.file = stem;
    e.line = line_no;
    if (cols[0].empty()) return Bad(name, line_no, "empty canonical name");
    if (IsPadded(cols[0])) return Bad(name, line_no, "canonical name has leading or trailing spaces");
    e.canonical = std::string(cols[0]);
    e.type = std::string(cols[1]);
    e.type_index = ontology.EntityTypeIndex(e.type);
    if (e.type_index == 0) {
      return Bad(name, line_no, "unknown entity type \"" + e.type + "\" (not in the ontology)");
    }
    std::string why;
    if (!SplitList(cols[2], &e.aliases, &why)) return Bad(name, line_no, "aliases: " + why);
    if (!SplitList(cols[3], &e.demonyms, &why)) return Bad(name, line_no, "demonyms: " + why);
    if (IsPadded(cols[4]) || IsPadded(cols[5])) {
      return Bad(name, line_no, "capital or part_of has leading or trailing spaces");
    }
    e.capital = std::string(cols[4]);
    e.part_of = std::string(cols[5]);
    e.notes = std::string(cols[6]);
    if (FindCanonical(e.canonical, e.type) != nullptr) {
      return Bad(name, line_no, "duplicate entry \"" + e.canonical + "\" of type " + e.type);
    }
    const size_t n = e.demonyms.size();
    for (size_t i = 0; i < n; ++i) {
      std::string plural = DemonymPlural(e.demonyms[i]);
      if (!plural.empty() &&
          std::find(e.demonyms.begin(), e.demonyms.end(), plural) == e.demonyms.end()) {
        e.demonyms.push_back(std::move(plural));
      }
    }
    canonical_index_.emplace(e.canonical, entries_.size());
    entries_.push_back(std::move(e));
  }
  if (!header_seen) return Bad(name, line_no, "missing header line");
  return Status::Ok();
}

Status Gazetteer::Finish() {
  for (const GazetteerEntry& e : entries_) {
    const Location where{e.file + ".tsv", e.line};
    if (!e.capital.empty() && FindCanonical(e.capital, "City") == nullptr) {
      return Status(StatusCode::kBadConfig,
                    "capital \"" + e.capital + "\" is not the canonical name of a City entry",
                    where);
    }
    if (!e.part_of.empty() && FindCanonical(e.part_of) == nullptr) {
      return Status(StatusCode::kBadConfig,
                    "part_of \"" + e.part_of + "\" is not the canonical name of any entry", where);
    }
  }
  names_.clear();
  filter_.assign(size_t{1} << (kFilterBits - 6), 0);
  table_.assign(1024, Slot{});
  table_mask_ = table_.size() - 1;
  table_used_ = 0;
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    const GazetteerEntry& e = entries_[i];
    AddName(e.canonical, NameHit{i, NameKind::kCanonical});
    for (const std::string& a : e.aliases) AddName(a, NameHit{i, NameKind::kAlias});
    for (const std::string& d : e.demonyms) AddName(d, NameHit{i, NameKind::kDemonym});
  }
  for (Name& n : names_) SortHits(&n.hits);
  return Status::Ok();
}

const GazetteerEntry* Gazetteer::FindCanonical(std::string_view canonical,
                                               std::string_view type) const {
  auto [lo, hi] = canonical_index_.equal_range(canonical);
  for (auto it = lo; it != hi; ++it) {
    const GazetteerEntry& e = entries_[it->second];
    if (type.empty() || e.type == type) return &e;
  }
  return nullptr;
}

bool Gazetteer::HitBefore(const NameHit& a, const NameHit& b) const {
  const bool ad = a.kind == NameKind::kDemonym, bd = b.kind == NameKind::kDemonym;
  if (ad != bd) return !ad;
  const int ra = TypeRank(entries_[a.entry].type), rb = TypeRank(entries_[b.entry].type);
  if (ra != rb) return ra < rb;
  return a.entry < b.entry;
}

void Gazetteer::SortHits(std::vector<NameHit>* hits) const {
  std::stable_sort(hits->begin(), hits->end(),
                   [this](const NameHit& a, const NameHit& b) { return HitBefore(a, b); });
  // One hit per entry: an entry whose alias repeats its canonical name
  // counts once, with the first kind.
  std::vector<NameHit> unique;
  for (const NameHit& h : *hits) {
    bool seen = false;
    for (const NameHit& u : unique) seen = seen || u.entry == h.entry;
    if (!seen) unique.push_back(h);
  }
  *hits = std::move(unique);
}

Gazetteer::Slot* Gazetteer::FindSlot(uint64_t key) {
  return const_cast<Slot*>(static_cast<const Gazetteer*>(this)->FindSlot(key));
}

const Gazetteer::Slot* Gazetteer::FindSlot(uint64_t key) const {
  if (table_.empty()) return nullptr;
  uint64_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & table_mask_;
  while (true) {
    const Slot& s = table_[i];
    if (s.key == key) return &s;
    if (s.key == 0) return nullptr;
    i = (i + 1) & table_mask_;
  }
}

void Gazetteer::InsertPrefixes(const std::string& folded, int32_t name_index) {
  if ((table_used_ + folded.size() + 1) * 2 > table_.size()) {
    std::vector<Slot> old = std::move(table_);
    size_t cap = old.size() * 2;
    while ((table_used_ + folded.size() + 1) * 2 > cap) cap *= 2;
    table_.assign(cap, Slot{});
    table_mask_ = cap - 1;
    for (const Slot& s : old) {
      if (s.key == 0) continue;
      uint64_t i = (s.key * 0x9E3779B97F4A7C15ULL) >> 20 & table_mask_;
      while (table_[i].key != 0) i = (i + 1) & table_mask_;
      table_[i] = s;
    }
  }
  auto upsert = [this](uint64_t key) -> Slot* {
    const uint64_t bit = FilterBit(key);
    filter_[bit >> 6] |= 1ULL << (bit & 63);
    uint64_t i = (key * 0x9E3779B97F4A7C15ULL) >> 20 & table_mask_;
    while (table_[i].key != 0 && table_[i].key != key) i = (i + 1) & table_mask_;
    if (table_[i].key == 0) {
      table_[i].key = key;
      ++table_used_;
    }
    return &table_[i];
  };
  // A token boundary can fall wherever a letter or digit meets anything
  // else (space, hyphen, apostrophe, dot): record the hash there.
  uint64_t h = gaztext::kFnvSeed;
  for (size_t i = 0; i < folded.size(); ++i) {
    h = gaztext::Step(h, static_cast<unsigned char>(folded[i]));
    const bool end = i + 1 == folded.size();
    if (end) {
      Slot* s = upsert(MixKey(h));
      if (s->name < 0) s->name = name_index;
    } else if (!gaztext::IsWordByte(folded[i]) || !gaztext::IsWordByte(folded[i + 1])) {
      upsert(MixKey(h))->continues = true;
    }
  }
}

Status Gazetteer::AddName(const std::string& text, NameHit hit) {
  std::string surface = gaztext::Normalize(text, false);
  if (surface.empty()) return Status::Ok();
  std::string folded = gaztext::Normalize(text, true);
  // Names with the same folded form share one slot and are chained.
  int32_t first = -1;
  {
    uint64_t h = MixKey(gaztext::HashBytes(gaztext::kFnvSeed, folded));
    const Slot* s = FindSlot(h);
    if (s != nullptr) first = s->name;
  }
  int32_t last = -1;
  for (int32_t i = first; i >= 0; i = names_[i].next) {
    if (names_[i].folded == folded && names_[i].surface == surface) {
      names_[i].hits.push_back(hit);
      return Status::Ok();
    }
    last = i;
  }
  Name n;
  n.has_upper = HasUpper(surface);
  for (size_t start = 0; start < surface.size();) {
    size_t end = surface.find(' ', start);
    if (end == std::string::npos) end = surface.size();
    n.has_acronym = n.has_acronym || IsStrictAcronym(std::string_view(surface).substr(start, end - start));
    start = end + 1;
  }
  n.surface = std::move(surface);
  n.folded = std::move(folded);
  n.hits.push_back(hit);
  names_.push_back(std::move(n));
  const auto index = static_cast<int32_t>(names_.size() - 1);
  if (last >= 0) {
    names_[last].next = index;
  } else {
    InsertPrefixes(names_[index].folded, index);
  }
  return Status::Ok();
}

bool Gazetteer::CaseFits(const Name& n, std::string_view surface) const {
  if (surface.size() != n.surface.size()) return false;
  size_t start = 0;
  const std::string& s = n.surface;
  while (n.has_acronym && start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    std::string_view word(s.data() + start, end - start);
    if (IsStrictAcronym(word) && surface.substr(start, end - start) != word) return false;
    start = end + 1;
  }
  if (n.has_upper && !HasUpper(surface)) return false;
  return true;
}

std::vector<NameHit> Gazetteer::Lookup(std::string_view name) const {
  std::vector<NameHit> out;
  const std::string folded = gaztext::Normalize(name, true);
  if (folded.empty()) return out;
  const std::string surface = gaztext::Normalize(name, false);
  const Slot* s = FindSlot(MixKey(gaztext::HashBytes(gaztext::kFnvSeed, folded)));
  if (s == nullptr) return out;
  for (int32_t i = s->name; i >= 0; i = names_[i].next) {
    const Name& n = names_[i];
    if (n.folded == folded && CaseFits(n, surface)) out.insert(out.end(), n.hits.begin(), n.hits.end());
  }
  SortHits(&out);
  return out;
}

bool Gazetteer::MatchAt(const std::vector<text::Token>& tokens, size_t begin,
                        GazetteerMatch* out) const {
  if (begin >= tokens.size()) return false;
  return MatchAtHashed(tokens, begin, HashToken(tokens[begin].text), out);
}

template <typename Fits>
bool Gazetteer::Walk(const std::vector<text::Token>& tokens, size_t begin, uint64_t first_hash,
                     MatchBuffers* buffers, Fits&& fits) const {
  if (begin >= tokens.size()) return false;
  const Slot* slot = FindSlot(first_hash);
  if (slot == nullptr) return false;
  // The walk goes on from the hash state: first_hash is that state passed
  // through MixKey, which changes only a state of 0 (to 1); the walk then
  // goes on from 1, which at worst finds no longer name.
  uint64_t h = first_hash;
  bool found = false;
  size_t j = begin;
  // The span's normalised text, grown a token at a time (tokens [begin,
  // built) are in it), and its case-folded form, made only where a name
  // ends.
  std::string& surface = buffers->surface;
  std::string& folded = buffers->folded;
  surface.clear();
  size_t built = begin;
  while (true) {
    if (slot->name >= 0 && j == begin && gaztext::IsNormalized(tokens[begin].text)) {
      // A one-token name (the usual case) compares with the token's text
      // as it is: no span text to build.
      const std::string_view text = tokens[begin].text;
      for (int32_t i = slot->name; i >= 0; i = names_[i].next) {
        const Name& n = names_[i];
        if (gaztext::FoldCaseEquals(text, n.folded) && CaseFits(n, text)) {
          fits(j + 1, n);
          found = true;
        }
      }
    } else if (slot->name >= 0) {
      for (; built <= j; ++built) {
        if (built > begin && gaztext::SpaceBetween(tokens[built - 1], tokens[built])) {
          surface.push_back(' ');
        }
        gaztext::AppendNormalized(tokens[built].text, &surface);
      }
      gaztext::AssignFoldCase(surface, &folded);
      for (int32_t i = slot->name; i >= 0; i = names_[i].next) {
        const Name& n = names_[i];
        if (n.folded == folded && CaseFits(n, surface)) {
          fits(j + 1, n);
          found = true;
        }
      }
    }
    if (!slot->continues) break;
    ++j;
    if (j >= tokens.size() || j - begin >= kMaxMatchTokens) break;
    if (gaztext::SpaceBetween(tokens[j - 1], tokens[j])) h = gaztext::Step(h, ' ');
    h = gaztext::HashFold(h, tokens[j].text);
    // Every key of the table is in the filter: most walks end at its bit
    // (cached by the prefetches of MayStartWith) without a table probe.
    const uint64_t key = MixKey(h);
    const uint64_t bit = FilterBit(key);
    if (!(filter_[bit >> 6] >> (bit & 63) & 1)) break;
    slot = FindSlot(key);
    if (slot == nullptr) break;
  }
  return found;
}

bool Gazetteer::MatchAtHashed(const std::vector<text::Token>& tokens, size_t begin,
                              uint64_t first_hash, GazetteerMatch* out) const {
  // The hits of the longest span that names something. A name's own hits
  // are sorted and unique (Finish), so a span that spells one name needs no
  // sort; several names of one span are merged and sorted.
  size_t end = 0, names = 0;
  const Name* only = nullptr;
  std::vector<NameHit> merged;
  MatchBuffers buffers;
  const bool found = Walk(tokens, begin, first_hash, &buffers, [&](size_t e, const Name& n) {
    if (e != end) {
      end = e;
      names = 0;
      merged.clear();
    }
    if (names == 0) {
      only = &n;
    } else {
      if (names == 1) merged.assign(only->hits.begin(), only->hits.end());
      merged.insert(merged.end(), n.hits.begin(), n.hits.end());
    }
    ++names;
  });
  if (!found) return false;
  out->begin = static_cast<uint32_t>(begin);
  out->end = static_cast<uint32_t>(end);
  if (names == 1) {
    out->hits.assign(only->hits.begin(), only->hits.end());
  } else {
    SortHits(&merged);
    out->hits = std::move(merged);
  }
  return true;
}

bool Gazetteer::MatchFirstAtHashed(const std::vector<text::Token>& tokens, size_t begin,
                                   uint64_t first_hash, uint32_t* end, NameHit* first) const {
  MatchBuffers buffers;
  return MatchFirstAtHashed(tokens, begin, first_hash, end, first, &buffers);
}

bool Gazetteer::MatchFirstAtHashed(const std::vector<text::Token>& tokens, size_t begin,
                                   uint64_t first_hash, uint32_t* end, NameHit* first,
                                   MatchBuffers* buffers) const {
  // The first hit of the sorted list is its least element; among equals
  // (SortHits is stable), the earliest.
  size_t best_end = 0;
  NameHit best;
  const bool found = Walk(tokens, begin, first_hash, buffers, [&](size_t e, const Name& n) {
    for (const NameHit& h : n.hits) {
      if (e != best_end) {
        best_end = e;
        best = h;
      } else if (HitBefore(h, best)) {
        best = h;
      }
    }
  });
  if (!found) return false;
  *end = static_cast<uint32_t>(best_end);
  *first = best;
  return true;
}

}  // namespace relgraph::annotate
