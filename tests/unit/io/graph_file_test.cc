// WriteGraphFile: a failure never leaves a half-written file where a good one
// stood, and never leaves its temporary file behind.

#include "graph/io/graph_file.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "src/base/json.h"
#include "tests/unit/io/nasty_graph.h"
#include "tests/unit/io/test_util.h"

namespace relgraph::io {
namespace {

using testing::NastyGraph;
using testing::ProjectOntology;
using testing::Written;

class GraphFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "/relgraph_io_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    chmod(dir_.c_str(), 0755);
    for (const auto& f : Files()) std::remove((dir_ + "/" + f).c_str());
    rmdir((dir_ + "/sub").c_str());
    rmdir(dir_.c_str());
  }

  // Every entry of the folder, hidden ones included.
  std::vector<std::string> Files() const {
    std::vector<std::string> out;
    if (DIR* d = opendir(dir_.c_str())) {
      while (dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") out.push_back(name);
      }
      closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  static std::string Contents(const std::string& path) {
    std::string s;
    EXPECT_TRUE(ReadFileToString(path, &s).ok()) << path;
    return s;
  }

  static void Put(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

  std::string dir_;
};

TEST_F(GraphFileTest, WritesEveryFormatAndReplacesAnExistingFile) {
  const Ontology onto = ProjectOntology();
  for (Format f : {Format::kGraphml, Format::kNTriples, Format::kTurtle, Format::kJsonLines}) {
    const std::string path = dir_ + "/graph" + std::string(FormatExtension(f));
    Put(path, "old contents\n");
    Status s = WriteGraphFile(NastyGraph(), onto, f, path, {});
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(Contents(path), Written(NastyGraph(), onto, f)) << FormatName(f);
  }
  EXPECT_EQ(Files(),
            (std::vector<std::string>{"graph.graphml", "graph.jsonl", "graph.nt", "graph.ttl"}));
  struct stat st;
  ASSERT_EQ(stat((dir_ + "/graph.nt").c_str(), &st), 0);
  EXPECT_NE(st.st_mode & S_IRUSR, 0u);
}

TEST_F(GraphFileTest, AMissingFolderIsAnErrorNamingThePath) {
  const std::string path = dir_ + "/missing/graph.graphml";
  Status s = WriteGraphFile(NastyGraph(), ProjectOntology(), Format::kGraphml, path, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.where().file, path);
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos) << s.message();
  EXPECT_TRUE(Files().empty());
}

TEST_F(GraphFileTest, AFileInPlaceOfTheFolderIsAnError) {
  Put(dir_ + "/sub", "a file, not a folder\n");
  Status s = WriteGraphFile(NastyGraph(), ProjectOntology(), Format::kJsonLines,
                            dir_ + "/sub/graph.jsonl", {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(Contents(dir_ + "/sub"), "a file, not a folder\n");
  EXPECT_EQ(Files(), (std::vector<std::string>{"sub"}));
}

TEST_F(GraphFileTest, AFolderAsTargetIsAnError) {
  ASSERT_EQ(mkdir((dir_ + "/sub").c_str(), 0755), 0);
  Status s = WriteGraphFile(NastyGraph(), ProjectOntology(), Format::kTurtle, dir_ + "/sub", {});
  EXPECT_FALSE(s.ok());
  s = WriteGraphFile(NastyGraph(), ProjectOntology(), Format::kTurtle, dir_ + "/sub/", {});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(Files(), (std::vector<std::string>{"sub"}));
}

TEST_F(GraphFileTest, AReadOnlyFolderKeepsTheOldFile) {
  const std::string path = dir_ + "/graph.graphml";
  Put(path, "good old graph\n");
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  ASSERT_EQ(chmod(dir_.c_str(), 0555), 0);
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  // Root writes into read-only folders, so the write runs in a child that
  // gives up root first (as user and group "nobody").
  auto write_unprivileged = [&] {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) std::_Exit(2);
    Status s = WriteGraphFile(g, onto, Format::kGraphml, path, {});
    const bool denied = !s.ok() && s.code() == StatusCode::kIoError &&
                        s.message().find("Permission denied") != std::string::npos;
    std::_Exit(denied ? 0 : 1);
  };
  EXPECT_EXIT(write_unprivileged(), ::testing::ExitedWithCode(0), "");
  chmod(dir_.c_str(), 0755);
  EXPECT_EQ(Contents(path), "good old graph\n");
  EXPECT_EQ(Files(), (std::vector<std::string>{"graph.graphml"}));
}

TEST_F(GraphFileTest, AWriterErrorKeepsTheOldFileAndRemovesTheTemporary) {
  graph::KnowledgeGraph bad;
  graph::Relation r;
  r.relation = "supports";
  r.evidence.push_back({.doc_id = "d", .rule_id = "r", .confidence = INFINITY});
  bad.AddTriple({.label = "A", .type = "Country"}, r, {.label = "B", .type = "Country"}, false);
  const std::string path = dir_ + "/graph.jsonl";
  Put(path, "good old graph\n");
  Status s = WriteGraphFile(bad, ProjectOntology(), Format::kJsonLines, path, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.where().file, path);
  EXPECT_EQ(Contents(path), "good old graph\n");
  EXPECT_EQ(Files(), (std::vector<std::string>{"graph.jsonl"}));
}

TEST_F(GraphFileTest, ADiskFullWriteKeepsTheOldFileAndRemovesTheTemporary) {
  // A file size limit makes the writes fail part way, as a full disk does.
  // Run in a child process: the limit and the ignored SIGXFSZ stay there.
  const std::string path = dir_ + "/graph.nt";
  Put(path, "good old graph\n");
  const Ontology onto = ProjectOntology();
  const graph::KnowledgeGraph g = NastyGraph();
  ASSERT_GT(Written(g, onto, Format::kNTriples).size(), 8192u);
  auto write_with_small_disk = [&] {
    signal(SIGXFSZ, SIG_IGN);
    rlimit limit;
    limit.rlim_cur = limit.rlim_max = 4096;
    setrlimit(RLIMIT_FSIZE, &limit);
    Status s = WriteGraphFile(g, onto, Format::kNTriples, path, {});
    const bool reported = !s.ok() && s.code() == StatusCode::kIoError &&
                          s.message().find("write failed: File too large") != std::string::npos;
    std::_Exit(reported ? 0 : 1);
  };
  EXPECT_EXIT(write_with_small_disk(), ::testing::ExitedWithCode(0), "");
  EXPECT_EQ(Contents(path), "good old graph\n");
  EXPECT_EQ(Files(), (std::vector<std::string>{"graph.nt"}));
}

}  // namespace
}  // namespace relgraph::io
