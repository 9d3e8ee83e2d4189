//! Diagnostics as data: what went wrong, where, and how to fix it. Rendering lives in `report`.

use crate::syntax::ast::Span;
use crate::syntax::lex::Tokens;
use serde::Serialize;
use std::sync::{Arc, OnceLock};

/// Index of a source file in a [`Sources`].
pub type FileId = usize;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

pub mod catalogue;
pub mod data;
mod problem;
pub mod styled;
pub mod words;

pub use catalogue::{Lang, Voice, LANGS};
pub use problem::*;

/// One error or warning about a rule file: a [`Problem`] at a place. Its words come from the
/// catalogue (`words`, `catalogue`) when it is rendered, never before.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub problem: Problem,
    pub loc: Loc,
    /// Other places that explain this one (e.g. the first definition of a duplicate); the
    /// catalogue gives their label.
    pub related: Vec<Loc>,
}

impl Diagnostic {
    /// `problem` at `loc`.
    pub fn new(problem: Problem, loc: Loc) -> Self {
        Diagnostic { problem, loc, related: Vec::new() }
    }

    /// Adds a related place.
    pub fn related(mut self, loc: Loc) -> Self {
        self.related.push(loc);
        self
    }

    /// The stable code such as `ladder::unknown_name`, documented in docs/errors.md.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// How bad it is; fixed by the code.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// The words of this diagnostic in `voice` (a [`Lang`], or a [`Voice`] naming the keywords
    /// of the rule file too).
    pub fn text(&self, voice: impl Into<Voice>) -> Text {
        words::text(voice.into(), &self.problem)
    }

    /// The text that replaces the diagnostic's span to fix it, when there is one replacement: a
    /// name keeps the backticks or quotes it was written in.
    pub fn fix(&self, sources: &Sources) -> Option<String> {
        Some(match self.problem.fix()? {
            Fix::Text(text) => text.to_string(),
            Fix::Name(name) => {
                let written = sources.slice(&self.loc);
                let mut chars = written.chars();
                match (chars.next(), chars.next_back()) {
                    (Some(open), Some(close)) if written.chars().count() >= 2 && closes(open) == Some(close) => {
                        format!("{open}{name}{close}")
                    }
                    _ => crate::syntax::lex::name_text(name),
                }
            }
        })
    }

    /// Whether `other` (from a check with its own `other_sources`) is the same finding at the
    /// same place in the same file: how duplicates are found, never by comparing words.
    pub fn same_as(&self, sources: &Sources, other: &Diagnostic, other_sources: &Sources) -> bool {
        self.problem == other.problem
            && self.loc.span == other.loc.span
            && sources.get(self.loc.file).path == other_sources.get(other.loc.file).path
    }
}

/// The closing quote of an opening backtick or quote.
fn closes(open: char) -> Option<char> {
    match open {
        '`' => Some('`'),
        '"' => Some('"'),
        '“' => Some('”'),
        _ => None,
    }
}

/// The words of a diagnostic, as one language renders it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    /// One plain sentence.
    pub message: String,
    /// The words under the underlined span.
    pub label: String,
    /// The fix.
    pub help: Option<String>,
    /// The words at each related place.
    pub related: String,
}

