#include "src/ingest/reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <system_error>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "src/ingest/markup.h"
#include "src/ingest/utf8.h"

namespace relgraph::ingest {

namespace {

namespace fs = std::filesystem;

constexpr size_t kChunk = size_t{256} << 10;
constexpr size_t kSniffBytes = 8192;

bool EndsWithCi(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != suffix[i]) return false;
  }
  return true;
}

// ------------------------------------------------------------ byte sources

// A stream of bytes: a file, stdin, or gunzipped data.
class Source {
 public:
  virtual ~Source() = default;
  // Reads up to cap bytes into buf; *got = 0 at the end. False on an error,
  // with *error set.
  virtual bool Read(char* buf, size_t cap, size_t* got, std::string* error) = 0;
};

class FileSource : public Source {
 public:
  explicit FileSource(std::FILE* f) : f_(f) {}
  ~FileSource() override {
    if (f_ != nullptr) std::fclose(f_);
  }
  bool Read(char* buf, size_t cap, size_t* got, std::string* error) override {
    *got = std::fread(buf, 1, cap, f_);
    if (*got == 0 && std::ferror(f_)) {
      *error = std::string("read error: ") + std::strerror(errno);
      return false;
    }
    return true;
  }

 private:
  std::FILE* f_;
};

class StreamSource : public Source {
 public:
  explicit StreamSource(std::istream* in) : in_(in) {}
  bool Read(char* buf, size_t cap, size_t* got, std::string* error) override {
    in_->read(buf, static_cast<std::streamsize>(cap));
    *got = static_cast<size_t>(in_->gcount());
    if (*got == 0 && in_->bad()) {
      *error = "read error on standard input";
      return false;
    }
    return true;
  }

 private:
  std::istream* in_;
};

// Replays bytes already read (for sniffing), then reads on from `rest`.
class PrefixSource : public Source {
 public:
  PrefixSource(std::string prefix, std::unique_ptr<Source> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  bool Read(char* buf, size_t cap, size_t* got, std::string* error) override {
    if (pos_ < prefix_.size()) {
      *got = std::min(cap, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, *got);
      pos_ += *got;
      return true;
    }
    return rest_->Read(buf, cap, got, error);
  }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<Source> rest_;
};

// Gunzips `in`, including files of several gzip members one after another.
class GzipSource : public Source {
 public:
  explicit GzipSource(std::unique_ptr<Source> in) : in_(std::move(in)), inbuf_(kChunk) {
    std::memset(&z_, 0, sizeof(z_));
    ok_ = inflateInit2(&z_, 15 + 16) == Z_OK;
  }
  ~GzipSource() override { inflateEnd(&z_); }

