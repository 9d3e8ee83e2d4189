//! The words of why a test's record got other levels than expected, and of test tables that
//! cannot be used or look wrong.

use super::list;
use crate::diag::styled::Styled;
use crate::diag::Lang;
use crate::t;
use crate::testing::problem::{Explanation, TableProblem, TableWarning};
use crate::testing::why::{Fired, First, NotFired, Reason, Why};
use crate::testing::EXPECT;

/// The explanation as indented lines, each ending in a newline.
pub fn explanation(lang: Lang, x: &Explanation) -> String {
    x.0.iter().map(|w| why(lang, w)).collect()
}

fn why(lang: Lang, w: &Why) -> String {
    match w {
        Why::Ladder { decided, expected } => {
            let not = expected.as_ref().map(|n| not_fired(lang, n)).unwrap_or_default();
            let decided = crate::explain::decided_text(lang, decided);
            format!("{}\n{not}", t!(lang, "why.decided", decided))
        }
        Why::Moves { set, current, fired, expected } => {
            let mut out = match fired {
                Some(m) => {
                    let phrases = m.deciding.as_ref().map_or_else(
                        || t!(lang, "why.otherwise"),
                        |nodes| nodes.iter().map(|n| n.phrase(lang)).collect::<Vec<_>>().join(" "),
                    );
                    t!(lang, "why.moves", set, current, to = m.to, place = m.place, phrases)
                }
                None => t!(lang, "why.stays", set, current),
            };
            out.push('\n');
            expected.iter().for_each(|n| out.push_str(&not_fired(lang, n)));
            out
        }
    }
}

fn not_fired(lang: Lang, n: &NotFired) -> String {
    let what = match &n.what {
        Fired::Level(level) => level.clone(),
        Fired::Move { stage, place } => t!(lang, "why.move", stage, place),
    };
    let first_or = |first: &Option<First>, or: String| first.as_ref().map_or(or, |f| first_words(lang, f));
    match &n.reason {
        Reason::Otherwise(first) => t!(lang, "why-not.otherwise", what, first) + "\n",
        Reason::TrueButFirst(first) => {
            let first = first_or(first, t!(lang, "why-not.another-first"));
            t!(lang, "why-not.true-but-first", what, first) + "\n"
        }
        Reason::Tree(node, first) => {
            let mut tree = Styled::default();
            node.render_into(lang, 1, &mut tree);
            let and = first.as_ref().map(|f| format!("  {}\n", t!(lang, "why-not.and", first = first_words(lang, f))));
            format!("{}\n{}{}", t!(lang, "why-not.tree", what), tree.text, and.unwrap_or_default())
        }
        Reason::Unconditional(first) => {
            let first = first_or(first, String::new());
            format!("{}\n", t!(lang, "why-not.unconditional", what, first))
        }
        Reason::NoMove { set, current } => t!(lang, "why-not.no-move", what, set, current) + "\n",
    }
}

fn first_words(lang: Lang, f: &First) -> String {
    match f {
        First::Rule(level) => t!(lang, "why.first-rule", level),
        First::Move(place) => t!(lang, "why.first-move", place),
    }
}

/// The words of why a test table cannot be used.
pub fn table_problem(lang: Lang, p: &TableProblem) -> String {
    match p {
        TableProblem::Unreadable { path, reason } => t!(lang, "table.unreadable", path, reason),
        TableProblem::Empty { path } => t!(lang, "table.empty", path),
        TableProblem::DuplicateHeader { path, header, first, second } => {
            t!(lang, "table.duplicate-header", path, header, first, second)
        }
        TableProblem::UnknownExpect { path, column, suggestion, columns } => {
            let hint = match suggestion {
                Some(c) => t!(lang, "table.unknown-expect.did-you-mean", name = format!("{EXPECT}{c}")),
                None => {
                    let columns: Vec<String> = columns.iter().map(|n| format!("{EXPECT}{n}")).collect();
                    t!(lang, "table.unknown-expect.columns", columns = list(lang.into(), &columns))
                }
            };
            t!(lang, "table.unknown-expect", path, column, hint)
        }
        TableProblem::NoExpect { path, example } => t!(lang, "table.no-expect", path, example),
        TableProblem::HeaderEncoding { path, encoding } => t!(lang, "table.header-encoding", path, encoding),
    }
}

/// The words of a test table warning.
pub fn table_warning(lang: Lang, w: &TableWarning) -> String {
    match w {
        TableWarning::NotAField { path, column, suggestion } => t!(lang, "table.not-a-field", path, column, suggestion),
    }
}
