//! The library's seams to the outside world: rule files read through `Files` (here, files that
//! exist only in memory, as an editor's unsaved buffers do) and records read through
//! `RecordSource` (here, rows held in memory, the shape a workbook sheet is read into).

use ladder::check::{check_path, check_with};
use ladder::files::Memory;
use ladder::run::{run, Options, OutFormat};
use ladder::source::{Csv, RecordSource, Rows};

const MAIN: &str =
    "use \"shared/fields.ladder\"\n\ngrades 级 {\n  A \"大\" if 金额 >= 100万\n  B \"小\" otherwise\n}\n";
const FIELDS: &str = "fields {\n  编号: text key\n  金额: money\n}\n";

#[test]
fn a_program_checks_with_its_used_file_only_in_memory() {
    let mut files = Memory::new();
    files.insert("buffers/main.ladder", MAIN);
    files.insert("buffers/shared/fields.ladder", FIELDS);
    let checked = check_with(&files, "buffers/main.ladder").expect("main is in memory");
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    assert_eq!(checked.program.fields.len(), 2);
    // The same program on the disk does not exist.
    assert!(check_path("buffers/main.ladder").is_err());
}

#[test]
fn a_used_file_missing_from_memory_is_reported_with_the_nearest_name() {
    let mut files = Memory::new();
    files.insert("buffers/main.ladder", MAIN);
    files.insert("buffers/shared/field.ladder", FIELDS);
    let checked = check_with(&files, "buffers/main.ladder").expect("main is in memory");
    let missing = checked.diagnostics.iter().find(|d| d.code() == "ladder::use_missing").expect("use_missing");
    let help = missing.text(ladder::diag::Lang::En).help.unwrap_or_default();
    assert!(help.contains("shared/field.ladder"), "{help}");
}

#[test]
fn unsaved_buffers_are_read_before_the_disk() {
    let mut files = Memory::over_disk();
    files.insert(
        "rules/abc.ladder",
        "ladder \"未保存\"\nfields {\n  金额: money\n}\ngrades 级 {\n  A \"大\" otherwise\n}\n",
    );
    let checked = check_with(&files, "rules/abc.ladder").expect("buffer");
    assert_eq!(checked.program.ladders[0].name, "级");
    assert!(!check_with(&files, "rules/rfm.ladder").expect("from the disk").program.ladders.is_empty());
}

fn opts() -> Options {
    Options {
        today: jiff::civil::date(2026, 11, 23),
        explain: true,
        format: OutFormat::Csv,
        keep: None,
        threads: 2,
        progress: None,
        lang: ladder::diag::Lang::En,
    }
}

#[test]
fn rows_held_in_memory_run_as_the_same_csv_does() {
    let mut files = Memory::new();
    files.insert("main.ladder", MAIN);
    files.insert("shared/fields.ladder", FIELDS);
    let program = check_with(&files, "main.ladder").expect("rules").program;
    let text = "编号,金额\nK1,120万\nK2,\"3,000\"\nK3,abc\nK4\n";
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv").iter().map(String::from).collect())
        .collect();
    let (mut from_rows, mut from_csv) = (Vec::new(), Vec::new());
    let stats = run(&program, &Rows::new(rows), &mut from_rows, &opts()).expect("rows");
    let csv = || -> std::io::Result<Box<dyn RecordSource>> {
        Ok(Box::new(Csv::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())))))
    };
    run(&program, &csv, &mut from_csv, &opts()).expect("csv");
    assert_eq!(stats.rows, 4);
    assert_eq!(String::from_utf8(from_rows).unwrap(), String::from_utf8(from_csv).unwrap());
}