  bool Read(char* buf, size_t cap, size_t* got, std::string* error) override {
    *got = 0;
    if (!ok_) {
      *error = "cannot initialise zlib";
      return false;
    }
    if (pending_error_ && in_eof_ && z_.avail_in == 0 && !member_started_) {
      pending_error_ = false;
      done_ = true;
      *error = "corrupt gzip data: " + pending_message_;
      return false;
    }
    if (done_) return true;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(cap, UINT32_MAX));
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0 && !in_eof_) {
        size_t n = 0;
        if (!in_->Read(inbuf_.data(), inbuf_.size(), &n, error)) return false;
        if (n == 0) {
          in_eof_ = true;
        } else {
          compressed_ += n;
          z_.next_in = reinterpret_cast<Bytef*>(inbuf_.data());
          z_.avail_in = static_cast<uInt>(n);
        }
      }
      if (z_.avail_in == 0 && in_eof_) {
        if (member_started_) {
          *got = cap - z_.avail_out;
          if (*got > 0) return true;  // hand out what we have; report next time
          *error = "truncated gzip data: the file ends inside a compressed stream (after " +
                   std::to_string(compressed_) + " compressed bytes)";
          done_ = true;
          return false;
        }
        done_ = true;
        break;
      }
      member_started_ = true;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        member_started_ = false;
        // Another member may follow; anything else after the data is junk.
        if (z_.avail_in == 0) {
          size_t n = 0;
          if (!in_eof_) {
            if (!in_->Read(inbuf_.data(), inbuf_.size(), &n, error)) return false;
            if (n == 0) in_eof_ = true;
            z_.next_in = reinterpret_cast<Bytef*>(inbuf_.data());
            z_.avail_in = static_cast<uInt>(n);
          }
        }
        if (z_.avail_in == 0) {
          done_ = true;
          break;
        }
        if (z_.avail_in >= 2 && z_.next_in[0] == 0x1f && z_.next_in[1] == 0x8b) {
          inflateReset(&z_);
          continue;
        }
        *got = cap - z_.avail_out;
        pending_error_ = true;
        pending_message_ = "data after the end of the gzip stream (ignored)";
        z_.avail_in = 0;
        in_eof_ = true;
        if (*got > 0) return true;
        *error = "corrupt gzip data: " + pending_message_;
        done_ = true;
        return false;
      }
      if (rc == Z_BUF_ERROR) continue;  // needs more input
      if (rc != Z_OK) {
        *got = cap - z_.avail_out;
        if (*got > 0 && !pending_error_) {
          pending_error_ = true;
          pending_message_ = z_.msg != nullptr ? z_.msg : "zlib error " + std::to_string(rc);
          return true;
        }
        *error = "corrupt gzip data: " +
                 (pending_error_ ? pending_message_
                                 : std::string(z_.msg != nullptr ? z_.msg : "zlib error"));
        done_ = true;
        return false;
      }
    }
    *got = cap - z_.avail_out;
    if (*got == 0 && pending_error_) {
      *error = "corrupt gzip data: " + pending_message_;
      return false;
    }
    return true;
  }

 private:
  std::unique_ptr<Source> in_;
  std::vector<char> inbuf_;
  z_stream z_;
  bool ok_ = false;
  bool in_eof_ = false;
  bool done_ = false;
  bool member_started_ = false;
  bool pending_error_ = false;
  std::string pending_message_;
  uint64_t compressed_ = 0;
};

// Lines of a Source, without their "\n" (and a "\r" before it).
class LineReader {
 public:
  LineReader(Source* src, uint64_t max_line) : src_(src), max_line_(max_line), buf_(kChunk) {}

  enum class Result { kLine, kEnd, kError, kTooLong };

  // The next line in *line (valid until the next call). On kTooLong the line
  // was skipped up to its end; on kError the source failed (message in
  // error()) and the partial line is dropped.
  Result Next(std::string_view* line) {
    acc_.clear();
    bool too_long = false;
    line_offset_ = offset_;
    while (true) {
      if (pos_ == len_) {
        if (eof_) {
          if (acc_.empty() && !too_long && !had_partial_) return Result::kEnd;
          had_partial_ = false;
          ++line_number_;
          if (too_long) return Result::kTooLong;
          *line = Trim(acc_);
          return Result::kLine;
        }
        size_t got = 0;
        if (!src_->Read(buf_.data(), buf_.size(), &got, &error_)) return Result::kError;
        if (got == 0) {
          eof_ = true;
          continue;
        }
        pos_ = 0;
        len_ = got;
      }
      const char* start = buf_.data() + pos_;
      const void* nl = std::memchr(start, '\n', len_ - pos_);
      const size_t take = nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - start)
                                        : len_ - pos_;
      if (!too_long) {
        if (acc_.size() + take > max_line_) {
          too_long = true;
          acc_.clear();
        } else if (nl != nullptr && acc_.empty()) {
          // The whole line is in the buffer: no copy.
          pos_ += take + 1;
          offset_ += take + 1;
          ++line_number_;
          *line = Trim(std::string_view(start, take));
          return Result::kLine;
        } else {
          acc_.append(start, take);
          had_partial_ = true;
        }
      }
      pos_ += take;
      offset_ += take;
      if (nl != nullptr) {
        ++pos_;
        ++offset_;
        ++line_number_;
        had_partial_ = false;
        if (too_long) return Result::kTooLong;
        *line = Trim(acc_);
        return Result::kLine;
      }
    }
  }

  int64_t line_number() const { return line_number_; }
  uint64_t line_offset() const { return line_offset_; }
  uint64_t offset() const { return offset_; }
  const std::string& error() const { return error_; }

 private:
  static std::string_view Trim(std::string_view s) {
    if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
    return s;
  }

  Source* src_;
  uint64_t max_line_;
  std::vector<char> buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false;
  bool had_partial_ = false;
  std::string acc_;
  std::string error_;
  int64_t line_number_ = 0;
  uint64_t offset_ = 0;
  uint64_t line_offset_ = 0;
};

