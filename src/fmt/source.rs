//! The source text as the formatter sees it: its tokens, where the comments are, and what was
//! typed between the nodes of the syntax tree (the keyword's spelling, `且` or `and`).

use crate::syntax::ast::Span;
use crate::syntax::lex::{Bracket, TokenKind, Tokens};

/// A parsed file's text with its tokens and comments.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub tokens: Tokens,
    /// Each comment from its `#` to the end of its line, trailing whitespace excluded; in order.
    pub comments: Vec<Span>,
}

/// The whitespace of the grammar (`WHITESPACE` in `grammar/ladder.pest`).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
}

impl<'a> Source<'a> {
    /// The tokens and comments of `text`.
    pub fn new(text: &'a str) -> Self {
        let tokens = Tokens::new(text);
        let comments =
            tokens.comments().map(|c| c.span.start..c.span.start + text[c.span.clone()].trim_end().len()).collect();
        Source { text, tokens, comments }
    }

    /// The text of a span.
    pub fn slice(&self, span: &Span) -> &'a str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// The text of a span with its comments cut out.
    pub fn code(&self, span: &Span) -> String {
        let inside = self.tokens.within(span).iter().filter(|t| t.kind != TokenKind::Comment && t.span.end <= span.end);
        inside.map(|t| self.slice(&t.span)).collect()
    }

    /// Whether `word` was typed as a word of its own in the span (the Chinese spelling of a
    /// keyword, say).
    pub fn has_word(&self, span: &Span, word: &str) -> bool {
        self.tokens.within(span).iter().any(|t| t.kind == TokenKind::Word && self.slice(&t.span) == word)
    }

    /// Whether a comment lies inside the span.
    pub fn has_comment(&self, span: &Span) -> bool {
        self.comments.iter().any(|c| c.start >= span.start && c.start < span.end)
    }

    /// Whether nothing but whitespace precedes the comment on its line.
    pub fn own_line(&self, comment: &Span) -> bool {
        let line_start = self.text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..comment.start].chars().all(is_space)
    }

    /// The first token at or after `pos` that is neither whitespace nor a comment (nor a comma,
    /// when `commas`): its offset and first character.
    pub fn next_code(&self, pos: usize, commas: bool) -> Option<(usize, char)> {
        let from = self.tokens.list.partition_point(|t| t.span.start < pos);
        let skip = |k: TokenKind| {
            matches!(k, TokenKind::Space | TokenKind::Newline | TokenKind::Comment) || commas && k == TokenKind::Comma
        };
        let t = self.tokens.list[from..].iter().find(|t| !skip(t.kind))?;
        Some((t.span.start, self.slice(&t.span).chars().next()?))
    }

    /// The offset of the first `{` (or `｛`) token within the span.
    pub fn open_brace(&self, span: &Span) -> usize {
        let brace = self.tokens.within(span).iter().find(|t| t.kind == TokenKind::Open(Bracket::Brace));
        brace.map_or(span.start, |t| t.span.start)
    }

    /// The offset just past the brace at `pos`.
    pub fn after(&self, pos: usize) -> usize {
        pos + self.text[pos..].chars().next().map_or(0, char::len_utf8)
    }

    /// The offset of the last character of a span (its closing brace, for a block).
    pub fn last_char(&self, span: &Span) -> usize {
        self.slice(span).char_indices().last().map_or(span.start, |(i, _)| span.start + i)
    }
}
