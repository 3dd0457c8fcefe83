#include "tools/train_tagger/clusters.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <sstream>

#include "src/annotate/tagger_features.h"

namespace relgraph::tools {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool IsEdgePunct(unsigned char c) {
  return c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == '`' || c == '*';
}

void Push(std::string_view raw, std::vector<std::string>* out) {
  std::string norm;
  annotate::tagger_internal::NormalizeToken(raw, &norm);
  for (char& c : norm) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c >= '0' && c <= '9') c = '0';
  }
  if (!norm.empty()) out->push_back(std::move(norm));
}

void PushWord(std::string_view w, std::vector<std::string>* out) {
  // Leading and trailing punctuation as their own tokens, then clitics.
  std::string norm;
  annotate::tagger_internal::NormalizeToken(w, &norm);
  std::string_view s(norm);
  size_t b = 0;
  while (b < s.size() && IsEdgePunct(static_cast<unsigned char>(s[b]))) {
    Push(s.substr(b, 1), out);
    ++b;
  }
  size_t e = s.size();
  std::vector<std::string_view> tail;
  while (e > b && IsEdgePunct(static_cast<unsigned char>(s[e - 1]))) {
    tail.push_back(s.substr(e - 1, 1));
    --e;
  }
  std::string_view core = s.substr(b, e - b);
  if (!core.empty()) {
    std::string lower(core);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    size_t cut = core.size();
    for (std::string_view clitic : {"n't", "'s", "'re", "'ll", "'ve", "'d", "'m"}) {
      if (lower.size() > clitic.size() &&
          lower.compare(lower.size() - clitic.size(), clitic.size(), clitic) == 0) {
        cut = core.size() - clitic.size();
        break;
      }
    }
    Push(core.substr(0, cut), out);
    if (cut < core.size()) Push(core.substr(cut), out);
  }
  for (auto it = tail.rbegin(); it != tail.rend(); ++it) Push(*it, out);
}

}  // namespace

void TokenizeForClusters(const std::string& text, std::vector<std::string>* tokens) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      tokens->emplace_back();
      ++i;
      continue;
    }
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !IsSpace(text[j]) && text[j] != '\n') ++j;
    PushWord(std::string_view(text).substr(i, j - i), tokens);
    i = j;
  }
  tokens->emplace_back();
}

