// Fuzz target: the sentence splitter and tokenizer on arbitrary bytes.
//
// The first byte picks options (line-break mode, small length limits), the
// rest is the text. Checks: every sentence has tokens; token and sentence
// spans lie in the text, are ordered and do not overlap; token text equals
// the document bytes; sentences and metadata never overlap; the limits hold;
// SplitSentences agrees when no limit cuts; the Tokenizer alone obeys the
// same span rules.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/text/segmenter.h"
#include "src/text/tokenizer.h"
#include "tests/fuzz/fuzz_check.h"

using relgraph::text::LineBreaks;
using relgraph::text::Lexicon;
using relgraph::text::Segmentation;
using relgraph::text::Segmenter;
using relgraph::text::SegmentOptions;
using relgraph::text::Sentence;
using relgraph::text::Span;
using relgraph::text::Token;
using relgraph::text::Tokenizer;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  SegmentOptions options;
  options.line_breaks = static_cast<LineBreaks>(mode % 3);
  const bool small_limits = (mode & 0x04) != 0;
  if (small_limits) {
    options.max_sentence_tokens = 1 + (mode >> 4);
    options.max_sentence_bytes = 8 + 16u * (mode >> 4);
  }
  options.datelines = (mode & 0x08) == 0;
  options.credits = (mode & 0x08) == 0;

  const Segmenter segmenter(Lexicon::Default(), options);
  const Segmentation seg = segmenter.Segment(text);
  uint32_t prev_end = 0;
  for (size_t i = 0; i < seg.sentences.size(); ++i) {
    const Sentence& s = seg.sentences[i];
    RELGRAPH_FUZZ_CHECK(s.index == i);
    RELGRAPH_FUZZ_CHECK(!s.tokens.empty());
    RELGRAPH_FUZZ_CHECK(s.span.begin >= prev_end);
    RELGRAPH_FUZZ_CHECK(s.span.begin < s.span.end && s.span.end <= text.size());
    RELGRAPH_FUZZ_CHECK(s.span.begin == s.tokens.front().span.begin);
    RELGRAPH_FUZZ_CHECK(s.span.end == s.tokens.back().span.end);
    RELGRAPH_FUZZ_CHECK(s.tokens.size() <= options.max_sentence_tokens + 1);  // + a split initial
    RELGRAPH_FUZZ_CHECK(s.tokens.size() == 1 || s.span.size() <= options.max_sentence_bytes ||
                        !small_limits);
    uint32_t tok_end = s.span.begin;
    for (const Token& t : s.tokens) {
      RELGRAPH_FUZZ_CHECK(t.span.begin >= tok_end);
      RELGRAPH_FUZZ_CHECK(t.span.begin < t.span.end && t.span.end <= s.span.end);
      RELGRAPH_FUZZ_CHECK(t.text == std::string_view(text).substr(t.span.begin, t.span.size()));
      tok_end = t.span.end;
    }
    prev_end = s.span.end;
  }
  for (const auto& m : seg.metadata) {
    RELGRAPH_FUZZ_CHECK(m.span.begin < m.span.end && m.span.end <= text.size());
    RELGRAPH_FUZZ_CHECK(m.text == std::string_view(text).substr(m.span.begin, m.span.size()));
    RELGRAPH_FUZZ_CHECK(m.sentence <= seg.sentences.size());
    for (const Sentence& s : seg.sentences) {
      RELGRAPH_FUZZ_CHECK(s.span.end <= m.span.begin || s.span.begin >= m.span.end);
    }
  }
  if (seg.diagnostics.empty()) {
    const std::vector<Span> spans = segmenter.SplitSentences(text);
    RELGRAPH_FUZZ_CHECK(spans.size() == seg.sentences.size());
    for (size_t i = 0; i < spans.size(); ++i) RELGRAPH_FUZZ_CHECK(spans[i] == seg.sentences[i].span);
  }

  uint32_t tok_end = 0;
  for (const Token& t : Tokenizer().Tokenize(text)) {
    RELGRAPH_FUZZ_CHECK(t.span.begin >= tok_end && t.span.begin < t.span.end);
    RELGRAPH_FUZZ_CHECK(t.span.end <= text.size());
    RELGRAPH_FUZZ_CHECK(t.span.size() <= relgraph::text::kMaxTokenBytes);
    RELGRAPH_FUZZ_CHECK(t.text == std::string_view(text).substr(t.span.begin, t.span.size()));
    tok_end = t.span.end;
  }
  return 0;
}
