// The GraphML reader: libxml2 builds the tree (no network, no external
// entities, errors recorded instead of printed), then the graph is rebuilt
// from <key>, <node> and <edge> elements. See graphml.h for what is checked.

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <charconv>
#include <climits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "graph/io/encoding.h"
#include "graph/io/graph_json.h"
#include "graph/io/graphml.h"

namespace relgraph::io {

namespace {

constexpr std::string_view kGraphmlNs = "http://graphml.graphdrawing.org/xmlns";

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

std::string_view Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

bool IsElement(const xmlNode* n, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && Name(n) == name;
}

// The attribute's value, or nullopt when absent.
std::optional<std::string> Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return std::nullopt;
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string Content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  if (v == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

struct Key {
  std::string domain;  // node | edge | all | ...
  std::string name;
  std::string type;
};

class GraphmlReader {
 public:
  GraphmlReader(const std::string& name, const Ontology& onto) : name_(name), onto_(onto) {}

  Status Fail(const xmlNode* n, const std::string& message) const {
    return Status(StatusCode::kInvalidArgument, message,
                  Location{name_, n != nullptr ? static_cast<int64_t>(xmlGetLineNo(n)) : 0});
  }

  Status Read(const xmlNode* root, graph::KnowledgeGraph* into) {
    if (root == nullptr || !IsElement(root, "graphml")) {
      return Fail(root, "the root element is not <graphml>");
    }
    if (root->ns != nullptr && reinterpret_cast<const char*>(root->ns->href) != kGraphmlNs) {
      return Fail(root, "<graphml> is not in the GraphML namespace " + std::string(kGraphmlNs));
    }
    const xmlNode* graph_el = nullptr;
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (IsElement(c, "key")) {
        Status s = ReadKey(c);
        if (!s.ok()) return s;
      } else if (IsElement(c, "graph")) {
        if (graph_el != nullptr) return Fail(c, "more than one <graph>: only one is supported");
        graph_el = c;
      }
    }
    if (graph_el == nullptr) return Fail(root, "no <graph> element");
    node_label_ = FindKey("node", "label");
    node_type_ = FindKey("node", "type");
    node_aliases_ = FindKey("node", "aliases");
    node_mentions_ = FindKey("node", "mentions");
    edge_relation_ = FindKey("edge", "relation");
    edge_polarity_ = FindKey("edge", "polarity");
    edge_kind_ = FindKey("edge", "kind");
    edge_provenance_ = FindKey("edge", "provenance");
    if (node_label_.empty()) {
      return Fail(root, "no <key> for node attribute \"label\" (not a relgraph GraphML file?)");
    }
    if (edge_relation_.empty()) {
      return Fail(root, "no <key> for edge attribute \"relation\" (not a relgraph GraphML file?)");
    }

    // Nodes first: GraphML lets edges come before the nodes they join.
    for (const xmlNode* c = graph_el->children; c != nullptr; c = c->next) {
      if (IsElement(c, "node")) {
        Status s = ReadNode(c);
        if (!s.ok()) return s;
      } else if (IsElement(c, "hyperedge")) {
        return Fail(c, "hyperedges are not supported");
      }
    }
    for (const xmlNode* c = graph_el->children; c != nullptr; c = c->next) {
      if (IsElement(c, "edge")) {
        Status s = ReadEdge(c);
        if (!s.ok()) return s;
      }
    }
    into->Merge(graph_);
    return Status::Ok();
  }

 private:
  Status ReadKey(const xmlNode* n) {
    auto id = Attr(n, "id");
    if (!id || id->empty()) return Fail(n, "<key> without id");
    Key k;
    k.domain = Attr(n, "for").value_or("all");
    k.name = Attr(n, "attr.name").value_or(*id);
    k.type = Attr(n, "attr.type").value_or("string");
    if (!keys_.emplace(*id, std::move(k)).second)
      return Fail(n, "duplicate <key> id \"" + *id + "\"");
    return Status::Ok();
  }

  // The id of the key declared for `domain` with this attr.name, or "".
  // Keys declared for exactly the domain win over for="all".
  std::string FindKey(std::string_view domain, std::string_view name) const {
    std::string all;
    for (const auto& [id, k] : keys_) {
      if (k.name != name) continue;
      if (k.domain == domain) return id;
      if (k.domain == "all" && all.empty()) all = id;
    }
    return all;
  }

  // Collects the <data> children of a node or edge by key id.
  Status ReadData(const xmlNode* n, std::string_view domain,
                  std::map<std::string, std::string>* data) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (IsElement(c, "graph")) return Fail(c, "nested graphs are not supported");
      if (!IsElement(c, "data")) continue;
      auto key = Attr(c, "key");
      if (!key) return Fail(c, "<data> without key");
      auto it = keys_.find(*key);
      if (it == keys_.end()) return Fail(c, "<data key=\"" + *key + "\"> names no declared <key>");
      if (it->second.domain != domain && it->second.domain != "all") {
        return Fail(c, "<data key=\"" + *key + "\"> is declared for " + it->second.domain +
                           ", used on a " + std::string(domain));
      }
      (*data)[*key] = Content(c);
    }
    return Status::Ok();
  }

