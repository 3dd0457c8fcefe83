#include "src/annotate/tagger_treebank.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "src/text/token.h"

namespace relgraph::annotate {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Splits `line` on tabs into at most `max` fields.
size_t SplitTabs(std::string_view line, std::string_view* fields, size_t max) {
  size_t n = 0;
  size_t start = 0;
  while (n < max) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields[n++] = line.substr(start);
      break;
    }
    fields[n++] = line.substr(start, tab - start);
    start = tab + 1;
  }
  return n;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

uint8_t TagIndex(int index) { return index < 0 ? 0 : static_cast<uint8_t>(index); }

}  // namespace

Result<std::vector<TaggedSentence>> ParseConllu(std::string_view text,
                                                const std::string& source) {
  std::vector<TaggedSentence> out;
  TaggedSentence current;
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!current.words.empty()) out.push_back(std::move(current));
      current = TaggedSentence();
      if (nl == text.size()) break;
      continue;
    }
    if (line[0] == '#') continue;
    std::string_view f[10];
    size_t n = SplitTabs(line, f, 10);
    if (n < 5) {
      return Status(StatusCode::kInvalidArgument,
                    "CoNLL-U word line has " + std::to_string(n) +
                        " columns, expected 10",
                    Location{source, line_no});
    }
    if (f[0].find('-') != std::string_view::npos || f[0].find('.') != std::string_view::npos) {
      continue;  // multi-word token or empty node
    }
    if (!AllDigits(f[0])) {
      return Status(StatusCode::kInvalidArgument,
                    "CoNLL-U word id '" + std::string(f[0]) + "' is not a number",
                    Location{source, line_no});
    }
    TaggedWord w;
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    w.upos = TagIndex(text::UposIndex(f[3]));
    w.xpos = TagIndex(text::XposIndex(f[4]));
    current.words.push_back(std::move(w));
    if (nl == text.size()) break;
  }
  if (!current.words.empty()) out.push_back(std::move(current));
  return out;
}

Result<std::string> ReadMaybeGzipFile(const std::string& path) {
  if (EndsWith(path, ".gz")) {
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe == nullptr) {
      const int err = errno;
      return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                    std::string("cannot open: ") + std::strerror(err), Location{path});
    }
    std::fclose(probe);
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) {
      return Status(StatusCode::kIoError, "cannot open gzip stream", Location{path});
    }
    std::string data;
    char buf[1 << 16];
    while (true) {
      int got = gzread(gz, buf, sizeof(buf));
      if (got < 0) {
        int errnum = 0;
        std::string msg = gzerror(gz, &errnum);
        gzclose(gz);
        return Status(StatusCode::kIoError, "corrupt gzip data: " + msg, Location{path});
      }
      if (got == 0) break;
      data.append(buf, static_cast<size_t>(got));
    }
    gzclose(gz);
    return data;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    return Status(err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
                  std::string("cannot open: ") + std::strerror(err), Location{path});
  }
  std::string data;
  // One read into a buffer of the file's size when it is known.
  if (std::fseek(f, 0, SEEK_END) == 0) {
    const long size = std::ftell(f);
    std::rewind(f);
    if (size > 0) {
      data.resize(static_cast<size_t>(size));
      const size_t got = std::fread(data.data(), 1, data.size(), f);
      data.resize(got);
    }
  }
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, got);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status(StatusCode::kIoError, "read error", Location{path});
  return data;
}

Result<std::vector<TaggedSentence>> ReadConllu(const std::string& path) {
  Result<std::string> data = ReadMaybeGzipFile(path);
  if (!data.ok()) return data.status();
  return ParseConllu(data.value(), path);
}

}  // namespace relgraph::annotate
