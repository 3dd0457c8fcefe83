"""Real-client check: rdflib (Debian's python3-rdflib) parses relgraph's
N-Triples and Turtle into the same graph, with as many triples as rapper
counts; the reified statements match the plain triples (affirmed ones
asserted, negated ones not), and the entity, statement, negated and evidence
counts are the hand-counted ones.

Usage: /usr/bin/python3 check_rdflib.py OUT ONTOLOGY.json
"""

import os
import re
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clients_common import MILLER, TTP, check, expected, fail, skip, vocab  # noqa: E402

try:
    import rdflib
    from rdflib import RDF, RDFS, Literal, Namespace
except ImportError:
    skip("rdflib is not installed: apt-get install python3-rdflib (run with /usr/bin/python3)")
if shutil.which("rapper") is None:
    skip("rapper is not installed (rdflib's counts are compared with it): apt-get install raptor2-utils")

out, ontology = sys.argv[1], sys.argv[2]
want = expected(out)
V = Namespace(vocab(ontology))


def rapper_count(path, syntax):
    run = subprocess.run(["rapper", "-i", syntax, "-c", path], capture_output=True, text=True)
    if run.returncode != 0:
        fail("rapper rejects %s: %s" % (path, run.stderr))
    m = re.search(r"returned (\d+) triples", run.stderr)
    check(m is not None, "no count in rapper's output: %s" % run.stderr)
    return int(m.group(1))


graphs = {}
for name, syntax, rapper_syntax in (("nasty.nt", "nt", "ntriples"), ("nasty.ttl", "turtle", "turtle")):
    path = os.path.join(out, name)
    g = rdflib.Graph()
    try:
        g.parse(path, format=syntax)
    except Exception as e:  # the parser's own error is the finding
        fail("rdflib cannot parse %s: %s" % (path, e))
    n = rapper_count(path, rapper_syntax)
    check(len(g) == n, "%s: rdflib found %d triples, rapper %d" % (name, len(g), n))
    graphs[name] = g

nt, ttl = graphs["nasty.nt"], graphs["nasty.ttl"]
check(set(nt) == set(ttl), "nasty.nt and nasty.ttl hold different triples: %d only in nt, %d only in ttl"
      % (len(set(nt) - set(ttl)), len(set(ttl) - set(nt))))

g = nt
entities = set(g.subjects(V.id, None))
check(len(entities) == want["entities"], "%d entities, expected %d" % (len(entities), want["entities"]))
statements = set(g.subjects(RDF.type, RDF.Statement))
check(len(statements) == want["relations"],
      "%d statements, expected %d relations" % (len(statements), want["relations"]))
affirmed = {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            for st in statements if str(g.value(st, V.polarity)) == "affirmed"}
negated = evidence = 0
for st in statements:
    s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
    check(s in entities and o in entities, "statement %s joins unknown entities" % st)
    polarity = str(g.value(st, V.polarity))
    weight = g.value(st, V.weight).toPython()
    check(isinstance(weight, int), "statement %s: weight is not an xsd:integer" % st)
    check(isinstance(g.value(st, V.confidence).toPython(), float),
          "statement %s: confidence is not an xsd:double" % st)
    check(len(set(g.objects(st, V.evidence))) == weight, "statement %s: weight != evidence nodes" % st)
    evidence += weight
    if polarity == "negated":
        negated += 1
        # Asserted only when an affirmed statement of the same triple says so.
        check(((s, p, o) in g) == ((s, p, o) in affirmed),
              "negated statement %s is asserted as a plain triple" % st)
    else:
        check(polarity == "affirmed", "statement %s: polarity %r" % (st, polarity))
        check((s, p, o) in g, "affirmed statement %s is not asserted as a plain triple" % st)
check(negated == want["negated"], "%d negated, expected %d" % (negated, want["negated"]))
check(evidence == want["evidence"], "%d evidence, expected %d" % (evidence, want["evidence"]))
labels = {str(l) for l in g.objects(None, RDFS.label)}
check(TTP in labels and MILLER in labels, "nasty labels did not survive")
check(Literal("M.\x01Miller") in set(g.objects(None, rdflib.SKOS.altLabel)),
      "the control character in an alias was not kept")
print("rdflib %s: %d triples in nasty.nt and nasty.ttl (= rapper); %d entities, %d statements, "
      "%d negated, not asserted" % (rdflib.__version__, len(g), len(entities), len(statements), negated))
