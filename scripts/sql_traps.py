"""The traps of compiling rules to SQL, one named case each (docs/sql.md, "What each dialect
gets"). A case is a rule file, records (typed value and CSV spelling of each cell) and what
`ladder run` must give, as docs/language.md says; scripts/sql_differential.py --traps checks
`ladder run` gives it and the engine gives the same.

A case's `expect` maps a record's key to the result columns it checks; every other result column
is still compared with `ladder run`."""

import datetime
from decimal import Decimal as D


def row(key, *cells):
    """A record: each cell a typed value (None is missing) and its CSV spelling."""
    out = [(key, key)]
    for c in cells:
        if isinstance(c, tuple):
            out.append(c)
        elif c is None:
            out.append((None, ""))
        elif isinstance(c, bool):
            out.append((c, "是" if c else "否"))
        elif isinstance(c, datetime.date):
            out.append((c, c.isoformat()))
        else:
            out.append((c, str(c)))
    return out


def day(text):
    return datetime.date.fromisoformat(text)


TRAPS = {
    # `NOT IN` over a list with NULL returns nothing; a missing value compared is unknown, so
    # `not in` is unknown too and the rule does not fire.
    "not_in_with_missing": (
        """ladder "not in"
fields {
  id: text key
  行业: text
}
grades 级别 {
  做 "目标行业" if 行业 not in ["政府机关", "非营利机构"]
  不做 "不做" if 行业 in ["政府机关", "非营利机构"]
  未知 "行业不明" otherwise
}
""",
        ["id", "行业"],
        [row("k1", "制造业"), row("k2", "政府机关"), row("k3", None), row("k4", ("N/A", "N/A")), row("k5", " 非营利机构 ")],
        {"k1": {"级别": "做"}, "k2": {"级别": "不做"}, "k3": {"级别": "未知"}, "k4": {"级别": "未知"},
         "k5": {"级别": "不做"}},
    ),
    # A day past the end of the target month is its last day: Jan 31 + 1 month is Feb 28, Feb 29
    # + 1 year is Feb 28, Mar 31 - 1 month is Feb 28, and Feb 28 + 1 month is Mar 28 (Spark 2's
    # add_months gave Mar 31 for a month end).
    "month_end_arithmetic": (
        """ladder "month ends"
fields {
  id: text key
  d: date
}
score 加一月 = days until (d + 1 month)
score 加一年 = days until (d + 1 year)
score 减一月 = days until (d - 1 month)
grades 窗口 {
  近 "within last 1 month of d + 1 month" if d + 1 month within last 1 month
  远 "further" otherwise
}
""",
        ["id", "d"],
        [row("k1", day("2026-01-31")), row("k2", day("2024-02-29")), row("k3", day("2026-03-31")),
         row("k4", day("2026-02-28")), row("k5", day("2026-10-31")), row("k6", None)],
        {
            # today is 2026-11-23
            "k1": {"加一月": D((datetime.date(2026, 2, 28) - datetime.date(2026, 11, 23)).days)},
            "k2": {"加一年": D((datetime.date(2025, 2, 28) - datetime.date(2026, 11, 23)).days)},
            "k3": {"减一月": D((datetime.date(2026, 2, 28) - datetime.date(2026, 11, 23)).days)},
            "k4": {"加一月": D((datetime.date(2026, 3, 28) - datetime.date(2026, 11, 23)).days)},
            # 2026-10-31 + 1 month = 2026-11-30, after today: not within the last month
            "k5": {"窗口": "远", "加一月": D(7)},
            "k6": {"窗口": "远", "加一月": None},
        },
    ),
    # 1 / 2 is 0.5 (PostgreSQL's integers give 0); a division by zero is unknown, not an error.
    "integer_division": (
        """ladder "division"
fields {
  id: text key
  a: number
  b: number
}
score 商 = a / b
grades 一半 {
  半 "a / b = 0.5" if a / b = 0.5
  非半 "a / b != 0.5" if a / b != 0.5
  未知 "unknown" otherwise
}
""",
        ["id", "a", "b"],
        [row("k1", D(1), D(2)), row("k2", D(7), D(2)), row("k3", D(1), D(0)), row("k4", D(-7), D(2)),
         row("k5", D(2), D(4)), row("k6", None, D(2))],
        {"k1": {"商": D("0.5"), "一半": "半"}, "k2": {"商": D("3.5"), "一半": "非半"},
         "k3": {"商": None, "一半": "未知"}, "k4": {"商": D("-3.5")}, "k5": {"一半": "半"},
         "k6": {"一半": "未知"}},
    ),
    # Text is compared byte by byte: 'a ' is not 'a', 'A' is not 'a', 'b' does not hold 'B'
    # (MySQL's default collations say 'a ' = 'a' and 'A' = 'a'). Cells are trimmed as Ladder
    # reads them.
    "trailing_space_text": (
        """ladder "text"
fields {
  id: text key
  名称: text
}
grades 比较 {
  带空格 "equals a with a trailing space" if 名称 = "a "
  小写a "equals a" if 名称 = "a"
  大写 "starts with A or holds B" if 名称 starts with "A" or 名称 contains "B"
  其他 "other" otherwise
}
""",
        ["id", "名称"],
        [row("k1", "a"), row("k2", ("a ", "a ")), row("k3", "A"), row("k4", "B"), row("k5", "b"),
         row("k6", ("\u3000a", "\u3000a"))],
        {"k1": {"比较": "小写a"}, "k2": {"比较": "小写a"}, "k3": {"比较": "大写"}, "k4": {"比较": "大写"},
         "k5": {"比较": "其他"}, "k6": {"比较": "小写a"}},
    ),
    # Ties share the quintile of their lowest position (NTILE splits ties arbitrarily); a missing
    # value takes no part. Ten values: 1 1 1 1 2 3 3 4 5 5.
    "quintile_ties": (
        """ladder "ties"
fields {
  id: text key
  x: number
}
score Q = quintile(x)
score P = percentile(x)
score R = rank(x)
grades 顶 {
  顶部 "top fifth" if quintile(x) = 5
  其余 "not" otherwise
}
""",
        ["id", "x"],
        [row(f"k{i}", D(v)) for i, v in enumerate([1, 1, 1, 1, 2, 3, 3, 4, 5, 5])] + [row("k10", None)],
        {"k0": {"Q": D(1), "R": D(7), "P": D(0)}, "k3": {"Q": D(1)}, "k4": {"Q": D(3), "R": D(6)},
         "k5": {"Q": D(3), "R": D(4)}, "k6": {"Q": D(3)}, "k7": {"Q": D(4)},
         "k8": {"Q": D(5), "R": D(1), "P": D("88.888888888888888888888888889"), "顶": "顶部"},
         "k10": {"Q": None, "P": None, "R": None, "顶": "其余"}},
    ),
    # at least 2 of { a, b, c } is unknown when the unknown members could still make 2.
    "at_least_unknown": (
        """ladder "at least"
fields {
  id: text key
  a: bool
  b: bool
  c: bool
}
grades 两项 {
  成立 "two hold" if at least 2 of { a, b, c }
  不成立 "two cannot hold" if not (at least 2 of { a, b, c })
  未知 "unknown" otherwise
}
""",
        ["id", "a", "b", "c"],
        [row("k1", True, None, False), row("k2", True, True, None), row("k3", False, False, None),
         row("k4", None, None, True), row("k5", None, None, None)],
        {"k1": {"两项": "未知"}, "k2": {"两项": "成立"}, "k3": {"两项": "不成立"}, "k4": {"两项": "未知"},
         "k5": {"两项": "未知"}},
    ),
    # between is unknown when an end is missing, even when the other end already fails.
    "between_missing_end": (
        """ladder "between"
fields {
  id: text key
  x: money
  lo: money
  hi: money
}
grades 区间 {
  内 "inside" if x between lo and hi
  外 "outside" if not (x between lo and hi)
  未知 "unknown" otherwise
}
""",
        ["id", "x", "lo", "hi"],
        [row("k1", D(5), D(10), None), row("k2", D(5), D(1), D(9)), row("k3", D(5), D(9), D(1)),
         row("k4", D(50), D(1), D(9))],
        {"k1": {"区间": "未知"}, "k2": {"区间": "内"}, "k3": {"区间": "内"}, "k4": {"区间": "外"}},
    ),
    # An amount times a rate is exact: 86000000 × 1.1 is 94600000, where binary fractions give
    # 94600000.0000000128 (and 123456789.01 × 0.3 is 37037036.703).
    "money_times_rate": (
        """ladder "products"
fields {
  id: text key
  年销售额: money
  比例: number
}
score 预计 = 年销售额 * 1.1
grades 达标 {
  刚好 "exactly" if 年销售额 * 1.1 = 94600000 or 年销售额 * 比例 = 37037036.703
  其他 "other" otherwise
}
""",
        ["id", "年销售额", "比例"],
        [row("k1", D(86000000), None), row("k2", D("123456789.01"), D("0.3")),
         row("k3", D("98765432.1"), D("0.07")), row("k4", D("333333333.33"), D(3))],
        {"k1": {"达标": "刚好", "预计": D(94600000)}, "k2": {"达标": "刚好"}, "k3": {"达标": "其他"},
         "k4": {"达标": "其他"}},
    ),
}
