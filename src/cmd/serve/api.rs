//! The workbench's answers: a [`Request`] in, a [`Response`] out, no sockets (docs/design/serve.md).

use super::graded::Graded;
use crate::cmd::fmt::write_atomically;
use ladder::check::{check_text, check_with, Checked};
use ladder::diag::{Diagnostic, Lang, Sources};
use ladder::files::{GitError, GitRev, Memory};
use ladder::input::{Encoding, Saved};
use ladder::ir::Program;
use ladder::report;
use ladder::source::Data;
use ladder::t;
use ladder::testing::{self, suggest, Session};
use ladder::workbook;
use serde::Deserialize;
use serde_json::{json, Value};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The largest JSON request (a rule file and its request around it).
pub const MAX_JSON: usize = 1 << 20;
/// The largest data file dropped on the page.
pub const MAX_UPLOAD: usize = 200 << 20;
/// The most rows one `/api/rows` request returns.
const MAX_PAGE: usize = 1000;

const INDEX: &[u8] = include_bytes!("../../../web/dist/index.html");
const APP_JS: &[u8] = include_bytes!("../../../web/dist/app.js");
const APP_CSS: &[u8] = include_bytes!("../../../web/dist/app.css");

/// Rule files the page edits.
const RULES_EXT: &[&str] = &["ladder"];
/// Data files the page opens.
const DATA_EXT: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"];

/// What the HTTP layer read of a request.
#[derive(Debug, Default)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub url: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    /// The `X-Ladder-Token` header.
    pub token: Option<String>,
    pub body: Vec<u8>,
    /// The body was larger than [`Workbench::body_limit`] and was not read.
    pub too_large: bool,
}

/// What the HTTP layer writes back.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// `Content-Disposition`, for downloads.
    pub disposition: Option<String>,
}

impl Response {
    fn json(status: u16, value: &Value) -> Response {
        let body = serde_json::to_vec(value).unwrap_or_default();
        Response { status, content_type: "application/json; charset=utf-8", body, disposition: None }
    }

    fn bytes(content_type: &'static str, body: &[u8]) -> Response {
        Response { status: 200, content_type, body: body.to_vec(), disposition: None }
    }
}

/// Why a request failed: its status, a stable code and the words.
#[derive(Debug)]
struct Failure {
    status: u16,
    code: &'static str,
    message: String,
    /// More for the page (the diagnostics of rules that do not check, the disk's text).
    extra: Option<(&'static str, Value)>,
}

fn fail(status: u16, code: &'static str, message: String) -> Failure {
    Failure { status, code, message, extra: None }
}

type Answer = Result<Value, Failure>;

/// A data file the page opened: one in the folder, or one dropped on the page (kept in a
/// temporary folder under its own name).
#[derive(Debug, Clone)]
struct DataFile {
    name: String,
    path: PathBuf,
    sheet: Option<String>,
}

/// The server's state: the folder it serves, who may ask, and what the page opened.
pub struct Workbench {
    dir: PathBuf,
    /// The addresses the page may be opened at, `host:port`; the first is printed.
    hosts: Vec<String>,
    token: String,
    lang: Lang,
    today: jiff::civil::Date,
    data: Mutex<Option<DataFile>>,
    graded: Mutex<Option<Arc<Graded>>>,
    /// Where dropped files are kept; removed when the server stops, by Ctrl+C too.
    uploads: Mutex<Option<(tempfile::TempDir, crate::cmd::interrupt::Temporary)>>,
}

#[derive(Deserialize)]
struct RulesBody {
    path: String,
    text: String,
}

#[derive(Deserialize)]
struct SaveBody {
    path: String,
    text: String,
    version: Option<String>,
}

#[derive(Deserialize)]
struct OpenBody {
    path: String,
    sheet: Option<String>,
}

#[derive(Deserialize)]
struct SheetBody {
    sheet: Option<String>,
}

#[derive(Deserialize)]
struct ExplainBody {
    index: usize,
    #[serde(default)]
    edits: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct DiffBody {
    path: String,
    text: String,
    base: String,
}

impl Workbench {
    /// A workbench serving `dir` (canonical) on `host:port`, asking for `token`.
    pub fn new(dir: PathBuf, host: &str, port: u16, token: String, lang: Lang, today: jiff::civil::Date) -> Self {
        let mut hosts = vec![format!("{host}:{port}")];
        for local in ["127.0.0.1", "localhost"].into_iter().filter(|l| *l != host) {
            hosts.push(format!("{local}:{port}"));
        }
        Workbench {
            dir,
            hosts,
            token,
            lang,
            today,
            data: Mutex::new(None),
            graded: Mutex::new(None),
            uploads: Mutex::new(None),
        }
    }

