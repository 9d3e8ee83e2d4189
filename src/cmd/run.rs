//! `ladder run`: grade every row of a data file.

use super::output;
use super::{as_of_or_report, data_file, error, lang, load_rules, FOUND, OK, USAGE};
use ladder::diag::Lang;
use ladder::input::Encoding;
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
    #[arg(long, value_enum, default_value = "csv")]
    format: OutFormat,
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    if let Some(out) = &args.output {
        if args.data != "-" && same_file(Path::new(&args.data), out) {
            error(t!(lang(), "run.same-file", path = out.display()));
            return USAGE;
        }
    }
    let workbook = args.output.as_deref().filter(|p| is_workbook(p));
    if let (Some(path), OutFormat::Jsonl) = (workbook, args.format) {
        error(t!(lang(), "run.xlsx-jsonl", path = path.display()));
        return USAGE;
    }
    let Some(data) = data_file(&args.data, args.encoding, &program) else { return USAGE };
    let opts = Options {
        today,
        explain: args.explain,
        format: args.format,
        keep: args.keep.clone(),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        progress: progress_bar(&data.path(), lang()),
        lang: lang(),
    };
    let started = Instant::now();
    let result = match args.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(path) if workbook.is_some() => output::write(path, |out| {
            let mut sink = ladder::xlsx::Sink::new(&program, opts.explain, opts.lang)?;
            let stats = run::run(&program, &data, &mut sink, &opts)?;
            sink.finish(&stats, out)?;
            Ok(stats)
        }),
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
        Err(e) => {
            error(e.text(lang()));
            USAGE
        }
    }
}

/// Whether `-o path` asks for an Excel workbook.
fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn progress_bar(data: &str, lang: Lang) -> Option<indicatif::ProgressBar> {
    let size = std::fs::metadata(data).map(|m| m.len()).unwrap_or(0);
    if data == "-" || size < 8 << 20 || !std::io::stderr().is_terminal() {
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

fn finish(program: &Program, stats: &Stats, summary: bool, seconds: f64) -> i32 {
    let lang = lang();
    if stats.error_rows > 0 {
        for message in &stats.errors {
            eprintln!("{}", t!(lang, "data-error", message));
        }
        let more = stats.error_rows.saturating_sub(stats.errors.len());
        if more > 0 {
            eprintln!("{}", t!(lang, "run.more-errors", more));
        }
        eprintln!("{}", t!(lang, "run.error-rows", errors = stats.error_rows, rows = stats.rows));
    }
    if summary {
        eprint!("{}", ladder::summary::render(program, stats, seconds, lang));
    }
    if stats.error_rows > 0 {
        FOUND
    } else {
        OK
    }
}
