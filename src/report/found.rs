//! The diagnostics of several checks (`ladder check` over many files, `ladder test`), each
//! reported once, with memory that of the files read however many diagnostics point into them.

use crate::diag::{Diagnostic, Source, Sources};
use std::collections::HashMap;
use std::sync::Arc;

/// Diagnostics gathered from several checks, in the order found, duplicates left out: a file
/// used by several of the checked files is checked with each, and says its mistakes once.
#[derive(Debug, Default)]
pub struct Found {
    list: Vec<(Diagnostic, Arc<Sources>)>,
    /// Where each kept diagnostic is, by its file's path and span (for finding duplicates).
    at: HashMap<(String, usize, usize), Vec<usize>>,
    /// One shared copy of each file text read, by path: a file used by a hundred checked files
    /// is held once, not a hundred times.
    texts: HashMap<String, Vec<Arc<Source>>>,
}

impl Found {
    /// Keeps the diagnostics of one check, `sources` being the files it read, except those
    /// already kept.
    pub fn add(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>, sources: &Sources) {
        let mut shared: Option<Arc<Sources>> = None;
        for d in diagnostics {
            let path = &sources.get(d.loc.file).path;
            let key = (path.clone(), d.loc.span.start, d.loc.span.end);
            let same = self.at.get(&key).into_iter().flatten();
            if same.into_iter().any(|&i| self.list[i].0.same_as(&self.list[i].1, &d, sources)) {
                continue;
            }
            let sources = shared.get_or_insert_with(|| Arc::new(self.share(sources))).clone();
            self.at.entry(key).or_default().push(self.list.len());
            self.list.push((d, sources));
        }
    }

    /// `sources` with each file replaced by the copy already held of the same path and text.
    fn share(&mut self, sources: &Sources) -> Sources {
        let files = sources.files.iter().map(|file| {
            let held = self.texts.entry(file.path.clone()).or_default();
            match held.iter().find(|h| Arc::ptr_eq(h, file) || h.text == file.text) {
                Some(h) => h.clone(),
                None => {
                    held.push(file.clone());
                    file.clone()
                }
            }
        });
        Sources { files: files.collect() }
    }

    /// Puts the errors before the warnings, each kind in the order found.
    pub fn errors_first(&mut self) {
        self.list.sort_by_key(|(d, _)| !d.is_error());
        self.at.clear();
    }

    /// The diagnostics kept, each with the files of its check.
    pub fn list(&self) -> &[(Diagnostic, Arc<Sources>)] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule file with `n` fields of one name: `n - 1` duplicates, each pointing into the file.
    fn duplicates(n: usize) -> String {
        let fields: String = (0..n).map(|_| "  金额: money\n").collect();
        format!("ladder \"t\"\nfields {{\n  客户: text key\n{fields}}}\ngrades 等级 {{\n  A \"a\" if 金额 > 1\n  Z \"z\" otherwise\n}}\n")
    }

    #[test]
    fn diagnostics_share_one_copy_of_the_files() {
        let checked = crate::check::check_text("dup.ladder", duplicates(50));
        let mut found = Found::default();
        found.add(checked.diagnostics.clone(), &checked.program.sources);
        assert_eq!(found.list().len(), 49);
        let (_, first) = &found.list()[0];
        assert!(found.list().iter().all(|(_, s)| Arc::ptr_eq(s, first)));
        // Held by the checked program, by the one `Sources` the diagnostics share and by the
        // index of texts read: no copy per diagnostic.
        assert_eq!(Arc::strong_count(&checked.program.sources.files[0]), 3);
        assert_eq!(Arc::strong_count(first), 49);
    }

    #[test]
    fn a_file_used_by_two_checked_files_is_held_once_and_reported_once() {
        // shared.ladder has its own mistakes; each rule file adds one more of its own.
        let mut files = crate::files::Memory::new();
        files.insert("shared.ladder", "fields {\n  金额: money\n  金额: money\n}\n");
        for name in ["a", "b"] {
            files.insert(format!("{name}.ladder"), "use \"shared.ladder\"\nladder \"t\"\nlet x = 1\nlet x = 2\n");
        }
        let checked: Vec<_> = ["a.ladder", "b.ladder"].map(|p| crate::check::check_with(&files, p).unwrap()).into();
        let mut found = Found::default();
        for c in &checked {
            found.add(c.diagnostics.clone(), &c.program.sources);
        }
        let shared_dups = |i: usize| checked[i].diagnostics.iter().filter(|d| d.loc.file != 0).count();
        assert_eq!(shared_dups(0), shared_dups(1));
        assert_eq!(found.list().len(), checked[0].diagnostics.len() + checked[1].diagnostics.len() - shared_dups(1));
        // b.ladder's diagnostics read shared.ladder from the copy a.ladder's check read.
        let shared = |s: &Sources| s.files.iter().find(|f| f.path.ends_with("shared.ladder")).unwrap().clone();
        let last = &found.list().last().unwrap().1;
        assert!(Arc::ptr_eq(&shared(last), &shared(&checked[0].program.sources)));
        assert!(!Arc::ptr_eq(&shared(last), &shared(&checked[1].program.sources)));
    }
}
