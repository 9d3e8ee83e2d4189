//! `ladder diff` end to end through the binary: the tallies against two separate `ladder run`s
//! counted here, every format in both languages (snapshots), `--base` in a scratch git
//! repository, added and removed ladders, data errors and the exit codes.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const OLD: &str = "tests/diff/old.ladder";
const NEW: &str = "tests/diff/new.ladder";
const DATA: &str = "tests/diff/data.csv";

/// `ladder ARGS` in `lang` from the project folder (or `dir`): exit code, stdout, stderr.
fn ladder_in(dir: &Path, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", lang)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run ladder");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn ladder(lang: &str, args: &[&str]) -> (i32, String, String) {
    ladder_in(Path::new(ROOT), lang, args)
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The rows of a CSV text as maps from header to cell.
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    rdr.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(String::from)).collect()).collect()
}

/// A data file of `n` customers from a fixed seed: amounts around the thresholds, counts, some
/// empty cells and a few unreadable ones.
fn generated(n: usize) -> String {
    let mut seed: u64 = 0x1adde7;
    let mut next = move |m: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let mut out = String::from("客户编号,年采购金额,购买次数,已付款,当前阶段\n");
    for i in 0..n {
        let amount = match next(20) {
            0 => String::new(),
            1 => "很多".into(),
            _ => format!("{}万", next(150)),
        };
        let times = if next(15) == 0 { String::new() } else { next(12).to_string() };
        let paid = ["是", "否", ""][next(3) as usize];
        let stage = ["A", "B", "C", ""][next(4) as usize];
        out.push_str(&format!("C{i:05},{amount},{times},{paid},{stage}\n"));
    }
    out
}

#[test]
fn the_tallies_match_two_separate_runs_counted_here() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("customers.csv");
    std::fs::write(&data, generated(5000)).unwrap();
    let data = data.to_str().unwrap();
    let run = |rules: &str| {
        let (code, out, err) = ladder("en", &["run", rules, data, "--as-of", "2026-11-23"]);
        assert!(code <= 1, "{err}");
        rows(&out)
    };
    let (before, after) = (run(OLD), run(NEW));
    assert_eq!(before.len(), 5000);
    let (code, out, err) =
        ladder("en", &["diff", OLD, NEW, data, "--as-of", "2026-11-23", "--format", "json", "--sample", "3"]);
    assert_eq!(code, 0, "{err}");
    let diff = json(&out);

    // Rows with a data error on either side are counted apart.
    let bad: Vec<bool> =
        before.iter().zip(&after).map(|(b, a)| !b["error"].is_empty() || !a["error"].is_empty()).collect();
    let errors = bad.iter().filter(|b| **b).count();
    assert!(errors > 100, "the generated file has unreadable cells");
    assert_eq!(diff["rows"], 5000);
    assert_eq!(diff["error_rows"], errors);

    // Per ladder and transition set in both: the from × to counts and the first keys of each move.
    let mut any_changed = vec![false; 5000];
    // 信用 is a ladder only the new rules have: from no level to its level, for every record.
    for (kind, column) in [("ladders", "等级"), ("ladders", "信用"), ("transitions", "阶段")] {
        let cell = |r: &BTreeMap<String, String>, c: &str| r.get(c).cloned().unwrap_or_default();
        let mut cells: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut samples: BTreeMap<(String, String, String, String), Vec<String>> = BTreeMap::new();
        for (i, (b, a)) in before.iter().zip(&after).enumerate().filter(|(i, _)| !bad[*i]) {
            let (from, to) = (cell(b, column), cell(a, column));
            *cells.entry((from.clone(), to.clone())).or_default() += 1;
            if from != to {
                any_changed[i] |= b.contains_key(column);
                let rule = |r: &BTreeMap<String, String>| cell(r, &format!("{column}_rule"));
                let keys = samples.entry((from, to, rule(b), rule(a))).or_default();
                if keys.len() < 3 {
                    keys.push(b["客户编号"].clone());
                }
            }
        }
        let target = diff[kind].as_array().unwrap().iter().find(|t| t["name"] == column).expect(column);
        let text = |v: &Value| v.as_str().unwrap_or("").to_string();
        let matrix: BTreeMap<(String, String), usize> = target["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| ((text(&c["from"]), text(&c["to"])), c["count"].as_u64().unwrap() as usize))
            .collect();
        assert_eq!(matrix, cells, "{column}");
        let changed: usize = cells.iter().filter(|((f, t), _)| f != t).map(|(_, n)| n).sum();
        assert!(changed > 100, "the change moves customers");
        assert_eq!(target["changed"], changed);
        let moves: BTreeMap<(String, String, String, String), Vec<String>> = target["moves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let key = (text(&m["from"]), text(&m["to"]), text(&m["old_rule"]), text(&m["new_rule"]));
                (key, m["samples"].as_array().unwrap().iter().map(text).collect())
            })
            .collect();
        assert_eq!(moves, samples, "{column}");
    }
    assert_eq!(diff["changed_rows"], any_changed.iter().filter(|c| **c).count());

    // Scores: changed rows, and the mean and largest change over the rows with both.
    let score = diff["scores"].as_array().unwrap().iter().find(|s| s["name"] == "活跃分").unwrap();
    let pairs: Vec<(Option<f64>, Option<f64>)> = before
        .iter()
        .zip(&after)
        .zip(&bad)
        .filter(|(_, bad)| !**bad)
        .map(|((b, a), _)| (b["活跃分"].parse().ok(), a["活跃分"].parse().ok()))
        .collect();
    assert_eq!(score["changed"], pairs.iter().filter(|(b, a)| b != a).count());
    let both: Vec<f64> = pairs.iter().filter_map(|(b, a)| Some(a.as_ref()? - b.as_ref()?)).collect();
    assert_eq!(score["compared"], both.len());
    let mean = both.iter().sum::<f64>() / both.len() as f64;
    assert!((score["mean_change"].as_f64().unwrap() - mean).abs() < 1e-6);
    let largest = both.iter().copied().fold(0.0, |l: f64, c| if c.abs() > l.abs() { c } else { l });
    assert_eq!(score["largest_change"].as_f64().unwrap(), largest);

    // Rule outputs: the 跟进 column of the two runs.
    let output = diff["outputs"].as_array().unwrap().iter().find(|o| o["name"] == "跟进").unwrap();
    let differ = before.iter().zip(&after).zip(&bad).filter(|((b, a), bad)| !**bad && b["跟进"] != a["跟进"]).count();
    assert_eq!(output["changed"], differ);
}

