//! Parse errors in a sales manager's words: what was expected, what was found, and the fix.

use super::keywords::{is_reserved, Kw};
use super::lex::Tokens;
use super::parse::Rule;
use super::slips::{
    amount, is_yes_no, not_before_test, operator, spaced_suffix, stray_word, type_hint, unclosed, unclosed_quote,
    unit_typo, wrong_quotes,
};
use crate::diag::{closest, Close, Diagnostic, Expected, FileId, Found, Loc, Problem, Syntax};
use pest::error::{ErrorVariant, InputLocation};

pub(super) const DURATION_UNITS: [&str; 12] =
    ["days", "day", "weeks", "week", "months", "month", "years", "year", "天", "周", "个月", "年"];

/// What a grammar rule stands for; `None` for rules that add nothing to a message.
fn words(rule: Rule) -> Option<Expected> {
    use Expected as E;
    use Rule::*;
    Some(match rule {
        expr | or_expr | and_expr | not_expr | comparison | kw_not | group | kw_all | kw_any | kw_at_least
        | at_least | members => E::Condition,
        sum | product | unary | neg | paren | call | days_since | days_until | date | duration | money | number
        | boolean | today | half_year => E::Value,
        plain_name | quoted_name => E::Name,
        string => E::Text,
        cmp_op | kw_cmp | cmp_test => E::Comparison,
        kw_between_and => E::Mark("and"),
        kw_and | kw_or => E::AndOr,
        kw_if | kw_otherwise => E::IfOrOtherwise,
        lbrace => E::Mark("{"),
        rbrace => E::Mark("}"),
        lparen => E::Mark("("),
        rparen => E::Mark(")"),
        lbracket => E::Mark("["),
        rbracket => E::Mark("]"),
        colon => E::Mark(":"),
        eq_sign => E::Mark("="),
        arrow => E::Mark("->"),
        field_type | simple_type | one_of_type | grade_type => E::Type,
        field => E::Field,
        grade_rule => E::GradeRule,
        transition_rule | stage_pattern | star | final_decl => E::Move,
        ladder_item | use_item | missing_item | fields_item | let_item | score_item | grades_item
        | transitions_item | example_item => E::Declaration,
        EOI => E::EndOfDeclaration,
        k_ladder | k_use | k_missing | k_fields | k_let | k_score | k_grades | k_transitions | k_example => {
            E::Declaration
        }
        k_from => E::From,
        k_given | given => E::Given,
        given_value => E::GivenValue,
        k_expect | expect | expectation => E::Expect,
        outputs | output => E::Output,
        list | bare_list => E::List,
        number_plain => E::WholeNumber,
        duration_unit => E::DurationUnit,
        direction => E::Direction,
        member_name => E::MemberName,
        kw_missing | kw_present | negation => E::Choice,
        kw_of => E::Of,
        kw_in => E::In,
        k_since | k_until => E::SinceUntil,
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
    let mut expected: Vec<Expected> = Vec::new();
    for w in positives.iter().filter_map(|r| words(*r)) {
        if !expected.contains(&w) {
            expected.push(w);
        }
    }
    // A value that could go on is rarely what the manager meant to write next.
    if expected.contains(&Expected::Choice) {
        expected.retain(|w| *w != Expected::Name);
    }
    // Nor is going on or ending; "the end of the declaration" is nothing a manager writes.
    let ends = expected.contains(&Expected::EndOfDeclaration);
    if expected.len() > 1 {
        expected.retain(|w| !matches!(w, Expected::AndOr | Expected::Comparison | Expected::EndOfDeclaration));
    }
    expected.truncate(3);
    let found = describe(&token);
    let s = match (expected.as_slice(), ends) {
        ([], true) | ([Expected::EndOfDeclaration], _) => Syntax::LeftOver { found },
        ([], false) => Syntax::Unexpected { found },
        _ => Syntax::Expected { expected, found },
    };
    syntax(s, loc)
}

/// A `ladder::syntax` diagnostic.
fn syntax(s: Syntax, loc: Loc) -> Diagnostic {
    Diagnostic::new(Problem::Syntax(s), loc)
}

/// Where the text before `pos` ends, without trailing whitespace and comments.
fn content_end(chunk: &str, pos: usize) -> usize {
    let tokens = Tokens::new(chunk);
    let before = tokens.list.iter().take_while(|t| t.span.start < pos);
    before.filter(|t| !t.is_trivia()).last().map_or(0, |t| t.span.end.min(pos))
}

fn describe(token: &str) -> Found {
    if token.is_empty() {
        Found::EndOfLine
    } else {
        Found::Token(token.to_string())
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
    let syntax = |s: Syntax| syntax(s, loc.clone());
    let before = chunk[..pos.min(chunk.len())].trim_end();
    if let Some(d) = operator(file, base, chunk, pos, token, positives) {
        return Some(d);
    }
    if let Some(d) = unclosed_quote(file, base, chunk, pos, token) {
        return Some(d);
    }
    if matches!(token, ";" | "；" | "。") {
        return Some(syntax(Syntax::EndMark { token: token.to_string() }));
    }
    let slip = wrong_quotes(file, base, chunk, pos, token)
        .or_else(|| not_before_test(file, base, chunk, pos, token))
        .or_else(|| amount(file, base, chunk, pos));
    if slip.is_some() {
        return slip;
    }
    if let Some((c, at)) = unclosed(chunk) {
        let (close, close_rule) = match c {
            '{' | '｛' => (Close::Brace, Rule::rbrace),
            '(' | '（' => (Close::Paren, Rule::rparen),
            _ => (Close::Bracket, Rule::rbracket),
        };
        if token.is_empty() || positives.contains(&close_rule) && !positives.contains(&Rule::kw_if) {
            return Some(Diagnostic::new(
                Problem::Unclosed { open: c.to_string(), close },
                Loc { file, span: base + at..base + at + c.len_utf8() },
            ));
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
            return Some(syntax(Syntax::UnquotedLabel { token: token.to_string() }));
        }
        if let Some(word) = closest(token, ["if", "otherwise"]).filter(|_| token.is_ascii()) {
            return Some(syntax(Syntax::Misspelled { token: token.to_string(), word: word.to_string() }));
        }
        if !token.is_empty() {
            return Some(syntax(Syntax::MissingIf { token: token.to_string() }));
        }
    }
    let word = token.starts_with(|c: char| c.is_alphanumeric() && !c.is_ascii_digit());
    if positives.contains(&Rule::kw_and) && word && !is_reserved(token) {
        return Some(syntax(super::slips::stray(token)));
    }
    let wants_type = positives
        .iter()
        .any(|r| matches!(r, Rule::field_type | Rule::simple_type | Rule::one_of_type | Rule::grade_type));
    if wants_type && !token.is_empty() {
        let suggestion = type_hint(token).map(String::from);
        return Some(syntax(Syntax::NotAType { token: token.to_string(), suggestion }));
    }
    let at_item_start = chunk[..pos.min(chunk.len())].trim().is_empty()
        || positives.iter().any(|r| words(*r) == Some(Expected::Declaration)) && before.is_empty();
    if within == Within::File && at_item_start && !token.is_empty() {
        let kw = ["ladder", "use", "fields", "let", "score", "grades", "transitions", "example"];
        let suggestion = closest(token, kw).map(String::from);
        return Some(syntax(Syntax::NotADeclaration { token: token.to_string(), suggestion }));
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
    if wants_name && token.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(syntax(Syntax::NameStartsWithDigit { token: token.to_string() }));
    }
    if is_reserved(token) && wants_name {
        return Some(syntax(Syntax::ReservedWord { token: token.to_string() }));
    }
    let line = &chunk[chunk[..pos].rfind('\n').map_or(0, |i| i + 1)..pos];
    if let Some((_, choices)) = line.split_once("one of").filter(|_| positives == [Rule::colon]) {
        let choices = choices.split_whitespace().collect::<Vec<_>>().join(", ");
        return Some(syntax(Syntax::ChoicesNeedCommas { choices }));
    }
    if positives == [Rule::colon] {
        return Some(syntax(Syntax::ExpectedColon { found: describe(token) }));
    }
    None
}
