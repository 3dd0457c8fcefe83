// relgraph-bench: throughput of each stage on a corpus, measured in CPU time
// of one thread (so other load on the machine matters little), plus the
// whole run on N threads in wall-clock time, and the peak memory.
//
//   relgraph-bench [--schemas DIR] [--jobs N] [--limit DOCS] [--annotate-only] FILES...
//
// --annotate-only stops each document after the chunk stage (for profiling
// annotation alone); the later stages then report 0.
//
// Documents are read into memory first, so reading and decompressing are
// not timed. Prints one JSON object (tools/bench formats it).

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "graph/build.h"
#include "graph/knowledge_graph.h"
#include "src/annotate/annotator.h"
#include "src/annotate/tagger.h"
#include "src/ingest/reader.h"
#include "src/resolve/pipeline.h"

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double WallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

constexpr char kUsage[] =
    "usage: relgraph-bench [--schemas DIR] [--jobs N] [--limit DOCS] [--annotate-only] FILES...\n";

int main(int argc, char** argv) {
  std::string schemas = RELGRAPH_DEFAULT_SCHEMAS_DIR;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  long limit = -1;
  bool annotate_only = false;
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--schemas" && i + 1 < argc) {
      schemas = argv[++i];
    } else if (a == "--jobs" && i + 1 < argc) {
      jobs = std::max(0, std::atoi(argv[++i]));  // 0: no parallel pass (for profiling)
    } else if (a == "--annotate-only") {
      annotate_only = true;
    } else if (a == "--limit" && i + 1 < argc) {
      limit = std::atol(argv[++i]);
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "relgraph-bench: unknown option or missing value: " << a << "\n" << kUsage;
      return 2;
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  // The tagger's weights alone, loaded and dropped before the pipeline, so
  // that they do not count twice in the peak memory.
  double tagger_load_seconds = 0;
  {
    const double t1 = WallSeconds();
    auto tagger = relgraph::annotate::Tagger::Load(schemas + "/" + relgraph::annotate::kTaggerModel);
    tagger_load_seconds = WallSeconds() - t1;
    if (!tagger.ok()) {
      std::cerr << "relgraph-bench: " << tagger.status().ToString() << "\n";
      return 2;
    }
  }
  relgraph::resolve::PipelineOptions options;
  options.schemas_dir = schemas;
  double t0 = WallSeconds();
  auto loaded = relgraph::resolve::Pipeline::Load(options);
  if (!loaded.ok()) {
    std::cerr << "relgraph-bench: " << loaded.status().ToString() << "\n";
    return 2;
  }
  const double load_seconds = WallSeconds() - t0;
  const relgraph::resolve::Pipeline& p = loaded.value();

  std::vector<relgraph::ingest::Document> docs;
  relgraph::ingest::Reader reader;
  reader.Read(inputs, [&](relgraph::ingest::Document&& d) {
    if (limit < 0 || static_cast<long>(docs.size()) < limit) docs.push_back(std::move(d));
  }, [](const relgraph::ingest::Diagnostic& d) { std::cerr << "relgraph-bench: " << d.ToString() << "\n"; });
  // A benchmark of part of its input would report wrong rates.
  if (reader.stats().errors > 0) {
    std::cerr << "relgraph-bench: " << reader.stats().errors << " input error(s); no figures\n";
    return 1;
  }

  // Stage by stage on one thread.
  double t_segment = 0, t_tag = 0, t_entities = 0, t_chunk = 0, t_relation = 0, t_resolve = 0, t_graph = 0;
  int64_t sentences = 0, tokens = 0, triples = 0;
  relgraph::graph::KnowledgeGraph graph;
  relgraph::text::Segmentation seg;
  for (const auto& doc : docs) {
    double c = CpuSeconds();
    p.segmenter().Segment(doc, &seg);
    double c2 = CpuSeconds();
    t_segment += c2 - c;
    for (auto& s : seg.sentences) p.annotator().TagAndLemmatize(&s);
    double c3 = CpuSeconds();
    t_tag += c3 - c2;
    p.annotator().recognizer().AnnotateDocument(&seg.sentences);
    double c4 = CpuSeconds();
    t_entities += c4 - c3;
    std::vector<std::vector<relgraph::extract::Extraction>> extractions(seg.sentences.size());
    for (size_t i = 0; i < seg.sentences.size(); ++i) {
      p.engine().RunStages(relgraph::extract::Stage::kEntity, relgraph::extract::Stage::kChunk,
                           &seg.sentences[i], &extractions[i]);
    }
    double c5 = CpuSeconds();
    t_chunk += c5 - c4;
    sentences += static_cast<int64_t>(seg.sentences.size());
    for (const auto& s : seg.sentences) tokens += static_cast<int64_t>(s.tokens.size());
    if (annotate_only) continue;
    for (size_t i = 0; i < seg.sentences.size(); ++i) {
      p.engine().RunStage(relgraph::extract::Stage::kRelation, &seg.sentences[i], &extractions[i]);
    }
    double c6 = CpuSeconds();
    t_relation += c6 - c5;
    relgraph::resolve::ResolvedDocument resolved = p.resolver().Resolve(seg.sentences, extractions);
    double c7 = CpuSeconds();
    t_resolve += c7 - c6;
    relgraph::graph::AddDocument(doc.id, resolved, &graph);
    t_graph += CpuSeconds() - c7;
    triples += static_cast<int64_t>(resolved.triples.size());
  }

  // The whole pipeline on `jobs` threads, wall clock.
  double w0 = WallSeconds();
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < jobs; ++t) {
      threads.emplace_back([&, t] {
        for (size_t i = static_cast<size_t>(t); i < docs.size(); i += static_cast<size_t>(jobs)) {
          relgraph::resolve::ProcessedDocument out = p.Process(docs[i]);
          (void)out;
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  const double parallel_seconds = WallSeconds() - w0;

  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  const double annotate = t_segment + t_tag + t_entities + t_chunk;
  const double total = annotate + t_relation + t_resolve + t_graph;
  std::printf(
      "{\"documents\": %zu, \"sentences\": %lld, \"tokens\": %lld, \"triples\": %lld, \"relations\": %zu, "
      "\"entities\": %zu, \"load_seconds\": %.3f, \"tagger_load_seconds\": %.3f, "
      "\"cpu_seconds\": {\"segment\": %.3f, \"tag_lemma\": %.3f, \"entities\": %.3f, \"chunk\": %.3f, "
      "\"relation_rules\": %.3f, \"resolve\": %.3f, \"graph\": %.3f}, "
      "\"annotate_tokens_per_second\": %.0f, \"sentences_per_second_per_core\": %.0f, "
      "\"tokens_per_second_per_core\": %.0f, \"jobs\": %d, \"parallel_wall_seconds\": %.3f, "
      "\"parallel_sentences_per_second\": %.0f, \"peak_rss_mb\": %.1f}\n",
      docs.size(), static_cast<long long>(sentences), static_cast<long long>(tokens),
      static_cast<long long>(triples), graph.num_relations(), graph.num_entities(), load_seconds, tagger_load_seconds, t_segment,
      t_tag, t_entities, t_chunk, t_relation, t_resolve, t_graph, static_cast<double>(tokens) / annotate,
      static_cast<double>(sentences) / total, static_cast<double>(tokens) / total, jobs, parallel_seconds,
      jobs > 0 && parallel_seconds > 0 ? static_cast<double>(sentences) / parallel_seconds : 0.0,
      static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
}