    /// The address to open, with the token.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.hosts[0], self.token)
    }

    /// The largest body `rq` may send.
    pub fn body_limit(&self, rq: &Request) -> usize {
        match rq.url.split('?').next() {
            Some("/api/data/upload") => MAX_UPLOAD,
            _ => MAX_JSON,
        }
    }

    /// Opens the data file `path` (as given on the command line: relative to the current folder).
    pub fn open_data(&self, path: &str, lang: Lang) -> Result<(), String> {
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(t!(lang, "serve.error.not-a-file", path)),
            Err(e) => return Err(t!(lang, "cannot-read", path, reason = ladder::input::file_reason(&e, lang))),
        }
        let name = p.file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
        let full = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        *lock(&self.data) = Some(DataFile { name, path: full, sheet: None });
        Ok(())
    }

    /// The answer to `rq`.
    pub fn handle(&self, rq: &Request) -> Response {
        let (path, query) = rq.url.split_once('?').unwrap_or((&rq.url, ""));
        let query = parse_query(query);
        let lang = self.lang_of(&query);
        match self.answer(rq, path, &query, lang) {
            Ok(response) => response,
            Err(f) => {
                let mut body = json!({ "error": { "code": f.code, "message": f.message } });
                if let Some((key, value)) = f.extra {
                    body[key] = value;
                }
                Response::json(f.status, &body)
            }
        }
    }

    /// The language a request asks for (`lang=zh|en`), else the server's.
    fn lang_of(&self, query: &[(String, String)]) -> Lang {
        match query.iter().find(|(k, _)| k == "lang").map(|(_, v)| v.as_str()) {
            Some("zh") => Lang::Zh,
            Some("en") => Lang::En,
            _ => self.lang,
        }
    }

    /// The answer when answering failed unexpectedly.
    pub fn internal_error(&self, rq: &Request) -> Response {
        let (_, query) = rq.url.split_once('?').unwrap_or((&rq.url, ""));
        let lang = self.lang_of(&parse_query(query));
        let message = t!(lang, "serve.error.internal");
        Response::json(500, &json!({ "error": { "code": "internal", "message": message } }))
    }

