// The silences and maintenance windows that hold now or later, and a button to end each early.
"use strict";

(() => {
  const { api, el, badge, time } = aiops;
  const list = document.getElementById("silences");
  const statusLine = document.getElementById("status-line");

  function when(s) {
    const w = s.window;
    const every = w.kind === "once" ? "" : (w.kind === "daily" ? "every day" : "every " + w.weekday) + " at " + w.at + " " + w.timeZone + " for " + w.durationMinutes + " min";
    const next = s.nextStart ? (s.state === "active" ? "now, until " + time(s.nextEnd) : "next " + time(s.nextStart) + " – " + time(s.nextEnd)) : "";
    return w.kind === "once" ? next : every + (next ? " (" + next + ")" : "");
  }

  function row(s) {
    const end = el("button", { type: "button", className: "secondary" }, "Expire now");
    end.addEventListener("click", async () => {
      end.disabled = true;
      try {
        await api("/silences/" + encodeURIComponent(s.id) + "/expire", { method: "POST", body: {} });
      } catch (e) {
        statusLine.textContent = "That did not work: " + e.message;
      }
      load();
    });
    const tr = el("tr", {},
      el("td", {}, badge(s.state)),
      el("td", {}, s.matchers.join(", ")),
      el("td", {}, when(s)),
      el("td", {}, s.owner),
      el("td", {}, s.reason),
      el("td", {}, time(s.expiresAt)),
      el("td", {}, end));
    tr.dataset.id = s.id;
    return tr;
  }

  async function load() {
    try {
      const silences = await api("/silences");
      list.replaceChildren(...silences.items.map(row));
      statusLine.textContent = silences.items.length ? silences.items.length + " active or upcoming" : "No active or upcoming silences.";
    } catch (e) {
      statusLine.textContent = "Could not load the silences: " + e.message;
    }
  }

  setInterval(load, 30000);
  load();
})();
