#include "src/extract/engine.h"

#include <gtest/gtest.h>

#include "src/base/json.h"
#include "tests/unit/extract/test_sentence.h"

namespace relgraph::extract {
namespace {

Ontology LoadOntology() {
  auto onto = Ontology::Load(RELGRAPH_SOURCE_DIR "/schemas/ontology.json",
                             RELGRAPH_SOURCE_DIR "/schemas/ontology.schema.json");
  EXPECT_TRUE(onto.ok()) << onto.status().ToString();
  return std::move(onto).value();
}

std::string Schema() {
  std::string s;
  EXPECT_TRUE(ReadFileToString(RELGRAPH_SOURCE_DIR "/schemas/rules.schema.json", &s).ok());
  return s;
}

// A rule file with one rule; examples are not run here.
std::string OneRule(const std::string& id, const std::string& stage, const std::string& pattern,
                    const std::string& emit, const std::string& checks = "", bool with_macro = true) {
  std::string json = std::string(with_macro ? "{\"macros\": {\"NP\": \"[chunk=B-NP] [chunk=I-NP]*\"}, " : "{") +
                     "\"rules\": [{\"id\": \"" + id +
                     "\", \"stage\": \"" + stage + "\", \"pattern\": \"" + pattern + "\", ";
  if (!checks.empty()) json += "\"checks\": " + checks + ", ";
  json += "\"emit\": [" + emit +
          "], \"examples\": [{\"text\": \"a\", \"expect\": []}, {\"text\": \"b\", \"expect\": []}]}]}";
  return json;
}

Result<RuleEngine> Engine(const std::vector<std::string>& files, const Ontology& onto) {
  RuleFiles rf;
  std::string schema = Schema();
  for (size_t i = 0; i < files.size(); ++i) {
    Status s = AddRuleFile(files[i], "test" + std::to_string(i) + ".json", schema, &rf);
    if (!s.ok()) return s;
  }
  return RuleEngine::Compile(std::move(rf), onto);
}

std::string Words(const text::Sentence& s, TokenRange r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end; ++i) out += (i > r.begin ? " " : "") + s.tokens[i].text;
  return out;
}

TEST(RuleEngineTest, MatchesLemmaAndCapturesEntities) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.support", "relation",
                                "(?<s>[ent=Country]+) []{0,3} [lemma=support] [lower=for|to] (?<o>[ent=Country]+)",
                                "{\"triple\": [\"s\", \"supports\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence(
      "Japan/PROPN/B-Country again/ADV expressed/VERB its/PRON support/NOUN for/ADP "
      "South/PROPN/B-Country Korea/PROPN/I-Country ./PUNCT",
      onto);
  std::vector<Extraction> out;
  engine->Run(&s, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Words(s, out[0].subject), "Japan");
  EXPECT_EQ(Words(s, out[0].object), "South Korea");
  EXPECT_EQ(out[0].relation, "supports");
  EXPECT_FALSE(out[0].negated);
  // The gap is bounded: with four words between, no match.
  text::Sentence far = MakeSentence(
      "Japan/PROPN/B-Country on/ADP Monday/PROPN again/ADV loudly/ADV support/NOUN for/ADP Korea/PROPN/B-Country",
      onto);
  out.clear();
  engine->Run(&far, &out);
  EXPECT_TRUE(out.empty());
}

TEST(RuleEngineTest, EntityTypesIncludeSubtypes) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.agent", "relation", "(?<s>[ent=Agent]+) [lemma=attack] (?<o>[ent=Agent]+)",
                                "{\"triple\": [\"s\", \"attacks\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence("Hamas/PROPN/B-ArmedGroup attack/VERB Smith/PROPN/B-Person", onto);
  std::vector<Extraction> out;
  engine->Run(&s, &out);
  ASSERT_EQ(out.size(), 1u);
  text::Sentence loc = MakeSentence("Hamas/PROPN/B-ArmedGroup attack/VERB Gaza/PROPN/B-Region", onto);
  out.clear();
  engine->Run(&loc, &out);
  EXPECT_TRUE(out.empty());
}

