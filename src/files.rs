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
