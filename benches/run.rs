//! `cargo bench --bench run`: `ladder run` against the floor — the bare csv crate reading the
//! same file as byte records and writing the key and one column — measured in the same run.
//! Prints a Markdown table for docs/performance.md: medians of several rounds, and each ratio the
//! median of the ratios round by round.
//! `LADDER_BENCH_RFM=FILE` (a file of `benches/gen_rfm.py`) measures instead the date- and
//! number-heavy rules of issue 19 on it — rules/rfm.ladder with fixed thresholds (one pass),
//! rules/lifecycle.ladder, and rules/rfm.ladder itself — against the same floors.
//! `LADDER_BENCH_WIDE=ROWS` measures instead a 150-column export: the ten-level file of ROWS rows
//! with 115 more columns of the kinds a CRM export carries (times, amounts, notes, addresses,
//! mails, empty cells), `ladder run --keep 客户编号` against the floors on it.

mod gen_ten_level;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 9;

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let sizes: Vec<usize> = match std::env::var("LADDER_BENCH_ROWS") {
        Ok(s) => s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![100_000, 1_000_000],
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(rfm) = std::env::var("LADDER_BENCH_RFM") {
        return date_and_number_heavy(root, &dir, Path::new(&rfm));
    }
    if let Some(rows) = std::env::var("LADDER_BENCH_WIDE").ok().and_then(|n| n.trim().parse().ok()) {
        return wide_export(root, &dir, rows);
    }
    let rules = root.join("rules/ten_level.ladder");
    // `ladder diff`'s case: the ten-level rules with the bar of A05 lowered, as in docs/diff.md.
    let changed = dir.join("ten_level_changed.ladder");
    let text = std::fs::read_to_string(&rules).expect("rules");
    let lowered = text.replace("A05 \"意向级\"   if 意向条件", "A05 \"意向级\"   if 意向条件 or 积极回应条件");
    assert_ne!(text, lowered, "the bench changes a line the shipped rules have");
    std::fs::write(&changed, lowered).expect("changed rules");
    println!("| rows | what | median s | rows/s | × floor | peak RSS MiB |");
    println!("|---:|---|---:|---:|---:|---:|");
    for rows in sizes {
        let data = dir.join(format!("ten_level_{rows}.csv"));
        if !data.exists() {
            let mut out = BufWriter::new(File::create(&data).expect("data file"));
            gen_ten_level::generate(rows, 42, &mut out).expect("generate");
            out.flush().expect("flush");
        }
        // Each measurement writes a new file (its output of the round before is removed first,
        // outside the time); one more run writes over its earlier output, as a user's second run
        // does, to show what replacing a file costs.
        let out = |what: &str| dir.join(format!("out_{what}.csv"));
        let ladder = |extra: &[&str], to: &Path| {
            let mut args = vec![
                "run",
                rules.to_str().unwrap(),
                data.to_str().unwrap(),
                "--as-of",
                "2026-11-23",
                "-o",
                to.to_str().unwrap(),
            ];
            args.extend_from_slice(extra);
            args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
        };
        let keep = ladder(&["--keep", "客户编号"], &out("keep"));
        let keep_over = ladder(&["--keep", "客户编号"], &out("keep_over"));
        let full = ladder(&[], &out("full"));
        let impact = dir.join("impact.json");
        let diff: Vec<String> = ["diff", rules.to_str().unwrap(), changed.to_str().unwrap(), data.to_str().unwrap()]
            .into_iter()
            .chain(["--as-of", "2026-11-23", "--format", "json", "-o", impact.to_str().unwrap()])
            .map(String::from)
            .collect();
        let [floor_key, floor2_key, ladder_key, ladder_over, floor_all, floor2_all, ladder_full, ladder_diff] =
            rounds([
                &mut || (floor(&data, &out("floor_key"), false), None),
                &mut || (floor_two_threads(&data, &out("floor2_key"), false), None),
                &mut || run_process(&keep, Some(&out("keep"))),
                &mut || run_process(&keep_over, None),
                &mut || (floor(&data, &out("floor_all"), true), None),
                &mut || (floor_two_threads(&data, &out("floor2_all"), true), None),
                &mut || run_process(&full, Some(&out("full"))),
                &mut || run_process(&diff, Some(&impact)),
            ]);
        let row = |what: &str, t: &Timed, base: &Timed| {
            let s = t.median();
            println!("| {rows} | {what} | {s:.3} | {:.0} | {:.2} | {} |", rows as f64 / s, t.over(base), t.rss());
        };
        row("floor: csv crate, key + one column", &floor_key, &floor_key);
        row("floor, 2 threads: key + one column", &floor2_key, &floor2_key);
        row("ladder run --keep 客户编号 × 1-thread floor", &ladder_key, &floor_key);
        row("ladder run --keep 客户编号 × 2-thread floor", &ladder_key, &floor2_key);
        row("the same over its earlier output × 2-thread floor", &ladder_over, &floor2_key);
        row("floor: csv crate, every column", &floor_all, &floor_all);
        row("floor, 2 threads: every column", &floor2_all, &floor2_all);
        row("ladder run (all columns kept) × 1-thread floor", &ladder_full, &floor_all);
        row("ladder run (all columns kept) × 2-thread floor", &ladder_full, &floor2_all);
        row("ladder diff (both versions, json) × run --keep", &ladder_diff, &ladder_key);
    }
}

