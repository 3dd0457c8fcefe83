#!/bin/sh
# Runs one of the npm readers' checks (tests/clients/npm/check_*.mjs) with
# node. Skips (77) when node or the pinned npm packages are missing: they come
# from tools/install-deps --test (Debian's nodejs and npm, then npm ci in
# tests/clients/npm); nothing is installed at build or test time.
# Usage: check_npm.sh SCRIPT.mjs OUT [ARGS...]
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*" >&2; exit 77; }
[ $# -ge 2 ] || fail "usage: check_npm.sh SCRIPT.mjs OUT [ARGS...]"
npm_dir="$(dirname "$0")/npm"
install="run tools/install-deps --test (apt-get install nodejs npm, then npm ci in tests/clients/npm)"
command -v node >/dev/null 2>&1 || skip "node is not installed: $install"
[ -d "$npm_dir/node_modules" ] || skip "tests/clients/npm/node_modules is missing: $install"
exec node "$@"
