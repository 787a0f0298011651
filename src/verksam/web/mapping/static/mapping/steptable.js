/* The step table: every edit is sent in order (one request after the other answered, each with the
 * newest revision), so a user's quick edits never conflict with each other. Answers carry the page's
 * regions (notice, table, diagram, results) as <template data-region> fragments. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var page = document.getElementById("steps-page");
    if (!page) return;
    var url = page.dataset.editUrl;
    var base = parseInt(page.dataset.base, 10);
    var queue = Promise.resolve();
    var timers = new WeakMap();
    var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

    function region(name) {
      return document.getElementById("steps-" + name);
    }

    function keyOf(el) {
      if (!el || !el.closest) return null;
      var row = el.closest("tr[data-row]");
      if (row && el.name) return { row: row, rowId: row.dataset.row, name: el.name, isNew: row.classList.contains("new-row") };
      if (el.id) return { id: el.id };
      return null;
    }

    function find(key) {
      if (!key) return null;
      if (key.id) return document.getElementById(key.id);
      if (key.isNew) return null;
      var row = document.querySelector('#steps-table tr[data-row="' + CSS.escape(key.rowId) + '"]');
      return row ? row.querySelector('[name="' + key.name + '"]') : null;
    }

    /* Swap a region's HTML, keeping the field being typed in (its value, caret and focus) and any
     * new rows still being typed (they are not in the answer: they go back after the rows they
     * followed). */
    function swap(name, html) {
      var target = region(name);
      if (!target || html === null) return;
      var active = document.activeElement;
      var inside = active && target.contains(active);
      var key = inside ? keyOf(active) : null;
      var typed = inside && "value" in active ? active.value : null;
      var sent = inside && active.dataset ? active.dataset.sent : undefined;
      var caret = inside && typeof active.selectionStart === "number" ? active.selectionStart : null;
      var kept = [];
      target.querySelectorAll("tr.new-row").forEach(function (row) {
        var filled = Array.prototype.some.call(row.querySelectorAll("input"), function (i) { return i.value; });
        if (filled || row.contains(active)) kept.push({ row: row, prev: previousId(row) });
      });
      target.innerHTML = html;
      var body = target.querySelector("tbody");
      if (body && kept.length) {
        var fresh = body.querySelector("tr.new-row");
        kept.forEach(function (item) {
          var anchor = item.prev ? body.querySelector('tr[data-row="' + CSS.escape(item.prev) + '"]') : null;
          while (anchor && anchor.nextElementSibling && anchor.nextElementSibling.classList.contains("row-notes")) {
            anchor = anchor.nextElementSibling;
          }
          body.insertBefore(item.row, anchor ? anchor.nextElementSibling : body.firstElementChild);
        });
        // the answer's empty last row is not needed when a kept row is already last
        if (fresh && fresh.previousElementSibling && fresh.previousElementSibling.classList.contains("new-row") && !fresh.nextElementSibling) {
          fresh.remove();
        }
      }
      if (!inside) return;
      if (key && key.isNew) { active.focus(); return; }
      var again = find(key);
      if (!again) return;
      if (typed !== null && again.tagName !== "SELECT") {
        var saved = again.value;
        again.value = typed; // what the user is typing wins over what the server last saw
        if (sent !== undefined) again.dataset.sent = sent;
        if (typed !== saved && typed !== sent && key.rowId) {
          clearTimeout(timers.get(again));
          timers.set(again, setTimeout(function () { sendCell(again); }, 600));
        }
      }
      again.focus();
      if (caret !== null && again.setSelectionRange && again.type !== "file") {
        try { again.setSelectionRange(caret, caret); } catch (e) { /* not a text field */ }
      }
    }

    /* data-busy marks the page while an edit is on its way or its answer is being put in (the
     * browser tests wait for it to go before the next action, as a person sees the answer). */
    var pending = 0;
    function busy(change) {
      pending += change;
      if (pending > 0) page.dataset.busy = "1";
      else delete page.dataset.busy;
    }

    function send(fields, options) {
      options = options || {};
      busy(1);
      var job = queue.then(function () {
        var data = fields();
        if (!data) return null;
        data.append("base", String(base));
        data.append("variant", page.dataset.variant);
        return fetch(url, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrf, "X-Steps": "1" },
        }).then(function (response) {
          var revision = parseInt(response.headers.get("X-Revision") || "", 10);
          if (!isNaN(revision)) base = Math.max(base, revision);
          page.dataset.base = String(base);
          page.dataset.liveRevision = String(base);
          var created = (response.headers.get("X-New-Rows") || "").split(",").filter(Boolean);
          return response.text().then(function (text) {
            apply(text, response.status, created, options);
          });
        });
      }).catch(function () {
        region("notice").innerHTML = '<div class="notice error" role="alert"><p>' +
          page.dataset.offline + "</p></div>";
      }).then(function () { busy(-1); });
      queue = job;
      return job;
    }

    /* Someone else saved a revision (live.js): fetch the regions in the same queue as our own
     * edits, so the table is redrawn around what is being typed, never over it. */
    document.addEventListener("verksam:live-revision", function (event) {
      event.preventDefault();
      if (event.detail.revision <= base || page.dataset.liveFetching) return;
      page.dataset.liveFetching = "1";
      busy(1);
      queue = queue.then(function () {
        delete page.dataset.liveFetching;
        if (event.detail.revision <= base) return null;
        return fetch(location.pathname + location.search, {
          credentials: "same-origin", headers: { "X-Verksam-Live": "1" },
        }).then(function (response) {
          var revision = parseInt(response.headers.get("X-Revision") || "", 10);
          return response.text().then(function (text) {
            if (!response.ok) return;
            if (!isNaN(revision)) base = Math.max(base, revision);
            page.dataset.base = String(base);
            page.dataset.liveRevision = String(base);
            var notice = region("notice").innerHTML;
            apply(text, response.status, [], {});
            region("notice").innerHTML = notice; // our own last message stays
          });
        });
      }).catch(function () {}).then(function () { busy(-1); });
    });

    function apply(text, status, created, options) {
      var holder = document.createElement("div");
      holder.innerHTML = text;
      var parts = {};
      holder.querySelectorAll("template[data-region]").forEach(function (t) {
        parts[t.dataset.region] = t.innerHTML;
      });
      swap("notice", parts.notice || "");
      swap("diagram", parts.diagram || null);
      // the diagram viewer (zoom, pan, full screen) takes over the new drawing, keeping its zoom
      if (parts.diagram && window.verksamDiagramViewers) window.verksamDiagramViewers(region("diagram"));
      swap("results", parts.results || null);
      if (options.row && created.length === 1) {
        // the new row got its step: it is an ordinary row from now on
        options.row.dataset.row = created[0];
        options.row.id = "step-" + created[0];
        options.row.classList.remove("new-row");
        options.row.classList.add("saved-row");
        flushRow(options.row);
      }
      swap("table", parts.table || null);
      if (options.focus) options.focus();
      document.querySelectorAll(".steps-base").forEach(function (input) { input.value = String(base); });
    }

    function cellData(input) {
      var origin = input.closest("tr");
      var name = input.name;
      return function () {
        var el = input;
        var value = input.value;
        if (!document.body.contains(input)) {
          // the table was redrawn since: the same cell of the same step, by the step's id
          var id = origin && origin.dataset.row;
          el = id ? document.querySelector('#steps-table tr[data-row="' + CSS.escape(id) + '"] [name="' + name + '"]') : null;
          if (!el) return null;
          if (el === document.activeElement) value = el.value;
          else el.value = value;
        }
        var row = el.closest("tr");
        var rowId = row.dataset.row;
        if (!rowId && name !== "name") return null; // sent once the step has a name
        if (value === el.dataset.sent) return null;
        if (!rowId && !value.trim()) return null;
        var data = new FormData();
        data.append("action", "cell");
        data.append("row", rowId);
        data.append("field", name);
        data.append("value", value);
        if (!rowId) data.append("after", previousId(row));
        el.dataset.sent = value;
        input.dataset.sent = value;
        return data;
      };
    }

    function previousId(row) {
      var prev = row.previousElementSibling;
      while (prev && !(prev.dataset && prev.dataset.row)) prev = prev.previousElementSibling;
      return prev ? prev.dataset.row : "";
    }

    function sendCell(input) {
      clearTimeout(timers.get(input));
      var row = input.closest("tr");
      var creating = row && !row.dataset.row && input.name === "name";
      return send(cellData(input), { row: creating ? row : null });
    }

    function flushRow(row) {
      row.querySelectorAll("input, select").forEach(function (input) {
        if (input.name !== "name" && input.value && input.value !== input.dataset.sent) sendCell(input);
      });
    }

    var blank = document.querySelector("#steps-table tr.new-row");
    blank = blank ? blank.cloneNode(true) : null;

    function emptyRow() {
      var row = blank.cloneNode(true);
      row.dataset.row = "";
      row.removeAttribute("id");
      row.classList.add("new-row");
      row.querySelectorAll("input").forEach(function (input) {
        input.value = "";
        delete input.dataset.sent;
      });
      return row;
    }

    function rowAfter(row) {
      var next = row.nextElementSibling;
      while (next && next.classList.contains("row-notes")) next = next.nextElementSibling;
      return next;
    }

    function addRowBelow(row) {
      var next = rowAfter(row);
      if (next && next.classList.contains("new-row") && !next.querySelector("input[name=name]").value) {
        next.querySelector("input[name=name]").focus();
        return;
      }
      var fresh = emptyRow();
      var anchor = row;
      while (anchor.nextElementSibling && anchor.nextElementSibling.classList.contains("row-notes")) {
        anchor = anchor.nextElementSibling;
      }
      anchor.parentNode.insertBefore(fresh, anchor.nextElementSibling);
      fresh.querySelector("input[name=name]").focus();
    }

    function structural(action, extra, focus) {
      return send(function () {
        var data = new FormData();
        data.append("action", action);
        Object.keys(extra).forEach(function (k) { data.append(k, extra[k]); });
        return data;
      }, { structural: true, focus: focus });
    }

    function focusRow(id, name) {
      return function () {
        var row = document.querySelector('#steps-table tr[data-row="' + CSS.escape(id) + '"]');
        var el = row && row.querySelector(name ? '[name="' + name + '"]' : "input");
        if (el) el.focus();
      };
    }

    var table = region("table");
    table.addEventListener("input", function (event) {
      var input = event.target;
      if (!input.name || input.tagName === "SELECT") return;
      // a new row's step is made after a longer pause (or on leaving the field), so its id comes
      // from the name typed rather than from its first letters
      var row = input.closest("tr");
      var pause = row && !row.dataset.row ? 1500 : 600;
      clearTimeout(timers.get(input));
      timers.set(input, setTimeout(function () { sendCell(input); }, pause));
    });
    table.addEventListener("change", function (event) {
      if (event.target.name) sendCell(event.target);
    });
    table.addEventListener("keydown", function (event) {
      var input = event.target;
      var row = input.closest && input.closest("tr[data-row]");
      if (!row || !input.name) return;
      if (event.key === "Enter" && input.tagName !== "BUTTON") {
        event.preventDefault();
        sendCell(input);
        if (row.dataset.row || row.querySelector("input[name=name]").value) addRowBelow(row);
      } else if (event.key === "Escape" && row.classList.contains("new-row")) {
        var others = document.querySelectorAll("#steps-table tr.new-row");
        if (others.length > 1 && !row.querySelector("input[name=name]").value) {
          var before = row.previousElementSibling;
          row.remove();
          if (before && before.querySelector("input[name=name]")) before.querySelector("input[name=name]").focus();
        }
      } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && row.dataset.row) {
        event.preventDefault();
        var id = row.dataset.row;
        structural("move", { row: id, direction: event.key === "ArrowUp" ? "up" : "down" }, focusRow(id, input.name));
      }
    });
    table.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      var row = button && button.closest("tr[data-row]");
      if (!row || !row.dataset.row) return;
      var id = row.dataset.row;
      if (button.dataset.move) {
        structural("move", { row: id, direction: button.dataset.move }, function () {
          var again = document.querySelector('#steps-table tr[data-row="' + CSS.escape(id) + '"] button[data-move="' + button.dataset.move + '"]');
          if (again) again.focus();
        });
      } else if (button.hasAttribute("data-delete")) {
        var next = rowAfter(row);
        var nextId = next && next.dataset.row;
        structural("delete", { row: id }, function () {
          var target = nextId ? document.querySelector('#steps-table tr[data-row="' + CSS.escape(nextId) + '"] input[name=name]') : null;
          (target || document.querySelector("#steps-table tr.new-row input[name=name]") || document.getElementById("steps-heading")).focus();
        });
      }
    });
    table.addEventListener("paste", function (event) {
      var text = (event.clipboardData || window.clipboardData).getData("text");
      if (!text || (text.indexOf("\t") < 0 && text.indexOf("\n") < 0)) return;
      event.preventDefault();
      var row = event.target.closest("tr[data-row]");
      var after = row && row.dataset.row ? row.dataset.row : row ? previousId(row) : "";
      structural("paste", { text: text, after: after }, function () {
        var last = document.querySelector("#steps-table tr.new-row input[name=name]");
        if (last) last.focus();
      });
    });

    page.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.classList.contains("steps-setting")) return;
      send(function () {
        var data = new FormData();
        data.append("action", input.dataset.action);
        data.append("field", input.dataset.field || "");
        data.append("role", input.dataset.role || "");
        data.append("value", input.value);
        return data;
      });
    });
    page.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.classList && event.target.classList.contains("steps-setting")) {
        event.preventDefault();
        event.target.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });

    document.querySelectorAll("form[data-steps-action]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var data = new FormData(form);
        data.delete("base");
        data.delete("variant");
        data.delete("csrfmiddlewaretoken");
        send(function () { return data; }, {
          structural: true,
          focus: function () {
            var notice = region("notice").querySelector(".notice.error");
            if (notice) return;
            form.reset();
            var last = document.querySelector("#steps-table tr.new-row input[name=name]");
            if (last) last.focus();
          },
        });
      });
    });

    // The table listens from here on (what is typed before is sent when the field is left).
    page.dataset.ready = "1";
  });
})();
