#include "src/base/status.h"

#include <gtest/gtest.h>

#include "src/base/json.h"

namespace relgraph {
namespace {

TEST(StatusTest, OkPrintsOk) { EXPECT_EQ(Status().ToString(), "ok"); }

Location At(const char* file, int64_t line, int64_t column, int64_t byte) {
  Location where;
  where.file = file;
  where.line = line;
  where.column = column;
  where.byte_offset = byte;
  return where;
}

TEST(StatusTest, LocationFormats) {
  EXPECT_EQ(Status(StatusCode::kBadConfig, "bad", At("a.json", 12, 7, -1)).ToString(), "a.json:12:7: bad");
  EXPECT_EQ(Status(StatusCode::kBadConfig, "bad", At("a.json", 12, 0, -1)).ToString(), "a.json:12: bad");
  EXPECT_EQ(Status(StatusCode::kBadConfig, "bad", At("a.txt", 0, 0, 40)).ToString(), "a.txt (byte 40): bad");
  EXPECT_EQ(Status(StatusCode::kBadConfig, "bad", At("", 0, 0, -1)).ToString(), "bad");
}

TEST(JsonTest, OffsetToLineColumnCountsCharacters) {
  int64_t line = 0, col = 0;
  OffsetToLineColumn("ab\nc\xC3\xA9" "d", 6, &line, &col);  // before "d"; é is 2 bytes
  EXPECT_EQ(line, 2);
  EXPECT_EQ(col, 3);
}

TEST(JsonTest, SyntaxErrorHasLineAndColumn) {
  rapidjson::Document doc;
  Status s = ParseJson("{\n  \"a\": [1, 2,\n}", "x.json", &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kBadConfig);
  EXPECT_EQ(s.where().file, "x.json");
  EXPECT_EQ(s.where().line, 3);
}

TEST(JsonTest, SchemaViolationNamesKeywordAndLine) {
  const char* schema = R"({"type":"object","properties":{"n":{"type":"integer"}}})";
  rapidjson::Document doc;
  Status s = ParseAndValidateJson("{\n\"m\": 1,\n\"n\": \"seven\"\n}", "y.json", schema, "s.json", &doc);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where().line, 3);
  EXPECT_NE(s.message().find("\"type\""), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("#/n"), std::string::npos) << s.ToString();
}

TEST(JsonTest, ValidDocumentPasses) {
  const char* schema = R"({"type":"object","required":["n"]})";
  rapidjson::Document doc;
  EXPECT_TRUE(ParseAndValidateJson(R"({"n": 1})", "z.json", schema, "s.json", &doc).ok());
  EXPECT_EQ(doc["n"].GetInt(), 1);
}

}  // namespace
}  // namespace relgraph