uint64_t HashId(std::string_view s) {
  // FNV-1a, then a final avalanche (splitmix64) so that similar ids spread.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

// UTF-16 (with its byte order mark, which is dropped) to UTF-8; unpaired
// surrogates and a trailing odd byte become U+FFFD.
std::string Utf16ToUtf8(std::string_view in) {
  const bool little = static_cast<unsigned char>(in[0]) == 0xFF;
  std::string out;
  out.reserve(in.size());
  auto unit = [&](size_t i) -> char32_t {
    const auto a = static_cast<unsigned char>(in[i]);
    const auto b = static_cast<unsigned char>(in[i + 1]);
    return little ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
  };
  size_t i = 2;
  while (i + 1 < in.size()) {
    char32_t u = unit(i);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < in.size()) {
        const char32_t lo = unit(i);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
          u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          i += 2;
        } else {
          u = kReplacementChar;
        }
      } else {
        u = kReplacementChar;
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      u = kReplacementChar;
    }
    AppendUtf8(u, &out);
  }
  if (i < in.size()) AppendUtf8(kReplacementChar, &out);
  return out;
}

bool LooksLikeHtml(std::string_view head) {
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < head.size() && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) ++i;
  auto ci = [&](std::string_view lit) {
    if (i + lit.size() > head.size()) return false;
    for (size_t k = 0; k < lit.size(); ++k) {
      char c = head[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c != lit[k]) return false;
    }
    return true;
  };
  return ci("<!doctype html") || ci("<html") || ci("<head") || ci("<body");
}

std::string_view Basename(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::kAuto: return "auto";
    case Format::kText: return "text";
    case Format::kMarkdown: return "markdown";
    case Format::kHtml: return "html";
    case Format::kJsonl: return "jsonl";
  }
  return "auto";
}

bool FormatFromName(std::string_view name, Format* out) {
  if (name == "auto") {
    *out = Format::kAuto;
  } else if (name == "text" || name == "txt") {
    *out = Format::kText;
  } else if (name == "markdown" || name == "md") {
    *out = Format::kMarkdown;
  } else if (name == "html" || name == "htm") {
    *out = Format::kHtml;
  } else if (name == "jsonl" || name == "ndjson") {
    *out = Format::kJsonl;
  } else {
    return false;
  }
  return true;
}

Format FormatFromPath(std::string_view path, bool* gzip) {
  std::string_view name = Basename(path);
  *gzip = EndsWithCi(name, ".gz");
  if (*gzip) name.remove_suffix(3);
  if (EndsWithCi(name, ".jsonl") || EndsWithCi(name, ".ndjson")) return Format::kJsonl;
  if (EndsWithCi(name, ".md") || EndsWithCi(name, ".markdown") || EndsWithCi(name, ".mdown") ||
      EndsWithCi(name, ".mkd")) {
    return Format::kMarkdown;
  }
  if (EndsWithCi(name, ".html") || EndsWithCi(name, ".htm") || EndsWithCi(name, ".xhtml")) {
    return Format::kHtml;
  }
  if (EndsWithCi(name, ".txt") || EndsWithCi(name, ".text")) return Format::kText;
  return Format::kAuto;
}

bool LooksBinary(std::string_view head) {
  if (head.empty()) return false;
  size_t control = 0;
  for (char ch : head) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) || c == 0x7F) {
      ++control;
    }
  }
  return control * 10 > head.size();
}

