// relgraph::ingest::Diagnostic: a problem with the input that the run
// survives, handed back to the caller (the library never prints).
//
// Ingest and text report through these: an unreadable file, invalid UTF-8, a
// malformed JSON line, an over-long sentence. The CLI prints them and exits
// 1 when any has Severity::kError.
//
//   reader.Read(paths, [&](Document&& d) { ... },
//               [&](const Diagnostic& d) { std::cerr << d.ToString() << "\n"; });

#ifndef RELGRAPH_SRC_INGEST_DIAGNOSTIC_H_
#define RELGRAPH_SRC_INGEST_DIAGNOSTIC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "src/base/status.h"

namespace relgraph::ingest {

enum class Severity : uint8_t {
  kWarning,  // repaired or skipped on purpose; nothing the user asked for was lost
  kError,    // input was lost: a file, a line or part of a file could not be read
};

// "warning" or "error".
std::string_view SeverityName(Severity s);

struct Diagnostic {
  Severity severity = Severity::kWarning;
  // code (kNotFound, kIoError, kInvalidArgument, kUnsupported...), message,
  // and where: file (or document id), line, column, byte offset.
  Status status;

  // "a.jsonl:3:1: error: malformed JSON line: ..." (location first, like a compiler).
  std::string ToString() const;
};

using DiagnosticSink = std::function<void(const Diagnostic&)>;

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_DIAGNOSTIC_H_
