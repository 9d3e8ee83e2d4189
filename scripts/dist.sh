#!/usr/bin/env bash
# Builds the release archives into dist/ (docs/install.md, "Building the archives"):
#   dist/ladder-VERSION-x86_64-unknown-linux-musl.tar.gz   Linux x86_64, one static binary
#   dist/ladder-VERSION-x86_64-pc-windows-gnu.zip          Windows x86_64, ladder.exe
# each holding the binary, README.md, LICENSE, CHANGELOG.md, QUICKSTART.txt (Chinese and English),
# the shipped example rules (rules/) and the documentation (docs/), in a folder of the archive's name;
# and dist/SHA256SUMS.
#
# Needs: the rustup targets x86_64-unknown-linux-musl and x86_64-pc-windows-gnu, and Debian's
# gcc-mingw-w64-x86-64 (the Windows linker), zip and file. `scripts/dist.sh linux` or
# `scripts/dist.sh windows` builds one archive only.
set -euo pipefail
cd "$(dirname "$0")/.."

LINUX=x86_64-unknown-linux-musl
WINDOWS=x86_64-pc-windows-gnu
WINDOWS_LINKER=x86_64-w64-mingw32-gcc

fail() {
    echo "dist.sh: $*" >&2
    exit 1
}

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || fail "no version in Cargo.toml"
# Archive entries get the date of the last commit, so two builds of one commit pack the same files.
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)

need() {
    command -v "$1" >/dev/null || fail "$1 is missing: $2"
}
need_target() {
    rustup target list --installed 2>/dev/null | grep -qx "$1" \
        || fail "the Rust target $1 is missing: rustup target add $1"
}

# The folder target/dist/$1 of an archive, made afresh: the binary $2 as $3, and the files every
# archive carries beside it; $4 is "crlf" for Windows, where the quick start gets a byte-order mark
# and CRLF line ends so that every Notepad shows its Chinese.
stage() {
    local dir=target/dist/$1 ends=$4
    rm -rf "$dir"
    mkdir -p "$dir"
    cp "$2" "$dir/$3"
    cp README.md LICENSE CHANGELOG.md "$dir/"
    cp -R rules docs "$dir/"
    if [ "$ends" = crlf ]; then
        { printf '\357\273\277'; sed 's/$/\r/' scripts/QUICKSTART.txt; } >"$dir/QUICKSTART.txt"
    else
        cp scripts/QUICKSTART.txt "$dir/QUICKSTART.txt"
    fi
    # Manual pages (English, and Chinese under man/zh) and completion scripts, written by the
    # host's build of the same source: the Windows binary cannot run here without Wine.
    local host=target/release/ladder page
    mkdir -p "$dir/man/zh" "$dir/completions"
    for page in "" check fmt run explain audit graph test repl completions; do
        local file=ladder${page:+-$page}.1
        LADDER_LANG=en "$host" man $page >"$dir/man/$file" || fail "ladder man $page failed"
        LADDER_LANG=zh "$host" man $page >"$dir/man/zh/$file" || fail "ladder man $page failed"
    done
    for shell in bash zsh fish powershell; do
        LADDER_LANG=en "$host" completions "$shell" >"$dir/completions/ladder.$shell" \
            || fail "ladder completions $shell failed"
    done
    mv "$dir/completions/ladder.zsh" "$dir/completions/_ladder"
    mv "$dir/completions/ladder.powershell" "$dir/completions/ladder.ps1"
    if [ "$ends" = crlf ]; then
        sed -i 's/$/\r/' "$dir/completions/ladder.ps1"
    fi
    find "$dir" -exec touch -h -d "@$epoch" {} +
}

build() {
    cargo build --release --locked --target "$1"
}

linux() {
    need_target "$LINUX"
    need file "apt-get install file"
    build "$LINUX"
    local bin=target/$LINUX/release/ladder
    # Rust's musl binaries are static PIEs, which `file` calls "static-pie linked": no interpreter,
    # no shared library, like "statically linked", but loaded at a random address.
    file -L "$bin" | grep -Eq 'statically linked|static-pie linked' \
        || fail "$bin is not statically linked: $(file -L "$bin")"
    if file -L "$bin" | grep -q interpreter; then fail "$bin needs a dynamic loader: $(file -L "$bin")"; fi

    local name=ladder-$version-$LINUX
    stage "$name" "$bin" ladder lf
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
        -C target/dist -czf "dist/$name.tar.gz" "$name"
    echo "dist/$name.tar.gz: $(du -h "dist/$name.tar.gz" | cut -f1); $bin: $(file -b "$bin")"
}

windows() {
    need_target "$WINDOWS"
    need "$WINDOWS_LINKER" "apt-get install gcc-mingw-w64-x86-64"
    need zip "apt-get install zip"
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=$WINDOWS_LINKER build "$WINDOWS"
    local bin=target/$WINDOWS/release/ladder.exe

    local name=ladder-$version-$WINDOWS
    stage "$name" "$bin" ladder.exe crlf
    rm -f "dist/$name.zip"
    (cd target/dist && find "$name" | LC_ALL=C sort | zip -X -q "../../dist/$name.zip" -@)
    echo "dist/$name.zip: $(du -h "dist/$name.zip" | cut -f1)"
}

mkdir -p dist target/dist
cargo build --release --locked
case "${1:-all}" in
    linux) linux ;;
    windows) windows ;;
    all) linux && windows ;;
    *) fail "usage: scripts/dist.sh [linux|windows|all]" ;;
esac
(cd dist && sha256sum ladder-"$version"-* >SHA256SUMS)
