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
std::vector<text::Sentence> PretokenizedSentences(const std::string& text) {
  std::vector<text::Sentence> out;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    text::Sentence s;
    size_t i = line_start;
    while (i < line_end) {
      size_t j = text.find(' ', i);
      if (j == std::string::npos || j > line_end) j = line_end;
      if (j > i) {
        text::Token t;
        t.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
        t.text = text.substr(i, j - i);
        t.shape = text::ShapeOf(t.text);
        s.tokens.push_back(std::move(t));
      }
      i = j + 1;
    }
    if (!s.tokens.empty()) {
      s.index = static_cast<uint32_t>(out.size());
      s.span = {s.tokens.front().span.begin, s.tokens.back().span.end};
      out.push_back(std::move(s));
    }
    line_start = line_end + 1;
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
    reader.Read(
        args.inputs,
        [&](ingest::Document&& doc) {
          out << "# newdoc id = " << doc.id << "\n";
          if (args.pretokenized) {
            std::vector<text::Sentence> sentences = PretokenizedSentences(doc.text);
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
        [&](const ingest::Diagnostic& d) { std::cerr << "relgraph: " << d.ToString() << "\n"; });
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
