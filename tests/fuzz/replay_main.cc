// Replay driver for the fuzz targets when no fuzzing engine is linked (gcc
// builds): runs LLVMFuzzerTestOneInput on every file named on the command
// line, or on every file inside the folders named, as simdjson's fuzzers do
// under ctest. Exits 1 when an argument yields no input at all, so a missing
// seed corpus fails loudly instead of passing.
//
//   fuzz_segmenter tests/fuzz/corpus/segmenter

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.string().c_str());
    return false;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy in its own allocation, so that sanitizers catch reads past the end.
  std::vector<uint8_t> buf(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(buf.empty() ? nullptr : buf.data(), buf.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
    return 2;
  }
  size_t total = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(arg, ec)) {
      files.push_back(arg);
    }
    if (files.empty()) {
      std::fprintf(stderr, "%s: no inputs found\n", arg.string().c_str());
      return 1;
    }
    for (const fs::path& f : files) {
      if (!RunFile(f)) return 1;
      ++total;
    }
  }
  std::printf("%s: %zu inputs replayed\n", argv[0], total);
  return 0;
}
