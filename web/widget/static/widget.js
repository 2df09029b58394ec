/* Setter chat widget. Embed with:
 *   <script src="https://HOST/widget.js" data-site="SITE_KEY" async></script>
 * Plain JavaScript, no build step. Styles live in an open shadow root; lead text is only ever
 * set as textContent. Nothing is stored (server or browser) before the lead's first message. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-site][src*='widget.js']");
  if (!script || window.__setterWidget) return;
  window.__setterWidget = true;
  var SITE = script.getAttribute("data-site") || "";
  var BASE = new URL(script.src, location.href).origin;
  var API = BASE + "/widget/v1/sites/" + encodeURIComponent(SITE);
  var KEY = "setter:" + SITE;
  var LANG = /^de/i.test(document.documentElement.lang || navigator.language || "") ? "de" : "en";
  var TEXTS = {
    de: {open: "Chat öffnen", close: "Chat schließen", title: "Fragen? Schreiben Sie uns.",
      input: "Ihre Nachricht …", send: "Senden", fresh: "Neues Gespräch",
      consent: "Mit Ihrer ersten Nachricht speichern wir dieses Gespräch, um Ihre Anfrage zu bearbeiten.",
      privacy: "Datenschutz", long: "Bitte fassen Sie sich kürzer: höchstens {n} Zeichen ({m} jetzt).",
      rate: "Sie schreiben gerade sehr schnell. Bitte warten Sie {s} Sekunden und senden Sie dann erneut.",
      origin: "Der Chat ist auf dieser Website nicht freigeschaltet.",
      site: "Der Chat ist nicht richtig eingerichtet (unbekannter Site-Schlüssel).",
      gone: "Dieses Gespräch ist nicht mehr verfügbar. Bitte starten Sie ein neues Gespräch.",
      offline: "Keine Verbindung zum Chat. Wir versuchen es weiter …",
      failed: "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.",
      typing: "schreibt …", team: "Team", joined: "Eine Person aus unserem Team ist jetzt im Chat.",
      handoff: "Eine Person aus unserem Team meldet sich bei Ihnen. Wie dürfen wir Sie erreichen?",
      email: "E-Mail", phone: "Telefon", save: "Speichern", emailBad: "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
      phoneBad: "Bitte geben Sie eine gültige Telefonnummer mit Vorwahl ein.",
      thanks: "Danke! Wir melden uns per {c}.", emailPh: "name@firma.de", phonePh: "+49 30 1234567",
      queued: "Einen Moment: Ihre Nachricht wird gesendet, sobald die Antwort da ist."},
    en: {open: "Open chat", close: "Close chat", title: "Questions? Write to us.",
      input: "Your message …", send: "Send", fresh: "New conversation",
      consent: "When you send your first message we store this conversation to handle your enquiry.",
      privacy: "Privacy policy", long: "Please keep it shorter: at most {n} characters ({m} now).",
      rate: "You are writing very fast. Please wait {s} seconds, then send again.",
      origin: "The chat is not enabled on this website.",
      site: "The chat is not set up correctly (unknown site key).",
      gone: "This conversation is no longer available. Please start a new conversation.",
      offline: "No connection to the chat. Still trying …",
      failed: "Sorry, that did not work. Please try again.",
      typing: "typing …", team: "team", joined: "A person from our team has joined the chat.",
      handoff: "A person from our team will get in touch. How may we reach you?",
      email: "email", phone: "phone", save: "Save", emailBad: "Please enter a valid email address.",
      phoneBad: "Please enter a valid phone number with area code.",
      thanks: "Thank you! We will get in touch by {c}.", emailPh: "name@company.com", phonePh: "+44 20 7946 0000",
      queued: "One moment: your message is sent as soon as the reply is complete."}
  };
  var T = TEXTS[LANG];
  var CSS = ":host{all:initial}*{box-sizing:border-box}" +
    ".w{--a:var(--setter-accent,#0f766e);position:fixed;bottom:20px;right:20px;z-index:2147483000;" +
    "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2933;text-align:left}" +
    ".w.left{right:auto;left:20px}.launcher{all:unset;box-sizing:border-box;width:60px;height:60px;border-radius:50%;" +
    "background:var(--a);color:#fff;display:grid;place-items:center;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.25);" +
    "position:relative;margin-left:auto}.left .launcher{margin-left:0}.launcher:focus-visible,button:focus-visible," +
    "textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}" +
    ".badge{position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#dc2626;border:2px solid #fff}" +
    ".panel{position:absolute;bottom:76px;right:0;width:370px;max-width:calc(100vw - 24px);height:560px;" +
    "max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;border-radius:14px;" +
    "box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden}.left .panel{right:auto;left:0}.panel[hidden]{display:none}" +
    "header{background:var(--a);color:#fff;padding:12px 12px 12px 16px;display:flex;align-items:center;gap:8px}" +
    "header div{flex:1;min-width:0}header strong{display:block;font-size:16px}header span{font-size:12px;opacity:.9}" +
    "header button{all:unset;cursor:pointer;border-radius:6px;padding:4px 8px;font-size:12px;color:#fff;" +
    "border:1px solid rgba(255,255,255,.6)}header .x{font-size:20px;line-height:1;border:0;padding:2px 8px}" +
    ".log{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}" +
    ".m{max-width:85%;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".bot,.human{background:#fff;border:1px solid #e3e6ea;align-self:flex-start;border-bottom-left-radius:4px}" +
    ".human{border-color:var(--a)}.who{display:block;font-size:11px;font-weight:600;color:var(--a)}" +
    ".lead{background:var(--a);color:#fff;align-self:flex-end;border-bottom-right-radius:4px}" +
    ".note{align-self:center;font-size:13px;color:#52606d;text-align:center;max-width:95%}" +
    ".typing{align-self:flex-start;padding:10px 14px;background:#fff;border-radius:12px;border:1px solid #e3e6ea}" +
    ".typing i{display:inline-block;width:6px;height:6px;margin:0 2px;border-radius:50%;background:#9aa5b1;" +
    "animation:b 1s infinite}.typing i:nth-child(2){animation-delay:.15s}.typing i:nth-child(3){animation-delay:.3s}" +
    "@keyframes b{0%,80%,100%{opacity:.3}40%{opacity:1}}@media (prefers-reduced-motion:reduce){.typing i{animation:none}}" +
    ".alert{margin:0;padding:8px 14px;font-size:13px;background:#fff7e6;color:#7a4b00;border-top:1px solid #f5d9a8}" +
    ".alert:empty{display:none}form{margin:0}.compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e3e6ea}" +
    "textarea,input{font:inherit;color:inherit;flex:1;min-width:0;resize:none;border:1px solid #cbd2d9;border-radius:10px;" +
    "padding:8px 10px;background:#fff;max-height:120px}.send,.save{all:unset;cursor:pointer;background:var(--a);color:#fff;" +
    "border-radius:10px;padding:8px 14px;font-weight:600}.send[disabled]{opacity:.5;cursor:default}" +
    ".consent{margin:0;padding:0 12px 10px;font-size:11.5px;color:#52606d}.consent a{color:var(--a)}" +
    ".contact{align-self:stretch;background:#fff;border:1px solid var(--a);border-radius:12px;padding:10px;" +
    "display:flex;flex-direction:column;gap:8px}.contact label{margin-right:12px;font-size:14px}" +
    ".contact .row{display:flex;gap:8px}.contact .ask{margin:0}.queued{opacity:.6}.err{color:#b42318;font-size:13px;margin:0}" +
    "@media (max-width:480px){.w{right:12px;bottom:12px}.w.left{left:12px}.panel{position:fixed;left:8px;right:8px;" +
    "bottom:84px;width:auto;max-width:none;height:auto;top:8px;max-height:none}}";

  var conv = load(), lastSeq = 0, sending = false, pending = [], waiting = [], shown = {}, held = false,
    maxText = 2000, disabled = false, live = null, backoff = 1000, failures = 0, greetingEl = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // length as the server counts it (Python's len): code points, not UTF-16 units
  function chars(s) { return Array.from(s).length; }
  function fmt(s, v) { return s.replace(/\{(\w)\}/g, function (_, k) { return v[k]; }); }
  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { return null; } }
  function save(c) { try { c ? localStorage.setItem(KEY, JSON.stringify(c)) : localStorage.removeItem(KEY); } catch (e) {} }

  // --- the DOM, in a shadow root ---
  var host = document.createElement("setter-chat");
  host.style.setProperty("all", "initial", "important");
  host.style.setProperty("display", "block", "important");
  var root = host.attachShadow({mode: "open"});
  if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); root.adoptedStyleSheets = [sheet];
  } else { root.appendChild(el("style", null, CSS)); }
  var wrap = el("div", "w");
  var panel = el("section", "panel"); panel.id = "setter-panel"; panel.hidden = true;
  panel.setAttribute("role", "dialog"); panel.setAttribute("aria-label", T.title);
  var head = el("header"), titles = el("div"), siteName = el("strong");
  var subtitle = el("span", null, T.title);
  titles.appendChild(siteName); titles.appendChild(subtitle);
  var freshBtn = el("button", null, T.fresh); freshBtn.type = "button";
  var closeBtn = el("button", "x", "\u00d7"); closeBtn.type = "button"; closeBtn.setAttribute("aria-label", T.close);
  head.appendChild(titles); head.appendChild(freshBtn); head.appendChild(closeBtn);
  var log = el("div", "log"); log.setAttribute("role", "log"); log.setAttribute("aria-live", "polite");
  log.tabIndex = 0;
  var typing = el("div", "typing"); typing.setAttribute("aria-label", T.typing);
  typing.appendChild(el("i")); typing.appendChild(el("i")); typing.appendChild(el("i"));
  var alertBox = el("p", "alert"); alertBox.setAttribute("role", "alert");
  var compose = el("form", "compose");
  var input = el("textarea"); input.rows = 1; input.placeholder = T.input; input.setAttribute("aria-label", T.input);
  input.setAttribute("data-testid", "setter-input");
  var sendBtn = el("button", "send", T.send); sendBtn.type = "submit"; sendBtn.setAttribute("data-testid", "setter-send");
  compose.appendChild(input); compose.appendChild(sendBtn);
  var consent = el("p", "consent"), consentText = document.createTextNode(T.consent + " "),
    privacy = el("a", null, T.privacy);
  consent.appendChild(consentText);
  privacy.target = "_blank"; privacy.rel = "noopener";
  consent.appendChild(privacy);
  panel.appendChild(head); panel.appendChild(log); panel.appendChild(alertBox); panel.appendChild(compose);
  panel.appendChild(consent);
  var launcher = el("button", "launcher"); launcher.type = "button";
  launcher.setAttribute("data-testid", "setter-launcher"); launcher.setAttribute("aria-label", T.open);
  launcher.setAttribute("aria-expanded", "false"); launcher.setAttribute("aria-controls", "setter-panel");
  launcher.appendChild(icon());
  var badge = el("span", "badge"); badge.hidden = true; launcher.appendChild(badge);
  wrap.appendChild(panel); wrap.appendChild(launcher); root.appendChild(wrap);

  function icon() {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg"), p = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "28"); svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true"); p.setAttribute("fill", "currentColor");
    p.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    svg.appendChild(p); return svg;
  }

  // --- showing things ---
  function scroll() { log.scrollTop = log.scrollHeight; }
  function bubble(role, text, author) {
    var m = el("div", "m " + role);
    m.setAttribute("data-testid", "setter-message"); m.setAttribute("data-role", role);
    if (role === "human") m.appendChild(el("span", "who", (author || "") + " (" + T.team + ")"));
    var t = el("span", "t", text); m.appendChild(t); m._text = t;
    log.insertBefore(m, typing.parentNode === log ? typing : null); scroll();
    return m;
  }
  function note(text) { var n = el("p", "note", text); log.appendChild(n); scroll(); return n; }
  function say(text) { alertBox.textContent = text || ""; }
  function showTyping(on) { if (on) { log.appendChild(typing); scroll(); } else if (typing.parentNode) log.removeChild(typing); }
  function stored(m) {
    if (m.seq <= lastSeq || shown[m.id]) return;
    shown[m.id] = true; lastSeq = m.seq;
    if (greetingEl && m.role === "bot" && m.seq === 1) { greetingEl._text.textContent = m.text; greetingEl = null; return; }
    var b = bubble(m.role, m.text, m.author);
    if (m.seq === 1) log.insertBefore(b, log.firstChild); // the greeting opens the log, even after a quick first message
    if (panel.hidden && m.role !== "lead") badge.hidden = false;
  }
  function disable(text) { disabled = true; say(text); input.disabled = true; sendBtn.disabled = true; }

  // --- the server ---
  function headers(json) {
    var h = {}; if (json) h["Content-Type"] = "application/json";
    if (conv) h.Authorization = "Bearer " + conv.token;
    return h;
  }
  function post(path, body, key) {
    var h = headers(true); if (key) h["Idempotency-Key"] = key;
    return fetch(API + path, {method: "POST", headers: h, body: JSON.stringify(body)});
  }
  // Idempotency-Key: a retry of what failed (the start, or the same text again) reuses its key,
  // so a request the server did run answers with its first response instead of running twice
  var keys = {};
  function keyFor(what) {
    if (!keys[what]) {
      var b = new Uint8Array(16); crypto.getRandomValues(b);
      keys[what] = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    }
    return keys[what];
  }
  function problem(res) {
    return res.json().catch(function () { return {}; }).then(function (b) {
      var e = (b && b.error) || {}, code = e.code || "";
      if (res.status === 429) return fmt(T.rate, {s: res.headers.get("Retry-After") || (e.details || {}).retry_after || 30});
      if (code === "origin_not_allowed") { disable(T.origin); return T.origin; }
      if (code === "unknown_site") { disable(T.site); return T.site; }
      if (code === "conversation_gone" || code === "token_invalid" || res.status === 401) { gone(); return T.gone; }
      return T.failed;
    });
  }
  function gone() {
    stopLive(); save(null); conv = null; lastSeq = 0; shown = {};
    if (!log.querySelector(".m")) greet();
    say(T.gone);
  }
  function readEvents(res, onEvent) {
    var reader = res.body.getReader(), dec = new TextDecoder(), buf = "";
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) return;
        buf += dec.decode(r.value, {stream: true});
        var parts = buf.split("\n\n"); buf = parts.pop();
        parts.forEach(function (block) {
          var name = "message", data = "";
          block.split("\n").forEach(function (line) {
            if (line.indexOf("event: ") === 0) name = line.slice(7);
            else if (line.indexOf("data: ") === 0) data += line.slice(6);
          });
          if (data) onEvent(name, JSON.parse(data));
        });
        return pump();
      });
    }
    return pump();
  }
  function page() {
    var p = {url: location.href, title: document.title, referrer: document.referrer || null};
    new URLSearchParams(location.search).forEach(function (v, k) { if (/^utm_/.test(k)) p[k] = v; });
    return p;
  }

  // --- the live stream: catch up from the transcript, then what arrives (setters) ---
  function stopLive() { if (live) live.abort(); live = null; }
  function openLive() {
    stopLive();
    if (!conv) return;
    var ctl = live = new AbortController(), busy = 0;
    fetch(API + "/conversations/" + conv.id + "/stream?after=" + lastSeq, {headers: headers(false), signal: ctl.signal})
      .then(function (res) {
        if (!res.ok) return problem(res).then(function (t) { if (res.status < 500 && res.status !== 429) { say(t); ctl.abort(); } throw 0; });
        failures = 0; backoff = 1000; if (alertBox.textContent === T.offline) say("");
        return readEvents(res, function (name, data) { // "busy": this address holds many chats open;
          if (name === "busy") busy = 1000 * (data.retry_after || 15); else onLive(name, data); // caught up, ask again later
        });
      })
      .then(retry, retry);
    function retry() {
      if (ctl.signal.aborted || live !== ctl) return;
      if (busy) return void setTimeout(function () { if (live === ctl) openLive(); }, busy); // not a failure
      if (++failures > 1) say(T.offline);
      setTimeout(function () { if (live === ctl) openLive(); }, backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
  }
  function onLive(name, data) {
    if (sending) pending.push([name, data]); else apply(name, data);
  }
  function apply(name, data) {
    if (name === "message") stored(data);
    if (name === "state") state(data);
  }
  function state(s) {
    if (s.lang && TEXTS[s.lang] && s.lang !== LANG) relabel(s.lang);
    if (s.held && !held) note(T.joined);
    held = !!s.held;
    if (s.status === "handoff" && !s.contact) contactForm(); else if (s.contact && contactEl) dropContact();
  }

  // --- sending ---
  function send(text, mine) {
    sending = true; say(""); sendBtn.disabled = true;
    if (mine) { mine.classList.remove("queued"); log.insertBefore(mine, null); } else mine = bubble("lead", text);
    var reply = null, got = false;
    showTyping(true);
    var ready = conv ? Promise.resolve() : start();
    return ready.then(function () {
      return post("/conversations/" + conv.id + "/messages", {text: text}, keyFor("m:" + text));
    }).then(function (res) {
      if (res.ok) delete keys["m:" + text];
      if (!res.ok) return problem(res).then(function (t) { mine.remove(); input.value = input.value || text; say(t); });
      return readEvents(res, function (name, d) {
        if (name === "stored") { got = true; shown[d.id] = true; lastSeq = Math.max(lastSeq, d.seq); }
        if (name === "reply") { showTyping(false); reply = bubble("bot", ""); reply._id = d.id; reply._seq = d.seq; }
        if (name === "delta" && reply) { reply._text.textContent += d.text; scroll(); }
        if (name === "done") {
          if (reply) { shown[reply._id] = true; lastSeq = Math.max(lastSeq, reply._seq); reply = null; }
          state(d);
        }
      });
    }).catch(function (e) {
      if (!got) { mine.remove(); input.value = input.value || text; }
      say((e && e.widget) || T.failed);
    }).then(function () {
      if (reply) reply.remove(); // cut off mid-stream: the stored reply comes back through the live stream
      showTyping(false); sending = false; sendBtn.disabled = disabled;
      var queued = pending; pending = []; queued.forEach(function (q) { apply(q[0], q[1]); });
      if (conv && !live) openLive();
      var next = waiting.shift();
      if (next) { if (disabled) next[1].remove(); else send(next[0], next[1]); }
    });
  }
  function start() {
    return post("/conversations", {lang: LANG, page: page()}, keyFor("start")).then(function (res) {
      if (!res.ok) return problem(res).then(function (t) { throw {widget: t}; });
      delete keys.start;
      return res.json().then(function (c) {
        conv = {id: c.conversation_id, token: c.token}; save(conv);
        c.messages.forEach(stored);
        openLive();
      });
    });
  }

  // --- the conversation's language: the bot answers in the lead's language, so does the UI ---
  function relabel(lang) {
    var was = T; LANG = lang; T = TEXTS[lang];
    panel.setAttribute("aria-label", T.title); subtitle.textContent = T.title;
    freshBtn.textContent = T.fresh; closeBtn.setAttribute("aria-label", T.close);
    typing.setAttribute("aria-label", T.typing);
    input.placeholder = T.input; input.setAttribute("aria-label", T.input); sendBtn.textContent = T.send;
    consentText.textContent = T.consent + " "; privacy.textContent = T.privacy;
    launcher.setAttribute("aria-label", panel.hidden ? T.open : T.close);
    for (var k in was) if (alertBox.textContent === was[k]) alertBox.textContent = T[k];
    if (contactEl && contactEl.isConnected) { // asked again in the new language, keeping what was typed
      var typed = contactEl._field.value, focused = root.activeElement === contactEl._field;
      contactEl.remove(); contactEl = null; contactForm(); contactEl._field.value = typed;
      if (focused) contactEl._field.focus();
    }
  }

  // --- hand-off: how to reach the lead ---
  function dropContact(f) { // the form goes; focus stays in the panel (Escape still closes it)
    f = f || contactEl;
    if (!f) return;
    var inside = f.contains(root.activeElement);
    f.remove();
    if (inside && !panel.hidden) input.focus();
  }
  var contactEl = null;
  function contactForm() {
    if (contactEl && contactEl.isConnected) return;
    var f = contactEl = el("form", "contact"); f.noValidate = true;
    var q = el("p", "ask", T.handoff), row = el("div"), line = el("div", "row");
    var field = el("input"), ok = el("button", "save", T.save), err = el("p", "err"), ch = "email";
    err.setAttribute("role", "alert");
    ["email", "phone"].forEach(function (c) {
      var l = el("label"), r = el("input"); r.type = "radio"; r.name = "ch"; r.value = c; r.checked = c === ch;
      r.onchange = function () { ch = c; kind(); };
      l.appendChild(r); l.appendChild(document.createTextNode(" " + T[c])); row.appendChild(l);
    });
    function kind() { field.type = ch === "email" ? "email" : "tel"; field.placeholder = T[ch + "Ph"]; field.setAttribute("aria-label", T[ch]); }
    kind(); ok.type = "submit"; f._field = field;
    line.appendChild(field); line.appendChild(ok);
    f.appendChild(q); f.appendChild(row); f.appendChild(line); f.appendChild(err);
    f.onsubmit = function (e) {
      e.preventDefault();
      var v = field.value.trim(), bad = ch === "email" ? !/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v)
        : !/^\+?[\d\s()\/.-]{6,24}$/.test(v) || v.replace(/\D/g, "").length < 6;
      if (bad) { err.textContent = T[ch + "Bad"]; field.focus(); return; }
      post("/conversations/" + conv.id + "/contact", {channel: ch, value: v}).then(function (res) {
        if (res.status === 422) { err.textContent = T[ch + "Bad"]; return; }
        if (!res.ok) return problem(res).then(function (t) { err.textContent = t; });
        dropContact(f); note(fmt(T.thanks, {c: T[ch]}));
      }, function () { err.textContent = T.failed; });
    };
    log.appendChild(f); scroll();
  }

  // --- wiring ---
  function open(on) {
    panel.hidden = !on; launcher.setAttribute("aria-expanded", String(on));
    launcher.setAttribute("aria-label", on ? T.close : T.open);
    if (on) { badge.hidden = true; scroll(); input.focus(); } else launcher.focus();
  }
  launcher.onclick = function () { open(panel.hidden); };
  closeBtn.onclick = function () { open(false); };
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") open(false); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); compose.requestSubmit(); }
  });
  input.addEventListener("input", function () {
    var n = chars(input.value);
    if (alertBox.textContent !== T.queued) say(n > maxText ? fmt(T.long, {n: maxText, m: n}) : "");
  });
  compose.onsubmit = function (e) {
    e.preventDefault();
    var text = input.value;
    if (disabled || !text.trim()) return;
    if (chars(text) > maxText) { say(fmt(T.long, {n: maxText, m: chars(text)})); return; }
    input.value = "";
    if (sending) { // a reply is still streaming: shown now, sent right after it
      var b = bubble("lead", text); b.classList.add("queued"); waiting.push([text, b]); say(T.queued); return;
    }
    send(text);
  };
  freshBtn.onclick = function () {
    stopLive(); save(null); conv = null; lastSeq = 0; shown = {}; held = false; pending = [];
    log.textContent = ""; contactEl = null; say(""); greet(); input.focus();
  };
  var greeting = "";
  // on top even when the lead wrote before the site's settings (and so the greeting) arrived
  function greet() { greetingEl = conv ? null : log.insertBefore(bubble("bot", greeting), log.firstChild); }

  fetch(API + "?lang=" + LANG).then(function (res) {
    if (!res.ok) return problem(res).then(disable);
    return res.json().then(function (cfg) {
      var s = cfg.site; maxText = cfg.max_text || maxText; greeting = cfg.greeting;
      host.style.setProperty("--setter-accent", s.color);
      if (s.position === "left") wrap.classList.add("left");
      siteName.textContent = s.name;
      if (s.privacy_url) privacy.href = new URL(s.privacy_url, location.href).href; else privacy.remove();
      greet();
      if (conv) {
        openLive();
        post("/conversations/" + conv.id + "/page-views", page()).catch(function () {});
      }
    });
  }, function () { say(T.offline); });
  (document.body || document.documentElement).appendChild(host);
})();
