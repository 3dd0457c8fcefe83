// relgraph explain: how one sentence is read.

#include <iostream>

#include "tools/relgraph/cli.h"

namespace relgraph::cli {

namespace {

std::string Words(const text::Sentence& s, extract::TokenRange r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end && i < s.tokens.size(); ++i) {
    out += s.tokens[i].text;
    if (i + 1 < r.end && s.tokens[i].space_after) out += ' ';
  }
  return out;
}

const char* ModalityName(resolve::Modality m) {
  switch (m) {
    case resolve::Modality::kReported: return "reported";
    case resolve::Modality::kHedged: return "hedged";
    default: return "asserted";
  }
}

}  // namespace

int RunExplain(const GlobalOptions& g, const ExplainArgs& args) {
  auto pipeline = LoadPipeline(g, args.rules);
  if (!pipeline) return kExitUsage;
  ingest::Document doc;
  doc.id = "explain";
  doc.text = args.text;
  resolve::ProcessedDocument out = pipeline->Process(doc, /*trace=*/true);
  const auto& onto = pipeline->ontology();
  for (const auto& meta : out.segmentation.metadata) {
    std::cout << text::MetaKindName(meta.kind) << ": " << meta.text << "\n";
  }
  for (size_t si = 0; si < out.segmentation.sentences.size(); ++si) {
    const text::Sentence& s = out.segmentation.sentences[si];
    std::cout << "sentence " << si << ": " << Words(s, {0, static_cast<uint32_t>(s.tokens.size())}) << "\n";
    std::cout << "  tokens (index, text, lower, lemma, pos, tag, shape, entity, chunk):\n";
    std::string enc = pipeline->engine().ReadableEncoding(s);
    size_t start = 0;
    while (start < enc.size()) {
      size_t end = enc.find('\n', start);
      std::cout << "    " << enc.substr(start, end - start) << "\n";
      start = end + 1;
    }
    if (!s.mentions.empty()) std::cout << "  entities:\n";
    for (const auto& m : s.mentions) {
      std::cout << "    " << Words(s, {m.begin, m.end}) << "  " << onto.EntityTypeName(m.type);
      if (!m.canonical.empty()) std::cout << "  = " << m.canonical;
      if (!m.role.empty()) std::cout << "  role: " << m.role;
      std::cout << "  (" << m.source << ")\n";
    }
    const auto& trace = out.traces[si];
    if (!trace.fired.empty()) std::cout << "  rules that matched:\n";
    for (const auto& f : trace.fired) {
      std::cout << "    " << extract::StageName(f.stage) << " " << f.rule_id << " [" << f.match.begin << ","
                << f.match.end << ") " << (f.accepted ? "accepted" : "rejected: " + f.note) << "\n";
      for (const auto& [name, range] : f.captures) {
        std::cout << "      " << name << " = " << (range.empty() ? "(none)" : "\"" + Words(s, range) + "\"") << "\n";
      }
      if (args.regex) std::cout << "      regex: " << pipeline->engine().RuleRegex(f.rule_id) << "\n";
    }
  }
  const auto& r = out.resolved;
  std::cout << "triples:\n";
  if (r.triples.empty()) std::cout << "  (none)\n";
  for (const auto& t : r.triples) {
    std::cout << "  " << t.subject.label << " (" << t.subject.type << ") -" << (t.negated ? "not " : "")
              << t.relation << "-> " << t.object.label << " (" << t.object.type << ")  [" << t.rule_id
              << ", confidence " << t.confidence << ", " << ModalityName(t.modality);
    if (!t.speaker.empty()) std::cout << " by " << t.speaker.label;
    for (const auto& [k, v] : t.qualifiers) std::cout << ", " << k << "=" << v;
    std::cout << "]\n";
  }
  bool header = false;
  for (const auto& ne : r.entities) {
    if (ne.entity.aliases.empty() || ne.entity.type == "Date" || ne.entity.type == "Quantity") continue;
    if (!header) std::cout << "names:\n";
    header = true;
    std::cout << "  " << ne.entity.label << " (" << ne.entity.type << ") also:";
    for (const auto& a : ne.entity.aliases) std::cout << " \"" << a << "\"";
    std::cout << "\n";
  }
  if (!r.dropped.empty()) std::cout << "dropped:\n";
  for (const auto& d : r.dropped) std::cout << "  " << d << "\n";
  return kExitOk;
}

}  // namespace relgraph::cli
