#!/usr/bin/env python3
"""Differential test of `ladder sql` against `ladder run`, on real SQL engines.

Draws random rule programs with the generator of scripts/differential.py (the one generator the
project keeps), adds typed records (a typed table has no unreadable cells: numbers, money, dates,
texts with spaces, missing markers and Chinese, missing values, month ends, ties), and for each
program: writes the records as CSV in the spellings exports use and grades them with
`ladder run --format jsonl --keep id`; loads the same values into the engine's table (made by
`ladder sql --ddl`), runs `ladder sql`'s query, and compares every result column of every row.
The shipped rule files in rules/ run over their sample data too (with --shipped).

Numbers are compared as decimals; a value computed through `*` or `/` (or a percentile) may differ
in its digits beyond the 10th decimal, which SQL rounds and Ladder keeps (docs/sql.md, "Known
differences"): those agree to 1e-9.

    scripts/sql_differential.py ENGINE [N] [--seed S] [--only I] [--shipped] [--rows R]

ENGINE is duckdb (the Python package), postgres (a throwaway cluster on a free local port,
started and stopped here; needs Debian's postgresql) or mysql (MariaDB, started and stopped
likewise; needs Debian's mariadb-server and PyMySQL) or clickhouse (chdb, ClickHouse in this
process) or spark (pyspark in local mode; needs a Java runtime). Exit codes: 0 all agree, 1 a disagreement,
2 could not run.
"""

import argparse
import csv
import datetime
import io
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import differential  # noqa: E402  (the generator of programs)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = differential.TODAY
TEXTS = differential.TEXTS + [" 甲 ", "甲乙", "abcd", "xabc", "a ", "客户A", "N/A", "无", "  ", "东莞市华盛"]
MARKERS = ["", "-", "—", "/", "无", "暂无", "空", "N/A", "n/a", "#N/A", "NULL", "null"]


# ---- typed records ---------------------------------------------------------------------------


def value(r, kind):
    """One typed value for a field of `kind` (None is missing) and its spelling in a CSV cell."""
    if r.random() < 0.15:
        return None, (r.choice(MARKERS) if kind != "text" else "")
    if kind in ("number", "money"):
        v = r.choice([
            Decimal(r.randint(-20, 40)), Decimal(r.randint(0, 3000)),
            Decimal(r.randint(-5000, 15000)) / 100, Decimal(r.randint(0, 3)) / 4, Decimal(r.randint(0, 5)),
        ])
        form = r.random()
        if form < 0.1 and v == v.to_integral_value() and v >= 1000:
            return v, f"{int(v):,}"
        if form < 0.2 and v == v.to_integral_value() and v >= 10000 and v % 10000 == 0:
            return v, f"{int(v // 10000)}万"
        if form < 0.3 and v == v.to_integral_value():
            return v / 100, f"{int(v)}%"
        return v, (f" {v} " if form > 0.95 else str(v))
    if kind == "date":
        y, m, d = r.randint(2023, 2027), r.randint(1, 12), r.randint(1, 28)
        if r.random() < 0.25:
            m, d = r.choice([(1, 31), (2, 28), (3, 31), (11, 23), (12, 31), (8, 31), (5, 31)])
        if r.random() < 0.05:
            y, m, d = 2024, 2, 29
        v = datetime.date(y, m, d)
        return v, r.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日"])
    if kind == "bool":
        v = r.random() < 0.5
        return v, r.choice(["是", "√", "Y", "true", "1"] if v else ["否", "×", "N", "false", "0"])
    t = r.choice(TEXTS)
    return t, t


MEMBERS = ["甲方", "乙方", "丙方", "其他"]


