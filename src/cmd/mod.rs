//! Subcommands of `ladder`, each a function from parsed arguments to an exit code.

mod audit;
mod check;
mod complete;
mod diff;
mod explain;
mod files;
mod fmt;
mod graph;
pub mod help;
mod interrupt;
mod output;
mod repl;
mod run;
mod serve;
mod sql;
pub mod stdio;
pub mod term;
mod test;

use clap::{Parser, Subcommand};
use ladder::diag::Lang;
use ladder::source::{CsvFile, Data};
use ladder::t;
use ladder::workbook::Workbook;

/// Exit code: everything fine.
pub const OK: i32 = 0;
/// Exit code: the rules or data have problems (errors, failed examples, data errors).
pub const FOUND: i32 = 1;
/// Exit code: the command could not run (bad arguments, missing file, rule errors before a run).
pub const USAGE: i32 = 2;

/// The command line; every text clap shows comes from the catalogue (`help`).
#[derive(Debug, Parser)]
#[command(name = "ladder", version, about, max_term_width = 100)]
pub struct Cli {
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<LangArg>,
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value = "auto")]
    color: term::ColorArg,
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// A `--lang` value; `help::parse` reads it before clap does, to speak the language from the start.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// The language of every message of this run, set once from `--lang` or the environment.
static LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language of messages.
pub fn lang() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    Run(run::Args),
    Diff(diff::Args),
    Explain(explain::Args),
    Audit(audit::Args),
    Graph(graph::Args),
    Sql(sql::Args),
    Test(test::Args),
    Repl(repl::Args),
    Serve(serve::Args),
    Fmt(fmt::Args),
    Completions(complete::Args),
    #[command(hide = true)]
    Man(complete::ManArgs),
}

/// Runs a parsed command line in `lang` (from `--lang` or the environment) and returns the exit code.
pub fn run(cli: Cli, lang: Lang) -> i32 {
    LANG.get_or_init(|| lang);
    term::choose(cli.color);
    term::set_quiet(cli.quiet);
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Run(a) => run::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Graph(a) => graph::run(a),
        Command::Sql(a) => sql::run(a),
        Command::Test(a) => test::run(a),
        Command::Repl(a) => repl::run(a),
        Command::Serve(a) => serve::run(a),
        Command::Fmt(a) => fmt::run(a),
        Command::Completions(a) => complete::completions(a),
        Command::Man(a) => complete::man(a),
    }
}

/// The data file `path` (`-`: standard input) for `program`: a workbook's sheet (`sheet`, else
/// the first with the declared columns) by its extension, else CSV. Population functions read
/// the data twice, so standard input, a pipe or a device is then kept in a temporary file.
/// Failures are reported.
pub fn data_file(
    path: &str,
    encoding: ladder::input::Encoding,
    delimiter: Option<u8>,
    program: &ladder::ir::Program,
    sheet: Option<&str>,
) -> Option<Box<dyn Data + Send>> {
    open_data(path, encoding, delimiter, program, sheet, lang()).map_err(error).ok()
}

/// [`data_file`], its failure as words in `lang`.
pub fn open_data(
    path: &str,
    encoding: ladder::input::Encoding,
    delimiter: Option<u8>,
    program: &ladder::ir::Program,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<Box<dyn Data + Send>, String> {
    if path != "-" && !ladder::workbook::is_workbook(path) {
        if let Err(e) = std::fs::metadata(path) {
            return Err(t!(lang, "cannot-read", path, reason = ladder::input::file_reason(&e, lang)));
        }
    }
    if ladder::workbook::is_workbook(path) {
        return match Workbook::new(path, sheet, &ladder::workbook::Wanted::of(program)) {
            Ok(book) => Ok(Box::new(book)),
            Err(e) => Err(e.text(lang, path)),
        };
    }
    CsvFile::new(path, encoding, !program.pops.is_empty())
        .map(|f| Box::new(f.delimiter(delimiter)) as Box<dyn Data + Send>)
        .map_err(|e| match path {
            "-" => t!(lang, "cannot-read-stdin", reason = output::reason(&e)),
            _ => t!(lang, "cannot-read", path, reason = output::reason(&e)),
        })
}

/// How a data file is read: the options `run`, `explain`, `diff` and `sql --rows` share.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    #[arg(long, default_value = "auto")]
    encoding: ladder::input::Encoding,
    #[arg(long, value_enum, hide_possible_values = true)]
    delimiter: Option<Delimiter>,
    #[arg(long, value_name = "NAME|N")]
    sheet: Option<String>,
}

