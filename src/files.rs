//! Reading rule files: the [`Files`] trait that checking reads the rule file and every `use`d
//! file through, so an editor can check unsaved buffers and a browser can keep files in memory.
//! [`Disk`] reads the file system; [`Memory`] holds texts by path, over the disk or alone.

use std::collections::HashMap;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Where rule files come from.
pub trait Files: Sync {
    /// The text of the rule file at `path`.
    fn read(&self, path: &Path) -> io::Result<String>;
    /// A key naming the file at `path`: two paths to one file give the same key (so a file
    /// `use`d twice is read once and a `use` cycle is seen).
    fn key(&self, path: &Path) -> PathBuf;
    /// The names of the entries of folder `dir`, for "did you mean" hints; empty when unknown.
    fn names_in(&self, dir: &Path) -> Vec<String>;
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

/// The largest rule file read: 16 MiB, thousands of times any real one.
pub const MAX_RULE_FILE: u64 = 16 << 20;

impl Files for Disk {
    /// In any encoding Notepad saves in, with `\n` line endings (see [`crate::input::Saved`]).
    fn read(&self, path: &Path) -> io::Result<String> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_file() {
            return Err(io::ErrorKind::InvalidInput.into());
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::fs::File::open(path)?, MAX_RULE_FILE + 1),
            &mut bytes,
        )?;
        if bytes.len() as u64 > MAX_RULE_FILE {
            return Err(io::ErrorKind::FileTooLarge.into());
        }
        Ok(crate::input::Saved::read(&bytes).0)
    }

    fn key(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| normal(path))
    }

    fn names_in(&self, dir: &Path) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
        entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
    }
}

/// Rule texts held in memory by path (an editor's unsaved buffers), read before the disk when
/// made with [`Memory::over_disk`].
#[derive(Debug, Clone, Default)]
pub struct Memory {
    texts: HashMap<PathBuf, String>,
    disk: bool,
}

impl Memory {
    /// Files that exist only in memory.
    pub fn new() -> Self {
        Memory::default()
    }

    /// Files in memory in front of the disk: a path not held here is read from the disk.
    pub fn over_disk() -> Self {
        Memory { texts: HashMap::new(), disk: true }
    }

    /// Holds `text` as the file at `path`, replacing what was held there.
    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.texts.insert(normal(path.as_ref()), text.into());
    }
}

impl Files for Memory {
    fn read(&self, path: &Path) -> io::Result<String> {
        match self.texts.get(&normal(path)) {
            Some(text) => Ok(text.clone()),
            None if self.disk => Disk.read(path),
            None => Err(io::Error::new(io::ErrorKind::NotFound, "no such file in memory")),
        }
    }

    fn key(&self, path: &Path) -> PathBuf {
        let key = normal(path);
        if self.disk && !self.texts.contains_key(&key) {
            return Disk.key(path);
        }
        key
    }

    fn names_in(&self, dir: &Path) -> Vec<String> {
        let dir = normal(dir);
        let held = self.texts.keys().filter(|p| p.parent() == Some(dir.as_path()));
        let mut names: Vec<String> =
            held.filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
        if self.disk {
            names.extend(Disk.names_in(if dir.as_os_str().is_empty() { Path::new(".") } else { &dir }));
        }
        names
    }
}

/// Rule files as they were at a revision of the git repository that holds them: `read` runs
/// `git show REV:PATH`, so the old version of a rule file and of every file it `use`s come from
/// that revision (`ladder diff --base REV`). Paths are those of the working tree.
#[derive(Debug, Clone)]
pub struct GitRev {
    /// The top folder of the working tree.
    root: PathBuf,
    rev: String,
}

/// Why git could not give a file.
#[derive(Debug)]
pub enum GitError {
    /// No `git` program to run.
    NoGit,
    /// No commit of that name in the repository.
    UnknownRev,
    /// What git said (not a repository…).
    Git(String),
}

impl GitRev {
    /// The revision `rev` of the repository holding `near` (a file or folder of its working tree).
    pub fn new(near: &Path, rev: &str) -> Result<GitRev, GitError> {
        let dir = absolute(near);
        let dir = if dir.is_dir() { dir } else { dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf) };
        let top = git(&dir, &["rev-parse", "--show-toplevel"])?;
        let root = PathBuf::from(String::from_utf8_lossy(&top).trim());
        match git(&root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]) {
            Err(GitError::Git(_)) => return Err(GitError::UnknownRev),
            other => other?,
        };
        Ok(GitRev { root, rev: rev.to_string() })
    }

    /// `path` as git names it in a tree: relative to the top folder, with `/`.
    fn in_tree(&self, path: &Path) -> io::Result<String> {
        let abs = absolute(path);
        // The top folder comes from git with symbolic links resolved; so must the path.
        let abs = match (abs.parent().and_then(|p| std::fs::canonicalize(p).ok()), abs.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => abs,
        };
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let rel = abs.strip_prefix(&root).map_err(|_| io::Error::from(io::ErrorKind::NotFound))?;
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        Ok(parts.join("/"))
    }
}

impl Files for GitRev {
    fn read(&self, path: &Path) -> io::Result<String> {
        let spec = format!("{}:{}", self.rev, self.in_tree(path)?);
        // `cat-file -e` tells a path absent at the revision apart from every other failure.
        if git(&self.root, &["cat-file", "-e", &spec]).is_err() {
            return Err(io::ErrorKind::NotFound.into());
        }
        match git(&self.root, &["cat-file", "blob", &spec]) {
            Ok(bytes) if bytes.len() as u64 > MAX_RULE_FILE => Err(io::ErrorKind::FileTooLarge.into()),
            Ok(bytes) => Ok(crate::input::Saved::read(&bytes).0),
            Err(GitError::NoGit | GitError::UnknownRev) => Err(io::ErrorKind::NotFound.into()),
            Err(GitError::Git(said)) => Err(io::Error::other(said)),
        }
    }

    fn key(&self, path: &Path) -> PathBuf {
        normal(&absolute(path))
    }

    fn names_in(&self, dir: &Path) -> Vec<String> {
        let Ok(rel) = self.in_tree(&dir.join("x")) else { return Vec::new() };
        let folder = rel.strip_suffix('x').unwrap_or_default();
        let Ok(listed) = git(&self.root, &["ls-tree", "--name-only", &format!("{}:{folder}", self.rev)]) else {
            return Vec::new();
        };
        String::from_utf8_lossy(&listed).lines().map(String::from).collect()
    }
}

/// What `git ARGS` run in `dir` writes, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|_| GitError::NoGit)?;
    match out.status.success() {
        true => Ok(out.stdout),
        false => Err(GitError::Git(
            String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or_default().trim().to_string(),
        )),
    }
}

/// `path` from the root, joined to the current folder when relative.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` with `.` dropped and `dir/..` resolved, without asking the file system.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            Component::ParentDir | Component::Normal(_) | Component::RootDir | Component::Prefix(_) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_finds_a_file_by_any_spelling_of_its_path() {
        let mut m = Memory::new();
        m.insert("rules/common.ladder", "x");
        assert_eq!(m.read(Path::new("rules/./sub/../common.ladder")).unwrap(), "x");
        assert_eq!(m.key(Path::new("./rules/common.ladder")), PathBuf::from("rules/common.ladder"));
        assert_eq!(m.names_in(Path::new("rules")), vec!["common.ladder".to_string()]);
        assert!(m.read(Path::new("rules/other.ladder")).is_err());
    }
}
