// Throughput of the text stage (tokenizer + sentence splitter + Token
// objects), for the figure in the text layer's report. Not a test: timing
// has no place in ctest. Reads the inputs with the ingest Reader (not timed),
// then segments every document `rounds` times and prints the best round in
// CPU time.
//
//   text_throughput /work/shared/data/corpus/whitehouse_intl.jsonl.gz [--rounds N] [--limit DOCS]

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "src/ingest/reader.h"
#include "src/text/segmenter.h"

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  using relgraph::ingest::Document;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE... [--rounds N] [--limit DOCS]\n", argv[0]);
    return 2;
  }
  std::vector<std::string> inputs;
  int rounds = 5;
  size_t limit = SIZE_MAX;  // documents to segment (all by default)
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--limit" && i + 1 < argc) {
      limit = static_cast<size_t>(std::max(0, std::atoi(argv[++i])));
    } else {
      inputs.push_back(arg);
    }
  }
  std::vector<Document> docs;
  relgraph::ingest::Reader reader;
  int errors = 0;
  reader.Read(
      inputs, [&](Document&& d) {
        if (docs.size() < limit) docs.push_back(std::move(d));
      },
      [&](const relgraph::ingest::Diagnostic& d) {
        std::fprintf(stderr, "%s\n", d.ToString().c_str());
        errors += d.severity == relgraph::ingest::Severity::kError ? 1 : 0;
      });
  const relgraph::text::Segmenter segmenter;
  relgraph::text::Segmentation seg;
  size_t bytes = 0, sentences = 0, tokens = 0;
  double best = 1e30;
  for (int r = 0; r < rounds; ++r) {
    bytes = sentences = tokens = 0;
    const double start = CpuSeconds();
    for (const Document& d : docs) {
      segmenter.Segment(d, &seg);
      bytes += d.text.size();
      sentences += seg.sentences.size();
      for (const auto& s : seg.sentences) tokens += s.tokens.size();
    }
    best = std::min(best, CpuSeconds() - start);
  }
  std::printf("%zu documents, %zu bytes, %zu sentences, %zu tokens\n", docs.size(), bytes,
              sentences, tokens);
  std::printf("best of %d rounds: %.3f s CPU = %.2f M tokens/s, %.1f MB/s\n", rounds, best,
              static_cast<double>(tokens) / best / 1e6, static_cast<double>(bytes) / best / 1e6);
  return errors > 0 ? 1 : 0;
}
