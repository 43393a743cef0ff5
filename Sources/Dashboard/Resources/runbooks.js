// The runbooks and their shadow track record (/api/v1/runbooks): every value is set as text.
"use strict";

(() => {
  const { api, el, badge, time } = aiops;
  const list = document.getElementById("runbooks");
  const statusLine = document.getElementById("status-line");

  function action(r) {
    if (!r.configured) return "no longer configured";
    return [r.action, r.service, r.document].filter(Boolean).join(" ");
  }

  function mode(r) {
    if (!r.configured) return "—";
    const cell = el("span", {}, badge(r.effectiveMode));
    if (r.shadowSuccessesRequired > 0) {
      const waiting = r.effectiveMode !== r.mode ? "; " + r.mode + " once it has them" : "";
      cell.append(" (" + r.record.judgedTruePositive + " of " + r.shadowSuccessesRequired + " judged shadow successes" + waiting + ")");
    }
    return cell;
  }

  function matches(r) {
    const m = r.match;
    if (!m) return "—";
    const parts = [];
    if (m.metrics.length) parts.push("metric " + m.metrics.join(" or "));
    if (m.keywords.length) parts.push("log " + m.keywords.join(" or "));
    if (m.tags.length) parts.push("tag " + m.tags.join(", "));
    if (m.faultClasses.length) parts.push("fault " + m.faultClasses.join(" or "));
    return parts.length ? parts.join("; ") : "any critical incident";
  }

  function row(r) {
    const rec = r.record;
    const tr = el("tr", {},
      el("th", { scope: "row" }, r.name),
      el("td", {}, action(r)),
      el("td", {}, mode(r)),
      el("td", {}, matches(r)),
      el("td", { className: "num would" }, rec.wouldHaveActed),
      el("td", { className: "num true-positive" }, rec.judgedTruePositive),
      el("td", { className: "num false-positive" }, rec.judgedFalsePositive),
      el("td", { className: "num resolved-without" }, rec.resolvedWithout),
      el("td", { className: "num stopped" }, rec.stoppedByGuards),
      el("td", {}, time(rec.lastAt)));
    tr.dataset.name = r.name;
    return tr;
  }

  async function load() {
    try {
      const runbooks = await api("/runbooks");
      list.replaceChildren(...runbooks.items.map(row));
      statusLine.textContent = runbooks.items.length ? "" : "No runbook is configured.";
    } catch (e) {
      statusLine.textContent = "Could not load the runbooks: " + e.message;
    }
  }

  setInterval(load, 30000);
  load();
})();
