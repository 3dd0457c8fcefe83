// Tests of the part-of-speech tagger: tags that matter on a table of
// sentences, headline and hyphen handling, model load errors, deterministic
// training, and accuracy of the shipped model on the EWT dev split.

#include "src/annotate/tagger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unordered_map>
#include <fstream>
#include <map>
#include <iterator>
#include <sstream>
#include <string_view>
#include <thread>
#include <string>
#include <vector>

#include "src/annotate/tagger_features.h"
#include "src/annotate/tagger_model.h"
#include "src/annotate/tagger_train.h"
#include "src/annotate/tagger_treebank.h"
#include "src/text/token.h"

namespace relgraph::annotate {
namespace {

const std::string kModel = std::string(RELGRAPH_SOURCE_DIR) + "/schemas/models/tagger-en-ewt.bin";
const std::string kEwt = std::string(RELGRAPH_SHARED_DIR) + "/data/ud-ewt/";

std::vector<std::string> Split(const std::string& s) {
  std::istringstream in(s);
  return {std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
}

std::string TagName(const PosTag& t) {
  return std::string(text::UposTags()[t.upos]) + "/" + std::string(text::XposTags()[t.xpos]);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("relgraph_tagger_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

class ShippedTaggerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Tagger> t = Tagger::Load(kModel);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    tagger_ = new Tagger(std::move(t.value()));
  }
  static void TearDownTestSuite() {
    delete tagger_;
    tagger_ = nullptr;
  }
  // Tags a space-separated sentence as run-time text (Tag()).
  static std::vector<std::string> TagText(const std::string& sentence) {
    std::vector<std::string> words = Split(sentence);
    std::vector<std::string_view> views(words.begin(), words.end());
    std::vector<PosTag> tags;
    tagger_->TagText(views, &tags);
    std::vector<std::string> out;
    for (const PosTag& t : tags) out.push_back(TagName(t));
    return out;
  }
  static Tagger* tagger_;
};
Tagger* ShippedTaggerTest::tagger_ = nullptr;

struct Case {
  const char* sentence;  // tokens separated by spaces
  int index;             // token to check
  const char* expected;  // UPOS/XPOS
};

TEST_F(ShippedTaggerTest, TagsTheWordsThatMatter) {
  const Case kCases[] = {
      // Former bug: with words restricted to the first 48 classes, the
      // unknown bullet was read as ADP/IN or VERB/VB (and "reassures" as a
      // noun after it). Bullets now read as "*".
      {"\xE2\x80\xA2 US reassures of technical assistance to Pakistan .", 0, "PUNCT/NFP"},
      {"\xE2\x80\xA2 US reassures of technical assistance to Pakistan .", 2, "VERB/VBZ"},
      {"\xE2\x97\x8F Islamabad , Washington agree on deterring terrorist groups .", 0, "PUNCT/NFP"},
      // Verb or noun by context.
      {"The US supports Pakistan in its fight against terrorism .", 2, "VERB/VBZ"},
      {"The bridge collapsed when its supports gave way .", 5, "NOUN/NNS"},
      {"Washington has long supported Islamabad .", 3, "VERB/VBN"},
      {"Pakistan and India agreed to resume talks on trade .", 3, "VERB/VBD"},
      {"Pakistan and India agreed to resume talks on trade .", 5, "VERB/VB"},
      {"Pakistan and India agreed to resume talks on trade .", 6, "NOUN/NNS"},
      {"Both sides agreed on a ceasefire .", 2, "VERB/VBD"},
      {"The deal was agreed last year .", 3, "VERB/VBN"},
      {"The countries held talks on trade .", 2, "VERB/VBD"},
      {"The countries held talks on trade .", 3, "NOUN/NNS"},
      {"He talks to reporters every week .", 1, "VERB/VBZ"},
      // Auxiliaries and clitics.
      {"He has held several meetings with the minister .", 1, "AUX/VBZ"},
      {"He has held several meetings with the minister .", 2, "VERB/VBN"},
      {"The minister said it was n't a good deal .", 4, "AUX/VBD"},
      {"The minister said it was n't a good deal .", 5, "PART/RB"},
      {"Pakistan 's army chief met the general .", 1, "PART/POS"},
      {"It 's a long way to go .", 1, "AUX/VBZ"},
      {"They will meet again next month .", 1, "AUX/MD"},
      // Typographic apostrophes and quotes read as their ASCII forms.
      {"Pakistan ’s army chief met the general .", 1, "PART/POS"},
      {"The minister said it was n’t a good deal .", 5, "PART/RB"},
      {"He called it “ a historic step ” .", 3, "PUNCT/``"},
      {"He called it “ a historic step ” .", 7, "PUNCT/''"},
      // Proper nouns, numbers, comparatives.
      {"Prime Minister Shehbaz Sharif visited Washington on Monday .", 3, "PROPN/NNP"},
      {"Prime Minister Shehbaz Sharif visited Washington on Monday .", 5, "PROPN/NNP"},
      {"The attack killed 12 soldiers .", 3, "NUM/CD"},
      {"Relations are better than they were .", 2, "ADJ/JJR"},
      // Former bugs and run-time tokenisation.
      {"Pakistan Army Chief Meets Top US General in Rawalpindi", 3, "VERB/VBZ"},
      {"US SUPPORTS PAKISTAN IN FIGHT AGAINST TERRORISM", 1, "VERB/VBZ"},
      {"Officials blamed the violence-linked shutdown on militants .", 3, "VERB/VBN"},
      {"The U.S.-led coalition responded .", 1, "VERB/VBN"},
      // A short clause's only verb is finite (the model alone read these as
      // VBN, which made "Kenya praised Ghana" one noun phrase); participles
      // in their own places stay VBN.
      {"Kenya praised Ghana .", 1, "VERB/VBD"},
      {"The minister praised Ghana .", 2, "VERB/VBD"},
      {"Kenya criticised Ghana .", 1, "VERB/VBD"},
      {"The minister praised Ghana and said it was a partner .", 2, "VERB/VBD"},
      {"The weapons seized Tuesday were destroyed .", 2, "VERB/VBN"},
      {"Five killed in blast", 1, "VERB/VBN"},
      {"The talks have helped both sides .", 3, "VERB/VBN"},
      {"China accounts for nearly 30 percent of global emissions .", 1, "VERB/VBZ"},
      {"Pakistan calls for calm in Kashmir .", 1, "VERB/VBZ"},
      {"Government accounts for 2020 were audited .", 1, "NOUN/NNS"},
      {"US forces in Syria", 1, "NOUN/NNS"},
  };
  for (const Case& c : kCases) {
    std::vector<std::string> tags = TagText(c.sentence);
    ASSERT_LT(static_cast<size_t>(c.index), tags.size()) << c.sentence;
    EXPECT_EQ(tags[static_cast<size_t>(c.index)], c.expected)
        << "word " << Split(c.sentence)[static_cast<size_t>(c.index)] << " in: " << c.sentence;
  }
}

TEST_F(ShippedTaggerTest, TagSetsUposAndXposOfTokens) {
  std::vector<text::Token> tokens;
  for (const char* w : {"The", "US", "supports", "Pakistan", "."}) {
    text::Token t;
    t.text = w;
    tokens.push_back(t);
  }
  tagger_->Tag(&tokens);
  EXPECT_EQ(text::UposTags()[tokens[2].upos], "VERB");
  EXPECT_EQ(text::XposTags()[tokens[2].xpos], "VBZ");
  EXPECT_EQ(text::UposTags()[tokens[3].upos], "PROPN");
  EXPECT_EQ(text::UposTags()[tokens[4].upos], "PUNCT");
  std::vector<text::Token> empty;
  tagger_->Tag(&empty);  // must not crash
  EXPECT_TRUE(empty.empty());
}

TEST_F(ShippedTaggerTest, TagWordsKeepsTreebankTokens) {
  // TagWords does not split hyphenated words: one tag per input word.
  std::vector<std::string_view> words = {"a", "well-known", "fact"};
  std::vector<PosTag> tags;
  tagger_->TagWords(words, &tags);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(TagName(tags[0]), "DET/DT");
  EXPECT_EQ(TagName(tags[2]), "NOUN/NN");
}

TEST_F(ShippedTaggerTest, ShippedModelReachesTargetOnEwtDev) {
  const std::string dev_path = kEwt + "en_ewt-ud-dev.conllu.gz";
  if (!std::filesystem::exists(dev_path)) {
    GTEST_SKIP() << "SKIPPED LOUDLY: UD EWT dev split not found at " << dev_path;
  }
  Result<std::vector<TaggedSentence>> dev = ReadConllu(dev_path);
  ASSERT_TRUE(dev.ok()) << dev.status().ToString();
  TaggerScores sc = EvaluateTagger(*tagger_, dev.value());
  std::printf("EWT dev: %lld tokens, UPOS %.2f%%, XPOS %.2f%%, unknown words UPOS %.2f%%\n",
              static_cast<long long>(sc.tokens), sc.upos, sc.xpos, sc.unknown_upos);
  EXPECT_GT(sc.tokens, 20000);
  EXPECT_GE(sc.upos, 95.0);
  EXPECT_GE(sc.xpos, 94.0);
}

// ------------------------------------------------------------ fast paths

namespace ti = tagger_internal;

// Sentences to check the fast paths on: a few of our own (so that the tests
// run without the treebank), then the EWT dev split when it is there.
std::vector<std::vector<std::string>> CheckSentences(bool* have_dev) {
  std::vector<std::vector<std::string>> out;
  for (const char* s : {
           "The US supports Pakistan in its fight against terrorism .",
           "Pakistan and India agreed to resume talks on trade .",
           "He has held several meetings with the minister .",
           "PAKISTAN ARMY CHIEF MEETS TOP US GENERAL",
           "Officials blamed the violence-linked shutdown on militants in 2024 .",
           "It 's a long way to go , said Sharif , who was n't there .",
       }) {
    out.push_back(Split(s));
  }
  *have_dev = false;
  Result<std::vector<TaggedSentence>> dev = ReadConllu(kEwt + "en_ewt-ud-dev.conllu.gz");
  if (dev.ok()) {
    *have_dev = true;
    for (const TaggedSentence& s : dev.value()) {
      out.emplace_back();
      for (const TaggedWord& w : s.words) out.back().push_back(w.form);
    }
  }
  return out;
}

// The WordInfo of a sentence as Tagger::Model::TagNormalized computes it.
std::vector<ti::WordInfo> Infos(const Tagger::Model& m, const std::vector<std::string>& words) {
  std::vector<ti::WordInfo> info(words.size());
  std::string norm, scratch;
  for (size_t i = 0; i < words.size(); ++i) {
    ti::NormalizeToken(words[i], &norm);
    ti::ComputeWordInfo(norm, i, m.lexicon, &scratch, &info[i], m.row_infos.data());
  }
  ti::SetSentenceShape(info.data(), info.size());
  return info;
}

TEST_F(ShippedTaggerTest, PrecomputedRowsTagExactlyAsLookingUpEveryFeature) {
  // The run-time path adds precomputed rows (a frequent word's own features,
  // its features as a neighbour) and indexes tag features directly; both
  // passes must choose exactly what summing the looked-up features chooses.
  const Tagger::Model& m = tagger_->model();
  ASSERT_FALSE(m.rows1.empty());
  bool have_dev = false;
  int64_t tokens = 0, with_row = 0, differ1 = 0, differ = 0;
  for (const auto& words : CheckSentences(&have_dev)) {
    const std::vector<ti::WordInfo> info = Infos(m, words);
    const size_t n = words.size();
    std::vector<uint16_t> fast1(n), fast(n), slow1(n), slow(n);
    m.Decode(info.data(), n, fast1.data(), fast.data(), true);
    m.Decode(info.data(), n, slow1.data(), slow.data(), false);
    for (size_t i = 0; i < n; ++i) {
      ++tokens;
      with_row += info[i].row != 0;
      differ1 += fast1[i] != slow1[i];
      differ += fast[i] != slow[i];
    }
  }
  std::printf("fast vs slow path: %lld tokens (%lld with precomputed rows), %lld + %lld differ\n",
              static_cast<long long>(tokens), static_cast<long long>(with_row),
              static_cast<long long>(differ1), static_cast<long long>(differ));
  EXPECT_GT(with_row, tokens / 3) << "the check did not exercise the precomputed rows";
  EXPECT_EQ(differ1, 0);
  EXPECT_EQ(differ, 0);
  if (!have_dev) std::printf("SKIPPED PART LOUDLY: EWT dev split not found; checked built-in sentences only\n");
}

TEST_F(ShippedTaggerTest, CachedWordRowsTagExactlyAsLookingUpEveryFeature) {
  // Words without precomputed rows (and every first word) are cached the
  // second time they are seen, with their rows; tags from the cache must be
  // exactly those of summing the looked-up features. Three rounds: the
  // first notes the words, the second fills the cache, the third reads it.
  const Tagger::Model& m = tagger_->model();
  bool have_dev = false;
  std::vector<std::vector<std::string>> sentences = CheckSentences(&have_dev);
  std::vector<std::vector<std::string>> normalized;
  for (const auto& words : sentences) {
    normalized.emplace_back();
    for (const std::string& w : words) {
      std::string norm;
      ti::NormalizeToken(w, &norm);
      normalized.back().push_back(norm);
    }
  }
  int64_t tokens = 0, differ = 0;
  for (int round = 0; round < 3; ++round) {
    for (const auto& words : normalized) {
      const std::vector<std::string_view> views(words.begin(), words.end());
      std::vector<uint16_t> fast(views.size()), slow(views.size());
      m.TagNormalized(views, fast.data(), true);
      m.TagNormalized(views, slow.data(), false);
      ASSERT_EQ(fast.size(), slow.size());
      for (size_t i = 0; i < fast.size(); ++i) {
        ++tokens;
        differ += fast[i] != slow[i];
      }
    }
  }
  std::printf("cached vs slow path: %lld tokens, %lld differ, %u words cached\n",
              static_cast<long long>(tokens), static_cast<long long>(differ), m.word_cache.size());
  EXPECT_EQ(differ, 0);
  EXPECT_GT(m.word_cache.size(), have_dev ? 1000u : 10u) << "the check did not exercise the cache";
}

TEST_F(ShippedTaggerTest, ThreadsSharingTheWordCacheTagAsOneThreadDoes) {
  bool have_dev = false;
  std::vector<std::vector<std::string>> sentences = CheckSentences(&have_dev);
  auto tag_all = [&](std::vector<std::vector<PosTag>>* out) {
    for (const auto& words : sentences) {
      const std::vector<std::string_view> views(words.begin(), words.end());
      out->emplace_back();
      tagger_->TagText(views, &out->back());
    }
  };
  std::vector<std::vector<PosTag>> serial, a, b;
  tag_all(&serial);
  std::thread ta([&] { tag_all(&a); });
  std::thread tb([&] { tag_all(&b); });
  ta.join();
  tb.join();
  EXPECT_TRUE(a == serial);
  EXPECT_TRUE(b == serial);
}

// `table` with weight `w` for class `cls` on each of `keys` (added when a
// key has no weights): for building rows that do not fit int8.
ti::WeightTable WithWeights(const ti::WeightTable& table, const std::vector<uint64_t>& add, uint16_t cls,
                            int16_t w) {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  std::vector<ti::WeightEntry> entries;
  table.Export(&keys, &counts, &entries);
  std::map<uint64_t, std::map<uint16_t, int16_t>> weights;
  size_t e = 0;
  for (size_t f = 0; f < keys.size(); ++f) {
    for (uint32_t k = 0; k < counts[f]; ++k, ++e) weights[keys[f]][entries[e].cls] = entries[e].w;
  }
  for (uint64_t key : add) weights[key][cls] = w;
  keys.clear();
  entries.clear();
  std::vector<uint32_t> begins;
  for (const auto& [key, by_class] : weights) {
    keys.push_back(key);
    begins.push_back(static_cast<uint32_t>(entries.size()));
    for (const auto& [c, v] : by_class) entries.push_back(ti::WeightEntry{c, v});
  }
  ti::WeightTable out;
  out.Build(keys, begins, std::move(entries), table.scale());
  return out;
}

TEST(TaggerRowsTest, RowsThatDoNotFitInt8TagExactlyAsLookingUpEveryFeature) {
  // Neighbour rows (of a frequent word, of the sentence boundary, of a
  // cached word) are int8 where their sums fit and fall back to looking up
  // the features otherwise. Weights of 127 on several features of one word
  // force each case (and an own row far outside int8); the tags must stay
  // those of summing the looked-up features.
  Result<Tagger> loaded = Tagger::Load(kModel);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  // The test owns this model; only its weights change, before tagging.
  auto& m = const_cast<Tagger::Model&>(loaded->model());
  ASSERT_FALSE(m.rows1.empty());
  std::string scratch;
  auto info_of = [&](const std::string& word) {
    ti::WordInfo info;
    ti::ComputeWordInfo(word, 1, m.lexicon, &scratch, &info);
    return info;
  };
  const ti::WordInfo the = info_of("the");
  const ti::WordInfo rare = info_of("Blorfingtonian");
  ASSERT_NE(the.row, 0u);
  ASSERT_LT(the.row - 1, m.rows1.role_words) << "'the' should have neighbour rows";
  ASSERT_EQ(rare.row, 0u);
  ti::Features own, roles;
  ti::AddWordFeatures(the, &own);
  ti::AddRoleFeatures(ti::Role::kNext1, &the, &roles);
  ti::AddRoleFeatures(ti::Role::kPrev1, nullptr, &roles);
  for (int k = 0; k < ti::kNumRoles; ++k) ti::AddRoleFeatures(static_cast<ti::Role>(k), &rare, &roles);
  ASSERT_GE(own.n, 2u);
  std::vector<uint64_t> keys(own.keys, own.keys + own.n);
  keys.insert(keys.end(), roles.keys, roles.keys + roles.n);
  m.stage1 = WithWeights(m.stage1, keys, 0, ti::kMaxWeight);
  m.PrecomputeRows();
  EXPECT_LE(m.rows1.role_words, the.row - 1);
  EXPECT_EQ(m.rows1.role_words, m.rows2.role_words);
  EXPECT_FALSE(m.rows1.boundary_rows);
  EXPECT_TRUE(m.rows2.boundary_rows);

  bool have_dev = false;
  std::vector<std::vector<std::string>> sentences = CheckSentences(&have_dev);
  sentences.push_back(Split("Blorfingtonian leaders met the press , and the Blorfingtonian envoy left ."));
  sentences.push_back(Split("The Blorfingtonian said the talks were over ."));
  int64_t tokens = 0, differ = 0;
  for (int round = 0; round < 3; ++round) {
    for (const auto& words : sentences) {
      std::vector<std::string> norms(words.size());
      for (size_t i = 0; i < words.size(); ++i) ti::NormalizeToken(words[i], &norms[i]);
      const std::vector<std::string_view> views(norms.begin(), norms.end());
      std::vector<uint16_t> fast(views.size()), slow(views.size());
      m.TagNormalized(views, fast.data(), true);
      m.TagNormalized(views, slow.data(), false);
      for (size_t i = 0; i < fast.size(); ++i) {
        ++tokens;
        differ += fast[i] != slow[i];
      }
    }
  }
  const uint32_t id = m.word_cache.Find(ti::FoldedFormKey("Blorfingtonian"));
  ASSERT_NE(id, 0u) << "the rare word should be cached";
  EXPECT_EQ(m.word_cache.entry(id).info.no_role_rows, 1);
  std::printf("rows that do not fit int8: %lld tokens, %lld differ\n", static_cast<long long>(tokens),
              static_cast<long long>(differ));
  EXPECT_EQ(differ, 0);
}

TEST(TaggerLoadTest, WeightOutsideInt8IsRejectedWithPathAndReason) {
  // A model file whose weights leave -127..127 (an older int16 model, or a
  // broken writer) is refused at load time instead of tagging wrongly, in
  // either pass's table (the two are read on different threads).
  for (int pass = 1; pass <= 2; ++pass) {
    Result<Tagger> loaded = Tagger::Load(kModel);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    auto& m = const_cast<Tagger::Model&>(loaded->model());
    // One weight of a new feature: kept as a sparse entry, saved as it is.
    ti::WeightTable& table = pass == 1 ? m.stage1 : m.stage2;
    table = WithWeights(table, {0x1234'5678'9ABC'DEF0ULL}, 0, 200);
    const std::string path = TempPath("wide_weight.bin");
    ASSERT_TRUE(loaded->Save(path).ok());
    Result<Tagger> bad = Tagger::Load(path);
    ASSERT_FALSE(bad.ok()) << "pass " << pass;
    EXPECT_EQ(bad.status().code(), StatusCode::kBadConfig);
    EXPECT_NE(bad.status().ToString().find(path), std::string::npos) << bad.status().ToString();
    EXPECT_NE(bad.status().message().find("weight outside -127..127"), std::string::npos)
        << bad.status().ToString();
    std::remove(path.c_str());
  }
}

TEST(TaggerLoadTest, SavingALoadedModelGivesTheSameBytes) {
  // Loading builds the lexicon, both tables and both passes' rows (partly on
  // a second thread); saving what was loaded must give the file back.
  const std::string path = TempPath("resaved.bin");
  Result<Tagger> loaded = Tagger::Load(kModel);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->Save(path).ok());
  EXPECT_TRUE(ReadAll(path) == ReadAll(kModel)) << "a load and save changed the model";
  // And the rows of the reloaded model tag as the original's do.
  Result<Tagger> again = Tagger::Load(path);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  const std::vector<std::string_view> words = {"The", "United", "States", "reiterated", "its", "support",
                                               "for", "Pakistan", "on", "Wednesday", "."};
  std::vector<PosTag> a, b;
  loaded->TagText(words, &a);
  again->TagText(words, &b);
  EXPECT_EQ(a, b);
  std::remove(path.c_str());
}

TEST(TaggerRowsTest, NarrowRowTellsWhetherEveryValueFitsInt8) {
  alignas(32) int16_t row[ti::kMaxClasses] = {};
  int8_t narrow[ti::kMaxClasses];
  row[0] = 127;
  row[ti::kMaxClasses - 1] = -128;
  row[5] = -7;
  ASSERT_TRUE(ti::NarrowRow(row, narrow));
  EXPECT_EQ(narrow[0], 127);
  EXPECT_EQ(narrow[5], -7);
  EXPECT_EQ(narrow[ti::kMaxClasses - 1], -128);
  for (int at : {0, 63, 64, ti::kMaxClasses - 1}) {
    for (int16_t v : {int16_t{128}, int16_t{-129}, int16_t{3000}}) {
      int16_t wide[ti::kMaxClasses] = {};
      wide[at] = v;
      EXPECT_FALSE(ti::NarrowRow(wide, narrow)) << at << " " << v;
    }
  }
}

TEST(WordRowCacheTest, KeepsWordsSeenTwiceUpToItsCapacity) {
  WordRowCache cache(256);
  int fills = 0;
  auto fill = [&](WordRowCache::Entry* e) {
    ++fills;
    e->info.length = 7;
    e->word[1][5] = 42;
  };
  const uint64_t key = 0x1234'5678'9ABC'0000ULL;
  EXPECT_EQ(cache.Find(key), 0u);
  EXPECT_EQ(cache.Insert(key, fill), 0u) << "a word seen once takes no room";
  EXPECT_EQ(fills, 0);
  const uint32_t id = cache.Insert(key, fill);
  ASSERT_NE(id, 0u);
  EXPECT_EQ(fills, 1);
  EXPECT_EQ(cache.Find(key), id);
  EXPECT_EQ(cache.entry(id).info.length, 7);
  EXPECT_EQ(cache.entry(id).word[1][5], 42);
  EXPECT_EQ(cache.Find(key ^ (uint64_t{1} << 40)), 0u);
  EXPECT_EQ(cache.Insert(0x1234, fill), 0u);
  EXPECT_EQ(cache.Insert(0x1234, fill), 0u) << "keys without high bits are never cached";
  // Fill it up: then new words are refused, old ones still found.
  for (uint64_t k = 1; cache.size() < 256; ++k) {
    const uint64_t other = key + (k << 20);
    cache.Insert(other, fill);
    cache.Insert(other, fill);
    ASSERT_LT(k, 1000u);
  }
  const uint64_t late = 0x0FED'CBA9'8765'0000ULL;
  cache.Insert(late, fill);
  EXPECT_EQ(cache.Insert(late, fill), 0u);
  EXPECT_EQ(cache.Find(key), id);
  EXPECT_EQ(fills, 256);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.Find(key), 0u);
}

TEST(WordRowCacheTest, EntriesOfEveryBlockKeepTheirContents) {
  // 2048 entries take three blocks of about 2 MB: an entry stays where it
  // was written when later blocks are allocated.
  WordRowCache cache(2048);
  auto key_of = [](uint64_t k) { return 0x0100'0000'0000'0000ULL * (k + 1) + (k << 16); };
  std::vector<uint32_t> ids;
  for (uint64_t k = 0; k < 2048; ++k) {
    auto fill = [&](WordRowCache::Entry* e) {
      e->info.lower = k;
      e->word[0][0] = static_cast<int16_t>(k);
      e->role[1][3][ti::kMaxClasses - 1] = static_cast<int8_t>(-static_cast<int>(k % 128));
    };
    cache.Insert(key_of(k), fill);
    ids.push_back(cache.Insert(key_of(k), fill));
    ASSERT_NE(ids.back(), 0u) << k;
  }
  EXPECT_EQ(cache.size(), 2048u);
  EXPECT_EQ(cache.Insert(0x7777'0000'0000'0000ULL, [](WordRowCache::Entry*) {}), 0u);
  EXPECT_EQ(cache.Insert(0x7777'0000'0000'0000ULL, [](WordRowCache::Entry*) {}), 0u) << "full";
  for (uint64_t k = 0; k < 2048; ++k) {
    ASSERT_EQ(cache.Find(key_of(k)), ids[k]) << k;
    const WordRowCache::Entry& e = cache.entry(ids[k]);
    ASSERT_EQ(e.info.lower, k);
    ASSERT_EQ(e.word[0][0], static_cast<int16_t>(k));
    ASSERT_EQ(e.role[1][3][ti::kMaxClasses - 1], static_cast<int8_t>(-static_cast<int>(k % 128)));
    ASSERT_EQ(reinterpret_cast<uintptr_t>(&e) % 64, 0u) << "entries start on a cache line";
  }
}

TEST_F(ShippedTaggerTest, ScoresFitInSixteenBits) {
  // Weights are int8 and a token has at most kMaxFeatures features, so no
  // token's sum can leave int16; check it with 32-bit sums of the same
  // features, in both passes.
  const Tagger::Model& m = tagger_->model();
  struct Wide {
    std::unordered_map<uint64_t, std::vector<ti::WeightEntry>> weights;
    explicit Wide(const ti::WeightTable& t) {
      std::vector<uint64_t> keys;
      std::vector<uint32_t> counts;
      std::vector<ti::WeightEntry> entries;
      t.Export(&keys, &counts, &entries);
      size_t e = 0;
      for (size_t f = 0; f < keys.size(); ++f) {
        weights[keys[f]].assign(entries.begin() + static_cast<long>(e),
                                entries.begin() + static_cast<long>(e + counts[f]));
        e += counts[f];
      }
    }
  };
  const Wide wide1(m.stage1), wide2(m.stage2);
  bool have_dev = false;
  int64_t checked = 0, out_of_range = 0, mismatched = 0;
  int32_t largest = 0;
  for (const auto& words : CheckSentences(&have_dev)) {
    const std::vector<ti::WordInfo> info = Infos(m, words);
    const size_t n = words.size();
    std::vector<uint16_t> pass1(n), out(n);
    m.Decode(info.data(), n, pass1.data(), out.data(), true);
    for (int pass = 1; pass <= 2; ++pass) {
      const ti::WeightTable& table = pass == 1 ? m.stage1 : m.stage2;
      const Wide& w = pass == 1 ? wide1 : wide2;
      for (size_t i = 0; i < n; ++i) {
        ti::Features f;
        // Left tags as decided in that pass; pass 2 also sees pass 1's.
        ti::ExtractFeatures(info.data(), n, i, pass == 1 ? pass1.data() : out.data(),
                            pass == 1 ? nullptr : pass1.data(), &f);
        int32_t sums[ti::kMaxClasses] = {};
        for (size_t k = 0; k < f.n; ++k) {
          auto it = w.weights.find(f.keys[k]);
          if (it == w.weights.end()) continue;
          for (const ti::WeightEntry& e : it->second) sums[e.cls] += e.w;
        }
        alignas(32) int16_t scores[ti::kMaxClasses];
        table.Score(f.keys, f.n, scores);
        for (size_t c = 0; c < m.classes.size(); ++c) {
          ++checked;
          largest = std::max(largest, std::abs(sums[c]));
          out_of_range += sums[c] < INT16_MIN || sums[c] > INT16_MAX;
          mismatched += sums[c] != scores[c];
        }
      }
    }
  }
  std::printf("%lld class scores checked, largest magnitude %d\n", static_cast<long long>(checked),
              largest);
  EXPECT_GT(largest, 1000) << "weights look unscaled";
  EXPECT_EQ(out_of_range, 0);
  EXPECT_EQ(mismatched, 0);
}

// ------------------------------------------------------------ load errors

// Words may take only the first chunks of classes (TaggerTrainOptions::
// cand_chunks), and the decoder sums only those chunks when a word's set is
// such a prefix: the rare-word classes must come first so that an unknown
// word can still be a noun, a name, a verb form, an adjective or a number.
TEST_F(ShippedTaggerTest, UnknownWordsMayTakeEveryOpenClass) {
  const Tagger::Model& m = tagger_->model();
  const auto* unknown = m.lexicon.CandidatesOf(0);
  ASSERT_NE(unknown, nullptr) << "set 0 (words the lexicon lacks) allows every class";
  const int prefix = m.lexicon.PrefixOf(0);
  EXPECT_EQ(prefix, 48) << "unknown words take the first 3 chunks of 16 classes";
  std::vector<std::string> allowed;
  for (int c = 0; c < prefix; ++c) allowed.push_back(TagName(m.classes[static_cast<size_t>(c)]));
  for (const char* open : {"NOUN/NN", "NOUN/NNS", "PROPN/NNP", "PROPN/NNPS", "ADJ/JJ", "ADJ/JJR", "ADJ/JJS",
                           "ADJ/NNP", "VERB/VB", "VERB/VBD", "VERB/VBG", "VERB/VBN", "VERB/VBP", "VERB/VBZ",
                           "ADV/RB", "NUM/CD", "INTJ/UH"}) {
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), open), allowed.end()) << open;
  }
}

TEST(CandidateSetTest, PrefixOfKnowsSetsThatAreTheFirstClasses) {
  tagger_internal::Lexicon lex;
  lex.cand_sets = {{0, 0}, {~uint64_t{0}, 0xFFFF}, {0xFFFF, 0}, {0xFFFE, 0}, {0x1, 0x1}, {~uint64_t{0}, 0}};
  lex.IndexCandidates();
  EXPECT_EQ(lex.CandidatesOf(0), nullptr);  // empty: every class
  EXPECT_EQ(lex.PrefixOf(0), 0);
  EXPECT_EQ(lex.PrefixOf(1), 80);
  EXPECT_EQ(lex.PrefixOf(2), 16);
  EXPECT_EQ(lex.PrefixOf(3), 0);  // lacks class 0
  EXPECT_EQ(lex.PrefixOf(4), 0);  // a hole
  EXPECT_EQ(lex.PrefixOf(5), 64);
  EXPECT_EQ(lex.PrefixOf(6), 0);  // no such set
  EXPECT_EQ(lex.CandidatesOf(6), nullptr);
  ASSERT_NE(lex.CandidatesOf(3), nullptr);
  EXPECT_EQ((*lex.CandidatesOf(3))[0], 0xFFFEu);
}

TEST(RowIndexTest, FindRowGivesTheLastRowOfAKeyAndZeroForOthers) {
  tagger_internal::Lexicon lex;
  EXPECT_EQ(lex.FindRow(42), 0u);  // no index yet
  std::vector<std::pair<uint64_t, uint32_t>> rows;
  for (uint32_t r = 1; r <= 100; ++r) rows.emplace_back(uint64_t{r} * 0x9E3779B97F4A7C15ULL, r);
  rows.emplace_back(uint64_t{7} * 0x9E3779B97F4A7C15ULL, 500);  // "2024" and "1999" fold to one key
  lex.IndexRows(rows);
  EXPECT_EQ(lex.FindRow(uint64_t{1} * 0x9E3779B97F4A7C15ULL), 1u);
  EXPECT_EQ(lex.FindRow(uint64_t{100} * 0x9E3779B97F4A7C15ULL), 100u);
  EXPECT_EQ(lex.FindRow(uint64_t{7} * 0x9E3779B97F4A7C15ULL), 500u);
  EXPECT_EQ(lex.FindRow(uint64_t{101} * 0x9E3779B97F4A7C15ULL), 0u);
  EXPECT_EQ(lex.FindRow(12345), 0u);
}

TEST(TaggerLoadTest, MissingFileIsNotFoundWithPath) {
  const std::string path = TempPath("does_not_exist.bin");
  Result<Tagger> t = Tagger::Load(path);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_NE(t.status().ToString().find(path), std::string::npos) << t.status().ToString();
}

TEST(TaggerLoadTest, BadFilesAreErrorsNotCrashes) {
  const std::string good = ReadAll(kModel);
  ASSERT_GT(good.size(), 1000u) << "shipped model missing: " << kModel;
  std::string flipped = good;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5A);
  std::string bad_version = good;
  bad_version[8] = 99;
  struct BadCase {
    const char* name;
    std::string data;
    const char* reason;
  };
  const BadCase kCases[] = {
      {"empty", "", "truncated header"},
      {"short_header", good.substr(0, 20), "truncated header"},
      {"truncated_half", good.substr(0, good.size() / 2), "truncated file"},
      {"truncated_last_byte", good.substr(0, good.size() - 1), "truncated file"},
      {"wrong_magic", "NOTAMODEL" + good.substr(9), "wrong magic"},
      {"text_file", std::string(100, 'x'), "wrong magic"},
      {"flipped_byte", flipped, "checksum mismatch"},
      {"future_version", bad_version, "unsupported format version"},
      {"trailing_garbage", good + "extra", "payload is"},
  };
  for (const BadCase& c : kCases) {
    const std::string path = TempPath(c.name);
    WriteAll(path, c.data);
    Result<Tagger> t = Tagger::Load(path);
    EXPECT_FALSE(t.ok()) << c.name;
    if (!t.ok()) {
      EXPECT_EQ(t.status().code(), StatusCode::kBadConfig) << c.name;
      EXPECT_NE(t.status().ToString().find(path), std::string::npos) << t.status().ToString();
      EXPECT_NE(t.status().message().find(c.reason), std::string::npos)
          << c.name << ": " << t.status().ToString();
    }
    std::remove(path.c_str());
  }
}

TEST(TaggerLoadTest, DefaultTaggerTagsNothing) {
  Tagger empty;
  std::vector<std::string_view> words = {"hello"};
  std::vector<PosTag> tags;
  empty.TagWords(words, &tags);
  ASSERT_EQ(tags.size(), 1u);
  EXPECT_EQ(tags[0], PosTag{});
  EXPECT_EQ(empty.num_classes(), 0u);
}

// ------------------------------------------------------------ training

std::vector<TaggedSentence> TrainSlice(size_t n) {
  Result<std::vector<TaggedSentence>> all = ReadConllu(kEwt + "en_ewt-ud-train.conllu.gz");
  if (!all.ok()) return {};
  std::vector<TaggedSentence> out(all.value().begin(),
                                  all.value().begin() + static_cast<long>(std::min(n, all.value().size())));
  return out;
}

TEST(TaggerTrainTest, TrainingIsDeterministicAndRoundTrips) {
  if (!std::filesystem::exists(kEwt + "en_ewt-ud-train.conllu.gz")) {
    GTEST_SKIP() << "SKIPPED LOUDLY: UD EWT train split not found under " << kEwt;
  }
  std::vector<TaggedSentence> train = TrainSlice(400);
  ASSERT_EQ(train.size(), 400u);
  std::vector<TaggedSentence> dev(train.begin() + 350, train.end());
  train.resize(350);
  TaggerTrainOptions opt;
  opt.max_epochs = 3;
  opt.pass1_folds = 2;
  std::string files[2];
  for (int run = 0; run < 2; ++run) {
    TaggerTrainReport report;
    Result<Tagger> t = TrainTagger(train, dev, opt, &report);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    files[run] = TempPath("determinism_" + std::to_string(run) + ".bin");
    ASSERT_TRUE(t->Save(files[run]).ok());
  }
  const std::string a = ReadAll(files[0]);
  const std::string b = ReadAll(files[1]);
  EXPECT_GT(a.size(), 1000u);
  EXPECT_TRUE(a == b) << "two trainings on the same data wrote different models";

  // The saved model loads and tags like the trained one.
  Result<Tagger> loaded = Tagger::Load(files[0]);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  TaggerScores sc = EvaluateTagger(loaded.value(), dev);
  EXPECT_GT(sc.upos, 60.0);  // 350 sentences learn the frequent words
  for (const std::string& f : files) std::remove(f.c_str());
}

// Pruning drops every stored weight of at most prune_weight and the
// features left without weights; the rest stay as they were. known_chunks
// lets known words take two chunks of classes (one cache line of each
// weight row) while unknown words keep cand_chunks.
TEST(TaggerTrainTest, PruningAndKnownChunks) {
  if (!std::filesystem::exists(kEwt + "en_ewt-ud-train.conllu.gz")) {
    GTEST_SKIP() << "SKIPPED LOUDLY: UD EWT train split not found under " << kEwt;
  }
  std::vector<TaggedSentence> train = TrainSlice(300);
  ASSERT_EQ(train.size(), 300u);
  TaggerTrainOptions opt;
  opt.max_epochs = 2;
  opt.pass1_folds = 2;
  opt.two_pass = false;
  Result<Tagger> full = TrainTagger(train, {}, opt, nullptr);
  opt.prune_weight = 32;
  Result<Tagger> pruned = TrainTagger(train, {}, opt, nullptr);
  opt.prune_weight = 0;
  opt.known_chunks = 2;
  Result<Tagger> narrow = TrainTagger(train, {}, opt, nullptr);
  ASSERT_TRUE(full.ok() && pruned.ok() && narrow.ok());

  std::vector<uint64_t> full_keys, pruned_keys;
  std::vector<uint32_t> full_counts, pruned_counts;
  std::vector<ti::WeightEntry> full_entries, pruned_entries;
  full->model().stage1.Export(&full_keys, &full_counts, &full_entries);
  pruned->model().stage1.Export(&pruned_keys, &pruned_counts, &pruned_entries);
  ASSERT_GT(full_keys.size(), 1000u);
  EXPECT_LT(pruned_keys.size(), full_keys.size());
  size_t small = 0;
  for (const ti::WeightEntry& e : full_entries) small += e.w >= -32 && e.w <= 32;
  EXPECT_GT(small, 0u) << "the unpruned model has small weights to drop";
  EXPECT_EQ(pruned_entries.size(), full_entries.size() - small);
  for (const ti::WeightEntry& e : pruned_entries) {
    EXPECT_TRUE(e.w > 32 || e.w < -32) << e.cls << " " << e.w;
  }

  // Smallest prefix set of a known word, and the unknown words' set.
  auto smallest_known = [](const Tagger::Model& m) {
    int smallest = 1000;
    for (const ti::LexEntry& e : m.lexicon.slots()) {
      const int prefix = e.key != 0 && e.cand != 0 ? m.lexicon.PrefixOf(e.cand) : 0;
      if (prefix > 0) smallest = std::min(smallest, prefix);
    }
    return smallest;
  };
  EXPECT_EQ(smallest_known(full->model()), 48);
  EXPECT_EQ(smallest_known(narrow->model()), 32);
  EXPECT_EQ(full->model().lexicon.PrefixOf(0), 48);
  EXPECT_EQ(narrow->model().lexicon.PrefixOf(0), 48) << "unknown words keep three chunks";
}

TEST(TaggerTrainTest, RejectsEmptyTrainingData) {
  TaggerTrainOptions opt;
  Result<Tagger> t = TrainTagger({}, {}, opt, nullptr);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
}

// ------------------------------------------------------------ treebank

TEST(ConlluTest, ParsesWordsAndSkipsMultiwordTokens) {
  const std::string text =
      "# sent_id = 1\n"
      "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
      "1\tdo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n"
      "2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n"
      "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n"
      "3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n"
      "\n"
      "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";
  Result<std::vector<TaggedSentence>> s = ParseConllu(text, "inline");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s.value().size(), 2u);
  ASSERT_EQ(s.value()[0].words.size(), 3u);
  EXPECT_EQ(s.value()[0].words[1].form, "n't");
  EXPECT_EQ(s.value()[0].words[1].lemma, "not");
  EXPECT_EQ(text::UposTags()[s.value()[0].words[1].upos], "PART");
  EXPECT_EQ(text::XposTags()[s.value()[0].words[1].xpos], "RB");
  EXPECT_EQ(s.value()[1].words[0].form, "Hi");
}

TEST(ConlluTest, MalformedLineIsAnErrorWithLine) {
  Result<std::vector<TaggedSentence>> s = ParseConllu("1\tword\n", "bad.conllu");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().where().line, 1);
  EXPECT_EQ(ReadConllu(TempPath("missing.conllu")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace relgraph::annotate
