// The reviews view (#/reviews): the weekly model review or the monthly KPI review of the world on screen, optionally
// for one team, from GET /api/reviews/{period}: the totals, the period's incidents, and per model its five dimensions
// against the period before, maturity curve, fairness by segment, rollouts, open issues and actions taken. The
// Markdown and HTML links give the same review as a document; the kept list shows the reviews generated on the schedule.
import { h, fill, notice } from "./dom.js";
import { get } from "./api.js";
import { inWorld } from "./world.js";
import { pct, count, time, isNum } from "./format.js";

const SHARES = new Set(["engagement rate", "conversion rate", "sentiment", "opt-out rate", "error rate", "accuracy", "precision",
  "recall", "relevance", "largest segment gap", "return on cost"]);

export class ReviewsView {
  period = "weekly";

  constructor(root) {
    this.root = root;
    this.team = h("input", { type: "text", placeholder: "team (all when empty)", "aria-label": "Team" });
    this.picker = h("fieldset", { class: "windows" }, h("legend", {}, "Review"),
      ["weekly", "monthly"].map((p) => h("label", {}, h("input", { type: "radio", name: "review-period", value: p, checked: p === this.period,
        onchange: () => { this.period = p; this.load(); } }), p)));
    this.link = h("a", { class: "markdown-link" }, "as Markdown");
    this.html = h("a", { class: "html-link" }, "as HTML");
    this.status = h("div");
    this.body = h("div", { class: "reviews" });
    this.kept = h("div", { class: "kept-reviews" });
    fill(root, h("div", { class: "chart-bar" }, this.picker, this.team, h("button", { type: "button", onclick: () => this.load() }, "Show"),
      this.link, " ", this.html), this.status, this.body, h("h3", {}, "Kept on the schedule"), this.kept);
  }

  async show() { await this.load(); }

  async load() {
    const team = this.team.value.trim();
    const query = team ? `?team=${encodeURIComponent(team)}` : "";
    this.link.href = inWorld(`/api/reviews/${this.period}${query ? `${query}&` : "?"}format=markdown`);
    this.html.href = inWorld(`/api/reviews/${this.period}${query ? `${query}&` : "?"}format=html`);
    this.loadKept();
    fill(this.status, notice("loading", "Loading the review…"));
    try {
      const review = await get(`/api/reviews/${this.period}${query}`, { timeout: 30000 });
      fill(this.status);
      fill(this.body, totals(review), incidents(review.incidents),
        review.models.length === 0 ? h("p", { class: "muted" }, "No models.") : review.models.map((m) => this.model(m)));
    } catch (e) {
      fill(this.status, notice("error", `Could not load the review: ${e.message}.`, () => this.load()));
    }
  }

  model(m) {
    return h("section", { class: "review", dataset: { modelId: m.id } },
      h("h3", {}, h("a", { href: `#/model/${encodeURIComponent(m.id)}` }, m.name), ` (${m.id}) · version ${m.version} · level ${m.level}`),
      h("p", { class: "muted" }, `owner ${m.owner ?? "none"}, team ${m.team ?? "none"}, ${time(m.from)} to ${time(m.to)}`),
      h("table", { class: "segments" },
        h("thead", {}, h("tr", {}, ["dimension", "measure", "this period", "period before", "trend"].map((x) => h("th", {}, x)))),
        h("tbody", {}, m.lines.map((l) => h("tr", { class: l.trend === "worse" ? "breached" : "" },
          h("td", {}, l.dimension), h("td", {}, l.measure), h("td", { class: "num" }, show(l.measure, l.current)),
          h("td", { class: "num" }, show(l.measure, l.previous)), h("td", {}, l.trend))))),
      maturity(m.maturity), fairness(m.fairness), rollouts(m.rollouts),
      h("p", {}, "Open issues: ", m.openIssues.length ? m.openIssues.join("; ") : "none"),
      h("p", {}, "Actions taken: ", m.actions.length ? m.actions.map((a) => `${time(a.at)} ${a.action} by ${a.by}: ${a.reason}`).join("; ") : "none"));
  }

