// One timeline of a model: level transitions with reasons, actions taken, injections and alerts,
// newest first, from GET /api/models/{id}/timeline; a failure is shown as an error naming the timeline.
import { h, fill, notice } from "./dom.js";
import { get, enc } from "./api.js";
import { time } from "./format.js";

export class Timeline {
  constructor(host) {
    this.host = host;
    this.list = h("ol", { class: "timeline", "aria-label": "Timeline, newest first" });
    this.note = h("div");
    fill(host, this.note, this.list);
  }

  reset() {
    fill(this.note, notice("loading", "Loading the timeline…"));
    fill(this.list);
  }

  async refresh(model) {
    let entries;
    try {
      entries = await get(`/api/models/${enc(model.id)}/timeline`);
    } catch (e) {
      fill(this.note, notice("error", `Timeline: ${e.message}`));
      return;
    }
    fill(this.note);
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
