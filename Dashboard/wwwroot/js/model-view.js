// The model view (#/model/{id}): header with level and baseline uplift, window selector, charts,
// current figures, breaches, active alerts, input drift, quality per segment, one timeline, and the
// operator actions.
import { h, fill, notice } from "./dom.js";
import { get, enc } from "./api.js";
import { ChartPanel } from "./charts.js";
import { Timeline } from "./timeline.js";
import { onModel, title } from "./action-catalog.js";
import { DriftView } from "./drift-view.js";
import { SegmentsView } from "./segments-view.js";
import { OwnerView } from "./owner-view.js";
import { ModelAlerts } from "./model-alerts.js";
import { WINDOWS, pct, ms, count, quality, time, levelLabel, isNum, lowerIsBetter } from "./format.js";

const POLL_MS = 2000; // when the hub cannot push the model

export class ModelView {
  id = null;
  model = null;
  window = "1h";

  constructor(root, live, dialog, alertBook) {
    this.root = root;
    this.live = live;
    this.dialog = dialog;
    this.alertBook = alertBook;
    this.build();
    alertBook?.addEventListener("update", () => this.model && this.alertList.render(this.model));
    live.addEventListener("model", (e) => e.detail?.id === this.id && this.onModel(e.detail));
    live.addEventListener("resync", () => this.id && this.reload());
  }

  build() {
    this.status = h("div");
    this.head = h("header", { class: "model-head" });
    this.actions = h("div", { class: "actions", role: "group", "aria-label": "Actions" });
    this.windowPicker = h("fieldset", { class: "windows" }, h("legend", {}, "Window"),
      WINDOWS.map((w) => h("label", {}, h("input", { type: "radio", name: "window", value: w, checked: w === this.window, onchange: () => this.setWindow(w) }), w)));
    this.seriesNote = h("div", { class: "series-note" });
    this.chartsHost = h("div", { class: "charts" });
    this.figures = h("dl", { class: "figures" });
    this.breaches = h("ul", { class: "breaches" });
    this.timelineHost = h("div");
    this.alertsHost = h("div");
    this.driftHost = h("div");
    this.segmentsHost = h("div");
    this.ownerHost = h("div");
    this.body = h("div", { class: "model-body", hidden: true },
      this.head, this.actions,
      h("div", { class: "chart-bar" }, this.windowPicker, this.seriesNote), this.chartsHost,
      h("div", { class: "columns" },
        h("section", {}, h("h3", {}, "Now, over the window"), this.figures),
        h("section", {}, h("h3", {}, "Breaches"), this.breaches),
        h("section", { class: "model-alerts-section" }, h("h3", {}, "Active alerts"), this.alertsHost)),
      h("section", { class: "drift-section" }, h("h3", {}, "Input and prediction drift (last hour vs reference)"), this.driftHost),
      h("section", { class: "segments-section" }, h("h3", {}, "Quality per segment and fairness gap"), this.segmentsHost),
      h("section", { class: "owner-section" }, h("h3", {}, "Engagement, trust and business value; rollout"), this.ownerHost),
      h("section", {}, h("h3", {}, "Timeline: level changes, actions, injections, alerts"), this.timelineHost));
    fill(this.root, h("nav", { class: "crumbs" }, h("a", { href: "#/" }, "← Fleet")), this.status, this.body);
    this.charts = new ChartPanel(this.chartsHost);
    this.timeline = new Timeline(this.timelineHost);
    this.alertList = new ModelAlerts(this.alertsHost, this.alertBook);
    this.drift = new DriftView(this.driftHost);
    this.segments = new SegmentsView(this.segmentsHost);
    this.owner = new OwnerView(this.ownerHost);
  }

  async show(id) {
    if (id === this.id) return;
    this.hide();
    this.id = id;
    this.model = null;
    this.lastSeries = 0;
    this.charts.clear();
    this.timeline.reset();
    this.body.hidden = true;
    this.root.dataset.modelId = id;
    if (!this.catalog) this.loadActions();
    await this.reload();
    const pushed = await this.live.watch(id);
    if (!pushed && this.id === id) this.poll = setInterval(() => this.refreshModel(), POLL_MS);
  }

