#include "tools/train_tagger/resources.h"

#include <rapidjson/document.h>

#include <fstream>
#include <map>
#include <sstream>

#include "src/annotate/tagger_features.h"
#include "src/annotate/tagger_treebank.h"
#include "src/text/token.h"

namespace relgraph::tools {

namespace {

using annotate::TaggerResources;

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool EndsWith(const std::string& s, const char* suffix) {
  const std::string t(suffix);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

bool Alphabetic(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '\'')) return false;
  }
  return true;
}

std::string PluralS(const std::string& w) {
  if (EndsWith(w, "s") || EndsWith(w, "x") || EndsWith(w, "z") || EndsWith(w, "ch") ||
      EndsWith(w, "sh")) {
    return w + "es";
  }
  if (w.size() >= 2 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) {
    return w.substr(0, w.size() - 1) + "ies";
  }
  return w + "s";
}

// Consonant-vowel-consonant ending whose last consonant doubles: stop -> stopped.
bool Doubles(const std::string& w) {
  if (w.size() < 3) return false;
  const char a = w[w.size() - 3], b = w[w.size() - 2], c = w.back();
  return !IsVowel(a) && IsVowel(b) && !IsVowel(c) && c != 'w' && c != 'x' && c != 'y';
}

std::vector<std::string> EdIngForms(const std::string& w) {
  std::vector<std::string> out;
  if (w.back() == 'e') {
    out.push_back(w + "d");
    if (EndsWith(w, "ie")) {
      out.push_back(w.substr(0, w.size() - 2) + "ying");
    } else if (EndsWith(w, "ee") || EndsWith(w, "ye") || EndsWith(w, "oe")) {
      out.push_back(w + "ing");
    } else {
      out.push_back(w.substr(0, w.size() - 1) + "ing");
    }
    return out;
  }
  if (w.size() >= 2 && w.back() == 'y' && !IsVowel(w[w.size() - 2])) {
    out.push_back(w.substr(0, w.size() - 1) + "ied");
  } else {
    out.push_back(w + "ed");
  }
  out.push_back(w + "ing");
  if (Doubles(w)) {
    out.push_back(w + w.back() + "ed");
    out.push_back(w + w.back() + "ing");
  }
  return out;
}

Status ReadLines(const std::string& path, std::vector<std::string>* lines) {
  std::ifstream in(path);
  if (!in) return Status(StatusCode::kNotFound, "cannot open", Location{path});
  std::string line;
  while (std::getline(in, line)) lines->push_back(line);
  return Status::Ok();
}

// First field of each index line that is a single word (licence lines start
// with spaces; multi-word lemmas have '_').
Status IndexLemmas(const std::string& path, std::vector<std::string>* lemmas) {
  std::vector<std::string> lines;
  Status st = ReadLines(path, &lines);
  if (!st.ok()) return st;
  for (const std::string& line : lines) {
    if (line.empty() || line[0] == ' ') continue;
    std::string lemma = line.substr(0, line.find(' '));
    if (Alphabetic(lemma) && lemma.find('_') == std::string::npos) lemmas->push_back(lemma);
  }
  return Status::Ok();
}

// "form lemma [lemma...]" lines of an exception list.
Status ExceptionForms(const std::string& path, std::vector<std::string>* forms) {
  std::vector<std::string> lines;
  Status st = ReadLines(path, &lines);
  if (!st.ok()) return st;
  for (const std::string& line : lines) {
    std::string form = line.substr(0, line.find(' '));
    if (Alphabetic(form)) forms->push_back(form);
  }
  return Status::Ok();
}

}  // namespace

