#include "src/ingest/reader.h"

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relgraph::ingest {
namespace {

namespace fs = std::filesystem;

// A fresh temporary folder per test, removed afterwards.
class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "relgraph_ingest_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string path = Path(name);
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
  }

  static std::string Gzip(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
  }

  // Reads inputs, collecting documents and diagnostics.
  void Read(const std::vector<std::string>& inputs, ReadOptions options = {}) {
    docs_.clear();
    diags_.clear();
    Reader reader(options);
    reader.Read(
        inputs, [&](Document&& d) { docs_.push_back(std::move(d)); },
        [&](const Diagnostic& d) { diags_.push_back(d); });
    stats_ = reader.stats();
  }

  int Count(Severity s) const {
    int n = 0;
    for (const Diagnostic& d : diags_) n += d.severity == s ? 1 : 0;
    return n;
  }

  std::string AllDiagnostics() const {
    std::string out;
    for (const Diagnostic& d : diags_) out += d.ToString() + "\n";
    return out;
  }

  std::string dir_;
  std::vector<Document> docs_;
  std::vector<Diagnostic> diags_;
  ReadStats stats_;
};

TEST_F(ReaderTest, ReadsPlainTextNormalised) {
  const std::string path = Write("a.txt", "\xEF\xBB\xBFLine one.\r\nLine two.\rEnd.\n");
  Read({path});
  ASSERT_EQ(docs_.size(), 1u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].id, path);
  EXPECT_EQ(docs_[0].source, path);
  EXPECT_EQ(docs_[0].source_line, 0);
  EXPECT_EQ(docs_[0].text, "Line one.\nLine two.\nEnd.\n");
  EXPECT_TRUE(diags_.empty()) << AllDiagnostics();
  EXPECT_EQ(stats_.files, 1);
  EXPECT_EQ(stats_.documents, 1);
}

TEST_F(ReaderTest, ReadsFilesWithoutExtensionAsText) {
  Write("notes", "Just text.");
  Write("page.data", "<!DOCTYPE html><title>T</title><p>Para.</p>");
  Read({Path("notes"), Path("page.data")});
  ASSERT_EQ(docs_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].text, "Just text.");
  EXPECT_EQ(docs_[1].text, "Para.");  // sniffed as HTML
  EXPECT_EQ(docs_[1].title, "T");
}

TEST_F(ReaderTest, ConvertsMarkdownAndHtml) {
  Write("a.md", "# Headline\n\nSee [the report](https://x.org/r). **Bold** text.\n");
  Write("b.html", "<html><head><title>Page</title><script>x()</script></head>"
                  "<body><p>One &amp; two.</p><p>Three.</p></body></html>");
  Read({Path("a.md"), Path("b.html")});
  ASSERT_EQ(docs_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].text, "Headline\n\nSee the report. Bold text.");
  EXPECT_EQ(docs_[0].title, "Headline");
  EXPECT_EQ(docs_[1].text, "One & two.\n\nThree.");
  EXPECT_EQ(docs_[1].title, "Page");
}

