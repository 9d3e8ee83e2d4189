//! Parse errors in a sales manager's words: what was expected, what was found, and the fix.

use super::parse::Rule;
use crate::diag::{closest, Diagnostic, FileId, Loc};
use pest::error::{ErrorVariant, InputLocation};

const CONDITION: &str = "a condition such as `询问公司产品 = 是`";
const VALUE: &str = "a value such as `年销售额`, `100万` or `2026-11-23`";
const DECLARATION: &str =
    "a declaration (`fields`, `let`, `score`, `grades`, `transitions`, `example`, `use` or `ladder`)";
const DURATION_UNITS: [&str; 12] =
    ["days", "day", "weeks", "week", "months", "month", "years", "year", "天", "周", "个月", "年"];

/// The words for what a grammar rule stands for; `None` for rules that add nothing to a message.
fn words(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        expr | or_expr | and_expr | not_expr | comparison | kw_not | group | kw_all | kw_any
        | kw_at_least | at_least | members => CONDITION,
        sum | product | unary | neg | paren | call | days_since | days_until | date | duration
        | money | number | boolean | today => VALUE,
        plain_name | quoted_name => "a name",
        string => "a text in quotes such as \"政府机关\"",
        cmp_op | cmp_test => "a comparison such as `=` or `>=`",
        kw_and | kw_or => "`and` or `or`",
        kw_if | kw_otherwise => "`if` and a condition, or `otherwise`",
        lbrace => "`{`",
        rbrace => "`}`",
        lparen => "`(`",
        rparen => "`)`",
        lbracket => "`[`",
        rbracket => "`]`",
        colon => "`:`",
        arrow => "`->`",
        field_type | simple_type | one_of_type | grade_type => {
            "a type (`text`, `number`, `money`, `bool`, `date`, `one of A, B` or `grade LADDER`)"
        }
        field => "a field such as `年销售额: money`",
        grade_rule => "a rule such as `A06 \"积极回应\" if 询问公司产品`",
        transition_rule | stage_pattern | star | final_decl => {
            "a move such as `A21 -> A08 if 年销售额 >= 100万`"
        }
        ladder_item | use_item | fields_item | let_item | score_item | grades_item
        | transitions_item | example_item => DECLARATION,
        EOI => "the end of the declaration",
        k_ladder | k_use | k_fields | k_let | k_score | k_grades | k_transitions | k_example => DECLARATION,
        k_from => "`from` and the field holding the current stage",
        k_given | given => "`given { FIELD: VALUE, … }`",
        given_value => "a value such as `询问公司产品: 是`",
        k_expect | expect | expectation => "`expect LADDER = LEVEL`",
        outputs | output => "an output such as `拜访: \"每月一次\"`",
        list => "a list in brackets such as `[拍板人, 使用者]`",
        number_plain => "a whole number",
        duration_unit => "a unit of time (days, weeks, months, years, 天, 周, 个月, 年)",
        direction => "`next` or `last`",
        member_name => "a member name",
        _ => return None,
    })
}

/// Builds the diagnostic for a pest error in the declaration `chunk` starting at byte `base`.
pub(crate) fn parse_error(
    file: FileId,
    text: &str,
    base: usize,
    chunk: &str,
    err: pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => vec![],
    };
    let token = token_at(chunk, pos);
    let loc = Loc { file, span: base + pos..base + pos + token.len() };
    if let Some(d) = special(file, text, base, chunk, pos, &token, &positives, loc.clone()) {
        return d;
    }
    let mut expected: Vec<&str> = Vec::new();
    for w in positives.iter().filter_map(|r| words(*r)) {
        if !expected.contains(&w) {
            expected.push(w);
        }
    }
    // A value that could go on is rarely what the manager meant to write next.
    if expected.len() > 1 {
        expected.retain(|w| *w != "`and` or `or`" && *w != "a comparison such as `=` or `>=`");
    }
    expected.truncate(3);
    let expected = match expected.as_slice() {
        [] => "something else".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    };
    let found = describe(&token);
    Diagnostic::error("ladder::syntax", loc, format!("Expected {expected}, but found {found}."))
        .label(format!("found {found}"))
        .help(format!("Write {expected} here."))
}

fn describe(token: &str) -> String {
    if token.is_empty() {
        "the end of the declaration".to_string()
    } else {
        format!("`{token}`")
    }
}

