// Fleet overview: one tile per model (data-model-id, data-level), worst first, grouped, filtered and
// coloured by level or a chosen metric. Diffs touch only the tiles that changed; the order is
// reconciled by moving the few tiles whose place changed. A model with a firing alert carries a badge
// (from the alert book); a change of the book repaints only the tiles whose badge changed.
import { h, fill, notice, arrange } from "./dom.js";
import { levelLabel, quality, plural } from "./format.js";
import { levelNumbers } from "./catalogue.js";

const CHANGED_MS = 5000;
const AUTO_COMPACT = 600;
const GROUPS = { none: null, domain: (m) => m.domain, owner: (m) => m.owner ?? "(no owner)", team: (m) => m.team ?? "(no team)" };

/** How a tile is coloured when not by level: "ok" | "warn" | "bad" | "none". */
const TONES = {
  quality(m) {
    if (m.breaches.includes("quality-below-baseline")) return "bad";
    if (m.breaches.includes("quality-below-launch")) return "warn";
    if (typeof m.qualityTarget === "number" && typeof m.quality === "number")
      return (m.qualityMetric === "mae" ? m.quality <= m.qualityTarget : m.quality >= m.qualityTarget) ? "ok" : "warn";
    return typeof m.quality === "number" ? "ok" : "none";
  },
  latency(m) {
    if (m.breaches.includes("latency-p95")) return "bad";
    if (typeof m.latencyP95 === "number" && typeof m.latencyLimit === "number") return m.latencyP95 > 0.8 * m.latencyLimit ? "warn" : "ok";
    return m.watermark ? "ok" : "none";
  },
  breaches: (m) => (m.breaches.length === 0 ? "ok" : m.breaches.length === 1 ? "warn" : "bad"),
  gaps: (m) => (m.gaps.length === 0 ? "ok" : m.gaps.length === 1 ? "warn" : "bad"),
};

const worstFirst = (a, b) =>
  b.level - a.level || b.breaches.length - a.breaches.length || b.gaps.length - a.gaps.length ||
  a.id.localeCompare(b.id);

export class Overview {
  tiles = new Map(); // id -> element
  groups = new Map(); // group key -> {section, list, count}
  timers = new Map(); // id -> timeout removing "changed"
  parts = new WeakMap(); // tile -> {rest: what its children show but the quality, q: the quality's span}
  selected = new Set();
  firingShown = new Map(); // id -> the firing-alert badge painted on its tile
  filters = { text: "", domain: "", owner: "", team: "", level: "", breached: "", gap: "" };
  groupBy = "none";
  colorBy = "level";
  pending = null;

  constructor(root, store, { onSelectionChange, alertBook } = {}) {
    this.root = root;
    this.store = store;
    this.alertBook = alertBook;
    this.onSelectionChange = onSelectionChange ?? (() => {});
    this.build();
    store.addEventListener("update", (e) => this.queue(e.detail));
    alertBook?.addEventListener("update", () => this.repaintAlerting());
  }

  /** Repaints the tiles whose firing-alert badge differs from the one painted. */
  repaintAlerting() {
    const now = this.alertBook.firing;
    const ids = new Set([...this.firingShown.keys(), ...now.keys()]);
    for (const id of ids) {
      const m = this.store.models.get(id);
      const tile = this.tiles.get(id);
      if (m && tile && alertKey(now.get(id)) !== this.firingShown.get(id)) this.paint(tile, m);
    }
  }

