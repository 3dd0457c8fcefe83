#!/bin/sh
# Real-client check: xmllint validates relgraph's GraphML against the GraphML
# 1.0 XSD (offline, through the catalog), and counts nodes and edges.
# Usage: check_xmllint.sh OUT SCHEMA_DIR   (SCHEMA_DIR = shared/schemas-ref/graphml)
out=$1
schemas=$2
. "$(dirname "$0")/counts.sh"
command -v xmllint >/dev/null 2>&1 || skip "xmllint is not installed: apt-get install libxml2-utils"
[ -f "$schemas/graphml.xsd" ] || skip "no GraphML XSD at $schemas (shared/schemas-ref/graphml)"
export XML_CATALOG_FILES="$schemas/catalog.xml"
validate() { xmllint --nonet --noout --schema "$schemas/graphml.xsd" "$1" 2>&1; }

for f in "$out/nasty.graphml"; do
  msg=$(validate "$f") || fail "$f does not validate against the GraphML XSD: $msg"
  nodes=$(xmllint --nonet --xpath "count(//*[local-name()='graph']/*[local-name()='node'])" "$f")
  edges=$(xmllint --nonet --xpath "count(//*[local-name()='graph']/*[local-name()='edge'])" "$f")
  [ "$nodes" = "$entities" ] || fail "$f: $nodes nodes, expected $entities entities"
  [ "$edges" = "$relations" ] || fail "$f: $edges edges, expected $relations relations"
  neg=$(xmllint --nonet --xpath "count(//*[local-name()='data'][@key='polarity'][.='negated'])" "$f")
  [ "$neg" = "$negated" ] || fail "$f: $neg negated edges, expected $negated"
done

# The check can fail: the same file with a node id repeated must not validate.
bad="$out/xmllint-duplicate-node.graphml"
sed 's/<node id="country:afghanistan">/<node id="country:pakistan">/' "$out/nasty.graphml" > "$bad"
if validate "$bad" >/dev/null; then fail "xmllint accepted a GraphML file with a duplicate node id"; fi
rm -f "$bad"
echo "xmllint: nasty.graphml validates; $entities nodes, $relations edges, $negated negated"