  static const std::string* Get(const std::map<std::string, std::string>& data,
                                const std::string& key) {
    if (key.empty()) return nullptr;
    auto it = data.find(key);
    return it == data.end() ? nullptr : &it->second;
  }

  Status ReadNode(const xmlNode* n) {
    auto gid = Attr(n, "id");
    if (!gid || gid->empty()) return Fail(n, "<node> without id");
    std::map<std::string, std::string> data;
    Status s = ReadData(n, "node", &data);
    if (!s.ok()) return s;
    graph::Entity e;
    // relgraph writes NmtokenEncode(entity id); a foreign id that does not
    // decode to canonical valid UTF-8 is taken as it is.
    std::string decoded;
    if (NmtokenDecode(*gid, &decoded) && NmtokenEncode(decoded) == *gid &&
        SanitizeUtf8(decoded) == decoded) {
      e.id = decoded;
    } else {
      e.id = *gid;
    }
    const std::string* label = Get(data, node_label_);
    if (label == nullptr) return Fail(n, "node \"" + *gid + "\" has no label");
    e.label = *label;
    if (const std::string* type = Get(data, node_type_)) e.type = *type;
    if (const std::string* aliases = Get(data, node_aliases_)) e.aliases = SplitAliases(*aliases);
    if (const std::string* mentions = Get(data, node_mentions_)) {
      auto [end, ec] =
          std::from_chars(mentions->data(), mentions->data() + mentions->size(), e.mentions);
      if (ec != std::errc() || end != mentions->data() + mentions->size()) {
        return Fail(
            n, "node \"" + *gid + "\": mentions \"" + *mentions + "\" is not an unsigned integer");
      }
    }
    if (!entity_by_gid_.emplace(*gid, e.id).second) {
      return Fail(n, "duplicate node id \"" + *gid + "\"");
    }
    if (graph_.FindEntity(e.id) != nullptr) {
      return Fail(n, "node \"" + *gid + "\" names entity \"" + e.id + "\" a second time");
    }
    graph_.AddEntity(e);
    return Status::Ok();
  }

