//! `ladder run`: grade every row of a data file.

use super::{as_of_or_report, load_rules, FOUND, OK, USAGE};
use ladder::input::{self, Encoding};
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
    let spooled = match spool_stdin(&program, &args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read standard input: {e}");
            return USAGE;
        }
    };
    let data = spooled.as_ref().map_or(args.data.clone(), |t| t.path().to_string_lossy().into_owned());
    let opts = Options {
        today,
        explain: args.explain,
        format: args.format,
        keep: args.keep.clone(),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        progress: progress_bar(&data),
    };
    let encoding = args.encoding;
    let open = move || input::open(&data, encoding);
    let started = Instant::now();
    let result = match &args.output {
        Some(path) => write_file(&program, &open, path, &opts),
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            run::run(&program, &open, &mut out, &opts).and_then(|s| out.flush().map(|_| s).map_err(RunError::Io))
        }
    };
    if let Some(p) = &opts.progress {
        p.finish_and_clear();
    }
    match result {
        Ok(stats) => finish(&program, &stats, args.summary, started.elapsed().as_secs_f64()),
        Err(RunError::Setup(msg)) => {
            for line in msg.lines() {
                eprintln!("error: {line}");
            }
            USAGE
        }
        Err(RunError::Io(e)) => {
            eprintln!("error: {e}");
            USAGE
        }
    }
}

/// Writes to a temporary file beside `path` and renames it into place when complete.
fn write_file(program: &Program, open: run::Open<'_>, path: &Path, opts: &Options) -> Result<Stats, RunError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, Streaming { file: tmp, unflushed: 0 });
    let stats = run::run(program, open, &mut out, opts)?;
    let tmp = out.into_inner().map_err(|e| RunError::Io(e.into_error()))?.file;
    tmp.persist(path).map_err(|e| RunError::Io(e.error))?;
    Ok(stats)
}

/// Standard input is read twice when population functions need a first pass, so it is kept
/// in a temporary file.
fn spool_stdin(program: &Program, args: &Args) -> std::io::Result<Option<tempfile::NamedTempFile>> {
    if args.data != "-" || program.pops.is_empty() {
        return Ok(None);
    }
    let mut tmp = tempfile::NamedTempFile::new()?;
    std::io::copy(&mut std::io::stdin().lock(), &mut tmp)?;
    tmp.flush()?;
    Ok(Some(tmp))
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
            "{} of {} rows had data errors; they are in the output with empty results.",
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

/// The temporary output file, whose pages the kernel is asked to start writing to disk every few
/// megabytes. Without that, Linux's ext4 writes the whole file during the rename that replaces an
/// earlier output (its "replace via rename" safeguard), after the last row: measured on 1,000,000
/// rows, the rename took 51 ms of a 0.39 s run; with this, 24 ms.
struct Streaming {
    file: tempfile::NamedTempFile,
    unflushed: usize,
}

impl Write for Streaming {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.unflushed += n;
        if self.unflushed >= 8 << 20 {
            self.unflushed = 0;
            start_writeback(self.file.as_file());
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing the file's dirty pages to disk without waiting: only a hint, so a failure is
/// ignored (the data is still written, and the rename still checked).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn start_writeback(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: `sync_file_range` only reads its integer arguments; the descriptor is open for
    // as long as `file` is borrowed.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_: &std::fs::File) {}
