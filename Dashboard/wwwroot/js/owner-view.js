// The product owner's panel of the model view: engagement, trust and business readings per window (24h is the
// continuous tier, 7d the weekly review's, 30d the monthly one's), and, while a candidate version is declared, the
// rollout comparison with its verdict and evidence (GET /api/models/{id}/rollout).
import { h, fill } from "./dom.js";
import { get, enc } from "./api.js";
import { pct, count, isNum } from "./format.js";

const ROLLOUT_EVERY_MS = 10000;
const dash = "–";
const num = (v, digits = 2) => (isNum(v) ? v.toFixed(digits) : dash);
const TIERS = { "24h": "24h · continuous", "7d": "7d · weekly review", "30d": "30d · monthly review" };

const ROWS = [
  ["Predictions", (r) => count(r.predictions)],
  ["Engagement rate (clicks)", (r) => pct(r.engagementRate, 2)],
  ["Conversion rate", (r) => pct(r.conversionRate, 2)],
  ["Feedback per 1,000", (r) => num(r.feedbackPer1000, 1)],
  ["Sentiment (thumbs up share)", (r) => pct(r.sentiment)],
  ["Opt-out rate", (r) => pct(r.optOutRate, 2)],
  ["Value per 1,000", (r) => num(r.valuePer1000)],
  ["Holdout value per 1,000", (r) => num(r.holdoutValuePer1000)],
  ["Uplift per 1,000", (r) => num(r.upliftPer1000)],
  ["Cost per prediction", (r) => num(r.costPerPrediction, 4)],
  ["Return on cost", (r) => (isNum(r.returnOnCost) ? `${(r.returnOnCost * 100).toFixed(0)}%` : dash)],
];

export class OwnerView {
  constructor(root) {
    this.root = root;
    this.readings = h("div");
    this.rollout = h("div", { class: "rollout" });
    fill(root, this.readings, this.rollout);
    this.lastRollout = 0;
  }

  render(model) {
    const readings = model.ownerReadings ?? [];
    fill(this.readings, readings.length === 0
      ? h("p", { class: "muted" }, "No readings yet.")
      : h("table", { class: "segments owner" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), readings.map((r) => h("th", { class: "num" }, TIERS[r.window] ?? r.window)))),
        h("tbody", {}, ROWS.map(([label, read]) => h("tr", {}, h("th", {}, label), readings.map((r) => h("td", { class: "num" }, read(r))))))));
    if (!model.candidate) {
      fill(this.rollout);
      return;
    }
    if (Date.now() - this.lastRollout < ROLLOUT_EVERY_MS && this.modelId === model.id) return;
    this.lastRollout = Date.now();
    this.modelId = model.id;
    this.loadRollout(model.id);
  }

  async loadRollout(id) {
    try {
      const report = await get(`/api/models/${enc(id)}/rollout`, { timeout: 5000 });
      if (id === this.modelId) this.renderRollout(report);
    } catch (e) {
      fill(this.rollout, h("p", { class: "muted" }, `Rollout comparison unavailable: ${e.message}`));
    }
  }

  renderRollout(r) {
    const line = (l) => h("tr", { class: l.finding === "worse" ? "breached" : "" },
      h("td", {}, l.segment ?? "all"), h("td", {}, l.dimension), h("td", { class: "num" }, show(l.dimension, l.current)),
      h("td", { class: "num" }, show(l.dimension, l.candidate)), h("td", { class: "num" }, `${count(l.currentSamples)} / ${count(l.candidateSamples)}`),
      h("td", { class: "num" }, isNum(l.pValue) ? l.pValue.toPrecision(2) : dash), h("td", { class: l.finding === "worse" ? "breached" : "" }, l.finding));
    fill(this.rollout,
      h("h4", {}, `Version ${r.candidateVersion} (${r.stage}) against ${r.currentVersion}: `,
        h("strong", { class: `verdict ${r.verdict.replace(" ", "-")}`, dataset: { verdict: r.verdict } }, r.verdict)),
      h("ul", {}, r.reasons.map((x) => h("li", {}, x))),
      h("table", { class: "segments rollout-evidence" },
        h("thead", {}, h("tr", {}, ["segment", "dimension", "current", "candidate", "samples", "p", "finding"].map((x) => h("th", {}, x)))),
        h("tbody", {}, [...r.overall, ...r.segments].map(line))),
      h("p", { class: "muted" }, r.method));
  }
}

function show(dimension, v) {
  if (!isNum(v)) return dash;
  if (dimension === "latency") return `${v.toFixed(1)} ms`;
  if (dimension === "value") return v.toFixed(3);
  return pct(v, 2);
}
