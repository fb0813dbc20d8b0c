// Formatting the page shows: worked by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pct, ms, count, quality, time, duration, stat, levelLabel, plural } from "../../Dashboard/wwwroot/js/format.js";
import { setCatalogue, levelNumbers } from "../../Dashboard/wwwroot/js/catalogue.js";

test("shares, milliseconds and counts", () => {
  assert.equal(pct(0.1234), "12.3%");
  assert.equal(pct(Number.NaN), "–");
  assert.equal(ms(5.26), "5.3 ms");
  assert.equal(ms(250.4), "250 ms");
  assert.equal(ms(1500), "1.50 s");
  assert.equal(count(9999), "9999");
  assert.equal(count(12_345), "12.3k");
  assert.equal(count(2_500_000), "2.5M");
});

test("quality reads in the model's own metric", () => {
  assert.equal(quality(0.995, "accuracy"), "99.5%");
  assert.equal(quality(12.3456, "mae"), "12.346");
  assert.equal(quality(null, "mae"), "–");
});

test("times are UTC, seconds dropped when zero; durations read as an operator says them", () => {
  assert.equal(time("2026-01-01T06:30:00.000Z"), "2026-01-01 06:30Z");
  assert.equal(time("2026-01-01T06:30:15Z"), "2026-01-01 06:30:15Z");
  assert.equal(time(null), "–");
  assert.equal(duration("2026-01-01T00:00:00Z", "2026-01-01T00:00:45Z"), "45s");
  assert.equal(duration("2026-01-01T00:00:00Z", "2026-01-01T00:12:05Z"), "12m 05s");
  assert.equal(duration("2026-01-01T00:00:00Z", "2026-01-01T01:05:00Z"), "1h 05m");
  assert.equal(duration("2026-01-01T00:00:00Z", "2026-01-03T03:00:00Z"), "2d 3h");
  assert.equal(duration("2026-01-01T00:01:00Z", "2026-01-01T00:00:00Z"), "0s"); // never negative
});

test("statistics keep small p-values readable; labels and plurals", () => {
  assert.equal(stat(0.123456), "0.1235");
  assert.equal(stat(0.00001234), "1.23e-5");
  assert.equal(stat(0), "0.0000");
  setCatalogue({ levels: [{ level: 2, name: "reduced AI" }, { level: 1, name: "full AI" }, { level: 3, name: "rules-based fallback" }] });
  assert.equal(levelLabel(3), "L3 rules-based fallback");
  assert.equal(levelLabel(3, "as the model says"), "L3 as the model says");
  assert.equal(levelLabel(9), "L9");
  assert.deepEqual(levelNumbers(), [1, 2, 3]);
  assert.equal(plural(1, "model"), "1 model");
  assert.equal(plural(2, "model"), "2 models");
});
