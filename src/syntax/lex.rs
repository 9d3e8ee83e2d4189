//! The one lexer: rule text → a lossless token stream. Every byte belongs to exactly one token,
//! comments and whitespace included, so the formatter, explanations, coverage, graph labels and
//! the REPL read tokens instead of scanning the text again. The descent parser reads these
//! tokens (pest, for what it declines, the text); a test checks that every node of the syntax tree
//! starts and ends on a token boundary.

use super::ast::Span;
use super::keywords::Kw;
use number::{date, is_digit, money, plain_number};
pub use number::{form_len, Form};

mod number;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Spaces, tabs, a lone `\r`, U+3000 or U+FEFF.
    Space,
    /// `\n` or `\r\n`.
    Newline,
    /// `#` to the end of the line (the line break not included).
    Comment,
    /// A run of name characters: a name or a keyword ([`Token::keyword`] tells).
    Word,
    /// A name in backticks.
    QuotedName,
    /// A text in `"…"` or `“…”`.
    Text,
    /// A number, amount or date as one token: `1_000`, `1.5`, `100万`, `30%`, `5000元`, `¥1,200`,
    /// `2026-11-23`, `2026年1月5日`, `１２` (full-width digits).
    Number,
    /// The unquoted value of a `given` entry, up to its comma, brace or the end of the line.
    Value,
    /// An opening bracket.
    Open(Bracket),
    /// A closing bracket.
    Close(Bracket),
    /// `,`, `，` or `、`.
    Comma,
    /// `:` or `：`.
    Colon,
    /// An operator or arrow: `>=`, `->`, `≥`, `+`, `*`, …
    Op,
    /// A quote or backtick not closed on its line, to the end of the line.
    Unclosed,
    /// Any other character.
    Other,
}

/// The three kinds of bracket, each in ASCII and full width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bracket {
    Brace,
    Paren,
    Square,
}

/// One token: its kind and its bytes in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    /// Whitespace, line breaks and comments: what the grammar skips.
    pub fn is_trivia(&self) -> bool {
        matches!(self.kind, TokenKind::Space | TokenKind::Newline | TokenKind::Comment)
    }

    /// The keyword this token spells, if it is a word that is one.
    pub fn keyword(&self, text: &str) -> Option<Kw> {
        match self.kind {
            TokenKind::Word => Kw::of_word(&text[self.span.clone()]),
            _ => None,
        }
    }
}

/// The tokens of one text, in order, covering it exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub list: Vec<Token>,
}

impl Tokens {
    /// Lexes `text`.
    pub fn new(text: &str) -> Self {
        Tokens { list: Lexer { text, pos: 0, given: Given::No, out: Vec::new() }.run() }
    }

    /// The tokens inside `span` (those that start in it).
    pub fn within(&self, span: &Span) -> &[Token] {
        let from = self.list.partition_point(|t| t.span.start < span.start);
        let to = self.list.partition_point(|t| t.span.start < span.end);
        &self.list[from..to.max(from)]
    }

    /// The first token of `kind` inside `span`.
    pub fn first(&self, span: &Span, kind: TokenKind) -> Option<&Token> {
        self.within(span).iter().find(|t| t.kind == kind)
    }

    /// Whether a token starts or ends at `offset`.
    pub fn is_boundary(&self, offset: usize) -> bool {
        let i = self.list.partition_point(|t| t.span.end < offset);
        self.list.get(i).is_none_or(|t| t.span.end == offset || t.span.start == offset) || offset == 0
    }

    /// The comments, in order.
    pub fn comments(&self) -> impl Iterator<Item = &Token> {
        self.list.iter().filter(|t| t.kind == TokenKind::Comment)
    }

