// Throughput harness for the entity annotator (not a test: timings vary by
// machine). Reads JSON Lines news corpora (gzip), segments them, optionally
// tags them, then times EntityRecognizer::Annotate alone over all sentences.
//
//   cmake --build build --target entities_bench
//   build/tests/unit/annotate/entities_bench [--tag] [FILE.jsonl.gz ...]
//
// Without files it reads shared/data/corpus/*.jsonl.gz.

#include <zlib.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "src/annotate/entities.h"
#include "src/annotate/tagger.h"
#include "src/text/segmenter.h"
#include "tests/unit/annotate/entities_test_util.h"

namespace {

bool ReadGzipLines(const std::string& path, std::vector<std::string>* lines) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::string cur;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) {
    for (int i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        lines->push_back(std::move(cur));
        cur.clear();
      } else {
        cur.push_back(buf[i]);
      }
    }
  }
  if (!cur.empty()) lines->push_back(std::move(cur));
  gzclose(f);
  return true;
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this thread: steadier than wall time on a shared machine.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace relgraph;
  bool tag = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--tag") {
      tag = true;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    const std::string dir = std::string(RELGRAPH_SHARED_DIR) + "/data/corpus/";
    files = {dir + "whitehouse_intl.jsonl.gz", dir + "wikinews_2019_2020.jsonl.gz"};
  }
  std::vector<std::string> texts;
  for (const std::string& f : files) {
    std::vector<std::string> lines;
    if (!ReadGzipLines(f, &lines)) {
      std::fprintf(stderr, "cannot read %s\n", f.c_str());
      return 1;
    }
    for (const std::string& l : lines) {
      rapidjson::Document d;
      d.Parse(l.c_str(), l.size());
      if (d.HasParseError() || !d.IsObject() || !d.HasMember("text") || !d["text"].IsString()) continue;
      texts.emplace_back(d["text"].GetString(), d["text"].GetStringLength());
    }
  }
  std::string error;
  auto t0 = std::chrono::steady_clock::now();
  const annotate::EntityRecognizer* ner = annotate::testing::TestRecognizer(&error);
  auto t1 = std::chrono::steady_clock::now();
  if (ner == nullptr) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  std::printf("loaded gazetteer (%zu entries) and lexicon (%zu words) in %.1f ms\n",
              ner->gazetteer().size(), ner->lexicon().size(), 1000 * Seconds(t0, t1));

  text::Segmenter segmenter;
  std::vector<std::vector<text::Sentence>> docs;
  size_t tokens = 0, sentences = 0;  // counted as size_t, rated as double below
  t0 = std::chrono::steady_clock::now();
  for (const std::string& t : texts) {
    text::Segmentation seg = segmenter.Segment(t);
    for (const text::Sentence& s : seg.sentences) tokens += s.tokens.size();
    sentences += seg.sentences.size();
    docs.push_back(std::move(seg.sentences));
  }
  t1 = std::chrono::steady_clock::now();
  std::printf("%zu documents, %zu sentences, %zu tokens; segmenting: %.2f s (%.2f M tokens/s)\n",
              texts.size(), sentences, tokens, Seconds(t0, t1), static_cast<double>(tokens) / Seconds(t0, t1) / 1e6);
  if (tag) {
    auto tagger = annotate::Tagger::Load(std::string(RELGRAPH_SOURCE_DIR) +
                                         "/schemas/models/tagger-en-ewt.bin");
    if (!tagger.ok()) {
      std::fprintf(stderr, "%s\n", tagger.status().ToString().c_str());
      return 1;
    }
    t0 = std::chrono::steady_clock::now();
    for (auto& doc : docs) {
      for (text::Sentence& s : doc) tagger->Tag(&s.tokens);
    }
    t1 = std::chrono::steady_clock::now();
    std::printf("tagging: %.2f s (%.2f M tokens/s)\n", Seconds(t0, t1), static_cast<double>(tokens) / Seconds(t0, t1) / 1e6);
  }
  // Best of three runs of the annotator alone, sentence by sentence.
  double best = 1e9, best_cpu = 1e9;
  size_t mentions = 0;
  for (int run = 0; run < 5; ++run) {
    mentions = 0;
    t0 = std::chrono::steady_clock::now();
    const double c0 = CpuSeconds();
    for (auto& doc : docs) {
      for (text::Sentence& s : doc) {
        ner->Annotate(&s);
        mentions += s.mentions.size();
      }
    }
    const double c1 = CpuSeconds();
    t1 = std::chrono::steady_clock::now();
    best = std::min(best, Seconds(t0, t1));
    best_cpu = std::min(best_cpu, c1 - c0);
  }
  const double ntok = static_cast<double>(tokens);
  std::printf("entities (Annotate), best of 5: wall %.3f s = %.2f M tokens/s; cpu %.3f s = %.2f M tokens/s; "
              "%zu mentions\n",
              best, ntok / best / 1e6, best_cpu, ntok / best_cpu / 1e6, mentions);
  t0 = std::chrono::steady_clock::now();
  for (auto& doc : docs) ner->AnnotateDocument(&doc);
  t1 = std::chrono::steady_clock::now();
  std::printf("entities (AnnotateDocument): %.3f s, %.2f M tokens/s\n", Seconds(t0, t1),
              static_cast<double>(tokens) / Seconds(t0, t1) / 1e6);
  std::map<std::string, size_t> by_type;
  const Ontology& onto = annotate::testing::TestOntology();
  for (const auto& doc : docs) {
    for (const text::Sentence& s : doc) {
      for (const text::Mention& m : s.mentions) ++by_type[onto.EntityTypeName(m.type)];
    }
  }
  for (const auto& [type, count] : by_type) std::printf("  %-26s %zu\n", type.c_str(), count);
  return 0;
}
