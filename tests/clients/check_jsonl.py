"""Real-client check: Python's json module reads every line of relgraph's
JSON Lines file; the relation lines, entity lines and summary agree with the
hand-counted entities, relations, negated relations and evidence.

Usage: /usr/bin/python3 check_jsonl.py OUT
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clients_common import MILLER, TTP, check, expected, fail  # noqa: E402

out = sys.argv[1]
want = expected(out)
path = os.path.join(out, "nasty.jsonl")
entities = {}
relations = []
summary = None
with open(path, encoding="utf-8") as f:
    for number, line in enumerate(f, 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            fail("%s:%d: not JSON: %s" % (path, number, e))
        check(summary is None, "%s:%d: a line after the summary" % (path, number))
        if "subject" in obj:
            relations.append(obj)
            for side in ("subject", "object"):
                entities[obj[side]["id"]] = obj[side]
            check(obj["weight"] == len(obj["evidence"]), "%s:%d: weight != evidence" % (path, number))
        elif "entity" in obj:
            entities[obj["entity"]["id"]] = obj["entity"]
        elif "summary" in obj:
            summary = obj["summary"]
        else:
            fail("%s:%d: neither relation, entity nor summary" % (path, number))

check(len(entities) == want["entities"], "%d entities, expected %d" % (len(entities), want["entities"]))
check(len(relations) == want["relations"],
      "%d relations, expected %d" % (len(relations), want["relations"]))
negated = sum(r["polarity"] == "negated" for r in relations)
check(negated == want["negated"], "%d negated, expected %d" % (negated, want["negated"]))
evidence = sum(len(r["evidence"]) for r in relations)
check(evidence == want["evidence"], "%d evidence, expected %d" % (evidence, want["evidence"]))
check(summary == {"format": "relgraph-jsonl", "version": 1, "entities": want["entities"],
                  "relations": want["relations"]}, "summary line %r" % (summary,))
labels = {e["label"] for e in entities.values()}
check(TTP in labels and MILLER in labels, "nasty labels did not survive")
aliases = {a for e in entities.values() for a in e["aliases"]}
check("M.\x01Miller" in aliases, "the control character in an alias was not kept")
print("json: %d relation lines, %d entities, %d negated, %d evidence, summary agrees"
      % (len(relations), len(entities), negated, evidence))
