//! `ladder serve`: the workbench's API through the real binary over HTTP (the page itself is
//! tested in a real browser by web/test/e2e.mjs).

mod common;

use common::http::Server;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// A copy of rules/ in a fresh folder, served in `lang`.
fn serve(name: &str, lang: &str) -> Server {
    let dir = common::cli::tmp(name);
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for entry in std::fs::read_dir(rules).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_ladder"));
    command.env("LADDER_LANG", lang).args(["serve", &dir.to_string_lossy(), "--no-open", "--port", "0"]);
    Server::start(command, dir)
}

#[test]
fn every_request_needs_the_token_the_right_host_and_no_foreign_origin() {
    let s = serve("serve_security", "en");
    let host = s.host.clone();
    let page = s.raw("GET", "/", &[("Host", &host)], b"");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("app.js"));
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'self'"));
    let no_token = s.raw("GET", "/api/files", &[("Host", &host)], b"");
    let wrong_token = s.raw("GET", "/api/files", &[("Host", &host), ("X-Ladder-Token", "0123")], b"");
    let rebinding = s.raw("GET", "/api/files", &[("Host", "evil.example:80"), ("X-Ladder-Token", &s.token)], b"");
    let foreign = s.raw(
        "GET",
        "/api/files",
        &[("Host", &host), ("X-Ladder-Token", &s.token), ("Origin", "http://evil.example")],
        b"",
    );
    let same_origin = format!("http://{host}");
    let own =
        s.raw("GET", "/api/files", &[("Host", &host), ("X-Ladder-Token", &s.token), ("Origin", &same_origin)], b"");
    assert_eq!(
        [no_token.status, wrong_token.status, rebinding.status, foreign.status, own.status],
        [401, 401, 403, 403, 200]
    );
    insta::assert_snapshot!(
        "security_en",
        [no_token, rebinding, foreign].map(|r| r.json()["error"]["message"].as_str().unwrap().to_string()).join("\n")
    );
    let files = own.json();
    assert_eq!(files["rules"], json!(["abc.ladder", "lifecycle.ladder", "rfm.ladder", "ten_level.ladder"]));
    assert!(files["data"].as_array().unwrap().contains(&json!("ten_level.sample.xlsx")));
}

#[test]
fn files_outside_the_folder_are_refused_and_the_server_keeps_serving() {
    let outside = common::cli::tmp("serve_outside_target");
    std::fs::write(outside.join("secret.ladder"), "fields {\n  a: bool\n}\n").unwrap();
    let s = serve("serve_paths", "zh");
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.join("secret.ladder"), s.dir.join("link.ladder")).unwrap();
    let refused = |path: &str| s.get(&format!("/api/file?path={path}")).status;
    let abs = outside.join("secret.ladder").to_string_lossy().into_owned();
    assert_eq!([refused("../serve_outside_target/secret.ladder"), refused(&abs), refused("")], [403, 403, 403]);
    #[cfg(unix)]
    assert_eq!(refused("link.ladder"), 403);
    assert_eq!(refused("ten_level.sample.csv"), 400, "only rule files are edited");
    let save = s.post("/api/save", json!({ "path": "../x.ladder", "text": "", "version": null }));
    assert_eq!(save.status, 403);
    assert!(!s.dir.parent().unwrap().join("x.ladder").exists());
    // Bad requests get an error and the server goes on.
    let broken = s.raw("POST", "/api/check", &[("Host", &s.host), ("X-Ladder-Token", &s.token)], b"{not json");
    assert_eq!(broken.status, 400);
    let huge = vec![b' '; (1 << 20) + 10];
    let too_large = s.raw("POST", "/api/check", &[("Host", &s.host), ("X-Ladder-Token", &s.token)], &huge);
    assert_eq!(too_large.status, 413);
    insta::assert_snapshot!(
        "errors_zh",
        [s.get("/api/file?path=../a.ladder"), s.get("/api/file?path=a.csv"), too_large, s.get("/api/nothing")]
            .map(|r| r.json()["error"]["message"].as_str().unwrap().to_string())
            .join("\n")
    );
    assert_eq!(s.get("/api/files").status, 200);
}

