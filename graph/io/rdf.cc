#include "graph/io/rdf.h"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/io/encoding.h"

namespace relgraph::io {

namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr std::string_view kSkos = "http://www.w3.org/2004/02/skos/core#";
constexpr std::string_view kOwl = "http://www.w3.org/2002/07/owl#";

// One RDF term: an IRI (already safe for an IRIREF) or a literal (raw text,
// escaped when serialised) with an optional datatype IRI.
struct Term {
  bool iri = true;
  std::string value;
  std::string datatype;  // literals only; empty = xsd:string
};

Term Iri(std::string v) { return Term{true, std::move(v), {}}; }
Term Lit(std::string_view v) { return Term{false, std::string(v), {}}; }
Term Typed(std::string v, std::string_view datatype) {
  return Term{false, std::move(v), std::string(kXsd) + std::string(datatype)};
}
Term Integer(uint64_t v) { return Typed(std::to_string(v), "integer"); }

bool operator==(const Term& a, const Term& b) {
  return a.iri == b.iri && a.value == b.value && a.datatype == b.datatype;
}

// Serialises triples to text; flushes to the stream in blocks.
class Serializer {
 public:
  explicit Serializer(std::ostream& out) : out_(out) {}
  virtual ~Serializer() = default;
  virtual void Add(const Term& s, const Term& p, const Term& o) = 0;
  virtual void Finish() { Flush(); }

 protected:
  void MaybeFlush() {
    if (buf_.size() > (1 << 16)) Flush();
  }
  void Flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
  void AppendLiteral(const Term& t) {
    AppendRdfString(t.value, &buf_);
    if (!t.datatype.empty()) {
      buf_.append("^^");
      AppendIri(t.datatype);
    }
  }
  virtual void AppendIri(std::string_view iri) {
    buf_.push_back('<');
    buf_.append(iri);
    buf_.push_back('>');
  }
  void AppendTerm(const Term& t) {
    if (t.iri) {
      AppendIri(t.value);
    } else {
      AppendLiteral(t);
    }
  }

  std::ostream& out_;
  std::string buf_;
};

class NTriplesSerializer : public Serializer {
 public:
  using Serializer::Serializer;
  void Add(const Term& s, const Term& p, const Term& o) override {
    AppendTerm(s);
    buf_.push_back(' ');
    AppendTerm(p);
    buf_.push_back(' ');
    AppendTerm(o);
    buf_.append(" .\n");
    MaybeFlush();
  }
};

bool IsSafeLocalName(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool ok = alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
    if (!ok) return false;
  }
  return true;
}

class TurtleSerializer : public Serializer {
 public:
  TurtleSerializer(std::ostream& out, std::vector<std::pair<std::string, std::string>> prefixes)
      : Serializer(out), prefixes_(std::move(prefixes)) {
    for (const auto& [prefix, ns] : prefixes_) {
      buf_.append("@prefix " + prefix + ": <" + ns + "> .\n");
    }
  }

  void Add(const Term& s, const Term& p, const Term& o) override {
    if (open_ && s == subject_) {
      if (p == predicate_) {
        buf_.append(" ,\n        ");
      } else {
        buf_.append(" ;\n    ");
        AppendPredicate(p);
        buf_.push_back(' ');
      }
    } else {
      if (open_) buf_.append(" .\n");
      buf_.push_back('\n');
      AppendTerm(s);
      buf_.push_back(' ');
      AppendPredicate(p);
      buf_.push_back(' ');
      open_ = true;
      subject_ = s;
    }
    predicate_ = p;
    AppendTerm(o);
    MaybeFlush();
  }

  void Finish() override {
    if (open_) buf_.append(" .\n");
    open_ = false;
    Flush();
  }

 protected:
  // prefix:local for IRIs in a declared namespace whose local part is a
  // plain name; <...> for everything else (rapper and riot reject some
  // prefixed names that rdflib accepts, so punctuation never goes there).
  void AppendIri(std::string_view iri) override {
    for (const auto& [prefix, ns] : prefixes_) {
      if (iri.size() > ns.size() && iri.substr(0, ns.size()) == ns &&
          IsSafeLocalName(iri.substr(ns.size()))) {
        buf_.append(prefix);
        buf_.push_back(':');
        buf_.append(iri.substr(ns.size()));
        return;
      }
    }
    Serializer::AppendIri(iri);
  }