class Gen(differential.Gen):
    """differential.py's programs, with yes/no and one-of fields, rule outputs, Chinese labels
    and transition sets over a `grade` field."""

    def __init__(self, r, exact=True):
        super().__init__(r)
        self.exact_arithmetic = exact
        if r.random() < 0.5:
            self.fields.append((f"是否{len(self.fields)}", "bool"))
        if r.random() < 0.5:
            self.fields.append((f"角色{len(self.fields)}", "one of " + ", ".join(MEMBERS)))
        self.outputs = {}
        self.transitions = []

    def leaf(self, ladders):
        r = self.r
        bools = [f for f, k in self.fields if k == "bool"]
        ones = [f for f, k in self.fields if k.startswith("one of")]
        if bools and r.random() < 0.15:
            return ("ref", r.choice(bools))
        if ones and r.random() < 0.15:
            return ("level", r.choice(ones), r.sample(MEMBERS, r.randint(1, 2)), r.random() < 0.3)
        return super().leaf(ladders)

    def program(self):
        p = super().program()
        r = self.r
        if not self.exact_arithmetic:
            p = rounded_once(p)
            self.lets, self.scores, self.ladders = p["lets"], p["scores"], p["ladders"]
        for g, rules in self.ladders:
            if r.random() < 0.5:
                for lv, _ in rules:
                    if r.random() < 0.6:
                        self.outputs[(g, lv)] = [(f"{g}跟进", r.choice(["电话回访", "上门拜访", "a\\b", "it's"]))]
        if r.random() < 0.4:
            levels = [lv for lv, _ in self.ladders[0][1]]
            self.fields.append(("阶段", "grade g0"))
            moves = []
            for _ in range(r.randint(1, 4)):
                origin = "*" if r.random() < 0.25 else ", ".join(r.sample(levels, r.randint(1, min(2, len(levels)))))
                moves.append((origin, r.choice(levels), self.cond(2, self.ladders)))
            finals = [r.choice(levels)] if r.random() < 0.3 and len(levels) > 1 else []
            self.transitions.append(("流转", finals, moves))
        return dict(p, fields=self.fields, outputs=self.outputs, transitions=self.transitions)


def rounded_once(p):
    """The program with no product or quotient (or percentile) taken of a product or quotient:
    dialects with 38-digit decimals round each to 10 decimals, where Ladder keeps 28 digits
    (docs/sql.md, "Known differences"), and a rounded quotient divided again can differ from
    Ladder's in its 7th digit. `*` or `/` over such a value becomes `+`."""
    approx = set()

    def rough(n):
        tag = n[0]
        if tag == "ref":
            return n[1] in approx
        if tag == "pop":
            return n[1] == "percentile" or rough(n[2])
        if tag == "bin":
            return n[1] in "*/" or rough(n[2]) or rough(n[3])
        return False

    def num(n):
        tag = n[0]
        if tag == "pop":
            return ("pop", n[1], num(n[2]))
        if tag == "bin":
            a, b = num(n[2]), num(n[3])
            op = "+" if n[1] in "*/" and (rough(a) or rough(b)) else n[1]
            return ("bin", op, a, b)
        return n

    def cond(c):
        tag = c[0]
        if tag == "ncmp":
            return ("ncmp", num(c[1]), c[2], num(c[3]))
        if tag == "between":
            return ("between", num(c[1]), c[2], c[3])
        if tag == "not":
            return ("not", cond(c[1]))
        if tag in ("and", "or"):
            return (tag, cond(c[1]), cond(c[2]))
        if tag == "group":
            return ("group", c[1], c[2], [cond(m) for m in c[3]])
        return c

    lets = []
    for n, t, x in p["lets"]:
        x = cond(x) if t == "bool" else num(x)
        if t == "num" and rough(x):
            approx.add(n)
        lets.append((n, t, x))
    scores = []
    for n, x in p["scores"]:
        x = num(x)
        if rough(x):
            approx.add(n)
        scores.append((n, x))
    ladders = [(g, [(lv, cond(c) if c is not None else None) for lv, c in rules]) for g, rules in p["ladders"]]
    return dict(p, lets=lets, scores=scores, ladders=ladders)


def program_text(p):
    out = ['ladder "sql differential"', "", "fields {"]
    out += [f"  {f}: {k}{' key' if f == 'id' else ''}" for f, k in p["fields"]]
    out += ["}", ""]
    out += [f"let {n} = {differential.lad(x) if t == 'bool' else differential.lad_num(x)}" for n, t, x in p["lets"]]
    out += [f"score {n} = {differential.lad_num(x)}" for n, x in p["scores"]]
    for g, rules in p["ladders"]:
        out += ["", f"grades {g} {{"]
        for lv, c in rules:
            outs = p["outputs"].get((g, lv))
            tail = (" { " + ", ".join(f'{n}: "{v}"' for n, v in outs) + " }") if outs else ""
            when = f"if {differential.lad(c)}" if c is not None else "otherwise"
            out.append(f'  {lv} "{lv}级" {when}{tail}')
        out += ["}"]
    for name, finals, moves in p["transitions"]:
        out += ["", f"transitions {name} from 阶段 {{"]
        if finals:
            out.append(f"  final {', '.join(finals)}")
        out += [f"  {origin} -> {to} if {differential.lad(c)}" for origin, to, c in moves]
        out += ["}"]
    return "\n".join(out) + "\n"


