//! The message catalogues: every sentence a user reads, in each language, keyed by a stable name
//! (`unknown-name.help.declare`). The texts live in `catalogue/<lang>/*.cat`, embedded in the
//! binary; the code that chooses a key and its named arguments is shared by every language
//! (`t!`). Tests check that both languages have the same keys with the same arguments and that
//! every key the code uses exists.
//!
//! A `.cat` file holds `key = text` lines; a line that starts with spaces continues the text
//! before it on a new line; `#` starts a comment line. In a text:
//! - `{name}` is a named argument;
//! - `{name|one|other}` is `one` when the argument is 1 and `other` otherwise (English plurals);
//! - `{kw:and}` is a keyword of the rule language, in the language the rule file is written in
//!   (`and` or `且`), so a help line suggests the forms the manager already uses.
//!
//! Any other brace, as in `fields { … }`, is text.

use crate::syntax::keywords::KEYWORDS;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{Display, Write};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// A language of messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

/// Every language, in the order `--lang` lists them.
pub const LANGS: [Lang; 2] = [Lang::Zh, Lang::En];

/// How messages speak: their language, and the language of the rule keywords they suggest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    pub lang: Lang,
    /// `且` or `and` in help lines: the keywords of the rule file the message is about.
    pub keywords: Lang,
}

impl From<Lang> for Voice {
    /// Messages in `lang` suggesting keywords in the same language.
    fn from(lang: Lang) -> Self {
        Voice { lang, keywords: lang }
    }
}

/// The catalogue files of a language, one per part of the program.
macro_rules! files {
    ($lang:literal: $($file:literal),*) => {
        &[$(include_str!(concat!("catalogue/", $lang, "/", $file, ".cat"))),*]
    };
}

const EN: &[&str] = files!("en": "common", "names", "syntax", "types", "lint", "cli", "transitions", "testing", "testing_why", "check", "repl", "repl_trouble", "data", "run", "explain", "audit", "diff", "sql", "serve");
const ZH: &[&str] = files!("zh": "common", "names", "syntax", "types", "lint", "cli", "transitions", "testing", "testing_why", "check", "repl", "repl_trouble", "data", "run", "explain", "audit", "diff", "sql", "serve");

impl Lang {
    /// The code `--lang` and `LADDER_LANG` take.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language a locale name such as `zh_CN.UTF-8`, `zh-Hans` or `en_US` stands for:
    /// any Chinese locale gives Chinese; `C`, `POSIX` and everything else English.
    pub fn of_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        if l == "zh" || l.starts_with("zh_") || l.starts_with("zh-") || l.starts_with("zh.") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the messages: `LADDER_LANG`, then `LC_ALL`, `LC_MESSAGES` and `LANG` (the
    /// first one set and not empty decides), then the system's locale (Windows has no `LANG`).
    pub fn from_env() -> Lang {
        let var = ["LADDER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
        match var {
            Some(v) => Lang::of_locale(&v),
            None => sys_locale::get_locale().map_or(Lang::En, |l| Lang::of_locale(&l)),
        }
    }

    fn catalogue(self) -> &'static Catalogue {
        static CATALOGUES: [OnceLock<Catalogue>; 2] = [OnceLock::new(), OnceLock::new()];
        let (cell, files) = match self {
            Lang::En => (&CATALOGUES[0], EN),
            Lang::Zh => (&CATALOGUES[1], ZH),
        };
        cell.get_or_init(|| Catalogue::parse(files))
    }

    /// Every text whose key starts with `prefix`, by key: the words of a front end that shows
    /// them itself (the workbench's page).
    pub fn texts(self, prefix: &str) -> std::collections::BTreeMap<&'static str, &'static str> {
        let c = self.catalogue();
        c.0.iter().filter(|(k, _)| k.starts_with(prefix)).map(|(k, v)| (*k, v.text)).collect()
    }
}

impl Voice {
    /// The text of `key` in this voice with its arguments filled in. A key missing from the
    /// language falls back to English (tests make sure none is missing).
    pub fn t(self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.text(key, self.message(key), args)
    }

    /// [`Voice::t`] for the call site `site` of [`t!`], which looks its message up once per language.
    #[doc(hidden)]
    pub fn t_at(self, site: &'static Site, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.text(key, self.message_at(site, key), args)
    }

