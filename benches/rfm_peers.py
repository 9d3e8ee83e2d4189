#!/usr/bin/env python3
"""rules/rfm.ladder against the same definition written in polars and in DuckDB SQL (issue 19).

    python3 -m pip install polars==1.44.2          # duckdb==1.5.6 is pinned in .ci/run already
    cargo build --release --locked
    benches/rfm_peers.py --rows 1000000 [--runs 5] [--seed 42] [--keep-data]
    benches/rfm_peers.py DATA.csv [--runs 5]

With --rows, the data is made by benches/gen_rfm.py (seeded) in a temporary folder outside the repo.
Each round runs, one after the other and each as a child process:
- `ladder run rules/rfm.ladder DATA --keep 客户名称 --as-of 2026-11-23 -o OUT` (the release binary);
- polars (lazy API, its default multi-threaded engine) reading the raw CSV;
- DuckDB (default threads) reading the raw CSV with `read_csv`.
All three read the raw file as exported: the cell spellings of the generator (`163万`, `¥220,000`,
`2500000元`, `2,670,000`, `2026/9/18`, `2025-03-15`, `2025年5月6日`, the missing markers of
docs/language.md) are parsed by each peer itself, in its own expressions. The peers parse only
whole yuan (no `1.2亿`, `30%`, `5次`, decimals); the generator writes none.

After the first round the three outputs are compared row by row: for every 客户名称, the level
(RFM分群), 策略 and the scores R, F, M must be equal; mismatches are listed and the script exits 1.
Then it prints, per program, the median wall time and peak RSS of the child process (GNU time), the
peers' time inside their process (after `import`), and the ratios to Ladder's median.

`--wrong-polars-cut` makes polars rank ties by their last position (rank "max") instead of their
first, to see the check catch a wrong quintile cut.
"""

import argparse
import csv
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LADDER = os.path.join(ROOT, "target", "release", "ladder")
RULES = os.path.join(ROOT, "rules", "rfm.ladder")
AS_OF = "2026-11-23"
KEY = "客户名称"
COMPARED = ["RFM分群", "策略", "R", "F", "M"]

# docs/language.md, "Reading values from data": compared after trimming, letters in any case.
MARKERS = ["", "-", "–", "—", "/", "无", "暂无", "空", "N/A", "#N/A", "NULL"]
DATE = r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"

# (近期买过, 买得频繁, 花得多) -> level, in rules/rfm.ladder's order, and each level's 策略.
LEVELS = {
    (True, True, True): "重要价值客户",
    (True, False, True): "重要发展客户",
    (False, True, True): "重要保持客户",
    (False, False, True): "重要挽留客户",
    (True, True, False): "一般价值客户",
    (True, False, False): "一般发展客户",
    (False, True, False): "一般保持客户",
    (False, False, False): "一般挽留客户",
}
NEVER, INCOMPLETE = "无购买记录", "数据不全"
STRATEGY = {
    NEVER: "转交线索跟进，按十级标准推进",
    "重要价值客户": "VIP专属服务，专人维护，保持现状",
    "重要发展客户": "提高购买频次：年度框架协议、定期补货提醒",
    "重要保持客户": "主动回访，了解近况，防止流失",
    "重要挽留客户": "重点召回：上门拜访，分析流失原因",
    "一般价值客户": "推荐高价值产品，提高客单价",
    "一般发展客户": "新客培育，引导二次购买",
    "一般保持客户": "低成本维护：短信、邮件",
    "一般挽留客户": "自动化营销，不投入人力",
    INCOMPLETE: "补录购买数据后重新分群",
}


