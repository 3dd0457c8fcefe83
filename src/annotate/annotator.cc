#include "src/annotate/annotator.h"

namespace relgraph::annotate {

Result<Annotator> Annotator::Load(const std::string& schemas_dir, const Ontology& ontology) {
  auto tagger = Tagger::Load(schemas_dir + "/" + kTaggerModel);
  if (!tagger.ok()) return tagger.status();
  auto lemmatizer = Lemmatizer::Load(schemas_dir + "/lexicon");
  if (!lemmatizer.ok()) return lemmatizer.status();
  auto recognizer = EntityRecognizer::Load(schemas_dir, ontology);
  if (!recognizer.ok()) return recognizer.status();
  return Annotator(std::move(tagger).value(), std::move(lemmatizer).value(),
                   std::move(recognizer).value());
}

void Annotator::TagAndLemmatize(text::Sentence* s) const {
  tagger_.Tag(&s->tokens);
  lemmatizer_.Lemmatize(&s->tokens);
}

void Annotator::AnnotateDocument(std::vector<text::Sentence>* sentences) const {
  for (auto& s : *sentences) TagAndLemmatize(&s);
  recognizer_.AnnotateDocument(sentences);
}

}  // namespace relgraph::annotate
