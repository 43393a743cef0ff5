// The live incident list: newest first, filters, older pages by cursor, new and changed incidents
// arriving over the event stream.
"use strict";

(() => {
  const { api, followIncidents, el, badge, age, syncClock } = aiops;
  const body = document.querySelector("#incidents tbody");
  const more = document.getElementById("more");
  const statusLine = document.getElementById("status-line");
  const form = document.getElementById("filters");
  const incidents = new Map();
  let cursor = null;

  function filters() {
    const data = new FormData(form);
    const params = new URLSearchParams();
    for (const [key, value] of data.entries()) if (String(value).trim()) params.set(key, String(value).trim());
    return params;
  }

  function matches(incident) {
    const f = filters();
    return (!f.get("status") || incident.status === f.get("status"))
      && (!f.get("severity") || incident.severity === f.get("severity"))
      && (!f.get("instance") || incident.instanceId === f.get("instance"));
  }

  function row(incident, fresh) {
    const tr = el("tr", { className: fresh ? "fresh" : "" },
      el("td", {}, badge(incident.severity)),
      el("td", { title: incident.instanceId }, incident.instanceName || incident.instanceId),
      el("td", {}, incident.metric),
      el("td", { className: "summary" }, incident.summary),
      el("td", {}, badge(incident.status), incident.silenced ? " " : null, incident.silenced ? badge("silenced") : null),
      el("td", { className: "age" }, el("time", { dateTime: incident.openedAt, title: new Date(incident.openedAt).toLocaleString() }, age(incident.openedAt))));
    tr.dataset.id = incident.id;
    tr.addEventListener("click", () => { location.href = "/incidents/" + encodeURIComponent(incident.id); });
    return tr;
  }

  function newestFirst(a, b) {
    return a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : (a.id < b.id ? 1 : -1);
  }

  function render(freshID) {
    const sorted = [...incidents.values()].filter(matches).sort(newestFirst);
    body.replaceChildren(...sorted.map((incident) => row(incident, incident.id === freshID)));
    statusLine.textContent = sorted.length ? sorted.length + " incident" + (sorted.length === 1 ? "" : "s") + " shown" : "No incidents yet: they appear here as soon as they are detected.";
  }

  async function load(reset) {
    if (reset) { incidents.clear(); cursor = null; }
    const params = filters();
    params.set("limit", "100");
    if (cursor) params.set("cursor", cursor);
    try {
      const page = await api("/incidents?" + params.toString());
      for (const incident of page.items) incidents.set(incident.id, incident);
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
      render();
    } catch (e) {
      statusLine.textContent = "Could not load incidents: " + e.message;
    }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load(true); });
  more.addEventListener("click", () => load(false));

  followIncidents((change) => {
    const incident = change.incident;
    const known = incidents.get(incident.id);
    if (known && known.updatedAt > incident.updatedAt) return;
    incidents.set(incident.id, incident);
    render(change.kind === "opened" ? incident.id : null);
  });
  setInterval(async () => {
    await syncClock();
    for (const cell of body.querySelectorAll("td.age time")) cell.textContent = age(cell.dateTime);
  }, 15000);
  syncClock().then(() => load(true));
})();
