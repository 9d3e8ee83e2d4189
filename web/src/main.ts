// The workbench page: top bar, the rule editor on the left, the tabs on the right.
import { ApiError, downloadUrl, get, lang, post, setLang, upload } from "./api";
import { chart, LadderCounts } from "./chart";
import { clear, h } from "./dom";
import { RuleEditor } from "./editor";
import { graph, GraphSet } from "./graph";
import { loadWords, w } from "./words";

interface Graded {
  name: string;
  total: number;
  columns: string[];
  /** The first `inputs` columns are the data's, the rest the results. */
  inputs: number;
  results: string[];
  keys: string[];
  ladders: (LadderCounts & { graded: number })[];
  errors: string[];
  error_count: number;
  millis: number;
}

const pageSize = 100;
/** Each tab with its word. */
const tabWords = { data: "tab.data", chart: "tab.chart", graph: "tab.graph", tests: "tab.tests", rollout: "tab.rollout" };
type Tab = keyof typeof tabWords;
const tabs = Object.keys(tabWords) as Tab[];

const state = {
  path: null as string | null,
  version: null as string | null,
  saved: "",
  dataName: null as string | null,
  graded: null as Graded | null,
  gradedText: null as string | null,
  filter: { ladder: "", level: null as string | null },
  search: "",
  offset: 0,
  rowsTotal: 0,
  selected: null as { index: number; row?: number; cells: string[] } | null,
  tab: "data" as Tab,
  gradeTimer: 0 as any,
  rowsAsked: 0,
};

// ---- static layout ----
/** Elements whose text is one catalogue word, relabelled when the language changes. */
function label<T extends HTMLElement>(key: string, el: T, attr?: string): T {
  el.dataset.w = key;
  if (attr) el.dataset.wAttr = attr;
  return el;
}
function relabel() {
  document.querySelectorAll<HTMLElement>("[data-w]").forEach((el) => {
    const text = w(el.dataset.w!);
    if (el.dataset.wAttr) el.setAttribute(el.dataset.wAttr, text);
    else el.textContent = text;
  });
}

const fileSelect = h("select#file.file-select", { onchange: () => openRules(fileSelect.value) });
const formatButton = label("format", h("button#format", { onclick: () => format() }));
const saveButton = label("save", h("button#save", { onclick: () => save() }));
const dirty = h("span#dirty.dirty");
const langButton = label("lang.switch", h("button#lang.lang", { onclick: () => switchLang() }));
const status = h("div#status.status", { role: "status" });

const editorBox = h("div#editor.editor");
const conflictBox = h("div#conflict.conflict", { hidden: true });

const tabButtons = new Map<Tab, HTMLButtonElement>();
const panes = new Map<Tab, HTMLElement>();
for (const t of tabs) {
  tabButtons.set(t, label(tabWords[t], h("button.tab", { "data-tab": t, onclick: () => showTab(t) })));
  panes.set(t, h("div.pane", { id: `pane-${t}`, hidden: true }));
}

// Data tab
const dataSelect = h("select#data.data-select", { onchange: () => dataSelect.value && openData(dataSelect.value) });
const dataInfo = h("span#data-info.data-info");
// A workbook's sheets, when it has more than one.
const sheetSelect = h("select#sheet.sheet-select", { hidden: true, onchange: () => openSheet(sheetSelect.value) });
const filterBox = h("span#filters.filters");
const searchBox = label(
  "data.search",
  h("input#search.search", {
    type: "search",
    oninput: () => {
      state.search = searchBox.value;
      state.offset = 0;
      loadRows();
    },
  }),
  "placeholder",
);
const tableBox = h("div#table.table-box");
const pager = h("div#pager.pager");
const errorsBox = h("div#data-errors.data-errors");
const explainBox = h("aside#explain.explain", { hidden: true });

// Tests tab
const testsBox = h("div#tests-out");
// Roll out tab
const baseSelect = h("select#base");
const diffBox = h("div#diff-out");
const chartBox = h("div#charts");
const graphBox = h("div#graphs");

