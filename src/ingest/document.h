// relgraph::ingest::Document: one input text, as the ingest stage hands it on.
//
// The first stage of the pipeline (ingest -> text -> annotate -> extract ->
// resolve -> graph). `text` is valid UTF-8 (invalid bytes were replaced with
// U+FFFD and reported), with line endings normalised to "\n". Every later
// byte offset (Span) points into `text`.

#ifndef RELGRAPH_SRC_INGEST_DOCUMENT_H_
#define RELGRAPH_SRC_INGEST_DOCUMENT_H_

#include <cstdint>
#include <string>

namespace relgraph::ingest {

struct Document {
  std::string id;      // stable: the JSONL "id", else the file path as given
  std::string text;    // UTF-8, "\n" line endings
  std::string title;   // optional
  std::string date;    // optional, as given (ISO 8601 preferred)
  std::string url;     // optional
  std::string source;  // the file it came from ("-" for stdin)
  int64_t source_line = 0;  // 1-based line in a JSONL source; 0 otherwise
};

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_DOCUMENT_H_
