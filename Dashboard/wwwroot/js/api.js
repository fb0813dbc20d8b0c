// HTTP calls with a timeout on every request: a view waits at most `timeout` ms, then shows an error.
// Every call goes to the world on screen (world.js).
import { inWorld } from "./world.js";

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  get field() { return this.body?.field; }
}

// The anti-forgery token of the signed-in session (session.js); sent with every state-changing call.
let antiforgery = null;
export function setAntiforgery(token) { antiforgery = token; }

function headers(method, body) {
  const result = { accept: "application/json" };
  if (body !== undefined) result["content-type"] = "application/json";
  if (antiforgery && method !== "GET" && method !== "HEAD") result["x-fleet-antiforgery"] = antiforgery;
  return result;
}

export async function request(method, path, { body, timeout = 10000 } = {}) {
  let response;
  try {
    response = await fetch(inWorld(path), {
      method,
      headers: headers(method, body),
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
      cache: "no-store",
    });
  } catch (e) {
    const timedOut = e?.name === "TimeoutError" || e?.name === "AbortError";
    throw new ApiError(0, timedOut ? `no answer within ${timeout / 1000} s` : "the server cannot be reached");
  }
  const text = await response.text().catch(() => "");
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  // The session ended (key revoked, cookie expired): the page starts over at the sign-in.
  if (response.status === 401 && antiforgery && path !== "/api/session") location.reload();
  if (!response.ok) {
    const message = json?.error ?? (response.status === 404 ? "not found" : `HTTP ${response.status}`);
    throw new ApiError(response.status, message, json);
  }
  return json;
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, body, options) => request("POST", path, { ...options, body: body ?? {} });
export const enc = encodeURIComponent;
