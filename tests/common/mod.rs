//! What every formatted file must satisfy: idempotence, the same meaning, the same comments.

use ladder::check::check_text;

/// Formats `text` (the contents of `path`) and asserts the formatter's promises; returns the
/// formatted text.
pub fn assert_fmt_promises(path: &str, text: &str) -> String {
    let once = ladder::fmt::format(text).unwrap_or_else(|e| panic!("{path} does not parse: {e:?}"));
    let twice = ladder::fmt::format(&once).unwrap_or_else(|e| panic!("{path} formatted does not parse: {e:?}\n{once}"));
    assert_eq!(once, twice, "{path}: formatting is not idempotent");

    let (before, after) = (check_text(path, text), check_text(path, once.clone()));
    assert_eq!(before.program.meaning(), after.program.meaning(), "{path}: formatting changed the meaning\n{once}");
    // Messages quote the source as typed (`a＝b`), so only the kinds of diagnostics must agree.
    let kinds = |c: &ladder::check::Checked| c.diagnostics.iter().map(|d| (d.code, d.severity)).collect::<Vec<_>>();
    assert_eq!(kinds(&before), kinds(&after), "{path}: formatting changed the diagnostics\n{once}");

    let mut comments = ladder::fmt::comments(text).expect("parses");
    let mut kept = ladder::fmt::comments(&once).expect("parses");
    comments.sort();
    kept.sort();
    assert_eq!(comments, kept, "{path}: comments lost or changed\n{once}");
    // Independently of the comment finder: every `#` (in comments, texts and quoted names) stays.
    assert_eq!(text.matches('#').count(), once.matches('#').count(), "{path}: a `#` went missing\n{once}");
    once
}
