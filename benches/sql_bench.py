#!/usr/bin/env python3
"""`ladder run` against the SQL of `ladder sql` on DuckDB and Spark local, over the benchmark file
of benches/run.rs (docs/performance.md, "ladder sql").

    benches/sql_bench.py ROWS [--repeat R] [--engines duckdb,spark]

Generates ROWS ten-level records (examples/gen_ten_level.rs), writes them typed with `ladder sql
--rows` (plain numbers, ISO dates, true/false: what a warehouse table holds), then times, on the
same machine:
- `ladder run rules/ten_level.ladder RAW.csv --keep 客户编号 -o OUT` (the export as it comes);
- DuckDB: loading the typed CSV into the table `ladder sql --ddl` makes, then the query, its result
  written to a table;
- Spark local: reading the typed CSV into a cached view, then the query, its result computed in full
  (written to the `noop` sink).
"""

import argparse
import os
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LADDER = os.path.join(ROOT, "target", "release", "ladder")
RULES = os.path.join(ROOT, "rules", "ten_level.ladder")
TODAY = "2026-11-23"


def typed_csv(raw, typed):
    """The raw export as the table holds it, written by `ladder sql --rows` (an unreadable cell,
    which the generator writes now and then, is written missing and said: exit 1)."""
    o = subprocess.run([LADDER, "sql", RULES, "--dialect", "duckdb", "--rows", raw, "-o", typed], capture_output=True)
    if o.returncode not in (0, 1):
        raise RuntimeError(o.stderr.decode("utf-8", "replace"))


def timed(f):
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def ladder_sql(*args):
    return subprocess.run([LADDER, "sql", RULES, *args], capture_output=True, check=True, text=True).stdout


def duckdb_times(typed):
    import duckdb

    con = duckdb.connect()
    con.execute(ladder_sql("--ddl", "--dialect", "duckdb", "--table", "t"))
    load, _ = timed(lambda: con.execute(f"COPY t FROM '{typed}' (HEADER, NULLSTR '')"))
    query = ladder_sql("--dialect", "duckdb", "--table", "t", "--as-of", TODAY).rstrip().rstrip(";")
    run, _ = timed(lambda: con.execute(f"CREATE TABLE result AS {query}"))
    return load, run


def spark_times(typed):
    from pyspark.sql import SparkSession

    with tempfile.TemporaryDirectory() as wh:
        spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "4g")
                 .config("spark.sql.warehouse.dir", wh).config("spark.sql.constraintPropagation.enabled", "false")
                 .config("spark.sql.shuffle.partitions", "4").getOrCreate())
        spark.sparkContext.setLogLevel("OFF")
        spark.sql(ladder_sql("--ddl", "--dialect", "spark", "--table", "t_schema").rstrip().rstrip(";"))
        schema = spark.table("t_schema").schema

        def load():
            df = spark.read.csv(typed, header=True, schema=schema, emptyValue=None)
            df.cache().createOrReplaceTempView("t")
            return df.count()

        load_s, _ = timed(load)
        query = ladder_sql("--dialect", "spark", "--table", "t", "--as-of", TODAY).rstrip().rstrip(";")
        run_s, _ = timed(lambda: spark.sql(query).write.format("noop").mode("overwrite").save())
        spark.stop()
    return load_s, run_s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("--repeat", type=int, default=1, help="the ROWS records R times over (10M rows cheaply)")
    ap.add_argument("--engines", default="duckdb,spark")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        raw, typed, out = (os.path.join(d, n) for n in ("raw.csv", "typed.csv", "out.csv"))
        with open(raw, "wb") as f:
            subprocess.run(["cargo", "run", "--quiet", "--release", "--example", "gen_ten_level", "--", str(args.rows)],
                           stdout=f, check=True, cwd=ROOT)
        typed_csv(raw, typed)
        for path in (raw, typed) if args.repeat > 1 else ():
            with open(path, encoding="utf-8") as f:
                header, body = f.readline(), f.read()
            with open(path, "w", encoding="utf-8") as f:
                f.write(header)
                for _ in range(args.repeat):
                    f.write(body)
        rows = args.rows * args.repeat
        run_s, _ = timed(lambda: subprocess.run(
            [LADDER, "run", RULES, raw, "--keep", "客户编号", "-o", out, "--as-of", TODAY],
            check=False, capture_output=True))
        print(f"{rows} rows: ladder run {run_s:.2f} s (reading, grading and writing the export)")
        for engine in args.engines.split(","):
            load, query = {"duckdb": duckdb_times, "spark": spark_times}[engine](typed)
            print(f"{rows} rows: {engine}: load {load:.2f} s, query {query:.2f} s")


if __name__ == "__main__":
    main()
