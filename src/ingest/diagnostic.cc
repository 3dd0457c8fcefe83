#include "src/ingest/diagnostic.h"

namespace relgraph::ingest {

std::string_view SeverityName(Severity s) {
  return s == Severity::kError ? "error" : "warning";
}

std::string Diagnostic::ToString() const {
  std::string where = status.where().ToString();
  std::string out;
  if (!where.empty()) out = where + ": ";
  out += SeverityName(severity);
  out += ": ";
  out += status.message();
  return out;
}

}  // namespace relgraph::ingest
