//! Snapshots of every diagnostic a manager's mistake produces, one rule file per mistake in
//! `tests/diagnostics/`. Each file names the codes it must produce in its leading comments:
//!
//! ```text
//! # 把字段名打错了
//! # error: ladder::unknown_name
//! # warning: ladder::unused_field
//! ```
//!
//! The rendered reports (miette, no colour, 100 columns) are compared with the accepted
//! snapshots in `tests/snapshots/`, in English (`mistakes@…`) and in Chinese (`mistakes_zh@…`);
//! the codes are compared with the comment lines, so a changed message shows in review and a
//! missing or extra diagnostic fails outright.

use ladder::check::check_path;
use ladder::diag::{Lang, Severity};
use std::collections::BTreeSet;
use std::path::Path;

/// The `(severity, code)` pairs the file's comment lines promise.
fn expected_codes(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        let body = line.trim_start_matches('#').trim();
        for severity in ["error", "warning"] {
            if let Some(code) = body.strip_prefix(severity).and_then(|r| r.strip_prefix(':')) {
                out.insert((severity.to_string(), code.trim().to_string()));
            }
        }
    }
    out
}

/// The path of a fixture relative to the crate root, so snapshots hold no machine's folders.
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

/// Renders every fixture in `lang` and compares it with its snapshot (and its codes with the
/// fixture's comment lines).
fn snapshot_mistakes(name: &str, lang: Lang) {
    // `use` paths and the reports' file names are relative to the crate root.
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate root");
    insta::glob!("diagnostics/*.ladder", |path| {
        let rel = relative(path);
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        assert!(text.starts_with('#'), "{rel}: the first line must say what the mistake is");
        let checked = check_path(&rel).expect("fixture is readable");
        let sources = &checked.program.sources;
        let rendered: Vec<String> =
            checked.diagnostics.iter().map(|d| ladder::report::human(d, sources, lang, false, 100)).collect();
        let produced: BTreeSet<(String, String)> = checked
            .diagnostics
            .iter()
            .map(|d| {
                let severity = if d.severity() == Severity::Error { "error" } else { "warning" };
                (severity.to_string(), d.code().to_string())
            })
            .collect();
        let expected = expected_codes(&text);
        assert_eq!(
            produced,
            expected,
            "{rel}: the diagnostics differ from the `# error:`/`# warning:` lines\n{}",
            rendered.join("\n")
        );
        let body = if rendered.is_empty() { "(no diagnostics)\n".to_string() } else { rendered.join("\n") };
        insta::assert_snapshot!(name, body);
    });
}

#[test]
fn mistakes() {
    snapshot_mistakes("mistakes", Lang::En);
}

/// The same mistakes as a Chinese-speaking manager reads them (`diagnostics__mistakes_zh@…`).
#[test]
fn mistakes_zh() {
    snapshot_mistakes("mistakes_zh", Lang::Zh);
}

#[test]
fn codes_in_comments_are_read() {
    let text = "# a mistake\n# error: ladder::syntax\n#warning: ladder::no_otherwise\nlet x = 1\n# error: not read\n";
    let codes = expected_codes(text);
    assert_eq!(codes.len(), 2);
    assert!(codes.contains(&("error".to_string(), "ladder::syntax".to_string())));
}
