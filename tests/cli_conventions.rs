//! The command-line conventions of every command, end to end through the real binary: `--color`
//! and the environment that decides colour, `--quiet`, shell completions and the manual page,
//! rule files on standard input, how folders are walked, `--keep` suggestions, I/O errors that
//! name the user's file, and swapped arguments.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const CLEAN: &str = "tests/diagnostics/clean_ten_level.ladder";
const ERRS: &str = "tests/diagnostics/typo_field_name.ladder";
const TEN: &str = "rules/ten_level.ladder";
const SAMPLE: &str = "rules/ten_level.sample.csv";
const AS_OF: [&str; 2] = ["--as-of", "2026-03-01"];

/// `ladder ARGS` in the crate root, in English, with no colour settings from the environment.
fn command(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ladder"));
    cmd.env("LADDER_LANG", "en")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("CI")
        .env("TERM", "xterm")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn ladder(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

fn ladder_env(env: &[(&str, &str)], args: &[&str]) -> Output {
    command(args).envs(env.iter().copied()).output().expect("the binary runs")
}

/// `ladder ARGS` with `input` on standard input.
fn ladder_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited with a code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn has_escapes(s: &str) -> bool {
    s.contains("\x1b[")
}

// ---- Colour

#[test]
fn color_always_colours_a_pipe_and_never_does_not() {
    let always = ladder(&["check", "--color", "always", ERRS]);
    assert_eq!(code(&always), 1);
    assert!(has_escapes(&stderr(&always)), "{}", stderr(&always));
    let never = ladder(&["--color=never", "check", ERRS]);
    assert_eq!(code(&never), 1);
    assert!(!has_escapes(&stderr(&never)), "{}", stderr(&never));
    // A pipe, with nothing said: no colour.
    let auto = ladder(&["check", ERRS]);
    assert!(!has_escapes(&stderr(&auto)), "{}", stderr(&auto));
    assert_eq!(stderr(&auto), stderr(&never));
}

#[test]
fn clicolor_force_colours_and_no_color_wins_over_it_unless_always() {
    let forced = ladder_env(&[("CLICOLOR_FORCE", "1")], &["check", ERRS]);
    assert!(has_escapes(&stderr(&forced)), "{}", stderr(&forced));
    let both = ladder_env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &["check", ERRS]);
    assert!(!has_escapes(&stderr(&both)), "{}", stderr(&both));
    let always = ladder_env(&[("NO_COLOR", "1")], &["check", "--color", "always", ERRS]);
    assert!(has_escapes(&stderr(&always)), "{}", stderr(&always));
    // An empty NO_COLOR does not count.
    let empty = ladder_env(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], &["check", ERRS]);
    assert!(has_escapes(&stderr(&empty)), "{}", stderr(&empty));
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let o = ladder(&["check", "--color", "sometimes", CLEAN]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("invalid value 'sometimes' for '--color <WHEN>'"), "{}", stderr(&o));
    assert!(stderr(&o).contains("auto always never"), "{}", stderr(&o));
}

#[test]
fn every_command_takes_color_and_quiet() {
    for sub in ["check", "run", "explain", "audit", "graph", "test", "repl", "fmt", "completions"] {
        let o = ladder(&[sub, "--color", "never", "-q", "--help"]);
        assert_eq!(code(&o), 0, "{sub}: {}", stderr(&o));
        let help = stdout(&o);
        assert!(help.contains("--color <WHEN>") && help.contains("-q, --quiet"), "{sub}:\n{help}");
    }
}

/// `ladder ARGS` in a pseudo-terminal with `env`: everything it printed.
#[cfg(unix)]
fn in_terminal(env: &[(&str, &str)], args: &[&str]) -> String {
    use expectrl::{Eof, Expect, Session};
    let mut cmd = command(args);
    cmd.envs(env.iter().copied());
    let mut p = Session::spawn(cmd).expect("ladder starts in a pty");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    let all = p.expect(Eof).expect("ladder ends");
    String::from_utf8_lossy(all.get(0).unwrap_or_default()).into_owned()
}

#[cfg(unix)]
#[test]
fn a_terminal_gets_colour_unless_no_color_term_dumb_or_never() {
    let plain = in_terminal(&[], &["check", ERRS]);
    assert!(plain.contains("unknown_name"), "{plain}");
    assert!(has_escapes(&plain), "a terminal gets colour: {plain:?}");
    for (env, args) in [
        (&[("NO_COLOR", "1")][..], &["check", ERRS][..]),
        (&[("TERM", "dumb")][..], &["check", ERRS][..]),
        (&[][..], &["check", "--color", "never", ERRS][..]),
    ] {
        let out = in_terminal(env, args);
        assert!(out.contains("unknown_name"), "{out}");
        assert!(!has_escapes(&out), "{env:?} {args:?}: {out:?}");
    }
}

