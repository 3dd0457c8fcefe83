#include "src/resolve/pipeline.h"

#include <optional>

#include "src/base/concurrent.h"

namespace relgraph::resolve {

Result<Pipeline> Pipeline::Load(const PipelineOptions& options) {
  Pipeline p;
  const std::string& dir = options.schemas_dir;
  auto onto = Ontology::Load(dir + "/ontology.json", dir + "/ontology.schema.json");
  if (!onto.ok()) return onto.status();
  p.ontology_ = std::make_unique<Ontology>(std::move(onto).value());
  std::vector<std::string> rule_paths = {dir + "/rules"};
  rule_paths.insert(rule_paths.end(), options.extra_rules.begin(), options.extra_rules.end());
  // The annotator and the rules need only the ontology: the rules compile
  // on a second thread while the annotator loads. A failure of the
  // annotator is reported first, as when they loaded one after the other.
  std::optional<Result<annotate::Annotator>> annotator;
  std::optional<Result<extract::RuleEngine>> engine;
  RunBoth([&] { annotator.emplace(annotate::Annotator::Load(dir, *p.ontology_)); },
          [&] { engine.emplace(extract::RuleEngine::Load(rule_paths, dir + "/rules.schema.json", *p.ontology_)); });
  if (!annotator->ok()) return annotator->status();
  p.annotator_ = std::make_unique<annotate::Annotator>(std::move(*annotator).value());
  if (!engine->ok()) return engine->status();
  p.engine_ = std::make_unique<extract::RuleEngine>(std::move(*engine).value());
  p.segmenter_ = std::make_unique<text::Segmenter>(text::Lexicon::Default(), options.segment);
  p.resolver_ = std::make_unique<Resolver>(*p.ontology_, p.annotator_->gazetteer());
  return p;
}

text::Segmentation Pipeline::Annotate(const ingest::Document& doc) const {
  text::Segmentation seg;
  Annotate(doc, &seg);
  return seg;
}

void Pipeline::Annotate(const ingest::Document& doc, text::Segmentation* seg) const {
  segmenter_->Segment(doc, seg);
  AnnotateSentences(&seg->sentences);
}

void Pipeline::AnnotateSentences(std::vector<text::Sentence>* sentences) const {
  annotator_->AnnotateDocument(sentences);
  std::vector<extract::Extraction> unused;
  for (auto& s : *sentences) engine_->RunStages(extract::Stage::kEntity, extract::Stage::kChunk, &s, &unused);
}

ProcessedDocument Pipeline::Process(const ingest::Document& doc, bool trace) const {
  ProcessedDocument out;
  Process(doc, trace, &out);
  return out;
}

void Pipeline::Process(const ingest::Document& doc, bool trace, ProcessedDocument* out) const {
  segmenter_->Segment(doc, &out->segmentation);
  auto& sentences = out->segmentation.sentences;
  annotator_->AnnotateDocument(&sentences);
  out->extractions.resize(sentences.size());
  for (auto& x : out->extractions) x.clear();  // Run() appends
  out->traces.clear();
  if (trace) out->traces.resize(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    engine_->Run(&sentences[i], &out->extractions[i], trace ? &out->traces[i] : nullptr);
  }
  out->resolved = resolver_->Resolve(sentences, out->extractions);
}

}  // namespace relgraph::resolve
