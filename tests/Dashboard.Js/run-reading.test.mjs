// The runs panel's reading of journal pages and replay comparisons: worked by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isOver, nextAfter, detectionRows, verdictText } from "../../Dashboard/wwwroot/js/run-reading.js";

test("the journal cursor follows the page, then the last entry, then stays", () => {
  assert.equal(nextAfter(-1, { entries: [{ position: 5 }, { position: 9 }], next: 9 }), 9);
  assert.equal(nextAfter(9, { entries: [{ position: 1048576 }], next: null }), 1048576);
  assert.equal(nextAfter(1048576, { entries: [], next: null }), 1048576);
});

test("ended states", () => {
  assert.equal(isOver("finished"), true);
  assert.equal(isOver("stopped"), true);
  assert.equal(isOver("running"), false);
  assert.equal(isOver(undefined), false);
});

test("detection side by side and the verdict", () => {
  const comparison = {
    digestMatches: false, verdict: "first differs at 2026-01-05T00:25:00Z",
    originalDetection: { firstFiring: "2026-01-05T00:12:00Z", firstBreach: null, firing: 3, alertChanges: 7 },
    replayDetection: { firstFiring: "2026-01-05T00:10:00Z", firstBreach: "2026-01-05T00:11:00Z", firing: 4, alertChanges: 9 },
  };
  assert.deepEqual(detectionRows(comparison), [
    ["first alert firing", "2026-01-05T00:12:00Z", "2026-01-05T00:10:00Z", "time"],
    ["first model off full AI", null, "2026-01-05T00:11:00Z", "time"],
    ["alerts fired", 3, 4, "count"],
    ["alert changes", 7, 9, "count"],
  ]);
  assert.equal(verdictText(comparison), "first differs at 2026-01-05T00:25:00Z");
  assert.equal(verdictText({ ...comparison, digestMatches: true }), "digest matches");
});
