#include "src/resolve/resolver.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "src/text/normalize.h"

namespace relgraph::resolve {

namespace {

using extract::Extraction;
using extract::TokenRange;
using text::Mention;
using text::Sentence;
using text::Token;

// Words that open a phrase without naming anything: stripped from arguments.
bool IsLeadingFunctionWord(std::string_view w) {
  static const std::set<std::string, std::less<>> kWords = {
      "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
      "our", "my", "your", "various", "several", "some", "many", "numerous", "other",
      "certain", "such", "any", "each", "every", "all", "most", "another"};
  return kWords.count(w) > 0;
}

// Nouns that make a phrase a place, an organisation, a document or an event
// when they head it: "Afghan soil", "the interim government", "the report".
std::string TypeOfHeadNoun(std::string_view lemma) {
  static const std::map<std::string, std::string, std::less<>> kHeads = {
      {"soil", "Location"}, {"territory", "Location"}, {"land", "Location"},
      {"airspace", "Location"}, {"waters", "Location"}, {"border", "Location"},
      {"region", "Location"}, {"area", "Location"}, {"frontier", "Location"},
      {"government", "GovernmentBody"}, {"ministry", "GovernmentBody"},
      {"administration", "GovernmentBody"}, {"military", "GovernmentBody"},
      {"army", "GovernmentBody"}, {"police", "GovernmentBody"}, {"parliament", "GovernmentBody"},
      {"regime", "GovernmentBody"}, {"authority", "GovernmentBody"},
      {"group", "Organization"}, {"organisation", "Organization"}, {"organization", "Organization"},
      {"militia", "ArmedGroup"}, {"rebel", "ArmedGroup"}, {"insurgent", "ArmedGroup"},
      {"report", "Document"}, {"statement", "Document"}, {"declaration", "Document"},
      {"resolution", "Document"}, {"agreement", "Document"}, {"deal", "Document"},
      {"treaty", "Document"}, {"communique", "Document"}, {"letter", "Document"},
      {"meeting", "Event"}, {"talk", "Event"}, {"summit", "Event"}, {"attack", "Event"},
      {"election", "Event"}, {"conference", "Event"}, {"visit", "Event"}};
  auto it = kHeads.find(lemma);
  return it == kHeads.end() ? "Thing" : it->second;
}

bool IsGroupNoun(std::string_view lemma, bool* countries_only) {
  static const std::set<std::string, std::less<>> kCountry = {"country", "nation", "state", "neighbour",
                                                              "neighbor"};
  static const std::set<std::string, std::less<>> kSides = {"side", "government", "party", "leader",
                                                            "delegation"};
  *countries_only = kCountry.count(lemma) > 0;
  return *countries_only || kSides.count(lemma) > 0;
}

bool IsReportingVerb(std::string_view lemma) {
  static const std::set<std::string, std::less<>> kVerbs = {
      "say", "tell", "state", "add", "announce", "note", "claim", "stress", "emphasize",
      "emphasise", "insist", "declare", "assert", "warn", "remark"};
  return kVerbs.count(lemma) > 0;
}

std::string LowerLemma(const Token& t) {
  return text::NormalizedLower(t.lemma.empty() ? t.text : t.lemma);
}

bool IsPossessiveMarker(const Token& t) {
  std::string l = text::NormalizedLower(t.text);
  return l == "'s" || l == "'";
}

std::string Surface(const Sentence& s, TokenRange r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end; ++i) {
    out += s.tokens[i].text;
    if (i + 1 < r.end && s.tokens[i].space_after) out += ' ';
  }
  return out;
}

std::string Key(std::string_view name) { return text::NormalizedLower(name); }

void AddAlias(EntityRef* e, const std::string& alias) {
  if (alias.empty() || alias == e->label || Key(alias) == Key(e->label)) return;
  for (const auto& a : e->aliases) {
    if (a == alias) return;
  }
  e->aliases.push_back(alias);
  std::sort(e->aliases.begin(), e->aliases.end());
}

// Per-document state: alias definitions and the actors named so far.
struct Discourse {
  std::map<std::string, EntityRef> alias_of;  // Key(name) -> merged entity
  struct Actor {
    uint32_t sentence;
    uint32_t token;
    EntityRef entity;
    bool country;
  };
  std::vector<Actor> actors;
};

class DocumentResolver {
 public:
  DocumentResolver(const Ontology& onto, const annotate::Gazetteer& gazetteer,
                   const std::map<std::string, std::string>& capitals, const std::vector<Sentence>& sentences)
      : onto_(onto), gazetteer_(gazetteer), capitals_(capitals), sentences_(sentences) {
    actor_type_.assign(onto.entity_types().size() + 1, false);
    for (size_t i = 0; i < onto.entity_types().size(); ++i) {
      const std::string& t = onto.entity_types()[i].id;
      actor_type_[i + 1] = t == "Country" || t == "City" || onto.IsA(t, "Organization");
    }
    date_type_ = onto.EntityTypeIndex("Date");
  }