 private:
  void AppendPredicate(const Term& p) {
    if (p.iri && p.value == std::string(kRdf) + "type") {
      buf_.push_back('a');
    } else {
      AppendTerm(p);
    }
  }

  std::vector<std::pair<std::string, std::string>> prefixes_;
  bool open_ = false;
  Term subject_;
  Term predicate_;
};

// An absolute IRI that an IRIREF can hold: a scheme, then no spaces,
// controls or <>"{}|^`\.
bool IsUsableBaseIri(std::string_view iri) {
  size_t colon = iri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    const char c = iri[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
      return false;
    }
  }
  for (char ch : iri) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F ||
        std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

struct VocabTerm {
  std::string_view name;
  std::string_view label;
  std::string_view comment;
};

constexpr VocabTerm kVocabProperties[] = {
    {"id", "id", "The entity's stable relgraph id"},
    {"mentions", "mentions", "How many times the text names the entity"},
    {"relation", "relation", "The relation id of a statement (ontology id or open:predicate)"},
    {"kind", "kind", "typed (an ontology relation) or open (a surface predicate)"},
    {"polarity", "polarity", "affirmed or negated"},
    {"modality", "modality", "asserted, reported or hedged"},
    {"weight", "weight", "The number of evidence items supporting a statement"},
    {"confidence", "confidence", "Confidence in [0, 1]"},
    {"attributedTo", "attributed to", "The entity that said it"},
    {"evidence", "evidence", "A mention of the statement in a document"},
    {"doc", "document", "The id of the document"},
    {"sentence", "sentence", "The 0-based sentence index in the document"},
    {"begin", "begin", "Start byte offset of the match in the document"},
    {"end", "end", "End byte offset of the match in the document"},
    {"rule", "rule", "The id of the extraction rule"},
    {"text", "text", "The sentence the evidence comes from"},
    {"plover", "PLOVER code", "The PLOVER event type of a relation"},
    {"cameo", "CAMEO code", "The CAMEO event code of a relation"},
};

class RdfEmitter {
 public:
  RdfEmitter(const graph::KnowledgeGraph& g, const Ontology& onto, const WriteOptions& options,
             Serializer* out)
      : g_(g), onto_(onto), options_(options), out_(out) {
    data_base_ = options.base_iri.empty() ? onto.base_iri() : options.base_iri;
    onto_ns_ = onto.base_iri() + "ontology/";
    vocab_ns_ = onto.base_iri() + "vocab/";
  }

  void Emit() {
    const auto relations = g_.Relations();
    const auto edge_ids = StableEdgeIds(relations);
    if (options_.declare_vocabulary) DeclareVocabulary(relations);

    size_t next = 0;
    for (const graph::Entity* e : g_.Entities()) {
      const Term subject = EntityIri(e->id);
      Add(subject, RdfTerm("type"), Iri(TypeIri(e->type)));
      Add(subject, Rdfs("label"), Lit(e->label));
      for (const auto& a : e->aliases) Add(subject, Iri(std::string(kSkos) + "altLabel"), Lit(a));
      Add(subject, Vocab("id"), Lit(e->id));
      Add(subject, Vocab("mentions"), Integer(e->mentions));
      // Relations are sorted by subject id, as entities are.
      for (; next < relations.size() && relations[next].subject->id == e->id; ++next) {
        const auto& view = relations[next];
        if (view.relation->polarity != graph::Polarity::kAffirmed) continue;
        Add(subject, Iri(RelationIri(view.relation->relation)), EntityIri(view.object->id));
      }
    }

    for (size_t i = 0; i < relations.size(); ++i) {
      EmitStatement(relations[i], data_base_ + "statement/" + edge_ids[i]);
    }
  }

 private:
  void Add(const Term& s, const Term& p, const Term& o) { out_->Add(s, p, o); }
  static Term RdfTerm(std::string_view local) {
    return Iri(std::string(kRdf) + std::string(local));
  }
  static Term Rdfs(std::string_view local) { return Iri(std::string(kRdfs) + std::string(local)); }
  Term Vocab(std::string_view local) const { return Iri(vocab_ns_ + std::string(local)); }
  Term QualifierProperty(std::string_view key) const {
    return Iri(vocab_ns_ + "qualifier/" + PercentEncode(key));
  }
  Term EntityIri(std::string_view id) const {
    return Iri(data_base_ + "entity/" + PercentEncode(id));
  }
  std::string TypeIri(std::string_view type) const { return onto_ns_ + PercentEncode(type); }
  std::string RelationIri(std::string_view relation) const {
    if (relation.substr(0, 5) == "open:") {
      return onto_.base_iri() + "open/" + PercentEncode(relation.substr(5));
    }
    const RelationType* rt = onto_.FindRelation(relation);
    if (rt != nullptr && !rt->iri.empty()) return rt->iri;
    return onto_ns_ + PercentEncode(relation);
  }

