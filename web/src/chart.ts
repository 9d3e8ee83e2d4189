// Each ladder's level counts as a hand-made SVG bar chart; a click on a bar filters the table.
import { h, s } from "./dom";
import { w } from "./words";

export interface Level {
  level: string;
  label: string;
  count: number;
}
export interface LadderCounts {
  name: string;
  column: string;
  levels: Level[];
  empty: number;
}

/** `level` null: the records the ladder leaves empty. */
export type Pick = (ladder: string, level: string | null) => void;

export function chart(ladder: LadderCounts, pick: Pick): HTMLElement {
  const bars: { level: string | null; text: string; count: number }[] = ladder.levels.map((l) => ({
    level: l.level,
    text: l.label ? `${l.level} ${l.label}` : l.level,
    count: l.count,
  }));
  bars.push({ level: null, text: w("chart.empty"), count: ladder.empty });
  const max = Math.max(1, ...bars.map((b) => b.count));
  const rowH = 26;
  const labelW = 170;
  const barW = 420;
  const width = labelW + barW + 70;
  const svg = s("svg", { width, height: bars.length * rowH + 8, viewBox: `0 0 ${width} ${bars.length * rowH + 8}`, class: "chart" });
  bars.forEach((b, i) => {
    const y = 4 + i * rowH;
    const len = Math.max(b.count ? 2 : 0, (b.count / max) * barW);
    const g = s(
      "g",
      { class: "bar" + (b.level === null ? " bar-empty" : ""), "data-level": b.level ?? "", "data-count": b.count },
      s("title", {}, `${b.text}: ${b.count}`),
      s("text", { x: labelW - 8, y: y + rowH / 2 + 5, "text-anchor": "end", class: "bar-label" }, b.text),
      s("rect", { x: labelW, y: y + 3, width: barW, height: rowH - 6, class: "bar-track" }),
      s("rect", { x: labelW, y: y + 3, width: len, height: rowH - 6, class: "bar-fill" }),
      s("text", { x: labelW + len + 6, y: y + rowH / 2 + 5, class: "bar-count" }, String(b.count)),
    );
    g.addEventListener("click", () => pick(ladder.name, b.level));
    svg.appendChild(g);
  });
  return h("section.chart-box", {}, h("h3", {}, w("chart.title", { ladder: ladder.name })), svg);
}
