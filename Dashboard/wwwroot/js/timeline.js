// One timeline of a model: level transitions with reasons, actions taken, injections and alerts,
// newest first. From GET /api/models/{id}/timeline; where the server has no such endpoint yet, from
// the model's level history (plus the actions this page sent), and says so.
import { h, fill, notice } from "./dom.js";
import { get, enc } from "./api.js";
import { time, levelLabel } from "./format.js";

export class Timeline {
  local = []; // actions sent from this page, shown until the server's timeline lists them

  constructor(host) {
    this.host = host;
    this.list = h("ol", { class: "timeline", "aria-label": "Timeline, newest first" });
    this.note = h("div");
    fill(host, this.note, this.list);
    this.available = null;
  }

  reset() {
    this.local = [];
    this.available = null;
    fill(this.note, notice("loading", "Loading the timeline…"));
    fill(this.list);
  }

  addLocal(entry) {
    this.local.unshift(entry);
  }

  async refresh(model) {
    let entries;
    if (this.available !== false) {
      try {
        entries = await get(`/api/models/${enc(model.id)}/timeline`);
        this.available = true;
        fill(this.note);
      } catch (e) {
        if (!e.notAvailable) {
          fill(this.note, notice("error", `Timeline: ${e.message}`));
        } else {
          this.available = false;
        }
      }
    }
    if (!entries) {
      if (this.available === false)
        fill(this.note, notice("muted", "Timeline not available on this server: showing level history and this page's actions."));
      entries = [...this.local, ...fromHistory(model.history ?? [])].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    }
    this.render(entries);
  }

  render(entries) {
    if (!entries.length) {
      fill(this.list, h("li", { class: "muted" }, "Nothing has happened to this model yet."));
      return;
    }
    fill(this.list, entries.slice(0, 200).map((e) =>
      h("li", { class: `entry ${e.kind}`, dataset: { kind: e.kind } },
        h("span", { class: "kind" }, e.kind),
        h("time", { datetime: e.at }, time(e.at)),
        h("strong", {}, e.title),
        e.by ? h("span", { class: "by" }, `by ${e.by}`) : null,
        e.detail ? h("p", { class: "detail" }, e.detail) : null)));
  }
}

function fromHistory(history) {
  return history.map((t) => ({
    at: t.at, kind: "transition", title: `${levelLabel(t.from)} → ${levelLabel(t.to)}`, detail: t.reason, by: null,
  }));
}
