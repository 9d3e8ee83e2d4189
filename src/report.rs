//! Rendering diagnostics: miette reports for people, JSON for tools, GitHub annotations for CI;
//! SARIF and GitLab Code Quality reports in the submodules.

mod found;
pub mod gitlab;
pub mod place;
pub mod sarif;

use crate::diag::{Diagnostic, Lang, Loc, Severity, Source, Sources, Text};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

pub use found::Found;

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// A diagnostic bound to its source, as miette wants it.
struct Report<'a> {
    d: &'a Diagnostic,
    /// Its words, in the language of the output.
    text: Text,
    source: Named,
    /// The diagnostic's span and its related spans in the same file, in `source`'s text.
    primary: SourceSpan,
    same_file: Vec<SourceSpan>,
    /// Places in other files, shown as reports of their own.
    others: Vec<Note>,
}

/// A related place in another file.
struct Note {
    label: String,
    span: SourceSpan,
    source: Named,
}

/// A source file whose report header counts columns in characters, as the JSON and GitHub
/// formats and editors do (miette counts bytes, which is wrong for Chinese lines). Long lines are
/// cut (see [`clip`]); each kept piece knows the characters cut off its line before it, so that
/// columns stay those of the file.
struct Named {
    name: String,
    text: Shown,
    kept: Vec<Kept>,
}

/// The text a report shows: the file itself, shared, or a copy with its long lines cut.
enum Shown {
    File(Arc<Source>),
    Clipped(String),
}

impl Shown {
    fn as_str(&self) -> &str {
        match self {
            Shown::File(f) => &f.text,
            Shown::Clipped(s) => s,
        }
    }
}

/// Source lines longer than this many characters are shown cut to the part around what the
/// message points at: nobody reads such a line whole, and miette cannot draw past column 65,535.
const LONG_LINE: usize = 240;

/// A piece of the file kept in the shown text: `old` in the file starts at `new` in the shown
/// text, after `cut` characters of its line were left out.
#[derive(Debug, Clone, Copy)]
struct Kept {
    old: usize,
    len: usize,
    new: usize,
    cut: usize,
}

/// `text` with each line of more than [`LONG_LINE`] characters cut to a window around `at` (a
/// byte offset; the window starts the line when `at` is elsewhere), marked with `…`; `None` when
/// no line is that long.
fn clip(text: &str, at: usize) -> Option<(String, Vec<Kept>)> {
    // A line that long has more than LONG_LINE bytes.
    if text.split('\n').all(|l| l.len() <= LONG_LINE || l.trim_end_matches('\r').chars().count() <= LONG_LINE) {
        return None;
    }
    let (mut shown, mut kept, mut old) = (String::with_capacity(text.len().min(1 << 16)), Vec::new(), 0);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let chars = body.chars().count();
        if chars <= LONG_LINE {
            kept.push(Kept { old, len: line.len(), new: shown.len(), cut: 0 });
            shown.push_str(line);
        } else {
            let here = match (old..=old + body.len()).contains(&at) {
                true => body[..crate::diag::floor_char_boundary(body, at - old)].chars().count(),
                false => 0,
            };
            let first = here.saturating_sub(LONG_LINE / 3).min(chars - LONG_LINE);
            let byte = |c: usize| body.char_indices().nth(c).map_or(body.len(), |(b, _)| b);
            let (from, to) = (byte(first), byte(first + LONG_LINE));
            if first > 0 {
                shown.push('…');
            }
            kept.push(Kept { old: old + from, len: to - from, new: shown.len(), cut: first });
            shown.push_str(&body[from..to]);
            if to < body.len() {
                shown.push('…');
            }
            shown.push_str(&line[body.len()..]);
        }
        old += line.len();
    }
    Some((shown, kept))
}

impl Named {
    /// Where offset `o` of the file is in the shown text: in a part cut off, the nearest kept end.
    fn moved(&self, o: usize) -> usize {
        if self.kept.is_empty() {
            return o.min(self.text.as_str().len());
        }
        let i = self.kept.partition_point(|k| k.old + k.len < o);
        match self.kept.get(i) {
            Some(k) if o >= k.old => k.new + (o - k.old),
            Some(k) => k.new,
            None => self.text.as_str().len(),
        }
    }

    fn span(&self, loc: &Loc) -> SourceSpan {
        let (start, end) = (self.moved(loc.span.start), self.moved(loc.span.end));
        (start, end.saturating_sub(start)).into()
    }
}

