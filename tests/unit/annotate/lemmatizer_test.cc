// Tests of the lemmatizer: a table of words with their tags and lemmas
// (the shipped lists), the rules on words no list has, load errors, and
// lemma accuracy on the EWT dev split with gold tags.

#include "src/annotate/lemmatizer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "src/annotate/tagger_treebank.h"
#include "src/text/token.h"

namespace relgraph::annotate {
namespace {

const std::string kLexicon = std::string(RELGRAPH_SOURCE_DIR) + "/schemas/lexicon";
const std::string kEwt = std::string(RELGRAPH_SHARED_DIR) + "/data/ud-ewt/";

uint8_t U(const char* name) { return static_cast<uint8_t>(text::UposIndex(name)); }
uint8_t X(const char* name) { return static_cast<uint8_t>(text::XposIndex(name)); }
// A token with its text and tags (nullptr: untagged).
text::Token Tagged(const char* word, const char* upos = nullptr, const char* xpos = nullptr) {
  text::Token t;
  t.text = word;
  if (upos != nullptr) t.upos = U(upos);
  if (xpos != nullptr) t.xpos = X(xpos);
  return t;
}

struct Row {
  const char* word;
  const char* upos;
  const char* xpos;
  const char* lemma;
};

class ShippedLemmatizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Lemmatizer> l = Lemmatizer::Load(kLexicon);
    ASSERT_TRUE(l.ok()) << l.status().ToString();
    lem_ = new Lemmatizer(std::move(l.value()));
  }
  static void TearDownTestSuite() {
    delete lem_;
    lem_ = nullptr;
  }
  static void Check(const Row* rows, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const Row& r = rows[i];
      EXPECT_EQ(lem_->Lemma(r.word, U(r.upos), X(r.xpos)), r.lemma)
          << r.word << " " << r.upos << "/" << r.xpos;
    }
  }
  static Lemmatizer* lem_;
};
Lemmatizer* ShippedLemmatizerTest::lem_ = nullptr;

TEST_F(ShippedLemmatizerTest, LemmatisesTheIssueWords) {
  const Row kRows[] = {
      {"supports", "VERB", "VBZ", "support"},
      {"supported", "VERB", "VBD", "support"},
      {"supported", "VERB", "VBN", "support"},
      {"supporting", "VERB", "VBG", "support"},
      {"support", "VERB", "VB", "support"},
      {"supports", "NOUN", "NNS", "support"},
      {"agreed", "VERB", "VBD", "agree"},
      {"talks", "NOUN", "NNS", "talk"},
      {"countries", "NOUN", "NNS", "country"},
      {"was", "AUX", "VBD", "be"},
      {"were", "AUX", "VBD", "be"},
      {"is", "AUX", "VBZ", "be"},
      {"has", "AUX", "VBZ", "have"},
      {"had", "VERB", "VBD", "have"},
      {"held", "VERB", "VBD", "hold"},
      {"held", "VERB", "VBN", "hold"},
      {"'s", "PART", "POS", "'s"},
      {"'s", "AUX", "VBZ", "be"},
      {"n't", "PART", "RB", "not"},
      {"better", "ADJ", "JJR", "good"},
      {"best", "ADJ", "JJS", "good"},
      {"me", "PRON", "PRP", "I"},
      {"them", "PRON", "PRP", "they"},
      {"'ll", "AUX", "MD", "will"},
  };
  Check(kRows, std::size(kRows));
}

