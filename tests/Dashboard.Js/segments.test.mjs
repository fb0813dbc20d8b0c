// The fairness section's bar: the model's own limit, or none (the server's fairness-gap alert reads the gap against that
// limit, so without one no alert can fire).
import { test } from "node:test";
import assert from "node:assert/strict";
import { fairnessBar } from "../../Dashboard/wwwroot/js/segments-view.js";

test("a model's fairness limit is the bar, in points or in the metric's own units", () => {
  assert.deepEqual(fairnessBar({ value: 0.1, window: "24h", minSamples: 1000 }, "accuracy"),
    { bar: 0.1, text: "limit: 10.0 points, level 2 above it" });
  assert.deepEqual(fairnessBar({ value: 1.5 }, "mae"), { bar: 1.5, text: "limit: 1.500, level 2 above it" });
});

test("without a limit nothing judges the gap: no bar, and no alert is promised", () => {
  const none = fairnessBar(null, "mae");
  assert.equal(none.bar, null);
  assert.doesNotMatch(none.text, /alert fires/);
  assert.equal(fairnessBar(undefined, "accuracy").bar, null);
});
