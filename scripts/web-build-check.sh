#!/bin/sh
# Type-checks the page (tsc --strict), rebuilds its bundle from web/package-lock.json and fails if
# it differs from the committed web/dist.
set -eu
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund
npm run check
npm run build
if [ -n "$(git status --porcelain -- dist/)" ]; then
    git status --short -- dist/
    git diff --stat -- dist/
    echo "web/dist differs from the bundle built from web/package-lock.json: run 'cd web && npm ci && npm run build' and commit web/dist" >&2
    exit 1
fi