#[test]
fn diagnostics_of_the_unsaved_text_in_utf16_positions_with_the_fix() {
    for lang in ["en", "zh"] {
        let s = serve(&format!("serve_check_{lang}"), lang);
        let text = s.text("ten_level.ladder");
        let bad = text.replacen("let 拍板人反馈 = 反馈人 is 拍板人", "let 拍板人反馈 = 反馈者 is 拍板人", 1);
        assert_ne!(bad, text);
        let r = s.post("/api/check", json!({ "path": "ten_level.ladder", "text": bad }));
        assert_eq!(r.status, 200);
        let diags = r.json()["diagnostics"].clone();
        let d = &diags[0];
        assert_eq!(d["code"], "ladder::unknown_name");
        let (from, to) = (d["from"].as_u64().unwrap() as usize, d["to"].as_u64().unwrap() as usize);
        let units: Vec<u16> = bad.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[from..to]).unwrap(), "反馈者");
        assert_eq!(d["fix"], json!({ "from": from, "to": to, "insert": "反馈人" }));
        let fixed = String::from_utf16(
            &[&units[..from], "反馈人".encode_utf16().collect::<Vec<_>>().as_slice(), &units[to..]].concat(),
        )
        .unwrap();
        assert_eq!(fixed, text);
        let clean = s.post("/api/check", json!({ "path": "ten_level.ladder", "text": fixed }));
        assert_eq!(clean.json()["diagnostics"], json!([]));
        insta::assert_snapshot!(format!("check_{lang}"), serde_json::to_string_pretty(&diags).unwrap());
    }
}

#[test]
fn format_and_save_keep_the_file_and_refuse_to_overwrite_a_change_made_on_disk() {
    let s = serve("serve_save", "en");
    let path = s.dir.join("abc.ladder");
    // A file with Windows line ends keeps them.
    let crlf = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    std::fs::write(&path, &crlf).unwrap();
    let opened = s.get("/api/file?path=abc.ladder").json();
    let text = opened["text"].as_str().unwrap().to_string();
    assert!(!text.contains('\r'));
    let messy = text.replacen("fields {", "fields   {", 1);
    let formatted = s.post("/api/format", json!({ "path": "abc.ladder", "text": messy })).json();
    assert_eq!(formatted["text"].as_str().unwrap(), text);
    let edited = format!("{text}# 改过\n");
    let saved = s.post("/api/save", json!({ "path": "abc.ladder", "text": edited, "version": opened["version"] }));
    assert_eq!(saved.status, 200);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited.replace('\n', "\r\n"));
    // Changed behind the page: the save is refused and the disk's text offered.
    std::fs::write(&path, "# someone else\r\n").unwrap();
    let conflict =
        s.post("/api/save", json!({ "path": "abc.ladder", "text": "mine", "version": saved.json()["version"] }));
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.json()["conflict"]["text"], "# someone else\n");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# someone else\r\n");
    let mine = s.post(
        "/api/save",
        json!({ "path": "abc.ladder", "text": "mine\n", "version": conflict.json()["conflict"]["version"] }),
    );
    assert_eq!(mine.status, 200);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\r\n");
    // A new file; a second "new" save of it is a conflict.
    let new = s.post("/api/save", json!({ "path": "new.ladder", "text": "fields {\n  a: bool\n}\n", "version": null }));
    assert_eq!(new.status, 200);
    assert_eq!(s.post("/api/save", json!({ "path": "new.ladder", "text": "x", "version": null })).status, 409);
}

