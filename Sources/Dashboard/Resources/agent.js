// The agent's own status (/api/v1/status): every value is set as text, never as markup.
"use strict";

(() => {
  const { api, el, time } = aiops;
  const table = document.getElementById("agent-status");
  const statusLine = document.getElementById("status-line");

  function row(label, value) {
    return el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, value));
  }

  function dollars(value) {
    return value === null || value === undefined ? "not measured (no CloudWatch metrics read)" : "$" + value.toFixed(2) + " a month at this pace";
  }

  async function load() {
    try {
      const status = await api("/status");
      const c = status.lastCycle;
      const rows = [row("Version", status.version)];
      if (c) {
        rows.push(
          row("Last cycle", time(c.at) + " — " + c.outcome + (c.cycleId ? " (" + c.cycleId + ")" : "")),
          row("Its duration", c.seconds.toFixed(3) + " s"),
          row("Instances watched", String(c.instances)),
          row("Series watched", String(c.seriesWatched)),
          row("GetMetricData cost", dollars(c.monthlyCostEstimate)));
      } else {
        rows.push(row("Last cycle", "none yet"));
      }
      rows.push(row("AWS errors in the last hour", status.awsErrorsLastHour === null ? "no AWS calls from this server" : String(status.awsErrorsLastHour)));
      table.replaceChildren(...rows);
      statusLine.textContent = c && c.outcome !== "ok" ? "The last cycle failed: see the agent's log." : "";
    } catch (e) {
      statusLine.textContent = "Could not load the agent's status: " + e.message;
    }
  }

  setInterval(load, 15000);
  load();
})();
