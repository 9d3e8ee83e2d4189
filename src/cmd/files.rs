//! Finding the rule files named on the command line.

use super::{error, lang};
use ladder::t;
use std::path::{Path, PathBuf};

/// Expands each argument: a file as itself, a folder as every `*.ladder` file under it, sorted.
/// Returns the first argument that does not exist as the error.
pub fn rule_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out).map_err(|reason| t!(lang(), "cannot-read-folder", path = a.display(), reason))?;
        } else if a.is_file() {
            out.push(a.clone());
        } else {
            return Err(t!(lang(), "no-such-path", path = a.display()));
        }
    }
    Ok(out)
}

/// [`rule_files`], with a missing path reported on standard error.
pub fn rule_files_or_report(args: &[PathBuf]) -> Option<Vec<PathBuf>> {
    rule_files(args).map_err(error).ok()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "ladder") {
            out.push(p);
        }
    }
    Ok(())
}
