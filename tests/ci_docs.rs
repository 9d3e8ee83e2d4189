//! docs/ci.md and its Chinese twin docs/zh/CI指南.md do not lie: the pre-commit hook they show is
//! the shipped hooks/pre-commit, and that hook, installed in a scratch repository, refuses a bad rule
//! file, accepts a good one and says when ladder is not installed; the pre-commit framework's entry
//! does the same; each CI recipe's shell lines run and write the reports the recipe uploads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The pages about CI, English and Chinese.
const PAGES: [&str; 2] = ["docs/ci.md", "docs/zh/CI指南.md"];

fn page(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn hook() -> String {
    std::fs::read_to_string(Path::new(ROOT).join("hooks/pre-commit")).expect("hooks/pre-commit exists")
}

#[test]
fn the_docs_show_the_shipped_hook_verbatim() {
    for path in PAGES {
        let docs = page(path);
        let blocks: Vec<&str> = docs.split("```sh\n").skip(1).map(|b| &b[..b.find("```").unwrap()]).collect();
        assert!(blocks.contains(&hook().as_str()), "{path} must show hooks/pre-commit exactly, in a ```sh block");
    }
}

#[test]
fn the_docs_show_the_github_workflow_commands() {
    for path in PAGES {
        let docs = page(path);
        for command in ["ladder check --format github rules/", "ladder test --format github --coverage rules/"] {
            assert!(docs.contains(command), "{path}: {command}");
        }
    }
}

/// A scratch git repository whose pre-commit hook is the shipped one and whose PATH finds ladder.
struct Repo {
    dir: tempfile::TempDir,
    path: String,
    /// The language of the hook's and ladder's messages.
    lang: &'static str,
}

impl Repo {
    fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let bin = PathBuf::from(env!("CARGO_BIN_EXE_ladder")).parent().unwrap().to_path_buf();
        let path = std::env::join_paths(
            std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
        )
        .unwrap()
        .to_string_lossy()
        .into_owned();
        let repo = Repo { dir, path, lang: "en" };
        assert!(repo.git(&["init", "-q"]).status.success());
        let hooks = repo.dir.path().join(".git/hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        std::fs::write(hooks.join("pre-commit"), hook()).unwrap();
        make_executable(&hooks.join("pre-commit"));
        repo
    }

    fn git(&self, args: &[&str]) -> Output {
        Command::new("git")
            .args([
                "-c",
                "user.name=Ladder Test",
                "-c",
                "user.email=test@example.com",
                "-c",
                "core.hooksPath=.git/hooks",
            ])
            .args(args)
            .current_dir(self.dir.path())
            .env("PATH", &self.path)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LADDER_LANG", self.lang)
            .output()
            .expect("git runs")
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Stages everything and commits; the output of the commit (and its hook).
    fn commit(&self, message: &str) -> Output {
        assert!(self.git(&["add", "-A"]).status.success());
        self.git(&["commit", "-q", "-m", message])
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

const RULES: &str = r#"ladder "规模"

fields {
  年销售额: money
}

grades 等级 {
  A08 "范围级" if 年销售额 >= 100万
  A21 "资料级" otherwise
}

example "年销售额200万：范围级" {
  given { 年销售额: 200万 }
  expect 等级 = A08
}
"#;

#[cfg(unix)]
#[test]
fn the_hook_refuses_failing_rules_and_accepts_passing_ones() {
    let repo = Repo::new();
    repo.write("README.md", "rules for the CRM\n");
    let out = repo.commit("no rules yet");
    assert!(out.status.success(), "a commit without rules passes: {}", String::from_utf8_lossy(&out.stderr));

    repo.write("rules/size.ladder", &RULES.replace("expect 等级 = A08", "expect 等级 = A21"));
    let out = repo.commit("a failing example");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a failing example is refused");
    assert!(err.contains("the commit was refused"), "{err}");
    assert!(err.contains("test result: FAILED. 0 passed, 1 failed"), "git shows the hook's output on stderr: {err}");

    repo.write("rules/size.ladder", &RULES.replace("年销售额 >= 100万", "年销售 >= 100万"));
    let out = repo.commit("a rule with an error");
    assert!(!out.status.success(), "a rule file with errors is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("年销售"));

    repo.write("rules/size.ladder", RULES);
    let out = repo.commit("passing rules");
    assert!(out.status.success(), "passing rules are accepted: {}", String::from_utf8_lossy(&out.stderr));

    // What is staged is tested, not the working copy.
    repo.write("rules/size.ladder", &RULES.replace("expect 等级 = A08", "expect 等级 = A21"));
    repo.write("notes.txt", "unrelated\n");
    assert!(repo.git(&["add", "notes.txt"]).status.success());
    let out = repo.git(&["commit", "-q", "-m", "notes only"]);
    assert!(out.status.success(), "an unstaged broken rule does not block: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_docs_coverage_sample_is_what_ladder_prints_for_the_shipped_rules() {
    let out = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .env("LADDER_LANG", "en")
        .args(["test", "--coverage", "rules/"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&out.stdout);
    for path in PAGES {
        let docs = page(path);
        let shown: Vec<&str> =
            docs.lines().filter(|l| l.starts_with("coverage ") || l.starts_with("  not covered: ")).collect();
        assert!(shown.len() >= 5, "{path} shows a coverage sample");
        for line in shown {
            assert!(printed.lines().any(|p| p == line), "{path} shows a line ladder does not print: {line}");
        }
    }
}

// ---- The CI recipes of the docs, run as CI would run their shell lines.

/// A CI recipe of the docs: its variables, its shell lines, and the report files it uploads.
#[derive(Debug)]
struct Recipe {
    gitlab: bool,
    vars: Vec<(String, String)>,
    commands: Vec<String>,
    uploads: Vec<(String, String)>,
}

/// `KEY: value` without a trailing `# comment`.
fn key_value(line: &str) -> Option<(String, String)> {
    let line = line.split("  #").next().unwrap().trim();
    let (k, v) = line.split_once(": ")?;
    Some((k.trim().trim_start_matches("- ").to_string(), v.trim().to_string()))
}

/// The lines indented under the line `heading` (trimmed), up to the next line indented as little.
fn under<'a>(lines: &[&'a str], heading: &str) -> Vec<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(at) = lines.iter().position(|l| l.trim() == heading) else { return vec![] };
    lines[at + 1..].iter().take_while(|l| indent(l) > indent(lines[at])).copied().collect()
}

/// The GitHub and GitLab recipes of a page that check and test the rules (`impact`: those that
/// post what `ladder diff` finds). Other YAML blocks, such as pre-commit's, are not CI.
fn recipes_of(docs: &str, impact: bool) -> Vec<Recipe> {
    let mut out = Vec::new();
    let blocks = docs.split("```yaml\n").skip(1).map(|b| &b[..b.find("```").unwrap()]);
    for block in blocks.filter(|b| b.contains("ladder diff") == impact) {
        let lines: Vec<&str> = block.lines().collect();
        if block.contains("runs-on:") {
            out.push(Recipe {
                gitlab: false,
                vars: under(&lines, "env:").into_iter().filter_map(key_value).collect(),
                commands: lines.iter().filter_map(|l| l.trim().strip_prefix("run: ")).map(String::from).collect(),
                uploads: lines.iter().filter_map(|l| key_value(l)).filter(|(k, _)| k == "sarif_file").collect(),
            });
        } else if block.contains("script:") {
            let script = under(&lines, "script:");
            out.push(Recipe {
                gitlab: true,
                vars: under(&lines, "variables:").into_iter().filter_map(key_value).collect(),
                commands: script
                    .iter()
                    .map(|l| l.trim().strip_prefix("- ").expect("a script item").to_string())
                    .collect(),
                uploads: under(&lines, "reports:").into_iter().filter_map(key_value).collect(),
            });
        }
    }
    out
}

/// PATH with ladder's folder first, then the system's, minus any other `ladder`.
fn path_with(first: &[&Path]) -> String {
    let system = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("ladder").exists())
        .collect::<Vec<_>>();
    let all = first.iter().map(|p| p.to_path_buf()).chain(system);
    std::env::join_paths(all).unwrap().to_string_lossy().into_owned()
}

/// Runs a recipe's shell lines in a copy of the shipped rules (plus `extra` files), with a
/// `cargo` that only records how it was called. The exit code, and the folder.
fn run_recipe(recipe: &Recipe, extra: &[(&str, &str)]) -> (bool, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(Path::new(ROOT).join("rules")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), rules.join(entry.file_name())).unwrap();
    }
    for (name, text) in extra {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let fake = dir.path().join("fake-bin");
    std::fs::create_dir(&fake).unwrap();
    std::fs::write(fake.join("cargo"), "#!/bin/sh\necho \"$@\" >> \"$CARGO_CALLS\"\n").unwrap();
    make_executable(&fake.join("cargo"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ladder")).parent().unwrap().to_path_buf();
    let run = |script: &str| {
        Command::new("sh")
            .args(["-e", "-c", script])
            .current_dir(dir.path())
            .envs(recipe.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("PATH", path_with(&[&bin, &fake]))
            .env("CARGO_CALLS", dir.path().join("cargo-calls"))
            .env("LADDER_LANG", "en")
            .output()
            .unwrap()
    };
    let ok = if recipe.gitlab {
        // GitLab runs the script lines in one shell and stops at the first that fails.
        run(&recipe.commands.join("\n")).status.success()
    } else {
        // Each GitHub step is a shell of its own; with `!cancelled()` the later ones run anyway.
        let steps: Vec<bool> = recipe.commands.iter().map(|c| run(c).status.success()).collect();
        steps.into_iter().all(|ok| ok)
    };
    (ok, dir)
}

/// The recipe installs ladder with `cargo install --locked` at the commit it names, and names one.
fn check_install(recipe: &Recipe, dir: &Path) {
    let calls = std::fs::read_to_string(dir.join("cargo-calls")).expect("the recipe installs ladder with cargo");
    let rev = &recipe.vars.iter().find(|(k, _)| k == "LADDER_REV").expect("LADDER_REV").1;
    assert!(rev.len() == 40 && rev.chars().all(|c| c.is_ascii_hexdigit()), "LADDER_REV is a full commit hash: {rev}");
    assert!(calls.starts_with("install --locked") && calls.contains(&format!("--rev {rev}")), "{calls}");
    assert!(!calls.contains("--tag"), "no tag is published: {calls}");
}

/// The uploaded report `kind` at `path` parses; how many findings or failed tests it holds.
fn report_problems(kind: &str, path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{kind} report {}: {e}", path.display()));
    match kind {
        "junit" => {
            let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("junit.xml is not XML: {e}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "testsuites");
            assert!(root.attribute("tests").unwrap().parse::<usize>().unwrap() > 10, "the shipped examples ran");
            let count = |a: &str| root.attribute(a).unwrap().parse::<usize>().unwrap();
            count("failures") + count("errors")
        }
        "codequality" => serde_json::from_str::<serde_json::Value>(&text).unwrap().as_array().unwrap().len(),
        "sarif_file" => {
            let log: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(log["version"], "2.1.0");
            log["runs"][0]["results"].as_array().unwrap().len()
        }
        other => panic!("an upload this test does not know: {other}"),
    }
}

#[cfg(unix)]
#[test]
fn the_ci_recipes_run_and_write_the_reports_they_upload() {
    for page_path in PAGES {
        let found = recipes(&page(page_path));
        assert_eq!(
            found.iter().map(|r| r.gitlab).collect::<Vec<_>>(),
            [false, true],
            "{page_path}: GitHub, then GitLab"
        );
        for recipe in &found {
            let kinds: Vec<&str> = recipe.uploads.iter().map(|(k, _)| k.as_str()).collect();
            let expected: &[&str] = if recipe.gitlab { &["junit", "codequality"] } else { &["sarif_file"] };
            assert_eq!(kinds, expected, "{page_path}");

            let (ok, dir) = run_recipe(recipe, &[]);
            assert!(ok, "{page_path}: the recipe passes on the shipped rules: {recipe:?}");
            check_install(recipe, dir.path());
            for (kind, file) in &recipe.uploads {
                assert_eq!(report_problems(kind, &dir.path().join(file)), 0, "{page_path}: {kind}");
            }

            let broken = (
                "rules/broken.ladder",
                "fields {\n  金额: money\n}\ngrades 等级 {\n  A if 金 >= 1\n  B otherwise\n}\n",
            );
            let (ok, dir) = run_recipe(recipe, &[broken]);
            assert!(!ok, "{page_path}: the recipe fails on a broken rule file");
            for (kind, file) in &recipe.uploads {
                assert!(report_problems(kind, &dir.path().join(file)) > 0, "{page_path}: {kind} shows the problem");
            }
        }
    }
}

fn recipes(docs: &str) -> Vec<Recipe> {
    recipes_of(docs, false)
}

/// Writes a fake `name` into `bin` that appends its arguments (and the body file it is given,
/// `@FILE` of `-F body=@FILE` or `--data-urlencode body@FILE`) to `calls`, and prints `output`.
fn fake(bin: &Path, name: &str, output: &str) {
    let script = format!(
        "#!/bin/sh\necho \"{name} $*\" >> \"$FAKE_CALLS\"\nfor a in \"$@\"; do case \"$a\" in body=@*) cat \"${{a#body=@}}\" >> \"$FAKE_CALLS\";; body@*) cat \"${{a#body@}}\" >> \"$FAKE_CALLS\";; esac; done\nprintf '%s' '{output}'\n"
    );
    std::fs::write(bin.join(name), script).unwrap();
    make_executable(&bin.join(name));
}

/// Runs an impact recipe in a clone whose target branch `main` holds the shipped rules and whose
/// branch lowers the 意向级 bar; `gh`, `curl` and `cargo` are fakes that record their calls, `gh`
/// answering `comment` to the search for an earlier comment. Whether it passed, and the calls.
fn run_impact(recipe: &Recipe, limit: Option<&str>, comment: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin");
    let git = |cwd: &Path, args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    std::fs::create_dir_all(origin.join("rules")).unwrap();
    for entry in std::fs::read_dir(Path::new(ROOT).join("rules")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), origin.join("rules").join(entry.file_name())).unwrap();
    }
    git(&origin, &["init", "-q", "-b", "main"]);
    git(&origin, &["add", "-A"]);
    git(&origin, &["commit", "-q", "-m", "rules"]);
    let work = dir.path().join("work");
    git(dir.path(), &["clone", "-q", origin.to_str().unwrap(), work.to_str().unwrap()]);
    git(&work, &["checkout", "-q", "-b", "lower-bar"]);
    let rules = work.join("rules/ten_level.ladder");
    let text = std::fs::read_to_string(&rules).unwrap();
    let changed = text.replace("A05 \"意向级\"   if 意向条件", "A05 \"意向级\"   if 意向条件 or 积极回应条件");
    assert_ne!(text, changed, "the shipped rules have the line this test changes");
    std::fs::write(&rules, changed).unwrap();
    git(&work, &["commit", "-q", "-am", "lower the bar"]);
    let fakes = dir.path().join("fake-bin");
    std::fs::create_dir(&fakes).unwrap();
    fake(&fakes, "gh", comment);
    fake(&fakes, "curl", "");
    fake(&fakes, "cargo", "");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ladder")).parent().unwrap().to_path_buf();
    let calls = dir.path().join("calls");
    let ci = [
        ("GITHUB_BASE_REF", "main"),
        ("GITHUB_REPOSITORY", "team/rules"),
        ("PR", "7"),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
        ("CI_API_V4_URL", "https://gitlab.example.com/api/v4"),
        ("CI_PROJECT_ID", "42"),
        ("CI_MERGE_REQUEST_IID", "7"),
        ("LADDER_BOT_TOKEN", "secret"),
    ];
    let commands: Vec<String> = recipe
        .commands
        .iter()
        .map(|c| match limit {
            Some(limit) => c.replace("--max-changed 10%", &format!("--max-changed {limit}")),
            None => c.clone(),
        })
        .collect();
    let run = |script: &str| {
        Command::new("sh")
            .args(["-e", "-c", script])
            .current_dir(&work)
            .envs(recipe.vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .envs(ci)
            .env("PATH", path_with(&[&bin, &fakes]))
            .env("FAKE_CALLS", &calls)
            .env("LADDER_LANG", "en")
            .output()
            .unwrap()
    };
    let ok = if recipe.gitlab {
        run(&commands.join("\n")).status.success()
    } else {
        // Every step runs (`!cancelled()`), so collect before asking whether all passed.
        let steps: Vec<bool> = commands.iter().map(|c| run(c).status.success()).collect();
        steps.into_iter().all(|ok| ok)
    };
    (ok, std::fs::read_to_string(&calls).unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn the_impact_recipes_post_one_comment_and_hold_the_merge_past_the_limit() {
    for page_path in PAGES {
        let found = recipes_of(&page(page_path), true);
        assert_eq!(found.iter().map(|r| r.gitlab).collect::<Vec<_>>(), [false, true], "{page_path}");
        for recipe in &found {
            // The branch moves 7 of the 44 sample customers (15.9%): more than the recipe's 10%.
            let (ok, calls) = run_impact(recipe, None, "");
            assert!(!ok, "{page_path}: 15.9% is past --max-changed 10%");
            assert!(calls.contains("<!-- ladder-diff -->"), "the comment is posted all the same: {calls}");
            let (ok, calls) = run_impact(recipe, Some("20%"), "");
            assert!(ok, "{page_path}: {calls}");
            assert!(calls.contains("<!-- ladder-diff -->"), "the markdown is posted: {calls}");
            assert!(calls.contains("7 of 44 customers (15.9%) change 十级"), "{calls}");
            if recipe.gitlab {
                assert!(calls.contains("curl") && calls.contains("merge_requests/7/notes"), "{calls}");
            } else {
                assert!(
                    calls.contains("gh api repos/team/rules/issues/7/comments -F body=@impact.md"),
                    "a new comment: {calls}"
                );
                // With an earlier comment found, that one is edited.
                let (ok, calls) = run_impact(recipe, Some("20%"), "123");
                assert!(ok, "{calls}");
                assert!(
                    calls.contains("gh api -X PATCH repos/team/rules/issues/comments/123 -F body=@impact.md"),
                    "{calls}"
                );
            }
        }
    }
}

// ---- The hook without ladder, and the pre-commit framework's entry.

#[cfg(unix)]
#[test]
fn the_hook_says_ladder_is_not_installed_rather_than_blaming_the_rules() {
    for (lang, said) in [("en", "ladder is not installed"), ("zh", "没有安装 ladder")] {
        let mut repo = Repo::new();
        repo.path = path_with(&[]);
        repo.lang = lang;
        repo.write("rules/size.ladder", RULES);
        let out = repo.commit("rules, but no ladder");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "without ladder the rules are not let through unchecked");
        assert!(err.contains(said) && err.contains("cargo install --locked --path ."), "{err}");
        assert!(!err.contains("do not pass") && !err.contains("没有通过"), "the rules are not blamed: {err}");
    }
}

/// Runs `hooks/pre-commit ARGS` in `dir` as the pre-commit framework does; (success, stderr).
fn framework_hook(dir: &Path, path: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(Path::new(ROOT).join("hooks/pre-commit"))
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("LADDER_LANG", "en")
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[cfg(unix)]
#[test]
fn the_pre_commit_framework_entry_tests_the_working_copy() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join(".pre-commit-hooks.yaml")).unwrap();
    for line in ["- id: ladder", "entry: hooks/pre-commit --working-tree", "language: script", "pass_filenames: false"]
    {
        assert!(manifest.lines().any(|l| l.trim() == line), ".pre-commit-hooks.yaml: {line}");
    }
    let args: Vec<&str> =
        manifest.lines().find_map(|l| l.trim().strip_prefix("entry: ")).unwrap().split(' ').skip(1).collect();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ladder")).parent().unwrap().to_path_buf();
    let with_ladder = path_with(&[&bin]);

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/size.ladder"), RULES).unwrap();
    assert!(framework_hook(dir.path(), &with_ladder, &args).0, "passing rules pass");

    std::fs::write(dir.path().join("rules/size.ladder"), RULES.replace("expect 等级 = A08", "expect 等级 = A21"))
        .unwrap();
    let (ok, err) = framework_hook(dir.path(), &with_ladder, &args);
    assert!(!ok && err.contains("the rules in rules/ do not pass"), "{err}");

    // `args: [FOLDER]` in .pre-commit-config.yaml names another rules folder.
    std::fs::rename(dir.path().join("rules"), dir.path().join("grading")).unwrap();
    let mut other = args.clone();
    other.push("grading");
    let (ok, err) = framework_hook(dir.path(), &with_ladder, &other);
    assert!(!ok && err.contains("the rules in grading/ do not pass"), "{err}");

    let (ok, err) = framework_hook(dir.path(), &path_with(&[]), &other);
    assert!(!ok && err.contains("ladder is not installed"), "{err}");
}

/// Runs `pre-commit try-repo` of this repository's `ladder` hook on every file of `repo`.
fn try_repo(repo: &Repo, path: &str) -> (bool, String) {
    let home = repo.dir.path().join(".pre-commit-home");
    let out = Command::new("python3")
        .args(["-m", "pre_commit", "try-repo", ROOT, "ladder", "--all-files", "--verbose"])
        .current_dir(repo.dir.path())
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("LADDER_LANG", "en")
        .output()
        .unwrap();
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), all)
}

#[cfg(unix)]
#[test]
fn the_pre_commit_framework_runs_the_hook() {
    let installed = Command::new("python3").args(["-m", "pre_commit", "--version"]).output();
    if !installed.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("CI").is_none(), "CI must have the pre-commit framework (.ci/run installs it)");
        eprintln!("skipped: the pre-commit framework is not installed (.ci/run installs it)");
        return;
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_ladder")).parent().unwrap().to_path_buf();
    let repo = Repo::new();
    repo.write("rules/size.ladder", RULES);
    assert!(repo.git(&["add", "-A"]).status.success());
    let (ok, said) = try_repo(&repo, &path_with(&[&bin]));
    assert!(ok, "passing rules pass: {said}");
    assert!(said.contains("test result: ok. 1 passed, 0 failed"), "{said}");

    repo.write("rules/size.ladder", &RULES.replace("expect 等级 = A08", "expect 等级 = A21"));
    assert!(repo.git(&["add", "-A"]).status.success());
    let (ok, said) = try_repo(&repo, &path_with(&[&bin]));
    assert!(!ok && said.contains("the rules in rules/ do not pass"), "{said}");

    let (ok, said) = try_repo(&repo, &path_with(&[]));
    assert!(!ok && said.contains("ladder is not installed"), "{said}");
}