/// The fixture's comparison in `format` and `lang`.
fn fixture(lang: &str, format: &str) -> String {
    let (code, out, err) = ladder(lang, &["diff", OLD, NEW, DATA, "--as-of", "2026-11-23", "--format", format]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn every_format_in_both_languages() {
    for lang in ["en", "zh"] {
        insta::assert_snapshot!(format!("human_{lang}"), fixture(lang, "human"));
        insta::assert_snapshot!(format!("md_{lang}"), fixture(lang, "md"));
    }
    // Machine formats speak no language, but for the data errors they quote in full.
    assert_eq!(fixture("en", "csv"), fixture("zh", "csv"));
    let without_errors = |lang: &str| {
        let mut doc = json(&fixture(lang, "json"));
        doc["errors"] = Value::Null;
        doc
    };
    assert_eq!(without_errors("en"), without_errors("zh"));
    insta::assert_snapshot!("json", fixture("en", "json"));
    insta::assert_snapshot!("csv", fixture("en", "csv"));
}

#[test]
fn added_and_removed_ladders_scores_and_outputs_are_said_plainly() {
    let diff = json(&fixture("en", "json"));
    let presence = |kind: &str, name: &str| {
        let found = diff[kind].as_array().unwrap().iter().find(|t| t["name"] == name);
        found.unwrap_or_else(|| panic!("{kind} {name}"))["presence"].as_str().unwrap().to_string()
    };
    assert_eq!(presence("ladders", "信用"), "added");
    assert_eq!(presence("ladders", "风险"), "removed");
    assert_eq!(presence("ladders", "等级"), "both");
    assert_eq!(presence("scores", "旧分"), "removed");
    let text = fixture("en", "human");
    assert!(text.contains("信用 is new in these rules"), "{text}");
    assert!(text.contains("风险 is no longer in the rules"), "{text}");
    assert!(text.contains("旧分 is no longer a score"), "{text}");
}

#[test]
fn the_json_follows_its_published_schema() {
    let checker = Command::new("python3").args(["-c", "import jsonschema"]).output();
    if !checker.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3 with jsonschema (.ci/run)");
        eprintln!("skipped: python3 with jsonschema is not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, fixture("en", "json")).unwrap();
    let mut broken = json(&fixture("en", "json"));
    broken["ladders"][0]["moves"][0]["count"] = Value::from("many");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, broken.to_string()).unwrap();
    let validate = |file: &Path| {
        let script = "import json, sys, jsonschema\n\
                      schema = json.load(open(sys.argv[1]))\n\
                      jsonschema.Draft202012Validator.check_schema(schema)\n\
                      jsonschema.validate(json.load(open(sys.argv[2])), schema)";
        let schema = Path::new(ROOT).join("docs/diff.schema.json");
        Command::new("python3").args(["-c", script]).arg(schema).arg(file).output().unwrap()
    };
    let out = validate(&good);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = validate(&bad);
    assert!(!out.status.success(), "the schema checks the types of counts");
}

#[test]
fn the_workbook_holds_each_matrix_and_the_changed_customers() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("影响.xlsx");
    let (code, _, err) = ladder("zh", &["diff", OLD, NEW, DATA, "--as-of", "2026-11-23", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert_eq!(names, ["等级", "信用", "风险", "阶段", "变化的客户"]);
    let mut text = String::new();
    for name in names {
        let range = book.worksheet_range(&name).unwrap();
        text.push_str(&format!("## {name}\n"));
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            text.push_str(&format!("{}\n", cells.join(" | ").trim_end_matches([' ', '|'])));
        }
    }
    insta::assert_snapshot!("xlsx_zh", text);
}

#[test]
fn max_changed_decides_the_exit_code() {
    let diff = |limit: &str| ladder("en", &["diff", OLD, NEW, DATA, "--max-changed", limit, "--format", "json"]);
    // 7 of the 13 customers compared change 等级 or 阶段 (53.8%).
    let changed = json(&diff("100").1)["changed_rows"].as_u64().unwrap();
    assert_eq!(changed, 7);
    assert_eq!(diff("7").0, 0);
    assert_eq!(diff("54%").0, 0);
    let (code, out, err) = diff("6");
    assert_eq!(code, 1, "{err}");
    assert!(!out.is_empty(), "the comparison is still written");
    assert!(err.contains("7 of 13 customers (53.8%) change, more than --max-changed 6 allows"), "{err}");
    assert_eq!(diff("53%").0, 1);
    let (code, _, err) = diff("lots");
    assert_eq!(code, 2);
    assert!(err.contains("--max-changed lots"), "{err}");
    let (code, _, err) = ladder("zh", &["diff", OLD, NEW, DATA, "--max-changed", "5"]);
    assert_eq!(code, 1);
    assert!(err.contains("超过了 --max-changed 5"), "{err}");
}

#[test]
fn what_cannot_run_exits_with_2() {
    let (code, _, err) = ladder("en", &["diff", OLD, NEW, "tests/diff/missing.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.csv"), "{err}");
    let (code, _, err) = ladder("en", &["diff", OLD, DATA]);
    assert_eq!(code, 2);
    assert!(err.contains("--base"), "two files need --base: {err}");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ladder");
    std::fs::write(&broken, "grades 等级 {\n  A if 不存在的字段 > 1\n}\n").unwrap();
    let (code, _, err) = ladder("en", &["diff", broken.to_str().unwrap(), NEW, DATA]);
    assert_eq!(code, 2);
    assert!(err.contains("has errors"), "{err}");
    let (code, _, err) = ladder("en", &["diff", OLD, NEW, DATA, "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o"), "{err}");
    // A column the old rules read and the data lacks.
    let data = dir.path().join("short.csv");
    std::fs::write(&data, "客户编号,年采购金额,购买次数,当前阶段\nK1,1万,2,C\n").unwrap();
    let (code, _, err) = ladder("en", &["diff", OLD, NEW, data.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("已付款"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn base_takes_the_old_rules_and_the_files_they_use_from_git() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("rules")).unwrap();
    let main_rules = |threshold: &str| {
        format!(
            "use \"common.ladder\"\n\ngrades 等级 {{\n  A \"核心\" if 年采购金额 >= {threshold}\n  B \"潜力\" if 常客\n  C \"普通\" otherwise\n}}\n"
        )
    };
    let common = |times: u32| {
        format!("fields {{\n  客户编号: text key\n  年采购金额: money\n  购买次数: number\n}}\n\nlet 常客 = 购买次数 >= {times}\n")
    };
    std::fs::write(root.join("rules/main.ladder"), main_rules("100万")).unwrap();
    std::fs::write(root.join("rules/common.ladder"), common(5)).unwrap();
    std::fs::write(
        root.join("data.csv"),
        "客户编号,年采购金额,购买次数\nK1,120万,1\nK2,90万,6\nK3,10万,6\nK4,10万,3\n",
    )
    .unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "rules"]);
    // The branch lowers the threshold in the main file and raises it in the used one.
    std::fs::write(root.join("rules/main.ladder"), main_rules("80万")).unwrap();
    std::fs::write(root.join("rules/common.ladder"), common(7)).unwrap();
    let sub = root.join("rules");
    let (code, out, err) =
        ladder_in(&sub, "en", &["diff", "--base", "main", "main.ladder", "../data.csv", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let moves: Vec<(String, String, u64)> = json(&out)["ladders"][0]["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["from"].as_str().unwrap().into(), m["to"].as_str().unwrap().into(), m["count"].as_u64().unwrap()))
        .collect();
    // K2: B → A by the new threshold; K3: B → C by the used file's new 常客.
    assert_eq!(moves, [("B".into(), "A".into(), 1), ("B".into(), "C".into(), 1)]);

    // The same as comparing the two versions written out.
    let old = tempfile::tempdir().unwrap();
    std::fs::write(old.path().join("main.ladder"), main_rules("100万")).unwrap();
    std::fs::write(old.path().join("common.ladder"), common(5)).unwrap();
    let old_main = old.path().join("main.ladder");
    let (_, by_files, _) =
        ladder_in(&sub, "en", &["diff", old_main.to_str().unwrap(), "main.ladder", "../data.csv", "--format", "csv"]);
    let (_, by_git, _) =
        ladder_in(&sub, "en", &["diff", "--base", "main", "main.ladder", "../data.csv", "--format", "csv"]);
    let strip = |t: &str| t.lines().map(|l| l.split(',').take(7).collect::<Vec<_>>().join(",")).collect::<Vec<_>>();
    assert_eq!(strip(&by_git), strip(&by_files));

    // A rule file new since the revision: every ladder is new.
    std::fs::copy(root.join("rules/main.ladder"), root.join("rules/fresh.ladder")).unwrap();
    let (code, out, err) = ladder_in(&sub, "en", &["diff", "--base", "main", "fresh.ladder", "../data.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("fresh.ladder is not in main"), "{err}");
    assert!(out.contains("等级 is new in these rules"), "{out}");

    // An unknown revision, and a folder that is no repository.
    let (code, _, err) = ladder_in(&sub, "en", &["diff", "--base", "no-such-branch", "main.ladder", "../data.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-branch is not a commit, branch or tag"), "{err}");
    let (code, _, err) = ladder_in(&sub, "zh", &["diff", "--base", "no-such-branch", "main.ladder", "../data.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("没有叫 no-such-branch 的提交"), "{err}");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("main.ladder"), common(5)).unwrap();
    let (code, _, err) = ladder_in(elsewhere.path(), "en", &["diff", "--base", "main", "main.ladder", "x.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read main.ladder at main from git"), "{err}");
}

#[test]
fn a_workbook_is_compared_like_its_csv() {
    let (code, by_sheet, err) = ladder(
        "en",
        &[
            "diff",
            "rules/ten_level.ladder",
            "rules/ten_level.ladder",
            "rules/ten_level.sample.xlsx",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let diff = json(&by_sheet);
    assert_eq!(diff["changed_rows"], 0);
    assert_eq!(diff["rows"], 44);
    let text =
        ladder("en", &["diff", "rules/ten_level.ladder", "rules/ten_level.ladder", "rules/ten_level.sample.csv"]).1;
    assert!(text.starts_with("No customer changes: the two rule files grade these 44 customers alike."), "{text}");
}

#[test]
fn the_output_never_replaces_an_input() {
    let (code, _, err) = ladder("en", &["diff", OLD, NEW, DATA, "-o", DATA]);
    assert_eq!(code, 2);
    assert!(err.contains("never overwrites its input"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("impact.md");
    let (code, _, err) = ladder("en", &["diff", OLD, NEW, DATA, "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("<!-- ladder-diff -->\n"), "-o .md writes the comment: {text}");
}

#[test]
fn without_a_key_the_samples_are_row_numbers_and_standard_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bar: &str| {
        let rules =
            format!("fields {{\n  金额: money\n}}\n\ngrades 等级 {{\n  A if 金额 >= {bar}\n  B otherwise\n}}\n");
        let path = dir.path().join(name);
        std::fs::write(&path, rules).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (old, new) = (write("old.ladder", "100"), write("new.ladder", "50"));
    let data = dir.path().join("data.csv");
    std::fs::write(&data, "金额\n10\n60\n70\n200\n").unwrap();
    let (code, out, err) = ladder("en", &["diff", &old, &new, data.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    // The rows as a spreadsheet numbers them: the header is row 1.
    assert_eq!(json(&out)["ladders"][0]["moves"][0]["samples"], serde_json::json!(["3", "4"]));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(["diff", &old, &new, "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &std::fs::read(&data).unwrap()).unwrap();
    let piped = child.wait_with_output().unwrap();
    assert!(piped.status.success());
    assert_eq!(String::from_utf8_lossy(&piped.stdout), out, "standard input gives the same comparison");
}