TEST_F(ShippedLemmatizerTest, FollowsTreebankConventions) {
  const Row kRows[] = {
      // Common words lower case, proper nouns as written.
      {"Talks", "NOUN", "NNS", "talk"},
      {"The", "DET", "DT", "the"},
      {"Pakistan", "PROPN", "NNP", "Pakistan"},
      {"NATO", "PROPN", "NNP", "NATO"},
      {"Americans", "PROPN", "NNPS", "American"},
      {"States", "PROPN", "NNPS", "State"},
      {"200,000", "NUM", "CD", "200000"},
      {"12", "NUM", "CD", "12"},
      // Typographic apostrophes.
      {"’s", "PART", "POS", "'s"},
      {"n’t", "PART", "RB", "not"},
      // Regular patterns.
      {"stopped", "VERB", "VBD", "stop"},
      {"hoped", "VERB", "VBD", "hope"},
      {"carried", "VERB", "VBD", "carry"},
      {"making", "VERB", "VBG", "make"},
      {"running", "VERB", "VBG", "run"},
      {"dying", "VERB", "VBG", "die"},
      {"bigger", "ADJ", "JJR", "big"},
      {"happier", "ADJ", "JJR", "happy"},
      {"nicest", "ADJ", "JJS", "nice"},
      {"boxes", "NOUN", "NNS", "box"},
      {"horses", "NOUN", "NNS", "horse"},
      {"wolves", "NOUN", "NNS", "wolf"},
      {"children", "NOUN", "NNS", "child"},
      {"went", "VERB", "VBD", "go"},
      // Run-time tokens the treebank splits.
      {"violence-linked", "VERB", "VBN", "violence-link"},
      {"U.S.-backed", "VERB", "VBN", "u.s.-back"},
  };
  Check(kRows, std::size(kRows));
}

TEST_F(ShippedLemmatizerTest, LemmatizeSetsTokenLemmas) {
  std::vector<text::Token> tokens = {Tagged("Pakistan", "PROPN", "NNP"), Tagged("welcomed", "VERB", "VBD"),
                                     Tagged("Talks")};  // untagged: lower-cased text
  lem_->Lemmatize(&tokens);
  EXPECT_EQ(tokens[0].lemma, "Pakistan");
  EXPECT_EQ(tokens[1].lemma, "welcome");
  EXPECT_EQ(tokens[2].lemma, "talks");
}

TEST_F(ShippedLemmatizerTest, ReachesTargetOnEwtDevWithGoldTags) {
  const std::string dev_path = kEwt + "en_ewt-ud-dev.conllu.gz";
  if (!std::filesystem::exists(dev_path)) {
    GTEST_SKIP() << "SKIPPED LOUDLY: UD EWT dev split not found at " << dev_path;
  }
  Result<std::vector<TaggedSentence>> dev = ReadConllu(dev_path);
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  int64_t n = 0, ok = 0;
  for (const auto& s : dev.value()) {
    for (const auto& w : s.words) {
      ++n;
      ok += lem_->Lemma(w.form, w.upos, w.xpos) == w.lemma;
    }
  }
  const double pct = 100.0 * static_cast<double>(ok) / static_cast<double>(n);
  std::printf("EWT dev lemma accuracy with gold tags: %.2f%% of %lld\n", pct, static_cast<long long>(n));
  EXPECT_GE(pct, 98.0);
}

TEST_F(ShippedLemmatizerTest, EveryShippedExceptionIsFound) {
  // The exception table is screened by a bit filter before it is hashed: a
  // filter that ruled out a listed (form, tag) would silently fall back to
  // the rules. Every line of the shipped list must come back as written.
  std::ifstream in(kLexicon + "/lemma_exceptions.tsv");
  ASSERT_TRUE(in.good()) << "missing " << kLexicon << "/lemma_exceptions.tsv";
  std::string line;
  int64_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t');
    const size_t b = line.find('\t', a + 1);
    ASSERT_NE(b, std::string::npos) << line;
    const std::string form = line.substr(0, a);
    const std::string xpos = line.substr(a + 1, b - a - 1);
    const std::string lemma = line.substr(b + 1);
    ++n;
    EXPECT_EQ(lem_->Lemma(form, U("X"), X(xpos.c_str())), lemma) << form << "/" << xpos;
  }
  EXPECT_GT(n, 1000);
}

