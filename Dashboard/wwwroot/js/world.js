// Which world the page shows: the live fleet or one run (each has its own models, alerts and clock). It is
// named in the address (?world=); without one the page opens on the live fleet when it has models, else on the
// oldest run with models (the demo), so a newcomer lands on something alive.

export const LIVE = "live";

let current = LIVE;

export const currentWorld = () => current;

export function setWorld(world) {
  current = world || LIVE;
}

/** The API path in the world on screen: every /api/ route but runs, scenarios and the worlds list takes ?world=. */
export function inWorld(path, world = current) {
  if (world === LIVE || !path.startsWith("/api/") || /^\/api\/(runs|scenarios|worlds)([/?]|$)/.test(path)) return path;
  return `${path}${path.includes("?") ? "&" : "?"}world=${encodeURIComponent(world)}`;
}

/** The world to open, from GET /api/worlds (live first, then runs oldest first) and the one the address asks for. */
export function chooseWorld(worlds, asked) {
  if (asked && worlds.some((w) => w.id === asked)) return asked;
  if (asked && worlds.length === 0) return asked; // the list could not be read: trust the address
  const live = worlds.find((w) => w.id === LIVE);
  if (live?.models > 0) return LIVE;
  return worlds.find((w) => w.kind === "run" && w.models > 0)?.id ?? LIVE;
}

/** How a world is named in the switcher. */
export function describeWorld(w) {
  if (w.id === LIVE) return `live fleet (${w.models} models)`;
  return `run ${w.id} · ${w.state ?? "?"} (${w.models} models)`;
}
