/* The diagram viewer (cases/_diagram_viewer.html): every diagram opens at 1:1 (never enlarged),
   with zoom, pan (drag, arrow keys, wheel), "fit" that only shrinks, and full screen.
   Pan and zoom come from @panzoom/panzoom; the zoom of a diagram survives htmx redraws. */
(function () {
  "use strict";
  var MIN = 0.05, MAX = 4, STEP = 1.25, NUDGE = 60;
  var kept = new Map(); // figure id -> {scale, x, y}: a redrawn workspace keeps each diagram's zoom

  function sizeOf(canvas) {
    var svg = canvas.querySelector("svg");
    if (svg) {
      var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
      if (w > 0 && h > 0) return { w: w, h: h };
      var box = svg.getBoundingClientRect();
      return { w: box.width, h: box.height };
    }
    var img = canvas.querySelector("img");
    return img && img.naturalWidth ? { w: img.naturalWidth, h: img.naturalHeight } : null;
  }

  function percent(scale) {
    var lang = document.documentElement.lang || undefined;
    return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(scale);
  }

  function Viewer(figure) {
    this.figure = figure;
    this.viewport = figure.querySelector(".diagram-viewport");
    this.canvas = figure.querySelector(".diagram-canvas");
    this.level = figure.querySelector(".diagram-zoom-level");
    this.pz = window.Panzoom(this.canvas, {
      canvas: true, origin: "0 0", minScale: MIN, maxScale: MAX, cursor: "grab",
      animate: false, touchAction: "pinch-zoom"
    });
    var self = this;
    this.canvas.addEventListener("panzoomchange", function () { self.remember(); });
    this.viewport.addEventListener("keydown", function (e) { self.key(e); });
    this.viewport.addEventListener("wheel", function (e) { self.wheel(e); }, { passive: false });
    figure.querySelector(".diagram-toolbar").addEventListener("click", function (e) {
      var button = e.target.closest("button[data-action]");
      if (button) self.act(button.getAttribute("data-action"));
    });
    var img = this.canvas.querySelector("img");
    if (img) { // a lazily loaded diagram: its size is known once it has loaded
      var size = function () {
        self.viewport.style.setProperty("--diagram-width", img.naturalWidth + "px");
        self.viewport.style.setProperty("--diagram-height", img.naturalHeight + "px");
      };
      if (img.complete && img.naturalWidth) size(); else img.addEventListener("load", size);
    }
    figure.classList.add("is-ready");
    this.remember();
  }

  Viewer.prototype.state = function () {
    var pan = this.pz.getPan();
    return { scale: this.pz.getScale(), x: pan.x, y: pan.y };
  };
  Viewer.prototype.remember = function () {
    var s = this.state();
    kept.set(this.figure.id, s);
    if (this.level) this.level.textContent = percent(s.scale);
    this.figure.dataset.scale = String(s.scale);
  };
  // Panzoom applies transforms in the next animation frame; set scale and pan, then draw now.
  Viewer.prototype.set = function (scale, x, y) {
    scale = Math.min(MAX, Math.max(MIN, scale));
    this.pz.zoom(scale, { animate: false, force: true });
    this.pz.pan(x, y, { animate: false, force: true });
    this.draw();
  };
  Viewer.prototype.draw = function () {
    var s = this.state();
    this.canvas.style.transform = "scale(" + s.scale + ") translate(" + s.x + "px, " + s.y + "px)";
    this.remember();
  };
  // Zoom about a point of the viewport (its centre by default), so what is there stays there.
  Viewer.prototype.zoomTo = function (scale, vx, vy) {
    var s = this.state(), rect = this.viewport.getBoundingClientRect();
    if (vx === undefined) { vx = rect.width / 2; vy = rect.height / 2; }
    scale = Math.min(MAX, Math.max(MIN, scale));
    var px = vx / s.scale - s.x, py = vy / s.scale - s.y;
    this.set(scale, vx / scale - px, vy / scale - py);
  };
  Viewer.prototype.fit = function () {
    var size = sizeOf(this.canvas);
    if (!size) return;
    var rect = this.viewport.getBoundingClientRect();
    // Fit shrinks a large diagram into view; a small one stays at 1:1 (never enlarged).
    var scale = Math.min(1, rect.width / size.w, rect.height / size.h);
    var left = Math.max(0, (rect.width - size.w * scale) / 2);
    this.set(scale, left / scale, 0);
  };
  Viewer.prototype.fullscreen = function () {
    var figure = this.figure, button = figure.querySelector('[data-action="fullscreen"]');
    var on = !figure.classList.contains("is-fullscreen");
    if (on && figure.requestFullscreen) {
      figure.requestFullscreen().catch(function () {});
    } else if (!on && document.fullscreenElement === figure) {
      document.exitFullscreen().catch(function () {});
    }
    // The class does the layout whether or not the browser granted real full screen.
    figure.classList.toggle("is-fullscreen", on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    this.viewport.focus();
  };
  Viewer.prototype.act = function (action) {
    var s = this.state();
    if (action === "zoom-in") this.zoomTo(s.scale * STEP);
    else if (action === "zoom-out") this.zoomTo(s.scale / STEP);
    else if (action === "actual") this.set(1, 0, 0);
    else if (action === "fit") this.fit();
    else if (action === "fullscreen") this.fullscreen();
  };
  Viewer.prototype.key = function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var s = this.state(), step = NUDGE / s.scale;
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (e.key === "+" || e.key === "=") this.act("zoom-in");
    else if (e.key === "-" || e.key === "_") this.act("zoom-out");
    else if (e.key === "0") this.act("actual");
    else if (e.key === "Escape" && this.figure.classList.contains("is-fullscreen")) this.fullscreen();
    else if (moves[e.key]) this.set(s.scale, s.x + moves[e.key][0], s.y + moves[e.key][1]);
    else return;
    e.preventDefault();
  };
  // Ctrl + wheel zooms at the pointer; the wheel alone moves the diagram while there is more of it
  // to see in that direction, and otherwise scrolls the page as usual.
  Viewer.prototype.wheel = function (e) {
    var s = this.state(), rect = this.viewport.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      this.zoomTo(s.scale * (e.deltaY < 0 ? STEP : 1 / STEP), e.clientX - rect.left, e.clientY - rect.top);
      return;
    }
    var size = sizeOf(this.canvas);
    if (!size) return;
    var dx = e.shiftKey ? e.deltaY : e.deltaX, dy = e.shiftKey ? 0 : e.deltaY;
    var x = clamp(s.x - dx / s.scale, rect.width / s.scale - size.w, s.x);
    var y = clamp(s.y - dy / s.scale, rect.height / s.scale - size.h, s.y);
    if (x === s.x && y === s.y) return;
    e.preventDefault();
    this.set(s.scale, x, y);
  };
  // Between the far edge (low) and the near one (0); a diagram that fits stays where it is.
  function clamp(value, low, current) {
    return low >= 0 ? current : Math.min(0, Math.max(low, value));
  }
  Viewer.prototype.restore = function () {
    var s = kept.get(this.figure.id);
    if (s) this.set(s.scale, s.x, s.y);
  };

  function setUp(root) {
    if (!window.Panzoom) return;
    (root || document).querySelectorAll("[data-diagram-viewer]").forEach(function (figure) {
      if (!figure.querySelector(".diagram-canvas")) return;
      if (figure._viewer && figure._viewer.canvas === figure.querySelector(".diagram-canvas")) {
        figure._viewer.restore(); // morphed in place: the server's markup dropped our transform
        return;
      }
      figure._viewer = new Viewer(figure);
      figure._viewer.restore();
    });
  }

  document.addEventListener("fullscreenchange", function () {
    document.querySelectorAll(".diagram-viewer.is-fullscreen").forEach(function (figure) {
      if (document.fullscreenElement !== figure && figure._viewer) figure._viewer.fullscreen();
    });
  });
  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:after:settle", function () { setUp(document); });
  window.verksamDiagramViewers = setUp;
})();