TEST(RuleEngineTest, NegationAndHedgesInsideTheMatch) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.neg", "relation",
                                "(?<s>[ent=Country]) [pos=AUX|PART|ADV]* [lemma=support] (?<o>[ent=Country])",
                                "{\"triple\": [\"s\", \"supports\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  struct Row {
    const char* spec;
    bool negated;
    bool hedged;
  };
  const Row rows[] = {
      {"France/PROPN/B-Country support/VERB Chad/PROPN/B-Country", false, false},
      {"France/PROPN/B-Country does/AUX not/PART support/VERB Chad/PROPN/B-Country", true, false},
      {"France/PROPN/B-Country never/ADV support/VERB Chad/PROPN/B-Country", true, false},
      {"France/PROPN/B-Country may/AUX support/VERB Chad/PROPN/B-Country", false, true},
      {"France/PROPN/B-Country reportedly/ADV does/AUX n't/PART support/VERB Chad/PROPN/B-Country", true, true},
  };
  for (const auto& row : rows) {
    text::Sentence s = MakeSentence(row.spec, onto);
    std::vector<Extraction> out;
    engine->Run(&s, &out);
    ASSERT_EQ(out.size(), 1u) << row.spec;
    EXPECT_EQ(out[0].negated, row.negated) << row.spec;
    EXPECT_EQ(out[0].hedged, row.hedged) << row.spec;
  }
}

TEST(RuleEngineTest, ChunkStageFeedsRelationStage) {
  Ontology onto = LoadOntology();
  std::string chunk = OneRule("t.np", "chunk", "(?<np> [pos=DET]? [pos=ADJ]* [pos=NOUN|PROPN]+)",
                              "{\"chunk\": \"np\", \"type\": \"NP\"}");
  std::string rel = OneRule("t.rel", "relation", "(?<s>@NP) [lemma=criticize] (?<o>@NP)",
                            "{\"triple\": [\"s\", \"criticizes\", \"o\"]}");
  // Both files define NP: that is an error.
  EXPECT_FALSE(Engine({chunk, rel}, onto).ok());
  rel = OneRule("t.rel", "relation", "(?<s>@NP) [lemma=criticize] (?<o>@NP)",
                "{\"triple\": [\"s\", \"criticizes\", \"o\"]}", "", /*with_macro=*/false);
  auto engine = Engine({chunk, rel}, onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence(
      "The/DET opposition/NOUN party/NOUN criticize/VERB the/DET new/ADJ budget/NOUN", onto);
  std::vector<Extraction> out;
  engine->Run(&s, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Words(s, out[0].subject), "The opposition party");
  EXPECT_EQ(Words(s, out[0].object), "the new budget");
  EXPECT_EQ(s.tokens[0].chunk_iob, text::Iob::kB);
  EXPECT_EQ(s.tokens[1].chunk_iob, text::Iob::kI);
  EXPECT_EQ(s.tokens[3].chunk_iob, text::Iob::kO);
}

// Chunk rules that only mark their whole match take a shorter path when not
// tracing; the marks must be those the traced (general) path makes.
TEST(RuleEngineTest, ChunkMarksAreTheSameWithAndWithoutTrace) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.det_np", "chunk", "(?<np> [pos=DET] [pos=NOUN])",
                                "{\"chunk\": \"np\", \"type\": \"NP\"}", "", /*with_macro=*/false),
                        OneRule("t.adj_np", "chunk", "(?<np> [pos=ADJ]? [pos=NOUN])",
                                "{\"chunk\": \"np\", \"type\": \"NP\"}, {\"chunk\": \"np\", \"type\": \"ADJP\"}",
                                "", /*with_macro=*/false)},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  const std::string spec = "the/DET dog/NOUN saw/VERB big/ADJ cats/NOUN and/CCONJ mice/NOUN";
  text::Sentence plain = MakeSentence(spec, onto);
  text::Sentence traced = MakeSentence(spec, onto);
  std::vector<Extraction> out;
  engine->Run(&plain, &out);
  Trace trace;
  engine->Run(&traced, &out, &trace);
  EXPECT_TRUE(out.empty());
  const auto np = static_cast<uint8_t>(text::ChunkTypeIndex("NP"));
  const std::vector<std::pair<uint8_t, text::Iob>> expected = {
      {np, text::Iob::kB}, {np, text::Iob::kI}, {0, text::Iob::kO}, {np, text::Iob::kB},
      {np, text::Iob::kI}, {0, text::Iob::kO}, {np, text::Iob::kB}};
  ASSERT_EQ(plain.tokens.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(plain.tokens[i].chunk_type, expected[i].first) << i;
    EXPECT_EQ(plain.tokens[i].chunk_iob, expected[i].second) << i;
    EXPECT_EQ(traced.tokens[i].chunk_type, plain.tokens[i].chunk_type) << i;
    EXPECT_EQ(traced.tokens[i].chunk_iob, plain.tokens[i].chunk_iob) << i;
  }
  // "the dog", then "dog" (already marked: nothing emitted), "big cats", "mice".
  ASSERT_EQ(trace.fired.size(), 4u);
  EXPECT_TRUE(trace.fired[0].accepted);
  EXPECT_FALSE(trace.fired[1].accepted);
  EXPECT_EQ(trace.fired[1].match.begin, 1u);
  EXPECT_TRUE(trace.fired[2].accepted);
  EXPECT_TRUE(trace.fired[3].accepted);
}

