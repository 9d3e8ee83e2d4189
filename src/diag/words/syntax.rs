//! The words of parse problems: what the grammar expected, slips, unclosed brackets, deep nesting.

use super::{list, Text};
use crate::diag::problem::{Close, Expected, Found, OperatorFix, Syntax};
use crate::diag::Voice;
use crate::t;

/// A `ladder::syntax` problem.
pub(super) fn syntax(v: Voice, s: &Syntax) -> Text {
    match s {
        Syntax::Expected { expected, found } => {
            let expected = expected_words(v, expected);
            let (message, label) = match found {
                Found::Token(token) => (t!(v, "expected", expected, token), t!(v, "expected.label", token)),
                Found::EndOfLine => (t!(v, "expected.eol", expected), t!(v, "expected.label.eol")),
            };
            Text::new(message, label).help(t!(v, "expected.help", expected))
        }
        Syntax::Operator { written, fix } => {
            Text::new(t!(v, "operator", written), t!(v, "operator.label")).help(operator_fix(v, *fix, written))
        }
        Syntax::SpacedSuffix { suffix, digits } => Text::new(
            t!(v, "spaced-suffix", suffix),
            t!(v, "spaced-suffix.label"),
        )
        .help(t!(v, "spaced-suffix.help", suffix, digits)),
        Syntax::IsYesNo { field, token, yes } => {
            let help = match yes {
                true => t!(v, "is-yes-no.help.yes", field, token),
                false => t!(v, "is-yes-no.help.no", field, token),
            };
            Text::new(t!(v, "is-yes-no"), t!(v, "is-yes-no.label")).help(help)
        }
        Syntax::UnitTypo { word, unit } => {
            Text::new(t!(v, "unit-typo", word), t!(v, "unit-typo.label")).help(t!(v, "unit-typo.help", unit))
        }
        Syntax::StrayWord { word } => {
            Text::new(t!(v, "stray-word", word), t!(v, "stray-word.label")).help(t!(v, "stray-word.help"))
        }
        Syntax::UnquotedLabel { token } => Text::new(t!(v, "unquoted-label", token), t!(v, "unquoted-label.label"))
            .help(t!(v, "unquoted-label.help", token)),
        Syntax::Misspelled { token, word } => {
            Text::new(t!(v, "misspelled", token), t!(v, "misspelled.label")).help(t!(v, "did-you-mean", name = word))
        }
        Syntax::MissingIf { token } => {
            Text::new(t!(v, "missing-if", token), t!(v, "missing-if.label")).help(t!(v, "missing-if.help"))
        }
        Syntax::NotAType { token, suggestion } => {
            let types = t!(v, "not-a-type.help");
            let help = match suggestion {
                Some(name) => super::then(v, t!(v, "did-you-mean", name), types),
                None => types,
            };
            Text::new(t!(v, "not-a-type", token), t!(v, "not-a-type.label")).help(help)
        }
        Syntax::NotADeclaration { token, suggestion } => {
            let help = match suggestion {
                Some(name) => t!(v, "did-you-mean", name),
                None => t!(v, "not-a-declaration.help"),
            };
            let declaration = t!(v, "expected.declaration");
            Text::new(t!(v, "not-a-declaration", declaration, token), t!(v, "not-a-declaration.label")).help(help)
        }
        Syntax::ReservedWord { token } => {
            // A name in backticks is no fix for a Chinese keyword: it would read like the keyword.
            let help = match token.is_ascii() {
                true => t!(v, "reserved-word.help", token),
                false => t!(v, "reserved-word.help.rename", token),
            };
            Text::new(t!(v, "reserved-word", token), t!(v, "reserved-word.label")).help(help)
        }
        Syntax::Unexpected { found } => {
            let message = match found {
                Found::Token(token) => t!(v, "unexpected", token),
                Found::EndOfLine => t!(v, "unexpected.eol"),
            };
            Text::new(message, t!(v, "unexpected.label")).help(t!(v, "unexpected.help"))
        }
        Syntax::LeftOver { found } => {
            let message = match found {
                Found::Token(token) => t!(v, "left-over", token),
                Found::EndOfLine => t!(v, "unexpected.eol"),
            };
            Text::new(message, t!(v, "left-over.label")).help(t!(v, "left-over.help"))
        }
        Syntax::SlashComment { text } => {
            Text::new(t!(v, "slash-comment"), t!(v, "slash-comment.label")).help(t!(v, "slash-comment.help", text))
        }
        Syntax::WrongQuotes { written, text } => Text::new(t!(v, "wrong-quotes", written), t!(v, "wrong-quotes.label"))
            .help(t!(v, "wrong-quotes.help", text)),
        Syntax::NotBeforeTest { subject, test } => Text::new(
            t!(v, "not-before-test", subject, test),
            t!(v, "not-before-test.label"),
        )
        .help(t!(v, "not-before-test.help", subject, test)),
        Syntax::Amount { written, fix } => {
            Text::new(t!(v, "amount", written), t!(v, "amount.label")).help(t!(v, "amount.help", fix))
        }
        Syntax::EndMark { token } => {
            Text::new(t!(v, "end-mark", token), t!(v, "end-mark.label")).help(t!(v, "end-mark.help"))
        }
        Syntax::ChoicesNeedCommas { choices } => Text::new(
            t!(v, "choices-need-commas"),
            t!(v, "choices-need-commas.label"),
        )
        .help(t!(v, "choices-need-commas.help", choices)),
        Syntax::NameStartsWithDigit { token } => Text::new(
            t!(v, "name-starts-with-digit", token),
            t!(v, "name-starts-with-digit.label"),
        )
        .help(t!(v, "name-starts-with-digit.help", token)),
        Syntax::ExpectedColon { found } => {
            let message = match found {
                Found::Token(token) => t!(v, "expected-colon", token),
                Found::EndOfLine => t!(v, "expected-colon.eol"),
            };
            Text::new(message, t!(v, "expected-colon.label")).help(t!(v, "expected-colon.help"))
        }
    }
}