impl Text {
    /// A message and its label.
    pub fn new(message: impl Into<String>, label: impl Into<String>) -> Self {
        Text { message: message.into(), label: label.into(), help: None, related: String::new() }
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the words at related places.
    pub fn related(mut self, label: impl Into<String>) -> Self {
        self.related = label.into();
        self
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (or `<repl>`).
    pub path: String,
    pub text: String,
    /// The text's tokens, comments and whitespace included.
    pub tokens: Tokens,
    /// The language of its keywords, once counted (see [`Sources::keywords`]).
    keywords: OnceLock<Option<Lang>>,
    /// The offset of each line's start, once found (see [`Sources::line_col`]).
    lines: OnceLock<Vec<usize>>,
}

impl Source {
    /// The offset of each line's start, the first 0, found once.
    pub fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }
}

/// Every source file of a program, by [`FileId`]. Each file is shared, not copied, by every clone
/// (a diagnostic kept for later, a REPL input checked against the program), so memory stays that
/// of the files however many diagnostics point into them.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<Arc<Source>>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let tokens = Tokens::new(&text);
        self.files.push(Arc::new(Source {
            path: path.into(),
            text,
            tokens,
            keywords: OnceLock::new(),
            lines: OnceLock::new(),
        }));
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let f = &self.files[file];
        let text = &f.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let starts = f.line_starts();
        let line = starts.partition_point(|&s| s <= offset);
        (line, text[starts[line - 1]..offset].chars().count() + 1)
    }

    /// `path:line` of a location, as written in `NAME_rule` output columns.
    pub fn file_line(&self, loc: &Loc) -> String {
        let (line, _) = self.line_col(loc.file, loc.span.start);
        format!("{}:{}", self.files[loc.file].path, line)
    }

    /// The code of a span on one line, as explanations, coverage and graph labels show it:
    /// comments left out, each run of whitespace one space.
    pub fn code(&self, loc: &Loc) -> String {
        let file = &self.files[loc.file];
        file.tokens.code(&file.text, &loc.span)
    }

    /// The language of the keywords of a file (`如果`, `且` or `if`, `and`), by the most used
    /// among the keywords that have both spellings; `None` if it has none.
    pub fn keywords(&self, file: FileId) -> Option<Lang> {
        let f = &self.files[file];
        *f.keywords.get_or_init(|| count_keywords(f))
    }

    /// How messages about `file` speak in `lang`: suggesting the keywords the file is written in.
    pub fn voice(&self, file: FileId, lang: Lang) -> Voice {
        Voice { lang, keywords: self.keywords(file).unwrap_or(lang) }
    }

    /// The source text of a span.
    pub fn slice(&self, loc: &Loc) -> &str {
        let text = &self.files[loc.file].text;
        text.get(loc.span.clone()).unwrap_or("")
    }
}

/// The language most of `f`'s keywords are written in (of those with both spellings).
fn count_keywords(f: &Source) -> Option<Lang> {
    let (mut zh, mut en) = (0, 0);
    for t in &f.tokens.list {
        let Some(kw) = t.keyword(&f.text) else { continue };
        if kw.entry().zh.is_none() {
            continue;
        }
        if kw.is_chinese(&f.text[t.span.clone()]) {
            zh += 1;
        } else {
            en += 1;
        }
    }
    match (zh, en) {
        (0, 0) => None,
        (zh, en) if zh > en => Some(Lang::Zh),
        _ => Some(Lang::En),
    }
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to `name` by edit distance, if close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = match len {
        0..=1 => 1,
        2..=4 => 2,
        _ => 3,
    };
    let chars: Vec<char> = name.chars().collect();
    let mut used = vec![false; chars.len()];
    // The characters `c` shares with `name`, counted with repeats. An edit changes the count by
    // at most one, so the distance is at least the longer length less it: most names are ruled
    // out without measuring (a file with thousands of unknown names and lets stays quick).
    let mut shared = |c: &str| {
        used.fill(false);
        let mut count = 0;
        for ch in c.chars() {
            if let Some((_, u)) = chars.iter().zip(used.iter_mut()).find(|(x, u)| **x == ch && !**u) {
                *u = true;
                count += 1;
            }
        }
        count
    };
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (c, c.chars().count()))
        .filter(|&(c, n)| n.abs_diff(len) <= limit && len.max(n) - shared(c) <= limit)
        .map(|(c, n)| (strsim::osa_distance(name, c), c, n))
        .filter(|(d, _, n)| *d <= limit && *d < len.max(*n))
        .map(|(d, c, _)| (d, c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}
