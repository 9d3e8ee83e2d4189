//! English for why a test's record got other levels than expected, and for test tables that
//! cannot be used or look wrong.

use crate::diag::styled::Styled;
use crate::testing::problem::{Explanation, TableProblem, TableWarning};
use crate::testing::why::{Fired, First, NotFired, Reason, Why};
use crate::testing::EXPECT;

/// The explanation as indented lines, each ending in a newline.
pub fn explanation(x: &Explanation) -> String {
    x.0.iter().map(why).collect()
}

fn why(w: &Why) -> String {
    match w {
        Why::Ladder { decided, expected } => {
            format!("why: {decided}\n{}", expected.as_ref().map(not_fired).unwrap_or_default())
        }
        Why::Moves { set, current, fired, expected } => {
            let mut out = match fired {
                Some(m) => {
                    let phrases = m.deciding.as_ref().map_or("otherwise".into(), |nodes| {
                        nodes.iter().map(|n| n.phrase(crate::diag::Lang::En)).collect::<Vec<_>>().join(" ")
                    });
                    format!("why: {set} moves {current} -> {} by the move at {}: {phrases}\n", m.to, m.place)
                }
                None => format!("why: {set} stays at {current}: no move from {current} fires\n"),
            };
            expected.iter().for_each(|n| out.push_str(&not_fired(n)));
            out
        }
    }
}

fn not_fired(n: &NotFired) -> String {
    let what = match &n.what {
        Fired::Level(level) => level.clone(),
        Fired::Move { stage, place } => format!("{stage} (the move at {place})"),
    };
    match &n.reason {
        Reason::Otherwise(a) => format!("why not {what}: it is the `otherwise` rule, and {a} above it fired first\n"),
        Reason::TrueButFirst(first) => {
            let first = first.as_ref().map_or("another rule fired first".into(), first_words);
            format!("why not {what}: its condition is true, but {first}\n")
        }
        Reason::Tree(node, first) => {
            let mut tree = Styled::default();
            node.render_into(crate::diag::Lang::En, 1, &mut tree);
            let and = first.as_ref().map(|f| format!("  (and {})\n", first_words(f))).unwrap_or_default();
            format!("why not {what}:\n{}{and}", tree.text)
        }
        Reason::Unconditional(first) => {
            format!("why not {what}: {}\n", first.as_ref().map(first_words).unwrap_or_default())
        }
        Reason::NoMove { set, current } => format!("why not {what}: no move of {set} leads from {current} to {what}\n"),
    }
}

fn first_words(f: &First) -> String {
    match f {
        First::Rule(level) => format!("{level} above it fired first"),
        First::Move(place) => format!("the move at {place} fired first"),
    }
}

/// The words of why a test table cannot be used.
pub fn table_problem(p: &TableProblem) -> String {
    match p {
        TableProblem::Unreadable { path, reason } => format!("cannot read {path}: {reason}"),
        TableProblem::Empty { path } => format!("{path} is empty: a header row naming the columns is required"),
        TableProblem::DuplicateHeader { path, header, first, second } => {
            format!("{path}: the header \"{header}\" appears twice (columns {first} and {second})")
        }
        TableProblem::UnknownExpect { path, column, suggestion, columns } => {
            let hint = match suggestion {
                Some(c) => format!("did you mean \"{EXPECT}{c}\"?"),
                None => format!(
                    "the columns can be: {}",
                    columns.iter().map(|n| format!("{EXPECT}{n}")).collect::<Vec<_>>().join(", ")
                ),
            };
            format!("{path}: the column \"{column}\" names no ladder or transition set; {hint}")
        }
        TableProblem::NoExpect { path, example } => {
            format!("{path} has no expect_ column; add one such as \"{example}\" holding the level each row should get")
        }
        TableProblem::HeaderEncoding { path, encoding } => {
            format!("{path}: the header is not valid text in the encoding {encoding}; try --encoding gbk")
        }
    }
}

/// The words of a test table warning.
pub fn table_warning(w: &TableWarning) -> String {
    match w {
        TableWarning::NotAField { path, column, suggestion } => {
            format!("{path}: the column \"{column}\" is not a field and is ignored; did you mean \"{suggestion}\"?")
        }
    }
}
