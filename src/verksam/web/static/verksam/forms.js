// Small behaviours of forms, from this file rather than inline attributes (the
// Content-Security-Policy allows no inline scripts, see docs/web.md).
// A range input with data-shows-value shows its value, with a " %" after it, in the next <output>.
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-shows-value")) return;
    var output = input.nextElementSibling;
    if (output && output.tagName === "OUTPUT") output.value = input.value + " %";
  });
})();
