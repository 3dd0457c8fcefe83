// Real-client check: graphology with graphology-graphml reads relgraph's
// GraphML into a MultiDirectedGraph. Two readings must agree: the package's
// Node.js entry point on the file's text (it parses with the @xmldom/xmldom
// 0.8 it bundles, which logs and goes on where XML is malformed, and takes a
// mismatched end tag without a word), and its parser on a document that
// @xmldom/xmldom 0.9 parsed with every error fatal. Then: the hand-counted
// nodes, edges, negated edges and evidence; the nasty labels intact;
// mentions, weight, confidence and evidence_count come back as numbers;
// "not ..." labels exactly on negated edges; parallel edges told apart.
// Malformed files (truncated, a mismatched end tag, an edge to a missing
// node) must fail. Neither xmldom is a conforming XML parser (both take a
// bare "&" or a raw control character): well-formedness and the GraphML
// schema are clients.io.xmllint's job.
//
// Usage: node check_graphology.mjs OUT

import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {MILLER, TTP, check, expected, fail, hasControl, loadPinned} from './clients_common.mjs';

const started = Date.now();
const [out] = process.argv.slice(2);
check(out, 'usage: node check_graphology.mjs OUT');
const {modules, versions} = await loadPinned(['graphology', 'graphology-graphml', '@xmldom/xmldom']);
const {MultiDirectedGraph} = modules.graphology;
const graphml = modules['graphology-graphml'].default;
const {DOMParser} = modules['@xmldom/xmldom'];
// The parser factory both of graphology-graphml's entry points (node/, browser/)
// build their parse() from, given a DOMParser and its Document class.
const createParser = (await import('graphology-graphml/common/parser.js')).default;
const want = expected(out);
const path = join(out, 'nasty.graphml');
const text = readFileSync(path, 'utf8');

// A strict XML parse: errors and fatal errors throw. The one warning allowed
// is xmldom's note on U+FFFD, which relgraph writes in place of a control
// character in the readable keys (graph/io/graphml.h).
function strictDocument(source) {
  const parser = new DOMParser({
    onError(level, message) {
      if (level === 'warning' && /replacement character/.test(message)) return;
      throw new Error(`${level}: ${message.split('\n')[0]}`);
    },
  });
  return parser.parseFromString(source, 'application/xml');
}

// graphology-graphml's own Node.js entry point on text. xmldom 0.8 reports
// what it tolerates through console.error / console.warn, so those count as
// errors too.
function defaultParse(source) {
  const saved = {error: console.error, warn: console.warn, log: console.log};
  const logged = [];
  console.error = console.warn = console.log = (...args) => logged.push(args.join(' '));
  try {
    const graph = graphml.parse(MultiDirectedGraph, source);
    if (logged.length > 0) throw new Error('xmldom 0.8 complained: ' + logged[0].split('\n')[0]);
    return graph;
  } finally {
    Object.assign(console, saved);
  }
}

let doc;
let graph;
try {
  doc = strictDocument(text);
} catch (e) {
  fail(`${path} is not well-formed XML for @xmldom/xmldom: ${e.message}`);
}
try {
  graph = defaultParse(text);
} catch (e) {  // the reader's own error is the finding
  fail(`graphology-graphml cannot read ${path}: ${e.message}`);
}
const strictGraph = createParser(DOMParser, doc.constructor)(MultiDirectedGraph, doc);
check(JSON.stringify(strictGraph.export()) === JSON.stringify(graph.export()),
      'graphology-graphml reads a different graph from the strictly parsed document');

// Shape and counts.
check(graph.type === 'directed' && graph.multi,
      `graphology built a ${graph.multi ? 'multi' : 'simple'} ${graph.type} graph, not a MultiDirectedGraph`);
check(graph.order === want.entities, `${graph.order} nodes, expected ${want.entities} entities`);
check(graph.size === want.relations, `${graph.size} edges, expected ${want.relations} relations`);
const idsOf = (tag) => [...doc.getElementsByTagName(tag)].map((e) => e.getAttribute('id')).sort();
check(JSON.stringify(graph.nodes().sort()) === JSON.stringify(idsOf('node')), 'node keys are not the file\'s node ids');
check(JSON.stringify(graph.edges().sort()) === JSON.stringify(idsOf('edge')), 'edge keys are not the file\'s edge ids');

// Nodes: labels, types, numeric mentions.
const labels = new Set();
let mentions = 0;
graph.forEachNode((node, a) => {
  check(typeof a.label === 'string' && typeof a.type === 'string', `node ${node}: label or type is not a string`);
  check(Number.isInteger(a.mentions), `node ${node}: mentions is ${JSON.stringify(a.mentions)}, not an integer`);
  for (const [key, value] of Object.entries(a)) {
    check(typeof value !== 'string' || !hasControl(value), `node ${node}: a control character in ${key}`);
  }
  labels.add(a.label);
  mentions += a.mentions;
});
check(labels.has(TTP), `the TTP label did not survive: ${JSON.stringify([...labels])}`);
check(labels.has(MILLER), 'the label with quotes and <>& did not survive');
check(mentions === 13, `mentions add up to ${mentions}, expected 13 (4+3+2+1+1+2 in nasty_graph.cc)`);
const miller = graph.findNode((n, a) => a.label === MILLER);
check(graph.getNodeAttribute(miller, 'aliases').includes('M.\uFFFDMiller'),
      'the alias with a control character is not written with U+FFFD in its place');

