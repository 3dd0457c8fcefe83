#include "src/extract/rule_loader.h"

#include <gtest/gtest.h>

#include "src/base/json.h"

namespace relgraph::extract {
namespace {

std::string Schema() {
  std::string s;
  EXPECT_TRUE(ReadFileToString(RELGRAPH_SOURCE_DIR "/schemas/rules.schema.json", &s).ok());
  return s;
}

const char* kGood = R"json({
  "macros": {"X": "[pos=NOUN]"},
  "rules": [
    {
      "id": "demo.first",
      "stage": "relation",
      "pattern": "(?<s>@X) [lemma=back] (?<o>@X)",
      "emit": [{"triple": ["s", "supports", "o"], "confidence": 0.7}],
      "examples": [
        {"text": "France backs Chad.", "expect": [["France", "supports", "Chad"]]},
        {"text": "France backs down.", "expect": []}
      ]
    }
  ]
})json";

TEST(RuleLoaderTest, LoadsRulesMacrosAndExamples) {
  RuleFiles files;
  Status s = AddRuleFile(kGood, "good.json", Schema(), &files);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(files.rules.size(), 1u);
  const Rule& r = files.rules[0];
  EXPECT_EQ(r.id, "demo.first");
  EXPECT_EQ(r.line, 5);
  EXPECT_EQ(r.stage, Stage::kRelation);
  ASSERT_EQ(r.emits.size(), 1u);
  EXPECT_DOUBLE_EQ(r.emits[0].confidence, 0.7);
  ASSERT_EQ(r.examples.size(), 2u);
  EXPECT_EQ(r.examples[0].expect[0].object, "Chad");
  EXPECT_TRUE(r.examples[1].expect_none);
  EXPECT_EQ(r.examples[1].line, 11);
  EXPECT_EQ(files.macros.at("X"), "[pos=NOUN]");
}

TEST(RuleLoaderTest, SchemaViolationNamesFileLineAndRule) {
  std::string bad = kGood;
  bad.replace(bad.find("\"stage\": \"relation\""), 19, "\"stage\": \"later\"");
  RuleFiles files;
  Status s = AddRuleFile(bad, "bad.json", Schema(), &files);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where().file, "bad.json");
  EXPECT_EQ(s.where().line, 6);
  EXPECT_NE(s.message().find("rule demo.first"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("enum"), std::string::npos) << s.ToString();
}

TEST(RuleLoaderTest, RulesNeedTwoExamples) {
  std::string bad = kGood;
  const std::string second = ",\n        {\"text\": \"France backs down.\", \"expect\": []}";
  ASSERT_NE(bad.find(second), std::string::npos);
  bad.erase(bad.find(second), second.size());
  RuleFiles files;
  Status s = AddRuleFile(bad, "bad.json", Schema(), &files);
  ASSERT_FALSE(s.ok()) << bad;
  EXPECT_NE(s.message().find("minItems"), std::string::npos) << s.ToString();
}

TEST(RuleLoaderTest, DuplicateIdsAndMacrosAreErrors) {
  RuleFiles files;
  ASSERT_TRUE(AddRuleFile(kGood, "a.json", Schema(), &files).ok());
  Status s = AddRuleFile(kGood, "b.json", Schema(), &files);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("already defined at a.json"), std::string::npos) << s.ToString();
  std::string renamed_macro = kGood;
  renamed_macro.replace(renamed_macro.find("\"X\": \"[pos=NOUN]\""), 17, "\"Y\": \"[pos=NOUN]\"");
  RuleFiles again;
  ASSERT_TRUE(AddRuleFile(kGood, "a.json", Schema(), &again).ok());
  s = AddRuleFile(renamed_macro, "c.json", Schema(), &again);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("duplicate rule id"), std::string::npos) << s.ToString();
  EXPECT_EQ(s.where().line, 5);
}

TEST(RuleLoaderTest, SyntaxErrorHasLineAndColumn) {
  RuleFiles files;
  Status s = AddRuleFile("{\n \"rules\": [\n  {\"id\": }\n ]\n}", "syntax.json", Schema(), &files);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.where().line, 3);
  EXPECT_GT(s.where().column, 0);
}

TEST(RuleLoaderTest, MissingPathIsNotFound) {
  RuleFiles files;
  Status s = LoadRuleFiles({"/nonexistent/rules"}, RELGRAPH_SOURCE_DIR "/schemas/rules.schema.json", &files);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace relgraph::extract
