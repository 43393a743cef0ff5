// aiops dashboard: what every page shares. Every text from the API is inserted with textContent:
// log lines, summaries and names are attacker-controlled.
"use strict";

const aiops = (() => {
  const TOKEN_KEY = "aiops.token";
  let tokenWaiters = [];

  function token() {
    return sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || "";
  }

  // Shows the token form once and resolves when the person has entered one.
  function askForToken(message) {
    const form = document.getElementById("token-form");
    document.getElementById("token-error").textContent = message || "";
    form.hidden = false;
    document.getElementById("token-input").focus();
    return new Promise((resolve) => tokenWaiters.push(resolve));
  }

  function setUpTokenForm() {
    const form = document.getElementById("token-form");
    if (!form) return;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = document.getElementById("token-input").value.trim();
      if (!value) return;
      const remember = document.getElementById("token-remember").checked;
      sessionStorage.setItem(TOKEN_KEY, value);
      if (remember) localStorage.setItem(TOKEN_KEY, value); else localStorage.removeItem(TOKEN_KEY);
      form.hidden = true;
      const waiting = tokenWaiters;
      tokenWaiters = [];
      waiting.forEach((resolve) => resolve());
    });
  }

  function headers(extra) {
    const all = Object.assign({ Accept: "application/json" }, extra || {});
    const t = token();
    if (t) all.Authorization = "Bearer " + t;
    return all;
  }

  // Calls the API; asks for the token and tries again on 401; throws an Error with the API's message.
  async function api(path, options) {
    options = options || {};
    for (;;) {
      // The token this request carries: a 401 condemns that token only. Calls made before the
      // person entered one (the page's first requests) come back 401 after it is set; they retry
      // with it rather than wipe it and report it as not accepted.
      const sent = token();
      const response = await fetch("/api/v1" + path, {
        method: options.method || "GET",
        headers: headers(options.body ? { "Content-Type": "application/json" } : {}),
        body: options.body ? JSON.stringify(options.body) : undefined,
      });
      if (response.status === 401) {
        const current = token();
        if (current && current === sent) {
          sessionStorage.removeItem(TOKEN_KEY);
          localStorage.removeItem(TOKEN_KEY);
          await askForToken("That token was not accepted.");
        } else if (!current) {
          await askForToken("");
        }
        continue;
      }
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const message = body && body.error ? body.error.message : "HTTP " + response.status;
        const error = new Error(message);
        error.status = response.status;
        throw error;
      }
      return body;
    }
  }

  // Follows the Server-Sent Events stream of incident changes (through fetch, so the token goes
  // in a header and not in the URL), reconnecting after a pause when it drops.
  function followIncidents(onChange) {
    const live = document.getElementById("live");
    const show = (on, text) => {
      if (!live) return;
      live.className = "live " + (on ? "on" : "off");
      live.textContent = text;
    };
    async function connect() {
      try {
        const response = await fetch("/api/v1/events", { headers: headers({ Accept: "text/event-stream" }) });
        if (response.status === 401) {
          show(false, "waiting for the token");
          await askForToken("");
          return connect();
        }
        if (!response.ok || !response.body) throw new Error("HTTP " + response.status);
        show(true, "live");
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n");
            if (!data) continue;
            try { onChange(JSON.parse(data)); } catch (e) { console.warn("bad event", e); }
          }
        }
      } catch (e) {
        console.warn("event stream", e);
      }
      show(false, "reconnecting…");
      setTimeout(connect, 3000);
    }
    connect();
  }

  // Makes an element: el("td", {className: "x"}, "text", child…). Strings become text nodes.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attributes, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function badge(value) {
    return el("span", { className: "badge " + String(value).replace(/[^a-z-]/g, "") }, String(value));
  }

  // The server's clock may not be this browser's (a demo runs simulated time): ages are counted on
  // the server's, learnt from /healthz and refreshed now and then.
  let clockOffset = 0;
  async function syncClock() {
    try {
      const response = await fetch("/healthz", { headers: { Accept: "application/json" } });
      const body = await response.json();
      const server = Date.parse(body.time);
      if (!isNaN(server)) clockOffset = server - Date.now();
    } catch (e) {
      console.warn("server time", e);
    }
  }
  function serverNow() { return Date.now() + clockOffset; }

  function age(iso, now) {
    const seconds = Math.max(0, Math.round(((now || serverNow()) - Date.parse(iso)) / 1000));
    if (seconds < 60) return seconds + " s";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min";
    if (seconds < 86400) return Math.floor(seconds / 3600) + " h " + Math.floor((seconds % 3600) / 60) + " min";
    return Math.floor(seconds / 86400) + " d";
  }

  function time(iso) {
    if (!iso) return "—";
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString();
  }

  function number(value, digits) {
    return typeof value === "number" ? value.toFixed(digits === undefined ? 2 : digits) : "—";
  }

  // One approval with its Approve / Reject buttons (pending ones); `done(answer or error)` after
  // an answer. The person's name, when given in #approver, goes to the audit trail.
  function approvalItem(a, done) {
    const who = () => (document.getElementById("approver") || {}).value || "dashboard user";
    const buttons = [];
    if (a.state === "pending") {
      for (const [verdict, label, cls] of [["approve", "Approve", ""], ["reject", "Reject", "secondary"]]) {
        const b = el("button", { type: "button", className: "approval-" + verdict + (cls ? " " + cls : "") }, label);
        b.addEventListener("click", async () => {
          for (const other of buttons) other.disabled = true;
          try {
            done(await api("/approvals/" + encodeURIComponent(a.id) + "/" + verdict, { method: "POST", body: { by: who().trim().slice(0, 64) || "dashboard user", via: "dashboard" } }));
          } catch (e) {
            done(e);
          }
        });
        buttons.push(b);
      }
    }
    const decided = a.decidedBy ? " by " + a.decidedBy + " via " + a.decidedVia + " at " + time(a.decidedAt) : " until " + time(a.expiresAt);
    const node = el("div", { className: "approval" },
      badge(a.state),
      el("span", {}, " " + a.kind + " of " + a.instanceName + " (" + a.instanceId + "), for " + a.approverRole + decided + " "),
      ...buttons);
    node.dataset.id = a.id;
    return node;
  }

  document.addEventListener("DOMContentLoaded", setUpTokenForm);
  return { api, followIncidents, el, svg, badge, age, time, number, syncClock, approvalItem };
})();
