// The N-Triples reader: a parser for the RDF 1.1 N-Triples grammar, then the
// graph rebuilt from what WriteNTriples writes (rdf.h): entities by their
// relgraph:id, relations from the reified statements and their evidence
// nodes. The plain relation triples and the vocabulary are redundant and
// not needed.

#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "graph/io/encoding.h"
#include "graph/io/rdf.h"

namespace relgraph::io {

namespace {

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr std::string_view kSkosAltLabel = "http://www.w3.org/2004/02/skos/core#altLabel";

struct Term {
  enum Kind : uint8_t { kIri, kBlank, kLiteral } kind = kIri;
  std::string value;     // IRI, blank node label, or the literal's unescaped text
  std::string datatype;  // literals: datatype IRI; empty for plain / language-tagged
};

struct Triple {
  Term s, p, o;
  int64_t line = 0;
};

// Parses one N-Triples line at a time; errors carry the 1-based column.
class LineParser {
 public:
  LineParser(std::string_view line) : s_(line) {}

  // False with *error and *column on a syntax error; *has_triple false for
  // a blank or comment line.
  bool Parse(Triple* t, bool* has_triple, std::string* error, int64_t* column) {
    *has_triple = false;
    SkipSpace();
    if (AtEnd() || Peek() == '#') return true;
    if (!Subject(&t->s) || !(SkipSpace(), Predicate(&t->p)) || !(SkipSpace(), Object(&t->o))) {
      return Fail(error, column);
    }
    SkipSpace();
    if (AtEnd() || Peek() != '.') {
      error_ = "expected \".\" after the object";
      return Fail(error, column);
    }
    ++pos_;
    SkipSpace();
    if (!AtEnd() && Peek() != '#') {
      error_ = "unexpected text after \".\"";
      return Fail(error, column);
    }
    *has_triple = true;
    return true;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }
  void SkipSpace() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
  }
  bool Fail(std::string* error, int64_t* column) const {
    *error = error_.empty() ? "syntax error" : error_;
    *column = static_cast<int64_t>(pos_) + 1;
    return false;
  }

  bool Subject(Term* t) {
    if (!AtEnd() && Peek() == '_') return Blank(t);
    return Iri(t);
  }
  bool Predicate(Term* t) { return Iri(t); }
  bool Object(Term* t) {
    if (AtEnd()) {
      error_ = "expected an object";
      return false;
    }
    if (Peek() == '_') return Blank(t);
    if (Peek() == '"') return Literal(t);
    return Iri(t);
  }

  // \uXXXX or \UXXXXXXXX at pos_ (after the backslash has been seen).
  bool Uchar(std::string* out) {
    const char kind = s_[pos_ + 1];
    const size_t digits = kind == 'u' ? 4 : 8;
    if (pos_ + 2 + digits > s_.size()) {
      error_ = "truncated \\u escape";
      return false;
    }
    uint32_t cp = 0;
    for (size_t i = 0; i < digits; ++i) {
      const char c = s_[pos_ + 2 + i];
      int v = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (v < 0) {
        error_ = "bad hex digit in \\u escape";
        return false;
      }
      cp = cp * 16 + static_cast<uint32_t>(v);
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      error_ = "\\u escape is not a Unicode scalar value";
      return false;
    }
    AppendUtf8(static_cast<char32_t>(cp), out);
    pos_ += 2 + digits;
    return true;
  }

  bool Iri(Term* t) {
    if (AtEnd() || Peek() != '<') {
      error_ = "expected an IRI in <...>";
      return false;
    }
    ++pos_;
    t->kind = Term::kIri;
    t->value.clear();
    while (!AtEnd() && Peek() != '>') {
      const auto c = static_cast<unsigned char>(Peek());
      if (c == '\\') {
        if (pos_ + 1 >= s_.size() || (s_[pos_ + 1] != 'u' && s_[pos_ + 1] != 'U')) {
          error_ = "bad escape in IRI";
          return false;
        }
        if (!Uchar(&t->value)) return false;
        continue;
      }
      if (c <= 0x20 ||
          std::string_view("<\"{}|^`").find(static_cast<char>(c)) != std::string_view::npos) {
        error_ = "character not allowed in an IRI";
        return false;
      }
      t->value.push_back(static_cast<char>(c));
      ++pos_;
    }
    if (AtEnd()) {
      error_ = "unterminated IRI";
      return false;
    }
    ++pos_;
    return true;
  }