  const Mention* MentionEndingAt(const Sentence& s, uint32_t end_token, uint32_t min_begin) const {
    for (const Mention& m : s.mentions) {
      if (m.end == end_token && m.begin >= min_begin) return &m;
    }
    return nullptr;
  }

  bool IsDemonym(const Mention& m) const { return m.source.find("demonym") != std::string::npos; }

  std::string TypeName(const Mention& m) const {
    const std::string& t = onto_.EntityTypeName(m.type);
    return t.empty() ? "Thing" : t;
  }

  EntityRef FromMention(const Sentence& s, const Mention& m) const {
    EntityRef e;
    std::string surface = Surface(s, {m.begin, m.end});
    e.label = m.canonical.empty() ? surface : m.canonical;
    e.type = TypeName(m);
    AddAlias(&e, surface);
    return Aliased(e, surface);
  }

  // The document's alias definitions win over lists and surface forms.
  EntityRef Aliased(const EntityRef& e, const std::string& surface) const {
    if (discourse_.alias_of.empty()) return e;
    for (const std::string* name : {&e.label, &surface}) {
      auto it = discourse_.alias_of.find(Key(*name));
      if (it != discourse_.alias_of.end()) return it->second;
    }
    return e;
  }

  // A capital acting in an event stands for its country.
  EntityRef Metonym(const EntityRef& e) const {
    if (e.type != "City") return e;
    auto it = capitals_.find(e.label);
    if (it == capitals_.end()) return e;
    EntityRef country;
    country.label = it->second;
    country.type = "Country";
    return country;
  }

  TokenRange Trim(const Sentence& s, TokenRange r) const {
    while (r.begin < r.end) {
      const Token& t = s.tokens[r.begin];
      if (IsLeadingFunctionWord(text::NormalizedLower(t.text)) && t.ent_type == 0) {
        ++r.begin;
      } else {
        break;
      }
    }
    while (r.end > r.begin) {
      const Token& t = s.tokens[r.end - 1];
      if (t.shape == text::Shape::kPunct || IsPossessiveMarker(t)) {
        --r.end;
      } else {
        break;
      }
    }
    return r;
  }

  // "both countries", "the two sides": the two actors named last before.
  bool ResolveGroup(uint32_t si, const Sentence& s, TokenRange r, std::vector<EntityRef>* out) const {
    if (r.size() != 2) return false;
    std::string first = text::NormalizedLower(s.tokens[r.begin].text);
    if (first != "both" && first != "two") return false;
    bool countries_only = false;
    if (!IsGroupNoun(LowerLemma(s.tokens[r.begin + 1]), &countries_only)) return false;
    std::vector<EntityRef> found;
    for (auto it = discourse_.actors.rbegin(); it != discourse_.actors.rend(); ++it) {
      if (it->sentence > si || (it->sentence == si && it->token >= r.begin)) continue;
      if (countries_only && !it->country) continue;
      bool seen = false;
      for (const auto& f : found) seen = seen || (f.label == it->entity.label && f.type == it->entity.type);
      if (!seen) found.push_back(it->entity);
      if (found.size() == 2) break;
    }
    if (found.size() < 2) return false;
    out->push_back(found[1]);
    out->push_back(found[0]);
    return true;
  }

