//! `ladder fmt`: one canonical layout for a rule file, comments kept, meaning unchanged.
//!
//! The file is parsed and printed back from its syntax tree, so full-width punctuation becomes
//! ASCII and spacing becomes regular; literals and the language of keywords are kept as typed,
//! and every comment is put back beside the code it was next to (see `layout`).

mod expr;
pub use expr::quote;
mod items;
mod layout;
mod source;

use crate::diag::Diagnostic;
use crate::syntax::parse::{parse_file, parse_lexed};
use layout::Out;
use source::Source;

/// The formatter's state: the printer for one source and the lines printed so far.
struct Fmt<'s, 'a> {
    p: expr::Printer<'s, 'a>,
    out: Out,
}

/// Formats a rule file. A file that does not parse is never rewritten: its parse errors are
/// returned instead.
pub fn format(text: &str) -> Result<String, Vec<Diagnostic>> {
    crate::syntax::on_deep_stack(|| format_here(text))
}

fn format_here(text: &str) -> Result<String, Vec<Diagnostic>> {
    let src = Source::new(text);
    let (file, errors) = parse_lexed(0, text, &src.tokens);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut f = Fmt { p: expr::Printer { src: &src }, out: Out::default() };
    let mut end = 0;
    for item in &file.items {
        let start = src.next_code(end, false).map_or(end, |(p, _)| p);
        end = f.item(item, start);
    }
    let mut lines = layout::place_comments(f.out.lines, &src);
    layout::blank_lines(&mut lines, &src);
    Ok(layout::render(&lines))
}

/// The comments of a rule file (each from `#` to the end of its line, trailing spaces dropped),
/// in order; the parse errors if it does not parse.
pub fn comments(text: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let (_, errors) = crate::syntax::on_deep_stack(|| parse_file(0, text));
    if !errors.is_empty() {
        return Err(errors);
    }
    let src = Source::new(text);
    Ok(src.comments.iter().map(|c| src.slice(c).to_string()).collect())
}
