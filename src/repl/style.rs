//! Layout and colour of REPL output: display widths for Chinese text, and the colours a terminal
//! gets (results stay plain text everywhere else).

use super::Said;
use crate::diag::styled::{Styled, Tone};
use crate::diag::Voice;
use unicode_width::UnicodeWidthStr;

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD_RED: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// How many terminal columns `s` takes (a Chinese character takes two).
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` padded with spaces to `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// Colours REPL output for a terminal from the places of its marks: ✓ green, ✗ red, ? yellow,
/// the `(missing)` mark dimmed.
pub fn paint(text: &Styled) -> String {
    text.painted(|tone| match tone {
        Tone::Yes => (GREEN, RESET),
        Tone::No => (RED, RESET),
        Tone::Unknown => (YELLOW, RESET),
        Tone::Faint => (DIM, RESET),
    })
}

/// Colours standard error for a terminal: the `error:` of each error red; reports as rendered.
pub fn paint_errors(voice: Voice, said: &[Said]) -> String {
    let paint_one = |s: &Said| match s {
        Said::Error(t) => {
            let text = crate::diag::words::repl_trouble::trouble(voice, t);
            let line = crate::t!(voice, "error-line", message = text);
            // The words around the message (`error: `, `错误：`) are what is painted.
            let head = line.strip_suffix(text.as_str()).unwrap_or_default();
            let gap = &head[head.trim_end().len()..];
            let newline = if text.ends_with('\n') { "" } else { "\n" };
            format!("{BOLD_RED}{}{RESET}{gap}{text}{newline}", head.trim_end())
        }
        Said::Report(text) => text.clone(),
    };
    said.iter().map(paint_one).collect()
}

/// The prompt as a terminal shows it.
pub fn prompt(color: bool) -> String {
    if color {
        format!("{GREEN}ladder>{RESET} ")
    } else {
        "ladder> ".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("询问公司产品"), 12);
        assert_eq!(pad("年销售额", 10), "年销售额  ");
    }

    #[test]
    fn marks_get_colours() {
        let mut text = Styled::default();
        text.push("  ");
        text.mark(Some(true));
        text.push(" a\n  ");
        text.mark(None);
        text.push(" b\n");
        let painted = paint(&text);
        assert!(painted.contains("\x1b[32m✓"));
        assert!(painted.contains("\x1b[33m?"));
        assert!(painted.starts_with("  "));
        let errors = paint_errors(crate::diag::Lang::En.into(), &[Said::Error(super::super::said::Trouble::NoData)]);
        assert_eq!(errors, "\x1b[1;31merror:\x1b[0m no data is open; open a data file with :data FILE first.\n");
    }
}