  // Entities a token range stands for: one, several (coordination, groups)
  // or none (with *why).
  std::vector<EntityRef> ResolveRange(uint32_t si, TokenRange raw, std::string* why) const {
    const Sentence& s = sentences_[si];
    std::vector<EntityRef> out;
    TokenRange r = Trim(s, raw);
    if (r.empty()) {
      *why = "nothing left after stripping determiners";
      return out;
    }
    if (ResolveGroup(si, s, r, &out)) return out;
    std::vector<const Mention*> inside;
    for (const Mention& m : s.mentions) {
      if (m.begin >= r.begin && m.end <= r.end) inside.push_back(&m);
    }
    // Coordination: names separated only by commas and conjunctions, maybe
    // with a shared head noun ("the Punjab and Sindh provinces").
    if (inside.size() >= 2) {
      bool coordination = true;
      bool saw_conjunction = false;
      uint32_t i = r.begin;
      size_t k = 0;
      while (i < r.end && coordination) {
        if (k < inside.size() && inside[k]->begin == i) {
          i = inside[k++]->end;
          continue;
        }
        std::string w = text::NormalizedLower(s.tokens[i].text);
        if (w == "," || w == "and" || w == "&" || w == "or") {
          saw_conjunction = saw_conjunction || w != ",";
          ++i;
        } else if (k == inside.size() && s.tokens[i].upos == text::UposIndex("NOUN")) {
          ++i;  // the shared head
        } else {
          coordination = false;
        }
      }
      if (coordination && saw_conjunction) {
        for (const Mention* m : inside) out.push_back(FromMention(s, *m));
        return out;
      }
    }
    // The head: a mention that ends the phrase.
    const Mention* head = inside.empty() || inside.back()->end != r.end ? nullptr : inside.back();
    if (head != nullptr) {
      if (IsDemonym(*head) && head->begin != r.begin) {
        // "the Pakistani side" reads as a phrase, not the country.
        head = nullptr;
      }
    }
    if (head != nullptr) {
      out.push_back(FromMention(s, *head));
      return out;
    }
    // A phrase headed by a common noun keeps its words.
    const Token& last = s.tokens[r.end - 1];
    const bool proper = last.upos == text::UposIndex("PROPN");
    if (r.size() == 1 && last.upos == text::UposIndex("PRON")) {
      *why = "a pronoun (\"" + last.text + "\")";
      return out;
    }
    EntityRef e;
    std::string label = Surface(s, r);
    // A sentence-initial capital on a common word is not part of the name.
    if (r.begin == 0 && !proper && s.tokens[0].upos != text::UposIndex("PROPN") &&
        s.tokens[0].shape == text::Shape::kTitle && !label.empty()) {
      label[0] = static_cast<char>(label[0] - 'A' + 'a');
    }
    e.label = label;
    e.type = proper && inside.empty() ? "Thing" : TypeOfHeadNoun(LowerLemma(last));
    if (!proper && inside.empty() && last.xpos == text::XposIndex("NNS")) {
      // A bare or quantified plural names a class, not an entity:
      // "various militant organisations" -> the concept "militant
      // organisation", which only instance_of and the like accept.
      e.type = "Concept";
      e.label = label.substr(0, label.size() - last.text.size()) + LowerLemma(last);
    }
    out.push_back(Aliased(e, label));
    return out;
  }

  // Records the alias definitions of the whole document first: a name
  // defined late still merges earlier uses.
  void CollectAliases(const std::vector<std::vector<Extraction>>& extractions, ResolvedDocument* doc) {
    for (uint32_t si = 0; si < sentences_.size() && si < extractions.size(); ++si) {
      for (const Extraction& x : extractions[si]) {
        if (x.kind != Extraction::Kind::kAlias) continue;
        std::string why;
        std::vector<EntityRef> names = ResolveRange(si, x.subject, &why);
        const Sentence& s = sentences_[si];
        TokenRange alias_range = Trim(s, x.object);
        if (names.size() != 1 || alias_range.empty()) {
          doc->dropped.push_back(x.rule_id + ": alias of an unresolved name");
          continue;
        }
        EntityRef merged = names[0];
        if (merged.type == "Concept") {
          doc->dropped.push_back(x.rule_id + ": \"" + merged.label + "\" is a class, not a name");
          continue;
        }
        if (merged.type == "Thing") {
          // The alias may know the type ("TTP" from a list of armed groups).
          std::vector<EntityRef> other = ResolveRange(si, x.object, &why);
          if (other.size() == 1 && other[0].type != "Thing") merged.type = other[0].type;
        }
        const std::string alias = Surface(s, alias_range);
        AddAlias(&merged, alias);
        // Whatever was known under either name joins the merged entity.
        for (const std::string& key : {Key(merged.label), Key(alias)}) {
          auto it = discourse_.alias_of.find(key);
          if (it != discourse_.alias_of.end()) {
            for (const auto& a : it->second.aliases) AddAlias(&merged, a);
            if (it->second.label != merged.label) AddAlias(&merged, it->second.label);
          }
        }
        discourse_.alias_of[Key(merged.label)] = merged;
        for (const auto& a : merged.aliases) discourse_.alias_of[Key(a)] = merged;
        doc->alias_defined.push_back(Key(merged.label));
      }
    }
    // Keep every key pointing at the final merged entity.
    for (auto& [key, e] : discourse_.alias_of) e = discourse_.alias_of[Key(e.label)];
  }

