#!/bin/sh
# Real-client check: raptor's rapper parses the N-Triples and Turtle files,
# finds the same number of triples in both, and (on its own re-serialisation)
# the same entities, statements and negated statements as counts.json.
# Usage: check_rapper.sh OUT
out=$1
. "$(dirname "$0")/counts.sh"
command -v rapper >/dev/null 2>&1 || skip "rapper is not installed: apt-get install raptor2-utils"
V=https://w3id.org/relgraph/vocab/
RDF='http://www.w3.org/1999/02/22-rdf-syntax-ns#'

triples() {  # FILE SYNTAX -> the count rapper reports
  msg=$(rapper -i "$2" -c "$1" 2>&1) || fail "rapper rejects $1: $msg"
  echo "$msg" | grep -q -i -e error -e warning && fail "rapper complains about $1: $msg"
  echo "$msg" | sed -n 's/.*returned \([0-9][0-9]*\) triples.*/\1/p'
}
nt=$(triples "$out/nasty.nt" ntriples)
ttl=$(triples "$out/nasty.ttl" turtle)
[ -n "$nt" ] && [ "$nt" -gt 0 ] || fail "rapper found no triples in nasty.nt"
[ "$nt" = "$ttl" ] || fail "rapper: nasty.nt has $nt triples, nasty.ttl $ttl"

for pair in "nasty.nt ntriples" "nasty.ttl turtle"; do
  set -- $pair
  dump=$(rapper -q -i "$2" -o ntriples "$out/$1") || fail "rapper cannot re-serialise $1"
  e=$(echo "$dump" | grep -c " <${V}id> ")
  r=$(echo "$dump" | grep -c " <${RDF}type> <${RDF}Statement> \.")
  n=$(echo "$dump" | grep -c " <${V}polarity> \"negated\" \.")
  [ "$e" = "$entities" ] || fail "rapper $1: $e entities, expected $entities"
  [ "$r" = "$relations" ] || fail "rapper $1: $r statements, expected $relations"
  [ "$n" = "$negated" ] || fail "rapper $1: $n negated statements, expected $negated"
done

# The check can fail: an IRI with a space is rejected.
bad="$out/rapper-bad.nt"
printf '<https://example.org/a b> <https://example.org/p> "x" .\n' > "$bad"
if rapper -q -i ntriples -c "$bad" >/dev/null 2>&1; then fail "rapper accepted an IRI with a space"; fi
rm -f "$bad"
echo "rapper: $nt triples in both nasty.nt and nasty.ttl; $entities entities, $relations statements, $negated negated"
