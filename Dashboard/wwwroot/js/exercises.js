// Exercises panel (#/exercises, facilitators): create an exercise from a shipped or uploaded scenario, a recording or an
// ended run (tabletop) with its teams, hand out each team's join link, start, pause, resume and end every team's run
// together, the scoreboard side by side, and per team the timeline of injections and their true impact beside what the
// team did.
import { h, fill, notice } from "./dom.js";
import { get, post, enc } from "./api.js";
import { count } from "./format.js";
import { exerciseTimeline } from "./exercise-timeline.js";
import { reportLinks } from "./alerts-panel.js";

const POLL_MS = 3000;
const SCORE_TIMEOUT_MS = 120000; // the first score waits for the counterfactual runs

/** "red: ana, bo; blue" -> [{name: "red", trainees: ["ana", "bo"]}, {name: "blue", trainees: []}] */
export function parseTeams(text) {
  return text.split(";").map((t) => t.trim()).filter(Boolean).map((t) => {
    const [name, trainees = ""] = t.split(":");
    return { name: name.trim(), trainees: trainees.split(",").map((x) => x.trim()).filter(Boolean) };
  });
}

export class ExercisesPanel {
  visible = false;
  scores = new Map(); // the last scoreboard drawn per exercise, shown again while the next is read

  constructor(root) {
    this.root = root;
    this.scenario = h("select", { name: "exercise-scenario" }); // not "scenario": the runs panel has that one
    // A scenario file of the facilitator's own goes as its text, as the CLI's --scenario FILE does.
    const upload = h("input", { name: "exercise-scenario-file", type: "file", accept: ".yaml,.yml" });
    const recording = h("input", { name: "exercise-recording", size: 24, placeholder: "or a recording's id" });
    const tabletop = h("input", { name: "exercise-tabletop", size: 24, placeholder: "or an ended run's id" });
    const name = h("input", { name: "name", required: true, size: 20, placeholder: "e.g. Tuesday drill" });
    const teams = h("input", { name: "teams", required: true, size: 40, placeholder: "red: ana, bo; blue: cy" });
    const speed = h("input", { name: "speed", type: "number", min: 0, step: "any", size: 5, value: "1" });
    this.message = h("p", { class: "form-message", role: "status" });
    const form = h("form", { class: "exercise-create", "aria-label": "Create an exercise" },
      h("label", {}, "Name", name), h("label", {}, "Scenario", this.scenario),
      h("label", { title: "A scenario file of your own: it replaces the shipped one chosen" }, "or a file", upload), h("label", {}, "Recording", recording),
      h("label", { title: "Step through an ended run decision point by decision point; the room answers" }, "Tabletop of run", tabletop), h("label", {}, "Teams", teams),
      h("label", {}, "Speed", speed), h("button", { type: "submit", class: "primary" }, "Create"), this.message);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      // A recording's id, when given, is played instead of the scenario (each team a copy of it).
      const file = upload.files[0];
      const source = tabletop.value.trim() ? { tabletop: tabletop.value.trim() }
        : recording.value.trim() ? { recording: recording.value.trim() } : { scenario: file ? await file.text() : this.scenario.value };
      await this.send(() => post("/api/exercises", { name: name.value, ...source, teams: parseTeams(teams.value), speed: Number(speed.value) }),
        (x) => `Created ${x.id}.`);
    });
    this.list = h("div", { class: "exercise-list" }, notice("loading", "Loading exercises…"));
    fill(this.root, h("h2", {}, "Exercises"), h("section", {}, h("h3", {}, "Create an exercise"), form), this.list);
  }

  async show() {
    this.visible = true;
    try {
      const scenarios = await get("/api/scenarios");
      fill(this.scenario, scenarios.map((s) => h("option", { value: s }, s)));
    } catch (e) {
      this.message.textContent = `Could not list scenarios: ${e.message}`;
    }
    await this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  hide() {
    this.visible = false;
    clearInterval(this.timer);
  }

  async refresh() {
    if (!this.visible) return;
    try {
      const exercises = await get("/api/exercises");
      // The exercises at once, each scoreboard when it comes (the first waits for the counterfactual runs).
      const boards = exercises.map(() => h("div", { class: "scoreboard-slot" }));
      fill(this.list, exercises.length ? exercises.map((x, i) => this.render(x, boards[i])) : notice("empty", "No exercise yet."));
      await Promise.all(exercises.map(async (x, i) => {
        if (x.state === "created") return;
        const slot = this.scores.get(x.id);
        if (slot) fill(boards[i], slot);
        try {
          const [score, timeline] = await Promise.all([get(`/api/exercises/${enc(x.id)}/score`, { timeout: SCORE_TIMEOUT_MS }),
            get(`/api/exercises/${enc(x.id)}/timeline`, { timeout: SCORE_TIMEOUT_MS })]);
          const unscored = score.notScored?.length
            ? h("p", { class: "not-scored" }, `Recorded traffic has no simulator truth: not scored: ${score.notScored.join(", ")}.`) : null;
          const board = h("div", {}, unscored, this.scoreboard(score), exerciseTimeline(timeline));
          this.scores.set(x.id, board);
          fill(boards[i], board);
        } catch (e) {
          fill(boards[i], notice("error", `No score yet: ${e.message}`));
        }
      }));
    } catch (e) {
      fill(this.list, notice("error", `Could not load exercises: ${e.message}`, () => this.refresh()));
    }
  }

  render(x, board) {
    const steer = (verb) => h("button", { type: "button", dataset: { command: verb },
      onclick: () => this.send(() => post(`/api/exercises/${enc(x.id)}/${verb}`), () => `${x.name}: ${verb}`) }, verb);
    // A tabletop never plays live: "next" steps every team's run to its next decision point. A live exercise stopped at
    // a decision point is still running: resume plays on.
    const allowed = (x.tabletop ? { created: ["start", "end"], running: ["next", "end"] }
      : { created: ["start", "end"], running: ["pause", "resume", "end"], paused: ["resume", "end"] })[x.state] ?? [];
    const link = (t) => new URL(`/?join=${enc(t.joinCode)}`, location.href).href;
    return h("article", { class: "exercise", dataset: { exerciseId: x.id, state: x.state } },
      h("h3", {}, `${x.name} · ${x.state}${x.tabletop ? ` · tabletop of ${x.tabletop}` : ""}`), h("div", { class: "exercise-controls" }, allowed.map(steer),
        x.state === "created" ? null : reportLinks(`/api/exercises/${enc(x.id)}/report`, `exercise-${x.id}`, "Compare teams")),
      h("ul", { class: "teams" }, x.teams.map((t) => h("li", { dataset: { team: t.name } },
        `${t.name} (${t.trainees.join(", ") || "no names"}): join code `, h("code", {}, t.joinCode), " · ",
        h("a", { href: link(t) }, "join link")))),
      x.teams.some((t) => t.runId) ? h("p", { class: "team-reports" }, "Each team's postmortem: ", x.teams.filter((t) => t.runId).map((t) =>
        h("span", { dataset: { team: t.name } }, `${t.name} `, reportLinks(`/api/exercises/${enc(x.id)}/teams/${enc(t.name)}/report`, `postmortem-${x.id}-${t.name}`), " "))) : null,
      x.decisions?.length ? h("ul", { class: "decisions", "aria-label": "Decision points" }, x.decisions.map((d) => h("li", { dataset: { team: d.team, point: d.point } },
        `${d.team} · ${d.question} → `, d.answeredAt ? `${d.choice ? `[${d.choice}] ` : ""}${d.answer ?? ""} (${d.by}, took ${d.timeTaken})` : "waiting for an answer"))) : null,
      board);
  }

  scoreboard(score) {
    const d = (v) => v ?? "–";
    return h("table", { class: "scoreboard", "aria-label": "Scoreboard" },
      h("thead", {}, h("tr", {}, ["team", "bad predictions", "over ideal", "doing nothing", "detect", "acknowledge", "mitigate", "resolve",
        "mitigated by", "useless actions", "unacked alerts", "actions"].map((c) => h("th", {}, c)))),
      h("tbody", {}, score.teams.map((t) => h("tr", { dataset: { team: t.team } },
        h("td", {}, t.team), h("td", { class: "impact" }, count(t.impact)), h("td", {}, t.excessOverIdeal == null ? "–" : count(t.excessOverIdeal)),
        h("td", {}, count(t.doNothingImpact)), h("td", {}, d(t.timeToDetect)), h("td", {}, d(t.timeToAcknowledge)),
        h("td", {}, d(t.timeToMitigate)), h("td", {}, d(t.timeToResolve)), h("td", {}, d(t.mitigatedBy)),
        h("td", {}, t.uselessActions.map((a) => `${a.action} ${a.model}`).join(", ") || "–"), h("td", {}, String(t.unacknowledgedAlerts)),
        h("td", {}, t.actions.map((a) => `${a.at.slice(11, 16)} ${a.action} ${a.model}`).join(", ") || "–")))));
  }

  async send(call, success) {
    this.message.textContent = "";
    try {
      this.message.textContent = success(await call());
    } catch (e) {
      this.message.textContent = e.message;
    }
    await this.refresh();
  }
}
