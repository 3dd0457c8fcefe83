// Real-client check: Oxigraph (the npm package, Oxigraph's Rust store built to
// WebAssembly) loads relgraph's N-Triples and Turtle into a Store. Both give
// the same quads, as many as nasty.nt has lines (one triple a line) and as
// rapper counts where it is installed; SPARQL then counts the entities (by
// the ontology's types and by the file's own class hierarchy), the reified
// statements, the negated ones and the evidence, and finds no negated
// statement asserted as a plain triple. A broken Turtle file must fail to
// load, and the negation query must see a negated triple that is asserted.
//
// Usage: node check_oxigraph.mjs OUT ONTOLOGY.json

import {spawnSync} from 'node:child_process';
import {webcrypto} from 'node:crypto';
import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {MILLER, TTP, check, expected, fail, loadPinned} from './clients_common.mjs';

// Oxigraph's query engine seeds its random numbers from the Web Crypto API,
// which Node.js 18 (Debian 12's) has only as node:crypto's webcrypto, not as a
// global: without this, every SPARQL query panics there.
if (globalThis.crypto === undefined) globalThis.crypto = webcrypto;

const started = Date.now();
const [out, ontologyPath] = process.argv.slice(2);
check(out && ontologyPath, 'usage: node check_oxigraph.mjs OUT ONTOLOGY.json');
const {modules, versions} = await loadPinned(['oxigraph']);
const ox = modules.oxigraph;
const want = expected(out);
const ontology = JSON.parse(readFileSync(ontologyPath, 'utf8'));
const O = ontology.base_iri;
const V = O + 'vocab/';

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const PREFIXES = `PREFIX rdf: <${RDF}> PREFIX rdfs: <${RDFS}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> PREFIX rg: <${V}> PREFIX onto: <${O}ontology/>
`;

function load(path, format) {
  const store = new ox.Store();
  let text;
  try {
    text = readFileSync(path, 'utf8');
    store.load(text, {format});
  } catch (e) {  // the parser's own error is the finding
    fail(`oxigraph cannot load ${path}: ${e}`);
  }
  // parse() yields every triple as read, so a triple written twice shows up
  // here while the Store keeps one.
  const parsed = ox.parse(text, {format}).length;
  check(parsed === store.size, `${path}: ${parsed} triples parsed, ${store.size} distinct: some are repeated`);
  return {store, text};
}

// The count of the single ?n of a SELECT.
function count(store, where) {
  const rows = store.query(`${PREFIXES}SELECT (COUNT(*) AS ?n) WHERE { ${where} }`);
  return Number(rows[0].get('n').value);
}

function rapperCount(path) {
  const run = spawnSync('rapper', ['-i', 'ntriples', '-c', path], {encoding: 'utf8'});
  if (run.error && run.error.code === 'ENOENT') return null;
  check(run.status === 0, `rapper rejects ${path}: ${run.stderr}`);
  const m = /returned (\d+) triples/.exec(run.stderr);
  check(m !== null, `no count in rapper's output: ${run.stderr}`);
  return Number(m[1]);
}

// 1. Both files, the same quads.
const ntPath = join(out, 'nasty.nt');
const nt = load(ntPath, 'application/n-triples');
const ttl = load(join(out, 'nasty.ttl'), 'text/turtle');
const lines = nt.text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;
check(nt.store.size === lines, `nasty.nt: oxigraph found ${nt.store.size} triples in ${lines} lines`);
check(ttl.store.size === nt.store.size,
      `nasty.ttl gives ${ttl.store.size} quads, nasty.nt ${nt.store.size}`);
const onlyInTtl = ttl.store.match().filter((q) => !nt.store.has(q));
check(onlyInTtl.length === 0,
      `${onlyInTtl.length} quads of nasty.ttl are not in nasty.nt, e.g. ${onlyInTtl.slice(0, 2).join(' ')}`);
const rapper = rapperCount(ntPath);
check(rapper === null || rapper === nt.store.size, `oxigraph: ${nt.store.size} quads, rapper ${rapper}`);

