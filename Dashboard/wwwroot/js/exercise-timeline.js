// The facilitator's timeline of an exercise (GET /api/exercises/{id}/timeline): per team, one table in event time with
// the scenario's injections and their true impact, the monitor's incidents and what the team did side by side, the
// team's bad serving over time (bars: the team's; the marker: had nobody responded) and its current scores.
import { h } from "./dom.js";
import { count } from "./format.js";

const SIDES = ["scenario", "monitor", "team"];

export function exerciseTimeline(timeline) {
  return h("div", { class: "exercise-timeline", "aria-label": "Timeline" }, timeline.teams.map(teamTimeline));
}

function teamTimeline(t) {
  const s = t.score;
  return h("section", { class: "team-timeline", dataset: { team: t.team } },
    h("h4", {}, `${t.team} · at ${clock(t.now)} · ${count(s.impact)} bad predictions (doing nothing ${count(s.doNothingImpact)})`,
      ` · detect ${s.timeToDetect ?? "–"} · mitigate ${s.timeToMitigate ?? "–"} · resolve ${s.timeToResolve ?? "–"}`),
    impactBars(t.impact),
    h("table", { class: "timeline" },
      h("thead", {}, h("tr", {}, ["time", "injections (true impact)", "monitor", "team"].map((c) => h("th", {}, c)))),
      h("tbody", {}, t.moments.map((m) => h("tr", { dataset: { side: m.side, kind: m.kind } },
        h("td", {}, clock(m.at)), SIDES.map((side) => h("td", { class: side }, side === m.side ? describe(m) : "")))))));
}

function describe(m) {
  const impact = m.impact == null ? "" : ` · ${count(m.impact)} bad (doing nothing ${count(m.doNothingImpact)})`;
  return `${m.kind} ${m.what}${m.by ? ` by ${m.by}` : ""}${m.detail ? `: ${m.detail}` : ""}${impact}`;
}

function impactBars(spans) {
  const top = Math.max(1, ...spans.map((x) => Math.max(x.bad, x.doNothingBad)));
  return h("div", { class: "impact-bars", role: "img", "aria-label": "Bad predictions over time: the team's, and had nobody responded" },
    spans.map((x) => {
      const bar = h("span", { class: "impact-bar", title: `${clock(x.from)}: ${count(x.bad)} bad (doing nothing ${count(x.doNothingBad)})` },
        h("span", { class: "do-nothing" }), h("span", { class: "team" }));
      // Heights through the CSSOM: the page's policy forbids inline style attributes.
      bar.children[0].style.bottom = `${(100 * x.doNothingBad) / top}%`;
      bar.children[1].style.height = `${(100 * x.bad) / top}%`;
      return bar;
    }));
}

const clock = (at) => (at ? at.slice(11, 16) : "–");
