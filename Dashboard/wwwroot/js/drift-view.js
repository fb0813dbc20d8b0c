// The model view's drift section: the last hour against the reference, one row per feature (and the
// score), every statistic under its common name, the deciding statistics marked, drifted rows
// highlighted, and each feature's data quality. Each number cell carries its raw value (data-value).
import { h, fill } from "./dom.js";
import { pct, stat, count, isNum } from "./format.js";

/** The statistics in the order a reader compares them; the names are the API's (and Evidently's) common names. */
export const STATISTICS = [
  ["psi", "population stability index (0.1 moderate, 0.25 major)"],
  ["ks", "Kolmogorov-Smirnov D (numbers)"],
  ["ks_p_value", "Kolmogorov-Smirnov p-value (< 0.05 breaches)"],
  ["jensen_shannon", "Jensen-Shannon distance, base 2 (0.1)"],
  ["wasserstein", "Wasserstein-1 over the reference's standard deviation, at least 0.001 (0.1)"],
  ["hellinger", "Hellinger distance (0.1)"],
  ["chi_square", "chi-square statistic (categories, and numbers with a bin per value)"],
  ["chi_square_p_value", "chi-square p-value (< 0.05 breaches)"],
];

export const QUALITY = [
  ["missing_rate", "missing", "share of rows without the feature"],
  ["out_of_range_rate", "out of range", "share outside the reference's [min, max]"],
  ["unseen_category_rate", "unseen categories", "share of categories the reference never saw"],
  ["wrong_type_rate", "wrong type", "share arriving as the other type"],
];

export class DriftView {
  constructor(host) {
    this.host = host;
  }

  render(drift) {
    if (!drift) {
      fill(this.host, h("p", { class: "muted" }, "No drift figures from this server."));
      return;
    }
    const fitting = drift.referenceRows < drift.referenceNeeded;
    const judged = drift.features.filter((f) => f.judged).length;
    const drifted = drift.features.filter((f) => f.drifted).length;
    fill(this.host,
      h("p", { class: "drift-summary" },
        h("span", { class: "drift-share", dataset: { value: drift.driftedShare ?? "", inputDrift: String(drift.inputDrift) } },
          "drift share ", h("strong", {}, pct(drift.driftedShare)), ` (${drifted} of ${judged} judged features drifted)`),
        drift.inputDrift ? h("span", { class: "badge breach" }, "input drift") : null,
        ` · reference ${count(drift.referenceRows)}/${count(drift.referenceNeeded)} rows${fitting ? " (still fitting: nothing is judged yet)" : ""}`,
        ` · ${count(drift.rows)} rows in the last hour`,
        isNum(drift.topCategoryShare) ? ` · top item category ${pct(drift.topCategoryShare)}` : null),
      drift.appeared?.length ? h("p", {}, "Features appeared: ", drift.appeared.join(", ")) : null,
      drift.disappeared?.length ? h("p", { class: "warn-text" }, "Features disappeared: ", drift.disappeared.join(", ")) : null,
      drift.changeDetected?.length ? h("p", { class: "warn-text" }, "Change detected: ", drift.changeDetected.join(", ")) : null,
      drift.features.length || drift.score ? table(drift) : h("p", { class: "muted" }, fitting ? "The reference is still being fitted from this version's first predictions." : "No feature has been seen yet."));
  }
}

function table(drift) {
  return h("div", { class: "table-scroll" }, h("table", { class: "drift" },
    h("thead", {},
      h("tr", {}, h("th", { rowspan: 2 }, "feature"), h("th", { rowspan: 2 }, "drifted"), h("th", { rowspan: 2 }, "decided by"),
        h("th", { colspan: STATISTICS.length, class: "group" }, "drift statistics (last hour vs reference)"),
        h("th", { colspan: QUALITY.length + 1, class: "group" }, "data quality")),
      h("tr", {}, STATISTICS.map(([name, title]) => h("th", { title, dataset: { stat: name } }, name)),
        QUALITY.map(([name, label, title]) => h("th", { title, dataset: { stat: name } }, label)), h("th", {}, "issues"))),
    h("tbody", {}, drift.features.map((f) => row(f, f.feature))),
    drift.score ? h("tbody", { class: "score" }, row(drift.score, "score (prediction)")) : null));
}

function row(f, label) {
  const decided = new Set(f.decidedBy ?? []);
  const breached = new Set(f.breaches ?? []);
  const verdict = !f.judged ? "not judged" : f.drifted ? "drifted" : "no";
  return h("tr", { class: f.drifted ? "drifted" : f.judged ? "" : "unjudged", dataset: { feature: f.feature, drifted: String(f.drifted), judged: String(f.judged) } },
    h("th", { scope: "row" }, label, h("small", { class: "muted" }, ` ${f.kind}`)),
    h("td", { class: "verdict" }, verdict),
    // All the deciding statistics must breach, or any one of them (the "any statistic" decision).
    h("td", { class: "decided" }, decided.size ? [...decided].join(f.decidedByAny ? " or " : " and ") : "–"),
    STATISTICS.map(([name]) => {
      const v = f.statistics?.[name];
      const base = name.replace(/_p_value$/, "");
      return h("td", {
        class: ["num", decided.has(base) ? "deciding" : "", breached.has(base) ? "breached" : ""].filter(Boolean).join(" "),
        dataset: { stat: name, value: isNum(v) ? String(v) : "" },
      }, stat(v));
    }),
    QUALITY.map(([name]) => {
      const v = f.dataQuality?.[name];
      return h("td", { class: "num", dataset: { stat: name, value: isNum(v) ? String(v) : "" } }, pct(v, 2));
    }),
    h("td", { class: f.qualityIssues?.length ? "issues breached" : "issues" }, f.qualityIssues?.length ? f.qualityIssues.join(", ") : "–"));
}
