#include "graph/build.h"

#include <algorithm>
#include <set>

namespace relgraph::graph {

namespace {

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

Entity ToEntity(const resolve::EntityRef& e) {
  Entity out;
  out.label = e.label;
  out.type = e.type.empty() ? "Thing" : e.type;
  out.aliases = e.aliases;
  return out;
}

Modality ToModality(resolve::Modality m) {
  switch (m) {
    case resolve::Modality::kReported: return Modality::kReported;
    case resolve::Modality::kHedged: return Modality::kHedged;
    default: return Modality::kAsserted;
  }
}

}  // namespace

void AddDocument(const std::string& doc_id, const resolve::ResolvedDocument& doc, KnowledgeGraph* g) {
  // Which entities take part: those in triples, speakers, and alias definitions.
  std::set<std::string> used;
  for (const auto& t : doc.triples) {
    used.insert(EntityId(t.subject.label, t.subject.type));
    used.insert(EntityId(t.object.label, t.object.type));
    if (!t.speaker.empty()) used.insert(EntityId(t.speaker.label, t.speaker.type));
  }
  const std::set<std::string> alias_defined(doc.alias_defined.begin(), doc.alias_defined.end());
  for (const auto& ne : doc.entities) {
    const std::string id = EntityId(ne.entity.label, ne.entity.type);
    if (!used.count(id) && !alias_defined.count(Lower(ne.entity.label))) continue;
    Entity e = ToEntity(ne.entity);
    e.mentions = ne.mentions;
    g->AddEntity(e);
  }
  for (const auto& t : doc.triples) {
    Relation r;
    r.relation = t.relation;
    r.kind = t.open ? RelationKind::kOpen : RelationKind::kTyped;
    r.polarity = t.negated ? Polarity::kNegated : Polarity::kAffirmed;
    Evidence ev;
    ev.doc_id = doc_id;
    ev.sentence = t.sentence;
    ev.begin = t.begin;
    ev.end = t.end;
    ev.rule_id = t.rule_id;
    ev.text = t.sentence_text;
    ev.confidence = t.confidence;
    ev.modality = ToModality(t.modality);
    if (!t.speaker.empty()) {
      ev.attributed_to = g->AddEntity(ToEntity(t.speaker));
    }
    ev.qualifiers = t.qualifiers;
    r.evidence.push_back(std::move(ev));
    g->AddTriple(ToEntity(t.subject), r, ToEntity(t.object), t.symmetric);
  }
}

}  // namespace relgraph::graph
