// relgraph::ingest::Format: the input formats the reader knows.
//
// Part of the ingest stage; shared by reader.h (which format a file is) and
// markup.h (what a JSON Lines text field holds).

#ifndef RELGRAPH_SRC_INGEST_FORMAT_H_
#define RELGRAPH_SRC_INGEST_FORMAT_H_

#include <cstdint>
#include <string_view>

namespace relgraph::ingest {

enum class Format : uint8_t {
  kAuto = 0,  // decide from the name and the content
  kText,
  kMarkdown,
  kHtml,
  kJsonl,
};

// "auto", "text", "markdown", "html", "jsonl".
std::string_view FormatName(Format f);
// Inverse of FormatName (also accepts "txt", "md", "htm", "ndjson"); false
// for an unknown name.
bool FormatFromName(std::string_view name, Format* out);

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_FORMAT_H_
