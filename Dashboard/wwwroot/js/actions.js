// Operator actions on one model (POST /api/models/{id}/actions). Every action asks for a reason and
// who takes it, in a small dialog; the answer (202, 400 with the field, not available) is shown in it.
import { h, fill } from "./dom.js";
import { post, enc } from "./api.js";
import { sendOnSubmit, closeWith } from "./form-dialog.js";

export const ACTIONS = [
  { action: "acknowledge", label: "Acknowledge" },
  { action: "retrain", label: "Retrain" },
  { action: "rollback", label: "Roll back" },
  { action: "force-level", label: "Force fallback (L3)", level: 3 },
  { action: "kill-switch", label: "Kill switch", danger: true },
  { action: "rollout", label: "Rollout stage…", stage: true },
  { action: "release", label: "Release" },
];

const STAGES = ["shadow", "1%", "5%", "10%", "25%", "100%"];

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
    const level = spec.level ? h("select", { name: "level" }, ...[2, 3, 4, 5].map((l) => h("option", { value: l, selected: l === spec.level }, `L${l}`))) : null;
    const stage = spec.stage ? h("select", { name: "stage" }, ...STAGES.map((s) => h("option", { value: s }, s))) : null;
    const message = h("p", { class: "form-message", role: "alert" });
    const submit = h("button", { type: "submit", class: spec.danger ? "danger" : "primary" }, spec.label.replace("…", ""));
    const form = h("form", { method: "dialog", class: "action-form" },
      h("h2", {}, `${spec.label.replace("…", "")}: ${modelId}`),
      h("label", {}, "Your name", by),
      h("label", {}, "Reason", reason),
      level ? h("label", {}, "Level", level) : null,
      stage ? h("label", {}, "Stage", stage) : null,
      message,
      h("div", { class: "buttons" },
        h("button", { type: "button", onclick: () => this.dialog.close() }, "Cancel"), submit));
    sendOnSubmit(form, submit, message, {
      values: () => {
        const body = { action: spec.action, by: by.value.trim(), reason: reason.value.trim(), from: "page" };
        if (level) body.level = Number(level.value);
        if (stage) body.stage = stage.value;
        return body;
      },
      send: (body) => {
        localStorage.setItem("fleet.by", body.by);
        return post(`/api/models/${enc(modelId)}/actions`, body);
      },
      sent: (body) => closeWith(this, body),
      describe: (err) => (err.notAvailable ? "Actions are not available on this server (POST /api/models/{id}/actions)." : null),
    });
    fill(this.dialog, form);
    return new Promise((resolve) => {
      this.resolve = resolve;
      this.dialog.showModal();
      (by.value ? reason : by).focus();
    });
  }
}
