// relgraph::Status: the error type every library layer returns instead of
// throwing or printing.
//
// A Status carries a code, a human-readable message and a location (file,
// line, column or byte offset), so that the CLI can print one precise line:
//
//   schemas/rules/support.json:12:7: rule support.reiterate: pattern: missing ")"
//
// Usage:
//   Status s = LoadRules(dir, &rules);
//   if (!s.ok()) { std::cerr << s.ToString() << "\n"; return 2; }
//
// Result<T> is a Status plus a value for functions that produce one.

#ifndef RELGRAPH_SRC_BASE_STATUS_H_
#define RELGRAPH_SRC_BASE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace relgraph {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input data (a malformed line, invalid UTF-8)
  kBadConfig,         // bad rules, schema violations, bad ontology
  kNotFound,          // a missing file
  kIoError,           // a file that cannot be read or written
  kUnsupported,       // e.g. a binary file
  kInternal,
};

// Where a problem is. Any field may be unset (empty file, line 0, column 0,
// byte offset -1).
struct Location {
  std::string file;
  int64_t line = 0;         // 1-based; 0 = unknown
  int64_t column = 0;       // 1-based; 0 = unknown
  int64_t byte_offset = -1; // 0-based; -1 = unknown

  // "file:line:col", "file:line", "file (byte 123)", "file" or "".
  std::string ToString() const;
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, Location where = {})
      : code_(code), message_(std::move(message)), where_(std::move(where)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const Location& where() const { return where_; }

  // "where: message", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  Location where_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT

  bool ok() const { return status_.ok() && value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace relgraph

#endif  // RELGRAPH_SRC_BASE_STATUS_H_
