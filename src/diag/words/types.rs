//! The words of problems with kinds of value: mismatches, conditions, constants, dates, groups.

use super::Text;
use crate::diag::problem::{
    CondExample, InsideHint, KindOp, Mismatch, Pair, PairHint, TypeName, Verb, Wanted, WantedHint,
};
use crate::diag::Voice;
use crate::t;

/// The words for a kind of value: "text", "a number", "a level of 等级", …
pub(super) fn type_name(v: Voice, ty: &TypeName) -> String {
    match ty {
        TypeName::Bool => t!(v, "type.bool"),
        TypeName::Number => t!(v, "type.number"),
        TypeName::Money => t!(v, "type.money"),
        TypeName::Text => t!(v, "type.text"),
        TypeName::Date => t!(v, "type.date"),
        TypeName::Duration => t!(v, "type.duration"),
        TypeName::Choice(field) => t!(v, "type.choice", field),
        TypeName::Level(ladder) => t!(v, "type.level", ladder),
        TypeName::Unknown => t!(v, "type.unknown"),
    }
}

fn this_is(v: Voice, ty: &TypeName) -> String {
    t!(v, "type.this-is", ty = type_name(v, ty))
}

/// A `ladder::type_mismatch` problem.
pub(super) fn mismatch(v: Voice, m: &Mismatch) -> Text {
    match m {
        Mismatch::IsOnValue { subject, member, ty } => is_on_value(v, subject.as_deref(), member, ty),
        Mismatch::ListItem { item, want, got, unquote } => {
            let help = match unquote {
                Some(n) => t!(v, "unquote.help", n),
                None => t!(v, "list-item.help", want = type_name(v, want)),
            };
            let msg = t!(v, "list-item", item, want = type_name(v, want), got = type_name(v, got));
            Text::new(msg, this_is(v, got)).help(help)
        }
        Mismatch::Expected { src, want, got, hint } => {
            let want = wanted(v, *want);
            let help = match hint {
                WantedHint::Plain => t!(v, "expected.help", expected = &want),
                WantedHint::Window => t!(v, "mismatch.help.window", src),
                WantedHint::Dashes { year, month, day } => t!(v, "mismatch.help.dashes", year, month, day),
                WantedHint::Unit => t!(v, "mismatch.help.unit", src),
            };
            let msg = t!(v, "mismatch.expected", want, src, got = type_name(v, got));
            Text::new(msg, this_is(v, got)).help(help)
        }
        Mismatch::WrongKind { src, got, op } => {
            let got_words = type_name(v, got);
            let (msg, help) = match op {
                KindOp::Negate => (t!(v, "negate", src, got = got_words), t!(v, "negate.help")),
                KindOp::LooksInside { starts_with, hint } => {
                    let msg = match starts_with {
                        true => t!(v, "starts-with", src, got = got_words),
                        false => t!(v, "contains", src, got = got_words),
                    };
                    (msg, inside_hint(v, *hint))
                }
            };
            Text::new(msg, this_is(v, got)).help(help)
        }
        Mismatch::Pair(p) => pair(v, p),
        Mismatch::Score { name, got } => {
            Text::new(t!(v, "score", name, got = type_name(v, got)), this_is(v, got)).help(t!(v, "score.help"))
        }
    }
}

fn is_on_value(v: Voice, subject: Option<&str>, member: &str, ty: &TypeName) -> Text {
    let name = subject.map_or_else(|| t!(v, "this-value"), String::from);
    let help = match ty {
        TypeName::Text => t!(v, "is-on-value.help.text", name, member),
        TypeName::Bool => t!(v, "is-on-value.help.bool", name),
        TypeName::Number
        | TypeName::Money
        | TypeName::Date
        | TypeName::Duration
        | TypeName::Choice(_)
        | TypeName::Level(_)
        | TypeName::Unknown => t!(v, "is-on-value.help.compare", name),
    };
    let msg = match subject {
        Some(subject) => t!(v, "is-on-value", subject, ty = type_name(v, ty)),
        None => t!(v, "is-on-value.this", ty = type_name(v, ty)),
    };
    Text::new(msg, t!(v, "is-on-value.label")).help(help)
}

fn wanted(v: Voice, w: Wanted) -> String {
    match w {
        Wanted::TimeDate => t!(v, "wanted.time-date"),
        Wanted::TimeLength => t!(v, "wanted.time-length"),
        Wanted::TimeLimit => t!(v, "wanted.time-limit"),
        Wanted::DaysDate => t!(v, "wanted.days-date"),
        Wanted::RankArg => t!(v, "wanted.rank-arg"),
    }
}

