//! Text with the places of its marks (✓ ✗ ?) and faint parts recorded as it is written, so a
//! terminal can colour it from what was said, never by searching the text.

/// What a marked part of the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A true condition (✓).
    Yes,
    /// A false condition (✗).
    No,
    /// An unknown condition (?).
    Unknown,
    /// A remark to dim, such as `(missing)`.
    Faint,
}

/// Text being written, with its toned parts as byte ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Styled {
    pub text: String,
    pub tones: Vec<(usize, usize, Tone)>,
}

impl Styled {
    /// Adds plain text.
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Adds text with a tone.
    pub fn tone(&mut self, s: &str, tone: Tone) {
        let start = self.text.len();
        self.text.push_str(s);
        self.tones.push((start, self.text.len(), tone));
    }

    /// Adds the mark of a truth: ✓, ✗ or ?.
    pub fn mark(&mut self, truth: Option<bool>) {
        let (text, tone) = mark(truth);
        self.tone(text, tone);
    }

    /// Ends the line (white space at the end of the line is dropped).
    pub fn end_line(&mut self) {
        let start = self.text.rfind('\n').map_or(0, |i| i + 1);
        let kept = start + self.text[start..].trim_end().len();
        self.text.truncate(kept);
        self.tones.retain(|(_, end, _)| *end <= kept);
        self.text.push('\n');
    }

    /// Adds another styled text after this one.
    pub fn append(&mut self, other: Styled) {
        let at = self.text.len();
        self.text.push_str(&other.text);
        self.tones.extend(other.tones.into_iter().map(|(s, e, t)| (s + at, e + at, t)));
    }

    /// The text with each toned part wrapped in what `wrap` gives for its tone (before, after).
    pub fn painted(&self, wrap: impl Fn(Tone) -> (&'static str, &'static str)) -> String {
        let mut out = String::with_capacity(self.text.len() + 16 * self.tones.len());
        let mut at = 0;
        for &(start, end, tone) in &self.tones {
            let (before, after) = wrap(tone);
            out.push_str(&self.text[at..start]);
            out.push_str(before);
            out.push_str(&self.text[start..end]);
            out.push_str(after);
            at = end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// The mark of a truth, ✓, ✗ or ?, and its tone.
fn mark(truth: Option<bool>) -> (&'static str, Tone) {
    match truth {
        Some(true) => ("✓", Tone::Yes),
        Some(false) => ("✗", Tone::No),
        None => ("?", Tone::Unknown),
    }
}

/// Text that words with marks are written into: [`Styled`] keeps where the marks are, for a
/// terminal; a `String` (a cell of a file) does not.
pub trait Marked: std::fmt::Write {
    fn push(&mut self, s: &str);
    fn mark(&mut self, truth: Option<bool>);
    /// The text, to write plain words at its end.
    fn plain(&mut self) -> &mut String;
}

impl Marked for Styled {
    fn push(&mut self, s: &str) {
        Styled::push(self, s);
    }

    fn mark(&mut self, truth: Option<bool>) {
        Styled::mark(self, truth);
    }

    fn plain(&mut self) -> &mut String {
        &mut self.text
    }
}

impl Marked for String {
    fn push(&mut self, s: &str) {
        self.push_str(s);
    }

    fn mark(&mut self, truth: Option<bool>) {
        self.push_str(mark(truth).0);
    }

    fn plain(&mut self) -> &mut String {
        self
    }
}

impl std::fmt::Write for Styled {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push(s);
        Ok(())
    }
}
