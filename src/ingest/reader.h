// relgraph::ingest::Reader: turns the command line's FILES... into a stream
// of Documents, with diagnostics for everything that goes wrong on the way.
//
// The first stage of the pipeline (ingest -> text -> annotate -> extract ->
// resolve -> graph). It reads:
//   - plain text (.txt, and files with no or an unknown extension that hold
//     text), Markdown (.md .markdown), HTML (.html .htm .xhtml) and JSON
//     Lines (.jsonl .ndjson: one {"id", "text", optional "title", "date",
//     "url"} object a line; other fields ignored; "source_url" stands in for
//     a missing "url"), each optionally gzip-compressed (.gz, or gzip magic
//     bytes whatever the name);
//   - folders, recursively, files in byte-wise sorted path order, hidden
//     files and folders (name starting with ".") skipped;
//   - "-": standard input (ReadOptions::stdin_format says what it holds).
// JSON Lines are streamed line by line (also through gzip): memory stays
// bounded by the longest line, whatever the file size. Other formats are one
// Document per file.
//
// Files in UTF-16 with a byte order mark are converted to UTF-8 (not JSON
// Lines, which must be UTF-8). Every Document's text is valid UTF-8 with
// "\n" line ends: CRLF and CR
// become LF, a BOM is dropped, invalid bytes (overlong forms, surrogates,
// code points above U+10FFFF, stray bytes) become U+FFFD and are reported
// with the byte offset of the first and how many were replaced.
//
// Problems never stop the run; each is reported once through the diagnostic
// callback, and the rest is read:
//   warning: invalid UTF-8 repaired, binary file skipped, duplicate document
//            id (both kept), non-string optional JSONL field ignored;
//   error:   missing or unreadable file or folder, malformed JSONL line,
//            truncated or corrupt gzip data (what came before is kept), a
//            document over max_document_bytes.
//
//   Reader reader;                       // default options
//   reader.Read({"news/", "extra.jsonl.gz", "-"},
//               [&](Document&& doc) { pipeline.Add(std::move(doc)); },
//               [&](const Diagnostic& d) { std::cerr << d.ToString() << "\n"; });
//   int exit_code = reader.stats().errors > 0 ? 1 : 0;

#ifndef RELGRAPH_SRC_INGEST_READER_H_
#define RELGRAPH_SRC_INGEST_READER_H_

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/base/status.h"
#include "src/ingest/diagnostic.h"
#include "src/ingest/document.h"
#include "src/ingest/format.h"

namespace relgraph::ingest {

// The format a path's extension names (after any ".gz"); kAuto when the
// extension is missing or unknown. *gzip is set when the name ends in ".gz".
Format FormatFromPath(std::string_view path, bool* gzip);

// True when `head` (the first bytes of a file, after gunzip) looks binary: a
// NUL byte, or more than 10% control bytes other than tab, newline, carriage
// return, form feed and escape.
bool LooksBinary(std::string_view head);

struct ReadOptions {
  // The format of every named file and of files found in folders; kAuto
  // decides by extension and content.
  Format format = Format::kAuto;
  // What "-" (standard input) holds: kText, kMarkdown, kHtml or kJsonl
  // (kAuto reads as text). Gzip on stdin is detected by its magic bytes.
  Format stdin_format = Format::kText;
  // Markup in JSON Lines "text" fields: kText (used as is), kMarkdown or
  // kHtml (converted like a .md/.html file), or kAuto: each text as
  // DetectMarkup (markup.h) finds it (news exports often hold Markdown links
  // and HTML tables in "text").
  Format jsonl_text_format = Format::kAuto;
  // Documents larger than this (raw, and again after UTF-8 repair and markup
  // conversion) are skipped with an error. Values above 4 GiB - 1 count as
  // 4 GiB - 1 (offsets into a document are 32-bit).
  uint64_t max_document_bytes = uint64_t{256} << 20;
  // Standard input for "-"; nullptr = the process's std::cin.
  std::istream* stdin_stream = nullptr;
};

struct ReadStats {
  int64_t files = 0;      // files opened (stdin counts as one)
  int64_t documents = 0;  // documents delivered
  int64_t warnings = 0;
  int64_t errors = 0;
  int64_t bytes = 0;      // bytes read after decompression
};

using DocumentSink = std::function<void(Document&&)>;

class Reader {
 public:
  explicit Reader(ReadOptions options = {});

  // Reads each input in order (a file, a folder or "-"), calling on_document
  // for each Document and on_diagnostic for each problem. Either callback
  // may be empty. Stats and the duplicate-id check accumulate over calls.
  void Read(const std::vector<std::string>& inputs, const DocumentSink& on_document,
            const DiagnosticSink& on_diagnostic);

  // Reads one JSON Lines line as a Document (exposed for tests and fuzzers):
  // `line` without its "\n"; `name` and `line_number` go into the Document
  // and the Status location. Invalid UTF-8 in `line` must already be
  // repaired. Returns InvalidArgument for bad JSON, a non-object, a missing,
  // empty or non-string "id", a missing or non-string "text" (an empty
  // "text" is an empty document). Fields of the wrong type among
  // "title", "date", "url" are ignored and named in *warnings.
  static Status ParseJsonlLine(std::string_view line, const std::string& name,
                               int64_t line_number, Document* doc,
                               std::vector<std::string>* warnings);

  const ReadStats& stats() const { return stats_; }
  const ReadOptions& options() const { return options_; }

 private:
  class Run;

  ReadOptions options_;
  ReadStats stats_;
  struct FirstSeen {
    uint32_t source;  // index into sources_
    int64_t line;
  };
  // Document ids seen, by 64-bit hash (a collision, about 1 in 10^7 for a
  // billion ids, would only add a spurious warning), with where each was
  // first seen.
  std::unordered_map<uint64_t, FirstSeen> seen_ids_;
  std::vector<std::string> sources_;
};

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_READER_H_
