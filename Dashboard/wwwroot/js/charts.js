// The model view's charts (uPlot, embedded at build time). Each chart is a <figure data-chart="…">
// whose data-points attribute says how many non-empty points it draws (tests and users can tell an
// empty window from a broken chart).
import { h, fill } from "./dom.js";
import { pct, ms, count, quality as fmtQuality } from "./format.js";

const COLORS = { a: "#1565c0", b: "#ef6c00", c: "#6a1b9a", launch: "#c62828", target: "#2e7d32", stretch: "#00897b", baseline: "#757575", limit: "#c62828" };

/** What each chart shows: its series (fields of a series point) and its constant reference lines. */
export function chartSpecs(model) {
  const t = model.thresholds ?? {};
  const q = t.quality ?? {};
  const metric = model.qualityMetric;
  const share = metric !== "mae";
  const baseline = model.baseline?.baseline ?? model.metadata?.baseline ?? null;
  return [
    {
      key: "quality", title: `Quality (${metric ?? "quality"})`, format: (v) => fmtQuality(v, metric), percent: share,
      series: [{ label: "quality", field: "quality", color: COLORS.a, width: 2 }],
      lines: [
        { label: "launch", value: q.launch, color: COLORS.launch },
        { label: "target", value: q.target, color: COLORS.target },
        { label: "stretch", value: q.stretch, color: COLORS.stretch },
        { label: "baseline", value: baseline, color: COLORS.baseline },
      ],
    },
    {
      key: "latency", title: "Latency P50 / P95 / P99", format: ms,
      series: [
        { label: "P50", field: "latencyP50", color: COLORS.a },
        { label: "P95", field: "latencyP95", color: COLORS.b, width: 2 },
        { label: "P99", field: "latencyP99", color: COLORS.c },
      ],
      lines: [{ label: "P95 limit", value: t.latencyP95Ms?.value, color: COLORS.limit }],
    },
    { key: "volume", title: "Volume (predictions)", format: count, bars: true, series: [{ label: "predictions", field: "volume", color: COLORS.a }], lines: [] },
    {
      key: "fallback", title: "Fallback rate", format: pct, percent: true,
      series: [{ label: "fallback", field: "fallbackRate", color: COLORS.b, width: 2 }],
      lines: [{ label: "limit", value: t.fallbackRate?.value, color: COLORS.limit }],
    },
    {
      key: "errors", title: "Error + timeout rate", format: pct, percent: true,
      series: [
        { label: "errors", field: "errorRate", color: COLORS.launch, width: 2 },
        { label: "timeouts", field: "timeoutRate", color: COLORS.c, width: 2 },
      ],
      lines: [{ label: "error limit", value: t.errorRate?.value, color: COLORS.limit }],
    },
  ];
}

const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** One uPlot chart; rebuilt only when its shape changes (another model), otherwise setData. */
class Chart {
  constructor(spec, host) {
    this.spec = spec;
    this.shape = "";
    this.caption = h("figcaption", {}, spec.title);
    this.empty = h("p", { class: "chart-empty", hidden: true }, "no data in this window");
    this.plot = h("div", { class: "plot" });
    this.figure = h("figure", { class: "chart", dataset: { chart: spec.key, points: "0" } }, this.caption, this.plot, this.empty);
    host.append(this.figure);
  }

  update(spec, points) {
    this.spec = spec;
    const xs = points.map((p) => p.t);
    const ys = spec.series.map((s) => points.map((p) => num(p[s.field])));
    const lines = spec.lines.filter((l) => num(l.value) !== null);
    const data = [xs, ...ys, ...lines.map((l) => xs.map(() => l.value))];
    const filled = ys.reduce((n, y) => n + y.filter((v) => v !== null).length, 0);
    this.figure.dataset.points = String(filled);
    this.empty.hidden = filled > 0;
    const shape = `${spec.series.length}|${lines.map((l) => l.label).join(",")}|${points.length < 40}`;
    if (!this.u || shape !== this.shape) {
      this.u?.destroy();
      this.shape = shape;
      this.u = new uPlot(this.options(spec, lines, points.length < 40), data, this.plot);
    } else {
      this.u.setData(data);
    }
  }

  options(spec, lines, dots) {
    const width = Math.max(260, this.plot.clientWidth || 420);
    const value = (u, v) => (v === null ? "–" : spec.format(v));
    return {
      width, height: 170,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"), // every time on the page is UTC
      scales: { x: { time: true, range: (u, min, max) => xRange(u, spec, min, max) }, y: { range: (u, min, max) => yRange(spec, lines, min, max) } },
      axes: [
        { stroke: "#5a6270", grid: { stroke: "#eceff3" } },
        { stroke: "#5a6270", grid: { stroke: "#eceff3" }, size: 60, values: (u, ticks) => ticks.map((v) => spec.format(v)) },
      ],
      series: [
        { value: (u, v) => (v === null ? "–" : new Date(v * 1000).toISOString().slice(5, 16).replace("T", " ")) },
        ...spec.series.map((s) => ({
          label: s.label, stroke: s.color, width: s.width ?? 1.5, value, spanGaps: false,
          fill: spec.bars ? s.color + "55" : undefined,
          paths: spec.bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined,
          points: { show: dots && !spec.bars, size: 5 },
        })),
        ...lines.map((l) => ({ label: `${l.label} ${spec.format(l.value)}`, stroke: l.color, width: 1, dash: [6, 4], value: () => spec.format(l.value), points: { show: false } })),
      ],
    };
  }

  resize() {
    if (this.u && this.plot.clientWidth) this.u.setSize({ width: this.plot.clientWidth, height: 170 });
  }

  destroy() {
    this.u?.destroy();
    this.figure.remove();
  }
}

/** One point gets a two-minute span; bars get half a bucket either side so none is cut off. */
function xRange(u, spec, min, max) {
  if (min === null || max === null || min === max) {
    const at = min ?? Date.now() / 1000;
    return [at - 60, at + 60];
  }
  const n = u.data[0].length;
  const half = spec.bars && n > 1 ? (max - min) / (n - 1) / 2 : 0;
  return [min - half, max + half];
}

function yRange(spec, lines, min, max) {
  const values = [min, max, ...lines.map((l) => l.value)].filter((v) => num(v) !== null);
  if (values.length === 0) return [0, spec.percent ? 1 : 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (spec.key !== "quality") lo = Math.min(lo, 0);
  if (hi === lo) hi = lo + (spec.percent ? 0.01 : 1);
  const pad = (hi - lo) * 0.08;
  return [spec.percent ? Math.max(0, lo) : lo, spec.percent ? Math.min(1, hi + pad) : hi + pad];
}

/** The set of charts of one model view. */
export class ChartPanel {
  charts = new Map();

  constructor(host) {
    this.host = host;
    this.resizer = new ResizeObserver(() => this.charts.forEach((c) => c.resize()));
    this.resizer.observe(host);
  }

  /** points: [{t (unix seconds), volume, quality, latencyP50, …}] */
  update(model, points) {
    for (const spec of chartSpecs(model)) {
      let chart = this.charts.get(spec.key);
      if (!chart) this.charts.set(spec.key, (chart = new Chart(spec, this.host)));
      chart.update(spec, points);
    }
  }

  clear() {
    this.charts.forEach((c) => c.destroy());
    this.charts.clear();
    fill(this.host);
  }

  destroy() {
    this.clear();
    this.resizer.disconnect();
  }
}
