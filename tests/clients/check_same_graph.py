"""Real-client check: the graph in every output format has the same entities
and relations. networkx reads the GraphML, json the JSON Lines, rdflib the
N-Triples and Turtle; from each, the set of entities (label, type) and of
relations (subject label, relation id, object label, polarity) is built, and
all four must be equal, with the hand-counted sizes.

Usage: /usr/bin/python3 check_same_graph.py OUT ONTOLOGY.json
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clients_common import check, expected, skip, vocab  # noqa: E402

try:
    import networkx as nx
except ImportError:
    skip("networkx is not installed: apt-get install python3-networkx (run with /usr/bin/python3)")
try:
    import rdflib
    from rdflib import RDF, RDFS, Namespace
except ImportError:
    skip("rdflib is not installed: apt-get install python3-rdflib (run with /usr/bin/python3)")

out, ontology = sys.argv[1], sys.argv[2]
want = expected(out)
V = Namespace(vocab(ontology))
onto_ns = vocab(ontology)[: -len("vocab/")] + "ontology/"


def from_graphml():
    g = nx.read_graphml(os.path.join(out, "nasty.graphml"))
    entities = {(d["label"], d["type"]) for _, d in g.nodes(data=True)}
    relations = {(g.nodes[u]["label"], d["relation"], g.nodes[v]["label"], d["polarity"])
                 for u, v, d in g.edges(data=True)}
    return entities, relations


def from_jsonl():
    entities, relations = set(), set()
    with open(os.path.join(out, "nasty.jsonl"), encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if "subject" in obj:
                for side in ("subject", "object"):
                    entities.add((obj[side]["label"], obj[side]["type"]))
                relations.add((obj["subject"]["label"], obj["relation"], obj["object"]["label"],
                               obj["polarity"]))
            elif "entity" in obj:
                entities.add((obj["entity"]["label"], obj["entity"]["type"]))
    return entities, relations


def from_rdf(name, syntax):
    g = rdflib.Graph()
    g.parse(os.path.join(out, name), format=syntax)
    label = {s: str(g.value(s, RDFS.label)) for s in g.subjects(V.id, None)}
    entities = set()
    for s in label:
        type_iri = str(g.value(s, RDF.type))
        check(type_iri.startswith(onto_ns), "%s: entity type %s outside the ontology" % (name, type_iri))
        entities.add((label[s], type_iri[len(onto_ns):]))
    relations = {(label[g.value(st, RDF.subject)], str(g.value(st, V.relation)),
                  label[g.value(st, RDF.object)], str(g.value(st, V.polarity)))
                 for st in g.subjects(RDF.type, RDF.Statement)}
    return entities, relations


views = {
    "GraphML (networkx)": from_graphml(),
    "JSON Lines (json)": from_jsonl(),
    "N-Triples (rdflib)": from_rdf("nasty.nt", "nt"),
    "Turtle (rdflib)": from_rdf("nasty.ttl", "turtle"),
}
reference_name = "JSON Lines (json)"
ref_entities, ref_relations = views[reference_name]
check(len(ref_entities) == want["entities"], "%d entities, expected %d" % (len(ref_entities), want["entities"]))
check(len(ref_relations) == want["relations"],
      "%d relations, expected %d" % (len(ref_relations), want["relations"]))
for name, (entities, relations) in views.items():
    check(entities == ref_entities, "%s and %s differ in entities: %r vs %r"
          % (name, reference_name, sorted(entities ^ ref_entities), ""))
    check(relations == ref_relations, "%s and %s differ in relations: %r"
          % (name, reference_name, sorted(relations ^ ref_relations)))
print("same graph in GraphML, JSON Lines, N-Triples and Turtle: %d entities, %d relations"
      % (len(ref_entities), len(ref_relations)))