impl DataArgs {
    /// The data file `path` read so, for `program` ([`data_file`]).
    pub fn open(&self, path: &str, program: &ladder::ir::Program) -> Option<Box<dyn Data + Send>> {
        data_file(path, self.encoding, Delimiter::byte(self.delimiter), program, self.sheet.as_deref())
    }
}

/// A `--delimiter` value.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Delimiter {
    #[value(name = ",", alias = "comma")]
    Comma,
    #[value(name = ";", alias = "semicolon")]
    Semicolon,
    #[value(name = "tab", alias = "\t", alias = "\\t")]
    Tab,
    #[value(name = "|", alias = "pipe")]
    Pipe,
}

impl Delimiter {
    /// The byte between cells; `None` (no `--delimiter`) is detected from the header line.
    pub fn byte(d: Option<Delimiter>) -> Option<u8> {
        d.map(|d| match d {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        })
    }
}

/// Checks the rule file at `path` with the static analysis (`ladder check`); a file that cannot
/// be read is reported on standard error.
pub fn check_or_report(path: &str) -> Option<ladder::check::Checked> {
    read_or_report(path, ladder::check::check_path(path))
}

/// Checks the rule file at `path` to run it (`ladder::check::check_path_to_run`: no static
/// analysis); a file that cannot be read is reported on standard error.
pub fn check_to_run_or_report(path: &str) -> Option<ladder::check::Checked> {
    read_or_report(path, ladder::check::check_path_to_run(path))
}

fn read_or_report(path: &str, checked: std::io::Result<ladder::check::Checked>) -> Option<ladder::check::Checked> {
    checked.map_err(|e| error(t!(lang(), "cannot-read", path, reason = ladder::input::file_reason(&e, lang())))).ok()
}

/// Checks a rule file; prints its diagnostics when it has errors (then `None`).
pub fn load_rules(path: &std::path::Path) -> Option<ladder::ir::Program> {
    let display = path.to_string_lossy();
    if is_data_file(path) {
        error(t!(lang(), "rules-is-data", path = display));
        return None;
    }
    report_checked(check_to_run_or_report(&display)?, &display)
}

/// The checked program; its errors printed when it has any (then `None`). `path` names the rules.
pub fn report_checked(checked: ladder::check::Checked, path: &str) -> Option<ladder::ir::Program> {
    if !checked.has_errors() {
        return Some(checked.program);
    }
    let color = term::colors().stderr;
    for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
        stdio::err(ladder::report::human(d, &checked.program.sources, lang(), color, 100));
    }
    error(t!(lang(), "has-errors", path));
    None
}

/// Whether the rule file and the data were given the wrong way round (`ladder run DATA RULES`);
/// if so, says which argument is which on standard error.
pub fn swapped(command: &str, rules: &std::path::Path, data: &str) -> bool {
    let data_is_rules = std::path::Path::new(data).extension().is_some_and(|e| e.eq_ignore_ascii_case("ladder"));
    if is_data_file(rules) && data_is_rules {
        error(t!(lang(), "run.swapped", first = rules.display(), second = data, command));
        return true;
    }
    false
}

/// Whether `path` names a data file (`.csv`, `.xlsx`…): given where the rule file goes, the
/// arguments are most likely swapped.
fn is_data_file(path: &std::path::Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("csv" | "tsv" | "txt" | "xlsx" | "xls" | "xlsm" | "ods" | "jsonl"))
}

/// The `--as-of` date, or today's.
pub fn parse_as_of(text: Option<&str>) -> Result<jiff::civil::Date, String> {
    match text {
        None => Ok(ladder::today()),
        Some(t) => match ladder::cell::parse_date(t) {
            Ok(Some(d)) => Ok(d),
            _ => Err(t!(lang(), "bad-as-of", text = t)),
        },
    }
}

/// The `--as-of` date; a bad one is reported on standard error.
pub fn as_of_or_report(text: Option<&str>) -> Result<jiff::civil::Date, ()> {
    parse_as_of(text).map_err(error)
}

/// Writes `error: MESSAGE` on standard error, a line for each line of the message.
pub fn error(message: impl std::fmt::Display) {
    for message in message.to_string().lines() {
        stdio::errln(t!(lang(), "error-line", message));
    }
}
