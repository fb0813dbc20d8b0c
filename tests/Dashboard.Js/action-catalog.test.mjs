// The page's actions come from the server's declarations (GET /api/actions): which it offers on a model and the
// request it builds from an action's own parameters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { onModel, requestBody, title } from "../../Dashboard/wwwroot/js/action-catalog.js";

// Three declarations as GET /api/actions answers them.
const catalog = [
  { name: "acknowledge", label: "Acknowledge", targets: ["model", "incident"], parameters: [], serving: false, danger: false },
  { name: "force-level", label: "Force level…", targets: ["model"], serving: true, danger: false,
    parameters: [{ name: "level", description: "1 to 5", choices: ["1", "2", "3", "4", "5"], default: "3", integer: true }] },
  { name: "silence", label: "Silence…", targets: ["model"], serving: false, danger: false,
    parameters: [{ name: "duration", description: "how long", choices: [], default: "1h", integer: false },
      { name: "rule", description: "one rule", choices: [], default: null, integer: false }] },
  { name: "mitigate", label: "Mitigated", targets: ["incident"], parameters: [], serving: false, danger: false },
];

test("offers the actions declared for a model, in the server's order, and none taken only on incidents", () => {
  assert.deepEqual(onModel(catalog).map((a) => a.name), ["acknowledge", "force-level", "silence"]);
  assert.equal(title(catalog[1]), "Force level");
});

test("sends who, why, the page as origin and each declared parameter, integers as numbers", () => {
  assert.deepEqual(requestBody(catalog[1], " ana ", " upstream outage ", { level: "3" }),
    { action: "force-level", by: "ana", reason: "upstream outage", from: "page", level: 3 });
});

test("leaves out an empty optional parameter and never sends one the action does not declare", () => {
  assert.deepEqual(requestBody(catalog[2], "ana", "planned", { duration: "30m", rule: "  ", level: "3" }),
    { action: "silence", by: "ana", reason: "planned", from: "page", duration: "30m" });
  assert.deepEqual(requestBody(catalog[0], "ana", "seen", { stage: "5%" }), { action: "acknowledge", by: "ana", reason: "seen", from: "page" });
});