  void CollectActors() {
    for (uint32_t si = 0; si < sentences_.size(); ++si) {
      const Sentence& s = sentences_[si];
      for (const Mention& m : s.mentions) {
        // Countries, capitals (their countries) and organisations can be
        // "both sides"; decide by type before building the entity.
        if (IsDemonym(m) || m.type >= actor_type_.size() || !actor_type_[m.type]) continue;
        EntityRef e = Metonym(FromMention(s, m));
        const bool country = e.type == "Country";
        if (country || onto_.IsA(e.type, "Organization")) {
          discourse_.actors.push_back({si, m.begin, e, country});
        }
      }
    }
  }

  // The speaker of a reported claim, and whether the sentence reports.
  bool FindSpeaker(uint32_t si, TokenRange match, EntityRef* speaker) const {
    const Sentence& s = sentences_[si];
    for (uint32_t i = 0; i < s.tokens.size(); ++i) {
      if (i >= match.begin && i < match.end) continue;
      const Token& t = s.tokens[i];
      const std::string lemma = LowerLemma(t);
      const bool according = text::NormalizedLower(t.text) == "according" && i + 1 < s.tokens.size() &&
                             text::NormalizedLower(s.tokens[i + 1].text) == "to";
      if (!according && !(IsReportingVerb(lemma) && t.upos == text::UposIndex("VERB"))) continue;
      // "according to X", and "..., says X" at the end of a clause: the name
      // right after. ("said Iran had ..." is not that: Iran begins a clause.)
      const bool inverted = !according && i > 0 && (s.tokens[i - 1].text == "," ||
                                                    s.tokens[i - 1].shape == text::Shape::kPunct);
      if (according || inverted) {
        const uint32_t after = according ? i + 2 : i + 1;
        for (const Mention& m : s.mentions) {
          if (m.begin < after || m.begin > after + 2 || (m.begin >= match.begin && m.begin < match.end)) continue;
          const bool clause_ends = m.end >= s.tokens.size() || s.tokens[m.end].shape == text::Shape::kPunct ||
                                   s.tokens[m.end].upos == text::UposIndex("ADP");
          std::string type = TypeName(m);
          // After "says" at the end of a clause, an unknown name is a speaker too.
          if (clause_ends && (onto_.IsA(type, "Agent") || type == "Country" || type == "Thing")) {
            *speaker = FromMention(s, m);
            return true;
          }
        }
        if (according) continue;
      }
      // "X said": the head of the phrase right before (skipping adverbs,
      // auxiliaries, dates and a bracketed acronym: "the Ministry (MoFA) said").
      uint32_t j = i;
      while (j > 0 && (s.tokens[j - 1].upos == text::UposIndex("ADV") ||
                       s.tokens[j - 1].upos == text::UposIndex("AUX") ||
                       s.tokens[j - 1].ent_type == onto_.EntityTypeIndex("Date"))) {
        --j;
      }
      if (j >= 3 && s.tokens[j - 1].text == ")" && s.tokens[j - 3].text == "(") j -= 3;
      if (j > 0 && !(j - 1 >= match.begin && j - 1 < match.end)) {
        const Mention* m = MentionEndingAt(s, j, 0);
        if (m != nullptr) {
          std::string type = TypeName(*m);
          if (onto_.IsA(type, "Agent") || type == "Country") *speaker = FromMention(s, *m);
        }
        return true;
      }
    }
    return false;
  }

