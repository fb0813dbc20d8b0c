// The minimal live fleet list: one SignalR connection, the whole fleet on connect, then pushed
// updates (already coalesced by the server). Rows whose level changed flash once.
"use strict";
(() => {
  const body = document.querySelector("#fleet tbody");
  const state = document.getElementById("connection");
  const counts = document.getElementById("counts");
  const empty = document.getElementById("empty");
  const levels = new Map();

  const text = (value) => value === null || value === undefined ? "–" : String(value);
  const percent = (value) => value === null || value === undefined ? "–" : (value * 100).toFixed(1) + "%";

  function render(fleet) {
    const rows = fleet.models.map((m) => {
      const row = document.createElement("tr");
      row.dataset.modelId = m.id;
      row.dataset.level = m.level;
      if (levels.has(m.id) && levels.get(m.id) !== m.level) row.classList.add("changed");
      levels.set(m.id, m.level);
      const quality = m.qualityMetric === "mae" ? text(m.quality?.toFixed(3)) : percent(m.quality);
      const cells = [m.level, `${m.name} (${m.id})`, m.domain, text(m.owner), quality, m.breaches.join(", "), m.gaps.join(", ")];
      cells.forEach((value, i) => {
        const cell = document.createElement("td");
        cell.textContent = value;
        if (i === 0) { cell.className = `level l${m.level}`; cell.title = m.levelName; }
        if (i === 6 && m.gaps.length) cell.className = "gap";
        row.appendChild(cell);
      });
      return row;
    });
    body.replaceChildren(...rows);
    empty.hidden = fleet.total > 0;
    counts.textContent = `${fleet.total} models · ` +
      Object.entries(fleet.countsByLevel).map(([level, n]) => `L${level}: ${n}`).join(" · ");
  }

  function show(status, label) {
    state.className = `state ${status}`;
    state.textContent = label;
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/fleet")
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(1000 * 2 ** ctx.previousRetryCount, 10000) })
    .build();
  connection.on("fleet", render);
  // Pushed diffs carry only what changed; this minimal page simply asks for the whole fleet again.
  connection.on("fleetDiff", () => connection.invoke("GetFleet").then(render));
  connection.onreconnecting(() => show("connecting", "reconnecting…"));
  connection.onreconnected(() => { show("connected", "live"); connection.invoke("GetFleet").then(render); });
  connection.onclose(() => { show("disconnected", "disconnected: retrying"); setTimeout(start, 2000); });

  async function start() {
    try {
      await connection.start();
      show("connected", "live");
      render(await connection.invoke("GetFleet"));
    } catch {
      show("disconnected", "disconnected: retrying");
      setTimeout(start, 2000);
    }
  }
  start();
})();