    /// [`Voice::t_at`] written at the end of `out` (the lines of `--explain`, one buffer a line).
    #[doc(hidden)]
    pub fn t_into_at(self, site: &'static Site, out: &mut String, key: &str, args: &[(&str, Arg<'_>)]) {
        self.fill(out, key, self.message_at(site, key), args);
    }

    fn text(self, key: &str, message: Option<&Message>, args: &[(&str, Arg<'_>)]) -> String {
        // Room for arguments as long as a `NAME_why` cell's phrases, so that it is rarely grown.
        let mut out = String::with_capacity(message.map_or(key.len(), |m| m.text.len()) + 256);
        self.fill(&mut out, key, message, args);
        out
    }

    fn message_at(self, site: &'static Site, key: &str) -> Option<&'static Message> {
        let slot = match self.lang {
            Lang::En => &site.0[0],
            Lang::Zh => &site.0[1],
        };
        *slot.get_or_init(|| self.message(key))
    }

    fn message(self, key: &str) -> Option<&'static Message> {
        let message = self.lang.catalogue().get(key).or_else(|| Lang::En.catalogue().get(key));
        debug_assert!(message.is_some(), "no message `{key}` in the catalogue");
        message
    }

    fn fill(self, out: &mut String, key: &str, message: Option<&Message>, args: &[(&str, Arg<'_>)]) {
        match message {
            Some(m) => fill_slots(out, m.text, m.slots.get_or_init(|| slots(m.text)), args, self.keywords),
            None => fill_slots(out, key, &slots(key), args, self.keywords),
        }
    }
}

/// [`Voice::t`] with arguments named like variables: `t!(v, "unknown-name", name)` or
/// `t!(v, "rows", n = rows.len())`. `v` is a [`Lang`] or a [`Voice`].
#[macro_export]
macro_rules! t {
    (into $out:expr; $voice:expr, $key:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::diag::catalogue::{ShownArg as _, TextArg as _};
        static SITE: $crate::diag::catalogue::Site = $crate::diag::catalogue::Site::new();
        $crate::diag::Voice::from($voice).t_into_at(&SITE, $out, $key, &[$((stringify!($name), (&$crate::diag::catalogue::ArgOf(&$crate::t!(@value $name $(, $value)?))).arg())),*])
    }};
    ($voice:expr, $key:literal $(, $name:ident $(= $value:expr)?)* $(,)?) => {{
        #[allow(unused_imports)]
        use $crate::diag::catalogue::{ShownArg as _, TextArg as _};
        static SITE: $crate::diag::catalogue::Site = $crate::diag::catalogue::Site::new();
        $crate::diag::Voice::from($voice).t_at(&SITE, $key, &[$((stringify!($name), (&$crate::diag::catalogue::ArgOf(&$crate::t!(@value $name $(, $value)?))).arg())),*])
    }};
    (@value $name:ident) => { $name };
    (@value $name:ident, $value:expr) => { $value };
}

/// An argument of a message: text is copied as it is, anything else is written through
/// `Display` (which costs a formatting call: `--explain` fills several messages a row).
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Shown(&'a dyn Display),
}

impl Display for Arg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Text(s) => f.write_str(s),
            Arg::Shown(v) => v.fmt(f),
        }
    }
}

/// How [`t!`] makes the [`Arg`] of a value: `(&ArgOf(&value)).arg()` finds [`TextArg`] when the
/// value is text (its impl is on `ArgOf` itself, so method lookup tries it first) and
/// [`ShownArg`] for anything else that is `Display`.
#[doc(hidden)]
pub struct ArgOf<'a, T: ?Sized>(pub &'a T);

#[doc(hidden)]
pub trait TextArg<'a> {
    fn arg(&self) -> Arg<'a>;
}

/// Text however it is held (`str`, `&str`, `String`, `&String`, `Cow<str>`…): the standard
/// library's texts show as the text they hold.
impl<'a, T: AsRef<str> + ?Sized> TextArg<'a> for ArgOf<'a, T> {
    fn arg(&self) -> Arg<'a> {
        Arg::Text(self.0.as_ref())
    }
}

#[doc(hidden)]
pub trait ShownArg<'a> {
    fn arg(&self) -> Arg<'a>;
}

impl<'a, T: Display> ShownArg<'a> for &ArgOf<'a, T> {
    fn arg(&self) -> Arg<'a> {
        Arg::Shown(self.0)
    }
}

