//! `ladder fmt`: rewrite rule files in the canonical layout, or (`--check`) only say which would
//! change. `-` formats standard input to standard output (for editors).

use super::output::reason;
use super::{files, interrupt, lang, stdio, term, FOUND, OK, USAGE};
use ladder::diag::Sources;
use ladder::input::Saved;
use ladder::report;
use ladder::t;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long)]
    check: bool,
}

/// What became of one file.
enum Outcome {
    Same,
    Changed,
    Failed,
}

pub fn run(args: Args) -> i32 {
    let Some(paths) = files::rule_files_or_report(&args.paths, true) else { return USAGE };
    let mut code = OK;
    for path in &paths {
        let shown = files::shown(path);
        let outcome = match files::is_stdin(path) {
            true => stdin(args.check),
            false => file(path, args.check),
        };
        match outcome {
            Ok(Outcome::Same) => {}
            Ok(Outcome::Changed) if files::is_stdin(path) && !args.check => {}
            Ok(Outcome::Changed) if !args.check => {
                if !term::quiet() {
                    stdio::errln(t!(lang(), "fmt.formatted", path = shown));
                }
            }
            Ok(Outcome::Changed) => {
                stdio::errln(t!(lang(), "fmt.would-reformat", path = shown));
                code = code.max(FOUND);
            }
            Ok(Outcome::Failed) => code = code.max(FOUND),
            Err(e) => {
                stdio::errln(t!(lang(), "error-line", message = format!("{shown}: {}", reason(&e))));
                code = USAGE;
            }
        }
    }
    code
}

/// Formats one file; writes it back unless `check` or unchanged, saved as it was (encoding,
/// byte-order mark, line endings): those alone are not a change.
fn file(path: &Path, check: bool) -> std::io::Result<Outcome> {
    let (text, saved) = Saved::read(&std::fs::read(path)?);
    let Some(formatted) = format(&path.to_string_lossy(), &text) else { return Ok(Outcome::Failed) };
    if formatted == text {
        return Ok(Outcome::Same);
    }
    if !check {
        write_atomically(path, &saved.write(&formatted))?;
    }
    Ok(Outcome::Changed)
}

/// Formats standard input; writes the result to standard output, saved as the input was, unless
/// `check`. Text that does not parse is reported and nothing is written.
fn stdin(check: bool) -> std::io::Result<Outcome> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let (text, saved) = Saved::read(&bytes);
    let Some(formatted) = format(&files::stdin_name(), &text) else { return Ok(Outcome::Failed) };
    if !check {
        stdio::out_bytes(&saved.write(&formatted));
    }
    Ok(if formatted == text { Outcome::Same } else { Outcome::Changed })
}

/// The canonical layout of `text`; `None` after reporting why it cannot be formatted.
fn format(name: &str, text: &str) -> Option<String> {
    match ladder::fmt::format(text) {
        Ok(f) => Some(f),
        Err(errors) => {
            let mut sources = Sources::default();
            sources.add(name, text.to_string());
            let color = term::colors().stderr;
            for d in &errors {
                stdio::err(report::human(d, &sources, lang(), color, 100));
            }
            stdio::errln(t!(lang(), "fmt.not-formatted", path = name));
            None
        }
    }
}

/// Writes to a temporary file beside `path`, then renames it over `path`, keeping its permissions.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (mut tmp, temporary) = interrupt::temporary(|| tempfile::NamedTempFile::new_in(dir))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    temporary.put(|| tmp.persist(path)).map_err(|e| e.error)?;
    Ok(())
}