/// A `ladder::unclosed` problem.
pub(super) fn unclosed(v: Voice, open: &str, close: Close) -> Text {
    let (label, help) = match close {
        Close::Brace => (t!(v, "unclosed.label"), t!(v, "unclosed.help.brace")),
        Close::Paren => (t!(v, "unclosed.label"), t!(v, "unclosed.help.paren")),
        Close::Bracket => (t!(v, "unclosed.label"), t!(v, "unclosed.help.bracket")),
        Close::Block => (t!(v, "unclosed.label"), t!(v, "unclosed.help.block")),
        Close::Quote(close) => (t!(v, "unclosed.label.quote"), t!(v, "unclosed.help.quote", close)),
    };
    Text::new(t!(v, "unclosed", open), label).help(help)
}

/// A `ladder::too_deep` problem.
pub(super) fn too_deep(v: Voice, max_depth: usize, max_parts: usize) -> Text {
    Text::new(t!(v, "too-deep"), t!(v, "too-deep.label")).help(t!(v, "too-deep.help", max_depth, max_parts))
}

pub(super) fn too_deep_names(v: Voice, name: &str, max: usize) -> Text {
    Text::new(t!(v, "too-deep-names", name, max), t!(v, "too-deep.label")).help(t!(v, "too-deep-names.help"))
}

fn expected_words(v: Voice, expected: &[Expected]) -> String {
    let words: Vec<String> = expected.iter().map(|e| expected_word(v, *e)).collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => t!(v, "expected.either", init = list(v, init), last),
    }
}

/// What a grammar rule stands for, in a manager's words.
fn expected_word(v: Voice, e: Expected) -> String {
    use Expected::*;
    match e {
        Condition => t!(v, "expected.condition"),
        Value => t!(v, "expected.value"),
        Name => t!(v, "expected.name"),
        Text => t!(v, "expected.text"),
        Comparison => t!(v, "expected.comparison"),
        AndOr => t!(v, "expected.and-or"),
        IfOrOtherwise => t!(v, "expected.if-or-otherwise"),
        Mark(m) => format!("`{m}`"),
        Type => t!(v, "expected.type"),
        Field => t!(v, "expected.field"),
        GradeRule => t!(v, "expected.grade-rule"),
        Move => t!(v, "expected.move"),
        Declaration => t!(v, "expected.declaration"),
        EndOfDeclaration => t!(v, "expected.end-of-declaration"),
        From => t!(v, "expected.from"),
        Given => t!(v, "expected.given"),
        GivenValue => t!(v, "expected.given-value"),
        Expect => t!(v, "expected.expect"),
        Output => t!(v, "expected.output"),
        List => t!(v, "expected.list"),
        WholeNumber => t!(v, "expected.whole-number"),
        DurationUnit => t!(v, "expected.duration-unit"),
        Direction => t!(v, "expected.direction"),
        MemberName => t!(v, "expected.member-name"),
        Choice => t!(v, "expected.choice"),
        Of => t!(v, "expected.of"),
        In => t!(v, "expected.in"),
        SinceUntil => t!(v, "expected.since-until"),
    }
}

fn operator_fix(v: Voice, fix: OperatorFix, written: &str) -> String {
    match fix {
        OperatorFix::Arrow => t!(v, "operator.help.arrow", written),
        OperatorFix::And => t!(v, "operator.help.and", written),
        OperatorFix::Or => t!(v, "operator.help.or", written),
        OperatorFix::Not => t!(v, "operator.help.not", written),
        OperatorFix::SingleEquals => t!(v, "operator.help.single-equals", written),
        OperatorFix::AtLeast => t!(v, "operator.help.at-least", written),
        OperatorFix::AtMost => t!(v, "operator.help.at-most", written),
        OperatorFix::NotEqual => t!(v, "operator.help.not-equal", written),
    }
}