  void DeclareVocabulary(const std::vector<graph::KnowledgeGraph::RelationView>& relations) {
    const Term rdfs_class = Rdfs("Class");
    const Term property = RdfTerm("Property");
    const Term type = RdfTerm("type");
    for (const EntityType& t : onto_.entity_types()) {
      const Term c = Iri(TypeIri(t.id));
      Add(c, type, rdfs_class);
      Add(c, Rdfs("label"), Lit(t.id));
      if (!t.description.empty()) Add(c, Rdfs("comment"), Lit(t.description));
      if (!t.parent.empty()) Add(c, Rdfs("subClassOf"), Iri(TypeIri(t.parent)));
    }
    std::set<std::string> unknown_types;
    for (const graph::Entity* e : g_.Entities()) {
      if (onto_.EntityTypeIndex(e->type) == 0) unknown_types.insert(e->type);
    }
    for (const auto& t : unknown_types) {
      const Term c = Iri(TypeIri(t));
      Add(c, type, rdfs_class);
      Add(c, Rdfs("label"), Lit(t));
    }
    for (const RelationType& r : onto_.relations()) {
      const Term p = Iri(RelationIri(r.id));
      Add(p, type, property);
      if (r.symmetric) Add(p, type, Iri(std::string(kOwl) + "SymmetricProperty"));
      Add(p, Rdfs("label"), Lit(r.label));
      if (!r.description.empty()) Add(p, Rdfs("comment"), Lit(r.description));
      if (!r.inverse.empty())
        Add(p, Iri(std::string(kOwl) + "inverseOf"), Iri(RelationIri(r.inverse)));
      Add(p, Vocab("kind"), Lit("typed"));
      if (!r.plover.empty()) Add(p, Vocab("plover"), Lit(r.plover));
      if (!r.cameo.empty()) Add(p, Vocab("cameo"), Lit(r.cameo));
    }
    // Relations the graph uses that the ontology does not declare: open
    // predicates (and typed ids from another ontology).
    std::set<std::string> undeclared;
    std::set<std::string> qualifier_keys;
    for (const auto& view : relations) {
      if (onto_.FindRelation(view.relation->relation) == nullptr) {
        undeclared.insert(view.relation->relation);
      }
      for (const auto& [k, v] : view.relation->qualifiers) qualifier_keys.insert(k);
      for (const auto& ev : view.relation->evidence) {
        for (const auto& [k, v] : ev.qualifiers) qualifier_keys.insert(k);
      }
    }
    for (const auto& r : undeclared) {
      const Term p = Iri(RelationIri(r));
      Add(p, type, property);
      Add(p, Rdfs("label"), Lit(RelationDisplayName(onto_, r)));
      Add(p, Vocab("kind"), Lit(r.rfind("open:", 0) == 0 ? "open" : "typed"));
    }
    const Term evidence_class = Vocab("Evidence");
    Add(evidence_class, type, rdfs_class);
    Add(evidence_class, Rdfs("label"), Lit("evidence"));
    Add(evidence_class, Rdfs("comment"), Lit("One mention of a statement in a document"));
    for (const VocabTerm& v : kVocabProperties) {
      const Term p = Vocab(v.name);
      Add(p, type, property);
      Add(p, Rdfs("label"), Lit(v.label));
      Add(p, Rdfs("comment"), Lit(v.comment));
    }
    for (const auto& k : qualifier_keys) {
      const Term p = QualifierProperty(k);
      Add(p, type, property);
      Add(p, Rdfs("label"), Lit(k));
    }
  }

