//! Every sentence a user reads comes from the catalogues (src/diag/catalogue/): a string literal
//! in src/ that reads like English prose is a message someone forgot to put there. Lines a user
//! never sees (panics, debug output, tests, grammar and SQL-like fixed words) are skipped; the
//! few literals that are not prose but look like it are listed in `ALLOWED` with the reason.

mod common;

use common::is_prose;
use std::path::{Path, PathBuf};

/// Literals that look like English words but are not sentences for a user.
const ALLOWED: &[&str] = &[
    // Keywords of the rule language and their multi-word forms.
    "at least",
    "starts with",
    "days since",
    "days until",
    "within next",
    "within last",
    "one of",
    "is not",
    "not in",
    "is missing",
    "is present",
    // A type name offered as a fix (`one of A, B, C` is how the type is written).
    "one of A, B, C",
    // Group headings kept in the explanation tree for tools; people read `group.*` from the
    // catalogue (explain/render.rs).
    "all of",
    "any of",
    "at least {n} of",
    // Mermaid code of the stage graph.
    r"    classDef anyStage fill:none,stroke-dasharray:5 5\n    class any_stage anyStage\n",
    // The title of a GitHub annotation: the command's name.
    "ladder audit",
    // Operating-system style error texts inside io::Error values, shown after the catalogue's
    // "cannot read {path}: {reason}" like the system's own reasons.
    "no such file in memory",
    "the reader stopped",
    // What tempfile appends to its errors, cut off so a message never names a temporary file.
    " at path \\\"",
];

/// Folders whose literals are code, not sentences: `ladder fmt` writes rule files, `ladder sql`
/// writes SQL.
const CODE_FOLDERS: &[&str] = &["src/fmt/", "src/sql/"];

/// Lines whose literals no user reads.
const SKIPPED: &[&str] = &["expect(", "panic!(", "unreachable!(", "assert", "debug_assert", "#[", "//", "todo!("];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("tests.rs") {
            out.push(path);
        }
    }
}

/// The string literals of one line (plain `"…"` only; escapes kept).
fn literals(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        if rest[..open].ends_with('\'') {
            rest = &rest[open + 1..];
            continue;
        }
        let body = &rest[open + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => {
                    end = Some(i);
                    break;
                }
                (false, _) => {}
            }
        }
        let Some(end) = end else { break };
        out.push(&body[..end]);
        rest = &body[end + 1..];
    }
    out
}

#[test]
fn no_english_sentence_is_left_outside_the_catalogue() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in files.into_iter().filter(|f| !CODE_FOLDERS.iter().any(|c| f.strip_prefix(root).unwrap().starts_with(c)))
    {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate().take_while(|(_, l)| !l.starts_with("#[cfg(test)]")) {
            if SKIPPED.iter().any(|s| line.trim_start().starts_with(s) || line.contains(s)) {
                continue;
            }
            for lit in literals(line) {
                if is_prose(lit) && !ALLOWED.contains(&lit) {
                    found.push(format!("{}:{}: \"{lit}\"", file.strip_prefix(root).unwrap().display(), n + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "English sentences outside the catalogue:\n{}", found.join("\n"));
}

#[test]
fn the_detector_finds_prose_and_passes_code() {
    assert!(is_prose("cannot read {path}: {e}"));
    assert!(is_prose("error: the data is empty"));
    assert!(!is_prose("ladder::unknown_name"));
    assert!(!is_prose("{a} {b}"));
    assert!(!is_prose("NAME_why"));
    assert_eq!(literals(r#"f("a \"b\" c", "d")"#), vec![r#"a \"b\" c"#, "d"]);
}