// 2. SPARQL counts, on the N-Triples store (the Turtle one holds the same quads).
const g = nt.store;
const types = ontology.entity_types.map((t) => `<${O}ontology/${t.id}>`).join(' ');
const roots = ontology.entity_types.filter((t) => !t.parent).map((t) => `<${O}ontology/${t.id}>`).join(' ');
const counts = {
  'entities (rdf:type of an ontology type)':
      [`SELECT DISTINCT ?e WHERE { VALUES ?t { ${types} } ?e a ?t }`, want.entities],
  'entities (rdf:type below a root class, by the file\'s rdfs:subClassOf)':
      [`SELECT DISTINCT ?e WHERE { VALUES ?root { ${roots} } ?e a/rdfs:subClassOf* ?root }`, want.entities],
  'entities with rg:id, rdfs:label and an ontology type':
      [`SELECT DISTINCT ?e WHERE { VALUES ?t { ${types} } ?e a ?t ; rg:id ?id ; rdfs:label ?l }`, want.entities],
  'statements': ['?st a rdf:Statement', want.relations],
  'negated statements': ['?st a rdf:Statement ; rg:polarity "negated"', want.negated],
  'statements whose polarity is missing or unknown':
      ['?st a rdf:Statement OPTIONAL { ?st rg:polarity ?p } ' +
           'FILTER(!BOUND(?p) || (?p != "affirmed" && ?p != "negated"))', 0],
  'statements whose subject or object is not an entity':
      ['?st a rdf:Statement ; rdf:subject ?s ; rdf:object ?o ' +
           'FILTER(NOT EXISTS { ?s rg:id ?i } || NOT EXISTS { ?o rg:id ?j })', 0],
  'evidence nodes': ['?ev a rg:Evidence', want.evidence],
  'statements with an xsd:integer weight':
      ['?st a rdf:Statement ; rg:weight ?w FILTER(datatype(?w) = xsd:integer)', want.relations],
  'statements with an xsd:double confidence':
      ['?st a rdf:Statement ; rg:confidence ?c FILTER(datatype(?c) = xsd:double)', want.relations],
  'statements whose weight is not their number of evidence links':
      ['{ SELECT ?st WHERE { ?st a rdf:Statement ; rg:weight ?w OPTIONAL { ?st rg:evidence ?ev } } ' +
           'GROUP BY ?st ?w HAVING (COUNT(?ev) != ?w) }', 0],
  'affirmed statements not asserted as a plain triple':
      ['?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; rg:polarity "affirmed" ' +
           'FILTER NOT EXISTS { ?s ?p ?o }', 0],
};
for (const [what, [where, n]] of Object.entries(counts)) {
  const got = count(g, where);
  check(got === n, `SPARQL: ${got} ${what}, expected ${n}`);
}
const weights = g.query(`${PREFIXES}SELECT (SUM(?w) AS ?n) WHERE { ?st a rdf:Statement ; rg:weight ?w }`);
const weightSum = Number(weights[0].get('n').value);
check(weightSum === want.evidence, `SPARQL: weights add up to ${weightSum}, expected ${want.evidence} evidence`);

// A negated statement is never asserted as a plain triple, unless an affirmed
// statement of the same triple asserts it (the test graph has one such pair).
const NEGATED_ALONE = '?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; rg:polarity "negated" ' +
    'FILTER NOT EXISTS { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; rg:polarity "affirmed" }';
const negatedAlone = count(g, NEGATED_ALONE);
check(negatedAlone >= 1 && negatedAlone < want.negated,
      `${negatedAlone} negated statements without an affirmed twin: the test graph lost its cases`);
const asserted = count(g, NEGATED_ALONE + ' ?s ?p ?o .');
check(asserted === 0, `${asserted} negated statements are asserted as plain triples`);

// 3. Literals: non-ASCII, quotes and <>&, a control character, tab/CR/LF.
const literalCount = (p, text) => g.match(null, ox.namedNode(p), ox.literal(text)).length;
check(literalCount(RDFS + 'label', TTP) === 1, 'the TTP label did not survive');
check(literalCount(RDFS + 'label', MILLER) === 1, 'the label with quotes and <>& did not survive');
check(literalCount(SKOS + 'altLabel', 'M.\x01Miller') === 1, 'the control character in an alias was not kept');
check(literalCount(V + 'text', 'Miller\tcriticized\x01 the TTP\nfor attacks\r\nin the north.') === 1,
      'the evidence text with tab, \\x01, LF and CRLF did not survive');

// 4. The checks can fail. A truncated Turtle file (its last "." gone) must
// not load, and the negation query must count a negated triple once it is
// asserted.
const bad = join(out, 'oxigraph-bad.ttl');
writeFileSync(bad, ttl.text.replace(/\s*\.\s*$/, '\n'));
let rejected = null;
try {
  new ox.Store().load(readFileSync(bad, 'utf8'), {format: 'text/turtle'});
} catch (e) {
  rejected = String(e).split('\n')[0];
}
check(rejected !== null, `oxigraph loaded a Turtle file without its final "." (${bad})`);
rmSync(bad);
const tampered = new ox.Store(g.match());
const alone = g.query(`${PREFIXES}SELECT ?s ?p ?o WHERE { ${NEGATED_ALONE} }`)[0];
tampered.add(ox.quad(alone.get('s'), alone.get('p'), alone.get('o')));
check(count(tampered, NEGATED_ALONE + ' ?s ?p ?o .') === 1,
      'the negation query did not see a negated triple asserted as a plain triple');

console.log(`oxigraph (${versions}, node ${process.version}): ${g.size} quads in nasty.nt and nasty.ttl ` +
            `(= its ${lines} lines${rapper === null ? '; rapper not installed, not compared' : ', = rapper'}); ` +
            `SPARQL: ${want.entities} entities, ${want.relations} statements, ${want.negated} negated ` +
            `(${negatedAlone} without an affirmed twin, not asserted), ${want.evidence} evidence; ` +
            `broken Turtle rejected (${rejected}); ${Date.now() - started} ms`);
