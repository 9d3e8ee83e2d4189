//! Parse errors in a sales manager's words: what was expected, what was found, and the fix.

use super::keywords::{is_reserved, Kw};
use super::lex::Tokens;
use super::parse::Rule;
use super::slips::{is_yes_no, operator, spaced_suffix, stray_word, type_hint, unclosed, unclosed_quote, unit_typo};
use crate::diag::{closest, Diagnostic, FileId, Loc};
use pest::error::{ErrorVariant, InputLocation};

const CONDITION: &str = "a condition such as `询问公司产品 = 是`";
const VALUE: &str = "a value such as `年销售额`, `100万` or `2026-11-23`";
const DECLARATION: &str =
    "a declaration (`fields`, `let`, `score`, `grades`, `transitions`, `example`, `use` or `ladder`)";
pub(super) const DURATION_UNITS: [&str; 12] =
    ["days", "day", "weeks", "week", "months", "month", "years", "year", "天", "周", "个月", "年"];

/// The words for what a grammar rule stands for; `None` for rules that add nothing to a message.
fn words(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        expr | or_expr | and_expr | not_expr | comparison | kw_not | group | kw_all | kw_any | kw_at_least
        | at_least | members => CONDITION,
        sum | product | unary | neg | paren | call | days_since | days_until | date | duration | money | number
        | boolean | today => VALUE,
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
        eq_sign => "`=`",
        arrow => "`->`",
        field_type | simple_type | one_of_type | grade_type => {
            "a type (`text`, `number`, `money`, `bool`, `date`, `one of A, B` or `grade LADDER`)"
        }
        field => "a field such as `年销售额: money`",
        grade_rule => "a rule such as `A06 \"积极回应\" if 询问公司产品`",
        transition_rule | stage_pattern | star | final_decl => "a move such as `A21 -> A08 if 年销售额 >= 100万`",
        ladder_item | use_item | fields_item | let_item | score_item | grades_item | transitions_item
        | example_item => DECLARATION,
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
        direction => "`next` or `last` after `within`",
        member_name => "a member name",
        kw_missing | kw_present | negation => "a choice such as `拍板人`, `missing` or `present`",
        _ => return None,
    })
}

/// What a parsed piece of text is: a whole declaration, or part of a block read apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    File,
    Block,
}