/// rules/rfm.ladder with its quintiles replaced by 3 (one pass), rules/lifecycle.ladder and
/// rules/rfm.ladder over `data`, against the floors on the same file.
fn date_and_number_heavy(root: &Path, dir: &Path, data: &Path) {
    let rfm = root.join("rules/rfm.ladder");
    let text = std::fs::read_to_string(&rfm).expect("rules");
    let fixed = text
        .replace("6 - quintile(days since 最近购买日期)", "3")
        .replace("quintile(购买次数)", "3")
        .replace("quintile(购买金额)", "3");
    assert!(!fixed.contains("quintile"), "the bench replaces every quintile of rules/rfm.ladder");
    let one_pass = dir.join("rfm_fixed.ladder");
    std::fs::write(&one_pass, fixed).expect("rules");
    let runs = [
        ("rfm.ladder, thresholds fixed (one pass)", one_pass),
        ("lifecycle.ladder", root.join("rules/lifecycle.ladder")),
        ("rfm.ladder (quintiles)", rfm),
    ];
    against_floors(dir, data, "客户名称", &runs);
}

/// `ladder run RULES DATA --keep KEY` for each `(what, RULES)` of `runs`, against the floors on
/// `data`, as a table.
fn against_floors(dir: &Path, data: &Path, key: &str, runs: &[(&str, PathBuf)]) {
    let out = |what: &str| dir.join(format!("out_{what}.csv"));
    println!("| what | median s | × 1-thread floor | × 2-thread floor | peak RSS MiB |");
    println!("|---|---:|---:|---:|---:|");
    for (what, rules) in runs {
        let args: Vec<String> = ["run", rules.to_str().unwrap(), data.to_str().unwrap(), "--keep", key]
            .into_iter()
            .chain(["--as-of", "2026-11-23", "-o", out("ladder").to_str().unwrap()])
            .map(String::from)
            .collect();
        let [floor1, floor2, ladder] = rounds([
            &mut || (floor(data, &out("floor"), false), None),
            &mut || (floor_two_threads(data, &out("floor2"), false), None),
            &mut || run_process(&args, Some(&out("ladder"))),
        ]);
        println!("| floor: csv crate, key + one column, 1 thread | {:.3} | 1.00 | | – |", floor1.median());
        println!("| floor, 2 threads | {:.3} | | 1.00 | – |", floor2.median());
        let (s, rss) = (ladder.median(), ladder.rss());
        println!("| ladder run {what} | {s:.3} | {:.2} | {:.2} | {rss} |", ladder.over(&floor1), ladder.over(&floor2));
    }
}

/// The ten-level file of `rows` rows with `WIDE_EXTRA` more columns, against the floors on it.
fn wide_export(root: &Path, dir: &Path, rows: usize) {
    let data = dir.join(format!("ten_level_wide_{rows}.csv"));
    if !data.exists() {
        let mut narrow = Vec::new();
        gen_ten_level::generate(rows, 42, &mut narrow).expect("generate");
        let mut out = BufWriter::new(File::create(&data).expect("data file"));
        gen_ten_level::widen(&narrow, WIDE_EXTRA, 7, &mut out).expect("widen");
        out.flush().expect("flush");
    }
    let mb = std::fs::metadata(&data).expect("size").len() as f64 / 1e6;
    println!("{rows} rows, {} columns, {mb:.0} MB", 35 + WIDE_EXTRA);
    against_floors(dir, &data, "客户编号", &[("rules/ten_level.ladder", root.join("rules/ten_level.ladder"))]);
}

/// Columns added to the ten-level file's 35 to make the 150-column export.
const WIDE_EXTRA: usize = 115;

/// The times of one measurement over the rounds, and its median peak RSS.
struct Timed {
    secs: Vec<f64>,
    rss: Option<f64>,
}

impl Timed {
    fn median(&self) -> f64 {
        median(self.secs.clone())
    }

    /// The median of its ratios to `base` round by round: a stretch when the machine is slower
    /// moves both times of a round, not their ratio.
    fn over(&self, base: &Timed) -> f64 {
        median(self.secs.iter().zip(&base.secs).map(|(s, b)| s / b).collect())
    }

