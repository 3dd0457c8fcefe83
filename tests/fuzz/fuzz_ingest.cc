// Fuzz target: the ingest path for JSON Lines, UTF-8 repair and markup.
//
// The first byte picks what the rest is read as through Reader (stdin: JSON
// Lines, text, Markdown or HTML; gzip is detected by its magic bytes, so
// compressed inputs are reached too). Checks: every Document has a non-empty
// id (JSONL), a source, and valid UTF-8 text without CR; NormalizeText always
// yields valid UTF-8 without CR and reports consistent counts; the markup
// converters keep valid UTF-8 valid.

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "src/ingest/markup.h"
#include "src/ingest/reader.h"
#include "src/ingest/utf8.h"
#include "tests/fuzz/fuzz_check.h"

using relgraph::ingest::Diagnostic;
using relgraph::ingest::Document;
using relgraph::ingest::Format;
using relgraph::ingest::IsValidUtf8;
using relgraph::ingest::NormalizeText;
using relgraph::ingest::ReadOptions;
using relgraph::ingest::Reader;
using relgraph::ingest::TextRepair;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  std::string clean;
  const TextRepair rep = NormalizeText(bytes, &clean);
  RELGRAPH_FUZZ_CHECK(IsValidUtf8(clean));
  RELGRAPH_FUZZ_CHECK(clean.find('\r') == std::string::npos);
  RELGRAPH_FUZZ_CHECK((rep.invalid_sequences == 0) == (rep.first_invalid_offset < 0));
  RELGRAPH_FUZZ_CHECK(rep.invalid_bytes >= rep.invalid_sequences);
  RELGRAPH_FUZZ_CHECK(IsValidUtf8(bytes) == (rep.invalid_sequences == 0));
  RELGRAPH_FUZZ_CHECK(IsValidUtf8(relgraph::ingest::MarkdownToText(clean)));
  RELGRAPH_FUZZ_CHECK(IsValidUtf8(relgraph::ingest::HtmlToText(clean)));

  static constexpr Format kFormats[] = {Format::kJsonl, Format::kText, Format::kMarkdown,
                                        Format::kHtml};
  std::istringstream in(bytes);
  ReadOptions options;
  options.stdin_stream = &in;
  options.stdin_format = kFormats[mode % 4];
  options.jsonl_text_format = (mode & 0x10) != 0 ? Format::kText : Format::kAuto;
  options.max_document_bytes = (mode & 0x20) != 0 ? 64 : uint64_t{1} << 20;
  Reader reader(options);
  int64_t documents = 0, diagnostics = 0;
  reader.Read(
      {"-"},
      [&](Document&& d) {
        ++documents;
        RELGRAPH_FUZZ_CHECK(d.source == "-");
        RELGRAPH_FUZZ_CHECK(!d.id.empty());
        RELGRAPH_FUZZ_CHECK(IsValidUtf8(d.text));
        RELGRAPH_FUZZ_CHECK(d.text.find('\r') == std::string::npos);
        if (options.stdin_format == Format::kText) {
          RELGRAPH_FUZZ_CHECK(d.text.size() <= options.max_document_bytes);
        }
        if (options.stdin_format == Format::kJsonl) RELGRAPH_FUZZ_CHECK(d.source_line > 0);
      },
      [&](const Diagnostic& d) {
        ++diagnostics;
        RELGRAPH_FUZZ_CHECK(!d.status.ok());
        RELGRAPH_FUZZ_CHECK(!d.status.message().empty());
      });
  RELGRAPH_FUZZ_CHECK(reader.stats().documents == documents);
  RELGRAPH_FUZZ_CHECK(reader.stats().warnings + reader.stats().errors == diagnostics);
  return 0;
}
