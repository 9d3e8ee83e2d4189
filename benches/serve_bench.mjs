// The workbench's figures, measured in the real page (Debian's headless chromium) against the real
// `ladder serve` (${LADDER:-target/release/ladder}) on a copy of rules/:
//   1. keystroke → diagnostics shown on rules/ten_level.ladder (median of 20; goal ≤ 50 ms);
//   2. choosing a 100,000-record file → the first page of the table shown (median of 3; goal ≤ 1 s);
//   3. the size of web/dist/app.js (goal < 1 MB).
// Run: node benches/serve_bench.mjs [ROWS]   (from the repository; web/node_modules installed)
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyRules, openBrowser, pageFromDisk, removeDir, root, startServer } from "../web/test/serve.mjs";

const rows = Number(process.argv[2] ?? 100000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => x.toFixed(1);

/** `rows` records made from the sample's 44, each with its own key. */
function bigFile(dir) {
  const [header, ...sample] = readFileSync(path.join(root, "rules/ten_level.sample.csv"), "utf8").trim().split(/\r?\n/);
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const row = sample[i % sample.length];
    lines.push(`KH-${String(i).padStart(7, "0")}` + row.slice(row.indexOf(",")));
  }
  const name = `ten_level.${rows}.csv`;
  writeFileSync(path.join(dir, name), lines.join("\n") + "\n");
  return name;
}

const dir = copyRules();
const big = bigFile(dir);
const server = await startServer(dir, { LADDER_LANG: "zh" });
const browser = await openBrowser("zh-CN");
let failed = false;
try {
  await pageFromDisk(browser.context);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(server.url);
  await page.waitForSelector('#file option[value="ten_level.ladder"]', { state: "attached" });
  await page.selectOption("#file", "ten_level.ladder");
  await page.waitForFunction(() => window.ladderEditor?.text.includes("客户十级分级") && window.ladderEditor.lintCount > 0);

  // 1. From the input event of a mistake to its diagnostic in the page, then back to clean.
  const shown = [];
  const checks = [];
  for (let i = 0; i < 21; i++) {
    const wait = page.evaluate(
      () =>
        new Promise((resolve) => {
          let t0 = 0;
          document.addEventListener("beforeinput", () => (t0 = performance.now()), { once: true, capture: true });
          const seen = () => document.querySelector(".cm-panel-lint .cm-diagnostic-error");
          new MutationObserver((_, obs) => {
            if (t0 && seen()) {
              obs.disconnect();
              resolve([performance.now() - t0, window.ladderEditor.checkMillis]);
            }
          }).observe(document.body, { subtree: true, childList: true });
        }),
    );
    await select(page, "已付款 }", 3);
    await page.keyboard.insertText("已付宽");
    const [t, check] = await wait;
    if (i > 0) {
      // the first is the page's warm-up
      shown.push(t);
      checks.push(check);
    }
    await select(page, "已付宽", 3);
    await page.keyboard.insertText("已付款");
    await page.waitForFunction(() => !document.querySelector(".cm-panel-lint .cm-diagnostic-error"));
  }
  console.log(
    `keystroke → diagnostics shown (rules/ten_level.ladder, median of ${shown.length}): ${ms(median(shown))} ms ` +
      `(min ${ms(Math.min(...shown))}, max ${ms(Math.max(...shown))}); of which POST /api/check: ${ms(median(checks))} ms`,
  );

  // 2. Choosing the big file → its first page in the table; the small sample in between.
  const firstPage = [];
  const graded = [];
  for (let i = 0; i < 3; i++) {
    await page.selectOption("#data", "ten_level.sample.csv");
    await page.waitForSelector('#page-info[data-total="44"]');
    const t0 = Date.now();
    await page.selectOption("#data", big);
    await page.waitForFunction((n) => document.querySelector("#page-info")?.dataset.total === String(n) && document.querySelectorAll("#rows tbody tr").length === 100, rows);
    firstPage.push(Date.now() - t0);
    graded.push(await page.evaluate(() => window.ladderState.graded.millis));
  }
  console.log(
    `choose ${rows} records → first page shown (median of ${firstPage.length}): ${median(firstPage)} ms ` +
      `(all: ${firstPage.join(", ")} ms); of which grading on the server: ${median(graded)} ms`,
  );
} catch (e) {
  console.log(`FAIL ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser.close();
  server.stop();
  removeDir(dir);
}
const js = statSync(path.join(root, "web/dist/app.js")).size;
const css = statSync(path.join(root, "web/dist/app.css")).size;
console.log(`web/dist/app.js: ${js} bytes (${(js / 1024).toFixed(0)} KiB); app.css: ${css} bytes`);
process.exit(failed ? 1 : 0);

async function select(page, find, length) {
  await page.evaluate(
    ([find, length]) => {
      const view = window.ladderEditor.view;
      const from = view.state.doc.toString().indexOf(find, view.state.doc.toString().indexOf("let 成交条件"));
      view.focus();
      view.dispatch({ selection: { anchor: from, head: from + length } });
    },
    [find, length],
  );
}
