// relgraph::annotate::EntityRecognizer: finds entity mentions in a tagged
// sentence (people, organisations, places, roles, dates, quantities,
// documents, events) and fills Sentence::mentions and the tokens' ent_type /
// ent_iob.
//
// Where it sits: after the tokenizer (src/text), the tagger and the lemmatizer
// (it reads upos/xpos where they are set and does without them where they
// are 0); before the rule engine (src/extract), whose chunk and relation
// rules test the ent field, and the resolver (src/resolve), which turns the
// mentions' canonical names into entities with gazetteer().
//
//   auto onto = Ontology::Load(...);
//   auto ner = EntityRecognizer::Load("schemas", *onto);  // gazetteer/ + lexicon/
//   if (!ner.ok()) return ner.status();                    // file:line: reason
//   ner->AnnotateDocument(&sentences);                     // or Annotate(&sentence)
//   for (const Mention& m : sentence.mentions) ... m.type, m.canonical, m.source, m.role
//
// What it finds, in order of precedence where candidates start at the same
// token (the longest candidate wins; on equal length the earlier kind):
//   1. dates (dates.h): "Wednesday", "May 15, 2024", "Q1, 2024", "last month"
//      -> Date, canonical = normalised value ("2024-05-15", "2024-Q1", "REF-1M");
//   2. quantities (quantities.h): "at least 92%", "$4.25 billion", "432
//      violence-linked fatalities" -> Quantity, canonical = ">=92 %", ...;
//   3. gazetteer names (gazetteer.h), longest match: "US State Department",
//      "Tehreek-e-Taliban Pakistan", "KP"; demonyms ("Pakistani", "Afghan")
//      get the country's type and canonical name with source
//      "gazetteer:demonym", so that rules decide what "Afghan soil" means;
//   4. roles and titled persons: "Principal Deputy Spokesperson Vedant Patel"
//      -> a Role mention ("Principal Deputy Spokesperson") and a Person
//      mention ("Vedant Patel", role = the title); chained titles give the
//      person all of them ("Coordinator for Counter-terrorism Ambassador
//      Elizabeth Richard": role "Coordinator for Counter-terrorism,
//      Ambassador"); organisations and countries inside a title stay their
//      own mentions ("for the UN and OIC"); honorifics ("Mr.", "Dr.") make a
//      Person without a Role; a title with no name after it ("the
//      spokesperson said") is a Role mention;
//   5. keyword names (schemas/lexicon/entity_keywords.tsv): a capitalised
//      name with inner "of/for/and" whose head is a keyword -> Organization,
//      GovernmentBody, ArmedGroup, Document or Event ("Centre for Research and
//      Security Studies", "Ministry of Foreign Affairs", "Balochistan
//      Liberation Army", "Q1 2024 Security Report", "Operation Zarb-e-Azb").
//      A government body led by a country or demonym is named after it:
//      "Indian Foreign Office" -> canonical "Foreign Office (India)".
//      A document or event name may contain a date ("Q1 2024 Security
//      Report" is one Document mention; its date is part of the name and is
//      not a separate mention, because mentions do not overlap).
// Then, over the tokens no candidate took:
//   6. other capitalised names -> Thing ("rule:name"), or Person when a
//      two-word-or-longer name starts with a known given name; never a
//      function word, a capitalised common word at the start of a sentence,
//      quote or headline, nor (once the tagger ran) a run with no PROPN/NNP;
//   7. acronym definitions "Long Name (ABBR)": ABBR gets Long Name's type and
//      canonical name ("rule:acronym").
// With a DocumentContext (AnnotateDocument does this), persons and acronyms
// found in one sentence are recognised in the others: "Patel said" after
// "Spokesperson Vedant Patel", "CRSS" after "... Studies (CRSS)".
//
// Mention::source says what found a mention: "gazetteer:<file stem>",
// "gazetteer:demonym", "rule:date", "rule:quantity", "rule:role",
// "rule:person.title", "rule:person.honorific", "rule:person.given_name",
// "rule:keyword", "rule:body.country", "rule:name", "rule:acronym",
// "context:person", "context:acronym".
//
// Speed: one hash and one table lookup per token plus work proportional to
// the candidates; no regular expressions. Annotate is const and thread-safe.

