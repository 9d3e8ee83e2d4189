//! Loading rules into the session (`:load`, `:reload`), keeping the last good rules when the new
//! ones have errors, and checking the session's lets again against whatever was loaded.

use super::said::{Answer, Loaded, Trouble};
use super::{Reply, Rules, Session, SessionLet};
use crate::check::{check_path, CheckedInput, Input, Scope};
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
                let reason = super::data::plain_io(&e);
                return Reply::err(Trouble::CannotRead { path: path.to_string(), reason }).and(self.keeping());
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
            r.error(Trouble::HasErrors { path: path.to_string(), errors: n });
            return r.and(self.keeping());
        }
        let p = &checked.program;
        r.say(Answer::Loaded(Loaded {
            path: path.to_string(),
            fields: p.fields.len(),
            ladders: p.ladders.iter().map(|l| l.name.clone()).collect(),
            transitions: p.transitions.iter().map(|t| t.name.clone()).collect(),
            examples: p.examples.len(),
        }));
        self.rules = Some(Rules { path: path.to_string(), base: checked.program });
        self.rebuild(&mut r);
        self.record.reread(self.scope.program(), &mut r);
        if let Some(problem) = self.data_problem() {
            problem.into_iter().for_each(|t| r.error(t));
        }
        self.refresh_pops(&mut r);
        r
    }

    /// `:reload`.
    pub(super) fn reload(&mut self) -> Reply {
        match self.path.clone() {
            Some(path) => self.load(&path),
            None => Reply::err(Trouble::NoRuleFile),
        }
    }

    /// What the session goes on with after rules failed to load.
    fn keeping(&self) -> Reply {
        match &self.rules {
            Some(rules) => Reply::err(Trouble::KeptRules { path: rules.path.clone() }),
            None => Reply::err(Trouble::NothingLoaded),
        }
    }

    /// Checks the session's lets again, in order, against the loaded rules; drops those that no
    /// longer check, saying why.
    fn rebuild(&mut self, r: &mut Reply) {
        let base = self.rules.as_ref().map_or_else(Program::default, |rules| rules.base.clone());
        let (scope, dropped) = self.with_lets(base, &self.lets);
        for (l, failed) in dropped {
            *r = std::mem::take(r).and(failed);
            r.error(Trouble::LetDropped(l.name.clone()));
            self.lets.retain(|kept| kept.name != l.name);
        }
        self.scope = scope;
    }

    /// `:lets`.
    pub(super) fn list_lets(&mut self) -> Reply {
        if self.lets.is_empty() {
            return Reply::out(Answer::NoLets);
        }
        Reply::out(Answer::Lets(self.lets.iter().map(|l| l.text.clone()).collect()))
    }

    /// A session `let`: defines it, or redefines an earlier session let of the same name (the
    /// lets after it are checked again against the new definition).
    pub(super) fn define(&mut self, text: &str, checked: CheckedInput) -> Reply {
        let name = let_name(text);
        let Some(i) = self.lets.iter().position(|l| Some(l.name.as_str()) == name.as_deref()) else {
            let Some(Input::Let(id)) = checked.input else {
                let r = self.failed(&checked);
                self.scope = checked.keep();
                return r;
            };
            let name = checked.program().lets[id].name.clone();
            self.lets.push(SessionLet { name: name.clone(), text: text.to_string() });
            self.scope = checked.keep();
            let r = self.pops_after_let();
            return r.and(self.defined(&name, false));
        };
        self.scope = checked.keep();
        let base = self.rules.as_ref().map_or_else(Program::default, |rules| rules.base.clone());
        let mut lets = self.lets.clone();
        lets[i].text = text.to_string();
        let (scope, dropped) = self.with_lets(base, &lets);
        if let Some((l, failed)) = dropped.into_iter().next() {
            let mut r = failed;
            if l.name != lets[i].name {
                r.error(Trouble::LetWouldBreak { name: l.name.clone(), uses: lets[i].name.clone() });
            }
            return r;
        }
        let name = lets[i].name.clone();
        self.lets = lets;
        self.scope = scope;
        let r = self.pops_after_let();
        r.and(self.defined(&name, true))
    }

    /// The errors of an input that did not check.
    pub(super) fn failed(&self, checked: &CheckedInput) -> Reply {
        let mut r = Reply::default();
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            r.report(&self.render(d, checked.program()));
        }
        if !r.failed() {
            r.error(Trouble::NotChecked);
        }
        r
    }

    fn pops_after_let(&mut self) -> Reply {
        let mut r = Reply::default();
        if !self.scope.program().pops.is_empty() {
            self.refresh_pops(&mut r);
        }
        r
    }
}

impl Session {
    /// `base` with `lets` added in order, and the lets that failed with their errors.
    fn with_lets(&self, base: Program, lets: &[SessionLet]) -> (Scope, Vec<(SessionLet, Reply)>) {
        let mut scope = Scope::new(base);
        let mut dropped = Vec::new();
        for l in lets {
            let checked = scope.check(REPL, &l.text);
            if checked.input.is_none() {
                dropped.push((l.clone(), self.failed(&checked)));
            }
            scope = checked.keep();
        }
        (scope, dropped)
    }
}

/// The name a `let NAME = …` line defines.
fn let_name(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix("let")?;
    let name = rest.split(['=', '＝']).next()?.trim().trim_matches('`');
    (!name.is_empty()).then(|| name.to_string())
}