  void EmitStatement(const graph::KnowledgeGraph::RelationView& view, const std::string& iri) {
    const graph::Relation& r = *view.relation;
    const Term st = Iri(iri);
    Add(st, RdfTerm("type"), RdfTerm("Statement"));
    Add(st, RdfTerm("subject"), EntityIri(view.subject->id));
    Add(st, RdfTerm("predicate"), Iri(RelationIri(r.relation)));
    Add(st, RdfTerm("object"), EntityIri(view.object->id));
    Add(st, Vocab("relation"), Lit(r.relation));
    Add(st, Vocab("kind"), Lit(graph::RelationKindName(r.kind)));
    Add(st, Vocab("polarity"), Lit(graph::PolarityName(r.polarity)));
    Add(st, Vocab("modality"), Lit(graph::ModalityName(r.modality)));
    Add(st, Vocab("weight"), Integer(r.weight()));
    Add(st, Vocab("confidence"), Typed(FormatDerived(r.confidence), "double"));
    for (const auto& a : r.attributed_to) Add(st, Vocab("attributedTo"), EntityIri(a));
    for (const auto& [k, v] : r.qualifiers) Add(st, QualifierProperty(k), Lit(v));
    if (!options_.rdf_evidence) return;
    std::vector<Term> evidence;
    for (size_t i = 0; i < r.evidence.size(); ++i) {
      evidence.push_back(Iri(iri + "/evidence/" + std::to_string(i + 1)));
      Add(st, Vocab("evidence"), evidence.back());
    }
    for (size_t i = 0; i < r.evidence.size(); ++i) {
      const graph::Evidence& ev = r.evidence[i];
      const Term& node = evidence[i];
      Add(node, RdfTerm("type"), Vocab("Evidence"));
      Add(node, Vocab("doc"), Lit(ev.doc_id));
      Add(node, Vocab("sentence"), Integer(ev.sentence));
      Add(node, Vocab("begin"), Integer(ev.begin));
      Add(node, Vocab("end"), Integer(ev.end));
      Add(node, Vocab("rule"), Lit(ev.rule_id));
      Add(node, Vocab("text"), Lit(ev.text));
      Add(node, Vocab("confidence"), Typed(FormatShortest(ev.confidence), "double"));
      Add(node, Vocab("modality"), Lit(graph::ModalityName(ev.modality)));
      if (!ev.attributed_to.empty()) Add(node, Vocab("attributedTo"), EntityIri(ev.attributed_to));
      for (const auto& [k, v] : ev.qualifiers) Add(node, QualifierProperty(k), Lit(v));
    }
  }

  const graph::KnowledgeGraph& g_;
  const Ontology& onto_;
  const WriteOptions& options_;
  Serializer* out_;
  std::string data_base_;
  std::string onto_ns_;
  std::string vocab_ns_;
};

Status CheckRdfOptions(const graph::KnowledgeGraph& g, const Ontology& onto,
                       const WriteOptions& options) {
  if (!IsUsableBaseIri(onto.base_iri())) {
    return Status(StatusCode::kInvalidArgument,
                  "the ontology's base_iri \"" + onto.base_iri() + "\" is not an absolute IRI");
  }
  if (!options.base_iri.empty() && !IsUsableBaseIri(options.base_iri)) {
    return Status(StatusCode::kInvalidArgument,
                  "base IRI \"" + options.base_iri +
                      "\" is not an absolute IRI without spaces or <>\"{}|^`\\");
  }
  return CheckWritable(g);
}

Status Write(const graph::KnowledgeGraph& g, const Ontology& onto, const WriteOptions& options,
             Serializer* serializer, std::ostream& out, const char* what) {
  RdfEmitter emitter(g, onto, options, serializer);
  emitter.Emit();
  serializer->Finish();
  if (!out) return Status(StatusCode::kIoError, std::string("writing ") + what + " failed");
  return Status::Ok();
}

}  // namespace

Status WriteNTriples(const graph::KnowledgeGraph& g, const Ontology& onto,
                     const WriteOptions& options, std::ostream& out) {
  Status s = CheckRdfOptions(g, onto, options);
  if (!s.ok()) return s;
  NTriplesSerializer serializer(out);
  return Write(g, onto, options, &serializer, out, "N-Triples");
}

Status WriteTurtle(const graph::KnowledgeGraph& g, const Ontology& onto,
                   const WriteOptions& options, std::ostream& out) {
  Status s = CheckRdfOptions(g, onto, options);
  if (!s.ok()) return s;
  TurtleSerializer serializer(out, {{"rdf", std::string(kRdf)},
                                    {"rdfs", std::string(kRdfs)},
                                    {"xsd", std::string(kXsd)},
                                    {"skos", std::string(kSkos)},
                                    {"owl", std::string(kOwl)},
                                    {"onto", onto.base_iri() + "ontology/"},
                                    {"relgraph", onto.base_iri() + "vocab/"}});
  return Write(g, onto, options, &serializer, out, "Turtle");
}

}  // namespace relgraph::io
