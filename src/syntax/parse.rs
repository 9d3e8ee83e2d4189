//! Text → syntax tree. A file is cut into top-level declarations that are parsed one by one, so
//! one mistake does not hide the next; each failure becomes a [`Diagnostic`].

use super::ast::*;
use super::build::Builder;
use super::expected::{parse_error, Within};
use super::keywords;
use super::lex::{Bracket, Token, TokenKind, Tokens};
use super::{depth, descent, recover, slips};
use crate::diag::{Diagnostic, FileId};
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ladder.pest"]
pub(crate) struct LadderParser;

pub use super::depth::{MAX_DEPTH, MAX_TREE_DEPTH};

/// Parses a whole file, returning the declarations that parsed and an error for each that did not.
pub fn parse_file(file: FileId, text: &str) -> (File, Vec<Diagnostic>) {
    parse_lexed(file, text, &Tokens::new(text))
}

/// [`parse_file`] for a text already lexed into `tokens`.
pub fn parse_lexed(file: FileId, text: &str, tokens: &Tokens) -> (File, Vec<Diagnostic>) {
    parse_with(file, text, tokens, true)
}

/// [`parse_file`] with pest's grammar alone: the tests hold the descent parser to it.
#[doc(hidden)]
pub fn parse_file_with_pest(file: FileId, text: &str) -> (File, Vec<Diagnostic>) {
    parse_with(file, text, &Tokens::new(text), false)
}

/// The declarations of `text` that pest's grammar parses and the descent parser leaves to it
/// (the tests ask that well-formed files have none).
#[doc(hidden)]
pub fn declined(text: &str) -> Vec<std::ops::Range<usize>> {
    let tokens = Tokens::new(text);
    let chunks = item_ranges(text, &tokens.list).into_iter().filter(|range| {
        let chunk_tokens = tokens.within(range);
        !chunk_tokens.iter().all(Token::is_trivia)
            && depth::nesting_error(0, text, chunk_tokens).is_none()
            && descent::item(text, chunk_tokens).is_none()
            && matches!(pest_item(&text[range.clone()], range.start), Ok(Some(_)))
    });
    chunks.collect()
}

fn parse_with(file: FileId, text: &str, tokens: &Tokens, descent: bool) -> (File, Vec<Diagnostic>) {
    let mut ast = File::default();
    let mut errors = Vec::new();
    for range in item_ranges(text, &tokens.list) {
        let chunk = &text[range.clone()];
        let chunk_tokens = tokens.within(&range);
        errors.extend(slips::slash_comments(file, text, chunk_tokens));
        if chunk_tokens.iter().all(Token::is_trivia) {
            continue;
        }
        if let Some(e) = depth::nesting_error(file, text, chunk_tokens) {
            errors.push(e);
            ast.items.extend(recover::declared_name(chunk, range.start).map(Item::Broken));
            continue;
        }
        let fast = if descent { descent::item(text, chunk_tokens) } else { None };
        match fast.map_or_else(|| pest_item(chunk, range.start), |item| Ok(Some(item))) {
            Ok(Some(item)) => match depth::tree_error(file, &item) {
                Some(e) => {
                    errors.push(e);
                    ast.items.extend(recover::declared_name(chunk, range.start).map(Item::Broken));
                }
                None => ast.items.push(item),
            },
            Ok(None) => {}
            Err(e) => match recover::block(file, text, range.start, chunk) {
                Some(r) => {
                    for item in r.items {
                        match depth::tree_error(file, &item) {
                            Some(e) => errors.push(e),
                            None => ast.items.push(item),
                        }
                    }
                    errors.extend(r.errors);
                }
                None => {
                    errors.push(parse_error(file, text, range.start, chunk, *e, Within::File));
                    ast.items.extend(recover::declared_name(chunk, range.start).map(Item::Broken));
                }
            },
        }
    }
    (ast, errors)
}

/// One declaration by pest's grammar: what the descent parser declines.
fn pest_item(chunk: &str, base: usize) -> Result<Option<Item>, Box<pest::error::Error<Rule>>> {
    let mut pairs = LadderParser::parse(Rule::lone_item, chunk).map_err(Box::new)?;
    let item = pairs.next().and_then(|p| p.into_inner().next());
    Ok(item.map(|pair| Builder { base }.item(pair)))
}