Status LoadWordNet(const std::string& dir, TaggerResources* r) {
  auto add = [r](const std::string& w, uint8_t bits) { r->wordnet[w] |= bits; };
  std::vector<std::string> nouns, verbs, adjs, advs, noun_exc, verb_exc, adj_exc;
  for (auto [file, list] : {std::pair{"index.noun", &nouns}, {"index.verb", &verbs},
                            {"index.adj", &adjs}, {"index.adv", &advs}}) {
    Status st = IndexLemmas(dir + "/" + file, list);
    if (!st.ok()) return st;
  }
  for (auto [file, list] : {std::pair{"noun.exc", &noun_exc}, {"verb.exc", &verb_exc},
                            {"adj.exc", &adj_exc}}) {
    Status st = ExceptionForms(dir + "/" + file, list);
    if (!st.ok()) return st;
  }
  for (const auto& w : nouns) {
    add(w, annotate::kWnNoun);
    add(PluralS(w), annotate::kWnNounPlural);
  }
  for (const auto& w : noun_exc) add(w, annotate::kWnNounPlural);
  for (const auto& w : verbs) {
    add(w, annotate::kWnVerb);
    add(PluralS(w), annotate::kWnVerbS);
    for (const auto& f : EdIngForms(w)) add(f, annotate::kWnVerbEdIng);
  }
  for (const auto& w : verb_exc) add(w, annotate::kWnVerbEdIng);
  for (const auto& w : adjs) {
    add(w, annotate::kWnAdj);
    if (w.size() <= 7) {
      std::string base = w;
      if (base.back() == 'e') base.pop_back();
      if (base.size() >= 2 && base.back() == 'y' && !IsVowel(base[base.size() - 2])) {
        base = base.substr(0, base.size() - 1) + "i";
      }
      add(base + "er", annotate::kWnAdj);
      add(base + "est", annotate::kWnAdj);
    }
  }
  for (const auto& w : adj_exc) add(w, annotate::kWnAdj);
  for (const auto& w : advs) add(w, annotate::kWnAdv);
  return Status::Ok();
}

Status CountCases(const std::vector<std::string>& files, TaggerResources* r) {
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
      const std::string text(it->value.GetString(), it->value.GetStringLength());
      bool initial = true;
      size_t i = 0;
      while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) {
          if (text[i] == '\n') initial = true;
          ++i;
        }
        size_t j = i;
        while (j < text.size() && text[j] != ' ' && text[j] != '\n' && text[j] != '\t') ++j;
        std::string raw = text.substr(i, j - i);
        i = j;
        // Strip punctuation at the edges and note a sentence end after it.
        size_t b = 0, e = raw.size();
        bool opens = false;
        while (b < e && !std::isalnum(static_cast<unsigned char>(raw[b]))) {
          if (raw[b] == '"' || raw[b] == '(' || static_cast<unsigned char>(raw[b]) >= 0x80) opens = true;
          ++b;
        }
        while (e > b && !std::isalnum(static_cast<unsigned char>(raw[e - 1]))) --e;
        const std::string tail = raw.substr(e);
        std::string word = raw.substr(b, e - b);
        const bool ends = tail.find_first_of(".!?:") != std::string::npos;
        if (!word.empty() && std::isalpha(static_cast<unsigned char>(word[0]))) {
          std::string low = word;
          for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (!initial && !opens) {
            auto& cc = r->case_counts[low];
            if (std::isupper(static_cast<unsigned char>(word[0]))) {
              ++cc.second;
            } else {
              ++cc.first;
            }
          }
        }
        initial = ends;
      }
    }
  }
  return Status::Ok();
}

}  // namespace relgraph::tools

