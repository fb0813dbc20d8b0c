// Operator actions on one model (POST /api/models/{id}/actions). Every action asks for a reason and
// who takes it, and the parameters the server declares for it, in a small dialog; the answer (202, 400 with
// the field, not available) is shown in it.
import { h, fill } from "./dom.js";
import { post, enc } from "./api.js";
import { sendOnSubmit, closeWith } from "./form-dialog.js";
import { requestBody, title } from "./action-catalog.js";

export class ActionDialog {
  constructor(dialog) {
    this.dialog = dialog;
    this.dialog.addEventListener("close", () => this.resolve?.(null));
  }

  /** Opens the dialog for one action; resolves with the request sent (accepted) or null (cancelled). */
  open(modelId, spec) {
    this.resolve?.(null);
    const by = h("input", { name: "by", required: true, autocomplete: "name", value: localStorage.getItem("fleet.by") ?? "" });
    const reason = h("textarea", { name: "reason", required: true, rows: 3, placeholder: "why (kept in the model's journal)" });
    const inputs = spec.parameters.map((p) => [p, p.choices.length
      ? h("select", { name: p.name }, ...p.choices.map((c) => h("option", { value: c, selected: c === p.default }, p.integer ? `L${c}` : c)))
      : h("input", { name: p.name, value: p.default ?? "", placeholder: p.description })]);
    const message = h("p", { class: "form-message", role: "alert" });
    const submit = h("button", { type: "submit", class: spec.danger ? "danger" : "primary" }, title(spec));
    const form = h("form", { method: "dialog", class: "action-form" },
      h("h2", {}, `${title(spec)}: ${modelId}`),
      h("label", {}, "Your name", by),
      h("label", {}, "Reason", reason),
      ...inputs.map(([p, input]) => h("label", { title: p.description }, p.name[0].toUpperCase() + p.name.slice(1), input)),
      message,
      h("div", { class: "buttons" },
        h("button", { type: "button", onclick: () => this.dialog.close() }, "Cancel"), submit));
    sendOnSubmit(form, submit, message, {
      values: () => requestBody(spec, by.value, reason.value, Object.fromEntries(inputs.map(([p, input]) => [p.name, input.value]))),
      send: (body) => {
        localStorage.setItem("fleet.by", body.by);
        return post(`/api/models/${enc(modelId)}/actions`, body);
      },
      sent: (body) => closeWith(this, body),
    });
    fill(this.dialog, form);
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.dialog.showModal();
      (by.value ? reason : by).focus();
    });
  }
}
