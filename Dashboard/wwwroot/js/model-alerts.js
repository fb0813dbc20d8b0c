// The model view's active alerts: from the pushed alert book (state, severity, since, acknowledgement,
// silence, incident); before the book arrives, the snapshot's own list of rule names.
import { h, fill } from "./dom.js";
import { time, duration } from "./format.js";

export class ModelAlerts {
  constructor(host, book) {
    this.host = host;
    this.book = book;
  }

  render(model) {
    if (!model) return;
    const alerts = this.book?.loaded ? this.book.alertsOf(model.id) : null;
    if (!alerts) {
      const names = model.activeAlerts ?? [];
      fill(this.host, names.length ? h("ul", { class: "model-alerts" }, names.map((n) => h("li", {}, n))) : h("p", { class: "muted" }, "No alert is pending or firing."));
      return;
    }
    const incident = this.book.incidentOf(model.id);
    fill(this.host,
      incident ? h("p", { class: "model-incident", dataset: { incidentId: incident.id } }, "In incident ", h("strong", {}, incident.id), `: ${incident.title} (`,
        incident.acknowledgedBy ? `acknowledged by ${incident.acknowledgedBy}` : h("span", { class: "ack no" }, "unacknowledged"), ")") : null,
      alerts.length ? h("ul", { class: "model-alerts" }, alerts.map((a) =>
        h("li", { dataset: { rule: a.rule, state: a.state, severity: a.severity } },
          h("span", { class: `state-tag ${a.state}` }, a.state), " ",
          h("span", { class: "badge severity", dataset: { severity: a.severity } }, a.severity), " ",
          h("strong", {}, a.rule), ` since ${time(a.activeSince ?? a.since)} (${duration(a.activeSince ?? a.since, this.book.now)}): ${a.message}`,
          a.acknowledgedBy ? h("span", { class: "muted" }, ` · acknowledged by ${a.acknowledgedBy}`) : null,
          a.silencedBy ? h("span", { class: "badge silenced" }, "silenced") : null)))
        : h("p", { class: "muted" }, "No alert is pending or firing."));
  }
}
