/* The full-screen workshop view: zoom the diagrams (they stay at native size, never shrunk to
 * fit) and put the page in full screen for a projector. Live refreshing is live.js's work. */
(function () {
  "use strict";
  var zoom = parseFloat(localStorage.getItem("verksam-screen-zoom")) || 1;
  var box = document.getElementById("live-screen-zoom");
  var level = document.getElementById("live-zoom-level");
  function apply() {
    box.style.zoom = String(zoom);
    level.textContent = Math.round(zoom * 100) + " %";
    localStorage.setItem("verksam-screen-zoom", String(zoom));
  }
  document.querySelectorAll("[data-live-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var step = parseFloat(button.getAttribute("data-live-zoom"));
      zoom = Math.min(4, Math.max(1, Math.round((zoom + step * 0.25) * 100) / 100));
      apply();
    });
  });
  var full = document.getElementById("live-fullscreen");
  if (!document.fullscreenEnabled) full.hidden = true;
  full.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
  apply();
})();