    fn answer(&self, rq: &Request, path: &str, query: &[(String, String)], lang: Lang) -> Result<Response, Failure> {
        // DNS rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own Host.
        if !rq.host.as_ref().is_some_and(|h| self.hosts.iter().any(|a| a.eq_ignore_ascii_case(h))) {
            return Err(fail(403, "host", t!(lang, "serve.error.host")));
        }
        if let Some(origin) = &rq.origin {
            if !self.hosts.iter().any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))) {
                return Err(fail(403, "origin", t!(lang, "serve.error.origin")));
            }
        }
        let get = rq.method == "GET";
        if !path.starts_with("/api/") {
            return match (get, path) {
                (true, "/" | "/index.html") => Ok(Response::bytes("text/html; charset=utf-8", INDEX)),
                (true, "/app.js") => Ok(Response::bytes("text/javascript; charset=utf-8", APP_JS)),
                (true, "/app.css") => Ok(Response::bytes("text/css; charset=utf-8", APP_CSS)),
                _ => Err(fail(404, "not-found", t!(lang, "serve.error.not-found", path))),
            };
        }
        let param = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let token = match (path, get) {
            ("/api/download", true) => rq.token.as_deref().or(param("token")),
            _ => rq.token.as_deref(),
        };
        if !token.is_some_and(|t| same(t, &self.token)) {
            return Err(fail(401, "token", t!(lang, "serve.error.token")));
        }
        if rq.too_large {
            let mib = self.body_limit(rq) >> 20;
            return Err(fail(413, "too-large", t!(lang, "serve.error.too-large", mib)));
        }
        let answer = match (rq.method.as_str(), path) {
            ("GET", "/api/words") => Ok(words(lang)),
            ("GET", "/api/files") => Ok(self.files()),
            ("GET", "/api/file") => self.file(param("path").unwrap_or(""), lang),
            ("POST", "/api/check") => parse(&rq.body, lang).and_then(|b: RulesBody| self.check(&b, lang)),
            ("POST", "/api/format") => parse(&rq.body, lang).and_then(|b: RulesBody| self.format(&b, lang)),
            ("POST", "/api/save") => parse(&rq.body, lang).and_then(|b: SaveBody| self.save(&b, lang)),
            ("POST", "/api/data/open") => parse(&rq.body, lang).and_then(|b: OpenBody| self.open(&b, lang)),
            ("POST", "/api/data/sheet") => parse(&rq.body, lang).and_then(|b: SheetBody| self.sheet(&b, lang)),
            ("POST", "/api/data/upload") => self.upload(param("name").unwrap_or(""), &rq.body, lang),
            ("POST", "/api/grade") => parse(&rq.body, lang).and_then(|b: RulesBody| self.grade(&b, lang)),
            ("GET", "/api/rows") => self.rows(param, lang),
            ("POST", "/api/explain") => parse(&rq.body, lang).and_then(|b: ExplainBody| self.explain(&b, lang)),
            ("POST", "/api/graph") => parse(&rq.body, lang).and_then(|b: RulesBody| self.graph(&b, lang)),
            ("POST", "/api/test") => parse(&rq.body, lang).and_then(|b: RulesBody| self.test(&b, lang)),
            ("POST", "/api/diff") => parse(&rq.body, lang).and_then(|b: DiffBody| self.diff(&b, lang)),
            ("GET", "/api/download") => return self.download(param("format").unwrap_or("csv"), lang),
            _ => Err(fail(404, "not-found", t!(lang, "serve.error.not-found", path))),
        };
        answer.map(|v| Response::json(200, &v))
    }

    /// `rel` (relative to the folder, `/`-separated) as a path inside the folder, with one of
    /// `exts`; `exists`: it must be there (else its folder must be).
    fn inside(&self, rel: &str, exts: &[&str], exists: bool, lang: Lang) -> Result<PathBuf, Failure> {
        let refused = || fail(403, "outside", t!(lang, "serve.error.outside", path = rel));
        let p = Path::new(rel);
        if rel.is_empty() || rel.contains('\\') || p.components().any(|c| !matches!(c, Component::Normal(_))) {
            return Err(refused());
        }
        let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !exts.contains(&ext.as_str()) {
            return Err(fail(400, "kind", t!(lang, "serve.error.kind", path = rel, kinds = exts.join(", "))));
        }
        let full = self.dir.join(p);
        // Symbolic links are followed: where the file really is must be in the folder too.
        let real = match std::fs::canonicalize(&full) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !exists => {
                let parent = full.parent().and_then(|d| std::fs::canonicalize(d).ok()).ok_or_else(refused)?;
                parent.join(full.file_name().ok_or_else(refused)?)
            }
            Err(e) => {
                let reason = ladder::input::file_reason(&e, lang);
                return Err(fail(404, "cannot-read", t!(lang, "cannot-read", path = rel, reason)));
            }
        };
        match real.starts_with(&self.dir) {
            true => Ok(real),
            false => Err(refused()),
        }
    }

    /// Every rule and data file of the folder, three levels deep, hidden folders and build
    /// output left out.
    fn files(&self) -> Value {
        let mut rules = Vec::new();
        let mut data = Vec::new();
        let walk = walkdir::WalkDir::new(&self.dir).max_depth(3).sort_by_file_name().into_iter();
        let walk = walk.filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "target" || name == "node_modules")
        });
        for entry in walk.flatten().filter(|e| e.file_type().is_file()) {
            let Ok(rel) = entry.path().strip_prefix(&self.dir) else { continue };
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let ext = entry.path().extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            if RULES_EXT.contains(&ext.as_str()) {
                rules.push(rel);
            } else if DATA_EXT.contains(&ext.as_str()) {
                data.push(rel);
            }
        }
        let open = lock(&self.data).as_ref().map(|d| d.name.clone());
        json!({ "dir": self.dir.display().to_string(), "rules": rules, "data": data, "open": open })
    }

    fn file(&self, rel: &str, lang: Lang) -> Answer {
        let path = self.inside(rel, RULES_EXT, true, lang)?;
        let bytes = std::fs::read(&path).map_err(|e| cannot_read(rel, &e, lang))?;
        Ok(json!({ "path": rel, "text": Saved::read(&bytes).0, "version": version(&bytes) }))
    }

    /// Checks the unsaved text; the files it uses come from the disk.
    fn checked(&self, b: &RulesBody, lang: Lang) -> Result<(PathBuf, Checked), Failure> {
        let path = self.inside(&b.path, RULES_EXT, false, lang)?;
        // Named as in the folder, which the server works in: `_rule` columns and messages read
        // `ten_level.ladder:150`, as `ladder run` run there writes them.
        // The editor's unsaved text in front of the disk, where the files it uses are.
        let mut files = Memory::over_disk();
        files.insert(&b.path, b.text.clone());
        let checked = check_with(&files, &b.path).map_err(|e| cannot_read(&b.path, &e, lang))?;
        Ok((path, checked))
    }

    /// The program of the unsaved text; its errors as a failure the page shows.
    fn program(&self, b: &RulesBody, lang: Lang) -> Result<(PathBuf, Program), Failure> {
        let (path, checked) = self.checked(b, lang)?;
        match checked.has_errors() {
            false => Ok((path, checked.program)),
            true => Err(self.broken(&checked, &b.text, lang)),
        }
    }

    fn broken(&self, checked: &Checked, text: &str, lang: Lang) -> Failure {
        let n = checked.diagnostics.iter().filter(|d| d.is_error()).count();
        let mut f = fail(422, "rules", t!(lang, "serve.error.rules", n));
        f.extra = Some(("diagnostics", self.diagnostics(&checked.diagnostics, &checked.program.sources, text, lang)));
        f
    }

    fn check(&self, b: &RulesBody, lang: Lang) -> Answer {
        let (_, checked) = self.checked(b, lang)?;
        Ok(json!({ "diagnostics": self.diagnostics(&checked.diagnostics, &checked.program.sources, &b.text, lang) }))
    }

    /// Diagnostics for the editor: positions in UTF-16 units of `text` (file 0); those of the
    /// files it uses at its start, naming their file.
    fn diagnostics(&self, found: &[Diagnostic], sources: &Sources, text: &str, lang: Lang) -> Value {
        let mut found: Vec<&Diagnostic> = found.iter().collect();
        found.sort_by_key(|d| (!d.is_error(), d.loc.file, d.loc.span.start));
        let list: Vec<Value> = found
            .into_iter()
            .map(|d| {
                let j = report::json(d, sources, lang);
                let here = d.loc.file == 0;
                let (from, to) = match here {
                    true => (utf16(text, d.loc.span.start), utf16(text, d.loc.span.end)),
                    false => (0, 0),
                };
                let fix =
                    d.fix(sources).filter(|_| here).map(|insert| json!({ "from": from, "to": to, "insert": insert }));
                let file = report::place::relative(&j.file, &self.dir).unwrap_or(j.file);
                json!({
                    "from": from, "to": to, "line": j.line, "column": j.column, "file": file,
                    "severity": j.severity, "code": j.code, "message": j.message, "label": j.label,
                    "help": j.help, "fix": fix,
                })
            })
            .collect();
        Value::Array(list)
    }

    fn format(&self, b: &RulesBody, lang: Lang) -> Answer {
        match ladder::fmt::format(&b.text) {
            Ok(text) => Ok(json!({ "text": text })),
            Err(found) => {
                let mut sources = Sources::default();
                sources.add(b.path.clone(), b.text.clone());
                Ok(json!({ "diagnostics": self.diagnostics(&found, &sources, &b.text, lang) }))
            }
        }
    }

    /// Saves atomically, in the file's encoding and line ends, unless the file changed on disk
    /// since the page read it.
    fn save(&self, b: &SaveBody, lang: Lang) -> Answer {
        let path = self.inside(&b.path, RULES_EXT, false, lang)?;
        let bytes = match std::fs::read(&path) {
            Ok(disk) => {
                if b.version.as_deref() != Some(version(&disk).as_str()) {
                    let mut f = fail(409, "conflict", t!(lang, "serve.error.conflict", path = b.path));
                    f.extra = Some(("conflict", json!({ "text": Saved::read(&disk).0, "version": version(&disk) })));
                    return Err(f);
                }
                Saved::read(&disk).1.write(&b.text)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => b.text.clone().into_bytes(),
            Err(e) => return Err(cannot_read(&b.path, &e, lang)),
        };
        write_atomically(&path, &bytes).map_err(|e| {
            fail(
                500,
                "cannot-write",
                t!(lang, "cannot-write", path = b.path, reason = ladder::input::file_reason(&e, lang)),
            )
        })?;
        Ok(json!({ "version": version(&bytes) }))
    }

    fn open(&self, b: &OpenBody, lang: Lang) -> Answer {
        self.inside(&b.path, DATA_EXT, true, lang)?;
        // Named relative to the folder, which the server works in: messages name it as the page does.
        self.opened(DataFile { name: b.path.clone(), path: PathBuf::from(&b.path), sheet: b.sheet.clone() }, lang)
    }

    /// Makes `d` the open data: its name, the sheet asked for, and a workbook's sheets to choose from.
    fn opened(&self, d: DataFile, lang: Lang) -> Answer {
        let path = d.path.to_string_lossy().into_owned();
        let sheets = match workbook::is_workbook(&path) {
            true => workbook::sheet_names(&path).map_err(|e| fail(422, "data", e.text(lang, &d.name)))?,
            false => vec![],
        };
        let answer = json!({ "name": d.name, "sheet": d.sheet, "sheets": sheets });
        *lock(&self.data) = Some(d);
        Ok(answer)
    }

    /// Reads another sheet of the open workbook (`None`: the first with the rules' columns).
    fn sheet(&self, b: &SheetBody, lang: Lang) -> Answer {
        let Some(mut d) = lock(&self.data).clone() else {
            return Err(fail(409, "no-data", t!(lang, "serve.error.no-data")));
        };
        d.sheet = b.sheet.clone();
        self.opened(d, lang)
    }

    /// A file dropped on the page, kept in a temporary folder under its own name.
    fn upload(&self, name: &str, body: &[u8], lang: Lang) -> Answer {
        let file = Path::new(name).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let ext = Path::new(&file).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if file.is_empty() || !DATA_EXT.contains(&ext.as_str()) {
            return Err(fail(400, "kind", t!(lang, "serve.error.kind", path = name, kinds = DATA_EXT.join(", "))));
        }
        let mut uploads = lock(&self.uploads);
        let written = (|| -> std::io::Result<PathBuf> {
            if uploads.is_none() {
                *uploads = Some(crate::cmd::interrupt::temporary_dir()?);
            }
            let dir = uploads.as_ref().map(|(d, _)| d.path().to_path_buf()).unwrap_or_default();
            let path = dir.join(&file);
            std::fs::write(&path, body)?;
            Ok(path)
        })();
        let path = written.map_err(|e| {
            fail(
                500,
                "cannot-write",
                t!(lang, "cannot-write", path = file, reason = ladder::input::file_reason(&e, lang)),
            )
        })?;
        self.opened(DataFile { name: file, path, sheet: None }, lang)
    }

    /// The open data file read for `program`.
    fn data_for(&self, program: &Program, lang: Lang) -> Result<(String, Box<dyn Data + Send>), Failure> {
        let Some(d) = lock(&self.data).clone() else {
            return Err(fail(409, "no-data", t!(lang, "serve.error.no-data")));
        };
        let path = d.path.to_string_lossy().into_owned();
        let data = crate::cmd::open_data(&path, Encoding::Auto, None, program, d.sheet.as_deref(), lang)
            .map_err(|message| fail(422, "data", message))?;
        let shown = d.name;
        Ok((shown, data))
    }

    fn grade(&self, b: &RulesBody, lang: Lang) -> Answer {
        let (_, program) = self.program(b, lang)?;
        let (name, data) = self.data_for(&program, lang)?;
        let started = std::time::Instant::now();
        let mut graded = Graded::new(program, data, self.today, lang).map_err(|m| fail(422, "data", m))?;
        let millis = started.elapsed().as_millis() as u64;
        let answer = graded.summary(&name, millis, lang);
        *lock(&self.graded) = Some(Arc::new(graded));
        Ok(answer)
    }

    fn last(&self, lang: Lang) -> Result<Arc<Graded>, Failure> {
        lock(&self.graded).clone().ok_or_else(|| fail(409, "not-graded", t!(lang, "serve.error.not-graded")))
    }

    fn rows<'q>(&self, param: impl Fn(&str) -> Option<&'q str>, lang: Lang) -> Answer {
        let graded = self.last(lang)?;
        let number = |name: &str, default: usize| param(name).and_then(|v| v.parse().ok()).unwrap_or(default);
        let (offset, limit) = (number("offset", 0), number("limit", 100).min(MAX_PAGE));
        let level = match param("ladder").filter(|l| !l.is_empty()) {
            Some(ladder) => match graded.column(ladder) {
                Some(column) => Some((column, param("level").unwrap_or(""))),
                None => return Err(fail(400, "no-ladder", t!(lang, "serve.error.no-ladder", ladder))),
            },
            None => None,
        };
        let (total, rows) = graded.page(level, param("search").unwrap_or(""), offset, limit);
        Ok(json!({ "total": total, "rows": rows }))
    }

    fn explain(&self, b: &ExplainBody, lang: Lang) -> Answer {
        let graded = self.last(lang)?;
        graded.explain(b.index, &b.edits, lang).map_err(|m| fail(400, "explain", m))
    }

    fn graph(&self, b: &RulesBody, lang: Lang) -> Answer {
        let (_, program) = self.program(b, lang)?;
        let sets: Vec<Value> = (0..program.transitions.len())
            .map(|t| {
                let g = ladder::transitions::Graph::new(&program, t);
                let set = &program.transitions[t];
                let stages: Vec<Value> = (0..g.stages())
                    .map(|s| {
                        let rule = &program.ladders[set.ladder].rules[s];
                        json!({
                            "name": g.name(s), "label": rule.label, "final": set.finals.contains(&s),
                            "start": g.entries.contains(&s), "reachable": g.reachable[s],
                        })
                    })
                    .collect();
                let moves: Vec<Value> = g
                    .edges
                    .iter()
                    .map(|e| {
                        let label = ladder::transitions::draw::label(&program, &set.moves[e.mv]);
                        json!({ "from": e.from, "to": e.to, "label": label, "dead": e.dead.is_some() })
                    })
                    .collect();
                json!({ "name": set.name, "stages": stages, "moves": moves })
            })
            .collect();
        Ok(json!({ "sets": sets }))
    }

    /// The examples and the test tables beside the file, with coverage and the suggested examples.
    fn test(&self, b: &RulesBody, lang: Lang) -> Answer {
        let (path, program) = self.program(b, lang)?;
        let mut session = Session::new(self.today, None, true);
        session.examples(&program);
        let mut problems = Vec::new();
        for ext in ["cases.csv", "cases.xlsx", "cases.xls", "cases.ods"] {
            let table = path.with_extension(ext);
            if !table.is_file() {
                continue;
            }
            match testing::load_table(&program, &table.to_string_lossy(), Encoding::Auto, lang) {
                Ok(t) => session.table(&program, &t),
                Err(found) => {
                    problems.extend(found.iter().map(|p| ladder::diag::words::testing_why::table_problem(lang, p)))
                }
            }
        }
        let report = testing::human(lang, &session, None);
        let mut cov = session.coverage.clone();
        let (covered, total, percent, uncovered) = match &session.coverage {
            Some(c) => {
                let (covered, total, percent) = c.total();
                let uncovered: Vec<String> =
                    c.files(lang).into_iter().flat_map(|f| f.uncovered.into_iter().map(|u| u.text)).collect();
                (covered, total, percent, uncovered)
            }
            None => (0, 0, 100.0, vec![]),
        };
        let suggestions: Vec<Value> = match cov.as_mut() {
            Some(cov) => {
                let style = suggest::Style::of(&b.text, &program);
                let found = suggest::suggest(&program, self.today, cov, &style);
                let confirmed =
                    suggest::confirmed(&path.to_string_lossy(), &b.text, &program, &found.examples, self.today);
                match confirmed {
                    Some(_) => found
                        .examples
                        .iter()
                        .map(|s| json!({ "text": suggest::example_text(&program, s), "name": s.name }))
                        .collect(),
                    None => vec![],
                }
            }
            None => vec![],
        };
        Ok(json!({
            "passed": session.passed(), "failed": session.failed(), "report": report,
            "coverage": { "covered": covered, "total": total, "percent": percent, "uncovered": uncovered },
            "suggestions": suggestions, "problems": problems,
        }))
    }

    /// The edited rules against the saved file or git HEAD, over the open data.
    fn diff(&self, b: &DiffBody, lang: Lang) -> Answer {
        let rules = RulesBody { path: b.path.clone(), text: b.text.clone() };
        let (path, new) = self.program(&rules, lang)?;
        let shown = b.path.as_str();
        let old = match b.base.as_str() {
            "head" => {
                let git = GitRev::new(&path, "HEAD").map_err(|e| {
                    let reason = match e {
                        GitError::NoGit => t!(lang, "diff.git-missing"),
                        GitError::UnknownRev => t!(lang, "diff.git-unknown-rev", rev = "HEAD", path = b.path),
                        GitError::Git(said) => said,
                    };
                    fail(422, "git", t!(lang, "diff.git-failed", path = b.path, rev = "HEAD", reason))
                })?;
                match check_with(&git, shown) {
                    Ok(checked) => Some(checked),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => return Err(cannot_read(&b.path, &e, lang)),
                }
            }
            _ => match std::fs::read(&path) {
                Ok(bytes) => Some(check_text(shown, Saved::read(&bytes).0)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(cannot_read(&b.path, &e, lang)),
            },
        };
        let old = match old {
            Some(checked) if checked.has_errors() => {
                let n = checked.diagnostics.iter().filter(|d| d.is_error()).count();
                return Err(fail(422, "base", t!(lang, "serve.error.base", n)));
            }
            Some(checked) => checked.program,
            None => Program::default(),
        };
        let reads_twice = if new.pops.is_empty() { &old } else { &new };
        let (_, data) = self.data_for(reads_twice, lang)?;
        let opts = ladder::diff::Options {
            today: self.today,
            sample: 5,
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            rows: false,
            progress: None,
            lang,
        };
        let impact = ladder::diff::diff(&old, &new, &*data, &opts).map_err(|e| fail(422, "data", e.text(lang)))?;
        let report = ladder::diff::render::human(&impact, lang);
        let details: Value = serde_json::from_str(&ladder::diff::render::json(&impact)).unwrap_or(Value::Null);
        Ok(json!({ "report": report, "diff": details }))
    }

    fn download(&self, format: &str, lang: Lang) -> Result<Response, Failure> {
        let graded = self.last(lang)?;
        let stem = Path::new(&graded.name).file_stem().map_or("graded".into(), |s| s.to_string_lossy().into_owned());
        let (content_type, ext, body) = match format {
            "xlsx" => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
                graded.workbook(lang).map_err(|e| fail(500, "data", e))?,
            ),
            _ => ("text/csv; charset=utf-8", "csv", graded.csv_for_excel()),
        };
        let file = format!("{stem}.graded.{ext}");
        // RFC 6266: an ASCII fallback and the UTF-8 name.
        let ascii: String = file.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
        let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(&file));
        Ok(Response { status: 200, content_type, body, disposition: Some(disposition) })
    }
}

