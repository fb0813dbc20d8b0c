// A run's journal on the page: oldest first, a page at a time with the journal's cursor; "Load newer" fetches the
// next page on demand (while a run plays, the entries its ticks commit after the last one shown).
import { h, fill } from "./dom.js";
import { get, enc } from "./api.js";
import { time } from "./format.js";
import { nextAfter } from "./run-reading.js";

const PAGE = 50;

export class RunJournal {
  constructor(runId) {
    this.runId = runId;
    this.after = -1;
    this.body = h("tbody");
    this.message = h("p", { class: "form-message", role: "status" });
    this.more = h("button", { type: "button", onclick: () => this.load() }, "Load newer");
    this.root = h("section", { class: "run-journal", "aria-label": `journal of ${runId}` },
      h("h4", {}, "Journal"),
      h("table", { class: "runs journal" },
        h("thead", {}, h("tr", {}, ["at", "tick", "kind", "target", "by", "from", "detail"].map((c) => h("th", { scope: "col" }, c)))),
        this.body),
      this.more, this.message);
  }

  async load() {
    this.more.disabled = true;
    fill(this.message, "Loading…");
    this.message.className = "form-message";
    try {
      const page = await get(`/api/runs/${enc(this.runId)}/journal?after=${this.after}&limit=${PAGE}`);
      this.body.append(...page.entries.map((e) => h("tr", { dataset: { position: e.position } },
        h("td", {}, time(e.at)), h("td", {}, e.tick), h("td", {}, e.kind), h("td", {}, e.target), h("td", {}, e.by), h("td", {}, e.from), h("td", {}, e.detail))));
      this.after = nextAfter(this.after, page);
      const shown = this.body.children.length;
      fill(this.message, page.next === null || page.next === undefined
        ? `${shown} entries: the newest so far.` : `${shown} entries; more stored.`);
    } catch (e) {
      this.message.className = "form-message error";
      fill(this.message, `Could not load the journal: ${e.message}`);
    } finally {
      this.more.disabled = false;
    }
  }
}
