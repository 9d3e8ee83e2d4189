//! docs/errors.md and its Chinese twin docs/zh/错误参考.md never lie: every ```ladder block under a
//! `### ladder::CODE` heading produces that code, and every code the source can emit has a heading
//! with such a block, on each page.

use ladder::check::check_text;
use std::collections::BTreeSet;
use std::path::Path;

/// The pages that document every code: `(path, text)`.
const DOCS: [(&str, &str); 2] = [
    ("docs/errors.md", include_str!("../docs/errors.md")),
    ("docs/zh/错误参考.md", include_str!("../docs/zh/错误参考.md")),
];

/// `(code of the heading above, the block's text)` for every ```ladder block of a page.
fn examples(doc: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut block: Option<String> = None;
    for line in doc.lines() {
        if let Some(text) = block.as_mut() {
            if line.starts_with("```") {
                let code = heading.clone().unwrap_or_default();
                out.push((code, block.take().unwrap_or_default()));
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if let Some(dialect) = line.strip_prefix("```ladder-sql ") {
            // A rule file that checks but that `ladder sql --dialect DIALECT` cannot write.
            block = Some(format!("#sql {dialect}\n"));
        } else if line.starts_with("```ladder") || line.starts_with("```repl-input") {
            block = Some(if line.starts_with("```repl") { "#repl\n".to_string() } else { String::new() });
        } else if let Some(h) = line.strip_prefix("#") {
            let title = h.trim_start_matches('#').trim();
            heading = title.starts_with("ladder::").then(|| title.to_string());
        }
    }
    out
}

/// The headings `### ladder::CODE` of a page.
fn documented(doc: &str) -> BTreeSet<String> {
    doc.lines().filter_map(|l| l.strip_prefix("### ")).filter(|t| t.starts_with("ladder::")).map(String::from).collect()
}

/// Every `"ladder::code"` string literal in src/.
fn emitted() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source is readable");
                for (i, _) in text.match_indices("\"ladder::") {
                    let rest = &text[i + 1..];
                    let end = rest.find('"').unwrap_or(0);
                    let code = &rest[..end];
                    if code["ladder::".len()..].chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        codes.insert(code.to_string());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_example_produces_the_code_of_its_section() {
    for (page, doc) in DOCS {
        let examples = examples(doc);
        assert!(examples.len() >= 25, "{page}: only {} examples found", examples.len());
        for (code, text) in examples {
            assert!(!code.is_empty(), "{page}: a ```ladder block outside a `### ladder::…` section:\n{text}");
            // A ```repl-input block is one line typed in `ladder repl` with no rules loaded.
            let diagnostics = match (text.strip_prefix("#repl\n"), text.strip_prefix("#sql ")) {
                (Some(line), _) => {
                    ladder::check::check_input(&Default::default(), "<repl>", line.trim_end()).diagnostics
                }
                (None, Some(sql)) => sql_problems(sql),
                (None, None) => check_text("docs/rules.ladder", text.as_str()).diagnostics,
            };
            let produced: BTreeSet<&str> = diagnostics.iter().map(|d| d.code()).collect();
            assert!(produced.contains(code.as_str()), "{page}: the example of {code} produces {produced:?}:\n{text}");
        }
    }
}

/// What `ladder sql` says of a rule file (after the dialect's name on its first line) that checks.
fn sql_problems(block: &str) -> Vec<ladder::diag::Diagnostic> {
    use clap::ValueEnum;
    let (dialect, rules) = block.split_once('\n').unwrap_or_default();
    let dialect = ladder::sql::Dialect::from_str(dialect.trim(), false).expect("a dialect's name");
    let checked = check_text("docs/rules.ladder", rules);
    assert!(!checked.has_errors(), "a ```ladder-sql block must check:\n{rules}");
    let options = ladder::sql::Options { dialect, table: "t", as_of: None, view: None };
    ladder::sql::compile(&checked.program, &options).err().unwrap_or_default()
}

#[test]
fn every_section_has_an_example() {
    for (page, doc) in DOCS {
        let with_examples: BTreeSet<String> = examples(doc).into_iter().map(|(code, _)| code).collect();
        for code in documented(doc) {
            assert!(with_examples.contains(&code), "{page}: {code} has no ```ladder example");
        }
    }
}

#[test]
fn every_code_in_the_source_is_documented_and_no_other() {
    let emitted = emitted();
    assert!(emitted.len() >= 25, "only {} codes found in src/", emitted.len());
    for (page, doc) in DOCS {
        let documented = documented(doc);
        let missing: Vec<&String> = emitted.difference(&documented).collect();
        assert!(missing.is_empty(), "codes without a section in {page}: {missing:?}");
        let stale: Vec<&String> = documented.difference(&emitted).collect();
        assert!(stale.is_empty(), "sections in {page} for codes the source no longer emits: {stale:?}");
    }
}