    /// The code of `span` as one line: comments left out, each run of whitespace one space.
    pub fn code(&self, text: &str, span: &Span) -> String {
        let mut out = String::new();
        let mut space = false;
        for t in self.within(span).iter().filter(|t| t.span.end <= span.end) {
            match t.kind {
                TokenKind::Space | TokenKind::Newline | TokenKind::Comment => space = !out.is_empty(),
                _ => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push_str(&text[t.span.clone()]);
                }
            }
        }
        out
    }

    /// The characters of the code of `text` (these tokens' text), with their offsets: texts,
    /// quoted names, `given` values and comments left out, line breaks kept.
    pub fn code_chars<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, char)> + 't {
        use TokenKind::*;
        let code = |t: &&Token| !matches!(t.kind, Comment | Text | QuotedName | Value | Unclosed);
        self.list
            .iter()
            .filter(code)
            .flat_map(move |t| text[t.span.clone()].char_indices().map(move |(i, c)| (t.span.start + i, c)))
    }

    /// How many brackets are open at the end: opening minus closing, outside texts, quoted names
    /// and comments.
    pub fn open_brackets(&self) -> isize {
        self.list
            .iter()
            .map(|t| match t.kind {
                TokenKind::Open(_) => 1,
                TokenKind::Close(_) => -1,
                _ => 0,
            })
            .sum()
    }
}

/// Where the lexer stands in a `given { … }` block, whose values are data text, not code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Given {
    No,
    /// After the word `given`, before its `{`.
    Word,
    /// Inside the block, before an entry's `:`.
    Block,
    /// After an entry's `:`: the next token is its value.
    Value,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    given: Given,
    out: Vec<Token>,
}

/// A name as the rule language reads it: plain, or in backticks.
pub fn name_text(name: &str) -> String {
    let tokens = Tokens::new(name);
    let plain = matches!(tokens.list.as_slice(), [t] if t.kind == TokenKind::Word && t.span == (0..name.len()))
        && !super::keywords::is_reserved(name)
        && name != "半年";
    match plain {
        true => name.to_string(),
        false => format!("`{name}`"),
    }
}

/// The length of the grammar's `raw_text` at the start of `rest`: data text up to a comma (one
/// before three digits groups thousands), a brace, a comment or the end of the line.
pub fn raw_text_len(rest: &str) -> usize {
    for (i, c) in rest.char_indices() {
        let thousands = c == ',' && {
            let after = &rest.as_bytes()[i + 1..];
            after.len() >= 3
                && after[..3].iter().all(u8::is_ascii_digit)
                && !after.get(3).is_some_and(u8::is_ascii_digit)
        };
        if matches!(c, ',' | '，' | '}' | '｝' | '\n' | '\r' | '#') && !thousands {
            return i;
        }
    }
    rest.len()
}

/// A character that may continue a name (the grammar's `XID_CONTINUE`).
pub fn is_name_char(c: char) -> bool {
    pest::unicode::XID_CONTINUE(c)
}

/// `text` with its full-width digits (`１２`) written as the ASCII ones they mean.
pub fn ascii_digits(text: &str) -> String {
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    };
    text.chars().map(ascii).collect()
}

/// A character that may start a plain name.
pub fn is_name_start(c: char) -> bool {
    pest::unicode::XID_START(c) || c == '_'
}