  hide() {
    if (this.id) this.live.unwatch(this.id);
    clearInterval(this.poll);
    this.poll = null;
    this.id = null;
  }

  /** Loads everything again (first show, after a reconnect, after an action). */
  async reload() {
    const id = this.id;
    if (!this.model) fill(this.status, notice("loading", `Loading ${id}…`));
    try {
      const model = await get(`/api/models/${enc(id)}`);
      if (id !== this.id) return;
      fill(this.status);
      this.onModel(model, true);
    } catch (e) {
      if (id !== this.id) return;
      const text = e.status === 404 ? `Model ${id} is not registered.` : `Could not load ${id}: ${e.message}.`;
      fill(this.status, notice("error", text, () => this.reload()));
    }
  }

  async refreshModel() {
    if (this.busy || !this.id) return;
    if (this.live.isLive && this.live.pushed === this.id) return; // pushed instead
    this.busy = true;
    try {
      const model = await get(`/api/models/${enc(this.id)}`, { timeout: 5000 });
      if (model.id === this.id) this.onModel(model);
    } catch (e) {
      if (this.model) fill(this.status, notice("error", `Updates paused: ${e.message}; retrying.`));
    } finally {
      this.busy = false;
    }
  }

  onModel(model, force = false) {
    const historyChanged = !this.model || (this.model.history?.length !== model.history?.length) ||
      this.model.lastTransition?.at !== model.lastTransition?.at;
    this.model = model;
    if (this.status.querySelector(".error") && !force) fill(this.status);
    this.body.hidden = false;
    this.root.dataset.level = model.level;
    this.renderHead(model);
    this.renderFigures(model);
    this.renderBreaches(model);
    this.alertList.render(model);
    this.drift.render(model.drift);
    this.segments.render(model);
    this.owner.render(model);
    this.refreshSeries(force);
    if (historyChanged || force || Date.now() - (this.lastTimeline ?? 0) > 10000) {
      this.lastTimeline = Date.now();
      this.timeline.refresh(model);
    }
  }

  renderHead(m) {
    const b = m.baseline;
    const q = b?.quality ?? m.windows?.[this.window]?.quality;
    fill(this.head,
      h("div", { class: "title" },
        h("span", { class: "level-badge", dataset: { level: m.level } }, levelLabel(m.level, m.levelName)),
        h("h2", {}, m.name, " ", h("small", {}, m.id))),
      h("p", { class: "meta" }, [
        m.domain, `owner ${m.owner ?? "none"}`, `team ${m.team ?? "none"}`, `version ${m.version}`,
        `rollout ${m.rolloutStage}`, m.metadata?.retrainingEvery ? `retrains every ${m.metadata.retrainingEvery}` : null,
        `clock ${time(m.watermark)}`,
      ].filter(Boolean).join(" · ")),
      h("p", { class: "baseline" },
        b ? h("strong", {}, b.summary) : h("span", { class: "muted" }, "no baseline comparison yet"),
        uplift(m.qualityMetric, q, b?.baseline) ? h("span", { class: "uplift" }, ` · ${uplift(m.qualityMetric, q, b?.baseline)}`) : null,
        isNum(q) ? h("span", {}, ` · ${errorOf(m.qualityMetric, q)}`) : null,
        b?.maturity ? h("span", { class: "muted" }, ` · maturity: ${b.maturity}`) : null,
        b?.window ? h("span", { class: "muted" }, ` (over ${b.window})`) : null),
      m.gaps?.length ? h("p", { class: "gaps" }, "Governance gaps: ", m.gaps.map((g) => h("span", { class: "badge gap" }, g))) : null,
      m.lastTransition ? h("p", { class: "muted" }, `Last change ${time(m.lastTransition.at)}: ${levelLabel(m.lastTransition.from)} → ${levelLabel(m.lastTransition.to)}, ${m.lastTransition.reason}`) : null);
  }

