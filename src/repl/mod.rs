//! The REPL's session: rules, session lets, the current record and data, and every command,
//! each returning its output as text so that the terminal front end stays thin and the whole
//! REPL can be tested without a terminal.

mod answer;
mod complete;
mod data;
mod needs;
mod pops;
mod record;
mod rules;
pub mod said;
pub mod style;
#[cfg(test)]
mod tests;

use crate::check::Scope;
use crate::diag::styled::Styled;
use crate::diag::Voice;
use crate::input::Encoding;
use crate::ir::Program;
pub use complete::is_open;
use jiff::civil::Date;
use record::Record;
use said::{Answer, Command, Trouble};

/// How the session renders and reads.
#[derive(Debug, Clone)]
pub struct Options {
    /// The date `today` and time windows count from.
    pub today: Date,
    /// Colour in rule error reports (the front end paints the rest; see [`style::paint`]).
    pub color: bool,
    /// The width error reports are wrapped to.
    pub width: usize,
    /// The encoding of data files.
    pub encoding: Encoding,
    /// The language of replies and errors.
    pub lang: crate::diag::Lang,
}

/// What one input produced: answers for standard output, errors for standard error, as data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    /// The answers, in order.
    pub answers: Vec<Answer>,
    /// What goes to standard error, in order: kept apart by kind, so colour needs no guessing.
    pub errors: Vec<Said>,
    /// The user asked to leave.
    pub quit: bool,
    /// Something went wrong (warnings in `err` do not count).
    pub failed: bool,
}

impl Reply {
    fn out(answer: Answer) -> Self {
        let mut r = Reply::default();
        r.say(answer);
        r
    }

    fn err(trouble: Trouble) -> Self {
        let mut r = Reply::default();
        r.error(trouble);
        r
    }

    /// Adds an answer.
    fn say(&mut self, answer: Answer) {
        self.answers.push(answer);
    }

    /// Adds an error (shown prefixed `error: `).
    fn error(&mut self, trouble: Trouble) {
        self.errors.push(Said::Error(trouble));
        self.failed = true;
    }

    /// Adds an error already rendered (a miette report).
    fn report(&mut self, text: &str) {
        self.errors.push(Said::Report(text.to_string()));
        self.failed = true;
    }

    /// Adds a warning already rendered (a miette report); it is not a failure.
    fn warn(&mut self, text: &str) {
        self.errors.push(Said::Report(text.to_string()));
    }

    /// Standard output in words (see [`Session::voice`]), with the places of its marks.
    pub fn styled(&self, voice: Voice) -> Styled {
        let mut out = Styled::default();
        self.answers.iter().for_each(|a| crate::diag::words::repl::answer(voice, a, &mut out));
        out
    }

    /// Standard output as plain text.
    pub fn out_text(&self, voice: Voice) -> String {
        self.styled(voice).text
    }

    /// Standard error as plain text.
    pub fn err_text(&self, voice: Voice) -> String {
        let mut out = String::new();
        for said in &self.errors {
            match said {
                Said::Error(t) => {
                    let message = crate::diag::words::repl_trouble::trouble(voice, t);
                    push_line(&mut out, crate::t!(voice, "error-line", message))
                }
                Said::Report(text) => out.push_str(text),
            }
        }
        out
    }

    fn and(mut self, other: Reply) -> Reply {
        self.answers.extend(other.answers);
        self.errors.extend(other.errors);
        self.quit |= other.quit;
        self.failed |= other.failed;
        self
    }

    /// Whether anything went wrong.
    pub fn failed(&self) -> bool {
        self.failed
    }
}

/// One thing said on standard error.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    /// An error, as data.
    Error(Trouble),
    /// A diagnostic already rendered (a miette report), error or warning.
    Report(String),
}

fn push_line(buf: &mut String, text: String) {
    buf.push_str(&text);
    if !text.ends_with('\n') {
        buf.push('\n');
    }
}

/// The rule file the session loaded and the program checked from it.
#[derive(Debug, Clone)]
struct Rules {
    path: String,
    base: Program,
}

/// A `let` typed during the session, kept as text so it can be checked again after `:reload`.
#[derive(Debug, Clone)]
struct SessionLet {
    name: String,
    text: String,
}

/// One REPL session.
pub struct Session {
    opts: Options,
    /// The rule file last asked for (what `:reload` reads), loaded or not.
    path: Option<String>,
    rules: Option<Rules>,
    /// The rules plus the session's lets: what expressions are checked against.
    scope: Scope,
    lets: Vec<SessionLet>,
    record: Record,
    data: Option<data::Data>,
    /// Population function arguments over the data, `[pop][row]`.
    pop_args: Vec<Vec<Option<crate::value::Decimal>>>,
}

