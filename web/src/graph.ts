// A transition set drawn as stages in layers (start stages left, then by shortest distance) and
// moves as arrows with their labels; final stages get a double border.
import { h, s } from "./dom";
import { w } from "./words";

export interface GraphSet {
  name: string;
  stages: { name: string; final: boolean; start: boolean }[];
  moves: { from: string; to: string; label: string }[];
}

const boxW = 120;
const boxH = 36;
const colGap = 110;
const rowGap = 34;

export function layers(set: GraphSet): Map<string, number> {
  const layer = new Map<string, number>();
  let frontier = set.stages.filter((st) => st.start).map((st) => st.name);
  if (frontier.length === 0 && set.stages.length) frontier = [set.stages[0].name];
  frontier.forEach((n) => layer.set(n, 0));
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const m of set.moves)
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
  const height = tallest * (boxH + rowGap) + rowGap;
  columns.forEach((names, c) =>
    (names ?? []).forEach((n, r) => {
      const top = (height - names.length * (boxH + rowGap) + rowGap) / 2;
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
  const merged = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const m of set.moves) {
    const k = m.from + "\u0000" + m.to;
    if (!merged.has(k)) merged.set(k, { from: m.from, to: m.to, labels: [] });
    if (m.label) merged.get(k)!.labels.push(m.label);
  }
  for (const m of merged.values()) {
    const a = at.get(m.from);
    const b = at.get(m.to);
    if (!a || !b) continue;
    const forward = b.x > a.x;
    const x1 = forward ? a.x + boxW : a.x + boxW / 2;
    const y1 = forward ? a.y + boxH / 2 : a.y + (b.y >= a.y ? boxH : 0);
    const x2 = forward ? b.x : b.x + boxW / 2;
    const y2 = forward ? b.y + boxH / 2 : b.y + (b.y >= a.y ? 0 : boxH);
    // Backward and same-column moves bend out so they do not run through the boxes.
    const bend = forward ? 0 : 60 + Math.abs(a.x - b.x) / 4;
    const cx = (x1 + x2) / 2 + (forward ? 0 : bend / 2);
    const cy = (y1 + y2) / 2 + (forward ? 0 : b.y >= a.y ? bend : -bend) * 0.3 - (forward ? 0 : bend);
    const g = s(
      "g",
      { class: "move" },
      s("title", {}, `${m.from} → ${m.to}${m.labels.length ? ": " + m.labels.join("; ") : ""}`),
      s("path", { d: `M ${x1} ${y1} Q ${cx} ${cy} ${x2} ${y2}`, class: "move-line", "marker-end": "url(#arrow)" }),
    );
    if (m.labels.length) {
      const text = m.labels.join("; ");
      g.appendChild(
        s("text", { x: (x1 + 2 * cx + x2) / 4, y: (y1 + 2 * cy + y2) / 4 - 3, class: "move-label", "text-anchor": "middle" }, text.length > 18 ? text.slice(0, 17) + "…" : text),
      );
    }
    svg.appendChild(g);
  }
  for (const st of set.stages) {
    const p = at.get(st.name)!;
    const g = s("g", { class: "stage" + (st.final ? " final" : "") + (st.start ? " start" : ""), "data-stage": st.name });
    g.appendChild(s("rect", { x: p.x, y: p.y, width: boxW, height: boxH, rx: 6 }));
    if (st.final) g.appendChild(s("rect", { x: p.x + 3, y: p.y + 3, width: boxW - 6, height: boxH - 6, rx: 4, class: "final-inner" }));
    g.appendChild(s("text", { x: p.x + boxW / 2, y: p.y + boxH / 2 + 5, "text-anchor": "middle" }, st.name));
    svg.appendChild(g);
  }
  return h(
    "section.graph-box",
    {},
    h("h3", {}, w("serve.graph.title", { name: set.name })),
    h("div.graph-legend", {}, w("serve.graph.legend")),
    h("div.graph-scroll", {}, svg),
  );
}