Status Reader::ParseJsonlLine(std::string_view line, const std::string& name,
                              int64_t line_number, Document* doc,
                              std::vector<std::string>* warnings) {
  auto fail = [&](std::string message, int64_t column = 0) {
    return Status(StatusCode::kInvalidArgument, std::move(message),
                  Location{name, line_number, column, -1});
  };
  rapidjson::Document json;
  json.Parse<rapidjson::kParseDefaultFlags>(line.data(), line.size());
  if (json.HasParseError()) {
    return fail(std::string("malformed JSON line: ") +
                    rapidjson::GetParseError_En(json.GetParseError()),
                static_cast<int64_t>(json.GetErrorOffset()) + 1);
  }
  if (!json.IsObject()) return fail("JSON line is not an object");
  // The first member named `key`, or null. (A loop rather than FindMember:
  // comparing RapidJSON 1.1 member iterators is ambiguous in C++20 for
  // clang, so neither FindMember nor a range-for compiles with -Werror.)
  auto find = [&](std::string_view key) -> const rapidjson::Value* {
    const auto members = json.MemberBegin();
    for (rapidjson::SizeType i = 0; i < json.MemberCount(); ++i) {
      const auto& m = members[static_cast<std::ptrdiff_t>(i)];
      if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == key) return &m.value;
    }
    return nullptr;
  };
  auto required = [&](const char* key, std::string* out, bool may_be_empty) -> Status {
    const rapidjson::Value* v = find(key);
    if (v == nullptr) return fail(std::string("JSON line has no \"") + key + "\"");
    if (!v->IsString()) return fail(std::string("\"") + key + "\" is not a string");
    if (v->GetStringLength() == 0 && !may_be_empty) {
      return fail(std::string("\"") + key + "\" is empty");
    }
    out->assign(v->GetString(), v->GetStringLength());
    return Status::Ok();
  };
  Document d;
  // An empty "text" is a document without content (real corpora hold
  // such stubs; the line is well-formed); an empty "id" cannot name one.
  Status s = required("id", &d.id, false);
  if (!s.ok()) return s;
  s = required("text", &d.text, true);
  if (!s.ok()) return s;
  auto optional = [&](const char* key, std::string* out) {
    const rapidjson::Value* v = find(key);
    if (v == nullptr || v->IsNull()) return false;
    if (!v->IsString()) {
      if (warnings != nullptr) {
        warnings->push_back(std::string("\"") + key + "\" is not a string; ignored");
      }
      return false;
    }
    out->assign(v->GetString(), v->GetStringLength());
    return true;
  };
  optional("title", &d.title);
  optional("date", &d.date);
  if (!optional("url", &d.url)) optional("source_url", &d.url);
  d.source = name;
  d.source_line = line_number;
  *doc = std::move(d);
  return Status::Ok();
}

// One call of Reader::Read: the callbacks and the helpers that use them.
class Reader::Run {
 public:
  Run(Reader* reader, const DocumentSink& on_document, const DiagnosticSink& on_diagnostic)
      : r_(reader), on_document_(on_document), on_diagnostic_(on_diagnostic) {}

  void Input(const std::string& input);

 private:
  void Report(Severity severity, StatusCode code, std::string message, Location where);
  void Folder(const std::string& path);
  void File(const std::string& path, Format format);
  void Stream(std::unique_ptr<Source> src, const std::string& name, Format format, bool gzip_name);
  void Whole(Source* src, const std::string& name, Format format);
  void Jsonl(Source* src, const std::string& name);
  void Deliver(Document&& doc, Format markup);
  void ReportRepair(const TextRepair& r, const std::string& name, int64_t line,
                    uint64_t base_offset);

  Reader* r_;
  const DocumentSink& on_document_;
  const DiagnosticSink& on_diagnostic_;
  std::string norm_;  // scratch
};

void Reader::Run::Report(Severity severity, StatusCode code, std::string message,
                         Location where) {
  if (severity == Severity::kError) {
    ++r_->stats_.errors;
  } else {
    ++r_->stats_.warnings;
  }
  if (!on_diagnostic_) return;
  Diagnostic d;
  d.severity = severity;
  d.status = Status(code, std::move(message), std::move(where));
  on_diagnostic_(d);
}

void Reader::Run::ReportRepair(const TextRepair& rep, const std::string& name, int64_t line,
                               uint64_t base_offset) {
  if (rep.invalid_sequences == 0) return;
  Location where{name, line, 0, static_cast<int64_t>(base_offset) + rep.first_invalid_offset};
  if (line > 0) where.column = rep.first_invalid_offset + 1;
  Report(Severity::kWarning, StatusCode::kInvalidArgument,
         "invalid UTF-8 at byte " + std::to_string(where.byte_offset) + ": " +
             std::to_string(rep.invalid_sequences) + " sequence(s), " +
             std::to_string(rep.invalid_bytes) + " byte(s), replaced with U+FFFD",
         std::move(where));
}