impl Session {
    /// A session with no rules, no data and an empty record.
    pub fn new(opts: Options) -> Self {
        Session {
            opts,
            path: None,
            rules: None,
            scope: Scope::default(),
            lets: Vec::new(),
            record: Record::default(),
            data: None,
            pop_args: Vec::new(),
        }
    }

    /// The program expressions are checked against (rules and session lets).
    pub fn program(&self) -> &Program {
        self.scope.program()
    }

    /// How replies speak: in the session's language, suggesting the keywords of the rule file.
    pub fn voice(&self) -> Voice {
        let lang = self.opts.lang;
        self.rules.as_ref().map_or(lang.into(), |r| r.base.sources.voice(0, lang))
    }

    /// Handles one input: a `:command`, a `let`, or an expression (possibly several lines).
    pub fn handle(&mut self, input: &str) -> Reply {
        let text = input.trim();
        if text.is_empty() || text.starts_with('#') && !text.contains('\n') {
            return Reply::default();
        }
        let Some(command) = text.strip_prefix(':') else {
            return self.evaluate(input.trim_end());
        };
        let (word, arg) = match command.find(char::is_whitespace) {
            Some(i) => (&command[..i], command[i..].trim()),
            None => (command, ""),
        };
        let no_arg = |r: fn(&mut Self) -> Reply, s: &mut Self| {
            if arg.is_empty() {
                r(s)
            } else {
                Reply::err(Trouble::TakesNothing { command: word.to_string() })
            }
        };
        match word {
            "help" | "h" | "?" => Reply::out(Answer::Help),
            "load" => self.need_arg(Command::Load, word, arg, |s| s.load(arg)),
            "reload" => no_arg(Self::reload, self),
            "data" => self.need_arg(Command::Data, word, arg, |s| s.open_data(arg)),
            "row" => self.need_arg(Command::Row, word, arg, |s| s.row(arg)),
            "key" => self.need_arg(Command::Key, word, arg, |s| s.key(arg)),
            "set" => self.need_arg(Command::Set, word, arg, |s| s.set(arg)),
            "unset" => self.need_arg(Command::Unset, word, arg, |s| s.unset(arg)),
            "clear" => no_arg(Self::clear, self),
            "show" => no_arg(Self::show, self),
            "grade" => no_arg(Self::grade, self),
            "why" => self.need_arg(Command::Why, word, arg, |s| s.why(arg, false)),
            "whynot" => self.need_arg(Command::WhyNot, word, arg, |s| s.why(arg, true)),
            "next" => no_arg(Self::next, self),
            "examples" => no_arg(Self::examples, self),
            "lets" => no_arg(Self::list_lets, self),
            "as-of" => self.need_arg(Command::AsOf, word, arg, |s| s.as_of(arg)),
            "quit" | "q" | "exit" => Reply { quit: true, ..Reply::default() },
            _ => unknown_command(word),
        }
    }

    fn need_arg(&mut self, usage: Command, word: &str, arg: &str, f: impl FnOnce(&mut Self) -> Reply) -> Reply {
        if arg.is_empty() {
            let (command, example) = (word.to_string(), example_arg(word).to_string());
            Reply::err(Trouble::NeedsArg { command, usage, example })
        } else {
            f(self)
        }
    }

    fn as_of(&mut self, arg: &str) -> Reply {
        match crate::cell::parse_date(arg) {
            Ok(Some(d)) => {
                self.opts.today = d;
                let mut r = Reply::out(Answer::TodayIs(d));
                self.refresh_pops(&mut r);
                r
            }
            Ok(None) | Err(_) => Reply::err(Trouble::NotADate(arg.to_string())),
        }
    }

    /// The rules are needed for this command; `None` with the error when there are none.
    fn need_rules(&self) -> Option<Reply> {
        self.rules.is_none().then(|| Reply::err(Trouble::NoRules))
    }

    /// Renders a rule diagnostic as `ladder check` does.
    fn render(&self, d: &crate::diag::Diagnostic, program: &Program) -> String {
        crate::report::human(d, &program.sources, self.opts.lang, self.opts.color, self.opts.width)
    }
}

fn example_arg(word: &str) -> &'static str {
    match word {
        "load" => "rules/ten_level.ladder",
        "data" => "rules/ten_level.sample.csv",
        "row" => "2",
        "key" => "KH-2026-0102",
        "set" => "年销售额 = 1200万",
        "unset" => "年销售额",
        "as-of" => "2026-11-23",
        _ => "A06",
    }
}

fn unknown_command(word: &str) -> Reply {
    let names = Command::ALL.iter().filter_map(|c| c.name().strip_prefix(':'));
    let suggestion = crate::diag::closest(word, names).map(String::from);
    Reply::err(Trouble::UnknownCommand { word: word.to_string(), suggestion })
}
