// relgraph-train-tagger: trains relgraph's part-of-speech tagger and
// evaluates it (and the lemmatizer) on a CoNLL-U treebank.
//
//   relgraph-train-tagger train --train en_ewt-ud-train.conllu.gz
//       --dev en_ewt-ud-dev.conllu.gz --wordnet /usr/share/wordnet
//       --corpus news.jsonl.gz --out schemas/models/tagger-en-ewt.bin
//   relgraph-train-tagger eval --model schemas/models/tagger-en-ewt.bin
//       --lexicon schemas/lexicon --test en_ewt-ud-test.conllu.gz
//
// Exit codes: 0 ok, 1 failure (message on stderr), 2 bad usage.

#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "src/annotate/lemmatizer.h"
#include "src/annotate/tagger.h"
#include "src/annotate/tagger_train.h"
#include "src/annotate/tagger_treebank.h"
#include "tools/train_tagger/clusters.h"
#include "tools/train_tagger/resources.h"

namespace {

using relgraph::Result;
using relgraph::Status;
namespace annotate = relgraph::annotate;

int Fail(const Status& st) {
  std::cerr << "relgraph-train-tagger: " << st.ToString() << "\n";
  return 1;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this thread: the speed figures use it so that other jobs on a
// shared machine do not distort them.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int Train(const std::string& train_path, const std::string& dev_path, const std::string& out,
          const std::string& wordnet, const std::vector<std::string>& corpus, int epochs,
          bool one_pass, const annotate::TaggerTrainOptions& base, int num_clusters) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::vector<annotate::TaggedSentence>> train = annotate::ReadConllu(train_path);
  if (!train.ok()) return Fail(train.status());
  std::vector<annotate::TaggedSentence> dev;
  if (!dev_path.empty()) {
    Result<std::vector<annotate::TaggedSentence>> d = annotate::ReadConllu(dev_path);
    if (!d.ok()) return Fail(d.status());
    dev = std::move(d.value());
  }
  annotate::TaggerResources resources;
  if (!wordnet.empty()) {
    Status st = relgraph::tools::LoadWordNet(wordnet, &resources);
    if (!st.ok()) return Fail(st);
    std::cout << "wordnet: " << resources.wordnet.size() << " word forms\n";
  }
  if (!corpus.empty()) {
    Status st = relgraph::tools::CountCases(corpus, &resources);
    if (!st.ok()) return Fail(st);
    std::cout << "corpus: case counts for " << resources.case_counts.size() << " words\n";
    if (num_clusters > 0) {
      relgraph::tools::ClusterOptions copt;
      copt.classes = num_clusters;
      copt.log = [](const std::string& line) { std::cout << line << std::endl; };
      auto clusters = relgraph::tools::LearnClusters(corpus, train.value(), copt);
      if (!clusters.ok()) return Fail(clusters.status());
      resources.clusters = std::move(clusters.value());
      std::cout << "clusters: " << resources.clusters.size() << " words in " << num_clusters
                << " classes (" << Seconds(start) << " s so far)\n";
    }
  }
  annotate::TaggerTrainOptions opt = base;
  if (epochs > 0) opt.max_epochs = epochs;
  opt.two_pass = !one_pass;
  opt.resources = &resources;
  opt.log = [](const std::string& line) { std::cout << line << std::endl; };
  annotate::TaggerTrainReport report;
  Result<annotate::Tagger> tagger = annotate::TrainTagger(train.value(), dev, opt, &report);
  if (!tagger.ok()) return Fail(tagger.status());
  Status st = tagger->Save(out);
  if (!st.ok()) return Fail(st);
  std::printf("best epochs: pass 1 %d, pass 2 %d; %zu features, %zu weights\n",
              report.pass1_epochs, report.pass2_epochs, report.features, report.weights);
  if (!dev.empty()) {
    std::printf("dev: UPOS %.2f%% XPOS %.2f%% both %.2f%%; unknown words (%lld) UPOS %.2f%% XPOS %.2f%%\n",
                report.dev.upos, report.dev.xpos, report.dev.both,
                static_cast<long long>(report.dev.unknown_tokens), report.dev.unknown_upos,
                report.dev.unknown_xpos);
  }
  std::printf("wrote %s; training took %.1f s\n", out.c_str(), Seconds(start));
  return 0;
}

int Lexicon(const std::string& train_path, const std::string& wordnet, const std::string& out_dir) {
  Result<std::vector<annotate::TaggedSentence>> train = annotate::ReadConllu(train_path);
  if (!train.ok()) return Fail(train.status());
  Result<annotate::Lemmatizer> lem = relgraph::tools::BuildLemmatizer(train.value(), wordnet);
  if (!lem.ok()) return Fail(lem.status());
  Status st = lem->Save(out_dir);
  if (!st.ok()) return Fail(st);
  std::printf("wrote %s: %zu base words, %zu exceptions\n", out_dir.c_str(), lem->num_words(),
              lem->num_exceptions());
  return 0;
}

