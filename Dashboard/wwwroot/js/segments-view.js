// The model view's fairness section: quality per segment over the last 24 hours as bars (uPlot) and a
// table, and the fairness gap: the largest difference between segments with enough labels, against the
// model's own fairness limit (thresholds.fairness: above it the model goes to level 2 and the fairness-gap alert
// fires after 30 minutes; domain.md's bar is 10 points). Without a limit (MAE models by default) neither judges the
// gap. Segments with too few labels are listed but do not count towards the gap.
import { h, fill } from "./dom.js";
import { quality as fmtQuality, count, isNum, lowerIsBetter } from "./format.js";

export const MIN_SEGMENT_LABELS = 1000; // SegmentQuality.MinSamples on the server

/** The bar a gap is held against, and how the page says it: the model's own limit, or none. */
export function fairnessBar(limit, metric) {
  const shown = (v) => (metric === "mae" ? v.toFixed(3) : `${(v * 100).toFixed(1)} points`);
  return isNum(limit?.value)
    ? { bar: limit.value, text: `limit: ${shown(limit.value)}, level 2 above it` }
    : { bar: null, text: "no fairness limit: neither the level nor an alert judges the gap" };
}

export class SegmentsView {
  constructor(host) {
    this.host = host;
    this.gap = h("p", { class: "fairness-gap" });
    this.plot = h("div", { class: "plot" });
    this.figure = h("figure", { class: "chart segment-chart", dataset: { chart: "segments", points: "0" } }, h("figcaption", {}, "Quality per segment (24h)"), this.plot);
    this.table = h("div");
    fill(host, this.gap, this.figure, this.table);
  }

  render(model) {
    const metric = model.qualityMetric;
    const segments = [...(model.segments ?? [])].sort((a, b) => a.segment.localeCompare(b.segment));
    const counted = segments.filter((s) => isNum(s.quality) && s.samples >= MIN_SEGMENT_LABELS);
    const best = counted.length ? (lowerIsBetter(metric) ? Math.min : Math.max)(...counted.map((s) => s.quality)) : null;
    const gap = model.fairnessGap;
    const { bar, text: barText } = fairnessBar(model.thresholds?.fairness, metric);
    const shown = (v) => (metric === "mae" ? v.toFixed(3) : `${(v * 100).toFixed(1)} points`);
    const over = isNum(gap) && isNum(bar) && gap > bar;
    this.gap.className = `fairness-gap${over ? " breached" : ""}`;
    this.gap.dataset.value = isNum(gap) ? String(gap) : "";
    fill(this.gap, isNum(gap)
      ? [h("strong", {}, `Fairness gap ${shown(gap)}`),
        ` between segments with at least ${count(MIN_SEGMENT_LABELS)} labels (${barText})${over ? ": over it" : ""}.`]
      : h("span", { class: "muted" }, `No fairness gap yet: it needs two segments with at least ${count(MIN_SEGMENT_LABELS)} labelled predictions in 24h.`));
    fill(this.table, segments.length ? h("table", { class: "segments" },
      h("thead", {}, h("tr", {}, ["segment", `quality (${metric})`, "labelled", "behind the best", ""].map((c) => h("th", {}, c)))),
      h("tbody", {}, segments.map((s) => {
        const enough = s.samples >= MIN_SEGMENT_LABELS;
        const behind = enough && isNum(best) && isNum(s.quality) ? Math.abs(best - s.quality) : null;
        return h("tr", { dataset: { segment: s.segment, quality: isNum(s.quality) ? String(s.quality) : "", samples: String(s.samples) }, class: enough ? "" : "unjudged" },
          h("th", { scope: "row" }, s.segment),
          h("td", { class: "num" }, fmtQuality(s.quality, metric)),
          h("td", { class: "num" }, count(s.samples)),
          h("td", { class: `num${isNum(behind) && isNum(bar) && behind > bar ? " breached" : ""}` }, isNum(behind) ? (metric === "mae" ? behind.toFixed(3) : `${(behind * 100).toFixed(1)} pts`) : "–"),
          h("td", { class: "muted" }, enough ? "" : "too few labels to count"));
      }))) : h("p", { class: "muted" }, "No segment has labelled predictions in the last 24 hours (predictions carry a segment)."));
    this.draw(segments, metric);
  }

  draw(segments, metric) {
    const shown = segments.filter((s) => isNum(s.quality));
    this.figure.dataset.points = String(shown.length);
    this.figure.hidden = shown.length === 0;
    const key = shown.map((s) => s.segment).join("|");
    const data = [shown.map((_, i) => i), shown.map((s) => s.quality)];
    if (this.u && key === this.key) {
      this.u.setData(data);
      return;
    }
    this.u?.destroy();
    this.key = key;
    if (!shown.length) { this.u = null; return; }
    const format = (v) => fmtQuality(v, metric);
    this.u = new uPlot({
      width: Math.max(260, this.plot.clientWidth || 420), height: 170,
      cursor: { drag: { x: false, y: false } },
      legend: { show: false }, // the table below holds the numbers
      scales: { x: { time: false, range: () => [-0.6, shown.length - 0.4] }, y: { range: (u, min, max) => [0, metric === "mae" ? Math.max(max, 0) * 1.1 || 1 : 1] } }, // bars start at zero, or they exaggerate the gap
      axes: [
        { stroke: "#5a6270", splits: () => shown.map((_, i) => i), values: () => shown.map((s) => s.segment), grid: { show: false } },
        { stroke: "#5a6270", grid: { stroke: "#eceff3" }, size: 60, values: (u, ticks) => ticks.map(format) },
      ],
      series: [
        { value: (u, v) => shown[v]?.segment ?? "" },
        { label: metric ?? "quality", stroke: "#1565c0", fill: "#1565c055", width: 1, value: (u, v) => (v === null ? "–" : format(v)),
          paths: uPlot.paths.bars({ size: [0.6, 60] }), points: { show: false } },
      ],
    }, data, this.plot);
  }
}
