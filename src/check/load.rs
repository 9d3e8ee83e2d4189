//! Reading a rule file and, transitively, the files it `use`s.

use crate::diag::{Diagnostic, FileId, Loc, Problem, Sources, UseReason};
use crate::files::Files;
use crate::input::os_reason;
use crate::syntax::ast::{File, Item};
use crate::syntax::parse::parse_lexed;
use std::path::{Path, PathBuf};

/// The parsed files of one program, each used file before the files that use it.
pub(crate) struct Loaded {
    pub files: Vec<(FileId, File)>,
}

/// Parses `text` (the contents of `path`) and every file it uses, read through `files`.
pub(crate) fn load(
    files: &dyn Files,
    sources: &mut Sources,
    diags: &mut Vec<Diagnostic>,
    path: &str,
    text: String,
) -> Loaded {
    let mut loader = Loader { files, sources, diags, loaded: Vec::new(), stack: Vec::new(), parsed: Vec::new() };
    loader.file(Path::new(path), path.to_string(), text);
    Loaded { files: loader.parsed }
}

struct Loader<'s> {
    files: &'s dyn Files,
    sources: &'s mut Sources,
    diags: &'s mut Vec<Diagnostic>,
    loaded: Vec<PathBuf>,
    stack: Vec<PathBuf>,
    parsed: Vec<(FileId, File)>,
}

impl Loader<'_> {
    fn file(&mut self, path: &Path, display: String, text: String) {
        let id = self.sources.add(display, text);
        let key = self.files.key(path);
        self.loaded.push(key.clone());
        self.stack.push(key);
        let source = self.sources.get(id);
        let (ast, errors) = parse_lexed(id, &source.text, &source.tokens);
        self.diags.extend(errors);
        for item in &ast.items {
            if let Item::Use(target) = item {
                self.use_file(id, path, target);
            }
        }
        self.stack.pop();
        self.parsed.push((id, ast));
    }

    fn use_file(&mut self, from: FileId, from_path: &Path, target: &crate::syntax::ast::Str) {
        let loc = Loc { file: from, span: target.span.clone() };
        let path = from_path.parent().unwrap_or(Path::new("")).join(&target.text);
        let key = self.files.key(&path);
        if self.stack.contains(&key) {
            let chain: Vec<String> = self
                .stack
                .iter()
                .chain(std::iter::once(&key))
                .map(|p| p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
                .collect();
            self.diags.push(Diagnostic::new(Problem::UseCycle { chain }, loc));
            return;
        }
        if self.loaded.contains(&key) {
            return;
        }
        let rule_file = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("ladder"));
        let read = match rule_file {
            true => self.files.read(&path).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidInput => UseReason::NotAFile,
                std::io::ErrorKind::FileTooLarge => UseReason::TooBig,
                _ => UseReason::Os(os_reason(&e)),
            }),
            false => Err(UseReason::NotARuleFile),
        };
        match read {
            Ok(text) => self.file(&path, path.to_string_lossy().into_owned(), text),
            Err(reason) => {
                let suggestion = similar_file(self.files, &path)
                    .map(|f| Path::new(&target.text).with_file_name(f).to_string_lossy().into_owned());
                let problem = Problem::UseMissing {
                    target: target.text.clone(),
                    reason,
                    suggestion,
                    looked_for: path.display().to_string(),
                };
                self.diags.push(Diagnostic::new(problem, loc));
            }
        }
    }
}

/// The rule file in the same folder whose name is closest to the missing one.
fn similar_file(files: &dyn Files, missing: &Path) -> Option<String> {
    let name = missing.file_name()?.to_string_lossy().into_owned();
    let dir = missing.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut names: Vec<String> = files.names_in(dir).into_iter().filter(|n| n.ends_with(".ladder")).collect();
    names.sort();
    crate::diag::closest(&name, names.iter().map(String::as_str)).map(String::from)
}