  bool Blank(Term* t) {
    if (s_.substr(pos_, 2) != "_:") {
      error_ = "expected a blank node _:label";
      return false;
    }
    pos_ += 2;
    t->kind = Term::kBlank;
    t->value.clear();
    while (!AtEnd() && Peek() != ' ' && Peek() != '\t' && Peek() != '.')
      t->value.push_back(s_[pos_++]);
    // A label may contain "." but not end with it.
    if (t->value.empty()) {
      error_ = "empty blank node label";
      return false;
    }
    return true;
  }

  bool Literal(Term* t) {
    ++pos_;  // the opening quote
    t->kind = Term::kLiteral;
    t->value.clear();
    t->datatype.clear();
    while (!AtEnd() && Peek() != '"') {
      const char c = Peek();
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) {
          error_ = "unterminated escape";
          return false;
        }
        const char e = s_[pos_ + 1];
        if (e == 'u' || e == 'U') {
          if (!Uchar(&t->value)) return false;
          continue;
        }
        const std::string_view from = "tbnrf\"'\\";
        const std::string_view to = "\t\b\n\r\f\"'\\";
        const size_t k = from.find(e);
        if (k == std::string_view::npos) {
          error_ = "bad escape in a literal";
          return false;
        }
        t->value.push_back(to[k]);
        pos_ += 2;
        continue;
      }
      if (c == '\r' || c == '\n') {
        error_ = "line break inside a literal";
        return false;
      }
      t->value.push_back(c);
      ++pos_;
    }
    if (AtEnd()) {
      error_ = "unterminated literal";
      return false;
    }
    ++pos_;
    if (s_.substr(pos_, 2) == "^^") {
      pos_ += 2;
      Term dt;
      if (!Iri(&dt)) return false;
      t->datatype = dt.value;
    } else if (!AtEnd() && Peek() == '@') {
      ++pos_;
      const size_t start = pos_;
      while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '-'))
        ++pos_;
      if (pos_ == start) {
        error_ = "empty language tag";
        return false;
      }
    }
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

class GraphBuilder {
 public:
  GraphBuilder(const std::string& name, const Ontology& onto)
      : name_(name),
        onto_(onto),
        vocab_(onto.base_iri() + "vocab/"),
        onto_ns_(onto.base_iri() + "ontology/") {}

  void Add(Triple t) {
    const std::string key = (t.s.kind == Term::kBlank ? "_:" : "") + t.s.value;
    if (!first_line_.count(key)) first_line_[key] = t.line;
    by_subject_[key].push_back(std::move(t));
  }

