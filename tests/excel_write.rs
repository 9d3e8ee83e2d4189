//! `ladder run -o FILE.xlsx` end to end through the binary: the workbook read back with calamine
//! and checked cell by cell against the CSV output of the same run, the summary sheet against
//! `--summary`, and the sheet's XML (frozen header, autofilter, widths, fills) unzipped.

use calamine::{open_workbook, Data, Reader, Xlsx};
use std::io::Read;
use std::path::Path;
use std::process::Output;
use unicode_width::UnicodeWidthStr;

mod common;
use common::cli::{ladder, ladder_in, stderr, tmp};

const AS_OF: [&str; 2] = ["--as-of", "2026-11-23"];
const EXAMPLES: [&str; 4] = ["abc", "lifecycle", "rfm", "ten_level"];

/// Runs `ladder run RULES DATA EXTRA… -o OUT`; its output.
fn run_to(rules: &str, data: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["run", rules, data, "-o", out.to_str().unwrap()];
    args.extend(AS_OF);
    args.extend(extra);
    ladder(&args)
}

fn csv_table(path: &Path) -> Vec<Vec<String>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(path).expect("csv output");
    rdr.records().map(|r| r.expect("csv").iter().map(String::from).collect()).collect()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("a workbook calamine opens");
    let range = wb.worksheet_range(name).expect("the sheet");
    assert_eq!(range.start(), Some((0, 0)), "the sheet starts at A1");
    range.rows().map(|r| r.to_vec()).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).expect("a workbook calamine opens");
    wb.sheet_names()
}

/// The text of a file inside the workbook's zip.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("workbook")).expect("a zip");
    let mut text = String::new();
    zip.by_name(name).expect("part").read_to_string(&mut text).expect("utf-8 xml");
    text
}

/// The days since 1899-12-30 (Excel's day 0 in the 1900 system) of `date`.
fn serial(date: jiff::civil::Date) -> f64 {
    date.since(jiff::civil::date(1899, 12, 30)).expect("span").get_days() as f64
}

/// The number a CSV cell holds as a score (as written) or as a number/money field reads it, as
/// the binary fraction Excel holds.
fn number(text: &str) -> Option<f64> {
    text.parse().ok().or_else(|| ladder::cell::parse_number(text).ok().flatten().map(float))
}

/// The binary fraction nearest an exact decimal.
fn float(d: ladder::value::Decimal) -> f64 {
    d.to_string().parse().expect("a decimal reads as a float")
}

/// Checks the results sheet against the CSV table, cell by cell; counts (numbers, dates).
fn same_cells(sheet: &[Vec<Data>], table: &[Vec<String>], what: &str) -> (usize, usize) {
    assert_eq!(sheet.len(), table.len(), "{what}: rows");
    let (mut numbers, mut dates) = (0, 0);
    for (r, (cells, texts)) in sheet.iter().zip(table).enumerate() {
        assert!(cells.len() <= texts.len(), "{what}: row {r} is wider than the CSV");
        for (c, text) in texts.iter().enumerate() {
            let at = format!("{what}: row {r} column {c} ({})", table[0][c]);
            match cells.get(c).unwrap_or(&Data::Empty) {
                Data::Empty => assert_eq!(text, "", "{at}"),
                Data::String(s) => assert_eq!(s, text, "{at}"),
                Data::Float(f) => {
                    numbers += 1;
                    assert_eq!(Some(*f), number(text), "{at}: {text}");
                }
                Data::DateTime(d) => {
                    dates += 1;
                    let date = ladder::cell::parse_date(text).ok().flatten().expect("a date");
                    assert_eq!(d.as_f64(), serial(date), "{at}: {text}");
                }
                other => panic!("{at}: unexpected cell {other:?}"),
            }
        }
    }
    (numbers, dates)
}