#[test]
fn grade_page_filter_explain_and_what_if() {
    let s = serve("serve_grade", "en");
    let text = s.text("ten_level.ladder");
    let rules = json!({ "path": "ten_level.ladder", "text": text });
    assert_eq!(s.post("/api/grade", rules.clone()).status, 409, "no data open yet");
    assert_eq!(s.post("/api/data/open", json!({ "path": "ten_level.sample.csv" })).status, 200);
    let g = s.post("/api/grade", rules.clone()).json();
    assert_eq!(g["total"], 44);
    let ladder = &g["ladders"][0];
    assert_eq!(ladder["name"], "十级");
    let counts: u64 = ladder["levels"].as_array().unwrap().iter().map(|l| l["count"].as_u64().unwrap()).sum();
    assert_eq!(counts, 44);
    // The same cells `ladder run` writes.
    let run = common::cli::ladder(&["run", "rules/ten_level.ladder", "rules/ten_level.sample.csv"]);
    let run = common::cli::stdout(&run).replace("rules/ten_level.ladder", "ten_level.ladder");
    let csv = s.get("/api/download?format=csv");
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-disposition").unwrap().contains("ten_level.sample.graded.csv"));
    assert_eq!(String::from_utf8(csv.body.clone()).unwrap(), format!("\u{feff}{run}"));
    let a06 = s.get("/api/rows?ladder=%E5%8D%81%E7%BA%A7&level=A06&limit=2").json();
    let level_column = g["columns"].as_array().unwrap().iter().position(|c| c == "十级").unwrap();
    assert_eq!(
        a06["total"],
        ladder["levels"].as_array().unwrap().iter().find(|l| l["level"] == "A06").unwrap()["count"]
    );
    assert_eq!(a06["rows"].as_array().unwrap().len(), 2);
    assert!(a06["rows"].as_array().unwrap().iter().all(|r| r["cells"][level_column] == "A06"));
    let found = s.get("/api/rows?search=kh-2025-0103").json();
    assert_eq!(found["total"], 1);
    let index = found["rows"][0]["index"].as_u64().unwrap();
    let why = s.post("/api/explain", json!({ "index": index })).json();
    assert_eq!(why["results"]["十级"], "A01");
    let explain = common::cli::ladder(&[
        "explain",
        "rules/ten_level.ladder",
        "rules/ten_level.sample.csv",
        "--key",
        "KH-2025-0103",
    ]);
    assert_eq!(why["text"], common::cli::stdout(&explain).replace("rules/ten_level.ladder", "ten_level.ladder"));
    // What if the money was not all in: no longer closed.
    let what_if = s.post("/api/explain", json!({ "index": index, "edits": { "款项收齐": "否" } })).json();
    assert_ne!(what_if["results"]["十级"], "A01");
    assert!(what_if["text"].as_str().unwrap().contains("款项收齐 = 否"), "{}", what_if["text"]);
    assert_eq!(s.post("/api/explain", json!({ "index": 9999 })).status, 400);
    assert_eq!(s.post("/api/explain", json!({ "index": 0, "edits": { "nope": "1" } })).status, 400);
    // The workbook reads back.
    let xlsx = s.get("/api/download?format=xlsx");
    assert_eq!(xlsx.status, 200);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.body)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 45);
    // The link of a download carries the token in its query.
    let link = s.raw("GET", &format!("/api/download?format=csv&token={}", s.token), &[("Host", &s.host)], b"");
    assert_eq!(link.status, 200);
}

/// The deepest rules the checker allows are graded and explained on the server's threads.
#[test]
fn the_deepest_rules_are_graded_and_explained() {
    let s = serve("serve_deep", "en");
    std::fs::write(s.dir.join("deep.csv"), "客户,金额\n甲,200万\n乙,5万\n").unwrap();
    assert_eq!(s.post("/api/data/open", json!({ "path": "deep.csv" })).status, 200);
    let g = s.post("/api/grade", json!({ "path": "deep.ladder", "text": common::sum_chain(499) })).json();
    assert_eq!(g["total"], 2, "{g}");
    let why = s.post("/api/explain", json!({ "index": 0 })).json();
    assert_eq!(why["results"]["等级"], "A", "{why}");
    let what_if = s.post("/api/explain", json!({ "index": 0, "edits": { "金额": "1" } })).json();
    assert_eq!(what_if["results"]["等级"], "B", "{what_if}");
}

#[test]
fn a_what_if_on_a_ranked_value_ranks_the_record_among_the_others() {
    let s = serve("serve_rfm", "en");
    let text = s.text("rfm.ladder");
    assert_eq!(s.post("/api/data/open", json!({ "path": "rfm.sample.csv" })).status, 200);
    let g = s.post("/api/grade", json!({ "path": "rfm.ladder", "text": text })).json();
    assert!(g["total"].as_u64().unwrap() > 10);
    let first = s.post("/api/explain", json!({ "index": 0 })).json();
    let huge = s.post("/api/explain", json!({ "index": 0, "edits": { "购买金额": "99999万" } })).json();
    let run = common::cli::ladder(&["explain", "rules/rfm.ladder", "rules/rfm.sample.csv", "--row", "2"]);
    assert_eq!(first["text"], common::cli::stdout(&run).replace("rules/rfm.ladder", "rfm.ladder"));
    assert!(huge["text"].as_str().unwrap().contains("99999万") || huge["text"].as_str().unwrap().contains("999990000"));
    assert_ne!(first["text"], huge["text"]);
}

