// The one SignalR connection of the page. Its state is always one of connecting / live /
// reconnecting / disconnected; it reconnects by itself with backoff and never gives up.
// Events (EventTarget): "state", "fleetDiff", "model", "alerts" (the alert book),
// "resync" (after every (re)connect). The connection shows one world (`world`): it says which on every (re)connect.
import { LIVE } from "./world.js";

const AUTO_RECONNECT_FOR_MS = 60000; // SignalR's own reconnect loop; after it, ours (slower) takes over
const CALL_TIMEOUT_MS = 10000;

export class Live extends EventTarget {
  state = "connecting";
  detail = "";
  watched = null;
  pushed = null; // the model whose "model" pushes the hub confirmed on this connection
  world = LIVE;

  constructor(url = "/hubs/fleet", headers = {}) {
    super();
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(url, { headers })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (ctx) =>
          ctx.elapsedMilliseconds > AUTO_RECONNECT_FOR_MS ? null : Math.min(500 * 2 ** ctx.previousRetryCount, 5000),
      })
      .configureLogging(signalR.LogLevel.None)
      .build();
    this.connection.serverTimeoutInMilliseconds = 15000;
    this.connection.keepAliveIntervalInMilliseconds = 5000;
    for (const name of ["fleetDiff", "model", "alerts"])
      this.connection.on(name, (payload) => this.emit(name, payload));
    this.connection.onreconnecting(() => this.setState("reconnecting", "connection lost, reconnecting"));
    this.connection.onreconnected(() => this.connected());
    this.connection.onclose(() => this.retryLater());
    this.attempt = 0;
    this.timer = null;
    addEventListener("online", () => this.state === "disconnected" && this.retryNow());
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  setState(state, detail = "") {
    if (state !== "live") this.pushed = null;
    this.state = state;
    this.detail = detail;
    this.emit("state", { state, detail });
  }

  async start() {
    clearTimeout(this.timer);
    if (this.connection.state !== signalR.HubConnectionState.Disconnected) return;
    if (this.state !== "connecting") this.setState("reconnecting", `attempt ${this.attempt + 1}`);
    try {
      await this.connection.start();
      this.connected();
    } catch (e) {
      this.retryLater(e);
    }
  }

  retryNow() {
    this.attempt = 0;
    this.start();
  }

  retryLater(error) {
    if (this.connection.state !== signalR.HubConnectionState.Disconnected) return;
    clearTimeout(this.timer);
    const delay = Math.min(1000 * 2 ** this.attempt, 30000);
    this.attempt++;
    const why = navigator.onLine === false ? "offline" : (error?.message?.split("\n")[0] ?? "connection closed");
    this.setState(this.attempt > 3 ? "disconnected" : "reconnecting", `${why}; retrying in ${Math.round(delay / 1000)} s`);
    this.timer = setTimeout(() => this.start(), delay);
  }

  async connected() {
    this.attempt = 0;
    // The hub shows the live fleet until told otherwise; models and the fleet are asked for in the world after this.
    if (this.world !== LIVE) await this.connection.invoke("Watch", this.world).catch(() => {});
    this.setState("live");
    if (this.watched) this.watch(this.watched);
    this.emit("resync");
  }

  get isLive() {
    return this.connection.state === signalR.HubConnectionState.Connected;
  }

  /** Invokes a hub method with a timeout, so no caller ever waits forever. */
  invoke(method, ...args) {
    if (!this.isLive) return Promise.reject(new Error("not connected"));
    return Promise.race([
      this.connection.invoke(method, ...args),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${method}: no answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS)),
    ]);
  }

  /** Asks for "model" pushes; resolves false when they cannot be had now (not connected, no answer): the caller polls. */
  async watch(id) {
    this.watched = id;
    if (!this.isLive) return false;
    try {
      await this.invoke("WatchModel", id);
      this.pushed = id;
      return true;
    } catch {
      return false;
    }
  }

  async unwatch(id) {
    if (this.watched === id) this.watched = null;
    if (this.pushed === id) this.pushed = null;
    if (this.isLive) await this.invoke("UnwatchModel", id).catch(() => {});
  }
}
