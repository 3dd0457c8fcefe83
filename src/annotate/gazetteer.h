// relgraph::annotate::Gazetteer: the lists of known names (countries, cities,
// regions, international organisations, armed groups, government bodies...)
// that the entity annotator matches in text and the resolver uses to turn
// names into canonical entities.
//
// Where it sits: loaded once at start-up from schemas/gazetteer/*.tsv (the
// format is described in schemas/gazetteer/README.md); the EntityRecognizer
// (entities.h) matches it over the tokens of every sentence; src/resolve looks
// names up in it.
//
//   auto onto = Ontology::Load(...);
//   auto gaz = Gazetteer::Load("schemas/gazetteer", *onto);
//   if (!gaz.ok()) return gaz.status();            // file:line: reason
//   for (const NameHit& hit : gaz->Lookup("U.S.")) {
//     const GazetteerEntry& e = gaz->entry(hit.entry);   // "United States", Country
//   }
//   GazetteerMatch m;
//   if (gaz->MatchAt(sentence.tokens, 3, &m)) { ... tokens [3, m.end) name m.entries[0] }
//
// Matching compares normalised text (NormalizeName): case-folded, dots of
// dotted acronyms removed ("U.S." = "US"), typographic apostrophes and
// hyphens made plain, tokens separated by whitespace joined by one space and
// tokens that touch joined directly, so a name matches however the tokenizer
// split its hyphens ("Tehreek-e-Taliban"). Case still matters in two ways:
// a word of the name that is a short acronym (two or three capitals, like
// "US", "IT", "WHO") must appear exactly so ("us", "It", "who" do not match),
// and a name with capitals in the list never matches text written all in
// lower case ("turkey", "chad").

#ifndef RELGRAPH_SRC_ANNOTATE_GAZETTEER_H_
#define RELGRAPH_SRC_ANNOTATE_GAZETTEER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/text/token.h"

namespace relgraph::annotate {

// One known entity, one line of a gazetteer file.
struct GazetteerEntry {
  std::string canonical;              // "United States"
  std::string type;                   // ontology entity type id: "Country"
  uint8_t type_index = 0;             // Ontology::EntityTypeIndex(type)
  std::vector<std::string> aliases;   // "US", "U.S.", "USA", "America", ...
  std::vector<std::string> demonyms;  // "American", "Americans" (plurals added by the loader)
  std::string capital;                // canonical name of its capital city, or ""
  std::string part_of;                // canonical name of the entity it belongs to, or ""
  std::string notes;                  // free text: sources, why an alias is left out
  std::string file;                   // file stem it came from: "countries"
  int line = 0;                       // 1-based line in that file
};

// How a name was found.
enum class NameKind : uint8_t {
  kCanonical = 0,  // the canonical name itself
  kAlias,          // one of the aliases
  kDemonym,        // a demonym or adjective: "Pakistani" for Pakistan
};

struct NameHit {
  uint32_t entry = 0;  // index into entries()
  NameKind kind = NameKind::kCanonical;
};

// A match over tokens: [begin, end) and the entries the name can denote,
// most likely first (see Gazetteer::MatchAt).
struct GazetteerMatch {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::vector<NameHit> hits;
};

// The normalised form used for matching: folds case (ASCII and Latin-1
// letters), drops the dots of dotted acronyms ("U.S." -> "us"), turns
// typographic apostrophes into "'" and typographic hyphens into "-", and
// collapses runs of whitespace into one space. Total: any UTF-8 input gives
// some output.
std::string NormalizeName(std::string_view name);

class Gazetteer {
 public:
  Gazetteer() = default;

  // Loads every *.tsv file of `dir`, in file-name order. Each file starts
  // with the header line
  //   canonical<TAB>type<TAB>aliases<TAB>demonyms<TAB>capital<TAB>part_of<TAB>notes
  // and has one entity a line (blank lines and lines starting with '#' are
  // skipped). Returns kBadConfig with file:line and the reason on a missing
  // or wrong header, a line without exactly 7 columns, an empty canonical
  // name, a type the ontology does not declare, an empty or space-padded
  // item in an alias list, the same canonical name and type twice, or a
  // capital / part_of naming no entry. kNotFound when `dir` does not exist
  // or holds no .tsv file.
  static Result<Gazetteer> Load(const std::string& dir, const Ontology& ontology);

  // Adds the entities of one file's text (named `name` in messages; its stem
  // is recorded as GazetteerEntry::file). Same checks as Load, except the
  // cross-references, which Finish() checks. For tests and for users who
  // build a gazetteer from several places.
  Status AddTsv(std::string_view text, const std::string& name, const Ontology& ontology);
  // Checks capital / part_of references and builds the match index. Call
  // once after the last AddTsv; Load calls it.
  Status Finish();

  size_t size() const { return entries_.size(); }
  const std::vector<GazetteerEntry>& entries() const { return entries_; }
  const GazetteerEntry& entry(size_t i) const { return entries_[i]; }

