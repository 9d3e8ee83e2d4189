//! `cargo bench --bench excel_write`: `ladder run -o out.xlsx` against the floor — rust_xlsxwriter
//! alone (constant-memory mode, as Ladder uses it) writing the same cells, read from the CSV output
//! of the same run — and against `ladder run -o out.csv`, measured in the same run. Prints a
//! Markdown table (medians of several runs) for docs/performance.md.
//!
//! `LADDER_BENCH_ROWS` (default 1000000) sets the sizes; `LADDER_BENCH_KEEP` (default `客户编号`)
//! the input columns kept (`all` for every column).

mod gen_ten_level;

use rust_xlsxwriter::Workbook;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 3;

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let sizes: Vec<usize> = match std::env::var("LADDER_BENCH_ROWS") {
        Ok(s) => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![1_000_000],
    };
    let keep = std::env::var("LADDER_BENCH_KEEP").unwrap_or_else(|_| "客户编号".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = root.join("rules/ten_level.ladder");
    println!("| rows | cells | what | median s | rows/s | × floor |");
    println!("|---:|---:|---|---:|---:|---:|");
    for rows in sizes {
        let data = dir.join(format!("ten_level_{rows}.csv"));
        if !data.exists() {
            let mut out = BufWriter::new(File::create(&data).expect("data file"));
            gen_ten_level::generate(rows, 42, &mut out).expect("generate");
            out.flush().expect("flush");
        }
        let (csv, xlsx, floor_out) = (dir.join("out.csv"), dir.join("out.xlsx"), dir.join("floor.xlsx"));
        let args = |out: &Path| {
            let mut args: Vec<String> =
                ["run", rules.to_str().unwrap(), data.to_str().unwrap(), "--as-of", "2026-11-23"]
                    .map(String::from)
                    .to_vec();
            if keep != "all" {
                args.extend(["--keep".to_string(), keep.clone()]);
            }
            args.extend(["-o".to_string(), out.to_str().unwrap().to_string()]);
            args
        };
        let to_csv = median(|| process(&args(&csv)));
        let cells = floor(&csv, &floor_out).1;
        let floor = median(|| floor(&csv, &floor_out).0);
        let to_xlsx = median(|| process(&args(&xlsx)));
        let row = |what: &str, s: f64| {
            println!("| {rows} | {cells} | {what} | {s:.2} | {:.0} | {:.2} |", rows as f64 / s, s / floor);
        };
        row("ladder run -o out.csv (for reference)", to_csv);
        row("floor: rust_xlsxwriter alone, the same cells", floor);
        row("ladder run -o out.xlsx", to_xlsx);
    }
}

/// Median seconds of `RUNS` runs of `f`.
fn median(mut f: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..RUNS).map(|_| f()).collect();
    times.sort_by(f64::total_cmp);
    times[RUNS / 2]
}

/// Seconds of running `ladder ARGS`.
fn process(args: &[String]) -> f64 {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_ladder")).env("LADDER_LANG", "en").args(args).output().expect("run");
    let secs = start.elapsed().as_secs_f64();
    assert!(output.status.success(), "ladder failed: {}", String::from_utf8_lossy(&output.stderr));
    secs
}

/// The floor: every cell of the CSV output written to a constant-memory worksheet, a number
/// where the text is one, else a string; seconds and cells written.
fn floor(csv: &Path, out: &Path) -> (f64, usize) {
    let start = Instant::now();
    let mut workbook = Workbook::new();
    let mut sheet = workbook.new_worksheet_with_constant_memory().expect("worksheet");
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_path(csv).expect("open");
    let mut rec = csv::StringRecord::new();
    let (mut row, mut cells) = (0u32, 0usize);
    while rdr.read_record(&mut rec).expect("read") {
        for (c, text) in rec.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            cells += 1;
            match text.parse::<f64>() {
                Ok(n) if row > 0 => sheet.write_number(row, c as u16, n),
                _ => sheet.write_string(row, c as u16, text),
            }
            .expect("write");
        }
        row += 1;
    }
    workbook.push_worksheet(sheet);
    workbook.save(out).expect("save");
    (start.elapsed().as_secs_f64(), cells)
}