  Status Build(graph::KnowledgeGraph* into) {
    graph::KnowledgeGraph g;
    // Entities: every subject with a relgraph:id.
    std::map<std::string, std::string> id_by_iri;
    for (const auto& [subject, triples] : by_subject_) {
      const Term* id = Value(triples, vocab_ + "id");
      if (id == nullptr) continue;
      graph::Entity e;
      e.id = id->value;
      const int64_t line = first_line_[subject];
      const Term* label = Value(triples, std::string(kRdfs) + "label");
      if (label == nullptr) return Fail(line, "entity \"" + e.id + "\" has no rdfs:label");
      e.label = label->value;
      for (const auto& t : triples) {
        if (t.p.value == kSkosAltLabel) e.aliases.push_back(t.o.value);
      }
      if (const Term* type = Value(triples, std::string(kRdf) + "type")) {
        if (type->value.rfind(onto_ns_, 0) != 0 ||
            !PercentDecode(type->value.substr(onto_ns_.size()), &e.type)) {
          return Fail(line, "entity \"" + e.id + "\": type " + type->value +
                                " is not in the ontology's namespace " + onto_ns_);
        }
      }
      if (const Term* mentions = Value(triples, vocab_ + "mentions")) {
        if (!ParseUint(mentions->value, &e.mentions)) {
          return Fail(line, "entity \"" + e.id + "\": mentions \"" + mentions->value +
                                "\" is not an unsigned integer");
        }
      }
      if (g.FindEntity(e.id) != nullptr) {
        return Fail(line, "entity id \"" + e.id + "\" is used by two IRIs");
      }
      id_by_iri[subject] = e.id;
      // The entity namespace, for speakers that are not entities of the file.
      const std::string tail = "entity/" + PercentEncode(e.id);
      if (entity_ns_.empty() && subject.size() > tail.size() &&
          subject.compare(subject.size() - tail.size(), tail.size(), tail) == 0) {
        entity_ns_ = subject.substr(0, subject.size() - tail.size()) + "entity/";
      }
      g.AddEntity(e);
    }

    std::set<std::tuple<std::string, std::string, std::string, graph::Polarity>> seen;
    for (const auto& [subject, triples] : by_subject_) {
      if (!HasType(triples, std::string(kRdf) + "Statement")) continue;
      const int64_t line = first_line_[subject];
      const std::string what = "statement " + subject;
      const Term* s = Value(triples, std::string(kRdf) + "subject");
      const Term* o = Value(triples, std::string(kRdf) + "object");
      const Term* relation = Value(triples, vocab_ + "relation");
      if (s == nullptr || o == nullptr || relation == nullptr) {
        return Fail(line, what + " lacks rdf:subject, rdf:object or relgraph:relation");
      }
      auto s_id = id_by_iri.find(s->value);
      auto o_id = id_by_iri.find(o->value);
      if (s_id == id_by_iri.end() || o_id == id_by_iri.end()) {
        return Fail(line, what + ": subject or object is not an entity of this file");
      }
      graph::Relation r;
      r.relation = relation->value;
      const bool open = r.relation.rfind("open:", 0) == 0;
      r.kind = open ? graph::RelationKind::kOpen : graph::RelationKind::kTyped;
      if (!open && onto_.FindRelation(r.relation) == nullptr) {
        return Fail(line, what + ": relation \"" + r.relation +
                              "\" is not in the ontology (open relations start with \"open:\")");
      }
      if (const Term* kind = Value(triples, vocab_ + "kind")) {
        graph::RelationKind k;
        if (!graph::RelationKindFromName(kind->value, &k) || k != r.kind) {
          return Fail(line,
                      what + ": kind \"" + kind->value + "\" does not fit \"" + r.relation + "\"");
        }
      }
      if (const Term* polarity = Value(triples, vocab_ + "polarity")) {
        if (!graph::PolarityFromName(polarity->value, &r.polarity)) {
          return Fail(line, what + ": polarity \"" + polarity->value + "\"");
        }
      }
      for (const auto& t : triples) {
        if (t.p.value != vocab_ + "evidence") continue;
        const std::string key = (t.o.kind == Term::kBlank ? "_:" : "") + t.o.value;
        auto node = by_subject_.find(key);
        if (node == by_subject_.end()) {
          return Fail(t.line, what + ": evidence " + t.o.value + " has no triples");
        }
        graph::Evidence ev;
        Status st = ReadEvidence(node->second, first_line_[key], id_by_iri, &ev);
        if (!st.ok()) return st;
        r.evidence.push_back(std::move(ev));
      }
      if (const Term* weight = Value(triples, vocab_ + "weight")) {
        uint32_t w = 0;
        if (!ParseUint(weight->value, &w) || w != r.evidence.size()) {
          return Fail(line, what + ": weight " + weight->value +
                                " is not the number of evidence nodes (" +
                                std::to_string(r.evidence.size()) + "; written without evidence?)");
        }
      }
      if (!seen.emplace(s_id->second, r.relation, o_id->second, r.polarity).second) {
        return Fail(line, what + " repeats another statement");
      }
      g.AddRelation(s_id->second, r, o_id->second, /*symmetric=*/false);
    }
    into->Merge(g);
    return Status::Ok();
  }

 private:
  Status Fail(int64_t line, const std::string& message) const {
    return Status(StatusCode::kInvalidArgument, message, Location{name_, line});
  }

