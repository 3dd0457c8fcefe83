#include "graph/io/format.h"

namespace relgraph::io {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kGraphml: return "graphml";
    case Format::kNTriples: return "nt";
    case Format::kTurtle: return "ttl";
    case Format::kJsonLines: return "jsonl";
  }
  return "";
}

std::string_view FormatExtension(Format f) {
  switch (f) {
    case Format::kGraphml: return ".graphml";
    case Format::kNTriples: return ".nt";
    case Format::kTurtle: return ".ttl";
    case Format::kJsonLines: return ".jsonl";
  }
  return "";
}

bool FormatFromName(std::string_view name, Format* out) {
  const std::string n = Lower(name);
  if (n == "graphml") {
    *out = Format::kGraphml;
  } else if (n == "nt" || n == "ntriples" || n == "n-triples") {
    *out = Format::kNTriples;
  } else if (n == "ttl" || n == "turtle") {
    *out = Format::kTurtle;
  } else if (n == "jsonl" || n == "jsonlines" || n == "json-lines" || n == "ndjson") {
    *out = Format::kJsonLines;
  } else {
    return false;
  }
  return true;
}

bool FormatFromExtension(std::string_view path, Format* out) {
  const size_t slash = path.rfind('/');
  const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = file.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string ext = Lower(file.substr(dot + 1));
  if (ext == "graphml") {
    *out = Format::kGraphml;
  } else if (ext == "nt") {
    *out = Format::kNTriples;
  } else if (ext == "ttl") {
    *out = Format::kTurtle;
  } else if (ext == "jsonl" || ext == "ndjson") {
    *out = Format::kJsonLines;
  } else {
    return false;
  }
  return true;
}

bool FormatHasReader(Format f) {
  return f == Format::kGraphml || f == Format::kNTriples || f == Format::kJsonLines;
}

}  // namespace relgraph::io