#[test]
fn a_dropped_workbook_is_graded_and_rules_with_errors_are_said() {
    let s = serve("serve_upload", "zh");
    let book = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/ten_level.sample.xlsx")).unwrap();
    let up = s.raw(
        "POST",
        "/api/data/upload?name=%E5%AE%A2%E6%88%B7.xlsx",
        &[("Host", &s.host), ("X-Ladder-Token", &s.token)],
        &book,
    );
    assert_eq!(up.status, 200);
    assert_eq!(up.json()["name"], "客户.xlsx");
    assert_eq!(up.json()["sheets"], json!(["说明", "客户"]));
    let text = s.text("ten_level.ladder");
    let rules = json!({ "path": "ten_level.ladder", "text": text });
    let g = s.post("/api/grade", rules.clone());
    assert_eq!(g.status, 200);
    assert_eq!(g.json()["total"], 44);
    // Another sheet of the workbook: the notes sheet holds no records, and says so.
    assert_eq!(s.post("/api/data/sheet", json!({ "sheet": "说明" })).json()["sheet"], "说明");
    let notes = s.post("/api/grade", rules.clone());
    assert_eq!(notes.status, 422);
    insta::assert_snapshot!("notes_sheet_zh", notes.json()["error"]["message"].as_str().unwrap());
    assert_eq!(s.post("/api/data/sheet", json!({ "sheet": "客户" })).status, 200);
    assert_eq!(s.post("/api/grade", rules.clone()).json()["total"], 44);
    assert_eq!(s.post("/api/data/sheet", json!({ "sheet": "第三张" })).status, 200);
    assert_eq!(s.post("/api/grade", rules).status, 422, "no such sheet");
    let csv = s.post("/api/data/open", json!({ "path": "ten_level.sample.csv" })).json();
    assert_eq!(csv["sheets"], json!([]));
    let broken = s.post("/api/grade", json!({ "path": "ten_level.ladder", "text": "fields {\n  a: nonsense\n}\n" }));
    assert_eq!(broken.status, 422);
    assert!(!broken.json()["diagnostics"].as_array().unwrap().is_empty());
    insta::assert_snapshot!("rules_error_zh", broken.json()["error"]["message"].as_str().unwrap());
    let bad_name =
        s.raw("POST", "/api/data/upload?name=x.exe", &[("Host", &s.host), ("X-Ladder-Token", &s.token)], b"MZ");
    assert_eq!(bad_name.status, 400);
}

#[test]
fn graph_tests_and_the_comparison_with_the_saved_file() {
    let s = serve("serve_views", "en");
    let text = s.text("ten_level.ladder");
    let graph = s.post("/api/graph", json!({ "path": "ten_level.ladder", "text": text })).json();
    let set = &graph["sets"][0];
    assert_eq!(set["name"], "阶段");
    assert!(set["stages"].as_array().unwrap().iter().any(|st| st["name"] == "A01" && st["final"] == true));
    assert!(!set["moves"].as_array().unwrap().is_empty());
    let tests = s.post("/api/test", json!({ "path": "ten_level.ladder", "text": text })).json();
    assert_eq!(tests["failed"], 0);
    assert!(tests["passed"].as_u64().unwrap() >= 17);
    assert!(tests["report"].as_str().unwrap().contains("passed"));
    // Without its examples the file gets suggestions that cover it again.
    let bare = text.split("\nexample ").next().unwrap().to_string() + "\n";
    let suggested = s.post("/api/test", json!({ "path": "ten_level.ladder", "text": bare })).json();
    assert_eq!(suggested["passed"], 0);
    let examples: Vec<&str> =
        suggested["suggestions"].as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert!(examples.len() > 10);
    let all = format!("{bare}\n{}", examples.join("\n"));
    let again = s.post("/api/test", json!({ "path": "ten_level.ladder", "text": all })).json();
    assert_eq!((again["failed"].clone(), again["coverage"]["percent"].clone()), (json!(0), json!(100.0)));
    // The edit against the saved file, over the open data.
    assert_eq!(s.post("/api/data/open", json!({ "path": "ten_level.sample.csv" })).status, 200);
    let stricter = text.replacen("已用完 and 款项收齐", "已用完 and 款项收齐 and 已付款", 1);
    assert_ne!(stricter, text);
    let same = s.post("/api/diff", json!({ "path": "ten_level.ladder", "text": text, "base": "saved" })).json();
    assert_eq!(same["diff"]["changed_rows"], 0);
    let diff = s.post("/api/diff", json!({ "path": "ten_level.ladder", "text": stricter, "base": "saved" }));
    assert_eq!(diff.status, 200, "{}", String::from_utf8_lossy(&diff.body));
    assert!(diff.json()["report"].as_str().unwrap().contains("十级"));
    // Against git HEAD: the folder made a repository, the file committed.
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&s.dir)
            .output()
            .unwrap();
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    };
    git(&["init", "-q"]);
    git(&["add", "ten_level.ladder"]);
    git(&["commit", "-q", "-m", "rules"]);
    let head = s.post("/api/diff", json!({ "path": "ten_level.ladder", "text": stricter, "base": "head" }));
    assert_eq!(head.status, 200, "{}", String::from_utf8_lossy(&head.body));
    assert_eq!(head.json()["diff"]["changed_rows"], diff.json()["diff"]["changed_rows"]);
}

