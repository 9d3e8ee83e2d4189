//! The binaries of the release archives, run as a user runs them: the Linux one natively, `ladder.exe`
//! under Wine. Every case runs on both and expects the same outputs; where Windows differs (wildcards,
//! the quick start's line ends) the case says so.
//!
//! They need a binary unpacked from an archive, so they are `#[ignore]`d in a plain `cargo test`;
//! `scripts/dist-test.sh` unpacks the archives and runs them with
//! `LADDER_DIST_BIN=…/ladder[.exe] [LADDER_DIST_RUNNER=wine] cargo test --test dist -- --ignored`.
//! Without `LADDER_DIST_BIN` they fail rather than pass having tested nothing.

mod common;

use common::http::Server;
use serde_json::json;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The archive's binary, and the program that runs it (`wine`) if it is not run natively.
struct Dist {
    bin: PathBuf,
    runner: Option<String>,
}

fn dist() -> Dist {
    let bin = std::env::var_os("LADDER_DIST_BIN")
        .expect("LADDER_DIST_BIN names the binary unpacked from a release archive; run scripts/dist-test.sh");
    let bin = PathBuf::from(bin);
    assert!(bin.is_file(), "LADDER_DIST_BIN: no file {}", bin.display());
    let runner = std::env::var("LADDER_DIST_RUNNER").ok().filter(|r| !r.is_empty());
    Dist { bin, runner }
}

impl Dist {
    fn windows(&self) -> bool {
        self.bin.extension().is_some_and(|e| e == "exe")
    }

    fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let mut command = match &self.runner {
            Some(runner) => {
                let mut c = Command::new(runner);
                c.arg(&self.bin);
                c
            }
            None => Command::new(&self.bin),
        };
        // Wine's own diagnostics (fixme:…) would land on the program's standard error.
        command.env("LADDER_LANG", "en").env("WINEDEBUG", "-all").current_dir(dir).args(args);
        command
    }

    fn ladder(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(dir, args).stdin(Stdio::null()).output().expect("start the archive's ladder")
    }

    fn ladder_zh(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(dir, args).env("LADDER_LANG", "zh").stdin(Stdio::null()).output().expect("start ladder")
    }

    /// Runs `ladder ARGS` with `input` on standard input.
    fn piped(&self, dir: &Path, args: &[&str], input: &str) -> Output {
        let mut child = self
            .command(dir, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ladder");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("ladder finishes")
    }
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 on standard output")
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 on standard error")
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A fresh folder holding copies of the repository's files, under the names given.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, to) in files {
        let to = dir.path().join(to);
        fs::create_dir_all(to.parent().expect("parent")).expect("create folder");
        fs::copy(repo(from), &to).unwrap_or_else(|e| panic!("copy {from}: {e}"));
    }
    dir
}

/// The shipped rules, as a folder `rules/`.
fn shipped_rules() -> tempfile::TempDir {
    let names: Vec<String> = fs::read_dir(repo("rules"))
        .expect("rules/")
        .map(|e| e.expect("entry").file_name().into_string().expect("UTF-8 name"))
        .collect();
    let files: Vec<(String, String)> = names.iter().map(|n| (format!("rules/{n}"), format!("rules/{n}"))).collect();
    folder(&files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect::<Vec<_>>())
}

/// The body of a committed insta snapshot: what the tested build printed for the same command.
fn snapshot(name: &str) -> String {
    let text = fs::read_to_string(repo(&format!("tests/snapshots/{name}.snap"))).expect("snapshot");
    let body = text.splitn(3, "---\n").nth(2).expect("snapshot header");
    body.to_string()
}

