//! Mutations of rule text: deletions, duplications, swaps, byte flips, insertions of odd Unicode
//! (no-break space, NEL, line separator, byte-order mark), long lines, deep nesting and huge
//! numbers. Positions are fractions of the length, so a mutation shrinks with its text.

use proptest::prelude::*;

/// Pieces inserted whole.
const PIECES: &[&str] = &[
    "\u{a0}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{3000}",
    "\u{200b}",
    "\u{0}",
    "\r",
    "\t",
    "# 注释 ü\n",
    "#\u{a0}é\n",
    "\"",
    "\\\"",
    "`",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    "，",
    "、",
    "：",
    "\n",
    " and ",
    " 且 ",
    " or ",
    " not ",
    "at least 1 of ",
    "至少 2 项 ",
    "99999999999999999999999999999999",
    "1e308",
    "1.7976931348623157e309",
    "-0",
    "100000000亿",
    "9999-12-31",
    "0000-01-01",
    "4000000000 days",
    "percentile(",
    "rank(",
    "today",
    "*",
    "->",
    "🙂",
    "é",
];

#[derive(Debug, Clone)]
pub enum Edit {
    Delete(f64, f64),
    Duplicate(f64, f64),
    Swap(f64, f64, f64),
    Insert(f64, &'static str),
    /// XOR a byte; the text is read back lossily, as a file with a bad byte would be.
    Flip(f64, u8),
    /// A piece repeated: a long line or deep nesting.
    Repeat(f64, &'static str, u16),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let at = || 0.0..1.0f64;
    let len = || 0.0..0.1f64;
    prop_oneof![
        1 => (at(), len()).prop_map(|(a, l)| Edit::Delete(a, l)),
        1 => (at(), len()).prop_map(|(a, l)| Edit::Duplicate(a, l)),
        1 => (at(), at(), len()).prop_map(|(a, b, l)| Edit::Swap(a, b, l)),
        3 => (at(), prop::sample::select(PIECES)).prop_map(|(a, t)| Edit::Insert(a, t)),
        1 => (at(), any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        1 => (at(), prop::sample::select(&["(", "[", "not ", "any { ", "x", "很长", "1 + ", "\u{a0}"][..]), 1..400u16)
            .prop_map(|(a, t, n)| Edit::Repeat(a, t, n)),
    ]
}

/// The char boundary nearest below `fraction` of the text.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut i = ((text.len() as f64) * fraction) as usize;
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i.min(text.len())
}

pub fn apply(text: &mut String, e: &Edit) {
    let range = |text: &str, a: f64, l: f64| {
        let start = boundary(text, a);
        let end = boundary(text, (a + l).min(1.0)).max(start);
        start..end
    };
    match *e {
        Edit::Delete(a, l) => {
            let r = range(text, a, l);
            text.replace_range(r, "");
        }
        Edit::Duplicate(a, l) => {
            let r = range(text, a, l);
            let piece = text[r.clone()].to_string();
            text.insert_str(r.end, &piece);
        }
        Edit::Swap(a, b, l) => {
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            let (r1, r2) = (range(text, first, l), range(text, second, l));
            if r1.end <= r2.start {
                let (p1, p2) = (text[r1.clone()].to_string(), text[r2.clone()].to_string());
                text.replace_range(r2, &p1);
                text.replace_range(r1, &p2);
            }
        }
        Edit::Insert(a, t) => text.insert_str(boundary(text, a), t),
        Edit::Flip(a, b) if !text.is_empty() => {
            let mut bytes = std::mem::take(text).into_bytes();
            let i = (((bytes.len() - 1) as f64) * a) as usize;
            bytes[i] ^= b.max(1);
            *text = String::from_utf8_lossy(&bytes).into_owned();
        }
        Edit::Flip(..) => {}
        Edit::Repeat(a, t, n) => text.insert_str(boundary(text, a), &t.repeat(n as usize)),
    }
}

/// A text after its edits.
pub fn mutated(base: &str, edits: &[Edit]) -> String {
    let mut text = base.to_string();
    edits.iter().for_each(|e| apply(&mut text, e));
    text
}
