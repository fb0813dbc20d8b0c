// The alert book on the live page: open incidents (scope, severity, milestones and the times between
// them, who was paged at which rung, acknowledged or not) and the pending and firing alerts, with
// Acknowledge, Mitigate and Silence. It renders whatever the AlertBook holds; pushes keep that current,
// so it never polls. Every action asks who and why (AlertDialog) and uses the alert endpoints.
import { h, fill, notice, arrange } from "./dom.js";
import { enc } from "./api.js";
import { AlertDialog, whoField, send } from "./alert-dialog.js";
import { time, duration, plural } from "./format.js";
import { inWorld } from "./world.js";

const MODELS_SHOWN = 12;
const RUNGS = { owner: "owner", platformOnCall: "platform on-call", lead: "lead" };
const CAUSES = { model: "one model", dataSource: "shared data source", domain: "same domain" };

export class AlertsPanel {
  constructor(root, book, dialog, refresh) {
    this.root = root;
    this.book = book;
    this.dialog = new AlertDialog(dialog);
    this.refresh = refresh; // asks for the book at once after an action (the push follows anyway)
    this.summary = h("span", { class: "alerts-summary" });
    this.incidents = h("div", { class: "incidents", "aria-label": "Open incidents" });
    this.alerts = h("div", { class: "alert-list" });
    this.silences = h("div", { class: "silence-list" });
    this.rows = new Map(); // rule and model -> {tr, sig: what the row shows but its age, age: the age's element}
    this.more = h("p", { class: "muted" }); // "Showing the N most urgent of M"
    this.details = h("details", { class: "alerts-panel", open: true },
      h("summary", {}, h("h2", {}, "Incidents and alerts"), this.summary),
      h("div", { class: "alerts-bar" },
        h("button", { type: "button", dataset: { do: "silence" }, onclick: () => this.silence({}) }, "Silence…")),
      h("h3", {}, "Open incidents"), this.incidents,
      h("h3", {}, "Firing and pending alerts"), this.alerts,
      h("h3", {}, "Silences in force"), this.silences);
    fill(root, notice("loading", "Loading the alert book…"));
    book.addEventListener("update", () => this.render());
  }

  render() {
    const b = this.book;
    const firing = b.alerts.filter((a) => a.state === "firing").length;
    const pending = b.alerts.filter((a) => a.state === "pending").length;
    const unacked = b.incidents.filter((l) => !l.incident.acknowledgedBy).length;
    this.root.dataset.version = String(b.version);
    this.root.dataset.firing = String(firing);
    this.summary.textContent = ` ${plural(b.incidents.length, "open incident")} (${unacked} unacknowledged) · ${firing} firing · ${pending} pending · ` +
      `${plural(b.silences.length, "silence")} · book clock ${time(b.now)}`;
    fill(this.incidents, b.incidents.length ? b.incidents.map((line) => this.incident(line)) : h("p", { class: "muted" }, "No open incident."));
    if (b.alerts.length) {
      const table = this.alertTable(b.alerts);
      if (this.alerts.firstChild !== table) fill(this.alerts, table, this.more);
      this.more.hidden = b.alertsTotal <= b.alerts.length;
      this.more.textContent = this.more.hidden ? "" : `Showing the ${b.alerts.length} most urgent of ${b.alertsTotal}.`;
    } else {
      fill(this.alerts, h("p", { class: "muted" }, "Nothing is firing or pending."));
      this.rows.clear();
      this.tbody?.replaceChildren();
    }
    fill(this.silences, b.silences.length ? h("ul", {}, b.silences.map((s) => this.silenceItem(s))) : h("p", { class: "muted" }, "No silence in force."));
    if (!this.details.isConnected) fill(this.root, this.details);
  }

  incident({ incident: i, pages }) {
    const acked = Boolean(i.acknowledgedBy);
    const more = i.models.length - MODELS_SHOWN;
    return h("article", { class: "incident", dataset: { incidentId: i.id, severity: i.severity, acknowledged: String(acked) } },
      h("header", {},
        h("span", { class: "badge severity", dataset: { severity: i.severity } }, i.severity),
        h("strong", { class: "incident-id" }, i.id), " ",
        h("span", { class: "incident-title" }, i.title),
        h("span", { class: "muted" }, ` · ${CAUSES[i.cause?.kind] ?? i.cause?.kind}${i.cause?.values?.length && i.cause.kind !== "model" ? `: ${i.cause.values.join(", ")}` : ""}`),
        h("span", { class: acked ? "ack yes" : "ack no" }, acked ? `acknowledged by ${i.acknowledgedBy}` : "unacknowledged")),
      h("p", { class: "incident-models" }, `${plural(i.models.length, "model")}: `,
        i.models.slice(0, MODELS_SHOWN).map((m, n) => [n ? ", " : "", h("a", { href: `#/model/${enc(m)}` }, m)]),
        more > 0 ? ` and ${more} more` : "",
        ` · alerts: ${[...new Set(i.alerts.map((a) => a.rule))].join(", ")}`),
      milestones(i),
      escalation(i, pages),
      h("div", { class: "buttons" },
        h("button", { type: "button", dataset: { do: "ack" }, disabled: acked, onclick: () => this.acknowledge(i) }, "Acknowledge"),
        h("button", { type: "button", dataset: { do: "mitigate" }, disabled: Boolean(i.milestones.mitigated), onclick: () => this.mitigate(i) }, "Mitigate"),
        h("button", { type: "button", dataset: { do: "silence" }, onclick: () => this.silence(i.models.length === 1 ? { model: i.models[0] } : { domain: i.cause?.kind === "domain" ? i.cause.values[0] : "" }) }, "Silence…"),
        reportLinks(inWorld(`/api/incidents/${enc(i.id)}/report`), `postmortem-${i.id}`)));
  }

