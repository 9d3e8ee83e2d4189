//! The docs never lie: every ```ladder block in docs/, docs/zh/ and README.md checks without errors,
//! and every ```ladder-error block has at least one error. (docs/errors.md and its Chinese twin
//! docs/zh/错误参考.md have their own test.)

use ladder::check::check_text;
use std::path::Path;

/// `(info string, first line number, code)` of every fenced block.
fn blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_string(), i + 2, String::new())),
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some((_, _, code)), None) => {
                code.push_str(line);
                code.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

#[test]
fn ladder_blocks_in_the_docs_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["docs", "docs/zh"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    files.push(root.join("README.md"));
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "md") && !p.ends_with("errors.md") && !p.ends_with("错误参考.md")
    });
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (info, line, code) in blocks(&text) {
            let at = format!("{}:{line}", file.display());
            // Blocks are checked as files in rules/, so `use` paths resolve like the shipped ones.
            let path = root.join("rules/doc-example.ladder");
            let checked_block = check_text(&path.to_string_lossy(), code.as_str());
            let errors: Vec<_> = checked_block
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.text(ladder::diag::Lang::En).message)
                .collect();
            match info.as_str() {
                "ladder" => {
                    assert!(errors.is_empty(), "{at}: a ```ladder block has errors: {errors:?}");
                    checked += 1;
                }
                "ladder-error" => {
                    assert!(!errors.is_empty(), "{at}: a ```ladder-error block has no error");
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    assert!(checked >= 20, "only {checked} blocks found");
}
