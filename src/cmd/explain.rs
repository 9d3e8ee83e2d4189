//! `ladder explain`: the whole evaluation of one record.

use super::{as_of_or_report, load_rules, FOUND, OK, USAGE};
use ladder::eval::{Ctx, Frame, Pops};
use ladder::explain::{explain_record, field_type, show};
use ladder::input::{self, Encoding};
use ladder::run::{self, Options, OutFormat};
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
    let (data, encoding) = (args.data.clone(), args.encoding);
    let open = move || input::open(&data, encoding);
    let opts = Options { today, explain: false, format: OutFormat::Csv, keep: None, threads: 1, progress: None };
    let result = (|| -> Result<Option<(usize, csv::ByteRecord, run::Layout)>, String> {
        let mut rdr = run::reader(open().map_err(|e| e.to_string())?);
        let mut record = csv::ByteRecord::new();
        if !rdr.read_byte_record(&mut record).map_err(|e| e.to_string())? {
            return Err("the data is empty".into());
        }
        let header: Vec<String> = record.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
        let layout = run::layout(&program, &header, &opts)?;
        let mut index = 0;
        while rdr.read_byte_record(&mut record).map_err(|e| e.to_string())? {
            let hit = match (&args.key, key_field) {
                (Some(k), Some(f)) => {
                    record.get(layout.columns[f]).is_some_and(|c| String::from_utf8_lossy(c).trim() == k.trim())
                }
                _ => Some(index + 2) == args.row,
            };
            if hit {
                return Ok(Some((index, record, layout)));
            }
            index += 1;
        }
        Ok(None)
    })();
    let (index, record, layout) = match result {
        Ok(Some(found)) => found,
        Ok(None) => {
            match (&args.key, args.row) {
                (Some(k), _) => eprintln!("error: no record has the key \"{k}\"."),
                (_, Some(r)) if r < 2 => eprintln!("error: row {r} is the header; records start at row 2."),
                (_, Some(r)) => eprintln!("error: the data has no row {r}."),
                _ => {}
            }
            return FOUND;
        }
        Err(e) => {
            for line in e.lines() {
                eprintln!("error: {line}");
            }
            return USAGE;
        }
    };
    let pops = if program.pops.is_empty() {
        Pops::default()
    } else {
        match run::population_pass(&program, &layout, &open, today) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return USAGE;
            }
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
        for e in &errors {
            println!("data error: {e}");
        }
        return FOUND;
    }
    print!("{}", explain_record(&ctx, &mut frame));
    OK
}
