/* Live case pages: one WebSocket per page (verksam.web.live.consumers).
 *
 * - A committed revision of the case comes with the parts of the workspace it changed (the page
 *   says which workspace it shows: "watch"); they are morphed in with htmx when the page shows the
 *   revision they were measured from, otherwise the page re-fetches its live regions
 *   ([data-live-region]). The morph never replaces the value of the field being typed in.
 * - Presence: who has the case open, and a coloured marker on the field (and row) each one edits.
 * - Workshop: follow the page the leader shows and where it is scrolled to, a shared timer, the
 *   parking lot.
 * Without this script, or while the socket is down, the page works as a normal page and says so;
 * the socket reconnects by itself and the page catches up to the latest revision.
 */
(function () {
  "use strict";
  var bar = document.getElementById("live-bar");
  if (!bar || !window.WebSocket || !bar.getAttribute("data-live-socket")) return;

  var PING_MS = 20000, PEER_TTL_MS = 50000;
  var socket = null, retry = 0, pingTimer = null, me = null, myUser = null;
  var peers = {};           // peer id -> {name, initials, colour, field, seen}
  var workshop = {leader: null, shown: "", timer_ends_at: null};
  var refreshing = {}, pending = {}, waiting = null;
  var flashes = [];
  var follow = localStorage.getItem("verksam-live-follow") !== "off";

  function text(key, values) {
    var out = bar.getAttribute("data-text-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { out = out.split("%(" + k + ")s").join(values[k]); });
    return out;
  }

  function status(state, message) {
    var el = document.getElementById("live-status");
    el.setAttribute("data-live-state", state);
    el.textContent = message;
  }

  if (window.htmx && htmx.config.morphIgnore.indexOf("data-live-by") < 0) {
    htmx.config.morphIgnore.push("data-live-by", "data-live-colour", "data-live-row", "data-live-flash");
  }

  // --- revisions ------------------------------------------------------------------------------
  function shownRevision() {
    var n = parseInt(bar.getAttribute("data-live-revision"), 10) || 0;
    document.querySelectorAll("[data-live-revision]").forEach(function (el) {
      n = Math.max(n, parseInt(el.getAttribute("data-live-revision"), 10) || 0);
    });
    var base = document.getElementById("case-base");
    if (base) n = Math.max(n, parseInt(base.value, 10) || 0);
    return n;
  }

  function regions(on) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-live-region]"), function (el) {
      return (el.getAttribute("data-live-on") || "revision") === on;
    });
  }

  function refresh(on) {
    if (refreshing[on]) { pending[on] = true; return; }
    var list = regions(on);
    if (!list.length || !window.htmx) return;
    refreshing[on] = true;
    pending[on] = false;
    var jobs = list.map(function (el) {
      var inner = el.getAttribute("data-live-region") === "inner";
      return htmx.ajax("GET", el.getAttribute("data-live-url") || location.pathname + location.search, {
        source: el, target: "#" + el.id, swap: inner ? "innerMorph" : "outerMorph",
        select: inner ? "#" + el.id + " > *" : "#" + el.id,
        headers: {"X-Verksam-Live": "1"}
      });
    });
    Promise.all(jobs).catch(function () {}).then(function () {
      refreshing[on] = false;
      // an update that came while fetching: taken if it continues what the fetch brought
      var update = on === "revision" ? waiting : null;
      if (update) waiting = null;
      if (update && update.revision > shownRevision() && !applyUpdate(update)) pending[on] = true;
      bar.setAttribute("data-live-revision", String(shownRevision()));
      markers();
      flash();
      tickTimers();
      if (pending[on]) refresh(on);
    });
  }

  function onRevision(msg) {
    var update = msg.update;
    var newer = update && update.revision > shownRevision();
    if (msg.revision <= shownRevision() && !newer) return;  // our own edit, already shown
    flashes = flashes.concat(msg.elements || []);
    // A page with its own way of redrawing (the step table) takes the revision itself.
    var own = new CustomEvent("verksam:live-revision", {detail: msg, cancelable: true});
    if (!document.dispatchEvent(own)) {
      status("live", text("changed", {who: msg.who || "?", n: msg.revision}));
      setTimeout(function () { markers(); flash(); }, 300);
    } else if (newer && refreshing.revision && regions("revision").length) {
      waiting = update;  // the page is being fetched: this update may continue from it
      status("live", text("changed", {who: msg.who || "?", n: msg.revision}));
    } else if (newer && applyUpdate(update)) {
      status("live", text("changed", {who: msg.who || "?", n: msg.revision}));
    } else if (regions("revision").length) {
      status("live", text("changed", {who: msg.who || "?", n: msg.revision}));
      refresh("revision");
    } else {
      status("stale", text("changed-reload", {who: msg.who || "?", n: msg.revision}));
    }
  }

  // The changed parts of the workspace, from the revision the page shows (update.since) to
  // update.revision; false when they do not fit what the page shows (then it re-fetches).
  var applying = Promise.resolve(), watched = null;
  function watch() {
    var workspace = document.getElementById("workspace");
    watched = workspace && workspace.getAttribute("data-live-url");
    if (watched) send({type: "watch", url: watched, lang: document.documentElement.lang});
  }
  function applyUpdate(update) {
    var workspace = document.getElementById("workspace");
    if (!workspace || !window.htmx || refreshing.revision || update.since !== shownRevision()) return false;
    if (workspace.getAttribute("data-live-url") !== watched) { watch(); return false; }  // another variant now
    var ids = Object.keys(update.parts);
    if (!ids.every(function (id) { var el = document.getElementById(id); return el && workspace.contains(el); })) return false;
    var token = (document.querySelector('input[name="csrfmiddlewaretoken"]') || {}).value || "";
    workspace.setAttribute("data-live-revision", String(update.revision));  // what the next update is measured from
    applying = applying.then(function () {
      return Promise.all(ids.map(function (id) {
        var target = document.getElementById(id);
        if (!target) { refresh("revision"); return null; }
        return htmx.swap({text: update.parts[id].split(update.csrf).join(token), target: target,
                          sourceElement: target, swap: "outerMorph"});
      }));
    }).catch(function () { refresh("revision"); }).then(function () {
      bar.setAttribute("data-live-revision", String(shownRevision()));
      markers();
      flash();
    });
    return true;
  }

  function flash() {
    var ids = flashes; flashes = [];
    ids.forEach(function (prefix) {
      document.querySelectorAll('[id^="' + prefix.replace(/"/g, "") + '"]').forEach(function (el) {
        var row = el.closest("tr") || el;
        row.setAttribute("data-live-flash", "1");
        setTimeout(function () { row.removeAttribute("data-live-flash"); }, 1500);
      });
    });
  }

  // --- presence -------------------------------------------------------------------------------
  function renderPeople() {
    var list = document.getElementById("live-people");
    if (!list) return;
    list.textContent = "";
    var seen = {};
    var everyone = me ? [Object.assign({self: true}, me)] : [];
    Object.keys(peers).forEach(function (id) { everyone.push(peers[id]); });
    everyone.forEach(function (p) {
      var key = p.name + "|" + p.colour;
      if (seen[key]) return;
      seen[key] = true;
      var li = document.createElement("li");
      li.className = "live-person live-c" + p.colour;
      li.setAttribute("data-live-person", p.name);
      var badge = document.createElement("span");
      badge.className = "live-initials";
      badge.setAttribute("aria-hidden", "true");
      badge.textContent = p.initials;
      var name = document.createElement("span");
      name.className = "live-name";
      name.textContent = p.self ? p.name + " (" + text("you") + ")" : p.name;
      li.appendChild(badge);
      li.appendChild(name);
      list.appendChild(li);
    });
    markers();
  }

  function markers() {
    document.querySelectorAll("[data-live-by],[data-live-row]").forEach(function (el) {
      el.removeAttribute("data-live-by");
      el.removeAttribute("data-live-colour");
      el.removeAttribute("data-live-row");
      if (el.getAttribute("data-live-title")) { el.removeAttribute("title"); el.removeAttribute("data-live-title"); }
    });
    Object.keys(peers).forEach(function (id) {
      var p = peers[id];
      var field = p.field && fieldOf(p.field);
      if (!field) return;
      var cell = field.closest("td,label,.add-field,p") || field;
      cell.setAttribute("data-live-by", p.initials);
      cell.setAttribute("data-live-colour", String(p.colour));
      if (!cell.getAttribute("title")) {
        cell.setAttribute("title", text("editing", {who: p.name}));
        cell.setAttribute("data-live-title", "1");
      }
      var row = field.closest("tr");
      if (row) row.setAttribute("data-live-row", String(p.colour));
    });
  }

  function expirePeers() {
    var now = Date.now(), changed = false;
    Object.keys(peers).forEach(function (id) {
      if (now - peers[id].seen > PEER_TTL_MS) { delete peers[id]; changed = true; }
    });
    if (changed) renderPeople();
  }

  // A field is named by its id, or (fields of a table row without ids: the step table) by its
  // row's id and its name, "rowid|name".
  var TRACKED = "[data-live-region],[data-live-revision]";
  function fieldKey(el) {
    if (!el || !el.matches || !el.matches("input,select,textarea") || !el.closest(TRACKED)) return null;
    if (el.id) return el.id;
    var row = el.closest("tr[id]");
    return row && el.name ? row.id + "|" + el.name : null;
  }
  function fieldOf(key) {
    var parts = key.split("|");
    if (parts.length === 1) return document.getElementById(key);
    var row = document.getElementById(parts[0]);
    return row ? row.querySelector('[name="' + parts[1].replace(/"/g, "") + '"]') : null;
  }

  var lastField = null, blurTimer = null;
  function sendFocus(field) {
    if (field === lastField) return;
    lastField = field;
    send({type: "focus", field: field});
  }
  document.addEventListener("focusin", function (event) {
    var key = fieldKey(event.target);
    if (!key) return;
    clearTimeout(blurTimer);
    sendFocus(key);
  });
  document.addEventListener("focusout", function () {
    clearTimeout(blurTimer);
    blurTimer = setTimeout(function () {
      if (!fieldKey(document.activeElement)) sendFocus(null);
      followIfDue();
    }, 150);
  });

  // --- workshop -------------------------------------------------------------------------------
  function here() { return location.pathname + location.search; }

  function screenPathOf(shown) {
    // The projector's screen follows the leader's view page with the same choice of process.
    var match = /^(.*\/cases\/[^/]+\/)views\/([^/]+)\/(\?.*)?$/.exec(shown);
    return match ? match[1] + "live/screen/" + match[2] + "/" + (match[3] || "") : null;
  }

  function typing() {
    var el = document.activeElement;
    return el && el.matches && el.matches("input,select,textarea") && el.type !== "checkbox";
  }

  function followIfDue() {
    var note = document.getElementById("live-follow");
    var leader = workshop.leader;
    var screen = document.body.hasAttribute("data-live-screen");
    // The leader's own pages stay where the leader puts them, except the projector's screen.
    if (!leader || !workshop.shown || (leader.id === myUser && !screen)) { if (note) note.hidden = true; return; }
    var target = screen ? screenPathOf(workshop.shown) : workshop.shown;
    if (!target || target === here()) { if (note) note.hidden = true; return; }
    if (follow && !typing()) { location.assign(target); return; }
    if (note) {
      note.textContent = text("follow", {who: leader.name}) + " ";
      var link = document.createElement("a");
      link.href = target;
      link.textContent = text("go");
      note.appendChild(link);
      note.hidden = false;
    }
  }

  function applyWorkshop(state, what) {
    workshop = state || workshop;
    if (workshop.leader && workshop.leader.id === myUser && workshop.shown !== here()
        && !document.body.hasAttribute("data-live-screen")) {
      send({type: "show", url: here()});  // we lead: show the others where we are
    }
    followIfDue();
    if (what) refresh("workshop");
    tickTimers();
  }

  // Scrolling: the leader's page names the first element (with an id) at the top of its window;
  // the pages following it, on the same page and not being typed in, scroll it to their top.
  var scrollTimer = null, lastAnchor = null;
  function topAnchor() {
    var candidates = document.querySelectorAll("main section[id], main h2[id], main h3[id], main figure[id], main tr[id]");
    for (var i = 0; i < candidates.length; i++) {
      var box = candidates[i].getBoundingClientRect();
      if (box.height > 0 && box.bottom > 0) return candidates[i].id;
    }
    return null;
  }
  window.addEventListener("scroll", function () {
    if (!workshop.leader || workshop.leader.id !== myUser || document.body.hasAttribute("data-live-screen")) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(function () {
      var anchor = topAnchor();
      if (anchor && anchor !== lastAnchor) {
        lastAnchor = anchor;
        send({type: "scroll", anchor: anchor, url: here()});
      }
    }, 200);
  }, {passive: true});
  function followScroll(msg) {
    if (!follow || typing() || !workshop.leader || msg.url !== here()) return;
    var target = document.getElementById(msg.anchor);
    if (target) target.scrollIntoView({block: "start"});
  }

  function tickTimers() {
    document.querySelectorAll("[data-live-timer]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-live-timer"));
      if (isNaN(end)) return;
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      el.textContent = left ? Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") : text("time-up");
      el.setAttribute("data-live-state", left ? (left <= 60 ? "ending" : "running") : "up");
    });
  }

  var toggle = document.getElementById("live-follow-toggle");
  if (toggle) {
    toggle.checked = follow;
    toggle.closest(".live-js-only").hidden = false;
    toggle.addEventListener("change", function () {
      follow = toggle.checked;
      localStorage.setItem("verksam-live-follow", follow ? "on" : "off");
      followIfDue();
    });
  }

  // --- the socket -----------------------------------------------------------------------------
  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + bar.getAttribute("data-live-socket"));
    socket.onopen = function () {
      retry = 0;
      status("live", text("live"));
      clearInterval(pingTimer);
      pingTimer = setInterval(function () { send({type: "ping"}); expirePeers(); }, PING_MS);
      lastField = null;
      var key = fieldKey(document.activeElement);
      if (key) sendFocus(key);
    };
    socket.onmessage = function (event) {
      var msg;
      try { msg = JSON.parse(event.data); } catch (e) { return; }
      if (msg.type === "welcome") {
        me = msg.me; myUser = msg.user;
        applyWorkshop(msg.workshop, null);
        renderPeople();
        watch();
        if (msg.revision > shownRevision()) onRevision({revision: msg.revision, who: "", elements: []});
      } else if (msg.type === "revision") {
        onRevision(msg);
      } else if (msg.type === "pong") {
        if (msg.revision > shownRevision()) onRevision({revision: msg.revision, who: "", elements: []});
      } else if (msg.type === "peer") {
        peers[msg.peer.id] = Object.assign({}, msg.peer, {seen: Date.now()});
        renderPeople();
      } else if (msg.type === "gone") {
        delete peers[msg.peer];
        renderPeople();
      } else if (msg.type === "scroll") {
        followScroll(msg);
      } else if (msg.type === "workshop") {
        applyWorkshop(msg.workshop, msg.what);
      }
    };
    socket.onclose = function () {
      clearInterval(pingTimer);
      peers = {};
      renderPeople();
      status("off", text("offline"));
      var delay = Math.min(10000, 500 * Math.pow(2, retry++)) * (0.75 + Math.random() * 0.5);
      setTimeout(connect, delay);
    };
  }

  document.addEventListener("htmx:after:swap", function () { markers(); });
  document.addEventListener("htmx:after:request", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form[data-live-form]")) form.reset();
  });
  setInterval(tickTimers, 1000);
  tickTimers();
  connect();
})();
