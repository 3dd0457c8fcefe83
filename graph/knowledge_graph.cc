#include "graph/knowledge_graph.h"

#include <algorithm>

namespace relgraph::graph {

namespace {

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

void MergeAliases(std::vector<std::string>* into, const std::vector<std::string>& from,
                  const std::string& label) {
  for (const auto& a : from) {
    if (a != label) into->push_back(a);
  }
  std::sort(into->begin(), into->end());
  into->erase(std::unique(into->begin(), into->end()), into->end());
}

// Recomputes the fields of a relation that are derived from its evidence.
void Derive(Relation* r) {
  std::sort(r->evidence.begin(), r->evidence.end());
  r->evidence.erase(std::unique(r->evidence.begin(), r->evidence.end()), r->evidence.end());
  double miss = 1.0;
  r->modality = Modality::kHedged;
  r->attributed_to.clear();
  r->qualifiers.clear();
  for (const auto& ev : r->evidence) {
    miss *= 1.0 - std::clamp(ev.confidence, 0.0, 1.0);
    r->modality = std::min(r->modality, ev.modality);
    if (!ev.attributed_to.empty()) r->attributed_to.push_back(ev.attributed_to);
    for (const auto& [k, v] : ev.qualifiers) r->qualifiers.emplace(k, v);
  }
  if (r->evidence.empty()) r->modality = Modality::kAsserted;
  r->confidence = 1.0 - miss;
  std::sort(r->attributed_to.begin(), r->attributed_to.end());
  r->attributed_to.erase(std::unique(r->attributed_to.begin(), r->attributed_to.end()),
                         r->attributed_to.end());
}

}  // namespace

std::string_view RelationKindName(RelationKind k) { return k == RelationKind::kOpen ? "open" : "typed"; }
std::string_view PolarityName(Polarity p) { return p == Polarity::kNegated ? "negated" : "affirmed"; }
std::string_view ModalityName(Modality m) {
  switch (m) {
    case Modality::kReported: return "reported";
    case Modality::kHedged: return "hedged";
    default: return "asserted";
  }
}
bool RelationKindFromName(std::string_view s, RelationKind* out) {
  if (s == "typed") { *out = RelationKind::kTyped; return true; }
  if (s == "open") { *out = RelationKind::kOpen; return true; }
  return false;
}
bool PolarityFromName(std::string_view s, Polarity* out) {
  if (s == "affirmed") { *out = Polarity::kAffirmed; return true; }
  if (s == "negated") { *out = Polarity::kNegated; return true; }
  return false;
}
bool ModalityFromName(std::string_view s, Modality* out) {
  if (s == "asserted") { *out = Modality::kAsserted; return true; }
  if (s == "reported") { *out = Modality::kReported; return true; }
  if (s == "hedged") { *out = Modality::kHedged; return true; }
  return false;
}

std::string EntityId(std::string_view label, std::string_view type) {
  std::string out;
  for (char c : type) out += AsciiLower(c);
  if (out.empty()) out = "thing";
  out += '/';
  const size_t start = out.size();
  bool dash = false;
  for (char ch : label) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      if (dash && out.size() > start) out += '-';
      dash = false;
      out += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && out.size() > start) out += '-';
      dash = false;
      out += AsciiLower(static_cast<char>(c));
    } else {
      dash = true;
    }
  }
  if (out.size() == start) out += '-';
  return out;
}

KnowledgeGraph::KnowledgeGraph(const KnowledgeGraph& other)
    : graph_(other.graph_), vertex_by_id_(other.vertex_by_id_) {
  RebuildEdgeIndex();
}

KnowledgeGraph& KnowledgeGraph::operator=(const KnowledgeGraph& other) {
  if (this != &other) {
    graph_ = other.graph_;
    vertex_by_id_ = other.vertex_by_id_;
    RebuildEdgeIndex();
  }
  return *this;
}

KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&& other) noexcept : KnowledgeGraph(other) {
  other.graph_.clear();
  other.vertex_by_id_.clear();
  other.edge_by_key_.clear();
}

KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&& other) noexcept {
  if (this != &other) {
    *this = static_cast<const KnowledgeGraph&>(other);
    other.graph_.clear();
    other.vertex_by_id_.clear();
    other.edge_by_key_.clear();
  }
  return *this;
}

