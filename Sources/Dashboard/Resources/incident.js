// One incident: facts, the metric chart with the expected band and anomalous points, the log
// findings with their lines, the remediation timeline, and the buttons people act with.
"use strict";

(() => {
  const { api, followIncidents, el, svg, badge, number, time, approvalItem } = aiops;
  const id = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
  const statusLine = document.getElementById("status-line");
  let current = null;

  function fact(list, name, value) {
    list.append(el("dt", {}, name), el("dd", {}, value));
  }

  function showFacts(incident) {
    document.title = "Incident on " + (incident.instanceName || incident.instanceId) + " · aiops dashboard";
    document.getElementById("title").textContent = "Incident: " + incident.metric + " on " + (incident.instanceName || incident.instanceId);
    document.getElementById("summary").textContent = incident.summary;
    const facts = document.getElementById("facts");
    facts.replaceChildren();
    fact(facts, "Severity", badge(incident.severity));
    fact(facts, "Status", badge(incident.status));
    fact(facts, "Instance", (incident.instanceName || "") + " (" + incident.instanceId + ")");
    fact(facts, "Metric", incident.metric);
    fact(facts, "Opened", time(incident.openedAt));
    fact(facts, "Updated", time(incident.updatedAt));
    fact(facts, "Value", number(incident.anomaly.value, 2));
    fact(facts, "Expected", incident.anomaly.expected ? number(incident.anomaly.expected.low, 1) + " – " + number(incident.anomaly.expected.high, 1) : "—");
    fact(facts, "Score", number(incident.anomaly.score, 3) + " (threshold " + number(incident.anomaly.threshold, 3) + ")");
    fact(facts, "Peak score", number(incident.peakScore, 3));
    fact(facts, "Anomalous points", String(incident.anomalyCount));
    fact(facts, "Detector", incident.anomaly.detector + (incident.anomaly.drivingFeature ? " · driven by " + incident.anomaly.drivingFeature : ""));
    fact(facts, "Feedback", incident.feedback
      ? incident.feedback.verdict.replace("_", " ") + (incident.feedback.note ? ": " + incident.feedback.note : "") + " (" + incident.feedback.by + ", " + time(incident.feedback.at) + ")"
      : "none yet");
    if (incident.resolvedAt) fact(facts, "Resolved", time(incident.resolvedAt));
    fact(facts, "Silenced", incident.silenced ? "yes: nobody was paged, nothing was done" : "no");
    document.getElementById("facts-section").hidden = false;
    document.getElementById("acknowledge").disabled = incident.status !== "open";
    document.getElementById("resolve").disabled = incident.status === "resolved";
  }

  // The chart: value line, expected band shaded, anomalous points marked; drawn as SVG elements.
  function showChart(series, incident) {
    const figure = document.getElementById("chart");
    figure.replaceChildren();
    const points = series.filter((p) => typeof p.value === "number");
    if (points.length === 0) {
      figure.append(el("p", { className: "muted" }, "No datapoints were kept for this incident."));
      return;
    }
    const W = 900, H = 280, left = 52, right = 12, top = 12, bottom = 34;
    const times = points.map((p) => Date.parse(p.timestamp));
    const t0 = Math.min(...times), t1 = Math.max(...times);
    const values = points.flatMap((p) => p.expected ? [p.value, p.expected.low, p.expected.high] : [p.value]);
    let low = Math.min(...values), high = Math.max(...values);
    if (high === low) { high += 1; low -= 1; }
    const pad = (high - low) * 0.08;
    low -= pad; high += pad;
    const x = (t) => left + (t1 === t0 ? (W - left - right) / 2 : (t - t0) / (t1 - t0) * (W - left - right));
    const y = (v) => top + (high - v) / (high - low) * (H - top - bottom);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "chart-title", "data-points": points.length });
    chart.append(svg("title", { id: "chart-title" }, incident.metric + " of " + (incident.instanceName || incident.instanceId) + " around the anomaly"));
    for (let i = 0; i <= 4; i++) {
      const v = low + (high - low) * i / 4;
      chart.append(svg("line", { class: "grid", x1: left, x2: W - right, y1: y(v), y2: y(v) }));
      chart.append(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end" }, v.toFixed(1)));
    }
    // The band, as one polygon per run of points that have one.
    let run = [];
    const flush = () => {
      if (run.length > 1) {
        const upper = run.map((p) => x(Date.parse(p.timestamp)).toFixed(1) + "," + y(p.expected.high).toFixed(1));
        const lower = run.slice().reverse().map((p) => x(Date.parse(p.timestamp)).toFixed(1) + "," + y(p.expected.low).toFixed(1));
        chart.append(svg("polygon", { class: "band", points: upper.concat(lower).join(" "), fill: "#cfe3f7", stroke: "none" }));
      }
      run = [];
    };
    for (const p of points) { if (p.expected) run.push(p); else flush(); }
    flush();
    chart.append(svg("line", { class: "axis", x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
    chart.append(svg("line", { class: "axis", x1: left, x2: left, y1: top, y2: H - bottom }));
    const ticks = t1 === t0 ? [[t0, "middle"]] : [[t0, "start"], [(t0 + t1) / 2, "middle"], [t1, "end"]];
    for (const [t, anchor] of ticks) {
      chart.append(svg("text", { x: x(t), y: H - bottom + 16, "text-anchor": anchor }, new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
    }
    const line = points.map((p) => x(Date.parse(p.timestamp)).toFixed(1) + "," + y(p.value).toFixed(1)).join(" ");
    chart.append(svg("polyline", { class: "series", points: line, fill: "none", stroke: "#1f5fa8", "stroke-width": 2 }));
    for (const p of points.filter((p) => p.isAnomaly)) {
      const dot = svg("circle", { class: "anomaly", cx: x(Date.parse(p.timestamp)), cy: y(p.value), r: 5, fill: "#d32f2f", stroke: "#fff", "stroke-width": 1.5 });
      dot.append(svg("title", {}, time(p.timestamp) + ": " + number(p.value, 2) + (typeof p.score === "number" ? " (score " + number(p.score, 3) + ")" : "")));
      chart.append(dot);
    }
    figure.append(chart);
  }

  function showFindings(findings) {
    const list = document.getElementById("findings");
    if (findings.length === 0) {
      list.replaceChildren(el("li", { className: "muted" }, "No log evidence was found around the anomaly."));
      return;
    }
    list.replaceChildren(...findings.map((f) => el("li", { className: "finding" },
      findingHead(f),
      ...f.examples.map((line) => el("pre", { className: "log" }, line)),
      ...valueList(f.values || []),
      ...consequenceList(f.consequences || []))));
  }

  function findingHead(f) {
    return el("div", { className: "finding-head" },
      badge(f.level), badge(f.novelty),
      el("span", { className: "template" }, f.template),
      el("span", { className: "muted" }, f.count + " in the anomaly window, " + number(f.baselineRate, 1) + " usually"));
  }

  // The values the lead's variables took, with counts: often the real clue (which pool, which timeout).
  function valueList(values) {
    const shown = values.filter((v) => v.top.length > 0);
    if (shown.length === 0) return [];
    return [el("ul", { className: "values" }, ...shown.map((v) => el("li", {},
      el("span", { className: "muted" }, "<*>#" + (v.position + 1) + " "),
      ...v.top.map((t) => el("code", { className: "value" }, t.value + " ×" + t.count)),
      v.distinct > v.top.length ? el("span", { className: "muted" }, " " + v.distinct + " distinct") : null)))];
  }

  // One cause writes a cascade: its other templates are shown under the lead, not as peers.
  function consequenceList(consequences) {
    if (consequences.length === 0) return [];
    return [el("div", { className: "consequences" },
      el("div", { className: "muted" }, "Consequences of the same cause (" + consequences.length + "):"),
      el("ul", { className: "consequence-list" }, ...consequences.map((c) => el("li", { className: "consequence" },
        findingHead(c), ...c.examples.slice(0, 1).map((line) => el("pre", { className: "log" }, line))))))];
  }

  function showTimeline(actions, audit) {
    const entries = [
      ...actions.map((a) => ({ at: a.at, text: a.kind + " — " + a.status.replace("_", " ") + ": " + a.reason })),
      ...audit.map((r) => ({ at: r.at, text: r.actor + " · " + r.action + " → " + r.outcome + (r.reason ? ": " + r.reason : "") })),
    ].sort((a, b) => (a.at < b.at ? -1 : 1));
    const list = document.getElementById("timeline");
    list.replaceChildren(...(entries.length
      ? entries.map((e) => el("li", {}, el("time", { dateTime: e.at }, time(e.at)), e.text))
      : [el("li", { className: "muted" }, "Nothing was done about this incident yet.")]));
  }

  // The incident's approval, if its action asks for one.
  async function showApproval() {
    const approvals = await api("/approvals?incident=" + encodeURIComponent(id));
    const section = document.getElementById("approval-section");
    section.hidden = approvals.items.length === 0;
    document.getElementById("approval").replaceChildren(...approvals.items.map((a) => approvalItem(a, (result) => {
      statusLine.textContent = result instanceof Error ? "That did not work: " + result.message : result.message;
      load(true);
    })));
  }

  async function load(keepStatus) {
    try {
      const detail = await api("/incidents/" + encodeURIComponent(id));
      current = detail.incident;
      showFacts(detail.incident);
      showChart(detail.series, detail.incident);
      showFindings(detail.incident.findings);
      showTimeline(detail.actions, detail.audit);
      await showApproval();
      if (!keepStatus) statusLine.textContent = "";
    } catch (e) {
      statusLine.textContent = e.status === 404 ? "There is no incident with this id." : "Could not load the incident: " + e.message;
    }
  }

  async function act(path, body) {
    for (const b of document.querySelectorAll(".actions button")) b.disabled = true;
    try {
      await api("/incidents/" + encodeURIComponent(id) + path, { method: "POST", body: body || {} });
    } catch (e) {
      statusLine.textContent = "That did not work: " + e.message;
    }
    await load();
    for (const b of document.querySelectorAll(".actions button.secondary, #false-positive")) b.disabled = false;
  }

  const note = () => document.getElementById("note").value.trim() || undefined;
  document.getElementById("acknowledge").addEventListener("click", () => act("/acknowledge"));
  document.getElementById("resolve").addEventListener("click", () => act("/resolve"));
  document.getElementById("false-positive").addEventListener("click", () => act("/feedback", { verdict: "false_positive", note: note() }));
  document.getElementById("true-positive").addEventListener("click", () => act("/feedback", { verdict: "true_positive", note: note() }));
  // "Silence this": the incident's instance and metric, from now for the hours chosen.
  document.getElementById("silence").addEventListener("click", async () => {
    if (!current) return;
    const owner = document.getElementById("silence-owner").value.trim();
    const reason = document.getElementById("silence-reason").value.trim();
    const hours = Number(document.getElementById("silence-hours").value);
    const start = new Date();
    const end = new Date(start.getTime() + hours * 3600 * 1000);
    try {
      const silence = await api("/silences", { method: "POST", body: {
        matchers: ["instance=" + current.instanceId, "metric=" + current.metric],
        window: { kind: "once", start: start.toISOString().replace(/\.\d+Z$/, "Z"), end: end.toISOString().replace(/\.\d+Z$/, "Z") },
        owner, reason,
      } });
      statusLine.replaceChildren("Silenced until " + time(silence.expiresAt) + " (", el("a", { href: "/silences" }, "silences"), ").");
    } catch (e) {
      statusLine.textContent = "Could not silence: " + e.message;
    }
  });
  followIncidents((change) => { if (change.incident.id === id && (!current || change.incident.updatedAt >= current.updatedAt)) load(); });
  load();
})();
