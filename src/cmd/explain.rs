//! `ladder explain`: the whole evaluation of one record.

use super::{as_of_or_report, error, lang, load_rules, stdio, FOUND, OK, USAGE};
use csv::ByteRecord;
use ladder::diag::data::HeaderProblem;
use ladder::eval::Ctx;
use ladder::explain::record_text;
use ladder::ir::Program;
use ladder::run::Layout;
use ladder::run::{self, Options, OutFormat, Which};
use ladder::source::Data;
use ladder::t;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("which").required(true))]
pub struct Args {
    rules: PathBuf,
    data: String,
    #[arg(long, group = "which")]
    row: Option<usize>,
    #[arg(long, group = "which")]
    key: Option<String>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    read: super::DataArgs,
}

pub fn run(args: Args) -> i32 {
    if super::swapped("explain", &args.rules, &args.data) {
        return USAGE;
    }
    let Some(program) = load_rules(&args.rules) else { return USAGE };
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    let key_field = program.fields.iter().position(|f| f.key);
    if args.key.is_some() && key_field.is_none() {
        error(t!(lang(), "explain.no-key-field", path = args.rules.display()));
        return USAGE;
    }
    let Some(data) = args.read.open(&args.data, &program) else {
        return USAGE;
    };
    let which = match (&args.key, args.row) {
        (Some(k), _) => Which::Key(k),
        (None, r) => Which::Row(r.unwrap_or(0)),
    };
    let lang = lang();
    let opts = Options { today, explain: false, format: OutFormat::Csv, keep: None, threads: 1, progress: None, lang };
    let (index, record, layout) = match find(&program, &*data, which, &opts) {
        Ok(Some(found)) => found,
        Ok(None) => {
            error(not_found(which));
            return FOUND;
        }
        Err(e) => {
            error(e);
            return USAGE;
        }
    };
    let pops = match run::population_pass(&program, &layout, &*data, today) {
        Ok(p) => p,
        Err(e) => {
            error(e.text(lang));
            return USAGE;
        }
    };
    let ctx = Ctx { program: &program, today, pops: &pops };
    let (text, read) = record_text(&ctx, &layout, &record, index, lang);
    stdio::out(text);
    match read {
        true => OK,
        false => FOUND,
    }
}

fn not_found(which: Which<'_>) -> String {
    match which {
        Which::Key(key) => t!(lang(), "explain.no-key", key),
        Which::Row(row) if row < 2 => t!(lang(), "explain.header-row", row),
        Which::Row(row) => t!(lang(), "explain.no-row", row),
    }
}

/// The record `which` names in `data`, with its index and the layout of the data.
fn find(
    program: &Program,
    data: &dyn Data,
    which: Which<'_>,
    opts: &Options,
) -> Result<Option<(usize, ByteRecord, Layout)>, String> {
    let mut source = data.open().map_err(|e| e.to_string())?;
    let Some(header) = source.header().map_err(|e| e.to_string())? else {
        return Err(HeaderProblem::Empty.text(opts.lang));
    };
    let mut layout = run::layout(program, &header, opts).map_err(|p| run::RunError::Setup(p).text(opts.lang))?;
    layout.place = source.place();
    let found = run::find_record(program, &layout, &mut *source, which).map_err(|e| e.to_string())?;
    Ok(found.map(|(index, record)| (index, record, layout)))
}