  bool Fits(const std::string& type, const std::vector<std::string>& allowed) const {
    if (allowed.empty() || type == "Thing") return true;
    for (const auto& a : allowed) {
      if (onto_.IsA(type, a)) return true;
    }
    return false;
  }

  void Resolve(const std::vector<std::vector<Extraction>>& extractions, ResolvedDocument* doc) {
    CollectAliases(extractions, doc);
    CollectActors();
    const uint8_t date_type = onto_.EntityTypeIndex("Date");
    std::set<std::tuple<uint32_t, std::string, std::string, std::string, std::string>> seen;
    for (uint32_t si = 0; si < sentences_.size() && si < extractions.size(); ++si) {
      const Sentence& s = sentences_[si];
      std::string date;
      for (const Mention& m : s.mentions) {
        if (m.type == date_type && date_type != 0) {
          date = Surface(s, {m.begin, m.end});
          break;
        }
      }
      const size_t first_triple = doc->triples.size();
      for (const Extraction& x : extractions[si]) {
        if (x.kind != Extraction::Kind::kTriple) continue;
        const RelationType* rel = x.open ? nullptr : onto_.FindRelation(x.relation);
        const bool plover = rel != nullptr && !rel->plover.empty();
        std::string why;
        std::vector<EntityRef> subjects = ResolveRange(si, x.subject, &why);
        if (subjects.empty()) {
          doc->dropped.push_back(x.rule_id + ": subject: " + why);
          continue;
        }
        std::vector<EntityRef> objects;
        const bool group = x.subject == x.object;
        if (!group) {
          objects = ResolveRange(si, x.object, &why);
          if (objects.empty()) {
            doc->dropped.push_back(x.rule_id + ": object: " + why);
            continue;
          }
        }
        if (plover) {
          for (auto& e : subjects) e = Metonym(e);
          for (auto& e : objects) e = Metonym(e);
        }
        std::vector<std::pair<EntityRef, EntityRef>> pairs;
        if (group) {
          for (size_t i = 0; i < subjects.size(); ++i) {
            for (size_t j = i + 1; j < subjects.size(); ++j) pairs.emplace_back(subjects[i], subjects[j]);
          }
        } else {
          for (const auto& a : subjects) {
            for (const auto& b : objects) pairs.emplace_back(a, b);
          }
        }
        EntityRef speaker;
        const bool reported = FindSpeaker(si, x.match, &speaker);
        for (auto& [subj, obj] : pairs) {
          if (subj.label == obj.label && subj.type == obj.type) continue;
          if (subj.type == "Date" || subj.type == "Quantity" || subj.type == "Role") {
            doc->dropped.push_back(x.rule_id + ": a " + subj.type + " cannot be a subject");
            continue;
          }
          if (obj.type == "Date" || obj.type == "Role") {
            doc->dropped.push_back(x.rule_id + ": a " + obj.type + " cannot be an object");
            continue;
          }
          if (rel != nullptr) {
            // An untyped name takes the type a relation demands of it:
            // "X, spokesperson for Y" makes X a person.
            if (subj.type == "Thing" && rel->domain.size() == 1 && rel->domain[0] != "Thing") subj.type = rel->domain[0];
            if (obj.type == "Thing" && rel->range.size() == 1 && rel->range[0] != "Thing") obj.type = rel->range[0];
          }
          if (rel != nullptr && (!Fits(subj.type, rel->domain) || !Fits(obj.type, rel->range))) {
            doc->dropped.push_back(x.rule_id + ": " + subj.label + " (" + subj.type + ") " + x.relation +
                                   " " + obj.label + " (" + obj.type + ") is outside the ontology's domain/range");
            continue;
          }
          auto key = std::make_tuple(si, Key(subj.label) + "|" + subj.type, x.relation,
                                     Key(obj.label) + "|" + obj.type, std::string(x.negated ? "-" : "+"));
          if (!seen.insert(key).second) continue;  // two rules, one mention
          Triple t;
          t.subject = subj;
          t.relation = x.relation;
          t.object = obj;
          t.open = x.open;
          t.symmetric = rel != nullptr && rel->symmetric;
          t.negated = x.negated;
          t.modality = x.hedged ? Modality::kHedged : reported ? Modality::kReported : Modality::kAsserted;
          if (reported) t.speaker = speaker;
          t.confidence = x.confidence;
          t.rule_id = x.rule_id;
          t.sentence = s.index;
          t.begin = s.tokens[x.match.begin].span.begin;
          t.end = s.tokens[x.match.end - 1].span.end;
          t.sentence_text = Surface(s, {0, static_cast<uint32_t>(s.tokens.size())});
          if (!date.empty()) t.qualifiers["date"] = date;
          if (x.relation == "spokesperson_of" || x.relation == "works_for" || x.relation == "leader_of") {
            for (const Mention& m : s.mentions) {
              if (m.begin >= x.subject.begin && m.end <= x.subject.end && !m.role.empty()) {
                t.qualifiers["role"] = m.role;
              }
            }
          }
          doc->triples.push_back(std::move(t));
        }
      }
      DropImpliedTriples(first_triple, doc);
      DropCoveredOpenTriples(first_triple, doc);
    }
    AddNameFacts(doc);
    CountMentions(doc);
  }