  renderFigures(m) {
    const w = m.windows?.[this.window] ?? {};
    const rows = [
      ["volume", count(w.volume)], ["outcomes", count(w.outcomes)],
      ["quality", `${quality(w.quality, m.qualityMetric)} (n=${count(w.qualitySamples)})`],
      ["latency P50 / P95 / P99", `${ms(w.latencyP50)} / ${ms(w.latencyP95)} / ${ms(w.latencyP99)}`],
      ["error rate", pct(w.errorRate, 2)], ["timeout rate", pct(w.timeoutRate, 2)],
      ["fallback rate", pct(w.fallbackRate, 2)], ["coverage", pct(w.coverage)], ["served degraded", pct(w.degradedShare)],
    ];
    fill(this.figures, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  }

  renderBreaches(m) {
    const list = m.breaches ?? [];
    const breached = new Set(list.map((b) => b.threshold));
    // What holds the model at its level without being breached now (e.g. not judged at night), and what cannot be judged.
    const held = (m.heldBy ?? []).filter((x) => !breached.has(x.threshold));
    const notJudged = (m.readings ?? []).filter((r) => !r.judged && !held.some((x) => x.threshold === r.threshold));
    fill(this.breaches,
      list.length ? list.map((b) =>
        h("li", { dataset: { severity: b.severity } }, h("span", { class: "level-badge", dataset: { level: b.severity } }, `L${b.severity}`), " ",
          h("strong", {}, b.threshold), ` (${b.window}): ${b.message}`)) : h("li", { class: "muted" }, "No threshold is breached."),
      held.map((x) => h("li", { class: "held", dataset: { severity: x.severity } },
        h("span", { class: "level-badge", dataset: { level: x.severity } }, `L${x.severity}`), " ",
        h("strong", {}, x.threshold), ` holds the level: ${x.status}`)),
      [...Map.groupBy(notJudged, (r) => r.status)].map(([status, readings]) =>
        h("li", { class: "muted not-judged" }, `${readings.map((r) => r.threshold).join(", ")}: ${status}`)));
  }

  setWindow(w) {
    this.window = w;
    if (this.model) {
      this.renderFigures(this.model);
      this.refreshSeries(true);
    }
  }

  /** The per-bucket series of the window, at most every few seconds (on pushes) or at once (force). */
  async refreshSeries(force) {
    const every = this.window === "5m" ? 2000 : 10000;
    if (!force && Date.now() - this.lastSeries < every) return;
    this.lastSeries = Date.now();
    const id = this.id;
    const w = this.window;
    try {
      const series = await get(`/api/models/${enc(id)}/series?window=${enc(w)}`);
      if (id !== this.id || w !== this.window) return;
      const points = (series.points ?? []).map((p) => ({ ...p, t: Date.parse(p.start) / 1000 }));
      fill(this.seriesNote, h("span", { class: "muted" }, `${points.length} buckets of ${series.bucketSeconds ?? "?"} s`));
      this.charts.update(this.model, points);
    } catch (e) {
      if (id === this.id && w === this.window) fill(this.seriesNote, notice("error", `Series: ${e.message}`));
    }
  }

  /** The buttons of the actions the server declares for a model (once per page). */
  async loadActions() {
    try {
      this.catalog = onModel(await get("/api/actions"));
    } catch (e) {
      fill(this.actions, notice("error", `Actions are not available: ${e.message}.`, () => this.loadActions()));
      return;
    }
    fill(this.actions, this.catalog.map((spec) => h("button", { type: "button", class: spec.danger ? "danger" : "", dataset: { action: spec.name },
      title: spec.effect, onclick: () => this.act(spec) }, title(spec))));
  }

  async act(spec) {
    if (!this.id) return;
    const sent = await this.dialog.open(this.id, spec);
    if (!sent) return;
    await this.reload();
  }
}

/** Quality framed as uplift over what users get without the model. */
function uplift(metric, q, baseline) {
  if (!isNum(q) || !isNum(baseline)) return null;
  if (lowerIsBetter(metric)) return `MAE ${(baseline - q).toFixed(3)} lower than the baseline's`;
  const points = (q - baseline) * 100;
  return `uplift ${points >= 0 ? "+" : ""}${points.toFixed(1)} points over the baseline`;
}

/** ...and as error, the other way to read the same number. */
function errorOf(metric, q) {
  return lowerIsBetter(metric) ? `error (MAE) ${q.toFixed(3)}` : `error ${pct(1 - q)}`;
}
