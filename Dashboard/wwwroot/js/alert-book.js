// The alert book as the page knows it: open incidents, pending and firing alerts, firing models and
// silences, replaced whole by each "alerts" push (the server sends it only when the book changed,
// at most a few times a second). Emits "update" after every change.

export class AlertBook extends EventTarget {
  version = -1;
  now = null;
  incidents = [];
  alerts = [];
  alertsTotal = 0;
  silences = [];
  firing = new Map(); // model id -> {firing, severity, silenced}
  loaded = false;

  /** A whole book (GetAlertBook or the "alerts" push); an older version than the one shown is ignored. */
  replace(book) {
    if (!book || (typeof book.version === "number" && book.version < this.version)) return;
    this.version = book.version ?? this.version;
    this.now = book.now ?? null;
    this.incidents = book.incidents ?? [];
    this.alerts = book.alerts ?? [];
    this.alertsTotal = book.alertsTotal ?? this.alerts.length;
    this.silences = book.silences ?? [];
    this.firing = new Map((book.firingModels ?? []).map((m) => [m.model, m]));
    this.loaded = true;
    this.dispatchEvent(new CustomEvent("update"));
  }

  /** The pending and firing alerts of one model (among those the server listed). */
  alertsOf(model) {
    return this.alerts.filter((a) => a.model === model);
  }

  /** The open incident covering a model, if any. */
  incidentOf(model) {
    return this.incidents.find((line) => line.incident.models.includes(model))?.incident ?? null;
  }
}
