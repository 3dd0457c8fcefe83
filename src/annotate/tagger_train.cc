#include "src/annotate/tagger_train.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>

#include "src/annotate/tagger_model.h"

namespace relgraph::annotate {

namespace ti = tagger_internal;

namespace {

// ------------------------------------------------------------- lexicon

struct WordCounts {
  std::map<uint32_t, uint32_t> by_fold_class;  // fold * 256 + class -> count
};

struct LexiconBuilder {
  std::map<std::string, WordCounts> exact;   // folded form
  std::map<std::string, WordCounts> lower;   // folded lower-case form
  std::map<std::string, std::pair<uint32_t, uint32_t>> case_counts;  // lower, capitalised
};

std::string Fold(std::string_view w, bool lower) {
  std::string s(w);
  for (char& ch : s) {
    if (ch >= '0' && ch <= '9') ch = '0';
    if (lower && ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

// Class counts of a word with fold `skip` left out (-1: none).
std::vector<std::pair<uint16_t, uint32_t>> CountsWithout(const WordCounts& wc, int skip) {
  std::map<uint16_t, uint32_t> sum;
  for (const auto& [k, v] : wc.by_fold_class) {
    if (static_cast<int>(k >> 8) == skip) continue;
    sum[static_cast<uint16_t>(k & 0xFF)] += v;
  }
  return {sum.begin(), sum.end()};
}

uint32_t AmbiguityClass(const std::vector<std::pair<uint16_t, uint32_t>>& counts) {
  uint32_t total = 0;
  for (const auto& c : counts) total += c.second;
  if (total == 0) return 0;
  uint64_t h = ti::kHashSeed;
  for (const auto& [cls, n] : counts) {
    // Rare readings of frequent words are noise for this feature.
    if (total >= 10 && n * 20 < total) continue;
    h = ti::HashStep(h, static_cast<unsigned char>(cls));
  }
  const uint32_t bucket = total == 1 ? 1 : total < 4 ? 2 : total < 10 ? 3 : 4;
  h = ti::HashStep(h, static_cast<unsigned char>(200 + bucket));
  uint32_t a = static_cast<uint32_t>(ti::Finalize(h));
  return a == 0 ? 1 : a;
}

// The first `count` classes as a candidate set.
std::array<uint64_t, 2> FirstClasses(int count) {
  std::array<uint64_t, 2> set = {0, 0};
  for (int c = 0; c < count && c < 128; ++c) set[static_cast<size_t>(c / 64)] |= uint64_t{1} << (c % 64);
  return set;
}

class CandidateSets {
 public:
  // Set 0 is what words the lexicon lacks may take: `unknown` ({0, 0}: all
  // classes).
  CandidateSets(std::vector<std::array<uint64_t, 2>>* sets, const std::array<uint64_t, 2>& unknown)
      : sets_(sets) {
    if (sets_->empty()) sets_->push_back(unknown);
    for (size_t i = 1; i < sets_->size(); ++i) index_[(*sets_)[i]] = static_cast<uint16_t>(i);
  }
  uint16_t Intern(const std::array<uint64_t, 2>& set) {
    auto it = index_.find(set);
    if (it != index_.end()) return it->second;
    if (sets_->size() >= 0xFFFF) return 0;
    const auto id = static_cast<uint16_t>(sets_->size());
    sets_->push_back(set);
    index_[set] = id;
    return id;
  }

 private:
  std::vector<std::array<uint64_t, 2>>* sets_;
  std::map<std::array<uint64_t, 2>, uint16_t> index_;
};

// Builds the lexicon with fold `skip` left out (-1 for the model's own).
void BuildLexicon(const LexiconBuilder& b, int skip, const TaggerTrainOptions& opt,
                  ti::Lexicon* lex) {
  const int chunk_classes = std::min(ti::kMaxClasses, 16 * opt.cand_chunks);
  const int known_classes =
      opt.known_chunks > 0 ? std::min(ti::kMaxClasses, 16 * opt.known_chunks) : chunk_classes;
  CandidateSets sets(&lex->cand_sets, opt.cand_chunks > 0 ? FirstClasses(chunk_classes)
                                                         : std::array<uint64_t, 2>{0, 0});
  std::map<uint64_t, ti::LexEntry> entries;
  for (const auto& [form, wc] : b.exact) {
    auto counts = CountsWithout(wc, skip);
    uint32_t total = 0, best = 0;
    uint16_t best_cls = 0;
    std::array<uint64_t, 2> set = {0, 0};
    for (const auto& [cls, n] : counts) {
      total += n;
      if (n > best) {
        best = n;
        best_cls = cls;
      }
      set[cls / 64] |= uint64_t{1} << (cls % 64);
    }
    if (total == 0) continue;
    ti::LexEntry e;
    e.key = ti::HashBytes(form);
    e.amb = AmbiguityClass(counts);
    if (static_cast<int>(total) >= opt.cand_min_count) {
      e.cand = sets.Intern(set);
    } else if (opt.cand_chunks > 0) {
      const int last = ti::HighestClass(set);  // the set is not empty: total > 0
      e.cand = sets.Intern(FirstClasses(std::max(known_classes, 16 * (last / 16 + 1))));
    }
    if (static_cast<int>(total) >= opt.fixed_min_count &&
        static_cast<double>(best) >= opt.fixed_min_share * total) {
      e.fixed = static_cast<int16_t>(best_cls);
    }
    entries[e.key] = e;
  }
  auto lower_entry = [&](const std::string& low) -> ti::LexEntry& {
    const uint64_t key = ti::HashBytes(low) ^ ti::kLowerSalt;
    ti::LexEntry& e = entries[key];
    e.key = key;
    return e;
  };
  for (const auto& [low, wc] : b.lower) {
    auto counts = CountsWithout(wc, skip);
    const uint32_t amb = AmbiguityClass(counts);
    if (amb != 0) lower_entry(low).amb = amb;
  }
  // Case counts (treebank plus raw text) decide which capitalised words a
  // headline may read in lower case.
  std::map<std::string, std::pair<uint32_t, uint32_t>> cases(b.case_counts.begin(),
                                                             b.case_counts.end());
  if (opt.resources != nullptr) {
    for (const auto& [low, c] : opt.resources->case_counts) {
      auto& sum = cases[Fold(low, true)];
      sum.first += c.first;
      sum.second += c.second;
    }
    for (const auto& [low, bits] : opt.resources->wordnet) lower_entry(Fold(low, true)).wn |= bits;
    for (const auto& [word, cluster] : opt.resources->clusters) {
      lower_entry(Fold(word, true)).cluster = cluster;
    }
  }
  for (const auto& [low, c] : cases) {
    const uint32_t total = c.first + c.second;
    if (total < 2) continue;
    uint8_t flags = 0;
    if (c.first >= 2 && c.first >= c.second) flags |= ti::kLexMostlyLower;
    const uint8_t cls = c.first * 5 >= total * 4   ? ti::kCaseLower
                        : c.first * 5 <= total     ? ti::kCaseCapital
                                                   : ti::kCaseMixed;
    flags |= static_cast<uint8_t>(cls << ti::kLexCaseShift);
    lower_entry(low).flags |= flags;
  }
  std::vector<ti::LexEntry> list;
  list.reserve(entries.size());
  for (auto& [key, e] : entries) {
    if (key != 0) list.push_back(e);
  }
  lex->Build(list);
}

// ------------------------------------------------------------- weights

struct TrainEntry {
  uint16_t cls;
  float w;
  double total;
  uint32_t stamp;
};

class TrainWeights {
 public:
  // Finalize() drops quantised weights of at most this size.
  void set_prune(int prune) { prune_ = prune; }
  void Score(const uint64_t* keys, size_t n, float* scores) const {
    for (size_t k = 0; k < n; ++k) {
      auto it = index_.find(keys[k]);
      if (it == index_.end()) continue;
      for (const TrainEntry& e : feats_[it->second]) scores[e.cls] += e.w;
    }
  }
  void Update(const ti::Features& fs, uint16_t gold, uint16_t pred, uint32_t now) {
    for (size_t k = 0; k < fs.n; ++k) {
      auto [it, inserted] = index_.try_emplace(fs.keys[k], static_cast<uint32_t>(feats_.size()));
      if (inserted) {
        feats_.emplace_back();
        keys_.push_back(fs.keys[k]);
      }
      std::vector<TrainEntry>& f = feats_[it->second];
      Bump(&f, gold, 1.0f, now);
      Bump(&f, pred, -1.0f, now);
    }
  }
  // Averaged, quantised weights as a run-time table; drops weights that
  // round to zero. Deterministic: features sorted by key, entries by class.
  ti::WeightTable Finalize(uint32_t now, size_t* num_features, size_t* num_weights) const {
    std::vector<size_t> order(keys_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
    const double steps = std::max<uint32_t>(now, 1);
    // Weights are int8: the largest averaged weight becomes kMaxWeight. (A
    // token has at most kMaxFeatures features, so int16 sums cannot
    // overflow.)
    double max_abs = 0;
    for (const std::vector<TrainEntry>& f : feats_) {
      for (const TrainEntry& e : f) max_abs = std::max(max_abs, std::fabs(Average(e, now, steps)));
    }
    const float scale = max_abs > 0 ? static_cast<float>(ti::kMaxWeight / max_abs) : 1.0f;
    std::vector<uint64_t> keys;
    std::vector<uint32_t> begins;
    std::vector<ti::WeightEntry> entries;
    for (size_t i : order) {
      std::vector<TrainEntry> f = feats_[i];
      std::sort(f.begin(), f.end(),
                [](const TrainEntry& a, const TrainEntry& b) { return a.cls < b.cls; });
      const size_t begin = entries.size();
      for (const TrainEntry& e : f) {
        const double q = std::clamp(std::round(Average(e, now, steps) * scale), -double{ti::kMaxWeight},
                                    double{ti::kMaxWeight});
        if (std::fabs(q) <= prune_) continue;
        entries.push_back(ti::WeightEntry{e.cls, static_cast<int16_t>(q)});
      }
      if (entries.size() == begin) continue;
      keys.push_back(keys_[i]);
      begins.push_back(static_cast<uint32_t>(begin));
    }
    if (num_features != nullptr) *num_features = keys.size();
    if (num_weights != nullptr) *num_weights = entries.size();
    ti::WeightTable table;
    table.Build(keys, begins, std::move(entries), scale);
    return table;
  }

 private:
  static double Average(const TrainEntry& e, uint32_t now, double steps) {
    return (e.total + static_cast<double>(now - e.stamp) * e.w) / steps;
  }
  static void Bump(std::vector<TrainEntry>* f, uint16_t cls, float delta, uint32_t now) {
    for (TrainEntry& e : *f) {
      if (e.cls == cls) {
        e.total += static_cast<double>(now - e.stamp) * e.w;
        e.stamp = now;
        e.w += delta;
        return;
      }
    }
    f->push_back(TrainEntry{cls, delta, 0.0, now});
  }

  std::unordered_map<uint64_t, uint32_t> index_;
  std::vector<std::vector<TrainEntry>> feats_;
  std::vector<uint64_t> keys_;
  int prune_ = 0;
};

// ------------------------------------------------------------- data

struct Example {
  std::vector<ti::WordInfo> info;
  std::vector<uint16_t> gold;  // class ids; kNoClass for pairs the model lacks
  std::vector<uint16_t> right; // pass 1 predictions (for pass 2)
};
constexpr uint16_t kNoClass = 0xFFFF;

std::vector<Example> MakeExamples(const std::vector<TaggedSentence>& sents,
                                  const std::map<std::pair<uint8_t, uint8_t>, uint16_t>& class_of,
                                  const std::vector<ti::Lexicon>* fold_lex, int folds,
                                  const ti::Lexicon& full_lex) {
  std::vector<Example> out(sents.size());
  std::string norm, scratch;
  for (size_t s = 0; s < sents.size(); ++s) {
    const auto& words = sents[s].words;
    const ti::Lexicon& lex = fold_lex != nullptr ? (*fold_lex)[s % static_cast<size_t>(folds)] : full_lex;
    Example& ex = out[s];
    ex.info.resize(words.size());
    ex.gold.resize(words.size());
    for (size_t i = 0; i < words.size(); ++i) {
      ti::NormalizeToken(words[i].form, &norm);
      ti::ComputeWordInfo(norm, i, lex, &scratch, &ex.info[i]);
      auto it = class_of.find({words[i].upos, words[i].xpos});
      ex.gold[i] = it == class_of.end() ? kNoClass : it->second;
    }
    ti::SetSentenceShape(ex.info.data(), ex.info.size());
  }
  return out;
}

struct Accuracy {
  int64_t n = 0, correct = 0;
  double pct() const { return n == 0 ? 0.0 : 100.0 * static_cast<double>(correct) / static_cast<double>(n); }
};

// Runs one pass of `model` over examples (pass 1 when right is false) and
// returns the accuracy of the (UPOS, XPOS) pair; stores predictions in
// ex.right when `store` is set.
Accuracy RunPass(const Tagger::Model& model, const ti::WeightTable& table, bool second,
                 std::vector<Example>* examples, bool store) {
  Accuracy acc;
  std::vector<uint16_t> out;
  for (Example& ex : *examples) {
    const size_t n = ex.info.size();
    out.assign(n, 0);
    model.DecodePass(table, nullptr, ex.info.data(), n, second ? ex.right.data() : nullptr,
                     out.data());
    for (size_t i = 0; i < n; ++i) {
      ++acc.n;
      if (out[i] == ex.gold[i]) ++acc.correct;
    }
    if (store) ex.right = out;
  }
  return acc;
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

// Trains one pass on the examples `subset` (all when empty) with early
// stopping on dev (or exactly max_epochs when dev is empty); returns the
// best table.
ti::WeightTable TrainPass(const Tagger::Model& model, bool second, std::vector<Example>* train,
                          const std::vector<size_t>& subset, std::vector<Example>* dev,
                          const TaggerTrainOptions& opt, int max_epochs, int* best_epoch_out,
                          TaggerTrainReport* report) {
  TrainWeights weights;
  weights.set_prune(opt.prune_weight);
  std::mt19937_64 rng(opt.seed + (second ? 1 : 0));
  std::vector<size_t> order = subset;
  if (order.empty()) {
    order.resize(train->size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  }
  uint32_t now = 0;
  float scores[ti::kMaxClasses];
  ti::Features features;
  std::vector<uint16_t> out;
  const int num = static_cast<int>(model.classes.size());
  ti::WeightTable best;
  double best_acc = -1;
  int best_epoch = 0;
  for (int epoch = 1; epoch <= max_epochs; ++epoch) {
    // Fisher-Yates with the engine's raw output: the same order everywhere.
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
    const auto start = std::chrono::steady_clock::now();
    Accuracy train_acc;
    for (size_t idx : order) {
      Example& ex = (*train)[idx];
      const size_t n = ex.info.size();
      out.assign(n, 0);
      for (size_t i = 0; i < n; ++i) {
        const ti::WordInfo& w = ex.info[i];
        if (w.fixed >= 0) {
          out[i] = static_cast<uint16_t>(w.fixed);
          continue;
        }
        ++now;
        ti::ExtractFeatures(ex.info.data(), n, i, out.data(), second ? ex.right.data() : nullptr,
                            &features);
        std::fill(scores, scores + num, 0.0f);
        weights.Score(features.keys, features.n, scores);
        const auto* cand = model.lexicon.CandidatesOf(w.cand);
        int pred = -1;
        float best_score = 0;
        auto consider = [&](int c) {
          if (pred < 0 || scores[c] > best_score) {
            pred = c;
            best_score = scores[c];
          }
        };
        if (cand == nullptr) {
          for (int c = 0; c < num; ++c) consider(c);
        } else {
          for (int c = 0; c < num; ++c) {
            if (((*cand)[static_cast<size_t>(c / 64)] >> (c % 64)) & 1) consider(c);
          }
          if (pred < 0) pred = 0;
        }
        const uint16_t gold = ex.gold[i];
        ++train_acc.n;
        if (gold != kNoClass && pred != gold) {
          weights.Update(features, gold, static_cast<uint16_t>(pred), now);
        } else if (gold != kNoClass) {
          ++train_acc.correct;
        }
        out[i] = static_cast<uint16_t>(pred);
      }
    }
    size_t nf = 0, nw = 0;
    ti::WeightTable table = weights.Finalize(now, &nf, &nw);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double dev_acc = 0;
    if (!dev->empty()) dev_acc = RunPass(model, table, second, dev, false).pct();
    if (opt.log && report != nullptr) {
      opt.log(std::string("pass ") + (second ? "2" : "1") + " epoch " + std::to_string(epoch) +
              ": train " + Fmt(train_acc.pct()) + "% dev(pair) " + Fmt(dev_acc) + "% features " +
              std::to_string(nf) + " weights " + std::to_string(nw) + " (" + Fmt(secs) + " s)");
    }
    if (dev->empty() || dev_acc > best_acc) {
      best_acc = dev_acc;
      best_epoch = epoch;
      best = std::move(table);
      if (report != nullptr) {
        report->features = nf;
        report->weights = nw;
      }
    } else if (epoch - best_epoch >= (second ? opt.pass2_patience : opt.patience)) {
      break;
    }
  }
  *best_epoch_out = best_epoch;
  return best;
}

}  // namespace

Result<Tagger> TrainTagger(const std::vector<TaggedSentence>& train,
                           const std::vector<TaggedSentence>& dev,
                           const TaggerTrainOptions& opt, TaggerTrainReport* report) {
  TaggerTrainReport local_report;
  if (report == nullptr) report = &local_report;
  if (train.empty()) return Status(StatusCode::kInvalidArgument, "no training sentences");
  const int folds = std::max(2, opt.lexicon_folds);

  // Classes: the (UPOS, XPOS) pairs of the training data. Every word may
  // take only the classes of the first chunks of 16 that its training tags
  // reach (at least opt.known_chunks of them; unknown words exactly
  // opt.cand_chunks), and the tagger adds up only those chunks of each
  // weight row. So
  // the order puts first the classes of rare words (the open classes that an
  // unknown word may take: those with at least 0.3% of rare-word tokens),
  // then the rest by how often words that are scored (not fixed) take them;
  // ties in tag order.
  // Every class is a key of scored_counts (0 when only fixed words take it).
  std::map<std::pair<uint8_t, uint8_t>, int64_t> rare_counts, scored_counts;
  {
    std::string folded;
    std::map<std::string, std::map<std::pair<uint8_t, uint8_t>, uint32_t>> by_word;
    for (const auto& s : train) {
      for (const auto& w : s.words) {
        if (w.upos == 0 || w.xpos == 0) continue;
        ti::NormalizeToken(w.form, &folded);
        ++by_word[Fold(folded, true)][{w.upos, w.xpos}];
      }
    }
    int64_t rare_total = 0;
    for (const auto& [word, counts] : by_word) {
      uint32_t total = 0, best = 0;
      for (const auto& [p, n] : counts) {
        total += n;
        best = std::max(best, n);
      }
      const bool fixed = static_cast<int>(total) >= opt.fixed_min_count &&
                         static_cast<double>(best) >= opt.fixed_min_share * total;
      const bool rare = total < 10;
      for (const auto& [p, n] : counts) {
        scored_counts[p] += fixed ? 0 : n;
        if (rare) {
          rare_counts[p] += n;
          rare_total += n;
        }
      }
    }
    for (auto& [p, n] : rare_counts) {
      if (n * 1000 < rare_total * 3) n = 0;
    }
  }
  auto rare_count = [&](const std::pair<uint8_t, uint8_t>& p) {
    auto it = rare_counts.find(p);
    return it == rare_counts.end() ? int64_t{0} : it->second;
  };
  std::vector<std::pair<uint8_t, uint8_t>> pairs;  // in tag order
  for (const auto& [p, count] : scored_counts) pairs.push_back(p);
  std::stable_sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) {
    const int64_t ra = rare_count(a), rb = rare_count(b);
    if (ra != rb) return ra > rb;
    return scored_counts.at(a) > scored_counts.at(b);
  });
  if (pairs.empty()) return Status(StatusCode::kInvalidArgument, "training data has no tags");
  if (pairs.size() > static_cast<size_t>(ti::kMaxClasses)) {
    return Status(StatusCode::kInvalidArgument,
                  "training data has " + std::to_string(pairs.size()) +
                      " (UPOS, XPOS) pairs; the tagger supports 128");
  }
  auto model = std::make_unique<Tagger::Model>();
  model->two_pass = opt.two_pass;
  std::map<std::pair<uint8_t, uint8_t>, uint16_t> class_of;
  for (const auto& p : pairs) {
    class_of[p] = static_cast<uint16_t>(model->classes.size());
    model->classes.push_back(PosTag{p.first, p.second});
  }

  // Word counts by fold.
  LexiconBuilder builder;
  std::string norm;
  for (size_t s = 0; s < train.size(); ++s) {
    const auto fold = static_cast<uint32_t>(s % static_cast<size_t>(folds));
    const auto& words = train[s].words;
    for (size_t i = 0; i < words.size(); ++i) {
      auto it = class_of.find({words[i].upos, words[i].xpos});
      if (it == class_of.end()) continue;
      ti::NormalizeToken(words[i].form, &norm);
      const uint32_t key = fold * 256 + it->second;
      ++builder.exact[Fold(norm, false)].by_fold_class[key];
      const std::string low = Fold(norm, true);
      ++builder.lower[low].by_fold_class[key];
      if (i > 0) {
        auto& cc = builder.case_counts[low];
        if (ti::IsTitle(norm) || ti::IsAllCaps(norm)) {
          ++cc.second;
        } else {
          ++cc.first;
        }
      }
    }
  }
  BuildLexicon(builder, -1, opt, &model->lexicon);
  std::vector<ti::Lexicon> fold_lex(static_cast<size_t>(folds));
  for (int f = 0; f < folds; ++f) {
    // Fold lexicons share the model's candidate-set table so that ids agree.
    fold_lex[static_cast<size_t>(f)].cand_sets = model->lexicon.cand_sets;
    BuildLexicon(builder, f, opt, &fold_lex[static_cast<size_t>(f)]);
    // New sets a fold introduced are appended to the model's table too.
    model->lexicon.cand_sets = fold_lex[static_cast<size_t>(f)].cand_sets;
  }

  std::vector<Example> train_ex = MakeExamples(train, class_of, &fold_lex, folds, model->lexicon);
  std::vector<Example> dev_ex = MakeExamples(dev, class_of, nullptr, folds, model->lexicon);

  model->stage1 = TrainPass(*model, false, &train_ex, {}, &dev_ex, opt, opt.max_epochs,
                            &report->pass1_epochs, report);
  if (opt.two_pass) {
    // Pass 2 learns from pass 1's tags of the words to the right. On the
    // training sentences these come from pass-1 models that did not see the
    // sentence (jackknifing), so that they are as wrong as at run time.
    const size_t folds2 = static_cast<size_t>(std::max(2, opt.pass1_folds));
    std::vector<Example> dev_none;
    for (size_t f = 0; f < folds2; ++f) {
      std::vector<size_t> in, out;
      for (size_t s = 0; s < train_ex.size(); ++s) (s % folds2 == f ? out : in).push_back(s);
      int unused = 0;
      ti::WeightTable table = TrainPass(*model, false, &train_ex, in, &dev_none, opt,
                                        std::max(1, report->pass1_epochs), &unused, nullptr);
      std::vector<uint16_t> pred;
      for (size_t s : out) {
        Example& ex = train_ex[s];
        ex.right.assign(ex.info.size(), 0);
        model->DecodePass(table, nullptr, ex.info.data(), ex.info.size(), nullptr,
                          ex.right.data());
      }
      if (opt.log) opt.log("pass 1 jackknife fold " + std::to_string(f + 1) + " done");
    }
    RunPass(*model, model->stage1, false, &dev_ex, true);
    model->stage2 = TrainPass(*model, true, &train_ex, {}, &dev_ex, opt, opt.max_epochs,
                              &report->pass2_epochs, report);
  }
  if (opt.two_pass && opt.pass2_margin >= 0) {
    model->pass2_margin = opt.pass2_margin;
  } else if (opt.two_pass && !dev_ex.empty()) {
    // Rescoring confident words in pass 2 rarely changes them; find how
    // confident a word must be to skip it, at (almost) no cost on dev.
    auto dev_accuracy = [&](float margin) {
      model->pass2_margin = margin;
      Accuracy acc;
      std::vector<uint16_t> p1, out;
      for (const Example& ex : dev_ex) {
        const size_t n = ex.info.size();
        p1.assign(n, 0);
        out.assign(n, 0);
        model->Decode(ex.info.data(), n, p1.data(), out.data());
        for (size_t i = 0; i < n; ++i) {
          ++acc.n;
          acc.correct += out[i] == ex.gold[i];
        }
      }
      return acc.pct();
    };
    const double full = dev_accuracy(0);
    float chosen = 0;
    for (float m : {40.0f, 30.0f, 20.0f, 15.0f, 10.0f, 7.0f, 5.0f, 3.0f}) {
      const double acc = dev_accuracy(m);
      if (opt.log) opt.log("pass 2 margin " + Fmt(m) + ": dev(pair) " + Fmt(acc) + "%");
      if (acc >= full - opt.max_margin_loss) chosen = m;
    }
    model->pass2_margin = chosen;
    if (opt.log) opt.log("pass 2 margin chosen: " + Fmt(chosen) + " (all words: " + Fmt(full) + "%)");
  }
  // The most frequent words get their WordInfo and word-feature scores
  // precomputed when the model is loaded.
  std::vector<std::pair<uint32_t, std::string>> by_count;
  for (const auto& [form, wc] : builder.exact) {
    uint32_t total = 0;
    for (const auto& [k, v] : wc.by_fold_class) total += v;
    const ti::LexEntry* e = model->lexicon.Find(ti::HashBytes(form));
    if (e != nullptr && form.size() <= 255) by_count.emplace_back(total, form);
  }
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (by_count.size() > static_cast<size_t>(std::max(0, opt.precomputed_words))) {
    by_count.resize(static_cast<size_t>(std::max(0, opt.precomputed_words)));
  }
  for (auto& [count, form] : by_count) model->frequent_words.push_back(form);
  model->PrecomputeRows();
  Tagger tagger(std::move(model));
  if (!dev.empty()) report->dev = EvaluateTagger(tagger, dev);
  return tagger;
}

TaggerScores EvaluateTagger(const Tagger& tagger, const std::vector<TaggedSentence>& gold,
                            std::vector<std::vector<PosTag>>* predicted) {
  TaggerScores sc;
  int64_t upos = 0, xpos = 0, both = 0, unk_upos = 0, unk_xpos = 0;
  std::vector<std::string_view> words;
  std::vector<PosTag> tags;
  double seconds = 0;
  for (const TaggedSentence& s : gold) {
    words.clear();
    for (const TaggedWord& w : s.words) words.push_back(w.form);
    const auto start = std::chrono::steady_clock::now();
    tagger.TagWords(words, &tags);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t i = 0; i < s.words.size(); ++i) {
      const bool u = tags[i].upos == s.words[i].upos;
      const bool x = tags[i].xpos == s.words[i].xpos;
      ++sc.tokens;
      upos += u;
      xpos += x;
      both += u && x;
      if (!TaggerKnowsWord(tagger, s.words[i].form)) {
        ++sc.unknown_tokens;
        unk_upos += u;
        unk_xpos += x;
      }
    }
    if (predicted != nullptr) predicted->push_back(tags);
  }
  auto pct = [](int64_t a, int64_t b) {
    return b == 0 ? 0.0 : 100.0 * static_cast<double>(a) / static_cast<double>(b);
  };
  sc.upos = pct(upos, sc.tokens);
  sc.xpos = pct(xpos, sc.tokens);
  sc.both = pct(both, sc.tokens);
  sc.unknown_upos = pct(unk_upos, sc.unknown_tokens);
  sc.unknown_xpos = pct(unk_xpos, sc.unknown_tokens);
  sc.seconds = seconds;
  return sc;
}

bool TaggerKnowsWord(const Tagger& tagger, std::string_view word) {
  if (tagger.num_classes() == 0) return false;
  std::string norm;
  ti::NormalizeToken(word, &norm);
  const ti::LexEntry* e = tagger.model().lexicon.Find(ti::FormKey(norm, false));
  return e != nullptr && e->amb != 0;
}

}  // namespace relgraph::annotate
