//! `ladder run`: grade every row of a data file.

use super::output;
use super::{as_of_or_report, data_file, load_rules, FOUND, OK, USAGE};
use ladder::input::Encoding;
use ladder::ir::Program;
use ladder::run::{self, Options, OutFormat, RunError, Stats};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The data file (CSV with a header row); `-` reads standard input.
    data: String,
    /// Write the results here instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The date that `today` and time windows count from (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Add a NAME_why column per ladder and transition set: the conditions that decided it.
    #[arg(long)]
    explain: bool,
    /// Print level counts and timing on standard error.
    #[arg(long)]
    summary: bool,
    /// Copy only these input columns (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "COL,…")]
    keep: Option<Vec<String>>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: OutFormat,
    /// The data file's encoding: auto, utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    if let Some(out) = &args.output {
        if args.data != "-" && same_file(Path::new(&args.data), out) {
            eprintln!(
                "error: the output {} is the input file; Ladder never overwrites its input. Choose another -o.",
                out.display()
            );
            return USAGE;
        }
    }
    let Some(data) = data_file(&args.data, args.encoding, &program) else { return USAGE };
    let opts = Options {
        today,
        explain: args.explain,
        format: args.format,
        keep: args.keep.clone(),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        progress: progress_bar(&data.path()),
    };
    let started = Instant::now();
    let result = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) => output::write(path, |out| run::run(&program, &data, out, &opts)),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            run::run(&program, &data, &mut out, &opts).and_then(|s| out.flush().map(|_| s).map_err(RunError::Io))
        }
    };
    if let Some(p) = &opts.progress {
        p.finish_and_clear();
    }
    match result {
        Ok(stats) => finish(&program, &stats, args.summary, started.elapsed().as_secs_f64()),
        Err(RunError::Setup(problems)) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            USAGE
        }
        Err(RunError::Io(e)) => {
            eprintln!("error: {e}");
            USAGE
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn progress_bar(data: &str) -> Option<indicatif::ProgressBar> {
    let size = std::fs::metadata(data).map(|m| m.len()).unwrap_or(0);
    if data == "-" || size < 8 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    let style =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}");
    if let Ok(style) = style {
        bar.set_style(style);
    }
    Some(bar)
}

fn finish(program: &Program, stats: &Stats, summary: bool, seconds: f64) -> i32 {
    if stats.error_rows > 0 {
        for e in &stats.errors {
            eprintln!("data error: {e}");
        }
        let more = stats.error_rows.saturating_sub(stats.errors.len());
        if more > 0 {
            eprintln!("… and {more} more rows with data errors (see the error column)");
        }
        eprintln!(
            "{} of {} rows had data errors; they are in the output, results that read a bad cell left empty.",
            stats.error_rows, stats.rows
        );
    }
    if summary {
        eprint!("{}", ladder::summary::render(program, stats, seconds));
    }
    if stats.error_rows > 0 {
        FOUND
    } else {
        OK
    }
}
