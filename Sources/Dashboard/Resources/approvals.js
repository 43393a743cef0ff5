// The pending approvals, each with Approve / Reject (the shared aiops.approvalItem).
"use strict";

(() => {
  const { api, el, approvalItem } = aiops;
  const list = document.getElementById("approvals");
  const statusLine = document.getElementById("status-line");

  function answered(result) {
    statusLine.textContent = result instanceof Error ? "That did not work: " + result.message : result.message;
    load(true);
  }

  function row(a) {
    const tr = el("tr", {},
      el("td", {}, el("a", { href: "/incidents/" + encodeURIComponent(a.incidentId) }, a.incidentId)),
      el("td", {}, approvalItem(a, answered)),
      el("td", {}, a.reason));
    tr.dataset.id = a.id;
    return tr;
  }

  async function load(keepStatus) {
    try {
      const approvals = await api("/approvals");
      list.replaceChildren(...approvals.items.map(row));
      if (!keepStatus) statusLine.textContent = approvals.items.length ? approvals.items.length + " pending" : "No approval is pending.";
    } catch (e) {
      statusLine.textContent = "Could not load the approvals: " + e.message;
    }
  }

  setInterval(() => load(true), 30000);
  load();
})();
