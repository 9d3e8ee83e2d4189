#!/usr/bin/env python3
"""Differential test of `ladder run` against DuckDB.

Generates random rule programs in a documented subset of the language (number, money, text and
date fields; lets; comparisons, `in`, `between`, `is missing`; and/or/not, all/any/at least N of;
ladders, first rule that is true; scores with arithmetic; percentile, rank and quintile; another
ladder's level) and random CSV records with missing, odd and unreadable cells. Each program runs
twice: through the release `ladder run --format jsonl`, and translated independently from
docs/language.md into DuckDB SQL over the same CSV, read as text and cast the way the reference
says cells are read. Levels must agree row for row and scores within a float tolerance.

A disagreement is shrunk (rows, then the program) and printed with its rows; it is also saved
under --out. Seeded and deterministic: program I of seed S is always the same program.

    scripts/differential.py [N] [--seed S] [--only I] [--ladder PATH] [--out DIR]

Exit codes: 0 all agree, 1 a disagreement, 2 could not run (no binary, no duckdb).
"""

import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

TODAY = "2026-11-23"
MISSING = ["", "-", "—", "/", "无", "暂无", "空", "N/A", "n/a", "#N/A", "NULL", "null"]
# The markers as SQL compares them: trimmed, ASCII letters upper-cased.
MISSING_SQL = ", ".join("'" + m + "'" for m in sorted({m.upper() for m in MISSING}))


# ---------------------------------------------------------------------------------------------
# Programs: nested tuples, written out as Ladder text (`lad`) and as SQL (`sql`).
#
# Num:  ("field", name) | ("lit", text) | ("bin", op, a, b) | ("pop", kind, num) | ("ref", name)
#       | ("since", field)
# Cond: ("ncmp", num, op, num) | ("tcmp", field, op, [texts]) | ("date", field, form, arg)
#       | ("miss", name, present) | ("and", a, b) | ("or", a, b) | ("not", a)
#       | ("group", kind, n, [conds]) | ("ref", name) | ("level", ladder, [levels], negated)
# ---------------------------------------------------------------------------------------------

TEXTS = ["甲", "乙", "abc", "ABC", "x y"]
WINDOWS = ["30 days", "90 days", "2 months", "1 year", "2 weeks", "半年", "1 month"]
DATES = ["2026-01-01", "2025-06-30", "2026-11-23", "2024-02-29", "2026-12-31"]


