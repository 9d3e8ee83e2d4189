//! English for problems with kinds of value: mismatches, conditions, constants, dates, groups.

use super::Text;
use crate::diag::problem::{
    CondExample, InsideHint, KindOp, Mismatch, Pair, PairHint, TypeName, Verb, Wanted, WantedHint,
};

/// The words for a kind of value: "text", "a number", "a level of 等级", …
pub(super) fn type_name(t: &TypeName) -> String {
    match t {
        TypeName::Bool => "a yes/no condition".into(),
        TypeName::Number => "a number".into(),
        TypeName::Money => "money".into(),
        TypeName::Text => "text".into(),
        TypeName::Date => "a date".into(),
        TypeName::Duration => "a length of time".into(),
        TypeName::Choice(f) => format!("a choice of {f}"),
        TypeName::Level(l) => format!("a level of {l}"),
        TypeName::Unknown => "an unknown type".into(),
    }
}

fn this_is(t: &TypeName) -> String {
    format!("this is {}", type_name(t))
}

/// A `ladder::type_mismatch` problem.
pub(super) fn mismatch(m: &Mismatch) -> Text {
    match m {
        Mismatch::IsOnValue { subject, member, ty } => is_on_value(subject.as_deref(), member, ty),
        Mismatch::ListItem { item, want, got, unquote } => {
            let help = match unquote {
                Some(n) => format!("Write the number without quotes: `{n}`."),
                None => format!("Every value in the list must be {}, like the value before `in`.", type_name(want)),
            };
            let msg = format!("This list holds {}, but `{item}` is {}.", type_name(want), type_name(got));
            Text::new(msg, this_is(got)).help(help)
        }
        Mismatch::Expected { src, want, got, hint } => {
            let words = wanted(*want);
            let help = match hint {
                WantedHint::Plain => format!("Write {words} here."),
                WantedHint::Window => {
                    format!("`{src}` is a length of time; to test a window write `DATE within next {src}`.")
                }
                WantedHint::Dashes { year, month, day } => {
                    format!("Write the date with dashes: `{year}-{month}-{day}`.")
                }
                WantedHint::Unit => format!("Add a unit of time, as in `{src} days` or `{src}天`."),
            };
            Text::new(format!("Expected {words}, but `{src}` is {}.", type_name(got)), this_is(got)).help(help)
        }
        Mismatch::WrongKind { src, got, op } => {
            let (what, help) = kind_op(*op);
            Text::new(format!("{what}, but `{src}` is {}.", type_name(got)), this_is(got)).help(help)
        }
        Mismatch::Pair(p) => pair(p),
        Mismatch::Score { name, got } => {
            Text::new(format!("The score `{name}` must be a number, but this is {}.", type_name(got)), this_is(got))
                .help("A score is a sum such as `0.4 * 金额分 + 0.6 * 频次分`; use `let` for conditions.")
        }
    }
}

fn is_on_value(subject: Option<&str>, member: &str, ty: &TypeName) -> Text {
    let subject_words = subject.map_or_else(|| "this value".to_string(), |s| format!("`{s}`"));
    let name = subject_words.trim_matches('`');
    let help = match ty {
        TypeName::Text => format!("For text write `{name} = \"{member}\"`."),
        TypeName::Bool => format!("A yes/no field is a condition by itself: write `{name}` or `not {name}`."),
        TypeName::Number
        | TypeName::Money
        | TypeName::Date
        | TypeName::Duration
        | TypeName::Choice(_)
        | TypeName::Level(_)
        | TypeName::Unknown => format!("Compare it with `=`, as in `{name} = …`."),
    };
    let msg = format!("`is` names a choice of a `one of` field or a level, but {subject_words} is {}.", type_name(ty));
    Text::new(msg, "not a choice").help(help)
}

fn wanted(w: Wanted) -> &'static str {
    match w {
        Wanted::TimeDate => "a date such as `预计采购日期`",
        Wanted::TimeLength => "a length of time such as `2 months`",
        Wanted::TimeLimit => "a date such as `2026-11-23`",
        Wanted::DaysDate => "a date such as `最近购买日期`",
        Wanted::RankArg => "a number such as `购买金额` or `days since 最近购买日期`",
    }
}

