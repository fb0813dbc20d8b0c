// Number, time and level formatting shared by the views.

import { levelName } from "./catalogue.js";

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
  return `L${level} ${name ?? levelName(level)}`.trim();
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A span of time between two instants, as an operator reads it: "45s", "12m", "1h 05m", "2d 3h". */
export function duration(fromIso, toIso) {
  const a = Date.parse(fromIso);
  const b = Date.parse(toIso);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return missing;
  const s = Math.max(0, Math.round((b - a) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? ` ${String(s % 60).padStart(2, "0")}s` : ""}`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** A statistic with four decimals (p-values below 0.0001 in scientific notation, so they do not read as 0). */
export function stat(v) {
  if (!isNum(v)) return missing;
  return v !== 0 && Math.abs(v) < 1e-4 ? v.toExponential(2) : v.toFixed(4);
}

export const SEVERITY_ORDER = { info: 0, warning: 1, page: 2 };
