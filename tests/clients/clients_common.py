"""Shared by the check_*.py real-client scripts: expected counts, fail, skip."""

import json
import os
import sys

SKIP = 77  # ctest SKIP_RETURN_CODE
VOCAB = "https://w3id.org/relgraph/vocab/"


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def skip(message):
    print("SKIPPED: " + message, file=sys.stderr)
    sys.exit(SKIP)


def expected(out):
    """The hand-counted numbers write_nasty_graph put in OUT/counts.json."""
    path = os.path.join(out, "counts.json")
    if not os.path.exists(path):
        fail(path + " is missing (run the clients.io.write test first)")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def vocab(ontology_path):
    """The relgraph vocabulary namespace for the ontology's base_iri."""
    with open(ontology_path, encoding="utf-8") as f:
        return json.load(f)["base_iri"] + "vocab/"


def check(condition, message):
    if not condition:
        fail(message)


TTP = "Tehreek-e-Taliban Pakistan \u2018TTP\u2019 \u2013 Khyber Pakhtunkhwa"
MILLER = 'Matthew "Matt" Miller <spokesman> & co'
