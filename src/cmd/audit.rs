//! `ladder audit`: every recorded stage move in a log that no transition rule allows.

use super::{error, lang, load_rules, parse_as_of, stdio, FOUND, OK, USAGE};
use ladder::diag::words::audit as words;
use ladder::diag::Lang;
use ladder::input::Encoding;
use ladder::report::{escape_data, escape_property, Format};
use ladder::t;
use ladder::transitions::audit::{audit, Audit, Verdict};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The log of recorded moves (CSV): a `from` and a `to` column, the key field, and any
    /// fields the conditions read, as they were at the time.
    log: String,
    /// The transition set to check against (may be left out when the rules have only one).
    #[arg(long, value_name = "NAME")]
    transitions: Option<String>,
    /// The column holding the stage the customer left.
    #[arg(long, value_name = "COL", default_value = "from")]
    from: String,
    /// The column holding the stage the customer moved to.
    #[arg(long, value_name = "COL", default_value = "to")]
    to: String,
    /// The date that `today` and time windows in conditions count from (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// How to write the findings.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// The log's encoding: auto, utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
    #[arg(long, value_enum, hide_possible_values = true)]
    delimiter: Option<super::Delimiter>,
    /// The log's sheet, when it is a workbook.
    #[arg(long, value_name = "NAME|N")]
    sheet: Option<String>,
}

pub fn run(args: Args) -> i32 {
    if super::swapped("audit", &args.rules, &args.log) {
        return USAGE;
    }
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let lang = lang();
    let found = ladder::transitions::find(&program, args.transitions.as_deref());
    let today = parse_as_of(args.as_of.as_deref());
    let (t, today) = match (found, today) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) => return usage(words::no_set(lang, &e)),
        (_, Err(e)) => return usage(e),
    };
    let columns = vec![args.from.clone(), args.to.clone()];
    let wanted = ladder::workbook::Wanted { columns, ..ladder::workbook::Wanted::of(&program) };
    let mut log = match ladder::workbook::open_file(
        &args.log,
        args.encoding,
        super::Delimiter::byte(args.delimiter),
        args.sheet.as_deref(),
        &wanted,
        lang,
    ) {
        Ok((log, _)) => log,
        Err(reason) => return usage(t!(lang, "cannot-read", path = &args.log, reason)),
    };
    let report = match audit(&program, t, today, &mut *log, &args.from, &args.to) {
        Ok(r) => r,
        Err(problems) => {
            problems.iter().for_each(|p| error(words::log_problem(lang, p)));
            return USAGE;
        }
    };
    let name = &program.transitions[t].name;
    let mut out = String::new();
    match args.format {
        Format::Human => {
            for f in report.rows.iter().filter(|f| words::problem(lang, &f.verdict).is_some()) {
                out.push_str(&format!("{}\n", words::line(lang, f)));
            }
            if !(super::term::quiet() && report.clean()) {
                out.push_str(&format!("{}\n", words::summary(lang, &report, name, &args.log)));
            }
        }
        Format::Github => {
            for f in report.rows.iter().filter(|f| words::problem(lang, &f.verdict).is_some()) {
                let file = escape_property(&args.log);
                out.push_str(&format!(
                    "::error file={file},line={},title={}::{}\n",
                    f.line,
                    escape_property("ladder audit"),
                    escape_data(&words::line(lang, f))
                ));
            }
            if !(super::term::quiet() && report.clean()) {
                stdio::errln(words::summary(lang, &report, name, &args.log));
            }
        }
        Format::Json => {
            out = serde_json::to_string_pretty(&json(lang, &report, name, &args.log)).unwrap_or_default() + "\n"
        }
    }
    stdio::out(out);
    if report.clean() {
        OK
    } else {
        FOUND
    }
}

/// Reports `message` as an error; the exit code of a command that could not run.
fn usage(message: impl std::fmt::Display) -> i32 {
    error(message);
    USAGE
}

fn json(lang: Lang, report: &Audit, name: &str, log: &str) -> serde_json::Value {
    let (checked, unchecked, stayed) = report.counts();
    let rows = |want: fn(&Verdict) -> bool| -> Vec<serde_json::Value> {
        report
            .rows
            .iter()
            .filter(|f| want(&f.verdict))
            .map(|f| serde_json::json!({"row": f.row, "line": f.line, "key": f.key, "from": f.from, "to": f.to, "message": words::problem(lang, &f.verdict)}))
            .collect()
    };
    serde_json::json!({
        "version": 1,
        "log": log,
        "transitions": name,
        "rows": report.rows.len(),
        "allowed": checked + unchecked,
        "unchecked": unchecked,
        "stayed": stayed,
        "not_allowed": rows(|v| matches!(v, Verdict::Illegal(_))),
        "data_errors": rows(|v| matches!(v, Verdict::DataError(_))),
    })
}
