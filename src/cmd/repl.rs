//! `ladder repl`: the terminal front of `ladder::repl` — rustyline with history, completion and
//! multi-line input on a terminal; plain line-by-line reading when standard input is not one.

use super::term::{self, Colors};
use super::{as_of_or_report, lang, stdio, FOUND, OK, USAGE};
use ladder::diag::Voice;
use ladder::input::Encoding;
use ladder::repl::{is_open, style, Options, Reply, Session};
use ladder::t;
use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, Helper};
use std::borrow::Cow;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    rules: Option<PathBuf>,
    #[arg(long, value_name = "DATA")]
    data: Option<String>,
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[arg(long, default_value = "auto")]
    encoding: Encoding,
    #[arg(long)]
    echo: bool,
}

pub fn run(args: Args) -> i32 {
    let Ok(today) = as_of_or_report(args.as_of.as_deref()) else { return USAGE };
    let terminal = std::io::stdin().is_terminal();
    let color = term::colors();
    let mut session =
        Session::new(Options { today, color: color.stderr, width: 100, encoding: args.encoding, lang: lang() });
    let mut failed = false;
    if let Some(rules) = &args.rules {
        failed |= print(&session.load(&rules.to_string_lossy()), session.voice(), color);
    }
    if let Some(data) = &args.data {
        failed |= print(&session.open_data(data), session.voice(), color);
    }
    if terminal {
        interactive(session, color)
    } else {
        failed |= script(&mut session, args.echo, color);
        if failed {
            FOUND
        } else {
            OK
        }
    }
}

/// Prints a reply, coloured where the stream takes colour; whether it held an error.
fn print(reply: &Reply, voice: Voice, color: Colors) -> bool {
    let out = match color.stdout {
        true => style::paint(&reply.styled(voice)),
        false => reply.out_text(voice),
    };
    let err = match color.stderr {
        true => style::paint_errors(voice, &reply.errors),
        false => reply.err_text(voice),
    };
    stdio::out(out);
    stdio::err(err);
    reply.failed()
}

/// Reads commands line by line from a pipe or file, in the encodings rule files may have (a
/// script saved by Notepad as GBK or UTF-16); a line that leaves a brace open continues on the
/// next.
fn script(session: &mut Session, echo: bool, color: Colors) -> bool {
    let mut failed = false;
    let mut pending = String::new();
    let input = match ladder::input::decode(std::io::stdin(), ladder::input::Encoding::Auto) {
        Ok((text, _)) => std::io::BufReader::new(text),
        Err(e) => {
            stdio::errln(t!(lang(), "error-line", message = ladder::input::os_reason(&e)));
            return true;
        }
    };
    for (n, line) in input.lines().enumerate() {
        let Ok(line) = line else {
            // Valid UTF-8 at the start and not further on: say where, rather than stop silently.
            stdio::errln(t!(lang(), "error-line", message = t!(lang(), "repl.script-not-text", line = n + 1)));
            return true;
        };
        if echo {
            stdio::outln(format_args!("> {line}"));
        }
        pending.push_str(&line);
        pending.push('\n');
        if is_open(&pending) {
            continue;
        }
        let reply = session.handle(&std::mem::take(&mut pending));
        failed |= print(&reply, session.voice(), color);
        // Answers nobody can read: the rest of the script is not run.
        if reply.quit || stdio::out_failed() {
            return failed;
        }
    }
    if !pending.trim().is_empty() {
        failed |= print(&session.handle(&pending), session.voice(), color);
    }
    failed
}

/// The terminal loop.
fn interactive(session: Session, color: Colors) -> i32 {
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(true).max_history_size(1000);
    let Ok(config) = config.map(|c| c.build()) else { return USAGE };
    let mut editor: Editor<Repl, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            stdio::errln(t!(lang(), "error-line", message = t!(lang(), "repl.no-editor", reason = e)));
            return USAGE;
        }
    };
    editor.set_helper(Some(Repl { session, color: color.stdout }));
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    if !term::quiet() {
        stdio::outln(t!(lang(), "repl.greeting"));
    }
    let prompt = "ladder> ";
    loop {
        match editor.readline(prompt) {
            Ok(line) => {
                let Some(helper) = editor.helper_mut() else { break };
                let reply = helper.session.handle(&line);
                print(&reply, helper.session.voice(), color);
                if reply.quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                stdio::errln(t!(lang(), "error-line", message = e));
                break;
            }
        }
    }
    if let Some(h) = &history {
        if let Some(dir) = h.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.save_history(h) {
            let message = t!(lang(), "repl.no-history", path = h.display(), reason = e);
            stdio::errln(t!(lang(), "warning-line", message));
        }
    }
    OK
}

/// `ladder/history.txt` under the user's data directory.
fn history_file() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("ladder").join("history.txt"))
}

/// The rustyline helper: the session itself, so completion sees the current rules.
struct Repl {
    session: Session,
    color: bool,
}

impl Completer for Repl {
    type Candidate = String;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.session.complete(line, pos))
    }
}

impl Hinter for Repl {
    type Hint = String;
}

impl Highlighter for Repl {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(&'s self, prompt: &'p str, _default: bool) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(style::prompt(true))
        } else {
            Cow::Borrowed(prompt)
        }
    }
}

impl Validator for Repl {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_open(ctx.input()) { ValidationResult::Incomplete } else { ValidationResult::Valid(None) })
    }
}

impl Helper for Repl {}