TEST(RuleEngineTest, EntityStageAddsMentionsWithRole) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.person", "entity",
                                "(?<role>[lower=ambassador|senator]) (?<name>[pos=PROPN & ent=O]{1,3})",
                                "{\"entity\": \"name\", \"type\": \"Person\", \"role\": \"role\"}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence("Ambassador/PROPN Jane/PROPN Doe/PROPN spoke/VERB", onto);
  std::vector<Extraction> out;
  engine->Run(&s, &out);
  ASSERT_EQ(s.mentions.size(), 1u);
  EXPECT_EQ(s.mentions[0].begin, 1u);
  EXPECT_EQ(s.mentions[0].end, 3u);
  EXPECT_EQ(s.mentions[0].role, "Ambassador");
  EXPECT_EQ(onto.EntityTypeName(s.tokens[1].ent_type), "Person");
}

TEST(RuleEngineTest, ChecksCanRejectAndNarrow) {
  Ontology onto = LoadOntology();
  auto engine = Engine(
      {OneRule("t.acr", "relation",
               "(?<long>[shape=title || lower=for|and|of|the]+) [text=\\\"(\\\"] (?<abbr>[shape=upper]) [text=\\\")\\\"]",
               "{\"alias\": [\"long\", \"abbr\"]}", "[{\"predicate\": \"acronym_of\", \"args\": [\"abbr\", \"long\"]}]")},
      onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence(
      "Report/PROPN by/ADP the/DET Centre/PROPN for/ADP Research/PROPN and/CCONJ Security/PROPN "
      "Studies/PROPN (/PUNCT CRSS/PROPN )/PUNCT",
      onto);
  std::vector<Extraction> out;
  Trace trace;
  engine->Run(&s, &out, &trace);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Extraction::Kind::kAlias);
  EXPECT_EQ(Words(s, out[0].subject), "Centre for Research and Security Studies");
  EXPECT_EQ(Words(s, out[0].object), "CRSS");
  text::Sentence bad = MakeSentence("The/DET Big/PROPN Company/PROPN (/PUNCT XYZ/PROPN )/PUNCT", onto);
  out.clear();
  Trace bad_trace;
  engine->Run(&bad, &out, &bad_trace);
  EXPECT_TRUE(out.empty());
  ASSERT_FALSE(bad_trace.fired.empty());
  EXPECT_FALSE(bad_trace.fired[0].accepted);
  EXPECT_NE(bad_trace.fired[0].note.find("do not fit"), std::string::npos) << bad_trace.fired[0].note;
}

TEST(RuleEngineTest, RegexAndNegatedWordTestsUsePredicateBits) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.re", "relation",
                                "(?<s>[ent=Country]) (?<p>[lower~\\\"^counter-\\\" & lower!=counter-attack|counter-offer]) (?<o>[ent=ArmedGroup])",
                                "{\"open\": [\"s\", \"p\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  struct Row {
    const char* spec;
    bool match;
  };
  const Row rows[] = {
      {"Iraq/PROPN/B-Country counter-terrorism/NOUN ISIS/PROPN/B-ArmedGroup", true},
      {"Iraq/PROPN/B-Country counter-attack/NOUN ISIS/PROPN/B-ArmedGroup", false},
      {"Iraq/PROPN/B-Country counter-offer/NOUN ISIS/PROPN/B-ArmedGroup", false},
      {"Iraq/PROPN/B-Country anti-terrorism/NOUN ISIS/PROPN/B-ArmedGroup", false},
  };
  for (const auto& row : rows) {
    text::Sentence s = MakeSentence(row.spec, onto);
    std::vector<Extraction> out;
    engine->Run(&s, &out);
    EXPECT_EQ(out.size(), row.match ? 1u : 0u) << row.spec;
    if (row.match && !out.empty()) {
      EXPECT_TRUE(out[0].open);
      EXPECT_EQ(out[0].relation, "open:counter-terrorism");
    }
  }
}

