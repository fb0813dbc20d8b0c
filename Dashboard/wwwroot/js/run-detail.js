// One run opened in the runs panel: replay it (speed, without its actions, other thresholds for a what-if), jump it
// to an event time, read its journal, and for a replay its verdict with the detection of both runs side by side.
import { h, fill } from "./dom.js";
import { get, post, enc } from "./api.js";
import { time, count } from "./format.js";
import { isOver, detectionRows, verdictText } from "./run-reading.js";
import { RunJournal } from "./run-journal.js";

const REPLAY_SPEEDS = [["1x", "1"], ["10x", "10"], ["100x", "100"], ["as fast as possible", "max"]];

export class RunDetail {
  /** @param onReplay called with the replay's status once one starts (the panel opens it). */
  constructor(run, { onReplay, onChange }) {
    this.run = run;
    this.onReplay = onReplay;
    this.onChange = onChange;
    this.verdict = h("div", { class: "run-verdict", role: "status" });
    this.journalSlot = h("div");
    this.root = h("section", { class: "run-detail", dataset: { runId: run.id }, "aria-label": `run ${run.id}` },
      h("h3", {}, `Run ${run.id}`, run.replayOf ? ` (replay of ${run.replayOf})` : ""),
      this.verdict, this.buildReplayForm(), this.buildJumpForm(),
      h("button", { type: "button", class: "open-journal", onclick: () => this.openJournal() }, "Journal"), this.journalSlot);
    this.update(run);
  }

  buildReplayForm() {
    const speed = h("select", { name: "replay-speed" }, REPLAY_SPEEDS.map(([t, v]) => h("option", { value: v, selected: v === "max" }, t)));
    const withoutActions = h("input", { type: "checkbox", name: "without-actions" });
    const thresholds = h("textarea", { name: "thresholds", rows: 3, cols: 40, placeholder: "what-if thresholds (YAML), e.g. coverage: 0.99" });
    const message = h("p", { class: "form-message", role: "status" });
    const form = h("form", { class: "run-replay", "aria-label": "Replay the run" },
      h("label", {}, "Speed", speed), h("label", { class: "check" }, withoutActions, "without its actions"),
      h("label", { class: "wide" }, "Thresholds", thresholds), h("button", { type: "submit", class: "primary" }, "Replay"), message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const body = { withoutActions: withoutActions.checked };
      if (speed.value !== "max") body.speed = Number(speed.value);
      if (thresholds.value.trim()) body.thresholds = thresholds.value;
      const replay = await send(message, () => post(`/api/runs/${enc(this.run.id)}/replay`, body), (r) => `Started replay ${r.id}.`);
      if (replay) this.onReplay(replay);
    });
    return form;
  }

  buildJumpForm() {
    this.jumpTo = h("input", { name: "to", size: 24, required: true, placeholder: "event time, e.g. 2026-01-05T01:00:00Z" });
    this.jumpButton = h("button", { type: "submit" }, "Jump");
    const message = h("p", { class: "form-message", role: "status" });
    const form = h("form", { class: "run-jump", "aria-label": "Jump to an event time" },
      h("label", {}, "Jump to", this.jumpTo), this.jumpButton, message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const status = await send(message, () => post(`/api/runs/${enc(this.run.id)}/jump`, { to: this.jumpTo.value.trim() }),
        (s) => `Playing to ${time(s.jumpingTo ?? this.jumpTo.value.trim())}.`);
      if (status) this.onChange();
    });
    return form;
  }

  openJournal() {
    if (!this.journal) {
      this.journal = new RunJournal(this.run.id);
      fill(this.journalSlot, this.journal.root);
    }
    this.journal.load();
  }

  /** The run's latest listing: the jump stays open while it plays; a replay that ended shows its verdict once. */
  update(run) {
    this.run = run;
    this.jumpButton.disabled = isOver(run.state);
    if (!this.jumpTo.value && run.now) this.jumpTo.placeholder = `after ${time(run.now)}`;
    if (run.replayOf && isOver(run.state) && !this.compared) this.compare();
  }

  async compare() {
    this.compared = true;
    try {
      const c = await get(`/api/runs/${enc(this.run.id)}/comparison`);
      const cell = (v, kind) => h("td", {}, kind === "time" ? time(v) : count(v));
      fill(this.verdict,
        h("p", { class: c.digestMatches ? "verdict ok" : "verdict differs", dataset: { matches: String(c.digestMatches) } }, verdictText(c)),
        h("table", { class: "runs comparison", "aria-label": "detection side by side" },
          h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", { scope: "col" }, `original ${c.original}`), h("th", { scope: "col" }, `replay ${c.replay}`))),
          h("tbody", {}, detectionRows(c).map(([what, o, r, kind]) => h("tr", {}, h("th", { scope: "row" }, what), cell(o, kind), cell(r, kind))))));
    } catch (e) {
      this.compared = false; // tried again at the next refresh
      fill(this.verdict, h("p", { class: "form-message error" }, `Could not compare with the original: ${e.message}`));
    }
  }
}

async function send(message, call, success) {
  fill(message, "Sending…");
  message.className = "form-message";
  try {
    const result = await call();
    fill(message, success(result));
    return result;
  } catch (e) {
    message.className = "form-message error";
    fill(message, e.field ? `${e.field}: ${e.body?.reason ?? e.message}` : e.message);
    return null;
  }
}