// Edges: typed numbers, polarity in the label, provenance.
let negated = 0;
let evidence = 0;
let exponent = 0;
const pairLabels = new Map();
graph.forEachEdge((edge, a, source, target) => {
  const where = `edge ${edge} (${source} -> ${target})`;
  for (const key of ['weight', 'confidence']) {
    check(typeof a[key] === 'number' && Number.isFinite(a[key]), `${where}: ${key} is ${JSON.stringify(a[key])}`);
  }
  check(Number.isInteger(a.evidence_count), `${where}: evidence_count is ${JSON.stringify(a.evidence_count)}`);
  for (const key of ['label', 'relation', 'polarity', 'direction', 'provenance']) {
    check(typeof a[key] === 'string', `${where}: ${key} is ${JSON.stringify(a[key])}, not a string`);
  }
  check(a.weight === a.evidence_count, `${where}: weight ${a.weight} != evidence_count ${a.evidence_count}`);
  check(a.confidence > 0 && a.confidence <= 1, `${where}: confidence ${a.confidence}`);
  check(['affirmed', 'negated'].includes(a.polarity), `${where}: polarity ${a.polarity}`);
  check(['directed', 'symmetric'].includes(a.direction), `${where}: direction ${a.direction}`);
  check((a.polarity === 'negated') === a.label.startsWith('not '),
        `${where}: label ${JSON.stringify(a.label)} does not show polarity ${a.polarity}`);
  const provenance = JSON.parse(a.provenance);
  check(provenance.length === a.evidence_count, `${where}: provenance holds ${provenance.length} items`);
  negated += a.polarity === 'negated';
  evidence += a.evidence_count;
  exponent += a.confidence === 1e-5;  // written "1e-05"
  const pair = `${source} -> ${target}`;
  pairLabels.set(pair, [...(pairLabels.get(pair) || []), a.label]);
});
check(negated === want.negated, `${negated} negated edges, expected ${want.negated}`);
check(evidence === want.evidence, `evidence_count adds up to ${evidence}, expected ${want.evidence}`);
check(exponent === 1, `${exponent} edges with confidence 1e-05 (nasty_graph.cc has one)`);
for (const [pair, names] of pairLabels) {
  check(new Set(names).size === names.length, `parallel edges ${pair} share a label: ${JSON.stringify(names)}`);
}
check(Math.max(...[...pairLabels.values()].map((n) => n.length)) >= 3, 'the test graph lost its parallel edges');
const texts = graph.mapEdges((e, a) => JSON.parse(a.provenance).map((p) => p.text)).flat();
check(texts.includes('Miller\tcriticized\x01 the TTP\nfor attacks\r\nin the north.'),
      'the evidence text with tab, \\x01, LF and CRLF did not survive in provenance');

// The checks can fail: malformed files.
function rejects(source, parse) {
  try {
    parse(source);
    return null;
  } catch (e) {
    return e.message.split('\n')[0];
  }
}
const truncated = text.slice(0, Math.floor(text.length / 2));
const mismatched = text.replace('</node>', '</nodes>');
const dangling = text.replace(/target="country:pakistan"/, 'target="country:atlantis"');
check(mismatched !== text && dangling !== text, 'the negative controls did not change the file');
const strictThenRead = (s) => createParser(DOMParser, doc.constructor)(MultiDirectedGraph, strictDocument(s));
check(rejects(truncated, strictDocument) !== null, 'xmldom 0.9 accepted a truncated file');
check(rejects(truncated, defaultParse) !== null, 'graphology-graphml accepted a truncated file');
check(rejects(mismatched, strictDocument) !== null, 'xmldom 0.9 accepted a mismatched end tag');
check(rejects(dangling, defaultParse) !== null, 'graphology-graphml accepted an edge to a missing node');
check(rejects(dangling, strictThenRead) !== null, 'graphology-graphml accepted an edge to a missing node');
const lenient = rejects(mismatched, defaultParse) === null ? '; note: its bundled xmldom 0.8 takes a mismatched end tag' : '';

console.log(`graphology (${versions}, node ${process.version}): ${graph.order} nodes, ${graph.size} edges, ` +
            `numbers typed, nasty labels intact, ${negated} negated with "not" labels, parallel edges distinct; ` +
            `truncated, mismatched and dangling files rejected${lenient}; ${Date.now() - started} ms`);