def records(r, program, n):
    fields = program["fields"]
    rows = []
    for i in range(n):
        row = [(f"k{i}", f"k{i}")]
        for _, k in fields[1:]:
            if k.startswith("one of") or k.startswith("grade"):
                names = MEMBERS if k.startswith("one of") else [lv for lv, _ in program["ladders"][0][1]]
                if r.random() < 0.15:
                    row.append((None, r.choice(MARKERS)))
                else:
                    m = r.choice(names)
                    row.append((m, r.choice([m, m, f" {m} "])))
            else:
                row.append(value(r, k))
        rows.append(row)
    return [f for f, _ in fields], rows


# ---- engines ---------------------------------------------------------------------------------


class DuckDb:
    name = "duckdb"

    def __init__(self):
        import duckdb

        self.con = duckdb.connect()

    def run(self, ddl, header, rows, query):
        self.con.execute("DROP TABLE IF EXISTS t")
        self.con.execute(ddl)
        if rows:
            marks = ", ".join("?" for _ in header)
            self.con.executemany(f"INSERT INTO t VALUES ({marks})", [[plain(v) for v in row] for row in rows])
        return self.query(query)

    def load(self, ddl, path):
        """The table from a CSV of `ladder sql --rows`, as docs/sql.md loads it."""
        self.con.execute("DROP TABLE IF EXISTS t")
        self.con.execute(ddl)
        self.con.execute(f"COPY t FROM '{path}' (HEADER)")

    def query(self, query):
        cur = self.con.execute(query)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def close(self):
        self.con.close()


