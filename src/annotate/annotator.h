// relgraph::annotate::Annotator: the whole annotate stage in one object:
// part of speech (Tagger), lemmas (Lemmatizer), then entity mentions, dates
// and quantities (EntityRecognizer).
//
// Stage: after text (sentences and tokens), before extract. Loads its data
// from the schemas folder: models/tagger-en-ewt.bin, lexicon/ and
// gazetteer/.
//
//   auto ann = Annotator::Load("schemas", ontology);
//   if (!ann.ok()) return ann.status();          // which file, why
//   ann->AnnotateDocument(&segmentation.sentences);

#ifndef RELGRAPH_SRC_ANNOTATE_ANNOTATOR_H_
#define RELGRAPH_SRC_ANNOTATE_ANNOTATOR_H_

#include <string>
#include <vector>

#include "src/annotate/entities.h"
#include "src/annotate/lemmatizer.h"
#include "src/annotate/tagger.h"
#include "src/base/ontology.h"
#include "src/base/status.h"
#include "src/text/token.h"

namespace relgraph::annotate {

// Where the shipped tagger weights live, relative to the schemas folder.
inline constexpr const char* kTaggerModel = "models/tagger-en-ewt.bin";

class Annotator {
 public:
  // Loads the tagger, the lemmatizer and the entity recognizer from
  // `schemas_dir`. The first error (missing or corrupt file, file:line of a
  // bad list entry) is returned as is.
  static Result<Annotator> Load(const std::string& schemas_dir, const Ontology& ontology);

  // Tags and lemmatizes one sentence's tokens (no entities).
  void TagAndLemmatize(text::Sentence* s) const;
  // The whole stage for one document: every sentence tagged and lemmatized,
  // then entities found with what earlier and later sentences teach
  // (EntityRecognizer::AnnotateDocument).
  void AnnotateDocument(std::vector<text::Sentence>* sentences) const;

  const Tagger& tagger() const { return tagger_; }
  const Lemmatizer& lemmatizer() const { return lemmatizer_; }
  const EntityRecognizer& recognizer() const { return recognizer_; }
  const Gazetteer& gazetteer() const { return recognizer_.gazetteer(); }

 private:
  Annotator(Tagger tagger, Lemmatizer lemmatizer, EntityRecognizer recognizer)
      : tagger_(std::move(tagger)),
        lemmatizer_(std::move(lemmatizer)),
        recognizer_(std::move(recognizer)) {}

  Tagger tagger_;
  Lemmatizer lemmatizer_;
  EntityRecognizer recognizer_;
};

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_ANNOTATOR_H_
