//! Printed lines and where the comments go: each line remembers the source it came from, so a
//! comment can be put back before the line that follows it or at the end of the line it was in.

use super::source::{is_space, Source};
use crate::syntax::ast::Span;
use unicode_width::UnicodeWidthStr;

/// The widest a line may be (in display columns, a Chinese character counting two) before its
/// groups and blocks are written one member per line.
pub const WIDTH: usize = 100;

/// Display width of a text.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// One printed line.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub indent: usize,
    pub text: String,
    /// The source this line was printed from.
    pub src: Span,
    /// Starts a top-level declaration.
    pub item: bool,
    /// A one-line `let`, `score`, `use` or title, which may stay next to another such line.
    pub joinable: bool,
    /// Begins with the `}` of a block.
    pub closes: bool,
    /// A comment on a line of its own.
    pub comment: bool,
    /// Comments at the end of the line.
    pub trailing: Vec<String>,
    pub blank_before: bool,
}

impl Line {
    fn opens(&self) -> bool {
        self.text.ends_with('{')
    }

    /// Width of the line's code, indentation included.
    pub fn width(&self) -> usize {
        self.indent + width(&self.text)
    }
}

/// The lines printed so far and the one being printed.
#[derive(Debug, Default)]
pub struct Out {
    pub lines: Vec<Line>,
    cur: Line,
}

impl Out {
    /// Starts a line at `indent`, printed from source starting at `start`.
    pub fn open(&mut self, indent: usize, start: usize) {
        self.cur = Line { indent, src: start..start, ..Line::default() };
    }

    /// Appends text to the current line.
    pub fn push(&mut self, s: &str) {
        self.cur.text.push_str(s);
    }

    /// The indentation of the current line.
    pub fn indent(&self) -> usize {
        self.cur.indent
    }

    /// The width of the current line so far.
    pub fn width(&self) -> usize {
        self.cur.width()
    }

    /// Marks the current line as the start of a top-level declaration.
    pub fn mark_item(&mut self) {
        self.cur.item = true;
    }

    /// Marks the current line as beginning with a closing brace.
    pub fn mark_closes(&mut self) {
        self.cur.closes = true;
    }

    /// Finishes the current line, printed from source ending at `end`.
    pub fn end(&mut self, end: usize) {
        let mut line = std::mem::take(&mut self.cur);
        line.src.end = end.max(line.src.start);
        self.lines.push(line);
    }

    /// The text of a line-less printing (a flat expression).
    pub fn flat(mut self) -> String {
        self.end(0);
        self.lines.into_iter().map(|l| l.text).collect::<Vec<_>>().join(" ")
    }
}

/// Puts every comment back among the code lines (which are in source order): a comment alone on
/// its line goes before the first line printed from later source, at that line's indentation; a
/// comment after code, or inside source printed as one line, goes at the end of that line. A
/// line keeps one comment at its end; any more go on lines of their own just before it.
pub fn place_comments(code: Vec<Line>, src: &Source<'_>) -> Vec<Line> {
    debug_assert!(code.windows(2).all(|w| w[0].src.start <= w[1].src.start), "lines out of source order");
    let n = code.len();
    let mut code = code;
    // For each line, the comments to print before it: (the comment, the source it stands for).
    let mut before: Vec<Vec<(Span, Span)>> = vec![Vec::new(); n + 1];
    for c in &src.comments {
        let host = code.partition_point(|l| l.src.start <= c.start).checked_sub(1);
        let inside = host.is_some_and(|h| c.start < code[h].src.end);
        match host {
            Some(h) if inside || !src.own_line(c) => {
                if code[h].trailing.is_empty() {
                    code[h].trailing.push(src.slice(c).to_string());
                } else {
                    let at = code[h].src.start;
                    before[h].push((c.clone(), at..at));
                }
            }
            _ => before[host.map_or(0, |h| h + 1)].push((c.clone(), c.clone())),
        }
    }
    let mut out = Vec::with_capacity(n + src.comments.len());
    for (i, comments) in before.into_iter().enumerate() {
        let indent = code.get(i).map_or(0, |l| l.indent + if l.closes { 2 } else { 0 });
        for (c, at) in comments {
            let text = src.slice(&c).to_string();
            out.push(Line { indent, text, src: at, comment: true, ..Line::default() });
        }
        if let Some(line) = code.get_mut(i) {
            out.push(std::mem::take(line));
        }
    }
    out
}

/// Decides the blank lines: one between top-level declarations, and inside blocks one wherever
/// the source had at least one, never right after `{` or before `}`.
pub fn blank_lines(lines: &mut [Line], src: &Source<'_>) {
    for i in 1..lines.len() {
        let (prev, line) = (&lines[i - 1], &lines[i]);
        let gap = src.slice(&(prev.src.end..line.src.start.max(prev.src.end)));
        let parts: Vec<&str> = gap.split('\n').collect();
        let had_blank = parts.len() > 2 && parts[1..parts.len() - 1].iter().any(|l| l.chars().all(is_space));
        let new_item = line.item && !prev.comment && !(prev.joinable && line.joinable);
        lines[i].blank_before = !line.closes && !prev.opens() && (had_blank || new_item);
    }
    // Declarations separated only by comments still get a blank line, right after the first one.
    for j in 0..lines.len() {
        if !lines[j].item {
            continue;
        }
        let mut p = j;
        while p > 0 && lines[p - 1].comment && lines[p - 1].indent == 0 {
            p -= 1;
        }
        let joined = p > 0 && lines[p - 1].joinable && lines[j].joinable;
        if p > 0 && !joined && !lines[p..=j].iter().any(|l| l.blank_before) {
            lines[p].blank_before = true;
        }
    }
}

/// Writes the lines out, aligning the trailing comments of consecutive lines at one indentation
/// two columns past the longest of them.
pub fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..]
            .iter()
            .enumerate()
            .take_while(|(k, l)| !l.trailing.is_empty() && (*k == 0 || !l.blank_before && l.indent == lines[i].indent))
            .count()
            .max(1);
        let column = lines[i..i + run].iter().map(Line::width).max().unwrap_or(0) + 2;
        for line in &lines[i..i + run] {
            if line.blank_before && !out.is_empty() {
                out.push('\n');
            }
            let mut text = format!("{}{}", " ".repeat(line.indent), line.text);
            if !line.trailing.is_empty() {
                text.push_str(&" ".repeat(column - line.width()));
                text.push_str(&line.trailing.join(" "));
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        i += run;
    }
    out
}
