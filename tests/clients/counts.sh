# Sourced by the check_*.sh scripts: reads OUT/counts.json (written by
# write_nasty_graph from hand-counted constants) into $entities, $relations,
# $negated and $evidence, and defines fail and skip.
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*" >&2; exit 77; }
count_of() { sed -n "s/.*\"$1\": \([0-9][0-9]*\).*/\1/p" "$out/counts.json"; }
[ -f "$out/counts.json" ] || fail "$out/counts.json is missing (run the clients.io.write test first)"
entities=$(count_of entities)
relations=$(count_of relations)
negated=$(count_of negated)
evidence=$(count_of evidence)
[ -n "$entities" ] && [ -n "$relations" ] && [ -n "$negated" ] || fail "cannot read $out/counts.json"