/// The message of one [`t!`] call site in each language, looked up the first time the site is
/// reached in that language (`--explain` words several messages for every row).
#[doc(hidden)]
pub struct Site([OnceLock<Option<&'static Message>>; 2]);

impl Site {
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Site {
        Site([OnceLock::new(), OnceLock::new()])
    }
}

/// One language's texts by key, each with its slots found the first time it is used (messages
/// are worded row after row in `ladder run --explain`; most are never used in a run).
struct Catalogue(HashMap<&'static str, Message, BuildHasherDefault<Fnv>>);

/// FNV-1a: the keys are the program's own short words, looked up for every line an explanation
/// writes, so SipHash's guard against keys chosen to collide buys nothing and costs a ninth of an
/// `--explain` run's catalogue time.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A text of the catalogue and its slots.
struct Message {
    text: &'static str,
    slots: OnceLock<Vec<(std::ops::Range<usize>, Slot<'static>)>>,
}

impl Catalogue {
    fn parse(files: &[&'static str]) -> Catalogue {
        let message = |(key, text): (&'static str, Cow<'static, str>)| {
            // The catalogue lives as long as the program (it is built once, in a static): a text
            // of one line is the file's own, one joined from several lines is leaked.
            let text: &'static str = match text {
                Cow::Borrowed(text) => text,
                Cow::Owned(text) => text.leak(),
            };
            (key, Message { text, slots: OnceLock::new() })
        };
        Catalogue(entries(files).into_iter().map(message).collect())
    }

    fn get(&self, key: &str) -> Option<&Message> {
        self.0.get(key)
    }
}

/// The `(key, text)` entries of catalogue files, in order (repeated keys kept, for the tests).
fn entries(files: &[&'static str]) -> Vec<(&'static str, Cow<'static, str>)> {
    let mut out: Vec<(&'static str, Cow<'static, str>)> = Vec::new();
    for line in files.iter().flat_map(|f| f.lines()) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        match out.last_mut() {
            Some((_, text)) if line.starts_with(' ') => {
                let text = text.to_mut();
                text.push('\n');
                text.push_str(line.trim());
            }
            _ => {
                // `line.split_once(" =")`, without setting up a substring search for each of the
                // catalogue's thousand lines (a quarter of reading it, at every start-up).
                let b = line.as_bytes();
                let eq = (1..b.len()).find(|&i| b[i] == b'=' && b[i - 1] == b' ');
                let (key, text) = eq.map_or((line, ""), |i| (&line[..i - 1], &line[i + 1..]));
                out.push((key.trim(), Cow::Borrowed(text.trim())));
            }
        }
    }
    out
}

/// What a `{…}` in a text stands for.
#[derive(Debug, PartialEq)]
enum Slot<'a> {
    Arg(&'a str),
    Plural(&'a str, &'a str, &'a str),
    Keyword(&'a str),
}

/// The slot `{inner}` stands for, if it is one; other braces are text.
fn slot(inner: &str) -> Option<Slot<'_>> {
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if let Some(kw) = inner.strip_prefix("kw:") {
        return ident(kw).then_some(Slot::Keyword(kw));
    }
    let mut parts = inner.split('|');
    let name = parts.next().filter(|n| ident(n))?;
    match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => Some(Slot::Arg(name)),
        (Some(one), Some(other), None) => Some(Slot::Plural(name, one, other)),
        _ => None,
    }
}

/// Each slot of `text` with its place, in order.
fn slots(text: &str) -> Vec<(std::ops::Range<usize>, Slot<'_>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i) else { break };
        match slot(&text[open + 1..close]) {
            Some(s) => {
                out.push((open..close + 1, s));
                from = close + 1;
            }
            None => from = open + 1,
        }
    }
    out
}

/// `text` with its slots filled from `args` and keywords spelled in `keywords`.
#[cfg(test)]
fn fill(text: &str, args: &[(&str, Arg<'_>)], keywords: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    fill_slots(&mut out, text, &slots(text), args, keywords);
    out
}

/// [`fill`] with the slots of `text` already found.
fn fill_slots(
    out: &mut String,
    text: &str,
    slots: &[(std::ops::Range<usize>, Slot<'_>)],
    args: &[(&str, Arg<'_>)],
    keywords: Lang,
) {
    let mut at = 0;
    let arg = |name: &str| {
        let found = args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        debug_assert!(found.is_some(), "no argument `{name}` for `{text}`");
        found
    };
    for (range, s) in slots {
        out.push_str(&text[at..range.start]);
        match *s {
            Slot::Arg(name) => match arg(name) {
                Some(Arg::Text(s)) => out.push_str(s),
                Some(Arg::Shown(v)) => _ = write!(out, "{v}"),
                None => {}
            },
            Slot::Plural(name, one, other) => {
                let is_one = arg(name).is_some_and(|v| v.to_string() == "1");
                out.push_str(if is_one { one } else { other })
            }
            Slot::Keyword(kw) => out.push_str(keyword(kw, keywords)),
        }
        at = range.end;
    }
    out.push_str(&text[at..]);
}

/// A keyword named by its English spelling (`at_least` for `at least`), in `lang`.
fn keyword(name: &str, lang: Lang) -> &'static str {
    let spells = |en: &str| {
        en.len() == name.len() && en.bytes().zip(name.bytes()).all(|(e, n)| e == n || (e, n) == (b' ', b'_'))
    };
    match KEYWORDS.iter().find(|k| spells(k.en)) {
        Some(k) => match lang {
            Lang::Zh => k.zh.unwrap_or(k.en),
            Lang::En => k.en,
        },
        None => {
            debug_assert!(false, "no keyword `{name}`");
            ""
        }
    }
}

#[cfg(test)]
mod tests;
