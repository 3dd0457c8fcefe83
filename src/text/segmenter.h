// relgraph::text::Segmenter: a Document's text -> Sentences of Tokens, plus
// the news metadata that is not part of any sentence (datelines, photo
// credits).
//
// The text stage of the pipeline (ingest -> text -> annotate -> extract ...).
// One pass tokenizes (tokenizer.h conventions) and splits sentences with
// rules and word lists from schemas/lexicon (lexicon.h):
//   - . ! ? end sentences before a capitalised word; not before a lower-case
//     one ("Yahoo! in", "co. at noon"); quotes and brackets after the
//     terminator stay with the sentence ("We agreed." He left.);
//   - abbreviations: titles never end a sentence (Gen. Asim Munir), numbered
//     ones not before a number (No. 10, p. 55), e.g./vs. never; Inc., Jr.,
//     a.m., dotted acronyms (U.S.) and initials (Jonas E. Smith) only before
//     a usual sentence opener ("the U.S. State Department" vs "the U.S. How");
//   - ellipses: "..." and ". . ." continue the sentence, "...." ends it;
//   - hard breaks: blank lines, bullets (•, ⁃, and "-", "*" at a line start),
//     numbered and lettered list items ("1.", "2)", "a."); a single newline
//     is a break too unless the text is hard-wrapped prose (detected per
//     document: many lines continue in lower case) or the next line clearly
//     continues the sentence (LineBreaks);
//   - datelines at a paragraph start ("WASHINGTON:", "KARACHI, Pakistan
//     (Reuters) -", "ISLAMABAD, May 15:") and photo credits at a paragraph
//     end ("... from a video. — YouTube/US Department of State", "— Reuters",
//     "(AFP)") become TextMeta entries, outside every sentence; so do the
//     speaker labels of transcripts ("MS. PSAKI:", "THE PRESIDENT:"), told
//     from datelines by a title or a role word (news_credits.txt [speaker]);
//   - sentences longer than max_sentence_tokens or max_sentence_bytes are cut
//     at the limit and reported (no text is dropped).
//
//   Segmenter segmenter;  // Lexicon::Default(), default options
//   Segmentation seg = segmenter.Segment(document);
//   for (const Sentence& s : seg.sentences) { ... s.tokens ... }
//   for (const TextMeta& m : seg.metadata) { ... m.kind, m.text ... }
//
// Guarantees, for any input bytes: sentence spans and token spans lie in the
// text, are ordered and do not overlap; every token's text equals its bytes;
// a sentence's span runs from its first token's begin to its last token's
// end; every non-whitespace byte is in exactly one sentence or metadata span.

#ifndef RELGRAPH_SRC_TEXT_SEGMENTER_H_
#define RELGRAPH_SRC_TEXT_SEGMENTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/ingest/diagnostic.h"
#include "src/ingest/document.h"
#include "src/text/lexicon.h"
#include "src/text/raw_token.h"
#include "src/text/token.h"

namespace relgraph::text {

// What a single newline means.
enum class LineBreaks : uint8_t {
  kAuto,  // a break, unless the document is hard-wrapped prose or the next line continues in lower case
  kHard,  // always a sentence break (one sentence or heading per line)
  kSoft,  // like a space (hard-wrapped text); blank lines and bullets still break
};

struct SegmentOptions {
  LineBreaks line_breaks = LineBreaks::kAuto;
  uint32_t max_sentence_tokens = 1000;  // longer sentences are cut and reported
  uint32_t max_sentence_bytes = 20000;
  bool datelines = true;  // detect datelines at paragraph starts
  bool credits = true;    // detect photo credits at paragraph ends
};

enum class MetaKind : uint8_t {
  kDateline,  // "WASHINGTON:", "KARACHI, Pakistan (Reuters) -"
  kCredit,    // "— Reuters", "(AFP)" after a photo caption
  kSpeaker,   // a transcript's speaker label: "MS. PSAKI:", "THE PRESIDENT:"
};
// "dateline", "credit" or "speaker".
std::string_view MetaKindName(MetaKind kind);

namespace internal {

// The segmenter's working memory for one document (see Segmentation::scratch).
struct SegmentScratch {
  struct Range {
    uint32_t first;
    uint32_t last;  // exclusive
  };
  struct MetaRange {
    MetaKind kind;
    uint32_t first;
    uint32_t last;  // exclusive
  };
  std::vector<RawToken> raw;
  std::vector<Range> ranges;      // sentences as token ranges
  std::vector<MetaRange> meta;    // metadata as token ranges
  std::vector<uint8_t> brk;       // per token: why a sentence starts there
  std::vector<uint8_t> mark;      // per token: list marker, metadata
  // The tokens the splitter visits (see RawIndex), and the paragraph starts.
  RawIndex index;
  std::vector<uint32_t> paragraphs;
};

}  // namespace internal

// Text that belongs to no sentence.
struct TextMeta {
  MetaKind kind = MetaKind::kDateline;
  Span span;         // bytes in the document text
  std::string text;  // the surface text of span
  // A dateline or speaker label: the sentence it opens. A credit: the
  // caption sentence it follows. sentences.size() when there is none.
  uint32_t sentence = 0;
};

struct Segmentation {
  std::vector<Sentence> sentences;   // index = position
  std::vector<TextMeta> metadata;    // in text order
  std::vector<ingest::Diagnostic> diagnostics;  // sentences cut at the length limit (warnings)

  // Not part of the result: Sentences left over from earlier documents when
  // this Segmentation is reused (Segmenter::Segment into *out), kept so that
  // their memory serves the next document instead of being freed.
  std::vector<Sentence> spare_sentences;
  // Not part of the result either: the segmenter's per-document buffers
  // (raw tokens, sentence boundaries), kept for the next document.
  internal::SegmentScratch scratch;

  void Clear() {
    sentences.clear();
    metadata.clear();
    diagnostics.clear();
  }
};

class Segmenter {
 public:
  // `lexicon` must outlive the Segmenter. Limits of 0 are read as 1.
  explicit Segmenter(const Lexicon& lexicon = Lexicon::Default(), SegmentOptions options = {});

  // Segments `text`. Diagnostics locate problems by byte offset only.
  Segmentation Segment(std::string_view text) const;
  // Same, into *out (cleared first), reusing its memory across documents.
  void Segment(std::string_view text, Segmentation* out) const;
  // Segments doc.text; diagnostics name the document ("id (byte N)").
  void Segment(const ingest::Document& doc, Segmentation* out) const;

  // Only the sentence spans (no Token objects built): the splitter alone,
  // without the length limits (nothing is cut or reported).
  std::vector<Span> SplitSentences(std::string_view text) const;

  const SegmentOptions& options() const { return options_; }

 private:
  void SegmentImpl(std::string_view text, const std::string& name, Segmentation* out) const;

  const Lexicon* lexicon_;
  SegmentOptions options_;
};

// Sentence spans of `text` with the default lexicon and options.
std::vector<Span> SplitSentences(std::string_view text);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_SEGMENTER_H_