  /**
   * The table of alerts, kept across pushes: a row is rebuilt only when what it shows changed (else only its age),
   * and rows are moved only when out of place. A push rebuilding all its rows (up to 300) kept the page's renderer
   * busy while a stream of alerts came in.
   */
  alertTable(alerts) {
    const now = this.book.now;
    this.table ??= h("table", { class: "alerts" },
      h("thead", {}, h("tr", {}, ["state", "severity", "rule", "model", "what", "since", "incident", "acknowledged", "silenced", ""].map((c) => h("th", {}, c)))),
      (this.tbody = h("tbody", {})));
    const shown = new Set();
    const order = [];
    for (const a of alerts) {
      const key = `${a.rule}\u0001${a.model}`;
      shown.add(key);
      const since = a.activeSince ?? a.since;
      const sig = JSON.stringify([a.state, a.severity, a.modelInfo?.domain, a.message, since, a.incidentId, a.acknowledgedBy, a.silencedBy]);
      let row = this.rows.get(key);
      if (row?.sig !== sig) {
        const fresh = this.alertRow(a, since, sig);
        row?.tr.replaceWith(fresh.tr);
        this.rows.set(key, (row = fresh));
      }
      const age = ` (${duration(since, now)})`;
      if (row.age.textContent !== age) row.age.textContent = age;
      order.push(row.tr);
    }
    for (const [key, row] of this.rows) if (!shown.has(key)) { row.tr.remove(); this.rows.delete(key); }
    arrange(this.tbody, order);
    return this.table;
  }

  alertRow(a, since, sig) {
    const age = h("small", { class: "muted" });
    const tr = h("tr", { dataset: { rule: a.rule, model: a.model, state: a.state, severity: a.severity, silenced: String(Boolean(a.silencedBy)) } },
      h("td", {}, h("span", { class: `state-tag ${a.state}` }, a.state)),
      h("td", {}, h("span", { class: "badge severity", dataset: { severity: a.severity } }, a.severity)),
      h("td", {}, a.rule),
      h("td", {}, h("a", { href: `#/model/${enc(a.model)}` }, a.model), h("small", { class: "muted" }, ` ${a.modelInfo?.domain ?? ""}`)),
      h("td", { class: "message" }, a.message),
      h("td", {}, time(since), age),
      h("td", {}, a.incidentId ?? "–"),
      h("td", {}, a.acknowledgedBy ? `${a.acknowledgedBy}` : h("span", { class: "muted" }, "no")),
      h("td", {}, a.silencedBy ? h("span", { class: "badge silenced", title: a.silencedBy }, "silenced") : h("span", { class: "muted" }, "no")),
      h("td", { class: "controls" },
        h("button", { type: "button", dataset: { do: "ack" }, disabled: Boolean(a.acknowledgedBy), onclick: () => this.acknowledgeAlert(a) }, "Ack"),
        h("button", { type: "button", dataset: { do: "silence" }, onclick: () => this.silence({ rule: a.rule, model: a.model }) }, "Silence…")));
    return { tr, sig, age };
  }

  silenceItem(s) {
    return h("li", { dataset: { silenceId: s.id } },
      h("strong", {}, matcherText(s.matcher)), ` until ${time(s.until)} · by ${s.by}: ${s.reason} `,
      h("button", { type: "button", class: "link", dataset: { do: "lift" }, onclick: () => this.lift(s) }, "lift"));
  }

  async acknowledge(i) {
    await this.act({
      form: "ack", title: `Acknowledge ${i.id}: ${i.title}`, label: "Acknowledge",
      note: "Stops the escalation ladder; the reason goes into the journal of every model of the incident.",
      fields: [whoField(), { name: "reason", label: "Why / what you are doing", kind: "textarea", required: true }],
      send: (v) => send("POST", `/api/incidents/${enc(i.id)}/ack`, { by: v.by, reason: v.reason }),
    });
  }