def polars_rfm(src, out, wrong_cut=False):
    import polars as pl

    def cell(name):
        s = pl.col(name).str.strip_chars()
        return pl.when(s.is_null() | s.str.to_uppercase().is_in(MARKERS)).then(None).otherwise(s)

    def quintile(x):
        # 1 + 5 × (rows with a smaller x) ÷ n, rounded down; ties counted from the first of them.
        rank = x.rank("max" if wrong_cut else "min").cast(pl.Int64)
        return 1 + (5 * (rank - 1)) // x.count()

    ymd = cell("最近购买日期").str.extract_groups(DATE)
    date = pl.date(*(ymd.struct.field(str(i)).cast(pl.Int32, strict=False) for i in (1, 2, 3)))
    yuan = cell("购买金额").str.replace_all(r"[,¥元]", "")
    wan = yuan.str.ends_with("万")
    lf = (
        pl.scan_csv(src, infer_schema=False)
        .select(
            pl.col(KEY),
            (pl.lit(datetime.date.fromisoformat(AS_OF)) - date).dt.total_days().alias("days"),
            cell("购买次数").cast(pl.Int64, strict=False).alias("count"),
            pl.when(wan)
            .then(yuan.str.strip_suffix("万").cast(pl.Int64, strict=False) * 10_000)
            .otherwise(yuan.cast(pl.Int64, strict=False))
            .alias("money"),
        )
        .with_columns(
            (6 - quintile(pl.col("days"))).alias("R"),
            quintile(pl.col("count")).alias("F"),
            quintile(pl.col("money")).alias("M"),
            (pl.col("days").is_null() & (pl.col("count").is_null() | (pl.col("count") == 0))).alias("never"),
        )
    )
    level = pl.when(pl.col("never")).then(pl.lit(NEVER))
    level = level.when(pl.any_horizontal(pl.col("R", "F", "M").is_null())).then(pl.lit(INCOMPLETE))
    for (r, f, m), name in LEVELS.items():
        level = level.when(
            ((pl.col("R") >= 4) == r) & ((pl.col("F") >= 4) == f) & ((pl.col("M") >= 4) == m)
        ).then(pl.lit(name))
    lf = lf.select(
        pl.col(KEY),
        level.alias("RFM分群"),
        level.replace_strict(STRATEGY).alias("策略"),
        pl.col("R", "F", "M"),
    )
    lf.collect().write_csv(out)


def duckdb_rfm(src, out):
    import duckdb

    con = duckdb.connect()
    markers = ", ".join("'" + m + "'" for m in MARKERS)
    con.execute(f"CREATE MACRO cell(s) AS CASE WHEN upper(trim(s)) IN ({markers}) THEN NULL ELSE trim(s) END")

    def quintile(x):
        return (f"CASE WHEN {x} IS NULL THEN NULL "
                f"ELSE 1 + (5 * (rank() OVER (ORDER BY {x} NULLS LAST) - 1)) // count({x}) OVER () END")

    def part(i):
        return f"TRY_CAST(regexp_extract(cell(最近购买日期), '{DATE}', {i}) AS INTEGER)"

    level = " ".join(
        f"WHEN (R >= 4) = {r} AND (F >= 4) = {f} AND (M >= 4) = {m} THEN '{name}'"
        for (r, f, m), name in LEVELS.items()
    )
    strategy = " ".join(f"WHEN '{name}' THEN '{s}'" for name, s in STRATEGY.items())
    query = f"""
    WITH parsed AS (
      SELECT {KEY},
        DATE '{AS_OF}' - make_date({part(1)}, {part(2)}, {part(3)}) AS days,
        TRY_CAST(cell(购买次数) AS BIGINT) AS count,
        regexp_replace(cell(购买金额), '[,¥元]', '', 'g') AS yuan
      FROM read_csv('{src}', all_varchar = true, header = true)),
    scored AS (
      SELECT {KEY}, days, count,
        6 - ({quintile("days")}) AS R,
        {quintile("count")} AS F,
        {quintile("CASE WHEN yuan LIKE '%万' THEN TRY_CAST(rtrim(yuan, '万') AS BIGINT) * 10000 "
                  "ELSE TRY_CAST(yuan AS BIGINT) END")} AS M
      FROM parsed),
    graded AS (
      SELECT {KEY}, R, F, M,
        CASE WHEN days IS NULL AND (count IS NULL OR count = 0) THEN '{NEVER}'
             WHEN R IS NULL OR F IS NULL OR M IS NULL THEN '{INCOMPLETE}'
             {level} END AS RFM分群
      FROM scored)
    SELECT {KEY}, RFM分群, CASE RFM分群 {strategy} END AS 策略, R, F, M FROM graded"""
    con.execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")


def child(engine, src, out, wrong_cut):
    """Runs one peer in this process; prints its seconds after the imports."""
    if engine == "polars":
        import polars  # noqa: F401

        t = time.perf_counter()
        polars_rfm(src, out, wrong_cut)
    else:
        import duckdb  # noqa: F401

        t = time.perf_counter()
        duckdb_rfm(src, out)
    print(json.dumps({"inside": time.perf_counter() - t}))


def measured(cmd, work):
    """Wall seconds, peak RSS in MiB and stdout of a child process. The RSS comes from GNU time, not
    from os.wait4 on our own child: Linux keeps a process's peak RSS across exec, so a child forked
    from this script would count the script's memory too."""
    rss = os.path.join(work, "rss")
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss, *cmd], capture_output=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr.decode(errors='replace')}")
    with open(rss) as f:
        return wall, int(f.read().split()[-1]) / 1024, p.stdout