void Reader::Run::Input(const std::string& input) {
  if (input == "-") {
    ++r_->stats_.files;
    std::istream* in = r_->options_.stdin_stream != nullptr ? r_->options_.stdin_stream : &std::cin;
    Format f = r_->options_.stdin_format;
    if (f == Format::kAuto) f = Format::kText;
    Stream(std::make_unique<StreamSource>(in), "-", f, false);
    return;
  }
  std::error_code ec;
  const fs::file_status st = fs::status(input, ec);
  if (ec || !fs::exists(st)) {
    Report(Severity::kError, StatusCode::kNotFound, "no such file or folder", Location{input});
    return;
  }
  if (fs::is_directory(st)) {
    Folder(input);
    return;
  }
  File(input, r_->options_.format);
}

void Reader::Run::Folder(const std::string& root) {
  std::vector<std::string> files;
  std::set<std::string> visited;  // canonical folders, against symlink loops
  std::vector<std::string> stack = {root};
  while (!stack.empty()) {
    const std::string dir = stack.back();
    stack.pop_back();
    std::error_code ec;
    const std::string canonical = fs::weakly_canonical(dir, ec).string();
    if (!visited.insert(ec ? dir : canonical).second) {
      Report(Severity::kWarning, StatusCode::kUnsupported,
             "folder already read (symbolic link loop); skipped", Location{dir});
      continue;
    }
    fs::directory_iterator it(dir, ec);
    if (ec) {
      Report(Severity::kError, StatusCode::kIoError, "cannot read folder: " + ec.message(),
             Location{dir});
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;  // hidden
      const std::string path = (dir.empty() || dir.back() == '/') ? dir + name : dir + "/" + name;
      std::error_code sec;
      const fs::file_status st = fs::status(it->path(), sec);
      if (sec) {
        Report(Severity::kError, StatusCode::kIoError, "cannot stat: " + sec.message(),
               Location{path});
        continue;
      }
      if (fs::is_directory(st)) {
        stack.push_back(path);
      } else if (fs::is_regular_file(st)) {
        files.push_back(path);
      } else {
        Report(Severity::kWarning, StatusCode::kUnsupported,
               "not a regular file (device, socket or broken link); skipped", Location{path});
      }
    }
    if (ec) {
      Report(Severity::kError, StatusCode::kIoError, "error while reading folder: " + ec.message(),
             Location{dir});
    }
  }
  std::sort(files.begin(), files.end());  // byte-wise
  for (const std::string& f : files) File(f, r_->options_.format);
}

void Reader::Run::File(const std::string& path, Format format) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    Report(Severity::kError, err == ENOENT ? StatusCode::kNotFound : StatusCode::kIoError,
           std::string("cannot open: ") + std::strerror(err), Location{path});
    return;
  }
  ++r_->stats_.files;
  bool gzip_name = false;
  const Format by_name = FormatFromPath(path, &gzip_name);
  Stream(std::make_unique<FileSource>(f), path, format == Format::kAuto ? by_name : format,
         gzip_name);
}

