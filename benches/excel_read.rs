//! `cargo bench --bench excel_read`: reading a 1M-row .xlsx through Ladder's workbook source
//! (typed cells to text, merges, total rows, record places) against calamine alone reading the
//! same cells with its streaming cell reader (the floor), and `ladder run` on the same file,
//! measured in the same run. Prints a Markdown table (medians of several runs) for
//! docs/performance.md. The workbook is generated once into the target directory.

use calamine::{Reader, Sheets};
use ladder::source::Data as _;
use ladder::workbook::{Wanted, Workbook};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 3;
const HEADER: [&str; 5] = ["客户", "行业", "年销售额", "签约", "首次成交"];

fn main() {
    let rows: u32 = std::env::var("LADDER_BENCH_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let data = dir.join(format!("customers_{rows}.xlsx"));
    if !data.exists() {
        generate(&data, rows);
    }
    let path = data.to_str().expect("a UTF-8 path");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/excel/客户.ladder");
    let floor = median(|| calamine_alone(path, rows));
    let source = median(|| ladder_source(path, rows));
    let out = dir.join("out.csv");
    let args = ["run", rules.to_str().unwrap(), path, "--as-of", "2024-01-01", "-o", out.to_str().unwrap()];
    let run = median(|| {
        let start = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_ladder")).args(args).status().expect("ladder runs");
        assert!(status.success());
        start.elapsed().as_secs_f64()
    });
    println!("| rows | what | median s | rows/s | × floor |");
    println!("|---:|---|---:|---:|---:|");
    let row = |what: &str, s: f64| println!("| {rows} | {what} | {s:.2} | {:.0} | {:.2} |", rows as f64 / s, s / floor);
    row("floor: calamine cell reader, every cell", floor);
    row("Ladder's workbook source, every record as text", source);
    row("ladder run -o out.csv", run);
}

/// A sheet like a CRM export: text, money, a boolean and a date-formatted serial per row.
fn generate(path: &Path, rows: u32) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().expect("a sheet");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("a header cell");
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..=rows {
        sheet.write_string(r, 0, format!("客户{r}")).expect("a cell");
        sheet.write_string(r, 1, ["制造业", "零售", "建材"][r as usize % 3]).expect("a cell");
        sheet.write_number(r, 2, f64::from(r % 2000) * 1000.0).expect("a cell");
        sheet.write_boolean(r, 3, r % 3 == 0).expect("a cell");
        sheet.write_number_with_format(r, 4, 44927.0 + f64::from(r % 700), &date).expect("a cell");
    }
    book.save(path).expect("the workbook is written");
}

/// Median seconds of `RUNS` runs of `f`.
fn median(mut f: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..RUNS).map(|_| f()).collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

/// The floor: calamine's streaming cell reader over every cell of the sheet, nothing kept.
fn calamine_alone(path: &str, rows: u32) -> f64 {
    let start = Instant::now();
    let Sheets::Xlsx(mut book) = calamine::open_workbook_auto(path).expect("open") else { panic!("an xlsx") };
    let name = book.sheet_names()[0].clone();
    let mut cells = book.worksheet_cells_reader(&name).expect("the sheet");
    let (mut n, mut last_row) = (0u64, 0);
    while let Some(cell) = cells.next_cell().expect("a cell") {
        n += u64::from(!matches!(cell.get_value(), calamine::DataRef::Empty));
        last_row = cell.get_position().0;
    }
    assert_eq!((last_row, n), (rows, u64::from(rows + 1) * 5));
    start.elapsed().as_secs_f64()
}

/// Ladder's source: every record as UTF-8 text cells, as `ladder run` reads them.
fn ladder_source(path: &str, rows: u32) -> f64 {
    let start = Instant::now();
    let wanted = Wanted { columns: HEADER.map(String::from).to_vec(), dates: vec!["首次成交".into()], all: true };
    let book = Workbook::new(path, None, &wanted).expect("the workbook");
    let mut source = book.open().expect("open");
    let mut record = csv::ByteRecord::new();
    let mut n = 0u32;
    while source.next_record(&mut record).expect("a record") {
        n += 1;
    }
    assert_eq!(n, rows + 1, "the header and every row");
    start.elapsed().as_secs_f64()
}
