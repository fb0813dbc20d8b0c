// The page's fleet store: whole fleets and diffs, versions, and what it reports to the views.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FleetStore } from "../../Dashboard/wwwroot/js/store.js";

const line = (id, level = 1, extra = {}) => ({ id, name: id, domain: "fraud", level, quality: 0.9, watermark: "2026-01-01T00:00:00Z", breaches: [], gaps: [], ...extra });
const fleet = (version, models, extra = {}) => ({ version, models, countsByLevel: { 1: models.length }, countsByGap: {}, total: models.length, ...extra });

function record(store) {
  const updates = [];
  store.addEventListener("update", (e) => updates.push(e.detail));
  return updates;
}

test("the first whole fleet is reported in full, with every line changed", () => {
  const store = new FleetStore();
  const updates = record(store);
  store.replace(fleet(3, [line("a"), line("b")]));
  assert.equal(updates.length, 1);
  assert.equal(updates[0].full, true);
  assert.deepEqual(updates[0].changed.map((m) => m.id), ["a", "b"]);
  assert.equal(store.version, 3);
  assert.equal(store.total, 2);
  assert.equal(store.loaded, true);
});

test("a later whole fleet reports only the lines that differ, the removed ids and the level changes", () => {
  const store = new FleetStore();
  store.replace(fleet(1, [line("a"), line("b"), line("c")]));
  const updates = record(store);
  store.replace(fleet(2, [line("a"), line("b", 3, { breaches: ["error-rate"] })]));
  const [u] = updates;
  assert.equal(u.full, false);
  assert.deepEqual(u.changed.map((m) => m.id), ["b"]);
  assert.deepEqual(u.removed, ["c"]);
  assert.deepEqual([...u.levelChanged], ["b"]);
  assert.equal(store.models.has("c"), false);
});

test("a line missing its lists compares equal to one with empty lists", () => {
  const store = new FleetStore();
  store.replace(fleet(1, [line("a")]));
  const updates = record(store);
  const { breaches, gaps, ...bare } = line("a");
  store.replace(fleet(2, [bare]));
  assert.deepEqual(updates[0].changed, []);
  assert.deepEqual(store.models.get("a").breaches, []);
});

test("a diff before the first whole fleet is refused, so the resync's fleet is not overtaken", () => {
  const store = new FleetStore();
  assert.equal(store.applyDiff({ version: 5, changed: [line("a")], removed: [] }), false);
  assert.equal(store.models.size, 0);
});

test("a diff patches changed lines, removes ids, and takes the counts and version", () => {
  const store = new FleetStore();
  store.replace(fleet(4, [line("a"), line("b")]));
  const updates = record(store);
  assert.equal(store.applyDiff({ version: 5, changed: [line("a", 2)], removed: ["b", "never-there"], countsByLevel: { 2: 1 }, countsByGap: {}, total: 1 }), true);
  assert.deepEqual(updates[0].changed.map((m) => m.id), ["a"]);
  assert.deepEqual(updates[0].removed, ["b"]); // only what the store held
  assert.deepEqual([...updates[0].levelChanged], ["a"]);
  assert.equal(store.models.get("a").level, 2);
  assert.deepEqual(store.countsByLevel, { 2: 1 });
  assert.equal(store.total, 1);
  assert.equal(store.version, 5);
});

test("a diff no newer than the fleet shown is ignored", () => {
  const store = new FleetStore();
  store.replace(fleet(7, [line("a")]));
  const updates = record(store);
  assert.equal(store.applyDiff({ version: 7, changed: [line("a", 5)], removed: [] }), true);
  assert.equal(store.applyDiff({ version: 6, changed: [], removed: ["a"] }), true);
  assert.equal(updates.length, 0);
  assert.equal(store.models.get("a").level, 1);
});

test("without a total the count is the number of lines held", () => {
  const store = new FleetStore();
  store.replace({ version: 1, models: [line("a"), line("b")] });
  assert.equal(store.total, 2);
});