// Sniffs gzip magic, then the format, and reads.
void Reader::Run::Stream(std::unique_ptr<Source> src, const std::string& name, Format format,
                         bool gzip_name) {
  std::string error;
  // Peek at the first bytes for the gzip magic.
  std::string magic(2, '\0');
  size_t have = 0;
  while (have < 2) {
    size_t got = 0;
    if (!src->Read(magic.data() + have, 2 - have, &got, &error)) {
      Report(Severity::kError, StatusCode::kIoError, error, Location{name});
      return;
    }
    if (got == 0) break;
    have += got;
  }
  magic.resize(have);
  std::unique_ptr<Source> plain = std::make_unique<PrefixSource>(magic, std::move(src));
  const bool gzip = have == 2 && static_cast<unsigned char>(magic[0]) == 0x1f &&
                    static_cast<unsigned char>(magic[1]) == 0x8b;
  if (gzip) {
    plain = std::make_unique<GzipSource>(std::move(plain));
  } else if (gzip_name && have > 0) {
    Report(Severity::kWarning, StatusCode::kInvalidArgument,
           "named .gz but not gzip data; read as it is", Location{name});
  }
  // Sniff up to 8 KiB of the (decompressed) content.
  std::string head(kSniffBytes, '\0');
  size_t head_len = 0;
  bool failed = false;
  while (head_len < kSniffBytes) {
    size_t got = 0;
    if (!plain->Read(head.data() + head_len, kSniffBytes - head_len, &got, &error)) {
      failed = true;
      break;
    }
    if (got == 0) break;
    head_len += got;
  }
  head.resize(head_len);
  if (failed && head_len == 0) {
    Report(Severity::kError, StatusCode::kIoError, error, Location{name});
    return;
  }
  // UTF-16 with a byte order mark (Windows editors write it): converted to
  // UTF-8 for whole-document formats.
  const bool utf16 = head.size() >= 2 && ((static_cast<unsigned char>(head[0]) == 0xFF &&
                                           static_cast<unsigned char>(head[1]) == 0xFE) ||
                                          (static_cast<unsigned char>(head[0]) == 0xFE &&
                                           static_cast<unsigned char>(head[1]) == 0xFF));
  if (utf16 && format == Format::kJsonl) {
    Report(Severity::kError, StatusCode::kUnsupported,
           "UTF-16 JSON Lines are not supported; convert the file to UTF-8", Location{name});
    return;
  }
  if (!utf16 && LooksBinary(head)) {
    Report(Severity::kWarning, StatusCode::kUnsupported, "binary file skipped", Location{name});
    return;
  }
  if (format == Format::kAuto) {
    format = !utf16 && LooksLikeHtml(head) ? Format::kHtml : Format::kText;
  }
  // Whatever follows the head, including a deferred error, comes from here.
  class Rest : public Source {
   public:
    Rest(Source* s, bool failed, std::string error)
        : s_(s), failed_(failed), error_(std::move(error)) {}
    bool Read(char* buf, size_t cap, size_t* got, std::string* error) override {
      if (failed_) {
        *got = 0;
        *error = error_;
        failed_ = false;
        return false;
      }
      return s_->Read(buf, cap, got, error);
    }

   private:
    Source* s_;
    bool failed_;
    std::string error_;
  };
  PrefixSource all(std::move(head), std::make_unique<Rest>(plain.get(), failed, error));
  if (format == Format::kJsonl) {
    Jsonl(&all, name);
  } else {
    Whole(&all, name, format);
  }
}

void Reader::Run::Whole(Source* src, const std::string& name, Format format) {
  std::string raw;
  std::vector<char> buf(kChunk);
  std::string error;
  bool failed = false;
  const uint64_t limit = std::min<uint64_t>(r_->options_.max_document_bytes, UINT32_MAX - 1);
  while (true) {
    size_t got = 0;
    if (!src->Read(buf.data(), buf.size(), &got, &error)) {
      failed = true;
      break;
    }
    if (got == 0) break;
    if (raw.size() + got > limit) {
      Report(Severity::kError, StatusCode::kUnsupported,
             "document larger than " + std::to_string(limit) + " bytes; skipped", Location{name});
      return;
    }
    raw.append(buf.data(), got);
  }
  r_->stats_.bytes += static_cast<int64_t>(raw.size());
  if (failed) {
    Report(Severity::kError, StatusCode::kIoError,
           error + (raw.empty() ? std::string()
                                : "; the document keeps the first " + std::to_string(raw.size()) +
                                      " bytes"),
           Location{name});
    if (raw.empty()) return;
  }
  Document doc;
  doc.id = name;
  doc.source = name;
  if (raw.size() >= 2 && ((static_cast<unsigned char>(raw[0]) == 0xFF &&
                           static_cast<unsigned char>(raw[1]) == 0xFE) ||
                          (static_cast<unsigned char>(raw[0]) == 0xFE &&
                           static_cast<unsigned char>(raw[1]) == 0xFF))) {
    raw = Utf16ToUtf8(raw);
  }
  const TextRepair rep = NormalizeText(raw, &doc.text);
  ReportRepair(rep, name, 0, 0);
  Deliver(std::move(doc), format);
}

