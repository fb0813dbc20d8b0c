// What the action dialog and the alert book's dialog share: sending a form and showing the server's answer
// in it (a 400 names its field, which is marked and focused), and closing with the values once accepted.
import { fill } from "./dom.js";

/**
 * On submit: values() is sent with send(values); once accepted, sent(values). A refusal is shown in message,
 * worded by describe(err) when it has something to say, else by the field it names.
 */
export function sendOnSubmit(form, submit, message, { values, send, sent, describe }) {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = values();
    submit.disabled = true;
    message.className = "form-message";
    fill(message, "Sending…");
    try {
      await send(body);
      sent(body);
    } catch (err) {
      message.className = "form-message error";
      const invalid = err.field ? form.querySelector(`[name="${err.field}"]`) : null;
      invalid?.setAttribute("aria-invalid", "true");
      invalid?.focus();
      fill(message, describe?.(err) ?? (err.field ? `${err.field}: ${err.body?.reason ?? err.message}` : `Not sent: ${err.message}`));
    } finally {
      submit.disabled = false;
    }
  });
}

/** Closes a dialog owner's dialog and resolves its pending open() with value (null when cancelled). */
export function closeWith(owner, value) {
  const done = owner.resolve;
  owner.resolve = null;
  owner.dialog.close();
  done?.(value);
}