function layout() {
  const drop = label("data.drop", h("div#drop.drop-hint"));
  panes.get("data")!.append(
    h(
      "div.toolbar",
      {},
      label("data.file", h("label", { for: "data" })),
      dataSelect,
      sheetSelect,
      dataInfo,
      filterBox,
      searchBox,
    ),
    drop,
    h("div.data-main", {}, h("div.data-left", {}, tableBox, pager, errorsBox), explainBox),
  );
  panes.get("chart")!.append(label("chart.hint", h("p.hint")), chartBox);
  panes.get("graph")!.append(graphBox);
  panes.get("tests")!.append(
    h("div.toolbar", {}, label("tests.run", h("button#run-tests", { onclick: () => runTests() }))),
    testsBox,
  );
  baseSelect.append(label("rollout.saved", h("option", { value: "saved" })), label("rollout.head", h("option", { value: "head" })));
  panes.get("rollout")!.append(
    h(
      "div.toolbar",
      {},
      label("rollout.base", h("label", { for: "base" })),
      baseSelect,
      label("rollout.run", h("button#run-diff", { onclick: () => runDiff() })),
      label("rollout.xlsx", h("a#download-xlsx.button", { href: "#", download: "" })),
      label("rollout.csv", h("a#download-csv.button", { href: "#", download: "" })),
    ),
    diffBox,
  );
  document.body.append(
    h(
      "header.top",
      {},
      label("title", h("strong.brand")),
      label("file", h("label", { for: "file" })),
      fileSelect,
      dirty,
      formatButton,
      saveButton,
      h("span.spacer"),
      langButton,
    ),
    h(
      "main.work",
      {},
      h("section.left", {}, conflictBox, editorBox),
      h("section.right", {}, h("nav.tabs", {}, [...tabButtons.values()]), [...panes.values()]),
    ),
    status,
  );
}

// ---- status line ----
function say(text: string, kind: "info" | "error" = "info") {
  status.textContent = text;
  status.className = "status " + kind;
}
/** After an answer: an earlier failure no longer stands. */
function settled() {
  if (status.classList.contains("error")) say("");
}
function fail(e: unknown) {
  say(e instanceof ApiError ? e.message : w("error.network", { reason: String(e) }), "error");
}

// ---- rules ----
const editor = new RuleEditor(editorBox, {
  path: () => state.path,
  save: () => save(),
  changed: () => markDirty(),
  checked: (text, clean) => {
    if (clean && state.graded && text !== state.gradedText) scheduleGrade();
  },
  failed: fail,
});
// The browser tests and the benchmark look at these.
(window as any).ladderEditor = editor;
(window as any).ladderState = state;

function markDirty() {
  dirty.textContent = editor.text !== state.saved ? w("unsaved") : "";
}

async function loadFiles() {
  const files = await get("/api/files");
  clear(fileSelect, ...files.rules.map((r: string) => h("option", { value: r }, r)));
  clear(dataSelect, label("data.choose", h("option", { value: "" })), ...files.data.map((d: string) => h("option", { value: d }, d)));
  relabel();
  return files;
}

/** Unsaved edits of the files switched away from, by path: switching back brings them back (and
 * saving one whose file changed on disk meanwhile is a conflict, as for the open file). */
const drafts = new Map<string, { text: string; saved: string; version: string | null }>();

function unsaved(): boolean {
  return state.path !== null && editor.text !== state.saved;
}

// Closing or reloading the tab with unsaved edits: the browser asks first.
window.addEventListener("beforeunload", (e) => {
  if (unsaved() || drafts.size > 0) e.preventDefault();
});

async function openRules(path: string) {
  try {
    const file = await get("/api/file", { path });
    if (state.path !== null && unsaved()) drafts.set(state.path, { text: editor.text, saved: state.saved, version: state.version });
    const draft = drafts.get(file.path);
    drafts.delete(file.path);
    state.path = file.path;
    state.version = draft ? draft.version : file.version;
    state.saved = draft ? draft.saved : file.text;
    fileSelect.value = file.path;
    editor.load(draft ? draft.text : file.text);
    conflictBox.hidden = true;
    markDirty();
    say(w("opened", { path: file.path }));
    if (state.tab === "graph") runGraph();
    if (state.graded) scheduleGrade(0);
  } catch (e) {
    fail(e);
  }
}

