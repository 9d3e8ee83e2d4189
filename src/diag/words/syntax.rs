//! English for parse problems: what the grammar expected, slips, unclosed brackets, deep nesting.

use super::Text;
use crate::diag::problem::{Close, Expected, Found, OperatorFix, Syntax};

const CONDITION: &str = "a condition such as `询问公司产品 = 是`";
const VALUE: &str = "a value such as `年销售额`, `100万` or `2026-11-23`";
const DECLARATION: &str =
    "a declaration (`fields`, `let`, `score`, `grades`, `transitions`, `example`, `use` or `ladder`)";

/// A `ladder::syntax` problem.
pub(super) fn syntax(s: &Syntax) -> Text {
    match s {
        Syntax::Expected { expected, found } => {
            let (expected, found) = (expected_words(expected), found_words(found));
            Text::new(format!("Expected {expected}, but found {found}."), format!("found {found}"))
                .help(format!("Write {expected} here."))
        }
        Syntax::Operator { written, fix } => {
            Text::new(format!("`{written}` is not a Ladder operator."), "not an operator")
                .help(format!("{} instead of `{written}`.", operator_fix(*fix)))
        }
        Syntax::SpacedSuffix { suffix, digits } => {
            Text::new(format!("`{suffix}` must follow its number without a space."), "space before this")
                .help(format!("Write `{digits}{suffix}`."))
        }
        Syntax::IsYesNo { field, token, yes } => {
            let write = if *yes { field.clone() } else { format!("not {field}") };
            Text::new("A yes/no field is tested without `is`.", "`is` names a choice or a level")
                .help(format!("Write `{write}`, or `{field} = {token}`."))
        }
        Syntax::UnitTypo { word, unit } => Text::new(format!("`{word}` is not a unit of time."), "unknown unit")
            .help(format!("Did you mean `{unit}`? Units of time are days, weeks, months, years, 天, 周, 个月 and 年.")),
        Syntax::StrayWord { word } => {
            Text::new(format!("`{word}` does not continue the condition before it."), "left over")
                .help("Join two conditions with `and` or `or`; a new rule starts on a line of its own.")
        }
        Syntax::UnquotedLabel { token } => {
            Text::new(format!("The label `{token}` needs quotes."), "label without quotes")
                .help(format!("Write `\"{token}\"`."))
        }
        Syntax::Misspelled { token, word } => {
            Text::new(format!("`{token}` is not a Ladder word."), "misspelled").help(format!("Did you mean `{word}`?"))
        }
        Syntax::MissingIf { token } => Text::new(
            format!("A rule needs `if` before its condition, but found `{token}`."),
            "expected `if` or `otherwise` before this",
        )
        .help(
            "Write the rule as `A06 \"积极回应\" if 询问公司产品`, or end the ladder with `A21 \"资料级\" otherwise`.",
        ),
        Syntax::NotAType { token, suggestion } => {
            let hint = did_you_mean_space(suggestion.as_deref());
            Text::new(format!("`{token}` is not a type."), "unknown type").help(format!(
                "{hint}The types are text, number, money, bool, date, `one of A, B, C` and `grade LADDER`."
            ))
        }
        Syntax::NotADeclaration { token, suggestion } => {
            let help = match suggestion {
                Some(k) => format!("Did you mean `{k}`?"),
                None => "Each declaration starts with one of these words at the start of a line.".into(),
            };
            Text::new(format!("Expected {DECLARATION}, but found `{token}`."), "not a declaration").help(help)
        }
        Syntax::ReservedWord { token } => {
            Text::new(format!("`{token}` is a reserved word and cannot be used as a name here."), "reserved word")
                .help(format!("Write the name in backticks: `` `{token}` ``."))
        }
        Syntax::ExpectedColon { found } => {
            Text::new(format!("Expected `:`, but found {}.", found_words(found)), "expected `:` before this")
                .help("Put `:` after the name, as in `年销售额: money` or `询问公司产品: 是`.")
        }
    }
}

