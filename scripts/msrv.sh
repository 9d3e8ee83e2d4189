#!/usr/bin/env bash
# The oldest Rust that builds Ladder is the package's rust-version (Cargo.toml). This machine has one
# toolchain and cannot fetch another, so the promise is checked in the two ways that need none:
#  1. no dependency in Cargo.lock declares a newer rust-version than ours;
#  2. clippy's incompatible_msrv lint finds no use of a standard library item newer than ours.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --locked --format-version 1 | python3 -c '
import json, sys
meta = json.load(sys.stdin)
def v(s): return tuple(int(p) for p in (s.split(".") + ["0", "0"])[:3])
ours = next(p for p in meta["packages"] if p["id"] in meta["workspace_members"])
msrv = ours["rust_version"]
newer = sorted("%s %s needs Rust %s" % (p["name"], p["version"], p["rust_version"])
               for p in meta["packages"] if p.get("rust_version") and v(p["rust_version"]) > v(msrv))
if newer:
    sys.exit("msrv.sh: Cargo.toml says rust-version %s, but:\n  %s" % (msrv, "\n  ".join(newer)))
print("msrv.sh: all %d packages build on Rust %s or older, by their rust-version" % (len(meta["packages"]), msrv))
'
cargo clippy --locked --all-targets -q -- -A clippy::all -D clippy::incompatible_msrv
echo "msrv.sh: no standard library item newer than the rust-version is used (clippy::incompatible_msrv)"
