#!/bin/sh
# The workbench's browser tests: the real target/release/ladder (built beforehand; this script builds
# nothing) serving a copy of rules/, driven in Debian's chromium (/usr/bin/chromium) by playwright-core.
# Screenshots of each step go to ${SHOTS:-target/serve-shots}.
set -eu
cd "$(dirname "$0")/.."
if [ ! -d web/node_modules ]; then
    (cd web && npm ci --no-audit --no-fund)
fi
node web/test/words.mjs
LADDER="${LADDER:-target/release/ladder}" node web/test/e2e.mjs