impl SourceCode for Named {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text.as_str();
        // miette counts lines from the start of the text it is given: given the lines from
        // `before` lines above the span on, a report costs the lines it shows, not the file up
        // to them (a file of a thousand warnings was rendered in time quadratic in its length).
        let (from, first) = match &self.text {
            Shown::File(f) => {
                let starts = f.line_starts();
                let line = starts.partition_point(|&s| s <= span.offset().min(text.len())).saturating_sub(1);
                // A line more than miette keeps: an empty span at the window's start would be read
                // otherwise (miette looks at the byte before a span's end).
                let first = line.saturating_sub(before + 1);
                // miette also breaks lines at a `\r` alone, which `line_starts` does not.
                let bytes = text.as_bytes();
                let lone_cr = memchr::memchr_iter(b'\r', &bytes[..starts[first]]).any(|i| bytes[i + 1] != b'\n');
                if lone_cr {
                    (0, 0)
                } else {
                    (starts[first], first)
                }
            }
            Shown::Clipped(_) => (0, 0),
        };
        let inner = text[from..].read_span(&(span.offset() - from, span.len()).into(), before, after)?;
        let offset = inner.span().offset() + from;
        let start = crate::diag::floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        // A cut line starts with `…` in place of the characters cut.
        let cut = self.kept.iter().rev().find(|k| k.new <= start).map_or(0, |k| k.cut);
        let column = text[line_start..start].chars().count() + cut.saturating_sub(1);
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            (offset, inner.span().len()).into(),
            first + inner.line(),
            column,
            // As miette counts it: the lines from the start of the text to the end of the span's.
            first + inner.line_count(),
        );
        Ok(Box::new(contents.with_language("ladder")))
    }
}

/// The file of `at` as shown in a message pointing at it.
fn named(sources: &Sources, at: &Loc) -> Named {
    let s = &sources.files[at.file];
    let starts = s.line_starts();
    let longest = starts.windows(2).map(|w| w[1] - w[0]).chain(starts.last().map(|&l| s.text.len() - l)).max();
    // A line of more than LONG_LINE characters has more than LONG_LINE bytes.
    let clipped = if longest.unwrap_or(0) > LONG_LINE { clip(&s.text, at.span.start) } else { None };
    let (text, kept) = match clipped {
        Some((clipped, kept)) => (Shown::Clipped(clipped), kept),
        None => (Shown::File(s.clone()), Vec::new()),
    };
    Named { name: s.path.clone(), text, kept }
}

impl<'a> Report<'a> {
    fn new(d: &'a Diagnostic, sources: &'a Sources, lang: Lang) -> Self {
        let text = d.text(sources.voice(d.loc.file, lang));
        let others = d
            .related
            .iter()
            .filter(|l| l.file != d.loc.file)
            .map(|l| {
                let source = named(sources, l);
                Note { label: text.related.clone(), span: source.span(l), source }
            })
            .collect();
        let source = named(sources, &d.loc);
        let primary = source.span(&d.loc);
        let same_file = d.related.iter().filter(|l| l.file == d.loc.file).map(|l| source.span(l)).collect();
        Report { d, text, source, primary, same_file, others }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.text.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code()))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.text.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary =
            LabeledSpan::new_primary_with_span(Some(self.text.label.clone()).filter(|l| !l.is_empty()), self.primary);
        let rest = self.same_file.iter().map(|&s| LabeledSpan::new_with_span(Some(self.text.related.clone()), s));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.others.is_empty() {
            return None;
        }
        Some(Box::new(self.others.iter().map(|n| n as &dyn miette::Diagnostic)))
    }
}

impl fmt::Debug for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.label)
    }
}
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.label)
    }
}
impl std::error::Error for Note {}
impl miette::Diagnostic for Note {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span))))
    }
}

/// Renders one diagnostic as a miette report in `lang`; `color` for terminals.
pub fn human(d: &Diagnostic, sources: &Sources, lang: Lang, color: bool, width: usize) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::Custom(break_points))
        .with_break_words(false);
    let mut out = String::new();
    let report = Report::new(d, sources, lang);
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", d.code(), report.text.message);
    }
    out
}

/// The pieces a line of a message wraps between: after a space or Chinese punctuation, never
/// inside a `code span` or a Chinese word (textwrap's default breaks between any two Chinese
/// characters: `当前阶` / `段`). Widths are display columns.
fn break_points(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let (mut start, mut in_code) = (0, false);
    let mut chars = line.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        in_code ^= c == '`';
        let Some(&(next_at, next)) = chars.peek() else { break };
        let breaks_after = c == ' ' || matches!(c, '，' | '、' | '。' | '；' | '：' | '？' | '！' | '）');
        if breaks_after && !in_code && next != ' ' {
            words.push(textwrap::core::Word::from(&line[start..next_at]));
            start = next_at;
        }
    }
    words.push(textwrap::core::Word::from(&line[start..]));
    Box::new(words.into_iter())
}

