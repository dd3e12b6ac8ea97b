// What the theme's script used to do before the page was first painted, and must still do
// before it now that the script runs after that paint (after_first_paint.js): otherwise the
// page would change under the reader's eyes a moment after it appears. The page template runs
// this right after the header, which holds the search box and the colour scheme switch.
(function () {
  "use strict";

  // The theme's stylesheet hides the search box and lets the sidebars run their full length
  // while the page has the class "no-js"; its script swaps the class as it starts. Scripts run
  // in this browser, so the page lays out from the start as it will be.
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  // The colour scheme, and the switch that offers the other one. On later pages, the theme's
  // inline script above this one applies the scheme stored from the first (or the one the reader
  // chose); on the first there is none stored, and it is the theme's script that picks the
  // scheme matching the system, by the rule followed here. Without this, a reader whose system
  // is dark would see their first page flash light, and the switch would appear only later.
  var options = document.querySelectorAll("input.md-option[name='__palette']");
  if (!options.length || typeof __md_get !== "function") return;
  var stored = __md_get("__palette");
  var index = stored && typeof stored.index === "number" ? stored.index
    : Array.prototype.findIndex.call(options, function (option) {
      return matchMedia(option.getAttribute("data-md-color-media")).matches;
    });
  var option = options[Math.max(0, Math.min(index, options.length - 1))];
  if (!stored) {
    ["media", "scheme", "primary", "accent"].forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, option.getAttribute("data-md-color-" + key));
    });
  }
  // Each option is followed by the button that switches away from it.
  if (option.nextElementSibling instanceof HTMLLabelElement) option.nextElementSibling.hidden = false;
})();
