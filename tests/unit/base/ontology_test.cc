#include "src/base/ontology.h"

#include <gtest/gtest.h>

#include "src/base/json.h"

namespace relgraph {
namespace {

std::string SchemaText() {
  std::string s;
  EXPECT_TRUE(ReadFileToString(RELGRAPH_SOURCE_DIR "/schemas/ontology.schema.json", &s).ok());
  return s;
}

TEST(OntologyTest, ShippedOntologyLoads) {
  auto onto = Ontology::Load(RELGRAPH_SOURCE_DIR "/schemas/ontology.json",
                             RELGRAPH_SOURCE_DIR "/schemas/ontology.schema.json");
  ASSERT_TRUE(onto.ok()) << onto.status().ToString();
  EXPECT_GT(onto->EntityTypeIndex("Country"), 0);
  EXPECT_EQ(onto->EntityTypeIndex("NoSuchType"), 0);
  EXPECT_EQ(onto->EntityTypeName(onto->EntityTypeIndex("Person")), "Person");
  EXPECT_TRUE(onto->IsA("ArmedGroup", "Agent"));
  EXPECT_TRUE(onto->IsA("Country", "Location"));
  EXPECT_FALSE(onto->IsA("Date", "Agent"));
  // Every relation of the core vocabulary (DESIGN.md) is declared.
  for (const char* id : {"also_known_as", "instance_of", "part_of", "member_of", "leader_of",
                         "spokesperson_of", "works_for", "citizen_of", "located_in",
                         "operates_from", "headquartered_in", "agrees_with", "meets_with",
                         "supports", "concedes_to", "cooperates_with", "aids", "retreats_from",
                         "demands", "accuses", "criticizes", "rejects", "threatens",
                         "protests_against", "mobilizes_against", "sanctions", "coerces",
                         "arrests", "attacks", "fights", "opposes", "investigates", "issued",
                         "said", "accounted_for"}) {
    EXPECT_NE(onto->FindRelation(id), nullptr) << id;
  }
  EXPECT_TRUE(onto->FindRelation("agrees_with")->symmetric);
  EXPECT_FALSE(onto->FindRelation("supports")->symmetric);
  EXPECT_EQ(onto->FindRelation("supports")->plover, "SUPPORT");
  EXPECT_EQ(onto->RelationIri("supports"), onto->base_iri() + "ontology/supports");
}

TEST(OntologyTest, RejectsUnknownParent) {
  auto onto = Ontology::FromJson(
      R"({"base_iri":"http://x.org/","entity_types":[{"id":"A","parent":"B"}],"relations":[]})",
      "bad.json", SchemaText());
  ASSERT_FALSE(onto.ok());
  EXPECT_NE(onto.status().message().find("unknown parent"), std::string::npos);
}

TEST(OntologyTest, RejectsSchemaViolationWithLine) {
  auto onto = Ontology::FromJson(
      "{\"base_iri\":\"http://x.org/\",\n\"entity_types\":[{\"id\":\"A\"}],\n"
      "\"relations\":[{\"id\":\"Bad Id\"}]}",
      "bad.json", SchemaText());
  ASSERT_FALSE(onto.ok());
  EXPECT_EQ(onto.status().where().line, 3);
}

TEST(OntologyTest, RejectsAnImpliedRelationItDoesNotDeclare) {
  auto onto = Ontology::FromJson(
      R"({"base_iri":"http://x.org/","entity_types":[{"id":"A"}],"relations":[{"id":"r","implies":["nope"]}]})",
      "bad.json", SchemaText());
  ASSERT_FALSE(onto.ok());
  EXPECT_NE(onto.status().message().find("implies unknown relation"), std::string::npos);
}

TEST(OntologyTest, RejectsRelationWithUnknownType) {
  auto onto = Ontology::FromJson(
      R"({"base_iri":"http://x.org/","entity_types":[{"id":"A"}],"relations":[{"id":"r","domain":["Z"]}]})",
      "bad.json", SchemaText());
  ASSERT_FALSE(onto.ok());
  EXPECT_NE(onto.status().message().find("unknown entity type"), std::string::npos);
}

}  // namespace
}  // namespace relgraph