#[test]
fn every_cell_of_every_example_is_the_csv_output() {
    let dir = tmp("examples");
    let (mut numbers, mut dates) = (0, 0);
    for name in EXAMPLES {
        let (rules, data) = (format!("rules/{name}.ladder"), format!("rules/{name}.sample.csv"));
        for extra in [&[][..], &["--explain"], &["--keep", "客户名称"]] {
            if name == "ten_level" && extra.first() == Some(&"--keep") {
                continue;
            }
            let (csv, xlsx) = (dir.join(format!("{name}.csv")), dir.join(format!("{name}.xlsx")));
            let a = run_to(&rules, &data, &csv, extra);
            let b = run_to(&rules, &data, &xlsx, extra);
            assert_eq!(a.status.code(), b.status.code(), "{name}: {}", stderr(&b));
            assert_eq!(stderr(&a), stderr(&b), "{name}");
            let what = format!("{name} {extra:?}");
            let (n, d) = same_cells(&sheet(&xlsx, "Results"), &csv_table(&csv), &what);
            numbers += n;
            dates += d;
        }
    }
    // Typed cells were written, not only text.
    assert!(numbers > 500 && dates > 50, "{numbers} numbers, {dates} dates");
}

#[test]
fn the_summary_sheet_holds_the_figures_of_summary() {
    let dir = tmp("summary");
    for name in EXAMPLES {
        let xlsx = dir.join(format!("{name}.xlsx"));
        let out = run_to(&format!("rules/{name}.ladder"), &format!("rules/{name}.sample.csv"), &xlsx, &["--summary"]);
        let report = stderr(&out);
        let printed: Vec<&str> = report.lines().filter(|l| l.starts_with("  ")).collect();
        let rows = sheet(&xlsx, "Summary");
        let mut lines = 0;
        let mut titles = 0;
        for row in &rows {
            match row.as_slice() {
                [Data::String(level), Data::String(label), Data::Float(count), Data::Float(share), ..] => {
                    let name = if level.is_empty() { label.clone() } else { format!("{level} {label}") };
                    let figures = format!("{count:>8}  {:>5.1}%", 100.0 * share);
                    let line = printed.iter().find(|l| l.trim_start().starts_with(&format!("{name} ")));
                    let line = line.unwrap_or_else(|| panic!("{name}: no line {name} in {report}"));
                    assert!(line.contains(&figures), "{name}: {line} has not {figures}");
                    lines += 1;
                }
                [Data::String(title), ..] if title.contains("rows graded") => {
                    assert!(report.lines().any(|l| l == title), "{title} in {report}");
                    titles += 1;
                }
                _ => {}
            }
        }
        assert_eq!(lines, printed.len(), "{name}: every line of --summary is on the sheet");
        // One chart per ladder, titled with its name.
        for t in 1..=titles {
            let chart = part(&xlsx, &format!("xl/charts/chart{t}.xml"));
            assert!(chart.contains("<c:barChart>") && chart.contains("<c:barDir val=\"col\"/>"), "{name}");
        }
        let first = report.lines().next().unwrap().split(" (").next().unwrap().to_string();
        assert!(part(&xlsx, "xl/charts/chart1.xml").contains(&format!("<a:t>{first}</a:t>")), "{name}: title");
        assert!(titles >= 1, "{name}");
    }
}

