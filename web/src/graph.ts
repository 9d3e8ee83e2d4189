// A transition set drawn as stages in layers (start stages left, then by shortest distance) and
// moves as arrows with their labels; final stages get a double border.
import { h, s } from "./dom";
import { w } from "./words";

export interface GraphSet {
  name: string;
  stages: { name: string; label?: string; final: boolean; start: boolean; reachable?: boolean }[];
  /** `from` and `to`: a stage's name, or its place in `stages`. */
  moves: { from: string | number; to: string | number; label: string; dead?: boolean }[];
}

/** Moves with the stages' names. */
function named(set: GraphSet) {
  const name = (x: string | number) => (typeof x === "number" ? set.stages[x]?.name ?? String(x) : x);
  return set.moves.map((m) => ({ from: name(m.from), to: name(m.to), label: m.label, dead: !!m.dead }));
}

const boxW = 120;
const boxH = 36;
const colGap = 140;
const rowGap = 34;

export function layers(set: GraphSet): Map<string, number> {
  const moves = named(set);
  const layer = new Map<string, number>();
  let frontier = set.stages.filter((st) => st.start).map((st) => st.name);
  if (frontier.length === 0 && set.stages.length) frontier = [set.stages[0].name];
  frontier.forEach((n) => layer.set(n, 0));
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const m of moves)
      if (frontier.includes(m.from) && !layer.has(m.to)) {
        layer.set(m.to, d);
        next.push(m.to);
      }
    frontier = next;
  }
  const unreached = Math.max(-1, ...layer.values()) + 1;
  for (const st of set.stages) if (!layer.has(st.name)) layer.set(st.name, unreached);
  return layer;
}

export function graph(set: GraphSet): HTMLElement {
  const layer = layers(set);
  const columns: string[][] = [];
  for (const st of set.stages) (columns[layer.get(st.name)!] ??= []).push(st.name);
  const at = new Map<string, { x: number; y: number }>();
  const tallest = Math.max(1, ...columns.map((c) => c?.length ?? 0));
  const height = tallest * (boxH + rowGap) + rowGap + 60;
  columns.forEach((names, c) =>
    (names ?? []).forEach((n, r) => {
      const top = (height - 60 - names.length * (boxH + rowGap) + rowGap) / 2;
      at.set(n, { x: 20 + c * (boxW + colGap), y: top + r * (boxH + rowGap) });
    }),
  );
  const width = 40 + columns.length * (boxW + colGap) - colGap;
  const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "graph" });
  svg.appendChild(
    s(
      "defs",
      {},
      s(
        "marker",
        { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        s("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }),
      ),
    ),
  );
  // Moves merged by (from, to): one arrow, its labels joined.
  const merged = new Map<string, { from: string; to: string; labels: string[]; dead: boolean }>();
  for (const m of named(set)) {
    const k = m.from + "\u0000" + m.to;
    if (!merged.has(k)) merged.set(k, { from: m.from, to: m.to, labels: [], dead: true });
    const one = merged.get(k)!;
    if (m.label) one.labels.push(m.label);
    one.dead &&= m.dead;
  }
  for (const m of merged.values()) {
    const a = at.get(m.from);
    const b = at.get(m.to);
    if (!a || !b) continue;
    // Forward: right side to left side. Same column: out of the right side and back.
    // Backward: bottom to bottom, bending below the boxes so it runs through none.
    let p: number[];
    if (b.x > a.x) {
      const [x1, y1, x2, y2] = [a.x + boxW, a.y + boxH / 2, b.x, b.y + boxH / 2];
      p = [x1, y1, (x1 + x2) / 2, y1, (x1 + x2) / 2, y2, x2, y2];
    } else if (b.x === a.x) {
      // Longer jumps bend further out, so the arcs nest instead of crossing.
      const [x, y1, y2] = [a.x + boxW, a.y + boxH / 2 + 4, b.y + boxH / 2 - 4];
      const out = 18 + (Math.abs(y2 - y1) / (boxH + rowGap)) * 14;
      p = [x, y1, x + out, y1, x + out, y2, x, y2];
    } else {
      const [x1, y1, x2, y2] = [a.x + boxW / 2 - 10, a.y + boxH, b.x + boxW / 2 + 10, b.y + boxH];
      const low = Math.max(y1, y2) + 30 + (a.x - b.x) / 12;
      p = [x1, y1, x1, low, x2, low, x2, y2];
    }
    const g = s(
      "g",
      { class: "move" + (m.dead ? " dead" : ""), "data-from": m.from, "data-to": m.to },
      s("title", {}, `${m.from} → ${m.to}${m.labels.length ? ": " + m.labels.join("; ") : ""}`),
      s("path", { d: `M ${p[0]} ${p[1]} C ${p[2]} ${p[3]} ${p[4]} ${p[5]} ${p[6]} ${p[7]}`, class: "move-line", "marker-end": "url(#arrow)" }),
    );
    // Moves within a column keep their label in the tooltip: written out they cover each other.
    if (m.labels.length && b.x !== a.x) {
      const text = m.labels.join("; ");
      const mx = (p[0] + 3 * p[2] + 3 * p[4] + p[6]) / 8;
      const my = (p[1] + 3 * p[3] + 3 * p[5] + p[7]) / 8;
      g.appendChild(
        s("text", { x: mx, y: my - 3, class: "move-label", "text-anchor": "middle" }, text.length > 14 ? text.slice(0, 13) + "…" : text),
      );
    }
    svg.appendChild(g);
  }
  for (const st of set.stages) {
    const p = at.get(st.name)!;
    const g = s("g", {
      class: "stage" + (st.final ? " final" : "") + (st.start ? " start" : "") + (st.reachable === false ? " unreachable" : ""),
      "data-stage": st.name,
    });
    g.appendChild(s("title", {}, st.label ? `${st.name} ${st.label}` : st.name));
    g.appendChild(s("rect", { x: p.x, y: p.y, width: boxW, height: boxH, rx: 6 }));
    if (st.final) g.appendChild(s("rect", { x: p.x + 3, y: p.y + 3, width: boxW - 6, height: boxH - 6, rx: 4, class: "final-inner" }));
    g.appendChild(s("text", { x: p.x + boxW / 2, y: p.y + (st.label ? 15 : boxH / 2 + 5), "text-anchor": "middle" }, st.name));
    if (st.label) g.appendChild(s("text", { x: p.x + boxW / 2, y: p.y + 30, "text-anchor": "middle", class: "stage-label" }, st.label));
    svg.appendChild(g);
  }
  return h(
    "section.graph-box",
    {},
    h("h3", {}, w("graph.title", { name: set.name })),
    h("div.graph-legend", {}, w("graph.legend")),
    h("div.graph-scroll", {}, svg),
  );
}
