// The page's alert book: replaced whole by each push, never by an older one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AlertBook } from "../../Dashboard/wwwroot/js/alert-book.js";

const book = (version, extra = {}) => ({
  version,
  now: "2026-01-01T00:10:00Z",
  incidents: [{ incident: { id: "INC-0001", models: ["fraud-1", "fraud-2"] } }],
  alerts: [{ rule: "error-rate", model: "fraud-1", state: "firing" }, { rule: "latency-budget", model: "fraud-2", state: "pending" }],
  silences: [],
  firingModels: [{ model: "fraud-1", firing: 1, severity: "page", silenced: false }],
  ...extra,
});

test("a push replaces the whole book and emits one update", () => {
  const alerts = new AlertBook();
  let updates = 0;
  alerts.addEventListener("update", () => updates++);
  alerts.replace(book(2));
  assert.equal(updates, 1);
  assert.equal(alerts.loaded, true);
  assert.equal(alerts.version, 2);
  assert.equal(alerts.alertsTotal, 2); // no total sent: the alerts listed
  assert.equal(alerts.firing.get("fraud-1").severity, "page");
  assert.equal(alerts.firing.has("fraud-2"), false);
});

test("an older book than the one shown is ignored; the same version is taken again", () => {
  const alerts = new AlertBook();
  alerts.replace(book(5));
  alerts.replace(book(4, { alerts: [] }));
  assert.equal(alerts.alerts.length, 2);
  alerts.replace(book(5, { alerts: [], alertsTotal: 0 }));
  assert.equal(alerts.alerts.length, 0);
});

test("a model's alerts and its open incident are found among those listed", () => {
  const alerts = new AlertBook();
  alerts.replace(book(1));
  assert.deepEqual(alerts.alertsOf("fraud-2").map((a) => a.rule), ["latency-budget"]);
  assert.equal(alerts.incidentOf("fraud-2").id, "INC-0001");
  assert.equal(alerts.incidentOf("churn-1"), null);
});

test("nothing (a failed read) leaves the book as it was", () => {
  const alerts = new AlertBook();
  alerts.replace(book(1));
  alerts.replace(null);
  assert.equal(alerts.version, 1);
});