  build() {
    const select = (name, label, options) =>
      h("label", {}, label, h("select", { name, onchange: (e) => this.setFilter(name, e.target.value) },
        h("option", { value: "" }, "all"), ...options.map(([v, t]) => h("option", { value: v }, t))));
    this.options = {
      domain: select("domain", "Domain", []),
      owner: select("owner", "Owner", []),
      team: select("team", "Team", []),
      breached: select("breached", "Breach", []),
      gap: select("gap", "Gap", []),
    };
    const toolbar = h("form", { class: "toolbar", role: "search", "aria-label": "Filter the fleet", onsubmit: (e) => e.preventDefault() },
      h("label", {}, "Search", h("input", { type: "search", name: "text", placeholder: "id, name, owner…", oninput: (e) => this.setFilter("text", e.target.value) })),
      this.options.domain, this.options.owner, this.options.team,
      select("level", "Level", levelNumbers().map((l) => [String(l), levelLabel(l)])),
      this.options.breached, this.options.gap,
      h("label", {}, "Group", h("select", { name: "groupBy", onchange: (e) => this.setGroup(e.target.value) },
        ...["none", "domain", "owner", "team"].map((g) => h("option", { value: g }, g)))),
      h("label", {}, "Colour", h("select", { name: "colorBy", onchange: (e) => this.setColor(e.target.value) },
        h("option", { value: "level" }, "level"), h("option", { value: "quality" }, "quality vs target"),
        h("option", { value: "latency" }, "latency vs limit"), h("option", { value: "breaches" }, "breaches"),
        h("option", { value: "gaps" }, "governance gaps"))),
      h("label", { class: "check" }, (this.compactBox = h("input", { type: "checkbox", name: "compact", onchange: (e) => { this.compactChosen = true; this.grid.classList.toggle("compact", e.target.checked); } })), "compact"),
      h("button", { type: "reset", class: "link", onclick: () => this.clearFilters() }, "clear"));
    this.summary = h("p", { class: "summary", "aria-live": "polite" });
    this.selectionBar = h("p", { class: "selection", hidden: true });
    this.grid = h("div", { class: "grid", id: "grid", dataset: { colorBy: this.colorBy } });
    this.status = h("div", {}, notice("loading", "Loading the fleet…"));
    fill(this.root, h("h2", { class: "visually-hidden" }, "Fleet overview"), toolbar, this.summary, this.selectionBar, this.status, this.grid);
    this.toolbar = toolbar;
    this.grid.addEventListener("click", (e) => this.onTileClick(e));
    this.grid.addEventListener("keydown", (e) => {
      const tile = e.target.closest?.(".tile");
      if (!tile || e.key !== " ") return;
      e.preventDefault(); // Space selects, Enter opens
      this.toggleSelected(tile.dataset.modelId);
    });
  }

  /** Shown when the fleet cannot be loaded at all (no endless "loading"). */
  showError(message, retry) {
    if (this.store.loaded) return;
    fill(this.status, notice("error", message, retry));
  }

  queue(detail) {
    if (!this.pending) {
      this.pending = { changed: new Map(), removed: new Set(), levelChanged: new Set(), full: false };
      requestAnimationFrame(() => this.flush());
    }
    const p = this.pending;
    detail.changed.forEach((m) => { p.changed.set(m.id, m); p.removed.delete(m.id); });
    detail.removed.forEach((id) => { p.removed.add(id); p.changed.delete(id); });
    detail.levelChanged.forEach((id) => p.levelChanged.add(id));
    p.full ||= detail.full;
  }

  flush() {
    const { changed, removed, levelChanged, full } = this.pending;
    this.pending = null;
    fill(this.status);
    for (const id of removed) {
      this.tiles.get(id)?.remove();
      this.tiles.delete(id);
      this.selected.delete(id);
    }
    let reorder = full || removed.size > 0;
    for (const m of changed.values()) {
      let tile = this.tiles.get(m.id);
      if (!tile) {
        tile = h("a", { class: "tile", href: `#/model/${encodeURIComponent(m.id)}`, dataset: { modelId: m.id } });
        this.tiles.set(m.id, tile);
        reorder = true;
      } else if (tile.dataset.sortKey !== this.sortKey(m)) reorder = true;
      this.paint(tile, m);
      if (levelChanged.has(m.id)) this.markChanged(tile, m.id);
    }
    this.refreshOptions();
    if (!this.compactChosen) { // many models: small squares by default (the user's choice wins)
      const compact = this.store.models.size > AUTO_COMPACT;
      this.grid.classList.toggle("compact", compact);
      this.compactBox.checked = compact;
    }
    if (reorder) this.reorder();
    else this.countGroups();
    this.updateSummary();
    this.root.dataset.version = String(this.store.version);
  }

