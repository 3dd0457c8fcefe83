// relgraph::resolve::Resolver: from token ranges to canonical entities.
//
// Stage: after extract (rules give token ranges), before graph. For one
// document at a time it turns each extraction's subject and object into
// entities:
//   - determiners, possessive pronouns and quantifiers are stripped ("its",
//     "the", "various");
//   - a phrase whose last word belongs to an entity mention is that entity,
//     under its gazetteer name when it has one (US -> United States); a
//     phrase headed by a common noun keeps its words ("Afghan soil");
//   - names joined by "and" or commas stand for each of them ("Khyber
//     Pakhtunkhwa and Balochistan provinces");
//   - acronym and alias definitions of the document ("the Centre for Research
//     and Security Studies (CRSS)") make one entity with both names, and every
//     later use of either name resolves to it;
//   - capitals acting in events stand for their country (Islamabad ->
//     Pakistan), as news uses them;
//   - "both countries", "the two sides" stand for the two actors named last
//     before them;
//   - dates, quantities and bare titles never become the subject of a
//     relation, and a typed relation must fit the ontology's domain and range;
//   - the speaker of a reported claim ("..., says Vedant Patel", "X said")
//     is recorded, with modality reported; hedges give modality hedged;
//   - names state some facts themselves: a government body named after its
//     country is part of it ("the US State Department"), and a province or
//     city the gazetteer places in a country is located in it when the same
//     sentence names that country (rules resolve.body_named_for_country and
//     resolve.place_in_named_country in the evidence).
//
//   Resolver resolver(ontology, gazetteer);
//   ResolvedDocument r = resolver.Resolve(doc.text, sentences, extractions);
//   for (const Triple& t : r.triples) ...

#ifndef RELGRAPH_SRC_RESOLVE_RESOLVER_H_
#define RELGRAPH_SRC_RESOLVE_RESOLVER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/annotate/gazetteer.h"
#include "src/base/ontology.h"
#include "src/extract/extraction.h"
#include "src/text/token.h"

namespace relgraph::resolve {

struct EntityRef {
  std::string label;                 // canonical name
  std::string type;                  // ontology entity type id
  std::vector<std::string> aliases;  // other names the document used, sorted, unique
  bool empty() const { return label.empty(); }
};

enum class Modality : uint8_t { kAsserted = 0, kReported, kHedged };

struct Triple {
  EntityRef subject;
  std::string relation;     // ontology id, or "open:..."
  EntityRef object;
  bool open = false;
  bool symmetric = false;
  bool negated = false;
  Modality modality = Modality::kAsserted;
  EntityRef speaker;        // who said it, when reported
  double confidence = 0.8;
  std::string rule_id;
  uint32_t sentence = 0;    // sentence index in the document
  uint32_t begin = 0;       // byte span of the match in the document text
  uint32_t end = 0;
  std::string sentence_text;  // the whole sentence, for evidence
  std::map<std::string, std::string> qualifiers;  // "role", "date"
};

// An entity the document names, with how often.
struct NamedEntity {
  EntityRef entity;
  uint32_t mentions = 0;
};

struct ResolvedDocument {
  std::vector<Triple> triples;
  // Every entity the document names (by mention or alias definition), in
  // first-mention order; entities defined by an alias are always here.
  std::vector<NamedEntity> entities;
  // Labels (lower-case) of entities that got a name from an alias definition:
  // the graph keeps them even without a relation.
  std::vector<std::string> alias_defined;
  // Why extractions were dropped, for `explain`: "rule id: reason".
  std::vector<std::string> dropped;
};

class Resolver {
 public:
  // Both must outlive the Resolver.
  Resolver(const Ontology& ontology, const annotate::Gazetteer& gazetteer);

  // Resolves one document: `sentences` annotated, `extractions[i]` the
  // relation-stage output for sentences[i]. Never fails: what cannot be
  // resolved is listed in `dropped`.
  ResolvedDocument Resolve(const std::vector<text::Sentence>& sentences,
                           const std::vector<std::vector<extract::Extraction>>& extractions) const;

 private:
  const Ontology& ontology_;
  const annotate::Gazetteer& gazetteer_;
  std::map<std::string, std::string> capital_to_country_;  // city canonical -> country canonical
};

}  // namespace relgraph::resolve

#endif  // RELGRAPH_SRC_RESOLVE_RESOLVER_H_