TEST(RuleEngineTest, FindsSeveralMatchesInOneSentence) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.and", "relation", "(?<a>[ent=Country]) [lower=and] (?<b>[ent=Country])",
                                "{\"triple\": [\"a\", \"cooperates_with\", \"b\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence s = MakeSentence(
      "Chad/PROPN/B-Country and/CCONJ Mali/PROPN/B-Country ,/PUNCT Peru/PROPN/B-Country and/CCONJ "
      "Chile/PROPN/B-Country",
      onto);
  std::vector<Extraction> out;
  engine->Run(&s, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(Words(s, out[1].subject), "Peru");
}

TEST(RuleEngineTest, AnchorsMatchSentenceEdgesOnly) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.anchor", "relation", "^ (?<a>[ent=Country]) [lemma=reject] (?<b>[]) $",
                                "{\"triple\": [\"a\", \"rejects\", \"b\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence yes = MakeSentence("Iran/PROPN/B-Country reject/VERB talks/NOUN", onto);
  text::Sentence no = MakeSentence("So/ADV Iran/PROPN/B-Country reject/VERB talks/NOUN", onto);
  std::vector<Extraction> out;
  engine->Run(&yes, &out);
  EXPECT_EQ(out.size(), 1u);
  out.clear();
  engine->Run(&no, &out);
  EXPECT_TRUE(out.empty());
}

TEST(RuleEngineTest, BadRulesStopWithRuleIdAndReason) {
  Ontology onto = LoadOntology();
  struct Row {
    std::string file;
    const char* message_part;
  };
  const Row rows[] = {
      {OneRule("t.a", "relation", "(?<s>[]) [lemma=x] (?<o>[])", "{\"triple\": [\"s\", \"no_such_rel\", \"o\"]}"),
       "not in the ontology"},
      {OneRule("t.b", "relation", "(?<s>[]) [lemma=x] (?<o>[])", "{\"triple\": [\"s\", \"supports\", \"z\"]}"),
       "no capture named <z>"},
      {OneRule("t.c", "relation", "(?<s>[ent=Martian]) (?<o>[])", "{\"triple\": [\"s\", \"supports\", \"o\"]}"),
       "unknown entity type"},
      {OneRule("t.d", "relation", "(?<s>[]) (?<o>[])", "{\"triple\": [\"s\", \"supports\", \"o\"]}",
               "[{\"predicate\": \"no_such_check\", \"args\": [\"s\"]}]"),
       "unknown predicate"},
      {OneRule("t.e", "relation", "(?<s>[]) (?<o>[lower~\\\"(\\\"])", "{\"triple\": [\"s\", \"supports\", \"o\"]}"),
       "regex"},
      {OneRule("t.f", "chunk", "(?<s>[]) (?<o>[])", "{\"triple\": [\"s\", \"supports\", \"o\"]}"),
       "relation stage"},
      {OneRule("t.g", "relation", "(?<s>[pos=NOUN & pos=VERB])", "{\"alias\": [\"s\", \"s\"]}"),
       "can never match"},
  };
  for (const auto& row : rows) {
    auto engine = Engine({row.file}, onto);
    ASSERT_FALSE(engine.ok()) << row.message_part;
    EXPECT_EQ(engine.status().code(), StatusCode::kBadConfig);
    EXPECT_NE(engine.status().message().find("rule t."), std::string::npos) << engine.status().ToString();
    EXPECT_NE(engine.status().message().find(row.message_part), std::string::npos)
        << engine.status().ToString();
    EXPECT_GT(engine.status().where().line, 0) << engine.status().ToString();
  }
}

TEST(RuleEngineTest, TriggerIndexSkipsRulesWithoutTheirWord) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.trig", "relation", "(?<s>[]) [lemma=sanction] (?<o>[])",
                                "{\"triple\": [\"s\", \"sanctions\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok());
  text::Sentence s = MakeSentence("EU/PROPN sanction/VERB Iran/PROPN", onto);
  std::vector<Extraction> out;
  Trace trace;
  engine->Run(&s, &out, &trace);
  EXPECT_EQ(out.size(), 1u);
  text::Sentence other = MakeSentence("EU/PROPN praise/VERB Iran/PROPN", onto);
  Trace other_trace;
  out.clear();
  engine->Run(&other, &out, &other_trace);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(other_trace.fired.empty());
}

}  // namespace
}  // namespace relgraph::extract

