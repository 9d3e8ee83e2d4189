#!/usr/bin/env bash
# Instruction counts of the ten-level workloads (plain, --explain, --format jsonl) and a byte-for-byte
# check of their outputs against those of an earlier binary. Instruction counts (callgrind) do not
# depend on the machine's load, as times do.
#
#   benches/workloads.sh LADDER OUTDIR [ROWS]          # counts, outputs saved in OUTDIR
#   benches/workloads.sh LADDER OUTDIR [ROWS] REFDIR   # and every output compared with REFDIR's
#
# LADDER is best the `profiling` build (cargo build --profile profiling: target/profiling/ladder).
# The data file is made by the `gen_ten_level` example (cargo build --release --example gen_ten_level).
# Besides the ten-level file, every rule file in rules/ with a sample next to it is run each way
# (with `--format jsonl`, `--explain`, and CSV) and compared, without callgrind.
set -euo pipefail
ladder=$(realpath "$1")
out=$(realpath -m "$2")
rows=${3:-20000}
ref=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
gen="$root/target/release/examples/gen_ten_level"
[ -x "$gen" ] || (cd "$root" && cargo build --release --locked --example gen_ten_level >&2)
mkdir -p "$out"
data="$out/ten_level_$rows.csv"
[ -f "$data" ] || "$gen" "$rows" > "$data"
rules="$root/rules/ten_level.ladder"
export LADDER_LANG=en

# name, then the arguments after `run RULES DATA`
workloads=(
    "plain_keep|--keep 客户编号"
    "plain_all|"
    "explain_keep|--keep 客户编号 --explain"
    "jsonl_keep|--keep 客户编号 --format jsonl"
    "jsonl_all|--format jsonl"
)
printf '| workload | instructions (M) | × plain, same columns |\n|---|---:|---:|\n'
declare -A ir
for w in "${workloads[@]}"; do
    name=${w%%|*}
    read -r -a args <<< "${w#*|}"
    ext=csv
    [[ $name == jsonl* ]] && ext=jsonl
    file="$out/$name.$ext"
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.$name" \
        "$ladder" run "$rules" "$data" --as-of 2026-11-23 "${args[@]}" -o "$file" 2> "$out/callgrind.$name.log"
    n=$(grep -o 'Collected : [0-9]*' "$out/callgrind.$name.log" | grep -o '[0-9]*$')
    ir[$name]=$n
    base=${ir[plain_all]:-$n}
    [[ $name == *keep ]] && base=${ir[plain_keep]}
    awk -v w="$name" -v n="$n" -v b="$base" 'BEGIN { printf "| %s | %.1f | %.2f |\n", w, n / 1e6, n / b }'
done

# Not counted, only compared: --explain in Chinese and with every column.
LADDER_LANG=zh "$ladder" run "$rules" "$data" --as-of 2026-11-23 --keep 客户编号 --explain -o "$out/explain_keep_zh.csv"
"$ladder" run "$rules" "$data" --as-of 2026-11-23 --explain -o "$out/explain_all.csv"

# The shipped rules with their samples, each output kind.
for sample in "$root"/rules/*.sample.csv; do
    r=${sample%.sample.csv}.ladder
    [ -f "$r" ] || continue
    b=$(basename "${r%.ladder}")
    "$ladder" run "$r" "$sample" --as-of 2026-11-23 -o "$out/rules_$b.csv" 2>/dev/null || true
    "$ladder" run "$r" "$sample" --as-of 2026-11-23 --explain -o "$out/rules_${b}_explain.csv" 2>/dev/null || true
    "$ladder" run "$r" "$sample" --as-of 2026-11-23 --format jsonl -o "$out/rules_$b.jsonl" 2>/dev/null || true
    LADDER_LANG=zh "$ladder" run "$r" "$sample" --as-of 2026-11-23 --explain -o "$out/rules_${b}_explain_zh.csv" \
        2>/dev/null || true
done

if [ -n "$ref" ]; then
    status=0
    for f in "$ref"/*.csv "$ref"/*.jsonl; do
        n=$(basename "$f")
        [[ $n == ten_level_* ]] && continue
        if cmp -s "$f" "$out/$n"; then echo "same: $n"; else echo "DIFFERENT: $n"; status=1; fi
    done
    exit $status
fi