void KnowledgeGraph::RebuildEdgeIndex() {
  edge_by_key_.clear();
  for (auto [it, end] = boost::edges(graph_); it != end; ++it) {
    const Relation& r = graph_[*it];
    edge_by_key_.emplace(EdgeKey{graph_[boost::source(*it, graph_)].id, r.relation,
                                 graph_[boost::target(*it, graph_)].id, r.polarity},
                         *it);
  }
}

KnowledgeGraph::Vertex KnowledgeGraph::VertexFor(const std::string& id) const {
  return vertex_by_id_.find(id)->second;
}

std::string KnowledgeGraph::AddEntity(const Entity& e) {
  std::string id = e.id.empty() ? EntityId(e.label, e.type) : e.id;
  auto it = vertex_by_id_.find(id);
  if (it == vertex_by_id_.end()) {
    Entity copy = e;
    copy.id = id;
    if (copy.type.empty()) copy.type = "Thing";
    std::vector<std::string> aliases;
    MergeAliases(&aliases, copy.aliases, copy.label);
    copy.aliases = std::move(aliases);
    Vertex v = boost::add_vertex(copy, graph_);
    vertex_by_id_.emplace(id, v);
    return id;
  }
  Entity& existing = graph_[it->second];
  MergeAliases(&existing.aliases, e.aliases, existing.label);
  if (e.label != existing.label) MergeAliases(&existing.aliases, {e.label}, existing.label);
  existing.mentions += e.mentions;
  return id;
}

bool KnowledgeGraph::AddRelation(const std::string& subject_id, const Relation& r,
                                 const std::string& object_id, bool symmetric) {
  if (!vertex_by_id_.count(subject_id) || !vertex_by_id_.count(object_id)) return false;
  const bool swap = symmetric && object_id < subject_id;
  const std::string& s = swap ? object_id : subject_id;
  const std::string& o = swap ? subject_id : object_id;
  EdgeKey key{s, r.relation, o, r.polarity};
  auto it = edge_by_key_.find(key);
  if (it == edge_by_key_.end()) {
    Relation copy = r;
    Derive(&copy);
    auto [edge, added] = boost::add_edge(VertexFor(s), VertexFor(o), copy, graph_);
    (void)added;
    edge_by_key_.emplace(std::move(key), edge);
    return true;
  }
  Relation& existing = graph_[it->second];
  existing.evidence.insert(existing.evidence.end(), r.evidence.begin(), r.evidence.end());
  Derive(&existing);
  return true;
}

void KnowledgeGraph::AddTriple(const Entity& subject, const Relation& r, const Entity& object,
                               bool symmetric) {
  std::string s = AddEntity(subject);
  std::string o = AddEntity(object);
  AddRelation(s, r, o, symmetric);
}

void KnowledgeGraph::Merge(const KnowledgeGraph& other) {
  for (const Entity* e : other.Entities()) AddEntity(*e);
  for (const auto& view : other.Relations()) {
    AddRelation(view.subject->id, *view.relation, view.object->id, /*symmetric=*/false);
  }
}

const Entity* KnowledgeGraph::FindEntity(std::string_view id) const {
  auto it = vertex_by_id_.find(id);
  return it == vertex_by_id_.end() ? nullptr : &graph_[it->second];
}

std::vector<const Entity*> KnowledgeGraph::FindByName(std::string_view name) const {
  std::vector<const Entity*> out;
  for (const auto& [id, v] : vertex_by_id_) {
    const Entity& e = graph_[v];
    bool match = EqualsIgnoreCase(e.label, name) || EqualsIgnoreCase(e.id, name);
    for (size_t i = 0; !match && i < e.aliases.size(); ++i) {
      match = EqualsIgnoreCase(e.aliases[i], name);
    }
    if (match) out.push_back(&e);
  }
  return out;
}

std::vector<const Entity*> KnowledgeGraph::Entities() const {
  std::vector<const Entity*> out;
  out.reserve(vertex_by_id_.size());
  for (const auto& [id, v] : vertex_by_id_) out.push_back(&graph_[v]);
  return out;
}

std::vector<KnowledgeGraph::RelationView> KnowledgeGraph::Relations() const {
  std::vector<RelationView> out;
  out.reserve(edge_by_key_.size());
  for (const auto& [key, e] : edge_by_key_) {
    out.push_back({&graph_[boost::source(e, graph_)], &graph_[e], &graph_[boost::target(e, graph_)]});
  }
  return out;
}

}  // namespace relgraph::graph
