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
pub mod style;
#[cfg(test)]
mod tests;

use crate::input::Encoding;
use crate::ir::Program;
pub use complete::is_open;
use jiff::civil::Date;
use record::Record;

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
}

/// What one input produced: results for standard output, errors for standard error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub out: String,
    /// What goes to standard error, in order: kept apart by kind, so colour needs no guessing.
    pub errors: Vec<Said>,
    /// The user asked to leave.
    pub quit: bool,
    /// Something went wrong (warnings in `err` do not count).
    pub failed: bool,
}

impl Reply {
    fn out(text: impl Into<String>) -> Self {
        let mut r = Reply::default();
        r.say(text);
        r
    }

    fn err(text: impl Into<String>) -> Self {
        let mut r = Reply::default();
        r.error(text);
        r
    }

    /// Adds a line (or lines) of results.
    fn say(&mut self, text: impl Into<String>) {
        push_line(&mut self.out, text.into());
    }

    /// Adds an error line (shown prefixed `error: `).
    fn error(&mut self, text: impl Into<String>) {
        self.errors.push(Said::Error(text.into()));
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

    /// Standard error as plain text.
    pub fn err_text(&self) -> String {
        let mut out = String::new();
        for said in &self.errors {
            match said {
                Said::Error(text) => push_line(&mut out, format!("error: {text}")),
                Said::Report(text) => out.push_str(text),
            }
        }
        out
    }

    fn and(mut self, other: Reply) -> Reply {
        self.out.push_str(&other.out);
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
    /// An error in a sentence.
    Error(String),
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
    program: Program,
    lets: Vec<SessionLet>,
    record: Record,
    data: Option<data::Data>,
    /// Population function arguments over the data, `[pop][row]`.
    pop_args: Vec<Vec<f64>>,
}

/// Every command, its arguments and what it does, one line each (`:help`).
pub const COMMANDS: [(&str, &str, &str); 19] = [
    (":help", "", "this list"),
    (":load", "FILE", "load a rule file (the record and the session's lets are kept)"),
    (":reload", "", "read the rule file again after editing it; keeps the record and lets"),
    (":data", "FILE", "open a data file (CSV) for :row and :key"),
    (":row", "N", "take the record from row N of the data (the header is row 1)"),
    (":key", "ID", "take the record whose key field is ID"),
    (":set", "FIELD = VALUE", "set a field; the value is written as in the data"),
    (":unset", "FIELD", "make a field missing"),
    (":clear", "", "make every field missing"),
    (":show", "", "the record as a table, missing fields marked"),
    (":grade", "", "every ladder's level for the record, with the deciding conditions"),
    (":why", "[LADDER] LEVEL", "that rule's conditions, each part's value, and why it fires or not"),
    (":whynot", "[LADDER] LEVEL", "the same, and what would make it fire"),
    (":next", "", "the transitions that would move the record to another stage"),
    (":examples", "", "run the rule file's examples"),
    (":lets", "", "the lets defined in this session"),
    (":as-of", "DATE", "count `today` and time windows from DATE"),
    (":quit", "", "leave (Ctrl-D does too)"),
    ("EXPR | let NAME = EXPR", "", "an expression's value for the record; define a name for the session"),
];

impl Session {
    /// A session with no rules, no data and an empty record.
    pub fn new(opts: Options) -> Self {
        Session {
            opts,
            path: None,
            rules: None,
            program: Program::default(),
            lets: Vec::new(),
            record: Record::default(),
            data: None,
            pop_args: Vec::new(),
        }
    }

    /// The program expressions are checked against (rules and session lets).
    pub fn program(&self) -> &Program {
        &self.program
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
                Reply::err(format!(":{word} takes nothing after it (see :help)."))
            }
        };
        match word {
            "help" | "h" | "?" => Reply::out(help()),
            "load" => self.need_arg(word, arg, "FILE", |s| s.load(arg)),
            "reload" => no_arg(Self::reload, self),
            "data" => self.need_arg(word, arg, "FILE", |s| s.open_data(arg)),
            "row" => self.need_arg(word, arg, "N", |s| s.row(arg)),
            "key" => self.need_arg(word, arg, "ID", |s| s.key(arg)),
            "set" => self.need_arg(word, arg, "FIELD = VALUE", |s| s.set(arg)),
            "unset" => self.need_arg(word, arg, "FIELD", |s| s.unset(arg)),
            "clear" => no_arg(Self::clear, self),
            "show" => no_arg(Self::show, self),
            "grade" => no_arg(Self::grade, self),
            "why" => self.need_arg(word, arg, "LEVEL", |s| s.why(arg, false)),
            "whynot" => self.need_arg(word, arg, "LEVEL", |s| s.why(arg, true)),
            "next" => no_arg(Self::next, self),
            "examples" => no_arg(Self::examples, self),
            "lets" => no_arg(Self::list_lets, self),
            "as-of" => self.need_arg(word, arg, "DATE", |s| s.as_of(arg)),
            "quit" | "q" | "exit" => Reply { quit: true, ..Reply::default() },
            _ => unknown_command(word),
        }
    }

    fn need_arg(&mut self, word: &str, arg: &str, what: &str, f: impl FnOnce(&mut Self) -> Reply) -> Reply {
        if arg.is_empty() {
            Reply::err(format!(":{word} needs {what}, as in `:{word} {}`.", example_arg(word)))
        } else {
            f(self)
        }
    }

    fn as_of(&mut self, arg: &str) -> Reply {
        match crate::cell::parse_date(arg) {
            Ok(Some(d)) => {
                self.opts.today = d;
                let mut r = Reply::out(format!("today is now {d}"));
                self.refresh_pops(&mut r);
                r
            }
            _ => Reply::err(format!("\"{arg}\" is not a date; write it as 2026-11-23.")),
        }
    }

    /// The rules are needed for this command; `None` with the error when there are none.
    fn need_rules(&self) -> Option<Reply> {
        self.rules.is_none().then(|| Reply::err("no rules are loaded; load a rule file with :load FILE first."))
    }

    /// Renders a rule diagnostic as `ladder check` does.
    fn render(&self, d: &crate::diag::Diagnostic, program: &Program) -> String {
        crate::report::human(d, &program.sources, self.opts.color, self.opts.width)
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

/// The `:help` text: every command in one line.
pub fn help() -> String {
    let rows: Vec<(String, &str)> =
        COMMANDS.iter().map(|(c, a, d)| (if a.is_empty() { c.to_string() } else { format!("{c} {a}") }, *d)).collect();
    let width = rows.iter().map(|(c, _)| style::width(c)).max().unwrap_or(0);
    rows.iter().map(|(c, d)| format!("{}  {d}\n", style::pad(c, width))).collect()
}

fn unknown_command(word: &str) -> Reply {
    let names = COMMANDS.iter().filter_map(|(c, _, _)| c.strip_prefix(':'));
    let hint = crate::diag::closest(word, names).map(|c| format!(" Did you mean :{c}?")).unwrap_or_default();
    Reply::err(format!("there is no command :{word}.{hint} (:help lists the commands)"))
}
