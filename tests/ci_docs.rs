//! docs/ci.md and its Chinese twin docs/zh/CI指南.md do not lie: the pre-commit hook they show is
//! the shipped hooks/pre-commit, and that hook, installed in a scratch repository, refuses a bad rule
//! file and accepts a good one.

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
        let repo = Repo { dir, path };
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