/// Parses one expression (the REPL's input).
pub fn parse_expr(file: FileId, text: &str) -> Result<Expr, Box<Diagnostic>> {
    parse_expr_with(file, text, true)
}

/// [`parse_expr`] with pest's grammar alone, for the tests.
#[doc(hidden)]
pub fn parse_expr_with_pest(file: FileId, text: &str) -> Result<Expr, Box<Diagnostic>> {
    parse_expr_with(file, text, false)
}

fn parse_expr_with(file: FileId, text: &str, descent: bool) -> Result<Expr, Box<Diagnostic>> {
    let tokens = Tokens::new(text);
    let slash = slips::slash_comments(file, text, &tokens.list).next();
    if let Some(e) = slash.or_else(|| depth::nesting_error(file, text, &tokens.list)) {
        return Err(Box::new(e));
    }
    let fast = if descent { descent::expr(text, &tokens.list) } else { None };
    let e = match fast {
        Some(e) => e,
        None => match LadderParser::parse(Rule::lone_expr, text) {
            Ok(mut pairs) => {
                let pair = pairs.next().and_then(|p| p.into_inner().next());
                Builder { base: 0 }.expr(pair.expect("lone_expr holds an expr"))
            }
            Err(e) => return Err(Box::new(parse_error(file, text, 0, text, e, Within::File))),
        },
    };
    depth::expr_error(file, &e).map_or(Ok(e), |d| Err(Box::new(d)))
}

/// Byte ranges of the top-level declarations: each starts at a line that begins, in column 0,
/// with a declaration keyword.
fn item_ranges(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut starts = vec![0];
    for (i, w) in tokens.windows(3).enumerate() {
        if w[0].kind == TokenKind::Newline && starts_item(&text[w[1].span.clone()], w[1].kind, w[2].kind) {
            starts.push(tokens[i + 1].span.start);
        }
    }
    starts.push(text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// A word in column 0 that is a declaration keyword, or a word of four letters or more close to
/// one (a misspelled keyword still starts a new declaration, so its error stays its own; a short
/// word such as `not` continues the condition above); followed by a space, `{` or a text.
fn starts_item(word: &str, kind: TokenKind, next: TokenKind) -> bool {
    use TokenKind::*;
    let boundary = matches!(next, Space | Newline | Open(Bracket::Brace) | Text | Unclosed);
    let words: Vec<&str> = keywords::declarations().collect();
    kind == Word
        && boundary
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && (words.contains(&word) || word.len() >= 4 && crate::diag::closest(word, words).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_cut_at_declaration_keywords() {
        let text = "fields {\n  a: bool\n}\nlet x = a\ngrades G {\n  A if x\n}\n";
        let ranges = item_ranges(text, &Tokens::new(text).list);
        assert_eq!(ranges.len(), 3);
        assert!(text[ranges[1].clone()].starts_with("let x"));
    }

    #[test]
    fn spans_end_at_the_last_token() {
        let text = "fields {\n  a: bool # c\n  # d\n  b: bool\n}\nlet x = a > 1 # e\n\nladder \"t\" # f\n";
        let (file, errors) = parse_file(0, text);
        assert!(errors.is_empty());
        let Item::Fields(fields) = &file.items[0] else { panic!("fields") };
        assert_eq!(&text[fields[0].span.clone()], "a: bool");
        let Item::Let(b) = &file.items[1] else { panic!("let") };
        assert_eq!(&text[b.span.clone()], "let x = a > 1");
        assert_eq!(&text[b.expr.span.clone()], "a > 1");
        let Item::Title(t) = &file.items[2] else { panic!("title") };
        assert_eq!(&text[t.span.clone()], "\"t\"");
    }

    #[test]
    fn a_byte_order_mark_before_a_comment_is_whitespace() {
        let (file, errors) = parse_file(0, "\u{FEFF}# note\r\nlet x = 1\r\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(file.items.len(), 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("let x = {}a{}", "(".repeat(100), ")".repeat(100));
        let (_, errors) = parse_file(0, &text);
        assert_eq!(errors[0].code(), "ladder::too_deep");
    }
}
