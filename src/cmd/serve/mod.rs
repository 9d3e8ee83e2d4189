//! `ladder serve`: the manager's workbench, a page on 127.0.0.1 over the library
//! (docs/design/serve.md). `http` is the only file that knows the HTTP library; `api` answers
//! requests without sockets; `graded` holds the last grading the page asked for.

mod api;
mod graded;
mod http;

use super::{error, lang, stdio, USAGE};
use ladder::t;
use std::path::PathBuf;

use api::Workbench;

#[derive(Debug, clap::Args)]
pub struct Args {
    dir: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    data: Option<String>,
    #[arg(long, value_name = "N", default_value_t = 7878)]
    port: u16,
    #[arg(long, value_name = "HOST")]
    host: Option<String>,
    #[arg(long)]
    no_open: bool,
}

pub fn run(args: Args) -> i32 {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let dir = match std::fs::canonicalize(&dir).and_then(|d| match d.is_dir() {
        true => Ok(d),
        false => Err(std::io::Error::from(std::io::ErrorKind::NotADirectory)),
    }) {
        Ok(d) => d,
        Err(e) => {
            error(t!(lang(), "serve.no-dir", dir = dir.display(), reason = ladder::input::file_reason(&e, lang())));
            return USAGE;
        }
    };
    let host = args.host.clone().unwrap_or_else(|| "127.0.0.1".into());
    if args.host.is_some() {
        stdio::errln(t!(lang(), "warning-line", message = t!(lang(), "serve.open-host", host)));
    }
    let server = match http::bind(&host, args.port) {
        Ok(s) => s,
        Err(e) => {
            error(t!(lang(), "serve.cannot-listen", host, port = args.port, reason = e));
            return USAGE;
        }
    };
    let port = server.server_addr().to_ip().map_or(args.port, |a| a.port());
    let token = match token() {
        Ok(t) => t,
        Err(e) => {
            error(t!(lang(), "serve.cannot-listen", host, port, reason = e));
            return USAGE;
        }
    };
    let bench = Workbench::new(dir.clone(), &host, port, token, lang(), ladder::today());
    if let Some(data) = &args.data {
        if let Err(message) = bench.open_data(data, lang()) {
            error(message);
            return USAGE;
        }
    }
    // Rule files are named relative to the folder, as `ladder run` run there names them.
    if let Err(e) = std::env::set_current_dir(&dir) {
        error(t!(lang(), "serve.no-dir", dir = dir.display(), reason = ladder::input::file_reason(&e, lang())));
        return USAGE;
    }
    let url = bench.url();
    // One write: a reader that takes the first line and closes the pipe does not stop the server.
    stdio::out(format!("{}\n{}\n", t!(lang(), "serve.listening", url), t!(lang(), "serve.stop")));
    if !args.no_open {
        open_browser(&url);
    }
    http::serve(server, bench);
    super::OK
}

/// 128 random bits from the operating system, as 32 hex digits.
fn token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Opens `url` in the user's browser; when none opens, the printed address is there to click.
fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]).arg(url.replace('&', "^&"));
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    let _ = command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
}
