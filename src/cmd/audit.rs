//! `ladder audit`: every recorded stage move in a log that no transition rule allows.

use super::{load_rules, parse_as_of, FOUND, OK, USAGE};
use ladder::diag::words::audit as en;
use ladder::input::Encoding;
use ladder::report::{escape_data, escape_property, Format};
use ladder::source::{CsvFile, Data};
use ladder::transitions::audit::{audit, Audit, Verdict};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    rules: PathBuf,
    log: String,
    #[arg(long, value_name = "NAME")]
    transitions: Option<String>,
    #[arg(long, value_name = "COL", default_value = "from")]
    from: String,
    #[arg(long, value_name = "COL", default_value = "to")]
    to: String,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let found = ladder::transitions::find(&program, args.transitions.as_deref()).map_err(|e| e.text(super::lang()));
    let today = parse_as_of(args.as_of.as_deref());
    let (t, today) = match (found, today) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    let result = CsvFile::new(&args.log, args.encoding, false)
        .and_then(|log| log.open())
        .map_err(|e| format!("cannot read {}: {e}", args.log))
        .and_then(|mut log| audit(&program, t, today, &mut *log, &args.from, &args.to));
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {line}");
            }
            return USAGE;
        }
    };
    let name = &program.transitions[t].name;
    let mut out = String::new();
    match args.format {
        Format::Human => {
            for f in report.rows.iter().filter(|f| en::problem(&f.verdict).is_some()) {
                out.push_str(&format!("{}\n", en::line(f)));
            }
            out.push_str(&format!("{}\n", en::summary(&report, name, &args.log)));
        }
        Format::Github => {
            for f in report.rows.iter().filter(|f| en::problem(&f.verdict).is_some()) {
                let file = escape_property(&args.log);
                out.push_str(&format!(
                    "::error file={file},line={},title={}::{}\n",
                    f.line,
                    escape_property("ladder audit"),
                    escape_data(&en::line(f))
                ));
            }
            eprintln!("{}", en::summary(&report, name, &args.log));
        }
        Format::Json => out = serde_json::to_string_pretty(&json(&report, name, &args.log)).unwrap_or_default() + "\n",
    }
    // A closed pipe (`| head`) is not an error of the audit.
    let _ = std::io::stdout().write_all(out.as_bytes());
    if report.clean() {
        OK
    } else {
        FOUND
    }
}

fn json(report: &Audit, name: &str, log: &str) -> serde_json::Value {
    let (checked, unchecked, stayed) = report.counts();
    let rows = |want: fn(&Verdict) -> bool| -> Vec<serde_json::Value> {
        report
            .rows
            .iter()
            .filter(|f| want(&f.verdict))
            .map(|f| serde_json::json!({"row": f.row, "line": f.line, "key": f.key, "from": f.from, "to": f.to, "message": en::problem(&f.verdict)}))
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
