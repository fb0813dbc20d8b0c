// Which world the page opens on, and which API paths carry ?world=.
import { test } from "node:test";
import assert from "node:assert/strict";
import { LIVE, chooseWorld, inWorld } from "../../Dashboard/wwwroot/js/world.js";

const live = (models) => ({ id: LIVE, kind: "live", models });
const run = (id, models) => ({ id, kind: "run", models, state: "running" });

test("opens on the live fleet when it has models, else on the oldest run with models (the demo)", () => {
  assert.equal(chooseWorld([live(3), run("demo-1", 200)], null), LIVE);
  assert.equal(chooseWorld([live(0), run("empty-1", 0), run("demo-1", 200), run("other-2", 6)], null), "demo-1");
  assert.equal(chooseWorld([live(0)], null), LIVE);
  assert.equal(chooseWorld([], null), LIVE);
});

test("the world the address names wins while it exists", () => {
  assert.equal(chooseWorld([live(3), run("team-a", 6)], "team-a"), "team-a");
  assert.equal(chooseWorld([live(3), run("team-a", 6)], "gone-7"), LIVE);
  assert.equal(chooseWorld([], "team-a"), "team-a");
});

test("world-scoped API paths carry the world; runs, scenarios and the worlds list do not", () => {
  assert.equal(inWorld("/api/fleet", "team-a"), "/api/fleet?world=team-a");
  assert.equal(inWorld("/api/models/m%2F1/series?window=1h", "team-a"), "/api/models/m%2F1/series?window=1h&world=team-a");
  assert.equal(inWorld("/api/silences/s-1?by=x", "a:b"), "/api/silences/s-1?by=x&world=a%3Ab");
  assert.equal(inWorld("/api/runs/demo-1/pause", "team-a"), "/api/runs/demo-1/pause");
  assert.equal(inWorld("/api/runs", "team-a"), "/api/runs");
  assert.equal(inWorld("/api/scenarios", "team-a"), "/api/scenarios");
  assert.equal(inWorld("/api/worlds", "team-a"), "/api/worlds");
  assert.equal(inWorld("/api/fleet", LIVE), "/api/fleet");
});