class Gen:
    """Draws one program from a seeded generator."""

    def __init__(self, rng):
        self.r = rng
        kinds = ["number", "money", "text", "date"]
        n = self.r.randint(1, 6)
        self.fields = [(f"{k[0]}{i}", k) for i, k in enumerate(self.r.choice(kinds) for _ in range(n))]
        self.fields.insert(0, ("id", "text"))
        self.lets = []  # (name, "bool" | "num", node)
        self.scores = []  # (name, node)
        self.ladders = []  # (name, [(level, cond or None)])
        self.exact = set()  # the lets and scores that are `rankable`

    def of(self, kind):
        return [f for f, k in self.fields if k in kind]

    def threshold(self, exact):
        """A number to compare with. Computed values are compared only with numbers of five
        decimals ending in 7, which data and arithmetic here never land on, so binary floats and
        exact decimals agree on which side a value falls; plain fields also with round numbers."""
        odd = "%d.%05d" % (self.r.randint(-5, 200), self.r.randint(0, 9999) * 10 + 7)
        return self.r.choice([odd, "0", "12", "100", "-3"]) if exact else odd

    def num(self, depth, pops=True):
        r = self.r
        leaves = []
        nums = self.of(("number", "money"))
        if nums:
            leaves += [("field", r.choice(nums))] * 3
        if self.of(("date",)):
            leaves.append(("since", r.choice(self.of(("date",)))))
        leaves += [("ref", n) for n, t, _ in self.lets if t == "num"]
        leaves += [("ref", n) for n, _ in self.scores]
        leaves.append(("lit", r.choice(["1", "2", "0.5", "10", "3", "0.4", "100"])))
        if depth <= 0 or r.random() < 0.4:
            return r.choice(leaves)
        if pops and r.random() < 0.3:
            arg = self.num(depth - 1, pops=False)
            if not self.rankable(arg):
                arg = r.choice([leaf for leaf in leaves if self.rankable(leaf)])
            return ("pop", r.choice(["percentile", "rank", "quintile"]), arg)
        op = r.choice("+-*/")
        right = self.num(depth - 1, pops) if op != "/" or r.random() < 0.3 else ("lit", r.choice(["2", "4", "10"]))
        return ("bin", op, self.num(depth - 1, pops), right)

    def rankable(self, n):
        """Whether both sides compute `n` exactly, so that rows tie on it alike: a field, days
        since a date, a literal, a ranking (equal positions give equal values), or a let or score
        that is one. Arithmetic is not: a quotient rounded to 28 digits (Ladder) and a binary
        fraction (DuckDB) can tie or not differently for values that are equal on paper."""
        return n[0] in ("field", "since", "lit", "pop") or (n[0] == "ref" and n[1] in self.exact)

    def leaf(self, ladders):
        r = self.r
        forms = ["ncmp", "ncmp", "miss"]
        if self.of(("text",)):
            forms += ["tcmp", "tcmp"]
        if self.of(("date",)):
            forms += ["date", "date"]
        forms += ["ref"] * bool([1 for _, t, _ in self.lets if t == "bool"])
        forms += ["level"] * bool(ladders)
        form = r.choice(forms)
        if form == "ncmp":
            a = self.num(2)
            exact = a[0] in ("field", "since")
            if r.random() < 0.2:
                return ("between", a, self.threshold(exact), self.threshold(exact))
            ops = ["<", "<=", ">", ">="] + ["!=", "="] * exact
            return ("ncmp", a, r.choice(ops), ("lit", self.threshold(exact)))
        if form == "tcmp":
            f = r.choice(self.of(("text",)))
            op = r.choice(["=", "!=", "in", "not in", "contains", "starts with"])
            count = r.randint(1, 3) if "in" in op.split() else 1
            return ("tcmp", f, op, r.sample(TEXTS, count))
        if form == "date":
            f = r.choice(self.of(("date",)))
            how = r.choice(["before", "after", "last", "next", "since"])
            arg = {"before": DATES, "after": DATES, "last": WINDOWS, "next": WINDOWS}.get(how)
            return ("date", f, how, r.choice(arg) if arg else self.threshold(True))
        if form == "miss":
            return ("miss", r.choice([f for f, _ in self.fields[1:]] or ["key"]), r.random() < 0.5)
        if form == "ref":
            return ("ref", r.choice([n for n, t, _ in self.lets if t == "bool"]))
        name, rules = r.choice(ladders)
        levels = r.sample([lv for lv, _ in rules], r.randint(1, min(2, len(rules))))
        return ("level", name, levels, r.random() < 0.3)

    def cond(self, depth, ladders=()):
        r = self.r
        if depth <= 0 or r.random() < 0.35:
            return self.leaf(ladders)
        shape = r.choice(["and", "or", "not", "group"])
        if shape == "not":
            return ("not", self.cond(depth - 1, ladders))
        if shape == "group":
            members = [self.cond(depth - 1, ladders) for _ in range(r.randint(1, 4))]
            kind = r.choice(["all", "any", "least"])
            return ("group", kind, r.randint(1, len(members)) if kind == "least" else 0, members)
        return (shape, self.cond(depth - 1, ladders), self.cond(depth - 1, ladders))

    def program(self):
        r = self.r
        for i in range(r.randint(0, 3)):
            if r.random() < 0.6:
                self.lets.append((f"l{i}", "bool", self.cond(2)))
            else:
                self.lets.append((f"l{i}", "num", self.num(2)))
                if self.rankable(self.lets[-1][2]):
                    self.exact.add(f"l{i}")
        for i in range(r.randint(0, 3)):
            self.scores.append((f"s{i}", self.num(3)))
            if self.rankable(self.scores[-1][1]):
                self.exact.add(f"s{i}")
        for g in range(r.randint(1, 2)):
            rules = [(f"L{g}{k}", self.cond(3, self.ladders)) for k in range(r.randint(1, 5))]
            if r.random() < 0.7:
                rules.append((f"L{g}z", None))
            self.ladders.append((f"g{g}", rules))
        return {"fields": self.fields, "lets": self.lets, "scores": self.scores, "ladders": self.ladders}


# ---- cells ----------------------------------------------------------------------------------


