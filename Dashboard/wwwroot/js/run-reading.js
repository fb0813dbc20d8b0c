// How the runs panel reads a run's journal and a replay's comparison: pure, so Node can test it.

/** Ended states: a run in one of them takes no more control, and a replay in one has its verdict. */
export const isOver = (state) => /stopped|finished|completed|failed/i.test(state ?? "");

/**
 * Where the journal's next page starts: the page's own cursor while more is stored, else after its last entry
 * (newer entries of a playing run land there), else where this page started (nothing new yet).
 */
export function nextAfter(after, page) {
  if (page.next !== null && page.next !== undefined) return page.next;
  const last = page.entries?.at(-1);
  return last ? last.position : after;
}

/** The detection of a replay and its original side by side: [what, original, replay] rows. */
export function detectionRows(comparison) {
  const o = comparison.originalDetection;
  const r = comparison.replayDetection;
  return [
    ["first alert firing", o.firstFiring ?? null, r.firstFiring ?? null, "time"],
    ["first model off full AI", o.firstBreach ?? null, r.firstBreach ?? null, "time"],
    ["alerts fired", o.firing, r.firing, "count"],
    ["alert changes", o.alertChanges, r.alertChanges, "count"],
  ];
}

/** The replay's verdict as the page says it: "digest matches", or the server's words on where the journals part. */
export function verdictText(comparison) {
  return comparison.digestMatches ? "digest matches" : comparison.verdict || "digests differ";
}
