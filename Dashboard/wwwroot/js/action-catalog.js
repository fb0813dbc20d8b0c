// The operator actions as the server declares them (GET /api/actions): the page offers those taken on a model
// and builds each request from the action's own parameters, so no list of actions or parameters lives here.

/** The declared actions an operator takes on one model, in the server's order. */
export const onModel = (catalog) => catalog.filter((action) => action.targets.includes("model"));

/** A button's or a dialog's title: the label without the "…" that says a form follows. */
export const title = (action) => action.label.replace("…", "");

/**
 * The request body for an action: who, why, where from (the page), and each parameter the action declares that has a
 * value (integers as numbers); a parameter the action does not declare is never sent.
 */
export function requestBody(action, by, reason, values) {
  const body = { action: action.name, by: by.trim(), reason: reason.trim(), from: "page" };
  for (const p of action.parameters) {
    const value = String(values[p.name] ?? "").trim();
    if (value !== "") body[p.name] = p.integer ? Number(value) : value;
  }
  return body;
}