namespace relgraph::tools {

Result<annotate::Lemmatizer> BuildLemmatizer(const std::vector<annotate::TaggedSentence>& train,
                                             const std::string& wordnet_dir) {
  std::vector<std::pair<std::string, uint8_t>> words;
  for (auto [file, cats] : {std::pair{"index.noun", annotate::kLemmaNoun},
                            {"index.verb", annotate::kLemmaVerb},
                            {"index.adj", annotate::kLemmaAdj},
                            {"index.adv", annotate::kLemmaAdv}}) {
    std::vector<std::string> lemmas;
    Status st = IndexLemmas(wordnet_dir + "/" + file, &lemmas);
    if (!st.ok()) return st;
    for (auto& l : lemmas) words.emplace_back(std::move(l), cats);
  }
  const auto& upos = text::UposTags();
  for (const auto& s : train) {
    for (const auto& w : s.words) {
      uint8_t cats = 0;
      const std::string_view u = upos[w.upos];
      if (u == "NOUN") cats = annotate::kLemmaNoun;
      if (u == "VERB" || u == "AUX") cats = annotate::kLemmaVerb;
      if (u == "ADJ") cats = annotate::kLemmaAdj;
      if (u == "ADV") cats = annotate::kLemmaAdv;
      if (cats != 0 && Alphabetic(w.lemma)) words.emplace_back(w.lemma, cats);
    }
  }
  annotate::Lemmatizer rules = annotate::Lemmatizer::FromLists(words, {});

  // Treebank evidence: per (lower-case form, tag), the gold lemmas and how
  // often the rules alone get them.
  struct Evidence {
    std::map<std::string, int> gold;
    int rules_right = 0;
    int total = 0;
  };
  std::map<std::pair<std::string, uint8_t>, Evidence> evidence;
  std::string norm, low, rule;
  const uint8_t nnp = static_cast<uint8_t>(text::XposIndex("NNP"));
  for (const auto& s : train) {
    for (const auto& w : s.words) {
      if (w.xpos == 0 || w.lemma.empty() || w.lemma == "_") continue;
      annotate::tagger_internal::NormalizeToken(w.form, &norm);
      if (norm == "--" && w.form != "--") norm = "-";
      annotate::tagger_internal::LowerAscii(norm, &low);
      rules.RuleLemma(w.form, w.upos, w.xpos, &rule);
      Evidence& e = evidence[{low, w.xpos}];
      ++e.gold[w.lemma];
      ++e.total;
      if (rule == w.lemma) ++e.rules_right;
    }
  }
  std::vector<annotate::LemmaException> exceptions;
  for (const auto& [key, e] : evidence) {
    std::string best;
    int best_n = 0;
    for (const auto& [lemma, n] : e.gold) {
      if (n > best_n) {
        best = lemma;
        best_n = n;
      }
    }
    if (best_n <= e.rules_right) continue;
    if (key.second == nnp && e.total < 2) continue;  // one-off spellings of names
    exceptions.push_back(annotate::LemmaException{key.first, key.second, best});
  }
  // WordNet's irregular forms the treebank does not have.
  auto add_wordnet = [&](const std::string& file, auto&& tags_of) -> Status {
    std::vector<std::string> lines;
    Status st = ReadLines(wordnet_dir + "/" + file, &lines);
    if (!st.ok()) return st;
    for (const std::string& line : lines) {
      const size_t sp = line.find(' ');
      if (sp == std::string::npos) continue;
      const std::string form = line.substr(0, sp);
      std::string lemma = line.substr(sp + 1);
      lemma = lemma.substr(0, lemma.find(' '));
      if (!Alphabetic(form) || !Alphabetic(lemma)) continue;
      for (const char* tag : tags_of(form)) {
        const auto x = static_cast<uint8_t>(text::XposIndex(tag));
        if (evidence.count({form, x}) != 0) continue;
        rules.RuleLemma(form, 0, x, &rule);
        if (rule != lemma) exceptions.push_back(annotate::LemmaException{form, x, lemma});
      }
    }
    return Status::Ok();
  };
  using Tags = std::vector<const char*>;
  Status st = add_wordnet("verb.exc", [](const std::string& f) {
    if (EndsWith(f, "ing")) return Tags{"VBG"};
    if (EndsWith(f, "s")) return Tags{"VBZ"};
    return Tags{"VBD", "VBN"};
  });
  if (st.ok()) st = add_wordnet("noun.exc", [](const std::string&) { return Tags{"NNS"}; });
  if (st.ok()) {
    st = add_wordnet("adj.exc", [](const std::string& f) {
      return EndsWith(f, "st") ? Tags{"JJS"} : Tags{"JJR"};
    });
  }
  if (st.ok()) {
    st = add_wordnet("adv.exc", [](const std::string& f) {
      return EndsWith(f, "st") ? Tags{"RBS"} : Tags{"RBR"};
    });
  }
  if (!st.ok()) return st;
  return annotate::Lemmatizer::FromLists(words, exceptions);
}

}  // namespace relgraph::tools