TEST_F(ReaderTest, ReadsJsonLinesAndReportsMalformedLines) {
  const std::string path = Write(
      "c.jsonl",
      "{\"id\": \"d1\", \"text\": \"First.\\r\\nSecond.\", \"title\": \"T1\", \"date\": \"2024-05-15\","
      " \"url\": \"https://a.example\", \"extra\": [1, 2]}\n"
      "{\"id\": \"d2\", \"text\": \n"                                   // 2: bad JSON
      "[\"not\", \"an object\"]\n"                                      // 3
      "{\"text\": \"no id\"}\n"                                         // 4
      "{\"id\": \"\", \"text\": \"empty id\"}\n"                        // 5
      "{\"id\": 7, \"text\": \"numeric id\"}\n"                         // 6
      "{\"id\": \"d7\"}\n"                                              // 7
      "{\"id\": \"d8\", \"text\": 42}\n"                                // 8
      "\n"                                                              // 9: blank, fine
      "{\"id\": \"d10\", \"text\": \"Last.\", \"title\": 5, \"source_url\": \"https://b\"}\r\n"
      "{\"id\": \"d11\", \"text\": \"\"}");                             // 11: empty text, no newline
  Read({path});
  ASSERT_EQ(docs_.size(), 3u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].id, "d1");
  EXPECT_EQ(docs_[0].text, "First.\nSecond.");
  EXPECT_EQ(docs_[0].title, "T1");
  EXPECT_EQ(docs_[0].date, "2024-05-15");
  EXPECT_EQ(docs_[0].url, "https://a.example");
  EXPECT_EQ(docs_[0].source, path);
  EXPECT_EQ(docs_[0].source_line, 1);
  EXPECT_EQ(docs_[1].id, "d10");
  EXPECT_EQ(docs_[1].source_line, 10);
  EXPECT_EQ(docs_[1].title, "");
  EXPECT_EQ(docs_[1].url, "https://b");
  EXPECT_EQ(docs_[2].id, "d11");
  EXPECT_EQ(docs_[2].text, "");
  // Lines 2-8 are errors, each with its line; the non-string title a warning.
  std::vector<int64_t> error_lines;
  for (const Diagnostic& d : diags_) {
    if (d.severity == Severity::kError) error_lines.push_back(d.status.where().line);
    EXPECT_EQ(d.status.where().file, path);
  }
  EXPECT_EQ(error_lines, (std::vector<int64_t>{2, 3, 4, 5, 6, 7, 8})) << AllDiagnostics();
  EXPECT_EQ(Count(Severity::kWarning), 1) << AllDiagnostics();
  EXPECT_EQ(stats_.errors, 7);
}

TEST_F(ReaderTest, ReadsGzipByExtensionAndByMagic) {
  const std::string jsonl = "{\"id\":\"g1\",\"text\":\"One.\"}\n{\"id\":\"g2\",\"text\":\"Two.\"}\n";
  Write("d.jsonl.gz", Gzip(jsonl));
  Write("e.txt", Gzip("Gzipped text."));  // gzip without .gz
  Read({Path("d.jsonl.gz"), Path("e.txt")});
  ASSERT_EQ(docs_.size(), 3u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].id, "g1");
  EXPECT_EQ(docs_[1].id, "g2");
  EXPECT_EQ(docs_[1].source_line, 2);
  EXPECT_EQ(docs_[2].text, "Gzipped text.");
  EXPECT_TRUE(diags_.empty()) << AllDiagnostics();
}

