#!/usr/bin/env python3
"""Writes the workbook fixtures of tests/excel_read.rs into tests/excel/.

Pinned versions (the committed workbooks were written with these):
    pip install XlsxWriter==3.2.0 xlwt==1.3.0 odfpy==1.4.1
Run from anywhere: python3 tests/excel/make_workbooks.py. The output is the same bytes on every
run, so .ci/run regenerates the workbooks and fails if they differ from the committed ones.
"""
import datetime
import os
import unittest.mock

import xlsxwriter
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableRow, TableCell
from odf.text import P

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ["客户", "行业", "年销售额", "签约", "首次成交"]


def path(name):
    return os.path.join(HERE, name)


def workbook(name, options=None):
    """An .xlsx workbook with a fixed creation time: the same bytes every time the script runs."""
    wb = xlsxwriter.Workbook(path(name), options or {})
    wb.set_properties({"created": datetime.datetime(2025, 12, 1)})
    return wb


def typed(date_1904):
    """Typed cells: numbers, booleans, date-formatted serials, formula cells with cached values,
    an error cell, a merged 行业, a 说明 first sheet, a title row, a 合计 row."""
    wb = workbook("typed_1904.xlsx" if date_1904 else "typed.xlsx", {"date_1904": date_1904})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    notes = wb.add_worksheet("说明")
    notes.write("A1", "本工作簿由 make_workbooks.py 生成；数据在“客户”工作表。")
    ws = wb.add_worksheet("客户")
    ws.write("A1", "2023 年客户名单（标题行）")
    ws.write_row("A3", HEADER)
    ws.write("A4", "甲公司")
    ws.merge_range("B4:B6", "制造业")
    ws.write_number("C4", 1500000)
    ws.write_boolean("D4", True)
    ws.write_datetime("E4", datetime.datetime(2023, 9, 15), date)
    ws.write("A5", "乙公司")
    ws.write_formula("C5", "=1000*50.5", None, 50500)
    ws.write_boolean("D5", False)
    ws.write_datetime("E5", datetime.datetime(2022, 3, 1, 14, 30), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}))
    ws.write("A6", "丙公司")
    ws.write_string("C6", "120万")
    ws.write_string("D6", "是")
    # A bare serial in a date field: 2023-09-15, counted in the workbook's own date system.
    ws.write_number("E6", 45184 - 1462 if date_1904 else 45184)
    ws.write("A7", "丁公司")
    ws.write("B7", "零售")
    ws.write_formula("C7", "=1/0", None, "#DIV/0!")
    ws.write_string("D7", "否")
    ws.write_string("E7", "2023年9月15日")
    ws.write("A8", "戊公司")
    ws.write("B8", "零售")
    ws.write_string("C8", "¥5,000")
    ws.write_string("D8", "TRUE")
    ws.write_string("E8", "不详")  # a data error: 工作表第 8 行 E 列
    ws.write("A9", "合计")
    ws.write_formula("C9", "=SUM(C4:C8)", None, 1550500)
    wb.close()


def small_rows():
    """The rows of small.xls and small.ods; 行业 零售 is merged over the last two."""
    return [
        ["甲公司", "制造业", 1500000, True, datetime.date(2023, 9, 15)],
        ["乙公司", "零售", 50500, False, datetime.date(2022, 3, 1)],
        ["丙公司", "零售", 8000, False, datetime.date(2023, 1, 5)],
    ]


def small_xls():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("客户")
    date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    for r, row in enumerate(small_rows(), start=1):
        for c, v in enumerate(row):
            if c == 1 and r >= 2:
                continue
            ws.write(r, c, v, date) if isinstance(v, datetime.date) else ws.write(r, c, v)
    ws.write_merge(2, 3, 1, 1, "零售")
    ws.write(4, 0, "合计")
    wb.save(path("small.xls"))


def small_ods():
    doc = OpenDocumentSpreadsheet()
    table = Table(name="客户")

    def row(cells, spans=None):
        """`spans`: by column, the (columns, rows) a cell spans; a cell under a span is None."""
        tr = TableRow()
        for c, v in enumerate(cells):
            if v is None:
                tr.addElement(CoveredTableCell())
                continue
            columns, rows = (spans or {}).get(c, (1, 1))
            if isinstance(v, bool):
                cell = TableCell(valuetype="boolean", booleanvalue="true" if v else "false")
            elif isinstance(v, (int, float)):
                cell = TableCell(valuetype="float", value=v)
            elif isinstance(v, datetime.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
            else:
                cell = TableCell(valuetype="string")
            if (columns, rows) != (1, 1):
                cell.setAttribute("numbercolumnsspanned", str(columns))
                cell.setAttribute("numberrowsspanned", str(rows))
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)

    # A title merged across the table, above the header; 行业 merged over the last two rows.
    row(["客户名单", None, None, None, None], {0: (5, 1)})
    row(HEADER)
    first, second, third = small_rows()
    row(first)
    row(second, {1: (1, 2)})
    row([third[0], None] + third[2:])
    doc.spreadsheet.addElement(table)
    # odfpy stamps the zip entries with the time of saving: a fixed time gives the same bytes.
    with unittest.mock.patch("odf.opendocument.time.localtime", lambda: (2025, 12, 1, 0, 0, 0, 0, 335, 0)):
        doc.save(path("small.ods"))


def no_table():
    wb = workbook("no_table.xlsx")
    wb.add_worksheet("说明").write("A1", "没有数据")
    wb.add_worksheet("其他").write_row("A1", ["名称", "金额"])
    wb.add_worksheet("空表")
    wb.close()


def cases():
    """A test table beside 客户.ladder, after a 说明 sheet, below a title row, with an unreadable cell."""
    wb = workbook("客户.cases.xlsx")
    wb.add_worksheet("说明").write("A1", "测试用例")
    ws = wb.add_worksheet("用例")
    ws.write("A1", "等级用例（标题行）")
    ws.write_row("A2", ["name", "客户", "年销售额", "签约", "expect_等级"])
    ws.write_row("A3", ["大客户", "甲", 1500000, True, "A"])
    ws.write_row("A4", ["小客户", "乙", "5万", False, "C"])
    ws.write_row("A5", ["写错的期望", "丙", "5万", False, "A"])
    ws.write_row("A6", ["读不出的金额", "丁", "很多", False, "C"])  # 用例 sheet, row 6, column C
    wb.close()


def stage_log():
    """rules/ten_level.stage_log.csv as a workbook of text cells, after a 说明 sheet."""
    import csv
    wb = workbook("stage_log.xlsx")
    wb.add_worksheet("说明").write("A1", "阶段变动记录")
    ws = wb.add_worksheet("记录")
    with open(os.path.join(HERE, "..", "..", "rules", "ten_level.stage_log.csv"), encoding="utf-8-sig") as f:
        for r, row in enumerate(csv.reader(f)):
            for c, v in enumerate(row):
                ws.write_string(r, c, v)
    wb.close()


if __name__ == "__main__":
    cases()
    stage_log()
    typed(False)
    typed(True)
    small_xls()
    small_ods()
    no_table()
    # CSV text saved under a workbook's name, as a renamed export is.
    for name in ["not_a_zip.xlsx", "not_a_workbook.xls", "not_a_workbook.ods"]:
        with open(path(name), "w") as f:
            f.write("客户,行业\n甲,制造业\n")
