// Wires the page: one live connection, the fleet store, the alert book, the views and the hash router.
import { h, fill } from "./dom.js";
import { get } from "./api.js";
import { Live } from "./live.js";
import { FleetStore } from "./store.js";
import { Overview } from "./overview.js";
import { ModelView } from "./model-view.js";
import { RunsPanel } from "./runs.js";
import { ReviewsView } from "./reviews.js";
import { ExercisesPanel } from "./exercises.js";
import { DecisionBanner } from "./decision.js";
import { ActionDialog } from "./actions.js";
import { AlertBook } from "./alert-book.js";
import { AlertsPanel } from "./alerts-panel.js";
import { levelLabel, plural } from "./format.js";
import { levelNumbers, loadCatalogue } from "./catalogue.js";
import { LIVE, chooseWorld, currentWorld, describeWorld, setWorld } from "./world.js";
import { ensureSession, showSession } from "./session.js";

const FIRST_LOAD_MS = 8000;

// Nothing loads before the page is signed in (every route needs a key or a session).
const session = await ensureSession(document.getElementById("sign-in"));
showSession(document.getElementById("session"), session);
// Level names (and the rules behind them) come from the server's declarations, before any view is built.
await loadCatalogue(get);

const store = new FleetStore();
const book = new AlertBook();
// The hub's HTTP requests (negotiate, long polling) change state like any POST: they carry the token too.
const live = new Live("/hubs/fleet", { "X-Fleet-Antiforgery": session.antiforgery });
const overview = new Overview(document.getElementById("overview"), store, { onSelectionChange: (ids) => runs.setSelection(ids), alertBook: book });
const modelView = new ModelView(document.getElementById("model"), live, new ActionDialog(document.getElementById("action-dialog")), book);
const alerts = new AlertsPanel(document.getElementById("alerts"), book, document.getElementById("alert-dialog"), () => loadAlertBook());
const runs = new RunsPanel(document.getElementById("runs"), () => [...overview.selected]);
const reviews = new ReviewsView(document.getElementById("reviews"));
const exercises = new ExercisesPanel(document.getElementById("exercises"));

// Connection state, always visible.
const pill = document.getElementById("connection");
live.addEventListener("state", (e) => {
  const { state, detail } = e.detail;
  pill.dataset.state = state;
  pill.className = `state ${state}`;
  pill.textContent = state;
  pill.title = detail || state;
  document.body.classList.toggle("stale", state !== "live");
});

// The fleet: whole on every (re)connect, then pushed diffs.
async function loadFleet() {
  try {
    store.replace(await live.invoke("GetFleet"));
  } catch {
    await loadFleetOverHttp();
  }
}

async function loadFleetOverHttp() {
  try {
    store.replace(await get("/api/fleet"));
  } catch (e) {
    overview.showError(`Could not load the fleet: ${e.message}.`, () => loadFleetOverHttp());
  }
}

// The alert book: whole on every (re)connect, then pushed whole when it changed.
async function loadAlertBook() {
  try {
    book.replace(await live.invoke("GetAlertBook"));
  } catch {
    // Not connected: the next "alerts" push (or reconnect) brings it.
  }
}

live.addEventListener("resync", loadFleet);
live.addEventListener("resync", loadAlertBook);
live.addEventListener("alerts", (e) => book.replace(e.detail));
live.addEventListener("fleetDiff", (e) => store.applyDiff(e.detail)); // before the first whole fleet: the resync brings it
setTimeout(() => store.loaded || loadFleetOverHttp(), FIRST_LOAD_MS);

// Counts per level in the header; a click filters the overview by that level.
const counts = document.getElementById("counts");
store.addEventListener("update", () => {
  fill(counts, h("span", { class: "total" }, `${store.total} models`),
    levelNumbers().map((l) => h("button", {
      type: "button", class: "count-chip", dataset: { level: l }, title: `show only ${levelLabel(l)}`,
      onclick: () => { location.hash = "#/"; overview.setLevelFilter(l); },
    }, `L${l} ${store.countsByLevel[l] ?? 0}`)));
});

