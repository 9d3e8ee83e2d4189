#!/usr/bin/env bash
# A time-bounded fuzz campaign: tests/fuzz.rs in rounds with fresh seeds until MINUTES are up.
#
#   scripts/fuzz.sh [MINUTES]      default 10; .ci/run runs 2
#
# LADDER_FUZZ_CASES sets the cases per property and round (default 200). A failing case is
# shrunk by proptest and its seed saved in proptest-regressions/fuzz.txt, where every later run
# replays it first; the round's seed is printed so the whole round can be run again with
# PROPTEST_RNG_SEED. Exit 0: no failure; 1: a failure; 2: the tests could not be built.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
case $minutes in
    '' | *[!0-9]*)
        echo "usage: scripts/fuzz.sh [MINUTES]" >&2
        exit 2
        ;;
esac
export LADDER_FUZZ_CASES=${LADDER_FUZZ_CASES:-200}

# The clock starts once the test binary is built.
binary=$(cargo test --locked --test fuzz --no-run --message-format=json 2>/dev/null \
    | grep '"kind":\["test"\],"crate_types":\["bin"\],"name":"fuzz"' \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    echo "scripts/fuzz.sh: could not build tests/fuzz.rs (cargo test --test fuzz --no-run)" >&2
    exit 2
fi

deadline=$(($(date +%s) + minutes * 60))
rounds=0
while :; do
    left=$((deadline - $(date +%s)))
    [ "$left" -gt 0 ] || break
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    rounds=$((rounds + 1))
    echo "fuzz round $rounds: PROPTEST_RNG_SEED=$seed LADDER_FUZZ_CASES=$LADDER_FUZZ_CASES (${left} s left)"
    status=0
    PROPTEST_RNG_SEED=$seed timeout "$left" "$binary" --quiet --test-threads=2 >"${TMPDIR:-/tmp}/ladder-fuzz.$$" 2>&1 \
        || status=$?
    # Cut short by the clock: that round's cases so far passed.
    if [ "$status" -eq 124 ]; then
        rounds=$((rounds - 1))
        break
    fi
    if [ "$status" -ne 0 ]; then
        cat "${TMPDIR:-/tmp}/ladder-fuzz.$$"
        rm -f "${TMPDIR:-/tmp}/ladder-fuzz.$$"
        echo
        echo "fuzz: FAILED in round $rounds. The shrunk input is above (\"minimal failing input\"); its seed"
        echo "is saved in proptest-regressions/fuzz.txt. Run the round again with:"
        echo "  PROPTEST_RNG_SEED=$seed LADDER_FUZZ_CASES=$LADDER_FUZZ_CASES cargo test --test fuzz"
        echo "and keep the input as a file in tests/fuzz/regressions/ (docs/testing.md)."
        exit 1
    fi
    rm -f "${TMPDIR:-/tmp}/ladder-fuzz.$$"
done
echo "fuzz: $rounds whole rounds of $LADDER_FUZZ_CASES cases per property in $minutes min: no failure"