void Reader::Run::Jsonl(Source* src, const std::string& name) {
  const uint64_t max_line = std::min<uint64_t>(r_->options_.max_document_bytes, UINT32_MAX / 2) * 2;
  LineReader lines(src, max_line);
  std::vector<std::string> warnings;
  Format markup = r_->options_.jsonl_text_format;
  if (markup == Format::kJsonl) markup = Format::kText;
  std::string repaired;
  while (true) {
    std::string_view line;
    const LineReader::Result res = lines.Next(&line);
    if (res == LineReader::Result::kEnd) break;
    if (res == LineReader::Result::kError) {
      Report(Severity::kError, StatusCode::kIoError,
             lines.error() + "; lines after " + std::to_string(lines.line_number()) + " are lost",
             Location{name, lines.line_number() + 1, 0, static_cast<int64_t>(lines.offset())});
      break;
    }
    const int64_t line_no = lines.line_number();
    if (res == LineReader::Result::kTooLong) {
      Report(Severity::kError, StatusCode::kUnsupported,
             "JSON line longer than " + std::to_string(max_line) + " bytes; skipped",
             Location{name, line_no, 0, -1});
      continue;
    }
    r_->stats_.bytes += static_cast<int64_t>(line.size()) + 1;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    // Repair the line's bytes before parsing, so that the report points into
    // the file and RapidJSON sees valid UTF-8.
    if (!IsValidUtf8(line)) {
      const TextRepair rep = NormalizeText(line, &repaired);
      ReportRepair(rep, name, line_no, lines.line_offset());
      line = repaired;
    }
    Document doc;
    warnings.clear();
    Status s = ParseJsonlLine(line, name, line_no, &doc, &warnings);
    if (!s.ok()) {
      Report(Severity::kError, s.code(), s.message(), s.where());
      continue;
    }
    for (std::string& w : warnings) {
      Report(Severity::kWarning, StatusCode::kInvalidArgument, std::move(w),
             Location{name, line_no, 0, -1});
    }
    if (doc.text.size() > r_->options_.max_document_bytes) {
      Report(Severity::kError, StatusCode::kUnsupported,
             "document \"" + doc.id + "\" larger than " +
                 std::to_string(r_->options_.max_document_bytes) + " bytes; skipped",
             Location{name, line_no, 0, -1});
      continue;
    }
    // Line ends inside the text ("\r\n" escapes) are normalised too.
    if (doc.text.find('\r') != std::string::npos) {
      NormalizeText(doc.text, &norm_);
      doc.text.swap(norm_);
    }
    Deliver(std::move(doc), markup);
  }
}

void Reader::Run::Deliver(Document&& doc, Format markup) {
  if (markup == Format::kAuto) markup = DetectMarkup(doc.text);
  if (markup == Format::kMarkdown) {
    std::string title;
    std::string text = MarkdownToText(doc.text, &title);
    doc.text = std::move(text);
    if (doc.title.empty()) doc.title = std::move(title);
  } else if (markup == Format::kHtml) {
    std::string title;
    std::string text = HtmlToText(doc.text, &title);
    doc.text = std::move(text);
    if (doc.title.empty()) doc.title = std::move(title);
  }
  // The limit holds for the text as delivered: repair can triple invalid
  // bytes (each becomes a 3-byte U+FFFD), and offsets must fit 32 bits.
  const uint64_t limit = std::min<uint64_t>(r_->options_.max_document_bytes, UINT32_MAX - 1);
  if (doc.text.size() > limit) {
    Report(Severity::kError, StatusCode::kUnsupported,
           "document \"" + doc.id + "\" has " + std::to_string(doc.text.size()) +
               " bytes after UTF-8 repair, more than " + std::to_string(limit) + "; skipped",
           Location{doc.source, doc.source_line, 0, -1});
    return;
  }
  const uint64_t h = HashId(doc.id);
  const auto [it, inserted] = r_->seen_ids_.try_emplace(h, FirstSeen{0, doc.source_line});
  if (inserted) {
    if (r_->sources_.empty() || r_->sources_.back() != doc.source) r_->sources_.push_back(doc.source);
    it->second.source = static_cast<uint32_t>(r_->sources_.size() - 1);
  } else {
    const FirstSeen& first = it->second;
    std::string where = r_->sources_[first.source];
    if (first.line > 0) where += ":" + std::to_string(first.line);
    Report(Severity::kWarning, StatusCode::kInvalidArgument,
           "duplicate document id \"" + doc.id + "\" (first seen at " + where + "); both kept",
           Location{doc.source, doc.source_line, 0, -1});
  }
  ++r_->stats_.documents;
  if (on_document_) on_document_(std::move(doc));
}

Reader::Reader(ReadOptions options) : options_(options) {}

void Reader::Read(const std::vector<std::string>& inputs, const DocumentSink& on_document,
                  const DiagnosticSink& on_diagnostic) {
  Run run(this, on_document, on_diagnostic);
  for (const std::string& input : inputs) run.Input(input);
}

}  // namespace relgraph::ingest
