//! Diagnostics as data: what went wrong, where, and how to fix it. Rendering lives in `report`.

use crate::syntax::ast::Span;
use crate::syntax::lex::Tokens;
use serde::Serialize;

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

/// One error or warning about a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// A stable code such as `ladder::unknown_name`, documented in docs/errors.md.
    pub code: &'static str,
    pub severity: Severity,
    /// One plain sentence.
    pub message: String,
    pub loc: Loc,
    /// The words under the underlined span.
    pub label: String,
    /// Other places that explain this one (e.g. the first definition of a duplicate).
    pub related: Vec<(Loc, String)>,
    /// The fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `loc`.
    pub fn error(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            loc,
            label: String::new(),
            related: Vec::new(),
            help: None,
        }
    }

    /// A warning at `loc`.
    pub fn warning(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(code, loc, message) }
    }

    /// Sets the words under the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help.or(self.help);
        self
    }

    /// Adds a related place.
    pub fn related(mut self, loc: Loc, label: impl Into<String>) -> Self {
        self.related.push((loc, label.into()));
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
}

/// Every source file of a program, by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<Source>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let tokens = Tokens::new(&text);
        self.files.push(Source { path: path.into(), text, tokens });
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[file].text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
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

    /// The source text of a span.
    pub fn slice(&self, loc: &Loc) -> &str {
        let text = &self.files[loc.file].text;
        text.get(loc.span.clone()).unwrap_or("")
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
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= limit && *d < len.max(c.chars().count()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "Did you mean `X`?" for the closest of `candidates` to `name`, else the `otherwise` help.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    closest(name, candidates).map_or_else(otherwise, |c| format!("Did you mean `{c}`?"))
}