  // The entries a name denotes, most likely first (same order as MatchAt);
  // empty when unknown. The name is compared in normalised form under the
  // same case rules as text: Lookup("U.S.") and Lookup("US") find the United
  // States, Lookup("us") finds nothing, Lookup("pakistan") finds nothing,
  // Lookup("PAKISTAN") finds Pakistan.
  std::vector<NameHit> Lookup(std::string_view name) const;
  // The entry whose canonical name is exactly `canonical` (and whose type is
  // `type`, unless type is empty), or nullptr.
  const GazetteerEntry* FindCanonical(std::string_view canonical,
                                      std::string_view type = {}) const;

  // The longest name that starts at tokens[begin], if any: fills *out
  // (hits ordered: canonical names and aliases before demonyms, then by type
  // preference Country, City, Region, InternationalOrganization,
  // GovernmentBody, ArmedGroup, Organization, others, then file order) and
  // returns true. Never reads past tokens.size(); looks at most 16 tokens
  // ahead. Tokens whose byte spans touch are joined without a space.
  bool MatchAt(const std::vector<text::Token>& tokens, size_t begin, GazetteerMatch* out) const;

  // Normalised hash of one token as MatchAt starts it: tokens with equal
  // HashToken can start the same names. For callers that cache per-token
  // work; 0 never occurs.
  static uint64_t HashToken(std::string_view token_text);
  // True when some name starts with a token whose HashToken is `h`.
  bool MayStartWith(uint64_t h) const {
    // Most tokens start no name: a bit test spares them the table probe.
    if (filter_.empty()) return false;
    const uint64_t bit = FilterBit(h);
    if (!(filter_[bit >> 6] >> (bit & 63) & 1)) return false;
    return FindSlot(h) != nullptr;
  }
  // Starts loading what MayStartWith(h) reads first into the cache (a hint;
  // no effect on results).
  void PrefetchStart(uint64_t h) const {
    if (!filter_.empty()) __builtin_prefetch(&filter_[FilterBit(h) >> 6]);
  }
  // MatchAt for callers that already know HashToken(tokens[begin].text).
  bool MatchAtHashed(const std::vector<text::Token>& tokens, size_t begin, uint64_t first_hash,
                     GazetteerMatch* out) const;
  // MatchAtHashed that reports only the match's end and its first hit (what
  // out->hits[0] would be) and builds no list: for callers that read only
  // the most likely entry.
  bool MatchFirstAtHashed(const std::vector<text::Token>& tokens, size_t begin,
                          uint64_t first_hash, uint32_t* end, NameHit* first) const;
  // Buffers a caller may keep for the calls below (the span's text), so
  // that a match allocates nothing once they have grown.
  struct MatchBuffers {
    std::string surface, folded;
  };
  // MatchFirstAtHashed using `buffers` (not null) for its strings.
  bool MatchFirstAtHashed(const std::vector<text::Token>& tokens, size_t begin,
                          uint64_t first_hash, uint32_t* end, NameHit* first,
                          MatchBuffers* buffers) const;

 private:
  struct Name {
    std::string surface;     // normalised, case kept
    std::string folded;      // NormalizeName(text)
    std::vector<NameHit> hits;
    int32_t next = -1;       // next name with the same folded form
    bool has_upper = false;     // surface has a capital (HasUpper)
    bool has_acronym = false;   // a word of surface is a short acronym ("US")
  };
  struct Slot {
    uint64_t key = 0;        // 0 = empty
    int32_t name = -1;       // index into names_ when a name ends here, else -1
    bool continues = false;  // some longer name goes on from here
  };

  Status AddName(const std::string& text, NameHit hit);
  Slot* FindSlot(uint64_t key);
  const Slot* FindSlot(uint64_t key) const;
  void InsertPrefixes(const std::string& folded, int32_t name_index);
  void SortHits(std::vector<NameHit>* hits) const;
  // True when `surface` (normalised but not case-folded text) may stand for
  // the name `n` under the case rules.
  bool CaseFits(const Name& n, std::string_view surface) const;
  // Walks the names that start at tokens[begin] (whose HashToken is
  // first_hash) and calls fits(end, name) for each name of the index that the
  // tokens [begin, end) spell, shorter spans first and, for one span, in
  // chain order. Returns whether any name fitted.
  template <typename Fits>
  bool Walk(const std::vector<text::Token>& tokens, size_t begin, uint64_t first_hash,
            MatchBuffers* buffers, Fits&& fits) const;
  // Whether hit a goes before hit b in a match's list (the order of SortHits).
  bool HitBefore(const NameHit& a, const NameHit& b) const;

  std::vector<GazetteerEntry> entries_;
  std::multimap<std::string, size_t, std::less<>> canonical_index_;
  std::vector<Name> names_;
  static constexpr int kFilterBits = 20;  // 2^20-bit filter of the table's keys
  static uint64_t FilterBit(uint64_t key) { return (key * 0xD6E8FEB86659FD93ULL) >> (64 - kFilterBits); }
  std::vector<uint64_t> filter_;
  std::vector<Slot> table_;  // open addressing, power-of-two size
  uint64_t table_mask_ = 0;
  size_t table_used_ = 0;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_GAZETTEER_H_
