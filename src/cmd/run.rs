//! `ladder run`: grade every row of a data file.

use super::{as_of_or_report, error, lang, load_rules, FOUND, OK, USAGE};
use super::{output, stdio, term};
use ladder::diag::Lang;
use ladder::input::OutputEncoding;
use ladder::ir::Program;
use ladder::run::{self, Options, OutFormat, RunError, Stats};
use ladder::t;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    rules: PathBuf,
    data: String,
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long)]
    explain: bool,
    #[arg(long)]
    summary: bool,
    #[arg(long, value_delimiter = ',', value_name = "COL,…")]
    keep: Option<Vec<String>>,
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    #[command(flatten)]
    read: super::DataArgs,
    #[arg(long, value_enum)]
    output_encoding: Option<OutputEncoding>,
}

/// What `-o` writes, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Rows(OutFormat),
    /// An Excel workbook (`.xlsx`).
    Workbook,
}

/// What to write to `path` (`None`: standard output), from its extension and `--format`; a
/// contradiction or an extension Ladder cannot write is an error to show.
fn written(path: Option<&Path>, format: Option<OutFormat>) -> Result<Written, String> {
    // A device or a pipe (/dev/stdout, a FIFO) is written as --format says, whatever its name.
    let path = path.filter(|p| is_regular_or_new(p));
    let ext = path.and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_lowercase());
    let by_ext = match ext.as_deref() {
        None => None,
        Some("csv") => Some(Written::Rows(OutFormat::Csv)),
        // Not what the name promises to everyone: said before the run.
        Some("txt") => {
            let path = path.map(|p| p.display().to_string()).unwrap_or_default();
            stdio::errln(t!(lang(), "run.txt-is-csv", path));
            Some(Written::Rows(OutFormat::Csv))
        }
        Some("jsonl" | "ndjson" | "json") => Some(Written::Rows(OutFormat::Jsonl)),
        Some("xlsx") => Some(Written::Workbook),
        Some(other) => return Err(t!(lang(), "run.unknown-extension", ext = other)),
    };
    match (by_ext, format) {
        (Some(Written::Workbook), Some(OutFormat::Jsonl)) => {
            Err(t!(lang(), "run.xlsx-jsonl", path = path.map(|p| p.display().to_string()).unwrap_or_default()))
        }
        (Some(Written::Rows(f)), Some(g)) if f != g => {
            Err(t!(lang(), "run.format-contradicts", ext = ext.unwrap_or_default(), format = format_name(g)))
        }
        (Some(w), _) => Ok(w),
        (None, f) => Ok(Written::Rows(f.unwrap_or(OutFormat::Csv))),
    }
}

fn format_name(f: OutFormat) -> &'static str {
    match f {
        OutFormat::Csv => "csv",
        OutFormat::Jsonl => "jsonl",
    }
}

pub fn run(args: Args) -> i32 {
    if super::swapped("run", &args.rules, &args.data) {
        return USAGE;
    }
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    if let Some(out) = &args.output {
        if args.data != "-" && same_file(Path::new(&args.data), out) {
            error(t!(lang(), "run.same-file", path = out.display()));
            return USAGE;
        }
    }
    let file = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let written = match written(file, args.format) {
        Ok(w) => w,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    let format = match written {
        Written::Rows(format) => format,
        Written::Workbook => OutFormat::Csv,
    };
    // A file gets a byte-order mark so that Excel reads it as UTF-8; a pipe, plain UTF-8. JSON is
    // always plain UTF-8.
    let encoding = match (format, args.output_encoding) {
        (OutFormat::Jsonl, _) => OutputEncoding::Utf8,
        (OutFormat::Csv, Some(e)) => e,
        (OutFormat::Csv, None) if file.is_some_and(is_regular_or_new) => OutputEncoding::Utf8Bom,
        (OutFormat::Csv, None) => OutputEncoding::Utf8,
    };
    let Some(data) = args.read.open(&args.data, &program) else {
        return USAGE;
    };
    let opts = Options {
        today,
        explain: args.explain,
        format,
        keep: args.keep.clone(),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        progress: progress_bar(&args.data, lang()),
        lang: lang(),
    };
    let started = Instant::now();
    let rows = |out: &mut dyn Write| -> Result<Stats, RunError> {
        let mut out = ladder::input::encoded(encoding, Box::new(out))?;
        let stats = run::run(&program, &*data, &mut out, &opts)?;
        out.flush()?;
        Ok(stats)
    };
    let result = match file {
        Some(path) if written == Written::Workbook => output::write(path, |out| {
            let mut sink = ladder::xlsx::Sink::new(&program, opts.explain, opts.lang)?;
            let stats = run::run(&program, &*data, &mut sink, &opts)?;
            sink.finish(&stats, out)?;
            Ok(stats)
        }),
        Some(path) => output::write(path, |out| rows(out)),
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdio::Stdout::lock());
            rows(&mut out).and_then(|s| out.flush().map(|_| s).map_err(RunError::Io))
        }
    };
    if let Some(p) = &opts.progress {
        p.finish_and_clear();
    }
    match result {
        Ok(stats) => finish(&program, &stats, args.keep.is_some(), args.summary, started.elapsed().as_secs_f64()),
        // Said once, when the command ends (`stdio::exit_code`).
        Err(_) if stdio::out_failed() => USAGE,
        Err(e) => {
            error(e.text(lang()));
            USAGE
        }
    }
}

/// A regular file, or nothing yet: not a device such as /dev/null or a pipe.
pub(super) fn is_regular_or_new(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |m| m.is_file())
}

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

pub(super) fn progress_bar(data: &str, lang: Lang) -> Option<indicatif::ProgressBar> {
    let size = std::fs::metadata(data).map(|m| m.len()).unwrap_or(0);
    if data == "-"
        || ladder::workbook::is_workbook(data)
        || size < 8 << 20
        || !std::io::stderr().is_terminal()
        || term::quiet()
    {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    let template =
        format!("{{bar:40}} {{bytes}}/{{total_bytes}} {{binary_bytes_per_sec}} {} {{eta}}", t!(lang, "run.eta"));
    let style = indicatif::ProgressStyle::with_template(&template);
    if let Ok(style) = style {
        bar.set_style(style);
    }
    Some(bar)
}

/// Says what the run saw on standard error: data errors, rows longer than the header (`kept`:
/// `--keep` chose the columns), the summary if asked. The exit code.
fn finish(program: &Program, stats: &Stats, kept: bool, summary: bool, seconds: f64) -> i32 {
    let lang = lang();
    if stats.error_rows > 0 {
        for message in &stats.errors {
            stdio::errln(t!(lang, "data-error", message));
        }
        let more = stats.error_rows.saturating_sub(stats.errors.len());
        if more > 0 {
            stdio::errln(t!(lang, "run.more-errors", more));
        }
        stdio::errln(t!(lang, "run.error-rows", errors = stats.error_rows, rows = stats.rows));
    }
    if stats.long_rows > 0 {
        let message = match kept {
            false => t!(lang, "run.long-rows", rows = stats.long_rows),
            true => t!(lang, "run.long-rows-kept", rows = stats.long_rows),
        };
        stdio::errln(t!(lang, "warning-line", message));
    }
    if summary && !term::quiet() {
        stdio::err(ladder::summary::render(program, stats, seconds, lang));
    }
    if stats.error_rows > 0 {
        FOUND
    } else {
        OK
    }
}