/// Builds the diagnostic for a pest error in the declaration `chunk` starting at byte `base`.
pub(crate) fn parse_error(
    file: FileId,
    text: &str,
    base: usize,
    chunk: &str,
    err: pest::error::Error<Rule>,
    within: Within,
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
    // At the end of the text, point just after its last word, not at the next declaration.
    let pos = if token.is_empty() { content_end(chunk, pos) } else { pos };
    let loc = Loc { file, span: base + pos..base + pos + token.len() };
    if let Some(d) = special(file, text, base, chunk, pos, &token, &positives, loc.clone(), within) {
        return d;
    }
    let mut expected: Vec<&str> = Vec::new();
    for w in positives.iter().filter_map(|r| words(*r)) {
        if !expected.contains(&w) {
            expected.push(w);
        }
    }
    // A value that could go on is rarely what the manager meant to write next.
    if expected.iter().any(|w| w.starts_with("a choice such as")) {
        expected.retain(|w| *w != "a name");
    }
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

/// Where the text before `pos` ends, without trailing whitespace and comments.
fn content_end(chunk: &str, pos: usize) -> usize {
    let tokens = Tokens::new(chunk);
    let before = tokens.list.iter().take_while(|t| t.span.start < pos);
    before.filter(|t| !t.is_trivia()).last().map_or(0, |t| t.span.end.min(pos))
}

fn describe(token: &str) -> String {
    if token.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{token}`")
    }
}

/// The word or symbol at `pos`: a run of name characters, or one or two symbol characters.
fn token_at(chunk: &str, pos: usize) -> String {
    let rest = chunk.get(pos..).unwrap_or("");
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.is_empty()
        || rest_trimmed.starts_with('#')
            && rest.lines().skip(1).all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
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
    within: Within,
) -> Option<Diagnostic> {
    let syntax = |msg: String| Diagnostic::error("ladder::syntax", loc.clone(), msg);
    let before = chunk[..pos.min(chunk.len())].trim_end();
    if let Some(d) = operator(file, base, chunk, pos, token, positives) {
        return Some(d);
    }
    if let Some(d) = unclosed_quote(file, base, chunk, pos, token) {
        return Some(d);
    }
    if let Some((c, at)) = unclosed(chunk) {
        let (close, close_rule) = match c {
            '{' | '｛' => ('}', Rule::rbrace),
            '(' | '（' => (')', Rule::rparen),
            _ => (']', Rule::rbracket),
        };
        if token.is_empty() || positives.contains(&close_rule) && !positives.contains(&Rule::kw_if) {
            let help = match close {
                '}' => "Add `}` after the last member of the block or group it opens.",
                ')' => "Add `)` where the condition in brackets ends.",
                _ => "Add `]` after the last value of the list.",
            };
            return Some(
                Diagnostic::error(
                    "ladder::unclosed",
                    Loc { file, span: base + at..base + at + c.len_utf8() },
                    format!("This `{c}` is never closed."),
                )
                .label("opened here")
                .help(help),
            );
        }
    }
    let after_number = before.ends_with(|c: char| c.is_ascii_digit());
    if after_number && pos > before.len() {
        if let Some(d) = spaced_suffix(before, token, loc.clone()) {
            return Some(d);
        }
    }
    if after_number && !token.is_empty() {
        if let Some(d) = unit_typo(token, loc.clone()) {
            return Some(d);
        }
    }
    if positives.contains(&Rule::kw_if) {
        if let Some(d) = stray_word(file, base, chunk, pos) {
            return Some(d);
        }
        let next = chunk[pos + token.len()..].trim_start_matches([' ', '\t', '\u{3000}']);
        let next_word: String = next.chars().take_while(|c| c.is_alphanumeric()).collect();
        if !token.is_empty() && matches!(Kw::of_word(&next_word), Some(Kw::If | Kw::Otherwise)) {
            return Some(
                syntax(format!("The label `{token}` needs quotes."))
                    .label("label without quotes")
                    .help(format!("Write `\"{token}\"`.")),
            );
        }
        if let Some(word) = closest(token, ["if", "otherwise"]).filter(|_| token.is_ascii()) {
            return Some(
                syntax(format!("`{token}` is not a Ladder word."))
                    .label("misspelled")
                    .help(format!("Did you mean `{word}`?")),
            );
        }
        if !token.is_empty() {
            return Some(
                syntax(format!("A rule needs `if` before its condition, but found `{token}`."))
                    .label("expected `if` or `otherwise` before this")
                    .help("Write the rule as `A06 \"积极回应\" if 询问公司产品`, or end the ladder with `A21 \"资料级\" otherwise`."),
            );
        }
    }
    let wants_type = positives
        .iter()
        .any(|r| matches!(r, Rule::field_type | Rule::simple_type | Rule::one_of_type | Rule::grade_type));
    if wants_type && !token.is_empty() {
        let hint = type_hint(token).map_or(String::new(), |t| format!("Did you mean `{t}`? "));
        return Some(syntax(format!("`{token}` is not a type.")).label("unknown type").help(format!(
            "{hint}The types are text, number, money, bool, date, `one of A, B, C` and `grade LADDER`."
        )));
    }
    let at_item_start = chunk[..pos.min(chunk.len())].trim().is_empty()
        || positives.iter().any(|r| words(*r) == Some(DECLARATION)) && before.is_empty();
    if within == Within::File && at_item_start && !token.is_empty() {
        let kw = ["ladder", "use", "fields", "let", "score", "grades", "transitions", "example"];
        let help = match closest(token, kw) {
            Some(k) => format!("Did you mean `{k}`?"),
            None => "Each declaration starts with one of these words at the start of a line.".into(),
        };
        return Some(
            syntax(format!("Expected {DECLARATION}, but found `{token}`.")).label("not a declaration").help(help),
        );
    }
    if let Some(d) = is_yes_no(chunk, pos, token, loc.clone()) {
        return Some(d);
    }
    let wants_name = positives.iter().any(|r| {
        matches!(
            r,
            Rule::plain_name | Rule::quoted_name | Rule::field | Rule::grade_rule | Rule::given_value | Rule::output
        )
    });
    if is_reserved(token) && wants_name {
        return Some(
            syntax(format!("`{token}` is a reserved word and cannot be used as a name here."))
                .label("reserved word")
                .help(format!("Write the name in backticks: `` `{token}` ``.")),
        );
    }
    if positives == [Rule::colon] {
        let found = describe(token);
        return Some(
            syntax(format!("Expected `:`, but found {found}."))
                .label("expected `:` before this")
                .help("Put `:` after the name, as in `年销售额: money` or `询问公司产品: 是`."),
        );
    }
    None
}
