// relgraph::graph::KnowledgeGraph: the triples of a run, one vertex per
// entity and one edge per (subject, relation, object, polarity), with all the
// evidence that supports it. Built on a Boost adjacency_list with bundled
// properties.
//
// Stage: after resolve, before graph/io and graph/store. Identical triples
// merge and their evidence accumulates; symmetric relations are stored once,
// from the smaller entity id to the larger. Iteration order never depends on
// insertion order: Entities() is sorted by id and Relations() by (subject id,
// relation, object id, polarity), so output is the same bytes for the same
// input.
//
//   KnowledgeGraph g;
//   Entity us{.label = "United States", .type = "Country", .aliases = {"US"}};
//   Entity pk{.label = "Pakistan", .type = "Country"};
//   Relation r{.relation = "supports"};
//   r.evidence.push_back({.doc_id = "d1", .sentence = 3, .rule_id = "support.noun"});
//   g.AddTriple(us, r, pk, /*symmetric=*/false);
//   for (const auto& e : g.Relations()) ...

#ifndef RELGRAPH_GRAPH_KNOWLEDGE_GRAPH_H_
#define RELGRAPH_GRAPH_KNOWLEDGE_GRAPH_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

namespace relgraph::graph {

enum class RelationKind : uint8_t { kTyped = 0, kOpen };
enum class Polarity : uint8_t { kAffirmed = 0, kNegated };
// Ordered from most to least certain: an edge takes the most certain
// modality among its evidence.
enum class Modality : uint8_t { kAsserted = 0, kReported, kHedged };

std::string_view RelationKindName(RelationKind k);  // "typed" | "open"
std::string_view PolarityName(Polarity p);          // "affirmed" | "negated"
std::string_view ModalityName(Modality m);          // "asserted" | "reported" | "hedged"
bool RelationKindFromName(std::string_view s, RelationKind* out);
bool PolarityFromName(std::string_view s, Polarity* out);
bool ModalityFromName(std::string_view s, Modality* out);

// One mention of a triple in the text.
struct Evidence {
  std::string doc_id;
  uint32_t sentence = 0;        // 0-based sentence index in the document
  uint32_t begin = 0;           // byte span of the match in the document text
  uint32_t end = 0;
  std::string rule_id;          // "support.noun_for"
  std::string text;             // the sentence
  double confidence = 1.0;      // the rule's confidence for this mention
  Modality modality = Modality::kAsserted;
  std::string attributed_to;    // entity id of the speaker, if said by someone
  std::map<std::string, std::string> qualifiers;  // "role", "date", "quantity"

  // Total order used to sort and de-duplicate evidence.
  friend auto operator<=>(const Evidence& a, const Evidence& b) {
    return std::tie(a.doc_id, a.sentence, a.begin, a.end, a.rule_id) <=>
           std::tie(b.doc_id, b.sentence, b.begin, b.end, b.rule_id);
  }
  friend bool operator==(const Evidence& a, const Evidence& b) {
    return std::tie(a.doc_id, a.sentence, a.begin, a.end, a.rule_id) ==
           std::tie(b.doc_id, b.sentence, b.begin, b.end, b.rule_id);
  }
};

struct Entity {
  std::string id;                    // stable: EntityId(label, type); filled by AddEntity
  std::string label;                 // canonical name
  std::string type;                  // ontology entity type id ("Country"); "Thing" if unknown
  std::vector<std::string> aliases;  // sorted, unique, never the label itself
  uint32_t mentions = 0;             // how many times the text names it
};

struct Relation {
  std::string relation;              // ontology id, or "open:" + normalised predicate
  RelationKind kind = RelationKind::kTyped;
  Polarity polarity = Polarity::kAffirmed;
  std::vector<Evidence> evidence;    // sorted, unique

  // Derived from the evidence (kept up to date by the graph):
  double confidence = 0.0;           // 1 - prod(1 - c_i) over evidence
  Modality modality = Modality::kAsserted;    // most certain among evidence
  std::vector<std::string> attributed_to;     // sorted, unique speakers
  std::map<std::string, std::string> qualifiers;  // first value per key, in evidence order

  uint32_t weight() const { return static_cast<uint32_t>(evidence.size()); }
};

// "country/pakistan": the lower-cased type, "/", and a slug of the label
// (ASCII letters and digits lower-cased, other ASCII runs as "-", non-ASCII
// UTF-8 kept).
std::string EntityId(std::string_view label, std::string_view type);

class KnowledgeGraph {
 public:
  KnowledgeGraph() = default;
  // Copies and moves rebuild the edge index: Boost's adjacency_list has no
  // move constructor, and edge descriptors point into the graph they came
  // from, so a member-wise copy would index the source's edges.
  KnowledgeGraph(const KnowledgeGraph& other);
  KnowledgeGraph& operator=(const KnowledgeGraph& other);
  KnowledgeGraph(KnowledgeGraph&& other) noexcept;
  KnowledgeGraph& operator=(KnowledgeGraph&& other) noexcept;
  ~KnowledgeGraph() = default;

  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                      Entity, Relation>;
  using Vertex = Graph::vertex_descriptor;
  using Edge = Graph::edge_descriptor;

  // Adds an entity or merges it into the one with the same id: aliases are
  // united, mentions added. Sets e.id when empty. Returns the entity's id.
  std::string AddEntity(const Entity& e);

  // Adds subject and object (as AddEntity) and the relation between them, or
  // merges r's evidence into the identical triple. With symmetric=true the
  // edge is stored from the smaller id to the larger. Recomputes the derived
  // fields of the edge.
  void AddTriple(const Entity& subject, const Relation& r, const Entity& object, bool symmetric);

  // Adds a relation between two entities already in the graph (by id).
  // Returns false when either id is unknown.
  bool AddRelation(const std::string& subject_id, const Relation& r,
                   const std::string& object_id, bool symmetric);

  // Adds every entity and relation of `other` (the reduce step of a sharded
  // run): the result equals the graph built from both inputs at once.
  // Symmetric edges are already stored in canonical direction.
  void Merge(const KnowledgeGraph& other);

  // The entity with this id, or nullptr.
  const Entity* FindEntity(std::string_view id) const;
  // Entities whose label or an alias equals `name`, ignoring ASCII case;
  // sorted by id.
  std::vector<const Entity*> FindByName(std::string_view name) const;

  struct RelationView {
    const Entity* subject;
    const Relation* relation;
    const Entity* object;
  };
  // Sorted by id.
  std::vector<const Entity*> Entities() const;
  // Sorted by (subject id, relation, object id, polarity).
  std::vector<RelationView> Relations() const;

  size_t num_entities() const { return boost::num_vertices(graph_); }
  size_t num_relations() const { return boost::num_edges(graph_); }
  const Graph& boost_graph() const { return graph_; }

 private:
  using EdgeKey = std::tuple<std::string, std::string, std::string, Polarity>;
  Vertex VertexFor(const std::string& id) const;
  void RebuildEdgeIndex();

  Graph graph_;
  std::map<std::string, Vertex, std::less<>> vertex_by_id_;
  std::map<EdgeKey, Edge> edge_by_key_;
};

}  // namespace relgraph::graph

#endif  // RELGRAPH_GRAPH_KNOWLEDGE_GRAPH_H_
