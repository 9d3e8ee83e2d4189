// The workbench end to end: the real `ladder serve` on a copy of rules/, the page in Debian's headless
// chromium, in Chinese. Each step leaves a screenshot in ${SHOTS:-target/serve-shots}/NN-name.png.
// Exit code 1 on any failure; the server is stopped in every case.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { copyRules, openBrowser, pageFromDisk, removeDir, root, startServer } from "./serve.mjs";

const shots = path.resolve(root, process.env.SHOTS ?? "target/serve-shots");
mkdirSync(shots, { recursive: true });
const han = /[\u4e00-\u9fff]/;
const timeout = 15000;

const dir = copyRules();
const rulesFile = path.join(dir, "ten_level.ladder");
let server;
let browser;
let page;
let shot = 0;
let failed = false;

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack ?? e}`);
    failed = true;
  } finally {
    if (page) {
      shot++;
      await page
        .screenshot({ path: path.join(shots, `${String(shot).padStart(2, "0")}-${name}.png`) })
        .catch(() => {});
    }
  }
  if (failed) throw new Error(`step ${name} failed`);
}

const editorText = () => page.evaluate(() => window.ladderEditor.text);

/** Selects `find` (its first occurrence after `after`) in the editor and types `text` over it as an input method does. */
async function typeOver(find, text, after = "") {
  await page.evaluate(
    ([find, after]) => {
      const view = window.ladderEditor.view;
      const doc = view.state.doc.toString();
      const from = doc.indexOf(find, after ? doc.indexOf(after) : 0);
      if (from < 0) throw new Error(`not in the editor: ${find}`);
      view.focus();
      view.dispatch({ selection: { anchor: from, head: from + find.length }, scrollIntoView: true });
    },
    [find, after],
  );
  await page.keyboard.insertText(text);
}

async function tab(name) {
  await page.click(`button.tab[data-tab="${name}"]`);
}

async function main() {
  server = await startServer(dir, { LADDER_LANG: "zh" });
  const origin = new URL(server.url).origin;
  console.log(`server: ${origin}`);

  await step("token", async () => {
    for (const headers of [{}, { "X-Ladder-Token": "0".repeat(32) }]) {
      const res = await fetch(`${origin}/api/files`, { headers });
      assert.ok([401, 403].includes(res.status), `/api/files without the right token answered ${res.status}`);
    }
    const token = new URL(server.url).searchParams.get("token");
    const res = await fetch(`${origin}/api/files`, { headers: { "X-Ladder-Token": token } });
    assert.equal(res.status, 200);
  });

  browser = await openBrowser("zh-CN");
  await pageFromDisk(browser.context);
  await newPage(server.url);

  await step("open-rules", async () => {
    await page.waitForSelector('#file option[value="ten_level.ladder"]', { state: "attached" });
    assert.ok(!page.url().includes("token="), "the token stays in the address bar");
    await page.selectOption("#file", "ten_level.ladder");
    await page.waitForFunction(() => window.ladderEditor?.text.includes("客户十级分级"));
    assert.match(await page.textContent('button.tab[data-tab="data"]'), han);
    await page.waitForSelector(".cm-panel-lint");
    await page.waitForFunction(() => window.ladderEditor.lintCount > 0);
    assert.equal(await page.locator(".cm-panel-lint .cm-diagnostic-error").count(), 0, "ten_level.ladder checks clean");
  });

  await step("mistake", async () => {
    await typeOver("已付款", "已付宽", "let 成交条件");
    const diag = page.locator(".cm-panel-lint .cm-diagnostic-error").first();
    await diag.waitFor();
    const message = await diag.textContent();
    assert.match(message, /已付宽/, "the diagnostic names the misspelt field");
    assert.match(message, han, "the diagnostic is in Chinese");
    // The mistake in sight above the problems panel, its tooltip open (for the screenshot).
    await page.evaluate(() => {
      const view = window.ladderEditor.view;
      view.dispatch({ selection: view.state.selection, scrollIntoView: true });
    });
    await page.hover(".cm-lintRange-error");
    await page.waitForSelector(".cm-tooltip-lint");
  });

  await step("fix", async () => {
    await page.click(".cm-panel-lint .cm-diagnostic-error .cm-diagnosticAction");
    await page.waitForFunction(() => document.querySelectorAll(".cm-panel-lint .cm-diagnostic-error").length === 0);
    const text = await editorText();
    assert.ok(text.includes("let 成交条件 = any { 已签合同, 已采购, 已付款 }"), "the fix restores the field's name");
    assert.ok(!text.includes("已付宽"));
    // The file is in the canonical layout already: Format keeps it and says so.
    const before = await page.textContent("#status");
    await page.click("#format");
    await page.waitForFunction((before) => document.querySelector("#status").textContent !== before, before);
    assert.doesNotMatch(await page.getAttribute("#status", "class"), /error/);
    assert.equal(await editorText(), text);
  });

  let firstKey;
  await step("data", async () => {
    await page.selectOption("#data", "ten_level.sample.csv");
    await page.waitForSelector('#page-info[data-total="44"]');
    assert.match(await page.textContent("#page-info"), /44/);
    assert.equal(await page.locator("#rows tbody tr").count(), 44, "the first page shows all 44 records");
    firstKey = (await page.textContent("#rows tbody tr:first-child td:nth-child(2)")).trim();
    assert.equal(firstKey, "KH-2025-0103");
  });

  await step("chart", async () => {
    await tab("chart");
    await page.waitForSelector("svg.chart .bar");
    const sums = await page.$$eval("svg.chart", (charts) =>
      charts.map((c) => [...c.querySelectorAll(".bar")].reduce((n, b) => n + Number(b.dataset.count), 0)),
    );
    assert.ok(sums.length > 0);
    for (const sum of sums) assert.equal(sum, 44, "each ladder's bars count every record");
  });

  let levelBefore;
  await step("explain", async () => {
    // The bar of the lowest level filters the table; its first record can only go up.
    await page.click('svg.chart:first-of-type .bar[data-level="A21"]');
    await page.waitForSelector("#pane-data:not([hidden])");
    await page.waitForFunction(() => Number(document.querySelector("#page-info")?.dataset.total) < 44);
    await page.click("#rows tbody tr:first-child");
    await page.waitForSelector("#explain-text");
    const text = await page.textContent("#explain-text");
    assert.match(text, /A21/, "the explanation names the record's level");
    levelBefore = await page.textContent('#explain-results dd[data-column="十级"]');
    assert.equal(levelBefore.trim(), "A21");
  });

  await step("what-if", async () => {
    const cell = page.locator('#explain input.cell[data-column="已付款"]');
    await cell.fill("是");
    await cell.press("Enter");
    await page.waitForSelector("#explain-results.what-if");
    const after = (await page.textContent('#explain-results dd[data-column="十级"]')).trim();
    assert.equal(after, "A02", "paid: the record would be 成交级");
  });

  await step("tests", async () => {
    await tab("tests");
    await page.waitForSelector("#tests-summary");
    const passed = Number(await page.getAttribute("#tests-summary", "data-passed"));
    assert.ok(passed > 0, "some examples pass");
    assert.match(await page.textContent("#tests-summary"), new RegExp(String(passed)));
  });

  await step("graph", async () => {
    await tab("graph");
    await page.waitForSelector("svg.graph .stage");
    const stages = await page.$$eval("svg.graph .stage", (gs) => gs.map((g) => g.dataset.stage));
    for (const s of ["A01", "A21", "A31"]) assert.ok(stages.includes(s), `the graph shows ${s}`);
    assert.ok((await page.locator("svg.graph .stage.final").count()) >= 1, "a final stage is marked");
    assert.ok((await page.locator("svg.graph .move").count()) > 0, "moves are drawn");
  });

  await step("rollout", async () => {
    // Only a payment makes 成交级 now: records with only a contract or a purchase go down.
    await typeOver("any { 已签合同, 已采购, 已付款 }", "any { 已付款 }");
    await tab("rollout");
    // The copy of rules/ is in no git repository: comparing with HEAD fails, in the status line.
    await page.selectOption("#base", "head");
    await page.click("#run-diff");
    await page.waitForSelector("#status.error");
    assert.match(await page.textContent("#status"), han);
    await page.selectOption("#base", "saved");
    await page.click("#run-diff");
    await page.waitForSelector("table.matrix td");
    assert.ok((await page.locator("table.matrix").count()) >= 1);
    assert.ok((await page.locator("table.matrix td.moved").count()) >= 1, "some records change level");
    assert.match(await page.textContent("#diff-report"), /\S/);
    assert.match(await page.textContent("#diff-headline"), /44/, "the verdict counts the records compared");
    assert.doesNotMatch(await page.getAttribute("#status", "class"), /error/, "the failure no longer stands");
    const csv = await download("#download-csv");
    assert.equal(csv.subarray(0, 3).toString("hex"), "efbbbf", "the CSV starts with a byte-order mark for Excel");
    assert.match(csv.toString("utf8"), /^\ufeff客户编号,.*,十级,/);
    const xlsx = await download("#download-xlsx");
    assert.equal(xlsx.subarray(0, 2).toString(), "PK", "the workbook is a zip file");
  });

  await step("switch-files", async () => {
    // The unsaved edit stays when another rule file is opened and comes back with its file.
    await page.selectOption("#file", "abc.ladder");
    await page.waitForFunction(() => window.ladderState.path === "abc.ladder");
    assert.equal(await page.textContent("#dirty"), "", "the other file opens as saved");
    await page.selectOption("#file", "ten_level.ladder");
    await page.waitForFunction(() => window.ladderState.path === "ten_level.ladder");
    assert.ok((await editorText()).includes("let 成交条件 = any { 已付款 }"), "the edit is back");
    assert.notEqual(await page.textContent("#dirty"), "", "and still marked unsaved");
  });

  await step("save", async () => {
    await page.click(".cm-content");
    await page.keyboard.press("Control+s");
    await page.waitForFunction(() => document.querySelector("#dirty").textContent === "");
    assert.ok(readFileSync(rulesFile, "utf8").includes("let 成交条件 = any { 已付款 }"), "the file on disk has the edit");
  });

  await step("conflict", async () => {
    const theirs = readFileSync(rulesFile, "utf8") + "\n# 别人加的一行\n";
    writeFileSync(rulesFile, theirs);
    await typeOver("any { 已付款 }", "any { 已签合同, 已采购, 已付款 }", "let 成交条件");
    await page.click(".cm-content");
    await page.keyboard.press("Control+s");
    await page.waitForSelector("#conflict:not([hidden])");
    assert.match(await page.textContent("#conflict .conflict-text"), /别人加的一行/, "the conflict shows the disk's text");
    assert.equal(readFileSync(rulesFile, "utf8"), theirs, "nothing is written on a conflict");
    await page.click("#keep-mine");
    await page.waitForSelector("#conflict", { state: "hidden" });
    const disk = readFileSync(rulesFile, "utf8");
    assert.ok(disk.includes("any { 已签合同, 已采购, 已付款 }") && !disk.includes("别人加的一行"), "keep mine wrote mine");

    // The other answer: take the disk's version into the editor, and nothing is written.
    const again = disk + "\n# 又改了一次\n";
    writeFileSync(rulesFile, again);
    await typeOver("any { 已签合同, 已采购, 已付款 }", "any { 已付款 }");
    await page.click(".cm-content");
    await page.keyboard.press("Control+s");
    await page.waitForSelector("#conflict:not([hidden])");
    await page.click("#take-theirs");
    await page.waitForSelector("#conflict", { state: "hidden" });
    assert.equal(await editorText(), again.replace(/\r\n/g, "\n"), "take theirs loads the disk's text");
    assert.equal(readFileSync(rulesFile, "utf8"), again);
    assert.equal(await page.textContent("#dirty"), "");
  });

  await step("english", async () => {
    const zh = await page.textContent('button.tab[data-tab="data"]');
    await page.click("#lang");
    await page.waitForFunction((zh) => document.querySelector('button.tab[data-tab="data"]').textContent !== zh, zh);
    for (const t of ["data", "chart", "graph", "tests", "rollout"]) {
      const text = await page.textContent(`button.tab[data-tab="${t}"]`);
      assert.match(text, /^[\x20-\x7e]+$/, `the ${t} tab reads in English: ${text}`);
    }
    assert.match(await page.textContent("#save"), /^[\x20-\x7e]+$/);
    await tab("data");
  });

  await step("sheets", async () => {
    // A workbook with a notes sheet before the records: the page offers its sheets.
    await page.selectOption("#data", "ten_level.sample.xlsx");
    await page.waitForSelector("#sheet:not([hidden])");
    assert.deepEqual(await page.$$eval("#sheet option", (os) => os.map((o) => o.value)), ["", "说明", "客户"]);
    await page.waitForSelector('#page-info[data-total="44"]');
    await page.selectOption("#sheet", "说明");
    await page.waitForSelector("#status.error");
    assert.match(await page.textContent("#status"), /款项收齐/, "the notes sheet has none of the columns, and the page says so");
    await page.selectOption("#sheet", "客户");
    await page.waitForFunction(() => !document.querySelector("#status").classList.contains("error"));
    await page.waitForSelector('#page-info[data-total="44"]');
    await page.selectOption("#data", "ten_level.sample.csv");
    await page.waitForSelector("#sheet", { state: "hidden" });
  });

  await step("drop", async () => {
    // A file dropped anywhere on the page is uploaded and graded.
    const text = readFileSync(path.join(root, "rules/ten_level.sample.csv"), "utf8");
    const lines = text.trim().split("\n");
    // The first record's sales read "about 1.2 亿": a data error, listed under the table.
    const five = lines.slice(0, 6).join("\n").replace(",1.2亿,", ",约1.2亿,") + "\n";
    await page.evaluate((csv) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], "五个客户.csv", { type: "text/csv" }));
      document.querySelector("#table").dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, five);
    await page.waitForSelector('#page-info[data-total="5"]');
    assert.match(await page.textContent("#data-info"), /五个客户\.csv/);
    assert.equal(await page.inputValue("#data"), "", "the dropped file is not one of the folder's");
    assert.equal(await page.locator("#rows tbody tr").count(), 5);
    assert.match(await page.textContent("#data-errors"), /约1\.2亿/, "the data error is shown under the table");
  });
}

/** A new tab at `url`; an error in the page or an alert fails the tests. */
async function newPage(url) {
  page = await browser.context.newPage();
  page.setDefaultTimeout(timeout);
  page.on("pageerror", (e) => {
    console.log(`page error: ${e.message}`);
    failed = true;
  });
  page.on("dialog", (d) => {
    console.log(`unexpected dialog: ${d.message()}`);
    failed = true;
    d.dismiss();
  });
  await page.goto(url);
}

/** `ladder serve --data FILE`: the page starts with that file graded under the rules named like it. */
async function withData() {
  const second = await startServer(dir, { LADDER_LANG: "zh" }, ["--data", path.join(dir, "ten_level.sample.csv")]);
  try {
    await step("serve-data", async () => {
      await newPage(second.url);
      await page.waitForSelector('#page-info[data-total="44"]');
      assert.equal(await page.inputValue("#file"), "ten_level.ladder");
      assert.ok((await editorText()).includes("客户十级分级"));
    });
  } finally {
    second.stop();
  }
}

/** Clicks a download link and answers the downloaded bytes. */
async function download(selector) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return readFileSync(await file.path());
}

try {
  await main();
  await withData();
} catch (e) {
  if (!failed) console.log(`FAIL ${e.stack ?? e}`);
  failed = true;
} finally {
  await browser?.close();
  server?.stop();
  if (failed && server) console.log(`server's standard error:\n${server.stderr()}`);
  removeDir(dir);
}
console.log(failed ? "the workbench tests failed" : `the workbench tests passed; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
