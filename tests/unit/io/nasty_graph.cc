#include "tests/unit/io/nasty_graph.h"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace relgraph::testing {

namespace {

using graph::Entity;
using graph::Evidence;
using graph::Modality;
using graph::Polarity;
using graph::Relation;
using graph::RelationKind;

Evidence Ev(std::string doc, uint32_t sentence, uint32_t begin, std::string rule, std::string text,
            double confidence, Modality modality = Modality::kAsserted,
            std::string attributed_to = "", std::map<std::string, std::string> qualifiers = {}) {
  Evidence ev;
  ev.doc_id = std::move(doc);
  ev.sentence = sentence;
  ev.begin = begin;
  ev.end = begin + static_cast<uint32_t>(text.size());
  ev.rule_id = std::move(rule);
  ev.text = std::move(text);
  ev.confidence = confidence;
  ev.modality = modality;
  ev.attributed_to = std::move(attributed_to);
  ev.qualifiers = std::move(qualifiers);
  return ev;
}

struct Triple {
  Entity subject;
  std::string relation;
  Polarity polarity;
  std::vector<Evidence> evidence;
  Entity object;
  bool symmetric;
};

}  // namespace

graph::KnowledgeGraph NastyGraph(bool reverse) {
  const Entity us{
      .label = "United States", .type = "Country", .aliases = {"US", "U.S."}, .mentions = 4};
  const Entity pk{.label = "Pakistan",
                  .type = "Country",
                  .aliases = {"Islamic Republic of Pakistan"},
                  .mentions = 3};
  const Entity ttp{.label = "Tehreek-e-Taliban Pakistan \u2018TTP\u2019 \u2013 Khyber Pakhtunkhwa",
                   .type = "ArmedGroup",
                   .aliases = {"TTP", "Pakistani Taliban; TTP"},
                   .mentions = 2};
  const Entity miller{.label = "Matthew \"Matt\" Miller <spokesman> & co",
                      .type = "Person",
                      .aliases = {"M.\x01Miller", "Matt Miller"},
                      .mentions = 1};
  const Entity afghanistan{.label = "Afghanistan", .type = "Country", .mentions = 1};
  const Entity taliban{.label = "Afghan Taliban", .type = "ArmedGroup", .mentions = 2};
  const std::string miller_id = graph::EntityId(miller.label, miller.type);

  const std::vector<Triple> triples = {
      {us,
       "supports",
       Polarity::kAffirmed,
       {Ev("us-pakistan-2024-05-15", 3, 410, "support.noun",
           "The United States supports Pakistan's \"fight\" against terrorism.", 0.8),
        Ev("us-pakistan-2024-05-15", 7, 902, "support.verb",
           "Washington backs Islamabad, Miller said.", 0.1 + 0.2, Modality::kReported, miller_id,
           {{"date", "2024-05-15"}})},
       pk,
       false},
      {us,
       "supports",
       Polarity::kNegated,
       {Ev("op-ed-7", 2, 120, "support.negated", "The U.S. does not support <any> deal & won't.",
           0.35)},
       pk,
       false},
      {us,
       "open:raised concerns with",
       Polarity::kAffirmed,
       {Ev("us-pakistan-2024-05-15", 9, 1500, "open.reverb",
           "The US raised concerns with Pakistan about 'the <TTP> & others'.", 0.6)},
       pk,
       false},
      {us,
       "agrees_with",
       Polarity::kAffirmed,
       {Ev("joint-statement", 0, 0, "agree.verb", "The US and Pakistan agreed \u2013 again.", 0.9)},
       pk,
       true},
      {pk,
       "supports",
       Polarity::kNegated,
       {Ev("us-pakistan-2024-05-15", 12, 2200, "support.negated",
           "Pakistan denies supporting the TTP in Khyber Pakhtunkhwa.", 0.7, Modality::kReported)},
       ttp,
       false},
      {miller,
       "criticizes",
       Polarity::kAffirmed,
       {Ev("us-pakistan-2024-05-15", 5, 700, "criticize.verb",
           "Miller\tcriticized\x01 the TTP\nfor attacks\r\nin the north.", 1e-05, Modality::kHedged,
           miller_id, {{"role", "Principal Deputy Spokesperson"}})},
       ttp,
       false},
      {taliban,
       "supports",
       Polarity::kAffirmed,
       {Ev("report-a", 1, 10, "support.noun", "Afghan Taliban support for TTP.", 0.5),
        Ev("report-a", 4, 300, "support.verb", "The Afghan Taliban shelter TTP fighters.", 0.25),
        Ev("report-b", 0, 0, "support.noun", "", 0.125),
        Ev("report-c", 2, 44, "support.verb", "Kabul helps the TTP \u2014 officials say.", 1.0)},
       ttp,
       false},
  };

  graph::KnowledgeGraph g;
  std::vector<Entity> entities = {us, pk, ttp, miller, afghanistan, taliban};
  if (reverse) std::reverse(entities.begin(), entities.end());
  for (const Entity& e : entities) g.AddEntity(e);
  // Entities were added once above; the triples add no further mentions.
  auto no_mentions = [](Entity e) {
    e.mentions = 0;
    return e;
  };
  std::vector<Triple> order = triples;
  if (reverse) std::reverse(order.begin(), order.end());
  for (const Triple& t : order) {
    std::vector<Evidence> evidence = t.evidence;
    if (reverse) std::reverse(evidence.begin(), evidence.end());
    // Evidence one at a time, so merging is exercised; a symmetric relation
    // arrives from the other side when reversed.
    for (const Evidence& ev : evidence) {
      Relation r;
      r.relation = t.relation;
      r.kind = t.relation.rfind("open:", 0) == 0 ? RelationKind::kOpen : RelationKind::kTyped;
      r.polarity = t.polarity;
      r.evidence.push_back(ev);
      if (reverse && t.symmetric) {
        g.AddTriple(no_mentions(t.object), r, no_mentions(t.subject), t.symmetric);
      } else {
        g.AddTriple(no_mentions(t.subject), r, no_mentions(t.object), t.symmetric);
      }
    }
  }
  return g;
}

}  // namespace relgraph::testing
