//! A deterministic generator of ten-level customer files (rules/ten_level.ladder's columns),
//! shared by the benchmark and `cargo run --example gen_ten_level`.

use std::io::{self, Write};

/// The header of rules/ten_level.ladder's data.
pub const HEADER: &str = "客户编号,公司名称,行业,年销售额,电话,传真,反馈人,了解业务,了解收益,了解优势,理性决定,明确拒绝,答复中立,考虑换供应商,不满现供应商,洽谈新供应商,索要资料,约下次联系时间,询问公司产品,掌握需求,能满足需求,认可我司,知道报价,金额可承受,价格可接受,口头承诺,验厂打样,预计采购日期,已签合同,已采购,已付款,已用完,款项收齐,遗留承诺,当前阶段";

const CITIES: [&str; 8] = ["东莞市", "佛山市", "苏州市", "宁波市", "青岛市", "成都市", "石家庄市", "温州市"];
const NAMES: [&str; 8] = ["华盛", "美达", "恒通", "瑞丰", "金诺", "宏远", "新兴", "永泰"];
const TRADES: [&str; 6] = ["电子科技", "电器", "食品", "制药辅料", "日用品", "五金制品"];
const INDUSTRIES: [&str; 8] =
    ["制造业", "制造业", "制造业", "批发和零售业", "农业", "住宿和餐饮业", "政府机关", "非营利机构"];
const ROLES: [&str; 5] = ["拍板人", "拍板人", "使用者", "参谋者", "其他"];
const STAGES: [&str; 10] = ["A21", "A08", "A07", "A06", "A05", "A04", "A03", "A02", "A01", "A31"];

/// splitmix64: a fixed sequence for a fixed seed, so every run benchmarks the same file.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Writes `rows` customers (plus the header) to `out`.
pub fn generate(rows: usize, seed: u64, out: &mut impl Write) -> io::Result<()> {
    let mut r = Rng(seed);
    writeln!(out, "{HEADER}")?;
    for i in 0..rows {
        // How far along the ladder this customer is: later facts are known only for some.
        let depth = r.below(10);
        let yes = |r: &mut Rng, at: u64| -> &'static str {
            if depth < at {
                if r.chance(70) {
                    ""
                } else {
                    "否"
                }
            } else if r.chance(85) {
                ["是", "是", "是", "√", "Y"][r.below(5) as usize]
            } else {
                "否"
            }
        };
        let amount = match r.below(4) {
            0 => format!("{}万", 50 + r.below(5000)),
            1 => format!("\"{},{:03},000\"", 1 + r.below(90), r.below(1000)),
            2 => format!("{}", 100_000 + r.below(90_000_000)),
            _ => String::new(),
        };
        write!(
            out,
            "KH-{:07},{}{}{}有限公司,{},{},0{}-{:08},0{}-{:08},{}",
            i + 1,
            r.pick(&CITIES),
            r.pick(&NAMES),
            r.pick(&TRADES),
            r.pick(&INDUSTRIES),
            amount,
            100 + r.below(900),
            r.below(100_000_000),
            100 + r.below(900),
            r.below(100_000_000),
            r.pick(&ROLES),
        )?;
        for at in [2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6] {
            write!(out, ",{}", yes(&mut r, at))?;
        }
        let date = if depth >= 6 && r.chance(60) {
            format!("2026/{}/{}", 1 + r.below(12), 1 + r.below(28))
        } else {
            String::new()
        };
        write!(out, ",{date}")?;
        for at in [7, 7, 7, 8, 8, 8] {
            write!(out, ",{}", yes(&mut r, at))?;
        }
        writeln!(out, ",{}", STAGES[(depth as usize).min(9)])?;
    }
    Ok(())
}

/// The lines of `narrow` (a file of [`generate`]) with `extra` more columns each, of the kinds a
/// CRM export carries beside the ones the rules read: times, amounts, notes, addresses, mails,
/// order numbers and empty cells.
#[allow(dead_code)]
pub fn widen(narrow: &[u8], extra: usize, seed: u64, out: &mut impl Write) -> io::Result<()> {
    const KINDS: [&str; 8] = ["跟进时间", "金额", "备注", "地址", "邮箱", "订单号", "来源", "空列"];
    const NOTES: [&str; 5] = ["客户说下周再联系", "已发报价单", "等采购部回复", "要求降价5%", "样品已寄出"];
    const SOURCES: [&str; 4] = ["展会", "官网", "老客户介绍", "电话开发"];
    let mut r = Rng(seed);
    let mut lines = narrow.split(|&b| b == b'\n').filter(|l| !l.is_empty());
    let header = lines.next().unwrap_or_default();
    out.write_all(header)?;
    for i in 0..extra {
        write!(out, ",{}{:03}", KINDS[i % KINDS.len()], 36 + i)?;
    }
    writeln!(out)?;
    for line in lines {
        out.write_all(line)?;
        for i in 0..extra {
            match i % KINDS.len() {
                0 => write!(
                    out,
                    ",2026-{:02}-{:02} {:02}:{:02}:{:02}",
                    1 + r.below(12),
                    1 + r.below(28),
                    r.below(24),
                    r.below(60),
                    r.below(60)
                )?,
                1 => write!(out, ",\"{},{:03}.{:02}\"", 1 + r.below(999), r.below(1000), r.below(100))?,
                2 => write!(out, ",{}", r.pick(&NOTES))?,
                3 => write!(out, ",{}{}路{}号", r.pick(&CITIES), r.pick(&NAMES), 1 + r.below(300))?,
                4 => write!(out, ",user{}@example.com", r.below(1_000_000))?,
                5 => write!(out, ",SO{:010}", r.below(10_000_000_000))?,
                6 => write!(out, ",{}", r.pick(&SOURCES))?,
                _ => write!(out, ",")?,
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
