// Runs panel (#/runs): simulated runs with state, progress and speed; start a scenario; pause,
// resume, step, stop, change speed; inject a fault into chosen models (selected in the grid or typed);
// open a run to replay it, jump it, read its journal and a replay's verdict (run-detail.js).
import { h, fill, notice } from "./dom.js";
import { get, post, enc } from "./api.js";
import { time, count } from "./format.js";
import { reportLinks } from "./alerts-panel.js";
import { isOver } from "./run-reading.js";
import { RunDetail } from "./run-detail.js";

const POLL_MS = 2000;
const SPEEDS = [["1", 1], ["10", 10], ["100", 100], ["max", null]];

export class RunsPanel {
  runs = [];
  visible = false;

  constructor(root, getSelection) {
    this.root = root;
    this.getSelection = getSelection;
    this.build();
  }

  build() {
    this.status = h("div", {}, notice("loading", "Loading runs…"));
    this.scenario = h("select", { name: "scenario", required: true }, h("option", { value: "" }, "loading…"));
    this.startMessage = h("p", { class: "form-message", role: "status" });
    const seed = h("input", { name: "seed", type: "number", min: 0, step: 1, placeholder: "scenario's" });
    const speed = h("select", { name: "speed" }, SPEEDS.map(([t, v]) => h("option", { value: v ?? "max", selected: t === "1" }, v === null ? "as fast as possible" : `${t}x`)));
    const until = h("input", { name: "until", placeholder: "e.g. 2h (optional)", size: 10 });
    // The virtual start is part of the run's definition: left empty, the scenario's start: or 2026-01-05T00:00:00Z.
    const start = h("input", { name: "start", placeholder: "scenario's (e.g. 2026-01-05T08:00:00Z)", size: 24 });
    this.startForm = h("form", { class: "run-start", "aria-label": "Start a run" },
      h("label", {}, "Scenario", this.scenario), h("label", {}, "Seed", seed), h("label", {}, "Start", start), h("label", {}, "Speed", speed), h("label", {}, "Until", until),
      h("button", { type: "submit", class: "primary" }, "Start"), this.startMessage);
    this.startForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { scenario: this.scenario.value };
      if (seed.value !== "") body.seed = Number(seed.value);
      if (speed.value !== "max") body.speed = Number(speed.value);
      if (until.value.trim()) body.until = until.value.trim();
      if (start.value.trim()) body.start = start.value.trim();
      await this.send(this.startMessage, () => post("/api/runs", body), (run) => `Started ${run.id}.`);
    });
    this.table = h("table", { class: "runs" });
    this.controlMessage = h("p", { class: "form-message", role: "status" });
    this.injectForm = this.buildInjectForm();
    this.detailSlot = h("div");
    fill(this.root, h("h2", {}, "Runs"), this.status,
      h("section", {}, h("h3", {}, "Start a scenario"), this.startForm),
      h("section", {}, h("h3", {}, "Runs"), this.table, this.controlMessage),
      this.detailSlot,
      h("section", {}, h("h3", {}, "Inject a fault"), this.injectForm));
  }

  buildInjectForm() {
    this.injectRun = h("select", { name: "run", required: true });
    this.injectModels = h("input", { name: "models", required: true, size: 40, placeholder: "ids, comma separated (or select tiles with ctrl/shift-click)" });
    // The fault kinds come from the server (GET /api/faults, not a trainee's): no script a trainee loads names them.
    const fault = this.fault = h("select", { name: "fault", required: true });
    const fields = {
      magnitude: h("input", { name: "magnitude", type: "number", step: "any", size: 6, placeholder: "default" }),
      duration: h("input", { name: "duration", size: 6, placeholder: "e.g. 20m" }),
      ramp: h("input", { name: "ramp", size: 6, placeholder: "e.g. 5m" }),
      feature: h("input", { name: "feature", size: 8 }),
      mode: h("select", { name: "mode" }, ["", "missing", "nan", "stale", "type"].map((m) => h("option", { value: m }, m || "default"))),
      segment: h("input", { name: "segment", size: 8 }),
    };
    const labels = Object.fromEntries(Object.entries(fields).map(([k, el]) => [k, h("label", {}, k, el)]));
    const showFor = () => {
      labels.feature.hidden = labels.mode.hidden = fault.value !== "pipeline-failure";
      labels.segment.hidden = fault.value !== "segment-bias";
    };
    fault.addEventListener("change", showFor);
    showFor();
    const message = h("p", { class: "form-message", role: "status" });
    const form = h("form", { class: "inject", "aria-label": "Inject a fault" },
      h("label", {}, "Run", this.injectRun), h("label", {}, "Fault", fault), h("label", { class: "wide" }, "Models", this.injectModels),
      Object.values(labels), h("button", { type: "submit", class: "primary" }, "Inject"), message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const models = this.injectModels.value.split(/[\s,]+/).filter(Boolean);
      const body = { fault: fault.value, models, from: "page" };
      for (const [k, el] of Object.entries(fields)) {
        if (labels[k].hidden || el.value.trim() === "") continue;
        body[k] = k === "magnitude" ? Number(el.value) : el.value.trim();
      }
      await this.send(message, () => post(`/api/runs/${enc(this.injectRun.value)}/injections`, body),
        () => `Injected ${fault.value} into ${models.length} model(s).`);
    });
    return form;
  }

  /** Called when the grid selection changes: the selected ids prefill the injection's models. */
  setSelection(ids) {
    if (ids.length) this.injectModels.value = ids.join(", ");
  }

  async show() {
    this.visible = true;
    const selected = this.getSelection();
    if (selected.length) this.injectModels.value = selected.join(", ");
    this.loadScenarios();
    await this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  hide() {
    this.visible = false;
    clearInterval(this.timer);
  }

  async loadScenarios() {
    try {
      const faults = await get("/api/faults");
      const chosen = this.fault.value;
      fill(this.fault, faults.map((f) => h("option", { value: f }, f)));
      if (faults.includes(chosen)) this.fault.value = chosen;
      this.fault.dispatchEvent(new Event("change")); // the form shows the chosen fault's own fields
    } catch (e) {
      fill(this.fault, h("option", { value: "" }, `could not load: ${e.message}`));
    }
    try {
      const names = await get("/api/scenarios");
      const current = this.scenario.value;
      fill(this.scenario, names.length ? names.map((n) => h("option", { value: n }, n)) : h("option", { value: "" }, "no scenarios"));
      if (names.includes(current)) this.scenario.value = current;
    } catch (e) {
      fill(this.scenario, h("option", { value: "" }, `could not load: ${e.message}`));
    }
  }

  async refresh() {
    if (this.busy) return;
    this.busy = true;
    try {
      this.runs = await get("/api/runs", { timeout: 5000 });
      fill(this.status);
      this.renderRuns();
      const opened = this.detail && this.runs.find((r) => r.id === this.detail.run.id);
      if (opened) this.detail.update(opened);
    } catch (e) {
      fill(this.status, notice("error", `Could not load runs: ${e.message}; retrying.`, () => this.refresh()));
    } finally {
      this.busy = false;
    }
  }

  renderRuns() {
    const key = JSON.stringify(this.runs);
    if (key === this.rendered) return; // unchanged: keep the buttons (and the focus) in place
    this.rendered = key;
    const active = this.runs.filter((r) => !isOver(r.state));
    const chosen = this.injectRun.value;
    fill(this.injectRun, active.length ? active.map((r) => h("option", { value: r.id }, `${r.id} (${r.scenario})`)) : h("option", { value: "" }, "no active run"));
    if (active.some((r) => r.id === chosen)) this.injectRun.value = chosen;
    if (!this.runs.length) {
      fill(this.table, h("caption", { class: "muted" }, "No run yet: start a scenario above."));
      return;
    }
    fill(this.table,
      h("thead", {}, h("tr", {}, ["run", "scenario", "seed", "state", "progress", "virtual time", "speed", "events", "transitions", "", ""].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, this.runs.map((r) => this.row(r))));
  }

  row(r) {
    const over = isOver(r.state);
    const control = (label, path, body) => h("button", { type: "button", disabled: over, onclick: () => this.control(r.id, path, body) }, label);
    const speedLabel = r.speed === null || r.speed === undefined ? "max" : r.speed === 0 ? "paused" : `${r.speed}x`;
    return h("tr", { dataset: { runId: r.id, state: r.state } },
      h("td", {}, r.id), h("td", {}, r.scenario), h("td", {}, r.seed), h("td", {}, r.state),
      h("td", {}, h("progress", { max: 1, value: r.progress ?? 0, "aria-label": `progress of ${r.id}` }), ` ${Math.round((r.progress ?? 0) * 100)}%`),
      // Events and transitions are null for a run not playing on this silo (its journal does not count them): shown as "–".
      h("td", {}, time(r.now)), h("td", {}, speedLabel), h("td", {}, count(r.events)), h("td", {}, count(r.transitions)),
      h("td", {}, h("button", { type: "button", class: "open-run", onclick: () => this.open(r) }, "Open")),
      h("td", { class: "controls" },
        r.speed === 0 || /paused/i.test(r.state) ? control("Resume", "resume") : control("Pause", "pause"),
        control("Step", "step"),
        SPEEDS.map(([t, v]) => h("button", { type: "button", disabled: over, "aria-pressed": String((r.speed ?? null) === v), onclick: () => this.control(r.id, "speed", { speed: v }) }, t === "max" ? "max" : `${t}x`)),
        control("Stop", "stop"),
        reportLinks(`/api/runs/${enc(r.id)}/report`, `postmortem-${r.id}`)));
  }

  /** Shows one run below the table (replay, jump, journal, verdict); a replay started there opens in its place. */
  open(run) {
    this.detail = new RunDetail(run, {
      onReplay: async (replay) => { await this.refresh(); this.open(this.runs.find((r) => r.id === replay.id) ?? { ...replay, replayOf: run.id }); },
      onChange: () => this.refresh(),
    });
    fill(this.detailSlot, this.detail.root);
  }

  async control(id, path, body) {
    await this.send(this.controlMessage, () => post(`/api/runs/${enc(id)}/${path}`, body));
  }

  async send(message, call, success) {
    fill(message, "Sending…");
    message.className = "form-message";
    try {
      const result = await call();
      fill(message, success ? success(result) : "");
    } catch (e) {
      message.className = "form-message error";
      fill(message, e.field ? `${e.field}: ${e.body?.reason ?? e.message}` : e.message);
    }
    await this.refresh();
  }
}