namespace relgraph::extract {
namespace {

TEST(ShippedRulesTest, EveryShippedRuleFileLoadsAndCompiles) {
  Ontology onto = LoadOntology();
  auto engine = RuleEngine::Load({RELGRAPH_SOURCE_DIR "/schemas/rules"},
                                 RELGRAPH_SOURCE_DIR "/schemas/rules.schema.json", onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_GT(engine->rules().size(), 10u);
  for (const Rule& r : engine->rules()) {
    EXPECT_GE(r.examples.size(), 2u) << r.id;
    EXPECT_FALSE(engine->RuleRegex(r.id).empty()) << r.id;
  }
}

}  // namespace
}  // namespace relgraph::extract

namespace relgraph::extract {
namespace {

TEST(RuleEngineTest, ChecksOnAnAbsentOptionalCaptureAreSkipped) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.opt", "relation",
                                "(?<s>[ent=Country]) [lemma=back] (?<o>[ent=Country]) ([lower=and] (?<o2>[]))?",
                                "{\"triple\": [\"s\", \"supports\", \"o\"]}, {\"triple\": [\"s\", \"supports\", \"o2\"]}",
                                "[{\"predicate\": \"has_type\", \"args\": [\"o2\", \"Country\"]}]")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  text::Sentence without = MakeSentence("Chad/PROPN/B-Country back/VERB Mali/PROPN/B-Country", onto);
  std::vector<Extraction> out;
  engine->Run(&without, &out);
  EXPECT_EQ(out.size(), 1u);  // o2 absent: the check is skipped, its emit too
  text::Sentence with_bad = MakeSentence("Chad/PROPN/B-Country back/VERB Mali/PROPN/B-Country and/CCONJ bread/NOUN", onto);
  out.clear();
  engine->Run(&with_bad, &out);
  EXPECT_TRUE(out.empty());  // o2 present and not a country: the check fails
}

TEST(RuleEngineTest, TriggerIndexTakesAlternativesOfWords) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.or", "relation", "(?<s>[]) [lemma=condemn || lower=slammed] (?<o>[])",
                                "{\"triple\": [\"s\", \"criticizes\", \"o\"]}")},
                       onto);
  ASSERT_TRUE(engine.ok());
  for (const char* spec : {"EU/PROPN condemn/VERB Iran/PROPN", "EU/PROPN slammed/VERB Iran/PROPN"}) {
    text::Sentence s = MakeSentence(spec, onto);
    std::vector<Extraction> out;
    engine->Run(&s, &out);
    EXPECT_EQ(out.size(), 1u) << spec;
  }
  text::Sentence other = MakeSentence("EU/PROPN praise/VERB Iran/PROPN", onto);
  Trace trace;
  std::vector<Extraction> out;
  engine->Run(&other, &out, &trace);
  EXPECT_TRUE(trace.fired.empty());  // not even tried
}

