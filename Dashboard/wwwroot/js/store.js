// The fleet as the page knows it: one line per model, kept current by whole-fleet messages and diffs.
// Emits "update" with {changed: [lines], removed: [ids], levelChanged: Set(ids), counts: bool, full: bool}.

const sameLine = (a, b) =>
  a.level === b.level && a.quality === b.quality && a.name === b.name && a.domain === b.domain &&
  a.owner === b.owner && a.team === b.team && a.watermark === b.watermark &&
  a.breaches.join() === b.breaches.join() && a.gaps.join() === b.gaps.join();

function normalise(m) {
  return { ...m, breaches: m.breaches ?? [], gaps: m.gaps ?? [] };
}

export class FleetStore extends EventTarget {
  models = new Map();
  countsByLevel = {};
  countsByGap = {};
  total = 0;
  version = -1;
  loaded = false;

  /** A whole fleet (GetFleet, GET /api/fleet, or the "fleet" push): only what differs is reported. */
  replace(fleet) {
    const changed = [];
    const levelChanged = new Set();
    const seen = new Set();
    for (const raw of fleet.models ?? []) {
      const m = normalise(raw);
      seen.add(m.id);
      const old = this.models.get(m.id);
      if (old && sameLine(old, m)) continue;
      if (old && old.level !== m.level) levelChanged.add(m.id);
      this.models.set(m.id, m);
      changed.push(m);
    }
    const removed = [...this.models.keys()].filter((id) => !seen.has(id));
    removed.forEach((id) => this.models.delete(id));
    const first = !this.loaded;
    this.setCounts(fleet);
    this.loaded = true;
    this.dispatchEvent(new CustomEvent("update", { detail: { changed, removed, levelChanged, full: first } }));
  }

  /** A "fleetDiff" push: changed lines and removed ids since the previous version. */
  applyDiff(diff) {
    if (!this.loaded) return false; // the whole fleet follows (resync)
    if (typeof diff.version === "number" && diff.version <= this.version) return true;
    const changed = [];
    const levelChanged = new Set();
    for (const raw of diff.changed ?? []) {
      const m = normalise(raw);
      const old = this.models.get(m.id);
      if (old && old.level !== m.level) levelChanged.add(m.id);
      this.models.set(m.id, m);
      changed.push(m);
    }
    const removed = (diff.removed ?? []).filter((id) => this.models.delete(id));
    this.setCounts(diff);
    this.dispatchEvent(new CustomEvent("update", { detail: { changed, removed, levelChanged, full: false } }));
    return true;
  }

  setCounts(source) {
    if (source.countsByLevel) this.countsByLevel = source.countsByLevel;
    if (source.countsByGap) this.countsByGap = source.countsByGap;
    if (typeof source.total === "number") this.total = source.total;
    else this.total = this.models.size;
    if (typeof source.version === "number") this.version = source.version;
  }
}