  async mitigate(i) {
    await this.act({
      form: "mitigate", title: `Mitigate ${i.id}: ${i.title}`, label: "Mark mitigated",
      note: "Records when the impact was stopped (time to mitigate); the incident resolves when its alerts do.",
      fields: [whoField(), { name: "reason", label: "What mitigated it", kind: "textarea", required: true }],
      send: (v) => send("POST", `/api/incidents/${enc(i.id)}/mitigate`, { by: v.by, reason: v.reason }),
    });
  }

  async acknowledgeAlert(a) {
    await this.act({
      form: "ack", title: `Acknowledge ${a.rule} on ${a.model}`, label: "Acknowledge",
      note: a.incidentId ? `This acknowledges its incident ${a.incidentId}.` : null,
      fields: [whoField(), { name: "reason", label: "Why / what you are doing", kind: "textarea", required: true }],
      send: (v) => send("POST", "/api/alerts/ack", { target: `${a.rule}/${a.model}`, by: v.by, reason: v.reason }),
    });
  }

  async silence({ rule = "", model = "", domain = "" }) {
    await this.act({
      form: "silence", title: "Silence alerts", label: "Silence",
      note: "Matching alerts still change state and are listed, but nobody is paged or escalated to until it ends.",
      fields: [
        { name: "rule", label: "Rule", value: rule, placeholder: "any rule", hint: "e.g. error-rate, model-degraded" },
        { name: "model", label: "Model", value: model, placeholder: "any model" },
        { name: "domain", label: "Domain", value: domain, placeholder: "any domain" },
        { name: "duration", label: "For", kind: "duration" },
        whoField(),
        { name: "reason", label: "Reason", kind: "textarea", required: true },
      ],
      send: (v) => send("POST", "/api/silences", {
        rule: v.rule || null, model: v.model || null, domain: v.domain || null, duration: v.duration, by: v.by, reason: v.reason,
      }),
    });
  }

  async lift(s) {
    await this.act({
      form: "lift", title: `Lift silence ${s.id} (${matcherText(s.matcher)})`, label: "Lift",
      fields: [whoField()],
      send: (v) => send("DELETE", `/api/silences/${enc(s.id)}?by=${enc(v.by)}`),
    });
  }

  async act(spec) {
    if (await this.dialog.open(spec)) await this.refresh();
  }
}

/** The five milestones in order, each with the time since the one before it. */
function milestones(i) {
  const m = i.milestones;
  const steps = [
    ["impact started", m.impactStarted, null],
    ["detected", m.detected, m.impactStarted, "time to detect"],
    ["acknowledged", m.acknowledged, m.detected, "time to acknowledge", i.acknowledgedBy],
    ["mitigated", m.mitigated, m.impactStarted, "time to mitigate (from impact)", i.mitigatedBy],
    ["resolved", m.resolved, m.impactStarted, "time to resolve (from impact)"],
  ];
  return h("ol", { class: "milestones" }, steps.map(([name, at, from, label, by]) =>
    h("li", { class: at ? "reached" : "open", dataset: { milestone: name.split(" ")[0] } },
      h("span", { class: "name" }, name),
      h("time", { datetime: at ?? "" }, at ? time(at) : "not yet"),
      at && from ? h("small", { title: label }, `+${duration(from, at)}`) : null,
      by ? h("small", { class: "muted" }, ` by ${by}`) : null)));
}

/** Where the ladder stands and who was told, rung by rung. */
function escalation(i, pages) {
  return h("div", { class: "escalation" },
    h("span", {}, i.rung ? `Escalation: ${RUNGS[i.rung] ?? i.rung}` : "Not paged (silenced or below the notify severity)"),
    pages.length ? h("ul", { class: "pages" }, pages.map((p) =>
      h("li", { dataset: { rung: p.rung, kind: p.kind } },
        h("time", { datetime: p.at }, time(p.at)), " ",
        h("strong", {}, `${p.kind === "escalate" ? "escalated to" : p.kind === "resolved" ? "told resolved" : p.severity === "page" ? "paged" : "ticket to"} ${RUNGS[p.rung] ?? p.rung}`),
        `: ${p.recipients.join(", ")}`))) : null);
}

function matcherText(m) {
  const parts = [m.rule && `rule=${m.rule}`, m.model && `model=${m.model}`, m.domain && `domain=${m.domain}`].filter(Boolean);
  return parts.length ? parts.join(", ") : "everything";
}

/** The postmortem draft of an incident, a run or an exercise, as one self-contained HTML file and as Markdown (downloads). */
export function reportLinks(path, name, label = "Postmortem") {
  const at = (format) => `${path}${path.includes("?") ? "&" : "?"}format=${format}`;
  return h("span", { class: "report-links" },
    h("a", { class: "button", href: at("html"), download: `${name}.html`, dataset: { do: "report" } }, label),
    " ", h("a", { href: at("md"), download: `${name}.md`, dataset: { do: "report-md" } }, "(md)"));
}
