// The product owner's panel of the model view: engagement, trust and business readings per window (24h, 7d, 30d),
// grouped in the tiers of the operating rhythm (domain notes: continuous alerts, the weekly model review, the monthly KPI
// review), each tier's own window marked; and, while a candidate version is declared, the rollout comparison with its
// verdict and evidence (GET /api/models/{id}/rollout).
import { h, fill } from "./dom.js";
import { get, enc } from "./api.js";
import { pct, count, isNum } from "./format.js";

const ROLLOUT_EVERY_MS = 10000;
const dash = "–";
const num = (v, digits = 2) => (isNum(v) ? v.toFixed(digits) : dash);
const WINDOWS = { "24h": "last 24h", "7d": "7 days", "30d": "30 days" };

// Tier 1 watches volume and click-through continuously; tier 2 is the weekly review's feedback, sentiment and opt-outs;
// tier 3 the monthly review's conversion, value against the holdout, cost and return.
const TIERS = [
  { tier: "continuous", window: "24h", title: "Continuous (alerts)", rows: [
    ["Predictions", (r) => count(r.predictions)],
    ["Engagement rate (clicks)", (r) => pct(r.engagementRate, 2)],
  ] },
  { tier: "weekly", window: "7d", title: "Weekly model review", rows: [
    ["Feedback per 1,000", (r) => num(r.feedbackPer1000, 1)],
    ["Sentiment (thumbs up share)", (r) => pct(r.sentiment)],
    ["Opt-out rate", (r) => pct(r.optOutRate, 2)],
  ] },
  { tier: "monthly", window: "30d", title: "Monthly KPI review", rows: [
    ["Conversion rate", (r) => pct(r.conversionRate, 2)],
    ["Value per 1,000", (r) => num(r.valuePer1000)],
    ["Holdout value per 1,000", (r) => num(r.holdoutValuePer1000)],
    ["Uplift per 1,000", (r) => num(r.upliftPer1000)],
    ["Cost per prediction", (r) => num(r.costPerPrediction, 4)],
    ["Return on cost", (r) => (isNum(r.returnOnCost) ? `${(r.returnOnCost * 100).toFixed(0)}%` : dash)],
  ] },
];

export class OwnerView {
  constructor(root) {
    this.root = root;
    this.readings = h("div");
    this.rules = h("div", { class: "own-rules" });
    this.rollout = h("div", { class: "rollout" });
    fill(root, this.readings, this.rules, this.rollout);
    this.lastRollout = 0;
  }

  render(model) {
    // The owner's own alert rules (registration's "alerts"), judged beside the fleet's; their alerts show with the others.
    const rules = model.alerts ?? [];
    fill(this.rules, rules.length === 0 ? null : h("p", {}, h("strong", {}, "Own alert rules: "),
      rules.map((r, i) => h("span", { class: "own-rule", dataset: { rule: r.name } }, i > 0 ? "; " : "",
        `${r.name}: ${r.reading} ${r.comparison} ${r.threshold}`, r.for !== "0s" ? ` for ${r.for}` : "", ` (${r.severity})`))));
    const readings = model.ownerReadings ?? [];
    fill(this.readings, readings.length === 0
      ? h("p", { class: "muted" }, "No readings yet.")
      : h("table", { class: "segments owner" },
        h("thead", {}, h("tr", {}, h("th", {}, ""), readings.map((r) => h("th", { class: "num" }, WINDOWS[r.window] ?? r.window)))),
        TIERS.map((t) => h("tbody", { dataset: { tier: t.tier } },
          h("tr", { class: "tier" }, h("th", { colspan: readings.length + 1 }, `${t.title} · ${WINDOWS[t.window]}`)),
          t.rows.map(([label, read]) => h("tr", {}, h("th", {}, label),
            readings.map((r) => h("td", { class: r.window === t.window ? "num tier-window" : "num" }, read(r)))))))));
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
