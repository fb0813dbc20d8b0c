// Number, time and level formatting shared by the views.

export const LEVEL_NAMES = { 1: "full AI", 2: "reduced AI", 3: "rules-based fallback", 4: "generic fallback", 5: "error state" };

export const WINDOWS = ["5m", "1h", "24h", "30d"];

const missing = "–";

export const isNum = (v) => typeof v === "number" && Number.isFinite(v);

export function pct(v, digits = 1) {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : missing;
}

export function ms(v) {
  if (!isNum(v)) return missing;
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
}

export function count(v) {
  if (!isNum(v)) return missing;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return String(v);
}

/** Quality in the model's own metric: MAE is a plain number (lower is better), the rest are shares. */
export function quality(v, metric) {
  if (!isNum(v)) return missing;
  return metric === "mae" ? v.toFixed(3) : pct(v);
}

export const lowerIsBetter = (metric) => metric === "mae";

export function time(iso) {
  if (!iso) return missing;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/:00Z$/, "Z");
}

export function levelLabel(level, name) {
  return `L${level} ${name ?? LEVEL_NAMES[level] ?? ""}`.trim();
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
