//! Unit tests of the session through `Session::handle` and `Session::complete`: reloading an
//! edited file, keeping the last good rules, session lets across reloads, completion.

use super::{is_open, Options, Session};
use crate::diag::{Lang, Voice};
use crate::input::Encoding;

const EN: Voice = Voice { lang: Lang::En, keywords: Lang::En };
use std::path::PathBuf;

const RULES: &str =
    "fields {\n  客户编号: text key\n  询问公司产品: bool\n  反馈人: one of 拍板人, 使用者\n  年销售额: money\n}\n\
grades 等级 {\n  A06 \"积极回应\" if 反馈人 is 拍板人 and 询问公司产品\n  A21 \"资料级\" otherwise\n}\n";

fn session() -> Session {
    let today = jiff::civil::date(2026, 3, 1);
    Session::new(Options { today, color: false, width: 80, encoding: Encoding::Auto, lang: crate::diag::Lang::En })
}

fn write(dir: &tempfile::TempDir, text: &str) -> String {
    let path: PathBuf = dir.path().join("rules.ladder");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn reload_reads_the_edited_file_and_keeps_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, RULES);
    let mut s = session();
    assert!(!s.load(&path).failed());
    for line in [":set 反馈人 = 拍板人", ":set 询问公司产品 = 是"] {
        assert!(!s.handle(line).failed(), "{line}");
    }
    assert!(s.handle(":grade").out_text(EN).starts_with("等级: A06 积极回应"));
    write(&dir, &RULES.replace("反馈人 is 拍板人 and 询问公司产品", "反馈人 is 使用者 and 询问公司产品"));
    let r = s.handle(":reload");
    assert!(!r.failed(), "{}", r.err_text(EN));
    assert!(s.handle(":grade").out_text(EN).starts_with("等级: A21 资料级"));
    assert_eq!(s.handle("反馈人 is 拍板人").out_text(EN), "true\n");
}

#[test]
fn rules_with_errors_keep_the_last_good_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, RULES);
    let mut s = session();
    s.load(&path);
    s.handle(":set 询问公司产品 = 是");
    write(&dir, &RULES.replace("and 询问公司产品\n", "and 询问公司产\n"));
    let r = s.handle(":reload");
    assert!(r.err_text(EN).contains("ladder::unknown_name"), "{}", r.err_text(EN));
    assert!(r.err_text(EN).contains("kept the rules loaded before"), "{}", r.err_text(EN));
    assert_eq!(s.handle("询问公司产品").out_text(EN), "true\n");
}

#[test]
fn session_lets_survive_a_reload_unless_they_no_longer_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, RULES);
    let mut s = session();
    s.load(&path);
    assert!(s.handle("let 大客户 = 年销售额 > 1亿").out_text(EN).starts_with("defined 大客户"));
    s.handle(":set 年销售额 = 2亿");
    assert!(!s.handle(":reload").failed());
    assert_eq!(s.handle("大客户").out_text(EN), "true\n");
    write(
        &dir,
        &RULES
            .replace("  年销售额: money\n", "  收入: money\n")
            .replace("询问公司产品\n  A21", "询问公司产品 and 收入 > 0\n  A21"),
    );
    let r = s.handle(":reload");
    assert!(r.err_text(EN).contains("大客户 no longer checks"), "{}", r.err_text(EN));
    assert!(r.out_text(EN).contains("no longer declare 年销售额"), "{}", r.out_text(EN));
    assert!(s.handle("大客户").err_text(EN).contains("ladder::unknown_name"));
}

#[test]
fn completion_offers_commands_fields_members_and_levels() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session();
    s.load(&write(&dir, RULES));
    assert_eq!(s.complete(":wh", 3), (0, vec![":why".to_string(), ":whynot".to_string()]));
    let line = "询问 and 反";
    assert_eq!(s.complete(line, "询问".len()), (0, vec!["询问公司产品".to_string()]));
    assert_eq!(s.complete(line, line.len()), ("询问 and ".len(), vec!["反馈人".to_string()]));
    let line = ":set 反馈人 = 使";
    assert_eq!(s.complete(line, line.len()).1, vec!["使用者".to_string()]);
    assert_eq!(s.complete(":unset 年", ":unset 年".len()).1, vec!["年销售额".to_string()]);
    assert_eq!(s.complete(":whynot A", ":whynot A".len()).1, vec!["A06".to_string(), "A21".to_string()]);
    s.handle("let 大客户 = 年销售额 > 1亿");
    assert_eq!(s.complete("大", "大".len()).1, ["大客户", "大于", "大于等于"].map(String::from));
    assert_eq!(s.complete("年销售额 介", "年销售额 介".len()).1, vec!["介于".to_string()]);
    let line = ":load rules/ten_level.l";
    assert_eq!(s.complete(line, line.len()), (":load ".len(), vec!["rules/ten_level.ladder".to_string()]));
}

#[test]
fn input_stays_open_while_a_brace_is_open() {
    assert!(is_open("let a = any {\n  b"));
    assert!(is_open("all ｛ 了解业务"));
    assert!(!is_open("let a = any { b }"));
    assert!(!is_open("x contains \"{\""));
    assert!(!is_open("x # {"));
    assert!(!is_open(":set 公司名称 = {"));
}

#[test]
fn commands_need_rules_and_say_so() {
    let mut s = session();
    assert!(s.handle(":grade").err_text(EN).contains("no rules are loaded"));
    assert_eq!(s.handle("1 + 2").out_text(EN), "3\n");
    assert!(s.handle(":quit").quit);
}

#[test]
fn whynot_suggests_members_from_the_condition_not_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let rules = RULES.replace(
        "  A21 \"资料级\" otherwise\n",
        "  A07 \"x\" if 反馈人 is not 拍板人\n  A08 \"y\" if 反馈人 in [使用者]\n  A21 \"资料级\" otherwise\n",
    );
    let path = write(&dir, &rules);
    let mut s = session();
    assert!(!s.load(&path).failed());
    let set = |s: &mut Session, level: &str| {
        let out = s.handle(&format!(":whynot {level}")).out_text(EN);
        out.lines().find(|l| l.contains("set it with :set 反馈人")).map(|l| l.rsplit(' ').next().unwrap().to_string())
    };
    assert_eq!(set(&mut s, "A06").as_deref(), Some("拍板人"));
    assert_eq!(set(&mut s, "A07").as_deref(), Some("使用者"));
    assert_eq!(set(&mut s, "A08").as_deref(), Some("使用者"));
}