def cell(r, kind):
    """One cell for a field of `kind`: mostly readable, sometimes missing, rarely unreadable."""
    x = r.random()
    if x < 0.15:
        return r.choice(MISSING) + r.choice(["", "", " "])
    if x < 0.19:
        return r.choice({"number": ["abc", "约120"], "money": ["很多"], "date": ["2026-02-30", "下个月"]}.get(kind, ["?"]))
    if kind in ("number", "money"):
        v = r.choice([r.randint(-20, 40), r.randint(0, 3000), round(r.uniform(-50, 150), 2), r.randint(0, 3) * 0.25])
        form = r.random()
        if form < 0.1 and isinstance(v, int) and v >= 1000:
            return f"{v:,}"
        if form < 0.2 and isinstance(v, int):
            return f"{v}%"
        if form < 0.3 and v >= 0:
            return f"{int(v)}.5万" if r.random() < 0.5 else f"{int(v)}万"
        return f" {v} " if form > 0.95 else str(v)
    if kind == "date":
        y, m, d = r.randint(2023, 2027), r.randint(1, 12), r.randint(1, 28)
        if r.random() < 0.1:
            m, d = r.choice([(1, 31), (2, 28), (3, 31), (11, 23), (12, 31)])
        return r.choice([f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}年{m}月{d}日"])
    return r.choice(TEXTS + [" 甲 ", "甲乙", "abcd", "xabc"])


def records(r, program, n):
    fields = [f for f, _ in program["fields"]]
    kinds = dict(program["fields"])
    rows = [[f"k{i}"] + [cell(r, kinds[f]) for f in fields[1:]] for i in range(n)]
    return fields, rows


# ---- Ladder text ----------------------------------------------------------------------------


def lad_num(n):
    tag = n[0]
    if tag in ("field", "ref"):
        return n[1]
    if tag == "lit":
        return n[1]
    if tag == "since":
        return f"(days since {n[1]})"
    if tag == "pop":
        return f"{n[1]}({lad_num(n[2])})"
    return f"({lad_num(n[2])} {n[1]} {lad_num(n[3])})"


def lad_text(t):
    return '"' + t + '"'


def lad(c):
    tag = c[0]
    if tag == "ncmp":
        return f"{lad_num(c[1])} {c[2]} {lad_num(c[3])}"
    if tag == "between":
        return f"{lad_num(c[1])} between {c[2]} and {c[3]}"
    if tag == "tcmp":
        _, f, op, texts = c
        if op in ("in", "not in"):
            return f"{f} {op} [{', '.join(map(lad_text, texts))}]"
        return f"{f} {op} {lad_text(texts[0])}"
    if tag == "date":
        _, f, how, arg = c
        if how == "since":
            return f"days since {f} > {arg}"
        if how in ("last", "next"):
            return f"{f} within {how} {arg}"
        return f"{f} {how} {arg}"
    if tag == "miss":
        return f"{c[1]} is {'present' if c[2] else 'missing'}"
    if tag == "ref":
        return c[1]
    if tag == "level":
        _, g, levels, neg = c
        return f"{g} {'not in' if neg else 'in'} [{', '.join(levels)}]"
    if tag == "not":
        return f"not ({lad(c[1])})"
    if tag in ("and", "or"):
        return f"({lad(c[1])}) {tag} ({lad(c[2])})"
    _, kind, n, members = c
    head = {"all": "all", "any": "any", "least": f"at least {n} of"}[kind]
    return head + " { " + ", ".join(f"({lad(m)})" for m in members) + " }"


def ladder_text(p):
    out = ['ladder "differential"', "", "fields {"]
    out += [f"  {f}: {k}{' key' if f == 'id' else ''}" for f, k in p["fields"]]
    out += ["}", ""]
    out += [f"let {n} = {lad(x) if t == 'bool' else lad_num(x)}" for n, t, x in p["lets"]]
    out += [f"score {n} = {lad_num(x)}" for n, x in p["scores"]]
    for g, rules in p["ladders"]:
        out += ["", f"grades {g} {{"]
        out += [f'  {lv} "{lv}" ' + (f"if {lad(c)}" if c is not None else "otherwise") for lv, c in rules]
        out += ["}"]
    return "\n".join(out) + "\n"


# ---- SQL --------------------------------------------------------------------------------------


def q(name):
    return '"' + name + '"'


def sql_str(t):
    return "'" + t.replace("'", "''") + "'"


def interval(window):
    n, unit = {
        "30 days": (30, "day"), "90 days": (90, "day"), "2 months": (2, "month"), "1 year": (1, "year"),
        "2 weeks": (14, "day"), "半年": (6, "month"), "1 month": (1, "month"),
    }[window]
    return f"INTERVAL {n} {unit}"


class Sql:
    """Translates one program to a chain of CTEs, one column per let, score and ranking."""

    def __init__(self, p):
        self.p = p
        self.kinds = dict(p["fields"])
        self.steps = []  # (column, sql expression, is a ranking)
        self.pops = {}

    def num(self, n):
        tag = n[0]
        if tag in ("field", "ref"):
            return q(n[1])
        if tag == "lit":
            return f"CAST({n[1]} AS DOUBLE)"
        if tag == "since":
            return f"CAST(DATE '{TODAY}' - {q(n[1])} AS DOUBLE)"
        if tag == "pop":
            return q(self.pop(n[1], self.num(n[2])))
        a, b = self.num(n[2]), self.num(n[3])
        # Numbers are exact decimals of at most about 7.9e28 (docs/language.md, Arithmetic): a
        # result beyond that is unknown, like a division by zero (the macro `fits`, see main).
        if n[1] == "/":
            return f"fits({a} / NULLIF({b}, 0))"
        return f"fits({a} {n[1]} {b})"

    def pop(self, kind, x):
        """A ranking of x over all rows where x is present (docs/language.md, Scores)."""
        key = (kind, x)
        if key in self.pops:
            return self.pops[key]
        col = f"_pop{len(self.pops)}"
        self.pops[key] = col
        part = f"PARTITION BY ({x}) IS NULL"
        smaller = f"(rank() OVER ({part} ORDER BY {x}) - 1)"
        n = f"count({x}) OVER ()"
        expr = {
            "percentile": f"CASE WHEN {n} = 1 THEN 100.0 ELSE 100.0 * {smaller} / ({n} - 1) END",
            "rank": f"CAST(rank() OVER ({part} ORDER BY {x} DESC) AS DOUBLE)",
            "quintile": f"CAST(1 + floor(5 * {smaller} / {n}) AS DOUBLE)",
        }[kind]
        self.steps.append((col, f"CASE WHEN ({x}) IS NULL THEN NULL ELSE {expr} END", True))
        return col

    def cond(self, c):
        tag = c[0]
        if tag == "ncmp":
            op = "<>" if c[2] == "!=" else c[2]
            return f"({self.num(c[1])} {op} {self.num(c[3])})"
        if tag == "between":
            x, a, b = self.num(c[1]), float(c[2]), float(c[3])
            return f"({x} >= {min(a, b)!r} AND {x} <= {max(a, b)!r})"
        if tag == "tcmp":
            _, f, op, texts = c
            f = q(f)
            if op in ("in", "not in"):
                return f"({f} {op.upper()} ({', '.join(map(sql_str, texts))}))"
            if op == "contains":
                return f"(strpos({f}, {sql_str(texts[0])}) > 0)"
            if op == "starts with":
                return f"starts_with({f}, {sql_str(texts[0])})"
            return f"({f} {'<>' if op == '!=' else '='} {sql_str(texts[0])})"
        if tag == "date":
            _, f, how, arg = c
            f, today = q(f), f"DATE '{TODAY}'"
            if how == "before":
                return f"({f} < DATE '{arg}')"
            if how == "after":
                return f"({f} > DATE '{arg}')"
            if how == "since":
                return f"(CAST({today} - {f} AS DOUBLE) > {arg})"
            if how == "last":
                return f"({f} BETWEEN CAST({today} - {interval(arg)} AS DATE) AND {today})"
            return f"({f} BETWEEN {today} AND CAST({today} + {interval(arg)} AS DATE))"
        if tag == "miss":
            return f"({q(c[1])} IS {'NOT ' if c[2] else ''}NULL)"
        if tag == "ref":
            return q(c[1])
        if tag == "level":
            _, g, levels, neg = c
            return f"({q(g)} {'NOT IN' if neg else 'IN'} ({', '.join(map(sql_str, levels))}))"
        if tag == "not":
            return f"(NOT {self.cond(c[1])})"
        if tag in ("and", "or"):
            return f"({self.cond(c[1])} {tag.upper()} {self.cond(c[2])})"
        _, kind, n, members = c
        parts = [self.cond(m) for m in members]
        if kind in ("all", "any"):
            return "(" + f" {'AND' if kind == 'all' else 'OR'} ".join(parts) + ")"
        true = " + ".join(f"(CASE WHEN {m} THEN 1 ELSE 0 END)" for m in parts)
        unknown = " + ".join(f"(CASE WHEN {m} IS NULL THEN 1 ELSE 0 END)" for m in parts)
        return f"(CASE WHEN {true} >= {n} THEN TRUE WHEN {true} + {unknown} < {n} THEN FALSE END)"

    def cast(self, f, kind):
        """A cell as the reference reads it: trimmed; a missing marker is NULL."""
        v = f"trim(coalesce({q(f)}, ''))"
        missing = f"upper({v}) IN ({MISSING_SQL})"
        if kind == "text":
            read = v
        elif kind == "date":
            read = f"CAST(try_strptime({v}, ['%Y-%m-%d', '%Y/%m/%d', '%Y年%m月%d日']) AS DATE)"
        else:
            plain = "^-?[0-9]+(\\.[0-9]+)?"
            read = (
                f"CASE WHEN regexp_full_match({v}, '{plain}') THEN CAST({v} AS DOUBLE) "
                f"WHEN regexp_full_match({v}, '-?[0-9]{{1,3}}(,[0-9]{{3}})+') THEN CAST(replace({v}, ',', '') AS DOUBLE) "
                f"WHEN regexp_full_match({v}, '{plain}%') THEN CAST(rtrim({v}, '%') AS DOUBLE) / 100 "
                f"WHEN regexp_full_match({v}, '{plain}万') THEN CAST(rtrim({v}, '万') AS DOUBLE) * 10000 END"
            )
        return f"CASE WHEN {missing} THEN NULL ELSE {read} END", f"(NOT ({missing}) AND ({read}) IS NULL)"

    def reads(self, node, seen=None):
        """The fields a node reads, through lets, scores and other ladders."""
        seen = set() if seen is None else seen
        names = {n: x for n, _, x in self.p["lets"]} | dict(self.p["scores"])
        ladders = dict(self.p["ladders"])
        out = set()

        def walk(x):
            if isinstance(x, tuple):
                if x[0] in ("field", "since") or (x[0] in ("tcmp", "date", "miss")):
                    out.add(x[1])
                if x[0] == "ref" and x[1] not in seen:
                    seen.add(x[1])
                    walk(names[x[1]])
                if x[0] == "level" and x[1] not in seen:
                    seen.add(x[1])
                    for _, c in ladders[x[1]]:
                        walk(c)
                for y in x[1:]:
                    walk(y)
            elif isinstance(x, list):
                for y in x:
                    walk(y)

        walk(node)
        return out

    def query(self, path):
        p = self.p
        fields = p["fields"]
        cols = ", ".join(f"{q(f)}: 'VARCHAR'" for f, _ in fields)
        casts, bads = [], []
        for f, k in fields:
            read, bad = self.cast(f, k)
            casts.append(f"{read} AS {q(f)}")
            bads.append(f"{bad} AS {q('_bad_' + f)}")
        ctes = [
            f"raw AS (SELECT row_number() OVER () AS _row, * FROM read_csv({sql_str(path)}, header = true, "
            f"delim = ',', quote = '\"', escape = '\"', all_varchar = true, columns = {{{cols}}}))",
            f"s0 AS (SELECT _row, {', '.join(casts + bads)} FROM raw)",
        ]
        for n, t, x in p["lets"]:
            self.steps.append((n, self.cond(x) if t == "bool" else self.num(x), False))
        for n, x in p["scores"]:
            self.steps.append((n, self.num(x), False))
        for g, rules in p["ladders"]:
            whens = " ".join(f"WHEN {self.cond(c) if c else 'TRUE'} THEN {sql_str(lv)}" for lv, c in rules)
            self.steps.append((g, f"CASE {whens} END", False))
        for i, (col, expr, ranking) in enumerate(self.steps):
            # A ranking is its own step, over the rows as the step before left them.
            ctes.append(f"s{i + 1} AS (SELECT *, {expr} AS {q(col)} FROM s{i})")
        last = f"s{len(self.steps)}"
        out = []
        for name in [g for g, _ in p["ladders"]] + [n for n, _ in p["scores"]]:
            node = dict(p["ladders"]).get(name) or dict(p["scores"]).get(name)
            bad = " OR ".join(q("_bad_" + f) for f in sorted(self.reads(node))) or "FALSE"
            out.append(f"CASE WHEN {bad} THEN NULL ELSE {q(name)} END AS {q(name)}")
        return "WITH " + ",\n".join(ctes) + f"\nSELECT {', '.join(out)} FROM {last} ORDER BY _row"


STATS = {"values": 0, "present": 0}


# ---- running both ----------------------------------------------------------------------------


def write_case(folder, program, header, rows):
    rules, data = os.path.join(folder, "case.ladder"), os.path.join(folder, "case.csv")
    with open(rules, "w", encoding="utf-8") as f:
        f.write(ladder_text(program))
    with open(data, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return rules, data


def by_ladder(binary, rules, data, names):
    o = subprocess.run(
        [binary, "run", rules, data, "--format", "jsonl", "--as-of", TODAY],
        capture_output=True, env=dict(os.environ, LADDER_LANG="en"), timeout=60,
    )
    if o.returncode == 2:
        return None, o.stderr.decode("utf-8", "replace")
    rows = [json.loads(line) for line in o.stdout.decode("utf-8").splitlines()]
    return [[(r.get(n) if r.get(n) != "" else None) for n in names] for r in rows], None


def by_duckdb(con, program, data):
    return [list(r) for r in con.execute(Sql(program).query(data)).fetchall()]


def differences(program, header, rows, binary, con):
    """The rows where the two disagree: [(row, column, ladder's value, SQL's value)]; a string
    when Ladder refuses the program."""
    names = [g for g, _ in program["ladders"]] + [n for n, _ in program["scores"]]
    with tempfile.TemporaryDirectory() as folder:
        rules, data = write_case(folder, program, header, rows)
        got, error = by_ladder(binary, rules, data, names)
        if error is not None:
            return error
        want = by_duckdb(con, program, data)
    diffs = []
    STATS["values"] += sum(len(r) for r in got)
    STATS["present"] += sum(v is not None for r in got for v in r)
    if len(got) != len(want):
        return [("rows", "count", len(got), len(want))]
    for i, (a, b) in enumerate(zip(got, want)):
        for name, x, y in zip(names, a, b):
            if not same(x, y):
                diffs.append((i, name, x, y))
    return diffs


def same(x, y):
    if x is None or y is None:
        return x is None and y is None
    if isinstance(y, float) or isinstance(x, float):
        try:
            x, y = float(x), float(y)
        except (TypeError, ValueError):
            return False
        # DuckDB's binary fractions lose digits where Ladder's exact decimals do not: `n + (0.4 - n)`
        # is 0.4 in Ladder, 0.39999999850988 in DuckDB for n = 25280000. Allow for that.
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6)
    return str(x) == str(y)


# ---- shrinking --------------------------------------------------------------------------------


def smaller_conds(c):
    """Conditions simpler than c: its parts, and c with one part simplified."""
    tag = c[0]
    if tag in ("and", "or"):
        yield c[1]
        yield c[2]
        for x in smaller_conds(c[1]):
            yield (tag, x, c[2])
        for x in smaller_conds(c[2]):
            yield (tag, c[1], x)
    elif tag == "not":
        yield c[1]
        for x in smaller_conds(c[1]):
            yield ("not", x)
    elif tag == "group":
        _, kind, n, members = c
        yield from members
        for i in range(len(members)):
            rest = members[:i] + members[i + 1:]
            if rest:
                yield ("group", kind, min(n, len(rest)), rest)
        for i, m in enumerate(members):
            for x in smaller_conds(m):
                yield ("group", kind, n, members[:i] + [x] + members[i + 1:])


def smaller_programs(p):
    for gi, (g, rules) in enumerate(p["ladders"]):
        for ri in range(len(rules)):
            if len(rules) > 1:
                yield dict(p, ladders=p["ladders"][:gi] + [(g, rules[:ri] + rules[ri + 1:])] + p["ladders"][gi + 1:])
        for ri, (lv, c) in enumerate(rules):
            for x in smaller_conds(c) if c is not None else ():
                new = rules[:ri] + [(lv, x)] + rules[ri + 1:]
                yield dict(p, ladders=p["ladders"][:gi] + [(g, new)] + p["ladders"][gi + 1:])
    for key in ("scores", "lets"):
        for i in range(len(p[key])):
            yield dict(p, **{key: p[key][:i] + p[key][i + 1:]})
    for i, (n, t, x) in enumerate(p["lets"]):
        for y in smaller_conds(x) if t == "bool" else ():
            yield dict(p, lets=p["lets"][:i] + [(n, t, y)] + p["lets"][i + 1:])
    if len(p["ladders"]) > 1:
        for i in range(len(p["ladders"])):
            yield dict(p, ladders=p["ladders"][:i] + p["ladders"][i + 1:])


def shrink(program, header, rows, binary, con, budget=400):
    def fails(p, rs):
        d = differences(p, header, rs, binary, con)
        return isinstance(d, list) and bool(d)

    tries = 0
    chunk = max(1, len(rows) // 2)
    while chunk >= 1 and tries < budget:
        i, shrunk = 0, False
        while i < len(rows) and tries < budget:
            tries += 1
            candidate = rows[:i] + rows[i + chunk:]
            if candidate and fails(program, candidate):
                rows, shrunk = candidate, True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    progress = True
    while progress and tries < budget:
        progress = False
        for p in smaller_programs(program):
            tries += 1
            if tries >= budget:
                break
            if fails(p, rows):
                program, progress = p, True
                break
    return program, rows


# ---- main ------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=200, help="programs to try (default 200)")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--only", type=int, help="run program number I of the seed alone")
    ap.add_argument("--rows", type=int, default=40, help="at most this many records per program")
    ap.add_argument("--ladder", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "ladder"))
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "target", "differential"))
    args = ap.parse_args()
    try:
        import duckdb
    except ImportError:
        print("differential.py: the duckdb package is not installed (pip install duckdb)", file=sys.stderr)
        return 2
    if not os.access(args.ladder, os.X_OK):
        print(f"differential.py: no ladder binary at {args.ladder} (cargo build --release)", file=sys.stderr)
        return 2
    con = duckdb.connect()
    # The largest exact decimal Ladder holds (2^96 - 1); arithmetic beyond it is unknown.
    con.execute("CREATE MACRO fits(x) AS CASE WHEN abs(x) <= 79228162514264337593543950335.0 THEN x END")
    started, rows_total = time.time(), 0
    which = [args.only] if args.only is not None else range(args.n)
    for i in which:
        r = random.Random(f"{args.seed}/{i}")
        program = Gen(r).program()
        header, rows = records(r, program, r.randint(1, args.rows))
        rows_total += len(rows)
        diffs = differences(program, header, rows, args.ladder, con)
        if isinstance(diffs, str):
            print(f"program {i} (seed {args.seed}): ladder refused it:\n{ladder_text(program)}\n{diffs}")
            return 1
        if not diffs:
            continue
        print(f"program {i} (seed {args.seed}): {len(diffs)} disagreements; shrinking…", flush=True)
        program, rows = shrink(program, header, rows, args.ladder, con)
        diffs = differences(program, header, rows, args.ladder, con)
        os.makedirs(args.out, exist_ok=True)
        write_case(args.out, program, header, rows)
        print(f"\n--- rules ({args.out}/case.ladder) ---\n{ladder_text(program)}")
        print(f"--- data ({args.out}/case.csv) ---")
        print(",".join(header))
        for row in rows:
            print(",".join(row))
        print("\n--- disagreements: row (from 0), column, ladder run, DuckDB ---")
        for d in diffs if isinstance(diffs, list) else [diffs]:
            print(d)
        print(f"\n--- SQL ---\n{Sql(program).query(args.out + '/case.csv')}")
        print(f"\nreproduce: scripts/differential.py --seed {args.seed} --only {i}")
        return 1
    count = len(which)
    print(f"differential: {count} programs, {rows_total} records, {STATS['values']} levels and scores "
          f"({STATS['present']} not empty): ladder run and DuckDB agree ({time.time() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
