//! Finding the rule files named on the command line.

use super::{error, lang};
use ladder::t;
use std::path::{Path, PathBuf};

/// Expands each argument: a file as itself, a folder as every `*.ladder` file under it (see
/// [`walk`]); with `stdin`, `-` stays as itself for standard input. Returns the first argument
/// that does not exist as the error.
pub fn rule_files(args: &[PathBuf], stdin: bool) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for a in args {
        if stdin && is_stdin(a) {
            out.push(a.clone());
        } else if a.is_dir() {
            walk(a, &mut out)?;
        } else if a.is_file() {
            out.push(a.clone());
        } else {
            return Err(t!(lang(), "no-such-path", path = a.display()));
        }
    }
    Ok(out)
}

/// [`rule_files`], with a missing path reported on standard error.
pub fn rule_files_or_report(args: &[PathBuf], stdin: bool) -> Option<Vec<PathBuf>> {
    rule_files(args, stdin).map_err(error).ok()
}

/// Whether `path` is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// How messages name standard input: `<stdin>`, in the language of messages.
pub fn stdin_name() -> String {
    t!(lang(), "stdin-name")
}

/// How messages name `path`: `<stdin>` for `-`.
pub fn shown(path: &Path) -> String {
    match is_stdin(path) {
        true => stdin_name(),
        false => path.display().to_string(),
    }
}

/// Every `*.ladder` file under `dir`, in file-name order. Symbolic links are followed, a link
/// back to a folder above is seen once and not walked again, and hidden folders (`.git`) and
/// `target/` (Rust's build output) are skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let skipped = |e: &walkdir::DirEntry| {
        let name = e.file_name().to_string_lossy();
        e.depth() > 0 && (name.starts_with('.') || e.file_type().is_dir() && name == "target")
    };
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name();
    for entry in walker.into_iter().filter_entry(|e| !skipped(e)) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let path = e.path().unwrap_or(dir).display().to_string();
                let reason = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
                return Err(t!(lang(), "cannot-read-folder", path, reason));
            }
        };
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "ladder") {
            out.push(entry.into_path());
        }
    }
    Ok(())
}
