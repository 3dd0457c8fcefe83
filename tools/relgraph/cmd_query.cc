// relgraph query: triple patterns over a graph file.

#include <iostream>
#include <set>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "graph/io/graph_file.h"
#include "graph/query.h"
#include "tools/relgraph/cli.h"

namespace relgraph::cli {

namespace {

// Display width of a UTF-8 string (code points; good enough for names).
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string RelationText(const graph::Relation& r) {
  return (r.polarity == graph::Polarity::kNegated ? "not " : "") + r.relation;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

int RunQuery(const GlobalOptions& g, const QueryArgs& args) {
  graph::QueryPattern q;
  if (!args.pattern.empty()) {
    std::string error;
    if (!graph::ParseQueryPattern(args.pattern, &q, &error)) {
      PrintError(error);
      return kExitUsage;
    }
  }
  if (!args.subject.empty()) q.subject = args.subject;
  if (!args.relation.empty()) q.relation = args.relation;
  if (!args.object.empty()) q.object = args.object;
  q.include_negated = !args.affirmed_only;

  auto onto = LoadOntology(g);
  if (!onto) return kExitUsage;
  graph::KnowledgeGraph graph;
  Status read = io::ReadGraphFile(args.graph_file, *onto, &graph);
  if (!read.ok()) {
    PrintError(read);
    return kExitInputErrors;
  }
  std::set<std::string> symmetric;
  for (const auto& r : onto->relations()) {
    if (r.symmetric) symmetric.insert(r.id);
  }
  auto rows = graph::RunQuery(graph, q, symmetric);

  if (args.format == "json") {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartArray();
    for (const auto& row : rows) {
      w.StartObject();
      w.Key("subject");
      w.String(row.subject->label);
      w.Key("relation");
      w.String(row.relation->relation);
      w.Key("object");
      w.String(row.object->label);
      w.Key("polarity");
      w.String(std::string(graph::PolarityName(row.relation->polarity)));
      w.Key("weight");
      w.Uint(row.relation->weight());
      w.Key("confidence");
      w.Double(row.relation->confidence);
      if (args.evidence) {
        w.Key("evidence");
        w.StartArray();
        for (const auto& ev : row.relation->evidence) {
          w.StartObject();
          w.Key("doc");
          w.String(ev.doc_id);
          w.Key("sentence");
          w.Uint(ev.sentence);
          w.Key("rule");
          w.String(ev.rule_id);
          w.Key("text");
          w.String(ev.text);
          w.EndObject();
        }
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndArray();
    std::cout << buf.GetString() << "\n";
    return kExitOk;
  }
  if (args.format == "tsv") {
    std::cout << "subject\trelation\tobject\tweight\tconfidence\n";
    for (const auto& row : rows) {
      std::cout << row.subject->label << "\t" << RelationText(*row.relation) << "\t" << row.object->label << "\t"
                << row.relation->weight() << "\t" << Fixed(row.relation->confidence) << "\n";
      if (args.evidence) {
        for (const auto& ev : row.relation->evidence) {
          std::cout << "#\t" << ev.doc_id << "#" << ev.sentence << "\t" << ev.rule_id << "\t" << ev.text << "\n";
        }
      }
    }
    return kExitOk;
  }
  // A readable table.
  size_t ws = 7, wr = 8, wo = 6;
  for (const auto& row : rows) {
    ws = std::max(ws, Width(row.subject->label));
    wr = std::max(wr, Width(RelationText(*row.relation)));
    wo = std::max(wo, Width(row.object->label));
  }
  std::cout << Pad("SUBJECT", ws) << "  " << Pad("RELATION", wr) << "  " << Pad("OBJECT", wo)
            << "  WEIGHT  CONF\n";
  for (const auto& row : rows) {
    std::cout << Pad(row.subject->label, ws) << "  " << Pad(RelationText(*row.relation), wr) << "  "
              << Pad(row.object->label, wo) << "  " << Pad(std::to_string(row.relation->weight()), 6) << "  "
              << Fixed(row.relation->confidence) << "\n";
    if (args.evidence) {
      for (const auto& ev : row.relation->evidence) {
        std::cout << "    " << ev.doc_id << "#" << ev.sentence << " [" << ev.rule_id << "] " << ev.text << "\n";
      }
    }
  }
  std::cout << rows.size() << (rows.size() == 1 ? " triple\n" : " triples\n");
  return kExitOk;
}

}  // namespace relgraph::cli