async function format() {
  if (!state.path) return;
  try {
    const answer = await post("/api/format", { path: state.path, text: editor.text });
    if (typeof answer.text === "string") {
      if (answer.text !== editor.text) editor.replace(answer.text);
      say(w("formatted"));
    } else say(w("format.fails"), "error");
  } catch (e) {
    fail(e);
  }
}

async function save(version = state.version) {
  if (!state.path) return;
  const text = editor.text;
  try {
    const answer = await post("/api/save", { path: state.path, text, version });
    state.version = answer.version;
    state.saved = text;
    conflictBox.hidden = true;
    markDirty();
    say(w("saved", { path: state.path }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.body?.conflict) showConflict(e.body.conflict);
    else fail(e);
  }
}

function showConflict(disk: { text: string; version: string }) {
  clear(
    conflictBox,
    h("p.conflict-message", {}, w("conflict", { path: state.path ?? "" })),
    h("pre.conflict-text", {}, disk.text),
    h(
      "div.conflict-actions",
      {},
      h("button#keep-mine", { onclick: () => save(disk.version) }, w("conflict.mine")),
      h(
        "button#take-theirs",
        {
          onclick: () => {
            state.version = disk.version;
            state.saved = disk.text;
            editor.replace(disk.text);
            conflictBox.hidden = true;
            markDirty();
            say(w("conflict.taken"));
          },
        },
        w("conflict.theirs"),
      ),
    ),
  );
  conflictBox.hidden = false;
  say(w("conflict", { path: state.path ?? "" }), "error");
}

// ---- data ----
async function openData(path: string) {
  try {
    say(w("data.opening", { name: path }));
    const data = await post("/api/data/open", { path });
    dataOpened(data);
  } catch (e) {
    fail(e);
  }
}

async function uploadData(file: File) {
  try {
    say(w("data.opening", { name: file.name }));
    const data = await upload("/api/data/upload", file, { name: file.name });
    dataSelect.value = ""; // not one of the folder's files
    dataOpened(data);
  } catch (e) {
    fail(e);
  }
}

async function openSheet(sheet: string) {
  try {
    const data = await post("/api/data/sheet", { sheet: sheet || null });
    dataOpened(data);
  } catch (e) {
    fail(e);
  }
}

function dataOpened(data: { name: string; sheet?: string | null; sheets?: string[] }) {
  const sheets = data.sheets ?? [];
  clear(
    sheetSelect,
    label("data.sheet.auto", h("option", { value: "" })),
    ...sheets.map((name) => h("option", { value: name }, name)),
  );
  relabel();
  sheetSelect.value = data.sheet ?? "";
  sheetSelect.hidden = sheets.length < 2;
  state.dataName = data.name;
  dataInfo.textContent = data.name;
  state.filter = { ladder: "", level: null };
  state.search = searchBox.value = "";
  state.offset = 0;
  state.selected = null;
  explainBox.hidden = true;
  grade();
}

function scheduleGrade(delay = 400) {
  clearTimeout(state.gradeTimer);
  state.gradeTimer = setTimeout(grade, delay);
}

async function grade() {
  if (!state.path || !state.dataName) return;
  const text = editor.text;
  try {
    const graded: Graded = await post("/api/grade", { path: state.path, text });
    // A ladder's records without a level: those it did not grade.
    for (const l of graded.ladders) l.empty ??= graded.total - l.graded;
    state.graded = graded;
    dataInfo.textContent = w("data.opened", { name: graded.name ?? state.dataName, rows: graded.total });
    state.gradedText = text;
    renderFilters();
    renderCharts();
    renderErrors();
    say(w("graded", { rows: graded.total, millis: graded.millis }));
    await loadRows();
    if (state.selected) explain(state.selected.index, {});
  } catch (e) {
    fail(e);
  }
}

function renderFilters() {
  const g = state.graded!;
  clear(
    filterBox,
    g.ladders.map((l) => {
      const sel = h(
        "select.level-filter",
        {
          "data-ladder": l.name,
          onchange: () => setFilter(l.name, sel.value === "*" ? null : sel.value === "-" ? "" : sel.value),
        },
        h("option", { value: "*" }, w("data.all-levels", { ladder: l.name })),
        l.levels.map((v) => h("option", { value: v.level }, v.label ? `${v.level} ${v.label} (${v.count})` : `${v.level} (${v.count})`)),
        h("option", { value: "-" }, `${w("chart.empty")} (${l.empty})`),
      );
      sel.value = state.filter.ladder === l.name && state.filter.level !== null ? state.filter.level || "-" : "*";
      return sel;
    }),
  );
}

function setFilter(ladder: string, level: string | null) {
  state.filter = { ladder: level === null ? "" : ladder, level };
  state.offset = 0;
  renderFilters();
  loadRows();
}

async function loadRows() {
  const g = state.graded;
  if (!g) return;
  const ask = ++state.rowsAsked;
  const params: Record<string, any> = { offset: state.offset, limit: pageSize };
  if (state.filter.level !== null) {
    params.ladder = state.filter.ladder;
    params.level = state.filter.level;
  }
  if (state.search) params.search = state.search;
  try {
    const answer = await get("/api/rows", params);
    if (ask !== state.rowsAsked) return; // a later question is on its way
    state.rowsTotal = answer.total;
    renderTable(g, answer.rows);
  } catch (e) {
    fail(e);
  }
}

type Row = { index: number; row?: number; cells: string[] };

function renderTable(g: Graded, rows: Row[]) {
  const results = new Set(g.columns.slice(g.inputs));
  const table = h(
    "table#rows.rows",
    {},
    h("thead", {}, h("tr", {}, h("th.num", {}, w("data.number")), g.columns.map((c) => h(results.has(c) ? "th.result" : "th", {}, c)))),
    h(
      "tbody",
      {},
      rows.map((r) =>
        h(
          "tr",
          {
            "data-index": r.index,
            class: state.selected?.index === r.index ? "selected" : "",
            onclick: () => {
              state.selected = r;
              table.querySelectorAll("tr.selected").forEach((x) => x.classList.remove("selected"));
              (table.querySelector(`tr[data-index="${r.index}"]`) as HTMLElement)?.classList.add("selected");
              explain(r.index, {});
            },
          },
          h("td.num", {}, r.row ?? r.index + 1),
          r.cells.map((c, i) => h(results.has(g.columns[i]) ? "td.result" : "td", {}, c)),
        ),
      ),
    ),
  );
  clear(tableBox, table);
  const last = Math.min(state.rowsTotal, state.offset + pageSize);
  clear(
    pager,
    h("button#prev", { disabled: state.offset === 0, onclick: () => page(-1) }, w("data.prev")),
    h(
      "span#page-info",
      { "data-total": state.rowsTotal },
      w("data.page", { first: state.rowsTotal ? state.offset + 1 : 0, last, total: state.rowsTotal, all: g.total }),
    ),
    h("button#next", { disabled: last >= state.rowsTotal, onclick: () => page(1) }, w("data.next")),
  );
}

function page(step: number) {
  state.offset = Math.max(0, state.offset + step * pageSize);
  loadRows();
}

function renderErrors() {
  const g = state.graded!;
  clear(
    errorsBox,
    g.error_count
      ? [h("h4", {}, w("data.errors", { count: g.error_count })), h("ul", {}, g.errors.map((e) => h("li", {}, e)))]
      : null,
  );
}

async function explain(index: number, edits: Record<string, string>) {
  const g = state.graded;
  const row = state.selected;
  if (!g || !row) return;
  try {
    const answer = await post("/api/explain", { index, edits });
    const results = new Set(g.columns.slice(g.inputs));
    const whatIf = Object.keys(edits).length > 0;
    const inputs = g.columns
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => !results.has(c))
      .map(({ c, i }) => {
        const original = row.cells[i] ?? "";
        const input = h("input.cell", {
          "data-column": c,
          value: c in edits ? edits[c] : original,
          onkeydown: (e: KeyboardEvent) => {
            if (e.key !== "Enter") return;
            const changed: Record<string, string> = {};
            explainBox.querySelectorAll<HTMLInputElement>("input.cell").forEach((el) => {
              const k = el.dataset.column!;
              if (el.value !== el.defaultValue || k in edits) changed[k] = el.value;
            });
            explain(index, changed);
          },
        });
        input.defaultValue = original;
        if (c in edits) input.classList.add("edited");
        return h("label.cell-row", {}, h("span.cell-name", {}, c), input);
      });
    clear(
      explainBox,
      h(
        "div.explain-top",
        {},
        h(
          "div.explain-head",
          {},
          h("h3", {}, whatIf ? w("explain.what-if", { row: row.row ?? index + 1 }) : w("explain.title", { row: row.row ?? index + 1 })),
          h("button#explain-close", { onclick: () => (explainBox.hidden = true) }, w("close")),
        ),
        h(
          "dl#explain-results.explain-results",
          { class: whatIf ? "what-if" : "" },
          // In the table's column order; an empty result (no error) says nothing.
          g.columns
            .slice(g.inputs)
            .filter((k) => answer.results?.[k])
            .map((k) => [h("dt", {}, k), h("dd", { "data-column": k }, String(answer.results[k]))]),
        ),
      ),
      h("pre#explain-text.explain-text", {}, answer.text),
      h("h4", {}, w("explain.cells")),
      h("p.hint", {}, w("explain.hint")),
      h("div.cells", {}, inputs),
    );
    explainBox.hidden = false;
  } catch (e) {
    fail(e);
  }
}

