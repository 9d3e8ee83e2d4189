//! A running `ladder serve` and requests to it over HTTP, as a browser sends them.

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

/// A running `ladder serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// Kept open while the server runs.
    _out: BufReader<ChildStdout>,
    /// `127.0.0.1:PORT`
    pub host: String,
    pub token: String,
    pub dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The status, the headers (lower-case names) and the body of one answer.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl Server {
    /// Starts `command` (a `ladder serve … --port 0 --no-open`) serving `dir` and reads the address
    /// it prints.
    pub fn start(mut command: Command, dir: PathBuf) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("start ladder serve");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("the address");
        let url = line[line.find("http://").unwrap_or_else(|| panic!("no address in {line:?}"))..].trim();
        let (host, token) = url["http://".len()..].split_once("/?token=").expect("host and token");
        Server { child, _out: out, host: host.to_string(), token: token.to_string(), dir }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to end by itself; its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        self.child.wait().ok().and_then(|s| s.code())
    }

    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut s = TcpStream::connect(&self.host).expect("connect");
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).expect("send");
        s.write_all(body).expect("send");
        let mut all = Vec::new();
        s.read_to_end(&mut all).expect("receive");
        let split = all.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
        let head = String::from_utf8_lossy(&all[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("status");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let body = all[split + 4..].to_vec();
        let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
        Reply { status, headers, body: if chunked { unchunk(&body) } else { body } }
    }

    /// A request as the page sends it: its Host, its token.
    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Reply {
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        self.raw(method, path, &[("Host", &self.host), ("X-Ladder-Token", &self.token)], &body)
    }

    pub fn post(&self, path: &str, body: Value) -> Reply {
        self.call("POST", path, Some(body))
    }

    pub fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None)
    }

    /// The text of a rule file of the folder, as the page opens it.
    pub fn text(&self, file: &str) -> String {
        let r = self.get(&format!("/api/file?path={file}"));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()["text"].as_str().expect("text").to_string()
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").expect("chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&body[..end]).expect("hex").trim(), 16).expect("hex");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}
