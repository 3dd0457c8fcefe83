#include "src/resolve/examples.h"

#include "src/text/normalize.h"

namespace relgraph::resolve {

namespace {

bool NameMatches(const EntityRef& e, const std::string& name) {
  const std::string want = text::NormalizedLower(name);
  if (text::NormalizedLower(e.label) == want) return true;
  for (const auto& a : e.aliases) {
    if (text::NormalizedLower(a) == want) return true;
  }
  return false;
}

// "not supports" in an example asks for a negated triple.
bool TripleMatches(const Triple& t, const extract::ExampleTriple& want) {
  const bool negated = want.relation.rfind("not ", 0) == 0;
  const std::string relation = negated ? want.relation.substr(4) : want.relation;
  if (t.relation != relation || t.negated != negated) return false;
  if (NameMatches(t.subject, want.subject) && NameMatches(t.object, want.object)) return true;
  return t.symmetric && NameMatches(t.object, want.subject) && NameMatches(t.subject, want.object);
}

std::string Show(const Triple& t) {
  return t.subject.label + " -" + (t.negated ? "not " : "") + t.relation + "-> " + t.object.label +
         " [" + t.rule_id + "]";
}

std::string Show(const extract::ExampleTriple& t) {
  return t.subject + " -" + t.relation + "-> " + t.object;
}

std::string Words(const text::Sentence& s, extract::TokenRange r) {
  std::string out;
  for (uint32_t i = r.begin; i < r.end; ++i) {
    out += s.tokens[i].text;
    if (i + 1 < r.end && s.tokens[i].space_after) out += ' ';
  }
  return out;
}

}  // namespace

std::vector<ExampleResult> CheckRuleExamples(const Pipeline& pipeline, const extract::Rule& rule) {
  std::vector<ExampleResult> results;
  for (size_t i = 0; i < rule.examples.size(); ++i) {
    const extract::Example& ex = rule.examples[i];
    ingest::Document doc;
    doc.id = "example";
    doc.text = ex.text;
    ProcessedDocument out = pipeline.Process(doc, /*trace=*/true);
    ExampleResult res;
    res.index = i + 1;
    std::string problems;
    auto fail = [&problems](const std::string& why) { problems += (problems.empty() ? "" : "; ") + why; };

    // What this rule did: its accepted matches, by sentence.
    size_t fired = 0;
    for (size_t si = 0; si < out.traces.size(); ++si) {
      for (const auto& f : out.traces[si].fired) {
        if (f.rule_id == rule.id && f.accepted) ++fired;
      }
    }
    std::vector<const Triple*> mine;
    for (const Triple& t : out.resolved.triples) {
      if (t.rule_id == rule.id) mine.push_back(&t);
    }
    for (const auto& want : ex.expect) {
      bool found = false;
      if (want.relation == "also_known_as") {
        for (const NamedEntity& ne : out.resolved.entities) {
          found = found || (fired > 0 && NameMatches(ne.entity, want.subject) &&
                            NameMatches(ne.entity, want.object) &&
                            text::NormalizedLower(want.subject) != text::NormalizedLower(want.object));
        }
      }
      for (const Triple* t : mine) found = found || TripleMatches(*t, want);
      if (!found) {
        std::string got;
        for (const Triple* t : mine) got += (got.empty() ? "" : ", ") + Show(*t);
        fail("expected " + Show(want) + "; this rule gave " + (got.empty() ? "nothing" : got));
      }
    }
    // "expect": [] : a rule that emits triples must produce none (it may
    // match and be dropped by resolve); any other rule must not fire.
    bool emits_triples = false;
    for (const auto& e : rule.emits) {
      emits_triples |= e.kind == extract::Emit::Kind::kTriple || e.kind == extract::Emit::Kind::kOpen;
    }
    if (ex.expect_none && (emits_triples ? !mine.empty() : fired > 0)) {
      std::string got;
      for (const Triple* t : mine) got += (got.empty() ? "" : ", ") + Show(*t);
      fail("expected nothing from this rule; got " + (got.empty() ? "a match" : got));
    }
    for (const auto& bad : ex.reject) {
      for (const Triple& t : out.resolved.triples) {
        if (TripleMatches(t, bad)) fail("must not produce " + Show(bad) + " but " + Show(t));
      }
      if (bad.relation != "also_known_as") continue;
      for (const NamedEntity& ne : out.resolved.entities) {
        if (NameMatches(ne.entity, bad.subject) && NameMatches(ne.entity, bad.object)) {
          fail("must not make \"" + bad.subject + "\" and \"" + bad.object + "\" one entity");
        }
      }
    }
    for (const std::string& mark : ex.marks) {
      const size_t eq = mark.rfind('=');
      const std::string words = mark.substr(0, eq);
      const std::string type = mark.substr(eq + 1);
      bool found = false;
      for (size_t si = 0; si < out.traces.size() && !found; ++si) {
        const text::Sentence& s = out.segmentation.sentences[si];
        for (const auto& f : out.traces[si].fired) {
          if (f.rule_id != rule.id || !f.accepted) continue;
          for (const auto& [name, range] : f.captures) {
            if (Words(s, range) != words) continue;
            if (rule.stage == extract::Stage::kChunk) {
              found = found || (s.tokens[range.begin].chunk_type == text::ChunkTypeIndex(type));
            } else {
              found = found || pipeline.ontology().EntityTypeName(s.tokens[range.begin].ent_type) == type;
            }
          }
        }
      }
      if (!found) fail("expected this rule to mark \"" + words + "\" as " + type);
    }
    res.passed = problems.empty();
    res.message = rule.file + ":" + std::to_string(ex.line) + ": rule " + rule.id + ": example " +
                  std::to_string(i + 1) + (res.passed ? ": ok" : ": " + problems) + "\n    text: " + ex.text;
    results.push_back(std::move(res));
  }
  return results;
}

}  // namespace relgraph::resolve