impl Lexer<'_> {
    fn run(mut self) -> Vec<Token> {
        while let Some(c) = self.peek() {
            let start = self.pos;
            let kind = self.token(c);
            debug_assert!(self.pos > start);
            self.step_given(kind, start);
            self.out.push(Token { kind, span: start..self.pos });
        }
        self.out
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self, bytes: usize) {
        self.pos += bytes;
    }

    /// Follows `given { NAME: VALUE, … }` so that values are read as data text.
    fn step_given(&mut self, kind: TokenKind, start: usize) {
        use TokenKind::*;
        if matches!(kind, Space | Newline | Comment) {
            return;
        }
        self.given = match (self.given, kind) {
            (_, Word) if &self.text[start..self.pos] == "given" => Given::Word,
            (Given::Word, Open(Bracket::Brace)) => Given::Block,
            (Given::Block, Colon) => Given::Value,
            (Given::Block | Given::Value, Close(Bracket::Brace)) => Given::No,
            (Given::Block | Given::Value, _) => Given::Block,
            (Given::No | Given::Word, _) => Given::No,
        };
    }

    fn token(&mut self, c: char) -> TokenKind {
        use TokenKind::*;
        let len = c.len_utf8();
        match c {
            '\n' => self.bump(1),
            '\r' if self.rest().starts_with("\r\n") => self.bump(2),
            ' ' | '\t' | '\r' | '\u{3000}' | '\u{FEFF}' => {
                let n = self
                    .rest()
                    .find(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '\u{FEFF}'))
                    .unwrap_or(self.rest().len());
                self.bump(n.max(len));
                return Space;
            }
            '#' | '/' if c == '#' || self.rest().starts_with("//") => {
                let line = self.rest().find('\n').unwrap_or(self.rest().len());
                let line = self.rest()[..line].strip_suffix('\r').map_or(line, str::len);
                self.bump(line);
                return Comment;
            }
            _ if self.given == Given::Value && !matches!(c, '"' | '“' | '}' | '｝' | ',' | '，') => {
                return self.value();
            }
            '"' | '“' => return self.quoted(c),
            '`' => return self.quoted_name(),
            _ if is_name_start(c) => return self.word(),
            _ if is_digit(c) || matches!(c, '¥' | '￥') => return self.number(),
            _ => return self.punct(c),
        }
        Newline
    }

    fn quoted(&mut self, open: char) -> TokenKind {
        let close = if open == '"' { '"' } else { '”' };
        let body = &self.rest()[open.len_utf8()..];
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                // As the grammar's `string_inner`: a backslash takes the next character, whatever it is.
                '\\' if open == '"' => {
                    chars.next();
                }
                '\n' => break,
                c if c == close => {
                    self.bump(open.len_utf8() + i + c.len_utf8());
                    return TokenKind::Text;
                }
                _ => {}
            }
        }
        self.unclosed()
    }

    fn quoted_name(&mut self) -> TokenKind {
        match self.rest()[1..].find(['`', '\n']) {
            Some(i) if i > 0 && self.rest().as_bytes()[1 + i] == b'`' => {
                self.bump(i + 2);
                TokenKind::QuotedName
            }
            _ => self.unclosed(),
        }
    }

    fn unclosed(&mut self) -> TokenKind {
        let line = self.rest().find('\n').unwrap_or(self.rest().len());
        let line = self.rest()[..line].strip_suffix('\r').map_or(line, str::len);
        self.bump(line.max(1));
        TokenKind::Unclosed
    }

    /// A word; `至少` directly followed by a digit (`至少3项`) is a word of its own.
    fn word(&mut self) -> TokenKind {
        let n = self.rest().find(|c: char| !is_name_char(c)).unwrap_or(self.rest().len());
        let at_least = "至少";
        let glued = self.rest().starts_with(at_least) && self.rest()[at_least.len()..].starts_with(is_digit);
        self.bump(if glued { at_least.len() } else { n });
        TokenKind::Word
    }

    /// The value of a `given` entry, as the grammar's `raw_text`: up to a comma (one before three
    /// digits groups thousands), a brace, a comment or the end of the line; trailing spaces apart.
    fn value(&mut self) -> TokenKind {
        let rest = self.rest();
        let value = rest[..raw_text_len(rest)].trim_end_matches([' ', '\t', '\u{3000}', '\u{FEFF}']).len();
        if value == 0 {
            let c = self.peek().expect("not at the end");
            return self.punct(c);
        }
        self.bump(value);
        TokenKind::Value
    }

    fn number(&mut self) -> TokenKind {
        let rest = self.rest();
        let n = date(rest).or_else(|| money(rest)).unwrap_or_else(|| plain_number(rest));
        self.bump(n.max(1));
        TokenKind::Number
    }

    fn punct(&mut self, c: char) -> TokenKind {
        use TokenKind::*;
        const OPS: [&str; 9] = [">=", "<=", "!=", "->", "－>", "≥", "≤", "≠", "→"];
        if let Some(op) = OPS.iter().find(|op| self.rest().starts_with(**op)) {
            self.bump(op.len());
            return Op;
        }
        self.bump(c.len_utf8());
        match c {
            '{' | '｛' => Open(Bracket::Brace),
            '(' | '（' => Open(Bracket::Paren),
            '[' | '［' => Open(Bracket::Square),
            '}' | '｝' => Close(Bracket::Brace),
            ')' | '）' => Close(Bracket::Paren),
            ']' | '］' => Close(Bracket::Square),
            ',' | '，' | '、' => Comma,
            ':' | '：' => Colon,
            '=' | '<' | '>' | '+' | '-' | '*' | '/' | '×' | '÷' | '＝' | '＞' | '＜' | '＊' => Op,
            _ => Other,
        }
    }
}

#[cfg(test)]
mod tests;
