//! `ladder explain`: the whole evaluation of one record.

use super::{as_of_or_report, data_file, load_rules, FOUND, OK, USAGE};
use csv::ByteRecord;
use ladder::eval::{Ctx, Frame};
use ladder::explain::{explain_record, field_type, show};
use ladder::input::Encoding;
use ladder::ir::Program;
use ladder::run::Layout;
use ladder::run::{self, Options, OutFormat, Which};
use ladder::source::{CsvFile, Data};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("which").required(true))]
pub struct Args {
    /// The rule file.
    rules: PathBuf,
    /// The data file; `-` reads standard input.
    data: String,
    /// The record's row as a spreadsheet numbers it (the header is row 1).
    #[arg(long, group = "which")]
    row: Option<usize>,
    /// The record whose key field has this value.
    #[arg(long, group = "which")]
    key: Option<String>,
    /// The date that `today` and time windows count from (default: today).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// The data file's encoding: auto, utf-8 or gbk.
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
}

pub fn run(args: Args) -> i32 {
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    let key_field = program.fields.iter().position(|f| f.key);
    if args.key.is_some() && key_field.is_none() {
        eprintln!("error: --key needs a field marked `key` in {}; use --row instead.", args.rules.display());
        return USAGE;
    }
    let Some(data) = data_file(&args.data, args.encoding, &program) else { return USAGE };
    let which = match (&args.key, args.row) {
        (Some(k), _) => Which::Key(k),
        (None, r) => Which::Row(r.unwrap_or(0)),
    };
    let opts = Options { today, explain: false, format: OutFormat::Csv, keep: None, threads: 1, progress: None };
    let (index, record, layout) = match find(&program, &data, which, &opts) {
        Ok(Some(found)) => found,
        Ok(None) => {
            eprintln!("error: {}", not_found(which));
            return FOUND;
        }
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {line}");
            }
            return USAGE;
        }
    };
    let pops = match run::population_pass(&program, &layout, &data, today) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    let ctx = Ctx { program: &program, today, pops: &pops };
    let mut frame = Frame::new(&program);
    let errors = run::load(&program, &layout, &record, index, &mut frame);
    println!("Record: row {} (as of {today})", index + 2);
    for (i, f) in program.fields.iter().enumerate() {
        println!("  {} = {}", f.name, show(&program, field_type(&program, i), frame.fields[i]));
    }
    println!();
    if !errors.is_empty() {
        for e in &errors.problems {
            println!("data error: {e}");
        }
        return FOUND;
    }
    print!("{}", explain_record(&ctx, &mut frame));
    OK
}

fn not_found(which: Which<'_>) -> String {
    match which {
        Which::Key(k) => format!("no record has the key \"{k}\"."),
        Which::Row(r) if r < 2 => format!("row {r} is the header; records start at row 2."),
        Which::Row(r) => format!("the data has no row {r}."),
    }
}

/// The record `which` names in `data`, with its index and the layout of the data.
fn find(
    program: &Program,
    data: &CsvFile,
    which: Which<'_>,
    opts: &Options,
) -> Result<Option<(usize, ByteRecord, Layout)>, String> {
    let mut source = data.open().map_err(|e| e.to_string())?;
    let Some(header) = source.header().map_err(|e| e.to_string())? else {
        return Err("the data is empty".into());
    };
    let layout = run::layout(program, &header, opts).map_err(|p| run::RunError::Setup(p).to_string())?;
    let found = run::find_record(program, &layout, &mut *source, which).map_err(|e| e.to_string())?;
    Ok(found.map(|(index, record)| (index, record, layout)))
}
