"""Real-client check: networkx (Debian's python3-networkx) reads relgraph's
GraphML with the declared attribute types, and finds the hand-counted nodes
and edges, the nasty labels intact, and parallel edges told apart.

Usage: /usr/bin/python3 check_networkx.py OUT
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clients_common import MILLER, TTP, check, expected, fail, skip  # noqa: E402

try:
    import networkx as nx
except ImportError:
    skip("networkx is not installed: apt-get install python3-networkx (run with /usr/bin/python3)")

out = sys.argv[1]
want = expected(out)
path = os.path.join(out, "nasty.graphml")
try:
    g = nx.read_graphml(path)
except Exception as e:  # the reader's own error is the finding
    fail("networkx cannot read %s: %s" % (path, e))

check(g.is_directed(), "the graph is not directed")
check(g.number_of_nodes() == want["entities"],
      "%d nodes, expected %d entities" % (g.number_of_nodes(), want["entities"]))
check(g.number_of_edges() == want["relations"],
      "%d edges, expected %d relations" % (g.number_of_edges(), want["relations"]))
check(g.is_multigraph(), "parallel edges were merged: networkx did not build a multigraph")

labels = {d["label"] for _, d in g.nodes(data=True)}
check(TTP in labels, "the TTP label did not survive: %r" % sorted(labels))
check(MILLER in labels, "the label with quotes and <>& did not survive")

for node, d in g.nodes(data=True):
    check(isinstance(d.get("mentions"), int), "node %s: mentions is not an int" % node)
    check(isinstance(d.get("type"), str), "node %s: type is not a string" % node)
    for value in d.values():
        if isinstance(value, str):
            check(all(c in "\t\n" or ord(c) >= 0x20 for c in value),
                  "node %s: a control character in %r" % (node, value))

negated = 0
evidence = 0
symmetric = 0
pair_labels = {}
for u, v, d in g.edges(data=True):
    for key, kind in (("weight", float), ("confidence", float), ("evidence_count", int),
                      ("direction", str), ("relation", str), ("polarity", str),
                      ("label", str), ("provenance", str)):
        check(isinstance(d.get(key), kind),
              "edge %s->%s: %s is %r, not %s" % (u, v, key, d.get(key), kind.__name__))
    negated += d["polarity"] == "negated"
    check(d["direction"] in ("symmetric", "directed"), "edge %s->%s: direction %r" % (u, v, d["direction"]))
    symmetric += d["direction"] == "symmetric"
    evidence += d["evidence_count"]
    check(d["weight"] == d["evidence_count"], "edge %s->%s: weight != evidence_count" % (u, v))
    check(len(json.loads(d["provenance"])) == d["evidence_count"],
          "edge %s->%s: provenance does not hold evidence_count items" % (u, v))
    check((d["polarity"] == "negated") == d["label"].startswith("not "),
          "edge %s->%s: label %r does not show polarity %s" % (u, v, d["label"], d["polarity"]))
    pair_labels.setdefault((u, v), []).append(d["label"])

check(negated == want["negated"], "%d negated edges, expected %d" % (negated, want["negated"]))
check(evidence == want["evidence"], "evidence adds up to %d, expected %d" % (evidence, want["evidence"]))
check(symmetric == 1, "%d symmetric edges, expected 1" % symmetric)
for pair, names in pair_labels.items():
    check(len(names) == len(set(names)), "parallel edges %s share a label: %r" % (pair, names))
check(max(len(n) for n in pair_labels.values()) >= 3, "the test graph lost its parallel edges")

print("networkx %s: %d nodes, %d edges, typed attributes, %d negated, parallel edges distinct"
      % (nx.__version__, g.number_of_nodes(), g.number_of_edges(), negated))