fn inside_hint(v: Voice, hint: InsideHint) -> String {
    match hint {
        InsideHint::Choice => t!(v, "inside.help.choice"),
        InsideHint::Amount => t!(v, "inside.help.amount"),
        InsideHint::Other => t!(v, "inside.help.other"),
    }
}

fn pair(v: Voice, p: &Pair) -> Text {
    let ((a, ta), (b, tb)) = (&p.a, &p.b);
    let (ta, tb) = (type_name(v, ta), type_name(v, tb));
    let help = match &p.hint {
        PairHint::DateArithmetic => t!(v, "pair.help.date-arithmetic"),
        PairHint::NotNumeric { src, ty } => t!(v, "pair.help.not-numeric", src, ty = type_name(v, ty)),
        PairHint::DateWithLength => t!(v, "pair.help.date-with-length"),
        PairHint::DaysSince { date, op, days } => t!(v, "pair.help.days-since", date, op, days),
        PairHint::Unquote(n) => t!(v, "unquote.help", n),
        PairHint::TextWithNumber => t!(v, "pair.help.text-with-number"),
        PairHint::DaysCount => t!(v, "pair.help.days-count"),
        PairHint::YesNo => t!(v, "pair.help.yes-no"),
        PairHint::SameKind => t!(v, "pair.help.same-kind"),
        PairHint::Unordered { ty } => t!(v, "pair.help.unordered", ty = type_name(v, ty)),
    };
    let msg = match p.verb {
        Verb::Subtract => t!(v, "pair.subtract", a, ta, b, tb),
        Verb::Divide => t!(v, "pair.divide", a, ta, b, tb),
        Verb::Compare => t!(v, "pair.compare", a, ta, b, tb),
        Verb::Add => t!(v, "pair.add", a, ta, b, tb),
        Verb::Multiply => t!(v, "pair.multiply", a, ta, b, tb),
    };
    Text::new(msg, t!(v, "pair.label", ta, tb)).help(help)
}

pub(super) fn not_a_condition(v: Voice, src: &str, ty: &TypeName, example: &CondExample) -> Text {
    let help = match example {
        CondExample::Amount => t!(v, "not-a-condition.help.amount", src),
        CondExample::Text => t!(v, "not-a-condition.help.text", src),
        CondExample::Date => t!(v, "not-a-condition.help.date", src),
        CondExample::Choice { member } => t!(v, "not-a-condition.help.choice", src, member),
        CondExample::Level { level } => t!(v, "not-a-condition.help.level", src, level),
        CondExample::Compare => t!(v, "not-a-condition.help.compare"),
    };
    Text::new(t!(v, "not-a-condition", src, ty = type_name(v, ty)), this_is(v, ty)).help(help)
}

pub(super) fn not_a_constant(v: Voice) -> Text {
    Text::new(t!(v, "not-a-constant"), t!(v, "not-a-constant.label")).help(t!(v, "not-a-constant.help"))
}

pub(super) fn unquoted_text(v: Voice, name: &str) -> Text {
    Text::new(t!(v, "unquoted-text", name), t!(v, "unquoted-text.label")).help(t!(v, "unquoted-text.help", name))
}

pub(super) fn bad_date(v: Voice, src: &str) -> Text {
    Text::new(t!(v, "bad-date", src), t!(v, "bad-date.label")).help(t!(v, "bad-date.help"))
}

pub(super) fn too_long(v: Voice, src: &str, max_years: u32) -> Text {
    Text::new(t!(v, "too-long", src, max_years), t!(v, "too-long.label")).help(t!(v, "too-long.help", max_years))
}

pub(super) fn number_too_large(v: Voice, src: &str) -> Text {
    Text::new(t!(v, "number-too-large", src), t!(v, "number-too-large.label")).help(t!(v, "number-too-large.help"))
}

pub(super) fn at_least_too_many(v: Voice, n: &str, zero: bool, count: usize) -> Text {
    let msg = match zero {
        true => t!(v, "at-least-zero"),
        false => t!(v, "at-least-too-many", n, count),
    };
    let help = t!(v, "at-least-too-many.help", max = count.max(1));
    Text::new(msg, t!(v, "at-least-too-many.label", count)).help(help)
}

pub(super) fn sql_cannot_express(v: Voice, dialect: &str, what: &crate::diag::SqlConstruct) -> Text {
    use crate::diag::SqlConstruct;
    match what {
        SqlConstruct::Number(number) => {
            Text::new(t!(v, "sql-number", number, dialect, scale = crate::sql::NUM_SCALE), t!(v, "sql-number.label"))
                .help(t!(v, "sql-number.help", scale = crate::sql::NUM_SCALE))
        }
        SqlConstruct::Duration => {
            Text::new(t!(v, "sql-duration", dialect), t!(v, "sql-duration.label")).help(t!(v, "sql-duration.help"))
        }
    }
}