#ifndef RELGRAPH_SRC_ANNOTATE_ENTITIES_H_
#define RELGRAPH_SRC_ANNOTATE_ENTITIES_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/annotate/entities_lexicon.h"
#include "src/annotate/gazetteer.h"
#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/text/token.h"

namespace relgraph::annotate {

// What one document has taught the recogniser so far: persons by full name
// and surname, acronyms by their letters. Start a new one per document.
class DocumentContext {
 public:
  void Clear() {
    names_.clear();
    for (uint64_t& w : first_) w = 0;
  }
  size_t size() const { return names_.size(); }

 private:
  friend class EntityRecognizer;
  friend class EntityRun;
  // A filter of the names' first tokens: false when no known name starts
  // with a token whose Gazetteer::HashToken is `token_hash`, so that most
  // capitalised words skip the name table.
  static uint64_t FirstBit(uint64_t token_hash) { return (token_hash * 0x9E3779B97F4A7C15ULL) >> 54; }
  bool MayStartWith(uint64_t token_hash) const {
    const uint64_t bit = FirstBit(token_hash);
    return (first_[bit >> 6] >> (bit & 63) & 1) != 0;
  }
  void AddFirst(uint64_t token_hash) {
    const uint64_t bit = FirstBit(token_hash);
    first_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  uint64_t first_[16] = {};  // 1024 bits
  struct Known {
    uint8_t type = 0;
    std::string canonical;
    bool person = false;     // learnt from a person mention (else an acronym)
    bool conflict = false;   // two different canonical names: unusable
  };
  // Key: hash of the sequence of the name's token hashes.
  std::unordered_map<uint64_t, Known> names_;
};

class EntityRecognizer {
 public:
  // Loads schemas_dir/gazetteer/*.tsv and the lexicon files of
  // schemas_dir/lexicon (see entities_lexicon.h). Returns the first loading
  // error (kBadConfig with file:line, or kNotFound), or kBadConfig when the
  // ontology lacks one of the types the recogniser emits (Thing, Person,
  // Role, Date, Quantity, Organization, GovernmentBody, ArmedGroup,
  // Document, Event).
  static Result<EntityRecognizer> Load(const std::string& schemas_dir, const Ontology& ontology);
  // The same from already loaded parts.
  static Result<EntityRecognizer> Create(Gazetteer gazetteer, EntityLexicon lexicon,
                                         const Ontology& ontology);

  // Replaces s->mentions and every token's ent_type / ent_iob. Tokens need
  // text, span (or space_after) and shape; upos/xpos are used when set.
  // Sentences of any length and content are accepted.
  void Annotate(text::Sentence* s) const;
  // The same, using and extending what `context` knows (may be null).
  void Annotate(text::Sentence* s, DocumentContext* context) const;
  // Annotates the sentences of one document in order with a fresh
  // DocumentContext, then annotates again the sentences that a later
  // sentence taught something ("says Vedant Patel" in a sub-headline before
  // the sentence that names his title).
  void AnnotateDocument(std::vector<text::Sentence>* sentences) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const EntityLexicon& lexicon() const { return lexicon_; }

 private:
  struct Types {
    uint8_t thing = 0, person = 0, role = 0, date = 0, quantity = 0, organization = 0,
            government = 0, armed = 0, document = 0, event = 0, country = 0, city = 0,
            region = 0, location = 0, international = 0;
  };
  EntityRecognizer() = default;
  friend class EntityRun;

  Gazetteer gazetteer_;
  std::vector<std::string> gaz_sources_;  // "gazetteer:<file>" per entry
  EntityLexicon lexicon_;
  Types types_;
  uint8_t upos_propn_ = 0, xpos_nnp_ = 0, xpos_nnps_ = 0;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_ENTITIES_H_