def plain(v):
    """A typed value as the DuckDB client takes it: numbers as exact decimals."""
    return v


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """A throwaway cluster in a temporary folder, as the `postgres` user (PostgreSQL refuses to
    run as root), on a free local port; `psql` loads and queries it."""

    name = "postgres"

    def __init__(self):
        bindir = pg_bindir()
        self.dir = tempfile.mkdtemp(prefix="ladder-pg-")
        os.chmod(self.dir, 0o777)
        self.port = str(free_port())
        self.user = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.dir, "data")
        self.sh([os.path.join(bindir, "initdb"), "-D", data, "-U", "postgres", "--encoding=UTF8",
                 "--locale=C.UTF-8", "-A", "trust"])
        self.ctl = [os.path.join(bindir, "pg_ctl"), "-D", data]
        self.sh(self.ctl + ["-w", "-l", os.path.join(self.dir, "log"), "-o",
                            f"-p {self.port} -k {self.dir} -c listen_addresses='' -c fsync=off", "start"])
        self.psql = [os.path.join(bindir, "psql"), "-X", "-q", "-h", self.dir, "-p", self.port, "-U", "postgres",
                     "-d", "postgres", "-v", "ON_ERROR_STOP=1"]

    def sh(self, cmd, **kw):
        o = subprocess.run(self.user + cmd, capture_output=True, **kw)
        if o.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: {o.stderr.decode('utf-8', 'replace')}")
        return o.stdout.decode("utf-8")

    def run(self, ddl, header, rows, query):
        data = os.path.join(self.dir, "rows.csv")
        with open(data, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            for row in rows:
                w.writerow(["" if v is None else ("\\N" if v == "" else pg_text(v)) for v in row])
        self.load(ddl, data, header=False)
        return self.query(query)

    def load(self, ddl, path, header=True):
        """The table from a CSV (of `ladder sql --rows`: with a header), as docs/sql.md loads it."""
        copy = os.path.join(self.dir, "load.csv")
        shutil.copyfile(path, copy)
        os.chmod(copy, 0o644)
        # A language collation, as a database may have: `ladder sql` must compare bytes anyway.
        ddl = ddl.replace(" VARCHAR", ' VARCHAR COLLATE "und-x-icu"')
        options = "FORMAT csv, HEADER, NULL ''" if header else "FORMAT csv, NULL ''"
        self.sh(self.psql, input=("DROP TABLE IF EXISTS t;\n" + ddl + f"\\copy t FROM '{copy}' WITH ({options})\n").encode("utf-8"))

    def query(self, query):
        out = self.sh(self.psql, input=("\\pset format csv\n\\pset tuples_only off\n" + query).encode("utf-8"))
        table = list(csv.reader(io.StringIO(out)))
        if not table:
            return []
        names = table[0]
        return [dict(zip(names, [None if c == "" else c for c in row])) for row in table[1:]]

    def close(self):
        subprocess.run(self.user + self.ctl + ["-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class MariaDb:
    """MariaDB (the `mysql` dialect) in a temporary folder, on a free local port and a socket,
    without grant tables; its default collation ignores case and trailing spaces, as MySQL's
    does, which `ladder sql` must see through."""

    name = "mysql"

    def __init__(self):
        import pymysql

        self.dir = tempfile.mkdtemp(prefix="ladder-mariadb-")
        os.chmod(self.dir, 0o777)
        data = os.path.join(self.dir, "data")
        user = ["--user=mysql"] if os.geteuid() == 0 else []
        o = subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", "--auth-root-authentication-method=normal",
                            "--skip-test-db", *user], capture_output=True)
        if o.returncode != 0:
            raise RuntimeError(f"mariadb-install-db: {o.stderr.decode('utf-8', 'replace')}")
        self.socket = os.path.join(self.dir, "mysqld.sock")
        self.server = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", f"--socket={self.socket}", f"--port={free_port()}",
             "--bind-address=127.0.0.1", "--skip-grant-tables", "--skip-log-bin", "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_general_ci", "--innodb-flush-log-at-trx-commit=0",
             f"--pid-file={os.path.join(self.dir, 'pid')}", *user],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.dir, "log"), "wb"))
        for _ in range(300):
            try:
                self.con = pymysql.connect(unix_socket=self.socket, user="root", charset="utf8mb4", autocommit=True,
                                           local_infile=True)
                break
            except pymysql.err.OperationalError:
                if self.server.poll() is not None:
                    raise RuntimeError(open(os.path.join(self.dir, "log"), encoding="utf-8", errors="replace").read())
                time.sleep(0.1)
        else:
            raise RuntimeError("mariadbd did not start in 30 s")
        with self.con.cursor() as c:
            c.execute("CREATE DATABASE ladder")
            c.execute("USE ladder")

    def run(self, ddl, header, rows, query):
        with self.con.cursor() as c:
            c.execute("DROP TABLE IF EXISTS t")
            c.execute(ddl)
            if rows:
                marks = ", ".join("%s" for _ in header)
                c.executemany(f"INSERT INTO t VALUES ({marks})", rows)
        return self.query(query)

    def load(self, ddl, path):
        """The table from a CSV of `ladder sql --rows`, as docs/sql.md loads it."""
        with self.con.cursor() as c:
            c.execute("DROP TABLE IF EXISTS t")
            c.execute(ddl)
            c.execute(f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE t CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' "
                      "OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\n' IGNORE 1 LINES")
            c.execute("SHOW WARNINGS")
            warnings = c.fetchall()
            if warnings:
                raise RuntimeError(f"LOAD DATA warnings: {warnings[:5]}")

    def query(self, query):
        with self.con.cursor() as c:
            c.execute(query)
            names = [d[0] for d in c.description]
            return [dict(zip(names, row)) for row in c.fetchall()]

    def close(self):
        try:
            self.con.close()
        finally:
            self.server.terminate()
            self.server.wait(timeout=60)
            shutil.rmtree(self.dir, ignore_errors=True)