TEST_F(ReaderTest, ReadsConcatenatedGzipMembers) {
  Write("m.jsonl.gz", Gzip("{\"id\":\"m1\",\"text\":\"A.\"}\n") + Gzip("{\"id\":\"m2\",\"text\":\"B.\"}\n"));
  Read({Path("m.jsonl.gz")});
  ASSERT_EQ(docs_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(docs_[1].id, "m2");
  EXPECT_TRUE(diags_.empty()) << AllDiagnostics();
}

TEST_F(ReaderTest, KeepsDocumentsBeforeATruncatedGzip) {
  std::string jsonl;
  for (int i = 0; i < 2000; ++i) {
    jsonl += "{\"id\":\"t" + std::to_string(i) + "\",\"text\":\"Sentence number " +
             std::to_string(i * 7919) + " of a long file.\"}\n";
  }
  const std::string gz = Gzip(jsonl);
  Write("t.jsonl.gz", gz.substr(0, gz.size() / 2));
  Read({Path("t.jsonl.gz")});
  EXPECT_GT(docs_.size(), 100u);
  EXPECT_LT(docs_.size(), 2000u);
  ASSERT_EQ(Count(Severity::kError), 1) << AllDiagnostics();
  EXPECT_NE(diags_.back().status.message().find("truncated"), std::string::npos)
      << AllDiagnostics();
  for (size_t i = 0; i < docs_.size(); ++i) EXPECT_EQ(docs_[i].id, "t" + std::to_string(i));
}

TEST_F(ReaderTest, ReportsCorruptGzip) {
  std::string gz = Gzip(std::string(20000, 'x') + " text");
  for (size_t i = 20; i < 40 && i < gz.size(); ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5A);
  Write("bad.txt.gz", gz);
  Write("after.txt", "Still read.");
  Read({Path("bad.txt.gz"), Path("after.txt")});
  EXPECT_EQ(Count(Severity::kError), 1) << AllDiagnostics();
  ASSERT_FALSE(docs_.empty());
  EXPECT_EQ(docs_.back().text, "Still read.");
}

TEST_F(ReaderTest, RepairsInvalidUtf8AndReportsWhere) {
  Write("u.txt", std::string("Caf\xC3\xA9 ok. Bad \xFF\xFE here \xED\xA0\x80 too.", 30));
  Write("u.jsonl", "{\"id\":\"a\",\"text\":\"fine\"}\n{\"id\":\"b\",\"text\":\"x\xC0\xAF y\"}\n");
  Read({Path("u.txt"), Path("u.jsonl")});
  ASSERT_EQ(docs_.size(), 3u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].text, "Caf\xC3\xA9 ok. Bad \xEF\xBF\xBD\xEF\xBF\xBD here "
                           "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD too.");
  EXPECT_EQ(docs_[2].text, "x\xEF\xBF\xBD\xEF\xBF\xBD y");
  ASSERT_EQ(diags_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(diags_[0].severity, Severity::kWarning);
  EXPECT_EQ(diags_[0].status.where().byte_offset, 14);
  EXPECT_NE(diags_[0].status.message().find("5 sequence(s)"), std::string::npos)
      << AllDiagnostics();
  EXPECT_EQ(diags_[1].status.where().line, 2);
  EXPECT_EQ(diags_[1].status.where().column, 20);
  EXPECT_EQ(diags_[1].status.where().byte_offset, 25 + 19);  // line 2 starts at byte 25
}

TEST_F(ReaderTest, SkipsBinaryFiles) {
  Write("img.png", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  Write("ctl.txt", std::string(100, '\x01') + "text");
  Read({Path("img.png"), Path("ctl.txt")});
  EXPECT_TRUE(docs_.empty());
  EXPECT_EQ(Count(Severity::kWarning), 2) << AllDiagnostics();
  EXPECT_EQ(Count(Severity::kError), 0);
  EXPECT_EQ(diags_[0].status.code(), StatusCode::kUnsupported);
}

TEST_F(ReaderTest, ConvertsUtf16WithByteOrderMark) {
  // "Hé 😀\r\n" in UTF-16LE and UTF-16BE.
  Write("le.txt", std::string("\xFF\xFEH\0\xE9\0 \0\x3D\xD8\x00\xDE\r\0\n\0", 16));
  Write("be.txt", std::string("\xFE\xFF\0H\0\xE9\0 \xD8\x3D\xDE\x00\0\r\0\n", 16));
  Write("le.jsonl", std::string("\xFF\xFE{\0}\0", 6));
  Read({Path("le.txt"), Path("be.txt"), Path("le.jsonl")});
  ASSERT_EQ(docs_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].text, "H\xC3\xA9 \xF0\x9F\x98\x80\n");
  EXPECT_EQ(docs_[1].text, docs_[0].text);
  ASSERT_EQ(diags_.size(), 1u) << AllDiagnostics();
  EXPECT_EQ(diags_[0].severity, Severity::kError);  // UTF-16 JSON Lines
}

TEST_F(ReaderTest, MissingFilesAreErrorsAndTheRunGoesOn) {
  Write("ok.txt", "Fine.");
  Read({Path("missing.txt"), Path("ok.txt")});
  ASSERT_EQ(docs_.size(), 1u);
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].severity, Severity::kError);
  EXPECT_EQ(diags_[0].status.code(), StatusCode::kNotFound);
  EXPECT_EQ(diags_[0].status.where().file, Path("missing.txt"));
}

