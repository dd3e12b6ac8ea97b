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

  // On a reader's first page, the colour scheme their system asks for. On later pages, the
  // theme's inline script above this one applies the scheme stored from the first (or the one
  // the reader chose); on the first there is none stored, and it is the theme's script that
  // picks the scheme matching the system, by the rule followed here. Without this, a reader
  // whose system is dark would see their first page flash light.
  if (typeof __md_get !== "function" || __md_get("__palette")) return;
  var options = document.querySelectorAll("input.md-option[name='__palette'][data-md-color-media]");
  for (var i = 0; i < options.length; i++) {
    if (matchMedia(options[i].getAttribute("data-md-color-media")).matches) {
      var option = options[i];
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        document.body.setAttribute("data-md-color-" + key, option.getAttribute("data-md-color-" + key));
      });
      return;
    }
  }
})();
