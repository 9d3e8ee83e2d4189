//! What the CI reports say about a place: the file as a path relative to the repository (forward
//! slashes), as a URI, and a fingerprint that survives lines being added above it.

use crate::diag::{Diagnostic, Sources};
use std::path::{Component, Path};

/// `path` relative to `base` (the directory the command ran in) with forward slashes and no
/// leading `./`; `None` when it is absolute and outside `base`.
pub fn relative(path: &str, base: &Path) -> Option<String> {
    let p = Path::new(path);
    let inside = if p.is_absolute() { p.strip_prefix(base).ok()? } else { p };
    let parts: Vec<String> = inside
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => None,
        })
        .collect();
    Some(parts.join("/"))
}

/// The path as GitLab wants it: relative to the repository when it can be, else as given.
pub fn path(path: &str, base: &Path) -> String {
    relative(path, base).unwrap_or_else(|| path.replace('\\', "/"))
}

/// The path as a URI reference (RFC 3986): relative when it can be, a `file:` URI otherwise;
/// Chinese and other bytes outside the unreserved set percent-encoded.
pub fn uri(path: &str, base: &Path) -> String {
    match relative(path, base) {
        Some(rel) => encode(&rel),
        None => {
            let abs = path.replace('\\', "/");
            let abs = if abs.starts_with('/') { abs } else { format!("/{abs}") };
            format!("file://{}", encode(&abs))
        }
    }
}

fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A stable name for a finding: its code, file, the text of its line and its column on that line,
/// hashed (FNV-1a, 64 bits). Moving the line does not change it; editing the line does.
pub fn fingerprint(d: &Diagnostic, sources: &Sources, base: &Path) -> String {
    let source = sources.get(d.loc.file);
    let (_, column) = sources.line_col(d.loc.file, d.loc.span.start);
    let start = crate::diag::floor_char_boundary(&source.text, d.loc.span.start.min(source.text.len()));
    let line_start = source.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source.text[start..].find('\n').map_or(source.text.len(), |i| start + i);
    let line = source.text[line_start..line_end].trim();
    let key = format!("{}\0{}\0{line}\0{column}", d.code(), path(&source.path, base));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_with_forward_slashes_and_uris_are_encoded() {
        let base = Path::new("/repo");
        assert_eq!(path("./rules/十级.ladder", base), "rules/十级.ladder");
        assert_eq!(path("/repo/rules/a.ladder", base), "rules/a.ladder");
        assert_eq!(path("/elsewhere/a.ladder", base), "/elsewhere/a.ladder");
        assert_eq!(uri("rules/十级 v2.ladder", base), "rules/%E5%8D%81%E7%BA%A7%20v2.ladder");
        assert_eq!(uri("/elsewhere/a.ladder", base), "file:///elsewhere/a.ladder");
    }
}