  // The country a name starts with ("US State Department", "Indian Navy"),
  // or "" when it does not start with one.
  std::string LeadingCountry(const Sentence& s, const Mention& m) const {
    for (uint32_t end = m.begin + 1; end < m.end && end <= m.begin + 2; ++end) {
      for (const annotate::NameHit& hit : gazetteer_.Lookup(Surface(s, {m.begin, end}))) {
        const annotate::GazetteerEntry& e = gazetteer_.entry(hit.entry);
        if (e.type == "Country") return e.canonical;
      }
    }
    return "";
  }

  // Facts that the names themselves state, grounded in the sentence that
  // uses them: a government body named after its country is part of it
  // ("the US State Department"); a province or city the gazetteer places in
  // a country is located in it when the sentence names that country too
  // ("attacks in Pakistan ... in the Khyber Pakhtunkhwa province").
  void AddNameFacts(ResolvedDocument* doc) const {
    std::set<std::string> seen;
    for (uint32_t si = 0; si < sentences_.size(); ++si) {
      const Sentence& s = sentences_[si];
      std::set<std::string> countries;
      for (const Mention& m : s.mentions) {
        if (!IsDemonym(m) && TypeName(m) == "Country" && !m.canonical.empty()) countries.insert(m.canonical);
      }
      for (const Mention& m : s.mentions) {
        const std::string type = TypeName(m);
        std::string country;
        std::string relation;
        if (onto_.IsA(type, "GovernmentBody")) {
          country = LeadingCountry(s, m);
          relation = "part_of";
        } else if ((type == "Region" || type == "City") && !m.canonical.empty() && !countries.empty()) {
          const annotate::GazetteerEntry* e = gazetteer_.FindCanonical(m.canonical, type);
          if (e != nullptr && countries.count(e->part_of)) {
            country = e->part_of;
            relation = "located_in";
          }
        }
        if (country.empty()) continue;
        EntityRef place = FromMention(s, m);
        EntityRef nation;
        nation.label = country;
        nation.type = "Country";
        if (place.label == nation.label || !seen.insert(relation + "|" + place.label + "|" + country).second) continue;
        Triple t;
        t.subject = place;
        t.relation = relation;
        t.object = Aliased(nation, country);
        t.confidence = relation == "part_of" ? 0.9 : 0.8;
        t.rule_id = relation == "part_of" ? "resolve.body_named_for_country" : "resolve.place_in_named_country";
        t.sentence = s.index;
        t.begin = s.tokens[m.begin].span.begin;
        t.end = s.tokens[m.end - 1].span.end;
        t.sentence_text = Surface(s, {0, static_cast<uint32_t>(s.tokens.size())});
        doc->triples.push_back(std::move(t));
      }
    }
  }