/// `ladder run tests/run/formats.ladder tests/run/formats.csv --as-of 2026-11-23`, as tests/run_cli.rs
/// snapshots it.
fn formats_output() -> String {
    snapshot("run_cli__formats")
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn the_archive_holds_the_documents_beside_the_binary() {
    let d = dist();
    let dir = d.bin.parent().expect("archive folder");
    for name in ["README.md", "LICENSE", "CHANGELOG.md", "QUICKSTART.txt", "rules/ten_level.ladder", "docs/install.md"]
    {
        assert!(dir.join(name).is_file(), "{name} missing beside {}", d.bin.display());
    }
    let quick = fs::read(dir.join("QUICKSTART.txt")).expect("QUICKSTART.txt");
    let text = String::from_utf8(quick.clone()).expect("UTF-8 quick start");
    assert!(text.contains("快速上手") && text.contains("Quick start"), "{text}");
    // Notepad on older Windows reads a file without a byte-order mark as GBK, and one without CRLF
    // as one line: the Windows archive's copy has both, the Linux one neither.
    let crlf_lines = text.matches("\r\n").count();
    if d.windows() {
        assert!(quick.starts_with(b"\xEF\xBB\xBF"), "the Windows quick start has a byte-order mark");
        assert_eq!(crlf_lines, text.matches('\n').count(), "every line of the Windows quick start ends in CRLF");
    } else {
        assert!(!quick.starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(crlf_lines, 0);
    }
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn the_archive_holds_manual_pages_and_completions_its_binary_writes() {
    let d = dist();
    let dir = d.bin.parent().expect("archive folder");
    let read = |name: &str| fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for name in ["completions/ladder.bash", "completions/_ladder", "completions/ladder.fish", "completions/ladder.ps1"]
    {
        assert!(read(name).contains("explain"), "{name} completes the commands");
    }
    // The pages were written by the host's build while packing; the archive's own binary must print
    // the same ones (under Wine, too), in both languages.
    for (page, args) in [("ladder.1", vec!["man"]), ("ladder-run.1", vec!["man", "run"])] {
        let en = d.ladder(dir, &args);
        assert_eq!(en.status.code(), Some(0), "{}", err(&en));
        assert_eq!(read(&format!("man/{page}")), out(&en), "man/{page}");
        let zh = d.ladder_zh(dir, &args);
        assert_eq!(read(&format!("man/zh/{page}")), out(&zh), "man/zh/{page}");
    }
    assert!(read("man/ladder-run.1").contains(".TH ladder-run 1"), "a roff page");
    assert!(read("man/zh/ladder-run.1").contains("规则"), "the Chinese page is in Chinese");
    let ps1 = fs::read(dir.join("completions/ladder.ps1")).expect("ladder.ps1");
    let crlf = ps1.windows(2).filter(|w| w == b"\r\n").count();
    match d.windows() {
        true => assert_eq!(crlf, ps1.iter().filter(|&&b| b == b'\n').count(), "CRLF throughout on Windows"),
        false => assert_eq!(crlf, 0),
    }
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn the_static_linux_binary_allocates_with_mimalloc() {
    // musl's own allocator made the shipped Linux binary 1.3–1.7 × as slow (docs/performance.md).
    let d = dist();
    if d.windows() {
        return;
    }
    let o =
        d.command(&std::env::temp_dir(), &["--version"]).env("MIMALLOC_VERBOSE", "1").output().expect("start ladder");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("mimalloc: process init"), "{}", err(&o));
    assert_eq!(out(&o), format!("ladder {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn version_is_the_packages() {
    let d = dist();
    let o = d.ladder(&std::env::temp_dir(), &["--version"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // println! ends lines with \n on Windows too.
    assert_eq!(out(&o), format!("ladder {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn check_passes_the_shipped_rules() {
    let d = dist();
    let dir = shipped_rules();
    let o = d.ladder(dir.path(), &["check", "--deny-warnings", "rules/"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "checked 4 files: 0 errors, 0 warnings\n");
    assert_eq!(out(&o), "");
}

const BAD: &str = "fields {\n  编号: text key\n  金额: money\n}\nladder \"x\"\ngrades 级 {\n  A \"大\" if 金钱 >= 100万\n  B \"小\" otherwise\n}\n";

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn check_names_a_mistake_in_english_and_in_chinese() {
    let d = dist();
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("bad.ladder"), BAD).expect("write");
    let o = d.ladder(dir.path(), &["check", "bad.ladder"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "ladder::unknown_name

  × There is no field, let, score or ladder named `金钱`.
   ╭─[bad.ladder:7:12]
 6 │ grades 级 {
 7 │   A \"大\" if 金钱 >= 100万
   ·             ──┬─
   ·               ╰── unknown name
 8 │   B \"小\" otherwise
   ╰────
  help: Did you mean `金额`?
checked 1 file: 1 error, 0 warnings
"
    );
    let o = d.ladder_zh(dir.path(), &["check", "bad.ladder"]);
    assert_eq!(o.status.code(), Some(1));
    let text = err(&o);
    assert!(text.contains("× 没有叫 `金钱` 的字段、let、评分或梯级。"), "{text}");
    assert!(text.contains("help: 是不是想写 `金额`？"), "{text}");
    assert!(text.ends_with("检查了 1 个文件：1 个错误，0 个警告\n"), "{text}");
}

/// cmd.exe and PowerShell pass `rules\*.ladder` to the program as typed; `ladder.exe` expands it
/// itself. On Linux the shell expands wildcards before ladder starts, so a pattern that reaches
/// ladder is a file name, and there is none of that name.
#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn wildcards_are_expanded_on_windows() {
    let d = dist();
    let dir = shipped_rules();
    if d.windows() {
        for pattern in [r"rules\*.ladder", "rules/*.ladder", r"RULES\T*.LADDER"] {
            let o = d.ladder(dir.path(), &["check", pattern]);
            assert_eq!(o.status.code(), Some(0), "{pattern}: {}", err(&o));
            let want = if pattern.contains("T*") { 1 } else { 4 };
            let plural = if want == 1 { "" } else { "s" };
            assert_eq!(err(&o), format!("checked {want} file{plural}: 0 errors, 0 warnings\n"), "{pattern}");
        }
    } else {
        let o = d.ladder(dir.path(), &["check", "rules/*.ladder"]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(err(&o), "error: rules/*.ladder: no such file or folder\n");
    }
    // A pattern that matches nothing stays as typed, and is reported as a missing file.
    let o = d.ladder(dir.path(), &["check", "rules/*.nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err(&o), "error: rules/*.nothing: no such file or folder\n");
}

fn assert_formats_run(d: &Dist, data: &str, want: &str) {
    let dir = folder(&[("tests/run/formats.ladder", "tests/run/formats.ladder"), (data, data)]);
    let o = d.ladder(dir.path(), &["run", "tests/run/formats.ladder", data, "--as-of", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0), "{data}: {}", err(&o));
    assert_eq!(out(&o), want, "{data}");
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn run_reads_a_gbk_file() {
    let bytes = fs::read(repo("tests/run/formats.gbk.csv")).expect("fixture");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK, not UTF-8");
    // The GBK copy of the fixture spells the en and em dashes of rows F11 and F12 as `-` (the
    // missing markers read the same); every other cell is the same text.
    let want = formats_output().replace(['–', '—'], "-");
    assert_formats_run(&dist(), "tests/run/formats.gbk.csv", &want);
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn run_reads_a_utf8_file_with_a_byte_order_mark_and_crlf() {
    let bytes = fs::read(repo("tests/run/formats.bom.csv")).expect("fixture");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the fixture starts with a byte-order mark");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "the fixture has CRLF line ends");
    assert_formats_run(&dist(), "tests/run/formats.bom.csv", &formats_output());
}

/// Chinese names for the rules, the data and the output; `-o` replaces an output file that exists.
#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn chinese_file_names_and_an_output_file_replaced() {
    let d = dist();
    let dir = folder(&[("tests/run/formats.ladder", "格式规则.ladder"), ("tests/run/formats.csv", "客户数据.csv")]);
    let result = dir.path().join("结果.csv");
    fs::write(&result, "an older result, longer than nothing\n".repeat(100)).expect("write");
    let o =
        d.ladder(dir.path(), &["run", "格式规则.ladder", "客户数据.csv", "--as-of", "2026-11-23", "-o", "结果.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "");
    // The output file is CSV for Excel: a byte-order mark, then what standard output would show.
    let want = format!("\u{feff}{}", formats_output().replace("tests/run/formats.ladder", "格式规则.ladder"));
    assert_eq!(fs::read_to_string(&result).expect("结果.csv"), want);
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left behind: {names:?}");
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn an_output_file_open_in_another_program_is_left_as_it_was() {
    let d = dist();
    if !d.windows() {
        // Only Windows refuses to replace a file another program holds open.
        return;
    }
    let hold =
        std::env::var_os("LADDER_DIST_HOLD").expect("LADDER_DIST_HOLD: scripts/wine/hold.c, built by dist-test.sh");
    let dir = folder(&[("tests/run/formats.ladder", "rules.ladder"), ("tests/run/formats.csv", "data.csv")]);
    let result = dir.path().join("结果.csv");
    let before = "open in Excel\n";
    fs::write(&result, before).expect("write");
    let runner = d.runner.as_deref().expect("wine");
    let mut holder = Command::new(runner)
        .arg(&hold)
        .arg("结果.csv")
        .env("WINEDEBUG", "-all")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start hold.exe");
    let mut said = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(holder.stdout.take().expect("stdout")), &mut said)
        .expect("hold.exe says held");
    assert_eq!(said.trim(), "held");
    let o = d.ladder(dir.path(), &["run", "rules.ladder", "data.csv", "--as-of", "2026-11-23", "-o", "结果.csv"]);
    drop(holder.stdin.take());
    holder.wait().expect("hold.exe lets go");
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains("cannot replace 结果.csv"), "{}", err(&o));
    assert!(err(&o).contains("Close it in Excel and run again"), "{}", err(&o));
    assert_eq!(fs::read_to_string(&result).expect("结果.csv"), before);
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    assert_eq!(names.len(), 3, "no temporary file left behind: {names:?}");
}

const MESSY: &str = "fields{客户: text key\n询价:bool}\nlet 热=询价 and 客户 = \"甲\"\ngrades 级{\nA \"热\" if 热\nB \"冷\" otherwise}\n";
const TIDY: &str = "fields {\n  客户: text key\n  询价: bool\n}\n\nlet 热 = 询价 and 客户 = \"甲\"\n\ngrades 级 {\n  A \"热\" if 热\n  B \"冷\" otherwise\n}\n";

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn fmt_check_then_fmt_rewrites_keeping_line_ends() {
    let d = dist();
    let dir = tempfile::tempdir().expect("temp dir");
    let (lf, crlf) = (dir.path().join("规则.ladder"), dir.path().join("crlf.ladder"));
    fs::write(&lf, MESSY).expect("write");
    fs::write(&crlf, MESSY.replace('\n', "\r\n")).expect("write");

    let o = d.ladder(dir.path(), &["fmt", "--check", "规则.ladder", "crlf.ladder"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err(&o), "would reformat 规则.ladder\nwould reformat crlf.ladder\n");
    assert_eq!(fs::read_to_string(&lf).expect("read"), MESSY, "--check changes nothing");

    let o = d.ladder(dir.path(), &["fmt", "规则.ladder", "crlf.ladder"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(err(&o), "formatted 规则.ladder\nformatted crlf.ladder\n");
    assert_eq!(fs::read_to_string(&lf).expect("read"), TIDY);
    // A file written with CRLF keeps CRLF, on Windows and elsewhere.
    assert_eq!(fs::read_to_string(&crlf).expect("read"), TIDY.replace('\n', "\r\n"));

    let o = d.ladder(dir.path(), &["fmt", "--check", "规则.ladder", "crlf.ladder"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

/// `ladder test` on the shipped rules prints what the tested build prints.
#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn test_runs_the_shipped_examples_and_tables() {
    let d = dist();
    let dir = shipped_rules();
    let expected = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .current_dir(dir.path())
        .args(["test", "rules/"])
        .output()
        .expect("run the tested build");
    let want = out(&expected);
    assert!(want.contains("test rules/rfm.cases.csv row 2: ") && want.ends_with(" passed, 0 failed\n"), "{want}");

    let o = d.ladder(dir.path(), &["test", "rules/"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), want);
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn the_repl_runs_a_script() {
    let d = dist();
    let dir = shipped_rules();
    let args = ["repl", "rules/ten_level.ladder", "--data", "rules/ten_level.sample.csv"];
    let o = d.piped(dir.path(), &args, ":key KH-2026-0102\n:grade\n");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "loaded rules/ten_level.ladder: 35 fields, 1 ladder (十级), 1 transition set (阶段), 29 examples
opened rules/ten_level.sample.csv: 44 records (rows 2 to 45)
the record is now row 16 (客户编号 KH-2026-0102)
十级: A04 价格级 (rules/ten_level.ladder:153)
  金额可承受=是 ✓
  价格可接受=是 ✓
  下一步: 争取拍板人口头承诺，邀请验厂、打样
  higher levels unknown while fields are missing: A01, A02, A03 (:whynot A01 says what it needs)
"
    );
    assert_eq!(err(&o), "");

    // A script typed in Notepad has CRLF line ends; a line with an error makes the exit code 1.
    let o = d.piped(dir.path(), &args, ":key KH-2026-0102\r\n:grade\r\n:key 没有这个客户\r\n");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(out(&o).contains("十级: A04 价格级"), "{}", out(&o));
    assert!(err(&o).contains("没有这个客户"), "{}", err(&o));
}

#[test]
#[ignore = "needs a release archive's binary: scripts/dist-test.sh"]
fn the_workbench_serves_its_page_grades_and_saves() {
    let d = dist();
    let dir = shipped_rules();
    let rules = dir.path().join("rules");
    let mut command = d.command(dir.path(), &["serve", "rules", "--no-open", "--port", "0"]);
    command.env("LADDER_LANG", "zh").stdin(Stdio::null());
    let s = Server::start(command, rules.clone());
    let page = s.raw("GET", "/", &[("Host", &s.host)], b"");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("app.js"));
    assert!(s.raw("GET", "/app.js", &[("Host", &s.host)], b"").body.len() > 100_000);
    assert_eq!(s.raw("GET", "/api/files", &[("Host", &s.host)], b"").status, 401);
    let files = s.get("/api/files").json();
    assert!(files["rules"].as_array().unwrap().contains(&json!("ten_level.ladder")));
    assert_eq!(s.get("/api/file?path=..%2Frules%2Fabc.ladder").status, 403);
    let text = s.text("ten_level.ladder");
    let bad = text.replacen("let 拍板人反馈 = 反馈人 is 拍板人", "let 拍板人反馈 = 反馈者 is 拍板人", 1);
    let diags = s.post("/api/check", json!({ "path": "ten_level.ladder", "text": bad })).json();
    assert_eq!(diags["diagnostics"][0]["fix"]["insert"], "反馈人");
    assert_eq!(diags["diagnostics"][0]["message"], "没有叫 `反馈者` 的字段、let、评分或梯级。");
    assert_eq!(s.post("/api/data/open", json!({ "path": "ten_level.sample.xlsx" })).status, 200);
    let graded = s.post("/api/grade", json!({ "path": "ten_level.ladder", "text": text }));
    assert_eq!(graded.status, 200, "{}", String::from_utf8_lossy(&graded.body));
    assert_eq!(graded.json()["total"], 44);
    let version = s.get("/api/file?path=abc.ladder").json()["version"].clone();
    let edited = s.text("abc.ladder") + "# 改过\n";
    let saved = s.post("/api/save", json!({ "path": "abc.ladder", "text": edited, "version": version }));
    assert_eq!(saved.status, 200, "{}", String::from_utf8_lossy(&saved.body));
    assert_eq!(fs::read_to_string(rules.join("abc.ladder")).unwrap().replace("\r\n", "\n"), edited);
}
