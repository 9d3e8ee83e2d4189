//! Common slips of a manager writing rules — operators from spreadsheets, a unit glued or
//! misspelled, a quote or bracket left open — each recognised at a parse error with its fix.

use super::expected::DURATION_UNITS;
use super::lex::Tokens;
use super::parse::Rule;
use crate::diag::{closest, Close, Diagnostic, FileId, Loc, OperatorFix, Problem, Syntax};

/// Operators from spreadsheets and programming languages, with the Ladder word for each.
pub(super) fn operator(
    file: FileId,
    base: usize,
    chunk: &str,
    pos: usize,
    token: &str,
    positives: &[Rule],
) -> Option<Diagnostic> {
    // `==` fails at its second `=`, `=>` at its `>`: widen the span to both characters.
    let prev = chunk[..pos.min(chunk.len())].chars().next_back();
    let (written, start) = match (prev, token) {
        (Some('='), "=") => ("==", pos - 1),
        (Some('='), ">") => ("=>", pos - 1),
        (Some('='), "<") => ("=<", pos - 1),
        (Some('<'), ">") => ("<>", pos - 1),
        (_, "&&" | "||" | "!" | "==" | "=>" | "&" | "|") => (token, pos),
        _ => return None,
    };
    let fix = match written {
        _ if positives.contains(&Rule::arrow) => OperatorFix::Arrow,
        "&&" | "&" => OperatorFix::And,
        "||" | "|" => OperatorFix::Or,
        "!" => OperatorFix::Not,
        "==" => OperatorFix::SingleEquals,
        "=>" => OperatorFix::AtLeast,
        "=<" => OperatorFix::AtMost,
        _ => OperatorFix::NotEqual,
    };
    let loc = Loc { file, span: base + start..base + start + written.len() };
    Some(syntax(Syntax::Operator { written: written.to_string(), fix }, loc))
}

/// A `ladder::syntax` diagnostic.
fn syntax(s: Syntax, loc: Loc) -> Diagnostic {
    Diagnostic::new(Problem::Syntax(s), loc)
}

/// A text whose closing quote is missing on its line.
pub(super) fn unclosed_quote(file: FileId, base: usize, chunk: &str, pos: usize, token: &str) -> Option<Diagnostic> {
    let close = match token {
        "\"" => '"',
        "“" => '”',
        _ => return None,
    };
    let rest = &chunk[pos + token.len()..];
    let line = rest.split('\n').next().unwrap_or("");
    if line.contains(close) {
        return None;
    }
    Some(Diagnostic::new(
        Problem::Unclosed { open: token.to_string(), close: Close::Quote(close) },
        Loc { file, span: base + pos..base + pos + token.len() },
    ))
}

/// `100 万`: a suffix of a number written apart from it (`number` is the text ending in it).
pub(super) fn spaced_suffix(number: &str, suffix: &str, loc: Loc) -> Option<Diagnostic> {
    if !matches!(suffix, "万" | "亿" | "元" | "%") {
        return None;
    }
    let digits: String = number.chars().rev().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '_')).collect();
    let digits: String = digits.chars().rev().collect();
    Some(syntax(Syntax::SpacedSuffix { suffix: suffix.to_string(), digits }, loc))
}

/// `询问公司产品 is 是` or `询问公司产品 是 是`: a yes/no field tested with `is`.
pub(super) fn is_yes_no(chunk: &str, pos: usize, token: &str, loc: Loc) -> Option<Diagnostic> {
    let yes = match token {
        "是" | "true" => true,
        "否" | "false" => false,
        _ => return None,
    };
    let before = chunk[..pos].trim_end();
    let before = before.strip_suffix("is").or_else(|| before.strip_suffix("是"))?;
    if !before.ends_with(char::is_whitespace) {
        return None;
    }
    let before = before.trim_end();
    let field: String = before.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let field: String = field.chars().rev().collect();
    Some(syntax(Syntax::IsYesNo { field, token: token.to_string(), yes }, loc))
}

pub(super) fn unit_typo(word: &str, loc: Loc) -> Option<Diagnostic> {
    let unit = closest(word, DURATION_UNITS)?;
    Some(syntax(Syntax::UnitTypo { word: word.to_string(), unit: unit.to_string() }, loc))
}

/// A word left over at the end of a condition, which the parser took for the level of a new rule
/// and then missed its `if`: `… within next 2 mnths` or `… 询问公司产品 客户`.
pub(super) fn stray_word(file: FileId, base: usize, chunk: &str, pos: usize) -> Option<Diagnostic> {
    let before = chunk[..pos.min(chunk.len())].trim_end();
    let word_start =
        before.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric() || *c == '_').last().map(|(i, _)| i)?;
    let word = &before[word_start..];
    let loc = Loc { file, span: base + word_start..base + before.len() };
    let ahead = before[..word_start].trim_end_matches([' ', '\t', '\u{3000}']);
    if ahead.ends_with(|c: char| c.is_ascii_digit()) {
        if let Some(d) = spaced_suffix(ahead, word, loc.clone()).or_else(|| unit_typo(word, loc.clone())) {
            return Some(d);
        }
    }
    let first_on_line = ahead.is_empty() || ahead.ends_with('\n');
    if first_on_line || ahead.trim_end().ends_with(['{', '｛', '}', '｝']) {
        return None;
    }
    Some(syntax(Syntax::StrayWord { word: word.to_string() }, loc))
}

/// The type a manager likely meant by a word that is not a type.
pub(super) fn type_hint(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let meant = match lower.as_str() {
        "string" | "str" | "char" | "varchar" | "字符串" | "字符" | "文字" => "text",
        "int" | "integer" | "float" | "double" | "decimal" | "整数" | "小数" | "数值" => "number",
        "currency" | "amount" | "price" | "yuan" | "rmb" | "钱" | "货币" | "元" => "money",
        "boolean" | "yesno" | "yes_no" | "flag" | "布尔" | "是否值" => "bool",
        "datetime" | "time" | "day" | "时间" | "日" => "date",
        "enum" | "choice" | "选项" => "one of A, B, C",
        _ => return closest(word, ["text", "number", "money", "bool", "date"]),
    };
    Some(meant)
}

/// The bracket of `chunk` left open, with its offset; strings and comments are skipped. When a
/// bracket is missing, a closing bracket that starts a line belongs to the opening bracket on a
/// line indented as far as it: a bracket opened on a deeper line in between is the one left open.
pub(super) fn unclosed(chunk: &str) -> Option<(char, usize)> {
    let mut stack: Vec<(char, usize, usize)> = Vec::new();
    let mut suspect = None;
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut indent = 0;
    let mut first_on_line = true;
    let tokens = Tokens::new(chunk);
    for (i, c) in tokens.code_chars(chunk) {
        match c {
            '\n' => {
                indent = 0;
                first_on_line = true;
                continue;
            }
            ' ' | '\t' | '\u{3000}' if first_on_line => {
                indent += 1;
                continue;
            }
            '{' | '｛' | '(' | '（' | '[' | '［' => {
                opens += 1;
                stack.push((c, i, indent));
            }
            '}' | '｝' | ')' | '）' | ']' | '］' => {
                closes += 1;
                if first_on_line {
                    while stack.len() > 1 && stack.last().is_some_and(|t| t.2 > indent) {
                        let top = stack.pop();
                        suspect = suspect.or(top);
                    }
                }
                stack.pop();
            }
            _ => {}
        }
        first_on_line = false;
    }
    if opens <= closes {
        return None;
    }
    suspect.or(stack.pop()).map(|(c, i, _)| (c, i))
}