class ClickHouse:
    """ClickHouse in this process (chdb), its tables in a temporary folder."""

    name = "clickhouse"

    def __init__(self):
        from chdb import session

        self.dir = tempfile.mkdtemp(prefix="ladder-chdb-")
        self.s = session.Session(self.dir)

    def run(self, ddl, header, rows, query):
        self.s.query("DROP TABLE IF EXISTS t")
        self.s.query(ddl)
        if rows:
            values = ", ".join("(" + ", ".join(ch_literal(v) for v in row) + ")" for row in rows)
            self.s.query(f"INSERT INTO t VALUES {values}")
        return self.query(query)

    def load(self, ddl, path):
        """The table from a CSV of `ladder sql --rows`: `INSERT … FORMAT CSVWithNames` from the
        file, as `clickhouse-client` does with the file on its standard input (docs/sql.md)."""
        self.s.query("DROP TABLE IF EXISTS t")
        self.s.query(ddl)
        self.s.query(f"INSERT INTO t SELECT * FROM file('{path}', 'CSVWithNames', '{ddl_columns(ddl)}')")

    def query(self, query):
        out = self.s.query(query, "CSVWithNames").bytes().decode("utf-8")
        table = list(csv.reader(io.StringIO(out)))
        if not table:
            return []
        return [dict(zip(table[0], [None if c == "\\N" else c for c in row])) for row in table[1:]]

    def close(self):
        self.s.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Spark:
    """Spark SQL in local mode (pyspark on a Java runtime): the engine a cluster runs, in this
    machine's processes. One session serves every program, as its start takes seconds."""

    name = "spark"

    def __init__(self):
        from pyspark.sql import SparkSession

        self.dir = tempfile.mkdtemp(prefix="ladder-spark-")
        self.spark = (
            SparkSession.builder.master("local[2]").appName("ladder-sql-differential")
            .config("spark.sql.warehouse.dir", os.path.join(self.dir, "warehouse"))
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.constraintPropagation.enabled", "false")
            # Planning wide rule sets takes heap: the default 1g ran out after 89 programs.
            .config("spark.driver.memory", "3g")
            .config("spark.driver.host", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        # Wide queries make Spark log that it falls back from generated code; errors still reach
        # here as exceptions.
        self.spark.sparkContext.setLogLevel("OFF")

    def run(self, ddl, header, rows, query):
        from pyspark.sql.types import DoubleType

        self.spark.sql("DROP VIEW IF EXISTS t")
        self.spark.sql("DROP TABLE IF EXISTS t")
        self.spark.sql(ddl.rstrip().rstrip(";"))
        schema = self.spark.table("t").schema
        self.spark.sql("DROP TABLE t")
        doubles = [isinstance(f.dataType, DoubleType) for f in schema.fields]
        typed = [[float(v) if d and v is not None else v for v, d in zip(row, doubles)] for row in rows]
        self.spark.createDataFrame(typed, schema).createOrReplaceTempView("t")
        return self.query(query)

    def load(self, ddl, path):
        """The table over a CSV of `ladder sql --rows`, typed by the DDL's columns, as docs/sql.md
        has `spark-sql` read it."""
        self.spark.sql("DROP VIEW IF EXISTS t")
        self.spark.sql("DROP TABLE IF EXISTS t")
        self.spark.sql(f"CREATE TEMPORARY VIEW t ({ddl_columns(ddl)}) USING csv "
                       f"OPTIONS (path '{path}', header 'true', multiLine 'true', escape '\"')")

    def query(self, query):
        return [r.asDict() for r in self.spark.sql(query.rstrip().rstrip(";")).collect()]

    def close(self):
        self.spark.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def ddl_columns(ddl):
    """The column list of a `CREATE TABLE` statement `ladder sql --ddl` printed."""
    return ddl[ddl.index("(\n") + 2:ddl.rindex("\n)")].strip().replace("\n", " ")


def ch_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, datetime.date):
        return f"'{v.isoformat()}'"
    return "'" + str(v).replace("\\", "\\\\").replace("'", "\\'") + "'"


def pg_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def pg_bindir():
    for base in sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if os.path.isdir("/usr/lib/postgresql") else []:
        b = os.path.join("/usr/lib/postgresql", base, "bin")
        if os.path.exists(os.path.join(b, "initdb")):
            return b
    raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)")


# ---- running both ----------------------------------------------------------------------------


def ladder(binary, *args, stdin=None):
    o = subprocess.run([binary, *args], capture_output=True, env=dict(os.environ, LADDER_LANG="en"), timeout=120)
    return o.returncode, o.stdout.decode("utf-8"), o.stderr.decode("utf-8", "replace")


def by_ladder(binary, rules, data, key):
    code, out, err = ladder(binary, "run", rules, data, "--format", "jsonl", "--keep", key, "--as-of", TODAY)
    if code != 0:
        raise RuntimeError(f"ladder run exit {code}: {err}")
    rows = [json.loads(line, parse_float=Decimal, parse_int=Decimal) for line in out.splitlines()]
    return {r[key]: r for r in rows}


