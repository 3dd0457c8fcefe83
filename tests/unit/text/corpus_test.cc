// Segments every document of the shipped news corpora and checks the
// segmenter's guarantees on real text: token texts equal their bytes, spans
// are ordered and do not overlap, and every non-blank byte of a document is
// in exactly one sentence or metadata span.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/ingest/reader.h"
#include "src/text/chars.h"
#include "src/text/segmenter.h"

namespace relgraph::text {
namespace {

// Empty when everything holds; else the first problem.
std::string CheckInvariants(const std::string& text, const Segmentation& seg) {
  struct Piece {
    uint32_t begin, end;
  };
  std::vector<Piece> pieces;
  for (const Sentence& s : seg.sentences) {
    if (s.tokens.empty()) return "sentence without tokens";
    if (s.span.begin != s.tokens.front().span.begin || s.span.end != s.tokens.back().span.end) {
      return "sentence span differs from its tokens";
    }
    uint32_t prev = s.span.begin;
    for (const Token& t : s.tokens) {
      if (t.span.begin < prev || t.span.end <= t.span.begin || t.span.end > text.size()) {
        return "token span out of order or range at byte " + std::to_string(t.span.begin);
      }
      if (t.text != std::string_view(text).substr(t.span.begin, t.span.size())) {
        return "token text differs from the document at byte " + std::to_string(t.span.begin);
      }
      prev = t.span.end;
    }
    pieces.push_back({s.span.begin, s.span.end});
  }
  for (const TextMeta& m : seg.metadata) {
    if (m.text != std::string_view(text).substr(m.span.begin, m.span.size())) return "meta text";
    pieces.push_back({m.span.begin, m.span.end});
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const Piece& a, const Piece& b) { return a.begin < b.begin; });
  uint32_t covered = 0;
  for (const Piece& p : pieces) {
    if (p.begin < covered) return "overlapping spans at byte " + std::to_string(p.begin);
    for (size_t i = covered; i < p.begin;) {
      size_t len;
      if (!chars::IsSpace(chars::ClassAt(text, i, &len))) {
        return "byte " + std::to_string(i) + " is in no sentence";
      }
      i += len;
    }
    covered = p.end;
  }
  for (size_t i = covered; i < text.size();) {
    size_t len;
    if (!chars::IsSpace(chars::ClassAt(text, i, &len))) {
      return "byte " + std::to_string(i) + " after the last sentence";
    }
    i += len;
  }
  return "";
}

TEST(CorpusSegmentationTest, EveryTokenReproducesTheDocument) {
  const char* kFiles[] = {"whitehouse_intl.jsonl.gz", "wikinews_2019_2020.jsonl.gz"};
  for (const char* file : kFiles) {
    const std::string path = std::string(RELGRAPH_SHARED_DIR) + "/data/corpus/" + file;
    if (!std::filesystem::exists(path)) {
      GTEST_SKIP() << "MISSING DATA: " << path << " not found; corpus not segmented";
    }
    Segmenter segmenter;
    Segmentation seg;
    size_t documents = 0, sentences = 0, tokens = 0, meta = 0, cut = 0, failures = 0;
    ingest::Reader reader;
    reader.Read(
        {path},
        [&](ingest::Document&& doc) {
          segmenter.Segment(doc, &seg);
          ++documents;
          sentences += seg.sentences.size();
          meta += seg.metadata.size();
          cut += seg.diagnostics.size();
          for (const Sentence& s : seg.sentences) tokens += s.tokens.size();
          const std::string problem = CheckInvariants(doc.text, seg);
          if (!problem.empty() && ++failures <= 5) ADD_FAILURE() << doc.id << ": " << problem;
        },
        nullptr);
    EXPECT_GT(documents, 200u);
    EXPECT_EQ(failures, 0u);
    std::printf("%s: %zu documents, %zu sentences, %zu tokens, %zu metadata, %zu cut\n", file,
                documents, sentences, tokens, meta, cut);
  }
}

}  // namespace
}  // namespace relgraph::text
