#!/usr/bin/env python3
"""A deterministic generator of RFM customer files (rules/rfm.ladder's columns, as rules/rfm.sample.csv
spells them), for benches/rfm_peers.py and trying `ladder run rules/rfm.ladder` on volume.

    benches/gen_rfm.py ROWS OUT.csv [--seed 42]

The same ROWS and seed give the same file, byte for byte (Python's `random.Random` with a seed is
stable across versions for `randrange` and `random`). Per row:
- 客户名称: unique (the row number is part of the name);
- 最近购买日期: a day of the two years before 2026-11-23, spelled `2026/9/18`, `2025-03-15` or
  `2025年5月6日` (only 731 days, so many ties);
- 购买次数: 1–60, small counts likelier (ties at every quintile boundary);
- 购买金额: `163万`, `"¥220,000"`, `2500000元`, `"2,670,000"` or plain `11000` (equal amounts in
  different spellings are ties);
- about 3 % never bought (date missing, count missing or `0`, amount missing or `0`), about 4 %
  with one of the three missing; missing cells are empty, `-` or `–`, as in the sample;
- 负责销售: a name, a column the rules do not read.
"""

import argparse
import datetime
import random

HEADER = "客户名称,最近购买日期,购买次数,购买金额,负责销售"
AS_OF = datetime.date(2026, 11, 23)
CITIES = ["东莞市", "佛山市", "宁波市", "中山市", "苏州市", "义乌市", "惠州市", "青岛市", "成都市", "厦门市"]
BRANDS = ["华盛", "美达", "恒泰", "朗晴", "新宇", "盛达", "德润", "海川", "天府", "鹭江"]
TRADES = ["电子科技", "电器", "五金制品", "灯饰", "精密机械", "日用品", "家具", "水产食品", "商贸", "印务"]
SALES = ["张伟", "李娜", "王磊", "刘洋", "陈静"]
MISSING = ["", "", "-", "–"]


def date_cell(r, day):
    form = r.randrange(3)
    if form == 0:
        return f"{day.year}/{day.month}/{day.day}"
    if form == 1:
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def amount(r):
    """Yuan: round 万 amounts (ties) most of the time, else thousands or any whole number."""
    kind = r.randrange(10)
    if kind < 6:
        return 10_000 * (1 + int(r.random() ** 2 * 900))
    if kind < 9:
        return 1_000 * (1 + r.randrange(5_000))
    return 1_000 + r.randrange(9_000_000)


def amount_cell(r, yuan):
    form = r.randrange(5)
    if form == 0 and yuan % 10_000 == 0:
        return f"{yuan // 10_000}万"
    if form == 1:
        return f'"¥{yuan:,}"'
    if form == 2:
        return f"{yuan}元"
    if form == 3:
        return f'"{yuan:,}"'
    return str(yuan)


def generate(rows, path, seed=42):
    r = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        lines = []
        for i in range(rows):
            name = f"{r.choice(CITIES)}{r.choice(BRANDS)}{r.choice(TRADES)}有限公司{i + 1:07d}"
            day = AS_OF - datetime.timedelta(days=r.randrange(731))
            date = date_cell(r, day)
            count = str(1 + int(r.random() ** 2 * 60))
            money = amount_cell(r, amount(r))
            kind = r.randrange(100)
            if kind < 3:  # never bought
                date = r.choice(MISSING)
                count = r.choice(MISSING + ["0"])
                money = r.choice(MISSING + ["0"])
            elif kind < 7:  # one of the three not recorded
                gap = r.randrange(3)
                date, count, money = (r.choice(MISSING) if gap == j else c for j, c in enumerate((date, count, money)))
            lines.append(f"{name},{date},{count},{money},{r.choice(SALES)}\n")
            if len(lines) == 10_000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    generate(args.rows, args.out, args.seed)


if __name__ == "__main__":
    main()