def records(path):
    """(客户名称, compared cells, error cell) for each row of an output."""
    with open(path, encoding="utf-8-sig", newline="") as f:  # Ladder writes a BOM, for Excel
        for row in csv.DictReader(f):
            yield row[KEY], tuple(row[c] for c in COMPARED), row.get("error")


def compare(outs, rows):
    """Row-by-row check of every peer against Ladder; returns the number of mismatches. Holds Ladder's
    output only (5M rows fit); the peers' rows stream past it, in any order."""
    want, errors = {}, 0
    for i, (key, cells, error) in enumerate(records(outs["ladder"])):
        want[key] = (i, cells)
        errors += bool(error)
    bad = 0
    if len(want) != rows or errors:
        print(f"ladder: {len(want)} distinct {KEY} for {rows} rows, {errors} rows with a data error")
        bad += 1
    for name in ("polars", "duckdb"):
        seen, count, diff = bytearray(len(want)), 0, []
        for key, cells, _ in records(outs[name]):
            count += 1
            i, expected = want.get(key, (None, ()))
            if i is None or seen[i] or cells != expected:
                diff.append((key, cells, "unknown or repeated key" if i is None or seen[i] else ""))
            if i is not None:
                seen[i] = 1
        diff += [(key, (), "row missing") for key, (i, _) in want.items() if not seen[i]]
        for key, cells, why in diff[:10]:
            print(f"MISMATCH {name} {key}: ladder {dict(zip(COMPARED, want.get(key, (0, ()))[1]))} "
                  f"{name} {dict(zip(COMPARED, cells))} {why}")
        print(f"{name}: {count} rows, {len(diff)} differ from ladder in {KEY}, {', '.join(COMPARED)}")
        bad += len(diff)
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", help="an RFM file (else --rows generates one)")
    ap.add_argument("--rows", type=int)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--wrong-polars-cut", action="store_true")
    ap.add_argument("--keep-data", action="store_true", help="leave the generated file and the outputs")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "IN", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child, args.wrong_polars_cut)
        return
    if not os.path.exists(LADDER):
        sys.exit(f"no {LADDER}: cargo build --release --locked")
    work = tempfile.mkdtemp(prefix="rfm_peers_")
    data = args.data
    if data is None:
        if not args.rows:
            sys.exit("give DATA or --rows N")
        sys.path.insert(0, HERE)
        import gen_rfm

        data = os.path.join(work, f"rfm_{args.rows}.csv")
        gen_rfm.generate(args.rows, data, args.seed)
    with open(data, "rb") as f:
        rows = sum(1 for _ in f) - 1
    outs = {name: os.path.join(work, f"{name}.csv") for name in ("ladder", "polars", "duckdb")}
    peer = [sys.executable, os.path.abspath(__file__)] + (["--wrong-polars-cut"] if args.wrong_polars_cut else [])
    cmds = {
        "ladder": [LADDER, "run", RULES, data, "--keep", KEY, "--as-of", AS_OF, "-o", outs["ladder"]],
        "polars": peer + ["--child", "polars", data, outs["polars"]],
        "duckdb": peer + ["--child", "duckdb", data, outs["duckdb"]],
    }
    walls, rss, inside = ({n: [] for n in cmds} for _ in range(3))
    for run in range(args.runs):
        for name, cmd in cmds.items():
            wall, mib, stdout = measured(cmd, work)
            walls[name].append(wall)
            rss[name].append(mib)
            if name != "ladder":
                inside[name].append(json.loads(stdout)["inside"])
        if run == 0:
            bad = compare(outs, rows)
            if bad:
                print(f"FAIL: {bad} mismatches; outputs in {work}")
                sys.exit(1)
            print(f"all {rows} rows equal in {', '.join(COMPARED)}")
    print(f"\n{rows} rows, {args.runs} runs each (alternating), medians; ratio = program ÷ ladder")
    print("| program | wall s | ratio | inside the process s | peak RSS MiB | RSS ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    base_t, base_m = statistics.median(walls["ladder"]), statistics.median(rss["ladder"])
    for name in cmds:
        t, m = statistics.median(walls[name]), statistics.median(rss[name])
        ins = f"{statistics.median(inside[name]):.3f}" if inside[name] else "–"
        print(f"| {name} | {t:.3f} | {t / base_t:.2f} | {ins} | {m:.0f} | {m / base_m:.2f} |")
    print("all wall times s:", json.dumps({n: [round(w, 3) for w in ws] for n, ws in walls.items()}))
    if args.keep_data:
        print(f"data and outputs in {work}")
    else:
        for p in list(outs.values()) + ([] if args.data else [data]):
            os.remove(p)
        os.remove(os.path.join(work, "rss"))
        os.rmdir(work)


if __name__ == "__main__":
    main()
