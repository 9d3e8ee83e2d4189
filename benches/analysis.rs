//! `cargo bench --bench analysis`: what the static analysis (src/analysis) adds to `ladder check`:
//! rules/ten_level.ladder, and generated ladders of 500 rules. Prints a Markdown table (medians)
//! for docs/performance.md.

use ladder::analysis::analyse;
use ladder::check::check_text;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

/// splitmix64, as in benches/gen_ten_level.rs: the same file every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// A ladder of `rules` rules over twelve fields of every kind, each rule two to four tests of
/// fields against a few dozen constants, the way a long-grown price list looks.
fn generated(rules: usize, seed: u64) -> String {
    let mut r = Rng(seed);
    let mut text = String::from("fields {\n");
    for i in 0..4 {
        text.push_str(&format!("  金额{i}: money\n  选项{i}: one of 甲, 乙, 丙, 丁, 戊\n  标记{i}: bool\n"));
    }
    text.push_str("  日期: date\n  行业: text\n}\n\ngrades 等级 {\n");
    for k in 0..rules {
        let tests: Vec<String> = (0..2 + r.below(3))
            .map(|_| {
                let i = r.below(4);
                match r.below(6) {
                    0 | 1 => format!("金额{i} {} {}万", [">=", "<", ">", "<="][r.below(4) as usize], 10 * r.below(40)),
                    2 => format!("选项{i} in [{}]", ["甲", "乙, 丙", "丁, 戊", "甲, 戊"][r.below(4) as usize]),
                    3 => format!("{}标记{i}", ["", "not "][r.below(2) as usize]),
                    4 => format!("days since 日期 > {}", 30 * r.below(12)),
                    _ => format!("行业 = \"{}\"", ["制造业", "农业", "零售业"][r.below(3) as usize]),
                }
            })
            .collect();
        text.push_str(&format!("  L{k} \"l{k}\" if {}\n", tests.join(" and ")));
    }
    text.push_str("  Z \"其他\" otherwise\n}\n");
    text
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = jiff::civil::date(2026, 11, 23);
    let ten = std::fs::read_to_string(root.join("rules/ten_level.ladder")).expect("rules/ten_level.ladder");
    let cases = [
        ("rules/ten_level.ladder".to_string(), ten),
        ("generated, 500 rules".to_string(), generated(500, 1)),
        ("generated, 2,000 rules".to_string(), generated(2000, 2)),
    ];
    println!("| rule file | check (with analysis), median ms | analysis alone, median ms | stopped by the budget |");
    println!("|---|---:|---:|---|");
    for (name, text) in cases {
        let checked = check_text("bench.ladder", text.clone());
        assert!(!checked.has_errors(), "{name}: {:?}", checked.diagnostics);
        let found = analyse(&checked.program, today);
        let check = median(|| drop(check_text("bench.ladder", text.clone())));
        let alone = median(|| drop(analyse(&checked.program, today)));
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
        println!("| {name} | {} | {} | {} |", ms(check), ms(alone), if found.stopped.is_some() { "yes" } else { "no" });
    }
}