TEST_F(ShippedLemmatizerTest, FastPathsAgreeWithTheRules) {
  // Lemma() lower-cases ASCII words in place and lemmatises proper nouns
  // itself; RuleLemma() is the reference for words the exceptions lack.
  const Row kRows[] = {
      {"Pakistan", "PROPN", "NNP", "Pakistan"},
      {"TEHRAN", "PROPN", "NNP", "Tehran"},
      {"NATO", "PROPN", "NNP", "NATO"},
      {"Sharif", "PROPN", "NNP", "Sharif"},
      {"Americans", "PROPN", "NNPS", "American"},
      {"Sharif\u2019s", "PROPN", "NNP", "Sharif's"},
      {"Talks", "NOUN", "NNS", "talk"},
      {"HELD", "VERB", "VBD", "hold"},
      {"Zzyzx", "NOUN", "NN", "zzyzx"},
  };
  for (const Row& r : kRows) {
    std::string rules;
    lem_->RuleLemma(r.word, U(r.upos), X(r.xpos), &rules);
    const std::string fast = lem_->Lemma(r.word, U(r.upos), X(r.xpos));
    EXPECT_EQ(fast, r.lemma) << r.word;
    if (std::string(r.xpos) == "NNP" || std::string(r.xpos) == "NNPS") {
      EXPECT_EQ(fast, rules) << r.word;
    }
  }
}

// Lemmatize() loads a token's text in whole 8-byte words (the bytes past
// it masked off); Lemma() on a string_view reads only the word's bytes.
TEST_F(ShippedLemmatizerTest, LemmatizeAgreesWithLemmaOnWordsOfEveryLength) {
  const std::string letters = "CountriesWelcomedTheAgreementsX";
  std::vector<text::Token> tokens;
  for (size_t len = 1; len <= letters.size(); ++len) {
    for (const char* tag : {"NNS", "VBD", "NN", "NNP"}) {
      text::Token t;
      t.text = letters.substr(0, len);
      t.text.reserve(40);  // garbage-free or not, the bytes past the text must not matter
      t.upos = U(std::string(tag) == "NNP" ? "PROPN" : "NOUN");
      t.xpos = X(tag);
      tokens.push_back(t);
    }
  }
  lem_->Lemmatize(&tokens);
  for (const text::Token& t : tokens) {
    EXPECT_EQ(t.lemma, lem_->Lemma(t.text, t.upos, t.xpos)) << t.text;
  }
}

TEST_F(ShippedLemmatizerTest, TypographicPunctuationIsLemmatisedAsItsAsciiForm) {
  // Words that normalise to ASCII (curly apostrophes and quotes, dashes,
  // the ellipsis) take the ASCII word's path: same lemma as the ASCII form.
  const Row kRows[] = {
      {"\u2019s", "AUX", "VBZ", "be"},          {"\u2019S", "PART", "POS", "'s"},
      {"n\u2019t", "PART", "RB", "not"},        {"\u201C", "PUNCT", "``", "\""},
      {"\u2014", "PUNCT", ":", "-"},             {"\u2026", "PUNCT", ":", "..."},
      {"Sharif\u2019s", "PROPN", "NNP", ""},    {"countries\u2019", "NOUN", "NNS", ""},
      {"caf\u00E9s", "NOUN", "NNS", ""},        {"\u2019re", "AUX", "VBP", "be"},
  };
  for (const Row& r : kRows) {
    std::string norm(r.word);
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"\u2019", "'"}, {"\u201C", "\""}, {"\u2014", "--"}, {"\u2026", "..."}}) {
      for (size_t at = norm.find(from); at != std::string::npos; at = norm.find(from)) {
        norm.replace(at, from.size(), to);
      }
    }
    const std::string fast = lem_->Lemma(r.word, U(r.upos), X(r.xpos));
    if (norm == "--") norm = "-";
    if (norm != r.word) {
      EXPECT_EQ(fast, lem_->Lemma(norm, U(r.upos), X(r.xpos))) << r.word;
    }
    if (r.lemma[0] != '\0') {
      EXPECT_EQ(fast, r.lemma) << r.word;
    }
  }
  // "he’s been": the curly apostrophe's "be" becomes "have" as with "'s".
  std::vector<text::Token> tokens = {Tagged("\u2019s", "AUX", "VBZ"), Tagged("been", "AUX", "VBN")};
  lem_->Lemmatize(&tokens);
  EXPECT_EQ(tokens[0].lemma, "have");
  EXPECT_EQ(tokens[1].lemma, "be");
}

