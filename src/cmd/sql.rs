//! `ladder sql`: the rules as one SQL statement over a table of records, or the table they expect.

use super::{as_of_or_report, lang, load_rules, stdio, term, OK, USAGE};
use ladder::sql::{compile, ddl, Dialect, Options};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The SQL dialect to write.
    #[arg(long, value_enum)]
    dialect: Dialect,
    /// The table holding the records.
    #[arg(long, value_name = "NAME", required_unless_present = "ddl")]
    table: Option<String>,
    /// The date `today` stands for (default: the engine's current date when the query runs).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Wrap the query in `CREATE OR REPLACE VIEW` with this name.
    #[arg(long, value_name = "VIEW")]
    view: Option<String>,
    /// Print the `CREATE TABLE` the rules expect instead of the query.
    #[arg(long)]
    ddl: bool,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let table = args.table.as_deref().unwrap_or("records");
    if args.ddl {
        stdio::out(ddl(&program, args.dialect, table));
        return OK;
    }
    let as_of = match &args.as_of {
        None => None,
        Some(text) => match as_of_or_report(Some(text)) {
            Ok(d) => Some(d),
            Err(()) => return USAGE,
        },
    };
    let options = Options { dialect: args.dialect, table, as_of, view: args.view.as_deref() };
    match compile(&program, &options) {
        Ok(statement) => {
            stdio::out(statement);
            OK
        }
        Err(problems) => {
            let color = term::colors().stderr;
            for d in &problems {
                stdio::err(ladder::report::human(d, &program.sources, lang(), color, 100));
            }
            USAGE
        }
    }
}