    fn rss(&self) -> String {
        self.rss.map_or("–".to_string(), |r| format!("{r:.0}"))
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Each of `runs` over `RUNS` rounds, each round running every one once in turn: a stretch of
/// the bench when the machine is busier then weighs on the floors and on Ladder alike, and their
/// ratios hold (run one after the other, five of each, they moved by a fifth between runs of
/// the bench).
fn rounds<const N: usize>(mut runs: [&mut dyn FnMut() -> (f64, Option<f64>); N]) -> [Timed; N] {
    let mut times = [(); N].map(|_| Vec::with_capacity(RUNS));
    for _ in 0..RUNS {
        for (run, times) in runs.iter_mut().zip(&mut times) {
            times.push(run());
        }
    }
    times.map(|t: Vec<(f64, Option<f64>)>| {
        let rss: Vec<f64> = t.iter().filter_map(|r| r.1).collect();
        Timed { secs: t.iter().map(|r| r.0).collect(), rss: (!rss.is_empty()).then(|| median(rss)) }
    })
}

/// The floor: read every record as bytes, write the key and one column (or every column).
fn floor(data: &Path, out: &Path, all: bool) -> f64 {
    fresh(out);
    let start = Instant::now();
    let rdr = csv::ReaderBuilder::new().has_headers(false).from_path(data).expect("open");
    let mut w = copy_records(rdr, BufWriter::with_capacity(1 << 16, File::create(out).expect("out")), all);
    w.flush().expect("flush");
    // Closed within the time, as `ladder run` closes its output before it ends.
    drop(w);
    start.elapsed().as_secs_f64()
}

/// The floor's work: every record read as bytes, its key and one column (or every column) written.
fn copy_records<W: Write>(mut rdr: csv::Reader<impl std::io::Read>, out: W, all: bool) -> W {
    let mut w = csv::Writer::from_writer(out);
    let mut rec = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut rec).expect("read") {
        if all {
            w.write_byte_record(&rec).expect("write");
        } else {
            w.write_record([&rec[0], &rec[6.min(rec.len() - 1)]]).expect("write");
        }
    }
    w.into_inner().map_err(|e| e.into_error()).expect("flush")
}

/// The floor on two cores: the file cut in two at the line break after its middle, each half read
/// and written by the csv crate on a thread of its own, the two outputs then written in order.
fn floor_two_threads(data: &Path, out: &Path, all: bool) -> f64 {
    use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
    fresh(out);
    let start = Instant::now();
    let size = std::fs::metadata(data).expect("size").len();
    let mut probe = BufReader::new(File::open(data).expect("open"));
    probe.seek(SeekFrom::Start(size / 2)).expect("seek");
    let mut rest = Vec::new();
    let cut = size / 2 + probe.read_until(b'\n', &mut rest).expect("read") as u64;
    let half = |from: u64, to: u64| {
        let mut file = File::open(data).expect("open");
        file.seek(SeekFrom::Start(from)).expect("seek");
        let reader = BufReader::with_capacity(1 << 16, file.take(to - from));
        let rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(reader);
        copy_records(rdr, Vec::with_capacity(((to - from) as usize) / 2), all)
    };
    let (first, second) = std::thread::scope(|s| {
        let first = s.spawn(|| half(0, cut));
        let second = half(cut, size);
        (first.join().expect("first half"), second)
    });
    let mut file = BufWriter::with_capacity(1 << 16, File::create(out).expect("out"));
    file.write_all(&first).and_then(|_| file.write_all(&second)).and_then(|_| file.flush()).expect("write");
    drop(file);
    start.elapsed().as_secs_f64()
}

/// Removes a measurement's output of the round before, outside its time: replacing a file frees
/// the earlier one's blocks, which on this machine's disk (ext4 mounted with `discard`) waits for
/// the disk — 29 ms for the 116 MB of a `--keep` output, work of the file system, not of the run.
fn fresh(out: &Path) {
    match std::fs::remove_file(out) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("remove {}: {e}", out.display()),
        _ => {}
    }
}

/// Seconds of running `ladder ARGS`, its output `new` removed first (`None`: written over the
/// earlier one), and its peak RSS in MiB when GNU time is there.
fn run_process(args: &[String], new: Option<&Path>) -> (f64, Option<f64>) {
    if let Some(out) = new {
        fresh(out);
    }
    let gnu_time = Path::new("/usr/bin/time").exists();
    let start = Instant::now();
    let output = if gnu_time {
        Command::new("/usr/bin/time").arg("-f").arg("%M").arg(env!("CARGO_BIN_EXE_ladder")).args(args).output()
    } else {
        Command::new(env!("CARGO_BIN_EXE_ladder")).args(args).output()
    }
    .expect("run ladder");
    let secs = start.elapsed().as_secs_f64();
    assert!(output.status.success(), "ladder failed: {}", String::from_utf8_lossy(&output.stderr));
    let rss = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    (secs, rss)
}