/// `Did you mean `X`? ` before another sentence, or nothing.
pub(super) fn did_you_mean_space(suggestion: Option<&str>) -> String {
    suggestion.map_or(String::new(), |c| format!("Did you mean `{c}`? "))
}

/// A `ladder::unclosed` problem.
pub(super) fn unclosed(open: &str, close: Close) -> Text {
    let (label, help) = match close {
        Close::Brace => ("opened here", "Add `}` after the last member of the block or group it opens.".to_string()),
        Close::Paren => ("opened here", "Add `)` where the condition in brackets ends.".to_string()),
        Close::Bracket => ("opened here", "Add `]` after the last value of the list.".to_string()),
        Close::Block => ("opened here", "Add `}` on a line of its own after the block's last line.".to_string()),
        Close::Quote(c) => {
            ("the text starts here", format!("Add `{c}` where the text ends; a text in quotes stays on one line."))
        }
    };
    Text::new(format!("This `{open}` is never closed."), label).help(help)
}

/// A `ladder::too_deep` problem.
pub(super) fn too_deep(max_depth: usize, max_parts: usize) -> Text {
    Text::new("This condition is nested too deeply to check.", "too deep").help(format!(
        "Brackets, groups and `not`s may nest at most {max_depth} deep, and a chain such as \
         `a and b and …` may have at most {max_parts} parts; split the condition into `let` names."
    ))
}

fn found_words(found: &Found) -> String {
    match found {
        Found::EndOfLine => "the end of the line".to_string(),
        Found::Token(t) => format!("`{t}`"),
    }
}

fn expected_words(expected: &[Expected]) -> String {
    let words: Vec<String> = expected.iter().map(|e| expected_word(*e)).collect();
    match words.as_slice() {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// What a grammar rule stands for, in a manager's words.
fn expected_word(e: Expected) -> String {
    use Expected::*;
    let words = match e {
        Condition => CONDITION,
        Value => VALUE,
        Name => "a name",
        Text => "a text in quotes such as \"政府机关\"",
        Comparison => "a comparison such as `=` or `>=`",
        AndOr => "`and` or `or`",
        IfOrOtherwise => "`if` and a condition, or `otherwise`",
        Mark(m) => return format!("`{m}`"),
        Type => "a type (`text`, `number`, `money`, `bool`, `date`, `one of A, B` or `grade LADDER`)",
        Field => "a field such as `年销售额: money`",
        GradeRule => "a rule such as `A06 \"积极回应\" if 询问公司产品`",
        Move => "a move such as `A21 -> A08 if 年销售额 >= 100万`",
        Declaration => DECLARATION,
        EndOfDeclaration => "the end of the declaration",
        From => "`from` and the field holding the current stage",
        Given => "`given { FIELD: VALUE, … }`",
        GivenValue => "a value such as `询问公司产品: 是`",
        Expect => "`expect LADDER = LEVEL`",
        Output => "an output such as `拜访: \"每月一次\"`",
        List => "a list in brackets such as `[拍板人, 使用者]`",
        WholeNumber => "a whole number",
        DurationUnit => "a unit of time (days, weeks, months, years, 天, 周, 个月, 年)",
        Direction => "`next` or `last` after `within`",
        MemberName => "a member name",
        Choice => "a choice such as `拍板人`, `missing` or `present`",
    };
    words.to_string()
}

fn operator_fix(fix: OperatorFix) -> &'static str {
    match fix {
        OperatorFix::Arrow => "Write `->` (or `→`) between the stages",
        OperatorFix::And => "Write `and` (or `且`)",
        OperatorFix::Or => "Write `or` (or `或`)",
        OperatorFix::Not => "Write `not` (or `非`)",
        OperatorFix::SingleEquals => "Write a single `=` to compare two values",
        OperatorFix::AtLeast => "Write `>=` for \"at least\"",
        OperatorFix::AtMost => "Write `<=` for \"at most\"",
        OperatorFix::NotEqual => "Write `!=` for \"is not equal to\"",
    }
}
