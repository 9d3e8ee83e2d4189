//! Defects the campaigns of issue 14 found that are being fixed on other branches. The
//! generators still produce them; until the fixes merge, an input of a known class may panic in
//! the step named here without failing the case. `LADDER_FUZZ_STRICT=1` turns the tolerance off
//! (to see whether a fix holds); when the fixes are merged, delete the class here.

use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

fn strict() -> bool {
    std::env::var("LADDER_FUZZ_STRICT").is_ok_and(|v| v == "1")
}

/// Whether a failure of the known `class` is let pass (it is one, and not strict).
pub fn tolerated(class: Option<&'static str>) -> bool {
    if let Some(class) = class.filter(|_| !strict()) {
        eprintln!("fuzz: tolerated a known defect ({class})");
        return true;
    }
    false
}

/// Runs `f`. A panic fails the case unless `class` names a known defect (and not strict): then
/// `None`.
pub fn guard<T>(class: Option<&'static str>, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(_) if tolerated(class) => None,
        Err(e) => resume_unwind(e),
    }
}

/// The known class of `fmt` failure this rule text may hit.
pub fn fmt(text: &str) -> Option<&'static str> {
    let odd_space = text.contains(['\u{a0}', '\u{85}', '\u{2028}']);
    let brackets = text.chars().filter(|c| "([{（［｛".contains(*c)).count();
    if odd_space && text.chars().any(|c| !c.is_ascii()) {
        Some("fmt: U+00A0/U+0085/U+2028 with a non-ASCII comment")
    } else if text.contains("\\\"") && brackets >= 65 {
        Some("fmt: \\\" with 65 or more brackets")
    } else if text.contains('\u{feff}') {
        Some("U+FEFF inside `at least N of`")
    } else {
        None
    }
}

/// The known class of data-reading defect these bytes may hit.
pub fn data(bytes: &[u8]) -> Option<&'static str> {
    let bom_inside = bytes.windows(3).skip(1).any(|w| w == b"\xEF\xBB\xBF");
    bom_inside.then_some("U+FEFF at a record start")
}

/// Two results of the program with one column name (two ladders' outputs, an output named like a
/// score, a ladder, `NAME_label` or `error`): `check` passes it, `run` refuses it as if the data
/// had the column. Found by these campaigns, not yet fixed; the run's refusal is tolerated.
pub fn result_clash(program: &ladder::ir::Program) -> Option<&'static str> {
    let mut names = ladder::run::result_headers(program, true);
    names.extend(program.fields.iter().map(|f| f.column.clone()));
    names.sort();
    let clash = names.windows(2).any(|w| w[0] == w[1]);
    clash.then_some("two results with one column name: check passes, run refuses")
}