#[test]
fn the_words_of_the_page_come_in_both_languages_with_the_keywords() {
    let s = serve("serve_words", "en");
    let en = s.get("/api/words?lang=en").json();
    let zh = s.get("/api/words?lang=zh").json();
    assert_eq!((en["lang"].as_str(), zh["lang"].as_str()), (Some("en"), Some("zh")));
    let keys = |v: &Value| v["words"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&en), keys(&zh));
    let keywords = en["keywords"].as_array().unwrap();
    assert!(keywords.contains(&json!("如果")) && keywords.contains(&json!("otherwise")));
}

#[test]
fn a_busy_port_or_a_missing_folder_is_said() {
    let missing = common::cli::ladder_in("zh", &["serve", "no/such/folder", "--no-open"]);
    assert_eq!(missing.status.code(), Some(2));
    insta::assert_snapshot!("no_dir_zh", common::cli::stderr(&missing));
    let s = serve("serve_port", "en");
    let port = s.host.rsplit(':').next().unwrap();
    let busy = common::cli::ladder(&["serve", "rules", "--no-open", "--port", port]);
    assert_eq!(busy.status.code(), Some(2));
    assert!(common::cli::stderr(&busy).contains(&format!("cannot listen on 127.0.0.1:{port}")));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_and_removes_the_dropped_files() {
    let dir = common::cli::tmp("serve_interrupt");
    let temp = common::cli::tmp("serve_interrupt_tmp");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/abc.ladder"), dir.join("abc.ladder")).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_ladder"));
    command.env("TMPDIR", &temp).args(["serve", &dir.to_string_lossy(), "--no-open", "--port", "0"]);
    let mut s = Server::start(command, dir);
    let csv = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/abc.sample.csv")).unwrap();
    let up = s.raw("POST", "/api/data/upload?name=d.csv", &[("Host", &s.host), ("X-Ladder-Token", &s.token)], &csv);
    assert_eq!(up.status, 200);
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 1, "the dropped file's folder");
    let killed = Command::new("kill").args(["-INT", &s.pid().to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(s.wait(), Some(130));
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0, "left behind in {}", temp.display());
}

/// Every answer a manager can get wrong, in both languages, as the page shows it.
#[test]
fn every_error_in_both_languages() {
    for lang in ["en", "zh"] {
        let s = serve(&format!("serve_errors_{lang}"), lang);
        let text = s.text("abc.ladder");
        let rules = json!({ "path": "abc.ladder", "text": text });
        let token = [("Host", s.host.as_str()), ("X-Ladder-Token", s.token.as_str())];
        let said = [
            s.raw("GET", "/api/files", &[("Host", &s.host)], b""),
            s.raw("GET", "/api/files", &[("Host", "evil.example"), ("X-Ladder-Token", &s.token)], b""),
            s.raw("GET", "/api/files", &[token[0], token[1], ("Origin", "http://evil.example")], b""),
            s.raw("POST", "/api/check", &token, &vec![b' '; (1 << 20) + 1]),
            s.raw("POST", "/api/check", &token, b"{"),
            s.get("/api/nothing"),
            s.get("/api/file?path=..%2Fx.ladder"),
            s.get("/api/file?path=abc.sample.csv"),
            s.get("/api/file?path=none.ladder"),
            s.post("/api/grade", rules.clone()),
            s.get("/api/rows"),
            s.post("/api/save", json!({ "path": "abc.ladder", "text": "x", "version": "old" })),
            s.post("/api/grade", json!({ "path": "abc.ladder", "text": "fields {\n  a: nonsense\n}\n" })),
        ];
        assert_eq!(s.post("/api/data/open", json!({ "path": "abc.sample.csv" })).status, 200);
        assert_eq!(s.post("/api/grade", rules).status, 200);
        let graded = [
            s.get("/api/rows?ladder=nope"),
            s.post("/api/explain", json!({ "index": 99999 })),
            s.post("/api/explain", json!({ "index": 0, "edits": { "nope": "1" } })),
            s.post(
                "/api/diff",
                json!({ "path": "abc.ladder", "text": "fields {\n  a: nonsense\n}\n", "base": "saved" }),
            ),
        ];
        let lines: Vec<String> = said
            .iter()
            .chain(&graded)
            .map(|r| format!("{} {}", r.status, r.json()["error"]["message"].as_str().unwrap()))
            .collect();
        insta::assert_snapshot!(format!("answers_{lang}"), lines.join("\n"));
    }
}