/// One diagnostic in the JSON output (schema in docs/errors.md).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
    pub related: Vec<JsonPlace>,
}

/// A related place in the JSON output.
#[derive(Debug, Serialize)]
pub struct JsonPlace {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub label: String,
}

/// The JSON form of a diagnostic, its words in `lang`.
pub fn json(d: &Diagnostic, sources: &Sources, lang: Lang) -> JsonDiagnostic {
    let (line, column) = sources.line_col(d.loc.file, d.loc.span.start);
    let (end_line, end_column) = sources.line_col(d.loc.file, d.loc.span.end);
    let text = d.text(sources.voice(d.loc.file, lang));
    let related = d
        .related
        .iter()
        .map(|l| {
            let (line, column) = sources.line_col(l.file, l.span.start);
            JsonPlace { file: sources.get(l.file).path.clone(), line, column, label: text.related.clone() }
        })
        .collect();
    JsonDiagnostic {
        file: sources.get(d.loc.file).path.clone(),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity(),
        code: d.code(),
        message: text.message,
        label: text.label,
        help: text.help,
        related,
    }
}

/// A GitHub Actions workflow command that annotates the line in a pull request.
pub fn github(d: &Diagnostic, sources: &Sources, lang: Lang) -> String {
    let j = json(d, sources, lang);
    let kind = if d.is_error() { "error" } else { "warning" };
    let mut message = j.message.clone();
    if let Some(h) = &j.help {
        message.push_str(" Help: ");
        message.push_str(h);
    }
    format!(
        "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&j.file),
        j.line,
        j.column,
        j.end_line,
        j.end_column,
        escape_property(d.code()),
        escape_data(&message)
    )
}

/// Escapes the message of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_text;
    use unicode_width::UnicodeWidthStr;

    /// A report reads only the lines it shows, and gets from them what miette would have read from
    /// the whole file: the same text, span, line, column and line count, with `\n`, `\r\n` and a
    /// `\r` alone as line ends (miette breaks lines at the last; the window then starts the file).
    #[test]
    fn a_report_reads_the_lines_it_shows_as_from_the_whole_file() {
        for eols in [["\n"; 5], ["\r\n"; 5], ["\n", "\n", "\r", "\n", "\r\n"]] {
            let line = |i: usize| format!("第{i}行 line {i} 和一些字{}", eols[i % 5]);
            let text: String = (0..40).map(line).collect::<String>() + "last";
            let mut sources = Sources::default();
            let file = sources.add("t.ladder", text.as_str());
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
            for &start in &starts {
                for len in [0, 1, 30, 200] {
                    let end = crate::diag::floor_char_boundary(&text, (start + len).min(text.len()));
                    let loc = Loc { file, span: start..end };
                    let source = named(&sources, &loc);
                    let span = source.span(&loc);
                    for (before, after) in [(0, 0), (1, 1), (3, 2)] {
                        let whole = source.text.as_str().read_span(&span, before, after).unwrap();
                        let window = source.read_span(&span, before, after).unwrap();
                        let at = format!("{eols:?} at {start}+{len}, context {before}/{after}");
                        assert_eq!(window.data(), whole.data(), "{at}");
                        assert_eq!(window.span(), whole.span(), "{at}");
                        assert_eq!(window.line(), whole.line(), "{at}");
                        assert_eq!(window.line_count(), whole.line_count(), "{at}");
                    }
                }
            }
        }
    }

    /// Wrapped at 60 columns, every line fits (in display columns) unless it is one unbreakable
    /// piece, and no Chinese word or code span is cut.
    #[test]
    fn help_lines_wrap_between_words_in_display_columns() {
        let choices: Vec<String> = (1..=12).map(|i| format!("第{i}个很长的阶段名称")).collect();
        let text = format!(
            "fields {{\n  阶段: one of {}\n}}\ngrades 等级 {{\n  A \"甲\" if 阶段 is 第一个\n  B \"乙\" otherwise\n}}\n",
            choices.join(", ")
        );
        let checked = check_text("wrap.ladder", text.as_str());
        let d = checked.diagnostics.iter().find(|d| d.code() == "ladder::unknown_member").expect("unknown member");
        for lang in crate::diag::LANGS {
            let out = human(d, &checked.program.sources, lang, false, 60);
            let help: Vec<&str> = out.lines().skip_while(|l| !l.trim_start().starts_with("help:")).collect();
            assert!(help.len() > 1, "{out}");
            for line in &help {
                assert!(line.width() <= 60, "too wide: {line}");
                let first = line.trim_start().trim_start_matches("help:").trim_start();
                assert!(choices.iter().any(|c| first.starts_with(c.as_str())) || line.contains("help:"), "cut: {line}");
            }
        }
    }
}