/// The word or symbol at `pos`: a run of name characters, or one or two symbol characters.
fn token_at(chunk: &str, pos: usize) -> String {
    let rest = chunk.get(pos..).unwrap_or("");
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.is_empty() || rest_trimmed.starts_with('#') && rest.lines().skip(1).all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return String::new();
    }
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let word: String = rest.chars().take_while(|c| is_name(*c)).collect();
    if !word.is_empty() {
        return word;
    }
    let two: String = rest.chars().take(2).collect();
    if ["&&", "||", "==", "=>", "->", "<=", ">=", "!="].contains(&two.as_str()) {
        return two;
    }
    rest.chars().next().map(String::from).unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn special(
    file: FileId,
    _text: &str,
    base: usize,
    chunk: &str,
    pos: usize,
    token: &str,
    positives: &[Rule],
    loc: Loc,
) -> Option<Diagnostic> {
    let syntax = |msg: String| Diagnostic::error("ladder::syntax", loc.clone(), msg);
    let operator = |word: &str, alias: &str| {
        Some(
            syntax(format!("`{token}` is not a Ladder operator."))
                .label("not an operator")
                .help(format!("Write `{word}` (or `{alias}`) instead of `{token}`.")),
        )
    };
    match token {
        "&&" => return operator("and", "且"),
        "||" => return operator("or", "或"),
        "!" => return operator("not", "非"),
        "==" => {
            return Some(
                syntax("`==` is not a Ladder operator.".into())
                    .label("not an operator")
                    .help("Write a single `=` to compare two values."),
            )
        }
        _ => {}
    }
    if let Some(open) = unclosed(chunk) {
        let (c, at) = open;
        let (close, close_rule) = match c {
            '{' | '｛' => ('}', Rule::rbrace),
            '(' | '（' => (')', Rule::rparen),
            _ => (']', Rule::rbracket),
        };
        if token.is_empty() || positives.contains(&close_rule) && !positives.contains(&Rule::kw_if) {
            return Some(
                Diagnostic::error(
                    "ladder::unclosed",
                    Loc { file, span: base + at..base + at + c.len_utf8() },
                    format!("This `{c}` is never closed."),
                )
                .label("opened here")
                .help(format!("Add `{close}` at the end of the block it opens.")),
            );
        }
    }
    let before = chunk[..pos.min(chunk.len())].trim_end();
    let after_number = before.ends_with(|c: char| c.is_ascii_digit());
    if after_number && !token.is_empty() {
        if let Some(unit) = closest(token, DURATION_UNITS) {
            return Some(
                syntax(format!("`{token}` is not a unit of time."))
                    .label("unknown unit")
                    .help(format!(
                        "Did you mean `{unit}`? Units of time are days, weeks, months, years, 天, 周, 个月 and 年."
                    )),
            );
        }
    }
    if positives.contains(&Rule::kw_if) && !token.is_empty() {
        return Some(
            syntax(format!("A rule needs `if` before its condition, but found `{token}`."))
                .label("expected `if` or `otherwise` before this")
                .help("Write the rule as `A06 \"积极回应\" if 询问公司产品`, or end the ladder with `A21 \"资料级\" otherwise`."),
        );
    }
    let at_item_start = chunk[..pos.min(chunk.len())].trim().is_empty()
        || positives.iter().any(|r| words(*r) == Some(DECLARATION)) && before.is_empty();
    if at_item_start && !token.is_empty() {
        let kw = ["ladder", "use", "fields", "let", "score", "grades", "transitions", "example"];
        let help = match closest(token, kw) {
            Some(k) => format!("Did you mean `{k}`?"),
            None => "Each declaration starts with one of these words at the start of a line.".into(),
        };
        return Some(
            syntax(format!("Expected {DECLARATION}, but found `{token}`."))
                .label("not a declaration")
                .help(help),
        );
    }
    if is_keyword(token) && positives.iter().any(|r| matches!(r, Rule::plain_name | Rule::quoted_name)) {
        return Some(
            syntax(format!("`{token}` is a reserved word and cannot be used as a name here."))
                .label("reserved word")
                .help(format!("Write the name in backticks: `` `{token}` ``.")),
        );
    }
    None
}

fn is_keyword(token: &str) -> bool {
    [
        "and", "or", "not", "if", "otherwise", "is", "in", "all", "any", "at", "true", "false", "today",
        "contains", "starts", "within", "before", "after", "missing", "present", "days", "key",
        "required", "column", "且", "或", "非", "如果", "否则", "全部", "任一", "至少", "是", "否",
    ]
    .contains(&token)
}

/// The innermost bracket of `chunk` left open, with its offset; strings and comments are skipped.
fn unclosed(chunk: &str) -> Option<(char, usize)> {
    let mut stack = Vec::new();
    let mut chars = chunk.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' | '“' => {
                let end = if c == '"' { '"' } else { '”' };
                for (_, d) in chars.by_ref() {
                    if d == end || d == '\n' {
                        break;
                    }
                }
            }
            '#' => {
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '{' | '｛' | '(' | '（' | '[' | '［' => stack.push((c, i)),
            '}' | '｝' | ')' | '）' | ']' | '］' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}