int Eval(const std::string& model_path, const std::string& test_path, int repeat,
         const std::string& errors_path, const std::string& lexicon_dir) {
  auto start = std::chrono::steady_clock::now();
  Result<annotate::Tagger> tagger = annotate::Tagger::Load(model_path);
  if (!tagger.ok()) return Fail(tagger.status());
  std::printf("model: %s, %zu classes, loaded in %.1f ms\n", model_path.c_str(),
              tagger->num_classes(), 1000 * Seconds(start));
  Result<std::vector<annotate::TaggedSentence>> test = annotate::ReadConllu(test_path);
  if (!test.ok()) return Fail(test.status());
  std::vector<std::vector<annotate::PosTag>> predicted;
  annotate::TaggerScores sc = annotate::EvaluateTagger(tagger.value(), test.value(), &predicted);
  if (!errors_path.empty()) {
    // One line per word: word, gold UPOS/XPOS, predicted, known or not, marked when wrong.
    std::FILE* f = std::fopen(errors_path.c_str(), "w");
    if (f == nullptr) return Fail(Status(relgraph::StatusCode::kIoError, "cannot write", {errors_path}));
    const auto& up = relgraph::text::UposTags();
    const auto& xp = relgraph::text::XposTags();
    for (size_t s = 0; s < predicted.size(); ++s) {
      const auto& words = test.value()[s].words;
      for (size_t i = 0; i < words.size(); ++i) {
        const auto& g = words[i];
        const auto& p = predicted[s][i];
        std::fprintf(f, "%s\t%s/%s\t%s/%s\t%s\t%s\n", g.form.c_str(), std::string(up[g.upos]).c_str(),
                     std::string(xp[g.xpos]).c_str(), std::string(up[p.upos]).c_str(),
                     std::string(xp[p.xpos]).c_str(),
                     annotate::TaggerKnowsWord(tagger.value(), g.form) ? "known" : "unknown",
                     (g.upos == p.upos && g.xpos == p.xpos) ? "" : "ERR");
      }
      std::fprintf(f, "\n");
    }
    std::fclose(f);
  }
  std::printf("%s: %lld tokens\n", test_path.c_str(), static_cast<long long>(sc.tokens));
  std::printf("  UPOS %.2f%%  XPOS %.2f%%  both %.2f%%\n", sc.upos, sc.xpos, sc.both);
  std::printf("  unknown words: %lld (%.1f%%)  UPOS %.2f%%  XPOS %.2f%%\n",
              static_cast<long long>(sc.unknown_tokens),
              100.0 * static_cast<double>(sc.unknown_tokens) / static_cast<double>(sc.tokens),
              sc.unknown_upos, sc.unknown_xpos);
  if (!lexicon_dir.empty()) {
    start = std::chrono::steady_clock::now();
    Result<annotate::Lemmatizer> lem = annotate::Lemmatizer::Load(lexicon_dir);
    if (!lem.ok()) return Fail(lem.status());
    std::printf("lemmatizer: %s, loaded in %.1f ms\n", lexicon_dir.c_str(), 1000 * Seconds(start));
    int64_t n = 0, gold_ok = 0, pred_ok = 0, unk = 0, unk_gold_ok = 0, unk_pred_ok = 0;
    // With --errors, lemma mistakes (gold tags) go to ERRORS.lemma.
    std::FILE* lemma_errors =
        errors_path.empty() ? nullptr : std::fopen((errors_path + ".lemma").c_str(), "w");
    // Through Lemmatize() on whole sentences, as the pipeline calls it.
    std::vector<relgraph::text::Token> gold_tokens, pred_tokens;
    for (size_t s = 0; s < test.value().size(); ++s) {
      const auto& words = test.value()[s].words;
      gold_tokens.assign(words.size(), relgraph::text::Token());
      pred_tokens.assign(words.size(), relgraph::text::Token());
      for (size_t i = 0; i < words.size(); ++i) {
        gold_tokens[i].text = pred_tokens[i].text = words[i].form;
        gold_tokens[i].upos = words[i].upos;
        gold_tokens[i].xpos = words[i].xpos;
        pred_tokens[i].upos = predicted[s][i].upos;
        pred_tokens[i].xpos = predicted[s][i].xpos;
      }
      lem->Lemmatize(&gold_tokens);
      lem->Lemmatize(&pred_tokens);
      for (size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        const bool known = annotate::TaggerKnowsWord(tagger.value(), w.form);
        ++n;
        unk += !known;
        const bool g = gold_tokens[i].lemma == w.lemma;
        const bool p = pred_tokens[i].lemma == w.lemma;
        if (!g && lemma_errors != nullptr) {
          std::fprintf(lemma_errors, "%s\t%s\t%s\t%s\t%s\n", w.form.c_str(),
                       std::string(relgraph::text::XposTags()[w.xpos]).c_str(), w.lemma.c_str(),
                       gold_tokens[i].lemma.c_str(), known ? "known" : "unknown");
        }
        gold_ok += g;
        pred_ok += p;
        if (!known) {
          unk_gold_ok += g;
          unk_pred_ok += p;
        }
      }
    }
    if (lemma_errors != nullptr) std::fclose(lemma_errors);
    auto pct = [](int64_t a, int64_t b) { return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b); };
    std::printf("  lemma: %.2f%% with predicted tags, %.2f%% with gold tags\n", pct(pred_ok, n), pct(gold_ok, n));
    std::printf("  lemma on unknown words: %.2f%% predicted tags, %.2f%% gold tags\n", pct(unk_pred_ok, unk),
                pct(unk_gold_ok, unk));
    // Speed of tagging plus lemmatising, as the pipeline runs them.
    std::vector<std::vector<relgraph::text::Token>> sents;
    int64_t tokens = 0;
    for (const auto& s : test.value()) {
      sents.emplace_back();
      for (const auto& w : s.words) {
        relgraph::text::Token t;
        t.text = w.form;
        sents.back().push_back(std::move(t));
      }
      tokens += static_cast<int64_t>(s.words.size());
    }
    const double cpu0 = CpuSeconds();
    for (int r = 0; r < repeat; ++r) {
      for (auto& s : sents) {
        tagger->Tag(&s);
        lem->Lemmatize(&s);
      }
    }
    const double secs = CpuSeconds() - cpu0;
    std::printf("  tag + lemmatise speed (Tag() on tokens): %.2f million tokens/s\n",
                static_cast<double>(tokens) * repeat / secs / 1e6);
  }
  // Speed: tag the split `repeat` times with the lower-level call.
  std::vector<std::vector<std::string_view>> sents;
  int64_t tokens = 0;
  for (const auto& s : test.value()) {
    sents.emplace_back();
    for (const auto& w : s.words) sents.back().push_back(w.form);
    tokens += static_cast<int64_t>(s.words.size());
  }
  std::vector<annotate::PosTag> tags;
  const double cpu0 = CpuSeconds();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& s : sents) tagger->TagWords(s, &tags);
  }
  const double secs = CpuSeconds() - cpu0;
  std::printf("  tagging speed: %.2f million tokens/s (%d x %lld tokens in %.2f s CPU)\n",
              static_cast<double>(tokens) * repeat / secs / 1e6, repeat,
              static_cast<long long>(tokens), secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train and evaluate relgraph's part-of-speech tagger and lemmatizer"};
  app.require_subcommand(1);

  std::string train_path, dev_path, out, wordnet;
  std::vector<std::string> corpus;
  int epochs = 0;
  bool one_pass = false;
  CLI::App* train = app.add_subcommand("train", "train a tagger model");
  train->add_option("--train", train_path, "training treebank (CoNLL-U, .gz ok)")->required();
  train->add_option("--dev", dev_path, "development treebank for early stopping");
  train->add_option("--out", out, "model file to write")->required();
  train->add_option("--wordnet", wordnet, "WordNet dict folder (e.g. /usr/share/wordnet)");
  train->add_option("--corpus", corpus, "raw news JSON Lines for case counts");
  train->add_option("--epochs", epochs, "maximum epochs per pass");
  train->add_flag("--one-pass", one_pass, "train only the left-to-right pass");
  annotate::TaggerTrainOptions topt;
  int num_clusters = 256;
  train->add_option("--clusters", num_clusters, "word classes learned from --corpus (0: none)");
  train->add_option("--cand-min", topt.cand_min_count, "words seen this often choose among seen tags");
  train->add_option("--fixed-min", topt.fixed_min_count, "words seen this often with one tag skip scoring");
  train->add_option("--cand-chunks", topt.cand_chunks,
                    "words may take only the first chunks of 16 classes their tags reach, at least this many (0: all)");
  train->add_option("--known-chunks", topt.known_chunks, "known words may take at least this many chunks (0: --cand-chunks)");
  train->add_option("--prune", topt.prune_weight, "drop stored weights of at most this size (quantised units; 0: keep all)");
  train->add_option("--pass1-folds", topt.pass1_folds, "jackknife folds for pass 1 tags");

  CLI::App* lexicon = app.add_subcommand("lexicon", "build the lemmatizer's word and exception lists");
  lexicon->add_option("--train", train_path, "training treebank (CoNLL-U, .gz ok)")->required();
  lexicon->add_option("--wordnet", wordnet, "WordNet dict folder")->required();
  lexicon->add_option("--out-dir", out, "folder to write lemma_*.tsv* into")->required();

  std::string model_path, test_path;
  int repeat = 5;
  CLI::App* eval = app.add_subcommand("eval", "score a model on a treebank");
  eval->add_option("--model", model_path, "tagger model")->required();
  eval->add_option("--test", test_path, "gold treebank (CoNLL-U, .gz ok)")->required();
  eval->add_option("--repeat", repeat, "times to tag the treebank for the speed figure");
  std::string errors_path, lexicon_dir;
  eval->add_option("--lexicon", lexicon_dir, "lemma lexicon folder (schemas/lexicon) to score lemmas");
  eval->add_option("--errors", errors_path, "write every word with gold and predicted tags here");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (train->parsed()) return Train(train_path, dev_path, out, wordnet, corpus, epochs, one_pass, topt, num_clusters);
  if (eval->parsed()) return Eval(model_path, test_path, repeat, errors_path, lexicon_dir);
  if (lexicon->parsed()) return Lexicon(train_path, wordnet, out);
  return 2;
}
