#!/usr/bin/env bash
# Runs tests/dist.rs on the binaries inside the archives that scripts/dist.sh left in dist/: the
# Linux one natively, ladder.exe under Wine (Debian's wine). Each archive is unpacked into a fresh
# temporary folder first, so what is tested is what a user downloads.
# `scripts/dist-test.sh linux` or `scripts/dist-test.sh windows` tests one archive only.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/ladder-dist-test.XXXXXX")
cleanup() {
    if [ -n "${WINEPREFIX:-}" ] && command -v wineserver >/dev/null; then
        wineserver -k 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "dist-test.sh: $*" >&2
    exit 1
}

archive() {
    [ -f "dist/$1" ] || fail "dist/$1 is missing: run scripts/dist.sh first"
    echo "dist/$1"
}

# Build the test binary (and the host's ladder it compares with) before any timing starts.
cargo test --locked --test dist --no-run -q

linux() {
    local name=ladder-$version-x86_64-unknown-linux-musl
    tar -xzf "$(archive "$name.tar.gz")" -C "$work"
    echo "== $name, natively"
    LADDER_DIST_BIN=$work/$name/ladder cargo test --locked -q --test dist -- --ignored
}

# Makes the Wine prefix. A failed attempt shows what wineboot said and the free disk (a prefix takes
# about 700 MB), and is tried once more on a fresh prefix before the run fails.
boot_wine() {
    local log=$work/wineboot.log attempt rc
    for attempt in 1 2; do
        rc=0
        timeout 600 wineboot --init >"$log" 2>&1 || rc=$?
        if [ "$rc" -eq 0 ]; then
            return 0
        fi
        echo "dist-test.sh: wineboot --init failed (attempt $attempt, exit code $rc); what it printed:" >&2
        tail -n 40 "$log" >&2
        df -h "$work" >&2
        wineserver -k 2>/dev/null || true
        rm -rf "$WINEPREFIX"
    done
    fail "wineboot could not make a Wine prefix in $WINEPREFIX (see above)"
}

windows() {
    local name=ladder-$version-x86_64-pc-windows-gnu
    command -v wine >/dev/null || fail "wine is missing: apt-get install wine wine64"
    unzip -q "$(archive "$name.zip")" -d "$work"
    # A Wine of our own, made here; Wine's fixme: lines off. Chinese file names cross from Linux to
    # Windows through the locale's character set, so it must be UTF-8.
    export WINEPREFIX=$work/wine WINEDEBUG=-all LC_ALL=C.UTF-8
    local start=$SECONDS
    boot_wine
    # Rust's standard library imports ProcessPrng from bcryptprimitives.dll, which every Windows 10
    # and 11 has and Wine before 9 lacks: then the prefix gets a test-only stand-in (never shipped).
    local system32=$WINEPREFIX/drive_c/windows/system32
    if [ ! -e "$system32/bcryptprimitives.dll" ]; then
        x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
            scripts/wine/bcryptprimitives.c -ladvapi32 \
            || fail "could not build the stand-in bcryptprimitives.dll (scripts/wine/bcryptprimitives.c)"
        echo "note: $(wine --version) has no bcryptprimitives.dll; using scripts/wine/bcryptprimitives.c"
    fi
    # A Windows program that holds a file open as Excel does (scripts/wine/hold.c, test-only).
    x86_64-w64-mingw32-gcc -O2 -municode -o "$work/hold.exe" scripts/wine/hold.c \
        || fail "could not build scripts/wine/hold.c"
    echo "== $name, under $(wine --version) (prefix made in $((SECONDS - start)) s)"
    LADDER_DIST_HOLD=$work/hold.exe LADDER_DIST_RUNNER=wine LADDER_DIST_BIN=$work/$name/ladder.exe \
        cargo test --locked -q --test dist -- --ignored
}

case "${1:-all}" in
    linux) linux ;;
    windows) windows ;;
    all) linux && windows ;;
    *) fail "usage: scripts/dist-test.sh [linux|windows|all]" ;;
esac