// "'s" is "have" before "been", "got" and "gotten", wherever the pair stands
// in the sentence, and only then (the test runs in the lemma pass itself).
TEST_F(ShippedLemmatizerTest, HasBeforeAParticipleAnywhereInTheSentence) {
  struct Case {
    std::vector<const char*> words;  // tagged VBZ ('s, is) or VBN (the rest)
    std::vector<const char*> lemmas;
  };
  const Case kCases[] = {
      {{"'s", "been"}, {"have", "be"}},
      {{"he", "'s", "been"}, {"he", "have", "be"}},
      {{"it", "'s", "got", "it"}, {"it", "have", "get", "it"}},
      {{"'s", "gotten"}, {"have", "get"}},
      {{"'s", "'s", "been"}, {"be", "have", "be"}},
      {{"is", "been"}, {"be", "be"}},
      {{"'s", "done"}, {"be", "do"}},
      {{"been", "'s"}, {"be", "be"}},
  };
  for (const Case& c : kCases) {
    std::vector<text::Token> tokens;
    for (const char* w : c.words) {
      const std::string word = w;
      if (word == "'s" || word == "is") {
        tokens.push_back(Tagged(w, "AUX", "VBZ"));
      } else if (word == "he" || word == "it") {
        tokens.push_back(Tagged(w, "PRON", "PRP"));
      } else {
        tokens.push_back(Tagged(w, "VERB", "VBN"));
      }
    }
    lem_->Lemmatize(&tokens);
    ASSERT_EQ(tokens.size(), c.lemmas.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      EXPECT_EQ(tokens[i].lemma, c.lemmas[i]) << c.words[0] << " ... token " << i;
    }
  }
}

// ------------------------------------------------------------ rules alone

TEST(LemmaRulesTest, RulesUseTheBaseWordList) {
  // A list with only these base words: the rules must pick the candidate
  // that is a known word.
  Lemmatizer l = Lemmatizer::FromLists(
      {{"agree", kLemmaVerb}, {"need", kLemmaVerb}, {"hop", kLemmaVerb}, {"hope", kLemmaVerb},
       {"bus", kLemmaNoun}, {"tie", kLemmaNoun}},
      {});
  const Row kRows[] = {
      {"agreed", "VERB", "VBD", "agree"},  // not "agre"
      {"needed", "VERB", "VBD", "need"},   // not "neede"
      {"hoped", "VERB", "VBD", "hope"},    // both known: the single consonant says hope
      {"hopped", "VERB", "VBD", "hop"},
      {"buses", "NOUN", "NNS", "bus"},
      {"ties", "NOUN", "NNS", "tie"},
      // Unknown words: regular patterns.
      {"zorbed", "VERB", "VBD", "zorb"},
      {"blogged", "VERB", "VBD", "blog"},
      {"activated", "VERB", "VBD", "activate"},
      {"parties", "NOUN", "NNS", "party"},
      {"glasses", "NOUN", "NNS", "glass"},
      {"analysis", "NOUN", "NN", "analysis"},
  };
  for (const Row& r : kRows) {
    EXPECT_EQ(l.Lemma(r.word, U(r.upos), X(r.xpos)), r.lemma) << r.word;
  }
}

TEST(LemmaRulesTest, ExceptionsWinOverRules) {
  Lemmatizer l = Lemmatizer::FromLists({{"good", kLemmaAdj}},
                                       {{"better", X("JJR"), "good"}, {"i", X("PRP"), "I"}});
  EXPECT_EQ(l.Lemma("better", U("ADJ"), X("JJR")), "good");
  EXPECT_EQ(l.Lemma("Better", U("ADJ"), X("JJR")), "good");
  EXPECT_EQ(l.Lemma("better", U("NOUN"), X("NN")), "better");  // other tag: rules
  EXPECT_EQ(l.Lemma("I", U("PRON"), X("PRP")), "I");
  EXPECT_EQ(l.Lemma("", U("NOUN"), X("NN")), "");
}

