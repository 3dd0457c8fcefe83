// relgraph extract: files -> pipeline -> graph -> output files.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "graph/build.h"
#include "graph/io/format.h"
#include "graph/io/graph_file.h"
#include "graph/knowledge_graph.h"
#include "src/ingest/reader.h"
#include "tools/relgraph/cli.h"

namespace relgraph::cli {

namespace {

struct Output {
  std::string path;  // empty = stdout
  io::Format format;
};

struct Totals {
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t matches = 0;
  int64_t triples = 0;
  int64_t rejected = 0;
  int64_t warnings = 0;
};

// Processes documents in batches on `jobs` threads; results join the graph in
// input order, so the output does not depend on the number of threads.
class BatchRunner {
 public:
  BatchRunner(const resolve::Pipeline& p, int jobs, graph::KnowledgeGraph* g, Totals* totals)
      : pipeline_(p), jobs_(std::max(1, jobs)), graph_(g), totals_(totals) {}

  void Add(ingest::Document&& doc) {
    batch_.push_back(std::move(doc));
    if (batch_.size() >= static_cast<size_t>(jobs_) * 8) Flush();
  }

  void Flush() {
    // Kept from batch to batch: Process() reuses their memory.
    std::vector<resolve::ProcessedDocument>& results = results_;
    if (results.size() < batch_.size()) results.resize(batch_.size());
    if (jobs_ == 1 || batch_.size() == 1) {
      for (size_t i = 0; i < batch_.size(); ++i) pipeline_.Process(batch_[i], false, &results[i]);
    } else {
      std::vector<std::thread> threads;
      const size_t n = std::min(batch_.size(), static_cast<size_t>(jobs_));
      for (size_t t = 0; t < n; ++t) {
        threads.emplace_back([&, t] {
          for (size_t i = t; i < batch_.size(); i += n) pipeline_.Process(batch_[i], false, &results[i]);
        });
      }
      for (auto& th : threads) th.join();
    }
    for (size_t i = 0; i < batch_.size(); ++i) {
      const auto& r = results[i];
      // Sentences cut at the length limit: reported, nothing dropped.
      for (const auto& d : r.segmentation.diagnostics) {
        std::cerr << "relgraph: " << d.ToString() << "\n";
        ++totals_->warnings;
      }
      ++totals_->documents;
      totals_->sentences += static_cast<int64_t>(r.segmentation.sentences.size());
      for (const auto& xs : r.extractions) totals_->matches += static_cast<int64_t>(xs.size());
      totals_->triples += static_cast<int64_t>(r.resolved.triples.size());
      totals_->rejected += static_cast<int64_t>(r.resolved.dropped.size());
      graph::AddDocument(batch_[i].id, r.resolved, graph_);
    }
    batch_.clear();
  }

 private:
  const resolve::Pipeline& pipeline_;
  int jobs_;
  graph::KnowledgeGraph* graph_;
  Totals* totals_;
  std::vector<ingest::Document> batch_;
  std::vector<resolve::ProcessedDocument> results_;  // slot i: document i of a batch
};

}  // namespace

int RunExtract(const GlobalOptions& g, const ExtractArgs& args) {
  // Flags first: a bad flag stops before any work.
  std::vector<Output> outputs;
  io::Format flag_format = io::Format::kJsonLines;
  const bool has_flag_format = !args.format.empty();
  if (has_flag_format && !io::FormatFromName(args.format, &flag_format)) {
    PrintError("unknown --format \"" + args.format + "\" (graphml, nt, ttl, jsonl)");
    return kExitUsage;
  }
  for (const auto& path : args.outputs) {
    io::Format f;
    if (io::FormatFromExtension(path, &f)) {
      outputs.push_back({path, f});
    } else if (has_flag_format && args.outputs.size() == 1) {
      outputs.push_back({path, flag_format});
    } else {
      PrintError("cannot tell the format of \"" + path + "\" from its extension (.graphml .nt .ttl .jsonl); use --format");
      return kExitUsage;
    }
  }
  if (outputs.empty()) outputs.push_back({"", flag_format});
  ingest::ReadOptions read_options;
  if (!ingest::FormatFromName(args.input_format, &read_options.format) ||
      !ingest::FormatFromName(args.stdin_format, &read_options.stdin_format)) {
    PrintError("unknown input format");
    return kExitUsage;
  }
  text::SegmentOptions segment;
  if (args.line_breaks == "hard") segment.line_breaks = text::LineBreaks::kHard;
  if (args.line_breaks == "soft") segment.line_breaks = text::LineBreaks::kSoft;

  auto pipeline = LoadPipeline(g, args.rules, segment);
  if (!pipeline) return kExitUsage;

  int jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  graph::KnowledgeGraph graph;
  Totals totals;
  BatchRunner runner(*pipeline, jobs, &graph, &totals);
  ingest::Reader reader(read_options);
  const bool progress = !g.quiet && isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();
  reader.Read(
      args.inputs,
      [&](ingest::Document&& doc) {
        runner.Add(std::move(doc));
        if (progress) {
          auto now = std::chrono::steady_clock::now();
          if (now - last > std::chrono::milliseconds(500)) {
            last = now;
            std::cerr << "\rrelgraph: " << totals.documents << " documents, " << totals.sentences
                      << " sentences, " << graph.num_relations() << " relations" << std::flush;
          }
        }
      },
      [&](const ingest::Diagnostic& d) {
        if (progress) std::cerr << "\r\033[K";
        std::cerr << "relgraph: " << d.ToString() << "\n";
      });
  runner.Flush();
  if (progress) std::cerr << "\r\033[K";

  int code = reader.stats().errors > 0 ? kExitInputErrors : kExitOk;
  io::WriteOptions write_options;
  write_options.base_iri = args.base_iri;
  for (const auto& out : outputs) {
    Status s = out.path.empty() ? io::WriteGraph(graph, pipeline->ontology(), out.format, write_options, std::cout)
                                : io::WriteGraphFile(graph, pipeline->ontology(), out.format, out.path, write_options);
    if (!s.ok()) {
      PrintError(s);
      code = kExitInputErrors;
    }
  }
  if (!g.quiet) {
    int64_t typed = 0;
    for (const auto& r : graph.Relations()) typed += r.relation->kind == graph::RelationKind::kTyped;
    std::cerr << "relgraph: " << totals.documents << " documents, " << totals.sentences << " sentences, "
              << totals.matches << " matches, " << totals.triples << " triples (" << graph.num_relations()
              << " relations, " << typed << " typed), " << graph.num_entities() << " entities, "
              << totals.rejected << " rejected; " << reader.stats().errors << " input errors, "
              << reader.stats().warnings + totals.warnings << " warnings\n";
  }
  return code;
}

}  // namespace relgraph::cli
