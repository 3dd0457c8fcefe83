// Shared by the check_*.mjs real-client scripts (the npm readers): expected
// counts, fail, skip, and loading the pinned packages from this folder's
// node_modules (installed by tools/install-deps --test, which runs npm ci).

import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const SKIP = 77;  // ctest SKIP_RETURN_CODE
const here = dirname(fileURLToPath(import.meta.url));
const INSTALL = 'run tools/install-deps --test (it installs nodejs and npm, then npm ci in tests/clients/npm)';

export function fail(message) {
  console.error('FAIL: ' + message);
  process.exit(1);
}

export function skip(message) {
  console.error('SKIPPED: ' + message);
  process.exit(SKIP);
}

export function check(condition, message) {
  if (!condition) fail(message);
}

// The hand-counted numbers write_nasty_graph put in OUT/counts.json.
export function expected(out) {
  const path = join(out, 'counts.json');
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    fail(path + ' is missing (run the clients.io.write test first)');
  }
  return JSON.parse(text);
}

// Imports each package of `names` from node_modules after checking that the
// installed version is the one package.json pins: skips when a package is not
// installed, fails when node_modules holds another version (a stale npm ci).
// Returns {modules: {name: module}, versions: "name@version ..."}.
export async function loadPinned(names) {
  const pins = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies;
  const modules = {};
  const versions = [];
  for (const name of names) {
    check(name in pins, `${name} is not pinned in tests/clients/npm/package.json`);
    let installed;
    try {
      installed = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      skip(`the npm package ${name} is not installed in tests/clients/npm/node_modules: ${INSTALL}`);
    }
    check(installed === pins[name],
          `node_modules holds ${name}@${installed}, package.json pins ${pins[name]}: ${INSTALL}`);
    modules[name] = await import(name);
    versions.push(`${name}@${installed}`);
  }
  return {modules, versions: versions.join(' ')};
}

// Strings with a control character other than tab and newline.
export function hasControl(text) {
  return [...text].some((c) => c !== '\t' && c !== '\n' && c.codePointAt(0) < 0x20);
}

export const TTP = 'Tehreek-e-Taliban Pakistan \u2018TTP\u2019 \u2013 Khyber Pakhtunkhwa';
export const MILLER = 'Matthew "Matt" Miller <spokesman> & co';
