//! `ladder diff`: what a change of the rules does to the records of a data file.

use super::{as_of_or_report, error, lang, load_rules, report_checked, FOUND, OK, USAGE};
use super::{output, run as run_cmd, stdio};
use ladder::diff::{self, render, Impact};
use ladder::files::{GitError, GitRev};
use ladder::ir::Program;
use ladder::t;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(num_args = 2..=3, required = true)]
    files: Vec<PathBuf>,
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum)]
    format: Option<Format>,
    #[arg(long, value_name = "K", default_value = "5")]
    sample: usize,
    #[arg(long, value_name = "N|P%")]
    max_changed: Option<String>,
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: super::DataArgs,
}

/// How the impact is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Md,
    Json,
    Csv,
    Xlsx,
}

/// How many changed customers `--max-changed` allows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    Count(usize),
    /// A share of the records compared, from 0 to 100.
    Percent(f64),
}

impl Limit {
    fn parse(text: &str) -> Option<Limit> {
        let text = text.trim();
        match text.strip_suffix(['%', '％']) {
            Some(p) => p.trim().parse::<f64>().ok().filter(|p| (0.0..=100.0).contains(p)).map(Limit::Percent),
            None => text.parse().ok().map(Limit::Count),
        }
    }

    fn exceeded(self, changed: usize, rows: usize) -> bool {
        match self {
            Limit::Count(n) => changed > n,
            Limit::Percent(p) => changed as f64 * 100.0 > p * rows as f64,
        }
    }
}

pub fn run(args: Args) -> i32 {
    let lang = lang();
    let (old, new, data) = match (&args.base, &args.files[..]) {
        (None, [old, new, data]) => (Some(old.clone()), new.clone(), data.clone()),
        (Some(_), [new, data]) => (None, new.clone(), data.clone()),
        _ => {
            error(t!(lang, "diff.arguments"));
            return USAGE;
        }
    };
    let data = data.to_string_lossy().into_owned();
    if super::swapped("diff", &new, &data) {
        return USAGE;
    }
    let limit = match args.max_changed.as_deref().map(|m| (m, Limit::parse(m))) {
        Some((text, None)) => {
            error(t!(lang, "diff.bad-max", text));
            return USAGE;
        }
        Some((_, limit)) => limit,
        None => None,
    };
    let file = args.output.as_deref().filter(|p| *p != Path::new("-"));
    let format = match format(file, args.format) {
        Ok(f) => f,
        Err(message) => {
            error(message);
            return USAGE;
        }
    };
    if let Some(out) = file {
        let inputs = [Some(Path::new(&data)), old.as_deref(), Some(new.as_path())];
        if inputs.into_iter().flatten().any(|i| run_cmd::same_file(i, out)) {
            error(t!(lang, "run.same-file", path = out.display()));
            return USAGE;
        }
    }
    let Some(new_program) = load_rules(&new) else { return USAGE };
    let old_program = match (&old, &args.base) {
        (Some(old), _) => load_rules(old),
        (None, Some(rev)) => at_revision(&new, rev),
        (None, None) => None,
    };
    let Some(old_program) = old_program else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    // Standard input is kept for a second read when either program ranks the records.
    let reads_twice = if new_program.pops.is_empty() { &old_program } else { &new_program };
    let Some(source) = args.read.open(&data, reads_twice) else {
        return USAGE;
    };
    let opts = diff::Options {
        today,
        sample: args.sample,
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        rows: format == Format::Xlsx,
        progress: run_cmd::progress_bar(&data, lang),
        lang,
    };
    let result = diff::diff(&old_program, &new_program, &*source, &opts);
    if let Some(p) = &opts.progress {
        p.finish_and_clear();
    }
    let impact = match result {
        Ok(impact) => impact,
        Err(e) => {
            error(e.text(lang));
            return USAGE;
        }
    };
    let written = bytes(&impact, format).map_err(ladder::run::RunError::Io).and_then(|bytes| match file {
        Some(path) => output::write(path, |out| Ok(out.write_all(&bytes)?)),
        None => {
            let mut out = stdio::Stdout::lock();
            out.write_all(&bytes).and_then(|_| out.flush()).map_err(ladder::run::RunError::Io)
        }
    });
    match written {
        Ok(()) => {}
        Err(_) if stdio::out_failed() => return USAGE,
        Err(e) => {
            error(e.text(lang));
            return USAGE;
        }
    }
    let rows = impact.rows - impact.error_rows;
    match limit {
        Some(limit) if limit.exceeded(impact.changed_rows, rows) => {
            let limit_text = args.max_changed.unwrap_or_default();
            let (changed, share) = (render::count(impact.changed_rows), render::share(impact.changed_rows, rows));
            error(t!(lang, "diff.max-changed", changed, rows = render::count(rows), share, limit = limit_text));
            FOUND
        }
        _ => OK,
    }
}

/// The format from `--format`, else from the extension of `-o`, else text.
fn format(path: Option<&Path>, format: Option<Format>) -> Result<Format, String> {
    let ext = path.filter(|p| run_cmd::is_regular_or_new(p)).and_then(|p| p.extension());
    let by_ext = match ext.map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
        Some("md" | "markdown") => Some(Format::Md),
        Some("json") => Some(Format::Json),
        Some("csv") => Some(Format::Csv),
        Some("xlsx") => Some(Format::Xlsx),
        Some(_) | None => None,
    };
    match format.or(by_ext).unwrap_or(Format::Human) {
        Format::Xlsx if path.is_none() => Err(t!(lang(), "diff.xlsx-needs-file")),
        f => Ok(f),
    }
}

/// The comparison written in `format`.
fn bytes(impact: &Impact, format: Format) -> std::io::Result<Vec<u8>> {
    let lang = lang();
    Ok(match format {
        Format::Human => render::human(impact, lang).into_bytes(),
        Format::Md => render::markdown(impact, lang).into_bytes(),
        Format::Json => render::json(impact).into_bytes(),
        Format::Csv => {
            // A byte-order mark, so that Excel reads the file as UTF-8.
            let mut bytes = "\u{feff}".as_bytes().to_vec();
            bytes.extend(render::csv(impact)?);
            bytes
        }
        Format::Xlsx => {
            let mut bytes = Vec::new();
            render::workbook(impact, lang, &mut bytes)?;
            bytes
        }
    })
}

/// The rules at `path` as they were at git revision `rev`; an empty program when the file is
/// new since then. Problems are reported.
fn at_revision(path: &Path, rev: &str) -> Option<Program> {
    let lang = lang();
    let shown = path.display();
    let git = match GitRev::new(path, rev) {
        Ok(git) => git,
        Err(e) => {
            let reason = match e {
                GitError::NoGit => t!(lang, "diff.git-missing"),
                GitError::UnknownRev => t!(lang, "diff.git-unknown-rev", rev, path = shown),
                GitError::Git(said) => said,
            };
            error(t!(lang, "diff.git-failed", path = shown, rev, reason));
            return None;
        }
    };
    match ladder::check::check_with(&git, &path.to_string_lossy()) {
        Ok(checked) => report_checked(checked, &format!("{}@{rev}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            stdio::errln(t!(lang, "diff.git-new-file", path = shown, rev));
            Some(Program::default())
        }
        Err(e) => {
            let reason = ladder::input::file_reason(&e, lang);
            error(t!(lang, "diff.git-failed", path = shown, rev, reason));
            None
        }
    }
}