  sortKey(m) {
    return `${m.level}|${m.breaches.length}|${m.gaps.length}|${this.groupKey(m)}`;
  }

  groupKey(m) {
    return GROUPS[this.groupBy]?.(m) ?? "";
  }

  /**
   * Brings a tile up to date, touching only what differs from what it shows: under load most lines change only their
   * quality, and every attribute set or child replaced (even to the same value) makes the renderer restyle, lay out
   * and repaint the tile.
   */
  paint(tile, m) {
    setData(tile, "level", String(m.level));
    setData(tile, "tone", TONES[this.colorBy]?.(m) ?? "");
    setData(tile, "sortKey", this.sortKey(m));
    const hidden = !this.matches(m);
    if (tile.hidden !== hidden) tile.hidden = hidden;
    tile.classList.toggle("selected", this.selected.has(m.id));
    tile.classList.toggle("breached", m.breaches.length > 0);
    tile.classList.toggle("has-gaps", m.gaps.length > 0);
    const q = quality(m.quality, m.qualityMetric);
    const firing = this.alertBook?.firing.get(m.id);
    if (firing) this.firingShown.set(m.id, alertKey(firing));
    else this.firingShown.delete(m.id);
    tile.classList.toggle("alerting", Boolean(firing) && !firing.silenced);
    setData(tile, "alert", firing ? (firing.silenced ? "silenced" : firing.severity) : "");
    const title = `${m.name} (${m.id})\nL${m.level} ${m.levelName}\n${m.domain} · ${m.owner ?? "no owner"} · ${m.team ?? "no team"}\n` +
      `${m.qualityMetric ?? "quality"} ${q}` + (m.breaches.length ? `\nbreaches: ${m.breaches.join(", ")}` : "") +
      (m.gaps.length ? `\ngaps: ${m.gaps.join(", ")}` : "") + (firing ? `\n${firing.firing} firing alert(s), ${firing.severity}${firing.silenced ? ", silenced" : ""}` : "") + "\n(click: open · ctrl/shift-click or Space: select)";
    if (tile.title !== title) tile.title = title;
    const label = `${m.name}, level ${m.level} ${m.levelName}` +
      (m.breaches.length ? `, ${m.breaches.length} breach${m.breaches.length === 1 ? "" : "es"}` : "") +
      (m.gaps.length ? `, gaps: ${m.gaps.join(", ")}` : "");
    if (tile.getAttribute("aria-label") !== label) tile.setAttribute("aria-label", label);
    // The children: rebuilt when anything but the quality changed, else only the quality's text.
    const rest = [m.level, m.name || m.id, alertKey(firing) ?? "", m.breaches.join(), m.gaps.join()].join("\u0001");
    const parts = this.parts.get(tile);
    if (parts?.rest === rest) {
      if (parts.q.textContent !== q) parts.q.textContent = q;
      return;
    }
    const qSpan = h("span", { class: "q" }, q);
    this.parts.set(tile, { rest, q: qSpan });
    fill(tile,
      h("span", { class: "lv", "aria-hidden": "true" }, m.level),
      h("span", { class: "nm" }, m.name || m.id),
      qSpan,
      firing ? h("span", { class: "badge alert", dataset: { severity: firing.severity, silenced: String(firing.silenced) }, title: `${firing.firing} firing alert(s)` }, `⚠${firing.firing}`) : null,
      m.breaches.length ? h("span", { class: "badge breach", title: m.breaches.join(", ") }, `!${m.breaches.length}`) : null,
      ...m.gaps.map((g) => h("span", { class: "badge gap", title: `governance gap: ${g}` }, gapShort(g))));
  }

