// relgraph::resolve::Pipeline: the text side of relgraph in one object,
// from a Document to resolved triples:
//
//   text      Segmenter: sentences, tokens, datelines, credits
//   annotate  Annotator: part of speech, lemmas, entity mentions
//   extract   RuleEngine: entity, chunk and relation rules
//   resolve   Resolver: canonical entities
//
// Loaded once at start-up from a schemas folder (ontology.json,
// rules.schema.json, rules/, gazetteer/, lexicon/, models/) plus any user
// rule folders; a bad file stops loading with file, line and reason.
// Process() is const and safe to call from several threads at once.
//
//   PipelineOptions opt;
//   opt.schemas_dir = "schemas";
//   auto p = Pipeline::Load(opt);
//   if (!p.ok()) { print p.status(); exit 2; }
//   ProcessedDocument out = p->Process(document);
//   graph::AddDocument(document.id, out.resolved, &g);

#ifndef RELGRAPH_SRC_RESOLVE_PIPELINE_H_
#define RELGRAPH_SRC_RESOLVE_PIPELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "src/annotate/annotator.h"
#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/extract/engine.h"
#include "src/ingest/document.h"
#include "src/resolve/resolver.h"
#include "src/text/segmenter.h"

namespace relgraph::resolve {

struct PipelineOptions {
  std::string schemas_dir;               // the shipped data
  std::vector<std::string> extra_rules;  // user rule folders or files, loaded after the shipped rules
  text::SegmentOptions segment;
};

struct ProcessedDocument {
  text::Segmentation segmentation;                        // sentences, annotated
  std::vector<std::vector<extract::Extraction>> extractions;  // per sentence
  std::vector<extract::Trace> traces;                     // per sentence, when asked for
  ResolvedDocument resolved;
};

class Pipeline {
 public:
  static Result<Pipeline> Load(const PipelineOptions& options);

  // Runs every stage on one document. With trace=true, fills traces.
  ProcessedDocument Process(const ingest::Document& doc, bool trace = false) const;
  // The same into *out, which may hold an earlier document: its sentences,
  // tokens and buffers are reused, so a ProcessedDocument kept from one
  // document to the next saves most of the allocation per document.
  void Process(const ingest::Document& doc, bool trace, ProcessedDocument* out) const;
  // Segments and annotates only (no rules): for `relgraph annotate`.
  text::Segmentation Annotate(const ingest::Document& doc) const;
  // The same into *seg, reused as Process() reuses *out.
  void Annotate(const ingest::Document& doc, text::Segmentation* seg) const;
  // Tags, lemmatizes and finds entities in sentences the caller made (for
  // pre-tokenised input); then runs the entity and chunk rules.
  void AnnotateSentences(std::vector<text::Sentence>* sentences) const;

  const Ontology& ontology() const { return *ontology_; }
  const annotate::Annotator& annotator() const { return *annotator_; }
  const extract::RuleEngine& engine() const { return *engine_; }
  const text::Segmenter& segmenter() const { return *segmenter_; }
  const Resolver& resolver() const { return *resolver_; }

 private:
  Pipeline() = default;
  // Held by pointer so that references between parts survive moves.
  std::unique_ptr<Ontology> ontology_;
  std::unique_ptr<text::Segmenter> segmenter_;
  std::unique_ptr<annotate::Annotator> annotator_;
  std::unique_ptr<extract::RuleEngine> engine_;
  std::unique_ptr<Resolver> resolver_;
};

}  // namespace relgraph::resolve

#endif  // RELGRAPH_SRC_RESOLVE_PIPELINE_H_
