//! Reading workbooks (issue 12) end to end through the binary, on the workbooks that
//! tests/excel/make_workbooks.py writes into tests/excel/, and a 100k-row sheet written here.

use std::process::Output;

mod common;
use common::cli::{ladder, ladder_in, stderr, stdout};

fn table(text: &str) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    rdr.records().map(|r| r.expect("a CSV record").iter().map(String::from).collect()).collect()
}

const RULES: &str = "tests/excel/客户.ladder";
const AS_OF: [&str; 2] = ["--as-of", "2024-01-01"];

/// `客户, 行业, 年销售额, 签约, 首次成交, 等级` of each output row.
fn graded(o: &Output) -> Vec<Vec<String>> {
    table(&stdout(o)).into_iter().map(|r| r[..6].to_vec()).collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn typed_cells_merges_title_and_total_rows_of_a_workbook() {
    for book in ["tests/excel/typed.xlsx", "tests/excel/typed_1904.xlsx"] {
        let o = ladder(&["run", RULES, book, AS_OF[0], AS_OF[1]]);
        assert_eq!(o.status.code(), Some(1), "{book}: {}", stderr(&o));
        assert_eq!(
            graded(&o),
            vec![
                row(&["客户", "行业", "年销售额", "签约", "首次成交", "等级"]),
                // Numbers, booleans and a date-formatted serial; 行业 merged over three rows.
                row(&["甲公司", "制造业", "1500000", "TRUE", "2023-09-15", "A"]),
                // A formula's cached value; a date with a time of day.
                row(&["乙公司", "制造业", "50500", "FALSE", "2022-03-01 14:30:00", "C"]),
                // Text cells read as in CSV; a bare serial number in a date field.
                row(&["丙公司", "制造业", "120万", "是", "2023-09-15", "A"]),
                // An error cell's text; a Chinese date.
                row(&["丁公司", "零售", "#DIV/0!", "否", "2023年9月15日", ""]),
                row(&["戊公司", "零售", "¥5,000", "TRUE", "不详", ""]),
            ],
            "{book}"
        );
    }
}

#[test]
fn data_errors_name_the_sheet_row_and_column_in_both_languages() {
    for lang in ["en", "zh"] {
        let o = ladder_in(lang, &["run", RULES, "tests/excel/typed.xlsx", AS_OF[0], AS_OF[1]]);
        insta::assert_snapshot!(format!("excel_data_errors_{lang}"), stderr(&o));
        let error_column = table(&stdout(&o)).into_iter().map(|r| r[8].clone()).collect::<Vec<_>>().join("\n");
        insta::assert_snapshot!(format!("excel_error_column_{lang}"), error_column);
    }
}

#[test]
fn the_summary_counts_skipped_total_rows() {
    for (lang, line) in
        [("en", "total rows skipped (合计/小计/总计/Total): 1"), ("zh", "跳过的合计行（合计/小计/总计）：1 行")]
    {
        let o = ladder_in(lang, &["run", RULES, "tests/excel/typed.xlsx", AS_OF[0], AS_OF[1], "--summary"]);
        assert!(stderr(&o).lines().any(|l| l == line), "{lang}: {}", stderr(&o));
        // Five rows read and graded or in error, one skipped: all seven sheet rows below the header.
        assert!(stderr(&o).contains(if lang == "en" { "rows read: 5 " } else { "读取 5 行" }), "{}", stderr(&o));
    }
    let csv = ladder(&["run", "--summary", "tests/run/formats.ladder", "tests/run/formats.csv", AS_OF[0], AS_OF[1]]);
    assert!(!stderr(&csv).contains("skipped"), "{}", stderr(&csv));
}

#[test]
fn xls_and_ods_read_as_xlsx_does_with_their_merged_cells() {
    for book in ["tests/excel/small.xls", "tests/excel/small.ods"] {
        let o = ladder(&["run", RULES, book, AS_OF[0], AS_OF[1]]);
        assert_eq!(o.status.code(), Some(0), "{book}: {}", stderr(&o));
        assert_eq!(
            graded(&o),
            vec![
                row(&["客户", "行业", "年销售额", "签约", "首次成交", "等级"]),
                row(&["甲公司", "制造业", "1500000", "TRUE", "2023-09-15", "A"]),
                row(&["乙公司", "零售", "50500", "FALSE", "2022-03-01", "C"]),
                // 行业 merged over 乙公司 and 丙公司.
                row(&["丙公司", "零售", "8000", "FALSE", "2023-01-05", "B"]),
            ],
            "{book}"
        );
    }
}

#[test]
fn the_sheet_is_chosen_by_name_or_number() {
    let by_default = stdout(&ladder(&["run", RULES, "tests/excel/typed.xlsx", AS_OF[0], AS_OF[1]]));
    for sheet in ["客户", "2"] {
        let o = ladder(&["run", RULES, "tests/excel/typed.xlsx", "--sheet", sheet, AS_OF[0], AS_OF[1]]);
        assert_eq!(stdout(&o), by_default, "--sheet {sheet}");
    }
}

#[test]
fn bad_workbooks_and_sheets_are_clear_errors_in_both_languages() {
    let cases: [(&str, &[&str]); 8] = [
        ("no_table", &["tests/excel/no_table.xlsx"]),
        ("not_a_zip", &["tests/excel/not_a_zip.xlsx"]),
        ("not_an_xls", &["tests/excel/not_a_workbook.xls"]),
        ("not_an_ods", &["tests/excel/not_a_workbook.ods"]),
        ("missing", &["tests/excel/no_such_file.xlsx"]),
        ("no_such_sheet", &["tests/excel/typed.xlsx", "--sheet", "没有"]),
        ("out_of_range", &["tests/excel/typed.xlsx", "--sheet", "9"]),
        ("empty_sheet", &["tests/excel/no_table.xlsx", "--sheet", "空表"]),
    ];
    for (name, args) in cases {
        for lang in ["en", "zh"] {
            let o = ladder_in(lang, &[&["run", RULES][..], args].concat());
            assert_eq!(o.status.code(), Some(2), "{name} {lang}");
            assert!(stdout(&o).is_empty());
            insta::assert_snapshot!(format!("excel_bad_{name}_{lang}"), stderr(&o));
        }
    }
}

#[test]
fn explain_reads_a_record_of_a_sheet() {
    let o = ladder(&["explain", RULES, "tests/excel/typed.xlsx", "--key", "戊公司", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("excel_explain_data_error", stdout(&o));
    let o = ladder(&["explain", RULES, "tests/excel/typed.xlsx", "--key", "丙公司", AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Record: row 6 "), "{}", stdout(&o));
}

#[test]
fn explain_row_counts_the_rows_of_the_sheet() {
    // The header of 客户 is on the sheet's row 3, below a title row: 甲公司 is row 4, not row 2.
    let at = |row: &str| ladder(&["explain", RULES, "tests/excel/typed.xlsx", "--row", row, AS_OF[0], AS_OF[1]]);
    let o = at("4");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("Record: row 4 "), "{}", stdout(&o));
    assert!(stdout(&o).contains("客户 = 甲公司"), "{}", stdout(&o));
    let o = at("8");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("客户 = 戊公司"), "{}", stdout(&o));
    // Row 9 is the 合计 row, skipped as it is when the sheet is run.
    assert_eq!(at("9").status.code(), Some(1));
    assert!(stderr(&at("9")).contains("no row 9"), "{}", stderr(&at("9")));
}

#[test]
fn a_cases_workbook_beside_the_rules_is_run() {
    let o = ladder(&["test", RULES, AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    // The rows are the sheet's: the header of 用例 is on row 2, below a title row.
    assert!(out.contains("客户.cases.xlsx row 3: 大客户 ... ok"), "{out}");
    assert!(out.contains("客户.cases.xlsx row 5: 写错的期望 ... FAILED"), "{out}");
    assert!(out.contains("error: 用例 sheet, row 6, column C 年销售额: \"很多\" is not a number"), "{out}");
    assert!(out.contains("2 passed, 2 failed"), "{out}");
    let given = ladder(&["test", RULES, "--cases", "tests/excel/客户.cases.xlsx", AS_OF[0], AS_OF[1]]);
    assert_eq!(stdout(&given), out, "the table given is the one beside, run once");
}

#[test]
fn an_audit_log_workbook_reads_as_its_csv() {
    let args = |log| ["audit", "rules/ten_level.ladder", log, "--as-of", "2026-03-01"];
    let csv = ladder(&args("rules/ten_level.stage_log.csv"));
    let book = ladder(&args("tests/excel/stage_log.xlsx"));
    assert_eq!(book.status.code(), Some(1), "{}", stderr(&book));
    assert_eq!(
        stdout(&book).replace("tests/excel/stage_log.xlsx", "LOG"),
        stdout(&csv).replace("rules/ten_level.stage_log.csv", "LOG")
    );
    assert!(stdout(&book).contains("row 6: KH-2026-0301"), "{}", stdout(&book));
}

#[test]
fn every_row_of_a_100k_row_sheet_is_graded() {
    const ROWS: u32 = 100_000;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("big.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["客户", "行业", "年销售额", "签约", "首次成交"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("a header cell");
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..=ROWS {
        sheet.write_string(r, 0, format!("客户{r}")).expect("a cell");
        sheet.write_string(r, 1, "制造业").expect("a cell");
        // Every third row has 150万 and is signed: level A.
        sheet.write_number(r, 2, if r % 3 == 0 { 1_500_000.0 } else { 10_000.0 }).expect("a cell");
        sheet.write_boolean(r, 3, r % 3 == 0).expect("a cell");
        sheet.write_number_with_format(r, 4, 45184.0, &date).expect("a cell");
    }
    book.save(&path).expect("the workbook is written");
    let o = ladder(&["run", RULES, path.to_str().expect("a UTF-8 path"), AS_OF[0], AS_OF[1]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = table(&stdout(&o));
    assert_eq!(rows.len() as u32, ROWS + 1);
    assert_eq!(rows.iter().filter(|r| r[5] == "A").count() as u32, ROWS / 3);
    assert_eq!(rows.iter().filter(|r| r[5] == "B").count() as u32, ROWS - ROWS / 3);
    assert_eq!(rows[ROWS as usize][0], format!("客户{ROWS}"), "rows stay in sheet order");
}

#[test]
fn corrupt_and_protected_workbooks_are_errors_not_panics() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let typed = std::fs::read("tests/excel/typed.xlsx").expect("typed.xlsx");
    let xls = std::fs::read("tests/excel/small.xls").expect("small.xls");
    // A workbook protected by a password is an OLE container, as an .xls is, not a zip.
    let files: [(&str, &[u8]); 5] = [
        ("cut.xlsx", &typed[..typed.len() / 2]),
        ("cut_end.xlsx", &typed[..typed.len() - 10]),
        ("protected.xlsx", &xls),
        ("cut.xls", &xls[..xls.len() / 2]),
        ("empty.ods", b""),
    ];
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write the file");
        let o = ladder(&["run", RULES, path.to_str().expect("a UTF-8 path")]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("error: cannot read the workbook"), "{name}: {}", stderr(&o));
    }
}