  markChanged(tile, id) {
    tile.classList.add("changed");
    // A blink of the tile's opacity through the Web Animations API: the compositor runs it without the main thread.
    // A background-colour flash was repainted by the main thread at every frame: under a stream of level changes the
    // renderer spent ~3/4 of its time painting (figure 4: a core of two, beside the host it measured).
    tile.animate?.([{ opacity: 1 }, { opacity: 0.3 }, { opacity: 1 }], { duration: 600, iterations: 3, easing: "ease-in-out" });
    clearTimeout(this.timers.get(id));
    this.timers.set(id, setTimeout(() => { tile.classList.remove("changed"); this.timers.delete(id); }, CHANGED_MS));
  }

  matches(m) {
    const f = this.filters;
    if (f.domain && m.domain !== f.domain) return false;
    if (f.owner && (m.owner ?? "") !== f.owner) return false;
    if (f.team && (m.team ?? "") !== f.team) return false;
    if (f.level && String(m.level) !== f.level) return false;
    if (f.breached && !(f.breached === "*" ? m.breaches.length : m.breaches.includes(f.breached))) return false;
    if (f.gap && !(f.gap === "*" ? m.gaps.length : m.gaps.includes(f.gap))) return false;
    if (f.text) {
      const hay = `${m.id} ${m.name} ${m.domain} ${m.owner ?? ""} ${m.team ?? ""} ${m.breaches.join(" ")} ${m.gaps.join(" ")}`.toLowerCase();
      if (!f.text.toLowerCase().split(/\s+/).every((w) => hay.includes(w))) return false;
    }
    return true;
  }

  /** Puts tiles in worst-first order inside their groups, moving only the ones out of place. */
  reorder() {
    const byGroup = new Map();
    for (const m of this.store.models.values()) {
      const key = this.groupKey(m);
      if (!byGroup.has(key)) byGroup.set(key, []);
      byGroup.get(key).push(m);
    }
    const worstOf = (list) => Math.max(...list.map((m) => m.level));
    const keys = [...byGroup.keys()].sort((a, b) => worstOf(byGroup.get(b)) - worstOf(byGroup.get(a)) || a.localeCompare(b));
    for (const [key, g] of this.groups) if (!byGroup.has(key)) { g.section.remove(); this.groups.delete(key); }
    arrange(this.grid, keys.map((key) => this.group(key).section));
    for (const key of keys) arrange(this.group(key).list, byGroup.get(key).sort(worstFirst).map((m) => this.tiles.get(m.id)));
    this.countGroups();
  }

  group(key) {
    let g = this.groups.get(key);
    if (!g) {
      const count = h("span", { class: "count" });
      const list = h("div", { class: "tiles" });
      const section = h("section", { class: "group", dataset: { group: key } },
        this.groupBy === "none" ? null : h("h3", {}, key, " ", count), list);
      g = { section, list, count };
      this.groups.set(key, g);
    }
    return g;
  }

  countGroups() {
    if (this.groupBy === "none") return;
    for (const [key, g] of this.groups) {
      const models = [...this.store.models.values()].filter((m) => this.groupKey(m) === key);
      const shown = models.filter((m) => this.matches(m));
      const levels = [1, 2, 3, 4, 5].map((l) => shown.filter((m) => m.level === l).length).map((n, i) => (n ? `L${i + 1}: ${n}` : null)).filter(Boolean);
      g.count.textContent = `${shown.length}/${models.length}${levels.length ? " · " + levels.join(" · ") : ""}`;
      g.section.hidden = shown.length === 0;
    }
  }

