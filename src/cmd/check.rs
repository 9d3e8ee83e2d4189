//! `ladder check`: every error and warning of every file, in one run.

use super::{files, stdio, term, FOUND, OK, USAGE};
use ladder::diag::{Diagnostic, Sources};
use ladder::report::{self, gitlab, sarif};
use ladder::t;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

/// How `ladder check` writes what it found: for people, for tools, or as a CI report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitLab Code Quality.
    Gitlab,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long)]
    deny_warnings: bool,
    /// Also say what the static analysis of each file could not decide.
    #[arg(long, short)]
    verbose: bool,
}

pub fn run(args: Args) -> i32 {
    let Some(paths) = files::rule_files_or_report(&args.paths, true) else { return USAGE };
    let mut found = report::Found::default();
    for path in &paths {
        let checked = match files::is_stdin(path) {
            true => stdin(),
            false => super::check_or_report(&path.to_string_lossy()),
        };
        let Some(checked) = checked else { return USAGE };
        if args.verbose {
            for line in notes(&path.to_string_lossy(), &checked) {
                stdio::errln(line);
            }
        }
        found.add(checked.diagnostics, &checked.program.sources);
    }
    // Errors first: they are what stops the rules running; warnings follow, each in file order.
    found.errors_first();
    let found = found.list();
    let errors = found.iter().filter(|(d, _)| d.is_error()).count();
    let warnings = found.len() - errors;
    write(found, args.format, paths.len(), errors, warnings);
    if errors > 0 || args.deny_warnings && warnings > 0 {
        FOUND
    } else {
        OK
    }
}

/// Checks the rule text on standard input, named `<stdin>`; the files it `use`s are read from the
/// disk, relative to the current folder.
fn stdin() -> Option<ladder::check::Checked> {
    let mut bytes = Vec::new();
    if let Err(reason) = std::io::stdin().lock().read_to_end(&mut bytes) {
        super::error(t!(super::lang(), "cannot-read-stdin", reason));
        return None;
    }
    Some(ladder::check::check_text(&files::stdin_name(), ladder::input::Saved::read(&bytes).0))
}

fn write(found: &[(Diagnostic, Arc<Sources>)], format: Format, files: usize, errors: usize, warnings: usize) {
    match format {
        Format::Human => {
            let color = term::colors().stderr;
            for (d, s) in found {
                stdio::err(report::human(d, s, super::lang(), color, 100));
            }
            if !(term::quiet() && found.is_empty()) {
                stdio::errln(summary(files, errors, warnings));
            }
        }
        Format::Json => {
            let diagnostics: Vec<_> = found.iter().map(|(d, s)| report::json(d, s, super::lang())).collect();
            let doc = serde_json::json!({
                "version": 1,
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": diagnostics,
            });
            stdio::outln(serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        Format::Github => {
            for (d, s) in found {
                stdio::outln(report::github(d, s, super::lang()));
            }
            if !(term::quiet() && found.is_empty()) {
                stdio::errln(summary(files, errors, warnings));
            }
        }
        Format::Sarif => {
            document(&sarif::sarif(found, super::lang(), &base()));
            for_the_log(found, files, errors, warnings);
        }
        Format::Gitlab => {
            document(&gitlab::gitlab(found, super::lang(), &base()));
            for_the_log(found, files, errors, warnings);
        }
    }
}

/// The directory the command runs in, which CI reports give paths relative to.
fn base() -> std::path::PathBuf {
    std::env::current_dir().unwrap_or_default()
}

fn document(doc: &serde_json::Value) {
    stdio::outln(serde_json::to_string_pretty(doc).unwrap_or_default());
}

/// Beside a report meant for a file, the human report on standard error, for the CI job's log.
fn for_the_log(found: &[(Diagnostic, Arc<Sources>)], files: usize, errors: usize, warnings: usize) {
    let color = term::colors().stderr;
    for (d, s) in found {
        stdio::err(report::human(d, s, super::lang(), color, 100));
    }
    if !(term::quiet() && found.is_empty()) {
        stdio::errln(summary(files, errors, warnings));
    }
}

/// What the analysis of one file left undecided, a line each.
fn notes(path: &str, checked: &ladder::check::Checked) -> Vec<String> {
    let lang = super::lang();
    let Some(a) = &checked.analysis else { return vec![t!(lang, "check.analysis.not-run", path)] };
    let p = &checked.program;
    let mut out = vec![t!(lang, "check.analysis.done", path, ladders = p.ladders.len(), opaque = a.opaque_atoms)];
    if !a.opaque_fields.is_empty() {
        out.push(t!(lang, "check.analysis.opaque-fields", fields = a.opaque_fields.join(", ")));
    }
    if !a.undecided.is_empty() {
        let names: Vec<&str> = a.undecided.iter().map(|&l| p.ladders[l].name.as_str()).collect();
        out.push(t!(lang, "check.analysis.undecided", ladders = names.join(", ")));
    }
    out.extend(stopped(a.stopped));
    let today = ladder::today();
    let (found, stop) = match ladder::analysis::overlaps(p, today, OVERLAPS) {
        Ok(found) => (found, None),
        Err((found, stop)) => (found, Some(stop)),
    };
    for o in found {
        let (ladder, n) = (&p.ladders[o.ladder].name, o.pairs.len() + o.more);
        if n > 0 {
            out.push(t!(lang, "check.analysis.overlaps", ladder, n));
        }
        let rules = &p.ladders[o.ladder].rules;
        for pair in &o.pairs {
            let record = ladder::diag::words::witness(lang, &pair.witness);
            let line = t!(lang, "check.analysis.overlap", a = rules[pair.a].level, b = rules[pair.b].level, record);
            out.push(format!("  {line}"));
        }
        if o.more > 0 {
            out.push(format!("  {}", t!(lang, "check.analysis.overlaps-more", more = o.more)));
        }
        if o.unconfirmed > 0 {
            out.push(t!(lang, "check.analysis.overlaps-unconfirmed", ladder, n = o.unconfirmed));
        }
    }
    out.extend(stopped(stop));
    out
}

/// How many overlapping pairs of rules `--verbose` lists for a ladder.
const OVERLAPS: usize = 5;

/// Why the analysis stopped early, if it did.
fn stopped(stop: Option<ladder::analysis::Stop>) -> Option<String> {
    let lang = super::lang();
    match stop? {
        ladder::analysis::Stop::Budget => Some(t!(lang, "check.analysis.budget")),
        ladder::analysis::Stop::Time => Some(t!(lang, "check.analysis.time")),
        ladder::analysis::Stop::Unknown => Some(t!(lang, "check.analysis.unknown")),
    }
}

fn summary(files: usize, errors: usize, warnings: usize) -> String {
    t!(super::lang(), "check.summary", files, errors, warnings)
}