Result<std::unordered_map<std::string, uint16_t>> LearnClusters(
    const std::vector<std::string>& files, const std::vector<annotate::TaggedSentence>& sentences,
    const ClusterOptions& opt) {
  std::vector<std::string> tokens;
  for (const std::string& path : files) {
    Result<std::string> data = annotate::ReadMaybeGzipFile(path);
    if (!data.ok()) return data.status();
    std::istringstream in(data.value());
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      rapidjson::Document doc;
      doc.Parse(line.c_str(), line.size());
      if (doc.HasParseError() || !doc.IsObject()) {
        return Status(StatusCode::kInvalidArgument, "not a JSON object", Location{path, line_no});
      }
      auto it = doc.FindMember("text");
      if (it == doc.MemberEnd() || !it->value.IsString()) continue;
      TokenizeForClusters(std::string(it->value.GetString(), it->value.GetStringLength()), &tokens);
    }
  }
  for (const auto& s : sentences) {
    for (const auto& w : s.words) Push(w.form, &tokens);
    tokens.emplace_back();
  }

  // Vocabulary: words seen min_count times, by frequency then spelling; the
  // rest share one id (and are not clustered), as does the line break.
  std::unordered_map<std::string, int64_t> counts;
  for (const auto& t : tokens) ++counts[t];
  std::vector<std::pair<std::string, int64_t>> vocab;
  for (const auto& [w, n] : counts) {
    if (!w.empty() && n >= opt.min_count) vocab.emplace_back(w, n);
  }
  std::sort(vocab.begin(), vocab.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  const int rare = static_cast<int>(vocab.size());  // id of rare words and breaks
  const int V = rare + 1;
  std::unordered_map<std::string, int> id;
  for (int i = 0; i < rare; ++i) id[vocab[static_cast<size_t>(i)].first] = i;
  std::vector<int> seq;
  seq.reserve(tokens.size());
  for (const auto& t : tokens) {
    auto it = id.find(t);
    seq.push_back(it == id.end() ? rare : it->second);
  }
  tokens.clear();
  tokens.shrink_to_fit();

  // Predecessor counts of each word: pred[w] = (v, n(v, w)).
  std::vector<uint64_t> pairs;
  pairs.reserve(seq.size());
  for (size_t i = 1; i < seq.size(); ++i) {
    pairs.push_back((static_cast<uint64_t>(seq[i]) << 32) | static_cast<uint32_t>(seq[i - 1]));
  }
  std::sort(pairs.begin(), pairs.end());
  std::vector<std::vector<std::pair<int, int>>> pred(static_cast<size_t>(V));
  std::vector<int64_t> word_count(static_cast<size_t>(V), 0);
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    const int w = static_cast<int>(pairs[i] >> 32);
    const int v = static_cast<int>(pairs[i] & 0xFFFFFFFFu);
    pred[static_cast<size_t>(w)].emplace_back(v, static_cast<int>(j - i));
    word_count[static_cast<size_t>(w)] += static_cast<int64_t>(j - i);
    i = j;
  }
  pairs.clear();
  pairs.shrink_to_fit();

  const int C = opt.classes;
  std::vector<int> cls(static_cast<size_t>(V));
  for (int w = 0; w < V; ++w) cls[static_cast<size_t>(w)] = w % C;
  // N[v][c]: how often v is followed by a word of class c; Nc[c]: class sizes.
  std::vector<int32_t> N(static_cast<size_t>(V) * static_cast<size_t>(C), 0);
  std::vector<int64_t> Nc(static_cast<size_t>(C), 0);
  for (int w = 0; w < V; ++w) {
    const int c = cls[static_cast<size_t>(w)];
    for (const auto& [v, n] : pred[static_cast<size_t>(w)]) {
      N[static_cast<size_t>(v) * static_cast<size_t>(C) + static_cast<size_t>(c)] += n;
    }
    Nc[static_cast<size_t>(c)] += word_count[static_cast<size_t>(w)];
  }
  // x log x, tabulated for small counts.
  constexpr int kTable = 1 << 16;
  std::vector<double> xlogx(kTable);
  for (int x = 1; x < kTable; ++x) xlogx[static_cast<size_t>(x)] = x * std::log(static_cast<double>(x));
  auto f = [&](int64_t x) {
    return x < kTable ? xlogx[static_cast<size_t>(x)]
                      : static_cast<double>(x) * std::log(static_cast<double>(x));
  };
  std::vector<double> delta(static_cast<size_t>(C));
  for (int iter = 1; iter <= opt.iterations; ++iter) {
    int64_t moves = 0;
    for (int w = 0; w < rare; ++w) {
      const auto& pw = pred[static_cast<size_t>(w)];
      const int a = cls[static_cast<size_t>(w)];
      const int64_t nw = word_count[static_cast<size_t>(w)];
      for (const auto& [v, n] : pw) N[static_cast<size_t>(v) * static_cast<size_t>(C) + static_cast<size_t>(a)] -= n;
      Nc[static_cast<size_t>(a)] -= nw;
      for (int b = 0; b < C; ++b) {
        delta[static_cast<size_t>(b)] = f(Nc[static_cast<size_t>(b)]) - f(Nc[static_cast<size_t>(b)] + nw);
      }
      for (const auto& [v, n] : pw) {
        const int32_t* row = &N[static_cast<size_t>(v) * static_cast<size_t>(C)];
        for (int b = 0; b < C; ++b) delta[static_cast<size_t>(b)] += f(row[b] + n) - f(row[b]);
      }
      int best = a;
      for (int b = 0; b < C; ++b) {
        if (delta[static_cast<size_t>(b)] > delta[static_cast<size_t>(best)] + 1e-9) best = b;
      }
      if (best != a) ++moves;
      cls[static_cast<size_t>(w)] = best;
      for (const auto& [v, n] : pw) N[static_cast<size_t>(v) * static_cast<size_t>(C) + static_cast<size_t>(best)] += n;
      Nc[static_cast<size_t>(best)] += nw;
    }
    if (opt.log) {
      opt.log("clusters: iteration " + std::to_string(iter) + ", " + std::to_string(moves) +
              " of " + std::to_string(rare) + " words moved");
    }
    if (moves == 0) break;
  }
  std::unordered_map<std::string, uint16_t> out;
  for (int w = 0; w < rare; ++w) {
    out[vocab[static_cast<size_t>(w)].first] = static_cast<uint16_t>(cls[static_cast<size_t>(w)] + 1);
  }
  return out;
}

}  // namespace relgraph::tools
