#!/bin/sh
# Real-client check: Apache Jena's riot validates the N-Triples and Turtle
# files (IRIs, literals, datatypes), counts the same triples in both, and the
# same entities, statements and negated statements as counts.json.
# Usage: check_riot.sh OUT RIOT   (RIOT = shared/tools/riot, the launcher)
out=$1
riot=$2
. "$(dirname "$0")/counts.sh"
[ -f "$riot" ] || skip "no riot launcher at $riot (shared/tools/riot)"
command -v java >/dev/null 2>&1 || skip "java is not installed: apt-get install default-jre-headless"
[ -f /usr/share/java/jena-core.jar ] || skip "Jena is not installed: apt-get install libapache-jena-java"
command -v unzip >/dev/null 2>&1 || skip "unzip is not installed: apt-get install unzip"
V=https://w3id.org/relgraph/vocab/
RDF='http://www.w3.org/1999/02/22-rdf-syntax-ns#'

msg=$(sh "$riot" --validate "$out/nasty.nt" "$out/nasty.ttl" 2>&1) || fail "riot --validate fails: $msg"
echo "$msg" | grep -q -e WARN -e ERROR && fail "riot --validate complains: $msg"

counts=$(sh "$riot" --count "$out/nasty.nt" "$out/nasty.ttl" 2>&1)
count() { echo "$counts" | sed -n "s|.*/$1 : Triples = \([0-9][0-9]*\).*|\1|p"; }
nt=$(count nasty.nt)
ttl=$(count nasty.ttl)
[ -n "$nt" ] && [ "$nt" -gt 0 ] || fail "riot counted no triples in nasty.nt"
[ "$nt" = "$ttl" ] || fail "riot: nasty.nt has $nt triples, nasty.ttl $ttl"

dump=$(sh "$riot" --output=ntriples "$out/nasty.ttl" 2>/dev/null) || fail "riot cannot re-serialise nasty.ttl"
e=$(echo "$dump" | grep -c " <${V}id> ")
r=$(echo "$dump" | grep -c " <${RDF}type> <${RDF}Statement> \.")
n=$(echo "$dump" | grep -c " <${V}polarity> \"negated\" \.")
[ "$e" = "$entities" ] || fail "riot: $e entities, expected $entities"
[ "$r" = "$relations" ] || fail "riot: $r statements, expected $relations"
[ "$n" = "$negated" ] || fail "riot: $n negated statements, expected $negated"

# The check can fail: riot flags a bad xsd:integer literal and rejects an IRI
# with a space.
bad="$out/riot-bad.ttl"
printf '<https://example.org/a> <https://example.org/p> "x"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' > "$bad"
printf '<https://example.org/a b> <https://example.org/p> "x" .\n' >> "$bad"
if m=$(sh "$riot" --validate "$bad" 2>&1); then fail "riot accepted an IRI with a space"; fi
echo "$m" | grep -q 'not valid for datatype' || fail "riot --validate did not flag \"x\" as an xsd:integer: $m"
rm -f "$bad"
echo "riot: nasty.nt and nasty.ttl validate, $nt triples each; $entities entities, $relations statements, $negated negated"
