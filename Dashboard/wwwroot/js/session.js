// Signing in: the page never keeps the key. POST /api/session turns it into an HttpOnly, SameSite=Strict
// session cookie and returns the anti-forgery token that every state-changing call must carry (api.js).
import { get, request, setAntiforgery } from "./api.js";
import { h, fill } from "./dom.js";

/**
 * Resolves with the session ({keyId, name, roles, world}) once signed in, asking for a key when there is none. A join
 * link (?join=CODE) signs in as a trainee of that code's team instead; the code then leaves the address.
 */
export async function ensureSession(dialog) {
  let session;
  const url = new URL(location.href);
  const code = url.searchParams.get("join");
  try {
    if (code) {
      url.searchParams.delete("join");
      history.replaceState(null, "", url);
      session = await request("POST", "/api/exercises/join", { body: { code } });
    } else {
      session = await get("/api/session");
    }
  } catch (e) {
    if (e.status !== 401) throw e;
    session = await askForKey(dialog);
  }
  setAntiforgery(session.antiforgery);
  return session;
}

function askForKey(dialog) {
  const form = dialog.querySelector("form");
  const key = form.elements.key;
  const error = dialog.querySelector(".error");
  dialog.addEventListener("cancel", (e) => e.preventDefault()); // nothing to show without a key
  return new Promise((resolve) => {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      error.textContent = "";
      try {
        const session = await request("POST", "/api/session", { body: { key: key.value } });
        key.value = "";
        dialog.close();
        resolve(session);
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    dialog.showModal();
    key.focus();
  });
}

/** The signed-in key's name and roles in the header, with a sign-out button. */
export function showSession(el, session) {
  fill(el, h("span", { title: `key ${session.keyId}` }, `${session.name} · ${session.roles.join(", ")}`),
    h("button", {
      type: "button", class: "link", onclick: async () => {
        await request("DELETE", "/api/session").catch(() => {});
        location.reload();
      },
    }, "sign out"));
}