/// Every word of the page in `lang`, and the keywords of the language in both spellings.
fn words(lang: Lang) -> Value {
    let words: serde_json::Map<String, Value> =
        lang.texts("page.").into_iter().map(|(k, v)| (k.trim_start_matches("page.").to_string(), json!(v))).collect();
    let mut keywords: Vec<&str> =
        ladder::syntax::keywords::KEYWORDS.iter().flat_map(|k| [Some(k.en), k.zh]).flatten().collect();
    keywords.sort_unstable();
    keywords.dedup();
    json!({ "lang": lang.code(), "words": words, "keywords": keywords })
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8], lang: Lang) -> Result<T, Failure> {
    serde_json::from_slice(body).map_err(|_| fail(400, "request", t!(lang, "serve.error.request")))
}

fn cannot_read(path: &str, e: &std::io::Error, lang: Lang) -> Failure {
    let status = if e.kind() == std::io::ErrorKind::NotFound { 404 } else { 500 };
    fail(status, "cannot-read", t!(lang, "cannot-read", path, reason = ladder::input::file_reason(e, lang)))
}

/// A short fingerprint of a file's bytes: whether it changed since the page read it.
fn version(bytes: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{:016x}-{}", h.finish(), bytes.len())
}

/// The UTF-16 offset of byte `at` of `text` (what the page's editor counts).
fn utf16(text: &str, at: usize) -> usize {
    let at = ladder::diag::floor_char_boundary(text, at.min(text.len()));
    text[..at].chars().map(char::len_utf16).sum()
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `a=1&b=%E4%B8%AD` as pairs, decoded.
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded() {
        assert_eq!(
            parse_query("a=1&search=%E5%BC%A0+%E4%B8%89&x&bad=%E"),
            vec![
                ("a".into(), "1".into()),
                ("search".into(), "张 三".into()),
                ("x".into(), "".into()),
                ("bad".into(), "%E".into())
            ]
        );
    }

    #[test]
    fn utf16_offsets_count_what_javascript_counts() {
        let text = "a张😀b";
        assert_eq!([0, 1, 4, 8].map(|b| utf16(text, b)), [0, 1, 2, 4]);
    }
}