#[test]
fn the_sheets_are_named_in_the_message_language() {
    let dir = tmp("names");
    let xlsx = dir.join("out.xlsx");
    let path = xlsx.to_str().unwrap();
    for (lang, names) in [("en", ["Results", "Summary"]), ("zh", ["结果", "汇总"])] {
        let out = ladder_in(lang, &["run", "rules/abc.ladder", "rules/abc.sample.csv", "-o", path, AS_OF[0], AS_OF[1]]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(sheet_names(&xlsx), names);
        let summary = sheet(&xlsx, names[1]);
        let Data::String(level) = &summary[1][0] else { panic!("{:?}", summary[1]) };
        assert_eq!(level, if lang == "en" { "Level" } else { "等级" });
    }
}

/// The style index (`s`) of cell `at` in a sheet's XML, 0 when it has none.
fn style(xml: &str, at: &str) -> u32 {
    let start = xml.find(&format!("<c r=\"{at}\"")).unwrap_or_else(|| panic!("no cell {at}"));
    let tag = &xml[start..start + xml[start..].find('>').unwrap()];
    tag.split(" s=\"").nth(1).map_or(0, |s| s.split('"').next().unwrap().parse().unwrap())
}

fn letter(c: usize) -> String {
    let mut name = String::new();
    let mut n = c + 1;
    while n > 0 {
        name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    name
}

#[test]
fn the_header_is_frozen_filtered_and_the_columns_fit_chinese_text() {
    let dir = tmp("layout");
    let (csv, xlsx) = (dir.join("out.csv"), dir.join("out.xlsx"));
    run_to("rules/abc.ladder", "rules/abc.sample.csv", &csv, &[]);
    run_to("rules/abc.ladder", "rules/abc.sample.csv", &xlsx, &[]);
    let table = csv_table(&csv);
    let xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#));
    let used = format!("A1:{}{}", letter(table[0].len() - 1), table.len());
    assert!(xml.contains(&format!("<autoFilter ref=\"{used}\"/>")), "{used}");
    // The 客户名称 column is as wide as its longest name, two units per Chinese character.
    let longest = table.iter().map(|r| r[0].width()).max().unwrap();
    let col = xml.split("<col min=\"1\" max=\"1\" width=\"").nth(1).unwrap();
    let width: f64 = col.split('"').next().unwrap().parse().unwrap();
    assert!(width >= longest as f64 && width < longest as f64 + 6.0, "{width} for {longest}");
    // The header row is bold; its style is not a data cell's.
    assert_ne!(style(&xml, "A1"), style(&xml, "A2"));
}

#[test]
fn levels_are_coloured_by_level_and_error_rows_are_marked() {
    let dir = tmp("fills");
    let data = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/abc.sample.csv")).unwrap();
    // The 员工人数 of the third customer cannot be read.
    let mut lines: Vec<String> = data.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[3].split(',').map(String::from).collect();
    cells[3] = "很多".into();
    lines[3] = cells.join(",");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, lines.join("\n") + "\n").unwrap();
    let (csv, xlsx) = (dir.join("out.csv"), dir.join("out.xlsx"));
    run_to("rules/abc.ladder", bad.to_str().unwrap(), &csv, &[]);
    let out = run_to("rules/abc.ladder", bad.to_str().unwrap(), &xlsx, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let table = csv_table(&csv);
    same_cells(&sheet(&xlsx, "Results"), &table, "bad");
    let xml = part(&xlsx, "xl/worksheets/sheet1.xml");
    let styles = part(&xlsx, "xl/styles.xml");
    let error = letter(table[0].len() - 1);
    assert!(!table[3].last().unwrap().is_empty(), "row 4 has a data error");
    // Row 4 (the third customer): its key cell and its error cell have the error fill.
    assert_eq!(style(&xml, "A4"), style(&xml, &format!("{error}4")));
    assert_ne!(style(&xml, "A4"), 0);
    assert_eq!(style(&xml, "A3"), 0, "a clean row's key cell is plain");
    assert!(styles.contains("FFFFC7CE"), "the light red fill");
    // The same level, the same colour, on the level and the label cell; another level, another.
    let level = table[0].iter().position(|h| h == "客户等级").unwrap();
    let (lc, bc) = (letter(level), letter(level + 1));
    let rows_of = |l: &str| (1..table.len()).filter(|&r| table[r][level] == l).map(|r| r + 1).collect::<Vec<_>>();
    let (a, c) = (rows_of("A"), rows_of("C"));
    assert!(a.len() > 1 && !c.is_empty());
    let fill = |r: usize| style(&xml, &format!("{lc}{r}"));
    assert!(a.iter().all(|&r| fill(r) == fill(a[0]) && style(&xml, &format!("{bc}{r}")) == fill(a[0])));
    assert_ne!(fill(a[0]), fill(c[0]));
    assert_ne!(fill(a[0]), 0);
}

#[test]
fn number_money_and_date_texts_become_typed_cells_of_the_same_value() {
    let dir = tmp("typed");
    let rules = dir.join("t.ladder");
    std::fs::write(
        &rules,
        "ladder \"t\"\nfields {\n  客户: text key\n  数量: number\n  金额: money\n  日期: date\n}\n\
         grades 等级 {\n  高 \"大客户\" if 金额 >= 100万\n  低 \"小客户\" otherwise\n}\n",
    )
    .unwrap();
    let rows = [
        ("1200", "120万", "2023年9月15日"),
        ("-3.5", "¥5,000", "2026/1/2"),
        ("1,234.5", "¥6,800,000", "2026-11-18"),
        ("12.5%", "3.2亿", "2021.03.02"),
        ("0.1", "1234.56", "2000-02-29"),
        ("85%", "9,999,999.99", "1900-03-01"),
        ("很多", "六百", "上周"),
    ];
    let mut text = String::from("客户,数量,金额,日期\n");
    for (i, (n, m, d)) in rows.iter().enumerate() {
        text += &format!("客户{i},\"{n}\",\"{m}\",{d}\n");
    }
    let data = dir.join("t.csv");
    std::fs::write(&data, text).unwrap();
    let xlsx = dir.join("t.xlsx");
    let out = run_to(rules.to_str().unwrap(), data.to_str().unwrap(), &xlsx, &[]);
    assert_eq!(out.status.code(), Some(1), "the last row has data errors: {}", stderr(&out));
    let cells = sheet(&xlsx, "Results");
    for (i, (n, m, d)) in rows.iter().enumerate() {
        let row = &cells[i + 1];
        let readable = ladder::cell::parse_number(n).ok().flatten();
        match (&row[1], readable) {
            (Data::Float(f), Some(v)) => assert_eq!(*f, float(v), "{n}"),
            (Data::String(s), None) => assert_eq!(s, n),
            (cell, v) => panic!("{n}: {cell:?} for {v:?}"),
        }
        match (&row[2], ladder::cell::parse_number(m).ok().flatten()) {
            (Data::Float(f), Some(v)) => assert_eq!(*f, float(v), "{m}"),
            (Data::String(s), None) => assert_eq!(s, m),
            (cell, v) => panic!("{m}: {cell:?} for {v:?}"),
        }
        match (&row[3], ladder::cell::parse_date(d).ok().flatten()) {
            (Data::DateTime(x), Some(v)) => assert_eq!(x.as_f64(), serial(v), "{d}"),
            (Data::String(s), None) => assert_eq!(s, d),
            (cell, v) => panic!("{d}: {cell:?} for {v:?}"),
        }
    }
    // Money with thousands separators, dates as yyyy-mm-dd, percentages as percentages.
    let styles = part(&xlsx, "xl/styles.xml");
    for format in ["#,##0.00", "yyyy-mm-dd", "0.0#%"] {
        assert!(styles.contains(&format!("formatCode=\"{format}\"")), "{format} in {styles}");
    }
}

#[test]
fn jsonl_into_a_workbook_is_refused() {
    let dir = tmp("jsonl");
    let xlsx = dir.join("out.xlsx");
    let out = run_to("rules/abc.ladder", "rules/abc.sample.csv", &xlsx, &["--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format jsonl cannot be written to the workbook"), "{}", stderr(&out));
    assert!(!xlsx.exists());
}

#[test]
fn the_refusal_reads_well_in_both_languages() {
    // Refused before anything is read or written.
    let args = ["run", "rules/abc.ladder", "rules/abc.sample.csv", "-o", "graded.xlsx", "--format", "jsonl"];
    for lang in ["en", "zh"] {
        let out = ladder_in(lang, &args);
        assert_eq!(out.status.code(), Some(2));
        insta::assert_snapshot!(format!("xlsx_jsonl_{lang}"), stderr(&out));
    }
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("graded.xlsx").exists());
}

#[test]
fn a_failed_run_leaves_the_earlier_workbook_whole() {
    let dir = tmp("atomic");
    let xlsx = dir.join("out.xlsx");
    let out = run_to("rules/abc.ladder", "rules/abc.sample.csv", &xlsx, &[]);
    assert!(out.status.success());
    let before = std::fs::read(&xlsx).unwrap();
    // The lifecycle data has no 满意度评分 column: nothing is run.
    let out = run_to("rules/abc.ladder", "rules/lifecycle.sample.csv", &xlsx, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&xlsx).unwrap(), before);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files, ["out.xlsx"], "no temporary file is left");
}
