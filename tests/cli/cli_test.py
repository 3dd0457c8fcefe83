#!/usr/bin/env python3
"""Command-line tests: run the built relgraph binary on temporary folders and
check stdout, stderr, exit codes and the files it writes.

    cli_test.py --relgraph BIN --source DIR [unittest args]
"""
import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

RELGRAPH = None
SOURCE = None
SHARED = None
SEED = None


def run(*args, stdin=None, cwd=None):
    r = subprocess.run([RELGRAPH, *args], input=stdin, capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stdout, r.stderr


def jsonl_counts(path):
    relations, entities = 0, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if "relation" in obj:
                relations += 1
                entities.add(obj["subject"]["id"])
                entities.add(obj["object"]["id"])
            elif "entity" in obj:
                entities.add(obj["entity"]["id"])
    return len(entities), relations


def graphml_counts(path):
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(path).getroot()
    graph = root.find("g:graph", ns)
    return len(graph.findall("g:node", ns)), len(graph.findall("g:edge", ns))


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="relgraph-cli-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data, mode="w"):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, mode) as f:
            f.write(data)
        return p


class ExtractTest(TempDirTest):
    def test_writes_every_format_with_the_same_graph(self):
        outs = [self.path("g." + ext) for ext in ("graphml", "ttl", "nt", "jsonl")]
        code, out, err = run("extract", SEED, *sum((["-o", o] for o in outs), []))
        self.assertEqual(code, 0, err)
        self.assertEqual(out, "")
        self.assertIn("1 documents", err)
        for o in outs:
            self.assertGreater(os.path.getsize(o), 0, o)
        n_ent, n_rel = jsonl_counts(outs[3])
        self.assertGreater(n_rel, 5)
        self.assertEqual(graphml_counts(outs[0]), (n_ent, n_rel))

    def test_same_input_same_bytes_whatever_the_threads(self):
        docs = []
        corpus_gz = os.path.join(SHARED, "data", "corpus", "wikinews_2019_2020.jsonl.gz")
        if not os.path.exists(corpus_gz):
            self.skipTest(f"SKIPPED LOUDLY: the shared corpus is not at {corpus_gz}")
        with gzip.open(corpus_gz, "rt") as f:
            for i, line in enumerate(f):
                if i >= 60:
                    break
                docs.append(line)
        corpus = self.write("corpus.jsonl", "".join(docs))
        results = []
        for jobs in ("1", "2", "2"):
            out = self.path(f"g{len(results)}.graphml")
            code, _, err = run("--quiet", "extract", corpus, "-o", out, "--jobs", jobs)
            self.assertEqual(code, 0, err)
            with open(out, "rb") as f:
                results.append(f.read())
        self.assertEqual(results[0], results[1])
        self.assertEqual(results[1], results[2])

    def test_stdout_without_output_file(self):
        code, out, err = run("--quiet", "extract", "-", "--format", "jsonl",
                             stdin="Japan reiterated its support for the Philippines on Monday.\n")
        self.assertEqual(code, 0, err)
        lines = [json.loads(l) for l in out.splitlines()]
        rels = [(l["subject"]["label"], l["relation"], l["object"]["label"]) for l in lines if "relation" in l]
        self.assertIn(("Japan", "supports", "Philippines"), rels)

    def test_bad_flags_stop_with_exit_2(self):
        for args in (["extract", SEED, "--format", "xml"],
                     ["extract", SEED, "-o", self.path("x.unknown")],
                     ["extract", SEED, "--no-such-flag"],
                     ["extract"],
                     ["nosuchcommand"]):
            code, _, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertTrue(err.strip(), args)

    def test_missing_input_is_reported_and_the_rest_processed(self):
        out = self.path("g.jsonl")
        missing = self.path("nope.txt")
        code, _, err = run("extract", missing, SEED, "-o", out)
        self.assertEqual(code, 1)
        self.assertIn("nope.txt", err)
        self.assertGreater(jsonl_counts(out)[1], 5)

    def test_malformed_jsonl_line_names_file_and_line(self):
        p = self.write("docs.jsonl",
                       '{"id": "a", "text": "India and China agreed to pull back troops."}\n'
                       '{"id": "b", "text": \n'
                       '{"id": "c", "text": "Saudi Arabia held talks with Iran."}\n')
        out = self.path("g.jsonl")
        code, _, err = run("extract", p, "-o", out)
        self.assertEqual(code, 1)
        self.assertIn("docs.jsonl:2", err)
        labels = {l for l in open(out).read().split('"') if l in ("India", "Iran")}
        self.assertEqual(labels, {"India", "Iran"})

    def test_invalid_utf8_is_repaired_and_reported(self):
        p = self.write("bad.txt", b"Egypt signed a gas agreement with Israel \xff\xfe in Cairo.\n", "wb")
        code, out, err = run("extract", p, "--format", "jsonl")
        self.assertEqual(code, 0, err)
        self.assertIn("bad.txt", err)
        self.assertIn("byte 41", err)
        self.assertIn("Egypt", out)

    def test_failed_write_leaves_no_file(self):
        target = self.path("missing-folder/g.graphml")
        code, _, err = run("extract", SEED, "-o", target)
        self.assertEqual(code, 1)
        self.assertIn("missing-folder", err)
        self.assertFalse(os.path.exists(os.path.dirname(target)))

    def test_an_existing_output_is_replaced_whole(self):
        out = self.write("g.jsonl", "old contents\n")
        code, _, err = run("--quiet", "extract", SEED, "-o", out)
        self.assertEqual(code, 0, err)
        text = open(out).read()
        self.assertNotIn("old contents", text)
        self.assertEqual([f for f in os.listdir(self.dir) if f.startswith(".")], [])

    def test_user_rules_are_loaded_beside_the_shipped_ones(self):
        rules = self.write("rules/mine.json", json.dumps({"rules": [{
            "id": "mine.praise", "stage": "relation",
            "pattern": "(?<s> @NP) [lemma=praise] (?<o> @NP)",
            "checks": [{"predicate": "has_type", "args": ["s", "Agent", "Country"]}],
            "emit": [{"triple": ["s", "supports", "o"]}],
            "examples": [{"text": "Kenya praised Ghana.", "expect": [["Kenya", "supports", "Ghana"]]},
                         {"text": "Critics praised the film.", "expect": []}]}]}))
        code, out, err = run("--quiet", "extract", "-", "--rules", os.path.dirname(rules),
                             stdin="Kenya praised Ghana for its elections.\n")
        self.assertEqual(code, 0, err)
        self.assertIn("mine.praise", out)

    def test_a_bad_rule_stops_at_start_with_file_line_and_rule(self):
        rules = self.write("rules/bad.json",
                           '{"rules": [\n {"id": "bad.one", "stage": "relation",\n'
                           '  "pattern": "[lemma=x] (?<s>[]",\n'
                           '  "emit": [{"triple": ["s", "supports", "s"]}],\n'
                           '  "examples": [{"text": "a", "expect": []}, {"text": "b", "expect": []}]}\n]}\n')
        code, out, err = run("extract", SEED, "--rules", os.path.dirname(rules), "-o", self.path("g.jsonl"))
        self.assertEqual(code, 2)
        self.assertIn("bad.json:2", err)
        self.assertIn("bad.one", err)
        self.assertIn("missing ')'", err)
        self.assertFalse(os.path.exists(self.path("g.jsonl")))


class QueryTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.graphml = self.path("seed.graphml")
        self.jsonl = self.path("seed.jsonl")
        code, _, err = run("--quiet", "extract", SEED, "-o", self.graphml, "-o", self.jsonl)
        self.assertEqual(code, 0, err)

    def test_filters_by_alias_ignoring_case(self):
        for g in (self.graphml, self.jsonl):
            code, out, err = run("query", g, "--subject", "us", "--relation", "supports")
            self.assertEqual(code, 0, err)
            self.assertIn("United States", out)
            self.assertIn("Pakistan", out)
            self.assertIn("1 triple", out)

    def test_triple_pattern_and_json(self):
        code, out, err = run("query", self.jsonl, "?x operates_from ?y", "--format", "json")
        self.assertEqual(code, 0, err)
        rows = json.loads(out)
        self.assertIn("Tehreek-e-Taliban Pakistan", [r["subject"] for r in rows])

    def test_no_match_is_an_empty_table(self):
        code, out, err = run("query", self.graphml, "--subject", "Atlantis")
        self.assertEqual(code, 0, err)
        self.assertIn("0 triples", out)

    def test_a_broken_graph_file_is_an_input_error(self):
        bad = self.write("bad.graphml", "<graphml><graph><node id='a'>")
        code, _, err = run("query", bad)
        self.assertEqual(code, 1)
        self.assertIn("bad.graphml", err)


class ExplainTest(unittest.TestCase):
    def test_shows_tokens_rules_and_triples(self):
        code, out, err = run("explain", "The United States reiterated its support for Pakistan.")
        self.assertEqual(code, 0, err)
        self.assertIn("PROPN", out)
        self.assertIn("B-Country", out)
        self.assertIn("support.express_noun", out)
        self.assertIn("United States (Country) -supports-> Pakistan (Country)", out)


class RulesTest(TempDirTest):
    def test_check_counts_the_shipped_rules(self):
        code, out, err = run("rules", "check")
        self.assertEqual(code, 0, err)
        self.assertIn("rules ok", out)

    def test_failing_example_fails_the_run(self):
        rules = self.write("rules/wrong.json", json.dumps({"rules": [{
            "id": "wrong.example", "stage": "relation",
            "pattern": "(?<s> @NP) [lemma=praise] (?<o> @NP)",
            "emit": [{"triple": ["s", "supports", "o"]}],
            "examples": [{"text": "Kenya praised Ghana.", "expect": [["Ghana", "supports", "Kenya"]]},
                         {"text": "Kenya praised Ghana.", "expect": [["Kenya", "supports", "Ghana"]]}]}]}))
        code, out, err = run("rules", "test", os.path.dirname(rules))
        self.assertEqual(code, 1)
        self.assertIn("FAIL", out)
        self.assertIn("wrong.json", out)
        self.assertIn("1 rules, 2 examples, 1 failed", out)


class AnnotateTest(TempDirTest):
    def test_pretokenized_keeps_tokens_and_writes_conllu(self):
        p = self.write("toks.txt", "The U.S. does n't back it .\nPakistan 's army\n")
        code, out, err = run("annotate", "--pretokenized", p)
        self.assertEqual(code, 0, err)
        rows = [l.split("\t") for l in out.splitlines() if l and not l.startswith("#")]
        self.assertEqual([r[1] for r in rows], ["The", "U.S.", "does", "n't", "back", "it", ".", "Pakistan", "'s", "army"])
        self.assertTrue(all(len(r) == 10 for r in rows))
        self.assertEqual(rows[3][2], "not")
        self.assertIn("Entity=B-Country", rows[7][9])

    def test_pretokenized_tabs_and_space_runs_separate_tokens_with_a_warning(self):
        # Regression: a tab was kept inside a FORM, which split the CoNLL-U
        # row into 11 columns.
        p = self.write("toks.txt", "Kenya\tpraised  Ghana .\nIndia agreed .\n" + "a  b\n" * 7)
        code, out, err = run("annotate", "--pretokenized", p)
        self.assertEqual(code, 0, err)
        rows = [l.split("\t") for l in out.splitlines() if l and not l.startswith("#")]
        self.assertTrue(all(len(r) == 10 for r in rows), rows)
        self.assertEqual([r[1] for r in rows[:7]], ["Kenya", "praised", "Ghana", ".", "India", "agreed", "."])
        self.assertIn("# text = Kenya praised Ghana .", out)
        self.assertIn("toks.txt:1:6: warning:", err)
        self.assertIn("a tab was read as a separator", err)
        self.assertIn("toks.txt:3:2: warning:", err)
        self.assertIn("more than one space", err)
        self.assertNotIn("toks.txt:2:", err)
        # Five lines one by one, then a count of the rest (8 irregular lines).
        self.assertEqual(err.count("was read as a separator"), 5)
        self.assertIn("3 more line(s) with separators other than single spaces", err)

    def test_output_file_is_written_whole(self):
        p = self.write("doc.txt", "Kenya praised Ghana.\n")
        out = self.write("out.conllu", "old contents\n")
        code, stdout, err = run("annotate", p, "-o", out)
        self.assertEqual(code, 0, err)
        self.assertEqual(stdout, "")
        text = open(out).read()
        self.assertNotIn("old contents", text)
        self.assertIn("\tKenya\t", text)
        code, _, err = run("annotate", p, "-o", self.path("no/such/dir/out.conllu"))
        self.assertEqual(code, 1)
        self.assertIn("no/such/dir", err)

    def test_plain_text_marks_space_after(self):
        p = self.write("doc.txt", "Pakistan's army said so.\n")
        code, out, err = run("annotate", p)
        self.assertEqual(code, 0, err)
        self.assertIn("SpaceAfter=No", out)
        self.assertIn("# text = Pakistan's army said so.", out)


def main():
    global RELGRAPH, SOURCE, SHARED, SEED
    ap = argparse.ArgumentParser()
    ap.add_argument("--relgraph", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--shared", required=True)
    args, rest = ap.parse_known_args()
    RELGRAPH = os.path.abspath(args.relgraph)
    SOURCE = os.path.abspath(args.source)
    SHARED = os.path.abspath(args.shared)
    SEED = os.path.join(SOURCE, "tests", "data", "us-pakistan-2024-05-15.txt")
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