  Status ReadEdge(const xmlNode* n) {
    const std::string label = "edge \"" + Attr(n, "id").value_or("") + "\"";
    auto source = Attr(n, "source");
    auto target = Attr(n, "target");
    if (!source || !target) return Fail(n, label + " needs source and target");
    auto s_it = entity_by_gid_.find(*source);
    if (s_it == entity_by_gid_.end()) {
      return Fail(n, label + ": source \"" + *source + "\" is not a node of this file");
    }
    auto t_it = entity_by_gid_.find(*target);
    if (t_it == entity_by_gid_.end()) {
      return Fail(n, label + ": target \"" + *target + "\" is not a node of this file");
    }
    std::map<std::string, std::string> data;
    Status st = ReadData(n, "edge", &data);
    if (!st.ok()) return st;

    graph::Relation r;
    const std::string* relation = Get(data, edge_relation_);
    if (relation == nullptr || relation->empty()) return Fail(n, label + " has no relation");
    r.relation = *relation;
    const bool open = r.relation.rfind("open:", 0) == 0;
    r.kind = open ? graph::RelationKind::kOpen : graph::RelationKind::kTyped;
    if (!open && onto_.FindRelation(r.relation) == nullptr) {
      return Fail(n, label + ": relation \"" + r.relation +
                         "\" is not in the ontology (open relations start with \"open:\")");
    }
    if (const std::string* kind = Get(data, edge_kind_)) {
      graph::RelationKind k;
      if (!graph::RelationKindFromName(*kind, &k) || k != r.kind) {
        return Fail(
            n, label + ": kind \"" + *kind + "\" does not fit relation \"" + r.relation + "\"");
      }
    }
    if (const std::string* polarity = Get(data, edge_polarity_)) {
      if (!graph::PolarityFromName(*polarity, &r.polarity)) {
        return Fail(n, label + ": polarity \"" + *polarity + "\" is not affirmed or negated");
      }
    }
    if (const std::string* provenance = Get(data, edge_provenance_)) {
      rapidjson::Document doc;
      doc.Parse<rapidjson::kParseFullPrecisionFlag>(provenance->data(), provenance->size());
      if (doc.HasParseError()) {
        return Fail(n, label + ": provenance is not JSON (" +
                           rapidjson::GetParseError_En(doc.GetParseError()) + " at byte " +
                           std::to_string(doc.GetErrorOffset()) + ")");
      }
      std::string error;
      if (!ReadEvidenceArrayJson(doc, &r.evidence, &error)) {
        return Fail(n, label + ": provenance: " + error);
      }
    }
    auto key = std::make_tuple(s_it->second, r.relation, t_it->second, r.polarity);
    if (!edge_keys_.insert(key).second) {
      return Fail(n, label +
                         " repeats an earlier edge with the same source, relation, target "
                         "and polarity");
    }
    graph_.AddRelation(s_it->second, r, t_it->second, /*symmetric=*/false);
    return Status::Ok();
  }

  const std::string& name_;
  const Ontology& onto_;
  graph::KnowledgeGraph graph_;
  std::map<std::string, Key> keys_;
  std::map<std::string, std::string> entity_by_gid_;
  std::set<std::tuple<std::string, std::string, std::string, graph::Polarity>> edge_keys_;
  std::string node_label_, node_type_, node_aliases_, node_mentions_;
  std::string edge_relation_, edge_polarity_, edge_kind_, edge_provenance_;
};

}  // namespace

Status ReadGraphml(std::string_view text, const std::string& name, const Ontology& onto,
                   graph::KnowledgeGraph* into) {
  if (text.size() > static_cast<size_t>(INT_MAX)) {
    return Status(StatusCode::kUnsupported, "GraphML files over 2 GiB are not supported",
                  Location{name});
  }
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt)
    return Status(StatusCode::kInternal, "libxml2: cannot create a parser", Location{name});
  // NONET: no downloads; no NOENT/DTDLOAD: no external entities; NOERROR and
  // NOWARNING: libxml2 records errors instead of printing them; HUGE: the
  // provenance of an edge seen in thousands of sentences passes libxml2's
  // default 10 MB limit on one text node; BIG_LINES: line numbers past 65535.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_HUGE;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(
      ctxt.get(), text.data(), static_cast<int>(text.size()), name.c_str(), nullptr, options));
  if (!doc) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    std::string message = "not well-formed XML";
    Location where{name};
    if (err != nullptr) {
      if (err->message != nullptr) {
        message = std::string("XML: ") + err->message;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
          message.pop_back();
        }
      }
      where.line = err->line;
      where.column = err->int2;
    }
    return Status(StatusCode::kInvalidArgument, message, where);
  }
  GraphmlReader reader(name, onto);
  return reader.Read(xmlDocGetRootElement(doc.get()), into);
}

}  // namespace relgraph::io
