// relgraph annotate: tokens with part of speech, lemma, entity and chunk, as
// CoNLL-U (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC; entity and
// chunk tags go into MISC as Entity=B-Country|Chunk=I-NP).

#include <iostream>

#include "graph/io/graph_file.h"
#include "src/ingest/reader.h"
#include "tools/relgraph/cli.h"

namespace relgraph::cli {

namespace {

std::string SpanTag(text::Iob iob, const std::string& type) {
  if (iob == text::Iob::kO || type.empty()) return "";
  return std::string(iob == text::Iob::kB ? "B-" : "I-") + type;
}

void WriteConllu(const std::string& sent_id, const text::Sentence& s, const Ontology& onto,
                 bool space_after_marks, std::ostream& out) {
  std::string text;
  for (const auto& t : s.tokens) {
    text += t.text;
    if (&t != &s.tokens.back() && t.space_after) text += ' ';
  }
  out << "# sent_id = " << sent_id << "\n# text = " << text << "\n";
  for (size_t i = 0; i < s.tokens.size(); ++i) {
    const text::Token& t = s.tokens[i];
    std::string misc;
    auto add = [&misc](const std::string& kv) { misc += (misc.empty() ? "" : "|") + kv; };
    std::string ent = SpanTag(t.ent_iob, onto.EntityTypeName(t.ent_type));
    if (!ent.empty()) add("Entity=" + ent);
    std::string chunk = SpanTag(t.chunk_iob, std::string(text::ChunkTypes()[t.chunk_type]));
    if (!chunk.empty()) add("Chunk=" + chunk);
    if (space_after_marks && !t.space_after && i + 1 < s.tokens.size()) add("SpaceAfter=No");
    out << (i + 1) << "\t" << t.text << "\t" << (t.lemma.empty() ? "_" : t.lemma) << "\t"
        << text::UposTags()[t.upos] << "\t" << text::XposTags()[t.xpos] << "\t_\t_\t_\t_\t"
        << (misc.empty() ? "_" : misc) << "\n";
  }
  out << "\n";
}

// One sentence a line, tokens separated by single spaces, kept exactly.
// Other whitespace (a tab, a run of spaces, a space at either end of the
// line) also separates tokens, since CoNLL-U cannot hold a tab in a FORM or
// an empty FORM, and draws a warning with the file, line and column (for
// the first kMaxSeparatorWarnings such lines of a document; then a count).
constexpr int kMaxSeparatorWarnings = 5;

bool IsSeparator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::vector<text::Sentence> PretokenizedSentences(const std::string& file, const std::string& text,
                                                  const ingest::DiagnosticSink& warn) {
  std::vector<text::Sentence> out;
  size_t line_start = 0;
  int64_t line_number = 0, irregular_lines = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    ++line_number;
    text::Sentence s;
    // The first separator that is not a single space between two tokens.
    size_t odd = std::string::npos;
    size_t i = line_start;
    while (i < line_end) {
      size_t j = i;
      while (j < line_end && !IsSeparator(text[j])) ++j;
      if (j > i) {
        text::Token t;
        t.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
        t.text = text.substr(i, j - i);
        t.shape = text::ShapeOf(t.text);
        s.tokens.push_back(std::move(t));
      }
      if (j < line_end && odd == std::string::npos &&
          (text[j] != ' ' || j == line_start || j + 1 == line_end || IsSeparator(text[j + 1]))) {
        odd = j;
      }
      i = j + 1;
    }
    if (odd != std::string::npos && ++irregular_lines <= kMaxSeparatorWarnings) {
      const char c = text[odd];
      const std::string what = c == '\t'              ? "a tab"
                               : c != ' '              ? "a control character"
                               : odd == line_start     ? "a space at the start of the line"
                               : odd + 1 == line_end   ? "a space at the end of the line"
                                                       : "more than one space";
      ingest::Diagnostic d;
      d.status = Status(StatusCode::kInvalidArgument,
                        "--pretokenized expects tokens separated by single spaces; " + what +
                            " was read as a separator",
                        Location{file, line_number, static_cast<int64_t>(odd - line_start + 1)});
      warn(d);
    }
    if (!s.tokens.empty()) {
      s.index = static_cast<uint32_t>(out.size());
      s.span = {s.tokens.front().span.begin, s.tokens.back().span.end};
      out.push_back(std::move(s));
    }
    line_start = line_end + 1;
  }
  if (irregular_lines > kMaxSeparatorWarnings) {
    ingest::Diagnostic d;
    d.status = Status(StatusCode::kInvalidArgument,
                      std::to_string(irregular_lines - kMaxSeparatorWarnings) +
                          " more line(s) with separators other than single spaces",
                      Location{file});
    warn(d);
  }
  return out;
}

}  // namespace

int RunAnnotate(const GlobalOptions& g, const AnnotateArgs& args) {
  auto pipeline = LoadPipeline(g, args.rules);
  if (!pipeline) return kExitUsage;
  ingest::ReadOptions options;
  if (args.pretokenized) {
    options.format = ingest::Format::kText;
    options.stdin_format = ingest::Format::kText;
  }
  ingest::Reader reader(options);
  text::Segmentation seg;  // reused from one document to the next
  auto write = [&](std::ostream& out) -> Status {
    const ingest::DiagnosticSink print = [](const ingest::Diagnostic& d) {
      std::cerr << "relgraph: " << d.ToString() << "\n";
    };
    reader.Read(
        args.inputs,
        [&](ingest::Document&& doc) {
          out << "# newdoc id = " << doc.id << "\n";
          if (args.pretokenized) {
            std::vector<text::Sentence> sentences = PretokenizedSentences(doc.id, doc.text, print);
            pipeline->AnnotateSentences(&sentences);
            for (const auto& s : sentences) {
              WriteConllu(doc.id + "-" + std::to_string(s.index + 1), s, pipeline->ontology(), false, out);
            }
          } else {
            pipeline->Annotate(doc, &seg);
            for (const auto& s : seg.sentences) {
              WriteConllu(doc.id + "-" + std::to_string(s.index + 1), s, pipeline->ontology(), true, out);
            }
          }
        },
        print);
    return out ? Status::Ok() : Status(StatusCode::kIoError, "write failed", Location{args.output});
  };
  Status s = args.output.empty() ? write(std::cout) : io::WriteFileAtomically(args.output, write);
  if (!s.ok()) {
    PrintError(s);
    return kExitInputErrors;
  }
  return reader.stats().errors > 0 ? kExitInputErrors : kExitOk;
}

}  // namespace relgraph::cli
