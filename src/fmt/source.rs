//! The source text as the formatter sees it: where the comments are, and what was typed between
//! the nodes of the syntax tree (the tree does not say whether `且` or `and` was written).

use crate::syntax::ast::{self, Expr, ExprKind, Item, Lit, Span};

/// A parsed file's text with its comments located.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    /// Each comment from its `#` to the end of its line, trailing whitespace excluded; in order.
    pub comments: Vec<Span>,
}

/// The whitespace of the grammar (`WHITESPACE` in `grammar/ladder.pest`).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')
}

impl<'a> Source<'a> {
    /// Locates the comments of `text`, which parsed as `file`: a `#` outside every string, quoted
    /// name and example value starts a comment.
    pub fn new(text: &'a str, file: &ast::File) -> Self {
        let mut opaque = Vec::new();
        for item in &file.items {
            item_opaque(item, &mut opaque);
        }
        opaque.sort_by_key(|s| s.start);
        let mut comments = Vec::new();
        let mut next_opaque = opaque.iter().peekable();
        let mut i = 0;
        while let Some(off) = text[i..].find('#') {
            let at = i + off;
            while next_opaque.next_if(|s| s.end <= at).is_some() {}
            if let Some(s) = next_opaque.peek().filter(|s| s.start <= at) {
                i = s.end.max(at + 1);
                continue;
            }
            let eol = text[at..].find('\n').map_or(text.len(), |e| at + e);
            let end = at + text[at..eol].trim_end().len();
            comments.push(at..end);
            i = eol;
        }
        Source { text, comments }
    }

    /// The text of a span.
    pub fn slice(&self, span: &Span) -> &'a str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// The text of a span with its comments cut out.
    pub fn code(&self, span: &Span) -> String {
        let mut out = String::new();
        let mut at = span.start;
        for c in self.comments.iter().filter(|c| c.start >= span.start && c.end <= span.end) {
            out.push_str(self.slice(&(at..c.start)));
            at = c.end;
        }
        out.push_str(self.slice(&(at..span.end.max(at))));
        out
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

    /// The first character at or after `pos` that is neither whitespace nor in a comment (nor a
    /// comma, when `commas`), with its offset.
    pub fn next_code(&self, mut pos: usize, commas: bool) -> Option<(usize, char)> {
        while let Some(c) = self.text.get(pos..).and_then(|t| t.chars().next()) {
            if let Some(comment) = self.comments.iter().find(|s| s.start == pos) {
                pos = comment.end;
            } else if is_space(c) || commas && matches!(c, ',' | '，') {
                pos += c.len_utf8();
            } else {
                return Some((pos, c));
            }
        }
        None
    }

    /// The offset of the first `{` (or `｛`) outside comments within the span.
    pub fn open_brace(&self, span: &Span) -> usize {
        let code_at = |i: usize| !self.comments.iter().any(|c| c.start <= i && i < c.end);
        self.slice(span)
            .char_indices()
            .map(|(i, c)| (span.start + i, c))
            .find(|&(i, c)| matches!(c, '{' | '｛') && code_at(i))
            .map_or(span.start, |(i, _)| i)
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

/// Spans in which a `#` is text, not a comment.
fn item_opaque(item: &Item, out: &mut Vec<Span>) {
    let name = |n: &ast::Name, out: &mut Vec<Span>| out.push(n.span.clone());
    match item {
        Item::Broken(_) => {}
        Item::Title(s) | Item::Use(s) => out.push(s.span.clone()),
        Item::Fields(fields) => {
            for f in fields {
                name(&f.name, out);
                out.extend(f.column.iter().map(|c| c.span.clone()));
                match &f.ty {
                    ast::TypeExpr::OneOf(members) => members.iter().for_each(|m| name(m, out)),
                    ast::TypeExpr::Grade(n) => name(n, out),
                    _ => {}
                }
            }
        }
        Item::Let(b) | Item::Score(b) => {
            name(&b.name, out);
            expr_opaque(&b.expr, out);
        }
        Item::Grades(g) => {
            name(&g.name, out);
            for r in &g.rules {
                name(&r.level, out);
                out.extend(r.label.iter().map(|l| l.span.clone()));
                r.cond.iter().for_each(|c| expr_opaque(c, out));
                for (n, v) in &r.outputs {
                    name(n, out);
                    out.push(v.span.clone());
                }
            }
        }
        Item::Transitions(t) => {
            name(&t.name, out);
            name(&t.field, out);
            t.finals.iter().for_each(|n| name(n, out));
            for r in &t.rules {
                r.from.iter().flatten().for_each(|n| name(n, out));
                name(&r.to, out);
                r.cond.iter().for_each(|c| expr_opaque(c, out));
            }
        }
        Item::Example(e) => {
            out.push(e.name.span.clone());
            for (n, v) in &e.given {
                name(n, out);
                out.push(v.span.clone());
            }
            for (l, v) in &e.expect {
                name(l, out);
                v.iter().for_each(|n| name(n, out));
            }
        }
    }
}

fn expr_opaque(e: &Expr, out: &mut Vec<Span>) {
    match &e.kind {
        ExprKind::Lit(Lit::Text(_)) | ExprKind::Name(_) => out.push(e.span.clone()),
        ExprKind::Call(n, _) | ExprKind::Is(_, _, n) => out.push(n.span.clone()),
        ExprKind::Contains(_, s) | ExprKind::StartsWith(_, s) => out.push(s.span.clone()),
        _ => {}
    }
    for c in e.children() {
        expr_opaque(c, out);
    }
}
