//! `ladder fmt`: rewrite rule files in the canonical layout, or (`--check`) only say which would
//! change.

use super::{files, lang, FOUND, OK, USAGE};
use ladder::diag::Sources;
use ladder::input::Saved;
use ladder::report;
use ladder::t;
use std::io::{IsTerminal, Write};
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
    let Some(paths) = files::rule_files_or_report(&args.paths) else { return USAGE };
    let mut code = OK;
    for path in &paths {
        match file(path, args.check) {
            Ok(Outcome::Same) => {}
            Ok(Outcome::Changed) if !args.check => eprintln!("{}", t!(lang(), "fmt.formatted", path = path.display())),
            Ok(Outcome::Changed) => {
                eprintln!("{}", t!(lang(), "fmt.would-reformat", path = path.display()));
                code = code.max(FOUND);
            }
            Ok(Outcome::Failed) => code = code.max(FOUND),
            Err(e) => {
                eprintln!("{}", t!(lang(), "error-line", message = format!("{}: {e}", path.display())));
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
    let formatted = match ladder::fmt::format(&text) {
        Ok(f) => f,
        Err(errors) => {
            let mut sources = Sources::default();
            sources.add(path.to_string_lossy(), text);
            let color = std::io::stderr().is_terminal();
            for d in &errors {
                eprint!("{}", report::human(d, &sources, lang(), color, 100));
            }
            eprintln!("{}", t!(lang(), "fmt.not-formatted", path = path.display()));
            return Ok(Outcome::Failed);
        }
    };
    if formatted == text {
        return Ok(Outcome::Same);
    }
    if !check {
        write_atomically(path, &saved.write(&formatted))?;
    }
    Ok(Outcome::Changed)
}

/// Writes to a temporary file beside `path`, then renames it over `path`, keeping its permissions.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