// ---- Quiet

#[test]
fn quiet_says_nothing_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.csv");
    std::fs::write(&log, "编号,from,to,报价\nK1,A05,A03,是\nK2,A03,A31,\n").unwrap();
    let runs: [&[&str]; 6] = [
        &["check", "-q", "rules/"],
        &["fmt", "--check", "--quiet", "rules/"],
        &["test", "-q", "rules/"],
        &["-q", "run", TEN, SAMPLE, "--summary", "-o", "/dev/null", AS_OF[0], AS_OF[1]],
        &["audit", "-q", "tests/transitions/clean.ladder", log.to_str().unwrap()],
        &["check", "-q", "--format", "github", CLEAN],
    ];
    for args in runs {
        let o = ladder(args);
        assert_eq!(code(&o), 0, "{args:?}: {}{}", stdout(&o), stderr(&o));
        assert_eq!(stdout(&o) + &stderr(&o), "", "{args:?}");
    }
    // The same without -q say something, so the test above can fail.
    for args in [
        &["check", "rules/"][..],
        &["test", "rules/"][..],
        &["audit", "tests/transitions/clean.ladder", log.to_str().unwrap()][..],
    ] {
        let o = ladder(args);
        assert!(!(stdout(&o) + &stderr(&o)).is_empty(), "{args:?}");
    }
}

#[test]
fn quiet_still_reports_problems_with_the_same_exit_codes() {
    let check = ladder(&["check", "-q", ERRS]);
    assert_eq!(code(&check), 1);
    assert!(stderr(&check).contains("unknown_name"), "{}", stderr(&check));
    assert!(stderr(&check).contains("checked 1 file: 1 error"), "{}", stderr(&check));

    let test = ladder(&["test", "-q", "tests/test_cmd/fail"]);
    assert_eq!(code(&test), 1);
    let out = stdout(&test);
    assert!(out.contains("failures:") && out.contains("test result: FAILED"), "{out}");
    assert!(!out.contains("... ok"), "passing tests are not listed: {out}");

    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.ladder");
    std::fs::write(&messy, "fields {\n  a:  number\n}\n").unwrap();
    let fmt_check = ladder(&["fmt", "-q", "--check", messy.to_str().unwrap()]);
    assert_eq!(code(&fmt_check), 1);
    assert!(stderr(&fmt_check).contains("would reformat"), "{}", stderr(&fmt_check));
    let fmt = ladder(&["fmt", "-q", messy.to_str().unwrap()]);
    assert_eq!((code(&fmt), stderr(&fmt)), (0, String::new()));
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), "fields {\n  a: number\n}\n");

    let data = dir.path().join("bad.csv");
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    let mut lines: Vec<&str> = sample.lines().collect();
    let broken = lines[1].replace("1.2亿", "很多");
    lines[1] = &broken;
    std::fs::write(&data, lines.join("\n")).unwrap();
    let run = ladder(&["run", "-q", TEN, data.to_str().unwrap(), "-o", "/dev/null", AS_OF[0], AS_OF[1]]);
    assert_eq!(code(&run), 1);
    assert!(stderr(&run).contains("年销售额"), "{}", stderr(&run));
}

// ---- Completions and the manual page