TEST(LemmaRulesTest, ExceptionsMatchWholeFormsOfEveryLength) {
  // Short ASCII words are lower-cased 8 bytes at a time and their exception
  // key packs their bytes; forms over 8 bytes share packed keys when their
  // first and last 8 bytes agree, so the table must compare whole forms.
  const std::string long_a = "abcdefghxijklmnop";  // 17 bytes
  const std::string long_b = "abcdefghyijklmnop";  // same first and last 8 bytes
  const std::string very_long(40, 'q');            // past the stack-buffer path
  Lemmatizer l = Lemmatizer::FromLists(
      {}, {{"a", X("NN"), "A1"},
           {"ab", X("NN"), "A2"},
           {"abcdefgh", X("NN"), "A8"},
           {"abcdefghi", X("NN"), "A9"},
           {long_a, X("NN"), "LA"},
           {very_long, X("NN"), "VL"}});
  const Row kRows[] = {
      {"a", "NOUN", "NN", "A1"},
      {"AB", "NOUN", "NN", "A2"},
      {"abc", "NOUN", "NN", "abc"},
      {"ABCDEFGH", "NOUN", "NN", "A8"},
      {"abcdefg", "NOUN", "NN", "abcdefg"},
      {"AbcdefghI", "NOUN", "NN", "A9"},
      {"abcdefghij", "NOUN", "NN", "abcdefghij"},
      {"abcdefghXIJKLMNOP", "NOUN", "NN", "LA"},
      {"abcdefghYijklmnop", "NOUN", "NN", "abcdefghyijklmnop"},
      {"abcdefgh", "NOUN", "NNS", "abcdefgh"},  // other tag
      // Bytes next to the upper-case letters stay as they are.
      {"@[`{AZaz09", "NOUN", "NN", "@[`{azaz09"},
      {"@Z[A`{0123456789ABCDEFGHIJ", "NOUN", "NN", "@z[a`{0123456789abcdefghij"},
  };
  for (const Row& r : kRows) {
    EXPECT_EQ(l.Lemma(r.word, U(r.upos), X(r.xpos)), r.lemma) << r.word;
  }
  EXPECT_EQ(l.Lemma(long_b, U("NOUN"), X("NN")), long_b);
  EXPECT_EQ(l.Lemma(std::string(40, 'Q'), U("NOUN"), X("NN")), "VL");
  EXPECT_EQ(l.Lemma(std::string(33, 'Q'), U("NOUN"), X("NN")), std::string(33, 'q'));
  // The lemma is written into the string given, whatever it held before.
  std::string out = "a much longer previous lemma than any of these";
  l.Lemma("Ab", U("NOUN"), X("NN"), &out);
  EXPECT_EQ(out, "A2");
  l.Lemma("Word", U("NOUN"), X("NN"), &out);
  EXPECT_EQ(out, "word");
}

// ------------------------------------------------------------ load errors

class LemmaLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("relgraph_lemma_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& data) {
    std::ofstream(dir_ / name, std::ios::binary) << data;
  }
  std::filesystem::path dir_;
};

TEST_F(LemmaLoadTest, MissingFilesAreNotFound) {
  Result<Lemmatizer> l = Lemmatizer::Load(dir_.string());
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), StatusCode::kNotFound);
  EXPECT_NE(l.status().ToString().find("lemma_exceptions.tsv"), std::string::npos);
}

TEST_F(LemmaLoadTest, MalformedLinesAreBadConfigWithLine) {
  // lemma_words.tsv.gz may be plain text too: ReadMaybeGzipFile only
  // inflates .gz names, so write a real gzip file via the Save path.
  Lemmatizer good = Lemmatizer::FromLists({{"talk", kLemmaNoun}}, {{"went", X("VBD"), "go"}});
  ASSERT_TRUE(good.Save(dir_.string()).ok());
  Result<Lemmatizer> ok = Lemmatizer::Load(dir_.string());
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->Lemma("went", U("VERB"), X("VBD")), "go");
  EXPECT_EQ(ok->Lemma("talks", U("NOUN"), X("NNS")), "talk");

  Write("lemma_exceptions.tsv", "# comment\nwent\tVBD\tgo\nbroken line\n");
  Result<Lemmatizer> l = Lemmatizer::Load(dir_.string());
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().code(), StatusCode::kBadConfig);
  EXPECT_EQ(l.status().where().line, 3);

  Write("lemma_exceptions.tsv", "went\tVBX\tgo\n");
  l = Lemmatizer::Load(dir_.string());
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.status().message().find("VBX"), std::string::npos);
}

}  // namespace
}  // namespace relgraph::annotate