TEST_F(ReaderTest, WalksFoldersSortedAndSkipsHiddenOnes) {
  Write("tree/b.txt", "B");
  Write("tree/a.txt", "A");
  Write("tree/sub/c.md", "C");
  Write("tree/a-z.txt", "AZ");  // '-' sorts before '.' and '/'
  Write("tree/.hidden.txt", "H");
  Write("tree/.git/config", "G");
  Write("tree/Upper.txt", "U");  // capitals sort first, byte-wise
  Read({Path("tree")});
  std::vector<std::string> ids;
  for (const Document& d : docs_) ids.push_back(d.id.substr(dir_.size() + 1));
  EXPECT_EQ(ids, (std::vector<std::string>{"tree/Upper.txt", "tree/a-z.txt", "tree/a.txt",
                                           "tree/b.txt", "tree/sub/c.md"}));
  EXPECT_TRUE(diags_.empty()) << AllDiagnostics();
}

TEST_F(ReaderTest, WarnsOnDuplicateIdsAndKeepsBoth) {
  Write("x.jsonl", "{\"id\":\"same\",\"text\":\"one\"}\n{\"id\":\"other\",\"text\":\"two\"}\n");
  Write("y.jsonl", "{\"id\":\"same\",\"text\":\"three\"}\n");
  Read({Path("x.jsonl"), Path("y.jsonl")});
  ASSERT_EQ(docs_.size(), 3u);
  ASSERT_EQ(diags_.size(), 1u);
  EXPECT_EQ(diags_[0].severity, Severity::kWarning);
  EXPECT_NE(diags_[0].status.message().find("x.jsonl:1"), std::string::npos) << AllDiagnostics();
  EXPECT_EQ(diags_[0].status.where().file, Path("y.jsonl"));
}

TEST_F(ReaderTest, ReadsStdinAsTextOrJsonLines) {
  std::istringstream text("From stdin.\r\n");
  ReadOptions options;
  options.stdin_stream = &text;
  Read({"-"}, options);
  ASSERT_EQ(docs_.size(), 1u);
  EXPECT_EQ(docs_[0].id, "-");
  EXPECT_EQ(docs_[0].source, "-");
  EXPECT_EQ(docs_[0].text, "From stdin.\n");

  std::istringstream jsonl(Gzip("{\"id\":\"s1\",\"text\":\"A.\"}\n{\"id\":\"s2\",\"text\":\"B.\"}\n"));
  options.stdin_stream = &jsonl;
  options.stdin_format = Format::kJsonl;
  Read({"-"}, options);
  ASSERT_EQ(docs_.size(), 2u) << AllDiagnostics();
  EXPECT_EQ(docs_[1].id, "s2");
  EXPECT_EQ(docs_[1].source, "-");
}

TEST_F(ReaderTest, ConvertsMarkupInJsonLinesText) {
  Write("m.jsonl",
        "{\"id\":\"a\",\"text\":\"He is [home](https://x.com/p) now.\"}\n"
        "{\"id\":\"b\",\"text\":\"<p>One.</p><p>Two.</p>\"}\n"
        "{\"id\":\"c\",\"text\":\"Plain [sic] text.\"}\n");
  Read({Path("m.jsonl")});  // jsonl_text_format = kAuto
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_EQ(docs_[0].text, "He is home now.");
  EXPECT_EQ(docs_[1].text, "One.\n\nTwo.");
  EXPECT_EQ(docs_[2].text, "Plain [sic] text.");
  ReadOptions as_is;
  as_is.jsonl_text_format = Format::kText;
  Read({Path("m.jsonl")}, as_is);
  ASSERT_EQ(docs_.size(), 3u);
  EXPECT_EQ(docs_[0].text, "He is [home](https://x.com/p) now.");
}

TEST_F(ReaderTest, SkipsDocumentsOverTheSizeLimit) {
  Write("big.txt", std::string(5000, 'a'));
  Write("big.jsonl", "{\"id\":\"big\",\"text\":\"" + std::string(5000, 'b') + "\"}\n"
                     "{\"id\":\"small\",\"text\":\"ok\"}\n");
  ReadOptions options;
  options.max_document_bytes = 1000;
  Read({Path("big.txt"), Path("big.jsonl")}, options);
  ASSERT_EQ(docs_.size(), 1u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].id, "small");
  EXPECT_EQ(Count(Severity::kError), 2) << AllDiagnostics();
}

