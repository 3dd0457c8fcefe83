// relgraph::Ontology: entity types and relation types, loaded from
// schemas/ontology.json (checked against schemas/ontology.schema.json).
//
// Every stage consults it: annotate tags mentions with entity types, rules
// may only emit relations it declares (or open: ones), resolve and graph ask
// whether a relation is symmetric, io writes its IRIs and PLOVER/CAMEO codes.
//
//   auto onto = Ontology::Load("schemas/ontology.json", "schemas/ontology.schema.json");
//   if (!onto.ok()) return onto.status();
//   uint8_t country = onto->EntityTypeIndex("Country");   // 0 if unknown
//   bool sym = onto->FindRelation("agrees_with")->symmetric;

#ifndef RELGRAPH_SRC_BASE_ONTOLOGY_H_
#define RELGRAPH_SRC_BASE_ONTOLOGY_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"

namespace relgraph {

struct EntityType {
  std::string id;           // "Country"
  std::string parent;       // "Location"; empty for the root
  std::string description;
};

struct RelationType {
  std::string id;           // "supports"
  std::string label;        // "supports"
  std::vector<std::string> domain;  // entity type ids allowed as subject
  std::vector<std::string> range;   // entity type ids allowed as object
  bool symmetric = false;
  std::string inverse;      // id of the inverse relation, if declared
  std::vector<std::string> implies;  // relations this one entails (leader_of -> works_for)
  std::string plover;       // "SUPPORT"
  std::string cameo;        // "05"
  std::string iri;          // explicit IRI; empty = base_iri + "ontology/" + id
  std::string description;
};

class Ontology {
 public:
  // Loads and validates the ontology. kBadConfig with file:line:col on a
  // schema violation, an unknown parent or a duplicate id.
  static Result<Ontology> Load(const std::string& path, const std::string& schema_path);
  // The same from JSON text (for tests); `name` is used in messages.
  static Result<Ontology> FromJson(std::string_view text, const std::string& name,
                                   std::string_view schema_text);

  const std::string& base_iri() const { return base_iri_; }
  const std::vector<EntityType>& entity_types() const { return entity_types_; }
  const std::vector<RelationType>& relations() const { return relations_; }

  // Index used in Token::ent_type and Mention::type: 1 + position in
  // entity_types(); 0 for an unknown id (and for "no entity").
  uint8_t EntityTypeIndex(std::string_view id) const;
  // The id for an index; "" for 0 or out of range.
  const std::string& EntityTypeName(uint8_t index) const;
  // True when `type` is `ancestor` or descends from it (by id).
  bool IsA(std::string_view type, std::string_view ancestor) const;

  // The relation with this id, or nullptr.
  const RelationType* FindRelation(std::string_view id) const;
  // IRI of a relation: its explicit iri, or base_iri + "ontology/" + id.
  std::string RelationIri(std::string_view id) const;
  // IRI of an entity type: base_iri + "ontology/" + id.
  std::string TypeIri(std::string_view id) const;

 private:
  std::string base_iri_;
  std::vector<EntityType> entity_types_;
  std::vector<RelationType> relations_;
  std::map<std::string, size_t, std::less<>> type_index_;
  std::map<std::string, size_t, std::less<>> relation_index_;
};

}  // namespace relgraph

#endif  // RELGRAPH_SRC_BASE_ONTOLOGY_H_