// Each stage encodes tokens with only what its rules read: here the chunk
// stage's few words take one-byte ids (with a single != word, and a token test
// too big for the regex that becomes a predicate), and the relation stage's
// 300 words take two.
TEST(RuleEngineTest, EachStageEncodesOnlyWhatItsRulesRead) {
  Ontology onto = LoadOntology();
  std::string big;  // (pos=NOUN || lower=a0) & ... : 64 terms in DNF
  for (int i = 0; i < 6; ++i) big += std::string(i ? " & " : "") + "(pos=NOUN || lower=a" + std::to_string(i) + ")";
  std::string chunk = OneRule("t.np", "chunk", "(?<np> [pos=DET & lower!=this]? [" + big + "]+)",
                              "{\"chunk\": \"np\", \"type\": \"NP\"}");
  std::string words;
  for (int i = 0; i < 300; ++i) words += "w" + std::to_string(i) + "|";
  words += "criticize";
  std::string rel = OneRule("t.rel", "relation", "(?<s>@NP) [lemma=" + words + "] (?<o>@NP)",
                            "{\"triple\": [\"s\", \"criticizes\", \"o\"]}", "", /*with_macro=*/false);
  auto engine = Engine({chunk, rel}, onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  struct Row {
    const char* spec;
    const char* subject;  // "" = no triple
    const char* object;
  };
  const Row rows[] = {
      {"The/DET opposition/NOUN party/NOUN criticize/VERB the/DET budget/NOUN", "The opposition party",
       "the budget"},
      {"This/DET party/NOUN w299/VERB the/DET budget/NOUN", "party", "the budget"},
      {"The/DET party/NOUN praised/VERB the/DET budget/NOUN", "", ""},
  };
  for (const auto& row : rows) {
    text::Sentence s = MakeSentence(row.spec, onto);
    std::vector<Extraction> out;
    engine->Run(&s, &out);
    if (*row.subject == '\0') {
      EXPECT_TRUE(out.empty()) << row.spec;
      continue;
    }
    ASSERT_EQ(out.size(), 1u) << row.spec;
    EXPECT_EQ(Words(s, out[0].subject), row.subject) << row.spec;
    EXPECT_EQ(Words(s, out[0].object), row.object) << row.spec;
  }
  EXPECT_NE(engine->RuleRegex("t.np").find("\\x00"), std::string::npos);
}

// Token programs look up a token's lower-case form without building it for
// ASCII words, and reject most words on their first byte and length: words
// in capitals, typographic forms that normalise to shorter ASCII, long words
// and words that only share a prefix with a rule's word.
TEST(RuleEngineTest, TokenProgramsMatchTheNormalisedLowerCaseForm) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.w", "chunk",
                                "(?<np> [lower=and|élan|\\\"'s\\\"|-|a|internationally])",
                                "{\"chunk\": \"np\", \"type\": \"NP\"}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  struct Row {
    const char* word;
    bool marked;
  };
  const Row rows[] = {
      {"and", true},   {"AND", true},   {"And", true},   {"ÉLAN", true},   {"Élan", true},
      {"élan", true},  {"’s", true},    {"'s", true},    {"—", true},      {"-", true},
      {"A", true},     {"a", true},     {"INTERNATIONALLY", true},         {"Internationally", true},
      {"andy", false}, {"an", false},   {"élans", false}, {"’", false},     {"s", false},
      {"internationalist", false},      {"b", false},     {"Á", false},
      {"İNTERNATIONALLY", true},         {"İNTERNATIONAL", false},          {"“", false},
      {"\xC2\xA0", false},              {"é", false},     {"−", true},
  };
  for (const auto& row : rows) {
    text::Sentence s = MakeSentence(std::string("x/NOUN ") + row.word + "/X", onto);
    std::vector<Extraction> out;
    engine->RunStage(Stage::kChunk, &s, &out);
    EXPECT_EQ(s.tokens[1].chunk_iob, row.marked ? text::Iob::kB : text::Iob::kO) << row.word;
    EXPECT_EQ(s.tokens[0].chunk_iob, text::Iob::kO) << row.word;
  }
}

// A token program first searches without its visited set, and takes the set
// once the search has taken as many states as there are: a pattern with
// exponentially many paths over a long run of nouns still ends at once, with
// the leftmost-first match.
TEST(RuleEngineTest, TokenProgramsWithManyPathsFallBackToTheVisitedSet) {
  Ontology onto = LoadOntology();
  auto engine = Engine({OneRule("t.np", "chunk", "(?<np> ([pos=NOUN] | [pos=NOUN & lower!=zz])+ [pos=VERB])",
                                "{\"chunk\": \"np\", \"type\": \"NP\"}")},
                       onto);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  std::string nouns;
  for (int i = 0; i < 60; ++i) nouns += "n/NOUN ";
  struct Row {
    std::string spec;
    size_t begin, end;  // the chunk; begin == end: none
  };
  const Row rows[] = {
      {nouns + "v/VERB", 0, 61},
      {nouns + "a/ADJ n/NOUN n/NOUN v/VERB", 61, 64},
      {nouns + "a/ADJ", 0, 0},
  };
  for (const auto& row : rows) {
    text::Sentence s = MakeSentence(row.spec, onto);
    std::vector<Extraction> out;
    engine->RunStage(Stage::kChunk, &s, &out);
    for (size_t i = 0; i < s.tokens.size(); ++i) {
      const text::Iob want = i == row.begin && row.begin < row.end ? text::Iob::kB
                             : i > row.begin && i < row.end       ? text::Iob::kI
                                                                  : text::Iob::kO;
      EXPECT_EQ(s.tokens[i].chunk_iob, want) << "token " << i << " of " << row.spec;
    }
  }
}

