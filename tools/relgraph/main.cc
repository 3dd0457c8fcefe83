// relgraph: English news text to a knowledge graph of subject-relation-object
// triples. This file declares the commands and their flags (CLI11) and hands
// each to its Run* function (cli.h).

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/relgraph/cli.h"

namespace {

using relgraph::cli::kExitUsage;

void AddRulesOption(CLI::App* cmd, std::vector<std::string>* rules) {
  cmd->add_option("--rules", *rules,
                  "A folder (or file) of your own rules, loaded after the shipped ones; repeatable")
      ->check(CLI::ExistingPath);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"relgraph: turns English news text into a knowledge graph of subject-relation-object triples"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags (--schemas, --quiet) also after the command
  app.set_version_flag("--version", std::string("relgraph 0.1.0"));
  relgraph::cli::GlobalOptions global;
  app.add_option("--schemas", global.schemas_dir,
                 "Folder with ontology.json, rules/, gazetteer/, lexicon/, models/ (default: $RELGRAPH_SCHEMAS or the built-in one)")
      ->check(CLI::ExistingDirectory);
  app.add_flag("-q,--quiet", global.quiet, "No summary or progress on stderr");

  relgraph::cli::ExtractArgs extract;
  CLI::App* cmd_extract = app.add_subcommand("extract", "Extract triples from files, folders or stdin (-) and write a graph");
  cmd_extract->add_option("inputs", extract.inputs, "Files (.txt .md .html .jsonl, any .gz), folders, or - for stdin")->required();
  cmd_extract->add_option("-o,--output", extract.outputs,
                          "Output file; the format comes from its extension (.graphml .nt .ttl .jsonl). Repeatable: one run, several files. Without -o the graph goes to stdout");
  cmd_extract->add_option("-f,--format", extract.format, "graphml | nt | ttl | jsonl (default: from -o, else jsonl)");
  AddRulesOption(cmd_extract, &extract.rules);
  cmd_extract->add_option("--base-iri", extract.base_iri, "Base IRI for entities in RDF output (default: the ontology's)");
  cmd_extract->add_option("--input-format", extract.input_format, "auto | text | markdown | html | jsonl")
      ->check(CLI::IsMember({"auto", "text", "markdown", "html", "jsonl"}));
  cmd_extract->add_option("--stdin-format", extract.stdin_format, "What - holds: text | markdown | html | jsonl")
      ->check(CLI::IsMember({"text", "markdown", "html", "jsonl"}));
  cmd_extract->add_option("--line-breaks", extract.line_breaks,
                          "What a single newline means: auto | hard (one sentence a line) | soft (wrapped prose)")
      ->check(CLI::IsMember({"auto", "hard", "soft"}));
  cmd_extract->add_option("-j,--jobs", extract.jobs, "Worker threads (default: all cores)")->check(CLI::Range(0, 256));

  relgraph::cli::QueryArgs query;
  CLI::App* cmd_query = app.add_subcommand("query", "Find triples in a graph file (.graphml or .jsonl)");
  cmd_query->add_option("graph", query.graph_file, "The graph file")->required()->check(CLI::ExistingFile);
  cmd_query->add_option("pattern", query.pattern, "A triple pattern, e.g. 'US supports ?x' or '\"United States\" ?r ?o'");
  cmd_query->add_option("-s,--subject", query.subject, "Subject name or alias (case-insensitive)");
  cmd_query->add_option("-r,--relation", query.relation, "Relation id, e.g. supports, or the words of an open relation");
  cmd_query->add_option("-o,--object", query.object, "Object name or alias (case-insensitive)");
  cmd_query->add_option("--format", query.format, "table | tsv | json")->check(CLI::IsMember({"table", "tsv", "json"}));
  cmd_query->add_flag("--affirmed", query.affirmed_only, "Leave out negated triples");
  cmd_query->add_flag("--evidence", query.evidence, "Print the sentences behind each triple");

  relgraph::cli::ExplainArgs explain;
  CLI::App* cmd_explain = app.add_subcommand("explain", "Show how a sentence is read: tokens, tags, chunks, entities, rules that fired, triples");
  cmd_explain->add_option("text", explain.text, "A sentence (or a few)")->required();
  AddRulesOption(cmd_explain, &explain.rules);
  cmd_explain->add_flag("--regex", explain.regex, "Also print the regex each fired rule compiled to");

  CLI::App* cmd_rules = app.add_subcommand("rules", "Check rule files or run their examples");
  cmd_rules->require_subcommand(1);
  relgraph::cli::RulesArgs rules_check, rules_test;
  CLI::App* cmd_check = cmd_rules->add_subcommand("check", "Validate and compile the shipped rules and the given ones");
  cmd_check->add_option("paths", rules_check.paths, "Rule folders or files")->check(CLI::ExistingPath);
  CLI::App* cmd_test = cmd_rules->add_subcommand("test", "Run the examples of the given rules (default: all shipped rules)");
  cmd_test->add_option("paths", rules_test.paths, "Rule folders or files")->check(CLI::ExistingPath);
  cmd_test->add_option("--only", rules_test.only, "Only rules whose id starts with this");
  cmd_test->add_flag("-v,--verbose", rules_test.verbose, "Print passing examples too");

  relgraph::cli::AnnotateArgs annotate;
  CLI::App* cmd_annotate = app.add_subcommand("annotate", "Write tokens with part of speech, lemma, entities and chunks (CoNLL-U)");
  cmd_annotate->add_option("inputs", annotate.inputs, "Files, folders or - for stdin")->required();
  cmd_annotate->add_option("-o,--output", annotate.output, "Output file (default: stdout)");
  cmd_annotate->add_option("--format", annotate.format, "conllu")->check(CLI::IsMember({"conllu"}));
  cmd_annotate->add_flag("--pretokenized", annotate.pretokenized,
                         "Each input line is one sentence whose tokens are separated by single spaces, kept exactly");
  AddRulesOption(cmd_annotate, &annotate.rules);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  if (cmd_extract->parsed()) return relgraph::cli::RunExtract(global, extract);
  if (cmd_query->parsed()) return relgraph::cli::RunQuery(global, query);
  if (cmd_explain->parsed()) return relgraph::cli::RunExplain(global, explain);
  if (cmd_check->parsed()) return relgraph::cli::RunRulesCheck(global, rules_check);
  if (cmd_test->parsed()) return relgraph::cli::RunRulesTest(global, rules_test);
  if (cmd_annotate->parsed()) return relgraph::cli::RunAnnotate(global, annotate);
  return kExitUsage;
}