def sql_for(binary, rules, dialect):
    code, ddl, err = ladder(binary, "sql", rules, "--ddl", "--dialect", dialect, "--table", "t")
    if code != 0:
        raise RuntimeError(f"ladder sql --ddl exit {code}: {err}")
    code, query, err = ladder(binary, "sql", rules, "--dialect", dialect, "--table", "t", "--as-of", TODAY)
    if code != 0:
        raise RuntimeError(f"ladder sql exit {code}: {err}")
    return ddl, query


def same(x, y):
    if x in (None, "") or y in (None, ""):
        return x in (None, "") and y in (None, "")
    if isinstance(x, Decimal) or isinstance(y, Decimal):
        try:
            x, y = Decimal(str(x)), Decimal(str(y))
        except ArithmeticError:
            return False
        return x == y or abs(x - y) <= Decimal("1e-9") * max(Decimal(1), abs(x))
    return str(x) == str(y)


def compare(got, want, key):
    """[(key, column, ladder run, SQL)] where they disagree."""
    diffs = []
    if set(got) != set(str(r[key]) for r in want):
        return [("rows", "keys", sorted(got), sorted(str(r[key]) for r in want))]
    for row in want:
        k = str(row[key])
        for col, x in got[k].items():
            if col == "error":
                continue
            if col not in row:
                diffs.append((k, col, x, "(no column)"))
            elif not same(x, row[col]):
                diffs.append((k, col, x, row[col]))
        extra = set(row) - set(got[k])
        if extra:
            diffs.append((k, "extra columns", "", sorted(extra)))
    return diffs


def one(binary, engine, rules, header, rows, csv_rows, key, folder):
    """Runs one program both ways; the disagreements."""
    data = os.path.join(folder, "case.csv")
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(csv_rows)
    got = by_ladder(binary, rules, data, key)
    ddl, query = sql_for(binary, rules, engine.name)
    want = engine.run(ddl, header, rows, query)
    return compare(got, want, key)


# ---- the shipped rule files: their sample data through `ladder sql --rows` ---------------------


def shipped(binary, engine):
    """Each shipped rule file over its sample (and tests/sql/rows.ladder over its texts), loaded
    as docs/sql.md says: `ladder sql --rows` writes the typed CSV, the engine's own loader reads
    it into the `--ddl` table."""
    count = 0
    files = [(os.path.join("rules", n), os.path.join("rules", n.replace(".ladder", ".sample.csv")))
             for n in sorted(os.listdir(os.path.join(ROOT, "rules"))) if n.endswith(".ladder")]
    # Texts with quotes, commas, backslashes and a line break, numbers at the money column's edge.
    files.append((os.path.join("tests", "sql", "rows.ladder"), os.path.join("tests", "sql", "rows_text.csv")))
    for rules, sample in files:
        if not os.path.exists(os.path.join(ROOT, sample)):
            continue
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            with tempfile.TemporaryDirectory() as folder:
                os.chmod(folder, 0o755)
                rows = os.path.join(folder, "rows.csv")
                code, _, err = ladder(binary, "sql", rules, "--dialect", engine.name, "--rows", sample, "-o", rows)
                if code != 0:
                    raise RuntimeError(f"ladder sql --rows {sample} exit {code}: {err}")
                ddl, query = sql_for(binary, rules, engine.name)
                engine.load(ddl, rows)
                key = ddl_columns(ddl).split(" ", 1)[0].strip('`"')
                diffs = compare(by_ladder(binary, rules, sample, key), engine.query(query), key)
        finally:
            os.chdir(cwd)
        if diffs:
            print(f"{rules}: {len(diffs)} disagreements (key, column, ladder run, {engine.name}):")
            for d in diffs[:20]:
                print("  ", d)
            return None
        count += 1
    return count