// Rules that test only words and closed fields run as token programs; a rule
// with a regex test sends its whole stage to RE2 on the records. Both must
// find the same matches and captures: lazy and greedy loops, counted
// repeats, alternatives in order, anchors.
TEST(RuleEngineTest, TokenProgramsFindWhatRe2Finds) {
  Ontology onto = LoadOntology();
  const std::vector<std::string> patterns = {
      "(?<a>[pos=DET]? [pos=ADJ]*? [pos=NOUN]+) [lower=and|or] (?<b>[]{1,2}?) [pos=VERB]",
      "(?<a>[ent=B] [ent=I]*) ([pos=ADP] | [pos=ADV]{0,2}) (?<b>[pos=NOUN|PROPN]+?)",
      "^ (?<a>[]) (?<b>[pos=NOUN]*) $",
      "(?<a>[!pos=PUNCT & !lower=the]{2,3}) (?<b>[pos=NOUN || ent=Country])",
      "(?<a>([pos=DET] | [pos=DET] [pos=ADJ]) [pos=NOUN]) (?<b>[ent=Country]+)",
      "(?<a>[pos=NOUN]) ([lower=and] [pos=ADJ]*)* (?<b>[pos=VERB] []?) $",
      "(?<a>[]+?) [lower=said] (?<b>[]+)",
  };
  // The rules as a file; with_regex adds a last rule that never matches.
  auto file = [&patterns](bool with_regex) {
    std::vector<std::string> all = patterns;
    if (with_regex) all.push_back("(?<a>[text~\\\"^qqq$\\\"]) (?<b>[])");
    std::string json = "{\"rules\": [";
    for (size_t i = 0; i < all.size(); ++i) {
      if (i > 0) json += ", ";
      json += "{\"id\": \"t.r" + std::to_string(i) + "\", \"stage\": \"relation\", \"pattern\": \"" + all[i] +
              "\", \"emit\": [{\"triple\": [\"a\", \"cooperates_with\", \"b\"]}], \"examples\": [{\"text\": "
              "\"a\", \"expect\": []}, {\"text\": \"b\", \"expect\": []}]}";
    }
    return json + "]}";
  };
  auto programs = Engine({file(false)}, onto);
  auto re2 = Engine({file(true)}, onto);
  ASSERT_TRUE(programs.ok()) << programs.status().ToString();
  ASSERT_TRUE(re2.ok()) << re2.status().ToString();
  const char* words[] = {"the/DET",    "new/ADJ",   "big/ADJ",   "talks/NOUN",           "deal/NOUN",
                         "and/CCONJ",  "or/CCONJ",  "said/VERB", "met/VERB",             "in/ADP",
                         "very/ADV",   ",/PUNCT",   "Ali/PROPN/B-Person", "Iran/PROPN/B-Country",
                         "Oman/PROPN/B-Country",    "Khan/PROPN/I-Person"};
  uint32_t seed = 12345;
  auto next = [&seed](size_t k) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % k;
  };
  size_t total = 0;
  for (int i = 0; i < 400; ++i) {
    std::string spec;
    const size_t n = 1 + next(24);
    for (size_t k = 0; k < n; ++k) spec += std::string(k ? " " : "") + words[next(std::size(words))];
    text::Sentence a = MakeSentence(spec, onto);
    text::Sentence b = a;
    std::vector<Extraction> out_a, out_b;
    programs->Run(&a, &out_a);
    re2->Run(&b, &out_b);
    ASSERT_EQ(out_a.size(), out_b.size()) << spec;
    for (size_t k = 0; k < out_a.size(); ++k) {
      EXPECT_EQ(out_a[k].rule_id, out_b[k].rule_id) << spec;
      EXPECT_EQ(out_a[k].match, out_b[k].match) << spec << " " << out_a[k].rule_id;
      EXPECT_EQ(out_a[k].subject, out_b[k].subject) << spec << " " << out_a[k].rule_id;
      EXPECT_EQ(out_a[k].object, out_b[k].object) << spec << " " << out_a[k].rule_id;
    }
    total += out_a.size();
  }
  EXPECT_GT(total, 300u);
}

}  // namespace
}  // namespace relgraph::extract
