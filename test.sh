#!/usr/bin/env bash
# The project's test command (README): the Rust tests, then Ladder checking and testing its own
# shipped rules exactly as a team's CI would.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release --locked
cargo test --locked -q
./target/release/ladder check --deny-warnings rules/
./target/release/ladder fmt --check rules/
./target/release/ladder test rules/
