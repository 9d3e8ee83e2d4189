#!/usr/bin/env python3
"""Start-up of `ladder` (issue 19): medians of wall time over many runs, each a child process.

    benches/startup.py [LADDER] [--runs N]

Prints, in one run so the ratios hold: `/bin/true` (what starting any process costs here),
`ladder --version`, `ladder check rules/ten_level.ladder`, `ladder run` on the 44-row sample
(as it is, and saved as GBK, as Excel on Chinese Windows saves it), and `ladder check` on
generated files of 1,000, 5,000 and 10,000 rules (whether checking is linear in the rules). The goal is ≤ 5 ms for the check and the run.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def median_ms(args, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return statistics.median(times), min(times)


def many_rules(n):
    """A ladder of n rules over a few fields, each rule different, all reachable."""
    lines = [
        "fields {",
        "  客户编号: text key",
        "  金额: money",
        "  次数: number",
        "  行业: one of 制造, 零售, 金融",
        "}",
        "grades 等级 {",
    ]
    for i in range(n):
        lines.append(f'  L{i} "第{i}级" if 金额 >= {n - i}万 and 次数 > {i % 50} or 行业 is 金融 and 次数 = {i}')
    lines.append('  L_END "其余" otherwise')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ladder", nargs="?", default=os.path.join(ROOT, "target/release/ladder"))
    ap.add_argument("--runs", type=int, default=51)
    a = ap.parse_args()
    rules = os.path.join(ROOT, "rules/ten_level.ladder")
    sample = os.path.join(ROOT, "rules/ten_level.sample.csv")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.csv")
        sample_gbk = os.path.join(tmp, "sample_gbk.csv")
        with open(sample, encoding="utf-8-sig") as f, open(sample_gbk, "wb") as g:
            g.write(f.read().encode("gb18030"))
        cases = [
            ("/bin/true", ["/bin/true"]),
            ("ladder --version", [a.ladder, "--version"]),
            ("ladder check rules/ten_level.ladder", [a.ladder, "check", rules]),
            ("ladder run rules/ten_level.ladder (44-row sample)",
             [a.ladder, "run", rules, sample, "--as-of", "2026-11-23", "-o", out]),
            ("ladder run rules/ten_level.ladder (the sample in GBK)",
             [a.ladder, "run", rules, sample_gbk, "--as-of", "2026-11-23", "-o", out]),
        ]
        for n in (1000, 5000, 10000):
            path = os.path.join(tmp, f"rules_{n}.ladder")
            with open(path, "w", encoding="utf-8") as f:
                f.write(many_rules(n))
            cases.append((f"ladder check, {n:,} rules", [a.ladder, "check", path]))
        print(f"{a.runs} runs each; median and fastest, ms")
        print("| what | median ms | fastest ms |")
        print("|---|---:|---:|")
        for what, args in cases:
            runs = a.runs if "rules," not in what else max(5, a.runs // 10)
            med, low = median_ms(args, runs)
            print(f"| {what} | {med:.2f} | {low:.2f} |", flush=True)


if __name__ == "__main__":
    main()