#[test]
fn bash_completion_is_valid_bash() {
    let o = ladder(&["completions", "bash"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let script = stdout(&o);
    assert!(script.contains("check") && script.contains("--deny-warnings"), "{script}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ladder.bash");
    std::fs::write(&file, &script).unwrap();
    let bash = Command::new("bash").arg("-n").arg(&file).output().expect("bash runs");
    assert!(bash.status.success(), "{}", String::from_utf8_lossy(&bash.stderr));
}

#[test]
fn zsh_fish_and_powershell_completions_name_the_commands() {
    for shell in ["zsh", "fish", "powershell"] {
        let o = ladder(&["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for word in ["check", "run", "explain", "audit", "graph", "test", "repl", "fmt", "color"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let bad = ladder(&["completions", "tcsh"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn completions_speak_the_language_of_help() {
    let en = stdout(&ladder(&["completions", "fish"]));
    assert!(en.contains("Parse, type-check and lint rule files"), "{en}");
    let zh = stdout(&ladder(&["--lang", "zh", "completions", "fish"]));
    assert!(zh.contains("检查规则文件"), "{zh}");
}

#[test]
fn the_man_page_lists_the_commands_and_is_hidden_from_help() {
    let o = ladder(&["man"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with(".ie") || page.contains(".TH ladder 1"), "{page}");
    for word in ["check", "run", "explain", "audit", "graph", "test", "repl", "fmt", "completions", "\\-\\-color"] {
        assert!(page.contains(word), "the man page lacks {word}:\n{page}");
    }
    let check = stdout(&ladder(&["man", "check"]));
    assert!(check.contains("ladder\\-check") && check.contains("\\-\\-deny\\-warnings"), "{check}");
    let zh = stdout(&ladder(&["--lang", "zh", "man"]));
    assert!(zh.contains("检查规则文件"), "{zh}");
    assert_eq!(code(&ladder(&["man", "nothing"])), 2);
    let help = stdout(&ladder(&["--help"]));
    assert!(help.contains("completions") && !help.contains(" man "), "{help}");
}

// ---- Standard input

#[test]
fn check_reads_standard_input_named_stdin() {
    let text = std::fs::read(ERRS).unwrap();
    let o = ladder_stdin(&["check", "-"], &text);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("<stdin>:9:"), "{}", stderr(&o));
    let zh = ladder_stdin(&["--lang", "zh", "check", "-"], &text);
    assert!(stderr(&zh).contains("<标准输入>:9:"), "{}", stderr(&zh));
    let clean = ladder_stdin(&["check", "-"], &std::fs::read(CLEAN).unwrap());
    assert_eq!(code(&clean), 0, "{}", stderr(&clean));
    assert!(stderr(&clean).contains("checked 1 file: 0 errors"), "{}", stderr(&clean));
}

#[test]
fn check_reads_gbk_and_utf16_from_standard_input() {
    let text = std::fs::read_to_string(ERRS).unwrap();
    let o = ladder_stdin(&["check", "-"], &gbk(&text));
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("Did you mean `询问公司产品`?"), "{}", stderr(&o));
    let utf16: Vec<u8> =
        [0xFFFEu16.swap_bytes()].into_iter().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect();
    let o = ladder_stdin(&["check", "-"], &utf16);
    assert!(stderr(&o).contains("Did you mean `询问公司产品`?"), "{}", stderr(&o));
}

fn gbk(text: &str) -> Vec<u8> {
    ladder::input::Saved { encoding: ladder::input::Encoding::Gbk, big_endian: false, bom: false, crlf: true }
        .write(text)
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    let messy = "fields {\n  a:  number\n}\n";
    let o = ladder_stdin(&["fmt", "-"], messy.as_bytes());
    assert_eq!((code(&o), stdout(&o), stderr(&o)), (0, "fields {\n  a: number\n}\n".into(), String::new()));
    let check = ladder_stdin(&["fmt", "--check", "-"], messy.as_bytes());
    assert_eq!(code(&check), 1);
    assert_eq!(stdout(&check), "");
    assert!(stderr(&check).contains("<stdin>"), "{}", stderr(&check));
    let tidy = ladder_stdin(&["fmt", "--check", "-"], b"fields {\n  a: number\n}\n");
    assert_eq!((code(&tidy), stdout(&tidy), stderr(&tidy)), (0, String::new(), String::new()));
    // Saved as it came: GBK with CRLF in, GBK with CRLF out.
    let o = ladder_stdin(&["fmt", "-"], &gbk("fields {\n  年销售额:  money\n}\n"));
    assert_eq!(o.stdout, gbk("fields {\n  年销售额: money\n}\n"));
    // Text that does not parse: reported against <stdin>, nothing written.
    let broken = ladder_stdin(&["fmt", "-"], b"fields {\n  a: number\n");
    assert_eq!(code(&broken), 1);
    assert_eq!(stdout(&broken), "");
    assert!(stderr(&broken).contains("<stdin>"), "{}", stderr(&broken));
}

#[test]
fn test_does_not_take_standard_input() {
    let o = ladder_stdin(&["test", "-"], b"");
    assert_eq!(code(&o), 2);
}

// ---- Folders

#[cfg(unix)]
#[test]
fn folders_skip_hidden_and_target_folders_and_survive_symlink_loops() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let clean = ladder::fmt::format(&std::fs::read_to_string(CLEAN).unwrap()).unwrap();
    for (path, text) in [
        ("a.ladder", clean.as_str()),
        ("sub/b.ladder", clean.as_str()),
        (".git/broken.ladder", "if if if"),
        ("target/broken.ladder", "if if if"),
        ("sub/.hidden/broken.ladder", "if if if"),
    ] {
        let file = root.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
    let o = ladder(&["check", root.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("checked 2 files: 0 errors, 0 warnings"), "{}", stderr(&o));
    let o = ladder(&["fmt", "--check", root.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = ladder(&["test", root.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // In file-name order, every run.
    std::fs::write(root.join("sub/b.ladder"), "if if if").unwrap();
    std::fs::write(root.join("a.ladder"), "fields {").unwrap();
    let o = ladder(&["check", "--format", "github", root.to_str().unwrap()]);
    let files: Vec<String> = stdout(&o)
        .lines()
        .filter_map(|l| l.split("file=").nth(1))
        .map(|f| f.split(',').next().unwrap().to_string())
        .collect();
    let a = root.join("a.ladder").display().to_string();
    let b = root.join("sub/b.ladder").display().to_string();
    assert_eq!(files.iter().map(|f| f == &a).collect::<Vec<_>>().first(), Some(&true), "{files:?}");
    assert!(files.contains(&b), "{files:?}");
    // A hidden folder named on the command line is read.
    let o = ladder(&["check", root.join(".git").to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
}

// ---- --keep

#[test]
fn keep_offers_the_closest_column() {
    let o = ladder(&[&["run", TEN, SAMPLE, "--keep", "客户编号,公司明称"], &AS_OF[..]].concat());
    assert_eq!(code(&o), 2);
    let zh = ladder(&[&["--lang", "zh", "run", TEN, SAMPLE, "--keep", "公司明称"], &AS_OF[..]].concat());
    let far = ladder(&[&["run", TEN, SAMPLE, "--keep", "完全不同的列名"], &AS_OF[..]].concat());
    insta::assert_snapshot!(format!("{}{}{}", stderr(&o), stderr(&zh), stderr(&far)));
}

// ---- I/O errors name the user's file

#[test]
fn write_errors_name_the_output_not_a_temporary_file() {
    // Not under a folder named `.tmp…`, so that a temporary file's name would show.
    let dir = tempfile::Builder::new().prefix("io-errors").tempdir().unwrap();
    let file = dir.path().join("plain.txt");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("graded.csv");
    let missing_dir = dir.path().join("no such folder").join("graded.csv");
    let mut shown = String::new();
    for out in [&under_file, &missing_dir] {
        let o = ladder(&[&["run", TEN, SAMPLE, "-o", out.to_str().unwrap()], &AS_OF[..]].concat());
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(out.to_str().unwrap()), "{err}");
        assert!(!err.contains(".tmp"), "{err}");
        shown.push_str(&err.replace(dir.path().to_str().unwrap(), "DIR"));
    }
    let zh = ladder(&[&["--lang", "zh", "run", TEN, SAMPLE, "-o", under_file.to_str().unwrap()], &AS_OF[..]].concat());
    shown.push_str(&stderr(&zh).replace(dir.path().to_str().unwrap(), "DIR"));
    insta::assert_snapshot!(shown);
}

#[test]
fn a_missing_input_is_named() {
    let mut shown = String::new();
    for args in [
        &["run", TEN, "no_such_data.csv"][..],
        &["explain", TEN, "no_such_data.csv", "--row", "2"][..],
        &["check", "no_such_rules.ladder"][..],
        &["fmt", "no_such_rules.ladder"][..],
        &["run", "no_such_rules.ladder", SAMPLE][..],
    ] {
        let o = ladder(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("no_such_"), "{args:?}: {}", stderr(&o));
        shown.push_str(&stderr(&o));
    }
    insta::assert_snapshot!(shown);
}

#[cfg(unix)]
#[test]
fn fmt_names_the_rule_file_it_cannot_write() {
    let dir = tempfile::Builder::new().prefix("io-errors").tempdir().unwrap();
    let messy = dir.path().join("messy.ladder");
    std::fs::write(&messy, "fields {\n  a:  number\n}\n").unwrap();
    let held = Command::new("chattr").arg("+i").arg(dir.path()).status();
    if !held.is_ok_and(|s| s.success()) {
        eprintln!("chattr +i is not available here; skipped");
        return;
    }
    let o = ladder(&["fmt", messy.to_str().unwrap()]);
    Command::new("chattr").arg("-i").arg(dir.path()).status().unwrap();
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains(messy.to_str().unwrap()), "{err}");
    assert!(!err.contains(".tmp"), "{err}");
}

// ---- Swapped arguments

#[test]
fn swapped_arguments_say_which_is_which() {
    let mut shown = String::new();
    for lang in ["en", "zh"] {
        for args in [
            &["run", SAMPLE, TEN][..],
            &["explain", SAMPLE, TEN, "--row", "2"][..],
            &["audit", "rules/ten_level.stage_log.csv", TEN][..],
        ] {
            let o = ladder(&[&["--lang", lang], args].concat());
            assert_eq!(code(&o), 2, "{args:?}");
            shown.push_str(&stderr(&o));
        }
    }
    insta::assert_snapshot!(shown);
}