// Former bug (found by fuzz_ingest): the limit was checked on the raw bytes
// only, and U+FFFD repair (1 byte -> 3) let a document grow past it.
TEST_F(ReaderTest, AppliesTheSizeLimitAfterRepair) {
  Write("bad.txt", std::string(40, '\xFF'));
  ReadOptions options;
  options.max_document_bytes = 64;
  Read({Path("bad.txt")}, options);
  EXPECT_TRUE(docs_.empty());
  EXPECT_EQ(Count(Severity::kError), 1) << AllDiagnostics();
}

TEST_F(ReaderTest, ForcedFormatOverridesTheExtension) {
  Write("data.txt", "{\"id\":\"f\",\"text\":\"forced\"}\n");
  ReadOptions options;
  options.format = Format::kJsonl;
  Read({Path("data.txt")}, options);
  ASSERT_EQ(docs_.size(), 1u) << AllDiagnostics();
  EXPECT_EQ(docs_[0].id, "f");
}

TEST(FormatTest, FromPathAndName) {
  bool gz = false;
  EXPECT_EQ(FormatFromPath("a/b.jsonl.gz", &gz), Format::kJsonl);
  EXPECT_TRUE(gz);
  EXPECT_EQ(FormatFromPath("x.MD", &gz), Format::kMarkdown);
  EXPECT_FALSE(gz);
  EXPECT_EQ(FormatFromPath("x.htm", &gz), Format::kHtml);
  EXPECT_EQ(FormatFromPath("x.txt.gz", &gz), Format::kText);
  EXPECT_EQ(FormatFromPath("README", &gz), Format::kAuto);
  EXPECT_EQ(FormatFromPath("dir.jsonl/file", &gz), Format::kAuto);
  Format f;
  EXPECT_TRUE(FormatFromName("ndjson", &f));
  EXPECT_EQ(f, Format::kJsonl);
  EXPECT_FALSE(FormatFromName("pdf", &f));
  EXPECT_EQ(FormatName(Format::kMarkdown), "markdown");
}

TEST(LooksBinaryTest, TellsTextFromBinary) {
  EXPECT_FALSE(LooksBinary("Plain text\twith tabs\r\n"));
  EXPECT_FALSE(LooksBinary("Caf\xC3\xA9 and \xFF invalid bytes are still text"));
  EXPECT_TRUE(LooksBinary(std::string("abc\0def", 7)));
  EXPECT_TRUE(LooksBinary(std::string(20, '\x02') + "abc"));
  EXPECT_FALSE(LooksBinary(""));
}

// The shipped corpora: every document read, nothing to report.
TEST(CorpusTest, ReadsTheNewsCorporaWithoutDiagnostics) {
  struct Corpus {
    const char* file;
    size_t documents;
  };
  const Corpus kCorpora[] = {{"whitehouse_intl.jsonl.gz", 3115}, {"wikinews_2019_2020.jsonl.gz", 295}};
  for (const Corpus& c : kCorpora) {
    const std::string path = std::string(RELGRAPH_SHARED_DIR) + "/data/corpus/" + c.file;
    if (!fs::exists(path)) GTEST_SKIP() << "MISSING DATA: " << path << " not found; corpus not read";
    size_t documents = 0;
    std::vector<std::string> diagnostics;
    Reader reader;
    reader.Read(
        {path}, [&](Document&& d) {
          ++documents;
          EXPECT_FALSE(d.id.empty());
        },
        [&](const Diagnostic& d) { diagnostics.push_back(d.ToString()); });
    EXPECT_EQ(documents, c.documents) << path;
    EXPECT_TRUE(diagnostics.empty()) << path << ": " << diagnostics.size() << " diagnostics, first: "
                                     << (diagnostics.empty() ? "" : diagnostics[0]);
    std::printf("%s: %zu documents, %lld bytes\n", c.file, documents,
                static_cast<long long>(reader.stats().bytes));
  }
}

}  // namespace
}  // namespace relgraph::ingest