  async loadKept() {
    try {
      const kept = await get("/api/reviews/history?limit=20");
      fill(this.kept, kept.reviews.length === 0 ? h("p", { class: "muted" }, "None yet.") : h("ul", {}, kept.reviews.map((r) =>
        h("li", {}, `${r.period} ${r.team ? `team ${r.team}` : "fleet"}, due ${time(r.dueAt)} (${r.models} models): `,
          h("a", { href: `/api/reviews/history/${encodeURIComponent(r.id)}?format=html` }, "HTML"), " ",
          h("a", { href: `/api/reviews/history/${encodeURIComponent(r.id)}?format=markdown` }, "Markdown")))));
    } catch (e) {
      fill(this.kept, notice("error", `Could not load the kept reviews: ${e.message}.`, () => this.loadKept()));
    }
  }
}

function totals(review) {
  const t = review.totals;
  const minutes = (v) => (isNum(v) ? `${v.toFixed(1)} min` : "–");
  return h("ul", { class: "review-totals" },
    h("li", {}, `Below target: ${t.belowTarget.length ? t.belowTarget.join(", ") : "none"}`),
    h("li", {}, `Trending down: ${t.trendingDown.length ? t.trendingDown.join(", ") : "none"}`),
    h("li", {}, `Business value ${show("value", t.value)}, cost ${show("cost", t.cost)}`),
    h("li", {}, `Incidents: ${t.incidents}; mean time to detect ${minutes(t.meanMinutesToDetect)}, to mitigate ${minutes(t.meanMinutesToMitigate)}`));
}

function incidents(list) {
  if (list.length === 0) return h("p", { class: "muted" }, "No incidents in the period.");
  return h("table", { class: "segments review-incidents" },
    h("thead", {}, h("tr", {}, ["incident", "models", "impact started", "time to detect", "time to mitigate", "resolved"].map((x) => h("th", {}, x)))),
    h("tbody", {}, list.map((i) => h("tr", {}, h("td", {}, `${i.id} ${i.title}`), h("td", {}, i.models.join(", ")), h("td", {}, time(i.impactStarted)),
      h("td", { class: "num" }, `${i.minutesToDetect.toFixed(1)} min`),
      h("td", { class: "num" }, isNum(i.minutesToMitigate) ? `${i.minutesToMitigate.toFixed(1)} min` : "–"), h("td", {}, i.resolved ? time(i.resolved) : "open")))));
}

function maturity(m) {
  if (!m) return null;
  const baseline = isNum(m.baseline) ? `; baseline ${pct(m.baseline, 2)}, uplift ${pct(m.baselineUplift, 2)}${isNum(m.baselineRatio) ? ` (${m.baselineRatio.toFixed(1)}x)` : ""}` : "";
  return h("p", { class: "maturity" }, `Maturity (${m.metric}): ${pct(m.current, 2)} against launch ${pct(m.launch, 2)}, target ${pct(m.target, 2)}, ` +
    `stretch ${pct(m.stretch, 2)}: ${m.stands}; trend ${m.trend}${baseline}`);
}

function fairness(f) {
  if (!f) return null;
  return h("p", { class: "fairness" }, `Fairness by segment: ${f.segments.map((s) => `${s.segment} ${pct(s.quality, 2)} (${count(s.samples)})`).join(", ") || "no segments"}; ` +
    `largest gap ${pct(f.gap, 2)}${isNum(f.limit) ? ` (limit ${pct(f.limit, 2)})` : ""}: ${f.finding}`);
}

function rollouts(list) {
  if (!list || list.length === 0) return h("p", {}, "Rollouts: none");
  return h("p", {}, "Rollouts: ", list.map((r) => `${r.candidate} at ${r.stage}, ${r.outcome}: ${r.verdict} (${r.reasons.join("; ")})`).join("; "));
}

function show(measure, v) {
  if (!isNum(v)) return "–";
  if (measure === "predictions") return count(v);
  return SHARES.has(measure) ? pct(v, 2) : v.toFixed(3);
}
