/* The header menu on small screens: the links fold behind the "Menu" button (a disclosure with
   aria-expanded); without JavaScript, or on wide screens, the links are simply shown. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".menu-button");
    var nav = header && header.querySelector("#main-nav");
    if (!button || !nav) return;
    header.classList.add("has-menu");
    nav.setAttribute("data-open", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.setAttribute("data-open", open ? "true" : "false");
      if (open) { var first = nav.querySelector("a"); if (first) first.focus(); }
    });
  });
})();
