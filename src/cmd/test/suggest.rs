//! `ladder test --suggest [--write] [--cases CASES.csv]`: print the suggested examples, or append
//! them to the rule file (formatted by `ladder fmt`, checked again before it is written) or, as
//! rows, to the test table.

use super::super::fmt::write_atomically;
use super::super::output::reason;
use super::super::{lang, stdio, FOUND, OK, USAGE};
use super::Args;
use ladder::input::Saved;
use ladder::ir::Program;
use ladder::t;
use ladder::testing::suggest::{confirmed, examples_text, rows, suggest, NoColumn, Style, Suggestion};
use ladder::testing::Coverage;
use std::path::{Path, PathBuf};

/// Suggests examples for each rule file in turn (what one file's suggestions cover is not
/// suggested again for the next), then prints or writes them. The exit code is OK unless writing
/// failed.
pub fn run(args: &Args, today: jiff::civil::Date, programs: &[(PathBuf, Program)], cov: &mut Coverage) -> i32 {
    let found: Vec<_> = programs
        .iter()
        .map(|(path, program)| {
            let style = Style::of(&program.sources.get(0).text, program);
            (path, program, suggest(program, today, cov, &style))
        })
        .collect();
    let mut code = OK;
    for (path, program, s) in &found {
        if s.examples.is_empty() {
            continue;
        }
        code = code.max(match (args.write, args.cases.first()) {
            // Printed only when the file with them would check and every one would pass.
            (false, _) => {
                match confirmed(&path.to_string_lossy(), &program.sources.get(0).text, program, &s.examples, today) {
                    None => not_written(&path.display().to_string()),
                    Some(_) => {
                        if programs.len() > 1 {
                            stdio::outln(format!("# {}", path.display()));
                        }
                        stdio::out(examples_text(program, &s.examples));
                        OK
                    }
                }
            }
            (true, None) => write_file(path, program, &s.examples, today),
            (true, Some(table)) => write_rows(Path::new(table), program, &s.examples),
        });
    }
    for (_, _, s) in &found {
        for u in &s.none {
            stdio::errln(t!(lang(), "warning-line", message = ladder::diag::words::testing::unsuggested(lang(), u)));
        }
    }
    let n: usize = found.iter().map(|(_, _, s)| s.examples.len()).sum();
    let none: usize = found.iter().map(|(_, _, s)| s.none.len()).sum();
    stdio::errln(t!(lang(), "test.suggest.summary", n, none));
    code
}

/// Appends the examples to the rule file, formatted; written only when the file then checks and
/// every suggested example passes.
fn write_file(path: &Path, program: &Program, examples: &[Suggestion], today: jiff::civil::Date) -> i32 {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return cannot(&shown, &e),
    };
    let (text, saved) = Saved::read(&bytes);
    let Some(new) = confirmed(&shown, &text, program, examples, today) else { return not_written(&shown) };
    if let Err(e) = write_atomically(path, &saved.write(&new)) {
        return cannot(&shown, &e);
    }
    stdio::errln(t!(lang(), "test.suggest.wrote", n = examples.len(), path = shown));
    OK
}

/// Appends the examples as rows of the CSV test table `table`, in its columns and delimiter.
fn write_rows(table: &Path, program: &Program, examples: &[Suggestion]) -> i32 {
    let shown = table.display().to_string();
    // Examples are confirmed without population values; in a table, rows rank each other.
    if !program.pops.is_empty() {
        stdio::errln(t!(lang(), "error-line", message = t!(lang(), "test.suggest.ranked", path = shown)));
        return USAGE;
    }
    let bytes = match std::fs::read(table) {
        Ok(b) => b,
        Err(e) => return cannot(&shown, &e),
    };
    let (text, saved) = Saved::read(&bytes);
    let delimiter = ladder::source::detect_delimiter(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(text.as_bytes());
    let mut first = csv::ByteRecord::new();
    let header = match reader.read_byte_record(&mut first) {
        Ok(true) => ladder::source::header_names(&first),
        Ok(false) | Err(_) => Vec::new(),
    };
    let rows = match rows(program, examples, &header) {
        Ok(r) => r,
        Err(NoColumn(column)) => {
            stdio::errln(t!(
                lang(),
                "error-line",
                message = t!(lang(), "test.suggest.no-column", path = shown, column)
            ));
            return USAGE;
        }
    };
    let mut writer =
        csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for row in &rows {
        if let Err(e) = writer.write_record(row) {
            return cannot(&shown, &e.into());
        }
    }
    let added = writer.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&added);
    if let Err(e) = write_atomically(table, &saved.write(&new)) {
        return cannot(&shown, &e);
    }
    stdio::errln(t!(lang(), "test.suggest.wrote-rows", n = rows.len(), path = shown));
    OK
}

fn not_written(path: &str) -> i32 {
    stdio::errln(t!(lang(), "error-line", message = t!(lang(), "test.suggest.not-written", path)));
    FOUND
}

fn cannot(path: &str, e: &std::io::Error) -> i32 {
    stdio::errln(t!(lang(), "error-line", message = format!("{path}: {}", reason(e))));
    USAGE
}