// ---- chart, graph, tests, roll out ----
function renderCharts() {
  const g = state.graded;
  if (!g) return clear(chartBox, label("chart.no-data", h("p.hint")));
  clear(
    chartBox,
    g.ladders.map((l) =>
      chart(l, (ladder, level) => {
        setFilter(ladder, level === null ? "" : level);
        showTab("data");
      }),
    ),
  );
}

async function runGraph() {
  if (!state.path) return;
  try {
    const answer = await post("/api/graph", { path: state.path, text: editor.text });
    const sets: GraphSet[] = answer.sets ?? [];
    clear(graphBox, sets.length ? sets.map(graph) : h("p.hint", {}, w("graph.none")));
    settled();
  } catch (e) {
    fail(e);
  }
}

async function runTests() {
  if (!state.path) return;
  try {
    const t = await post("/api/test", { path: state.path, text: editor.text });
    clear(
      testsBox,
      h(
        "p#tests-summary",
        { class: t.failed ? "failed" : "passed", "data-passed": t.passed, "data-failed": t.failed },
        w("tests.summary", { passed: t.passed, failed: t.failed }),
      ),
      t.problems?.length ? h("ul#test-problems.problems", {}, t.problems.map((p: string) => h("li", {}, p))) : null,
      t.coverage
        ? h(
            "p#coverage",
            { "data-percent": t.coverage.percent },
            w("tests.coverage", { covered: t.coverage.covered, total: t.coverage.total, percent: t.coverage.percent }),
          )
        : null,
      t.coverage?.uncovered?.length
        ? [h("h4", {}, w("tests.uncovered")), h("ul#uncovered", {}, t.coverage.uncovered.map((u: string) => h("li", {}, u)))]
        : null,
      t.suggestions?.length
        ? [
            h("h4", {}, w("tests.suggestions")),
            h(
              "ul#suggestions.suggestions",
              {},
              t.suggestions.map((sg: { text: string; name?: string; covers?: string }) =>
                h(
                  "li",
                  {},
                  h("div.covers", {}, sg.covers ?? sg.name),
                  h("pre", {}, sg.text),
                  h(
                    "button.add-suggestion",
                    {
                      onclick: () => {
                        editor.appendLine(sg.text);
                        say(w("tests.added"));
                      },
                    },
                    w("tests.add"),
                  ),
                ),
              ),
            ),
          ]
        : null,
      h("pre#tests-report.report", {}, t.report),
    );
    settled();
  } catch (e) {
    fail(e);
  }
}

