//! Loading rules into the session (`:load`, `:reload`), keeping the last good rules when the new
//! ones have errors, and checking the session's lets again against whatever was loaded.

use super::{Reply, Rules, Session, SessionLet};
use crate::check::{check_input, check_path, CheckedInput, Input};
use crate::ir::Program;

/// The source name of everything typed at the REPL.
pub(super) const REPL: &str = "<repl>";

impl Session {
    /// `:load FILE`, also used at start-up.
    pub fn load(&mut self, path: &str) -> Reply {
        self.path = Some(path.to_string());
        let checked = match check_path(path) {
            Ok(c) => c,
            Err(e) => {
                return Reply::err(format!("cannot read {path}: {}", super::data::plain_io(&e))).and(self.keeping())
            }
        };
        let mut r = Reply::default();
        for d in &checked.diagnostics {
            let text = self.render(d, &checked.program);
            if d.is_error() {
                r.report(&text);
            } else {
                r.warn(&text);
            }
        }
        if checked.has_errors() {
            let n = checked.diagnostics.iter().filter(|d| d.is_error()).count();
            r.error(format!("{path} has {n} error{}.", if n == 1 { "" } else { "s" }));
            return r.and(self.keeping());
        }
        let p = &checked.program;
        let names = |v: Vec<&str>| if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) };
        r.say(format!(
            "loaded {path}: {} fields, {}{}, {}{}, {}",
            p.fields.len(),
            count(p.ladders.len(), "ladder"),
            names(p.ladders.iter().map(|l| l.name.as_str()).collect()),
            count(p.transitions.len(), "transition set"),
            names(p.transitions.iter().map(|t| t.name.as_str()).collect()),
            count(p.examples.len(), "example"),
        ));
        self.rules = Some(Rules { path: path.to_string(), base: checked.program });
        self.rebuild(&mut r);
        self.record.reread(&self.program, &mut r);
        if let Some(problem) = self.data_problem() {
            problem.lines().for_each(|line| r.error(line));
        }
        self.refresh_pops(&mut r);
        r
    }

    /// `:reload`.
    pub(super) fn reload(&mut self) -> Reply {
        match self.path.clone() {
            Some(path) => self.load(&path),
            None => Reply::err("no rule file was loaded yet; use :load FILE."),
        }
    }

    /// What the session goes on with after rules failed to load.
    fn keeping(&self) -> Reply {
        match &self.rules {
            Some(rules) => Reply::err(format!("kept the rules loaded before, from {}.", rules.path)),
            None => Reply::err("no rules are loaded; fix the file and :reload, or :load another."),
        }
    }

    /// Checks the session's lets again, in order, against the loaded rules; drops those that no
    /// longer check, saying why.
    fn rebuild(&mut self, r: &mut Reply) {
        let base = self.rules.as_ref().map_or_else(Program::default, |rules| rules.base.clone());
        let (program, dropped) = with_lets(base, &self.lets);
        for (l, failed) in &dropped {
            for d in failed.diagnostics.iter().filter(|d| d.is_error()) {
                r.report(&self.render(d, &failed.program));
            }
            r.error(format!("the session's let {} no longer checks against these rules; it was dropped.", l.name));
        }
        self.lets.retain(|l| !dropped.iter().any(|(d, _)| d.name == l.name));
        self.program = program;
    }

    /// `:lets`.
    pub(super) fn list_lets(&mut self) -> Reply {
        if self.lets.is_empty() {
            return Reply::out("no lets were defined in this session (define one with `let NAME = …`)");
        }
        Reply::out(self.lets.iter().map(|l| l.text.trim().to_string() + "\n").collect::<String>())
    }

    /// A session `let`: defines it, or redefines an earlier session let of the same name (the
    /// lets after it are checked again against the new definition).
    pub(super) fn define(&mut self, text: &str, checked: CheckedInput) -> Reply {
        let name = let_name(text);
        let Some(i) = self.lets.iter().position(|l| Some(l.name.as_str()) == name.as_deref()) else {
            let Some(Input::Let(id)) = checked.input else { return self.failed(&checked) };
            let name = checked.program.lets[id].name.clone();
            self.lets.push(SessionLet { name: name.clone(), text: text.to_string() });
            self.program = checked.program;
            let r = self.pops_after_let();
            return r.and(self.defined(&name, "defined"));
        };
        let base = self.rules.as_ref().map_or_else(Program::default, |rules| rules.base.clone());
        let mut lets = self.lets.clone();
        lets[i].text = text.to_string();
        let (program, dropped) = with_lets(base, &lets);
        if let Some((l, failed)) = dropped.first() {
            let mut r = self.failed(failed);
            if l.name != lets[i].name {
                r.error(format!(
                    "the session's let {} uses {} and would no longer check; nothing was changed.",
                    l.name, lets[i].name
                ));
            }
            return r;
        }
        let name = lets[i].name.clone();
        self.lets = lets;
        self.program = program;
        let r = self.pops_after_let();
        r.and(self.defined(&name, "redefined"))
    }

    /// The errors of an input that did not check.
    pub(super) fn failed(&self, checked: &CheckedInput) -> Reply {
        let mut r = Reply::default();
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            r.report(&self.render(d, &checked.program));
        }
        if !r.failed() {
            r.error("the input could not be checked.");
        }
        r
    }

    fn pops_after_let(&mut self) -> Reply {
        let mut r = Reply::default();
        if !self.program.pops.is_empty() {
            self.refresh_pops(&mut r);
        }
        r
    }
}

/// `base` with `lets` added in order, and the lets that failed with their errors.
fn with_lets(base: Program, lets: &[SessionLet]) -> (Program, Vec<(SessionLet, CheckedInput)>) {
    let mut program = base;
    let mut dropped = Vec::new();
    for l in lets {
        let checked = check_input(&program, REPL, &l.text);
        if checked.input.is_some() {
            program = checked.program;
        } else {
            dropped.push((l.clone(), checked));
        }
    }
    (program, dropped)
}

/// The name a `let NAME = …` line defines.
fn let_name(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix("let")?;
    let name = rest.split(['=', '＝']).next()?.trim().trim_matches('`');
    (!name.is_empty()).then(|| name.to_string())
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
