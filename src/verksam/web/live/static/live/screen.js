/* The full-screen workshop view: put the whole page (diagrams, figures, timer, parking lot) in full
 * screen for a projector. Each diagram zooms in the diagram viewer; live refreshing is live.js's. */
(function () {
  "use strict";
  var full = document.getElementById("live-fullscreen");
  if (!full || !document.fullscreenEnabled) return;
  full.hidden = false;
  full.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
})();
