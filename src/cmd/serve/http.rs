//! The sockets: tiny_http's requests turned into [`Request`]s and [`Response`]s written back.

use super::api::{Request, Response, Workbench, MAX_UPLOAD};
use std::io::Read;
use std::sync::Arc;

/// Requests handled at once: grading runs on every core by itself; the others answer the page
/// (rows, words, checks) meanwhile.
const THREADS: usize = 4;

pub fn bind(host: &str, port: u16) -> Result<tiny_http::Server, String> {
    tiny_http::Server::http((host, port)).map_err(|e| e.to_string())
}

/// Answers requests until the process is stopped.
pub fn serve(server: tiny_http::Server, bench: Workbench) {
    let server = Arc::new(server);
    let bench = Arc::new(bench);
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (server, bench) = (server.clone(), bench.clone());
            // Checking and evaluating a request's rules recurse as deep as they nest.
            std::thread::spawn(move || {
                ladder::syntax::on_deep_stack(|| {
                    for rq in server.incoming_requests() {
                        answer(&bench, rq);
                    }
                })
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

fn answer(bench: &Workbench, mut rq: tiny_http::Request) {
    let header = |name: &str| {
        rq.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.to_string())
    };
    let mut request = Request {
        method: rq.method().as_str().to_string(),
        url: rq.url().to_string(),
        host: header("host"),
        origin: header("origin"),
        token: header("x-ladder-token"),
        body: Vec::new(),
        too_large: false,
    };
    let limit = bench.body_limit(&request);
    let declared = rq.body_length().unwrap_or(0);
    if declared > limit {
        request.too_large = true;
    } else {
        let mut body = Vec::with_capacity(declared.min(MAX_UPLOAD));
        match rq.as_reader().take(limit as u64 + 1).read_to_end(&mut body) {
            Ok(_) if body.len() > limit => request.too_large = true,
            Ok(_) => request.body = body,
            Err(_) => return,
        }
    }
    // A mistake of ours answers 500 and leaves this thread serving the next request.
    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bench.handle(&request)))
        .unwrap_or_else(|_| bench.internal_error(&request));
    let _ = rq.respond(to_tiny(response));
}

fn to_tiny(r: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(r.body).with_status_code(r.status);
    let mut headers = vec![
        ("Content-Type", r.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("X-Frame-Options", "DENY".to_string()),
        // CodeMirror writes its styles into <style> elements, hence 'unsafe-inline' for styles only.
        (
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             connect-src 'self'; frame-ancestors 'none'"
                .to_string(),
        ),
    ];
    if let Some(d) = r.disposition {
        headers.push(("Content-Disposition", d));
    }
    for (name, value) in headers {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out.add_header(h);
        }
    }
    out
}
