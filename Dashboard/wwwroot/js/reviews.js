// The reviews view (#/reviews): the weekly model review or the monthly KPI review of the world on screen, optionally
// for one team, from GET /api/reviews/{period}: per model its five dimensions against the period before, open
// issues and actions taken. The Markdown link gives the same review as a document.
import { h, fill, notice } from "./dom.js";
import { get } from "./api.js";
import { inWorld } from "./world.js";
import { pct, count, time, isNum } from "./format.js";

const SHARES = new Set(["engagement rate", "conversion rate", "sentiment", "opt-out rate", "error rate", "accuracy", "precision",
  "recall", "relevance", "largest segment gap (24h)", "return on cost"]);

export class ReviewsView {
  period = "weekly";

  constructor(root) {
    this.root = root;
    this.team = h("input", { type: "text", placeholder: "team (all when empty)", "aria-label": "Team" });
    this.picker = h("fieldset", { class: "windows" }, h("legend", {}, "Review"),
      ["weekly", "monthly"].map((p) => h("label", {}, h("input", { type: "radio", name: "review-period", value: p, checked: p === this.period,
        onchange: () => { this.period = p; this.load(); } }), p)));
    this.link = h("a", { class: "markdown-link" }, "as Markdown");
    this.status = h("div");
    this.body = h("div", { class: "reviews" });
    fill(root, h("div", { class: "chart-bar" }, this.picker, this.team, h("button", { type: "button", onclick: () => this.load() }, "Show"), this.link),
      this.status, this.body);
  }

  async show() { await this.load(); }

  async load() {
    const team = this.team.value.trim();
    const query = team ? `?team=${encodeURIComponent(team)}` : "";
    this.link.href = inWorld(`/api/reviews/${this.period}${query ? `${query}&` : "?"}format=markdown`);
    fill(this.status, notice("loading", "Loading the review…"));
    try {
      const review = await get(`/api/reviews/${this.period}${query}`, { timeout: 30000 });
      fill(this.status);
      fill(this.body, review.models.length === 0 ? h("p", { class: "muted" }, "No models.") : review.models.map((m) => this.model(m)));
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
      h("p", {}, "Open issues: ", m.openIssues.length ? m.openIssues.join("; ") : "none"),
      h("p", {}, "Actions taken: ", m.actions.length ? m.actions.map((a) => `${time(a.at)} ${a.action} by ${a.by}: ${a.reason}`).join("; ") : "none"));
  }
}

function show(measure, v) {
  if (!isNum(v)) return "–";
  if (measure === "predictions") return count(v);
  return SHARES.has(measure) ? pct(v, 2) : v.toFixed(3);
}
