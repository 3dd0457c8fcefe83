#include "graph/query.h"

namespace relgraph::graph {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

bool IsVariable(const std::string& s) { return s.empty() || s[0] == '?'; }

bool EntityMatches(const Entity& e, const std::string& name) {
  if (IsVariable(name)) return true;
  const std::string want = Lower(name);
  if (Lower(e.label) == want || Lower(e.id) == want) return true;
  for (const auto& a : e.aliases) {
    if (Lower(a) == want) return true;
  }
  return false;
}

std::string Underscored(std::string s) {
  for (char& c : s) c = c == ' ' ? '_' : c;
  return s;
}

bool RelationMatches(const Relation& r, const std::string& name) {
  if (IsVariable(name)) return true;
  const std::string want = Underscored(Lower(name));
  const std::string id = Lower(r.relation);
  if (id == want) return true;
  return id.rfind("open:", 0) == 0 && id.substr(5) == want;
}

}  // namespace

bool ParseQueryPattern(std::string_view text, QueryPattern* out, std::string* error) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    std::string part;
    if (text[i] == '"' || text[i] == '\'') {
      const char quote = text[i++];
      size_t end = text.find(quote, i);
      if (end == std::string_view::npos) {
        *error = "unterminated quote in query";
        return false;
      }
      part = std::string(text.substr(i, end - i));
      i = end + 1;
    } else {
      size_t end = i;
      while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
      part = std::string(text.substr(i, end - i));
      i = end;
    }
    parts.push_back(part);
  }
  if (parts.size() != 3) {
    *error = "a query has three parts, subject relation object (use ?x for any, quotes for names with spaces); got " +
             std::to_string(parts.size());
    return false;
  }
  out->subject = parts[0];
  out->relation = parts[1];
  out->object = parts[2];
  return true;
}

std::vector<KnowledgeGraph::RelationView> RunQuery(const KnowledgeGraph& g, const QueryPattern& q,
                                                   const std::set<std::string>& symmetric) {
  std::vector<KnowledgeGraph::RelationView> out;
  for (const auto& view : g.Relations()) {
    if (!q.include_negated && view.relation->polarity == Polarity::kNegated) continue;
    if (!RelationMatches(*view.relation, q.relation)) continue;
    bool forward = EntityMatches(*view.subject, q.subject) && EntityMatches(*view.object, q.object);
    bool backward = symmetric.count(view.relation->relation) &&
                    EntityMatches(*view.object, q.subject) && EntityMatches(*view.subject, q.object);
    if (forward || backward) out.push_back(view);
  }
  return out;
}

}  // namespace relgraph::graph
