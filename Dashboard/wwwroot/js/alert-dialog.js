// The dialog behind the alert book's buttons (acknowledge, mitigate, silence, lift a silence). Like the
// model actions it always asks who, and why; the server's answer (a 400 names its field) is shown in it.
import { h, fill } from "./dom.js";
import { request } from "./api.js";
import { sendOnSubmit, closeWith } from "./form-dialog.js";

const DURATIONS = ["30m", "1h", "2h", "4h", "12h", "1d"];

export class AlertDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.dialog.addEventListener("close", () => this.resolve?.(null));
  }

  /**
   * Opens a form. spec: {title, label, danger, fields: [{name, label, value, required, kind: "text"|"textarea"|"duration", hint}],
   * send: async (values) => void}. Resolves with the values sent, or null when cancelled.
   */
  open(spec) {
    this.resolve?.(null);
    const inputs = spec.fields.map((f) => [f, field(f)]);
    const message = h("p", { class: "form-message", role: "alert" });
    const submit = h("button", { type: "submit", class: spec.danger ? "danger" : "primary" }, spec.label);
    const form = h("form", { method: "dialog", class: "action-form", dataset: { form: spec.form ?? "" } },
      h("h2", {}, spec.title),
      spec.note ? h("p", { class: "muted" }, spec.note) : null,
      inputs.map(([f, input]) => h("label", {}, f.label, input, f.hint ? h("small", { class: "muted" }, f.hint) : null)),
      message,
      h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => this.dialog.close() }, "Cancel"), submit));
    sendOnSubmit(form, submit, message, {
      values: () => Object.fromEntries(inputs.map(([f, input]) => [f.name, input.value.trim()])),
      send: (values) => {
        if (values.by) localStorage.setItem("fleet.by", values.by);
        return spec.send(values);
      },
      sent: (values) => closeWith(this, values),
    });
    fill(this.dialog, form);
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.dialog.showModal();
      (inputs.find(([, input]) => !input.value)?.[1] ?? submit).focus();
    });
  }
}

function field(f) {
  if (f.kind === "textarea") return h("textarea", { name: f.name, rows: 3, required: f.required, placeholder: f.placeholder ?? "" }, f.value ?? "");
  if (f.kind === "duration")
    return h("select", { name: f.name }, DURATIONS.map((d) => h("option", { value: d, selected: d === (f.value ?? "2h") }, d)));
  return h("input", { name: f.name, required: f.required, value: f.value ?? "", placeholder: f.placeholder ?? "", autocomplete: f.name === "by" ? "name" : "off" });
}

/** Who acts, remembered from the last form. */
export const whoField = () => ({ name: "by", label: "Your name", value: localStorage.getItem("fleet.by") ?? "", required: true });

export const send = (method, path, body) => request(method, path, { body });
