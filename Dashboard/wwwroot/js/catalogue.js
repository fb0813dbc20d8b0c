// What Fleet judges models by, as the server declares it (GET /api/catalogue): level names, thresholds and rules.
// The page keeps no copy of its own; it reads the catalogue once after signing in.

const levels = new Map();

/** Takes the server's catalogue; the page's level names come from it. */
export function setCatalogue(catalogue) {
  levels.clear();
  for (const l of catalogue?.levels ?? []) levels.set(Number(l.level), l.name);
}

/** Loads the catalogue with the given GET (api.js's `get`). */
export async function loadCatalogue(get) {
  setCatalogue(await get("/api/catalogue"));
}

/** The level numbers, best first: [1, 2, 3, 4, 5]. */
export const levelNumbers = () => [...levels.keys()].sort((a, b) => a - b);

/** A level's name ("rules-based fallback"), or "" before the catalogue is loaded. */
export const levelName = (level) => levels.get(Number(level)) ?? "";