def traps(binary, engine):
    """The named cases of scripts/sql_traps.py: `ladder run` gives what the case expects, and the
    engine gives what `ladder run` gives. The failures' names."""
    import sql_traps

    failed = []
    for name, (text, header, rows, expect) in sql_traps.TRAPS.items():
        with tempfile.TemporaryDirectory() as folder:
            rules = os.path.join(folder, f"{name}.ladder")
            with open(rules, "w", encoding="utf-8") as f:
                f.write(text)
            data = os.path.join(folder, "case.csv")
            with open(data, "w", encoding="utf-8", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(header)
                w.writerows([[c for _, c in row] for row in rows])
            got = by_ladder(binary, rules, data, "id")
            wrong = [(k, col, want, got[k].get(col)) for k, cols in expect.items() for col, want in cols.items()
                     if not same(want, got[k].get(col))]
            if wrong:
                failed.append(name)
                print(f"trap {name}: ladder run does not give what docs/language.md says (key, column, expected, got):")
                for w_ in wrong:
                    print("  ", w_)
                continue
            diffs = one(binary, engine, rules, header, [[v for v, _ in row] for row in rows],
                        [[c for _, c in row] for row in rows], "id", folder)
            if diffs:
                failed.append(name)
                print(f"trap {name}: {engine.name} disagrees with ladder run (key, column, ladder run, {engine.name}):")
                for d in diffs:
                    print("  ", d)
    return failed


# ---- main ------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("engine", choices=["duckdb", "postgres", "mysql", "clickhouse", "spark"])
    ap.add_argument("n", nargs="?", type=int, default=200, help="programs to try (default 200)")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--only", type=int, help="run program number I of the seed alone, and show it")
    ap.add_argument("--start", type=int, default=0, help="begin with program number I (of N)")
    ap.add_argument("--rows", type=int, default=30, help="at most this many records per program")
    ap.add_argument("--shipped", action="store_true", help="also the rule files in rules/ over their samples")
    ap.add_argument("--traps", action="store_true", help="also the named traps of scripts/sql_traps.py")
    ap.add_argument("--ladder", default=os.path.join(ROOT, "target", "release", "ladder"))
    args = ap.parse_args()
    if not os.access(args.ladder, os.X_OK):
        print(f"sql_differential.py: no ladder binary at {args.ladder} (cargo build --release)", file=sys.stderr)
        return 2
    try:
        engine = {"duckdb": DuckDb, "postgres": Postgres, "mysql": MariaDb, "clickhouse": ClickHouse, "spark": Spark}[args.engine]()
    except (ImportError, RuntimeError, OSError) as e:
        print(f"sql_differential.py: cannot start {args.engine}: {e}", file=sys.stderr)
        return 2
    started = time.time()
    try:
        if args.shipped:
            files = shipped(args.ladder, engine)
            if files is None:
                return 1
            print(f"sql differential ({engine.name}): {files} shipped rule files (their samples through `ladder sql --rows`) agree with ladder run")
        if args.traps:
            failed = traps(args.ladder, engine)
            if failed:
                return 1
            print(f"sql differential ({engine.name}): the traps hold: {', '.join(__import__('sql_traps').TRAPS)}")
        which = [args.only] if args.only is not None else range(args.start, args.n)
        rows_total = values = 0
        for i in which:
            r = random.Random(f"{args.seed}/{i}")
            program = Gen(r, exact=engine.name == "postgres").program()
            header, rows = records(r, program, r.randint(1, args.rows))
            rows_total += len(rows)
            with tempfile.TemporaryDirectory() as folder:
                rules = os.path.join(folder, "case.ladder")
                with open(rules, "w", encoding="utf-8") as f:
                    f.write(program_text(program))
                typed = [[v for v, _ in row] for row in rows]
                cells = [[c for _, c in row] for row in rows]
                try:
                    diffs = one(args.ladder, engine, rules, header, typed, cells, "id", folder)
                except Exception as e:  # noqa: BLE001  (an engine's error is a disagreement to show)
                    diffs = [("error", f"{type(e).__name__}: {e}")]
                if diffs or args.only is not None:
                    print(f"--- program {i} (seed {args.seed}) ---\n{program_text(program)}")
                    print(",".join(header))
                    for row in cells:
                        print(",".join(row))
                    print(sql_for(args.ladder, rules, engine.name)[1])
                if diffs:
                    print(f"--- {len(diffs)} disagreements (key, column, ladder run, {engine.name}) ---")
                    for d in diffs[:30]:
                        print(d)
                    print(f"reproduce: scripts/sql_differential.py {engine.name} --seed {args.seed} --only {i}")
                    return 1
                values += len(rows)
        print(f"sql differential ({engine.name}): {len(which)} programs, {rows_total} records: "
              f"every result column agrees with ladder run ({time.time() - started:.1f} s)")
        return 0
    finally:
        engine.close()


if __name__ == "__main__":
    sys.exit(main())