// Open incidents and firing alerts in the header, on every page.
const alertCount = document.getElementById("alert-count");
book.addEventListener("update", () => {
  const firing = book.alerts.filter((a) => a.state === "firing").length;
  alertCount.dataset.firing = String(firing);
  alertCount.dataset.unacknowledged = String(book.incidents.filter((l) => !l.incident.acknowledgedBy).length);
  alertCount.textContent = book.incidents.length || firing ? `${plural(book.incidents.length, "incident")} · ${firing} firing` : "no alerts";
});

// Router: #/ overview (with the alert book above it), #/model/{id}, #/runs, #/reviews.
function route() {
  const hash = location.hash || "#/";
  const model = hash.match(/^#\/model\/(.+)$/);
  const view = model ? "model" : hash === "#/runs" ? "runs" : hash === "#/reviews" ? "reviews" : hash === "#/exercises" && !session.world ? "exercises" : "overview";
  for (const id of ["overview", "model", "runs", "reviews", "exercises"]) document.getElementById(id).hidden = id !== view;
  document.getElementById("alerts").hidden = view !== "overview";
  document.querySelectorAll("nav.views a").forEach((a) => a.setAttribute("aria-current", a.dataset.view === view ? "page" : "false"));
  if (view === "model") modelView.show(decodeURIComponent(model[1]));
  else modelView.hide();
  if (view === "runs") runs.show();
  else runs.hide();
  if (view === "reviews") reviews.show();
  if (view === "exercises") exercises.show();
  else exercises.hide();
  const where = currentWorld() === LIVE ? "" : ` · ${currentWorld()}`;
  const titles = { runs: "Runs · Fleet", reviews: "Reviews · Fleet", exercises: "Exercises · Fleet" };
  document.title = (view === "model" ? `${decodeURIComponent(model[1])} · Fleet` : titles[view] ?? "Fleet") + where;
}

// The world switcher: always shows the world on screen; choosing another reloads the page in it.
const worldSelect = document.getElementById("world");
async function listWorlds() {
  try {
    return await get("/api/worlds", { timeout: 5000 });
  } catch {
    return []; // not reachable yet: the address (or the live fleet) decides
  }
}
function fillWorlds(worlds) {
  const shown = worlds.some((w) => w.id === currentWorld()) ? worlds : [{ id: currentWorld(), kind: "run", models: 0 }, ...worlds];
  fill(worldSelect, shown.map((w) => h("option", { value: w.id, selected: w.id === currentWorld() }, describeWorld(w))));
  document.body.dataset.world = currentWorld();
}
worldSelect.addEventListener("focus", async () => session.world || fillWorlds(await listWorlds()));
worldSelect.addEventListener("change", () => {
  const url = new URL(location.href);
  url.searchParams.set("world", worldSelect.value);
  location.assign(url);
});
// A trainee sees their team's world and nothing else: no switcher list, no runs, no exercises.
const worlds = session.world ? [{ id: session.world, kind: "run", models: 0 }] : await listWorlds();
setWorld(session.world ?? chooseWorld(worlds, new URLSearchParams(location.search).get("world")));
live.world = currentWorld();
fillWorlds(worlds.length ? worlds : [{ id: LIVE, kind: "live", models: 0 }]);
if (session.world) {
  document.body.dataset.trainee = "true";
  worldSelect.disabled = true;
  document.querySelectorAll("nav.views a[data-view=runs], nav.views a[data-view=exercises]").forEach((a) => a.remove());
  new DecisionBanner(document.getElementById("decision")).start();
}

// A handle for the console and the browser tests.
window.fleetDashboard = { session, store, book, live, overview, modelView, runs, reviews, exercises, alerts };

addEventListener("hashchange", route);
route();
live.start();
