use super::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The argument names a text uses.
fn arg_names(text: &str) -> BTreeSet<&str> {
    slots(text)
        .into_iter()
        .filter_map(|(_, s)| match s {
            Slot::Arg(n) | Slot::Plural(n, _, _) => Some(n),
            Slot::Keyword(_) => None,
        })
        .collect()
}

fn keyed(files: &[&'static str]) -> BTreeMap<&'static str, Cow<'static, str>> {
    let all = entries(files);
    let mut out = BTreeMap::new();
    for (key, text) in all {
        assert!(!key.is_empty() && !key.contains(char::is_whitespace), "bad key `{key}`");
        assert!(!text.is_empty(), "`{key}` has no text");
        assert!(out.insert(key, text).is_none(), "`{key}` is in the catalogue twice");
    }
    out
}

#[test]
fn both_languages_have_the_same_keys_with_the_same_arguments() {
    let (en, zh) = (keyed(EN), keyed(ZH));
    let only = |a: &BTreeMap<&str, Cow<str>>, b: &BTreeMap<&str, Cow<str>>| -> Vec<String> {
        a.keys().filter(|k| !b.contains_key(*k)).map(|k| k.to_string()).collect()
    };
    assert_eq!(only(&en, &zh), Vec::<String>::new(), "keys missing in Chinese");
    assert_eq!(only(&zh, &en), Vec::<String>::new(), "keys missing in English");
    for (key, text) in &en {
        assert_eq!(arg_names(text), arg_names(&zh[key]), "`{key}` has other arguments in Chinese");
    }
}

#[test]
fn every_keyword_slot_names_a_keyword() {
    for (key, text) in entries(EN).into_iter().chain(entries(ZH)) {
        for (_, s) in slots(&text) {
            if let Slot::Keyword(k) = s {
                let en = k.replace('_', " ");
                assert!(KEYWORDS.iter().any(|w| w.en == en), "`{key}` names no keyword `{k}`");
            }
        }
    }
}

/// Every `t!(…, "key"` and `.t("key"` in src/, with its file.
fn used_keys() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs")
                || path.ends_with("catalogue/tests.rs")
                || path.ends_with("diag/catalogue.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(i) = rest.find("t!(").into_iter().chain(rest.find(".t(\"")).min() {
                let before = rest[..i].chars().next_back();
                let call = &rest[i..];
                rest = &call[3..];
                if call.starts_with("t!(") && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(q) = call.find('"') else { break };
                let key = &call[q + 1..];
                let key = &key[..key.find('"').unwrap_or(0)];
                out.push((key.to_string(), path.display().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_key_the_code_uses_is_in_the_catalogue_and_every_key_is_used() {
    let en = keyed(EN);
    let used = used_keys();
    for (key, file) in &used {
        assert!(en.contains_key(key.as_str()), "{file} uses `{key}`, which is not in the catalogue");
    }
    let used: BTreeSet<&str> = used.iter().map(|(k, _)| k.as_str()).collect();
    let page = page_code();
    let unused: Vec<&&str> = en
        .keys()
        .filter(|k| match k.strip_prefix("page.") {
            // The workbench's page asks for `page.KEY` as "KEY" (GET /api/words drops the prefix);
            // web/test/words.mjs checks the other way round, that each word it asks for is here.
            Some(key) => !page.contains(&format!("\"{key}\"")),
            None => !used.contains(**k),
        })
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

/// The sources of the workbench's page (web/src), joined.
fn page_code() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/src");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ts"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn slots_fill_and_other_braces_stay() {
    let n = 2;
    assert_eq!(fill("{n} {n|row|rows} in fields { … }", &[("n", Arg::Shown(&n))], Lang::En), "2 rows in fields { … }");
    assert_eq!(fill("{n|row|rows}", &[("n", Arg::Shown(&1))], Lang::En), "row");
    assert_eq!(fill("{n|row|rows} {n}", &[("n", Arg::Text("1"))], Lang::En), "row 1");
    assert_eq!(fill("write `a {kw:and} b`", &[], Lang::Zh), "write `a 且 b`");
    assert_eq!(fill("write `a {kw:and} b`", &[], Lang::En), "write `a and b`");
    assert_eq!(fill("{x y} {A} {}", &[], Lang::En), "{x y} {A} {}");
}

#[test]
fn continuation_lines_join_with_a_newline() {
    let e = entries(&["# note\na = one\n  two\n\nb = three"]);
    assert_eq!(e, vec![("a", Cow::from("one\ntwo")), ("b", Cow::from("three"))]);
}

#[test]
fn a_key_ends_at_the_first_equals_sign_after_a_space() {
    let e = entries(&["a=b = c = d\nlone\n=x = y\nk =\nz ="]);
    let want = [("a=b", "c = d"), ("lone", ""), ("=x", "y"), ("k", ""), ("z", "")];
    assert_eq!(e, want.map(|(k, t)| (k, Cow::from(t))).to_vec());
}

#[test]
fn locales_choose_the_language() {
    for zh in ["zh_CN.UTF-8", "zh_SG", "zh_Hans", "zh-Hans-CN", "zh_TW", "zh_HK.Big5", "zh"] {
        assert_eq!(Lang::of_locale(zh), Lang::Zh, "{zh}");
    }
    for en in ["C", "POSIX", "en_US.UTF-8", "de_DE", "C.UTF-8", "zhx", ""] {
        assert_eq!(Lang::of_locale(en), Lang::En, "{en}");
    }
}

/// `t!` passes text as it is and anything else through `Display`, whichever way the text is held.
#[test]
// Written as `t!` writes them: the borrow is what lets `ShownArg` be found for the others.
#[allow(clippy::needless_borrow)]
fn text_arguments_are_not_formatted() {
    let (s, owned, n) = ("甲", String::from("乙"), 3);
    let (borrowed, cow) = (&owned, std::borrow::Cow::Borrowed("丙"));
    let args = [
        (&ArgOf(s)).arg(),
        (&ArgOf(&s)).arg(),
        (&ArgOf(&owned)).arg(),
        (&ArgOf(&borrowed)).arg(),
        (&ArgOf(&cow)).arg(),
        (&ArgOf(&n)).arg(),
    ];
    let kinds: Vec<_> = args.iter().map(|a| matches!(a, Arg::Text(_))).collect();
    assert_eq!(kinds, [true, true, true, true, true, false]);
    let shown: Vec<_> = args.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["甲", "甲", "乙", "乙", "丙", "3"]);
    assert_eq!(
        t!(Lang::Zh, "why.rule", level = "A06", why = owned),
        crate::diag::Voice::from(Lang::Zh).t("why.rule", &[("level", Arg::Shown(&"A06")), ("why", Arg::Shown(&owned))])
    );
}