  refreshOptions() {
    const models = [...this.store.models.values()];
    const sets = {
      domain: models.map((m) => m.domain),
      owner: models.map((m) => m.owner ?? ""),
      team: models.map((m) => m.team ?? ""),
      breached: ["*", ...models.flatMap((m) => m.breaches)],
      gap: ["*", ...Object.keys(this.store.countsByGap), ...models.flatMap((m) => m.gaps)],
    };
    for (const [name, values] of Object.entries(sets)) {
      const select = this.options[name].querySelector("select");
      const unique = [...new Set(values)].sort();
      const have = [...select.options].slice(1).map((o) => o.value);
      if (have.join("\n") === unique.join("\n")) continue;
      const current = select.value;
      select.replaceChildren(h("option", { value: "" }, "all"),
        ...unique.map((v) => h("option", { value: v }, v === "*" ? "any" : v === "" ? "(none)" : name === "gap" ? `${v} (${this.store.countsByGap[v] ?? 0})` : v)));
      select.value = current;
    }
  }

  updateSummary() {
    const total = this.store.models.size;
    const shown = [...this.tiles.values()].filter((t) => !t.hidden).length;
    this.summary.textContent = total === 0
      ? "No model is registered yet: PUT /api/models/{id}, or start a run."
      : `Showing ${shown} of ${plural(total, "model")}, worst first.`;
  }

  setFilter(name, value) {
    this.filters[name] = value;
    this.applyAll(false);
  }

  setLevelFilter(level) {
    const select = this.toolbar.querySelector("select[name=level]");
    select.value = select.value === String(level) ? "" : String(level);
    this.setFilter("level", select.value);
  }

  clearFilters() {
    Object.keys(this.filters).forEach((k) => (this.filters[k] = ""));
    setTimeout(() => this.applyAll(false)); // after the form reset
  }

  setGroup(groupBy) {
    this.groupBy = groupBy;
    this.groups.forEach((g) => g.section.remove());
    this.groups.clear();
    this.applyAll(true);
  }

  setColor(colorBy) {
    this.colorBy = colorBy;
    this.grid.dataset.colorBy = colorBy;
    this.applyAll(false);
  }

  applyAll(reorder) {
    for (const m of this.store.models.values()) {
      const tile = this.tiles.get(m.id);
      if (!tile) continue;
      tile.hidden = !this.matches(m);
      tile.dataset.tone = TONES[this.colorBy]?.(m) ?? "";
      if (reorder) tile.dataset.sortKey = this.sortKey(m);
    }
    if (reorder) this.reorder();
    else this.countGroups();
    this.updateSummary();
  }

  onTileClick(e) {
    const tile = e.target.closest(".tile");
    if (!tile || !(e.ctrlKey || e.metaKey || e.shiftKey)) return;
    e.preventDefault(); // ctrl/shift-click selects (for fault injection) instead of opening
    this.toggleSelected(tile.dataset.modelId);
  }

  toggleSelected(id) {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
    this.tiles.get(id)?.classList.toggle("selected", this.selected.has(id));
    this.renderSelection();
  }

  clearSelection() {
    this.selected.forEach((id) => this.tiles.get(id)?.classList.remove("selected"));
    this.selected.clear();
    this.renderSelection();
  }

  renderSelection() {
    const n = this.selected.size;
    this.selectionBar.hidden = n === 0;
    fill(this.selectionBar, `${plural(n, "model")} selected: ${[...this.selected].slice(0, 8).join(", ")}${n > 8 ? "…" : ""} `,
      h("a", { href: "#/runs" }, "inject a fault"), " · ",
      h("button", { type: "button", class: "link", onclick: () => this.clearSelection() }, "clear selection"));
    this.onSelectionChange([...this.selected]);
  }
}

const alertKey = (f) => (f ? `${f.firing}|${f.severity}|${f.silenced}` : undefined);

/** Sets a data attribute only when it differs: setting one, even to its value, restyles the element. */
function setData(el, key, value) {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

function gapShort(gap) {
  return { "no-owner": "no owner", "no-thresholds": "no thr.", "retraining-overdue": "retrain due", "no-retraining-schedule": "no retrain" }[gap] ?? gap;
}
