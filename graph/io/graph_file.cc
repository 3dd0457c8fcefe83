#include "graph/io/graph_file.h"

#include <functional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <streambuf>

#include "graph/io/graphml.h"
#include "graph/io/jsonl.h"
#include "graph/io/rdf.h"
#include "src/base/json.h"

namespace relgraph::io {

namespace {

std::string Errno(int err) { return std::strerror(err); }

std::string DirName(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A streambuf that writes to a file descriptor and remembers the first
// write error (errno), so a full disk is reported with its reason.
class FdStreamBuf : public std::streambuf {
 public:
  explicit FdStreamBuf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof(buf_)); }
  int error() const { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return Drain() ? 0 : -1; }

 private:
  bool Drain() {
    const char* p = pbase();
    while (p < pptr()) {
      const ssize_t n = ::write(fd_, p, static_cast<size_t>(pptr() - p));
      if (n < 0) {
        if (errno == EINTR) continue;
        if (error_ == 0) error_ = errno;
        return false;
      }
      p += n;
    }
    setp(buf_, buf_ + sizeof(buf_));
    return error_ == 0;
  }

  int fd_;
  int error_ = 0;
  char buf_[1 << 16];
};

// Creates a new temporary file beside `path` (O_EXCL, so never an existing
// file or a planted symlink) and returns its name and open descriptor.
Status CreateTemp(const std::string& path, std::string* tmp, int* fd) {
  const std::string dir = DirName(path);
  const std::string stem = dir + "/." + BaseName(path) + ".tmp-" + std::to_string(getpid()) + "-";
  const auto seed =
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  int err = 0;
  for (uint64_t attempt = 0; attempt < 100; ++attempt) {
    *tmp = stem + std::to_string((seed + attempt * 7919) % 1000000007ULL);
    *fd = open(tmp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (*fd >= 0) return Status::Ok();
    err = errno;
    if (err != EEXIST) break;
  }
  return Status(StatusCode::kIoError,
                "cannot create a temporary file in " + dir + ": " + Errno(err), Location{path});
}

}  // namespace

Status WriteGraph(const graph::KnowledgeGraph& g, const Ontology& onto, Format f,
                  const WriteOptions& options, std::ostream& out) {
  switch (f) {
    case Format::kGraphml: return WriteGraphml(g, onto, options, out);
    case Format::kNTriples: return WriteNTriples(g, onto, options, out);
    case Format::kTurtle: return WriteTurtle(g, onto, options, out);
    case Format::kJsonLines: return WriteJsonLines(g, onto, options, out);
  }
  return Status(StatusCode::kInternal, "unknown format");
}

Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(std::ostream&)>& write) {
  if (path.empty() || path.back() == '/') {
    return Status(StatusCode::kInvalidArgument, "the output path names no file", Location{path});
  }
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status(StatusCode::kIoError, "the output path is a folder", Location{path});
  }
  std::string tmp;
  int fd = -1;
  Status s = CreateTemp(path, &tmp, &fd);
  if (!s.ok()) return s;
  auto fail = [&](Status why) {
    if (fd >= 0) close(fd);
    unlink(tmp.c_str());
    return why;
  };
  FdStreamBuf buf(fd);
  std::ostream out(&buf);
  s = write(out);
  out.flush();
  if (buf.error() != 0) {
    return fail(
        Status(StatusCode::kIoError, "write failed: " + Errno(buf.error()), Location{path}));
  }
  if (!s.ok()) {
    Location where = s.where();
    if (where.file.empty()) where.file = path;
    return fail(Status(s.code(), s.message(), where));
  }
  if (!out) return fail(Status(StatusCode::kIoError, "write failed", Location{path}));
  if (fsync(fd) != 0) {
    return fail(Status(StatusCode::kIoError, "fsync failed: " + Errno(errno), Location{path}));
  }
  const int rc = close(fd);
  fd = -1;
  if (rc != 0)
    return fail(Status(StatusCode::kIoError, "close failed: " + Errno(errno), Location{path}));
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return fail(Status(StatusCode::kIoError,
                       "cannot rename " + tmp + " to the target: " + Errno(errno), Location{path}));
  }
  // Make the rename itself durable; a folder that cannot be opened for this
  // (rare) does not undo a completed write.
  const int dfd = open(DirName(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return Status::Ok();
}

Status WriteGraphFile(const graph::KnowledgeGraph& g, const Ontology& onto, Format f,
                      const std::string& path, const WriteOptions& options) {
  return WriteFileAtomically(path, [&](std::ostream& out) { return WriteGraph(g, onto, f, options, out); });
}

Status ReadGraph(std::string_view text, Format f, const std::string& name, const Ontology& onto,
                 graph::KnowledgeGraph* into) {
  switch (f) {
    case Format::kGraphml: return ReadGraphml(text, name, onto, into);
    case Format::kNTriples: return ReadNTriples(text, name, onto, into);
    case Format::kJsonLines: return ReadJsonLines(text, name, onto, into);
    default:
      return Status(StatusCode::kUnsupported,
                    "relgraph cannot read " + std::string(FormatName(f)) +
                        " files back (it reads graphml, nt and jsonl)",
                    Location{name});
  }
}

Status ReadGraphFile(const std::string& path, const Ontology& onto, graph::KnowledgeGraph* into) {
  Format f;
  if (!FormatFromExtension(path, &f)) {
    return Status(StatusCode::kUnsupported,
                  "unknown graph file extension (expected .graphml, .nt or .jsonl)",
                  Location{path});
  }
  if (!FormatHasReader(f)) return ReadGraph({}, f, path, onto, into);
  std::string text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) return s;
  return ReadGraph(text, f, path, onto, into);
}

Result<graph::KnowledgeGraph> ReadGraphFile(const std::string& path, const Ontology& onto) {
  graph::KnowledgeGraph g;
  Status s = ReadGraphFile(path, onto, &g);
  if (!s.ok()) return s;
  return g;
}

}  // namespace relgraph::io