  static bool ParseUint(const std::string& s, uint32_t* out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size();
  }

  // The object of the first triple with this predicate, or nullptr.
  static const Term* Value(const std::vector<Triple>& triples, const std::string& predicate) {
    for (const auto& t : triples) {
      if (t.p.value == predicate) return &t.o;
    }
    return nullptr;
  }
  static bool HasType(const std::vector<Triple>& triples, const std::string& type) {
    for (const auto& t : triples) {
      if (t.p.value == std::string(kRdf) + "type" && t.o.value == type) return true;
    }
    return false;
  }

  Status ReadEvidence(const std::vector<Triple>& triples, int64_t line,
                      const std::map<std::string, std::string>& id_by_iri, graph::Evidence* ev) {
    const Term* doc = Value(triples, vocab_ + "doc");
    const Term* rule = Value(triples, vocab_ + "rule");
    if (doc == nullptr || rule == nullptr)
      return Fail(line, "evidence without relgraph:doc or relgraph:rule");
    ev->doc_id = doc->value;
    ev->rule_id = rule->value;
    for (auto [name, field] :
         {std::pair{"sentence", &ev->sentence}, {"begin", &ev->begin}, {"end", &ev->end}}) {
      if (const Term* v = Value(triples, vocab_ + name)) {
        if (!ParseUint(v->value, field)) {
          return Fail(line, std::string("evidence ") + name + " \"" + v->value +
                                "\" is not an unsigned integer");
        }
      }
    }
    if (const Term* text = Value(triples, vocab_ + "text")) ev->text = text->value;
    if (const Term* c = Value(triples, vocab_ + "confidence")) {
      auto [end, ec] =
          std::from_chars(c->value.data(), c->value.data() + c->value.size(), ev->confidence);
      if (ec != std::errc() || end != c->value.data() + c->value.size()) {
        return Fail(line, "evidence confidence \"" + c->value + "\" is not a number");
      }
    }
    if (const Term* m = Value(triples, vocab_ + "modality")) {
      if (!graph::ModalityFromName(m->value, &ev->modality)) {
        return Fail(line, "evidence modality \"" + m->value + "\"");
      }
    }
    if (const Term* a = Value(triples, vocab_ + "attributedTo")) {
      auto it = id_by_iri.find(a->value);
      if (it != id_by_iri.end()) {
        ev->attributed_to = it->second;
      } else if (entity_ns_.empty() || a->value.rfind(entity_ns_, 0) != 0 ||
                 !PercentDecode(a->value.substr(entity_ns_.size()), &ev->attributed_to)) {
        return Fail(line, "evidence attributedTo " + a->value + " is not an entity IRI");
      }
    }
    const std::string qualifier = vocab_ + "qualifier/";
    for (const auto& t : triples) {
      if (t.p.value.rfind(qualifier, 0) != 0) continue;
      std::string key;
      if (!PercentDecode(t.p.value.substr(qualifier.size()), &key)) {
        return Fail(t.line, "bad qualifier IRI " + t.p.value);
      }
      ev->qualifiers[key] = t.o.value;
    }
    return Status::Ok();
  }

  const std::string& name_;
  const Ontology& onto_;
  const std::string vocab_;
  const std::string onto_ns_;
  std::string entity_ns_;
  std::map<std::string, std::vector<Triple>> by_subject_;
  std::map<std::string, int64_t> first_line_;
};

}  // namespace

Status ReadNTriples(std::string_view text, const std::string& name, const Ontology& onto,
                    graph::KnowledgeGraph* into) {
  GraphBuilder builder(name, onto);
  int64_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Triple t;
    bool has_triple = false;
    std::string error;
    int64_t column = 0;
    LineParser parser(line);
    if (!parser.Parse(&t, &has_triple, &error, &column)) {
      return Status(StatusCode::kInvalidArgument, "N-Triples: " + error,
                    Location{name, line_no, column});
    }
    if (!has_triple) continue;
    t.line = line_no;
    builder.Add(std::move(t));
  }
  return builder.Build(into);
}

}  // namespace relgraph::io
