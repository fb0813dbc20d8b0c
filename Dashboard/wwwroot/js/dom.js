// Tiny DOM helpers: build elements without innerHTML (so model names can never inject markup).

/** h("div", {class: "x", dataset: {id: 1}, onclick: fn}, child, "text", [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== "string") el[key] = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Puts an element's children in the given order, moving only those out of place (a move restyles and repaints);
 * children not listed end up after them.
 */
export function arrange(el, children) {
  let at = el.firstChild;
  for (const child of children) {
    if (child !== at) el.insertBefore(child, at);
    else at = at.nextSibling;
  }
}

/** A status line that never spins forever: "loading", then data, "not available" or an error. */
export function notice(kind, text, retry) {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text,
    retry ? h("button", { type: "button", class: "link", onclick: retry }, "retry") : null);
}
