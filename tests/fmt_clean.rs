//! Issue 14: `ladder fmt` on files that check clean but are written with what fuzzing found
//! troublesome — Unicode spaces and line separators in comments, U+FEFF between words, escaped
//! quotes and long runs of brackets in texts. For every such file that checks without errors,
//! fmt must not panic, its output must check without errors, and formatting again changes nothing.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Characters that are not the grammar's whitespace but look or act like it, and the quoting and
/// bracket characters a pre-scan might count.
const NOISE: &[&str] = &[
    "a", "中", "é", "\u{a0}", "\u{85}", "\u{2028}", "\u{2029}", "\u{feff}", "\u{3000}", "\"", "\\", "(", ")", "{", "}",
    "[", "#", "`", "、", "“", " ",
];

fn noise() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(NOISE), 0..8).prop_map(|v| v.concat())
}

/// A text's contents, quotes and backslashes escaped, sometimes ending in a long run of brackets.
fn text() -> impl Strategy<Value = String> {
    (noise(), 0usize..4, 0usize..90).prop_map(|(n, bracket, run)| {
        let escaped = n.replace('\\', "\\\\").replace('"', "\\\"");
        let brackets = ["", "(", "{", "["][bracket].repeat(run);
        format!("\"{escaped}\\\"{brackets}\"")
    })
}

/// Whitespace of the grammar between two words, sometimes a comment to the end of the line.
fn gap() -> impl Strategy<Value = String> {
    let plain = prop::sample::select(vec![" ", "  ", "\t", "\u{3000}", "\u{feff}", " \u{feff} ", "\n    "]);
    prop_oneof![
        4 => plain.prop_map(String::from),
        1 => noise().prop_map(|n| format!(" # {n}\n    ")),
    ]
}

/// Comment lines before the first declaration, each perhaps indented with a grammar space.
fn lead() -> impl Strategy<Value = String> {
    let line =
        (prop::sample::select(vec!["", " ", "\u{3000}", "\u{feff}"]), noise()).prop_map(|(i, n)| format!("{i}#{n}\n"));
    prop::collection::vec(line, 0..3).prop_map(|v| v.concat())
}

fn file() -> impl Strategy<Value = String> {
    let gaps = prop::collection::vec(gap(), 12);
    let texts = prop::collection::vec(text(), 4);
    let words = (any::<bool>(), prop::sample::select(vec!["1", "2", "１"]), 0usize..70);
    (lead(), gaps, texts, words).prop_map(|(lead, g, t, (chinese, n, depth))| {
        let at_least = match chinese {
            true => format!("至少{}{n}{}项", g[0], g[1]),
            false => format!("at{}least{}{n}{}of", g[0].replace('\n', " "), g[1], g[2]),
        };
        let nested = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        format!(
            "{lead}ladder {}\n\nfields {{\n  客户: text key\n  x: bool\n  y: bool\n  t: text\n}}\n\ngrades 等级 {{\n  \
             A {} if{}{at_least}{}{{{}x,{}y{}}}\n  B {} if t = {}{}and{}{nested}\n  C \"c\" otherwise\n}}\n",
            t[0], t[1], g[3], g[4], g[5], g[6], g[7], t[2], t[3], g[8], g[9]
        )
    })
}

/// Whether `text` checks without errors.
fn clean(text: &str) -> bool {
    !ladder::check::check_text("clean.ladder", text).has_errors()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_file_that_checks_clean_formats_to_one_that_checks_clean(text in file()) {
        if !clean(&text) {
            return Ok(());
        }
        let once = common::assert_fmt_promises("clean.ladder", &text);
        prop_assert!(clean(&once), "formatted file has errors:\n{once}\n--- from ---\n{text}");
    }
}

#[test]
fn most_generated_files_check_clean() {
    // The property above is empty for a file with errors: make sure it is rarely empty.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let files: Vec<String> = (0..100).map(|_| file().new_tree(&mut runner).unwrap().current()).collect();
    let clean_files = files.iter().filter(|f| clean(f)).count();
    assert!(clean_files >= 40, "only {clean_files} of 100 generated files check clean:\n{}", files[0]);
}
