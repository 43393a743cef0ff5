// The fleet: every instance with its state, health, last score, open incidents and a sparkline of
// its recent primary metric.
"use strict";

(() => {
  const { api, followIncidents, el, svg, badge, number, time } = aiops;
  const list = document.getElementById("fleet");
  const statusLine = document.getElementById("status-line");

  function sparkline(points) {
    const chart = svg("svg", { viewBox: "0 0 240 48", preserveAspectRatio: "none", role: "img" });
    chart.append(svg("title", {}, points.length ? "Recent values" : "No recent values"));
    if (points.length < 2) return chart;
    const values = points.map((p) => p.value);
    const low = Math.min(...values), high = Math.max(...values);
    const span = high - low || 1;
    const coords = values.map((v, i) => (i * 240 / (values.length - 1)).toFixed(1) + "," + (44 - (v - low) / span * 40).toFixed(1));
    chart.append(svg("polyline", { class: "spark", points: coords.join(" ") }));
    return chart;
  }

  function card(instance) {
    const last = instance.recent.length ? instance.recent[instance.recent.length - 1].value : null;
    const item = el("li", { className: instance.health },
      el("h2", {}, instance.name || instance.id),
      el("div", { className: "meta" }, instance.id),
      el("div", {}, badge(instance.state), " ", badge(instance.health)),
      sparkline(instance.recent),
      el("div", { className: "meta" },
        "last value " + number(last, 1) + " · score " + number(instance.lastScore, 2) + " · "
          + instance.openIncidents + " open incident" + (instance.openIncidents === 1 ? "" : "s")),
      el("div", { className: "meta" }, "seen " + time(instance.lastSeen)));
    item.dataset.id = instance.id;
    return item;
  }

  async function load() {
    try {
      const fleet = await api("/instances");
      list.replaceChildren(...fleet.items.map(card));
      statusLine.textContent = fleet.items.length ? fleet.items.length + " instances watched" : "No instances seen yet.";
    } catch (e) {
      statusLine.textContent = "Could not load the fleet: " + e.message;
    }
  }

  let pending = null;
  followIncidents(() => { clearTimeout(pending); pending = setTimeout(load, 500); });
  setInterval(load, 15000);
  load();
})();
