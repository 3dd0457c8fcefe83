#include "src/base/status.h"

namespace relgraph {

std::string Location::ToString() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  } else if (byte_offset >= 0) {
    out += " (byte " + std::to_string(byte_offset) + ")";
  }
  return out;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string where = where_.ToString();
  return where.empty() ? message_ : where + ": " + message_;
}

}  // namespace relgraph