fn kind_op(op: KindOp) -> (String, &'static str) {
    match op {
        KindOp::Negate => ("`-` makes a number negative".into(), "Put `-` before a number or an amount only."),
        KindOp::LooksInside { starts_with, hint } => {
            let what = if starts_with { "`starts with`" } else { "`contains`" };
            let help = match hint {
                InsideHint::Choice => "To test a choice write `反馈人 is 拍板人` or `反馈人 in [拍板人, 使用者]`.",
                InsideHint::Amount => "To test an amount, compare it: `年销售额 >= 100万`.",
                InsideHint::Other => "Use it on a text field such as `行业 contains \"制造\"`.",
            };
            (format!("{what} looks inside text"), help)
        }
    }
}

fn pair(p: &Pair) -> Text {
    let ((sa, ta), (sb, tb)) = (&p.a, &p.b);
    let (ta, tb) = (type_name(ta), type_name(tb));
    let help = match &p.hint {
        PairHint::DateArithmetic => {
            "A date moves by a length of time, as in `预计采购日期 + 30 days`; two dates subtract to a number of days.".to_string()
        }
        PairHint::NotNumeric { src, ty } => {
            format!("Arithmetic works on numbers and money only, and `{src}` is {}.", type_name(ty))
        }
        PairHint::DateWithLength => {
            "A date and a length of time do not compare; write `DATE within next 2 months` or `DATE before today + 2 months`.".to_string()
        }
        PairHint::Unquote(n) => format!("Write the number without quotes: `{n}`."),
        PairHint::TextWithNumber => {
            "Text and numbers do not compare; compare the number with a number such as `100万`.".to_string()
        }
        PairHint::DaysCount => {
            "To compare a number of days, write `days since DATE` or `days until DATE`; a date is written 2026-11-23.".to_string()
        }
        PairHint::YesNo => "A yes/no field is a condition by itself: write it alone, or with `not`.".to_string(),
        PairHint::SameKind => "Both sides must be the same kind of value.".to_string(),
    };
    let msg = match p.verb {
        Verb::Subtract => format!("Cannot subtract `{sb}` ({tb}) from `{sa}` ({ta})."),
        Verb::Divide => format!("Cannot divide `{sa}` ({ta}) by `{sb}` ({tb})."),
        Verb::Compare => format!("Cannot compare `{sa}` ({ta}) with `{sb}` ({tb})."),
        Verb::Add => format!("Cannot add `{sa}` ({ta}) and `{sb}` ({tb})."),
        Verb::Multiply => format!("Cannot multiply `{sa}` ({ta}) and `{sb}` ({tb})."),
    };
    Text::new(msg, format!("{ta} vs {tb}")).help(help)
}

pub(super) fn not_a_condition(src: &str, ty: &TypeName, example: &CondExample) -> Text {
    let example = match example {
        CondExample::Amount => format!("compare it, as in `{src} >= 100万`"),
        CondExample::Text => format!("compare it, as in `{src} = \"制造业\"`, or test `{src} is present`"),
        CondExample::Date => format!("test a window, as in `{src} within next 2 months`"),
        CondExample::Choice { member } => format!("name a choice, as in `{src} is {member}`"),
        CondExample::Level { level } => format!("name a level, as in `{src} is {level}`"),
        CondExample::Compare => "compare it with a value".to_string(),
    };
    Text::new(format!("`{src}` is {}, not a condition that is true or false.", type_name(ty)), this_is(ty))
        .help(format!("To use it as a condition, {example}."))
}

pub(super) fn not_a_constant() -> Text {
    Text::new("A list holds fixed values, not fields or calculations.", "not a fixed value")
        .help("Write the values themselves, such as [\"政府机关\", \"非营利机构\"].")
}

pub(super) fn unquoted_text(name: &str) -> Text {
    Text::new(format!("`{name}` is not a declared name; text in a list needs quotes."), "text without quotes")
        .help(format!("Write \"{name}\"."))
}

pub(super) fn bad_date(src: &str) -> Text {
    Text::new(format!("`{src}` is not a day in the calendar."), "no such day")
        .help("Check the month and day; dates are written 2026-11-23, 2026/1/5 or 2026年1月5日.")
}

pub(super) fn at_least_too_many(n: u32, count: usize) -> Text {
    let msg = if n == 0 {
        "`at least 0 of` is always true.".to_string()
    } else {
        format!("`at least {n} of` needs {n} conditions, but this group has {count}.")
    };
    let label = format!("{count} condition{} in this group", if count == 1 { "" } else { "s" });
    Text::new(msg, label).help(format!("Use a number from 1 to {}, or add the missing conditions.", count.max(1)))
}