async function runDiff() {
  if (!state.path) return;
  try {
    const d = await post("/api/diff", { path: state.path, text: editor.text, base: baseSelect.value });
    clear(
      diffBox,
      // The report's first line is its verdict ("2 of 44 customers change 十级"): shown first.
      h("p#diff-headline.headline", {}, (d.report as string).split("\n").find((l) => l.trim()) ?? ""),
      matrices(d).map((m) =>
        h(
          "section.matrix-box",
          {},
          h("h3", {}, w("rollout.matrix", { ladder: m.ladder })),
          h(
            "table.matrix",
            { "data-ladder": m.ladder },
            h("thead", {}, h("tr", {}, h("th.corner", {}, w("rollout.corner")), m.after.map((l) => h("th", {}, l || w("chart.empty"))))),
            h(
              "tbody",
              {},
              m.before.map((from, i) =>
                h(
                  "tr",
                  {},
                  h("th", {}, from || w("chart.empty")),
                  m.after.map((to, j) => {
                    const n = m.counts[i][j];
                    return h(from === to ? "td.same" : n ? "td.moved" : "td", {}, n ? n : "");
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
      h("pre#diff-report.report", {}, d.report),
    );
    settled();
  } catch (e) {
    fail(e);
  }
}

interface Matrix {
  ladder: string;
  before: string[];
  after: string[];
  counts: number[][];
}

/** The migration matrices of POST /api/diff: `ladder diff`'s JSON (ladders and transition sets,
 * each with its levels before and after and the counted moves), or the design's `matrices`. */
function matrices(d: any): Matrix[] {
  if (Array.isArray(d.matrices))
    return d.matrices.map((m: any) => ({ ladder: m.ladder, before: m.levels, after: m.levels, counts: m.counts }));
  const sets: any[] = [...(d.diff?.ladders ?? []), ...(d.diff?.transitions ?? [])];
  return sets.map((l) => {
    const before: string[] = [...(l.levels_before ?? [])];
    const after: string[] = [...(l.levels_after ?? [])];
    for (const m of l.matrix ?? []) {
      if (!before.includes(m.from)) before.push(m.from);
      if (!after.includes(m.to)) after.push(m.to);
    }
    const counts = before.map(() => after.map(() => 0));
    for (const m of l.matrix ?? []) counts[before.indexOf(m.from)][after.indexOf(m.to)] += m.count;
    return { ladder: l.name, before, after, counts };
  });
}

function showTab(t: Tab) {
  state.tab = t;
  for (const [k, b] of tabButtons) b.classList.toggle("active", k === t);
  for (const [k, p] of panes) p.hidden = k !== t;
  if (t === "graph") runGraph();
  if (t === "tests") runTests();
  if (t === "chart") renderCharts();
}

// ---- language ----
async function switchLang() {
  setLang(lang === "zh" ? "en" : "zh");
  try {
    await loadWords();
    relabel();
    editor.relabel();
    markDirty();
    if (state.graded) await grade();
    if (state.tab === "tests" && testsBox.firstChild) runTests();
    if (state.tab === "rollout" && diffBox.firstChild) runDiff();
    if (state.tab === "graph") runGraph();
    say("");
  } catch (e) {
    fail(e);
  }
}

// ---- dropping a data file anywhere on the page ----
function dropping() {
  document.addEventListener("dragover", (e) => {
    if (e.dataTransfer?.types.includes("Files")) {
      e.preventDefault();
      document.body.classList.add("dragging");
    }
  });
  document.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) document.body.classList.remove("dragging");
  });
  document.addEventListener("drop", (e) => {
    document.body.classList.remove("dragging");
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    e.preventDefault();
    showTab("data");
    uploadData(file);
  });
}

async function start() {
  layout();
  dropping();
  // Ctrl/Cmd+S saves wherever the focus is (the editor's own key map handles it inside the editor).
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s" && !e.defaultPrevented) {
      e.preventDefault();
      save();
    }
  });
  try {
    await loadWords();
    relabel();
    editor.relabel();
    showTab("data");
    (document.getElementById("download-xlsx") as HTMLAnchorElement).onclick = (e) => {
      (e.currentTarget as HTMLAnchorElement).href = downloadUrl("xlsx");
    };
    (document.getElementById("download-csv") as HTMLAnchorElement).onclick = (e) => {
      (e.currentTarget as HTMLAnchorElement).href = downloadUrl("csv");
    };
    const files = await loadFiles();
    // `ladder serve --data FILE` opened a file: start with the rules named like it, and grade it.
    const open: string | null = files.open ?? null;
    const stem = (r: string) => r.replace(/\.ladder$/, "");
    const first = files.rules.find((r: string) => open?.split("/").pop()?.startsWith(stem(r).split("/").pop() + ".")) ?? files.rules[0];
    if (first) await openRules(first);
    if (open) {
      if (files.data.includes(open)) dataSelect.value = open;
      dataOpened({ name: open });
    }
  } catch (e) {
    fail(e);
  }
}

start();
