"""Writes rules/ten_level.sample.xlsx: rules/ten_level.sample.csv as a sales team keeps it in Excel.

A 说明 (notes) sheet first; on the 客户 sheet a merged title row above the header, money as typed
numbers where the export had a plain amount (text such as 1.2亿 stays text), purchase dates as real
dates where the export had one in a form Excel recognises, 行业 merged over runs of equal cells, and a
合计 row with a SUM formula at the bottom. Ladder must grade it exactly as it grades the CSV.

    pip install XlsxWriter==3.2.0
    python3 tests/excel/make_sample_workbook.py
"""
import csv
import datetime
import re
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
rows = list(csv.reader(open(ROOT / "rules/ten_level.sample.csv", encoding="utf-8")))
header, body = rows[0], rows[1:]
col = {name: i for i, name in enumerate(header)}

wb = xlsxwriter.Workbook(str(ROOT / "rules/ten_level.sample.xlsx"))
# A fixed creation time: the workbook is the same bytes every time the script runs.
wb.set_properties({"created": datetime.datetime(2025, 12, 1)})
title = wb.add_format({"bold": True, "font_size": 14})
bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
money = wb.add_format({"num_format": "¥#,##0"})
day = wb.add_format({"num_format": "yyyy/m/d"})
merged = wb.add_format({"valign": "vcenter"})

notes = wb.add_worksheet("说明")
for i, line in enumerate([
    "客户跟进表（示例）",
    "每行一个客户；“当前阶段”是上次分级的结果。",
    "“客户”工作表第 1 行是标题，第 2 行是表头；最后一行是合计。",
]):
    notes.write(i, 0, line, title if i == 0 else None)
notes.set_column(0, 0, 60)

ws = wb.add_worksheet("客户")
ws.merge_range(0, 0, 0, 8, "2025 年 12 月客户跟进表", title)
ws.write_row(1, 0, header, bold)

def amount(text):
    plain = re.fullmatch(r"[¥￥]?([0-9][0-9,]*)", text)
    return float(plain.group(1).replace(",", "")) if plain else None

def date(text):
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", text)
    return datetime.date(int(m[1]), int(m[2]), int(m[3])) if m else None

first = 2
for r, row in enumerate(body, start=first):
    for c, cell in enumerate(row):
        name = header[c]
        if name == "年销售额" and amount(cell) is not None:
            ws.write_number(r, c, amount(cell), money)
        elif name == "预计采购日期" and date(cell) is not None:
            ws.write_datetime(r, c, datetime.datetime.combine(date(cell), datetime.time()), day)
        elif name == "行业":
            continue
        else:
            ws.write_string(r, c, cell)

# 行业 merged over each run of equal cells, as a manager groups customers by industry.
c = col["行业"]
start = 0
while start < len(body):
    end = start
    while end + 1 < len(body) and body[end + 1][c] == body[start][c]:
        end += 1
    if end > start:
        ws.merge_range(first + start, c, first + end, c, body[start][c], merged)
    else:
        ws.write_string(first + start, c, body[start][c])
    start = end + 1

total = first + len(body)
ws.write_string(total, 0, "合计")
sales = col["年销售额"]
typed = sum(amount(r[sales]) or 0 for r in body)
letter = xlsxwriter.utility.xl_col_to_name(sales)
ws.write_formula(total, sales, f"=SUM({letter}{first + 1}:{letter}{total})", money, typed)
ws.freeze_panes(first, 1)
ws.set_column(0, 0, 14)
ws.set_column(1, 1, 34)
wb.close()