  // "Hamas leader X" gives leader_of and, from a rule for titles, works_for;
  // the ontology says leader_of implies works_for, so only leader_of stays.
  void DropImpliedTriples(size_t first, ResolvedDocument* doc) const {
    std::set<std::string> implied;  // "subject|relation|object" made redundant
    for (size_t i = first; i < doc->triples.size(); ++i) {
      const Triple& t = doc->triples[i];
      const RelationType* rel = t.open ? nullptr : onto_.FindRelation(t.relation);
      if (rel == nullptr || t.negated) continue;
      for (const auto& r : rel->implies) {
        implied.insert(t.subject.label + "|" + t.subject.type + "|" + r + "|" + t.object.label + "|" + t.object.type);
      }
    }
    if (implied.empty()) return;
    size_t out = first;
    for (size_t i = first; i < doc->triples.size(); ++i) {
      Triple& t = doc->triples[i];
      if (implied.count(t.subject.label + "|" + t.subject.type + "|" + t.relation + "|" + t.object.label + "|" +
                        t.object.type)) {
        doc->dropped.push_back(t.rule_id + ": " + t.relation + " is implied by a more specific relation");
        continue;
      }
      if (out != i) doc->triples[out] = std::move(t);
      ++out;
    }
    doc->triples.resize(out);
  }

  // Open relations are for what typed rules miss: an open triple between
  // two entities that a typed triple of the same sentence already links is
  // dropped.
  static void DropCoveredOpenTriples(size_t first, ResolvedDocument* doc) {
    auto pair = [](const Triple& t) {
      std::string a = t.subject.label + "|" + t.subject.type, b = t.object.label + "|" + t.object.type;
      return a < b ? a + "||" + b : b + "||" + a;
    };
    std::set<std::string> typed;
    for (size_t i = first; i < doc->triples.size(); ++i) {
      if (!doc->triples[i].open) typed.insert(pair(doc->triples[i]));
    }
    if (typed.empty()) return;
    size_t out = first;
    for (size_t i = first; i < doc->triples.size(); ++i) {
      Triple& t = doc->triples[i];
      if (t.open && typed.count(pair(t))) {
        doc->dropped.push_back(t.rule_id + ": a typed relation already links " + t.subject.label + " and " +
                               t.object.label);
        continue;
      }
      if (out != i) doc->triples[out] = std::move(t);
      ++out;
    }
    doc->triples.resize(out);
  }

  void CountMentions(ResolvedDocument* doc) const {
    std::map<std::string, size_t> index;
    for (uint32_t si = 0; si < sentences_.size(); ++si) {
      const Sentence& s = sentences_[si];
      for (const Mention& m : s.mentions) {
        if (m.type == date_type_ && date_type_ != 0) continue;  // dates never become entities
        EntityRef e = FromMention(s, m);
        std::string key = Key(e.label) + "|" + e.type;
        auto it = index.find(key);
        if (it == index.end()) {
          index[key] = doc->entities.size();
          doc->entities.push_back({e, 1});
        } else {
          NamedEntity& ne = doc->entities[it->second];
          ++ne.mentions;
          for (const auto& a : e.aliases) AddAlias(&ne.entity, a);
        }
      }
    }
    // Entities named only through an alias definition.
    for (const auto& [key, e] : discourse_.alias_of) {
      std::string k = Key(e.label) + "|" + e.type;
      if (!index.count(k)) {
        index[k] = doc->entities.size();
        doc->entities.push_back({e, 0});
      }
    }
    std::sort(doc->alias_defined.begin(), doc->alias_defined.end());
    doc->alias_defined.erase(std::unique(doc->alias_defined.begin(), doc->alias_defined.end()),
                             doc->alias_defined.end());
  }

 private:
  const Ontology& onto_;
  const annotate::Gazetteer& gazetteer_;
  const std::map<std::string, std::string>& capitals_;
  const std::vector<Sentence>& sentences_;
  std::vector<bool> actor_type_;  // by entity type index: may name an actor
  uint8_t date_type_ = 0;
  Discourse discourse_;
};

}  // namespace

Resolver::Resolver(const Ontology& ontology, const annotate::Gazetteer& gazetteer)
    : ontology_(ontology), gazetteer_(gazetteer) {
  for (const auto& e : gazetteer_.entries()) {
    if (e.type == "Country" && !e.capital.empty()) capital_to_country_[e.capital] = e.canonical;
  }
}

ResolvedDocument Resolver::Resolve(const std::vector<text::Sentence>& sentences,
                                   const std::vector<std::vector<extract::Extraction>>& extractions) const {
  ResolvedDocument doc;
  DocumentResolver r(ontology_, gazetteer_, capital_to_country_, sentences);
  r.Resolve(extractions, &doc);
  return doc;
}

}  // namespace relgraph::resolve
